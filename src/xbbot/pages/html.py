"""HTML pages: metadata from the head, the article from trafilatura, checked by a hand-written reader.

The page is parsed once with lxml. Metadata comes from <meta>, <link rel=canonical>, JSON-LD,
<time> and the title tags, then from the visible text's dateline and byline. The body comes from
trafilatura's main-content extraction (offline, no fetching), whose lines go through the same
line reader as a text page (title, dateline, captions, editor and share lines removed). The
hand-written reader — visible text with chrome containers removed — reads the metadata and is
the fallback when trafilatura finds clearly less of the page's running text.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable, Iterator

from xbbot.pages.meta import Meta, date_from_text, lead_note, strip_site_suffix
from xbbot.pages.model import Dropped, ParsedPage
from xbbot.pages.tables import pipe_row
from xbbot.pages.text import LEAD_NOTE, Lines, ReadResult, clean_lines, line_key, page_from, read_lines

__all__ = ["read_html"]

_DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "nav", "footer", "aside", "form", "button", "select", "input", "textarea", "menu", "head", "title",
})
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "dl", "dt", "dd", "table", "tr", "td", "th", "thead", "tbody", "blockquote", "pre", "figure",
    "figcaption", "address", "center", "hr", "body", "html",
})
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# class/id words that mark chrome containers on Chinese news sites.
_CHROME_CLASS = re.compile(
    r"^(breadcrumbs?|crumbs?|crumb|bread|position|location|sidebar|side|share|bdsharebuttonbox|related|relate|"
    r"recommend|comments?|footer|foot|copyright|ads?|advert|banner|nav|navbar|menu|topbar|topnav|toolbar|"
    r"pager|pagination|hot|rank|prenext|qrcode|ewm|tools)$",
    re.IGNORECASE,
)
_DATE_META = (
    "article:published_time", "og:article:published_time", "og:release_date", "pubdate", "publishdate",
    "publish_date", "publishtime", "published_time", "datepublished", "dc.date.issued", "dc.date",
    "date", "sailthru.date", "parsely-pub-date",
)
_TITLE_META = ("articletitle", "og:title", "twitter:title")
_SITE_META = ("og:site_name", "sitename", "application-name")
_PUBLISHER_META = ("source", "contentsource", "article:source")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_WS = re.compile(r"[ \t\r\n\f]+")
# Trafilatura's extraction time grows faster than the page: its `//p//text()` over the whole page
# is quadratic in libxml2 (10,000 <p>: 0.14 s; 40,000: 3.1 s), and 20,000 <span> or <li> take
# 4 s where 5,000 take 0.5–1.5 s. A news page has a few thousand elements once its chrome
# containers are pruned; past this many the linear hand-written reader reads the page alone.
MAX_TRAFILATURA_ELEMENTS = 8000
# Its justext fallback joins each element's path from the root, quadratic in the nesting depth
# (2,000 nested <div>: 10 s); real pages nest a few dozen deep.
MAX_TRAFILATURA_DEPTH = 150
# Trafilatura's body is used unless the hand-written reader keeps clearly more running text:
# then trafilatura has mistaken part of the article for boilerplate.
_FALLBACK_RATIO = 1.25


def _parse(html: str) -> Any:
    import lxml.html  # imported here: text-only ingestion need not load lxml

    html = _XML_DECL.sub("", html, count=1)  # lxml refuses str input that declares an encoding
    # huge_tree lifts libxml2's nesting and text-size limits, which otherwise cut a page silently.
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        return lxml.html.document_fromstring(html, parser=parser)
    except Exception:  # lxml raises ParserError on empty documents, ValueError on odd input
        return lxml.html.document_fromstring("<html><body></body></html>")


def _meta_tags(root: Any) -> dict[str, str]:
    """<meta name|property|itemprop=…> contents by lower-case key (the first of each key wins)."""
    found: dict[str, str] = {}
    for tag in root.iter("meta"):
        content = (tag.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (tag.get(attr) or "").strip().lower()
            if key and key not in found:
                found[key] = content
    return found


def _first(found: dict[str, str], names: Iterable[str]) -> str | None:
    return next((found[n] for n in names if n in found), None)


def _json_ld(root: Any) -> dict[str, Any]:
    """The first JSON-LD object describing an article, if the page has one."""
    for tag in root.iter("script"):
        if (tag.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(tag.text or "")
        except (ValueError, TypeError):
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and ("headline" in item or "datePublished" in item):
                return item
    return {}


def _head_meta(root: Any) -> tuple[Meta, str | None]:
    """Metadata from <meta>, <link rel=canonical>, <time>, JSON-LD and the title tags; and the site name."""
    meta = Meta()
    tags = _meta_tags(root)
    ld = _json_ld(root)
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            meta.set(source_url=(link.get("href") or "").strip())
            break
    meta.set(source_url=tags.get("og:url"))
    meta.set(source_url=tags.get("url"))  # Chinese government sites' standard <meta name="Url">
    if meta.source_url and not meta.source_url.startswith(("http://", "https://")):
        meta.source_url = None
    meta.set(date=date_from_text(_first(tags, _DATE_META) or ""))
    meta.set(date=date_from_text(str(ld.get("datePublished", ""))))
    for time_tag in root.iter("time"):
        if time_tag.get("datetime"):
            meta.set(date=date_from_text(time_tag.get("datetime")))
            break
    author = _first(tags, ("author", "article:author", "dc.creator"))
    if author and not author.startswith("http"):
        meta.set(author=author)
    meta.set(publisher=_first(tags, _PUBLISHER_META))
    meta.title = _title(root, tags)
    return meta, _first(tags, _SITE_META)


def _title(root: Any, tags: dict[str, str]) -> str | None:
    """<h1>, else the title meta tags, else <title>, without a trailing site name.

    An <h1> holding the site's name (a logo) is no headline: its name is the site name in the
    meta tags or the part of <title> after the headline."""
    page_title = next((t.text.strip() for t in root.iter("title") if t.text and t.text.strip()), "")
    head_title = (_first(tags, _TITLE_META) or page_title).strip()
    suffix = head_title[len(strip_site_suffix(head_title)) :]
    names = [_first(tags, _SITE_META) or "", *re.split(r"[-–—|｜_]", suffix)]
    site_names = {_WS.sub("", n) for n in names if n.strip()}
    for h1 in root.iter("h1"):
        text = _WS.sub(" ", h1.text_content()).strip()
        if len(text) >= 4 and _WS.sub("", text) not in site_names:
            return text
    named = _first(tags, _TITLE_META)
    if named:
        return strip_site_suffix(named)
    return strip_site_suffix(page_title) if page_title else None


def _classes(el: Any) -> Iterator[str]:
    for word in re.split(r"[\s_-]+", f"{el.get('class') or ''} {el.get('id') or ''}"):
        if word:
            yield word


def _text_lengths(root: Any) -> dict[Any, int]:
    """Visible-text length of every element, children before parents: one pass, no get_text per tag."""
    order = list(root.iter())
    length: dict[Any, int] = {}
    for el in reversed(order):
        own = len(el.text or "") if isinstance(el.tag, str) else 0
        length[el] = own + sum(length.get(c, 0) + len(c.tail or "") for c in el)
    return length


_SILENT_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "canvas", "object", "embed"})


def _visible_text(root: Any) -> tuple[str, list[Dropped], list[Any]]:
    """Visible text with a line break around every block element; chrome containers left out.

    A container whose class or id names chrome (share, related, footer…) is skipped unless it
    holds most of the page's text, in which case it is the article whatever its class says. The
    visible text of what was skipped is returned as dropped lines (scripts and styles are not),
    with the skipped chrome elements themselves.
    """
    body = root.find("body")
    body = body if body is not None else root
    lengths = _text_lengths(body)
    total = lengths.get(body, 0) or 1
    out: list[str] = []
    skipped: list[Dropped] = []
    pruned: list[Any] = []
    # An explicit stack instead of recursion: pages nest deeply, and each node is visited once.
    stack: list[tuple[Any, bool]] = [(body, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if closing:
            if tag in _BLOCK_TAGS:
                out.append("\n")
            if el is not body and el.tail:
                out.append(_WS.sub(" ", el.tail))
            continue
        skip = _skip_reason(el, tag, lengths.get(el, 0) < 0.4 * total)
        if skip:
            if skip != "silent":
                pruned.append(el)
                text = el.text_content()
                skipped.extend(Dropped(line, skip) for line in clean_lines(text))
            if el.tail and el is not body:
                out.append(_WS.sub(" ", el.tail))
            continue
        if tag == "table" and _is_data_table(el):
            # one pipe row a line, as trafilatura writes a table (see tables.py)
            out.extend(["\n", *(_row_line(cells) + "\n" for cells in _table_rows(el))])
            if el.tail:
                out.append(_WS.sub(" ", el.tail))
            continue
        if tag == "br":
            out.append("\n")
        elif tag in _BLOCK_TAGS:
            out.append("\n")
        if tag in _HEADINGS and lengths.get(el, 0):
            out.append("## ")
        if el.text:
            out.append(el.text if tag == "pre" else _WS.sub(" ", el.text))
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return "".join(out), skipped, pruned


def _skip_reason(el: Any, tag: str, small: bool) -> str | None:
    """Why an element is left out of the visible text ("silent" for scripts, comments…), or None."""
    if not tag or tag in _SILENT_TAGS:
        return "silent"
    if tag in _DROP_TAGS or (tag == "header" and el.find(".//h1") is None):
        return f"<{tag}> element"
    if small:
        word = next((w for w in _classes(el) if _CHROME_CLASS.match(w)), None)
        if word:
            return f"chrome container ({word})"
    return None


def _size(root: Any) -> tuple[int, int]:
    """Number of elements and deepest nesting, in one pass."""
    depth = {root: 0}
    deepest = 0
    for el in root.iterdescendants():
        d = depth[el.getparent()] + 1
        depth[el] = d
        deepest = max(deepest, d)
    return len(depth), deepest


_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"})
_CELL_BLOCKS = frozenset({"p", "div", "br", "table", "h1", "h2", "h3"})
_SENTENCE_END = re.compile(r"[。！？!?]")


def _is_layout_table(table: Any) -> bool:
    """A table used for page layout (older CMS pages), not data: it holds the headline, or a cell
    holds paragraphs of running text. Trafilatura renders table rows as `| … |` lines and joins a
    cell's paragraphs, so such a table is read as the blocks it lays out."""
    if table.find(".//h1") is not None:
        return True
    for cell in table.iter("td", "th"):
        if any(isinstance(c.tag, str) and c.tag in _CELL_BLOCKS for c in cell.iter()) and len(
            _SENTENCE_END.findall(cell.text_content())
        ) >= 2:
            return True
    return False


