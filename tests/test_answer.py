"""answer: the plain-text rendering of answers from articles, notes and province-level sources."""

from __future__ import annotations

import pytest

from xbbot.answer import best_sentence, dated_source_line, level_label, render_text
from xbbot.kinds import asked_kinds, asked_measure, roles
from xbbot.models import Answer, Hit, Source
from xbbot.query import Query
from xbbot.scope import ScopeCheck
from xbbot.textnorm import normalize

ARTICLE = Source("a", "扬州榆林结对帮扶启动", "2017-04-05", "http://example.com/a", "扬州日报")
NOTE = Source("n", "苏陕协作成效发布", "2023-01-20", "http://example.com/n", "陕西日报", "note", "province")


def answered(text: str, passage: str, source: Source, lang: str = "zh", kind: str = "passage") -> Answer:
    hit = Hit("h", kind, passage, 0.9, source)  # type: ignore[arg-type]
    return Answer("q", True, text, 0.9, [hit], [], "", lang)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("source", "lang", "label", "not_label"),
    [
        (ARTICLE, "zh", "原文：", "摘要："),
        (ARTICLE, "en", "Excerpt: ", "Summary: "),
        (NOTE, "zh", "摘要：", "原文："),
        (NOTE, "en", "Summary: ", "Excerpt: "),
    ],
)
def test_a_notes_passage_is_a_summary_an_articles_is_an_excerpt(source: Source, lang: str, label: str, not_label: str) -> None:
    text = render_text(answered("投入资金33.6亿元。", "2022年，两省共投入资金33.6亿元，实施项目1500多个。", source, lang))
    assert label + "2022年，两省共投入资金33.6亿元" in text and not_label not in text


def test_the_source_line_cites_the_original_report() -> None:
    zh = dated_source_line(answered("x", "y", NOTE))
    assert zh == "来源：《苏陕协作成效发布》（陕西日报，2023-01-20）http://example.com/n"
    en = dated_source_line(answered("x", "y", NOTE, "en"))
    assert en == "Source: 苏陕协作成效发布 (陕西日报, 2023-01-20) http://example.com/n"
    assert dated_source_line(answered("x", "y", Source("b", "无出版者", "2020-01-01", "http://e.com"))) == (
        "来源：《无出版者》（2020-01-01）http://e.com"
    )


@pytest.mark.parametrize(
    ("source", "lang", "first_line"),
    [
        (NOTE, "zh", "两省投入资金33.6亿元。（省级数据）"),
        (NOTE, "en", "两省投入资金33.6亿元。 (province-level figure)"),
        (ARTICLE, "zh", "两省投入资金33.6亿元。"),
        (Source("c", "县里", "2020-01-01", "", level="county"), "zh", "两省投入资金33.6亿元。"),
    ],
)
def test_province_level_answers_are_labelled(source: Source, lang: str, first_line: str) -> None:
    text = render_text(answered("两省投入资金33.6亿元。", "两省投入资金33.6亿元。", source, lang, kind="fact"))
    assert text.splitlines()[0] == first_line


def test_level_label_without_source() -> None:
    assert level_label(None, "zh") == "" and level_label(NOTE, "en") == "(province-level figure)"


def asked(question: str) -> Query:
    """`question` read with what best_sentence looks at (no knowledge base needed)."""
    text = normalize(question)
    return Query(question, text, "zh", "simplified", asked_kinds(text), asked_measure(text), (), None, False, False,
                 ScopeCheck(), roles=roles(text))


REPORT = ("枫岭县为什么要把冷库建在山上？县农业局局长王德明解释，山上气温低，储存苹果可以少用电。"
          "去年冷库储存苹果3000吨。镇江市驻村工作队队长李晓东表示，明年还要再建一座。")


def test_a_reports_own_question_is_answered_with_the_sentence_after_it() -> None:
    assert best_sentence(asked("为什么把冷库建在山上"), REPORT) == (
        "枫岭县为什么要把冷库建在山上？县农业局局长王德明解释，山上气温低，储存苹果可以少用电。"
    )
    # Sentences after a statement stay apart.
    assert best_sentence(asked("冷库储存了多少吨苹果"), REPORT) == "去年冷库储存苹果3000吨。"


def test_a_who_question_on_a_title_picks_the_sentence_naming_its_holder() -> None:
    # The first unit shares more words with the question, and names a person too, but not the 队长.
    assert best_sentence(asked("储存苹果的队长是谁"), REPORT) == "镇江市驻村工作队队长李晓东表示，明年还要再建一座。"


def test_a_why_question_takes_the_sentence_giving_a_reason_over_one_sharing_more_words() -> None:
    passage = "枫岭县在山上建了冷库，山上的冷库储存苹果3000吨。之所以建在山上，是因为那里气温低、用电少。"
    assert best_sentence(asked("枫岭县为什么在山上建冷库"), passage) == "之所以建在山上，是因为那里气温低、用电少。"


