"""The knowledge base on disk: articles (Markdown with YAML front matter) and facts.yaml.

Layout of a knowledge directory::

    knowledge/
        articles/<id>.md    one article each: `---` YAML front matter `---`, blank line, body
        facts.yaml          optional: a YAML list of hand-kept facts citing those articles

Every malformed input raises `KnowledgeError` naming the file and, where it can, the line.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Mapping, cast

import yaml

from xbbot.errors import KnowledgeError
from xbbot.models import Article, Fact, Level, Milestone, SourceKind
from xbbot.textnorm import number_values, numbers

# Front-matter keys of an article file, in the order they are written.
ARTICLE_KEYS = ("id", "title", "date", "source_url", "publisher", "author", "kind", "level", "milestone")
ARTICLE_REQUIRED = ("id", "title", "date", "source_url", "publisher")
FACT_KEYS = ("id", "questions", "answer", "answer_en", "source", "as_of", "tags", "milestone")
FACT_REQUIRED = ("id", "questions", "answer", "source", "as_of")
KINDS: tuple[SourceKind, ...] = ("article", "note")
LEVELS: tuple[Level, ...] = ("province", "city", "county")
MILESTONE_KEYS = ("date", "text", "text_en")
MILESTONE_REQUIRED = ("date", "text")
# A milestone's date as precise as the report is: a year, a month or a day.
_MILESTONE_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
ARTICLES_DIR = "articles"
FACTS_FILE = "facts.yaml"
DECLINES_FILE = "declines.yaml"
_FENCE = "---"
_HOW_TO_POINT = "set XBBOT_KNOWLEDGE_DIR (or knowledge_dir in xbbot.yaml) to the folder holding articles/ and facts.yaml"


# --------------------------------------------------------------------------------------------
# Writing


def dump_article(article: Article) -> str:
    """The text of `knowledge/articles/<id>.md`: YAML front matter, a blank line, the body."""
    meta: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "source_url": article.source_url,
        "publisher": article.publisher,
    }
    if article.author is not None:
        meta["author"] = article.author
    # Defaults stay unwritten, so an article file written before notes existed keeps its hash.
    if article.kind != "article":
        meta["kind"] = article.kind
    if article.level is not None:
        meta["level"] = article.level
    if article.milestone is not None:
        meta["milestone"] = _milestone_meta(article.milestone)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"{_FENCE}\n{front}{_FENCE}\n\n{article.body.strip()}\n"


def _milestone_meta(milestone: Milestone) -> dict[str, str]:
    meta = {"date": milestone.date, "text": milestone.text}
    if milestone.text_en is not None:
        meta["text_en"] = milestone.text_en
    return meta


# --------------------------------------------------------------------------------------------
# YAML helpers: compose for line numbers, construct field by field


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KnowledgeError(path, f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KnowledgeError(path, "not UTF-8 text; save the file as UTF-8", line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _compose(path: Path, text: str, line_offset: int) -> yaml.Node | None:
    """Parse `text` into a node tree; a syntax error names its line (shifted by `line_offset`)."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc, line_offset) from None


def _yaml_error(path: Path, exc: yaml.YAMLError, line_offset: int) -> KnowledgeError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    line = mark.line + 1 + line_offset if mark is not None else None
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 + line_offset != line:
        problem += f" ({context} started on line {context_mark.line + 1 + line_offset})"
    return KnowledgeError(path, f"invalid YAML: {problem}", line)


def _line(node: yaml.Node, offset: int) -> int:
    return node.start_mark.line + 1 + offset


