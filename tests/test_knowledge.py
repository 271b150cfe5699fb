"""Knowledge base on disk: article format, validation with file:line errors, hashes, fact checking."""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from xbbot.errors import KnowledgeError
from xbbot.knowledge import (
    FactProblem,
    Knowledge,
    check_facts,
    dump_article,
    figures,
    load_article,
    load_articles,
    load_facts,
    load_knowledge,
)
from xbbot.models import Article, Fact, Milestone

REPO = Path(__file__).resolve().parents[1]
REAL_KNOWLEDGE = REPO / "knowledge"
REAL_FACTS = REAL_KNOWLEDGE / "facts.yaml"
SEED_ID = "20190816-xubao"
SEED_TITLE = "关中平原写下“徐宝一家亲” ——牵手3年,徐宝扶贫协作成效显著"

# A short stand-in for the seed article, with the figures the fixture facts cite.
BODY = textwrap.dedent(
    """\
    从2016年开始，徐州与宝鸡正式结对，开展扶贫协作。

    ## 3年扶贫协作

    2016年至今，累计落实帮扶资金1.845亿元，共实施80个项目，已为2万余名贫困群众增收2287万元。

    近年来，徐宝两市党政干部及企事业单位互访交流考察达4000余人次。今年，覆盖贫困人口约1.2万人。"""
)


def make_article(**changes) -> Article:
    base = Article(
        id=SEED_ID,
        title=SEED_TITLE,
        date=date(2019, 8, 16),
        source_url="http://www.86hh.com/news/yaowen/2019-08-16/437987.html",
        publisher="徐州日报",
        author="魏宁",
        body=BODY,
    )
    return replace(base, **changes)


FACTS = textwrap.dedent(
    f"""\
    - id: funds-total
      questions:
        - 徐州一共给了宝鸡多少帮扶资金？
        - How much aid money did Xuzhou give Baoji?
      answer: 2016年至2019年8月，累计落实帮扶资金1.845亿元。
      answer_en: From 2016 to August 2019, 184.5 million yuan.
      source: {SEED_ID}
      as_of: 2019-08-16
      tags: [funds]

    - id: exchanges-total
      questions: [互访交流有多少人次？, 'How many visits?']
      answer: 互访交流考察达4000余人次。
      source: {SEED_ID}
      as_of: 2019-08-16
    """
)


def write_kb(root: Path, facts: str | None = FACTS, articles: list[Article] | None = None) -> Path:
    (root / "articles").mkdir(parents=True, exist_ok=True)
    for article in articles if articles is not None else [make_article()]:
        (root / "articles" / f"{article.id}.md").write_text(dump_article(article), encoding="utf-8")
    if facts is not None:
        (root / "facts.yaml").write_text(facts, encoding="utf-8")
    return root


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    return write_kb(tmp_path / "knowledge")


# ---------------------------------------------------------------------------------------------
# The article file format


def test_dump_article_exact_format() -> None:
    text = dump_article(make_article(body="第一段。\n\n## 小标题\n\n第二段。\n\n"))
    assert text == (
        "---\n"
        f"id: {SEED_ID}\n"
        f"title: {SEED_TITLE}\n"
        "date: 2019-08-16\n"
        "source_url: http://www.86hh.com/news/yaowen/2019-08-16/437987.html\n"
        "publisher: 徐州日报\n"
        "author: 魏宁\n"
        "---\n"
        "\n"
        "第一段。\n\n## 小标题\n\n第二段。\n"
    )


def test_dump_article_omits_missing_author() -> None:
    text = dump_article(make_article(author=None))
    assert "author" not in text
    assert text.endswith(BODY + "\n") and not text.endswith("\n\n")


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"author": None},
        {"id": "20190816", "title": "yes"},  # would be read back as a number and a boolean if unquoted
        {"title": "徐宝: 一家亲 # 不是注释", "publisher": "null"},
        {"title": "x" * 300},  # long lines must not be folded
        {"body": "一段\n\n## 标题\n\n- 列表\n\n---\n\n分隔线之后"},  # a '---' inside the body stays body
    ],
)
def test_dump_load_round_trip(tmp_path: Path, changes: dict) -> None:
    article = make_article(**changes)
    path = tmp_path / f"{article.id}.md"
    path.write_text(dump_article(article), encoding="utf-8")
    assert load_article(path) == replace(article, path=str(path))


