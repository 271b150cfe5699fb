"""query: follow-ups read as the question they continue (year and place swapped in), anchoring, markers."""

from __future__ import annotations

import pytest

from xbbot.lexical import tokenize
from xbbot.query import Query, QueryReader, asked_part, language, load_glossary, pinyin_names
from xbbot.scope import ScopeChecker, corpus_places, proper_nouns
from xbbot.spelling import Speller
from xbbot.textnorm import normalize

# An invented pair: 镇江市 helps two counties, 枫岭县 and 杏岭县.
CORPUS = [
    normalize(t)
    for t in [
        "2024年，镇江市向枫岭县投入协作资金8600万元，带动1.2万人就业。",
        "2021年，镇江市向枫岭县投入协作资金5200万元。",
        "镇江市向杏岭县投入协作资金4300万元，这笔钱主要用于建设冷库和扶贫车间。",
        "镇江市医疗队共有12名队员，队长周志远是一名心内科医生。",
    ]
]


@pytest.fixture(scope="module")
def reader() -> QueryReader:
    nouns = proper_nouns(CORPUS)
    vocab = {tok for text in CORPUS for tok in tokenize(text)}
    scope = ScopeChecker(has_token=vocab.__contains__, places=corpus_places(nouns))
    # English questions are bridged by the corpus' names in pinyin (Zhenjiang → 镇江) and the glossary.
    return QueryReader(scope, Speller(CORPUS, is_known=scope.known), pinyin_names(nouns), load_glossary())


def chain(reader: QueryReader, *turns: str) -> Query:
    """The last turn read as a follow-up of the ones before (as Retriever.understand merges them)."""
    query = reader.read(turns[0])
    for turn in turns[1:]:
        query = reader.read(turn).continuing(query)
    return query


def test_a_year_follow_up_searches_the_earlier_question_in_that_year(reader: QueryReader) -> None:
    q = chain(reader, "2024年镇江市向枫岭县投入了多少协作资金", "那2021年呢")
    texts, weights = q.searches(0.5)
    assert texts == ["那2021年呢", "2021年镇江市向枫岭县投入了多少协作资金"] and weights == [1.0, 0.5]
    assert q.topic() == "2021年镇江市向枫岭县投入了多少协作资金 那2021年呢"
    assert q.years == (2021,) and q.measure == "钱"
    # A period is not one year to swap in: the earlier year is only dropped.
    span = chain(reader, "2024年镇江市向枫岭县投入了多少协作资金", "那2019年到2021年呢").searches(0.5)[0][1]
    assert "2024" not in span and "2021年镇江市" not in span and "镇江市向枫岭县投入了多少协作资金" in span


def test_a_place_follow_up_searches_the_earlier_question_about_that_place(reader: QueryReader) -> None:
    second = chain(reader, "枫岭县获得了多少协作资金", "那么杏岭县呢")
    before = second.searches(0.5)[0][1]
    assert "杏岭" in before and "枫岭" not in before and "获得了多少协作资金" in before
    # A third turn continues the chain as the second one meant it: about 杏岭县.
    third = reader.read("这笔钱用来干什么").continuing(second)
    texts = third.searches(0.5)[0]
    assert texts[0] == "这笔钱用来干什么"
    assert "杏岭" in texts[1] and "枫岭" not in texts[1] and "协作资金" in texts[1]
    assert "枫岭" not in third.topic()


def test_a_place_follow_up_keeps_the_other_places_of_the_earlier_question(reader: QueryReader) -> None:
    q = chain(reader, "镇江市向枫岭县投入了多少协作资金", "那么杏岭县呢")
    before = q.searches(0.5)[0][1]
    assert "杏岭" in before and "枫岭" not in before
    assert "镇江市" in before  # today: 杏岭向杏岭投入了多少协作资金


def test_a_place_follow_up_is_not_about_the_place_it_swapped_out(reader: QueryReader) -> None:
    q = chain(reader, "枫岭县获得了多少协作资金", "那么杏岭县呢")
    assert not any("枫岭" in w for w in q.subject_nouns), q.subject_nouns


def test_a_follow_up_asking_its_own_kind_does_not_inherit_the_unit(reader: QueryReader) -> None:
    q = chain(reader, "镇江市医疗队有几个人", "队长是谁")
    assert q.followup and q.wants == frozenset({"person"}) and q.measure is None
    # One that asks nothing of its own inherits both.
    again = chain(reader, "镇江市医疗队有几个人", "那么2021年呢")
    assert "number" in again.wants and again.measure == reader.read("镇江市医疗队有几个人").measure is not None


