"""Reading pages from other news sites: the fixture pages, date forms, chrome, scripts, size, loss."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from xbbot.cli import cli
from xbbot.errors import IngestError
from xbbot.ingest import PageOverrides, add_articles, preview_pages
from xbbot.knowledge import load_articles
from xbbot.pages import ParsedPage, is_chrome, parse_markdown, parse_page, text_key
from xbbot.pages.html import MAX_TRAFILATURA_ELEMENTS

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "data" / "pages"
ARTICLES = ROOT / "tests" / "eval" / "multi" / "knowledge" / "articles"
EXPECTS = sorted(PAGES.glob("*.expect.yaml"))
FLAGS = {"title": "--title", "date": "--date", "source_url": "--url", "publisher": "--publisher"}


def _expect(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _page_file(expect_path: Path) -> Path:
    name = expect_path.name.removesuffix(".expect.yaml")
    fmt = _expect(expect_path)["format"]
    return PAGES / f"{name}.{'html' if fmt == 'html' else 'txt'}"


@pytest.fixture(scope="module", params=EXPECTS, ids=lambda p: p.name.removesuffix(".expect.yaml"))
def fixture(request: pytest.FixtureRequest) -> tuple[dict[str, Any], ParsedPage, Path]:
    expect = _expect(request.param)
    path = _page_file(request.param)
    return expect, parse_page(path.read_text(encoding="utf-8"), fmt=expect["format"]), path


def test_there_are_enough_fixture_pages() -> None:
    formats = [_expect(p)["format"] for p in EXPECTS]
    assert len(EXPECTS) >= 9 and {"text", "html"} <= set(formats)


# --------------------------------------------------------------------------------------------
# Every fixture page: metadata, kept lines, dropped lines, the body equal to the clean article


def test_fixture_metadata(fixture: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = fixture
    got = {
        "title": page.title, "date": page.date.isoformat() if page.date else None, "publisher": page.publisher,
        "author": page.author, "source_url": page.source_url,
    }
    want = {k: (str(expect[k]) if expect.get(k) is not None else None) for k in got}
    assert got == want


def test_fixture_keeps_the_article_lines(fixture: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = fixture
    assert [s for s in expect["kept"] if s not in page.body] == []


def test_fixture_drops_the_chrome(fixture: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = fixture
    assert [s for s in expect["dropped"] if s in page.body] == []
    assert text_key(page.title) not in {text_key(p) for p in page.body.split("\n\n")}


def test_fixture_body_is_the_clean_article(fixture: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = fixture
    article = parse_markdown((ARTICLES / f"{expect['article']}.md").read_text(encoding="utf-8"))
    assert text_key(page.body) == text_key(article.body)
    # Paragraph by paragraph too, so a merged or split paragraph shows up.
    assert [text_key(p) for p in page.body.split("\n\n")] == [text_key(p) for p in article.body.split("\n\n")]


def test_fixture_is_not_refused_and_every_dropped_line_has_a_reason(
    fixture: tuple[dict[str, Any], ParsedPage, Path]
) -> None:
    expect, page, path = fixture
    [preview] = preview_pages([path], PageOverrides(fmt=expect["format"]))
    assert all("not added" not in p for p in preview.problems)
    assert page.dropped and all(d.reason and d.line for d in page.dropped)
    assert any(d.reason == "title" for d in page.dropped)


@pytest.mark.parametrize("expect_path", [p for p in EXPECTS if _expect(p).get("missing")], ids=lambda p: p.name)
def test_fixture_missing_field_names_the_flag(expect_path: Path, tmp_path: Path) -> None:
    expect = _expect(expect_path)
    flags = [FLAGS[field] for field in expect["missing"]]
    with pytest.raises(IngestError, match=" and ".join(flags)):
        add_articles([_page_file(expect_path)], tmp_path / "kb")
    assert not (tmp_path / "kb").exists()
    values = {"date": "2023-11-08", "title": "标题", "url": "https://example.cn/1", "publisher": "某报"}
    given = {k: values[k] for k in ("date", "title", "url", "publisher") if f"--{k}" in flags}
    [result] = add_articles([_page_file(expect_path)], tmp_path / "kb", PageOverrides(**given))
    assert result.path.is_file()


def test_traditional_pages_stay_traditional() -> None:
    tw = parse_page((PAGES / "sanqin-yz-yl-2022-tw.html").read_text(encoding="utf-8"))
    hk = parse_page((PAGES / "takung-wx-ya-2017-hk.txt").read_text(encoding="utf-8"))
    assert "協作資金" in tw.body and "协作资金" not in tw.body
    assert (tw.title, tw.publisher, tw.author) == ("揚榆協作去年投入資金1.38億元 紅棗黑豬產業鏈越拉越長", "陝西日報", "趙雅琴")
    assert "無錫" in hk.body and "无锡" not in hk.body
    assert (hk.publisher, hk.author) == ("大公報", "黃家豪")


# --------------------------------------------------------------------------------------------
# Date forms and metadata lines (own small pages, invented pair 澄湖–岚山)

BODY = "澄湖市与岚山县签订劳务协作协议，帮助300名群众就业。"


@pytest.mark.parametrize(
    ("dateline", "when", "publisher", "author"),
    [
        ("2021-11-12", date(2021, 11, 12), None, None),
        ("2021年11月12日", date(2021, 11, 12), None, None),
        ("2021年11月12日 星期五", date(2021, 11, 12), None, None),
        ("澄湖日报 @2021-11-12 08:41", date(2021, 11, 12), "澄湖日报", None),
        ("发布时间：2021-11-12 08:41", date(2021, 11, 12), None, None),
        ("2021-11-12 08:41:05", date(2021, 11, 12), None, None),
        ("2022-02-17 09:05:12\u3000來源：嵐山日報", date(2022, 2, 17), "嵐山日報", None),
        ("澄湖晨报 2018-06-08 01:09", date(2018, 6, 8), "澄湖晨报", None),
        ("2019年9月18日 07:32 来源：澄湖日报 作者：记者 周明轩", date(2019, 9, 18), "澄湖日报", "周明轩"),
        ("来源：澄湖日报 记者 李佳", None, "澄湖日报", "李佳"),
        ("发布时间：2020-08-03 09:12 信息来源：澄湖市融媒体中心 作者：许文博 浏览次数：1024", date(2020, 8, 3),
         "澄湖市融媒体中心", "许文博"),
        ("本報記者 趙雅琴", None, None, "趙雅琴"),
    ],
)
def test_datelines(dateline: str, when: date | None, publisher: str | None, author: str | None) -> None:
    page = parse_page(f"首页 > 新闻 > 协作\n澄湖岚山劳务协作签约\n{dateline}\n{BODY}\n")
    assert (page.title, page.body) == ("澄湖岚山劳务协作签约", BODY)
    assert (page.date, page.publisher, page.author) == (when, publisher, author)


def test_lead_source_note_is_cut_and_read() -> None:
    page = parse_page(f"澄湖岚山劳务协作签约\n2021-11-12\n澄湖日报讯（记者 宋一鸣）{BODY}\n第二段。\n")
    assert page.body == f"{BODY}\n\n第二段。"
    assert (page.author, page.publisher) == ("宋一鸣", "澄湖日报")
    kept = parse_page(f"澄湖岚山劳务协作签约\n2021-11-12\n本报讯 {BODY}\n")
    assert kept.body == BODY


def test_caption_repeating_the_title_is_dropped_but_sentences_are_not() -> None:
    title = "澄湖岚山劳务协作签约"
    page = parse_page(
        f"{title}\n2021-11-12\n{BODY}\n图为{title}\n{title}（资料图）\n{title} 记者 宋一鸣 摄\n"
        f"{title}仪式上，两地还签订了人才交流协议。\n"
    )
    assert page.body == f"{BODY}\n\n{title}仪式上，两地还签订了人才交流协议。"
    assert sum(d.reason == "caption repeating the title" for d in page.dropped) == 3


@pytest.mark.parametrize(
    "line",
    [
        "字体：【大 中 小】", "【打印】【关闭】", "【打印】 【关闭】", "A- A+ 字号 大 中 小", "字號：", "掃一掃 手機閱讀",
        "微信扫一扫 分享到朋友圈", "主办单位：澄湖市人民政府办公室", "主办：澄湖市人民政府办公室 承办：澄湖市大数据管理中心",
        "大公網 > 新聞 > 中國 > 內地 > 正文", "澄湖融媒 版权所有", "（资料图片）", "（完）", "【我要纠错】 【举报】",
        "24小时热榜", "热点推荐", "扬州日报首页 · 新闻 · 扬州 · 时政 · 电子报", "政府网站标识码：3211810001",
    ],
)
def test_more_chrome_lines(line: str) -> None:
    from xbbot.textnorm import to_simplified

    assert is_chrome(to_simplified(line))


@pytest.mark.parametrize(
    "line",
    ["延安好物·锡城共享", "扫码支付已覆盖全县所有集市。", "版权保护是两地合作的新内容。", "主办方还在现场设置了直播间。",
     "首页设计由两地学生共同完成。"],
)
def test_article_lines_stay(line: str) -> None:
    assert not is_chrome(line)


# --------------------------------------------------------------------------------------------
# Nothing is lost silently

CUT_SHORT = """澄湖岚山劳务协作签约
2021-11-12 来源：澄湖日报
两地签约。
分享到：微信 微博
""" + "\n".join(
    f"第{i}段：澄湖市今年安排对岚山协作资金{i}00万元，其中大部分用于帮扶车间的设备更新和技能培训。" for i in range(1, 9)
)


def test_small_body_is_refused_with_what_was_found(tmp_path: Path) -> None:
    src = tmp_path / "cut.txt"
    src.write_text(CUT_SHORT, encoding="utf-8")
    kb = tmp_path / "kb"
    with pytest.raises(IngestError) as err:
        add_articles([src], kb, PageOverrides(url="https://example.cn/1.html"))
    message = str(err.value)
    assert "cut.txt" in message and "--dry-run" in message and "--force" in message
    assert "两地签约" in message and "第1段" in message  # what it kept, and what it left out
    assert not kb.exists()
    [result] = add_articles([src], kb, PageOverrides(url="https://example.cn/1.html"), force=True)
    assert load_articles(kb)[result.id].body == "两地签约。"


def test_a_short_page_is_not_refused(tmp_path: Path) -> None:
    src = tmp_path / "short.txt"
    src.write_text(f"澄湖岚山劳务协作签约\n2021-11-12 来源：澄湖日报\n{BODY}\n", encoding="utf-8")
    [result] = add_articles([src], tmp_path / "kb", PageOverrides(url="https://example.cn/1.html"))
    assert result.chars == len(BODY)


# --------------------------------------------------------------------------------------------
# The command line: --dry-run, --force, missing fields


def _run(args: list[str], kb: Path) -> Any:
    return CliRunner().invoke(cli, ["--knowledge-dir", str(kb), "add", *args], catch_exceptions=False)


def test_dry_run_prints_everything_and_writes_nothing(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    page = PAGES / "jinshan-zj-wn-2019.txt"
    result = _run(["--dry-run", "--url", "https://example.cn/1.html", str(page)], kb)
    assert result.exit_code == 0
    out = result.output
    assert "渭南党政代表团来镇考察 推动对口协作再上新台阶" in out and "2019-09-18" in out and "周明轩" in out
    assert "9月17日，渭南市委书记高建平率渭南市党政代表团来镇江考察" in out
    assert "[end mark (end of the article)] （完）" in out
    assert "[after the end of the article: editor line] 责任编辑：钱晓雯" in out
    assert "[breadcrumb] 当前位置：首页 > 新闻中心 > 镇江新闻 > 要闻" in out
    assert "add would write this article" in out and "nothing written" in out
    assert not kb.exists()


def test_dry_run_shows_the_refusal_and_force_adds(tmp_path: Path) -> None:
    src = tmp_path / "cut.txt"
    src.write_text(CUT_SHORT, encoding="utf-8")
    kb = tmp_path / "kb"
    dry = _run(["--dry-run", str(src)], kb)
    # It exits 1 like the add it previews would; with --force only the missing URL is left.
    assert dry.exit_code == 1 and "add would refuse" in dry.output and "--url" in dry.output
    assert "--force" in dry.output
    forced_dry = _run(["--dry-run", "--force", "--url", "https://example.cn/1.html", str(src)], kb)
    assert forced_dry.exit_code == 0 and "add would write this article" in forced_dry.output
    assert not kb.exists()
    refused = _run(["--url", "https://example.cn/1.html", str(src)], kb)
    assert refused.exit_code == 1 and "--force" in refused.output
    forced = _run(["--url", "https://example.cn/1.html", "--force", str(src)], kb)
    assert forced.exit_code == 0 and "added" in forced.output


@pytest.mark.parametrize(
    ("page", "flag"),
    [
        ("澄湖岚山劳务协作签约\n来源：澄湖日报\n" + BODY, "--date"),
        ("澄湖岚山劳务协作签约\n2021-11-12\n" + BODY, "--publisher"),
        ("2021-11-12 来源：澄湖日报\n", "--title"),
    ],
)
def test_cli_missing_field_names_the_flag(tmp_path: Path, page: str, flag: str) -> None:
    src = tmp_path / "page.txt"
    src.write_text(page, encoding="utf-8")
    result = _run(["--url", "https://example.cn/1.html", str(src)], tmp_path / "kb")
    assert result.exit_code == 1 and flag in result.output and "page.txt" in result.output


def test_cli_title_flag_sets_the_title(tmp_path: Path) -> None:
    src = tmp_path / "page.txt"
    src.write_text(f"2021-11-12 来源：澄湖日报\n{BODY}\n", encoding="utf-8")
    kb = tmp_path / "kb"
    result = _run(["--url", "https://example.cn/1.html", "--title", "澄湖岚山签约", str(src)], kb)
    assert result.exit_code == 0, result.output
    [article] = load_articles(kb).values()
    assert (article.title, article.body) == ("澄湖岚山签约", BODY)


# --------------------------------------------------------------------------------------------
# Size: reading is linear (figures in benchmarks/bench_pages.py; no timing asserted here)


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_pages", ROOT / "benchmarks" / "bench_pages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_pages", module)
    spec.loader.exec_module(module)
    return module


def test_large_html_page_is_read_whole_by_the_linear_reader() -> None:
    bench = _bench()
    n = MAX_TRAFILATURA_ELEMENTS + 100
    page = parse_page(bench.html_page(n), fmt="html")
    assert page.reader == "hand-written HTML"
    captions = len(range(25, n, 50))
    assert len(page.body.split("\n\n")) == n - captions
    assert page.title == bench.TITLE and page.date == date(2023, 11, 8)
    assert "责任编辑" not in page.body and "相关新闻" not in page.body


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "html"])
def test_200k_paragraph_page(fmt: str) -> None:
    bench = _bench()
    n = 200_000
    page = parse_page(bench.text_page(n) if fmt == "text" else bench.html_page(n), fmt=fmt)  # type: ignore[arg-type]
    assert len(page.body.split("\n\n")) == n - len(range(25, n, 50))
    assert page.kept_prose > 0.9 * page.page_prose


def test_cli_title_flag_overrides_a_found_title_and_keeps_the_body(tmp_path: Path) -> None:
    src = tmp_path / "page.txt"
    src.write_text(f"澄湖岚山劳务协作签约\n2021-11-12 来源：澄湖日报\n{BODY}\n", encoding="utf-8")
    kb = tmp_path / "kb"
    result = _run(["--url", "https://example.cn/1.html", "--title", "另一个标题", str(src)], kb)
    assert result.exit_code == 0, result.output
    [article] = load_articles(kb).values()
    assert (article.title, article.body) == ("另一个标题", BODY)


@pytest.mark.parametrize(
    ("first", "body", "author", "publisher"),
    [
        ("澄湖日报讯（记者 宋一鸣）两地签约。", "两地签约。", "宋一鸣", "澄湖日报"),
        ("本报讯(李文化 报道)2021年11月10日，两地签约。", "2021年11月10日，两地签约。", "李文化", None),
        ("新華網西安9月29日電(吳鴻波 朱雲)兩地簽約。", "兩地簽約。", "吳鴻波、朱雲", None),
        ("本报讯 两地签约。", "两地签约。", None, None),
        ("通讯设备企业在岚山落户。", "通讯设备企业在岚山落户。", None, None),
    ],
)
def test_lead_notes(first: str, body: str, author: str | None, publisher: str | None) -> None:
    page = parse_page(f"澄湖岚山劳务协作签约\n2021-11-12\n{first}\n")
    assert (page.body, page.author, page.publisher) == (body, author, publisher)


@pytest.mark.parametrize(
    "line",
    ["原标题：澄湖岚山签约", "当前版:01版", "（记者 宋一鸣 通讯员 郑敏）", "据《澄湖日报》", "（编辑 周蕾）", "-END-",
     "阅读原文", "分享 收藏 点赞 在看", "共2页", "【大 中 小】", "声明：本文转自澄湖日报"],
)
def test_common_page_furniture(line: str) -> None:
    assert is_chrome(line)


def test_text_the_html_parser_loses_is_not_lost_silently(tmp_path: Path) -> None:
    # libxml2 drops content nested deeper than it allows; the page must be refused, not written short.
    deep = "<div>" * 5000 + "<p>" + "澄湖市今年安排对岚山协作资金1900万元，主要用于帮扶车间。" * 20 + "</p>" + "</div>" * 5000
    src = tmp_path / "deep.html"
    src.write_text(
        f"<html><head><title>澄湖岚山协作</title></head><body><h1>澄湖岚山协作</h1><p>2023-11-08 来源：澄湖日报</p>"
        f"<p>两地签约。</p>{deep}</body></html>",
        encoding="utf-8",
    )
    with pytest.raises(IngestError, match="--force"):
        add_articles([src], tmp_path / "kb", PageOverrides(url="https://example.cn/1.html"))


def test_text_saved_with_the_page_title_first() -> None:
    page = parse_page(
        "澄湖岚山劳务协作签约_澄湖融媒\n首页 | 新闻 | 民生 | 视频\n澄湖岚山劳务协作签约\n2021-11-12 来源：澄湖日报\n"
        f"{BODY}\n（记者 宋一鸣 通讯员 郑敏）\n责任编辑：郑敏\n"
    )
    assert (page.title, page.body, page.author) == ("澄湖岚山劳务协作签约", BODY, "宋一鸣")


# --------------------------------------------------------------------------------------------
# The same pages in the other format: a text page as bare HTML paragraphs, an HTML page as the
# text a browser's select-all + copy gives (every visible line, chrome containers included).


def _as_bare_html(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return "<html><body>" + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>"


def _as_browser_copy(html: str, monkeypatch: pytest.MonkeyPatch) -> str:
    import re

    from xbbot.pages import html as html_reader

    with monkeypatch.context() as m:
        m.setattr(html_reader, "_CHROME_CLASS", re.compile(r"(?!)"))  # keep every container
        return html_reader._visible_text(html_reader._parse(html))[0]


@pytest.mark.parametrize("expect_path", EXPECTS, ids=lambda p: p.name.removesuffix(".expect.yaml"))
def test_fixture_in_the_other_format(expect_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expect = _expect(expect_path)
    source = _page_file(expect_path).read_text(encoding="utf-8")
    if expect["format"] == "html":
        page = parse_page(_as_browser_copy(source, monkeypatch), fmt="text")
    else:
        page = parse_page(_as_bare_html(source), fmt="html")
    article = parse_markdown((ARTICLES / f"{expect['article']}.md").read_text(encoding="utf-8"))
    assert [text_key(p) for p in page.body.split("\n\n")] == [text_key(p) for p in article.body.split("\n\n")]
    assert (page.title, page.author) == (expect["title"], expect["author"])
    assert page.date == (date.fromisoformat(str(expect["date"])) if expect["date"] else None)


def test_headline_found_by_its_dateline_when_no_title_is_known() -> None:
    # Menu words before the headline are short lines too; the headline is the line the dateline follows.
    page = parse_page(
        "<html><body><ul><li>首页</li><li>政务公开</li><li>走进澄湖</li></ul>"
        "<div><p>澄湖岚山劳务协作签约</p><p>2021-11-12 来源：澄湖日报</p>"
        f"<p>图为澄湖岚山劳务协作签约</p><p>{BODY}</p><p>责任编辑：郑敏</p></div></body></html>"
    )
    assert (page.title, page.date, page.publisher, page.body) == ("澄湖岚山劳务协作签约", date(2021, 11, 12), "澄湖日报", BODY)
