"""What this process tells Prometheus (docs/operations.md, "Metrics"): sockets, rooms, joins,
deliveries, lagging and closed sockets, error frames by code, and the latency of the database
and Redis as the readiness probe measures it.

Every Daphne process serves its own /metrics (config/health.py) from prometheus-client's
default registry: Prometheus scrapes each process and sums, so no multiprocess mode is needed.
The counters are bumped at a few central places (live/consumers.py, live/broadcast.py); a
delivery is counted once per message with its number of recipients, so fan-out stays a loop
of writes. Apps add gauges of their own through `register_gauge` (streams: stage viewers),
read at scrape time, so live never imports them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from prometheus_client import REGISTRY, Counter, Gauge, Histogram, disable_created_metrics
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

# No `_created` series beside each counter: nothing on the dashboard reads them.
disable_created_metrics()

SOCKETS_OPEN = Gauge("pavilion_sockets_open", "WebSockets open on this process.")
ROOMS_JOINED = Gauge("pavilion_rooms_joined", "Room memberships of this process's sockets (a socket in 3 rooms: 3).")
JOINS = Counter("pavilion_joins", "Rooms joined (room.join answered with an ack).")
MESSAGES = Counter("pavilion_messages", "Messages the hub handed to this process's sockets (one per topic message).")
DELIVERIES = Counter("pavilion_deliveries", "Frames handed to sockets: each message times its recipients.")
LAGGED = Counter("pavilion_sockets_lagged", "Times a socket fell too far behind in a room (room.lagged sent).")
CLOSED = Counter("pavilion_sockets_closed", "WebSockets closed, by WebSocket close code.", ["code"])
ERRORS = Counter("pavilion_errors", "Error frames sent to clients, by protocol error code.", ["code"])
SYNC_THREAD_WAIT = Gauge(
    "pavilion_sync_thread_wait_seconds",
    "How long a no-op waited for Django's one thread for sync code (the ORM's queue), at the last scrape.",
)
DEPENDENCY_UP = Gauge("pavilion_dependency_up", "1 when the last probe reached it, else 0.", ["part"])
DEPENDENCY_LATENCY = Gauge(
    "pavilion_dependency_latency_seconds", "Round trip of the last probe (SELECT 1, Redis PING).", ["part"]
)
DEPENDENCY_LATENCY_HISTOGRAM = Histogram(
    "pavilion_dependency_probe_seconds",
    "Round trips of the readiness probes.",
    ["part"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)


def observe_probe(part: str, ok: bool, seconds: float) -> None:
    """A readiness probe's result (config/health.py), for the dashboard's latency panels."""
    DEPENDENCY_UP.labels(part).set(1 if ok else 0)
    if ok:
        DEPENDENCY_LATENCY.labels(part).set(seconds)
        DEPENDENCY_LATENCY_HISTOGRAM.labels(part).observe(seconds)


def delivered(recipients: int) -> None:
    """One message handed to `recipients` sockets (live.broadcast.Hub.dispatch)."""
    MESSAGES.inc()
    DELIVERIES.inc(recipients)


def close_code_label(code: object) -> str:
    # Close codes are integers 1000–4999; anything else (None from a dropped TCP connection)
    # is one label, so that a client cannot make up label values.
    return str(code) if isinstance(code, int) and 1000 <= code <= 4999 else "none"


class CallbackGauges(Collector):
    """Gauges whose value an app computes at scrape time."""

    def __init__(self) -> None:
        self.gauges: dict[str, tuple[str, str | None, Callable[[], object]]] = {}

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for name, (documentation, label, callback) in sorted(self.gauges.items()):
            try:
                value = callback()
            except Exception:
                # A broken app gauge must not cost the operator every other metric.
                logger.exception("metrics: gauge %s failed", name)
                continue
            if label is None:
                yield GaugeMetricFamily(name, documentation, value=float(value))
                continue
            family = GaugeMetricFamily(name, documentation, labels=[label])
            for label_value, number in sorted(dict(value).items()):
                family.add_metric([str(label_value)], float(number))
            yield family


_callback_gauges = CallbackGauges()
REGISTRY.register(_callback_gauges)


def register_gauge(name: str, documentation: str, callback: Callable[[], object], label: str | None = None) -> None:
    """An app's gauge, read at every scrape: `callback()` returns a number, or with `label` a
    {label value: number} mapping (e.g. viewers by room). Registering a name again replaces it."""
    _callback_gauges.gauges[name] = (documentation, label, callback)