def _construct(path: Path, node: yaml.Node, offset: int, what: str) -> Any:
    """The Python value of one node (SafeLoader rules); bad values such as 2019-02-30 name their line."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc, offset) from None
    except ValueError as exc:  # e.g. a timestamp with a day out of range
        raise KnowledgeError(path, f"{what}: invalid value: {exc}", _line(node, offset)) from None
    finally:
        loader.dispose()


@dataclass
class _Field:
    value: Any
    node: yaml.Node
    line: int  # line of the key


def _mapping_fields(
    path: Path, node: yaml.Node, offset: int, allowed: tuple[str, ...], what: str
) -> dict[str, _Field]:
    """A mapping node's fields by key, with duplicate and unknown keys rejected."""
    if not isinstance(node, yaml.MappingNode):
        raise KnowledgeError(
            path, f"{what} must be a mapping of key: value, got {_kind(node)}", _line(node, offset)
        )
    out: dict[str, _Field] = {}
    for key_node, value_node in node.value:
        key_line = _line(key_node, offset)
        if not isinstance(key_node, yaml.ScalarNode) or not key_node.value:
            raise KnowledgeError(path, f"{what} has a key that is not a plain name", key_line)
        key = key_node.value
        if key in out:
            raise KnowledgeError(
                path, f"{what} has key {key!r} twice (lines {out[key].line} and {key_line})", key_line
            )
        if key not in allowed:
            raise KnowledgeError(
                path, f"{what} has unknown key {key!r}; allowed keys: {', '.join(allowed)}", key_line
            )
        out[key] = _Field(_construct(path, value_node, offset, f"{what}: field {key!r}"), value_node, key_line)
    return out


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"{node.value!r}"


def _type_name(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__
    )


class _Checker:
    """Field checks for one mapping (an article's front matter or one fact)."""

    def __init__(self, path: Path, fields: dict[str, _Field], start_line: int, what: str, offset: int = 0) -> None:
        self.path, self.fields, self.start_line, self.what = path, fields, start_line, what
        self.offset = offset  # file line of the YAML text's first line, minus one

    def error(self, message: str, line: int | None = None) -> KnowledgeError:
        return KnowledgeError(self.path, f"{self.what}: {message}", line or self.start_line)

    def require(self, keys: tuple[str, ...]) -> None:
        for key in keys:
            field = self.fields.get(key)
            if field is None:
                raise self.error(f"missing required field {key!r}")
            if field.value is None or (isinstance(field.value, (str, list)) and not _nonblank(field.value)):
                raise self.error(f"field {key!r} is empty", field.line)

    def string(self, key: str, optional: bool = False) -> str | None:
        field = self.fields.get(key)
        if field is None or (optional and field.value is None):
            return None
        value = field.value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key in ("id", "source"):
            raise self.error(f"field {key!r} must be text; quote it: {key}: '{value}'", field.line)
        if not isinstance(value, str):
            raise self.error(f"field {key!r} must be text, got {_type_name(value)}", field.line)
        if not value.strip():
            raise self.error(f"field {key!r} is empty", field.line)
        return value.strip()

    def identifier(self, key: str) -> str:
        value = self.string(key)
        assert value is not None
        if not ID_PATTERN.match(value):
            raise self.error(
                f"{key} {value!r} is not a valid id: use letters, digits, '.', '_' and '-', "
                "starting with a letter or digit",
                self.fields[key].line,
            )
        return value

    def day(self, key: str) -> date:
        field = self.fields[key]
        value = field.value
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                pass
        if isinstance(value, datetime) or not isinstance(value, date):
            raise self.error(f"field {key!r} must be a date written YYYY-MM-DD, got {field.value!r}", field.line)
        return value

    def strings(self, key: str, optional: bool = False) -> tuple[str, ...]:
        field = self.fields.get(key)
        if field is None or (optional and field.value is None):
            return ()
        if not isinstance(field.value, list):
            raise self.error(f"field {key!r} must be a list of strings (- ...), got {_type_name(field.value)}", field.line)
        items: list[str] = []
        for i, item in enumerate(field.value):
            item_node = field.node.value[i] if isinstance(field.node, yaml.SequenceNode) else field.node
            item_line = _line(item_node, self.offset)
            if not isinstance(item, str):
                raise self.error(f"{key}[{i}] must be a string, got {_type_name(item)}", item_line)
            if not item.strip():
                raise self.error(f"{key}[{i}] is empty", item_line)
            items.append(item.strip())
        return tuple(items)

    def choice(self, key: str, allowed: tuple[str, ...]) -> str | None:
        """An optional field whose value must be one of `allowed`."""
        value = self.string(key, optional=True)
        if value is not None and value not in allowed:
            raise self.error(f"field {key!r} must be one of {', '.join(allowed)}, got {value!r}", self.fields[key].line)
        return value

    def milestone(self, key: str = "milestone") -> Milestone | None:
        """An optional `{date, text, text_en}` mapping; the date a year, a month or a day."""
        field = self.fields.get(key)
        if field is None or field.value is None:
            return None
        what = f"{self.what}: {key}"
        fields = _mapping_fields(self.path, field.node, self.offset, MILESTONE_KEYS, what)
        check = _Checker(self.path, fields, field.line, what, self.offset)
        check.require(MILESTONE_REQUIRED)
        return Milestone(
            date=check.milestone_date("date"),
            text=check.string("text") or "",
            text_en=check.string("text_en", optional=True),
        )

    def milestone_date(self, key: str) -> str:
        field = self.fields[key]
        value = field.value
        # Unquoted, YAML reads 2016 as a number and 2016-05-20 as a date; both mean what they say.
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        elif isinstance(value, date) and not isinstance(value, datetime):
            value = value.isoformat()
        match = _MILESTONE_DATE.match(value.strip()) if isinstance(value, str) else None
        if match is None:
            raise self.error(
                f"field {key!r} must be a year, a month or a day written YYYY, YYYY-MM or YYYY-MM-DD, "
                f"got {field.value!r}",
                field.line,
            )
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            date(year or 0, month or 1, day or 1)
        except ValueError as exc:
            raise self.error(f"field {key!r}: {exc}: {field.value!r}", field.line) from None
        return match.group(0)


