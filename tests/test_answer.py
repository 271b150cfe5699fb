"""answer: the plain-text rendering of answers from articles, notes and province-level sources."""

from __future__ import annotations

import pytest

from xbbot.answer import dated_source_line, level_label, render_text
from xbbot.models import Answer, Hit, Source

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