def test_a_reason_goes_on_past_its_clause_and_its_quote() -> None:
    # The question line and the first clause share the most words; the reason goes on after ；.
    passage = ("为什么把冷库建在杏岭镇？枫岭果业董事长周明说，山下的冷库电费越来越高；杏岭镇海拔高、气温低，"
               "建在这里每年能省电费四成。")
    quote = best_sentence(asked("枫岭果业为什么把冷库建在杏岭镇"), passage)
    assert quote.startswith("为什么把冷库建在杏岭镇？") and quote.endswith("每年能省电费四成。")
    # …and past the full stops of a quote, to its end.
    quoted = "周明说：“山下电费太高。山上气温低，能省四成电费。”冷库去年储存苹果3000吨。"
    assert best_sentence(asked("为什么在山上建冷库"), quoted) == "周明说：“山下电费太高。山上气温低，能省四成电费。”"
    # …but no further than a passage's size.
    long = "之所以建在山上，是因为那里气温低；" + "山上的冷库储存苹果三千吨；" * 12 + "全年运转。"
    assert best_sentence(asked("为什么在山上建冷库"), long).endswith("三千吨；")
    assert len(best_sentence(asked("为什么在山上建冷库"), long)) <= 160
    # A figure question still takes its own clause.
    assert best_sentence(asked("山下的冷库电费多少"), "冷库电费每年12万元；杏岭镇的电价低。") == "冷库电费每年12万元；"


def test_a_what_for_question_takes_the_sentence_saying_what_it_is_used_for() -> None:
    passage = "镇江市向杏岭县投入协作资金4300万元，杏岭县协作资金管理办法当年出台。这笔钱主要用于建设冷库和扶贫车间。"
    query = asked("镇江市给杏岭县的协作资金用来干什么")
    assert "purpose" in query.wants
    assert best_sentence(query, passage) == "这笔钱主要用于建设冷库和扶贫车间。"


def test_a_sentence_opening_with_its_cause_answers_a_why_question_about_its_own_clause() -> None:
    passage = "枫岭县分拣中心日处理苹果200吨，分拣中心运转正常。由于今年苹果丰收，分拣中心已满负荷运转。"
    assert best_sentence(asked("枫岭县分拣中心为什么满负荷运转"), passage) == "由于今年苹果丰收，分拣中心已满负荷运转。"


def test_the_sentence_naming_a_place_of_the_asked_level_answers_where() -> None:
    from dataclasses import replace

    from xbbot.kinds import asked_place_level

    question = "在杏峪服装公司上班的周红原来住在哪个村"
    query = replace(asked(question), place_level=asked_place_level(question))
    passage = "38岁的周红是从枫岭县石窝村搬来的。如今周红在杏峪服装公司上班，每天送孩子上学后就进车间。"
    assert "石窝村" in best_sentence(query, passage)


def test_the_clause_naming_the_asked_county_gives_its_figure() -> None:
    from dataclasses import replace

    passage = "其中，枫岭县获得协作资金4850万元，主要用于茶叶加工；杏岭县获得4320万元，用于茶园道路；石门县获得3960万元。"
    query = replace(asked("杏岭县拿到多少协作资金"),
                    scope=ScopeCheck(known=("杏岭县",), known_strong=("杏岭县",), known_places=("杏岭县",)))
    assert best_sentence(query, passage).startswith("杏岭县获得4320万元")


def test_a_traditional_report_is_read_like_a_simplified_one() -> None:
    # The first unit shares the batch and team words; the second names the 隊長 in traditional script.
    passage = "2015年6月，首批「潮河醫療援岚隊」12名醫生進駐岚峪縣人民醫院。隊長費明遠是一名骨科醫生，在縣醫院開展了第一例關節置換手術。"
    assert best_sentence(asked("首批潮河医疗援岚队队长是谁"), passage).startswith("隊長費明遠")


def test_the_sentence_sending_the_asked_way_is_the_answer() -> None:
    """泰州派了多少干部到枫岭: of a line giving both directions, the one 泰州 sends."""
    from dataclasses import replace

    passage = "● 人才交流：泰州选派挂职干部36名、专业技术人才412名；枫岭选派58名干部到泰州跟岗学习"
    query = replace(asked("泰州派了多少挂职干部到枫岭？"), sent=(("泰州", "枫岭"),))
    assert best_sentence(query, passage).startswith("● 人才交流：泰州选派挂职干部36名")


def test_the_sentence_giving_the_payment_asked_is_the_answer() -> None:
    from dataclasses import replace

    passage = "对到泰州稳定就业的枫岭籍劳动力发放两项补贴：一次性交通补贴每人800元；稳岗补贴每人每月300元，最多发放6个月。"
    query = replace(asked("稳岗补贴一个月给多少"), payment=("稳岗", "补贴|补助|津贴"))
    assert best_sentence(query, passage).startswith("稳岗补贴每人每月300元")


def test_the_sentence_giving_the_target_answers_a_target_question() -> None:
    from dataclasses import replace

    passage = "本场目标：成交额310万元，订单6万单。去年丰收节直播成交205万元，订单4.8万单。"
    query = replace(asked("泺川丰收节直播定的成交目标是多少"), plan=True)
    assert best_sentence(query, passage).startswith("本场目标")
    assert best_sentence(asked("泺川丰收节直播去年成交了多少"), passage).startswith("去年丰收节直播")


def test_a_sentence_dated_to_another_year_gives_way_to_one_of_the_articles_own_year() -> None:
    from dataclasses import replace

    passage = "2018年，泺川市安排翀峪县财政帮扶资金1380万元，实施项目9个；今年增至2410万元，实施项目17个。"
    query = replace(asked("2019年泺川给翀峪安排了多少财政帮扶资金"), years=(2019,))
    assert best_sentence(query, passage).startswith("今年增至2410万元")
    query = replace(asked("2018年泺川给翀峪安排了多少财政帮扶资金"), years=(2018,))
    assert best_sentence(query, passage).startswith("2018年")
