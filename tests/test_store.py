"""StateStore on SQLite and on a real PostgreSQL: the question log, follow-up context, rate limits,
button keys, update claims, expiry, schema creation and the import of an old feedback file."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import threading
import time
import typing
from pathlib import Path

import pytest
import sqlalchemy as sa

from xbbot.errors import ConfigError, StoreError, StoreUnavailable, XbbotError
from xbbot.store import CONTEXT_SIZE, MAX_STORED_CHARS, SCHEMA_VERSION, Retention, StateStore, Verdict, mask_url
from xbbot.store.schema import metadata


class Clock:
    """A settable wall clock shared by the stores of one test."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(db_url: str, clock: Clock):
    with StateStore(db_url, rate_limit=3, clock=clock) as s:
        yield s


def _count(store: StateStore, table: str) -> int:
    with store._engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(metadata.tables[table])).scalar_one())


# -- question log ---------------------------------------------------------------------------------


def test_stats_counts_questions_and_votes(store):
    a = store.record_question(question="无锡对口帮扶延安的资金有多少", answered=True, confidence=0.9, user_id=1,
                              source_id="art1")
    store.record_question(question="明天扬州下雨吗", answered=False, confidence=0.1, user_id=2, reason="out_of_scope")
    store.record_question(question="某个没答上的问题", answered=False, confidence=0.3, user_id=2, reason="low_confidence")
    assert store.record_feedback(a, 1, user_id=1) == "无锡对口帮扶延安的资金有多少"
    store.record_feedback(a, -1, user_id=2)
    s = store.stats()
    assert (s.questions, s.answered, s.abstained, s.out_of_scope, s.users) == (3, 1, 2, 1, 2)
    assert (s.thumbs_up, s.thumbs_down) == (1, 1)
    assert s.answered_share == pytest.approx(1 / 3)


def test_second_vote_replaces_first_and_unknown_question_is_ignored(store):
    q = store.record_question(question="镇江援建了几所学校", answered=True, confidence=0.8, user_id=7)
    store.record_feedback(q, 1, user_id=7)
    store.record_feedback(q, 1, user_id=7)
    assert (store.stats().thumbs_up, store.stats().thumbs_down) == (1, 0)
    store.record_feedback(q, -1, user_id=7)
    assert (store.stats().thumbs_up, store.stats().thumbs_down) == (0, 1)
    assert store.record_feedback(q + 1000, 1, user_id=7) is None
    with pytest.raises(ValueError):
        store.record_feedback(q, 0, user_id=7)  # type: ignore[arg-type]


def test_unanswered_groups_variants_and_orders_by_count(store):
    for text, t in [("天气怎么样", 1.0), ("天氣怎麼樣", 2.0), ("  天气怎么样 ", 3.0), ("股票行情", 4.0), ("", 5.0)]:
        store.record_question(question=text, answered=False, confidence=0.0,
                              reason="empty" if not text else "out_of_scope", at=t)
    store.record_question(question="榆林的苹果卖到了哪里", answered=True, confidence=0.9, at=6.0)
    rows = store.unanswered(10)
    assert [(q, n) for q, n, _ in rows] == [("天气怎么样", 3), ("股票行情", 1)]
    assert rows[0][2].startswith("1970-01-01")
    assert len(store.unanswered(1)) == 1


def test_long_question_is_cut(store):
    store.record_question(question="问" * 10_000, answered=False, confidence=0.0, reason="low_confidence")
    (q, _, _), = store.unanswered()
    assert len(q) == MAX_STORED_CHARS


def test_user_ids_are_hashed_with_a_key_shared_by_replicas(db_url, clock):
    with StateStore(db_url, clock=clock) as a, StateStore(db_url, clock=clock) as b:
        q = a.record_question(question="问", answered=True, confidence=1, user_id=987654321)
        a.record_feedback(q, 1, user_id=987654321)
        a.check_rate(987654321)
        assert a.user_hash(987654321) == b.user_hash(987654321) != "" and b.user_hash(None) == ""
        with a._engine.connect() as conn:
            for table in metadata.sorted_tables:
                for row in conn.execute(sa.select(table)).all():
                    assert "987654321" not in repr(tuple(row)), table.name


