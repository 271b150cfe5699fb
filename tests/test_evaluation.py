"""Retrieval quality on the eval sets: the targets of the README, asserted so they cannot regress."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Sequence

import pytest
import yaml

from xbbot.store import CONTEXT_SIZE
from xbbot.errors import XbbotError
from xbbot.evaluation import (
    Conversation,
    EvalQuestion,
    EvalReport,
    evaluate,
    load_conversations,
    load_eval_file,
    load_questions,
    run_conversation,
)
from xbbot.models import Answer, Hit, Source
from xbbot.retriever import Retriever
from xbbot.textnorm import normalize

EVAL = Path(__file__).parent / "eval"
MULTI = EVAL / "multi"
PAGES = Path(__file__).parent / "data" / "pages"


@pytest.fixture(scope="module")
def dev(retriever: Retriever) -> EvalReport:
    return evaluate(retriever, load_questions(EVAL / "questions.yaml"))


def test_dev_set_is_big_and_varied() -> None:
    qs = load_questions(EVAL / "questions.yaml")
    kinds = {q.kind for q in qs}
    assert sum(q.in_scope for q in qs) >= 80 and sum(not q.in_scope for q in qs) >= 15
    assert {"english", "traditional", "typo", "colloquial", "followup", "year", "out_of_scope"} <= kinds


def test_dev_set_meets_targets(dev: EvalReport) -> None:
    s = dev.summary()
    misses = "\n".join(f"{r.question.q} rank={r.rank} answered={r.answered}" for r in dev.misses())
    assert s["in_scope"]["hit@1"] >= 0.95, misses
    assert s["in_scope"]["hit@3"] == 1.0, misses
    assert s["in_scope"]["false_abstention"] <= 0.03, misses
    assert s["out_of_scope"]["abstention"] >= 0.95, misses


@pytest.mark.parametrize("name", ["holdout.yaml", "holdout2.yaml", "holdout3.yaml", "holdout4.yaml", "holdout5.yaml",
                                  "holdout6.yaml", "holdout7.yaml", "holdout8.yaml", "holdout9.yaml", "holdout10.yaml",
                                  "holdout11.yaml", "holdout12.yaml", "holdout13.yaml", "holdout14.yaml",
                                  "holdout15.yaml", "holdout16.yaml", "holdout17.yaml", "calibration.yaml"])
def test_other_sets_do_not_regress(retriever: Retriever, name: str) -> None:
    """Floors a little below today's figures (README, "Quality"); holdout.yaml, holdout2.yaml,
    holdout3.yaml and holdout4.yaml are dev since 2026-11-30, holdout5.yaml and holdout6.yaml since 2026-12-01,
    holdout7.yaml since stop 17, holdout8.yaml since stop 18, holdout9.yaml since stop 19,
    holdout10.yaml since stop 20, holdout11.yaml since stop 21, holdout12.yaml since stop 22,
    holdout13.yaml since stop 23, holdout14.yaml since stop 24, holdout15.yaml since stop 25,
    holdout16.yaml since stop 26, holdout17.yaml since stop 27.

    They were written for the first article alone; the source notes added since make some of
    their out-of-scope questions partly answerable, hence lower floors than in the first stop.
    """
    s = evaluate(retriever, load_questions(EVAL / name)).summary()
    assert s["in_scope"]["hit@1"] >= 0.75
    assert s["in_scope"]["hit@3"] >= 0.90
    assert s["in_scope"]["false_abstention"] <= 0.18
    assert s["out_of_scope"]["abstention"] >= 0.75


def test_near_misses_about_the_first_article_are_declined(retriever: Retriever) -> None:
    near = load_questions(EVAL / "first_nearmiss.yaml")  # all rows: dev since first_nearmiss2.yaml
    s = evaluate(retriever, near).summary()
    assert s["out_of_scope"]["abstention"] >= 0.90, "\n".join(r.question.q for r in evaluate(retriever, near).misses())


# -- the multi-article knowledge base: articles nobody wrote facts for ------------------------

MULTI = EVAL / "multi"


@pytest.fixture(scope="module")
def multi_retriever(tmp_path_factory: pytest.TempPathFactory, e5) -> Retriever:  # noqa: ANN001
    from xbbot.config import load_settings

    settings = load_settings(env={}, knowledge_dir=MULTI / "knowledge", index_dir=tmp_path_factory.mktemp("multi"))
    return Retriever.load(settings=settings, encoder=e5)


def _multi(retriever: Retriever, split: str) -> EvalReport:
    from xbbot.evaluation import load_conversations

    return evaluate(retriever, load_questions(MULTI / f"{split}.yaml"),
                    conversations=load_conversations(MULTI / f"{split}_conversations.yaml"))


def test_multi_article_dev_set_meets_its_floors(multi_retriever: Retriever) -> None:
    """Floors just under today's dev figures (issue 7's goals are higher; see README)."""
    report = _multi(multi_retriever, "dev")
    s = report.summary()
    misses = "\n".join(f"{r.question.q} rank={r.rank} answered={r.answered}" for r in report.misses())
    assert s["in_scope"]["right_first"] >= 0.88, misses
    # (0.96 since holdout8's 4 articles joined as distractors on 2026-12-01, on the code of that morning.)
    assert s["in_scope"]["hit@3"] >= 0.95, misses
    assert s["in_scope"]["false_abstention"] <= 0.05, misses
    assert s["by_kind"]["near_miss"]["abstention"] >= 0.88, misses
    assert s["conversations"]["turns_right"] >= 0.90, misses


# holdout6, retired to dev on the night of 2026-11-30: (right first, near misses declined, turns right).
HOLDOUT6_RETIRED = (0.74, 0.78, 0.78)


@pytest.mark.parametrize(("split", "right_first", "near_misses", "turns", "hit3"), [
    ("holdout", 0.86, 0.90, 0.85, 0.91),
    ("holdout3", 0.90, 0.73, 0.85, 0.91),  # 0.919 with 36 articles, on this stop's starting code too
    ("holdout4", 0.85, None, 0.70, 0.91),
    ("holdout5", 0.70, 0.75, 0.75, 0.91),
    ("holdout6", HOLDOUT6_RETIRED[0], HOLDOUT6_RETIRED[1], HOLDOUT6_RETIRED[2], 0.91),
    ("holdout7", 0.80, 0.78, 0.84, 0.91),
    ("holdout8", 0.90, 0.94, 0.92, 0.91),
    ("holdout9", 0.86, 0.90, 0.86, 0.91),
    ("holdout10", 0.84, 0.90, 0.94, 0.91),
    ("holdout11", 0.88, 0.80, 0.84, 0.91),
    ("holdout12", 0.73, 0.87, 0.75, 0.81),  # its page forms are the hardest: hit@3 0.84 at stop 20
    ("holdout13", 0.81, 0.80, 0.75, 0.93),
    ("holdout14", 0.83, 0.77, 0.78, 0.95),
    ("holdout15", 0.79, 0.70, 0.75, 0.88),
    ("holdout16", 0.83, 0.90, 0.75, 0.90),
    ("holdout17", 0.83, 0.86, 0.78, 0.89),
    ("holdout18", 0.68, 0.90, 0.81, 0.85),  # tables and notices: 0.64 on arrival at stop 25
    ("holdout19", 0.75, 0.93, 0.83, 0.93),
    ("holdout20", 0.77, 0.80, 0.83, 0.87),  # a diary, a travel leaflet, a TV script, a proposal's reply
])
def test_retired_multi_article_holdouts_meet_their_floors(multi_retriever: Retriever, split: str, right_first: float,
                                                          near_misses: float | None, turns: float, hit3: float) -> None:
    """The holdouts retired to dev on 2026-11-30 (holdout5 that evening, holdout6 that night) and
    on 2026-12-01 (holdout7 in the morning, holdout8 at stop 16, holdout9 at stop 17, holdout10 at
    stop 18, holdout11 at stop 19, holdout12 at stop 20, holdout13 at stop 21, holdout14 at stop 22, holdout15 at stop 23, holdout16 at stop 24, holdout17 at stop 25, holdout18 at stop 26, holdout19 at stop 27, holdout20 at stop 28): floors just under
    their figures."""
    report = _multi(multi_retriever, split)
    s = report.summary()
    misses = "\n".join(f"{r.question.q} rank={r.rank} answered={r.answered}" for r in report.misses())
    assert s["in_scope"]["right_first"] >= right_first, misses
    # (76 articles now: up to 48 more distractors than when these were written; holdout5's is 0.92.)
    assert s["in_scope"]["hit@3"] >= hit3, misses
    if near_misses is not None:
        assert s["by_kind"]["near_miss"]["abstention"] >= near_misses, misses
    assert s["conversations"]["turns_right"] >= turns, misses


def test_the_retired_shipped_holdout18_meets_its_floors(retriever: Retriever) -> None:
    """Shipped holdout18 + first_nearmiss18 + conversations18, the blind holdout of stop 27, retired
    to dev at stop 28: its in-scope declines (0.12) stay above the other retired sets' floor, so it
    has floors of its own, just under its figures."""
    from xbbot.evaluation import load_conversations

    report = evaluate(retriever, load_questions(EVAL / "holdout18.yaml") + load_questions(EVAL / "first_nearmiss18.yaml"),
                      conversations=load_conversations(EVAL / "conversations18.yaml"))
    s = report.summary()
    misses = "\n".join(f"{r.question.q} rank={r.rank} answered={r.answered}" for r in report.misses())
    assert s["in_scope"]["right_first"] >= 0.72 and s["in_scope"]["hit@3"] >= 0.93, misses
    assert s["by_kind"]["near_miss"]["abstention"] >= 0.82, misses
    assert s["conversations"]["turns_right"] >= 0.85, misses


def test_multi_article_dev3_meets_its_floors(multi_retriever: Retriever) -> None:
    """dev3 is over the six articles added on 2026-11-30: floors just under today's figures."""
    report = _multi(multi_retriever, "dev3")
    s = report.summary()
    misses = "\n".join(f"{r.question.q} rank={r.rank} answered={r.answered}" for r in report.misses())
    assert s["in_scope"]["right_first"] >= 0.92, misses
    assert s["in_scope"]["false_abstention"] <= 0.04, misses
    assert s["by_kind"]["near_miss"]["abstention"] >= 0.86, misses
    assert s["conversations"]["turns_right"] >= 0.90, misses


