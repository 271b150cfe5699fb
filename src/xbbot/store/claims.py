"""Claims on webhook updates, so that a delivery is handled once across replicas and a replica
that dies mid-update does not block Telegram's redelivery.

PostgreSQL: a session-level advisory lock on a connection held for the handling; the server
drops it when that session ends, including when the replica's process dies (or, thanks to TCP
keepalives, its machine). SQLite (replicas on one machine): a claim row with the owner's pid and
an expiry; a claim whose owner process is gone, or which has expired, is taken over.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from typing import Callable, Literal

import sqlalchemy as sa

from xbbot.errors import StoreUnavailable
from xbbot.store.engine import LOCK_NAMESPACE, mask_text, translate_errors, upsert
from xbbot.store.schema import handled_updates, update_claims

log = logging.getLogger(__name__)

ClaimState = Literal["handled", "busy", "claimed"]
_HOST = socket.gethostname()


def _lock_key(update_id: int) -> int:
    """A bigint advisory key in xbbot's namespace (the two-int form's 32-bit key is too small)."""
    return (LOCK_NAMESPACE << 48) | (update_id & ((1 << 48) - 1))


class UpdateClaim:
    """The outcome of StateStore.claim_update; when `state == "claimed"`, a claim to settle.

    Settle it with `mark_handled()` (answered: later deliveries get "handled") or `release()`
    (not answered: a redelivery may try again). Used as a context manager it is released on
    exit unless marked handled. Settling twice, or settling a non-claimed result, is a no-op.
    """

    def __init__(self, update_id: int, state: ClaimState,
                 settle: Callable[[bool], None] | None = None) -> None:
        self.update_id = update_id
        self.state: ClaimState = state
        self._settle = settle
        self._lock = threading.Lock()

    @property
    def claimed(self) -> bool:
        return self.state == "claimed"

    def mark_handled(self) -> None:
        """Record the update as handled, then let go of the claim."""
        self._finish(True)

    def release(self) -> None:
        """Let go of the claim without recording the update as handled."""
        self._finish(False)

    def _finish(self, handled: bool) -> None:
        with self._lock:
            settle, self._settle = self._settle, None
        if settle is not None:
            settle(handled)

    def __enter__(self) -> "UpdateClaim":
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"UpdateClaim({self.update_id}, {self.state!r})"


def _mark(conn: sa.Connection, update_id: int, now: float) -> None:
    conn.execute(upsert(conn, handled_updates).values(update_id=update_id, ts=now)
                 .on_conflict_do_nothing(index_elements=["update_id"]))


class PgClaims:
    """Claims as advisory locks, each on its own connection of an AUTOCOMMIT pool."""

    def __init__(self, engine: sa.Engine, clock: Callable[[], float]) -> None:
        self._engine, self._clock = engine, clock
        self._open: set[sa.Connection] = set()
        self._guard = threading.Lock()

    def claim(self, update_id: int) -> UpdateClaim:
        key = _lock_key(update_id)
        conn = self._engine.connect()
        try:
            if not conn.execute(sa.select(sa.func.pg_try_advisory_lock(key))).scalar():
                conn.close()
                return UpdateClaim(update_id, "busy")
            done = conn.execute(sa.select(handled_updates.c.update_id)
                                .where(handled_updates.c.update_id == update_id)).first()
            if done is not None:
                conn.execute(sa.select(sa.func.pg_advisory_unlock(key)))
                conn.close()
                return UpdateClaim(update_id, "handled")
        except sa.exc.DBAPIError:
            conn.invalidate()  # closed for real, so a half-taken lock cannot outlive this call
            conn.close()
            raise
        with self._guard:
            self._open.add(conn)

        def settle(handled: bool) -> None:
            try:
                if handled:
                    _mark(conn, update_id, self._clock())
                conn.execute(sa.select(sa.func.pg_advisory_unlock(key)))
            except sa.exc.DBAPIError as exc:
                # The lock goes with the session: closing the connection for real releases it.
                conn.invalidate()
                if handled:
                    raise StoreUnavailable(f"could not record update {update_id} as handled: "
                                           f"{mask_text(str(exc.orig)).splitlines()[0]}") from None
            finally:
                with self._guard:
                    self._open.discard(conn)
                conn.close()

        return UpdateClaim(update_id, "claimed", settle)

    def close(self) -> None:
        """Drop every open claim (released, not marked handled)."""
        with self._guard:
            conns, self._open = list(self._open), set()
        for conn in conns:
            try:
                # Unlocked before the session ends, so the locks are free when close() returns.
                conn.execute(sa.select(sa.func.pg_advisory_unlock_all()))
                conn.invalidate()
                conn.close()
            except Exception:  # best effort: the server drops the session's locks anyway
                log.debug("closing a claim connection failed", exc_info=True)


class SqliteClaims:
    """Claims as rows; every SQLite transaction is BEGIN IMMEDIATE, so read-then-write is atomic."""

    def __init__(self, engine: sa.Engine, clock: Callable[[], float], ttl: float) -> None:
        self._engine, self._clock, self._ttl = engine, clock, ttl
        self.owner = f"{_HOST}:{os.getpid()}:{uuid.uuid4().hex[:12]}"

    def claim(self, update_id: int) -> UpdateClaim:
        now = self._clock()
        with self._engine.begin() as conn:
            if conn.execute(sa.select(handled_updates.c.update_id)
                            .where(handled_updates.c.update_id == update_id)).first() is not None:
                return UpdateClaim(update_id, "handled")
            row = conn.execute(sa.select(update_claims.c.owner, update_claims.c.expires)
                               .where(update_claims.c.update_id == update_id)).first()
            if row is not None and row.expires > now and _alive(row.owner):
                return UpdateClaim(update_id, "busy")
            conn.execute(upsert(conn, update_claims).values(update_id=update_id, owner=self.owner,
                                                            expires=now + self._ttl)
                         .on_conflict_do_update(index_elements=["update_id"],
                                                set_={"owner": self.owner, "expires": now + self._ttl}))

        @translate_errors
        def settle(handled: bool) -> None:
            with self._engine.begin() as conn:
                if handled:
                    _mark(conn, update_id, self._clock())
                conn.execute(update_claims.delete().where(update_claims.c.update_id == update_id,
                                                          update_claims.c.owner == self.owner))

        return UpdateClaim(update_id, "claimed", settle)

    def close(self) -> None:
        """Drop this store's open claims."""
        with self._engine.begin() as conn:
            conn.execute(update_claims.delete().where(update_claims.c.owner == self.owner))


def _alive(owner: str) -> bool:
    """Whether the process that made a SQLite claim still runs (a claim from another host: assume so)."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != _HOST or not pid_text.isdigit():
        return True
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