def test_concurrent_writers(store):
    def work(n: int) -> None:
        for i in range(25):
            qid = store.record_question(question=f"q{n}-{i}", answered=i % 2 == 0, confidence=0.5, user_id=n)
            store.record_feedback(qid, 1, user_id=n)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    s = store.stats()
    assert (s.questions, s.answered, s.thumbs_up, s.users) == (150, 78, 150, 6)


# -- follow-up context ------------------------------------------------------------------------------


def test_context_is_shared_bounded_and_expires(db_url, clock):
    with StateStore(db_url, clock=clock) as a, StateStore(db_url, clock=clock) as b:
        for q in ["一", "二", "三", "四"]:
            a.remember(10, q)
            clock.now += 1
        assert b.context(10) == ["二", "三", "四"][-CONTEXT_SIZE:]
        assert _count(a, "chat_context") == CONTEXT_SIZE  # older entries are deleted, not just hidden
        b.remember((-100, 5), "群里甲的问题")
        assert a.context((-100, 5)) == ["群里甲的问题"]
        assert a.context((-100, 6)) == [] and a.context(-100) == []
        clock.now += Retention().context + 1
        assert a.context(10) == []


# -- rate limit ---------------------------------------------------------------------------------------


def test_rate_limit_verdicts_are_ok_warn_drop():
    assert typing.get_args(Verdict) == ("ok", "warn", "drop")


def test_rate_limit_sliding_window(store, clock):
    assert [store.check_rate(1) for _ in range(5)] == ["ok", "ok", "ok", "warn", "drop"]
    assert store.check_rate(2) == "ok"
    clock.now += 30
    assert store.check_rate(1) == "drop"
    clock.now += 31  # the first three have left the window
    assert [store.check_rate(1) for _ in range(5)] == ["ok", "ok", "ok", "warn", "drop"]


def test_rate_limit_is_exact_across_replicas_under_concurrency(db_url, clock):
    """Two stores (two replicas), eight threads, one user: exactly `limit` questions pass."""
    limit = 7
    stores = [StateStore(db_url, rate_limit=limit, clock=clock) for _ in range(2)]
    verdicts: list[str] = []
    guard = threading.Lock()
    start = threading.Barrier(8)

    def work(n: int) -> None:
        start.wait()
        for _ in range(5):
            v = stores[n % 2].check_rate(42)
            with guard:
                verdicts.append(v)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for s in stores:
            s.close()
    assert verdicts.count("ok") == limit
    assert verdicts.count("warn") == 1
    assert verdicts.count("drop") == 40 - limit - 1


# -- button keys ----------------------------------------------------------------------------------


def test_button_keys_are_short_and_shared(db_url, clock):
    with StateStore(db_url, clock=clock) as a, StateStore(db_url, clock=clock) as b:
        long_question = "问" * 200
        k1, k2 = a.put_keys([long_question, "渭南的猕猴桃产量是多少"])
        assert len(f"q:{k1}".encode()) <= 64 and k1 != k2
        assert b.question_for_key(k1) == long_question
        assert a.put_keys([long_question]) == [k1]  # stable for a question
        assert b.question_for_key("nosuchkey123") is None and a.put_keys([]) == []
        clock.now += Retention().keys + 1
        assert b.question_for_key(k2) is None


def test_button_keys_survive_a_restart(db_url, clock):
    with StateStore(db_url, clock=clock) as a:
        (key,) = a.put_keys(["延安的新建车间有几个"])
    with StateStore(db_url, clock=clock) as again:
        assert again.question_for_key(key) == "延安的新建车间有几个"


# -- update claims ------------------------------------------------------------------------------------


