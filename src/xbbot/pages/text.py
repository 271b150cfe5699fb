"""The line reader shared by text and HTML input: lines → title, metadata, body, dropped lines.

A page is split into lines; every line is classified once (in its simplified form, so traditional
pages match the same patterns); the article runs from after the title and its dateline/byline to
the first footer marker. The article's own lines are never edited (typos stay), except that a
leading source note (扬州日报讯（记者 X）) is cut from the first paragraph. Every step is one
pass over the lines, so reading time is linear in the page's size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xbbot.pages.chrome import ChromeKind, chrome_reason, ends_article
from xbbot.pages.meta import MASTHEAD, Meta, date_from_url, dateline_date, is_meta_line, lead_note, strip_site_suffix
from xbbot.pages.model import Dropped, ParsedPage
from xbbot.pages.tables import pipe_text_tables, row_text, table_lines
from xbbot.textnorm import strip_controls, to_simplified

__all__ = [
    "LEAD_NOTE", "Lines", "ReadResult", "body_text", "clean_lines", "is_prose", "line_key", "mark_headings", "page_from", "read_lines",
    "read_text",
]

_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
# A caption under a photo that repeats the title: the title, then at most a short credit.
_CAPTION_PREFIX = re.compile(r"^(图为|图：|图:|图片：)\s*")
_CAPTION_TAIL = 24
# A line of running text: long enough and with a sentence end inside.
_PROSE_MIN = 20
_PROSE_MARKS = re.compile(r"[。！？!?]")
LEAD_NOTE = "source note opening the story"
_TITLE_MAX = 80
_TITLE_MIN = 6
_SENTENCE_ENDS = ("。", "！", "？", "!", "?", "…", "；")
_TITLE_LOOKAHEAD = 40
# Sentences (a site notice) a copied page may show above its headline.
_NOTICE_LINES = 2


def clean_lines(text: str) -> list[str]:
    """Non-empty lines, stripped of indentation (incl. full-width), invisible marks and runs of spaces."""
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    out = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if line:
            out.append(line)
    return out


@dataclass(frozen=True)
class Lines:
    """A page's lines as written and in simplified script, index for index."""

    orig: list[str]
    simp: list[str]

    @classmethod
    def of(cls, text: str) -> Lines:
        orig = clean_lines(text)
        # One conversion for the whole page (OpenCC per line would dominate the reading time).
        simp = to_simplified("\n".join(orig)).split("\n") if orig else []
        if len(simp) != len(orig):  # pragma: no cover - OpenCC keeps line breaks
            simp = [to_simplified(line) for line in orig]
        return cls(orig, simp)


def is_prose(simp: str, kind: ChromeKind | None = None) -> bool:
    """Running text (not a heading, label or link): long enough, with a sentence end inside."""
    return len(simp) >= _PROSE_MIN and kind is None and bool(_PROSE_MARKS.search(simp))


def _prose_chars(line: str) -> int:
    return len(line) - line.count(" ")


_NOT_KEY = re.compile(r"[\W_]+")


def line_key(simp: str) -> str:
    """A cheap comparison form of a simplified line: word characters only, lower case.

    text_key runs the full normalisation (NFKC, OpenCC); lines here are already simplified, and
    comparing every line of a large page must stay cheap.
    """
    return _NOT_KEY.sub("", simp).lower()


@dataclass
class ReadResult:
    """What the line reader found: body lines (as written and simplified), dropped lines, prose sizes."""

    body: list[str] = field(default_factory=list)
    body_simp: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    page_prose: int = 0
    kept_prose: int = 0
    # Indices into `body` of data-table rows (never headings).
    table_rows: set[int] = field(default_factory=set)