def test_blind_holdouts_do_not_regress(retriever: Retriever, multi_retriever: Retriever) -> None:
    """The blind holdouts written at stop 28 on 2026-12-02 (shipped holdout19 + first_nearmiss19 +
    conversations19; multi holdout21 over 4 new articles in new page forms): run, never tuned on;
    floors under their figures only, and no misses printed."""
    from xbbot.evaluation import load_conversations

    multi = _multi(multi_retriever, "holdout21").summary()
    assert multi["in_scope"]["right_first"] >= MULTI21_FLOORS[0] and multi["in_scope"]["hit@3"] >= MULTI21_FLOORS[3]
    assert multi["by_kind"]["near_miss"]["abstention"] >= MULTI21_FLOORS[1]
    assert multi["conversations"]["turns_right"] >= MULTI21_FLOORS[2]
    shipped = evaluate(retriever, load_questions(EVAL / "holdout19.yaml") + load_questions(EVAL / "first_nearmiss19.yaml"),
                       conversations=load_conversations(EVAL / "conversations19.yaml")).summary()
    assert shipped["in_scope"]["right_first"] >= SHIPPED19_FLOORS[0] and shipped["in_scope"]["hit@3"] >= SHIPPED19_FLOORS[3]
    assert shipped["by_kind"]["near_miss"]["abstention"] >= SHIPPED19_FLOORS[1]
    assert shipped["conversations"]["turns_right"] >= SHIPPED19_FLOORS[2]


