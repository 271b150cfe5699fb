"""Send slots under Telegram's flood limits, reserved in the shared store so that the whole fleet
together stays within them (the limits are per bot, not per process).

A bucket allows at most `n` sends in any window of `w` seconds. A reservation takes the first time
t ≥ now with t ≥ (the bucket's n-th latest reserved time) + w: then any window holding t holds at
most the n-1 later reservations besides it. A message reserves in its chat's bucket and in the
bot's overall bucket ("*"), always in that order (so PostgreSQL's row locks never deadlock), and
records the later of the two times in both.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from xbbot.store.engine import upsert
from xbbot.store.schema import flood_buckets, flood_sends

OVERALL = "*"
# Reservations this much older than a window are deleted on the spot (clock skew between replicas).
SKEW = 5.0


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's flood limits (PTB's telegram.constants.FloodLimit): (sends, per seconds)."""

    overall: tuple[int, float] = (30, 1.0)
    private_chat: tuple[int, float] = (1, 1.0)
    group_chat: tuple[int, float] = (20, 60.0)

    @property
    def longest(self) -> float:
        return max(self.overall[1], self.private_chat[1], self.group_chat[1])


def reserve(conn: sa.Connection, chat_bucket: str, chat_limit: tuple[int, float], overall: tuple[int, float],
            now: float) -> float:
    """Reserve one send in `chat_bucket` and the overall bucket; the time it may go out."""
    b, s = flood_buckets.c, flood_sends.c
    at = now
    for bucket, (n, w) in ((chat_bucket, chat_limit), (OVERALL, overall)):
        blocked = conn.execute(
            upsert(conn, flood_buckets).values(bucket=bucket, touched=now, blocked_until=0.0)
            .on_conflict_do_update(index_elements=["bucket"], set_={"touched": now})
            .returning(b.blocked_until)
        ).scalar_one()
        nth = conn.execute(sa.select(s.ts).where(s.bucket == bucket).order_by(s.ts.desc())
                           .offset(n - 1).limit(1)).scalar()
        at = max(at, blocked, nth + w if nth is not None else at)
    for bucket, (_, w) in ((chat_bucket, chat_limit), (OVERALL, overall)):
        conn.execute(flood_sends.delete().where(s.bucket == bucket, s.ts < now - w - SKEW))
    conn.execute(flood_sends.insert(), [{"bucket": chat_bucket, "ts": at}, {"bucket": OVERALL, "ts": at}])
    return at


def block(conn: sa.Connection, until: float, now: float) -> None:
    """No send of the fleet goes out before `until` (Telegram answered 429 with retry_after)."""
    b = flood_buckets.c
    conn.execute(upsert(conn, flood_buckets).values(bucket=OVERALL, touched=now, blocked_until=until)
                 .on_conflict_do_update(index_elements=["bucket"], set_={
                     "blocked_until": sa.case((b.blocked_until < until, until), else_=b.blocked_until)}))


def expire(conn: sa.Connection, limits: FloodLimits, now: float) -> dict[str, int]:
    """Delete reservations and idle buckets older than the longest window."""
    b, s = flood_buckets.c, flood_sends.c
    horizon = now - limits.longest - SKEW
    return {
        "flood_sends": int(conn.execute(flood_sends.delete().where(s.ts < horizon)).rowcount or 0),
        "flood_buckets": int(conn.execute(flood_buckets.delete().where(
            b.touched < horizon, b.blocked_until < now)).rowcount or 0),
    }
