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

from eval_sets import (MULTI, MULTI_DEV_SPLITS, MULTI_HOLDOUT_SPLITS, MULTI_KB, SHIPPED_DEV, SHIPPED_DEV_CONV,
                       SHIPPED_HOLDOUT, SHIPPED_HOLDOUT_CONV)


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
        for path in SHIPPED_DEV:
            print(line(f"shipped {path.name}", evaluate(shipped, load_questions(path))))
        for path in SHIPPED_DEV_CONV:
            print(line(f"shipped {path.name}", evaluate(shipped, [], conversations=load_conversations(path))))
        print(line("shipped HOLDOUT " + "+".join(p.stem for p in SHIPPED_HOLDOUT + SHIPPED_HOLDOUT_CONV), evaluate(
            shipped, [q for p in SHIPPED_HOLDOUT for q in load_questions(p)],
            conversations=[c for p in SHIPPED_HOLDOUT_CONV for c in load_conversations(p)])))
        multi = Retriever.load(settings=load_settings(env={}, knowledge_dir=MULTI_KB, index_dir=Path(tmp) / "b"))
        for split in MULTI_DEV_SPLITS + MULTI_HOLDOUT_SPLITS:
            conv = MULTI / f"{split}_conversations.yaml"
            report = evaluate(multi, load_questions(MULTI / f"{split}.yaml"),
                              conversations=load_conversations(conv) if conv.exists() else [])
            label = split.upper() if split in MULTI_HOLDOUT_SPLITS else f"{split} (dev)"
            print(line(f"multi-article {label}", report))


if __name__ == "__main__":
    main()
