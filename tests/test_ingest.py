"""Ingestion: saved pages (text, HTML, Markdown) → clean articles in the knowledge base."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

from xbbot.errors import DuplicateArticleError, IngestError
from xbbot.ingest import (
    PageOverrides,
    ParsedPage,
    add_articles,
    article_id_for,
    date_from_url,
    detect_format,
    is_chrome,
    parse_page,
    text_key,
)
from xbbot.knowledge import load_article, load_articles

DATA = Path(__file__).resolve().parent / "data"
HTML_PAGE = DATA / "xubao.html"

TITLE = "关中平原写下“徐宝一家亲” ——牵手3年,徐宝扶贫协作成效显著"
URL = "http://www.86hh.com/news/yaowen/2019-08-16/437987.html"
HEADINGS = [
    ("3年扶贫协作", "助力2万贫困群众增收"),
    ("深化产业合作", "增强挖掘发展潜力"),
    ("汇集徐州力量", "扶贫协作结出累累硕果"),
]
CHROME_MARKERS = [
    "当前位置", "首页", "资讯频道", "本网资讯", "免责声明", "责任编辑", "管理员", "扫描关注", "公众号",
    "本文地址", "http", "版权", "文章关键词", "关于我们", "About Us", "工作人员查询", "广告服务", "加盟代理",
    "网站地图", "手机版", "Copyright", "All Rights Reserved", "ICP", "苏B2", "公网安备", "联系地址",
    "西都大厦", "联系电话", "QQ", "541440872", "投稿邮箱", "法律顾问", "律师事务所", "0516-85752568",
    "ZGJSXZ@sina.com", "86hh", "86HH", "黄淮网",
]
# Page furniture that only the HTML fixture has.
HTML_ONLY_MARKERS = [
    "欢迎访问", "登录", "热门文章", "徐州地铁", "云龙湖", "字号", "点击", "1024", "分享到", "QQ空间",
    "上一篇", "下一篇", "安全生产", "相关阅读", "签约仪式", "推荐阅读", "淮海经济区中心城市", "_hmt",
    "document.write", "jquery", "$(", "font-family", "发布时间", "09:12",
]


def article_lines(seed: str) -> list[str]:
    """The article region of the seed page, derived from the page: after the byline, before the disclaimer."""
    lines = [line.strip() for line in seed.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if "记者" in line) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("免责声明"))
    return lines[start:end]


def sentences(lines: list[str]) -> list[str]:
    """Every sentence of `lines`, split after 。, each kept whole."""
    return [s for line in lines for s in re.findall(r"[^。]+。?", line) if s.strip()]


@pytest.fixture(scope="module")
def seed_page(request: pytest.FixtureRequest) -> ParsedPage:
    return parse_page(request.getfixturevalue("seed_text"))


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    path = tmp_path_factory.mktemp("pages") / "seed.txt"
    path.write_text(request.getfixturevalue("seed_text"), encoding="utf-8")
    return path


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------------------------
# The seed page as plain text


def test_seed_metadata(seed_page: ParsedPage) -> None:
    assert seed_page.title == TITLE
    assert seed_page.date == date(2019, 8, 16)
    assert seed_page.author == "魏宁"
    assert seed_page.publisher == "徐州日报"
    assert seed_page.source_url == URL


@pytest.mark.parametrize("marker", CHROME_MARKERS)
def test_seed_body_has_no_chrome(seed_page: ParsedPage, marker: str) -> None:
    assert marker not in seed_page.body


def test_seed_body_keeps_every_sentence(seed_text: str, seed_page: ParsedPage) -> None:
    expected = sentences(article_lines(seed_text))
    assert len(expected) > 30
    missing = [s for s in expected if s not in seed_page.body]
    assert missing == []


def test_seed_body_keeps_the_sources_typos(seed_page: ParsedPage) -> None:
    assert "良好平合。" in seed_page.body and "贫因地区" in seed_page.body
    assert "良好平台" not in seed_page.body and "贫困地区脱贫发展" not in seed_page.body


def test_seed_body_is_the_article_and_nothing_else(seed_text: str, seed_page: ParsedPage) -> None:
    # Once headings are unwrapped, the body's lines are exactly the article region's lines.
    body_lines = [line.removeprefix("## ") for line in seed_page.body.split("\n\n")]
    joined = [" ".join(h) for h in HEADINGS]
    expected = []
    for line in article_lines(seed_text):
        if line in {h[1] for h in HEADINGS}:
            continue
        heading = next((" ".join(h) for h in HEADINGS if h[0] == line), None)
        expected.append(heading or line)
    assert body_lines == expected
    assert set(joined) <= set(body_lines)


def test_seed_title_and_byline_leave_the_body(seed_page: ParsedPage) -> None:
    assert TITLE not in seed_page.body and "徐宝一家亲" not in seed_page.body
    assert "记者" not in seed_page.body and "魏宁" not in seed_page.body
    assert seed_page.body.startswith("同是历史文化名城")
    assert seed_page.body.endswith("作出不懈努力。")


def test_seed_headings_are_joined_pairs(seed_page: ParsedPage) -> None:
    headings = [line for line in seed_page.body.splitlines() if line.startswith("#")]
    assert headings == [f"## {a} {b}" for a, b in HEADINGS]


def test_seed_body_layout(seed_page: ParsedPage) -> None:
    body = seed_page.body
    assert body == body.strip()
    assert "\n\n\n" not in body
    # Every paragraph is one line, separated from the next by exactly one blank line.
    assert all(part and "\n" not in part for part in body.split("\n\n"))
    assert len(body.split("\n\n")) == 13 + len(HEADINGS)


def test_seed_parses_the_same_with_windows_line_endings_and_indentation(seed_text: str, seed_page: ParsedPage) -> None:
    messy = "\ufeff" + "\r\n".join("\u3000\u3000" + line + "  " for line in seed_text.splitlines())
    assert parse_page(messy, fmt="text") == seed_page


def test_seed_is_detected_as_text(seed_text: str) -> None:
    assert detect_format(seed_text) == "text"


# --------------------------------------------------------------------------------------------
# The same article as an HTML page


@pytest.fixture(scope="module")
def html_page() -> ParsedPage:
    return parse_page(HTML_PAGE.read_text(encoding="utf-8"))


def test_html_gives_the_same_body(html_page: ParsedPage, seed_page: ParsedPage) -> None:
    assert html_page.body == seed_page.body


def test_html_metadata(html_page: ParsedPage) -> None:
    assert (html_page.title, html_page.date, html_page.source_url) == (TITLE, date(2019, 8, 16), URL)
    assert (html_page.author, html_page.publisher) == ("魏宁", "徐州日报")


@pytest.mark.parametrize("marker", CHROME_MARKERS + HTML_ONLY_MARKERS)
def test_html_body_has_no_chrome(html_page: ParsedPage, marker: str) -> None:
    assert marker not in html_page.body


def test_html_is_detected() -> None:
    assert detect_format(HTML_PAGE.read_text(encoding="utf-8")) == "html"
    assert detect_format("plain", Path("page.htm")) == "html"


def test_html_uses_meta_tags_and_strips_site_suffix() -> None:
    page = parse_page(
        """<html><head><title>宝鸡猕猴桃走进徐州超市_黄淮网</title>
        <meta property="og:url" content="https://example.cn/a/137.html">
        <meta name="pubdate" content="2020-10-05 08:00:00">
        <meta name="author" content="张三">
        <meta property="og:site_name" content="黄淮网"></head>
        <body><div class="crumbs">您的位置：首页 &gt; 新闻</div>
        <div class="text"><h2>产销对接</h2><p>宝鸡猕猴桃今年首次走进徐州超市。</p>
        <p>销售额达到120万元。</p></div>
        <div>责任编辑：李四</div></body></html>"""
    )
    assert page.title == "宝鸡猕猴桃走进徐州超市"
    assert page.date == date(2020, 10, 5)
    assert (page.source_url, page.author, page.publisher) == ("https://example.cn/a/137.html", "张三", "黄淮网")
    assert page.body == "## 产销对接\n\n宝鸡猕猴桃今年首次走进徐州超市。\n\n销售额达到120万元。"


def test_html_canonical_and_json_ld() -> None:
    page = parse_page(
        """<!doctype html><html><head>
        <link rel="canonical" href="https://news.example.cn/2021/0302/55.shtml">
        <script type="application/ld+json">{"@type": "NewsArticle", "headline": "x", "datePublished": "2021-03-01T10:00:00+08:00"}</script>
        </head><body><h1>两地签订劳务协作协议</h1><p>来源：宝鸡日报</p>
        <p>两地签订劳务协作协议，帮助500名贫困人口就业。</p></body></html>"""
    )
    assert page.source_url == "https://news.example.cn/2021/0302/55.shtml"
    assert page.date == date(2021, 3, 1)  # the published date beats the date in the URL
    assert page.publisher == "宝鸡日报"
    assert page.body == "两地签订劳务协作协议，帮助500名贫困人口就业。"


# --------------------------------------------------------------------------------------------
# General chrome handling, beyond the seed's site

OTHER_PAGE = """\
网站首页 | 新闻中心 | 政务公开 | 办事服务 | 互动交流
您现在的位置：首页 >> 扶贫协作 >> 工作动态