def _find_title(lines: Lines, kinds: list[ChromeKind | None], hint: str | None) -> int | None:
    """Index of the title line: the hinted title if present, else the first substantial non-chrome line."""
    if hint:
        key = line_key(to_simplified(hint))
        prose_before = False
        for i, simp in enumerate(lines.simp):
            # Compare lengths first: most lines cannot be the title.
            if abs(len(simp) - len(hint)) <= 6 and line_key(simp) == key:
                # After running text and with no dateline under it, the headline's words are a
                # photo caption inside the article (a main-content extract omits the headline).
                if prose_before and not _dateline_follows(lines, kinds, i):
                    return None
                return i
            prose_before = prose_before or is_prose(simp, kinds[i])
        return None
    first: int | None = None
    passed = 0  # sentences passed before any headline candidate
    for i, (orig, simp) in enumerate(zip(lines.orig, lines.simp)):
        if kinds[i] or len(simp) < 4 or is_meta_line(orig, simp):
            continue
        # A headline does not end with a full stop and is not a paragraph long: a page whose first
        # text is a sentence has no title line (`--title` supplies one)…
        if simp.endswith("。") or len(simp) > _TITLE_MAX:
            passed += 1
            if first is not None or passed > _NOTICE_LINES:
                break
            # …unless a dateline a little further down names the headline above it (a site
            # notice came first on a page copied whole).
            continue
        # The headline is the line a dateline or byline follows; menu words (政务公开) are not.
        if _dateline_follows(lines, kinds, i):
            if _is_subtitle(simp) and first is not None and first == _previous_text(kinds, i):
                return _headline_after_page_title(lines, first)  # "——副题" under the headline
            return _headline_after_page_title(lines, i)
        if first is None and not passed and len(simp) >= _TITLE_MIN:
            first = i
    return None if first is None else _headline_after_page_title(lines, first)


_SUBTITLE = re.compile(r"^(——|—|--|－－)\s*\S")


def _is_subtitle(simp: str) -> bool:
    """A subtitle under a headline: led by a dash, not a sentence ("——今年帮助300名群众就业")."""
    return bool(_SUBTITLE.match(simp)) and not simp.rstrip("”」』）)").endswith(_SENTENCE_ENDS) and len(simp) <= _TITLE_MAX


def _previous_text(kinds: list[ChromeKind | None], i: int) -> int | None:
    """Index of the nearest line above `i` that is not chrome."""
    j = i - 1
    while j >= 0 and kinds[j]:
        j -= 1
    return j if j >= 0 else None


def _dateline_follows(lines: Lines, kinds: list[ChromeKind | None], i: int) -> bool:
    """Whether the next line that is not chrome (within three) is a dateline or byline."""
    for j in range(i + 1, min(i + 4, len(lines.simp))):
        if is_meta_line(lines.orig[j], lines.simp[j]):
            return True
        if kinds[j] is None:
            return False
    return False


def _headline_after_page_title(lines: Lines, i: int) -> int:
    """A browser's "save as text" may start with the <title> ("标题_网站"); the headline follows."""
    stripped = strip_site_suffix(lines.simp[i])
    if stripped == lines.simp[i]:
        return i
    key = line_key(stripped)
    for j in range(i + 1, min(i + _TITLE_LOOKAHEAD, len(lines.simp))):
        if line_key(lines.simp[j]) == key:
            return j
    return i


def _caption_of(simp: str, title_simp: str | None) -> bool:
    """A photo caption that repeats the title (图为 + title, title + （资料图）/ 记者 X 摄)."""
    if not title_simp or len(title_simp) < 4:
        return False
    bare = _CAPTION_PREFIX.sub("", simp.strip())
    if not bare.startswith(title_simp):
        return False
    tail = bare[len(title_simp) :].strip()
    return len(tail) <= _CAPTION_TAIL and not any(c in tail for c in "。！？!?")


class _Classifier:
    """Chrome, captions repeating the title and repeated titles; each line's chrome kind computed once."""

    def __init__(self, kinds: list[ChromeKind | None], title: str | None) -> None:
        self.kinds = kinds
        self.title_simp = to_simplified(title).strip() if title else None
        self.title_key = line_key(self.title_simp) if self.title_simp else None

    def __call__(self, i: int, simp: str) -> ChromeKind | None:
        kind = self.kinds[i]
        # Any photo caption is chrome; one repeating the title is named as such.
        if not self.title_simp or (kind and kind[0] != "photo caption"):
            return kind
        if _caption_of(simp, self.title_simp):
            return ("caption repeating the title", False)
        if kind:
            return kind
        if len(simp) <= len(self.title_simp) + 6 and line_key(simp) == self.title_key:
            return ("title repeated", False)
        return None


