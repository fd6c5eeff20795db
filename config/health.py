"""/healthz, /readyz and /metrics, answered in front of Django (docs/operations.md, "Health,
readiness and metrics").

They are an ASGI layer around the site, not Django views: no middleware, session, CSRF or
host check, and above all not Django's one thread for sync code. At the opening that thread
queues behind joins and chat writes; a liveness check waiting there would make a busy
process look dead to the load balancer. Every answer is built here, and any failure is a
503 in the site's one error shape (docs/api.md), never a 500.

- /healthz: the process answers (no database, no Redis).
- /readyz: the database answers `SELECT 1` and, when REDIS_URL is set, Redis answers PING,
  each within PROBE_TIMEOUT; 503 names the part that failed.
- /metrics: Prometheus text of this process (live/metrics.py), only to 127.0.0.1 or to
  `Authorization: Bearer <METRICS_TOKEN>`; the probes run first, so each scrape has fresh
  database and Redis latency.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from typing import Any

from django.conf import settings
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from live.metrics import SYNC_THREAD_WAIT, observe_probe

logger = logging.getLogger(__name__)

PROBE_TIMEOUT = 2.0
PATHS = ("/healthz", "/readyz", "/metrics")
LOOPBACK = {"127.0.0.1", "::1"}


def _database_round_trip() -> None:
    from django.db import connection

    # Its own worker thread and connection (closed after), so that the probe measures the
    # database, not the queue of Django's sync thread.
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


async def _probe_database() -> None:
    await asyncio.to_thread(_database_round_trip)


async def _probe_redis(url: str) -> None:
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(url, socket_connect_timeout=PROBE_TIMEOUT, socket_timeout=PROBE_TIMEOUT)
    try:
        await client.ping()
    finally:
        await client.aclose()


async def _timed(part: str, probe) -> str | None:
    """None when `part` answered in time, else what went wrong (logged, never raised)."""
    started = time.perf_counter()
    try:
        await asyncio.wait_for(probe, timeout=PROBE_TIMEOUT)
    except TimeoutError:
        problem = f"no answer within {PROBE_TIMEOUT:g} s"
    except Exception as error:
        problem = f"{type(error).__name__}: {error}".strip()
    else:
        observe_probe(part, True, time.perf_counter() - started)
        return None
    observe_probe(part, False, 0.0)
    logger.warning("readiness: %s unreachable: %s", part, problem)
    return problem


async def _measure_sync_thread_wait() -> None:
    """The task-queue depth, as time: every database_sync_to_async of the sockets runs on one
    thread, so a no-op sent there waits for all that is queued before it."""
    from asgiref.sync import sync_to_async

    started = time.perf_counter()
    try:
        await asyncio.wait_for(sync_to_async(time.perf_counter, thread_sensitive=True)(), timeout=PROBE_TIMEOUT)
    except TimeoutError:
        SYNC_THREAD_WAIT.set(PROBE_TIMEOUT)
        return
    SYNC_THREAD_WAIT.set(time.perf_counter() - started)


async def readiness() -> dict[str, str]:
    """{part: problem} for each part that failed; {} when ready."""
    parts: dict[str, Any] = {"database": _probe_database()}
    redis_url = getattr(settings, "REDIS_URL", "")
    if redis_url:
        parts["redis"] = _probe_redis(redis_url)
    results = await asyncio.gather(*(_timed(part, probe) for part, probe in parts.items()))
    return {part: problem for part, problem in zip(parts, results, strict=True) if problem is not None}


def _error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return body


def _metrics_allowed(scope: dict[str, Any]) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    if token:
        headers = dict(scope.get("headers") or [])
        sent = headers.get(b"authorization", b"").decode("latin-1")
        if sent.lower().startswith("bearer ") and hmac.compare_digest(sent[7:].strip(), token):
            return True
    client = scope.get("client") or ("", 0)
    return client[0] in LOOPBACK


async def answer(scope: dict[str, Any]) -> tuple[int, str, bytes]:
    """(status, content type, body) for one of PATHS."""
    path = scope["path"]
    if scope.get("method") not in ("GET", "HEAD"):
        body = _error_body("method_not_allowed", "Method not allowed.")
        return 405, "application/json", json.dumps(body).encode()
    if path == "/healthz":
        return 200, "application/json", b'{"status": "ok"}'
    if path == "/metrics" and not _metrics_allowed(scope):
        body = _error_body("forbidden", "Metrics are served to 127.0.0.1 or with the METRICS_TOKEN bearer.")
        return 403, "application/json", json.dumps(body).encode()
    failing = await readiness()
    if path == "/metrics":
        await _measure_sync_thread_wait()
        return 200, CONTENT_TYPE_LATEST, generate_latest(REGISTRY)
    if not failing:
        return 200, "application/json", b'{"status": "ready"}'
    message = "Not ready: " + "; ".join(f"{part} unreachable ({problem})" for part, problem in failing.items())
    body = _error_body("not_ready", message, {part: [problem] for part, problem in failing.items()})
    return 503, "application/json", json.dumps(body, ensure_ascii=False).encode()


class HealthEndpoints:
    """ASGI middleware: PATHS answered here, everything else passed to `app`."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("path") not in PATHS:
            await self.app(scope, receive, send)
            return
        try:
            status, content_type, body = await answer(scope)
        except Exception:
            logger.exception("%s failed", scope.get("path"))
            status, content_type = 503, "application/json"
            body = json.dumps(_error_body("server_error", "The check itself failed; it has been logged.")).encode()
        headers = [(b"content-type", content_type.encode()), (b"cache-control", b"no-store")]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope.get("method") == "HEAD" else body})
