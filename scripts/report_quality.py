"""Print the quality figures of every evaluation set, holdouts included, as the README reports them.

    python scripts/report_quality.py

Summaries only: no misses are printed, so running it never exposes a holdout's questions.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from xbbot.config import load_settings
from xbbot.evaluation import evaluate, load_conversations, load_questions
from xbbot.retriever import Retriever

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "eval"


def line(name: str, report) -> str:  # noqa: ANN001 - EvalReport
    s = report.summary()
    ins, outs, conv = s["in_scope"], s["out_of_scope"], s.get("conversations") or {}
    near = s["by_kind"].get("near_miss", {})
    parts = [f"{name:<34}"]
    if ins:
        parts.append(f"in n={ins['n']:>3} hit@1 {ins['hit@1']:.2f} hit@3 {ins['hit@3']:.2f} "
                     f"right1 {ins['right_first']:.2f} declined {ins['false_abstention']:.2f}")
    if outs:
        parts.append(f"| to decline n={outs['n']:>3} declined {outs['abstention']:.2f}")
    if near:
        parts.append(f"| near misses n={near['n']} declined {near['abstention']:.2f}")
    if conv:
        parts.append(f"| turns {conv['turns']} right {conv['turns_right']:.2f}")
    return " ".join(parts)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        shipped = Retriever.load(settings=load_settings(env={}, index_dir=Path(tmp) / "a"))
        for name in ("questions.yaml", "calibration.yaml", "holdout.yaml"):
            print(line(f"shipped {name}", evaluate(shipped, load_questions(EVAL / name))))
        print(line("shipped first_nearmiss.yaml", evaluate(shipped, load_questions(EVAL / "first_nearmiss.yaml"))))
        print(line("shipped dev4 (blind, tuned on since)", evaluate(
            shipped, load_questions(EVAL / "dev4.yaml"), conversations=load_conversations(EVAL / "dev4_conversations.yaml"))))
        # The blind holdout of 2026-11-30 (holdout.yaml and first_nearmiss.yaml are dev since).
        print(line("shipped HOLDOUT holdout2+nearmiss2", evaluate(
            shipped, load_questions(EVAL / "holdout2.yaml") + load_questions(EVAL / "first_nearmiss2.yaml"),
            conversations=load_conversations(EVAL / "conversations2.yaml"))))
        multi = Retriever.load(settings=load_settings(env={}, knowledge_dir=EVAL / "multi" / "knowledge",
                                                      index_dir=Path(tmp) / "b"))
        for split in ("dev", "dev2", "dev3", "dev4", "holdout", "holdout3", "holdout4"):
            report = evaluate(multi, load_questions(EVAL / "multi" / f"{split}.yaml"),
                              conversations=load_conversations(EVAL / "multi" / f"{split}_conversations.yaml"))
            print(line(f"multi-article {split.upper() if split.startswith('holdout') else split}", report))


if __name__ == "__main__":
    main()