def _nonblank(value: str | list) -> bool:
    return bool(value.strip()) if isinstance(value, str) else bool(value)


# --------------------------------------------------------------------------------------------
# Articles


def load_article(path: Path) -> Article:
    """Read one `articles/<id>.md` file; raises KnowledgeError naming the file and line."""
    path = Path(path)
    lines = _read_text(path).split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        raise KnowledgeError(
            path, "front matter missing: the file must start with a line '---', "
            "then the YAML fields, then another '---'", 1
        )
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == _FENCE), None)
    if close is None:
        raise KnowledgeError(path, "front matter not terminated: no closing '---' line", 1)
    offset = 1  # the front matter's first line is the file's line 2
    front = "\n".join(lines[1:close])
    node = _compose(path, front, offset)
    if node is None:
        raise KnowledgeError(path, f"front matter is empty; required fields: {', '.join(ARTICLE_REQUIRED)}", 2)
    fields = _mapping_fields(path, node, offset, ARTICLE_KEYS, "front matter")
    check = _Checker(path, fields, 1, "front matter", offset)
    check.require(ARTICLE_REQUIRED)
    article_id = check.identifier("id")
    if article_id != path.stem:
        raise check.error(
            f"id {article_id!r} differs from the file name {path.name!r}; "
            f"rename the file to {article_id}.md or set id: {path.stem}",
            fields["id"].line,
        )
    body = "\n".join(lines[close + 1 :]).strip()
    if not body:
        raise KnowledgeError(path, "the article body is empty (nothing after the front matter)", close + 1)
    return Article(
        id=article_id,
        title=check.string("title") or "",
        date=check.day("date"),
        source_url=check.string("source_url") or "",
        publisher=check.string("publisher") or "",
        author=check.string("author", optional=True),
        body=body,
        path=str(path),
        kind=cast(SourceKind, check.choice("kind", KINDS) or "article"),
        level=cast("Level | None", check.choice("level", LEVELS)),
        milestone=check.milestone(),
    )


def load_articles(knowledge_dir: Path) -> dict[str, Article]:
    """Every `knowledge_dir/articles/*.md`, by id, in file-name order."""
    articles_dir = Path(knowledge_dir) / ARTICLES_DIR
    if not articles_dir.is_dir():
        raise KnowledgeError(
            articles_dir,
            f"articles directory not found in {knowledge_dir}; create {articles_dir} or {_HOW_TO_POINT}",
        )
    articles: dict[str, Article] = {}
    seen: dict[str, Article] = {}  # case-folded id → article: ids differing only in case collide on some disks
    for path in sorted(articles_dir.glob("*.md")):
        if not path.is_file():
            continue
        article = load_article(path)
        other = seen.get(article.id.casefold())
        if other is not None:
            raise KnowledgeError(path, f"duplicate article id {article.id!r}, already used by {other.path}", 2)
        seen[article.id.casefold()] = article
        articles[article.id] = article
    return articles


# --------------------------------------------------------------------------------------------
# Facts


