"""The live index of a replica: the watcher follows CURRENT, refuses damaged builds, and the
cross-process build lock (fake encoder, real FAISS, real files)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from conftest import HashEncoder
from xbbot.config import Settings
from xbbot.index import _switch_current, build_index, current_build
from xbbot.knowledge import dump_article, load_knowledge
from xbbot.live import BuildLock, LiveIndex, live_build_name
from xbbot.models import Article
from xbbot.retriever import Retriever

# Another east–west pair than the shipped knowledge, so nothing here can pass by accident.
FIRST = "## 劳务\n\n扬州与榆林签订劳务协作协议，计划每年组织1200名劳动力赴扬州就业。"
SECOND = "## 产业\n\n扬州在榆林共建产业园区3个，引导企业投资4.6亿元。"


def write_article(root: Path, article_id: str, body: str) -> None:
    art = Article(article_id, f"扬榆协作{article_id}", date(2020, 5, 1), f"http://example.org/{article_id}",
                  "测试日报", None, body)
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "articles" / f"{article_id}.md").write_text(dump_article(art), encoding="utf-8")


@pytest.fixture
def kb_root(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    write_article(root, "y1", FIRST)
    return root


@pytest.fixture
def index_dir(tmp_path: Path, kb_root: Path) -> Path:
    index_dir = tmp_path / "index"
    build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    return index_dir


def loader(index_dir: Path, kb_root: Path) -> Callable[[], Retriever]:
    settings = Settings(knowledge_dir=kb_root, index_dir=index_dir)
    encoder = HashEncoder()
    return lambda: Retriever.load(settings=settings, encoder=encoder, build_if_missing=False, check_fresh=False)


def replica(index_dir: Path, kb_root: Path, interval: float = 0.05) -> LiveIndex[Retriever]:
    load = loader(index_dir, kb_root)
    return LiveIndex(load(), index_dir, load, interval=interval)


async def wait_until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    async def poll() -> None:
        while not predicate():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), timeout)


def damage_copy_of_live_build(index_dir: Path, name: str, damage: Callable[[Path], None]) -> str:
    """A copy of the live build under a new name, damaged, with CURRENT pointing at it."""
    broken = index_dir / "builds" / name
    shutil.copytree(current_build(index_dir), broken)
    damage(broken)
    _switch_current(index_dir, name)
    return name


async def test_every_replica_switches_to_a_new_build(index_dir: Path, kb_root: Path) -> None:
    first, second = replica(index_dir, kb_root), replica(index_dir, kb_root)
    old = first.build
    assert old == second.build == live_build_name(index_dir)
    first.start(), second.start()
    try:
        write_article(kb_root, "y2", SECOND)
        report = build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
        await wait_until(lambda: first.build == second.build == report.build)
    finally:
        await first.stop()
        await second.stop()
    assert report.build != old
    for live in (first, second):
        assert live.retriever.manifest["counts"]["articles"] == 2
        assert live.failures == 0 and live.last_failure is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: (b / "dense.faiss").write_bytes((b / "dense.faiss").read_bytes()[:100]),
        lambda b: (b / "manifest.json").write_text("{"),
        lambda b: (b / "manifest.json").unlink(),  # a build directory still being written
        lambda b: shutil.rmtree(b),  # CURRENT names a build that is not there
    ],
    ids=["truncated-faiss", "broken-manifest", "no-manifest-yet", "missing-build"],
)
async def test_a_build_that_cannot_be_loaded_is_never_served(index_dir: Path, kb_root: Path, damage) -> None:  # noqa: ANN001
    live = replica(index_dir, kb_root)
    good, retriever = live.build, live.retriever
    name = damage_copy_of_live_build(index_dir, "29990101T000000000000Z-broken", damage)
    seen: list[str | None] = []
    live.listeners.append(lambda lv: seen.append(lv.build))

    assert await live.refresh() is False
    assert live.build == good and live.retriever is retriever
    assert live.failures == 1 and live.behind
    assert live.last_failure is not None and live.last_failure.build == name and "xbbot index" in live.last_failure.error
    assert seen == [good]
    assert retriever.answer("扬州每年组织多少劳动力赴扬州就业").hits  # still answering from the good build
    # The same broken build is not retried (builds never change once written)…
    assert await live.refresh() is False and live.failures == 1
    # …and the next good build is served.
    write_article(kb_root, "y2", SECOND)
    report = build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    assert await live.refresh() is True
    assert live.build == report.build and live.last_failure is None and not live.behind


async def test_the_watcher_keeps_serving_through_a_broken_build(index_dir: Path, kb_root: Path) -> None:
    live = replica(index_dir, kb_root)
    good = live.build
    live.start()
    try:
        damage_copy_of_live_build(index_dir, "29990101T000000000000Z-broken",
                                  lambda b: (b / "docs.json").unlink())
        await wait_until(lambda: live.failures == 1)
        assert live.build == good and "docs.json" in (live.last_failure.error if live.last_failure else "")
    finally:
        await live.stop()


def test_the_build_lock_is_one_holder_at_a_time(tmp_path: Path) -> None:
    first, second = BuildLock(tmp_path / "ix"), BuildLock(tmp_path / "ix")
    assert first.acquire() and first.held
    assert not second.acquire() and not second.held
    first.release()
    assert second.acquire()
    second.release()


def test_a_dead_holder_does_not_keep_the_build_lock(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from xbbot.live import BuildLock\n"
         f"assert BuildLock(Path({str(tmp_path)!r})).acquire(); print('held', flush=True); time.sleep(120)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert not BuildLock(tmp_path).acquire()
    finally:
        holder.kill()
        holder.wait()
    lock = BuildLock(tmp_path)
    assert lock.acquire(blocking=True)
    lock.release()
