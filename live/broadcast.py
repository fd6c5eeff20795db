"""Fan-out of room frames: one subscription per topic per process, encoded once.

Channels' `group_send` costs one channel-layer message per member (and channels-redis drops
silently past capacity). Here a process subscribes once to each room it has sockets in
(Redis pub/sub when REDIS_URL is set, a direct call otherwise) and hands the one encoded
text to each local socket. The work per recipient is a comparison and a write.

Topics: `room:<id>` (everyone in a room), `mods:<id>` (its moderators), `user:<id>` (one
person's connections). Envelopes are `"<seq>:<room_id>:<remove_room>:<text>"`; a
`remove_room` of RECHECK_ACCESS (on a user topic) tells that person's sockets to re-evaluate
their rooms (live.access).

When Redis goes away the hub says so to every local socket (`server.status`), keeps
retrying, and once back it re-subscribes and replays from the database what each socket
missed, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import Protocol

from django.conf import settings

from live import metrics
from live.backlog import OutgoingText

logger = logging.getLogger(__name__)

PREFIX = "pv:"


# In an envelope's remove_room: not a room, "this person's rights changed" (live.access).
RECHECK_ACCESS = -1


def room_topic(room_id: int) -> str:
    return f"room:{room_id}"


def moderators_topic(room_id: int) -> str:
    return f"mods:{room_id}"


def user_topic(user_id: int) -> str:
    return f"user:{user_id}"


def envelope(text: str, *, seq: int = 0, room_id: int = 0, remove_room: int = 0) -> str:
    return f"{seq}:{room_id}:{remove_room}:{text}"


def open_envelope(data: str) -> tuple[int, int, int, str]:
    seq, room_id, remove_room, text = data.split(":", 3)
    return int(seq), int(room_id), int(remove_room), text


class Subscriber(Protocol):
    async def deliver(self, seq: int, room_id: int, remove_room: int, frame: OutgoingText) -> None: ...

    async def server_status(self, status: str, message: str) -> None: ...


class Hub:
    """This process's subscriptions and the sockets behind each topic."""

    def __init__(self) -> None:
        self.topics: dict[str, set[Subscriber]] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.backend: Backend | None = None
        self.status = "ok"
        # Called after an outage with the rooms this process serves, to replay what was missed.
        self.on_recovered: Callable[[], Awaitable[None]] | None = None

    def _ensure_backend(self) -> Backend:
        if self.backend is None:
            self.loop = asyncio.get_running_loop()
            redis_url = getattr(settings, "REDIS_URL", "")
            self.backend = RedisBackend(self, redis_url) if redis_url else LocalBackend(self)
        return self.backend

    async def subscribe(self, topic: str, subscriber: Subscriber) -> None:
        backend = self._ensure_backend()
        members = self.topics.setdefault(topic, set())
        first = not members
        members.add(subscriber)
        if first:
            await backend.subscribe(topic)
        else:
            # Another subscriber's SUBSCRIBE may still be on its way: until Redis confirms it,
            # what is published may not reach this process, and a join must not read before.
            await backend.confirmed(topic)

    async def unsubscribe(self, topic: str, subscriber: Subscriber) -> None:
        members = self.topics.get(topic)
        if not members or subscriber not in members:
            return
        members.discard(subscriber)
        if not members:
            del self.topics[topic]
            await self._ensure_backend().unsubscribe(topic)

    async def dispatch(self, topic: str, data: str) -> None:
        members = self.topics.get(topic)
        if not members:
            return
        seq, room_id, remove_room, text = open_envelope(data)
        frame = OutgoingText(text)
        sockets = 0
        for subscriber in list(members):
            # The process's own watchers (live.snapshots.RoomWatch) get the frame too, but are
            # not sockets: the delivery figure counts sockets only.
            sockets += not getattr(subscriber, "internal", False)
            try:
                await subscriber.deliver(seq, room_id, remove_room, frame)
            except Exception:
                logger.exception("delivering to a socket failed")
        # Once per message, not per recipient: fan-out stays a loop of writes.
        metrics.delivered(sockets)

    async def publish(self, topic: str, data: str) -> None:
        await self._ensure_backend().publish(topic, data)

    def publish_from_thread(self, topic: str, data: str) -> None:
        """From sync code (services in a worker thread, the admin, commands)."""
        backend = self.backend
        if backend is None:
            redis_url = getattr(settings, "REDIS_URL", "")
            if not redis_url:
                return  # No socket in this process has joined anything: nobody to tell.
            backend = RedisBackend(self, redis_url)
            self.backend = backend
        backend.publish_from_thread(topic, data)

    async def set_status(self, status: str, message: str) -> None:
        if status == self.status:
            return
        self.status = status
        subscribers = {s for members in self.topics.values() for s in members}
        for subscriber in subscribers:
            try:
                await subscriber.server_status(status, message)
            except Exception:
                logger.exception("status to a socket failed")
        if status == "ok" and self.on_recovered is not None:
            await self.on_recovered()

    async def reset(self) -> None:
        """Drop every subscription (tests; a process that shuts down)."""
        if self.backend is not None:
            await self.backend.close()
        on_recovered = self.on_recovered
        self.__init__()
        self.on_recovered = on_recovered


