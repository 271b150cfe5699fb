"""FleetRateLimiter: Telegram's flood limits kept by several replicas together, through the store.

Time is virtual: the clock stands still and each request's sleeps are added up in its own task,
so the schedule the limiter produces is checked exactly, without timing anything.
"""

from __future__ import annotations

import asyncio
import contextvars
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from xbbot.flood import FleetRateLimiter, counts_as_message
from xbbot.store import StateStore

pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")

T0 = 1_000_000.0
_slept: contextvars.ContextVar[float] = contextvars.ContextVar("slept", default=0.0)


async def _virtual_sleep(seconds: float) -> None:
    _slept.set(_slept.get() + seconds)


class Replica:
    """One replica's limiter on its own StateStore connection, recording when each send went out."""

    def __init__(self, url: str, sent: list[tuple[Any, float]]) -> None:
        self.store = StateStore(url, clock=lambda: T0)
        self.limiter = FleetRateLimiter(self.store, clock=lambda: T0, sleep=_virtual_sleep)
        self.sent = sent

    async def send(self, chat_id: Any, endpoint: str = "sendMessage", **data: Any) -> Any:
        async def callback() -> bool:
            self.sent.append((chat_id, T0 + _slept.get()))
            return True

        # A task per request, as PTB runs concurrent updates: each has its own virtual time.
        return await asyncio.create_task(
            self.limiter.process_request(callback, (), {}, endpoint, {"chat_id": chat_id, **data}, None))


@pytest.fixture
def replicas(db_url: str):
    sent: list[tuple[Any, float]] = []
    fleet = [Replica(db_url, sent) for _ in range(2)]
    yield fleet, sent
    for r in fleet:
        r.store.close()


def _max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    return max(sum(1 for u in times if t <= u < t + window) for t in times)


async def test_private_chat_one_message_a_second_across_replicas(replicas):
    fleet, sent = replicas
    await asyncio.gather(*(fleet[i % 2].send(5001) for i in range(8)))
    times = sorted(t for _, t in sent)
    assert len(times) == 8 and times[0] == T0
    assert all(b - a >= 1.0 - 1e-9 for a, b in zip(times, times[1:]))
    assert times[-1] - T0 < 8.0  # and no slower than it must be


async def test_overall_thirty_a_second_across_replicas(replicas):
    fleet, sent = replicas
    await asyncio.gather(*(fleet[i % 2].send(6000 + i) for i in range(100)))
    times = [t for _, t in sent]
    assert len(times) == 100 and _max_in_window(times, 1.0) == 30 and times.count(T0) == 30
    assert max(times) - T0 < 4.0


async def test_group_twenty_a_minute_counted_in_the_overall_limit(replicas):
    fleet, sent = replicas
    await asyncio.gather(*(fleet[i % 2].send(-777) for i in range(25)))
    group = [t for _, t in sent]
    assert _max_in_window(group, 60.0) == 20 and group.count(T0) == 20
    await asyncio.gather(*(fleet[i % 2].send(6000 + i) for i in range(100)), fleet[0].send("@somechannel"))
    everything = [t for _, t in sent]
    assert len(everything) == 126 and _max_in_window(everything, 1.0) <= 30


async def test_chat_actions_and_callbacks_are_not_counted(replicas):
    fleet, sent = replicas
    for _ in range(5):
        await fleet[0].send(5002, "sendChatAction")
        await fleet[1].send(5002, "answerCallbackQuery")
    assert [t for _, t in sent] == [T0] * 10
    assert counts_as_message("sendPhoto") and counts_as_message("copyMessage")
    assert not counts_as_message("sendChatAction") and not counts_as_message("editMessageReplyMarkup")


async def test_a_429_holds_back_the_whole_fleet(replicas):
    fleet, sent = replicas
    failures = iter([RetryAfter(timedelta(seconds=7))])

    async def flaky() -> bool:
        error = next(failures, None)
        if error is not None:
            raise error
        sent.append(("flaky", T0 + _slept.get()))
        return True

    async def attempt() -> Any:
        return await fleet[0].limiter.process_request(flaky, (), {}, "sendMessage", {"chat_id": 5003}, None)

    assert await asyncio.create_task(attempt()) is True
    assert sent[-1][1] >= T0 + 7.0
    await fleet[1].send(5004)  # another replica, another chat: held back too
    assert sent[-1] == (5004, pytest.approx(T0 + 7.1))


async def test_retries_give_up_and_store_trouble_does_not_stop_sending(replicas, monkeypatch):
    fleet, sent = replicas

    async def always_429() -> bool:
        raise RetryAfter(timedelta(seconds=1))

    with pytest.raises(RetryAfter):
        await fleet[0].limiter.process_request(always_429, (), {}, "sendMessage", {"chat_id": 1}, 2)

    from xbbot.errors import StoreUnavailable

    def down(*_: Any) -> float:
        raise StoreUnavailable("the state database is unavailable: test")

    monkeypatch.setattr(fleet[1].store, "reserve_send", down)
    assert await fleet[1].send(5005) is True  # sent, unthrottled, rather than lost


def test_reservations_expire(db_url):
    with StateStore(db_url, clock=lambda: T0) as s:
        for i in range(10):
            s.reserve_send(7000 + i)
        deleted = s.expire(T0 + 3600)
        assert deleted["flood_sends"] == 20 and deleted["flood_buckets"] == 11
