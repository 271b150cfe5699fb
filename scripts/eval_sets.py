"""Which evaluation files are dev and which are holdouts: one list for every script.

Dev sets may be read, tuned on and have their misses printed. Holdouts are run for their summary
only (scripts/report_quality.py); never tune on them. When a holdout has been used for tuning it
moves to dev and a freshly written one replaces it (tests/eval/README.md, multi/README.md).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "eval"
MULTI = EVAL / "multi"
MULTI_KB = MULTI / "knowledge"

# The shipped knowledge base (knowledge/). holdout*, first_nearmiss2/3 and conversations2/3 were
# holdouts until they were retired to dev (2 and 3 on 2026-11-30, 3 at the start of its evening stop,
# 4 at the start of its night stop, 5 at the start of the stop of
# 2026-12-01, 6 at the start of stop 16 the same day,
# 7 at the start of stop 17, 8 at the start of stop 18, 9 at the start of stop 19, 10 at the start of stop 20,
# 11 at the start of stop 21, 12 at the start of stop 22, 13 at the start of stop 23, 14 at the start of stop 24,
# 15 at the start of stop 25, 16 at the start of stop 26, 17 at the start of stop 27, 18 at the start of stop 28).
SHIPPED_DEV = [EVAL / f for f in ("questions.yaml", "calibration.yaml", "first_nearmiss.yaml", "dev4.yaml",
                                  "holdout.yaml", "holdout2.yaml", "first_nearmiss2.yaml", "holdout3.yaml",
                                  "first_nearmiss3.yaml", "holdout4.yaml", "first_nearmiss4.yaml",
                                  "holdout5.yaml", "first_nearmiss5.yaml", "holdout6.yaml",
                                  "first_nearmiss6.yaml", "dev7.yaml", "holdout7.yaml",
                                  "first_nearmiss7.yaml", "holdout8.yaml", "first_nearmiss8.yaml",
                                  "holdout9.yaml", "first_nearmiss9.yaml", "holdout10.yaml",
                                  "first_nearmiss10.yaml", "holdout11.yaml", "first_nearmiss11.yaml",
                                  "holdout12.yaml", "first_nearmiss12.yaml", "holdout13.yaml",
                                  "first_nearmiss13.yaml", "holdout14.yaml", "first_nearmiss14.yaml",
                                  "holdout15.yaml", "first_nearmiss15.yaml", "holdout16.yaml",
                                  "first_nearmiss16.yaml", "holdout17.yaml", "first_nearmiss17.yaml",
                                  "holdout18.yaml", "first_nearmiss18.yaml")]
SHIPPED_DEV_CONV = [EVAL / "dev4_conversations.yaml", EVAL / "conversations2.yaml", EVAL / "conversations3.yaml",
                    EVAL / "conversations4.yaml", EVAL / "conversations5.yaml",
                    EVAL / "dev6_conversations.yaml", EVAL / "conversations6.yaml",
                    EVAL / "conversations7.yaml", EVAL / "conversations8.yaml",
                    EVAL / "conversations9.yaml", EVAL / "conversations10.yaml",
                    EVAL / "conversations11.yaml", EVAL / "conversations12.yaml",
                    EVAL / "conversations13.yaml", EVAL / "conversations14.yaml",
                    EVAL / "conversations15.yaml", EVAL / "conversations16.yaml",
                    EVAL / "conversations17.yaml", EVAL / "conversations18.yaml"]
SHIPPED_HOLDOUT = [EVAL / "holdout19.yaml", EVAL / "first_nearmiss19.yaml"]
SHIPPED_HOLDOUT_CONV = [EVAL / "conversations19.yaml"]

# The multi-article knowledge base (tests/eval/multi/knowledge). holdout, holdout3, holdout4 and
# holdout5 were holdouts until 2026-11-30 (holdout5 until that day's evening stop; holdout6 until its night stop;
# holdout7 until the morning of 2026-12-01; holdout8 until stop 16 the same day; holdout9 until stop 17; holdout10 until stop 18;
# holdout11 until stop 19; holdout12 until stop 20;
# holdout13 until stop 21; holdout14 until stop 22; holdout15 until stop 23; holdout16 until stop 24;
# holdout17 until stop 25; holdout18 until stop 26; holdout19 until stop 27; holdout20 until stop 28).
MULTI_DEV_SPLITS = ("dev", "dev2", "dev3", "dev4", "holdout", "holdout3", "holdout4", "holdout5", "holdout6",
                    "holdout7", "holdout8", "dev5", "holdout9", "dev6", "holdout10", "dev7", "holdout11", "dev8",
                    "holdout12", "dev9", "holdout13", "dev10", "holdout14", "dev11", "holdout15", "dev12",
                    "holdout16", "dev13", "holdout17", "dev14", "holdout18", "dev15",
                    "holdout19", "dev16", "holdout20", "dev17")
MULTI_HOLDOUT_SPLITS = ("holdout21",)
MULTI_DEV = [MULTI / f"{s}.yaml" for s in MULTI_DEV_SPLITS]
# dev5 (near misses and short questions) has no conversations.
MULTI_DEV_CONV = [p for s in MULTI_DEV_SPLITS if (p := MULTI / f"{s}_conversations.yaml").exists()]
# dev6_conversations (24 conversations over the 36 articles of then) came with the dev6 split's name;
# dev6b_conversations is over dev6's own 4 articles (page forms: timeline, 数说, speech, 网民留言回复).
MULTI_DEV_CONV.append(MULTI / "dev6b_conversations.yaml")
