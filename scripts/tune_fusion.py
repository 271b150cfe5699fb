"""Choose the fusion weights by the retrieval eval.

    python scripts/tune_fusion.py [--questions tests/eval/questions.yaml ...]

Ranks every in-scope question of the given sets under each combination of dense/lexical
weight, the boost for passages holding the kind of thing asked for, and the boost for facts,
and prints hit@1 and MRR, best first. Abstention plays no part here (see tune_confidence.py).
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import replace
from pathlib import Path

from xbbot.evaluation import evaluate, load_questions
from xbbot.retriever import Retriever


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", type=Path, nargs="+",
                    default=[Path("tests/eval/questions.yaml"), Path("tests/eval/calibration.yaml")])
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    r = Retriever.load()
    base = r.tuning
    questions = [q for path in args.questions for q in load_questions(path) if q.in_scope]
    rows = []
    for dense, kind, fact in itertools.product([0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0.0, 0.04, 0.08, 0.12],
                                               [0.0, 0.02, 0.05]):
        r.tuning = replace(base, dense_weight=dense, lexical_weight=1 - dense, kind_boost=kind, fact_boost=fact,
                           threshold=0.0)
        s = evaluate(r, questions).summary()["in_scope"]
        rows.append((s["hit@1"], s["mrr"], dense, kind, fact))
    rows.sort(reverse=True)
    print(f"{len(questions)} in-scope questions from {', '.join(map(str, args.questions))}")
    print(f"{'hit@1':>6} {'MRR':>6} {'dense':>6} {'lexical':>7} {'kind':>5} {'fact':>5}")
    for hit1, mrr, dense, kind, fact in rows[: args.top]:
        mark = "  <- current" if (dense, kind, fact) == (base.dense_weight, base.kind_boost, base.fact_boost) else ""
        print(f"{hit1:>6.3f} {mrr:>6.3f} {dense:>6.2f} {1 - dense:>7.2f} {kind:>5.2f} {fact:>5.2f}{mark}")
    current = next(row for row in rows if row[2:] == (base.dense_weight, base.kind_boost, base.fact_boost))
    print(f"current: hit@1 {current[0]:.3f} MRR {current[1]:.3f} (rank {rows.index(current) + 1} of {len(rows)})")


if __name__ == "__main__":
    main()
