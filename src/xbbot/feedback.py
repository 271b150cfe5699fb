"""The bot's log of questions and 👍/👎 feedback, in SQLite, for /stats and `xbbot unanswered`.

User ids are stored as keyed hashes (the key lives in the database), never raw: enough to
count distinct users and keep one vote per user per answer, not to look anybody up.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from xbbot.errors import XbbotError
from xbbot.textnorm import normalize

# Questions are stored cut to this length: a 10,000-character message is not a question.
MAX_STORED_CHARS = 1000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    chat_type TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    question TEXT NOT NULL,
    question_norm TEXT NOT NULL,
    answered INTEGER NOT NULL,
    confidence REAL NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    source_id TEXT
);
CREATE INDEX IF NOT EXISTS questions_unanswered ON questions (answered, question_norm);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    user_hash TEXT NOT NULL,
    question_id INTEGER,
    question TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    UNIQUE (user_hash, question_id)
);
"""

Vote = Literal[1, -1]


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


class FeedbackStore:
    """Thread-safe: one connection shared under a lock (writes are tiny and WAL keeps readers apart)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=10, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._key = self._hash_key()
        except (OSError, sqlite3.Error) as exc:
            raise XbbotError(f"{self.path}: cannot open the feedback database: {exc}") from None

    def _hash_key(self) -> bytes:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'user_hash_key'").fetchone()
        if row:
            return bytes.fromhex(row[0])
        key = secrets.token_bytes(32)
        self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('user_hash_key', ?)", (key.hex(),))
        row = self._db.execute("SELECT value FROM meta WHERE key = 'user_hash_key'").fetchone()
        return bytes.fromhex(row[0])

    def user_hash(self, user_id: int | None) -> str:
        """The stored form of a Telegram user id."""
        if user_id is None:
            return ""
        return hashlib.blake2b(str(user_id).encode(), key=self._key, digest_size=16).hexdigest()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> "FeedbackStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------

    def record_question(
        self,
        *,
        question: str,
        answered: bool,
        confidence: float,
        chat_type: str = "private",
        user_id: int | None = None,
        reason: str = "",
        source_id: str | None = None,
        at: float | None = None,
    ) -> int:
        """Log one question and what became of it; returns its id (for feedback buttons)."""
        text = question.strip()[:MAX_STORED_CHARS]
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO questions (ts, chat_type, user_hash, question, question_norm, answered, confidence,"
                " reason, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (at or time.time(), chat_type, self.user_hash(user_id), text, normalize(text),
                 int(answered), float(confidence), reason, source_id),
            )
            return int(cur.lastrowid or 0)

    def record_feedback(self, question_id: int, vote: Vote, *, user_id: int | None = None,
                        at: float | None = None) -> str | None:
        """Record 👍 (1) or 👎 (-1) on an answer; a user's second press replaces the first.

        Returns the question it was about, or None when that question is not in the log.
        """
        if vote not in (1, -1):
            raise ValueError(f"vote must be 1 or -1, got {vote!r}")
        with self._lock:
            row = self._db.execute("SELECT question FROM questions WHERE id = ?", (question_id,)).fetchone()
            if row is None:
                return None
            self._db.execute(
                "INSERT INTO feedback (ts, user_hash, question_id, question, vote) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (user_hash, question_id) DO UPDATE SET vote = excluded.vote, ts = excluded.ts",
                (at or time.time(), self.user_hash(user_id), question_id, row[0], vote),
            )
            return str(row[0])

    # -- reading ----------------------------------------------------------------------------

    def stats(self) -> Stats:
        """Counts of questions, answers, abstentions, users and votes."""
        with self._lock:
            q = self._db.execute(
                "SELECT COUNT(*), COALESCE(SUM(answered), 0), COALESCE(SUM(reason = 'out_of_scope'), 0),"
                " COUNT(DISTINCT user_hash) FROM questions"
            ).fetchone()
            v = self._db.execute(
                "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM feedback"
            ).fetchone()
        total, answered, oos, users = (int(x) for x in q)
        return Stats(total, answered, total - answered, oos, users, int(v[0]), int(v[1]))

    def unanswered(self, limit: int = 10) -> list[tuple[str, int, str]]:
        """The most asked questions that got no answer: (question, times asked, last asked ISO time).

        Variants that normalise alike (width, script, case) count as one question, shown as
        last asked.
        """
        with self._lock:
            rows = self._db.execute(
                "SELECT q.question, g.n, g.last FROM"
                " (SELECT question_norm, COUNT(*) AS n, MAX(ts) AS last, MAX(id) AS last_id FROM questions"
                "  WHERE answered = 0 AND reason != 'empty' GROUP BY question_norm) AS g"
                " JOIN questions AS q ON q.id = g.last_id"
                " ORDER BY g.n DESC, g.last DESC LIMIT ?",
                (int(limit),),
            ).fetchall()
        return [(str(question), int(n), _iso(last)) for question, n, last in rows]


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))
