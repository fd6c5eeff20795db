"""Who is in which room, and coalesced presence broadcasts.

Each process knows its own sockets (`local`). With REDIS_URL set, each process also
mirrors them into Redis, one hash per room and process with a TTL that a heartbeat
renews, so that the count is right across processes and a killed process's audience
disappears when its entries expire (no ghost audience). Entries are tied to a socket and
removed when it closes: Daphne notices a browser that vanished without a goodbye through
TCP close or its ping timeout.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from live import protocol
from live.fanout import apublish, room_topic
from live.protocol import PresenceFrame

logger = logging.getLogger(__name__)

BROADCAST_DELAY = 0.25
LARGE_ROOM_BROADCAST_DELAY = 2.0


def entry_ttl() -> int:
    return settings.LIVE["PRESENCE_TTL_SECONDS"]


def heartbeat_seconds() -> float:
    return max(0.5, entry_ttl() / 3)


@dataclass(frozen=True, slots=True)  # one per socket and room
class Member:
    user_id: int | None
    name: str
    staff: bool

    def to_json(self) -> str:
        # By hand: dataclasses.asdict (a deep copy) was 5 % of a join storm's CPU.
        return json.dumps({"user_id": self.user_id, "name": self.name, "staff": self.staff})


def summarize(members: list[Member], connections: int | None = None) -> dict[str, Any]:
    """Count people (a second tab is the same person; each guest counts once)."""
    people: dict[int, Member] = {m.user_id: m for m in members if m.user_id is not None}
    guests = sum(1 for m in members if m.user_id is None)
    count = len(people) + guests
    roster = None
    if count <= protocol.LARGE_ROOM_THRESHOLD:
        roster = [{"id": m.user_id, "name": m.name} for m in sorted(people.values(), key=lambda m: m.name)]
    return {"count": count, "staff_online": sum(1 for m in people.values() if m.staff), "roster": roster}


class Presence:
    def __init__(self) -> None:
        self.local: dict[int, dict[str, Member]] = {}
        self.slugs: dict[int, str] = {}
        self._pending: set[int] = set()
        self._last_sent: dict[int, dict[str, Any]] = {}
        self.redis = None
        self.process_id = uuid.uuid4().hex[:12]
        self._heartbeat: asyncio.Task | None = None
        # Entry changes waiting for the next pipeline, and the future their callers wait on.
        self._batch: list[tuple[str, int, str, Member | None]] = []
        self._batch_done: asyncio.Future | None = None
        self._writer: asyncio.Task | None = None
        self.write_round_trips = 0  # pipelines of entry changes sent (what batching saves)
        # Shared snapshots: the read of a room's presence in flight, with the number of entry
        # batches this process had stored when it started (`_stored_batches`).
        self._stored_batches = 0
        self._reads: dict[int, tuple[int, asyncio.Future]] = {}
        self.snapshot_reads = 0  # reads of a room's presence from Redis (what sharing saves)

    def _redis(self):
        if self.redis is None and getattr(settings, "REDIS_URL", ""):
            import redis.asyncio as aioredis

            # Blocking pool: a join storm waits for connections rather than failing past the limit.
            pool = aioredis.BlockingConnectionPool.from_url(
                settings.REDIS_URL, max_connections=64, timeout=10, socket_connect_timeout=2, socket_timeout=5
            )
            self.redis = aioredis.Redis(connection_pool=pool)
        if self.redis is not None and (self._heartbeat is None or self._heartbeat.done()):
            self._heartbeat = asyncio.get_running_loop().create_task(self._beat())
        return self.redis

    @staticmethod
    def _key(room_id: int, process_id: str) -> str:
        return f"pv:presence:{room_id}:{process_id}"

    @staticmethod
    def _procs_key(room_id: int) -> str:
        return f"pv:presence:{room_id}:procs"

    async def add(self, room_id: int, slug: str, channel: str, member: Member) -> None:
        self.local.setdefault(room_id, {})[channel] = member
        self.slugs[room_id] = slug
        if self._redis() is not None:
            await self._write(("add", room_id, channel, member))
        self.changed(room_id)

    async def remove(self, room_id: int, channel: str) -> None:
        members = self.local.get(room_id)
        if members is not None:
            members.pop(channel, None)
            if not members:
                del self.local[room_id]
        if self._redis() is not None:
            await self._write(("remove", room_id, channel, None))
        self.changed(room_id)

    async def _write(self, op: tuple[str, int, str, Member | None]) -> None:
        """Queue one entry's change and wait until Redis has it. The changes of every join and
        leave of the same moment go in one pipeline (one round trip): in a join storm, all the
        joins that arrive while a write is on its way share the next one."""
        self._batch.append(op)
        if self._batch_done is None:
            self._batch_done = asyncio.get_running_loop().create_future()
        done = self._batch_done
        if self._writer is None or self._writer.done():
            # Started as a task, so it runs after the joins of this loop pass have queued.
            self._writer = asyncio.get_running_loop().create_task(self._write_batches())
        # Shielded: a socket closed mid-join must not cancel the others' write.
        await asyncio.shield(done)

    async def _write_batches(self) -> None:
        while self._batch:
            batch, done = self._batch, self._batch_done
            self._batch, self._batch_done = [], None
            try:
                await self._execute(batch)
            except Exception as error:
                logger.warning("presence write: %s", error)
            finally:
                self._stored_batches += 1
                if done is not None and not done.done():
                    done.set_result(None)

    async def _execute(self, batch: list[tuple[str, int, str, Member | None]]) -> None:
        """One pipeline for the batch, in its order (a socket that joins and leaves within
        it ends up absent); TTLs and this process's liveness once per room."""
        ttl = entry_ttl()
        rooms: set[int] = set()
        staff_rooms: set[int] = set()
        self.write_round_trips += 1
        async with self.redis.pipeline(transaction=False) as pipe:
            for kind, room_id, channel, member in batch:
                key = self._key(room_id, self.process_id)
                if kind == "add":
                    pipe.hset(key, channel, member.to_json())
                    if member.staff:
                        pipe.hset(key + ":staff", channel, 1)
                        staff_rooms.add(room_id)
                    rooms.add(room_id)
                else:
                    pipe.hdel(key, channel)
                    pipe.hdel(key + ":staff", channel)
            for room_id in staff_rooms:
                pipe.expire(self._key(room_id, self.process_id) + ":staff", ttl)
            for room_id in rooms:
                pipe.expire(self._key(room_id, self.process_id), ttl)
                pipe.zadd(self._procs_key(room_id), {self.process_id: time.time() + ttl})
                pipe.expire(self._procs_key(room_id), ttl)
            await pipe.execute()

    def audience(self, room_id: int) -> int:
        """A cheap estimate of the room's size: the last shared count or this process's own."""
        last = self._last_sent.get(room_id) or {}
        return max(last.get("count", 0), len(self.local.get(room_id, {})))

    def is_large(self, room_id: int) -> bool:
        return self.audience(room_id) > protocol.LARGE_ROOM_THRESHOLD

    async def snapshot(self, room_id: int) -> dict[str, Any]:
        client = self._redis()
        local = list(self.local.get(room_id, {}).values())
        if client is None:
            return summarize(local)
        last = self._last_sent.get(room_id)
        if last is not None and last["roster"] is None and room_id in self._pending:
            # A large room in a join storm: the count broadcast in a moment is fresher than
            # four round trips to Redis per join would make it.
            return last
        try:
            return await self._read_shared(client, room_id)
        except Exception as error:
            logger.warning("presence snapshot: %s", error)
            return self._last_sent.get(room_id) or summarize(local)

    async def people_in(self, room_id: int) -> set[int]:
        """Ids of the logged-in people with a socket in the room: this process's and, with
        Redis, every live process's (entries of dead processes have expired)."""
        people = {m.user_id for m in self.local.get(room_id, {}).values() if m.user_id is not None}
        client = self._redis()
        if client is None:
            return people
        try:
            processes = await client.zrangebyscore(self._procs_key(room_id), time.time(), "+inf")
            async with client.pipeline(transaction=False) as pipe:
                for process in processes:
                    pipe.hvals(self._key(room_id, process.decode()))
                values = await pipe.execute()
        except Exception as error:
            logger.warning("presence people_in: %s", error)
            return people
        for chunk in values:
            for value in chunk:
                user_id = json.loads(value).get("user_id")
                if user_id is not None:
                    people.add(user_id)
        return people

    async def _read_shared(self, client, room_id: int) -> dict[str, Any]:
        """The room's presence from Redis, one read for every caller of the same moment: in a
        join storm hundreds of joins want it at once. A caller shares a read in flight only
        if it started after every entry this process had stored when the caller asked (its
        own join's entry included), so nobody gets a snapshot older than their own join."""
        stored = self._stored_batches
        current = self._reads.get(room_id)
        if current is None or current[0] < stored or current[1].done():
            read = asyncio.ensure_future(self._shared_snapshot(client, room_id))
            current = (stored, read)
            self._reads[room_id] = current

            def forget(done: asyncio.Future, room_id: int = room_id) -> None:
                if self._reads.get(room_id, (0, None))[1] is done:
                    del self._reads[room_id]
                if not done.cancelled():
                    done.exception()  # retrieved: the callers log it

            read.add_done_callback(forget)
        # Shielded: a socket closed mid-join must not cancel the read the others wait for.
        return await asyncio.shield(current[1])

    async def _shared_snapshot(self, client, room_id: int) -> dict[str, Any]:
        self.snapshot_reads += 1
        procs_key = self._procs_key(room_id)
        await client.zremrangebyscore(procs_key, "-inf", time.time())
        processes = [p.decode() for p in await client.zrange(procs_key, 0, -1)]
        async with client.pipeline(transaction=False) as pipe:
            for process in processes:
                pipe.hlen(self._key(room_id, process))
            sizes = await pipe.execute()
        connections = sum(sizes)
        if connections > protocol.LARGE_ROOM_THRESHOLD * 3:
            # Large room: counts only (connections, not de-duplicated people), no roster.
            async with client.pipeline(transaction=False) as pipe:
                for process in processes:
                    pipe.hlen(self._key(room_id, process) + ":staff")
                staff = sum(await pipe.execute())
            return {"count": connections, "staff_online": staff, "roster": None}
        async with client.pipeline(transaction=False) as pipe:
            for process in processes:
                pipe.hvals(self._key(room_id, process))
            values = await pipe.execute()
        members = [Member(**json.loads(v)) for chunk in values for v in chunk]
        return summarize(members)

    def changed(self, room_id: int) -> None:
        """Coalesce: one broadcast per room per delay, however many joins and leaves."""
        if room_id in self._pending:
            return
        self._pending.add(room_id)
        delay = LARGE_ROOM_BROADCAST_DELAY if self.is_large(room_id) else BROADCAST_DELAY
        asyncio.get_running_loop().call_later(delay, lambda: asyncio.ensure_future(self._broadcast(room_id)))

    async def _broadcast(self, room_id: int) -> None:
        self._pending.discard(room_id)
        slug = self.slugs.get(room_id)
        if slug is None:
            return
        snapshot = await self.snapshot(room_id)
        self._last_sent[room_id] = snapshot
        await apublish(room_topic(room_id), PresenceFrame.build(room=slug, presence=snapshot))
        if room_id not in self.local:
            self.slugs.pop(room_id, None)
            self._last_sent.pop(room_id, None)

    async def _beat(self) -> None:
        """Renew this process's entries, and notice when another process's expired."""
        while True:
            await asyncio.sleep(heartbeat_seconds())
            for room_id, members in list(self.local.items()):
                try:
                    key = self._key(room_id, self.process_id)
                    async with self.redis.pipeline(transaction=False) as pipe:
                        pipe.delete(key, key + ":staff")
                        pipe.hset(key, mapping={c: m.to_json() for c, m in members.items()})
                        pipe.expire(key, entry_ttl())
                        staff = {c: 1 for c, m in members.items() if m.staff}
                        if staff:
                            pipe.hset(key + ":staff", mapping=staff)
                            pipe.expire(key + ":staff", entry_ttl())
                        pipe.zadd(self._procs_key(room_id), {self.process_id: time.time() + entry_ttl()})
                        pipe.expire(self._procs_key(room_id), entry_ttl())
                        await pipe.execute()
                    snapshot = await self._shared_snapshot(self.redis, room_id)
                except Exception as error:
                    logger.warning("presence heartbeat: %s", error)
                    continue
                if snapshot["count"] != (self._last_sent.get(room_id) or {}).get("count"):
                    self.changed(room_id)

    async def reset(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        if self._writer is not None:
            self._writer.cancel()
        if self._batch_done is not None and not self._batch_done.done():
            self._batch_done.set_result(None)
        if self.redis is not None:
            try:
                await self.redis.aclose(close_connection_pool=True)
            except Exception:
                pass
        self.__init__()


presence = Presence()