def test_load_article_accepts_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / f"{SEED_ID}.md"
    path.write_bytes(b"\xef\xbb\xbf" + dump_article(make_article()).replace("\n", "\r\n").encode())
    assert load_article(path).body == BODY


def test_load_articles_sorted_and_ignores_other_files(tmp_path: Path) -> None:
    root = write_kb(tmp_path, facts=None, articles=[make_article(id="b-2"), make_article(id="a-1")])
    (root / "articles" / "notes.txt").write_text("not an article")
    assert list(load_articles(root)) == ["a-1", "b-2"]


# ---------------------------------------------------------------------------------------------
# Loading a knowledge directory


def test_load_knowledge(kb_dir: Path) -> None:
    kb = load_knowledge(kb_dir)
    assert kb.root == kb_dir
    assert list(kb.articles) == [SEED_ID]
    funds, exchanges = kb.facts
    assert funds == Fact(
        id="funds-total",
        questions=("徐州一共给了宝鸡多少帮扶资金？", "How much aid money did Xuzhou give Baoji?"),
        answer="2016年至2019年8月，累计落实帮扶资金1.845亿元。",
        source=SEED_ID,
        as_of=date(2019, 8, 16),
        tags=("funds",),
        line=1,
        answer_en="From 2016 to August 2019, 184.5 million yuan.",
    )
    assert (exchanges.line, exchanges.answer_en, exchanges.tags) == (11, None, ())


def test_facts_file_is_optional(tmp_path: Path) -> None:
    assert load_knowledge(write_kb(tmp_path, facts=None)).facts == []


def test_empty_facts_file(tmp_path: Path) -> None:
    assert load_knowledge(write_kb(tmp_path, facts="# nothing yet\n")).facts == []


def test_missing_knowledge_dir(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(tmp_path / "nowhere")
    assert "nowhere" in str(err.value) and "XBBOT_KNOWLEDGE_DIR" in str(err.value)


def test_missing_articles_dir(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(tmp_path)
    assert str(tmp_path / "articles") in str(err.value) and "XBBOT_KNOWLEDGE_DIR" in str(err.value)


# ---------------------------------------------------------------------------------------------
# Broken inputs: each names the file and the line

GOOD_FACT = f"  questions: [问题？, 'A question?']\n  answer: 答案\n  source: {SEED_ID}\n  as_of: 2019-08-16\n"


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        pytest.param("- id: a\n" + GOOD_FACT + "- id: b\n  questions: [x\n  answer: y\n", 8, "while parsing a flow sequence started on line 7", id="yaml-syntax"),
        pytest.param("- id: a\n" + GOOD_FACT + "- id: b\n  questions: [x]\n  answer: y\n  as_of: 2019-08-16\n", 6, "missing required field 'source'", id="missing-field"),
        pytest.param("- id: a\n" + GOOD_FACT.replace("answer: 答案", "answer: ''"), 3, "'answer' is empty", id="empty-answer"),
        pytest.param("- id: a\n" + GOOD_FACT + "- id: a\n" + GOOD_FACT, 6, "duplicate fact id 'a' (lines 1 and 6)", id="duplicate-id"),
        pytest.param("- id: a\n" + GOOD_FACT.replace(SEED_ID, "no-such-article"), 4, f"known ids: {SEED_ID}", id="unknown-source"),
        pytest.param("- id: a\n" + GOOD_FACT.replace("2019-08-16", "2019-08"), 5, "'as_of' must be a date", id="bad-date"),
        pytest.param("- id: a\n" + GOOD_FACT.replace("2019-08-16", "2019-02-30"), 5, "day is out of range", id="impossible-date"),
        pytest.param("- id: a\n" + GOOD_FACT + "  answr_en: typo\n", 6, "allowed keys: id, questions, answer, answer_en", id="unknown-key"),
        pytest.param("- id: a\n" + GOOD_FACT.replace("[问题？, 'A question?']", "这不是列表"), 2, "'questions' must be a list", id="questions-not-list"),
        pytest.param("- id: a\n" + GOOD_FACT.replace("  questions: [问题？, 'A question?']", "  questions:\n    - 好问题\n    - ''"), 4, "questions[1] is empty", id="empty-question"),
        pytest.param("- id: a\n" + GOOD_FACT.replace("  questions: [问题？, 'A question?']", "  questions: []"), 2, "'questions' is empty", id="no-questions"),
        pytest.param("- id: a b\n" + GOOD_FACT, 1, "not a valid id", id="bad-id"),
        pytest.param("- id: a\n" + GOOD_FACT + "  id: b\n", 6, "key 'id' twice", id="duplicate-key"),
        pytest.param("id: a\n", 1, "must be a YAML list", id="not-a-list"),
    ],
)
def test_broken_facts(tmp_path: Path, text: str, line: int, needle: str) -> None:
    root = write_kb(tmp_path, facts=text)
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(root)
    assert err.value.line == line
    assert f"facts.yaml:{line}:" in str(err.value)
    assert needle in str(err.value)