def test_claims_one_replica_at_a_time_then_handled(db_url, clock):
    with StateStore(db_url, clock=clock) as a, StateStore(db_url, clock=clock) as b:
        first = a.claim_update(101)
        assert first.state == "claimed" and first.claimed
        assert b.claim_update(101).state == "busy"
        assert b.claim_update(102).state == "claimed"  # other updates are not blocked
        first.mark_handled()
        first.mark_handled()  # settling twice is harmless
        assert b.claim_update(101).state == "handled" and a.claim_update(101).state == "handled"
        assert b.is_handled(101) and not b.is_handled(103)


def test_released_claim_can_be_taken_again(db_url, clock):
    with StateStore(db_url, clock=clock) as a, StateStore(db_url, clock=clock) as b:
        with a.claim_update(7) as claim:
            assert claim.state == "claimed" and b.claim_update(7).state == "busy"
        # Not marked handled: a redelivery handles it.
        again = b.claim_update(7)
        assert again.state == "claimed"
        again.release()
        b.mark_handled(7)
        assert a.claim_update(7).state == "handled"


def test_closing_a_replica_frees_its_claims(db_url, clock):
    a = StateStore(db_url, clock=clock)
    with StateStore(db_url, clock=clock) as b:
        assert a.claim_update(55).state == "claimed"
        assert b.claim_update(55).state == "busy"
        a.close()
        assert b.claim_update(55).state == "claimed"


_HOLDER = """
import sys, time
from xbbot.store import StateStore
store = StateStore(sys.argv[1])
claim = store.claim_update(int(sys.argv[2]))
print(claim.state, flush=True)
time.sleep(120)
"""


def test_a_killed_replica_does_not_block_redelivery(db_url):
    """A replica process claims an update and is SIGKILLed mid-handling: another one can claim it."""
    with StateStore(db_url) as survivor:
        holder = subprocess.Popen([sys.executable, "-c", _HOLDER, db_url, "9001"], stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "claimed"
            assert survivor.claim_update(9001).state == "busy"
        finally:
            holder.kill()
            holder.wait()
        # PostgreSQL ends the dead session on its own; wait for that, whatever it takes.
        deadline = time.monotonic() + 30
        while (claim := survivor.claim_update(9001)).state == "busy" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert claim.state == "claimed"
        claim.mark_handled()


def test_a_stuck_sqlite_claim_expires(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    with StateStore(url, clock=clock) as a, StateStore(url, clock=clock) as b:
        assert a.claim_update(5).state == "claimed"
        assert b.claim_update(5).state == "busy"
        clock.now += Retention().claim + 1
        assert b.claim_update(5).state == "claimed"


# -- expiry -----------------------------------------------------------------------------------------


def test_expire_keeps_tables_bounded(db_url, clock):
    retention = Retention(log=1000.0, context=100.0, keys=500.0, updates=200.0, claim=50.0)
    with StateStore(db_url, rate_limit=2, retention=retention, clock=clock) as s:
        start = clock.now
        for round_ in range(3):
            for user in range(5):
                qid = s.record_question(question=f"问题{round_}-{user}", answered=True, confidence=1, user_id=user)
                s.record_feedback(qid, 1, user_id=user)
                s.remember(user, f"问题{round_}-{user}")
                for _ in range(3):
                    s.check_rate(user)
                s.put_keys([f"按钮{round_}-{user}"])
                s.mark_handled(round_ * 100 + user)
            s.claim_update(10_000 + round_)  # left unsettled, as by a stuck replica
            clock.now += 400
        assert _count(s, "questions") == 15
        deleted = s.expire()
        # Only the last round's rows are young enough to stay (the clock is 1200 s on).
        assert deleted["rate_events"] == 5 * 3 * 2 and deleted["rate_users"] == 5 and _count(s, "rate_events") == 0
        assert _count(s, "chat_context") == 0 and deleted["chat_context"] == 5 * min(3, CONTEXT_SIZE)
        assert _count(s, "handled_updates") == 0
        assert _count(s, "question_keys") == 5
        assert _count(s, "questions") == 10 and _count(s, "feedback") == 10
        assert s.expire() == {name: 0 for name in deleted}  # nothing left to do
        clock.now = start + 10_000
        s.expire()
        for table in metadata.tables:
            if table not in ("schema_version", "meta"):
                assert _count(s, table) == 0, table


# -- schema ------------------------------------------------------------------------------------------


def test_connections_switching_a_new_sqlite_file_to_wal_together_all_succeed(tmp_path: Path) -> None:
    # Without the retry about one start in a hundred fails with "database is locked" (SQLite skips
    # its busy wait there); 150 starts of four make a miss all but certain.
    from xbbot.store.engine import make_engine, parse_url

    errors: list[BaseException] = []
    for trial in range(150):
        url = parse_url(f"sqlite:///{tmp_path / f'{trial}.sqlite3'}")
        engines = [make_engine(url) for _ in range(4)]
        barrier = threading.Barrier(4)

        def connect(engine: sa.Engine) -> None:
            barrier.wait()
            try:
                with engine.connect() as conn:
                    assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=connect, args=(e,)) for e in engines]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for e in engines:
            e.dispose()
    assert errors == []


