"""telegram_format: escaping, figures, excerpts, answer layout, and splitting under 4096."""

from __future__ import annotations

import html
import random
import re
from dataclasses import replace

import pytest
from fake_bot_api import ApiError, message_text, parse_html

from xbbot.store import Stats
from xbbot.models import Answer, Hit, Source
from xbbot.telegram_format import (
    MAX_MESSAGE_LEN,
    button_label,
    detect_lang,
    emphasize_figures,
    excerpt,
    format_abstention,
    format_answer,
    format_help,
    format_stats,
    split_html,
    utf16_len,
)

SOURCE = Source("20190816-xubao", "徐州宝鸡扶贫协作成效显著 <新闻> & 报道", "2019-08-16", "http://example.org/a?x=1&y=2")
HOSTILE = [
    "<script>alert(1)</script>",
    "<b>unclosed",
    "</i>",
    "a & b &amp; &foo; &#0; &#xZZ;",
    'say "hi" <a href="javascript:x">x</a>',
    "\x00\x01\x02\x1b[31m\x7f",
    "\u202e\u200f\u200e右到左\u2066",
    "😀" * 3000,
    "👨‍👩‍👧‍👦🏳️‍🌈" * 500,
    "问" * 10_000,
    "a\n" * 5000,
]


def visible(markup: str) -> str:
    """The text Telegram shows for our HTML (raises ApiError if Telegram would reject it)."""
    return parse_html(markup)


def answer(text: str, passage: str = "", lang: str = "zh", source: Source = SOURCE) -> Answer:
    hit = Hit("h1", "passage", passage or text, 0.9, source)
    return Answer("q", True, text, 0.9, [hit], ["相关问题一"], "", lang)  # type: ignore[arg-type]


# -- small pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bold"),
    [
        ("累计落实帮扶资金1.845亿元。", ["1.845亿元"]),
        ("捐款360万元，物资20余吨", ["360万元", "20余吨"]),
        ("2019年8月16日增长12.5%", ["12.5%"]),
        ("共选派20名干部，第3批", ["20名"]),
        ("about 184.5 million yuan, 45% of", ["184.5 million yuan", "45%"]),
        ("no figures here", []),
    ],
)
def test_emphasize_figures(text, bold):
    out = emphasize_figures(text)
    assert re.findall(r"<b>(.*?)</b>", out) == bold
    assert visible(out) == text


def test_emphasize_figures_escapes():
    out = emphasize_figures("<b>1亿元</b> & <script>")
    assert "<script>" not in out and visible(out) == "<b>1亿元</b> & <script>"


def test_detect_lang():
    assert detect_lang("How much aid?") == "en"
    assert detect_lang("捐款多少") == "zh"
    assert detect_lang("Xuzhou 捐款") == "zh"
    assert detect_lang("/start", "en-US") == "en"
    assert detect_lang(None, "zh-hans") == "zh"
    assert detect_lang("123 ???", None) == "zh"


def test_excerpt_centres_on_the_answer_figure():
    passage = "开头的句子很长。" * 30 + "累计落实帮扶资金1.845亿元。" + "后面的句子也很长。" * 30
    out = excerpt(passage, focus="1.845亿元", limit=120)
    assert "1.845亿元" in out and len(out) <= 122
    assert out.startswith("…") and out.endswith("…")
    assert excerpt("短。", "x") == "短。"


def test_button_label():
    assert button_label("问" * 100, 10) == "问" * 9 + "…"
    assert button_label("   ") == "?"


# -- whole messages ----------------------------------------------------------------------------


def test_answer_layout():
    a = answer("累计落实帮扶资金1.845亿元。", "今年以来，徐州市累计落实帮扶资金1.845亿元，实施项目56个。")
    out = format_answer(a)
    text = visible(out)
    assert "<b>1.845亿元</b>" in out
    assert "<blockquote>" in out and "实施项目" in text
    assert '<a href="http://example.org/a?x=1&amp;y=2">' in out
    assert "徐州宝鸡扶贫协作成效显著 <新闻> & 报道" in text
    assert "据2019-08-16报道" in text and "今年" in text and "指2019年" in text


@pytest.mark.parametrize(
    ("quoted", "note"),
    [
        ("去年落实资金1亿元。", "（文中“去年”指2018年）"),
        ("2016年至今累计落实1.845亿元。", "（文中“至今”指截至2019-08-16）"),
        ("2018年落实资金1亿元。", None),
    ],
)
def test_date_note_explains_relative_time(quoted, note):
    text = visible(format_answer(answer("资金1亿元。", quoted)))
    if note:
        assert "据2019-08-16报道" + note in text
    else:
        assert text.rstrip().endswith("据2019-08-16报道")


def test_fact_answer_quotes_the_article_passage_with_its_figure():
    fact = Hit("f1", "fact", "累计落实帮扶资金1.845亿元，共实施80个项目。", 0.9, SOURCE)
    other = Hit("p1", "passage", "另一段，没有这个数字。", 0.8, SOURCE)
    evidence = Hit("p2", "passage", "2016年至今,累计落实帮扶资金1.845亿元,共实施80个项目。", 0.7, SOURCE)
    a = Answer("q", True, "From 2016, 184.5 million yuan.", 0.9, [fact, other, evidence], [], "", "en")
    out = format_answer(a)
    assert "<blockquote>2016年至今" in out and "另一段" not in out
    a_zh = replace(a, text=fact.text, lang="zh", hits=[fact, other])
    assert "<blockquote>" not in format_answer(a_zh)  # no passage holds the figure: the fact stands alone