FRONT = f"---\nid: {SEED_ID}\ntitle: 标题\ndate: 2019-08-16\nsource_url: http://example.com/a\npublisher: 徐州日报\n---\n\n正文。\n"


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        pytest.param("正文，没有元数据。\n", 1, "front matter missing", id="no-front-matter"),
        pytest.param(FRONT.replace("---\n\n", "\n"), 1, "not terminated", id="unterminated"),
        pytest.param(FRONT.replace("title: 标题", "title: [标题"), 4, "invalid YAML", id="yaml-syntax"),
        pytest.param(FRONT.replace("publisher: 徐州日报\n", ""), 1, "missing required field 'publisher'", id="missing-field"),
        pytest.param(FRONT.replace("title: 标题", "title: ''"), 3, "'title' is empty", id="empty-title"),
        pytest.param(FRONT.replace("date: 2019-08-16", "date: 16/08/2019"), 4, "'date' must be a date", id="bad-date"),
        pytest.param(FRONT.replace("publisher:", "tags: [a]\npublisher:"), 6, "allowed keys: id, title, date", id="unknown-key"),
        pytest.param(FRONT.replace(f"id: {SEED_ID}", "id: 20190817-other"), 2, "differs from the file name", id="id-mismatch"),
        pytest.param(FRONT.replace("\n正文。\n", "\n  \n"), 7, "body is empty", id="empty-body"),
    ],
)
def test_broken_articles(tmp_path: Path, text: str, line: int, needle: str) -> None:
    root = write_kb(tmp_path, facts=None, articles=[])
    (root / "articles" / f"{SEED_ID}.md").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(root)
    assert err.value.line == line
    assert f"{SEED_ID}.md:{line}:" in str(err.value)
    assert needle in str(err.value)


def test_invalid_article_id(tmp_path: Path) -> None:
    root = write_kb(tmp_path, facts=None, articles=[])
    (root / "articles" / "-bad.md").write_text(FRONT.replace(f"id: {SEED_ID}", "id: -bad"), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"-bad\.md:2: .*not a valid id"):
        load_knowledge(root)


def test_duplicate_article_id_differing_in_case(tmp_path: Path) -> None:
    root = write_kb(tmp_path, facts=None, articles=[make_article(id="Xubao"), make_article(id="xubao")])
    with pytest.raises(KnowledgeError, match=r"xubao\.md:2: duplicate article id 'xubao', already used by .*Xubao\.md"):
        load_knowledge(root)