# (right first, near misses declined, turns right, hit@3): a little under the figures in README, "Quality".
# holdout21's right first answer (0.63) and turns (0.62) and the shipped holdout19's turns (0.78)
# are their weak points.
MULTI21_FLOORS = (0.60, 0.87, 0.59, 0.85)
SHIPPED19_FLOORS = (0.79, 0.92, 0.75, 0.92)


def test_every_kind_is_reported(dev: EvalReport) -> None:
    by_kind = dev.summary()["by_kind"]
    assert "abstention" in by_kind["out_of_scope"] and "hit@1" in by_kind["figure"]


@pytest.mark.parametrize(
    ("content", "message"),
    [("- {kind: figure}\n", "needs a question"), ("- {q: x, kind: figure}\n", "has no `expect`"),
     ("a: b\n", "YAML list"), ("- [unclosed\n", "invalid YAML"),
     ("- {q: x, kind: near_miss, expect: [y]}\n", "must have an empty `expect`"),
     ("- {name: c, turns: [{q: x, expect: [y]}]}\n", "holds conversations")],
)
def test_bad_question_sets_are_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "qs.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(XbbotError, match=message):
        load_questions(path)


# -- conversations (plumbing, with a scripted retriever) -------------------------------------------


class ScriptedRetriever:
    """Answers from a script {question: (answered, top hit text[, reason declined])} and records each
    call's context."""

    def __init__(self, script: dict[str, tuple[bool, str] | tuple[bool, str, str]]) -> None:
        self.script = script
        self.calls: list[tuple[str, tuple[str, ...]]] = []

    def answer(self, question: str, context: Sequence[str] = (), k: int = 5) -> Answer:
        self.calls.append((question, tuple(context)))
        answered, text, *why = self.script[question]
        source = Source(id="a", title="t", date="2024-01-01", url="u")
        hits = [Hit(id="a#1", kind="passage", text=text, score=1.0, source=source),
                Hit(id="a#2", kind="passage", text="无关的句子", score=0.5, source=source)]
        return Answer(question=question, answered=answered, text=text if answered else "", confidence=0.5,
                      hits=hits, reason=why[0] if why else "")


