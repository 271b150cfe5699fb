"""Retrieval evaluation: hit@k, MRR and abstention over a YAML question set."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import yaml

from xbbot.errors import XbbotError
from xbbot.models import Answer
from xbbot.textnorm import normalize

OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class EvalQuestion:
    """A question, what a correct hit must contain, and the chat context before it."""

    q: str
    kind: str
    expect: tuple[str, ...]
    context: tuple[str, ...] = ()

    @property
    def in_scope(self) -> bool:
        return self.kind != OUT_OF_SCOPE


@dataclass(frozen=True)
class EvalResult:
    question: EvalQuestion
    rank: int | None  # 1-based rank of the first correct hit, None if not in the hits
    answered: bool
    confidence: float
    top_text: str


@dataclass
class EvalReport:
    results: list[EvalResult] = field(default_factory=list)

    def _in(self) -> list[EvalResult]:
        return [r for r in self.results if r.question.in_scope]

    def _out(self) -> list[EvalResult]:
        return [r for r in self.results if not r.question.in_scope]

    @staticmethod
    def _metrics(rs: Sequence[EvalResult]) -> dict[str, float]:
        if not rs:
            return {}
        n = len(rs)
        if not rs[0].question.in_scope:
            return {"n": n, "abstention": sum(not r.answered for r in rs) / n}
        return {
            "n": n,
            "hit@1": sum(r.rank == 1 for r in rs) / n,
            "hit@3": sum(r.rank is not None and r.rank <= 3 for r in rs) / n,
            "mrr": sum(1 / r.rank for r in rs if r.rank) / n,
            "false_abstention": sum(not r.answered for r in rs) / n,
        }

    def summary(self) -> dict[str, Any]:
        """Overall in-scope and out-of-scope metrics, then per kind."""
        by_kind: dict[str, list[EvalResult]] = defaultdict(list)
        for r in self.results:
            by_kind[r.question.kind].append(r)
        return {
            "in_scope": self._metrics(self._in()),
            "out_of_scope": self._metrics(self._out()),
            "by_kind": {k: self._metrics(v) for k, v in sorted(by_kind.items())},
        }

    def misses(self) -> list[EvalResult]:
        """In-scope questions not answered right at rank 1, and out-of-scope ones answered."""
        return [
            r
            for r in self.results
            if (r.question.in_scope and (r.rank != 1 or not r.answered))
            or (not r.question.in_scope and r.answered)
        ]


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a question set; each item needs `q` and `kind`, `expect` unless out of scope."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise XbbotError(f"{path}: cannot read question set: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise XbbotError(f"{path}:{mark.line + 1 if mark else '?'}: invalid YAML") from None
    if not isinstance(data, list):
        raise XbbotError(f"{path}: a question set is a YAML list of {{q, kind, expect}} items")
    out: list[EvalQuestion] = []
    for i, item in enumerate(data, 1):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str) or not item.get("kind"):
            raise XbbotError(f"{path}: item {i} needs a question `q` and a `kind`")
        expect = tuple(str(e) for e in item.get("expect") or ())
        if item["kind"] != OUT_OF_SCOPE and not expect:
            raise XbbotError(f"{path}: item {i} ({item['q']!r}) is in scope but has no `expect`")
        out.append(EvalQuestion(item["q"], str(item["kind"]), expect, tuple(item.get("context") or ())))
    return out


def is_correct(text: str, expect: Sequence[str]) -> bool:
    t = normalize(text)
    return any(normalize(e) in t for e in expect)


def judge(question: EvalQuestion, answer: Answer) -> EvalResult:
    rank = None
    for i, hit in enumerate(answer.hits, 1):
        if question.in_scope and is_correct(hit.text, question.expect):
            rank = i
            break
    top = answer.hits[0].text if answer.hits else ""
    return EvalResult(question, rank, answer.answered, answer.confidence, top)


def evaluate(retriever: Any, questions: Sequence[EvalQuestion], k: int = 5) -> EvalReport:
    """Ask every question (with its context) and judge the hits."""
    return EvalReport([judge(q, retriever.answer(q.q, context=q.context, k=k)) for q in questions])
