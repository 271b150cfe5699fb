"""Ingestion: add saved news pages to the knowledge base as clean articles.

Pages are read by `xbbot.pages`; this module fills in and checks the metadata, detects
duplicates, and writes `knowledge/articles/<id>.md` atomically.
"""

from __future__ import annotations

import hashlib
import re
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from xbbot.errors import DuplicateArticleError, IngestError
from xbbot.models import Article
from xbbot.pages import (
    FORMATS,
    Format,
    ParsedPage,
    date_from_url,
    detect_format,
    is_chrome,
    loss_problem,
    parse_markdown,
    parse_page,
    text_key,
)

__all__ = [
    "FORMATS",
    "AddResult",
    "Format",
    "PageOverrides",
    "Preview",
    "ParsedPage",
    "add_articles",
    "article_id_for",
    "preview_pages",
    "date_from_url",
    "detect_format",
    "is_chrome",
    "parse_page",
    "text_key",
]


# Dataclass fields named `date` shadow the type inside their class.
_Date = date


@dataclass(frozen=True)
class PageOverrides:
    """What the maintainer says about the pages being added (the `add` options), read once.

    title/date/author/url/publisher set or override what a page says (None: the page's own);
    `article_id` is the id of a single page (None: date + hash of the text); `fmt` how the files
    are read. `date` may be given as 'YYYY-MM-DD' text and is a date from then on.
    """

    article_id: str | None = None
    title: str | None = None
    date: _Date | str | None = None
    author: str | None = None
    url: str | None = None
    publisher: str | None = None
    fmt: Format = "auto"

    def __post_init__(self) -> None:
        object.__setattr__(self, "date", _override_date(self.date))

    def metadata(self) -> dict[str, Any]:
        """The article fields the options set, by field name (source_url for --url); unset ones left out."""
        values = {"title": self.title, "date": self.date, "author": self.author, "source_url": self.url,
                  "publisher": self.publisher}
        return {k: v for k, v in values.items() if v is not None}


@dataclass(frozen=True)
class Preview:
    """What `add` would write for one page (for --dry-run): the page read, the metadata after
    overrides, the id, and the problems that would stop it."""

    path: Path
    page: ParsedPage
    values: dict[str, Any]
    id: str | None
    problems: tuple[str, ...]


@dataclass(frozen=True)
class AddResult:
    """One article written to the knowledge base."""

    id: str
    path: Path
    title: str
    date: date
    chars: int


# --------------------------------------------------------------------------------------------
# Adding articles to the knowledge base


def article_id_for(when: date, body: str) -> str:
    """`YYYYMMDD-` + the first 8 hex digits of the sha1 of the body's duplicate-detection form."""
    digest = hashlib.sha1(text_key(body).encode("utf-8")).hexdigest()[:8]
    return f"{when:%Y%m%d}-{digest}"


def _read_input(path: Path) -> str:
    """A page file's text: UTF-8 (with or without BOM), else GB18030 as Chinese sites often save."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(f"{path}: not UTF-8 or GB18030 text; save the page as UTF-8")  # pragma: no cover


def _parse_file(path: Path, fmt: Format, title: str | None = None) -> ParsedPage:
    """Parse one input file, naming it in any error; `--title` helps only a page without a headline."""
    text = _read_input(path)
    kind = detect_format(text, path) if fmt == "auto" else fmt
    if kind == "markdown":
        return parse_markdown(text, str(path))
    page = parse_page(text, fmt=kind)
    if not page.title and title:
        # No headline was found, so the first line may be a dateline or the text: read it again
        # looking for the given title instead of guessing one.
        page = parse_page(text, fmt=kind, title=title)
    return page


def _override_date(value: date | str | None) -> date | None:
    """The --date option: a date or 'YYYY-MM-DD' text."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise IngestError(f"--date {value!r} is not a date; write it as YYYY-MM-DD") from None


# Fields an article file must have, with the option that sets each (the on-disk format
# requires source_url and publisher too, so an article without them could not be loaded).
_REQUIRED = (("title", "--title"), ("date", "--date"), ("source_url", "--url"), ("publisher", "--publisher"))


def _values(page: ParsedPage, overrides: PageOverrides) -> dict[str, Any]:
    """The article's metadata: what the page says, with the command-line options winning."""
    values: dict[str, Any] = {
        "title": page.title or None,
        "date": page.date,
        "author": page.author,
        "source_url": page.source_url,
        "publisher": page.publisher,
    }
    values.update(overrides.metadata())
    return values


def _missing(path: Path, values: dict[str, Any]) -> str | None:
    """The error for required fields neither the page nor an option gave, naming each option."""
    missing = [opt for key, opt in _REQUIRED if not values.get(key)]
    if not missing:
        return None
    names = [key for key, opt in _REQUIRED if opt in missing]
    return (
        f"{path}: no {' or '.join(n.replace('_', ' ') for n in names)} found in the page; "
        f"set {'it' if len(missing) == 1 else 'them'} with {' and '.join(missing)}"
    )


