"""A replica's HTTP server: Telegram's webhook POSTs, `/healthz` and `/metrics` on one port.

PTB's built-in webhook server queues an update and answers 200 at once, so an update in flight
dies with its replica. This one (after PTB's custom-webhook-server example, on aiohttp) answers
only once `Application.process_update` has handled the update, and claims each update_id in
the shared state store first, so a delivery is handled once across the fleet:

    200  handled now; handled before (a duplicate delivery); or failed for good (logged)
    403  missing or wrong X-Telegram-Bot-Api-Secret-Token: nothing is handled
    503  being handled by another replica, or the state database is unreachable: Telegram
         delivers it again later, to this replica or another
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Protocol, TypeVar

from aiohttp import web
from telegram import Update
from telegram.ext import Application, ContextTypes

from xbbot.errors import StoreUnavailable
from xbbot.live import live_build_name
from xbbot.metrics import CONTENT_TYPE
from xbbot.redaction import redact

if TYPE_CHECKING:
    from xbbot.bot import BotState

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram opens at most this many connections to the webhook (setWebhook's max_connections).
MAX_CONNECTIONS = 40
# On shutdown, updates in flight get this long to finish before they are cut off (Telegram
# then delivers them again elsewhere).
SHUTDOWN_GRACE = 30.0
MAX_BODY = 1 << 20

T = TypeVar("T")


class Claim(Protocol):
    """What StateStore.claim_update returns (see xbbot.store)."""

    state: str  # "claimed" (ours to handle), "handled" (answered before), "busy" (another replica)

    def mark_handled(self) -> None: ...

    def release(self) -> None: ...


@dataclass
class _Outcome:
    """How the update this request handles went; filled in by the error handler."""

    error: BaseException | None = None


# Set while a webhook request runs Application.process_update; the error handler runs inside it.
_outcome: ContextVar[_Outcome | None] = ContextVar("xbbot_webhook_outcome", default=None)


def redelivered_on(error: BaseException | None) -> bool:
    """Whether this failure makes the webhook answer 5xx, so Telegram delivers the update again
    (the bot should then not apologise: the user gets the answer on the next delivery)."""
    return _outcome.get() is not None and isinstance(error, StoreUnavailable)


async def record_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Error handler: remember that the update this request is handling failed, and how."""
    outcome = _outcome.get()
    if outcome is not None and outcome.error is None:
        outcome.error = context.error


class WebhookServer:
    """The aiohttp server of one replica; `start` listens, `stop` drains updates in flight."""

    def __init__(
        self,
        application: Application,
        state: "BotState",
        *,
        path: str,
        secret: str,
        listen: str,
        port: int,
        claim: Callable[[int], Claim],
        ping: Callable[[], object] | None = None,
    ) -> None:
        self.application = application
        self.state = state
        self.path = "/" + path.strip("/")
        self.secret = secret.encode()
        self.listen = listen
        self.port = port
        self.claim = claim
        self.ping = ping
        self.draining = False
        self._runner: web.AppRunner | None = None
        self._web = web.Application(client_max_size=MAX_BODY)
        self._web.add_routes([
            web.post(self.path, self._on_update),
            web.get("/healthz", self._on_healthz),
            web.get("/metrics", self._on_metrics),
        ])
        application.add_error_handler(record_error)

    # -- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on listen:port (port 0: any free port; see `bound_port`)."""
        self._runner = web.AppRunner(self._web, access_log=None, handle_signals=False,
                                     shutdown_timeout=SHUTDOWN_GRACE)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.listen, self.port).start()
        log.info("webhook server listening on %s:%s%s", self.listen, self.bound_port, self.path)

    @property
    def bound_port(self) -> int:
        assert self._runner is not None
        return int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Refuse new work (healthz turns 503), let handling updates finish, close the port."""
        self.draining = True
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- routes ----------------------------------------------------------------------------------

    async def _blocking(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.to_thread(fn, *args)

    async def _on_update(self, request: web.Request) -> web.Response:
        metrics = self.state.metrics
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), self.secret):
            metrics.update("forbidden")
            return web.Response(status=403)
        if self.draining:
            return web.Response(status=503)
        try:
            data = json.loads(await request.read())
            update = Update.de_json(data, self.application.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            log.warning("webhook: not an update (%s)", type(exc).__name__)
            return web.Response(status=400)
        if update is None:
            return web.Response(status=400)
        try:
            claim = await self._blocking(self.claim, update.update_id)
        except StoreUnavailable as exc:
            log.warning("update %s not claimed, Telegram will retry: %s", update.update_id, redact(str(exc)))
            metrics.update("retry")
            return web.Response(status=503)
        if claim.state == "handled":
            metrics.update("duplicate")
            return web.Response(status=200)
        if claim.state != "claimed":
            metrics.update("busy")  # another replica is on it; if it dies, the redelivery is ours
            return web.Response(status=503)
        return await self._handle(update, claim)

    async def _handle(self, update: Update, claim: Claim) -> web.Response:
        """Handle a claimed update; 200 once handled (or failed for good), 503 to have it redelivered."""
        metrics = self.state.metrics
        outcome = _Outcome()
        token = _outcome.set(outcome)
        try:
            await self.application.process_update(update)
        except asyncio.CancelledError:
            # Shutting down mid-update: let the redelivery be handled elsewhere.
            _settle(claim.release)
            raise
        except Exception as exc:  # PTB itself failed (handler errors go to the error handlers)
            outcome.error = outcome.error or exc
            log.error("update %s: %s", update.update_id, type(exc).__name__, exc_info=exc)
        finally:
            _outcome.reset(token)
        if isinstance(outcome.error, StoreUnavailable):
            await self._blocking(_settle, claim.release)
            metrics.update("retry")
            return web.Response(status=503)
        try:
            await self._blocking(claim.mark_handled)
        except Exception as exc:
            # Handled but not recorded: acknowledging it beats having it answered twice.
            log.warning("update %s handled but not recorded as handled: %s: %s", update.update_id,
                        type(exc).__name__, redact(str(exc)))
            await self._blocking(_settle, claim.release)
        metrics.update("failed" if outcome.error is not None else "handled")
        return web.Response(status=200)

    async def _on_healthz(self, request: web.Request) -> web.Response:
        live = self.state.live
        body: dict[str, Any] = {
            "build": live.build,
            "live_build": live_build_name(live.index_dir),
            "reload_failures": live.failures,
        }
        if live.last_failure is not None:
            body["reload_error"] = {"build": live.last_failure.build, "error": live.last_failure.error}
        problem = None
        if self.draining or not self.application.running:
            problem = "stopping" if self.draining else "not started"
        elif self.ping is not None:
            try:
                await self._blocking(self.ping)
            except StoreUnavailable as exc:
                problem = redact(str(exc))
        body["status"] = problem or "ok"
        return web.json_response(body, status=503 if problem else 200)

    async def _on_metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=self.state.metrics.render(), headers={"Content-Type": CONTENT_TYPE})


def _settle(fn: Callable[[], None]) -> None:
    """Release a claim; a database that is gone has dropped it already."""
    try:
        fn()
    except Exception as exc:
        log.debug("releasing a claim failed: %s", type(exc).__name__)
