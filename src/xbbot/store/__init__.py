"""The bot's shared state, in one database every replica uses: PostgreSQL for a fleet, SQLite
(the default, a file beside the old feedback log) for one machine.

API (all methods are blocking: the bot calls them from its thread pool; a database that does
not answer raises errors.StoreUnavailable, which a webhook turns into a 5xx):

- ``StateStore(url, *, rate_limit=20, legacy_feedback_db=None, retention=Retention(),
  flood_limits=FloodLimits(), clock=time.time)``
  opens ``postgresql://user:password@host:port/db`` (driver psycopg 3) or ``sqlite:///path``,
  creates or upgrades the schema (idempotent; safe when replicas start together) and, on a new
  database, imports ``legacy_feedback_db`` (the FeedbackStore file of xbbot ≤ 0.1) when it exists.
  ``StateStore.from_settings(settings)`` does that with ``state_url(settings)``.
  ``display_url`` is the URL with its password masked; ``close()`` releases claims and connections.
- Question log (as FeedbackStore did; user ids stored as keyed hashes, the key in the database):
  ``record_question(question=, answered=, confidence=, chat_type=, user_id=, reason=, source_id=, at=) -> id``,
  ``record_feedback(question_id, vote ±1, user_id=, at=) -> question | None`` (one vote per user per answer),
  ``stats() -> Stats``, ``unanswered(limit) -> [(question, times asked, last asked)]``, ``user_hash(user_id)``.
- Follow-up context (a Thread is a chat id, or (chat id, user id) for one member of a group):
  ``context(thread) -> [question, …]`` oldest first, at most CONTEXT_SIZE, younger than
  ``retention.context``; ``remember(thread, question)``.
- Rate limit (sliding one-minute window per user, exact across replicas):
  ``check_rate(user_id) -> "ok" | "warn" | "drop"`` — "warn" once per window when over the
  limit (say "slow down"), then "drop" (no reply).
- Related-question buttons: ``put_keys([question, …]) -> [key, …]`` (12 characters, stable for a
  question), ``question_for_key(key) -> question | None`` (None: unknown or expired).
- Webhook updates: ``claim_update(update_id) -> UpdateClaim`` whose ``state`` is "handled"
  (answered before: acknowledge), "busy" (a live replica is handling it now: tell Telegram to
  retry later) or "claimed" (yours: handle it, then ``claim.mark_handled()``, or
  ``claim.release()`` to let a redelivery retry; a ``with`` block releases unless marked).
  A claim dies with its holder: on PostgreSQL it is an advisory lock of the connection held
  for the handling; on SQLite a row with the owner's pid and an expiry (``retention.claim``).
  ``is_handled(update_id)``; ``mark_handled(update_id)`` records one without a claim.
- Telegram's flood limits for the whole fleet (xbbot.flood.FleetRateLimiter uses these):
  ``reserve_send(chat_id) -> time`` reserves a send slot in the chat's bucket (1/s private,
  20/min group) and the bot's (30/s) and returns the wall-clock time it may go out;
  ``block_sends(until)`` holds every replica's sends back (after a 429).
- Housekeeping: ``expire(now=None) -> {table: rows deleted}`` removes rows past their
  retention; the bot runs it every EXPIRE_EVERY seconds so tables stay bounded. ``ping()``
  raises StoreUnavailable unless the database answers (for /healthz).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal

import sqlalchemy as sa

from xbbot.errors import StoreError, StoreUnavailable
from xbbot.redaction import install_log_redaction
from xbbot.store.claims import ClaimState, PgClaims, SqliteClaims, UpdateClaim
from xbbot.store.engine import is_postgresql, make_engine, mask_text, mask_url, parse_url, reader, upsert
from xbbot.store.engine import translate_errors as _db
from xbbot.store import sends
from xbbot.store.sends import FloodLimits
from xbbot.store.schema import (
    SCHEMA_VERSION,
    chat_context,
    ensure_schema,
    feedback,
    handled_updates,
    meta,
    question_keys,
    questions,
    rate_events,
    rate_users,
    update_claims,
)
from xbbot.textnorm import normalize

if TYPE_CHECKING:
    from xbbot.config import Settings

__all__ = ["CONTEXT_SIZE", "ClaimState", "FloodLimits", "Retention", "SCHEMA_VERSION", "StateStore", "Stats", "Thread",
           "UpdateClaim", "Verdict", "mask_url", "sqlite_path", "state_url"]

log = logging.getLogger(__name__)

# Questions are stored cut to this length: a 10,000-character message is not a question.
MAX_STORED_CHARS = 1000
# A follow-up borrows the conversation's last questions.
CONTEXT_SIZE = 3
RATE_WINDOW = 60.0
EXPIRE_EVERY = 600.0
STATE_FILE = "xbbot-state.sqlite3"
DAY = 86_400.0

Vote = Literal[1, -1]
Verdict = Literal["ok", "warn", "drop"]
Thread = int | tuple[int, int]


@dataclass(frozen=True)
class Retention:
    """How long rows live, in seconds, before expire() deletes them."""

    log: float = 365 * DAY  # questions and votes (/stats, `xbbot unanswered`)
    context: float = 30 * 60  # follow-up context: not yesterday's conversation
    keys: float = 30 * DAY  # related-question buttons on old messages
    updates: float = 2 * DAY  # handled update ids: Telegram keeps an update at most 24 h
    claim: float = 300.0  # a SQLite claim whose owner still runs but is stuck


@dataclass(frozen=True)
class Stats:
    """Totals for /stats."""

    questions: int
    answered: int
    abstained: int
    out_of_scope: int
    users: int
    thumbs_up: int
    thumbs_down: int

    @property
    def answered_share(self) -> float:
        return self.answered / self.questions if self.questions else 0.0


def state_url(settings: "Settings") -> str:
    """The configured database URL, else a SQLite file beside the (old) feedback database."""
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{Path(settings.feedback_db).parent / STATE_FILE}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite:/// URL (None for PostgreSQL or an in-memory database)."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


class StateStore:
    """Shared state of all replicas (see the module docstring for the API). Thread-safe."""

    def __init__(self, url: str, *, rate_limit: int = 20, legacy_feedback_db: Path | None = None,
                 retention: Retention = Retention(), flood_limits: FloodLimits = FloodLimits(),
                 clock: Callable[[], float] = time.time) -> None:
        self.url = parse_url(url)
        self.display_url = mask_url(self.url)
        if self.url.password:
            install_log_redaction(str(self.url.password))
        self.rate_limit, self.retention, self.flood_limits, self._clock = rate_limit, retention, flood_limits, clock
        self.legacy_feedback_db = legacy_feedback_db
        local = sqlite_path(url)
        if local is not None:
            try:
                local.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{local}: cannot create the state database: {exc.strerror}") from None
        self._engine = make_engine(self.url)
        self._reader = reader(self._engine)
        try:
            self.created = ensure_schema(self._engine, legacy_feedback_db)
            self._key = self._hash_key()
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            self._engine.dispose()
            first = (mask_text(str(exc.orig)).strip().splitlines() or ["?"])[0]
            raise StoreUnavailable(f"{self.display_url}: cannot open the state database: {first}") from None
        except BaseException:
            self._engine.dispose()
            raise
        self._claims: PgClaims | SqliteClaims
        if is_postgresql(self._engine):
            self._claims_engine: sa.Engine | None = make_engine(self.url, claims=True)
            self._claims = PgClaims(self._claims_engine, clock)
        else:
            self._claims_engine = None
            self._claims = SqliteClaims(self._engine, clock, retention.claim)

    @classmethod
    def from_settings(cls, settings: "Settings", **kwargs: Any) -> "StateStore":
        """The store of `settings`: database_url, rate_limit, and the old feedback file to import."""
        return cls(state_url(settings), rate_limit=settings.rate_limit,
                   legacy_feedback_db=Path(settings.feedback_db), **kwargs)

    @property
    def dialect(self) -> str:
        """"postgresql" or "sqlite"."""
        return self._engine.dialect.name

    def close(self) -> None:
        """Release open claims and every connection."""
        try:
            self._claims.close()
        except sa.exc.DBAPIError:
            log.debug("releasing claims on close failed", exc_info=True)
        if self._claims_engine is not None:
            self._claims_engine.dispose()
        self._engine.dispose()

    def __enter__(self) -> "StateStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"StateStore({self.display_url!r})"

    # -- hashing --------------------------------------------------------------------------------

    def _hash_key(self) -> bytes:
        with self._engine.begin() as conn:
            conn.execute(upsert(conn, meta).values(key="user_hash_key", value=secrets.token_bytes(32).hex())
                         .on_conflict_do_nothing(index_elements=["key"]))
            return bytes.fromhex(conn.execute(sa.select(meta.c.value).where(meta.c.key == "user_hash_key")).scalar_one())

    def _hash(self, value: str) -> str:
        return hashlib.blake2b(value.encode(), key=self._key, digest_size=16).hexdigest()

    def user_hash(self, user_id: int | None) -> str:
        """The stored form of a Telegram user id ("" for none)."""
        return "" if user_id is None else self._hash(str(user_id))

    def _thread_hash(self, thread: Thread) -> str:
        return self._hash("t:" + (f"{thread[0]}:{thread[1]}" if isinstance(thread, tuple) else str(thread)))

    # -- question log ---------------------------------------------------------------------------

    @_db
    def record_question(self, *, question: str, answered: bool, confidence: float, chat_type: str = "private",
                        user_id: int | None = None, reason: str = "", source_id: str | None = None,
                        at: float | None = None) -> int:
        """Log one question and what became of it; returns its id (for feedback buttons)."""
        text = question.strip()[:MAX_STORED_CHARS]
        with self._engine.begin() as conn:
            return int(conn.execute(questions.insert().returning(questions.c.id).values(
                ts=at or self._clock(), chat_type=chat_type, user_hash=self.user_hash(user_id), question=text,
                question_norm=normalize(text), answered=bool(answered), confidence=float(confidence),
                reason=reason, source_id=source_id,
            )).scalar_one())

    @_db
    def record_feedback(self, question_id: int, vote: Vote, *, user_id: int | None = None,
                        at: float | None = None) -> str | None:
        """Record 👍 (1) or 👎 (-1) on an answer; a user's second press replaces the first.

        Returns the question it was about, or None when that question is not in the log.
        """
        if vote not in (1, -1):
            raise ValueError(f"vote must be 1 or -1, got {vote!r}")
        with self._engine.begin() as conn:
            question = conn.execute(sa.select(questions.c.question).where(questions.c.id == question_id)).scalar()
            if question is None:
                return None
            ts = at or self._clock()
            conn.execute(upsert(conn, feedback).values(ts=ts, user_hash=self.user_hash(user_id),
                                                       question_id=question_id, question=question, vote=vote)
                         .on_conflict_do_update(index_elements=["user_hash", "question_id"],
                                                set_={"vote": vote, "ts": ts}))
            return str(question)

    @_db
    def stats(self) -> Stats:
        """Counts of questions, answers, abstentions, users and votes."""
        q = questions.c
        with self._reader.connect() as conn:
            total, answered, oos, users = conn.execute(sa.select(
                sa.func.count(),
                sa.func.coalesce(sa.func.sum(sa.case((q.answered, 1), else_=0)), 0),
                sa.func.coalesce(sa.func.sum(sa.case((q.reason == "out_of_scope", 1), else_=0)), 0),
                sa.func.count(sa.distinct(q.user_hash)),
            )).one()
            up, down = conn.execute(sa.select(
                sa.func.coalesce(sa.func.sum(sa.case((feedback.c.vote == 1, 1), else_=0)), 0),
                sa.func.coalesce(sa.func.sum(sa.case((feedback.c.vote == -1, 1), else_=0)), 0),
            )).one()
        total, answered = int(total), int(answered)
        return Stats(total, answered, total - answered, int(oos), int(users), int(up), int(down))

    @_db
    def unanswered(self, limit: int = 10) -> list[tuple[str, int, str]]:
        """The most asked questions that got no answer: (question, times asked, last asked ISO time).

        Variants that normalise alike (width, script, case) count as one question, shown as
        last asked.
        """
        q = questions.c
        groups = (sa.select(q.question_norm, sa.func.count().label("n"), sa.func.max(q.ts).label("last"),
                            sa.func.max(q.id).label("last_id"))
                  .where(sa.not_(q.answered), q.reason != "empty").group_by(q.question_norm).subquery())
        query = (sa.select(q.question, groups.c.n, groups.c.last).join_from(groups, questions, q.id == groups.c.last_id)
                 .order_by(groups.c.n.desc(), groups.c.last.desc()).limit(int(limit)))
        with self._reader.connect() as conn:
            rows = conn.execute(query).all()
        return [(str(question), int(n), _iso(last)) for question, n, last in rows]

    # -- follow-up context ----------------------------------------------------------------------

    @_db
    def context(self, thread: Thread) -> list[str]:
        """Previous questions of the conversation, oldest first (at most CONTEXT_SIZE, recent only)."""
        c = chat_context.c
        with self._reader.connect() as conn:
            rows = conn.execute(sa.select(c.question).where(
                c.thread == self._thread_hash(thread), c.ts > self._clock() - self.retention.context,
            ).order_by(c.id.desc()).limit(CONTEXT_SIZE)).scalars().all()
        return list(reversed(rows))

    @_db
    def remember(self, thread: Thread, question: str) -> None:
        """Add an answered question to the conversation's context (older ones beyond CONTEXT_SIZE go)."""
        c, key = chat_context.c, self._thread_hash(thread)
        with self._engine.begin() as conn:
            conn.execute(chat_context.insert().values(thread=key, ts=self._clock(),
                                                      question=question[:MAX_STORED_CHARS]))
            keep_from = (sa.select(c.id).where(c.thread == key).order_by(c.id.desc())
                         .offset(CONTEXT_SIZE - 1).limit(1).scalar_subquery())
            conn.execute(chat_context.delete().where(c.thread == key, c.id < keep_from))

    # -- rate limit -----------------------------------------------------------------------------

    @_db
    def check_rate(self, user_id: int) -> Verdict:
        """Count a question by `user_id`: "ok" to answer, "warn" to say slow down, "drop" to not reply.

        Exact across replicas: the upsert of the user's row locks it until the transaction ends
        (SQLite: BEGIN IMMEDIATE), so one user's checks run one at a time and each counts the
        questions the others committed.
        """
        now, who = self._clock(), self.user_hash(user_id)
        u, e = rate_users.c, rate_events.c
        with self._engine.begin() as conn:
            warned_until = conn.execute(
                upsert(conn, rate_users).values(user_hash=who, touched=now, warned_until=0.0)
                .on_conflict_do_update(index_elements=["user_hash"], set_={"touched": now})
                .returning(u.warned_until)
            ).scalar_one()
            count, oldest = conn.execute(sa.select(sa.func.count(), sa.func.min(e.ts))
                                         .where(e.user_hash == who, e.ts > now - RATE_WINDOW)).one()
            if count < self.rate_limit:
                conn.execute(rate_events.insert().values(user_hash=who, ts=now))
                return "ok"
            if warned_until > now:
                return "drop"
            conn.execute(rate_users.update().where(u.user_hash == who).values(warned_until=oldest + RATE_WINDOW))
            return "warn"

    # -- button keys ----------------------------------------------------------------------------

    @_db
    def put_keys(self, texts: Iterable[str]) -> list[str]:
        """Short keys for questions behind buttons (callback_data is limited to 64 bytes)."""
        items = [(_key_of(q), q) for q in texts]
        if items:
            now = self._clock()
            with self._engine.begin() as conn:
                stmt = upsert(conn, question_keys)
                conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"ts": stmt.excluded.ts}),
                             [{"key": key, "question": question, "ts": now} for key, question in dict(items).items()])
        return [key for key, _ in items]

    @_db
    def question_for_key(self, key: str) -> str | None:
        """The question behind a button, or None when the key is unknown or expired."""
        k = question_keys.c
        with self._reader.connect() as conn:
            return conn.execute(sa.select(k.question).where(
                k.key == key, k.ts > self._clock() - self.retention.keys)).scalar()

    # -- webhook updates ------------------------------------------------------------------------

    @_db
    def claim_update(self, update_id: int) -> UpdateClaim:
        """Claim a webhook update for handling: see UpdateClaim and the module docstring."""
        return self._claims.claim(update_id)

    @_db
    def is_handled(self, update_id: int) -> bool:
        """Whether the update was recorded as handled (and has not expired)."""
        with self._reader.connect() as conn:
            return conn.execute(sa.select(handled_updates.c.update_id)
                                .where(handled_updates.c.update_id == update_id)).first() is not None

    @_db
    def mark_handled(self, update_id: int) -> None:
        """Record an update as handled without a claim (idempotent)."""
        with self._engine.begin() as conn:
            conn.execute(upsert(conn, handled_updates).values(update_id=update_id, ts=self._clock())
                         .on_conflict_do_nothing(index_elements=["update_id"]))

    # -- flood limits ---------------------------------------------------------------------------

    @_db
    def reserve_send(self, chat_id: int | str, now: float | None = None) -> float:
        """Reserve a slot for one message to `chat_id`; the wall-clock time it may be sent.

        Groups and channels (negative ids, @usernames) get the group limit, private chats theirs.
        """
        group = isinstance(chat_id, str) or chat_id < 0
        limits = self.flood_limits
        with self._engine.begin() as conn:
            return sends.reserve(conn, self._hash(f"chat:{chat_id}"), limits.group_chat if group else limits.private_chat,
                                 limits.overall, self._clock() if now is None else now)

    @_db
    def block_sends(self, until: float) -> None:
        """Hold back every replica's sends until `until` (wall clock)."""
        with self._engine.begin() as conn:
            sends.block(conn, until, self._clock())

    # -- housekeeping ---------------------------------------------------------------------------

    @_db
    def ping(self) -> None:
        """Raise StoreUnavailable unless the database answers (for health checks)."""
        with self._reader.connect() as conn:
            conn.execute(sa.select(1))

    @_db
    def expire(self, now: float | None = None) -> dict[str, int]:
        """Delete rows past their retention; returns rows deleted per table."""
        now = self._clock() if now is None else now
        r = self.retention
        plan: list[tuple[sa.Table, Any]] = [
            (questions, questions.c.ts < now - r.log),
            (feedback, feedback.c.ts < now - r.log),
            (chat_context, chat_context.c.ts < now - r.context),
            (rate_events, rate_events.c.ts <= now - RATE_WINDOW),
            (rate_users, sa.and_(rate_users.c.touched <= now - RATE_WINDOW, rate_users.c.warned_until <= now)),
            (question_keys, question_keys.c.ts < now - r.keys),
            (handled_updates, handled_updates.c.ts < now - r.updates),
            (update_claims, update_claims.c.expires < now),
        ]
        deleted: dict[str, int] = {}
        with self._engine.begin() as conn:
            for table, condition in plan:
                deleted[table.name] = int(conn.execute(table.delete().where(condition)).rowcount or 0)
            deleted.update(sends.expire(conn, self.flood_limits, now))
        return deleted


def _key_of(question: str) -> str:
    return base64.urlsafe_b64encode(hashlib.blake2b(question.encode(), digest_size=9).digest()).decode()


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))