def test_schema_creation_is_idempotent_and_concurrent(db_url):
    errors: list[BaseException] = []
    created: list[bool] = []

    def start() -> None:
        try:
            with StateStore(db_url) as s:
                created.append(s.created)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and sorted(created) == [False, False, False, True]
    with StateStore(db_url) as s:
        assert not s.created
        with s._engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version FROM schema_version")).scalars().all() == [SCHEMA_VERSION]


def test_a_newer_schema_is_refused(db_url):
    with StateStore(db_url) as s, s._engine.begin() as conn:
        conn.execute(sa.text("UPDATE schema_version SET version = :v"), {"v": SCHEMA_VERSION + 1})
    with pytest.raises(StoreError, match="newer than this xbbot"):
        StateStore(db_url)


_OLD_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE questions (id INTEGER PRIMARY KEY, ts REAL NOT NULL, chat_type TEXT NOT NULL, user_hash TEXT NOT NULL,
    question TEXT NOT NULL, question_norm TEXT NOT NULL, answered INTEGER NOT NULL, confidence REAL NOT NULL,
    reason TEXT NOT NULL DEFAULT '', source_id TEXT);
CREATE TABLE feedback (id INTEGER PRIMARY KEY, ts REAL NOT NULL, user_hash TEXT NOT NULL, question_id INTEGER,
    question TEXT NOT NULL, vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), UNIQUE (user_hash, question_id));