class Backend(Protocol):
    async def subscribe(self, topic: str) -> None: ...
    async def confirmed(self, topic: str) -> None: ...
    async def unsubscribe(self, topic: str) -> None: ...
    async def publish(self, topic: str, data: str) -> None: ...
    def publish_from_thread(self, topic: str, data: str) -> None: ...
    async def close(self) -> None: ...


class LocalBackend:
    """One process: publishing is dispatching."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    async def subscribe(self, topic: str) -> None:
        return None

    async def confirmed(self, topic: str) -> None:
        return None

    async def unsubscribe(self, topic: str) -> None:
        return None

    async def publish(self, topic: str, data: str) -> None:
        await self.hub.dispatch(topic, data)

    def publish_from_thread(self, topic: str, data: str) -> None:
        loop = self.hub.loop
        if loop is None or loop.is_closed():
            return
        future = asyncio.run_coroutine_threadsafe(self.hub.dispatch(topic, data), loop)
        if threading.current_thread() is not threading.main_thread():
            # Wait, so that a frame published before an ack is sent before that ack.
            future.result(timeout=10)

    async def close(self) -> None:
        return None


class RedisBackend:
    """Redis pub/sub: each process subscribes once per topic it has sockets for."""

    RETRY_MAX = 5.0

    def __init__(self, hub: Hub, url: str) -> None:
        import redis
        import redis.asyncio as aioredis

        self.hub = hub
        self.url = url
        self.sync_client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        # A blocking pool: under a join storm, callers wait for a connection instead of failing
        # (redis-py's default pool raises past its limit).
        pool = aioredis.BlockingConnectionPool.from_url(
            url, max_connections=64, timeout=10, socket_connect_timeout=2, health_check_interval=5
        )
        self.client = aioredis.Redis(connection_pool=pool)
        self.pubsub = self.client.pubsub()
        self.subscribed: set[str] = set()
        # Redis confirms a SUBSCRIBE on the connection; a join waits for it, so that nothing
        # published after the join reads its state can slip past the subscription.
        self.confirmations: dict[str, asyncio.Future] = {}
        self.reader: asyncio.Task | None = None
        self.closing = False

    def _ensure_reader(self) -> None:
        if self.reader is None or self.reader.done():
            self.reader = asyncio.get_running_loop().create_task(self._read())

    async def subscribe(self, topic: str) -> None:
        self.subscribed.add(topic)
        self._ensure_reader()
        if self.hub.status != "ok":
            return
        confirmed = self.confirmations.setdefault(topic, asyncio.get_running_loop().create_future())
        try:
            await self.pubsub.subscribe(PREFIX + topic)
            await asyncio.wait_for(asyncio.shield(confirmed), timeout=2)
        except TimeoutError:
            logger.warning("no confirmation of the subscription to %s", topic)
        except Exception as error:
            await self._outage(error)
        finally:
            self.confirmations.pop(topic, None)

    async def confirmed(self, topic: str) -> None:
        pending = self.confirmations.get(topic)
        if pending is not None and not pending.done():
            try:
                await asyncio.wait_for(asyncio.shield(pending), timeout=2)
            except TimeoutError:
                pass

    async def unsubscribe(self, topic: str) -> None:
        self.subscribed.discard(topic)
        if self.hub.status == "ok":
            try:
                await self.pubsub.unsubscribe(PREFIX + topic)
            except Exception as error:
                await self._outage(error)

    async def publish(self, topic: str, data: str) -> None:
        try:
            await self.client.publish(PREFIX + topic, data)
        except Exception as error:
            # The change is stored; sockets get it when Redis is back (replay from the database).
            logger.warning("publish to %s failed: %s", topic, error)

    def publish_from_thread(self, topic: str, data: str) -> None:
        try:
            self.sync_client.publish(PREFIX + topic, data)
        except Exception as error:
            logger.warning("publish to %s failed: %s", topic, error)

    async def _outage(self, error: Exception) -> None:
        if self.hub.status == "ok":
            logger.warning("Redis unavailable: %s", error)
            await self.hub.set_status("degraded", "Live updates are paused: reconnecting to the message bus.")

    async def _read(self) -> None:
        delay = 0.2
        while not self.closing:
            try:
                if self.hub.status != "ok":
                    await self._resubscribe()
                    delay = 0.2
                    await self.hub.set_status("ok", "Live updates are back.")
                if not self.pubsub.subscribed:
                    await asyncio.sleep(0.05)
                    continue
                message = await self.pubsub.get_message(timeout=1.0)
                if message is None:
                    continue
                topic = message["channel"].decode()[len(PREFIX) :]
                if message["type"] == "message":
                    await self.hub.dispatch(topic, message["data"].decode())
                elif message["type"] == "subscribe":
                    confirmed = self.confirmations.get(topic)
                    if confirmed is not None and not confirmed.done():
                        confirmed.set_result(True)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                await self._outage(error)
                await asyncio.sleep(delay)
                delay = min(self.RETRY_MAX, delay * 2)

    async def _resubscribe(self) -> None:
        try:
            await self.pubsub.aclose()
        except Exception:
            pass
        self.pubsub = self.client.pubsub()
        await self.client.ping()
        if self.subscribed:
            await self.pubsub.subscribe(*(PREFIX + t for t in self.subscribed))

    async def close(self) -> None:
        self.closing = True
        if self.reader is not None:
            self.reader.cancel()
        try:
            await self.pubsub.aclose()
            await self.client.aclose(close_connection_pool=True)
        except Exception:
            pass
        self.sync_client.close()


hub = Hub()
