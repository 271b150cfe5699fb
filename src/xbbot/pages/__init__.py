"""Reading saved news pages (plain text, HTML or Markdown): metadata and the clean article body.

One module per concern: `chrome` (which lines are site chrome, and why), `meta` (dates, bylines,
sources), `text` (the line reader shared by text and HTML), `html` (lxml + trafilatura),
`markdown` (front matter), `tables` (data tables), `model` (the parsed page record) and `coverage` (the silent-loss check).
"""

from __future__ import annotations

import re
from pathlib import Path

from xbbot.errors import IngestError
from xbbot.pages.chrome import is_chrome
from xbbot.pages.coverage import loss_problem
from xbbot.pages.markdown import FRONT, parse_markdown
from xbbot.pages.meta import date_from_url
from xbbot.pages.model import FORMATS, Dropped, Format, ParsedPage, text_key
from xbbot.pages.text import read_text

__all__ = [
    "FORMATS", "Dropped", "Format", "ParsedPage", "date_from_url", "detect_format", "is_chrome", "loss_problem",
    "parse_markdown", "parse_page", "text_key",
]

_HTML_SNIFF = re.compile(r"\A\s*(<!doctype\s+html|<html|<\?xml)|</(p|div|body|html|article)\s*>", re.IGNORECASE)


def detect_format(text: str, path: Path | None = None) -> Format:
    """Guess the input format from the file suffix, else from the content."""
    suffix = path.suffix.lower() if path else ""
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return "html"
    if suffix in (".md", ".markdown") or FRONT.match(text.lstrip("\ufeff").replace("\r\n", "\n")):
        return "markdown"
    if _HTML_SNIFF.search(text[:20000]):
        return "html"
    return "text"


def parse_page(text: str, *, fmt: Format = "auto", title: str | None = None) -> ParsedPage:
    """Parse a saved page (text, HTML or Markdown with front matter) into metadata and a clean body.

    `title` (the `--title` option) is the headline to look for in a text or HTML page, so that line
    leaves the body; without it the title is found in the page.
    """
    if fmt not in FORMATS:
        raise IngestError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    kind = detect_format(text) if fmt == "auto" else fmt
    if kind == "html":
        from xbbot.pages.html import read_html  # lxml and trafilatura load only for HTML

        return read_html(text, title)
    if kind == "markdown":
        return parse_markdown(text)
    return read_text(text, title)