"""


def _old_feedback_file(path: Path) -> str:
    """A feedback database as xbbot 0.1 wrote it (ids with gaps, as after deletions); its hash key."""
    key = "ab" * 32
    db = sqlite3.connect(path)
    db.executescript(_OLD_SCHEMA)
    db.execute("INSERT INTO meta VALUES ('user_hash_key', ?)", (key,))
    db.executemany("INSERT INTO questions VALUES (?, ?, 'private', ?, ?, ?, ?, ?, ?, NULL)", [
        (3, 10.0, "u1", "扬州派了多少干部", "扬州派了多少干部", 1, 0.9, ""),
        (8, 20.0, "u2", "今天股市", "今天股市", 0, 0.1, "out_of_scope"),
        (9, 30.0, "u2", "今天股市", "今天股市", 0, 0.1, "out_of_scope"),
    ])
    db.executemany("INSERT INTO feedback VALUES (NULL, ?, ?, ?, ?, ?)",
                   [(11.0, "u1", 3, "扬州派了多少干部", 1), (12.0, "u2", 3, "扬州派了多少干部", -1)])
    db.commit()
    db.close()
    return key


def test_an_old_feedback_file_is_carried_over_once(db_url, tmp_path):
    old = tmp_path / "xbbot-feedback.sqlite3"
    key = _old_feedback_file(old)
    with StateStore(db_url, legacy_feedback_db=old) as s:
        assert s.created
        st = s.stats()
        assert (st.questions, st.answered, st.out_of_scope, st.users, st.thumbs_up, st.thumbs_down) == (3, 1, 2, 2, 1, 1)
        assert s.unanswered() [0][:2] == ("今天股市", 2)
        assert s._key == bytes.fromhex(key)  # same users, same hashes: a vote stays one per user
        (qid,) = [q for q in range(1, 50) if s.record_feedback(q, -1, user_id=None) == "扬州派了多少干部"][:1]
        assert qid  # the votes follow their renumbered question
    with StateStore(db_url, legacy_feedback_db=old) as again:  # not imported a second time
        assert not again.created and again.stats().questions == 3


def test_a_broken_old_feedback_file_is_a_clear_error(tmp_path):
    old = tmp_path / "old.sqlite3"
    old.write_bytes(b"this is not a database" * 100)
    with pytest.raises(XbbotError, match="old.sqlite3"):
        StateStore(f"sqlite:///{tmp_path / 'new.sqlite3'}", legacy_feedback_db=old)


# -- URLs and errors --------------------------------------------------------------------------------


def test_urls_are_masked(postgres):
    url = postgres.url("postgres")
    with StateStore(url) as s:
        assert postgres.password not in s.display_url and "***" in s.display_url
        assert postgres.password not in repr(s)
        assert s.dialect == "postgresql" and s.url.drivername == "postgresql+psycopg"
    assert mask_url("postgresql://bob:hunter2hunter2@db:5432/x") == "postgresql://bob:***@db:5432/x"
    assert mask_url("sqlite:////var/lib/x.sqlite3") == "sqlite:////var/lib/x.sqlite3"


@pytest.mark.parametrize("password", ["Wr0ngPassw0rdX", "pw7"])  # short ones are masked as part of a URL
def test_password_never_reaches_logs_or_errors(postgres, caplog, password):
    wrong = postgres.url("postgres").replace(postgres.password, password)
    with pytest.raises(StoreUnavailable) as info:
        StateStore(wrong)
    assert password not in str(info.value) and "***" in str(info.value)
    logging.getLogger("xbbot.test").warning("connecting to %s", wrong)
    assert f":{password}@" not in caplog.text and "xbbot:***@127.0.0.1" in caplog.text


def test_unreachable_database_is_store_unavailable(postgres):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreUnavailable, match="cannot open the state database"):
        StateStore(f"postgresql://x:y@127.0.0.1:{port}/nothing")


@pytest.mark.parametrize("url, message", [
    ("mysql://u:p@h/db", "unsupported database"),
    ("not a url", "not a database URL"),
])
def test_bad_urls_are_config_errors(url, message):
    with pytest.raises(ConfigError, match=message):
        StateStore(url)


def test_unopenable_sqlite_path_is_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(XbbotError) as info:
        StateStore(f"sqlite:///{blocker / 'state.sqlite3'}")
    assert "\n" not in str(info.value)


def test_a_database_lost_mid_run_is_store_unavailable(postgres, pg_url):
    """The webhook answers 5xx on StoreUnavailable (Telegram retries), so it must be that, not a raw error."""
    import psycopg

    with StateStore(pg_url) as s:
        claim = s.claim_update(1)
        assert claim.claimed
        s.ping()
        name = pg_url.rsplit("/", 1)[1]
        with psycopg.connect(postgres.url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        for call in (s.ping, s.stats, lambda: s.check_rate(1), lambda: s.claim_update(2), claim.mark_handled):
            with pytest.raises(StoreUnavailable) as info:
                call()
            assert postgres.password not in str(info.value)


def test_an_upgrade_step_runs_once_when_replicas_start_together(db_url, monkeypatch):
    from xbbot.store import schema

    with StateStore(db_url):
        pass
    ran: list[int] = []

    def step(conn: sa.Connection) -> None:
        ran.append(1)
        conn.execute(schema.meta.insert().values(key="upgraded", value="yes"))  # a second run would collide

    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(schema.UPGRADES, SCHEMA_VERSION + 1, step)
    errors: list[BaseException] = []

    def start() -> None:
        try:
            StateStore(db_url).close()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and ran == [1]
    with StateStore(db_url) as s, s._engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version FROM schema_version")).scalar_one() == SCHEMA_VERSION + 1