def test_a_follow_up_asking_what_does_not_inherit_the_unit_counted_before(reader: QueryReader) -> None:
    # 那…捐了什么 after 多少家 asks what was given, not a number of 家.
    q = chain(reader, "镇江市医疗队有几个人", "那渭南给镇江捐了什么")
    assert q.measure is None and q.counted is None, q


def test_a_follow_up_on_a_year_or_a_place_still_counts_the_earlier_kind_of_money(reader: QueryReader) -> None:
    first = reader.read("2024年镇江市向枫岭县投入了多少协作资金")
    assert first.counted == "资金"
    assert chain(reader, "2024年镇江市向枫岭县投入了多少协作资金", "那2021年呢").counted == "资金"
    assert chain(reader, "2024年镇江市向枫岭县投入了多少协作资金", "那么杏岭县呢").counted == "资金"
    # A follow-up naming a thing of its own (冷库) asks about that, not about the funds.
    assert chain(reader, "2024年镇江市向枫岭县投入了多少协作资金", "那么冷库呢").counted is None


@pytest.mark.parametrize(
    ("question", "anchored"),
    [("带动了多少人就业", False), ("枫岭县带动了多少人就业", True), ("镇江市投入了多少协作资金", True), ("协作资金有多少", False)],
)
def test_anchored_means_naming_what_it_is_about(reader: QueryReader, question: str, anchored: bool) -> None:
    assert reader.read(question).anchored is anchored


def test_subject_nouns_include_the_chains_nouns(reader: QueryReader) -> None:
    assert reader.read("那2021年呢").subject_nouns == ()
    q = chain(reader, "2024年镇江市向枫岭县投入了多少协作资金", "那2021年呢")
    assert {"协作", "资金", "枫岭县"} <= set(q.subject_nouns)
    third = reader.read("那么冷库呢").continuing(q)
    assert third.subject_nouns[0] == "冷库" and {"协作", "资金"} <= set(third.subject_nouns)


@pytest.mark.parametrize("question", ["这笔钱用来干什么", "这里建了几个冷库", "这位医生是哪里人", "当地有多少贫困户", "这家企业招了多少人"])
def test_pointing_back_marks_a_follow_up(reader: QueryReader, question: str) -> None:
    q = reader.read(question)
    assert q.explicit_followup and not q.complete
    plain = reader.read("镇江市向杏岭县投入了多少协作资金")
    assert not plain.explicit_followup and plain.complete


@pytest.mark.parametrize(("question", "pair"), [("杏岭县人社局局长是谁", ("人社局", "局长")),
                                              ("杏岭县乡村振兴局局长叫什么", ("振兴局", "局长"))])
def test_a_bureau_before_a_title_is_tied_to_it(reader: QueryReader, question: str, pair: tuple[str, str]) -> None:
    assert pair in reader.read(question).place_roles


def test_an_english_title_is_tied_to_the_one_place_named(reader: QueryReader) -> None:
    q = reader.read("Who is the mayor of Zhenjiang?")
    assert q.roles == ("市长",) and q.place_roles == (("镇江", "市长"),) and q.wants == frozenset({"person"})
    # Two places: which one the title belongs to is not said.
    two = reader.read("Who is the mayor of Zhenjiang and Fengling?")
    assert two.roles == ("市长",) and two.place_roles == ()


def test_the_title_asked_is_the_one_nearest_the_asking_words(reader: QueryReader) -> None:
    q = reader.read("去枫岭县的支教老师里有个当过校长的，派他们去的那个教育局局长叫什么")
    assert q.wants == frozenset({"person"}) and q.roles == ("局长",)
    # A question that asks for no person keeps every title it names.
    assert set(reader.read("支教老师和校长一共去了多少人").roles) >= {"老师", "校长"}


# Spans and ordinals written like a two-digit year: 从医22年了 is not 2022.
DURATIONS = ["队长周志远从医22年了", "他在枫岭县干了12年", "这是他支教的第15年", "工作近20年的老队员"]


@pytest.mark.parametrize(
    ("question", "years"),
    [("19年的时候镇江市向枫岭县投入了多少协作资金", (2019,)), ("24年底枫岭县带动了多少人就业", (2024,)),
     ("18年和19年分别投入多少", (2018, 2019))],
)
def test_a_two_digit_year_is_this_centurys(reader: QueryReader, question: str, years: tuple[int, ...]) -> None:
    assert reader.read(question).years == years
    assert not any(reader.read(d).years for d in DURATIONS)


@pytest.mark.parametrize("question", ["周志远扎根枫岭20年", "枫岭县10年前是什么样", "未来10年枫岭县怎么发展", "这20年来枫岭县变化大吗"])
def test_a_span_of_years_is_not_a_year(reader: QueryReader, question: str) -> None:
    assert reader.read(question).years == ()