def read_lines(lines: Lines, meta: Meta) -> ReadResult:
    """Find the title, read the dateline and byline under it, keep the article, drop the rest."""
    out = ReadResult()
    orig, simp = lines.orig, lines.simp
    n = len(orig)
    kinds = [chrome_reason(s) for s in simp]
    tables = table_lines(simp)
    for o, s, kind in zip(orig, simp, kinds):
        meta.scan_line(o, s)
        if is_prose(s, kind):
            out.page_prose += _prose_chars(s)
    t = _find_title(lines, kinds, meta.title)
    if t is not None:
        meta.set(title=orig[t].lstrip("#").strip())
        for i in range(t):
            if is_meta_line(orig[i], simp[i]):  # some sites print the dateline above the headline
                meta.read_meta_line(orig[i], simp[i])
            out.dropped.append(Dropped(orig[i], kinds[i][0] if kinds[i] else "before the title"))
        out.dropped.append(Dropped(orig[t], "title"))
        i = t + 1
    else:
        i = 0
    classify = _Classifier(kinds, meta.title)
    # Whether a sentence has been kept: before that, chrome does not end the article and a
    # dateline means what was kept was a headline.
    has_text = False
    # Meta lines and chrome directly under the title: read them, don't keep them.
    after_meta = False
    while i < n and i not in tables:
        meta_line = is_meta_line(orig[i], simp[i])
        kind = None if meta_line else classify(i, simp[i])
        if kind is None and not meta_line and _is_subtitle(simp[i]):
            kind = ("subtitle", False)
        if kind is None and not meta_line and after_meta and MASTHEAD.match(simp[i]):
            # an outlet's name on its own line next to the dateline (the two sat in separate tags)
            meta.set(weak_publisher=orig[i])
            kind = ("masthead", False)
        if kind is None and not meta_line:
            break
        after_meta = after_meta or meta_line
        meta.read_meta_line(orig[i], simp[i])
        out.dropped.append(Dropped(orig[i], kind[0] if kind else "dateline/byline"))
        i += 1
    while i < n:
        o, s = orig[i], simp[i]
        if i in tables:
            # A data table's row is kept whatever its cells look like (a bar of cells is no link row).
            if tables[i] == "row":
                out.table_rows.add(len(out.body))
                out.body.append(row_text(o))
                out.body_simp.append(row_text(s))
            else:
                out.dropped.append(Dropped(o, "table rule"))
            i += 1
            continue
        kind = classify(i, s)
        if not has_text and is_meta_line(o, s):
            # A dateline or byline before any running text: what was kept above it is a headline
            # (or a caption and a byline below a photo), not the article.
            meta.read_meta_line(o, s)
            if out.body:
                if t is None:  # no line matched the known title (or none was known): this is the headline
                    meta.title = out.body[-1].lstrip("#").strip()
                    classify = _Classifier(kinds, meta.title)
                out.dropped.extend(Dropped(line, "headline above the dateline") for line in out.body)
                out.body.clear()
                out.body_simp.clear()
                out.table_rows.clear()
            kind = ("dateline/byline", False)
        if kind is None and has_text and _late_dateline(o, s):
            meta.read_meta_line(o, s)  # fills only what the header left empty
            kind = ("dateline", False)
        if kind is None:
            if not has_text:
                o, s = _cut_lead_note(o, s, meta, out)
            out.body.append(o)
            out.body_simp.append(s)
            has_text = has_text or s.rstrip("”」』）)").endswith(_SENTENCE_ENDS)
            if is_prose(s):
                out.kept_prose += _prose_chars(s)
        elif has_text and ends_article(kind):
            out.dropped.append(Dropped(o, f"{kind[0]} (end of the article)"))
            out.dropped.extend(
                Dropped(orig[j], f"after the end of the article: {kinds[j][0]}" if kinds[j] else "after the end of the article")
                for j in range(i + 1, n)
            )
            break
        else:
            if kind[0] in ("byline", "credit line"):
                meta.read_credit(o, s)
            out.dropped.append(Dropped(o, kind[0]))
        i += 1
    return out


def _late_dateline(orig: str, simp: str) -> bool:
    """A dateline met after the article's text (a main-content extract may move the header below
    the body): a short labelled line with a date and no sentence end. An interview's "记者：…？"
    ends like a sentence and stays."""
    bare = simp.strip()
    return (
        len(bare) <= 80 and not bare.rstrip("”」』）)").endswith(_SENTENCE_ENDS)
        and dateline_date(bare) is not None and is_meta_line(orig, simp)
    )


