"""The state database's tables, its schema version, creation/upgrade on start, and the import of
a pre-store feedback file.

Bump SCHEMA_VERSION and add a step to UPGRADES when a table changes: a step is a function run in
the start-up transaction on a database of the previous version.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

import sqlalchemy as sa

from xbbot.errors import StoreError, XbbotError
from xbbot.store.engine import lock_schema, upsert

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
UPGRADES: dict[int, Callable[[sa.Connection], None]] = {}  # version → step from version-1

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),  # always 1: one row
    sa.Column("version", sa.Integer, nullable=False),
)

# Key/value settings of the store itself (the user-hash key).
meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

questions = sa.Table(
    "questions", metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("ts", sa.Float, nullable=False),
    sa.Column("chat_type", sa.String(32), nullable=False),
    sa.Column("user_hash", sa.String(64), nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("question_norm", sa.Text, nullable=False),
    sa.Column("answered", sa.Boolean, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("reason", sa.String(64), nullable=False, server_default=""),
    sa.Column("source_id", sa.Text),
    sa.Index("questions_unanswered", "answered", "question_norm"),
    sa.Index("questions_ts", "ts"),
)

feedback = sa.Table(
    "feedback", metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("ts", sa.Float, nullable=False),
    sa.Column("user_hash", sa.String(64), nullable=False),
    sa.Column("question_id", sa.BigInteger),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("vote", sa.SmallInteger, sa.CheckConstraint("vote IN (-1, 1)", name="feedback_vote"), nullable=False),
    sa.UniqueConstraint("user_hash", "question_id", name="feedback_one_vote"),
    sa.Index("feedback_ts", "ts"),
)

# Follow-up context: the last questions of a conversation (a private chat, or one member of a group).
chat_context = sa.Table(
    "chat_context", metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("thread", sa.String(64), nullable=False),
    sa.Column("ts", sa.Float, nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Index("chat_context_thread", "thread", "id"),
    sa.Index("chat_context_ts", "ts"),
)

# Rate limiting: one row per user (its lock serialises that user's checks across replicas) and
# one row per counted question in the sliding window.
rate_users = sa.Table(
    "rate_users", metadata,
    sa.Column("user_hash", sa.String(64), primary_key=True),
    sa.Column("touched", sa.Float, nullable=False),
    sa.Column("warned_until", sa.Float, nullable=False, server_default="0"),
)
rate_events = sa.Table(
    "rate_events", metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("user_hash", sa.String(64), nullable=False),
    sa.Column("ts", sa.Float, nullable=False),
    sa.Index("rate_events_user", "user_hash", "ts"),
    sa.Index("rate_events_ts", "ts"),
)

# Related-question buttons: callback_data carries only the key (64-byte limit).
question_keys = sa.Table(
    "question_keys", metadata,
    sa.Column("key", sa.String(16), primary_key=True),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("ts", sa.Float, nullable=False),
    sa.Index("question_keys_ts", "ts"),
)

# Webhook updates already answered (Telegram redelivers until it gets a 2xx).
handled_updates = sa.Table(
    "handled_updates", metadata,
    sa.Column("update_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("ts", sa.Float, nullable=False),
    sa.Index("handled_updates_ts", "ts"),
)

# Telegram's flood limits, shared by the fleet: a row per bucket (a chat, or "*" for the whole bot;
# its lock serialises reservations) and the send times reserved in it (a sliding-window log).
flood_buckets = sa.Table(
    "flood_buckets", metadata,
    sa.Column("bucket", sa.String(64), primary_key=True),
    sa.Column("touched", sa.Float, nullable=False),
    sa.Column("blocked_until", sa.Float, nullable=False, server_default="0"),
)
flood_sends = sa.Table(
    "flood_sends", metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("bucket", sa.String(64), nullable=False),
    sa.Column("ts", sa.Float, nullable=False),
    sa.Index("flood_sends_bucket", "bucket", "ts"),
)

# SQLite only (PostgreSQL uses session advisory locks): who is handling an update, until when.
update_claims = sa.Table(
    "update_claims", metadata,
    sa.Column("update_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("owner", sa.String(128), nullable=False),
    sa.Column("expires", sa.Float, nullable=False),
)


def ensure_schema(engine: sa.Engine, legacy_feedback_db: Path | None = None) -> bool:
    """Create or upgrade the schema; True when the database was new.

    Idempotent and safe when several replicas start at once: one transaction under a lock
    (an advisory lock on PostgreSQL, BEGIN IMMEDIATE on SQLite). A new database imports the
    questions and votes of `legacy_feedback_db` when that file exists.
    """
    with engine.begin() as conn:
        lock_schema(conn)
        metadata.create_all(conn, checkfirst=True)
        found = conn.execute(sa.select(schema_version.c.version).where(schema_version.c.id == 1)).scalar()
        if found is None:
            conn.execute(schema_version.insert().values(id=1, version=SCHEMA_VERSION))
            if legacy_feedback_db is not None and legacy_feedback_db.is_file():
                import_feedback_file(conn, legacy_feedback_db)
            return True
        if found > SCHEMA_VERSION:
            raise StoreError(f"the state database has schema version {found}, newer than this xbbot's "
                             f"({SCHEMA_VERSION}): upgrade xbbot on this replica")
        for version in range(found + 1, SCHEMA_VERSION + 1):
            log.info("upgrading the state database schema to version %d", version)
            UPGRADES[version](conn)
        if found < SCHEMA_VERSION:
            conn.execute(schema_version.update().where(schema_version.c.id == 1).values(version=SCHEMA_VERSION))
        return False


def import_feedback_file(conn: sa.Connection, path: Path) -> tuple[int, int]:
    """Copy the questions, votes and user-hash key of a FeedbackStore SQLite file (xbbot ≤ 0.1).

    Question ids are renumbered (the target may already have rows, or be PostgreSQL with its
    own sequence) and votes follow them. Returns (questions, votes) copied.
    """
    source = sa.create_engine(f"sqlite:///{path}")
    try:
        with source.connect() as old:
            names = set(sa.inspect(old).get_table_names())
            if not {"questions", "feedback"} <= names:
                log.warning("%s: not a feedback database, nothing imported", path)
                return 0, 0
            if "meta" in names:
                key = old.execute(sa.select(meta.c.value).where(meta.c.key == "user_hash_key")).scalar()
                if key:  # the same users keep the same hashes, so their votes stay one per user
                    conn.execute(upsert(conn, meta).values(key="user_hash_key", value=key)
                                 .on_conflict_do_update(index_elements=["key"], set_={"value": key}))
            q_cols = [c for c in questions.c if c.name != "id"]
            old_q = old.execute(sa.select(questions.c.id, *q_cols).order_by(questions.c.id)).all()
            old_f = old.execute(sa.select(*[c for c in feedback.c if c.name != "id"]).order_by(feedback.c.id)).all()
    except sa.exc.DatabaseError as exc:
        raise XbbotError(f"{path}: cannot import the old feedback database: {exc.orig}") from None
    finally:
        source.dispose()
    ids: dict[int, int] = {}
    if old_q:
        rows = [{c.name: (bool(r[i + 1]) if c.name == "answered" else r[i + 1]) for i, c in enumerate(q_cols)}
                for r in old_q]
        new_ids = conn.execute(questions.insert().returning(questions.c.id, sort_by_parameter_order=True),
                               rows).scalars().all()
        ids = {r[0]: new for r, new in zip(old_q, new_ids)}
    votes = [dict(r._mapping, question_id=ids.get(r.question_id)) for r in old_f]
    if votes:
        conn.execute(feedback.insert(), votes)
    log.info("imported %d question(s) and %d vote(s) from %s", len(old_q), len(votes), path)
    return len(old_q), len(votes)