def load_facts(path: Path, articles: Mapping[str, Article]) -> list[Fact]:
    """Read facts.yaml: a YAML list of facts, each citing one of `articles` by id."""
    path = Path(path)
    root = _compose(path, _read_text(path), 0)
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise KnowledgeError(
            path, f"must be a YAML list of facts (each starting with '- id: ...'), got {_kind(root)}",
            _line(root, 0),
        )
    facts: list[Fact] = []
    first_line: dict[str, int] = {}
    for node in root.value:
        start = _line(node, 0)
        label = _fact_label(node)
        fields = _mapping_fields(path, node, 0, FACT_KEYS, label)
        check = _Checker(path, fields, start, label)
        check.require(FACT_REQUIRED)
        fact_id = check.identifier("id")
        if fact_id in first_line:
            raise check.error(f"duplicate fact id {fact_id!r} (lines {first_line[fact_id]} and {start})")
        first_line[fact_id] = start
        source = check.string("source") or ""
        if source not in articles:
            known = ", ".join(sorted(articles)) or "none: knowledge/articles/ is empty"
            raise check.error(f"source {source!r} is not a known article id; known ids: {known}", fields["source"].line)
        questions = check.strings("questions")
        facts.append(
            Fact(
                id=fact_id,
                questions=questions,
                answer=check.string("answer") or "",
                source=source,
                as_of=check.day("as_of"),
                tags=check.strings("tags", optional=True),
                line=start,
                answer_en=check.string("answer_en", optional=True),
                milestone=check.milestone(),
            )
        )
    return facts


def _fact_label(node: yaml.Node) -> str:
    """`fact 'funds-total'` when the fact's id can be read, for error messages."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "id" and isinstance(value, yaml.ScalarNode):
                return f"fact {value.value!r}" if value.value else "fact"
    return "fact"


# --------------------------------------------------------------------------------------------
# The whole knowledge base


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Knowledge:
    """Articles by id and facts in file order, loaded from `root`."""

    root: Path
    articles: dict[str, Article]
    facts: list[Fact]
    # Questions to decline (declines.yaml): what users ask that the knowledge base does not cover.
    declines: tuple[str, ...] = ()

    @cached_property
    def _facts_by_id(self) -> dict[str, Fact]:
        return {f.id: f for f in self.facts}

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id; KeyError if there is none."""
        f = self._facts_by_id.get(fact_id)
        if f is None:
            raise KeyError(f"no fact {fact_id!r}")
        return f

    @property
    def facts_path(self) -> Path:
        return self.root / FACTS_FILE

    def article_hash(self, article_id: str) -> str:
        """sha256 of what search sees of an article: its front matter and body."""
        article = self.articles.get(article_id)
        if article is None:
            raise KeyError(f"no article {article_id!r}")
        return _sha256(dump_article(article))

    def fact_hash(self, fact_id: str) -> str:
        """sha256 of what the index holds of a fact: id, questions, answers, source, date, milestone."""
        f = self.fact(fact_id)
        content: dict[str, Any] = {
            "id": f.id,
            "questions": list(f.questions),
            "answer": f.answer,
            "answer_en": f.answer_en,
            "source": f.source,
            "as_of": f.as_of.isoformat(),
        }
        if f.milestone is not None:  # absent from older hashes: a fact without one keeps its hash
            content["milestone"] = _milestone_meta(f.milestone)
        return _sha256(json.dumps(content, ensure_ascii=False, sort_keys=True))

    def content_hash(self) -> str:
        """sha256 over every article and fact (tags included); independent of file order."""
        parts = [f"article {aid} {self.article_hash(aid)}" for aid in sorted(self.articles)]
        parts += [
            f"fact {f.id} {self.fact_hash(f.id)} {json.dumps(list(f.tags), ensure_ascii=False)}"
            for f in sorted(self.facts, key=lambda f: f.id)
        ]
        if self.declines:
            parts.append(f"declines {self.declines_hash()}")
        return _sha256("\n".join(parts))

    def declines_hash(self) -> str:
        """sha256 of the decline bank, independent of its order."""
        return _sha256("\n".join(sorted(self.declines)))


