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

from xbbot.pages.chrome import SENTENCE_END, ChromeKind, chrome_reason, ends_article
from xbbot.pages.meta import Meta, date_from_url, is_meta_line, lead_note
from xbbot.pages.model import Dropped, ParsedPage, text_key
from xbbot.textnorm import strip_controls, to_simplified

__all__ = ["Lines", "ReadResult", "clean_lines", "is_prose", "page_from", "read_lines", "read_text"]

_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
# A caption under a photo that repeats the title: the title, then at most a short credit.
_CAPTION_PREFIX = re.compile(r"^(图为|图：|图:|图片：)\s*")
_CAPTION_TAIL = 24
# A line of running text: long enough and with a sentence end inside.
_PROSE_MIN = 20
_PROSE_MARKS = re.compile(r"[。！？!?]")


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


def is_prose(simp: str) -> bool:
    """Running text (not a heading, label or link): long enough, with a sentence end inside."""
    return len(simp) >= _PROSE_MIN and bool(_PROSE_MARKS.search(simp)) and chrome_reason(simp) is None


def _prose_chars(line: str) -> int:
    return sum(1 for c in line if not c.isspace())


@dataclass
class ReadResult:
    """What the line reader found: body lines (as written), dropped lines, prose sizes."""

    body: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    page_prose: int = 0
    kept_prose: int = 0


def _find_title(lines: Lines, hint: str | None) -> int | None:
    """Index of the title line: the hinted title if present, else the first substantial non-chrome line."""
    if hint:
        key = text_key(hint)
        # Compare lengths first: text_key runs the full normalisation, keep it to plausible lines.
        for i, line in enumerate(lines.orig):
            bare = line.lstrip("#").strip()
            if abs(len(bare) - len(hint)) <= 4 and text_key(bare) == key:
                return i
        return None
    for i, (orig, simp) in enumerate(zip(lines.orig, lines.simp)):
        if chrome_reason(simp) or is_meta_line(orig, simp) or len(simp) < 4:
            continue
        return i
    return None


def _caption_of(simp: str, title_simp: str | None) -> bool:
    """A photo caption that repeats the title (图为 + title, title + （资料图）/ 记者 X 摄)."""
    if not title_simp or len(title_simp) < 4:
        return False
    bare = _CAPTION_PREFIX.sub("", simp.strip())
    if not bare.startswith(title_simp):
        return False
    tail = bare[len(title_simp) :].strip()
    return len(tail) <= _CAPTION_TAIL and not any(c in tail for c in "。！？!?")


def _chrome(simp: str, title_key: str | None, title_simp: str | None) -> ChromeKind | None:
    kind = chrome_reason(simp)
    if kind:
        return kind
    if _caption_of(simp, title_simp):
        return ("caption repeating the title", False)
    if title_key and len(simp) <= len(title_simp or "") + 4 and text_key(simp) == title_key:
        return ("title repeated", False)
    return None


def read_lines(lines: Lines, meta: Meta) -> ReadResult:
    """Find the title, read the dateline and byline under it, keep the article, drop the rest."""
    out = ReadResult()
    orig, simp = lines.orig, lines.simp
    n = len(orig)
    for o, s in zip(orig, simp):
        meta.scan_line(o, s)
        if is_prose(s):
            out.page_prose += _prose_chars(s)
    t = _find_title(lines, meta.title)
    if t is not None:
        meta.set(title=orig[t].lstrip("#").strip())
        for i in range(t):
            kind = chrome_reason(simp[i])
            out.dropped.append(Dropped(orig[i], kind[0] if kind else "before the title"))
        out.dropped.append(Dropped(orig[t], "title"))
        i = t + 1
    else:
        i = 0
    title_simp = to_simplified(meta.title).strip() if meta.title else None
    title_key = text_key(meta.title) if meta.title else None
    # Meta lines and chrome directly under the title: read them, don't keep them.
    while i < n:
        kind = _chrome(simp[i], title_key, title_simp)
        if kind is None and not is_meta_line(orig[i], simp[i]):
            break
        meta.read_meta_line(orig[i], simp[i])
        out.dropped.append(Dropped(orig[i], kind[0] if kind else "dateline/byline"))
        i += 1
    while i < n:
        o, s = orig[i], simp[i]
        kind = _chrome(s, title_key, title_simp)
        if kind is None and not out.body and is_meta_line(o, s):
            # A byline below a photo or caption, still above the text.
            meta.read_meta_line(o, s)
            kind = ("dateline/byline", False)
        if kind is None:
            if not out.body:
                o = _cut_lead_note(o, s, meta, out)
            out.body.append(o)
            if is_prose(s):
                out.kept_prose += _prose_chars(s)
        elif out.body and ends_article(kind):
            out.dropped.append(Dropped(o, f"{kind[0]} (end of the article)"))
            out.dropped.extend(Dropped(rest, "after the end of the article") for rest in orig[i + 1 :])
            break
        else:
            out.dropped.append(Dropped(o, kind[0]))
        i += 1
    return out


def _cut_lead_note(orig: str, simp: str, meta: Meta, out: ReadResult) -> str:
    """The first paragraph without its opening source note; the note's publisher/author are read."""
    found = lead_note(orig, simp)
    if not found:
        return orig
    note, publisher, author = found
    meta.set(author=author)
    meta.set(weak_publisher=publisher)
    out.dropped.append(Dropped(note, "source note opening the story"))
    return orig[len(note) :].lstrip() if orig.startswith(note) else orig


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


def mark_headings(lines: list[str]) -> list[str]:
    """Turn runs of one or two heading-like lines followed by text into `## ` headings."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("#"):
            out.append(_as_heading([lines[i]]))
            i += 1
            continue
        j = i
        while j < len(lines) and _heading_like(lines[j]) and not lines[j].startswith("#"):
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


def body_text(lines: list[str]) -> str:
    """Paragraphs and headings separated by one blank line."""
    return "\n\n".join(mark_headings(lines)).strip()


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
        body=body_text(result.body),
        id=meta.id,
        dropped=tuple(result.dropped),
        page_prose=result.page_prose,
        kept_prose=result.kept_prose,
        reader=reader,
    )


def read_text(text: str) -> ParsedPage:
    """A page saved or copied as plain text."""
    meta = Meta()
    return page_from(meta, read_lines(Lines.of(text), meta), "text")


__all__ += ["SENTENCE_END", "body_text", "mark_headings"]
