"""Per-chat and per-user state of the bot: follow-up memory, rate limits, button keys.

Plain, bounded, in-memory structures with an injectable clock, so they are unit-testable
without Telegram.
"""

from __future__ import annotations

import base64
import hashlib
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Callable, Literal

# A follow-up borrows the chat's last questions, but not from yesterday's conversation.
CONTEXT_SIZE = 3
CONTEXT_TTL = 30 * 60
# Memory bounds: chats with follow-up context, button keys, users in the rate limiter.
MAX_CHATS = 10_000
MAX_BUTTON_KEYS = 50_000


@dataclass
class RateLimiter:
    """Sliding one-minute window per user; over the limit the user is told once per window."""

    per_minute: int
    window: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _seen: dict[int, deque[float]] = field(default_factory=dict)
    _warned_until: dict[int, float] = field(default_factory=dict)

    def check(self, user_id: int) -> Literal["ok", "warn", "silent"]:
        """Count a question by `user_id`: "ok" to answer, "warn" to say slow down, "silent" to drop."""
        now = self.clock()
        times = self._seen.get(user_id)
        if times is None:
            if len(self._seen) >= MAX_CHATS:
                self._forget(now)
            times = self._seen[user_id] = deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) < self.per_minute:
            times.append(now)
            return "ok"
        if self._warned_until.get(user_id, 0.0) > now:
            return "silent"
        self._warned_until[user_id] = times[0] + self.window
        return "warn"

    def _forget(self, now: float) -> None:
        """Drop users with nothing left in the window, so the table stays bounded."""
        for uid in [u for u, t in self._seen.items() if not t or t[-1] <= now - self.window]:
            self._seen.pop(uid, None)
            self._warned_until.pop(uid, None)


class ChatMemory:
    """The last few answered questions of each chat, for follow-ups (bounded, expiring)."""

    def __init__(self, size: int = CONTEXT_SIZE, ttl: float = CONTEXT_TTL, max_chats: int = MAX_CHATS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._chats: OrderedDict[int | tuple[int, int], deque[tuple[float, str]]] = OrderedDict()
        self._size, self._ttl, self._max, self._clock = size, ttl, max_chats, clock

    def get(self, chat_id: int | tuple[int, int]) -> list[str]:
        """Previous questions of the chat (or of one user in a group chat), oldest first."""
        now = self._clock()
        return [q for t, q in self._chats.get(chat_id, ()) if t > now - self._ttl]

    def add(self, chat_id: int | tuple[int, int], question: str) -> None:
        entries = self._chats.pop(chat_id, None) or deque(maxlen=self._size)
        entries.append((self._clock(), question))
        self._chats[chat_id] = entries
        while len(self._chats) > self._max:
            self._chats.popitem(last=False)


class QuestionKeys:
    """Questions behind buttons, under short keys: callback_data is limited to 64 bytes."""

    def __init__(self, capacity: int = MAX_BUTTON_KEYS) -> None:
        self._keys: OrderedDict[str, str] = OrderedDict()
        self._capacity = capacity

    def put(self, question: str) -> str:
        key = base64.urlsafe_b64encode(hashlib.blake2b(question.encode(), digest_size=9).digest()).decode()
        self._keys.pop(key, None)
        self._keys[key] = question
        while len(self._keys) > self._capacity:
            self._keys.popitem(last=False)
        return key

    def get(self, key: str) -> str | None:
        """The question, or None when the key has expired (evicted, or the bot restarted)."""
        return self._keys.get(key)