def turn(q: str, *expect: str, kind: str = "turn") -> EvalQuestion:
    return EvalQuestion(q, kind, tuple(expect))


def test_a_turn_remembers_only_answered_questions() -> None:
    """A greeting or a declined turn in between leaves the chain to the last answered question."""
    bot = ScriptedRetriever({"资金多少": (True, "资金2.76亿元"), "你好": (False, "资金2.76亿元"),
                             "天气如何": (False, "无关"), "那2021年呢": (True, "资金2.15亿元")})
    conv = Conversation("c", (turn("资金多少", "2.76亿元"), turn("你好", kind="greeting"),
                              turn("天气如何", kind="out_of_scope"), turn("那2021年呢", "2.15亿元")))
    result = run_conversation(bot, conv)
    assert [c for _, c in bot.calls] == [(), ("资金多少",), ("资金多少",), ("资金多少",)]
    assert [t.question.context for t in result.turns][-1] == ("资金多少",)
    assert all(t.right for t in result.turns) and result.right


def test_a_turn_declined_for_lacking_what_was_asked_stays_the_context() -> None:
    """他 after a declined 担任什么职务 is still the person asked about; an off-topic or a low-confidence
    turn in between leaves the chain as it was."""
    bot = ScriptedRetriever({"方立新在枫岭县担任什么职务": (False, "方立新到枫岭县挂职", "not_answered"),
                             "天气如何": (False, "无关", "out_of_scope"), "随便问问": (False, "无关", "low_confidence"),
                             "他去枫岭县多久了": (True, "方立新去年到枫岭县挂职")})
    conv = Conversation("c", (turn("方立新在枫岭县担任什么职务", kind="near_miss"), turn("天气如何", kind="out_of_scope"),
                              turn("随便问问", kind="out_of_scope"), turn("他去枫岭县多久了", "去年")))
    run_conversation(bot, conv)
    assert [c for _, c in bot.calls] == [(), ("方立新在枫岭县担任什么职务",), ("方立新在枫岭县担任什么职务",),
                                         ("方立新在枫岭县担任什么职务",)]


def test_a_turn_remembers_the_person_its_answer_named() -> None:
    """他 in the next turn is the person the answer named: the evaluator remembers what the bot does."""
    class Naming(ScriptedRetriever):
        def answer(self, question: str, context: Sequence[str] = (), k: int = 5) -> Answer:
            ans = super().answer(question, context, k)
            return replace(ans, named="方立新") if question == "挂职副县长是谁" else ans

    bot = Naming({"挂职副县长是谁": (True, "副县长方立新"), "他去了多久": (True, "方立新去年到枫岭县")})
    run_conversation(bot, Conversation("c", (turn("挂职副县长是谁", "方立新"), turn("他去了多久", "去年"))))
    assert bot.calls[-1][1] == ("挂职副县长是谁 〔方立新〕",)


