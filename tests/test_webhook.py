"""The webhook server of a replica (xbbot.webhook), end to end: real HTTP on 127.0.0.1 in both
directions (Telegram's POSTs in, PTB's real client out to the loopback Bot API server), the real
Retriever, and the real state store on SQLite and on a private PostgreSQL server."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import shutil
import socket
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import aiohttp
import pytest
import sqlalchemy as sa
from fake_bot_api import FakeBotApi, private_chat, user
from conftest import PostgresServer, bot_settings, build_bot
from xbbot.bot import STATE_KEY, serve
from xbbot.config import Settings
from xbbot.retriever import Retriever
from xbbot.store import StateStore
from xbbot.webhook import SECRET_HEADER

pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")

SECRET = "fleet_Secret-42"
ALICE = user(2001, "Alice")
QUESTION = "累计落实了多少帮扶资金"
ANSWER = "1.845亿元"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Replica:
    """One `xbbot serve --webhook` replica, in this process, on its own port."""

    def __init__(self, server: FakeBotApi, settings: Settings, retriever: Any, db_url: str, **kwargs: Any) -> None:
        self.server = server
        self.port = free_port()
        self.settings = replace(settings, webhook_listen="127.0.0.1", webhook_port=self.port)
        self.retriever = retriever
        self.db_url = db_url
        self.kwargs = kwargs
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.app: Any = None
        self.url = f"http://127.0.0.1:{self.port}"

    async def start(self) -> "Replica":
        store = StateStore(self.db_url, rate_limit=self.settings.rate_limit)
        self.app = build_bot(self.settings, self.retriever, store=store, **self.kwargs)
        self.task = asyncio.create_task(serve(self.app, stop=self.stop, webhook_url=f"{self.url}/tg/hook"))
        # setWebhook is called once the port listens.
        await self.server.wait_for(lambda: self.server.webhook.get("url") == f"{self.url}/tg/hook" or self.task.done())
        if self.task.done():
            self.task.result()
        return self

    async def close(self) -> None:
        self.stop.set()
        if self.task is not None:
            await asyncio.wait_for(self.task, 30)

    @property
    def metrics(self) -> Any:
        return self.app.bot_data[STATE_KEY].metrics

    async def post(self, update: dict[str, Any], secret: str | None = SECRET) -> int:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{self.url}/tg/hook", json=update, headers=headers) as r:
                return r.status

    async def get(self, path: str) -> tuple[int, str]:
        async with aiohttp.ClientSession() as http:
            async with http.get(self.url + path) as r:
                return r.status, await r.text()


@pytest.fixture
def settings(tmp_path: Path, server: FakeBotApi) -> Settings:
    return bot_settings(tmp_path, server, webhook_secret=SECRET, index_watch_seconds=0)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'state' / 'state.sqlite3'}"


@pytest.fixture
async def start_replica(server: FakeBotApi, settings: Settings, retriever: Retriever):
    started: list[Replica] = []

    async def start(db_url: str, retriever_: Any = None, **kwargs: Any) -> Replica:
        r = Replica(server, settings, retriever_ or retriever, db_url, **kwargs)
        started.append(r)
        return await r.start()

    yield start
    for r in started:
        await r.close()


def question_update(server: FakeBotApi, chat_id: int, text: str = QUESTION) -> dict[str, Any]:
    """A private message as Telegram would POST it (the fake server learns the chat)."""
    server.message(private_chat(chat_id), ALICE, text)
    return server._updates[-1]


async def deliver(replica: Replica, update: dict[str, Any], attempts: int = 50) -> list[int]:
    """Telegram's redelivery: POST until a 2xx, backing off a little; every status seen."""
    statuses: list[int] = []
    for _ in range(attempts):
        statuses.append(await replica.post(update))
        if statuses[-1] < 300:
            return statuses
        await asyncio.sleep(0.1)
    raise AssertionError(f"update {update['update_id']} never acknowledged: {statuses}")


class Gated:
    """The real retriever, with answers held until `gate` opens (to act while an update is in flight)."""

    def __init__(self, inner: Retriever) -> None:
        self.inner = inner
        self.gate = threading.Event()
        self.entered = threading.Event()

    def answer(self, question: str, context: Any = ()) -> Any:
        self.entered.set()
        assert self.gate.wait(30)
        return self.inner.answer(question, context)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class Broken:
    """A retriever that fails in a way no retry can fix."""

    def __init__(self, inner: Retriever) -> None:
        self.inner = inner

    def answer(self, question: str, context: Any = ()) -> Any:
        raise ValueError("a bug, not an outage")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