def test_numeric_id_must_be_quoted(tmp_path: Path) -> None:
    root = write_kb(tmp_path, facts="- id: 2019\n" + GOOD_FACT)
    with pytest.raises(KnowledgeError, match=r"facts\.yaml:1: .*quote it"):
        load_knowledge(root)


# ---------------------------------------------------------------------------------------------
# Source notes, levels and milestones (another pair than the shipped knowledge: 扬州–榆林)

NOTE_ID = "20210310-yangyu-note"
NOTE = (
    "---\n"
    f"id: {NOTE_ID}\n"
    "title: 扬州榆林召开协作联席会议\n"
    "date: 2021-03-10\n"
    "source_url: http://example.com/yangyu.html\n"
    "publisher: 扬州日报\n"
    "kind: note\n"
    "level: province\n"
    "milestone:\n"
    "  date: 2021-03\n"
    "  text: 扬州榆林召开第一次联席会议\n"
    "  text_en: First joint meeting of Yangzhou and Yulin\n"
    "---\n"
    "\n"
    "摘要：两市签订协议，安排协作资金3.2亿元，实施45个项目。\n"
)


def write_note(root: Path, text: str = NOTE) -> Path:
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "articles" / f"{NOTE_ID}.md").write_text(text, encoding="utf-8")
    return root


def test_note_with_level_and_milestone_loads(tmp_path: Path) -> None:
    kb = load_knowledge(write_note(write_kb(tmp_path)))
    note, seed = kb.articles[NOTE_ID], kb.articles[SEED_ID]
    assert (note.kind, note.level) == ("note", "province")
    assert note.milestone == Milestone("2021-03", "扬州榆林召开第一次联席会议", "First joint meeting of Yangzhou and Yulin")
    assert (seed.kind, seed.level, seed.milestone) == ("article", None, None)


@pytest.mark.parametrize(
    ("written", "date_text", "key"),
    [
        ("2016", "2016", (2016, 0, 0)),  # YAML reads it as a number
        ("'2016'", "2016", (2016, 0, 0)),
        ("2016-05", "2016-05", (2016, 5, 0)),
        ("2016-05-20", "2016-05-20", (2016, 5, 20)),  # YAML reads it as a date
        ("'2016-05-20'", "2016-05-20", (2016, 5, 20)),
    ],
)
def test_milestone_dates(tmp_path: Path, written: str, date_text: str, key: tuple[int, int, int]) -> None:
    root = write_note(write_kb(tmp_path, facts=None), NOTE.replace("date: 2021-03\n", f"date: {written}\n"))
    milestone = load_knowledge(root).articles[NOTE_ID].milestone
    assert milestone is not None and (milestone.date, milestone.key) == (date_text, key)


def test_milestones_sort_year_before_month_before_day() -> None:
    dates = ["2017-01-02", "2016-05", "2017", "2016-05-20", "2016", "2016-12"]
    ordered = sorted((Milestone(d, "x") for d in dates), key=lambda m: m.key)
    assert [m.date for m in ordered] == ["2016", "2016-05", "2016-05-20", "2016-12", "2017", "2017-01-02"]


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "note"},
        {"kind": "note", "level": "county", "milestone": Milestone("2016", "两市结对")},
        {"level": "city", "milestone": Milestone("2016-05-20", "签约", "Signed")},
        {"milestone": Milestone("2018-11", "yes", "null")},  # would be read back as a boolean and None unquoted
    ],
)
def test_note_round_trip(tmp_path: Path, changes: dict) -> None:
    article = make_article(**changes)
    path = tmp_path / f"{article.id}.md"
    path.write_text(dump_article(article), encoding="utf-8")
    assert load_article(path) == replace(article, path=str(path))


def test_dump_article_leaves_defaults_unwritten() -> None:
    """An article without note fields is written as before, so its hash (and its vectors) stay."""
    text = dump_article(make_article())
    assert "kind" not in text and "level" not in text and "milestone" not in text
    assert "kind: note\nlevel: province\n" in dump_article(make_article(kind="note", level="province"))



