"""What reading a page produces: the parsed page record, its dropped lines, and text_key."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from xbbot.textnorm import normalize

Format = Literal["auto", "text", "html", "markdown"]
FORMATS: tuple[str, ...] = ("auto", "text", "html", "markdown")


@dataclass(frozen=True)
class Dropped:
    """A line of the page that is not in the body, and why."""

    line: str
    reason: str


@dataclass(frozen=True)
class ParsedPage:
    """What a page says about its article: metadata (None when not found) and the clean body.

    `dropped`, `page_prose` and `kept_prose` describe how the body was read (for `--dry-run`
    and the silent-loss check); they are not part of the article, so equality ignores them.
    """

    title: str
    date: date | None
    author: str | None
    source_url: str | None
    publisher: str | None
    body: str
    # Only a Markdown file's front matter can carry an id; pages never do.
    id: str | None = None
    dropped: tuple[Dropped, ...] = field(default=(), compare=False, repr=False)
    # Characters of sentence-like text on the whole page, and of those kept in the body.
    page_prose: int = field(default=0, compare=False, repr=False)
    kept_prose: int = field(default=0, compare=False, repr=False)
    # Which reader produced the body ("text", "trafilatura", "hand-written HTML", "markdown").
    reader: str = field(default="text", compare=False, repr=False)


def text_key(text: str) -> str:
    """Duplicate-detection form: normalised text without whitespace and punctuation."""
    norm = normalize(text)
    return "".join(c for c in norm if not c.isspace() and not unicodedata.category(c).startswith("P"))
