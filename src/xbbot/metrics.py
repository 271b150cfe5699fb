"""What a replica counts, for Prometheus (`GET /metrics` on the webhook port).

Each application gets its own CollectorRegistry, so several bots in one process (the tests)
never share or double-register counters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

if TYPE_CHECKING:
    from xbbot.live import LiveIndex

CONTENT_TYPE = CONTENT_TYPE_LATEST
# Retrieval takes tens of milliseconds; a reply includes Telegram's round trips.
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


class Metrics:
    """The counters of one bot application."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.questions = Counter("xbbot_questions", "Questions by outcome: answered, or declined with the reason",
                                 ["outcome", "reason"], registry=r)
        self.latency = Histogram("xbbot_answer_seconds", "From a question's arrival to the reply being sent",
                                 buckets=LATENCY_BUCKETS, registry=r)
        self.votes = Counter("xbbot_feedback_votes", "👍/👎 on answers", ["vote"], registry=r)
        self.updates = Counter("xbbot_webhook_updates", "Webhook deliveries by result", ["result"], registry=r)
        self.deduplicated = Counter("xbbot_updates_deduplicated",
                                    "Deliveries not handled again: already handled, or being handled elsewhere",
                                    ["state"], registry=r)
        self.index_build = Info("xbbot_index_build", "The index build this replica serves", registry=r)
        self.index_behind = Gauge("xbbot_index_behind",
                                  "1 while the index directory's live build could not be loaded here", registry=r)
        self.reload_failures = Counter("xbbot_index_reload_failures", "Index builds this replica refused to serve",
                                       registry=r)
        self._failures_seen = 0

    def question(self, answered: bool, reason: str, seconds: float) -> None:
        """One question answered or declined (`reason` says why: low_confidence, out_of_scope…)."""
        self.questions.labels("answered" if answered else "declined", "" if answered else reason or "unknown").inc()
        self.latency.observe(seconds)

    def vote(self, vote: Literal[1, -1]) -> None:
        self.votes.labels("up" if vote > 0 else "down").inc()

    def update(self, result: str) -> None:
        """A webhook delivery's result: handled, failed (acknowledged), retry (5xx), duplicate, busy."""
        self.updates.labels(result).inc()
        if result in ("duplicate", "busy"):
            self.deduplicated.labels("handled" if result == "duplicate" else "busy").inc()

    def index_changed(self, live: "LiveIndex[Any]") -> None:
        """LiveIndex listener: the served build, whether the live one was refused, failures so far."""
        self.index_build.info({"build": live.build or ""})
        self.index_behind.set(1 if live.last_failure is not None else 0)
        if live.failures > self._failures_seen:
            self.reload_failures.inc(live.failures - self._failures_seen)
            self._failures_seen = live.failures

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)
