"""Try values of one Tuning field on the dev questions of both knowledge bases (a development aid).

    python scripts/sweep_tuning.py latest_margin 0.12 0.2 0.3
    python scripts/sweep_tuning.py latest_margin 0.12 0.2 --only latest    # questions asking the newest
    python scripts/sweep_tuning.py fit_reason_boost 0.2 0.3 --only reason  # why-questions

Only single questions of the dev sets (scripts/eval_sets.py) are asked, each knowledge base's
retriever built once; `--only KIND` keeps the questions whose Query asks that kind (or `latest`).
Prints right-first and declined shares per knowledge base and value, to compare in one run.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import fields, replace
from pathlib import Path

from xbbot.config import load_settings
from xbbot.evaluation import evaluate, load_questions
from xbbot.retriever import Retriever, Tuning

from eval_sets import MULTI_DEV, MULTI_KB, SHIPPED_DEV


def main() -> None:
    names = [f.name for f in fields(Tuning)]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("field", choices=names, metavar="FIELD", help="a Tuning field")
    parser.add_argument("values", nargs="+", type=float, help="values to try")
    parser.add_argument("--only", help="keep questions asking this kind (number, reason, …) or 'latest'")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bases = {
            "shipped": (Retriever.load(settings=load_settings(env={}, index_dir=Path(tmp) / "a")), SHIPPED_DEV),
            "multi": (Retriever.load(settings=load_settings(env={}, knowledge_dir=MULTI_KB, index_dir=Path(tmp) / "b")),
                      MULTI_DEV),
        }
        asked = {}
        for name, (retriever, files) in bases.items():
            questions = [q for f in files for q in load_questions(f)]
            if args.only:
                def keeps(q) -> bool:  # noqa: ANN001 - EvalQuestion
                    query = retriever.understand(q.q, q.context)
                    return query.latest if args.only == "latest" else args.only in query.wants
                questions = [q for q in questions if keeps(q)]
            asked[name] = questions
        for value in args.values:
            parts = []
            for name, (retriever, _) in bases.items():
                base = retriever.tuning
                retriever.tuning = replace(base, **{args.field: value})
                s = evaluate(retriever, asked[name]).summary()
                retriever.tuning = base
                ins, outs = s["in_scope"], s["out_of_scope"]
                parts.append(f"{name}: right1 {ins.get('right_first', 0):.3f} declined {ins.get('false_abstention', 0):.3f} "
                             f"(n={ins.get('n', 0)}) to decline declined {outs.get('abstention', 0):.3f} (n={outs.get('n', 0)})")
            print(f"{args.field}={value:g}  " + "  |  ".join(parts))


if __name__ == "__main__":
    main()
