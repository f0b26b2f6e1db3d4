"""What a process counts, for Prometheus (``/metrics``, prometheus-client).

Nothing here names a child, or anyone: labels are kinds and outcomes only. Alerts
open and escalated are read from the database when scraped, so every process
reports the same figures for them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Final

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REGISTRY: Final = CollectorRegistry(auto_describe=True)

UPDATES: Final = Counter(
    "myreview_updates_total",
    "Updates handled, by kind and outcome (handled, failed, duplicate).",
    ["kind", "outcome"],
    registry=REGISTRY,
)
HANDLING: Final = Histogram(
    "myreview_update_seconds",
    "Time to handle one update in the core (one transaction).",
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
    registry=REGISTRY,
)
REMINDERS: Final = Counter(
    "myreview_reminders_total",
    "Reminders and other notifications by kind and what the dispatcher did.",
    ["kind", "action"],
    registry=REGISTRY,
)
RATE_LIMITER_WAIT: Final = Histogram(
    "myreview_rate_limiter_wait_seconds",
    "How long each Bot API call waited in the rate limiter before it was sent.",
    buckets=(0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120),
    registry=REGISTRY,
)
RATE_LIMITED: Final = Counter(
    "myreview_rate_limited_total",
    "Times Telegram still said 'too many requests' after the rate limiter waited.",
    registry=REGISTRY,
)
LAST_PASS: Final = Gauge(
    "myreview_dispatcher_last_pass_timestamp_seconds",
    "When this process last finished a dispatcher pass (Unix time).",
    registry=REGISTRY,
)


def record_update(kind: str, outcome: str, seconds: float) -> None:
    UPDATES.labels(kind, outcome).inc()
    HANDLING.observe(seconds)


def record_pass(actions: list[tuple[str, str]]) -> None:
    """A dispatcher pass ended: what it did, by (kind, action)."""
    for kind, action in actions:
        REMINDERS.labels(kind, action).inc()
    LAST_PASS.set(time.time())


def last_pass_age() -> float | None:
    """Seconds since this process's last dispatcher pass, if it has made one."""
    value = LAST_PASS._value.get()  # prometheus-client has no public getter
    return time.time() - value if value else None


class AlertsCollector(Collector):
    """Open and escalated safeguarding alerts, counted at scrape time."""

    def __init__(self, count: Callable[[], tuple[int, int]]) -> None:
        self.count = count

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            open_, escalated = self.count()
        except Exception:  # the database is away: /readyz says so; no figure is a lie
            return
        yield GaugeMetricFamily(
            "myreview_alerts_open", "Safeguarding alerts nobody has acknowledged.", open_
        )
        yield GaugeMetricFamily(
            "myreview_alerts_escalated_open", "Of those, alerts escalated to managers.", escalated
        )


def exposition() -> bytes:
    return generate_latest(REGISTRY)
