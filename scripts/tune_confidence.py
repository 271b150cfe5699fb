"""Grid-search the abstention parameters on the dev question set; report the holdout too.

    python scripts/tune_confidence.py [--dev tests/eval/questions.yaml] [--holdout tests/eval/holdout.yaml]

Ranking does not depend on these parameters, so every question is ranked once and only the
confidence formula is re-evaluated. The holdout set is reported, never optimised on.
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import replace
from pathlib import Path

from xbbot.evaluation import load_questions
from xbbot.retriever import Retriever, Tuning


def features(r: Retriever, path: Path) -> list[tuple[bool, float, int, int, int, bool]]:
    rows = []
    for q in load_questions(path):
        ranked = r._rank(q.q, q.context)  # noqa: SLF001 - a tuning tool of the package itself
        check = r.scope(q.q)
        latin_weak = sum(1 for w in check.weak if w.isascii())
        rows.append((q.in_scope, ranked[0].dense if ranked else 0.0, len(check.strong),
                     len(check.weak) - latin_weak, latin_weak, q.q.isascii()))
    return rows


def rates(rows, t: Tuning) -> tuple[float, float]:
    """(false abstention on in-scope, answered share of out-of-scope)."""
    def conf(d: float, s: int, w: int, lw: int) -> float:
        dense = (d - t.dense_floor) / (t.dense_ceiling - t.dense_floor)
        return max(0.0, min(1.0, dense - t.strong_penalty * s - t.weak_penalty * w - t.latin_penalty * lw))

    ins = [conf(*r[1:5]) for r in rows if r[0]]
    outs = [conf(*r[1:5]) for r in rows if not r[0]]
    return (sum(c < t.threshold for c in ins) / len(ins), sum(c >= t.threshold for c in outs) / len(outs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=Path("tests/eval/questions.yaml"))
    ap.add_argument("--holdout", type=Path, default=Path("tests/eval/holdout.yaml"))
    args = ap.parse_args()
    r = Retriever.load()
    dev, hold = features(r, args.dev), features(r, args.holdout)
    best = None
    grid = itertools.product(
        [0.80, 0.82, 0.84, 0.86], [0.92, 0.94, 0.96, 0.98], [0.2, 0.3, 0.4, 0.6], [0.0, 0.05, 0.1, 0.15, 0.2],
        [0.0, 0.05, 0.1], [0.3, 0.35, 0.4, 0.45, 0.5],
    )
    for floor, ceil, sp, wp, lp, th in grid:
        t = replace(r.tuning, dense_floor=floor, dense_ceiling=ceil, strong_penalty=sp, weak_penalty=wp,
                    latin_penalty=lp, threshold=th)
        fa, oa = rates(dev, t)
        # Both errors matter; a wrong answer to an out-of-scope question is worse than a miss.
        cost = fa + 1.5 * oa
        if best is None or cost < best[0] - 1e-9:
            best = (cost, t, fa, oa)
    cost, t, fa, oa = best
    hfa, hoa = rates(hold, t)
    print(f"best: floor={t.dense_floor} ceiling={t.dense_ceiling} strong={t.strong_penalty} weak={t.weak_penalty} "
          f"latin={t.latin_penalty} threshold={t.threshold}")
    print(f"dev:     false abstention {fa:.3f}  out-of-scope abstention {1 - oa:.3f}")
    print(f"holdout: false abstention {hfa:.3f}  out-of-scope abstention {1 - hoa:.3f}")


if __name__ == "__main__":
    main()
