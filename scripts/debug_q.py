"""Print how the retriever reads and ranks questions (a development aid): python scripts/debug_q.py Q [Q…]"""
import sys
from xbbot.config import load_settings
from xbbot.retriever import Retriever, confidence_from
import os

kdir = os.environ.get("KB", "knowledge")
idx = os.environ.get("IDX", "/tmp/core-idx")
s = load_settings(env={}, knowledge_dir=kdir, index_dir=idx)
r = Retriever.rebuild(s)
ctx = []
for q in sys.argv[1:]:
    if q.startswith("ctx:"):
        ctx.append(q[4:]); continue
    query = r.understand(q, ctx)
    ranking = r._rank(query)
    sig = r.signals(ranking)
    a = r.answer(q, ctx)
    print("Q:", q, "| ctx:", ctx)
    print("  wants", sorted(query.wants), "measure", query.measure, "years", query.years, "latest", query.latest,
          "followup", query.followup, "scope", query.scope)
    print("  signals", sig)
    print("  conf %.3f answered %s reason %s note %s" % (confidence_from(sig, r.tuning), a.answered, a.reason, a.why))
    for sc in ranking.scored[:4]:
        d = r._ix.docs[sc.doc]
        print("   %.3f d=%.3f l=%.2f %s years=%s fit=%s | %s" % (sc.score, sc.dense, sc.lexical, d.id, d.years,
              (sc.fit.missing_kinds, sc.fit.measure_ok, sc.fit.missing_entities, sc.fit.year_ok) if sc.fit else None, d.text[:60]))
    print("  ANSWER:", a.text[:150])
    ctx = []
