"""The retriever on the real knowledge base with the real encoder and real FAISS."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from xbbot.query import language
from xbbot.errors import IndexMismatchError, IndexMissingError
from xbbot.models import Answer
from xbbot.retriever import Retriever, Signals, Tuning, confidence_from, confidences, signal_columns


def test_search_returns_sourced_hits_best_first(retriever: Retriever) -> None:
    hits = retriever.search("累计落实了多少帮扶资金", k=5)
    assert len(hits) == 5
    assert "1.845亿元" in hits[0].text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    src = hits[0].source
    assert src.id == "20190816-xubao" and src.date == "2019-08-16"
    assert src.url.startswith("http://www.86hh.com/") and "徐宝一家亲" in src.title
    assert {h.kind for h in hits} <= {"passage", "fact"}


def test_answer_gives_the_figure_with_source(retriever: Retriever) -> None:
    ans = retriever.answer("累计落实了多少帮扶资金")
    assert ans.answered and "1.845亿元" in ans.text
    assert ans.source is not None and ans.source.date == "2019-08-16"
    assert 0.0 <= ans.confidence <= 1.0
    assert all("1.845亿元" not in q for q in ans.related)


@pytest.mark.parametrize(
    "question",
    ["今天徐州天气怎么样", "2022年世界杯冠军是哪个队", "杭州和恩施的扶贫协作投入了多少钱？", "What's the weather in London?"],
)
def test_out_of_scope_is_declined(retriever: Retriever, question: str) -> None:
    ans = retriever.answer(question)
    assert not ans.answered and ans.text == "" and ans.reason


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("累計落實了多少幫扶資金", "1.845亿"),  # traditional
        ("许州给宝机一共落实了多少帮付资金", "1.845亿"),  # homophone typos
        ("２０１９年安排了多少协作资金", "6900万"),  # full width, names the year of 今年
        ("How many schools in Baoji are paired with schools in Xuzhou?", "72"),
    ],
)
def test_variants_find_the_same_answer(retriever: Retriever, question: str, expected: str) -> None:
    ans = retriever.answer(question)
    assert ans.answered, ans
    assert expected in ans.text


def test_english_question_gets_english_fact_answer(retriever: Retriever) -> None:
    ans = retriever.answer("How much money did people in Xuzhou donate?")
    assert ans.answered and ans.lang == "en"
    assert "2.739 million" in ans.text or "273.9" in ans.text


def test_follow_up_uses_the_previous_question(retriever: Retriever) -> None:
    followed = retriever.answer("and the donated goods?", context=["How much cash did people in Xuzhou donate?"])
    assert followed.answered and "3.6 million" in followed.text
    alone = retriever.answer("and the donated goods?")
    assert alone.confidence < followed.confidence


def test_contrastive_follow_up_moves_on_from_the_previous_answer(retriever: Retriever) -> None:
    # 今年 after a running total asks for one year's figure: the newest year the sources give.
    ans = retriever.answer("那今年呢？", context=["徐宝协作累计落实了多少帮扶资金"])
    assert ans.answered and "1.845亿" not in ans.text


@pytest.mark.parametrize(
    "question",
    ["", "   \n\t", "😀😀😀", "\x00\x07\x1b[31m", "<script>alert(1)</script>", "<b>unclosed", "**粗体** _x_ [a](b)",
     "累计" * 5000, "徐州 Baoji 资金 💰 مرحبا שלום", "\u202e资金\u200b多少", None],
)
def test_hostile_input_never_raises(retriever: Retriever, question: object) -> None:
    ans = retriever.answer(question)  # type: ignore[arg-type]
    assert isinstance(ans, Answer)
    assert isinstance(retriever.search(question), list)  # type: ignore[arg-type]


def test_empty_question_says_so(retriever: Retriever) -> None:
    assert retriever.answer("  ").reason == "empty"


def test_sources_and_examples(retriever: Retriever) -> None:
    ids = [s.id for s in retriever.sources]
    assert "20190816-xubao" in ids and len(ids) == len(set(ids))
    zh, en = retriever.examples("zh", 4), retriever.examples("en", 4)
    assert len(zh) == 4 and len(en) == 4
    assert all(language(q) == "en" for q in en) and all(language(q) == "zh" for q in zh)


def test_loading_a_missing_index_without_knowledge_says_how(tmp_path: Path, e5) -> None:  # noqa: ANN001
    from xbbot.config import load_settings

    settings = load_settings(env={}, knowledge_dir=tmp_path / "none", index_dir=tmp_path / "idx")
    with pytest.raises(IndexMissingError, match="xbbot index"):
        Retriever.load(settings=settings, encoder=e5)


def test_stale_index_is_refused_with_the_fix(
    tmp_path: Path, kb_dir: Path, e5, retriever: Retriever, real_settings  # noqa: ANN001
) -> None:
    from xbbot.config import load_settings

    # Start from a copy of the session's index, built from the same knowledge.
    shutil.copytree(real_settings.index_dir, tmp_path / "idx")
    settings = load_settings(env={}, knowledge_dir=kb_dir, index_dir=tmp_path / "idx")
    Retriever.load(settings=settings, encoder=e5)
    facts = kb_dir / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("1.845亿元", "1.845亿元。", 1), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match=r"out of date.*xbbot index"):
        Retriever.load(settings=settings, encoder=e5)
    assert Retriever.load(settings=settings, encoder=e5, check_fresh=False).answer("累计落实了多少帮扶资金").answered
    fresh = Retriever.rebuild(settings, encoder=e5)
    assert fresh.answer("累计落实了多少帮扶资金").answered


def test_short_new_question_is_not_bent_into_a_follow_up(retriever: Retriever) -> None:
    ans = retriever.answer("捐款多少", context=["累计落实了多少帮扶资金"])
    assert "273.9万" in ans.text


def test_short_follow_up_about_the_same_topic(retriever: Retriever) -> None:
    ans = retriever.answer("总投资多少", context=["两地签了多少个产业项目"])
    assert "190亿" in ans.text


def test_out_of_scope_after_an_answered_question_is_still_declined(retriever: Retriever) -> None:
    ans = retriever.answer("今天徐州天气怎么样", context=["累计落实了多少帮扶资金"])
    assert not ans.answered


def test_english_question_about_other_places_is_declined(retriever: Retriever) -> None:
    ans = retriever.answer("How much did Dalian invest in Liupanshui's poverty alleviation projects?")
    assert not ans.answered
    assert retriever.answer("How much did Xuzhou invest in Baoji?").answered


@pytest.mark.parametrize(("question", "reason"), [("你好", "greeting"), ("thanks!", "greeting"),
                                                  ("2012年徐州给宝鸡安排了多少资金", "year_unavailable"), ("杭州和恩施的扶贫协作投入了多少钱", "out_of_scope"), ("  ", "empty")])
def test_abstentions_say_why(retriever: Retriever, question: str, reason: str) -> None:
    ans = retriever.answer(question)
    assert not ans.answered and ans.reason == reason


# Confidence from signals: one formula, for one answer and for many (the tuning script's form).

_SIGNS = [
    {"strong": 1}, {"nouns": 2}, {"others": 3}, {"latin": 2}, {"chitchat": True}, {"measure_mismatch": True},
    {"kind_mismatch": True}, {"entity_mismatch": 1}, {"year_unavailable": True}, {"year_mismatch": True},
    {"uncovered": 0.5}, {"level_mismatch": True}, {"decline": 0.95},
]


def test_confidence_is_the_rescaled_similarity_less_each_sign_of_not_answering() -> None:
    t = Tuning()
    clean = confidence_from(Signals(dense=0.9), t)
    assert clean == pytest.approx((0.9 - t.dense_floor) / (t.dense_ceiling - t.dense_floor))
    for sign in _SIGNS:
        assert confidence_from(Signals(dense=0.9, **sign), t) < clean, sign
    # English questions score lower against Chinese text: the floor is lowered for them.
    assert confidence_from(Signals(dense=0.9, english=True), t) > clean
    # A decline-bank question far less similar than the answer is no sign.
    assert confidence_from(Signals(dense=0.9, decline=0.7), t) == clean
    assert confidence_from(Signals(dense=0.99), t) == 1.0 and confidence_from(Signals(dense=0.5), t) == 0.0


def test_confidences_of_many_questions_are_each_ones_own() -> None:
    signals = [Signals(dense=0.78 + 0.01 * i, english=i % 3 == 0, **_SIGNS[i % len(_SIGNS)]) for i in range(40)]
    t = Tuning(noun_penalty=0.1, english_offset=0.1)
    many = confidences(signal_columns(signals), t)
    assert many.shape == (40,)
    assert [float(c) for c in many] == [confidence_from(s, t) for s in signals]
    assert list(confidences(signal_columns(signals[5:9]), t)) == list(many[5:9])


def test_passage_kinds_agree_with_has_kind_and_keep_each_answer_apart() -> None:
    # Kinds are worked out on first ask and kept per document: a later ask of the same or another
    # kind must give has_kind's answer, whatever was asked before.
    from xbbot.index import Doc
    from xbbot.kinds import KINDS, has_kind
    from xbbot.retriever import _ONE_PERIOD, PassageKinds

    texts = ["2020年以来，扬州向榆林投入帮扶资金3.2亿元。", "镇江市副市长王五表示，两地将继续深化合作。",
             "无锡与延安于2017年9月签约。", "会议在渭南举行。"]
    docs = [Doc(f"p{i}", "passage", t, "a") for i, t in enumerate(texts)]
    kinds = PassageKinds(docs)
    asks = [(d, k) for d in range(len(docs)) for k in (*KINDS, PassageKinds.ONE_PERIOD)]
    for d, k in asks + asks[::-1]:
        expected = bool(_ONE_PERIOD.search(texts[d])) if k == PassageKinds.ONE_PERIOD else has_kind(texts[d], k)
        assert kinds.has(d, k) is expected, (texts[d], k)
    assert {k for k in KINDS if kinds.has(0, k)} >= {"number"} and not kinds.has(3, "number")


def test_an_answer_naming_the_asked_titles_holder_is_more_confident() -> None:
    t = Tuning()
    assert confidence_from(Signals(dense=0.86, holder=True), t) == pytest.approx(
        confidence_from(Signals(dense=0.86), t) + t.holder_bonus)
    # …but no bonus lifts an answer past the signs that it is about something else.
    assert confidence_from(Signals(dense=0.86, holder=True, strong=2), t) < t.threshold
