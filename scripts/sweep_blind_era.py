"""Sweep the confidence knobs over holdouts as the code that never saw them answered them.

    python scripts/sweep_blind_era.py ef91dad:holdout20,holdout18 5721062:holdout19,holdout17

Each argument is COMMIT:MULTI_SPLIT,SHIPPED_N — the code at the start of the stop that retired the
holdouts (so it was never tuned on them) and the multi-article split and shipped number it retired.
That code is taken with `git archive` into a temporary directory and run in a subprocess on the
retired sets of today's knowledge bases, recording every question's signals; then each confidence
knob of today's `Tuning` is varied alone and scored with today's `retriever.confidences`.

Dev rows flatter whatever was tuned on them: the rules were written until they answered. These rows
are what new page forms look like to the bot, so a knob that helps here should help the next
holdout. The cost counted is the same as tune_confidence.py's: in-scope questions whose top hit is
right but which are declined, plus questions to decline that are answered.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from dataclasses import fields, replace
from pathlib import Path

import numpy as np

from eval_sets import ROOT

# Run inside the old code's interpreter: the signals of every question of the given sets.
_DUMP = r"""
import os, sys, pickle, dataclasses
sys.path.insert(0, os.environ["SCRIPTS"])
from xbbot.config import load_settings
from xbbot.evaluation import evaluate, load_conversations, load_questions
from xbbot.retriever import Retriever
from eval_sets import EVAL, MULTI, MULTI_KB
rows = []
def run(r, paths):
    for p in paths:
        if not p.exists():
            continue
        qs, cs = ([], load_conversations(p)) if "conversations" in p.name else (load_questions(p), [])
        rep = evaluate(r, qs, conversations=cs)
        for res in list(rep.results) + [t for c in rep.conversations for t in c.turns]:
            q = res.question
            sig = r.signals(r._rank(r.understand(q.q, list(q.context))))
            rows.append(dict(ins=q.in_scope, rank=res.rank, sig=dataclasses.asdict(sig)))
n = os.environ["SHIPPED"]
run(Retriever.rebuild(load_settings(env={}, index_dir=os.environ["OUT"] + ".si")),
    [EVAL / f"holdout{n}.yaml", EVAL / f"first_nearmiss{n}.yaml", EVAL / f"conversations{n}.yaml"])
m = os.environ["MULTI_SPLIT"]
run(Retriever.rebuild(load_settings(env={}, knowledge_dir=MULTI_KB, index_dir=os.environ["OUT"] + ".mi")),
    [MULTI / f"{m}.yaml", MULTI / f"{m}_conversations.yaml"])
pickle.dump(rows, open(os.environ["OUT"], "wb"))
"""

GRID = {
    "threshold": [0.35, 0.40, 0.50], "dense_floor": [0.78, 0.82], "dense_ceiling": [0.93, 0.97],
    "mismatch_penalty": [0.4, 0.5, 0.7], "entity_penalty": [0.2, 0.4], "uncovered_penalty": [0.4, 0.5, 0.7],
    "noun_penalty": [0.1, 0.3], "other_penalty": [0.05, 0.15], "strong_penalty": [0.2, 0.4],
    "decline_penalty": [0.3, 0.7], "latin_penalty": [0.0, 0.1], "english_offset": [0.05, 0.09],
    "holder_bonus": [0.1, 0.25], "weak_cap": [0.2, 0.4], "year_penalty": [0.5],
}


def dump(commit: str, multi_split: str, shipped: str, work: Path) -> list[dict]:
    """The signals the code of `commit` computes for the retired sets (run in a subprocess)."""
    code = work / commit
    code.mkdir()
    archive = subprocess.run(["git", "archive", commit, "src"], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    out = work / f"{commit}.pkl"
    env = {**os.environ, "PYTHONPATH": f"{code / 'src'}{os.pathsep}{ROOT / 'scripts'}", "SCRIPTS": str(ROOT / "scripts"),
           "OUT": str(out), "MULTI_SPLIT": multi_split, "SHIPPED": shipped}
    subprocess.run([sys.executable, "-c", _DUMP], cwd=ROOT, env=env, check=True)
    return pickle.loads(out.read_bytes())


def cost(rows: list[dict], tuning) -> tuple[int, int]:
    """(right top hits declined, questions to decline answered) under `tuning`."""
    from xbbot.retriever import Signals, confidences

    names = [f.name for f in fields(Signals)]
    columns = {n: np.array([float(r["sig"].get(n, 0) or 0) for r in rows]) for n in names}
    answered = confidences(columns, tuning) >= tuning.threshold
    ins = np.array([r["ins"] for r in rows])
    right = np.array([r["rank"] == 1 for r in rows])
    return int((ins & right & ~answered).sum()), int((~ins & answered).sum())


def main(argv: list[str]) -> None:
    from xbbot.retriever import Tuning

    if not argv or any(arg.count(":") != 1 or arg.split(":")[1].count(",") != 1 for arg in argv):
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        sets = {}
        for arg in argv:
            commit, splits = arg.split(":")
            multi_split, shipped = splits.split(",")
            sets[arg] = dump(commit, multi_split, shipped.removeprefix("holdout"), Path(tmp))
    base = Tuning()

    def line(label: str, tuning: Tuning) -> str:
        cells = []
        for name, rows in sets.items():
            declined, answered = cost(rows, tuning)
            cells.append(f"{name}: {declined} right declined + {answered} answered = {declined + answered}")
        return f"{label:28s} " + " | ".join(cells)

    print("rows: " + ", ".join(f"{n} {len(r)}" for n, r in sets.items()))
    print(line("today's tuning", base))
    for name, values in GRID.items():
        for value in values:
            print(line(f"{name}={value}", replace(base, **{name: value})))


if __name__ == "__main__":
    main(sys.argv[1:])
