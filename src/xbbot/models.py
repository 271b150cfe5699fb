"""Plain data shared by every layer: articles, facts, passages, hits and answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

Kind = Literal["passage", "fact"]


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


@dataclass(frozen=True)
class Source:
    """Where a hit comes from, for citing it to the user."""

    id: str
    title: str
    date: str
    url: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


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

    @property
    def ok(self) -> bool:
        return not self.missing_kinds and self.measure_ok and not self.missing_entities and self.year_ok is not False


@dataclass(frozen=True)
class Also:
    """Another source's answer to the same question, from another date."""

    source: Source
    text: str


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
    note: str = ""
    # Other dates' answers to the same question (another year's figure of the same measure).
    also: list[Also] = field(default_factory=list)

    @property
    def source(self) -> Source | None:
        return self.hits[0].source if self.hits and self.answered else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.text,
            "confidence": round(float(self.confidence), 4),
            "hits": [h.to_dict() for h in self.hits],
            "related": list(self.related),
            "reason": self.reason,
            "note": self.note,
            "as_of": self.source.date if self.source else None,
            "also": [{"text": a.text, "source": a.source.to_dict()} for a in self.also],
        }