def _table_rows(table: Any) -> list[list[str]]:
    """The cells' text of each row of a table with no table inside."""
    rows = []
    for tr in table.iter("tr"):
        cells = [_WS.sub(" ", c.text_content()).strip() for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if cells:
            rows.append(cells)
    return rows


def _row_line(cells: list[str]) -> str:
    """A row as the line reader takes it: a pipe row, or a one-cell row (a caption, a note) as text."""
    return pipe_row(cells) if len(cells) >= 2 else cells[0]


def _is_data_table(table: Any) -> bool:
    """A table of rows and columns (not one laying out the page): two rows or more of two cells or more.
    Whether its cells hold data is judged with the other readers' rows (tables.py)."""
    if table.find(".//table") is not None or _is_layout_table(table):
        return False
    return sum(len(r) >= 2 for r in _table_rows(table)) >= 2


def _unwrap_layout_tables(root: Any) -> None:
    """Turn layout tables into <div>s, outermost first, then data tables into one <p> a row in
    pipe-row form: trafilatura writes a table's cells one a line when it falls back to its
    baseline extraction, so the rows are given to it as paragraphs it keeps as they are."""
    for table in list(root.iter("table")):
        if table.tag != "table" or not _is_layout_table(table):
            continue
        stack = [table]
        while stack:
            el = stack.pop()
            el.tag = "div"
            # Only this table's own rows and cells; a nested table is judged on its own.
            stack.extend(c for c in el if isinstance(c.tag, str) and c.tag in _TABLE_PARTS - {"table"})
    for table in list(root.iter("table")):
        if _is_data_table(table):
            _as_paragraphs(table)


def _as_paragraphs(table: Any) -> None:
    """Replace a data table's content with one <p> per row holding its pipe row."""
    import lxml.html

    rows = _table_rows(table)
    tail = table.tail
    table.clear()
    table.tag = "div"
    table.tail = tail
    for cells in rows:
        p = lxml.html.Element("p")
        p.text = _row_line(cells)
        table.append(p)


def _trafilatura_text(root: Any) -> str:
    """The main content as trafilatura finds it (plain text, one paragraph a line)."""
    import trafilatura

    text = trafilatura.extract(
        root, include_comments=False, include_tables=True, include_images=False, favor_recall=True,
        deduplicate=False, with_metadata=False, output_format="txt",
    )
    return text or ""


def _merge_dropped(full: Lines, hand: ReadResult, main: ReadResult) -> list[Dropped]:
    """Every line of the visible page not in the body, with the hand-written reader's reason if it had one."""
    reasons = {d.line: d.reason for d in hand.dropped}
    kept = {line_key(s) for s in main.body_simp}
    out = [d for d in main.dropped if d.reason == LEAD_NOTE]
    for orig, simp in zip(full.orig, full.simp):
        if line_key(simp) in kept:
            continue
        note = lead_note(orig, simp)
        if note and line_key(simp[len(note[0]) :]) in kept:
            continue  # the first paragraph, kept without its source note
        out.append(Dropped(orig, reasons.get(orig, "outside the main content (trafilatura)")))
    return out


def read_html(html: str, title: str | None = None) -> ParsedPage:
    """An HTML page: head metadata, then the hand-written and trafilatura readers; see the module doc.

    `title`, if known, replaces the title found in the page's head."""
    root = _parse(html)
    parsed = _cjk(root.text_content())  # before the readers prune the tree
    return _parser_loss(_cjk(html), parsed, _read(root, title))


def _read(root: Any, title: str | None) -> ParsedPage:
    meta, site = _head_meta(root)
    meta.title = title or meta.title
    visible, skipped, pruned = _visible_text(root)
    full = Lines.of(visible)
    hand_read = read_lines(full, meta)
    hand = _with_dropped(page_from(meta, hand_read, "hand-written HTML"), skipped + hand_read.dropped)
    for el in pruned:
        el.drop_tree()  # trafilatura need not see what is chrome for certain (and it keeps the tree small)
    elements, depth = _size(root)
    small = elements <= MAX_TRAFILATURA_ELEMENTS and depth <= MAX_TRAFILATURA_DEPTH
    if small:
        _unwrap_layout_tables(root)
    main_text = _trafilatura_text(root) if small else ""
    if not main_text.strip():
        return _with_site(hand, site)
    traf_meta = Meta(title=meta.title)
    traf_read = read_lines(Lines.of(main_text), traf_meta)
    if hand_read.kept_prose > _FALLBACK_RATIO * traf_read.kept_prose:
        return _with_site(hand, site)
    # The metadata the hand-written reader found wins; trafilatura's lines may add what it missed.
    meta.set(author=traf_meta.author, weak_publisher=traf_meta.weak_publisher, weak_date=traf_meta.weak_date)
    traf = page_from(meta, traf_read, "trafilatura")
    traf = ParsedPage(**{**traf.__dict__, "page_prose": hand_read.page_prose})
    return _with_site(_with_dropped(traf, skipped + _merge_dropped(full, hand_read, traf_read)), site)


def _with_dropped(page: ParsedPage, dropped: list[Dropped]) -> ParsedPage:
    return ParsedPage(**{**page.__dict__, "dropped": tuple(dropped)})


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _cjk(text: str) -> int:
    return len(text) - len(_CJK.sub("", text))


def _parser_loss(raw: int, parsed: int, page: ParsedPage) -> ParsedPage:
    """Guard against text the HTML parser itself lost (libxml2 drops what is nested too deep).

    The Chinese characters of the raw file are compared with those of the parsed document; if
    the parser kept under half, the raw count stands in for the page's running text, so the
    silent-loss check refuses the page instead of writing a fragment.
    """
    if raw and parsed < raw / 2:
        return ParsedPage(**{**page.__dict__, "page_prose": max(page.page_prose, raw)})
    return page


def _with_site(page: ParsedPage, site: str | None) -> ParsedPage:
    if page.publisher is None and site:
        return ParsedPage(**{**page.__dict__, "publisher": site})
    return page
