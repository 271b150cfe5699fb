"""Telegram's flood limits for a fleet: a PTB rate limiter whose send slots live in the StateStore.

Telegram limits a bot, not a process: about 30 messages a second overall, one a second in a
private chat, 20 a minute in a group. PTB's AIORateLimiter counts in one process only, so three
replicas could send three times too much. FleetRateLimiter reserves each message's slot in the
shared store (see xbbot.store.sends) and waits until it comes; a 429 holds back the whole fleet.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta
from typing import Any, Awaitable, Callable, Coroutine

from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from xbbot.errors import StoreUnavailable
from xbbot.store import StateStore

log = logging.getLogger(__name__)

# Methods that put a message into a chat; chat actions, callback answers and edits are not counted.
_MESSAGE_PREFIXES = ("send", "copyMessage", "forwardMessage")
_NOT_MESSAGES = {"sendChatAction"}
_RETRY_MARGIN = 0.1


def counts_as_message(endpoint: str) -> bool:
    """Whether a Bot API method sends a message (and so is under the flood limits)."""
    return endpoint.startswith(_MESSAGE_PREFIXES) and endpoint not in _NOT_MESSAGES


class FleetRateLimiter(BaseRateLimiter[int]):
    """PTB rate limiter shared by every replica through the state store.

    `rate_limit_args` (an int) overrides `max_retries` per call, as with AIORateLimiter. When the
    store does not answer, messages go out unthrottled (a reply is worth more than the limit;
    Telegram's 429 and the retries still apply).
    """

    def __init__(self, store: StateStore, *, max_retries: int = 3, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> None:
        self._store, self._max_retries, self._clock, self._sleep = store, max_retries, clock, sleep

    async def initialize(self) -> None:
        """Nothing to set up: the store is opened and closed by the bot."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, fn, *args)

    async def _wait_for_slot(self, chat_id: int | str) -> None:
        try:
            at = await self._call(self._store.reserve_send, chat_id)
        except StoreUnavailable as exc:
            log.warning("flood limits not applied, the state store is unavailable: %s", exc)
            return
        delay = at - self._clock()
        if delay > 0:
            await self._sleep(delay)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Wait for the message's slot (fleet-wide), send; on 429 hold the fleet back and retry."""
        max_retries = rate_limit_args or self._max_retries
        chat_id = data.get("chat_id")
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        counted = chat_id is not None and counts_as_message(endpoint) and not data.get("allow_paid_broadcast")
        for attempt in range(max_retries + 1):
            if counted:
                await self._wait_for_slot(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == max_retries:
                    log.error("flood limit hit after %d retries (%s)", max_retries, endpoint)
                    raise
                delay = _retry_after(exc) + _RETRY_MARGIN
                log.info("flood limit hit (%s); every replica waits %.1f s", endpoint, delay)
                try:
                    await self._call(self._store.block_sends, self._clock() + delay)
                except StoreUnavailable as store_exc:
                    log.warning("could not hold back the other replicas: %s", store_exc)
                await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _retry_after(exc: RetryAfter) -> float:
    """Seconds to wait. PTB 22 keeps the timedelta privately (as AIORateLimiter reads it): its
    public `retry_after` warns that its type will change."""
    after = getattr(exc, "_retry_after", None)
    if isinstance(after, timedelta):
        return after.total_seconds()
    return float(exc.retry_after)  # type: ignore[arg-type]
