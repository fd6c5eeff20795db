"""Which process plays a simulive stage (docs/streams.md, "Simulive", "In a cluster").

Every Daphne process follows the simulive stages (streams.simulive_runtime), but a stage's
video must be published once for the cluster, not once per process: the process that
plays it holds the stage's *lease*, a Redis key `simulive:lease:<room_id>` whose value is
the process's node id (streams.sfu_cluster.NODE) and which expires `LEASE_SECONDS` after
its last renewal. The holder renews it at each pass of its runtime (every 2 s); a process
that does not hold it tries to take it at each pass, so when the holder dies (its key
expires) another process takes the stage over, at the live position (computed from the
session's start, stored in the database, not from when a process started).

Take-or-renew and release are Lua scripts: atomic, so two processes never both hold it,
and a process never deletes a lease another one took after its own expired.

Without Redis (the embedded default, one process) the lease is this process's own: it
always holds it (the runtime's asyncio lock serialises its passes).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_LEASE_SECONDS = 10.0

# KEYS[1] the lease, ARGV[1] this node, ARGV[2] its lifetime in ms: 1 if held (taken or renewed).
TAKE_OR_RENEW = """
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"""
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


def lease_seconds() -> float:
    return float(getattr(settings, "SIMULIVE", {}).get("LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def lease_key(room_id: int) -> str:
    return f"simulive:lease:{room_id}"


class Leases:
    """This process's simulive leases (one per stage it plays)."""

    def __init__(self, owner: str, redis_url: str | None = None) -> None:
        self.owner = owner
        self.redis_url = redis_url
        self.client: Any = None
        self.client_loop: Any = None
        self.held: set[int] = set()

    def _redis(self) -> Any:
        url = self.redis_url if self.redis_url is not None else getattr(settings, "REDIS_URL", "")
        if not url:
            return None
        loop = asyncio.get_running_loop()
        if self.client is None or self.client_loop is not loop:
            import redis.asyncio as aioredis

            # A client per event loop (a server has one; tests run one per test).
            self.client = aioredis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
            self.client_loop = loop
        return self.client

    async def acquire(self, room_id: int) -> bool:
        """Take the stage's lease, or renew it if this process holds it: whether it does now.
        Redis unreachable: a holder keeps it (nobody can take it over meanwhile; its
        viewers keep watching), others do not get it."""
        client = self._redis()
        if client is None:
            self.held.add(room_id)
            return True
        try:
            taken = await client.eval(TAKE_OR_RENEW, 1, lease_key(room_id), self.owner, int(lease_seconds() * 1000))
        except Exception as error:
            logger.warning("simulive: the lease of room %s could not be renewed: %s", room_id, error)
            return room_id in self.held
        if taken:
            if room_id not in self.held:
                logger.info("simulive: this process (%s) holds room %s", self.owner, room_id)
            self.held.add(room_id)
        elif room_id in self.held:
            self.held.discard(room_id)
            logger.warning("simulive: room %s's lease went to another process", room_id)
        return bool(taken)

    async def release(self, room_id: int) -> None:
        """Give the lease up (the video stopped here), so another process may take it at once."""
        self.held.discard(room_id)
        client = self._redis()
        if client is None:
            return
        try:
            await client.eval(RELEASE, 1, lease_key(room_id), self.owner)
        except Exception as error:
            logger.warning("simulive: releasing the lease of room %s failed: %s", room_id, error)

    async def holder(self, room_id: int) -> str | None:
        """The node id of the process holding the stage (None: nobody plays it)."""
        client = self._redis()
        if client is None:
            return self.owner if room_id in self.held else None
        value = await client.get(lease_key(room_id))
        return value.decode() if isinstance(value, bytes) else value

    async def close(self) -> None:
        if self.client is not None:
            client, self.client = self.client, None
            try:
                await client.aclose()
            except Exception:  # a client bound to a loop that is gone (tests)
                logger.debug("simulive: closing the lease client failed", exc_info=True)
