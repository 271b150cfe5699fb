"""The index a running replica serves, following the shared index directory's live build.

Several replicas share one index directory. One of them (or `xbbot index`) writes a new build
and renames CURRENT; every replica's watcher notices within a few seconds, loads and verifies
the build in a worker thread, and swaps it in whole. A build that cannot be loaded is never
served: the replica keeps its current one and records why, for /healthz and /metrics.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Generic, TypeVar

from xbbot.index import CURRENT, build_id
from xbbot.redaction import redact

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 5.0
LOCK_FILE = ".build.lock"

R = TypeVar("R")


@dataclass(frozen=True)
class ReloadFailure:
    """A build the replica refused to serve, and why."""

    build: str
    error: str
    at: float  # time.time()


def live_build_name(index_dir: Path) -> str | None:
    """The build CURRENT points at, or None when there is no index yet."""
    try:
        return (index_dir / CURRENT).read_text(encoding="utf-8").strip() or None
    except (FileNotFoundError, NotADirectoryError):
        return None


def served_build(retriever: Any) -> str | None:
    """The build a retriever was loaded from (None for retrievers without a manifest)."""
    manifest = getattr(retriever, "manifest", None)
    if not isinstance(manifest, dict) or "_build_dir" not in manifest:
        return None
    return build_id(manifest)


class LiveIndex(Generic[R]):
    """Holds the current retriever and swaps it when the index directory's live build changes.

    Readers take `live.retriever` once per question, so a swap never changes an answer midway.
    `load` loads the live build (blocking; run in a thread) and raises on anything unservable.
    """

    def __init__(
        self,
        retriever: R,
        index_dir: Path,
        load: Callable[[], R],
        *,
        interval: float = DEFAULT_INTERVAL,
    ) -> None:
        self._retriever = retriever
        self.index_dir = index_dir
        self._load = load
        self.interval = interval
        self.build: str | None = served_build(retriever)
        self.failures = 0
        self.last_failure: ReloadFailure | None = None
        self.listeners: list[Callable[["LiveIndex[R]"], None]] = []
        self._refreshing = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    @property
    def retriever(self) -> R:
        return self._retriever

    def swap(self, retriever: R) -> None:
        """Serve `retriever` from now on (after /reindex built it here, or the watcher loaded it)."""
        self._retriever = retriever
        self.build = served_build(retriever)
        # A refused build is news only until a newer one is served.
        self.last_failure = None
        self._notify()

    def _notify(self) -> None:
        for listener in self.listeners:
            listener(self)

    @property
    def behind(self) -> bool:
        """Whether the directory's live build is one this replica refused to serve."""
        return self.last_failure is not None and self.last_failure.build == live_build_name(self.index_dir)

    async def refresh(self) -> bool:
        """Load the live build if it is new; True when a new build is now served."""
        async with self._refreshing:
            name = live_build_name(self.index_dir)
            if name is None or name == self.build:
                return False
            # A build that failed once fails again (builds are immutable); a new one gets a new name.
            if self.last_failure is not None and self.last_failure.build == name:
                return False
            try:
                fresh = await asyncio.to_thread(self._load)
            except Exception as exc:  # whatever it is, the current build stays in service
                error = redact(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                self.failures += 1
                self.last_failure = ReloadFailure(name, error, time.time())
                log.error("index build %s not served, keeping %s: %s", name, self.build, error)
                self._notify()
                return False
            previous = self.build
            self.swap(fresh)
            log.info("index build %s now served (was %s)", self.build, previous)
            return self.build != previous

    async def watch(self) -> None:
        """Check the live build every `interval` seconds until cancelled."""
        while True:
            try:
                await self.refresh()
            except asyncio.CancelledError:
                raise
            except Exception:  # a watcher that dies silently would freeze the replica's index
                log.exception("index watcher: unexpected error")
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        """Start the watcher on the running loop (idempotent)."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self.watch(), name="xbbot-index-watcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None


class BuildLock:
    """A cross-process lock on an index directory, so a fleet rebuilds it once at a time.

    flock(2) on a file in the shared directory: the kernel drops it when the holder dies, so a
    replica killed mid-rebuild never leaves the fleet locked out.
    """

    def __init__(self, index_dir: Path) -> None:
        self.path = index_dir / LOCK_FILE
        self._fd: int | None = None

    def acquire(self, blocking: bool = False) -> bool:
        """Take the lock; without `blocking`, False at once when another process holds it."""
        if self._fd is not None:
            return False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return False
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
