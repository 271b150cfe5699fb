#!/usr/bin/env python
"""Fleet benchmark: replicas × updates in flight → answered per second, p50/p95 reply latency, lost.

    python benchmarks/bench_fleet.py            # 1 and 3 replicas × 4 and 32 in flight, 240 updates each
    python benchmarks/bench_fleet.py --quick    # 1 and 3 replicas × 16 in flight, 60 updates each
    python benchmarks/bench_fleet.py --json     # one JSON object on stdout (progress on stderr)

Everything runs on this machine, in one run, so the rows compare: a private PostgreSQL cluster,
the tests' loopback Bot API server, the real knowledge base indexed into a temporary directory
with the real encoder, and each replica a real `xbbot serve --webhook` process behind the tests'
round-robin load balancer, with "Telegram" delivering every update until it is acknowledged.

Latency is from the first delivery attempt of a question to the reply reaching the Bot API
server. The replicas keep together to Telegram's flood limits, which are per bot (30 messages a
second; FleetRateLimiter reserves each message's slot in the shared store), so that is the
ceiling of any fleet's answers per second.
This is not a test: nothing is asserted, nothing is downloaded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_bot_api import TOKEN, FakeBotApi, private_chat, user  # noqa: E402
from fleet_harness import LoadBalancer, PrivatePostgres, ReplicaProcess, Telegram, replica_env  # noqa: E402

SECRET = "bench-fleet-secret"
QUESTIONS = [
    "累计落实了多少帮扶资金",
    "徐州捐给宝鸡的物资值多少钱？",
    "徐宝扶贫协作一共实施了多少个项目？",
    "徐州和宝鸡共建了哪些产业园区？",
    "How much aid money has Xuzhou provided to Baoji in total?",
    "今天徐州天气怎么样",
]


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def run_config(server: FakeBotApi, pg: PrivatePostgres, work: Path, index_dir: Path, replicas: int,
                     in_flight: int, updates: int, chat_base: int) -> dict[str, Any]:
    """One row: start `replicas` replicas on a fresh database, deliver `updates` questions."""
    db = pg.create_database(f"bench_{replicas}_{in_flight}_{chat_base}")
    env = replica_env(api_base_url=server.base_url, token=TOKEN, database_url=db, index_dir=index_dir,
                      knowledge_dir=ROOT / "knowledge", secret=SECRET, state_dir=work / "state", admin_id=1,
                      rate_limit=1000, watch_seconds=5.0)
    lb = LoadBalancer([])
    await lb.start()
    procs = [ReplicaProcess(f"bench{replicas}-{in_flight}-{i}", env, lb.url, work) for i in range(replicas)]
    lb.backends = procs
    try:
        for p in procs:
            p.start()
        await asyncio.gather(*(p.wait_healthy(timeout=600) for p in procs))
        async with Telegram(lb.url, SECRET) as telegram:
            # One question per replica first, so nobody pays for a cold start in the figures.
            for i in range(replicas):
                server.message(private_chat(chat_base - 1 - i), user(chat_base - 1 - i), QUESTIONS[0])
                await telegram.deliver(server._updates[-1])
            pending = []
            for i in range(updates):
                chat_id = chat_base + i
                server.message(private_chat(chat_id), user(chat_id), QUESTIONS[i % len(QUESTIONS)])
                pending.append(server._updates[-1])
            gate = asyncio.Semaphore(in_flight)
            started: dict[int, float] = {}

            async def one(update: dict[str, Any]) -> None:
                async with gate:
                    started[update["message"]["chat"]["id"]] = time.monotonic()
                    await telegram.deliver(update, backoff=0.5)

            t0 = time.monotonic()
            await asyncio.gather(*(one(u) for u in pending))
            wall = time.monotonic() - t0
        first_reply: dict[int, float] = {}
        for call in server.calls:
            if call.method == "sendMessage" and call.status == 200:
                chat = int(call.params.get("chat_id", 0))
                if chat in started and chat not in first_reply:
                    first_reply[chat] = call.at
        latencies = [first_reply[c] - started[c] for c in first_reply]
        lost = updates - len(first_reply)
        replies = sum(1 for m in server.sent if m["chat"]["id"] in started)
        return {
            "replicas": replicas, "in_flight": in_flight, "updates": updates,
            "answered_per_s": round(len(first_reply) / wall, 2), "wall_s": round(wall, 2),
            "p50_ms": round(1000 * percentile(latencies, 0.50)), "p95_ms": round(1000 * percentile(latencies, 0.95)),
            "mean_ms": round(1000 * statistics.fmean(latencies)) if latencies else None,
            "lost": lost, "duplicates": replies - len(first_reply),
        }
    finally:
        for p in procs:
            p.stop(timeout=60)
        await lb.stop()


async def main_async(args: argparse.Namespace, work: Path, index_dir: Path) -> list[dict[str, Any]]:
    server = FakeBotApi()
    await server.start()
    pg = PrivatePostgres()
    rows = []
    try:
        configs = [(1, 16), (3, 16)] if args.quick else [(1, 4), (3, 4), (1, 32), (3, 32)]
        updates = 60 if args.quick else args.updates
        for n, (replicas, in_flight) in enumerate(configs):
            progress(f"{replicas} replica(s), {in_flight} in flight, {updates} updates…")
            row = await run_config(server, pg, work, index_dir, replicas, in_flight, updates, 100_000 * (n + 1))
            progress(f"  {row}")
            rows.append(row)
    finally:
        pg.stop()
        await server.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: fewer updates and configurations")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--updates", type=int, default=240, help="questions per configuration")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="xbbot-bench-fleet-"))
    try:
        index_dir = work / "index"
        progress("indexing the knowledge base with the real encoder…")
        env = {**os.environ, "XBBOT_INDEX_DIR": str(index_dir), "XBBOT_KNOWLEDGE_DIR": str(ROOT / "knowledge")}
        subprocess.run([sys.executable, "-m", "xbbot.cli", "index", "-q"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        rows = asyncio.run(main_async(args, work, index_dir))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()[0]
    if args.json:
        print(json.dumps({"rows": rows, "cpus": os.cpu_count(), "load_avg_1m": load}, indent=2))
        return
    print(f"cpus {os.cpu_count()}, load average {load:.1f}")
    print(f"{'replicas':>8} {'in flight':>9} {'updates':>7} {'answered/s':>10} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'lost':>4} {'dups':>4}")
    for r in rows:
        print(f"{r['replicas']:>8} {r['in_flight']:>9} {r['updates']:>7} {r['answered_per_s']:>10} "
              f"{r['p50_ms']:>7} {r['p95_ms']:>7} {r['lost']:>4} {r['duplicates']:>4}")


if __name__ == "__main__":
    main()
