"""A fleet on one machine, for the end-to-end test and benchmarks/bench_fleet.py: replicas as
real `xbbot serve --webhook` processes, a round-robin load balancer in front of them, and
"Telegram" posting updates to it and retrying failed deliveries as Telegram does."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HOOK_PATH = "/tg/hook"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ReplicaProcess:
    """One `xbbot serve --webhook … --listen 127.0.0.1 --port P` subprocess."""

    def __init__(self, name: str, env: dict[str, str], public_url: str, log_dir: Path) -> None:
        self.name = name
        self.port = free_port()
        self.env = env
        self.public_url = public_url
        self.log_path = log_dir / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "xbbot.cli", "serve", "--webhook", self.public_url,
             "--listen", "127.0.0.1", "--port", str(self.port)],
            env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()

    async def wait_healthy(self, timeout: float = 180.0) -> dict[str, Any]:
        """Poll /healthz until 200 (the model and the index load first); its JSON."""
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as http:
            while True:
                if self.proc is not None and self.proc.poll() is not None:
                    raise AssertionError(f"replica {self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
                try:
                    async with http.get(self.url + "/healthz") as r:
                        if r.status == 200:
                            return dict(await r.json())
                except aiohttp.ClientError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(f"replica {self.name} not healthy after {timeout}s:\n{self.log_tail()}")
                await asyncio.sleep(0.2)

    async def health(self) -> tuple[int, dict[str, Any]]:
        async with aiohttp.ClientSession() as http:
            async with http.get(self.url + "/healthz") as r:
                return r.status, dict(await r.json())

    async def metrics(self) -> str:
        async with aiohttp.ClientSession() as http:
            async with http.get(self.url + "/metrics") as r:
                return await r.text()

    def kill(self) -> None:
        """SIGKILL: no cleanup, no goodbye, as a crashed machine."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self, timeout: float = 60.0) -> None:
        """SIGTERM, as an orderly restart does; updates in flight finish first."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""


@dataclass
class Forwarded:
    """One POST the load balancer passed on."""

    update_id: int
    backend: str
    status: int | None  # None: the connection failed or broke mid-request


@dataclass
class LoadBalancer:
    """Round-robin over the replicas, as nginx with `proxy_next_upstream error` does: a replica
    that refuses the connection is skipped; one that breaks mid-request answers 502."""

    backends: list[ReplicaProcess]
    log: list[Forwarded] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._next = itertools.count()
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{HOOK_PATH}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post(HOOK_PATH, self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))

    async def stop(self) -> None:
        if self._http is not None:
            await self._http.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._http is not None
        body = await request.read()
        update_id = int(json.loads(body).get("update_id", -1))
        headers = {k: v for k, v in request.headers.items() if k.lower() in (SECRET_HEADER.lower(), "content-type")}
        for _ in range(len(self.backends)):
            backend = self.backends[next(self._next) % len(self.backends)]
            try:
                async with self._http.post(backend.url + HOOK_PATH, data=body, headers=headers) as r:
                    await r.read()
                    self.log.append(Forwarded(update_id, backend.name, r.status))
                    return web.Response(status=r.status)
            except aiohttp.ClientConnectorError:
                self.log.append(Forwarded(update_id, backend.name, None))
                continue  # refused: never reached the replica, try the next
            except (aiohttp.ClientError, asyncio.TimeoutError):
                self.log.append(Forwarded(update_id, backend.name, None))
                return web.Response(status=502)  # broke mid-request: Telegram retries
        return web.Response(status=502)


@dataclass
class Telegram:
    """Delivers updates to the webhook URL; a delivery that is not 2xx is retried (with a
    shorter back-off than Telegram's, to keep the test short)."""

    url: str
    secret: str
    statuses: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._http: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> "Telegram":
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._http is not None:
            await self._http.close()

    async def deliver(self, update: dict[str, Any], attempts: int = 100, backoff: float = 0.2) -> int:
        """POST until acknowledged; the number of attempts it took."""
        assert self._http is not None
        seen = self.statuses.setdefault(update["update_id"], [])
        for attempt in range(1, attempts + 1):
            try:
                async with self._http.post(self.url, json=update, headers={SECRET_HEADER: self.secret}) as r:
                    seen.append(r.status)
                    if r.status < 300:
                        return attempt
            except (aiohttp.ClientError, asyncio.TimeoutError):
                seen.append(0)
            await asyncio.sleep(backoff)
        raise AssertionError(f"update {update['update_id']} never acknowledged: {seen}")


def replica_env(*, api_base_url: str, token: str, database_url: str, index_dir: Path, knowledge_dir: Path,
                secret: str, state_dir: Path, admin_id: int, rate_limit: int,
                watch_seconds: float = 0.5) -> dict[str, str]:
    """The environment every replica of a test fleet shares."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XBBOT_", "TELEGRAM_"))}
    env.update({
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": api_base_url,
        "XBBOT_DATABASE_URL": database_url,
        "XBBOT_INDEX_DIR": str(index_dir),
        "XBBOT_KNOWLEDGE_DIR": str(knowledge_dir),
        "XBBOT_WEBHOOK_SECRET": secret,
        "XBBOT_FEEDBACK_DB": str(state_dir / "feedback.sqlite3"),
        "XBBOT_ADMIN_IDS": str(admin_id),
        "XBBOT_RATE_LIMIT": str(rate_limit),
        "XBBOT_INDEX_WATCH_SECONDS": str(watch_seconds),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    })
    return env


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on 127.0.0.1 for the benchmark (the tests use conftest's
    `postgres` fixture): initdb as an unprivileged user, pg_ctl start, `stop()` removes it."""

    def __init__(self) -> None:
        import pwd
        import secrets
        import shutil
        import tempfile

        found = shutil.which("initdb")
        bindir = Path(found).parent if found else sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self._bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="xbbot-bench-pg-"))
        self._prefix: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            name = next((n for n in ("postgres", "xbbot-pg") if _has_user(pwd, n)), None)
            if name is None:
                subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                                "xbbot-pg"], check=True, capture_output=True)
                name = "xbbot-pg"
            shutil.chown(self.root, name)
            self._prefix = ["runuser", "-u", name, "--"]
        self.password = secrets.token_urlsafe(12)
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if self._prefix:
            shutil.chown(pwfile, self._prefix[2])
        self.port = free_port()
        self._data = self.root / "data"
        subprocess.run(self._prefix + [str(bindir / "initdb"), "-D", str(self._data), "-U", "xbbot",
                                       f"--pwfile={pwfile}", "-A", "scram-sha-256", "-E", "UTF8", "--no-locale",
                                       "--no-sync"], check=True, capture_output=True)
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c max_connections=300")
        subprocess.run(self._prefix + [str(bindir / "pg_ctl"), "-D", str(self._data), "-o", options,
                                       "-l", str(self.root / "server.log"), "-w", "start"], check=True,
                       capture_output=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://xbbot:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        import shutil

        subprocess.run(self._prefix + [str(self._bindir / "pg_ctl"), "-D", str(self._data), "-m", "immediate",
                                       "-w", "stop"], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


def _has_user(pwd: Any, name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False