def test_context_is_bounded_like_the_bot() -> None:
    qs = [f"问题{i}" for i in range(CONTEXT_SIZE + 2)]
    bot = ScriptedRetriever({q: (True, "x") for q in qs})
    run_conversation(bot, Conversation("c", tuple(turn(q, "x") for q in qs)))
    assert bot.calls[-1][1] == tuple(qs[-1 - CONTEXT_SIZE:-1])


def test_turns_right_needs_an_answer_with_a_right_top_hit_or_a_decline() -> None:
    bot = ScriptedRetriever({"甲": (True, "甲的答案"), "乙": (False, "乙的答案"), "丙": (True, "无关"),
                             "天气": (True, "甲的答案"), "价格": (False, "甲的答案")})
    convs = [Conversation("answered-wrong-top", (turn("甲", "甲的答案"), turn("丙", "丙的答案"))),
             Conversation("declined-in-scope", (turn("乙", "乙的答案"),)),
             Conversation("off-topic-answered", (turn("甲", "甲的答案"), turn("天气", kind="out_of_scope"))),
             Conversation("near-miss-declined", (turn("价格", kind="near_miss"),))]
    report = evaluate(bot, [], conversations=convs)
    c = report.summary()["conversations"]
    assert c["n"] == 4 and c["turns"] == 6
    assert c["turns_right"] == pytest.approx(3 / 6)  # 甲 twice and the declined near miss
    assert c["in_scope_turns_right"] == pytest.approx(2 / 4)
    assert c["decline_turns_right"] == pytest.approx(1 / 2)
    assert c["all_turns_right"] == pytest.approx(1 / 4)
    assert [(name, i) for name, i, _ in report.conversation_misses()] == [
        ("answered-wrong-top", 2), ("declined-in-scope", 1), ("off-topic-answered", 2)]


def test_per_kind_metrics_report_right_first_answers_and_near_miss_declines() -> None:
    bot = ScriptedRetriever({"a": (True, "a答"), "b": (False, "b答"), "c": (True, "x"), "d": (False, "x"),
                             "e": (True, "x")})
    qs = [turn("a", "a答", kind="figure"), turn("b", "b答", kind="figure"), turn("c", "c答", kind="figure"),
          turn("d", kind="near_miss"), turn("e", kind="near_miss")]
    s = evaluate(bot, qs).summary()
    figure = s["by_kind"]["figure"]
    assert figure["hit@1"] == pytest.approx(2 / 3)  # b's top hit is right, but it was declined
    assert figure["right_first"] == pytest.approx(1 / 3)
    assert figure["false_abstention"] == pytest.approx(1 / 3)
    assert s["by_kind"]["near_miss"] == {"n": 2, "abstention": 0.5}
    assert s["out_of_scope"]["n"] == 2 and s["conversations"] == {}


def test_conversation_files_are_told_apart(tmp_path: Path) -> None:
    path = tmp_path / "conv.yaml"
    path.write_text("- name: c\n  turns:\n    - {q: 资金多少, expect: [2.76亿元]}\n    - {q: 你好, kind: greeting}\n"
                    "    - {q: 天气如何}\n", encoding="utf-8")
    questions, conversations = load_eval_file(path)
    assert questions == [] and [t.kind for t in conversations[0].turns] == ["turn", "greeting", "out_of_scope"]
    assert [t.in_scope for t in conversations[0].turns] == [True, False, False]


@pytest.mark.parametrize(
    ("content", "message"),
    [("- {name: c}\n", "needs a list of `turns`"),
     ("- {name: c, turns: [{q: x, kind: greeting, expect: [y]}]}\n", "must have an empty `expect`"),
     ("- {name: c, turns: [{kind: turn, expect: [y]}]}\n", "'c' turn 1 needs a question")],
)
def test_bad_conversation_sets_are_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "conv.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(XbbotError, match=message):
        load_conversations(path)


# -- the multi-article corpus (tests/eval/multi, tests/data/pages) ---------------------------------


def _multi_articles() -> dict[str, str]:
    return {p.stem: normalize(p.read_text(encoding="utf-8")) for p in (MULTI / "knowledge" / "articles").glob("*.md")}


