"""Retrieval evaluation: hit@k, MRR, right first answers and declines over YAML question sets,
single questions and multi-turn conversations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Sequence

import yaml

from xbbot.store import CONTEXT_SIZE
from xbbot.errors import XbbotError
from xbbot.models import Answer, Hit
from xbbot.textnorm import normalize

OUT_OF_SCOPE = "out_of_scope"
NEAR_MISS = "near_miss"
GREETING = "greeting"
# Kinds the bot must decline (a greeting is "declined" too: it gets the bot's introduction, no answer).
DECLINE_KINDS = frozenset({OUT_OF_SCOPE, NEAR_MISS, GREETING})
# Default kind of a conversation turn that names none.
TURN = "turn"


@dataclass(frozen=True)
class EvalQuestion:
    """A question, what a correct hit must contain, and the chat context before it."""

    q: str
    kind: str
    expect: tuple[str, ...]
    context: tuple[str, ...] = ()
    holdout: bool = False  # flagged in a shared file: never tune on it

    @property
    def in_scope(self) -> bool:
        return self.kind not in DECLINE_KINDS


@dataclass(frozen=True)
class Conversation:
    """Turns asked in order in one chat; each turn's context is what the bot would remember."""

    name: str
    turns: tuple[EvalQuestion, ...]


@dataclass(frozen=True)
class EvalResult:
    question: EvalQuestion  # for a conversation turn, its context is the one it was asked with
    rank: int | None  # 1-based rank of the first correct hit, None if not in the hits
    answered: bool
    confidence: float
    top_text: str
    reason: str = ""  # why it was declined (Answer.reason), for reading misses

    @property
    def right(self) -> bool:
        """In scope: answered with a correct top hit (the right first answer). Else: declined."""
        if self.question.in_scope:
            return self.answered and self.rank == 1
        return not self.answered


@dataclass(frozen=True)
class ConversationResult:
    conversation: Conversation
    turns: tuple[EvalResult, ...]

    @property
    def right(self) -> bool:
        return all(t.right for t in self.turns)


@dataclass
class EvalReport:
    results: list[EvalResult] = field(default_factory=list)
    conversations: list[ConversationResult] = field(default_factory=list)

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
            "right_first": sum(r.right for r in rs) / n,
            "false_abstention": sum(not r.answered for r in rs) / n,
        }

    def turns(self) -> list[EvalResult]:
        return [t for c in self.conversations for t in c.turns]

    def _conversation_metrics(self) -> dict[str, float]:
        turns = self.turns()
        if not turns:
            return {}
        n_in = sum(t.question.in_scope for t in turns)
        return {
            "n": len(self.conversations),
            "turns": len(turns),
            "turns_right": sum(t.right for t in turns) / len(turns),
            "in_scope_turns_right": sum(t.right for t in turns if t.question.in_scope) / n_in if n_in else 1.0,
            "decline_turns_right": (sum(t.right for t in turns if not t.question.in_scope) / (len(turns) - n_in)
                                    if len(turns) > n_in else 1.0),
            "all_turns_right": sum(c.right for c in self.conversations) / len(self.conversations),
        }

    def summary(self) -> dict[str, Any]:
        """Overall in-scope and declined-kind metrics, per kind, then the conversations."""
        by_kind: dict[str, list[EvalResult]] = defaultdict(list)
        for r in self.results:
            by_kind[r.question.kind].append(r)
        return {
            "in_scope": self._metrics(self._in()),
            "out_of_scope": self._metrics(self._out()),
            "by_kind": {k: self._metrics(v) for k, v in sorted(by_kind.items())},
            "conversations": self._conversation_metrics(),
        }

    def misses(self) -> list[EvalResult]:
        """Single questions not right (in scope: not answered right at rank 1; else answered)."""
        return [r for r in self.results if not r.right]

    def conversation_misses(self) -> list[tuple[str, int, EvalResult]]:
        """(conversation name, 1-based turn number, result) of every turn not right."""
        return [(c.conversation.name, i, t) for c in self.conversations for i, t in enumerate(c.turns, 1)
                if not t.right]