陕西宝鸡：苏陕协作助推产业升级

2020年6月3日 10:20  来源：宝鸡日报  作者：张三  阅读：356
【字号：大 中 小】【打印】【关闭】

今年以来，苏陕协作资金重点支持产业项目。

项目建设
稳步推进

全市已开工项目21个，完成投资3.2亿元。企业加强知识产权和版权保护，联系电话12345的热线服务也已开通。

群众可关注“宝鸡扶贫”微信公众号了解详情。

（完）

分享到：微信 微博 QQ空间
上一篇：宝鸡召开扶贫工作推进会
下一篇：徐州援建学校竣工
相关新闻
宝鸡苏陕协作工作会议召开
扫码关注我们
版权所有：宝鸡市人民政府  陕ICP备05001626号
网站标识码6103000001  技术支持：某某公司
"""


def test_other_site_chrome_is_removed_and_text_kept() -> None:
    page = parse_page(OTHER_PAGE)
    assert page.title == "陕西宝鸡：苏陕协作助推产业升级"
    assert (page.date, page.publisher, page.author) == (date(2020, 6, 3), "宝鸡日报", "张三")
    assert page.source_url is None
    assert page.body == (
        "今年以来，苏陕协作资金重点支持产业项目。\n\n"
        "## 项目建设 稳步推进\n\n"
        "全市已开工项目21个，完成投资3.2亿元。企业加强知识产权和版权保护，联系电话12345的热线服务也已开通。\n\n"
        "群众可关注“宝鸡扶贫”微信公众号了解详情。"
    )
    # The end mark closes the article; it is not a sentence of it.
    assert "（完）" not in page.body


@pytest.mark.parametrize(
    "line",
    [
        "当前位置:首页 > 资讯频道 > 本网资讯 > 正文",
        "首页 > 新闻 > 正文",
        "（责任编辑：王五）",
        "编辑：赵六",
        "免责声明     责任编辑:管理员",
        "扫码关注我们",
        "本文地址:http://www.86hh.com/news/yaowen/2019-08-16/437987.html",
        "原文链接：https://example.cn/1.html",
        "版权所有 © 某某日报社",
        "Copyright © 2009 - 2019 黄淮网(WWW.86HH.COM). All Rights Reserved",
        "文章关键词:",
        "关键词：扶贫 协作",
        "关于我们(About Us) | 工作人员查询 | 免责声明 | 广告服务 | 联系我们 | 手机版",
        "苏ICP备18039698号-1",
        "苏公网安备 32031102000168号",
        "联系地址:江苏省徐州市泉山区西都大厦4层",
        "客服QQ:541440872",
        "投稿邮箱: ZGJSXZ@sina.com",
        "黄淮网法律顾问:江苏淮海明镜律师事务所 田原主任",
        "分享到：",
        "上一篇：徐州召开会议",
        "相关阅读",
        "【打印】",
        "返回顶部",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "同是历史文化名城、区域性中心城市、“一带一路”重要节点城市,徐州与宝鸡,因为扶贫协作,走得更近。",
        "3年扶贫协作",
        "企业加强知识产权和版权保护。",
        "请拨打联系电话：0917-3214567。",
        "首页设计由两地学生共同完成。",
        "分享经验是两地干部交流的重要内容。",
        "相关部门将继续加大帮扶力度。",
    ],
)
def test_article_lines_are_not_chrome(line: str) -> None:
    assert not is_chrome(line)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (URL, date(2019, 8, 16)),
        ("http://www.news.cn/politics/2019-08/16/c_1124885.htm", date(2019, 8, 16)),
        ("http://paper.example.cn/html/201908/16/content_3.htm", date(2019, 8, 16)),
        ("http://www.gov.cn/xinwen/t20190816_437987.html", date(2019, 8, 16)),
        ("http://www.86hh.com/news/437987.html", None),
        ("http://example.cn/2019-02-30/1.html", None),
        (None, None),
    ],
)
def test_date_from_url(url: str | None, expected: date | None) -> None:
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    "dateline",
    ["2019年8月16日 星期五", "发布时间：2019-08-16 10:23", "2019/8/16", "日期：2019.08.16"],
)
def test_date_line_under_title(dateline: str) -> None:
    page = parse_page(f"徐宝两市签署协议\n{dateline}\n两市签署了电子商务战略协议。\n")
    assert (page.title, page.date, page.body) == ("徐宝两市签署协议", date(2019, 8, 16), "两市签署了电子商务战略协议。")


def test_labelled_publish_date_beats_url_date() -> None:
    page = parse_page("标题在这里一行\n正文第一段。\n发布时间：2019-08-17\n本文地址：http://a.cn/2019-08-16/1.html\n")
    assert page.date == date(2019, 8, 17)
    assert page.source_url == "http://a.cn/2019-08-16/1.html"
    assert page.body == "正文第一段。"


def test_source_note_after_the_article() -> None:
    page = parse_page("两地共建产业园\n2019-08-16\n两地共建产业园区。\n（来源：宝鸡日报）\n责任编辑：王五\n")
    assert (page.body, page.publisher) == ("两地共建产业园区。", "宝鸡日报")


def test_byline_variants() -> None:
    page = parse_page("两地共建产业园\n本报记者 张三 李四 通讯员 王五\n两地共建产业园区。\n")
    assert (page.author, page.publisher) == ("张三、李四", None)


# --------------------------------------------------------------------------------------------
# Markdown with front matter

MARKDOWN = """\
---
id: 20200101-test
title: 徐州援建学校竣工
date: 2020-01-01
source_url: https://example.cn/2020/01/01/9.html
publisher: 宝鸡日报
author: 张三
---

