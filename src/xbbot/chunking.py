"""Split articles into passages at Chinese sentence boundaries, under their section headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from xbbot.models import Article
from xbbot.textnorm import THAT_YEAR_WORDS, YEAR_WORDS, named_years

# A sentence ends at 。！？； (or ASCII !?;), plus any closing quotes or brackets that follow.
# An ASCII full stop ends one only before whitespace or the end, so 1.845 is never cut.
_SENTENCE_END = re.compile(r"(?:[。！？；!?;]|\.(?=\s|$))[”’」』》）)\"']*")
HEADING = re.compile(r"^#{1,6}\s+(.*\S)\s*$")


@dataclass(frozen=True)
class Passage:
    """A run of whole sentences from one paragraph of one article."""

    id: str
    article_id: str
    heading: str
    text: str
    paragraph: int


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, each with its end mark; no character is dropped or added."""
    sentences: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        piece = paragraph[start : m.end()].strip()
        if piece:
            sentences.append(piece)
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def paragraphs(body: str) -> list[tuple[str, str]]:
    """(heading, paragraph) pairs of a Markdown body; headings themselves are not paragraphs."""
    heading = ""
    out: list[tuple[str, str]] = []
    for block in re.split(r"\n\s*\n", body):
        lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
        text_lines: list[str] = []
        for line in lines:
            m = HEADING.match(line)
            if m:
                if text_lines:
                    out.append((heading, "".join(text_lines)))
                    text_lines = []
                heading = m.group(1)
            else:
                text_lines.append(line)
        if text_lines:
            # Chinese paragraphs wrapped over lines join without a space.
            out.append((heading, "".join(text_lines)))
    return out


def chunk_article(article: Article, max_chars: int = 160, overlap: int = 1) -> list[Passage]:
    """Greedy packing of whole sentences into passages of at most `max_chars` (a longer single
    sentence stays whole); consecutive passages share `overlap` sentences so that a figure and
    the sentence that explains it are found together."""
    passages: list[Passage] = []
    for p_no, (heading, para) in enumerate(paragraphs(article.body)):
        sentences = split_sentences(para)
        i = 0
        while i < len(sentences):
            j, size = i, 0
            while j < len(sentences) and (j == i or size + len(sentences[j]) <= max_chars):
                size += len(sentences[j])
                j += 1
            passages.append(
                Passage(
                    id=f"{article.id}#{len(passages)}",
                    article_id=article.id,
                    heading=heading,
                    text="".join(sentences[i:j]),
                    paragraph=p_no,
                )
            )
            if j >= len(sentences):
                break
            i = max(i + 1, j - overlap)
    return passages


@dataclass(frozen=True)
class PassageTime:
    """When a passage's figures belong: the years it names or implies, and the year its
    这一年 / 当年 point back to (the one the text last named before them)."""

    years: tuple[int, ...]
    that_year: int | None


def passage_times(article: Article, passages: list[Passage]) -> list[PassageTime]:
    """The time of each passage of `article`, read in order like a reader would.

    Explicit years count first (2021年); 今年/去年 count as the article's year (or the one
    before); 这一年 counts as the year last named above it — in the passage, its heading, an
    earlier paragraph or the headline. A passage naming no time at all belongs to the year its
    heading or headline names, else to the article's own year.
    """
    title_years = named_years(article.title)
    last = title_years[-1] if title_years else None
    out: list[PassageTime] = []
    for p in passages:
        heading_years = named_years(p.heading)
        before = heading_years[-1] if heading_years else last
        years = set(named_years(p.text))
        rel = _relative_years(p.text, article.date.year)
        years |= rel
        own = named_years(p.text)
        that_year = before
        m = _THAT_YEAR.search(p.text)
        if m:
            inside = named_years(p.text[: m.start()])
            that_year = inside[-1] if inside else before
            years.add(that_year or article.date.year)
        if own and _UNTIL_NOW.search(p.text):
            years.add(article.date.year)  # 2016年至今: up to the article's own year
        if not years:
            years.update(heading_years or title_years or [article.date.year])
        out.append(PassageTime(tuple(sorted(years)), that_year))
        if own:
            last = own[-1]
    return out


_UNTIL_NOW = re.compile("至今|以来|到现在|截至目前")
# The relative-time words the search text resolves (textnorm), read here for a passage's years.
_THAT_YEAR = re.compile("|".join(THAT_YEAR_WORDS))
_REL_YEAR = re.compile("|".join(YEAR_WORDS))


def _relative_years(text: str, year: int) -> set[int]:
    # 比上年增长 compares with last year; it gives no figure of last year.
    return {
        year + YEAR_WORDS[m.group(0)]
        for m in _REL_YEAR.finditer(text)
        if text[max(0, m.start() - 1) : m.start()] not in ("比", "较", "同", "于")
    }