def _read_list(path: Path) -> list[Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise XbbotError(f"{path}: cannot read question set: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise XbbotError(f"{path}:{mark.line + 1 if mark else '?'}: invalid YAML") from None
    if not isinstance(data, list):
        raise XbbotError(f"{path}: a question set is a YAML list of {{q, kind, expect}} items "
                         "or of {name, turns} conversations")
    return data


def _question(path: Path, where: str, item: Any, default_kind: str | None = None) -> EvalQuestion:
    kind = item.get("kind", default_kind) if isinstance(item, dict) else None
    if default_kind and isinstance(item, dict) and "kind" not in item and not item.get("expect"):
        kind = OUT_OF_SCOPE  # a turn with no kind and nothing expected must be declined
    if not isinstance(item, dict) or not isinstance(item.get("q"), str) or not kind:
        raise XbbotError(f"{path}: {where} needs a question `q` and a `kind`")
    expect = tuple(str(e) for e in item.get("expect") or ())
    kind = str(kind)
    if kind not in DECLINE_KINDS and not expect:
        raise XbbotError(f"{path}: {where} ({item['q']!r}) is in scope but has no `expect`")
    if kind in DECLINE_KINDS and expect:
        raise XbbotError(f"{path}: {where} ({item['q']!r}) is {kind}, so it must have an empty `expect`")
    return EvalQuestion(item["q"], kind, expect, tuple(item.get("context") or ()), bool(item.get("holdout")))


def _is_conversation(item: Any) -> bool:
    return isinstance(item, dict) and "turns" in item


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a question set; each item needs `q` and `kind`, `expect` unless a decline kind."""
    data = _read_list(path)
    if data and all(_is_conversation(item) for item in data):
        raise XbbotError(f"{path}: holds conversations, not single questions")
    return [_question(path, f"item {i}", item) for i, item in enumerate(data, 1)]


def load_conversations(path: Path) -> list[Conversation]:
    """Read a conversation set: a list of {name, turns: [{q, expect, kind?}, …]} with 2+ turns."""
    out: list[Conversation] = []
    for i, item in enumerate(_read_list(path), 1):
        turns = item.get("turns") if isinstance(item, dict) else None
        if not isinstance(turns, list) or not turns:
            raise XbbotError(f"{path}: conversation {i} needs a list of `turns`")
        name = str(item.get("name") or f"conversation {i}")
        out.append(Conversation(name, tuple(_question(path, f"{name!r} turn {j}", t, TURN)
                                            for j, t in enumerate(turns, 1))))
    return out


def load_eval_file(path: Path) -> tuple[list[EvalQuestion], list[Conversation]]:
    """A question set or a conversation set, told apart by its items (conversations have `turns`)."""
    data = _read_list(path)
    if data and _is_conversation(data[0]):
        return [], load_conversations(path)
    return load_questions(path), []


def is_correct(text: str, expect: Sequence[str]) -> bool:
    t = normalize(text)
    return any(normalize(e) in t for e in expect)


def _front_matter(hit: Hit) -> str:
    """A hit's report as an answer about it gives it: date (also as 年月日), outlet, reporter."""
    src = hit.source
    y, m, d = (src.date.split("-") + ["", "", ""])[:3]
    dated = f"{y}年{int(m)}月{int(d)}日" if m.isdigit() and d.isdigit() else ""
    return " ".join(filter(None, [src.date, dated, src.publisher, src.author or ""]))


def judge(question: EvalQuestion, answer: Answer) -> EvalResult:
    rank = None
    for i, hit in enumerate(answer.hits, 1):
        # An answer about the report (这篇报道是哪天发的) is right when its report is: its date,
        # outlet and reporter are the report's front matter, not its text.
        text = f"{hit.text} {_front_matter(hit)}" if answer.about_report and i == 1 else hit.text
        if i == 1 and answer.answered and not answer.about_report:
            # …and what the answer quotes from it, which a reason may carry on into the next passage.
            text = f"{text} {answer.quote}"
        if question.in_scope and is_correct(text, question.expect):
            rank = i
            break
    top = answer.hits[0].text if answer.hits else ""
    return EvalResult(question, rank, answer.answered, answer.confidence, top, answer.reason)


def run_conversation(retriever: Any, conversation: Conversation, k: int = 5) -> ConversationResult:
    """Ask the turns in order. Like the bot, remember the questions a follow-up may refer to (the
    last few; see `Answer.keeps_context`): a greeting or an off-topic turn leaves the chain as it was."""
    remembered: list[str] = []
    results: list[EvalResult] = []
    for turn in conversation.turns:
        asked = replace(turn, context=tuple(remembered[-CONTEXT_SIZE:]))
        answer = retriever.answer(asked.q, context=asked.context, k=k)
        results.append(judge(asked, answer))
        if answer.keeps_context:
            remembered.append(answer.memory)
    return ConversationResult(conversation, tuple(results))


def evaluate(retriever: Any, questions: Sequence[EvalQuestion], k: int = 5,
             conversations: Sequence[Conversation] = ()) -> EvalReport:
    """Ask every question (with its context) and every conversation, and judge the hits."""
    return EvalReport([judge(q, retriever.answer(q.q, context=q.context, k=k)) for q in questions],
                      [run_conversation(retriever, c, k) for c in conversations])
