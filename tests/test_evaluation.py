"""Retrieval quality on the eval sets: the targets of the README, asserted so they cannot regress."""

from __future__ import annotations

from pathlib import Path

import pytest

from xbbot.errors import XbbotError
from xbbot.evaluation import EvalReport, evaluate, load_questions
from xbbot.retriever import Retriever

EVAL = Path(__file__).parent / "eval"


@pytest.fixture(scope="module")
def dev(retriever: Retriever) -> EvalReport:
    return evaluate(retriever, load_questions(EVAL / "questions.yaml"))


def test_dev_set_is_big_and_varied() -> None:
    qs = load_questions(EVAL / "questions.yaml")
    kinds = {q.kind for q in qs}
    assert sum(q.in_scope for q in qs) >= 80 and sum(not q.in_scope for q in qs) >= 15
    assert {"english", "traditional", "typo", "colloquial", "followup", "year", "out_of_scope"} <= kinds


def test_dev_set_meets_targets(dev: EvalReport) -> None:
    s = dev.summary()
    misses = "\n".join(f"{r.question.q} rank={r.rank} answered={r.answered}" for r in dev.misses())
    assert s["in_scope"]["hit@1"] >= 0.95, misses
    assert s["in_scope"]["hit@3"] == 1.0, misses
    assert s["in_scope"]["false_abstention"] <= 0.03, misses
    assert s["out_of_scope"]["abstention"] >= 0.95, misses


@pytest.mark.parametrize("name", ["holdout.yaml", "calibration.yaml"])
def test_other_sets_do_not_regress(retriever: Retriever, name: str) -> None:
    """Floors below today's figures (see README): the holdout is never tuned on."""
    s = evaluate(retriever, load_questions(EVAL / name)).summary()
    assert s["in_scope"]["hit@1"] >= 0.85
    assert s["in_scope"]["hit@3"] >= 0.95
    assert s["in_scope"]["false_abstention"] <= 0.15
    assert s["out_of_scope"]["abstention"] >= 0.85


def test_every_kind_is_reported(dev: EvalReport) -> None:
    by_kind = dev.summary()["by_kind"]
    assert "abstention" in by_kind["out_of_scope"] and "hit@1" in by_kind["figure"]


@pytest.mark.parametrize(
    ("content", "message"),
    [("- {kind: figure}\n", "needs a question"), ("- {q: x, kind: figure}\n", "has no `expect`"),
     ("a: b\n", "YAML list"), ("- [unclosed\n", "invalid YAML")],
)
def test_bad_question_sets_are_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "qs.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(XbbotError, match=message):
        load_questions(path)