def _cut_lead_note(orig: str, simp: str, meta: Meta, out: ReadResult) -> tuple[str, str]:
    """The first paragraph without its opening source note; the note's publisher/author are read."""
    found = lead_note(orig, simp)
    if not found:
        return orig, simp
    note, publisher, author = found
    meta.set(author=author)
    meta.set(weak_publisher=publisher)
    out.dropped.append(Dropped(note, LEAD_NOTE))
    if not orig.startswith(note):  # pragma: no cover - the note is cut from the line it was found in
        return orig, simp
    return orig[len(note) :].lstrip(), simp[len(note) :].lstrip()


# --------------------------------------------------------------------------------------------
# Headings

_HEADING_MAX = 30
_TERMINAL_INSIDE = "。！？!?；;"
_NO_END = "。！？!?；;…，,、：:—-"


def _heading_like(line: str) -> bool:
    """A short line that is not a sentence: no terminal punctuation at the end or inside."""
    if line.startswith("#"):
        return True
    if not 2 <= len(line) <= _HEADING_MAX or line[-1] in _NO_END:
        return False
    if any(c in line for c in _TERMINAL_INSIDE):
        return False
    # Dates, bare numbers and captions like "（完）" are not headings.
    return bool(re.search(r"[^\d\s\W]", line)) and not re.fullmatch(r"[（(【\[].*[)）】\]]", line)


def _as_heading(parts: list[str]) -> str:
    """`## a b`: a two-line headline keeps both lines, joined by a space."""
    return "## " + " ".join(p.lstrip("#").strip() for p in parts)


# A section number on its own line above a heading ("01" / "消费协作连接两地" in account articles).
_SECTION_NUMBER = re.compile(r"\d{1,2}[.、]?")


def mark_headings(lines: list[str], table_rows: set[int] | frozenset[int] = frozenset()) -> list[str]:
    """Turn runs of one or two heading-like lines followed by text into `## ` headings.

    Lines at `table_rows` are a table's rows: short and unpunctuated, yet never headings."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i in table_rows:
            out.append(lines[i])
            i += 1
            continue
        if (
            _SECTION_NUMBER.fullmatch(lines[i]) and i + 2 < len(lines)
            and _heading_like(lines[i + 1]) and not _heading_like(lines[i + 2])
        ):
            out.append(_as_heading(lines[i : i + 2]))
            i += 2
            continue
        if lines[i].startswith("#"):
            out.append(_as_heading([lines[i]]))
            i += 1
            continue
        j = i
        while j < len(lines) and j not in table_rows and _heading_like(lines[j]) and not lines[j].startswith("#"):
            j += 1
        run = lines[i:j]
        # Three or more short lines in a row are a list; a heading needs text after it.
        if 1 <= len(run) <= 2 and j < len(lines) and not lines[j].startswith("#"):
            out.append(_as_heading(run))
            i = j
        elif run:
            out.extend(run)
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def body_text(lines: list[str], table_rows: set[int] | frozenset[int] = frozenset()) -> str:
    """Paragraphs, headings and table rows separated by one blank line."""
    return "\n\n".join(mark_headings(lines, table_rows)).strip()


def page_from(meta: Meta, result: ReadResult, reader: str) -> ParsedPage:
    """The parsed page record, with the weaker metadata sources filling what is still empty."""
    meta.set(date=date_from_url(meta.source_url))
    meta.set(date=meta.weak_date, publisher=meta.weak_publisher)
    return ParsedPage(
        title=meta.title or "",
        date=meta.date,
        author=meta.author,
        source_url=meta.source_url,
        publisher=meta.publisher,
        body=body_text(result.body, result.table_rows),
        id=meta.id,
        dropped=tuple(result.dropped),
        page_prose=result.page_prose,
        kept_prose=result.kept_prose,
        reader=reader,
    )


def read_text(text: str, title: str | None = None) -> ParsedPage:
    """A page saved or copied as plain text; `title`, if known, is looked for instead of guessed."""
    meta = Meta(title=title)
    return page_from(meta, read_lines(Lines.of(pipe_text_tables(text)), meta), "text")