# -- the secret ------------------------------------------------------------------------------------


async def test_missing_or_wrong_secret_is_403_and_nothing_is_handled(start_replica: Callable[..., Any],
                                                                    server: FakeBotApi, sqlite_url: str):
    replica = await start_replica(sqlite_url)
    update = question_update(server, 2001)
    assert await replica.post(update, secret=None) == 403
    assert await replica.post(update, secret="wrong") == 403
    assert await replica.post(update, secret=SECRET + "x") == 403
    with StateStore(sqlite_url) as store:
        assert not store.is_handled(update["update_id"])
    assert not server.sent_to(2001) and not server.method_calls("sendChatAction")
    assert server.webhook["secret_token"] == SECRET
    assert set(server.webhook["allowed_updates"]) == {"message", "callback_query", "inline_query"}
    # The right secret: handled, and the same update is no longer new.
    assert await replica.post(update) == 200
    assert ANSWER in server.sent_to(2001)[0]["text"]
    assert not server.method_calls("getUpdates")


# -- acknowledging only what was handled -------------------------------------------------------------


async def test_telegram_gets_200_only_after_the_reply_was_sent(start_replica: Callable[..., Any],
                                                               server: FakeBotApi, sqlite_url: str):
    replica = await start_replica(sqlite_url)
    server.slow("sendMessage", 1.0)
    post = asyncio.create_task(replica.post(question_update(server, 2001)))
    # The reply is on its way to the Bot API, which holds it a second: no acknowledgement yet.
    await server.wait_for(lambda: server.method_calls("sendMessage"))
    assert not post.done()
    assert await post == 200
    # When Telegram got its 200 the reply had been accepted already.
    assert ANSWER in server.sent_to(2001)[0]["text"]


async def test_a_failure_retrying_cannot_fix_is_logged_and_acknowledged(start_replica: Callable[..., Any],
                                                                        server: FakeBotApi, sqlite_url: str,
                                                                        retriever: Retriever,
                                                                        caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.ERROR)
    replica = await start_replica(sqlite_url, Broken(retriever))
    update = question_update(server, 2001)
    assert await replica.post(update) == 200
    assert any("ValueError" in r.getMessage() and str(update["update_id"]) in r.getMessage() for r in caplog.records)
    assert [m["text"] for m in server.sent_to(2001)] == ["抱歉，处理这个问题时出错了，请稍后再试。"]
    assert await replica.post(update) == 200  # a redelivery is not handled again
    assert len(server.sent_to(2001)) == 1
    _, text = await replica.get("/metrics")
    assert 'xbbot_webhook_updates_total{result="failed"} 1.0' in text


# -- duplicates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_the_same_update_to_two_replicas_is_answered_once(start_replica: Callable[..., Any],
                                                                server: FakeBotApi, backend: str,
                                                                request: pytest.FixtureRequest):
    db_url = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "pg_url")
    first, second = await start_replica(db_url), await start_replica(db_url)
    update = question_update(server, 2001)
    server.slow("sendMessage", 1.0)
    on_first = asyncio.create_task(first.post(update))
    await server.wait_for(lambda: server.method_calls("sendMessage"))
    # The first replica holds the claim while its reply is in flight: the second says "later".
    assert await second.post(update) == 503
    assert await on_first == 200
    # Redelivered after the first finished, to either replica: acknowledged, not answered again.
    assert await second.post(update) == 200
    assert await first.post(update) == 200
    assert len(server.sent_to(2001)) == 1
    _, text = await second.get("/metrics")
    assert 'xbbot_updates_deduplicated_total{state="busy"} 1.0' in text
    assert 'xbbot_updates_deduplicated_total{state="handled"} 1.0' in text


# -- the database going away -------------------------------------------------------------------------


def _admin(postgres: PostgresServer) -> sa.Engine:
    return sa.create_engine(postgres.url(), isolation_level="AUTOCOMMIT")


def cut_off(postgres: PostgresServer, db_url: str) -> None:
    """Make the database unreachable for the bot: no new connections, existing ones killed."""
    name = sa.engine.make_url(db_url).database
    engine = _admin(postgres)
    with engine.connect() as conn:
        conn.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
    engine.dispose()


def restore(postgres: PostgresServer, db_url: str) -> None:
    name = sa.engine.make_url(db_url).database
    engine = _admin(postgres)
    with engine.connect() as conn:
        conn.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    engine.dispose()