@pytest.mark.parametrize(
    ("old", "new", "line", "needle"),
    [
        pytest.param("kind: note", "kind: summary", 7, "'kind' must be one of article, note, got 'summary'", id="bad-kind"),
        pytest.param("level: province", "level: national", 8, "'level' must be one of province, city, county", id="bad-level"),
        pytest.param("level: province", "level: 3", 8, "'level' must be text", id="level-number"),
        pytest.param("  date: 2021-03", "  date: 2021/03", 10, "YYYY, YYYY-MM or YYYY-MM-DD, got '2021/03'", id="bad-date"),
        pytest.param("  date: 2021-03", "  date: 2021-13", 10, "month must be in 1..12", id="bad-month"),
        pytest.param("  date: 2021-03", "  date: '2021-02-30'", 10, "day is out of range", id="bad-day"),
        pytest.param("  date: 2021-03", "  date: 21", 10, "YYYY, YYYY-MM or YYYY-MM-DD", id="short-year"),
        pytest.param("  date: 2021-03\n", "", 9, "milestone: missing required field 'date'", id="no-date"),
        pytest.param("  text: 扬州榆林召开第一次联席会议", "  text: ''", 11, "milestone: field 'text' is empty", id="empty-text"),
        pytest.param("  text_en: First", "  txt_en: First", 12, "allowed keys: date, text, text_en", id="unknown-key"),
        pytest.param(NOTE[NOTE.index("milestone:"):NOTE.index("---", 10)], "milestone: 2021-03\n", 9, "milestone must be a mapping", id="not-mapping"),
    ],
)
def test_broken_note_fields(tmp_path: Path, old: str, new: str, line: int, needle: str) -> None:
    assert old in NOTE
    root = write_note(write_kb(tmp_path, facts=None, articles=[]), NOTE.replace(old, new, 1))
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(root)
    assert f"{NOTE_ID}.md:{line}:" in str(err.value)
    assert needle in str(err.value)


def test_fact_milestone(tmp_path: Path) -> None:
    facts = FACTS.replace(
        "  tags: [funds]\n", "  tags: [funds]\n  milestone: {date: 2016, text: 两市开始结对}\n"
    )
    kb = load_knowledge(write_kb(tmp_path, facts=facts))
    assert kb.fact("funds-total").milestone == Milestone("2016", "两市开始结对")
    assert kb.fact("exchanges-total").milestone is None


@pytest.mark.parametrize(
    ("milestone", "line", "needle"),
    [
        ("  milestone: {text: 结对}\n", 6, "fact 'a': milestone: missing required field 'date'"),
        ("  milestone:\n    date: 2016\n    text: [结对]\n", 8, "fact 'a': milestone: field 'text' must be text"),
        ("  milestone: 2016\n", 6, "fact 'a': milestone must be a mapping"),
    ],
)
def test_broken_fact_milestone(tmp_path: Path, milestone: str, line: int, needle: str) -> None:
    root = write_kb(tmp_path, facts="- id: a\n" + GOOD_FACT + milestone)
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(root)
    assert f"facts.yaml:{line}:" in str(err.value)
    assert needle in str(err.value)


def test_milestone_changes_the_hashes(tmp_path: Path) -> None:
    kb = load_knowledge(write_note(write_kb(tmp_path / "a")))
    f = kb.fact("funds-total")
    marked = Knowledge(kb.root, kb.articles, [replace(f, milestone=Milestone("2016", "结对")), kb.facts[1]])
    assert marked.fact_hash(f.id) != kb.fact_hash(f.id)
    note = kb.articles[NOTE_ID]
    moved = Knowledge(kb.root, {**kb.articles, NOTE_ID: replace(note, milestone=replace(note.milestone, date="2021-04"))}, kb.facts)
    assert moved.article_hash(NOTE_ID) != kb.article_hash(NOTE_ID)
    assert moved.content_hash() != kb.content_hash()