def test_multi_sets_are_big_varied_and_answerable_from_their_articles() -> None:
    articles = _multi_articles()
    singles = load_questions(MULTI / "dev.yaml") + load_questions(MULTI / "holdout.yaml")
    convs = load_conversations(MULTI / "dev_conversations.yaml") + load_conversations(MULTI / "holdout_conversations.yaml")
    kinds = Counter(q.kind for q in singles)
    assert len(singles) >= 130 and len(convs) >= 22 and all(2 <= len(c.turns) <= 3 for c in convs)
    assert kinds["near_miss"] >= 45 and kinds["english"] >= 12 and kinds["traditional"] >= 8
    assert kinds["latest"] >= 8 and kinds["year"] >= 10
    for q in singles + [t for c in convs for t in c.turns]:
        for e in q.expect:
            assert any(normalize(e) in text for text in articles.values()), (q.q, e)


def test_dev_and_holdout_do_not_share_questions() -> None:
    """Complete questions are never in both (short follow-ups such as 那2021年呢 may be)."""
    dev = {q.q for q in load_questions(MULTI / "dev.yaml")}
    dev |= {c.turns[0].q for c in load_conversations(MULTI / "dev_conversations.yaml")}
    held = {q.q for q in load_questions(MULTI / "holdout.yaml")}
    held |= {c.turns[0].q for c in load_conversations(MULTI / "holdout_conversations.yaml")}
    assert not dev & held


@pytest.mark.parametrize("expect", sorted(PAGES.glob("*.expect.yaml")), ids=lambda p: p.name.split(".")[0])
def test_each_page_holds_its_clean_article(expect: Path) -> None:
    """The fixture pages' kept lines are in the page and in its clean article; dropped ones only in the page."""
    spec = yaml.safe_load(expect.read_text(encoding="utf-8"))
    page = next(p for p in PAGES.glob(expect.name.replace(".expect.yaml", ".*")) if not p.name.endswith(".yaml"))
    text = page.read_text(encoding="utf-8")
    article = (MULTI / "knowledge" / "articles" / f"{spec['article']}.md").read_text(encoding="utf-8")
    body = article.split("---", 2)[2]
    assert spec["format"] == ("html" if page.suffix == ".html" else "text")
    assert 4 <= len(spec["kept"]) <= 8 and 5 <= len(spec["dropped"]) <= 10
    assert all(k in text and k in body for k in spec["kept"])
    assert all(d in text and d not in body for d in spec["dropped"])
    assert f"title: {spec['title']}" in article
    assert spec["date"] is None or f"date: {spec['date']}" in article


def test_an_answer_about_the_report_is_judged_by_the_reports_front_matter() -> None:
    from xbbot.evaluation import EvalQuestion, judge
    from xbbot.models import Answer, Hit, Source

    src = Source(id="a", title="枫岭冷库投用", date="2023-05-10", url="http://example.com/a", publisher="杏峪日报", author="周红")
    hit = Hit("a#0", "passage", "枫岭县冷库投用，可储存苹果2400吨。", 1.0, src)
    question = EvalQuestion(q="这篇报道是哪天发的", kind="date", expect=("2023年5月10日",))
    told = Answer(question=question.q, answered=True, text="…发表于2023-05-10。", confidence=0.5, hits=[hit], about_report=True)
    quoted = Answer(question=question.q, answered=True, text="枫岭县冷库投用…", confidence=0.9, hits=[hit])
    assert judge(question, told).rank == 1
    assert judge(question, quoted).rank is None  # the passage's text does not give the date


def test_the_top_hit_is_judged_with_what_the_answer_quotes_from_it() -> None:
    from xbbot.evaluation import EvalQuestion, judge
    from xbbot.models import Answer, Hit, Source

    src = Source(id="a", title="枫岭冷库", date="2023-05-10", url="http://example.com/a", publisher="杏峪日报")
    hit = Hit("a#3", "passage", "为什么建在山上？局长说，山下电费高；", 1.0, src)
    question = EvalQuestion(q="冷库为什么建在山上", kind="why_how", expect=("气温低",))
    # The reason goes on in the next passage, and the answer quotes it whole.
    said = "为什么建在山上？局长说，山下电费高；山上气温低。"
    quoted = Answer(question=question.q, answered=True, text=said, confidence=0.9, hits=[hit], quote=said)
    assert judge(question, quoted).rank == 1
    declined = Answer(question=question.q, answered=False, text="", confidence=0.2, hits=[hit])
    assert judge(question, declined).rank is None  # nothing quoted: the passage alone is judged