def test_answer_without_relative_time_or_link():
    src = Source("x", "标题", "2020-01-02", "javascript:alert(1)")
    out = format_answer(answer("捐款360万元。", "捐款360万元。", source=src))
    assert "<a " not in out and "<blockquote>" not in out  # same text twice is not quoted
    assert "据2020-01-02报道" in visible(out) and "指" not in visible(out)


def test_english_answer_labels():
    out = visible(format_answer(answer("1.845亿元 in total.", "今年 1.845亿元", lang="en")))
    assert "Source:" in out and "As reported on 2019-08-16" in out


@pytest.mark.parametrize("reason", ["empty", "out_of_scope", "low_confidence"])
def test_abstentions_differ(reason):
    a = Answer("q", False, "", 0.1, [], [], reason, "zh")
    text = format_abstention(a, ["问题"])
    visible(text)
    others = {r: format_abstention(Answer("q", False, "", 0.1, [], [], r, "zh"), []) for r in ["empty", "out_of_scope", "low_confidence"]}
    assert len(set(others.values())) == 3
    assert text.endswith("可以试试这些问题：")


def test_help_lists_sources_and_escapes():
    sources = [Source(f"s{i}", f"<标题{i}>", f"2019-0{i % 9 + 1}-01", "https://example.org") for i in range(15)]
    out = format_help(sources, "zh", "xbbot_bot", limit=10)
    text = visible(out)
    assert "<标题0>" in text and "<标题10>" not in text and "共 15 篇" in text and "@xbbot_bot" in text
    assert "Xuzhou" in visible(format_help(sources, "en", "b"))


def test_stats_message():
    s = Stats(questions=10, answered=7, abstained=3, out_of_scope=1, users=4, thumbs_up=2, thumbs_down=1)
    out = format_stats(s, [("<天气>", 3, "2024-01-01 10:00:00")], "zh")
    text = visible(out)
    assert "70%" in text and "<天气> ×3" in text and "👍 2" in text


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_in_every_slot_is_accepted(hostile):
    src = Source(hostile[:100], hostile, hostile[:20], hostile)
    a = Answer(hostile, True, hostile, 0.5, [Hit("h", "passage", hostile, 0.5, src)], [hostile], "", "zh")
    for markup in [format_answer(a), format_abstention(a, [hostile]), format_help([src], "zh", hostile[:30])]:
        for chunk in split_html(markup):
            message_text(chunk, "HTML")
    assert len(button_label(hostile)) <= 36


# -- splitting ---------------------------------------------------------------------------------


def check_chunks(markup: str, limit: int = MAX_MESSAGE_LEN) -> list[str]:
    chunks = split_html(markup, limit)
    for c in chunks:
        assert utf16_len(c) <= limit
        message_text(c, "HTML")  # Telegram would accept it
    joined = "".join(visible(c) for c in chunks)
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731 - line breaks at cuts are dropped
    assert squash(joined) == squash(visible(markup))
    return chunks


def test_short_message_is_one_chunk():
    assert split_html("<b>hi</b>\nthere") == ["<b>hi</b>\nthere"]


def test_splits_at_line_boundaries():
    lines = [f"第{i}行：" + "内容" * 40 for i in range(200)]
    chunks = check_chunks("\n".join(lines))
    assert len(chunks) > 1
    # every chunk ends at the end of a line: no line is cut in two
    for c in chunks:
        assert all(line in lines for line in c.split("\n"))


def test_hard_splits_an_over_long_line_without_breaking_tags_or_entities():
    line = "".join(f"<b>{html.escape('a&<b>' * 3)}</b> <a href=\"https://x.org/?a=1&amp;b=2\">链接{i}</a> " for i in range(600))
    chunks = check_chunks(line)
    assert len(chunks) > 1
    for c in chunks:
        assert not re.search(r"&[a-z#0-9]*$", c) and not re.search(r"<[^>]*$", c)


def test_tags_spanning_lines_are_closed_and_reopened():
    markup = "<blockquote>" + "\n".join("引文" * 50 for _ in range(100)) + "</blockquote>\n<b>end</b>"
    chunks = check_chunks(markup, 1000)
    assert all(c.startswith("<blockquote>") for c in chunks[:-1])


def test_emoji_counted_in_utf16_and_never_cut():
    family = "👨‍👩‍👧‍👦"
    chunks = check_chunks(family * 1500, 4096)
    assert all(c.replace(family, "") == "" for c in chunks)
    assert check_chunks("😀" * 5000)  # 10,000 UTF-16 units


def test_random_markup_round_trips():
    rng = random.Random(7)
    alphabet = ["问", "a", " ", "\n", "&", "<", ">", "😀", "\u202e", '"', "1.5亿元"]
    for _ in range(30):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9000)))
        markup = emphasize_figures(raw)
        if markup.strip():
            check_chunks(markup, rng.choice([64, 500, 4096]))


def test_fake_server_rejects_what_telegram_rejects():
    for bad in ["<b>x", "<script>x</script>", "a < b", "&foo;", "<b>a</i>", 'a <a>x</a>', "x &amp y"]:
        with pytest.raises(ApiError):
            message_text(bad, "HTML")
    with pytest.raises(ApiError, match="too long"):
        message_text("😀" * 2049, None)
    assert message_text("&lt;b&gt; &#128512;", "HTML") == "<b> 😀"


def test_figures_side_by_side_are_each_emphasised() -> None:
    from xbbot.telegram_format import emphasize_figures

    assert emphasize_figures("考察83批928人次") == "考察<b>83批</b><b>928人次</b>"