徐州援建的学校竣工。

## 教学设施

新学校可容纳600名学生。
"""


def test_markdown_front_matter_is_metadata() -> None:
    page = parse_page(MARKDOWN)
    assert page == ParsedPage(
        title="徐州援建学校竣工",
        date=date(2020, 1, 1),
        author="张三",
        source_url="https://example.cn/2020/01/01/9.html",
        publisher="宝鸡日报",
        body="徐州援建的学校竣工。\n\n## 教学设施\n\n新学校可容纳600名学生。",
        id="20200101-test",
    )


def test_markdown_bad_front_matter() -> None:
    with pytest.raises(IngestError, match="not a date"):
        parse_page(MARKDOWN.replace("date: 2020-01-01", "date: soon"))
    with pytest.raises(IngestError, match="mapping"):
        parse_page("---\n- a list\n---\nbody\n", fmt="markdown")
    with pytest.raises(IngestError, match="front matter"):
        parse_page("no front matter here", fmt="markdown")


def test_markdown_without_title_is_rejected_on_add(tmp_path: Path) -> None:
    md = tmp_path / "a.md"
    md.write_text(MARKDOWN.replace("title: 徐州援建学校竣工\n", ""), encoding="utf-8")
    with pytest.raises(IngestError, match=r"a\.md: no title .*--title"):
        add_articles([md], tmp_path / "kb")


def test_markdown_round_trip(tmp_path: Path, seed_file: Path, seed_page: ParsedPage) -> None:
    first = add_articles([seed_file], tmp_path / "kb1", PageOverrides(article_id="20190816-xubao"))[0]
    written = first.path.read_text(encoding="utf-8")
    again = parse_page(written)
    assert again == ParsedPage(**{**seed_page.__dict__, "id": "20190816-xubao"})
    second = add_articles([first.path], tmp_path / "kb2")[0]
    assert second.id == "20190816-xubao"
    assert second.path.read_text(encoding="utf-8") == written


# --------------------------------------------------------------------------------------------
# Adding articles


def test_add_writes_a_loadable_article(tmp_path: Path, seed_file: Path, seed_page: ParsedPage) -> None:
    kb = tmp_path / "kb"
    [result] = add_articles([seed_file], kb)
    assert re.fullmatch(r"20190816-[0-9a-f]{8}", result.id)
    assert result.id == article_id_for(date(2019, 8, 16), seed_page.body)
    assert result.path == kb / "articles" / f"{result.id}.md"
    assert (result.title, result.date, result.chars) == (TITLE, date(2019, 8, 16), len(seed_page.body))
    article = load_articles(kb)[result.id]
    assert (article.title, article.date, article.author, article.publisher, article.source_url) == (
        TITLE, date(2019, 8, 16), "魏宁", "徐州日报", URL,
    )
    assert article.body == seed_page.body
    # No temporary files are left behind.
    assert [p.name for p in (kb / "articles").iterdir()] == [f"{result.id}.md"]


def test_add_overrides_win(tmp_path: Path, seed_file: Path) -> None:
    [result] = add_articles(
        [seed_file], tmp_path / "kb",
        PageOverrides(article_id="custom-id", title="新标题", date="2019-08-17", author="另一位记者",
                      url="https://example.cn/x.html", publisher="宝鸡日报"),
    )
    article = load_article(result.path)
    assert (article.id, article.title, article.date, article.author, article.source_url, article.publisher) == (
        "custom-id", "新标题", date(2019, 8, 17), "另一位记者", "https://example.cn/x.html", "宝鸡日报",
    )


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("没有日期的标题行\n正文第一段。\n本文地址：http://a.cn/1.html\n来源：宝鸡日报\n", r"no date .*--date"),
        ("\n", r"no title or date .*--title and --date"),
        ("标题在这里一行\n2019-08-16\n正文第一段。\n", r"no source url or publisher .*--url and --publisher"),
    ],
)
def test_add_names_the_missing_field_and_its_option(tmp_path: Path, page: str, message: str) -> None:
    src = tmp_path / "page.txt"
    src.write_text(page, encoding="utf-8")
    with pytest.raises(IngestError, match=r"page\.txt: " + message):
        add_articles([src], tmp_path / "kb")
    assert not (tmp_path / "kb").exists()


def test_add_missing_date_can_be_given(tmp_path: Path) -> None:
    src = tmp_path / "page.txt"
    src.write_text("没有日期的标题行\n正文第一段。\n", encoding="utf-8")
    [result] = add_articles([src], tmp_path / "kb", PageOverrides(date=date(2020, 5, 1), url="http://a.cn/1", publisher="某报"))
    assert result.id.startswith("20200501-")


def test_add_twice_is_a_duplicate_and_changes_nothing(tmp_path: Path, seed_file: Path) -> None:
    kb = tmp_path / "kb"
    [first] = add_articles([seed_file], kb)
    before = snapshot(kb)
    with pytest.raises(DuplicateArticleError) as err:
        add_articles([seed_file], kb)
    assert err.value.existing_id == first.id
    with pytest.raises(DuplicateArticleError):
        add_articles([seed_file], kb, PageOverrides(article_id="another-id"))
    assert snapshot(kb) == before


def test_duplicate_despite_whitespace_width_and_format(tmp_path: Path, seed_file: Path, seed_text: str) -> None:
    kb = tmp_path / "kb"
    add_articles([seed_file], kb)
    before = snapshot(kb)
    # Full-width digits and commas, extra spaces, doubled blank lines: still the same article.
    wide = "".join(_widen(c) for c in seed_text)
    messy = wide.replace("\n\n", "\n\n\n").replace("。", " 。 ")
    src = tmp_path / "wide.txt"
    src.write_text(messy, encoding="utf-8")
    with pytest.raises(DuplicateArticleError):
        add_articles([src], kb, PageOverrides(date="2019-08-16", url=URL, publisher="徐州日报"))
    with pytest.raises(DuplicateArticleError):
        add_articles([HTML_PAGE], kb)
    assert snapshot(kb) == before


def _widen(c: str) -> str:
    """ASCII digit or comma → its full-width form."""
    return chr(ord(c) + 0xFEE0) if c.isdigit() or c == "," else c


def test_existing_id_with_other_text_needs_replace(tmp_path: Path, seed_file: Path) -> None:
    kb = tmp_path / "kb"
    add_articles([seed_file], kb, PageOverrides(article_id="20190816-xubao"))
    other = tmp_path / "other.md"
    other.write_text(MARKDOWN, encoding="utf-8")
    before = snapshot(kb)
    with pytest.raises(IngestError, match="already exists.*--replace"):
        add_articles([other], kb, PageOverrides(article_id="20190816-xubao"))
    assert snapshot(kb) == before
    [result] = add_articles([other], kb, PageOverrides(article_id="20190816-xubao"), replace=True)
    assert load_article(result.path).title == "徐州援建学校竣工"


def test_batch_is_all_or_nothing(tmp_path: Path, seed_file: Path) -> None:
    kb = tmp_path / "kb"
    good = tmp_path / "good.md"
    good.write_text(MARKDOWN, encoding="utf-8")
    with pytest.raises(DuplicateArticleError):
        add_articles([good, seed_file, seed_file], kb)
    assert not (kb / "articles").exists() or not any((kb / "articles").iterdir())
    results = add_articles([good, seed_file], kb)
    assert [r.id for r in results][0] == "20200101-test"
    assert len(load_articles(kb)) == 2


def test_id_option_takes_one_file(tmp_path: Path, seed_file: Path) -> None:
    with pytest.raises(IngestError, match="--id"):
        add_articles([seed_file, seed_file], tmp_path / "kb", PageOverrides(article_id="x"))


def test_page_overrides_are_read_once_and_frozen() -> None:
    given = PageOverrides(date="2019-08-17", url="https://example.cn/x.html", publisher="宝鸡日报")
    assert given.date == date(2019, 8, 17)
    assert given.metadata() == {"date": date(2019, 8, 17), "source_url": "https://example.cn/x.html", "publisher": "宝鸡日报"}
    assert PageOverrides().metadata() == {} and PageOverrides().fmt == "auto"
    with pytest.raises(dataclasses.FrozenInstanceError):
        given.title = "另一个标题"  # type: ignore[misc]
    with pytest.raises(IngestError, match="--date '16/08/2019' is not a date"):
        PageOverrides(date="16/08/2019")


def test_bad_inputs(tmp_path: Path, seed_file: Path) -> None:
    with pytest.raises(IngestError, match="--date"):
        add_articles([seed_file], tmp_path / "kb", PageOverrides(date="16/08/2019"))
    with pytest.raises(IngestError, match="not valid"):
        add_articles([seed_file], tmp_path / "kb", PageOverrides(article_id="../evil"))
    with pytest.raises(IngestError, match="cannot read"):
        add_articles([tmp_path / "missing.txt"], tmp_path / "kb")
    with pytest.raises(IngestError, match="format"):
        parse_page("x", fmt="pdf")  # type: ignore[arg-type]


def test_gb18030_input(tmp_path: Path, seed_text: str, seed_page: ParsedPage) -> None:
    src = tmp_path / "gbk.txt"
    src.write_bytes(seed_text.encode("gb18030"))
    [result] = add_articles([src], tmp_path / "kb")
    assert load_article(result.path).body == seed_page.body


def test_text_key_ignores_width_space_punctuation_and_script() -> None:
    assert text_key("徐州 与 宝鸡，２０１６年。") == text_key("徐州與宝鸡,2016年")
    assert text_key("## 3年扶贫协作") == text_key("3年扶贫协作")
    assert text_key("平合") != text_key("平台")
