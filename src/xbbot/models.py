"""Plain data shared by every layer: articles, facts, passages, hits and answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Literal, Mapping

from xbbot.textnorm import stated_year

Kind = Literal["passage", "fact"]
# An article is a report's own text; a note is a maintainer's summary of a report (cited as that report).
SourceKind = Literal["article", "note"]
# Whose figures a source gives when they are not the city pair's own (e.g. a province-wide total).
Level = Literal["province", "city", "county"]


@dataclass(frozen=True)
class Milestone:
    """A dated step of the cooperation, for the timeline: its date as written, one line of text."""

    date: str  # "2016", "2016-05" or "2016-05-20", as the knowledge file writes it
    text: str
    text_en: str | None = None

    @property
    def key(self) -> tuple[int, int, int]:
        """Sort key: a year alone sorts before any month of that year, a month before its days."""
        parts = [int(p) for p in self.date.split("-")] + [0, 0]
        return parts[0], parts[1], parts[2]

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass(frozen=True)
class Article:
    """One cleaned news article: metadata and body (Markdown, `## ` headings)."""

    id: str
    title: str
    date: date
    source_url: str
    publisher: str
    author: str | None
    body: str
    path: str = ""
    kind: SourceKind = "article"
    level: Level | None = None
    milestone: Milestone | None = None

    @cached_property
    def told_date(self) -> date:
        """The date its 今年 / 本年 / 去年 count from: its own, unless its text says which year its
        本年 means (a statistical report of 2020 published in March 2021: 本年指2020年)."""
        year = stated_year(self.body)
        return self.date if year is None or year == self.date.year else self.date.replace(year=year, month=12, day=31)


@dataclass(frozen=True)
class Fact:
    """A hand-kept fact: question variants, a short answer, its source article."""

    id: str
    questions: tuple[str, ...]
    answer: str
    source: str
    as_of: date
    tags: tuple[str, ...] = ()
    line: int | None = None
    answer_en: str | None = None
    milestone: Milestone | None = None


@dataclass(frozen=True)
class Source:
    """Where a hit comes from, for citing it to the user."""

    id: str
    title: str
    date: str
    url: str
    publisher: str = ""
    # A note's title, date, publisher and URL are its original report's: a note cites the report.
    kind: SourceKind = "article"
    level: Level | None = None
    # The reporter, when the report names one (an article's byline, a note's original's).
    author: str | None = None

    @classmethod
    def from_stored(cls, source_id: str, stored: Mapping[str, Any]) -> "Source":
        """The Source of an index's stored citation data (missing fields: an older index)."""
        return cls(
            id=source_id,
            title=stored.get("title", ""),
            date=stored.get("date", ""),
            url=stored.get("url", ""),
            publisher=stored.get("publisher", ""),
            kind=stored.get("kind") or "article",
            level=stored.get("level"),
            author=stored.get("author") or None,
        )

    def to_dict(self) -> dict[str, str | None]:
        out = asdict(self)
        if out["author"] is None:
            del out["author"]  # as before authors were stored: consumers see the fields they know
        return out


@dataclass(frozen=True)
class Hit:
    """One search result: a passage of an article or a fact."""

    id: str
    kind: Kind
    text: str
    score: float
    source: Source
    heading: str = ""
    # Question variants when kind == "fact"; shown as related questions.
    questions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "score": round(float(self.score), 4),
            "source": self.source.to_dict(),
        }


@dataclass(frozen=True)
class Fit:
    """Whether a document holds what a question asks for (see Retriever.fit)."""

    sentence: str  # the sentence (or fact answer) that would be the answer
    missing_kinds: tuple[str, ...] = ()  # asked kinds (figure, person…) it lacks
    measure_ok: bool = True  # a figure in the asked unit, when one is asked
    missing_entities: tuple[str, ...] = ()  # named subjects of the question it is not about
    year_ok: bool | None = None  # None when the question names no year
    covered: float = 1.0  # share of the question's known content words the document uses
    # Share of the question's named subjects in the answering sentence itself (佳县32名 for 佳县).
    named_in_sentence: float = 0.0
    # False when the source is a province's or a county pair's and the question is not about that level.
    level_ok: bool = True
    # False when a how-many question's counted thing (Query.counted) is not what the answer counts.
    counted_ok: bool = True
    # (sender, receiver) asked, when the answer has people sent the other way round (else None).
    reversed: tuple[str, str] | None = None
    # Share of the question's known words beyond its headline's that the passage itself uses: of an
    # article's passages, the one with the asked field (中标金额, 开标) — the headline has the rest.
    own: float = 0.0

    @property
    def ok(self) -> bool:
        return (not self.missing_kinds and self.measure_ok and not self.missing_entities and self.year_ok is not False
                and self.level_ok and self.reversed is None)


@dataclass(frozen=True)
class Also:
    """Another source's answer to the same question, from another date."""

    source: Source
    text: str


# How a remembered turn carries the person its answer named: 挂职副县长是谁 〔方立新〕.
NAMED_OPEN, NAMED_CLOSE = "〔", "〕"


def recall(memory: str) -> tuple[str, str]:
    """A remembered turn (`Answer.memory`) as its question and the person its answer named ("" if none)."""
    if memory.endswith(NAMED_CLOSE) and f" {NAMED_OPEN}" in memory:
        question, _, named = memory[: -len(NAMED_CLOSE)].rpartition(f" {NAMED_OPEN}")
        return question, named
    return memory, ""


@dataclass(frozen=True)
class Answer:
    """What xbbot says to a question: the direct answer and what it rests on."""

    question: str
    answered: bool
    text: str
    confidence: float
    hits: list[Hit] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    # Why nothing was answered ("empty", "out_of_scope", "low_confidence"), for the bot's wording.
    reason: str = ""
    lang: Literal["zh", "en"] = "zh"
    # Why it was declined, in the asker's language, when there is more to say than "no".
    why: str = ""
    # Other dates' answers to the same question (another year's figure of the same measure).
    also: list[Also] = field(default_factory=list)
    # Answered from the top hit's report itself (who wrote it, where and when it ran), not its text.
    about_report: bool = False
    # The person a who-question's answer named (在赤峪挂职的是谁 → 孙启航): 他 in the next message
    # is that person, whom the question itself did not name.
    named: str = ""
    # What the answer quotes from its top hit (the text without an English introduction).
    quote: str = ""

    @property
    def source(self) -> Source | None:
        return self.hits[0].source if self.hits and self.answered else None

    @property
    def keeps_context(self) -> bool:
        """Whether a follow-up may refer to this question: it was answered, or declined although it
        is about the knowledge base's subject (the answer lacked what was asked, or that year) — 他
        in the next message is still the person it asked about. Greetings, off-topic and
        low-confidence questions leave the chain as it was."""
        return self.answered or self.reason in ("not_answered", "year_unavailable")

    @property
    def memory(self) -> str:
        """What a conversation remembers of this turn for the follow-ups: the question, and the
        person its answer named (see `recall`)."""
        return f"{self.question} {NAMED_OPEN}{self.named}{NAMED_CLOSE}" if self.named else self.question

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.text,
            "confidence": round(float(self.confidence), 4),
            "hits": [h.to_dict() for h in self.hits],
            "related": list(self.related),
            "reason": self.reason,
            "why": self.why,
            "as_of": self.source.date if self.source else None,
            "also": [{"text": a.text, "source": a.source.to_dict()} for a in self.also],
            "about_report": self.about_report,
        }