def _loss(path: Path, page: ParsedPage) -> str | None:
    """The refusal for a body much smaller than the page's running text, showing what was found."""
    problem = loss_problem(page)
    if problem is None:
        return None
    found = page.body.replace("\n\n", " ")
    found = found[:60] + ("…" if len(found) > 60 else "")
    longest = sorted(page.dropped, key=lambda d: len(d.line), reverse=True)[:2]
    left_out = "; ".join(f"{_short(d.line)} ({d.reason})" for d in longest)
    return (
        f"{path}: not added: {problem}. Body found: \"{found}\". Left out, e.g.: {left_out}. "
        "Check what would be written with --dry-run; add it anyway with --force"
    )


def _short(line: str, width: int = 40) -> str:
    return f"\"{line[:width]}…\"" if len(line) > width else f"\"{line}\""


def _build_article(path: Path, page: ParsedPage, overrides: PageOverrides, force: bool = False) -> Article:
    """Apply overrides, check required fields and coverage, choose the id; raises IngestError naming the file."""
    values = _values(page, overrides)
    missing = _missing(path, values)
    if missing:
        raise IngestError(missing)
    if not page.body.strip():
        raise IngestError(f"{path}: no article text found in the page; check it with --dry-run")
    loss = None if force else _loss(path, page)
    if loss:
        raise IngestError(loss)
    new_id = overrides.article_id or page.id or article_id_for(values["date"], page.body)
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", new_id):
        raise IngestError(f"{path}: id {new_id!r} is not valid: use letters, digits, '.', '_' and '-'")
    return Article(
        id=new_id,
        title=str(values["title"]).strip(),
        date=values["date"],
        source_url=str(values["source_url"]).strip(),
        publisher=str(values["publisher"]).strip(),
        author=str(values["author"]).strip() if values.get("author") else None,
        body=page.body.strip(),
    )


def _existing_articles(knowledge_dir: Path) -> dict[str, Article]:
    """Articles already in the knowledge base (none if it has no articles/ yet)."""
    from xbbot.knowledge import ARTICLES_DIR, load_articles

    if not (Path(knowledge_dir) / ARTICLES_DIR).is_dir():
        return {}
    return load_articles(Path(knowledge_dir))


def _check_new(path: Path, article: Article, known: dict[str, Article], replace: bool) -> None:
    """Reject a duplicate text (under any id) and an id clash with different text unless replacing."""
    key = text_key(article.body)
    for other in known.values():
        if text_key(other.body) == key and not (replace and other.id == article.id):
            raise DuplicateArticleError(str(path), other.id)
    clash = next((o for o in known.values() if o.id.casefold() == article.id.casefold()), None)
    if clash is not None and clash.id != article.id:
        # Ids differing only in case would be two files on Linux but one on macOS/Windows.
        raise IngestError(f"{path}: article id {article.id!r} clashes with existing id {clash.id!r}")
    if clash is not None and not replace:
        raise IngestError(
            f"{path}: article id {article.id!r} already exists with different text; "
            "choose another id or pass --replace to overwrite it"
        )


def _write_atomic(target: Path, text: str) -> None:
    """Write via a temporary file in the same directory, so readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_NO_OVERRIDES = PageOverrides()


def preview_pages(
    paths: Sequence[Path], overrides: PageOverrides = _NO_OVERRIDES, *, force: bool = False
) -> list[Preview]:
    """Read each page as `add_articles` would (with the same `force`), writing nothing: metadata,
    body, dropped lines, and the problems that would stop it."""
    previews = []
    for path in paths:
        page = _parse_file(Path(path), overrides.fmt, overrides.title)
        values = _values(page, overrides)
        problems = [p for p in (_missing(Path(path), values), None if force else _loss(Path(path), page)) if p]
        if not page.body.strip():
            problems.append(f"{path}: no article text found in the page")
        new_id = overrides.article_id or page.id or (article_id_for(values["date"], page.body) if values.get("date") else None)
        previews.append(Preview(Path(path), page, values, new_id, tuple(problems)))
    return previews


def add_articles(
    paths: Sequence[Path],
    knowledge_dir: Path,
    overrides: PageOverrides = _NO_OVERRIDES,
    *,
    replace: bool = False,
    force: bool = False,
) -> list[AddResult]:
    """Parse each page and write it as `knowledge_dir/articles/<id>.md`; all or nothing.

    A page whose body is small next to its running text is refused unless `force` (see
    `xbbot.pages.coverage`).
    """
    from xbbot.knowledge import ARTICLES_DIR, dump_article

    if overrides.article_id is not None and len(paths) != 1:
        raise IngestError("--id can only be given when adding a single file")
    if not paths:
        raise IngestError("no input files given")
    known = dict(_existing_articles(knowledge_dir))
    articles_dir = Path(knowledge_dir) / ARTICLES_DIR
    planned: list[Article] = []
    # Check every file before writing any, so a bad file in a batch leaves the directory as it was.
    for path in paths:
        article = _build_article(Path(path), _parse_file(Path(path), overrides.fmt, overrides.title), overrides, force)
        _check_new(Path(path), article, known, replace)
        known[article.id] = article
        planned.append(article)
    results = []
    for article in planned:
        target = articles_dir / f"{article.id}.md"
        _write_atomic(target, dump_article(article))
        results.append(AddResult(article.id, target, article.title, article.date, len(article.body)))
    return results
