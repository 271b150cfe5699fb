"""Connecting to the state database: URL parsing and masking, engines, the dialect-specific upsert.

The only places that know which database engine is behind the store are here: the URL scheme
(psycopg 3 for PostgreSQL), SQLite's connection setup, the upsert construct and PostgreSQL's
advisory locks. Everything else is SQLAlchemy Core.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from typing import Any, Callable, ParamSpec, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from xbbot.errors import ConfigError, StoreUnavailable
from xbbot.redaction import mask_url_passwords

# Advisory-lock namespace of xbbot (the first key of PostgreSQL's two-key form): "xb".
LOCK_NAMESPACE = 0x7862
SCHEMA_LOCK = 0  # second key: schema creation and upgrades
READ_ONLY = "xbbot_read_only"  # execution option of reader()
# A SQLite writer waits this long for another one before giving up.
SQLITE_BUSY_SECONDS = 15
# Claims hold a connection each for the handling of one update.
CLAIM_POOL_SIZE = 10
CLAIM_POOL_OVERFLOW = 100
# So that PostgreSQL notices a replica whose machine vanished (not just its process) within
# about half a minute and drops its claims: keepalives on the server side of claim sessions.
CLAIM_KEEPALIVES = "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3"

def parse_url(url: str) -> URL:
    """The SQLAlchemy URL of `url` (postgresql://… or sqlite:///…), driver psycopg 3 for PostgreSQL."""
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise ConfigError(f"database_url {mask_text(url)!r} is not a database URL "
                          "(postgresql://user:password@host:port/db or sqlite:///path)") from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if parsed.get_driver_name() not in ("pysqlite", ""):
            parsed = parsed.set(drivername="sqlite")
        return parsed
    raise ConfigError(f"database_url: unsupported database {backend!r} (use postgresql:// or sqlite:///)")


def mask_url(url: URL | str) -> str:
    """The URL to show or log: its password replaced by ***."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except ArgumentError:
            return mask_text(url)
    return url.render_as_string(hide_password=True)


def mask_text(text: str) -> str:
    """`text` with the password of any scheme://user:password@host in it masked."""
    return mask_url_passwords(text)


def is_postgresql(engine: sa.Engine | sa.Connection) -> bool:
    return engine.dialect.name == "postgresql"


def make_engine(url: URL, *, claims: bool = False) -> sa.Engine:
    """An engine for the store (`claims`: the AUTOCOMMIT pool whose connections hold update claims)."""
    if url.get_backend_name() == "sqlite":
        # One connection per process: the replica's threads queue for it in the pool instead of
        # polling SQLite's file lock (whose busy handler sleeps up to 100 ms a round).
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS}, poolclass=sa.pool.QueuePool,
                                  pool_size=1, max_overflow=0, pool_timeout=60)
        _sqlite_setup(engine)
        return engine
    options: dict[str, Any] = {"pool_pre_ping": True}
    if claims:
        options.update(pool_size=CLAIM_POOL_SIZE, max_overflow=CLAIM_POOL_OVERFLOW,
                       isolation_level="AUTOCOMMIT", connect_args={"options": CLAIM_KEEPALIVES})
    else:
        options.update(pool_size=5, max_overflow=20)
    return sa.create_engine(url, **options)


def reader(engine: sa.Engine) -> sa.Engine:
    """`engine` for read-only work: on SQLite its transactions begin deferred (readers never
    wait for writers in WAL mode)."""
    return engine.execution_options(**{READ_ONLY: True})


def _sqlite_setup(engine: sa.Engine) -> None:
    """WAL, and every writing transaction a BEGIN IMMEDIATE: SQLite writers then queue up one
    by one (read-count-insert sequences such as the rate limit stay atomic across processes),
    and schema creation is transactional. pysqlite's own lazy BEGIN is switched off for that;
    this is SQLAlchemy's documented recipe."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


def _switch_to_wal(cursor: Any) -> None:
    """Put a new database file in WAL mode. Connections switching the same new file at once get
    "database is locked" at once, without SQLite's busy wait (replicas starting together; about
    one start in a hundred with four): the switch is retried until SQLITE_BUSY_SECONDS."""
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def upsert(conn: sa.Connection, table: sa.Table) -> Any:
    """INSERT … for `table` with `.on_conflict_do_update/…do_nothing` on either database."""
    return (postgresql.insert if is_postgresql(conn) else sqlite.insert)(table)


def lock_schema(conn: sa.Connection) -> None:
    """Serialise schema creation among replicas starting together (inside the transaction).

    SQLite's BEGIN IMMEDIATE already did; PostgreSQL takes a transaction-scoped advisory lock.
    """
    if is_postgresql(conn):
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(LOCK_NAMESPACE, SCHEMA_LOCK)))


P = ParamSpec("P")
R = TypeVar("R")


def translate_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Database trouble becomes StoreUnavailable, with no SQL, parameters or password in it."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            first = (mask_text(str(exc.orig)).strip().splitlines() or [type(exc.orig).__name__])[0]
            raise StoreUnavailable(f"the state database is unavailable: {first}") from None
        except sa.exc.TimeoutError:  # every pooled connection busy for pool_timeout seconds
            raise StoreUnavailable("the state database is unavailable: no free connection in the pool") from None

    return wrapper
