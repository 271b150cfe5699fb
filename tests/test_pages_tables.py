"""Data tables inside an article (xbbot.pages.tables): kept in the body one row a line, cells joined by ｜.

Pages use an invented pair (潮河–岚峪) and invented figures.
"""

from __future__ import annotations

import pytest

from xbbot.pages import html as html_reader
from xbbot.pages import parse_page

TITLE = "潮河岚峪协作车间吸纳就业情况"
HEAD = f"{TITLE}\n2023-04-07 来源：潮河日报\n"
BEFORE = "截至3月底，潮河市在岚峪县援建的协作车间共吸纳就业1260人。"
AFTER = "下一步，两地将新建车间5个，力争年底吸纳就业突破1600人。"
ROWS = [["镇名", "车间数", "吸纳就业"], ["城关镇", "8", "512"], ["石门镇", "6", "391"], ["青峰镇", "7", "357"]]
JOINED = ["｜".join(r) for r in ROWS]
HTML_HEAD = '<html><head><link rel="canonical" href="https://example.cn/t.html"></head><body>'


def _paragraphs(body: str) -> list[str]:
    return body.split("\n\n")


@pytest.mark.parametrize(
    "sep", ["\t", "  ", "\u3000", "\u3000\u3000", "\t\t"], ids=["tab", "two-spaces", "ideographic-space", "two-ideographic", "two-tabs"]
)
def test_a_text_table_is_kept_one_row_a_line(sep: str) -> None:
    table = "\n".join(sep.join(r) for r in ROWS)
    page = parse_page(f"{HEAD}{BEFORE}\n{table}\n{AFTER}\n", fmt="text")
    assert _paragraphs(page.body) == [BEFORE, *JOINED, AFTER]
    assert not any("512" in d.line for d in page.dropped)


def test_a_table_with_a_date_column_is_kept() -> None:
    rows = [["日期", "签约项目", "金额（万元）"], ["2023-03-02", "协作车间", "1200"], ["2023-03-18", "冷链仓储", "860"]]
    table = "\n".join("\t".join(r) for r in rows)
    page = parse_page(f"{HEAD}{BEFORE}\n{table}\n{AFTER}\n", fmt="text")
    assert _paragraphs(page.body) == [BEFORE, *("｜".join(r) for r in rows), AFTER]


def test_a_text_table_at_the_end_of_the_article_is_kept() -> None:
    table = "\n".join("\t".join(r) for r in ROWS)
    page = parse_page(f"{HEAD}{BEFORE}\n{table}\n【打印本页】 【关闭窗口】\n", fmt="text")
    assert _paragraphs(page.body) == [BEFORE, *JOINED]


def test_a_two_row_table_before_text_is_not_taken_for_a_heading() -> None:
    table = "\n".join("\t".join(r) for r in ROWS[:2])
    page = parse_page(f"{HEAD}{BEFORE}\n{table}\n{AFTER}\n", fmt="text")
    assert _paragraphs(page.body) == [BEFORE, *JOINED[:2], AFTER]


@pytest.mark.parametrize(
    "lines",
    [
        # a menu copied with its tabs: no figure in it
        ["首页\t新闻\t专题\t视频", "关于我们\t联系我们\t网站地图\t法律声明"],
        # one row alone is no table
        ["城关镇\t8\t512"],
        # labelled metadata set apart by wide spaces
        ["来源：潮河日报  作者：陆文涛  时间：2023-04-07", "浏览次数：356  字体：大 中 小"],
    ],
    ids=["menu", "one-row", "meta"],
)
def test_what_is_not_a_data_table_is_read_as_before(lines: list[str]) -> None:
    block = "\n".join(lines)
    page = parse_page(f"{HEAD}{BEFORE}\n{block}\n{AFTER}\n", fmt="text")
    assert "｜" not in page.body


def _html_table(header_cells: str = "th") -> str:
    head = "".join(f"<{header_cells}>{c}</{header_cells}>" for c in ROWS[0])
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in ROWS[1:])
    return f'<table class="data"><tr>{head}</tr>{rows}</table>'


@pytest.fixture(params=["trafilatura", "hand-written HTML"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "hand-written HTML":
        monkeypatch.setattr(html_reader, "MAX_TRAFILATURA_ELEMENTS", 0)  # the page is read by the linear reader alone
    return str(request.param)


@pytest.mark.parametrize("header_cells", ["th", "td"])
def test_an_html_data_table_is_kept_one_row_a_line(reader: str, header_cells: str) -> None:
    html = (
        f'{HTML_HEAD}<h1>{TITLE}</h1><div class="info">2023-04-07 来源：潮河日报</div><div class="article">'
        f"<p>{BEFORE}</p>{_html_table(header_cells)}<p>{AFTER}</p></div></body></html>"
    )
    page = parse_page(html, fmt="html")
    assert page.reader == reader
    assert _paragraphs(page.body) == [BEFORE, *JOINED, AFTER]
    assert not any("512" in d.line for d in page.dropped)


def test_a_table_title_row_spanning_the_columns_is_a_line_of_its_own(reader: str) -> None:
    title_row = '<tr><td colspan="3">一季度各镇协作车间吸纳就业</td></tr>'
    html = (
        f'{HTML_HEAD}<h1>{TITLE}</h1><div class="info">2023-04-07 来源：潮河日报</div><div class="article">'
        f"<p>{BEFORE}</p>{_html_table('td').replace('<tr>', title_row + '<tr>', 1)}<p>{AFTER}</p></div></body></html>"
    )
    page = parse_page(html, fmt="html")
    assert page.reader == reader
    assert _flat_lines(page.body) == [BEFORE, "一季度各镇协作车间吸纳就业", *JOINED, AFTER]


def _flat_lines(body: str) -> list[str]:
    """Body paragraphs with a heading mark taken off (a title row may read as a heading)."""
    return [p.removeprefix("## ") for p in _paragraphs(body)]


def test_a_traditional_table_keeps_its_script() -> None:
    rows = [["鎮名", "車間數"], ["城關鎮", "8"], ["石門鎮", "6"]]
    table = "\n".join("\t".join(r) for r in rows)
    page = parse_page(f"潮河嵐峪協作車間吸納就業情況\n2023-04-07 來源：潮河日報\n{BEFORE}\n{table}\n{AFTER}\n", fmt="text")
    assert _paragraphs(page.body)[1:4] == ["鎮名｜車間數", "城關鎮｜8", "石門鎮｜6"]


def test_a_layout_table_around_a_data_table_is_still_read_as_blocks() -> None:
    cell = f"<p>{BEFORE}</p><p>{AFTER}</p>{_html_table()}"
    html = (
        f'{HTML_HEAD}<table><tr><td><h1>{TITLE}</h1></td></tr><tr><td>2023-04-07 来源：潮河日报</td></tr>'
        f"<tr><td>{cell}</td></tr><tr><td>分享到：微信 微博</td></tr></table></body></html>"
    )
    page = parse_page(html, fmt="html")
    assert _paragraphs(page.body) == [BEFORE, AFTER, *JOINED]