def test_check_facts_verifies_facts_against_notes(tmp_path: Path) -> None:
    fact = (
        "- id: yangyu-funds\n  questions: [扬州给了榆林多少资金？]\n"
        f"  answer: 安排协作资金{{}}，实施45个项目。\n  source: {NOTE_ID}\n  as_of: 2021-03-10\n"
    )
    good = load_knowledge(write_note(write_kb(tmp_path / "good", facts=fact.format("3.2亿元"))))
    assert check_facts(good) == []
    bad = load_knowledge(write_note(write_kb(tmp_path / "bad", facts=fact.format("3.5亿元"))))
    (problem,) = check_facts(bad)
    assert (problem.fact_id, problem.figure, problem.article_id, problem.source_kind) == ("yangyu-funds", "3.5亿", NOTE_ID, "note")
    assert str(problem) == f"facts.yaml:1: fact 'yangyu-funds' says 3.5亿 but note {NOTE_ID} has no such figure"


# ---------------------------------------------------------------------------------------------
# Hashes


def test_hashes_follow_content(tmp_path: Path) -> None:
    kb = load_knowledge(write_kb(tmp_path / "a"))
    same = load_knowledge(write_kb(tmp_path / "b"))  # another directory, same content
    assert kb.content_hash() == same.content_hash()
    assert kb.article_hash(SEED_ID) == same.article_hash(SEED_ID)
    assert re.fullmatch(r"[0-9a-f]{64}", kb.fact_hash("funds-total"))

    edited = load_knowledge(write_kb(tmp_path / "c", articles=[make_article(body=BODY + "\n\n新段落。")]))
    assert edited.article_hash(SEED_ID) != kb.article_hash(SEED_ID)
    assert edited.content_hash() != kb.content_hash()

    f = kb.fact("funds-total")
    retagged = Knowledge(kb.root, kb.articles, [replace(f, tags=("other",), line=99), kb.facts[1]])
    assert retagged.fact_hash(f.id) == kb.fact_hash(f.id)  # tags and line do not affect search
    reworded = Knowledge(kb.root, kb.articles, [replace(f, answer_en="Changed."), kb.facts[1]])
    assert reworded.fact_hash(f.id) != kb.fact_hash(f.id)
    assert reworded.content_hash() != kb.content_hash()
    assert Knowledge(kb.root, kb.articles, kb.facts[::-1]).content_hash() == kb.content_hash()


# ---------------------------------------------------------------------------------------------
# Checking facts against their source


def test_figures_reads_chinese_and_english_units() -> None:
    assert figures("1.845亿元，18450万元") == [("1.845亿", Decimal("1.845E+8")), ("18450万", Decimal("1.845E+8"))]
    assert [v for _, v in figures("184.5 million yuan, 4,000 visits, 19 Billion, 12 thousand")] == [
        Decimal("1.845E+8"), Decimal("1.9E+10"), Decimal("1.2E+4"), Decimal("4E+3"),
    ]


def facts_with(tmp_path: Path, answer: str, answer_en: str = "") -> Knowledge:
    extra = f"  answer_en: {answer_en}\n" if answer_en else ""
    text = f"- id: funds-total\n  questions: [多少钱？, 'How much?']\n  answer: {answer}\n{extra}  source: {SEED_ID}\n  as_of: 2019-08-16\n"
    return load_knowledge(write_kb(tmp_path, facts="# comment line\n\n" + text))


def test_check_facts_accepts_the_fixture(kb_dir: Path) -> None:
    assert check_facts(load_knowledge(kb_dir)) == []


@pytest.mark.parametrize(
    ("answer", "answer_en"),
    [
        ("累计落实帮扶资金1.845亿元", "184.5 million yuan"),
        ("累计落实帮扶资金18450万元", "184,500,000 yuan"),
        ("2016年至2019年8月16日，2万余名群众增收2287万元", "more than 20,000 people, 22.87 million yuan"),
        ("约1.2万人，4000余人次", "about 12,000 people and 4 thousand visits"),
    ],
)
def test_check_facts_accepts_the_same_value_spelled_differently(tmp_path: Path, answer: str, answer_en: str) -> None:
    assert check_facts(facts_with(tmp_path, answer, answer_en)) == []


