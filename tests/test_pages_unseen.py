"""Reading pages of sites the reader was not written against (tests/data/pages2, issue 7 §1).

The expectations were written from the pages by hand, before the reader was run on them: metadata,
lines that must be kept, chrome that must be dropped, and how many article sentences the body holds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from xbbot.cli import cli
from xbbot.ingest import PageOverrides, add_articles
from xbbot.knowledge import load_articles
from xbbot.pages import ParsedPage, parse_page, text_key

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "data" / "pages2"
EXPECTS = sorted(PAGES.glob("*.expect.yaml"))
URL = "https://example.cn/unseen.html"
# A sentence ends at 。！？ (a run of them), with any closing quotes that follow.
SENTENCE_END = re.compile(r"[。！？]+[”’」』\"]*")


def _expect(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _page_file(expect_path: Path) -> Path:
    name = expect_path.name.removesuffix(".expect.yaml")
    return PAGES / f"{name}.{'html' if _expect(expect_path)['format'] == 'html' else 'txt'}"


def _id(path: Path) -> str:
    return path.name.removesuffix(".expect.yaml")


@pytest.fixture(scope="module", params=EXPECTS, ids=_id)
def unseen(request: pytest.FixtureRequest) -> tuple[dict[str, Any], ParsedPage, Path]:
    expect = _expect(request.param)
    path = _page_file(request.param)
    return expect, parse_page(path.read_text(encoding="utf-8"), fmt=expect["format"]), path


def test_there_are_eight_unseen_pages_of_both_formats_and_scripts() -> None:
    expects = [_expect(p) for p in EXPECTS]
    assert len(expects) >= 8 and {"text", "html"} <= {e["format"] for e in expects}
    # Traditional pages are there too (a character only traditional text uses).
    assert sum(bool(re.search("[國協會與為資]", e["title"])) for e in expects) >= 2


def test_unseen_metadata(unseen: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = unseen
    got = {
        "title": page.title, "date": page.date.isoformat() if page.date else None, "publisher": page.publisher,
        "author": page.author, "source_url": page.source_url,
    }
    want = {k: (str(expect[k]) if expect.get(k) is not None else None) for k in got}
    assert got == want


def test_unseen_keeps_the_article_lines(unseen: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = unseen
    assert [s for s in expect["kept"] if s not in page.body] == []


def test_unseen_body_has_every_article_sentence(unseen: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = unseen
    assert len(SENTENCE_END.findall(page.body)) >= expect["body_sentences"]


def test_unseen_drops_the_chrome(unseen: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = unseen
    assert [s for s in expect["dropped"] if s in page.body] == []
    assert text_key(page.title) not in {text_key(p) for p in page.body.split("\n\n")}


def test_unseen_missing_fields(unseen: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = unseen
    lacking = {f for f in ("title", "date", "publisher") if getattr(page, f) in (None, "")}
    assert lacking == set(expect.get("missing") or [])


@pytest.mark.parametrize("expect_path", EXPECTS, ids=_id)
def test_unseen_dry_run_prints_the_article_and_writes_nothing(expect_path: Path, tmp_path: Path) -> None:
    expect = _expect(expect_path)
    kb = tmp_path / "kb"
    args = ["--knowledge-dir", str(kb), "add", "--dry-run", "--url", URL, str(_page_file(expect_path))]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "add would write this article" in out and "add would refuse" not in out and "nothing written" in out
    assert expect["title"] in out and str(expect["date"]) in out
    assert all(s in out for s in expect["kept"])
    assert not kb.exists()


@pytest.mark.parametrize("expect_path", EXPECTS, ids=_id)
def test_unseen_page_is_added_and_read_back(expect_path: Path, tmp_path: Path) -> None:
    expect = _expect(expect_path)
    [result] = add_articles([_page_file(expect_path)], tmp_path / "kb", PageOverrides(url=URL))
    [article] = [a for a in load_articles(tmp_path / "kb").values() if a.title == expect["title"]]
    assert str(expect["date"]) in str(article.date)
    assert all(s in article.body for s in expect["kept"])
    assert result.path.is_file()


# --------------------------------------------------------------------------------------------
# The rules the unseen pages called for, each on its own small page (invented pair 青川–云岭)

SENTENCES = ["青川市与云岭县签订劳务协作协议，今年帮助300名群众到青川就业。", "两地还将共建技能培训基地，每年培训技术工人500名以上。"]
TEXT_BODY = "\n".join(SENTENCES)


def _flat(body: str) -> str:
    return body.replace("\n\n", "")


@pytest.mark.parametrize(
    ("header", "when", "publisher", "author"),
    [
        # an account page: labels and the author before the account name, the place after the time
        ("原创 青川发布 青川发布 2024-03-15 18:02 陕西", "2024-03-15", "青川发布", None),
        ("青川发布 2024-03-15 18:02 发表于陕西", "2024-03-15", "青川发布", None),
        # the year set apart from month/day (a split date layout)
        ("2022 09/16 15:20:43\n来源：青川日报", "2022-09-16", "青川日报", None),
        # a time glued to the next label (inline spans saved without a space)
        ("2023-04-07 10:31来源：青川日报", "2023-04-07", "青川日报", None),
        # a byline followed by its date on the same line
        ("青川日报 记者 张一鸣 2023/4/7 09:15", "2023-04-07", "青川日报", "张一鸣"),
        # several authors in one field
        ("发布时间: 2014-10-23 11:02:03 | 来源: 青川日报 | 作者: 刘申 袁筱 | 责任编辑: 魏博", "2014-10-23", "青川日报", "刘申、袁筱"),
        ("時間：2023年4月7日（星期五）　來源：青川日報　作者：張一鳴", "2023-04-07", "青川日報", "張一鳴"),
    ],
)
def test_header_lines(header: str, when: str, publisher: str, author: str | None) -> None:
    page = parse_page(f"青川云岭劳务协作签约\n{header}\n{TEXT_BODY}\n", fmt="text")
    assert (page.title, str(page.date), page.publisher, page.author) == ("青川云岭劳务协作签约", when, publisher, author)
    assert _flat(page.body) == "".join(SENTENCES)


def test_a_month_range_after_a_year_is_not_a_date() -> None:
    page = parse_page(f"青川云岭劳务协作签约\n来源：青川日报\n2022 9-10月，{SENTENCES[0]}\n", fmt="text")
    assert page.date is None


@pytest.mark.parametrize(
    ("opening", "publisher"),
    [("【青川日报讯】", "青川日报"), ("【青川日報訊】", "青川日報"), ("青川网消息：", "青川网"), ("青川网消息（记者 张一鸣）：", "青川网")],
)
def test_source_notes_opening_the_story_are_cut(opening: str, publisher: str) -> None:
    page = parse_page(f"青川云岭劳务协作签约\n2023-04-07\n{opening}{TEXT_BODY}\n", fmt="text")
    assert _flat(page.body) == "".join(SENTENCES) and page.publisher == publisher


@pytest.mark.parametrize(
    "line",
    ["阅读 2345", "阅读 1234 点赞 56 分享", "閱讀 10萬+ 在看 12", "分享 收藏 点赞 在看", "写下你的留言", "点击蓝字 关注我们",
     "图片", "（圖片來源：網絡）", "往期推荐"],
)
def test_account_and_counter_chrome_is_dropped(line: str) -> None:
    page = parse_page(f"青川云岭劳务协作签约\n2023-04-07 来源：青川日报\n{SENTENCES[0]}\n{line}\n{SENTENCES[1]}\n", fmt="text")
    assert line not in page.body and SENTENCES[0] in page.body


@pytest.mark.parametrize("line", ["阅读全文后我们发现，点赞的人有100多位。", "图片展览吸引了2000名市民。", "关注我们的群众越来越多。"])
def test_sentences_with_chrome_words_are_kept(line: str) -> None:
    page = parse_page(f"青川云岭劳务协作签约\n2023-04-07 来源：青川日报\n{TEXT_BODY}\n{line}\n", fmt="text")
    assert line in page.body


def test_closing_credits_are_dropped_and_name_the_writer() -> None:
    page = parse_page(f"青川云岭劳务协作签约\n青川发布 2023-04-07\n{TEXT_BODY}\n文字：张一鸣\n图片：王磊\n编辑：李四\n", fmt="text")
    assert page.author == "张一鸣" and _flat(page.body) == "".join(SENTENCES)


def test_a_section_number_joins_its_heading() -> None:
    page = parse_page(f"青川云岭劳务协作签约\n2023-04-07 来源：青川日报\n{SENTENCES[0]}\n01\n技能培训\n{SENTENCES[1]}\n", fmt="text")
    assert "## 01 技能培训" in page.body.split("\n\n")


HTML_HEAD = '<html><head><link rel="canonical" href="https://example.cn/1.html"></head><body>'


def test_a_caption_repeating_the_headline_inside_the_article_is_not_its_start() -> None:
    html = (
        f'{HTML_HEAD}<h1>青川云岭劳务协作签约</h1><div class="info">2023年04月07日10:31 | 来源：青川日报</div>'
        f'<div class="article"><p>{SENTENCES[0]}</p><p class="pictext">青川云岭劳务协作签约</p><p>{SENTENCES[1]}</p>'
        + "".join(f"<p>第{n}批{SENTENCES[1]}</p>" for n in range(1, 5)) + "</div></body></html>"
    )
    page = parse_page(html, fmt="html")
    assert page.body.split("\n\n")[0] == SENTENCES[0] and "青川云岭劳务协作签约" not in page.body
    assert all(s in page.body for s in SENTENCES)


def test_government_url_meta_tag_is_the_page_url() -> None:
    html = (
        '<html><head><meta name="Url" content="http://www.ql.gov.cn/zwgk/1.html"><meta name="PubDate" content="2021-06-22 09:30">'
        '<meta name="ContentSource" content="青川县人民政府"></head><body><h1>青川云岭劳务协作签约</h1>'
        + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</body></html>"
    )
    page = parse_page(html, fmt="html")
    assert (page.source_url, str(page.date), page.publisher) == ("http://www.ql.gov.cn/zwgk/1.html", "2021-06-22", "青川县人民政府")


def test_a_layout_table_is_read_as_paragraphs() -> None:
    cell = "".join(f"<p>{s}</p>" for s in SENTENCES)
    html = (
        f'{HTML_HEAD}<table><tr><td class="title">青川云岭劳务协作签约</td></tr><tr><td>2023年04月07日10:31 | 来源：青川日报</td></tr>'
        f"<tr><td>{cell}</td></tr><tr><td>分享到：微信 微博</td></tr></table></body></html>"
    )
    page = parse_page(html, fmt="html")
    assert page.body.split("\n\n") == SENTENCES and str(page.date) == "2023-04-07"


def test_a_data_table_inside_the_article_does_not_end_it() -> None:
    # Its rows stay in the body, one a line (tests/test_pages_tables.py); the text after it stays.
    rows = "".join(f"<tr><td>{county}</td><td>{amount}万元</td></tr>" for county, amount in (("云岭县", 2100), ("石门县", 1800)))
    html = (
        f'{HTML_HEAD}<h1>青川云岭劳务协作签约</h1><div class="info">2023-04-07 来源：青川日报</div><div class="article">'
        + "".join(f"<p>{s}</p>" for s in SENTENCES) + f"<table>{rows}</table><p>{SENTENCES[0][:-1]}，今年还将继续。</p></div></body></html>"
    )
    page = parse_page(html, fmt="html")
    assert all(s in page.body for s in SENTENCES) and "今年还将继续。" in page.body
    assert "云岭县｜2100万元\n\n石门县｜1800万元" in page.body and not any("2100万元" in d.line for d in page.dropped)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("作者：张一鸣", "张一鸣"), ("记者：张一鸣 通讯员：李四", "张一鸣"), ("文字：陈思远 编辑：刘一鸣", "陈思远"),
        ("文｜张一鸣 王磊", "张一鸣、王磊"), ("编辑 | 刘一鸣", None), ("编辑 刘一鸣 审核 冯嘉", None), ("摄影：王磊", None),
        ("本文来自【青川新闻客户端】", None), ("返回青川网，查看更多", None), ("（本文来源：青川日报）", None),
    ],
)
def test_lines_closing_the_article_are_dropped(line: str, author: str | None) -> None:
    page = parse_page(f"青川云岭劳务协作签约\n2023-04-07 来源：青川日报\n{TEXT_BODY}\n{line}\n", fmt="text")
    assert _flat(page.body) == "".join(SENTENCES) and page.author == author


@pytest.mark.parametrize(
    "line", ["展开全文", "展开剩余 72%", "打开APP阅读全文", "图为云岭县的协作车间。记者 张一鸣 摄", "两地签约现场（张一鸣 摄）"],
)
def test_prompts_and_captions_inside_the_article_are_dropped_not_its_end(line: str) -> None:
    page = parse_page(f"青川云岭劳务协作签约\n2023-04-07 来源：青川日报\n{SENTENCES[0]}\n{line}\n{SENTENCES[1]}\n", fmt="text")
    assert _flat(page.body) == "".join(SENTENCES)
    assert any(d.line == line and d.reason in ("photo caption", "expand/app prompt") for d in page.dropped)


_PARAS = "".join(f"<p>{s}</p>" for s in SENTENCES)


@pytest.mark.parametrize(
    ("header", "publisher", "author"),
    [
        # date and outlet in separate tags: the outlet's name alone next to the dateline
        ('<div><span class="date">2023年04月07日 10:31</span></div><div><a class="source">青川日报</a></div>', "青川日报", None),
        ('<div class="info">青川网 | 2023年04月07日 19:30</div>', "青川网", None),
        ('<div class="info">2023-04-07 10:31 · 青川日报</div>', "青川日报", None),
        # spans saved without a space: the source stops where the next label starts
        ('<div><span>2023-04-07 10:31</span><span>来源：光明网-《青川日报》</span><span>作者：张一鸣</span></div>',
         "光明网-《青川日报》", "张一鸣"),
        # bars between spans
        ('<div><span>来源：青川县人民政府办公室</span> | <span>发布时间：2023-04-07 10:31</span> | <span>阅读次数：123</span></div>',
         "青川县人民政府办公室", None),
    ],
)
def test_html_header_layouts(header: str, publisher: str, author: str | None) -> None:
    html = f"{HTML_HEAD}<h1>青川云岭劳务协作签约</h1>{header}<div class=\"article\">{_PARAS}</div></body></html>"
    page = parse_page(html, fmt="html")
    assert (str(page.date), page.publisher, page.author) == ("2023-04-07", publisher, author)
    assert page.body.split("\n\n") == SENTENCES


def test_a_place_after_the_time_is_not_the_publisher() -> None:
    page = parse_page(f"青川云岭劳务协作签约\n2024-03-15 18:02 陕西\n来源：青川日报\n{TEXT_BODY}\n", fmt="text")
    assert page.publisher == "青川日报" and _flat(page.body) == "".join(SENTENCES)


def test_a_logo_in_h1_is_not_the_headline() -> None:
    html = (
        '<html><head><title>青川云岭劳务协作签约_青川日报</title><link rel="canonical" href="https://example.cn/1.html"></head>'
        '<body><div class="logo"><h1>青川日报</h1></div><div class="art"><h2>青川云岭劳务协作签约</h2>'
        f'<div class="info">2023-04-07 来源：青川日报</div>{_PARAS}</div></body></html>'
    )
    page = parse_page(html, fmt="html")
    assert page.title == "青川云岭劳务协作签约" and page.body.split("\n\n") == SENTENCES


def test_a_notice_above_the_headline_of_a_copied_page() -> None:
    text = (
        "青川日报\n首页 新闻 县区 专题 视频\n通知：本网站将于今晚22时至24时进行系统维护，届时暂停访问。\n滚动新闻\n"
        f"青川召开防汛工作会议\n青川云岭劳务协作签约\n2023-04-07 来源：青川日报\n{TEXT_BODY}\n相关新闻\n青川召开防汛工作会议\n"
    )
    page = parse_page(text, fmt="text")
    assert (page.title, str(page.date)) == ("青川云岭劳务协作签约", "2023-04-07") and _flat(page.body) == "".join(SENTENCES)


TW_SENTENCES = ["青川市與雲嶺縣簽訂勞務協作協議，今年幫助300名群眾到青川就業。", "兩地還將共建技能培訓基地，每年培訓技術工人500名以上。"]
TW_HEAD = "青川雲嶺勞務協作簽約\n2023-04-07 來源：青川日報\n"


@pytest.mark.parametrize(
    "line",
    ["字級：小 中 大", "列印", "【列印】【關閉視窗】", "上一則：青川召開防汛會議", "下一則", "更多新聞", "看更多", "訂閱電子報",
     "加入LINE好友", "(中央社記者張一鳴台北7日電)"],
)
def test_traditional_chrome_after_the_article(line: str) -> None:
    page = parse_page(f"{TW_HEAD}{TW_SENTENCES[0]}\n{TW_SENTENCES[1]}\n{line}\n", fmt="text")
    assert _flat(page.body) == "".join(TW_SENTENCES)


@pytest.mark.parametrize(
    ("opening", "author"),
    [("【大公報訊】記者張一鳴報道：", "張一鳴"), ("（中央社記者張一鳴台北7日電）", None), ("中央社台北7日電 ", None),
     ("新華社西安7日電（記者 張一鳴）", "張一鳴")],
)
def test_traditional_notes_opening_the_story(opening: str, author: str | None) -> None:
    page = parse_page(f"{TW_HEAD}{opening}{TW_SENTENCES[0]}\n{TW_SENTENCES[1]}\n", fmt="text")
    assert _flat(page.body) == "".join(TW_SENTENCES) and page.author == author


@pytest.mark.parametrize(
    "header",
    ["——今年帮助300名群众就业\n2023-04-07 来源：青川日报", "2023-04-07 来源：青川日报\n——今年帮助300名群众就业",
     "2023-04-07 来源：青川日报\n—— 记两地协作中的劳务工作站"],
)
def test_a_dash_led_subtitle_is_neither_the_title_nor_the_body(header: str) -> None:
    page = parse_page(f"青川云岭劳务协作签约\n{header}\n{TEXT_BODY}\n", fmt="text")
    assert (page.title, str(page.date)) == ("青川云岭劳务协作签约", "2023-04-07") and _flat(page.body) == "".join(SENTENCES)


def test_a_dated_list_item_after_the_article_is_not_taken_for_the_headline() -> None:
    text = f"{TEXT_BODY}\n{SENTENCES[0][:-1]}，两地签约。\n相关新闻\n青川召开防汛工作会议\n2023-04-01 来源：青川日报\n"
    page = parse_page(text, fmt="text")
    assert page.title == "" and SENTENCES[0] in page.body


def test_a_header_the_extractor_moved_below_the_body_is_dropped() -> None:
    html = (
        '<html><head><meta property="og:url" content="https://example.cn/a/1"></head><body>'
        '<div class="text-title"><h1>青川云岭劳务协作签约</h1><div class="article-info"><span class="time">2023-04-07 10:31</span>'
        f'<span>来源: <a>青川日报</a></span></div></div><article class="article">{_PARAS}'
        f"<p>{SENTENCES[0][:-1]}，今年还将继续。</p></article><div>阅读 (1234)</div></body></html>"
    )
    page = parse_page(html, fmt="html")
    assert "来源" not in page.body and "阅读" not in page.body and page.body.split("\n\n")[:2] == SENTENCES


def test_an_interview_line_with_a_date_is_kept() -> None:
    line = "记者：2023年4月7日签约后，第一批工人什么时候上岗？"
    page = parse_page(f"青川云岭劳务协作签约\n2023-04-07 来源：青川日报\n{TEXT_BODY}\n{line}\n{SENTENCES[0]}\n", fmt="text")
    assert line in page.body


@pytest.mark.parametrize("line", ["阅读（1234）", "浏览：[1234]次", "点赞(12) 评论(3)"])
def test_bracketed_counters_are_dropped(line: str) -> None:
    page = parse_page(f"青川云岭劳务协作签约\n2023-04-07 来源：青川日报\n{TEXT_BODY}\n{line}\n", fmt="text")
    assert _flat(page.body) == "".join(SENTENCES)


def test_a_date_under_the_article_dates_a_page_that_has_none_above() -> None:
    page = parse_page(f"青川云岭劳务协作签约\n{TEXT_BODY}\n2023年4月7日\n", fmt="text")
    assert str(page.date) == "2023-04-07" and _flat(page.body) == "".join(SENTENCES)


# --------------------------------------------------------------------------------------------
# Two-digit years: read as 20YY in a dateline, never from a figure in the text


@pytest.mark.parametrize(
    ("dateline", "when", "publisher"),
    [
        ("23-04-07 10:21", "2023-04-07", None),
        ("发布时间：23-04-07", "2023-04-07", None),
        ("发布时间：23-04-07 10:21:05　来源：青川日报", "2023-04-07", "青川日报"),
        ("青川日报 23-04-07 10:21", "2023-04-07", "青川日报"),
        ("来源：青川日报 23/04/07", "2023-04-07", "青川日报"),
        ("時間：23.04.07　來源：青川日報", "2023-04-07", "青川日報"),
    ],
)
def test_a_two_digit_year_in_the_dateline_is_read(dateline: str, when: str, publisher: str | None) -> None:
    page = parse_page(f"青川云岭劳务协作签约\n{dateline}\n{TEXT_BODY}\n", fmt="text")
    assert (str(page.date), page.publisher) == (when, publisher)
    assert _flat(page.body) == "".join(SENTENCES)


def test_a_two_digit_year_in_an_html_dateline_is_read() -> None:
    html = f'{HTML_HEAD}<h1>青川云岭劳务协作签约</h1><div class="info"><span>23-04-07 10:31</span> | <span>来源：青川日报</span></div>{_PARAS}</body></html>'
    page = parse_page(html, fmt="html")
    assert (str(page.date), page.publisher) == ("2023-04-07", "青川日报") and page.body.split("\n\n") == SENTENCES


@pytest.mark.parametrize(
    "line",
    ["两地按3-4-5的比例分担资金。", "编号为23-04-07的项目已经完工。", "3-4-5", "23-4-7", "12-05-06号楼"],
)
def test_figures_in_the_text_are_not_a_two_digit_date(line: str) -> None:
    page = parse_page(f"青川云岭劳务协作签约\n{SENTENCES[0]}\n{line}\n{SENTENCES[1]}\n", fmt="text")
    assert page.date is None and line in page.body
