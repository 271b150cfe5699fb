"""FeedbackStore: questions, votes, stats, unanswered, hashing, concurrency."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from xbbot.errors import XbbotError
from xbbot.feedback import MAX_STORED_CHARS, FeedbackStore


@pytest.fixture
def store(tmp_path):
    with FeedbackStore(tmp_path / "deep" / "dir" / "fb.sqlite3") as s:
        yield s


def test_creates_parent_dir_and_uses_wal(tmp_path):
    path = tmp_path / "a" / "b" / "fb.sqlite3"
    with FeedbackStore(path):
        pass
    assert path.is_file()
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode.lower() == "wal"


def test_unopenable_path_is_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(XbbotError) as info:
        FeedbackStore(blocker / "fb.sqlite3")
    assert "\n" not in str(info.value)


def test_stats_counts_questions_and_votes(store):
    a = store.record_question(question="累计落实了多少帮扶资金", answered=True, confidence=0.9, user_id=1, source_id="art1")
    store.record_question(question="今天徐州天气怎么样", answered=False, confidence=0.1, user_id=2, reason="out_of_scope")
    store.record_question(question="某个没答上的问题", answered=False, confidence=0.3, user_id=2, reason="low_confidence")
    assert store.record_feedback(a, 1, user_id=1) == "累计落实了多少帮扶资金"
    store.record_feedback(a, -1, user_id=2)
    s = store.stats()
    assert (s.questions, s.answered, s.abstained, s.out_of_scope, s.users) == (3, 1, 2, 1, 2)
    assert (s.thumbs_up, s.thumbs_down) == (1, 1)
    assert s.answered_share == pytest.approx(1 / 3)


def test_second_vote_replaces_first(store):
    q = store.record_question(question="捐款多少", answered=True, confidence=0.8, user_id=7)
    store.record_feedback(q, 1, user_id=7)
    store.record_feedback(q, 1, user_id=7)
    assert (store.stats().thumbs_up, store.stats().thumbs_down) == (1, 0)
    store.record_feedback(q, -1, user_id=7)
    assert (store.stats().thumbs_up, store.stats().thumbs_down) == (0, 1)


def test_feedback_on_unknown_question_is_ignored(store):
    assert store.record_feedback(12345, 1, user_id=1) is None
    assert store.stats().thumbs_up == 0
    with pytest.raises(ValueError):
        store.record_feedback(1, 0, user_id=1)  # type: ignore[arg-type]


def test_unanswered_groups_variants_and_orders_by_count(store):
    for text, t in [("天气怎么样", 1.0), ("天氣怎麼樣", 2.0), ("  天气怎么样 ", 3.0), ("股票行情", 4.0), ("", 5.0)]:
        store.record_question(question=text, answered=False, confidence=0.0, reason="empty" if not text else "out_of_scope", at=t)
    store.record_question(question="捐款多少", answered=True, confidence=0.9, at=6.0)
    rows = store.unanswered(10)
    assert [(q, n) for q, n, _ in rows] == [("天气怎么样", 3), ("股票行情", 1)]
    assert rows[0][2].startswith("1970-01-01")
    assert len(store.unanswered(1)) == 1


def test_user_ids_are_not_stored_raw(tmp_path):
    path = tmp_path / "fb.sqlite3"
    with FeedbackStore(path) as s:
        q = s.record_question(question="问", answered=True, confidence=1, user_id=987654321)
        s.record_feedback(q, 1, user_id=987654321)
        h = s.user_hash(987654321)
    raw = path.read_bytes() + (path.with_name(path.name + "-wal").read_bytes() if path.with_name(path.name + "-wal").exists() else b"")
    assert b"987654321" not in raw
    with FeedbackStore(path) as again:  # the key persists, so hashes are stable across restarts
        assert again.user_hash(987654321) == h
    with FeedbackStore(tmp_path / "other.sqlite3") as other:
        assert other.user_hash(987654321) != h


def test_long_question_is_cut(store):
    store.record_question(question="问" * 10_000, answered=False, confidence=0.0, reason="low_confidence")
    (q, _, _), = store.unanswered()
    assert len(q) == MAX_STORED_CHARS


def test_concurrent_writers(store):
    def work(n: int) -> None:
        for i in range(50):
            qid = store.record_question(question=f"q{n}-{i}", answered=i % 2 == 0, confidence=0.5, user_id=n)
            store.record_feedback(qid, 1, user_id=n)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    s = store.stats()
    assert (s.questions, s.answered, s.thumbs_up, s.users) == (400, 200, 400, 8)


def test_cli_unanswered(tmp_path):
    import json

    from click.testing import CliRunner

    from xbbot.cli import cli

    db = tmp_path / "fb.sqlite3"
    env = {"XBBOT_FEEDBACK_DB": str(db), "XBBOT_CONFIG": ""}
    runner = CliRunner()
    missing = runner.invoke(cli, ["unanswered"], env=env)
    assert missing.exit_code == 1 and "no feedback database" in missing.output and "Traceback" not in missing.output
    with FeedbackStore(db) as s:
        for q in ["天气怎么样", "天气怎么样", "股票"]:
            s.record_question(question=q, answered=False, confidence=0.1, reason="out_of_scope")
    out = runner.invoke(cli, ["unanswered", "--limit", "1"], env=env)
    assert out.exit_code == 0 and "天气怎么样" in out.output and "股票" not in out.output
    rows = json.loads(runner.invoke(cli, ["unanswered", "--json"], env=env).output)
    assert [(r["question"], r["count"]) for r in rows] == [("天气怎么样", 2), ("股票", 1)]