def test_check_facts_finds_a_planted_figure(tmp_path: Path) -> None:
    kb = facts_with(tmp_path, "累计落实帮扶资金1.9亿元，共80个项目", "1.9 billion yuan for 80 projects")
    problems = check_facts(kb)
    assert [p.figure for p in problems] == ["1.9亿", "1.9 billion"]
    assert str(problems[0]) == f"facts.yaml:3: fact 'funds-total' says 1.9亿 but article {SEED_ID} has no such figure"
    assert problems[0] == FactProblem("funds-total", kb.root / "facts.yaml", 3, "1.9亿", SEED_ID)


def test_check_facts_compares_units_not_just_digits(tmp_path: Path) -> None:
    # 80 is in the article, but as a count of projects, not as 80万.
    assert [p.figure for p in check_facts(facts_with(tmp_path, "资金80万元"))] == ["80万"]


# ---------------------------------------------------------------------------------------------
# The real knowledge base

# Every figure of the seed article, as the article writes it; each must be stated by some fact.
SEED_FIGURES = [
    "1.845亿", "80个", "2287万", "6900万", "18个", "6.15亿", "1.2万", "16个", "4000", "83批", "928",
    "171", "20名", "157", "72所", "33个", "190亿", "90万吨", "508", "273.9万", "360万",
]
RELATIVE_TIME = re.compile("今年|去年|至今|目前|近年来|当前|现在")


@pytest.fixture(scope="module")
def real_facts() -> list[Fact]:
    # The structure of facts.yaml does not depend on the articles' text: cite stand-ins.
    ids = {SEED_ID} | {p.stem for p in (REAL_KNOWLEDGE / "articles").glob("*.md")}
    return load_facts(REAL_FACTS, {i: make_article(id=i) for i in ids})


def test_real_facts_shape(real_facts: list[Fact]) -> None:
    assert len(real_facts) >= 35
    for f in real_facts:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", f.id), f.id
        assert 3 <= len(f.questions) <= 6, f.id
        assert any(not re.search(r"[\u4e00-\u9fff]", q) for q in f.questions), f"{f.id}: no English question"
        assert any(re.search(r"[\u4e00-\u9fff]", q) for q in f.questions), f"{f.id}: no Chinese question"
        assert f.answer_en, f"{f.id}: no answer_en"
        assert not RELATIVE_TIME.search(f.answer), f"{f.id}: relative time word in the answer"
        if f.source == SEED_ID:
            assert f.as_of in (date(2019, 8, 16), date(2018, 12, 31)), f.id


@pytest.mark.parametrize("figure", SEED_FIGURES)
def test_real_facts_cover_every_figure(real_facts: list[Fact], figure: str) -> None:
    assert any(figure in f.answer for f in real_facts), f"no fact states {figure}"


def test_real_donation_facts_are_dated_end_of_2018(real_facts: list[Fact]) -> None:
    donations = [f for f in real_facts if "273.9万" in f.answer or "360万" in f.answer]
    assert donations and all(f.as_of == date(2018, 12, 31) for f in donations)


@pytest.fixture(scope="module")
def real_kb() -> Knowledge:
    if not (REAL_KNOWLEDGE / "articles" / f"{SEED_ID}.md").is_file():
        pytest.skip(f"knowledge/articles/{SEED_ID}.md not ingested yet")
    return load_knowledge(REAL_KNOWLEDGE)


def test_real_knowledge_loads(real_kb: Knowledge) -> None:
    article = real_kb.articles[SEED_ID]
    assert (article.title, article.date, article.publisher) == (SEED_TITLE, date(2019, 8, 16), "徐州日报")
    assert article.body.startswith("同是历史文化名城")
    assert "免责声明" not in article.body
    assert {f.source for f in real_kb.facts} <= set(real_kb.articles)


def test_real_facts_have_no_problems(real_kb: Knowledge) -> None:
    problems = check_facts(real_kb)
    assert problems == [], "\n".join(map(str, problems))
