"""End to end, a fleet: three `xbbot serve --webhook` processes on one PostgreSQL, PTB's real HTTP
client against the loopback Bot API server, a round-robin load balancer, and "Telegram" posting
updates and retrying failed deliveries — one replica SIGKILLed in the middle of a flood."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from fake_bot_api import TOKEN, FakeBotApi, private_chat, user
from fleet_harness import LoadBalancer, ReplicaProcess, Telegram, replica_env

from xbbot.config import Settings
from xbbot.retriever import Retriever

# Not marked slow: the fleet is a real-parts test the README promises; CI runs it (about 1–3 minutes).

SECRET = "fleet-test-secret_0"
ADMIN = 1
RATE_LIMIT = 4
FLOOD = [
    "累计落实了多少帮扶资金",
    "徐州捐给宝鸡的物资值多少钱？",
    "徐宝扶贫协作一共实施了多少个项目？",
    "今天徐州天气怎么样",
]


class Fleet:
    """The replicas, the load balancer and Telegram of one test."""

    def __init__(self, server: FakeBotApi, env: dict[str, str], log_dir: Path) -> None:
        self.server = server
        self.lb = LoadBalancer([])
        self.env = env
        self.log_dir = log_dir
        self.replicas: list[ReplicaProcess] = []
        self.telegram: Telegram | None = None

    async def start(self, n: int) -> None:
        await self.lb.start()
        self.replicas = [ReplicaProcess(f"r{i}", self.env, self.lb.url, self.log_dir) for i in range(n)]
        self.lb.backends = self.replicas
        await self.start_replicas()
        self.telegram = await Telegram(self.lb.url, SECRET).__aenter__()

    async def start_replicas(self) -> None:
        for r in self.replicas:
            r.start()
        await asyncio.gather(*(r.wait_healthy() for r in self.replicas))

    def stop_replicas(self) -> None:
        for r in self.replicas:
            r.stop()

    async def close(self) -> None:
        if self.telegram is not None:
            await self.telegram.__aexit__()
        for r in self.replicas:
            r.stop(timeout=20)
        await self.lb.stop()

    async def say(self, chat_id: int, who: dict[str, Any], text: str) -> tuple[dict[str, Any], str]:
        """Send a message and deliver its update; the message and the replica that acknowledged it."""
        msg = self.server.message(private_chat(chat_id), who, text)
        return msg, await self.deliver(self.server._updates[-1])

    async def deliver(self, update: dict[str, Any]) -> str:
        assert self.telegram is not None
        await self.telegram.deliver(update)
        return [f.backend for f in self.lb.log if f.update_id == update["update_id"] and f.status == 200][-1]

    def replies(self, msg: dict[str, Any]) -> list[dict[str, Any]]:
        return [m for m in self.server.sent_to(msg["chat"]["id"]) if m["reply_to_message_id"] == msg["message_id"]]


@pytest.fixture
async def fleet(tmp_path: Path, kb_dir: Path, real_settings: Settings, retriever: Retriever, pg_url: str):
    server = FakeBotApi()
    await server.start()
    index_dir = tmp_path / "index"
    shutil.copytree(real_settings.index_dir, index_dir)
    env = replica_env(api_base_url=server.base_url, token=TOKEN, database_url=pg_url, index_dir=index_dir,
                      knowledge_dir=kb_dir, secret=SECRET, state_dir=tmp_path / "state", admin_id=ADMIN,
                      rate_limit=RATE_LIMIT)
    f = Fleet(server, env, tmp_path)
    try:
        await f.start(3)
        yield f
    finally:
        await f.close()
        await server.stop()


async def test_a_fleet_of_three_answers_everyone_once(fleet: Fleet):
    server = fleet.server
    alice, bob, admin = user(4001, "Alice"), user(4002, "Bob"), user(ADMIN, "Admin")

    # -- a follow-up and a button answered by other replicas ------------------------------------
    control, _ = await fleet.say(4003, user(4003, "Carol"), "他还说了啥")
    assert "长期紧密开展" not in fleet.replies(control)[0]["text"]  # without context, no such answer
    first, on = await fleet.say(4001, alice, "曾德超是谁")
    assert fleet.replies(first) and "曾德超" in fleet.replies(first)[0]["text"]
    follow, on_follow = await fleet.say(4001, alice, "他还说了啥")
    assert on_follow != on
    assert "长期紧密开展" in fleet.replies(follow)[0]["text"]  # the context came from the database
    reply = fleet.replies(first)[0]
    related = next(b for row in reply["reply_markup"]["inline_keyboard"] for b in row
                   if b["callback_data"].startswith("q:"))
    before = len(server.sent_to(4001))
    qid = server.press(alice, reply, related["callback_data"])
    on_button = await fleet.deliver(server._updates[-1])
    assert on_button != on
    answered = await server.wait_for(lambda: [a for a in server.callback_answers if a["callback_query_id"] == qid])
    assert "过期" not in (answered[0].get("text") or "")  # the key was made by another replica
    assert len(server.sent_to(4001)) == before + 1

    # -- one rate limit across the replicas ------------------------------------------------------
    limited = [await fleet.say(4002, bob, f"累计落实了多少帮扶资金{'？' * i}") for i in range(RATE_LIMIT + 2)]
    assert len({backend for _, backend in limited}) == 3
    texts = [m["text"] for m in server.sent_to(4002)]
    assert len(texts) == RATE_LIMIT + 1 and texts[-1] == "你提问太快了，请稍等一分钟再问。"

    # -- a duplicate delivery, to two replicas, is answered once ---------------------------------
    dup, on_dup = await fleet.say(4004, user(4004), "徐州捐给宝鸡的物资值多少钱？")
    on_again = await fleet.deliver(server._updates[-1])
    assert on_again != on_dup and len(fleet.replies(dup)) == 1

    # -- /stats counts every replica's questions -------------------------------------------------
    asked = 3 + 1 + RATE_LIMIT + 1  # follow-up pair and button, control, Bob's answered ones, the duplicate
    n = len(server.sent_to(ADMIN))
    await fleet.say(ADMIN, admin, "/stats")
    stats = (await server.wait_for(lambda: server.sent_to(ADMIN)[n:]))[0]["text"]
    assert f"问题：{asked}" in stats, stats

    # -- a flood, one replica SIGKILLed midway, every failed delivery retried ----------------------
    chats = list(range(50_000, 50_000 + 240))
    updates = []
    for i, chat_id in enumerate(chats):
        server.message(private_chat(chat_id), user(chat_id), FLOOD[i % len(FLOOD)])
        updates.append(server._updates[-1])
    victim = fleet.replicas[0]
    in_flight = asyncio.Semaphore(24)
    acknowledged = 0

    async def one(update: dict[str, Any]) -> None:
        nonlocal acknowledged
        async with in_flight:
            assert fleet.telegram is not None
            await fleet.telegram.deliver(update)
            acknowledged += 1

    flood = [asyncio.create_task(one(u)) for u in updates]
    await server.wait_for(lambda: acknowledged >= len(updates) // 3, timeout=300)
    victim.kill()
    await asyncio.gather(*flood)
    answered_chats = {m["chat"]["id"] for m in server.sent}
    assert set(chats) <= answered_chats, f"unanswered: {sorted(set(chats) - answered_chats)[:10]}"
    per_chat = {c: len(server.sent_to(c)) for c in chats}
    twice = {c for c, k in per_chat.items() if k > 1}
    # Only updates the victim had started on and never acknowledged may be answered twice.
    cut_short = {f.update_id for f in fleet.lb.log if f.backend == victim.name and f.status is None}
    update_of = {u["message"]["chat"]["id"]: u["update_id"] for u in updates}
    assert {update_of[c] for c in twice} <= cut_short
    # The kill did cut deliveries short, and Telegram's retries carried them to a live replica.
    assert fleet.telegram is not None
    redelivered = [u["update_id"] for u in updates if len(fleet.telegram.statuses[u["update_id"]]) > 1]
    assert redelivered and set(redelivered) <= cut_short
    assert len(twice) <= 24

    # -- /reindex on one replica, picked up by the others ------------------------------------------
    survivors = [r for r in fleet.replicas if r.alive]
    old = {(await r.health())[1]["build"] for r in survivors}
    n = len(server.sent_to(ADMIN))
    await fleet.say(ADMIN, admin, "/reindex")
    done = await server.wait_for(lambda: [m for m in server.sent_to(ADMIN)[n:] if "索引已更新" in m["text"]],
                                 timeout=300)
    assert done
    live = (Path(fleet.env["XBBOT_INDEX_DIR"]) / "CURRENT").read_text().strip()
    assert live not in old

    async def switched() -> None:
        while {(await r.health())[1]["build"] for r in survivors} != {live}:
            await asyncio.sleep(0.2)

    await asyncio.wait_for(switched(), 120)

    # -- the whole fleet restarted: context and counts survive -------------------------------------
    before_restart, _ = await fleet.say(4005, user(4005), "曾德超是谁")
    assert fleet.replies(before_restart)
    n = len(server.sent_to(ADMIN))
    await fleet.say(ADMIN, admin, "/stats")
    counted = (await server.wait_for(lambda: server.sent_to(ADMIN)[n:]))[0]["text"]
    fleet.stop_replicas()
    await fleet.start_replicas()
    after, _ = await fleet.say(4005, user(4005), "他还说了啥")
    assert "长期紧密开展" in fleet.replies(after)[0]["text"]
    n = len(server.sent_to(ADMIN))
    await fleet.say(ADMIN, admin, "/stats")
    recounted = (await server.wait_for(lambda: server.sent_to(ADMIN)[n:]))[0]["text"]
    total = int(re.search(r"问题：(\d+)", counted).group(1))  # type: ignore[union-attr]
    assert f"问题：{total + 1}" in recounted
