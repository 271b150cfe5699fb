"""Markdown with YAML front matter: the front matter is the metadata, the rest is the body as written."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import yaml

from xbbot.errors import IngestError
from xbbot.pages.meta import date_from_text
from xbbot.pages.model import ParsedPage, text_key

__all__ = ["FRONT", "parse_markdown"]

FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)


def _to_date(value: Any, where: str) -> date | None:
    """A date from YAML (date object or 'YYYY-MM-DD' text); other values are an IngestError."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = date_from_text(str(value))
    if found is None:
        raise IngestError(f"{where}: date {value!r} is not a date; write it as YYYY-MM-DD")
    return found


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def parse_markdown(text: str, where: str = "<markdown>") -> ParsedPage:
    """Markdown: front matter is the metadata, the rest is the body as written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    m = FRONT.match(text)
    if not m:
        raise IngestError(f"{where}: Markdown input needs YAML front matter between '---' lines")
    try:
        front = yaml.safe_load(m.group("yaml")) or {}
    except yaml.YAMLError as exc:
        raise IngestError(f"{where}: invalid YAML front matter: {str(exc).splitlines()[0]}") from None
    if not isinstance(front, dict):
        raise IngestError(f"{where}: front matter must be a mapping of key: value")
    body = text[m.end() :].strip()
    title = _str_or_none(front.get("title"))
    heading = re.match(r"#\s+(.+)\n", body + "\n")
    if heading and (title is None or text_key(heading.group(1)) == text_key(title)):
        # A leading "# Title" is the title, not part of the body.
        title = title or heading.group(1).strip()
        body = body[heading.end() :].strip()
    return ParsedPage(
        title=title or "",
        date=_to_date(front.get("date"), where),
        author=_str_or_none(front.get("author")),
        source_url=_str_or_none(front.get("source_url") or front.get("url")),
        publisher=_str_or_none(front.get("publisher")),
        body=body,
        id=_str_or_none(front.get("id")),
        reader="markdown",
    )