def load_knowledge(knowledge_dir: Path) -> Knowledge:
    """Load and validate `knowledge_dir`: articles/*.md (required) and facts.yaml (optional)."""
    root = Path(knowledge_dir)
    if not root.is_dir():
        what = "is not a directory" if root.exists() else "not found"
        raise KnowledgeError(root, f"knowledge directory {what}; {_HOW_TO_POINT}")
    articles = load_articles(root)
    facts_path = root / FACTS_FILE
    facts = load_facts(facts_path, articles) if facts_path.is_file() else []
    declines_path = root / DECLINES_FILE
    declines = load_declines(declines_path) if declines_path.is_file() else ()
    return Knowledge(root=root, articles=articles, facts=facts, declines=declines)


def load_declines(path: Path) -> tuple[str, ...]:
    """declines.yaml: a YAML list of questions to decline; each a non-empty string, no repeats."""
    text = _read_text(path)
    root = _compose(path, text, 0)
    if root is None:
        return ()
    if not isinstance(root, yaml.SequenceNode):
        raise KnowledgeError(path, "must be a YAML list of questions (lines starting with '- ')", _line(root, 0))
    seen: dict[str, int] = {}
    out: list[str] = []
    for node in root.value:
        line = _line(node, 0)
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            raise KnowledgeError(path, "each item must be a non-empty question", line)
        question = str(node.value).strip()
        if question in seen:
            raise KnowledgeError(path, f"duplicate question {question!r} (first on line {seen[question]})", line)
        seen[question] = line
        out.append(question)
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Checking facts against their sources


@dataclass(frozen=True)
class FactProblem:
    """A figure in a fact's answer that its cited article does not contain."""

    fact_id: str
    path: Path
    line: int | None
    figure: str
    article_id: str
    source_kind: SourceKind = "article"

    def __str__(self) -> str:
        where = f"{Path(self.path).name}:{self.line}" if self.line is not None else Path(self.path).name
        return (
            f"{where}: fact {self.fact_id!r} says {self.figure} "
            f"but {self.source_kind} {self.article_id} has no such figure"
        )


_EN_SCALES = {"thousand": Decimal(1000), "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9}
_EN_NUMBER = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(thousand|million|billion)\b", re.IGNORECASE)


def figures(text: str) -> list[tuple[str, Decimal]]:
    """Every figure in a fact's answer with its value.

    Chinese units through `textnorm.numbers` (1.845亿 → 184500000) and English scale words
    here ("184.5 million" → 184500000, "4,000" → 4000).
    """
    out: list[tuple[str, Decimal]] = []

    def english(m: re.Match[str]) -> str:
        try:
            value = Decimal(m.group(1).replace(",", "")) * _EN_SCALES[m.group(2).lower()]
        except InvalidOperation:  # pragma: no cover - the regex admits only digits
            return m.group(0)
        out.append((m.group(0), value.normalize()))
        return " " * len(m.group(0))

    rest = _EN_NUMBER.sub(english, text)
    out.extend(numbers(rest))
    return out


def article_figures(article: Article) -> set[Decimal]:
    """Values a fact may cite from `article`: numbers of title and body, and the date's parts."""
    values = number_values(f"{article.title}\n{article.body}")
    values |= {Decimal(article.date.year), Decimal(article.date.month), Decimal(article.date.day)}
    return values


def check_facts(kb: Knowledge) -> list[FactProblem]:
    """Every figure of every fact's answer (Chinese and English) must appear in its source.

    A note is held to the same standard as an article: its figures are the report's own.
    """
    problems: list[FactProblem] = []
    cache: dict[str, set[Decimal]] = {}
    for f in kb.facts:
        article = kb.articles.get(f.source)
        if article is None:  # load_facts rejects these; a hand-built Knowledge may not
            problems.append(FactProblem(f.id, kb.facts_path, f.line, f"source {f.source}", f.source))
            continue
        known = cache.setdefault(f.source, article_figures(article))
        reported: set[str] = set()
        for text in (f.answer, f.answer_en or ""):
            for raw, value in figures(text):
                if value not in known and raw not in reported:
                    reported.add(raw)
                    problems.append(FactProblem(f.id, kb.facts_path, f.line, raw, f.source, article.kind))
    return problems


def problem_lines(problems: list[FactProblem]) -> list[str]:
    """The problems as one line each, e.g. for `errors.UnverifiedFactsError`."""
    return [str(p) for p in problems]

