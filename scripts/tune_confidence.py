"""Grid-search the abstention parameters on the dev question sets; report the holdout too.

    python scripts/tune_confidence.py [--dev FILE...] [--holdout tests/eval/holdout.yaml]

The dev sets default to tests/eval/questions.yaml and tests/eval/calibration.yaml. Ranking
does not depend on these parameters, so every question is ranked once and only
`confidence_from` is re-evaluated. The holdout set is reported, never optimised on.
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import replace
from pathlib import Path

from xbbot.evaluation import load_questions
from xbbot.retriever import Retriever, Signals, Tuning, confidence_from

GRID = {
    "dense_floor": [0.80, 0.83],
    "dense_ceiling": [0.95],
    "strong_penalty": [0.3, 0.5],
    "noun_penalty": [0.1, 0.2, 0.3],
    "other_penalty": [0.0, 0.1, 0.2],
    "latin_penalty": [0.0, 0.05],
    "english_offset": [0.0, 0.04],
    "weak_cap": [0.3],
    "mismatch_penalty": [0.2, 0.4],
    "threshold": [0.3, 0.4, 0.5],
    "decline_margin": [-0.02, 0.0, 0.02, 0.04],
    "decline_penalty": [0.3, 0.6],
}


def signals(r: Retriever, path: Path) -> list[tuple[bool, Signals]]:
    rows = []
    for q in load_questions(path):
        ranking = r._rank(q.q, q.context)  # noqa: SLF001 - a tuning tool of the package itself
        rows.append((q.in_scope, r.signals(q.q, ranking)))
    return rows


def rates(rows: list[tuple[bool, Signals]], t: Tuning) -> tuple[float, float]:
    """(false abstention on in-scope questions, answered share of out-of-scope ones)."""
    ins = [confidence_from(s, t) for in_scope, s in rows if in_scope]
    outs = [confidence_from(s, t) for in_scope, s in rows if not in_scope]
    return sum(c < t.threshold for c in ins) / len(ins), sum(c >= t.threshold for c in outs) / len(outs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, nargs="+",
                    default=[Path("tests/eval/questions.yaml"), Path("tests/eval/calibration.yaml")])
    ap.add_argument("--holdout", type=Path, default=Path("tests/eval/holdout.yaml"))
    args = ap.parse_args()
    r = Retriever.load()
    dev = [row for path in args.dev for row in signals(r, path)]
    hold = signals(r, args.holdout)
    best = None
    for values in itertools.product(*GRID.values()):
        t = replace(r.tuning, **dict(zip(GRID, values)))
        fa, oa = rates(dev, t)
        cost = fa + oa  # a wrong answer and a needless refusal weigh the same
        if best is None or cost < best[0] - 1e-9:
            best = (cost, t, fa, oa)
    _, t, fa, oa = best
    print("best: " + " ".join(f"{k}={getattr(t, k)}" for k in GRID))
    print(f"dev:     false abstention {fa:.3f}  out-of-scope abstention {1 - oa:.3f}  (n={len(dev)})")
    hfa, hoa = rates(hold, t)
    print(f"holdout: false abstention {hfa:.3f}  out-of-scope abstention {1 - hoa:.3f}  (n={len(hold)})")
    cfa, coa = rates(hold, r.tuning)
    print(f"current defaults on holdout: false abstention {cfa:.3f}  out-of-scope abstention {1 - coa:.3f}")


if __name__ == "__main__":
    main()