async def test_an_unreachable_database_gets_5xx_and_the_redelivery_is_answered(
        start_replica: Callable[..., Any], server: FakeBotApi, postgres: PostgresServer, pg_url: str,
        retriever: Retriever):
    gated = Gated(retriever)
    replica = await start_replica(pg_url, gated)
    assert (await replica.get("/healthz"))[0] == 200
    update = question_update(server, 2001)
    post = asyncio.create_task(replica.post(update))
    # The update is claimed and being answered when the database goes away.
    assert await asyncio.to_thread(gated.entered.wait, 30)
    cut_off(postgres, pg_url)
    try:
        gated.gate.set()
        assert await post == 503
        status, body = await replica.get("/healthz")
        assert status == 503 and json.loads(body)["status"] != "ok"
        assert await replica.post(question_update(server, 2002)) == 503  # not even claimable
    finally:
        restore(postgres, pg_url)
    # Telegram retries; now it goes through, once.
    assert (await deliver(replica, update))[-1] == 200
    assert len([m for m in server.sent_to(2001) if ANSWER in m["text"]]) == 1
    assert not [m for m in server.sent_to(2001) if "出错" in m["text"]]  # no apology for an outage
    assert (await replica.get("/healthz"))[0] == 200


# -- /healthz and /metrics ---------------------------------------------------------------------------


async def test_healthz_and_metrics_report_a_build_that_could_not_be_loaded(
        server: FakeBotApi, settings: Settings, sqlite_url: str, retriever: Retriever, tmp_path: Path):
    # The replica follows a copy of the session's index directory.
    index_dir = tmp_path / "shared-index"
    shutil.copytree(Path(retriever.manifest["_build_dir"]).parents[1], index_dir)
    good = (index_dir / "CURRENT").read_text().strip()
    replica = Replica(server, replace(settings, index_dir=index_dir, index_watch_seconds=0.05), retriever, sqlite_url)
    await replica.start()
    try:
        status, body = await replica.get("/healthz")
        health = json.loads(body)
        assert status == 200 and health["status"] == "ok"
        assert health["build"] == health["live_build"] == good and health["reload_failures"] == 0
        # A build whose vectors are cut short goes live in the directory.
        broken = index_dir / "builds" / "29990101T000000000000Z-broken"
        shutil.copytree(index_dir / "builds" / good, broken)
        (broken / "dense.faiss").write_bytes((broken / "dense.faiss").read_bytes()[:64])
        (index_dir / "CURRENT").write_text(broken.name + "\n")

        async def reported() -> dict[str, Any]:
            while True:
                status, body = await replica.get("/healthz")
                if json.loads(body)["reload_failures"]:
                    assert status == 200  # it still answers, from the build it has
                    return json.loads(body)
                await asyncio.sleep(0.05)

        health = await asyncio.wait_for(reported(), 20)
        assert health["build"] == good and health["live_build"] == broken.name
        assert health["reload_error"]["build"] == broken.name and "dense.faiss" in health["reload_error"]["error"]
        _, text = await replica.get("/metrics")
        assert "xbbot_index_reload_failures_total 1.0" in text and "xbbot_index_behind 1.0" in text
        assert f'xbbot_index_build_info{{build="{good}"}} 1.0' in text
        assert await replica.post(question_update(server, 2001)) == 200
        assert ANSWER in server.sent_to(2001)[0]["text"]
    finally:
        await replica.close()


async def test_metrics_count_questions_votes_and_the_build(start_replica: Callable[..., Any], server: FakeBotApi,
                                                          sqlite_url: str, retriever: Retriever):
    replica = await start_replica(sqlite_url)
    assert await replica.post(question_update(server, 2001)) == 200
    assert await replica.post(question_update(server, 2001, "今天徐州天气怎么样")) == 200
    reply = server.sent_to(2001)[0]
    up = next(b for row in reply["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "👍")
    server.press(ALICE, reply, up["callback_data"])
    assert await replica.post(server._updates[-1]) == 200
    status, text = await replica.get("/metrics")
    assert status == 200
    assert 'xbbot_questions_total{outcome="answered",reason=""} 1.0' in text
    assert re.search(r'xbbot_questions_total\{outcome="declined",reason="(out_of_scope|low_confidence)"\} 1.0', text)
    assert "xbbot_answer_seconds_count 2.0" in text
    assert 'xbbot_feedback_votes_total{vote="up"} 1.0' in text
    assert 'xbbot_webhook_updates_total{result="handled"} 3.0' in text
    build = Path(retriever.manifest["_build_dir"]).name
    assert f'xbbot_index_build_info{{build="{build}"}} 1.0' in text
    assert "xbbot_index_reload_failures_total 0.0" in text
