from datetime import date
from decimal import Decimal

import pytest

from xbbot.textnorm import home_places, normalize, number_values, numbers, resolve_home, resolve_relative_time, search_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("累計落實了多少幫扶資金", "累计落实了多少帮扶资金"),  # traditional → simplified
        ("１．８４５亿元，ＡＢＣ", "1.845亿元,abc"),  # full width → half width, lower case
        ("徐州\u200b与\u202e宝鸡\x07", "徐州与宝鸡"),  # invisible and control characters
        ("  多个\n\t空白  ", "多个 空白"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_relative_time_resolved_against_article_date() -> None:
    text = "今年以来,考察83批。截至2018年底捐款。去年如此,目前已有16个项目开工。"
    out = resolve_relative_time(text, date(2019, 8, 16))
    assert "今年以来(2019年)" in out
    assert "去年(2018年)" in out
    assert "目前(2019年8月)" in out
    assert "截至2018年底" in out  # an absolute date is left alone
    assert resolve_relative_time(text, None) == text


def test_search_text_lets_a_year_find_jinnian() -> None:
    assert "2019年" in search_text("今年,安排协作资金6900万元", date(2019, 8, 16))


def test_numbers_apply_wan_and_yi() -> None:
    found = dict(numbers("累计1.845亿元,增收2287万元,共80个项目,4,000人"))
    assert found["1.845亿"] == Decimal("184500000")
    assert found["2287万"] == Decimal("22870000")
    assert found["80"] == Decimal(80)
    assert found["4,000"] == Decimal(4000)


def test_number_values_equal_across_spellings() -> None:
    assert Decimal("184500000") in number_values("1.845亿元") & number_values("１８４５０万元")
    assert Decimal("1.9") not in number_values("1.845亿元")


def test_english_relative_time_is_bridged_to_the_articles_words() -> None:
    from xbbot.textnorm import bridge_relative_time

    assert bridge_relative_time("how much funding this year?") == "how much funding this year? 今年"
    assert bridge_relative_time("what about last year and so far") == "what about last year and so far 去年 至今"
    assert bridge_relative_time("今年安排了多少资金") == "今年安排了多少资金"


@pytest.mark.parametrize(("owners", "home"), [
    (("岚峪县人民政府网", "岚峪县人民政府办公室"), {"县": "岚峪县"}),
    (("中共岚峪县委办公室　岚峪县人民政府办公室",), {"县": "岚峪县"}),
    (("潮河市枫江区人民政府",), {"市": "潮河市", "区": "枫江区"}),
    (("潮河日报", "本报记者"), {}),  # a newspaper names no office's place
    (("州东西部协作工作领导小组办公室",), {}),
])
def test_the_place_an_articles_office_names(owners: tuple[str, ...], home: dict[str, str]) -> None:
    assert home_places(*owners) == home


def test_wo_xian_is_named_after_the_offices_county_in_search_text_only() -> None:
    home = home_places("岚峪县人民政府网")
    assert resolve_home("潮河市安排我县资金1.37亿元，本县群众受益", home) == "潮河市安排我县(岚峪县)资金1.37亿元，本县(岚峪县)群众受益"
    assert resolve_home("我市投入资金", home) == "我市投入资金"  # no city in its name: left as written
    assert resolve_home("我县投入资金", {}) == "我县投入资金"