@pytest.mark.parametrize(
    ("question", "bridged"),
    [("How many shops did Zhenjiang open in Fengling?", "专卖店"), ("Was there a job fair in Fengling?", "招聘会"),
     ("How much solar power does Fengling produce?", "光伏"), ("What is the monthly wage in the workshops?", "工资"),
     ("When did the drying plant in Fengling start production?", "投产"), ("How much millet is processed each year?", "小米")],
)
def test_english_words_for_shops_fairs_solar_and_wages_reach_the_chinese_text(reader: QueryReader, question: str, bridged: str) -> None:
    assert bridged in reader.read(question).text


def test_capitalised_words_the_glossary_translates_are_not_unknown_names(reader: QueryReader) -> None:
    # "Communist Party" is capitalised like a name, but the glossary knows it: the question is in scope.
    assert reader.read("Who is the Communist Party secretary of Zhenjiang?").unknown_names == ()
    assert reader.read("Who is the Party secretary of Hangzhou?").unknown_names == ("hangzhou",)  # no name here


@pytest.mark.parametrize(("question", "thing"), [
    ("How much cooperation funding did Zhenjiang give Fengling in 2021?", "资金"),
    ("How much did Zhenjiang invest in Fengling?", "投资"),
    ("How much was donated to Fengling?", "捐款"),
    ("How many doctors did Zhenjiang send?", None),  # a count, not an amount of money
    ("What is the funding used for?", None),  # not a how-much question
])
def test_an_english_how_much_question_counts_its_kind_of_money(reader: QueryReader, question: str, thing: str | None) -> None:
    assert reader.read(question).counted == thing


@pytest.mark.parametrize("question", ["对了，枫岭县明天会下雨吗？", "镇江市向枫岭县投入了多少协作资金？"])
def test_a_chinese_sentence_ending_in_a_question_mark_is_not_short(reader: QueryReader, question: str) -> None:
    # (Only English is counted in words: a Chinese sentence has no spaces between them.)
    assert not reader.read(question).short


@pytest.mark.parametrize("question", ["总投资多少？", "How much in 2021?"])
def test_a_few_words_are_short(reader: QueryReader, question: str) -> None:
    assert reader.read(question).short


@pytest.mark.parametrize(("question", "given"), [
    ("那12名队员里有几名是女医生", ("12",)),
    ("2024年8月3日镇江投入的8600万元里有多少用于冷库", ("8600",)),
    ("第3批队员有多少人", ()),
])
def test_the_figures_a_question_states_leave_out_years_dates_and_ordinals(reader: QueryReader, question: str,
                                                                         given: tuple[str, ...]) -> None:
    assert reader.read(question).given == given


def test_an_english_title_asks_the_most_general_of_its_chinese_words(reader: QueryReader) -> None:
    # party secretary → 书记 市委书记: a prefecture's or county's secretary is no 市委书记.
    assert reader.read("Who is the party secretary of Zhenjiang?").roles == ("书记",)


@pytest.mark.parametrize(("question", "contrast"), [
    ("那一年实施了多少个项目", False), ("那个冷库能存多少吨", False), ("那2021年呢", True), ("他还说了什么", True),
])
def test_pointing_back_to_that_year_or_thing_is_no_contrast(reader: QueryReader, question: str, contrast: bool) -> None:
    assert reader.read(question).contrast is contrast


def test_a_person_introduced_by_a_title_is_found_by_the_two_words_of_their_pinyin_name() -> None:
    from collections import Counter

    from xbbot.kinds import introduced_names

    # jieba tags only 志远 a name; 队长周志远 introduces 周志远 (as Retriever.load adds them).
    nouns = proper_nouns(CORPUS)
    people = Counter((name, "nr") for text in CORPUS for name in introduced_names(text))
    vocab = {tok for text in CORPUS for tok in tokenize(text)}
    scope = ScopeChecker(has_token=vocab.__contains__, places=corpus_places(nouns))
    reader = QueryReader(scope, Speller(CORPUS, is_known=scope.known), pinyin_names(nouns + people), load_glossary())
    query = reader.read("What does Zhou Zhiyuan do in Fengling?")
    assert query.names == ("周志远", "枫岭") and query.unknown_names == (), query


def test_a_follow_up_asking_what_or_how_of_its_own_words_does_not_inherit_the_figure(reader: QueryReader) -> None:
    own = chain(reader, "镇江市医疗队共有多少名队员", "医疗队的任务是什么")
    assert "number" not in own.wants and own.measure is None, own
    # …but one naming another place asks the same of it.
    swapped = chain(reader, "镇江市向枫岭县投入了多少协作资金", "那杏岭县投了什么")
    assert "number" in swapped.wants, swapped


