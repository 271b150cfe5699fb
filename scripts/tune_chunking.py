"""Choose passage size and overlap by the retrieval eval.

    python scripts/tune_chunking.py [--questions tests/eval/questions.yaml]

Builds the index once per (max_chars, overlap) into one scratch directory, so facts and
unchanged passages are embedded once, and prints hit@1 / hit@3 / MRR on the in-scope questions.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import replace
from pathlib import Path

import xbbot.index as index_mod
from xbbot.config import load_settings
from xbbot.embedding import load_encoder
from xbbot.evaluation import evaluate, load_questions
from xbbot.knowledge import load_knowledge
from xbbot.retriever import Retriever


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", type=Path, default=Path("tests/eval/questions.yaml"))
    ap.add_argument("--knowledge", type=Path, default=Path("knowledge"))
    ap.add_argument("--no-facts", action="store_true",
                    help="Index the articles alone: how passages fare where no facts were written.")
    args = ap.parse_args()
    settings = load_settings(env={}, knowledge_dir=args.knowledge)
    encoder = load_encoder(settings)
    kb = load_knowledge(args.knowledge)
    if args.no_facts:
        kb = replace(kb, facts=[])
    questions = [q for q in load_questions(args.questions) if q.in_scope]
    print(f"{'max_chars':>9} {'overlap':>7} {'passages':>8} {'hit@1':>6} {'hit@3':>6} {'MRR':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for max_chars in (60, 100, 160, 240, 400):
            for overlap in (0, 1):
                index_mod.CHUNK_MAX_CHARS, index_mod.CHUNK_OVERLAP = max_chars, overlap
                index_mod.build_index(kb, encoder, Path(tmp))
                r = Retriever.load(Path(tmp), settings=settings, encoder=encoder, check_fresh=False)
                r.tuning = replace(r.tuning, threshold=0.0)  # rank quality only
                s = evaluate(r, questions).summary()["in_scope"]
                n = r.manifest["counts"]["passages"]
                print(f"{max_chars:>9} {overlap:>7} {n:>8} {s['hit@1']:>6.3f} {s['hit@3']:>6.3f} {s['mrr']:>6.3f}")


if __name__ == "__main__":
    main()
