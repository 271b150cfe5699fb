"""Grid-search the abstention parameters on the dev question sets of both knowledge bases.

    python scripts/tune_confidence.py

Dev sets: every file scripts/eval_sets.py lists as dev, of both knowledge bases, conversations
included. Holdouts are never read here.

Ranking does not depend on these parameters, so every question is ranked once and only the
confidence is re-evaluated, over all questions at once with `retriever.confidences` (the formula
answering uses, so the two cannot drift). The cost is false abstention on
in-scope questions whose top hit is right, plus the answered share of questions to decline.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from dataclasses import fields, replace
from pathlib import Path

import numpy as np

from xbbot.config import load_settings
from xbbot.evaluation import is_correct, load_conversations, load_questions
from xbbot.retriever import Retriever, Signals, Tuning, confidences, signal_columns

from eval_sets import MULTI_DEV, MULTI_DEV_CONV, MULTI_KB, SHIPPED_DEV, SHIPPED_DEV_CONV

GRID = {
    "dense_floor": [0.78, 0.80, 0.82],
    "english_offset": [0.04, 0.07, 0.10],
    "noun_penalty": [0.1, 0.2],
    "other_penalty": [0.1, 0.2],
    "latin_penalty": [0.0, 0.05],
    "strong_penalty": [0.3, 0.5],
    "mismatch_penalty": [0.4, 0.6, 0.8],
    "entity_penalty": [0.3, 0.5],
    "uncovered_penalty": [0.2, 0.4, 0.6],
    "decline_penalty": [0.3, 0.5],
    "threshold": [0.35, 0.4, 0.45],
}


SHOW: list[str] = []


def rows_for(r: Retriever, items: list[tuple[str, tuple[str, ...], bool, tuple[str, ...]]]) -> list[tuple[bool, Signals]]:
    """(keep: answer expected and the top hit right, or decline expected; signals) per question."""
    out = []
    for q, context, in_scope, expect in items:
        ranking = r._rank(r.understand(q, context))  # noqa: SLF001 - a tuning tool of the package itself
        if in_scope:
            top = ranking.scored[0] if ranking.scored else None
            if top is None or not is_correct(r._ix.docs[top.doc].text, expect):  # noqa: SLF001
                continue  # answering or not, it is not a right first answer: says nothing on calibration
        out.append((in_scope, r.signals(ranking)))
        SHOW.append(q)
    return out


def items_of(paths: list[Path], conversations: list[Path]) -> list[tuple[str, tuple[str, ...], bool, tuple[str, ...]]]:
    items = []
    for path in paths:
        # Every row, first_nearmiss.yaml's `holdout: true` ones too: they are dev since first_nearmiss2.yaml.
        items.extend((q.q, q.context, q.in_scope, q.expect) for q in load_questions(path))
    for path in conversations:
        for conv in load_conversations(path):
            said: list[str] = []
            for turn in conv.turns:
                items.append((turn.q, tuple(said[-3:]), turn.in_scope, turn.expect))
                if turn.in_scope:
                    said.append(turn.q)
    return items


def matrix(rows: list[tuple[bool, Signals]]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    return np.array([i for i, _ in rows]), signal_columns([s for _, s in rows])


def main() -> None:
    base = Tuning()
    rows: list[tuple[bool, Signals]] = []
    with tempfile.TemporaryDirectory() as tmp:
        shipped = Retriever.load(settings=load_settings(env={}, index_dir=Path(tmp) / "a"))
        rows += rows_for(shipped, items_of(SHIPPED_DEV, SHIPPED_DEV_CONV))
        multi = Retriever.load(settings=load_settings(env={}, knowledge_dir=MULTI_KB, index_dir=Path(tmp) / "b"))
        rows += rows_for(multi, items_of(MULTI_DEV, MULTI_DEV_CONV))
    ins, cols = matrix(rows)
    print(f"{int(ins.sum())} in-scope questions with a right top hit, {int((~ins.astype(bool)).sum())} to decline")
    best = None
    if "--show" in sys.argv:
        GRID.clear()
    for values in itertools.product(*GRID.values()):
        t = replace(base, **dict(zip(GRID, values)))
        conf = confidences(cols, t)
        answered = conf >= t.threshold
        fa = float((~answered[ins == 1]).mean())
        oa = float(answered[ins == 0].mean())
        cost = fa + oa
        if best is None or cost < best[0] - 1e-9:
            best = (cost, t, fa, oa)
    cost, t, fa, oa = best
    print("best: " + " ".join(f"{k}={getattr(t, k)}" for k in GRID))
    print(f"dev: false abstention {fa:.3f}, declined share of questions to decline {1 - oa:.3f}")
    conf = confidences(cols, base)
    answered = conf >= base.threshold
    if "--show" in sys.argv:
        for q, (i, sig), c in zip(SHOW, rows, conf):
            if (i and c < base.threshold) or (not i and c >= base.threshold):
                print(("ABSTAINED " if i else "ANSWERED  ") + f"{c:.2f} {q[:40]} " + " ".join(
                    f"{f.name}={getattr(sig, f.name):.2f}" if isinstance(getattr(sig, f.name), float) else f"{f.name}"
                    for f in fields(Signals) if getattr(sig, f.name) and f.name not in ("english",)))
    print(f"current defaults: false abstention {float((~answered[ins == 1]).mean()):.3f}, "
          f"declined {1 - float(answered[ins == 0].mean()):.3f}")


if __name__ == "__main__":
    main()