def test_a_figure_written_with_thousands_separators_is_one_figure() -> None:
    from xbbot.query import stated_figures

    assert stated_figures("more than 4,000 person-visits by August 2019") == ("4000",)
    assert stated_figures("截至2019年8月，互访4000余人次") == ("4000",)


@pytest.mark.parametrize(("question", "whole"), [
    ("那508名贫困人口里有多少人去了扬州打工", "508"), ("枫岭的11个项目里有几个在杏岭", "11"),
    ("4000余人次互访中扬州去榆林的有多少人次", "4000"), ("2019年中扬州投了多少", None), ("扬州投了多少钱", None),
])
def test_a_stated_whole_is_the_figure_a_part_is_asked_of(question: str, whole: str | None) -> None:
    from xbbot.query import stated_whole

    assert stated_whole(question) == whole


def test_a_total_investment_asked_is_counted_as_one(reader: QueryReader) -> None:
    from xbbot.kinds import names_counted

    assert reader.read("冷链园总投资是多少").counted == "总投资"
    assert names_counted("冷链园总投资1.1亿元。", "总投资")
    assert not names_counted("协作资金投入5480万元，建了育肥棚舍。", "总投资")


@pytest.mark.parametrize(("question", "count"), [("直播间有多少粉丝", True), ("一共捐了多少现金", False),
                                                 ("镇江投了多少协作资金", False)])
def test_a_count_of_a_thing_no_text_names_is_asked_as_a_count(reader: QueryReader, question: str, count: bool) -> None:
    from xbbot.kinds import COUNT

    assert (reader.read(question).measure == COUNT) is count


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("How many locals work at the 湉岨 buckwheat industrial park?", "en"),
        ("Who led the audit team checking 泺川's 2018 collaboration funds?", "en"),
        ("How much aid did Yangzhou give?", "en"),
        ("泺川的GDP growth rate是多少", "zh"),
        ("APP下载量多少", "zh"),
        ("泺川给翀峪多少钱", "zh"),
    ],
)
def test_an_english_question_may_write_a_name_in_chinese(text: str, lang: str) -> None:
    assert language(text) == lang


def test_a_follow_up_naming_last_year_does_not_inherit_the_earlier_year(reader: QueryReader) -> None:
    q = chain(reader, "2024年镇江市向枫岭县投入了多少协作资金", "那去年枫岭县有多少人在镇江就业")
    assert q.years == ()


@pytest.mark.parametrize(
    ("question", "part"),
    [
        ("泺川社会各界捐款里企业捐了多少", "企业"),
        ("874台手术里四级手术有多少台", "四级手术"),
        ("其中医生有多少", "医生"),
        ("厂里现在有多少人上班", None),
        ("产业园里头用了多少协作资金", None),
        ("三年里总共上马了多少个项目", None),
        ("村里有多少户", None),
    ],
)
def test_the_part_of_a_whole_asked_is_read(question: str, part: str | None) -> None:
    assert asked_part(question) == part


def test_the_older_spelling_of_what_asks_what(reader: QueryReader) -> None:
    assert reader.read("鎮江醫療隊的隊長叫甚麼名字？").wants == reader.read("镇江医疗队的队长叫什么名字？").wants == {"person"}


def test_a_pair_of_places_of_its_own_swaps_out_the_pair_before(reader: QueryReader) -> None:
    q = chain(reader, "镇江市向枫岭县投入了多少协作资金", "那杏岭县呢？镇江市向杏岭县投入了多少")
    assert "枫岭县" not in q.subject_nouns


@pytest.mark.parametrize(("question", "part"), [
    ("柘岭村承包大棚的农户里有几户是脱贫户？", "脱贫户"), ("这些人里有多少是党员", "党员"), ("厂里现在有多少人", None),
])
def test_what_the_counted_are_said_to_be_is_the_part_asked(question: str, part: str | None) -> None:
    assert asked_part(normalize(question)) == part


def test_a_why_question_naming_a_thing_of_its_own_keeps_no_earlier_year(reader: QueryReader) -> None:
    assert chain(reader, "2024年镇江市向枫岭县投入了多少协作资金", "为什么要建冷库？").years == ()
    assert chain(reader, "2024年镇江市向枫岭县投入了多少协作资金", "为什么呢").years == (2024,)
    assert chain(reader, "2024年镇江市向枫岭县投入了多少协作资金", "当时为什么要建冷库？").years == (2024,)
