"""Reads for many callers in one trip to the database: the join storm's per-person reads.

In the opening minute thousands of people join the same room within seconds, and each join
needs a few rows of its own: the token or session behind the socket, the person's roles,
ban, mute and pending questions in the room. Read one by one, that is five or six queries per
join, queued on a few read threads. A `BatchedRead` gathers the keys of every caller that
arrives while its reads are busy and reads them all with one query per table
(`WHERE … IN (…)`), the way GraphQL's DataLoader does, so that a storm costs queries per batch
rather than per person.

Nothing is cached: a caller's key always goes into a read that starts after the call (never
into one already in flight), so an answer is never older than the question, and a right
removed a moment before a join is seen by that join.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from live.dbread import read_async

logger = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BatchedRead(Generic[K, V]):
    """`await batch.load(key)`: the value `read_many` gives for `key`, read together with the
    keys of the other callers of the moment.

    `read_many(keys) -> {key: value}` is sync (it queries) and runs on the read threads
    (live.dbread); a key it leaves out gets `missing`; an exception it raises is raised to
    every caller of that read. At most `concurrency` reads run at once and each takes at most
    `max_batch` keys: the first callers of a quiet moment are read alone, at once, and the
    callers who arrive while those reads run are read together next.
    """

    def __init__(
        self,
        read_many: Callable[[list[K]], dict[K, V]],
        *,
        missing: V,
        concurrency: int = 2,
        max_batch: int = 200,
    ) -> None:
        self.read_many = read_many
        self.missing = missing
        self.concurrency = concurrency
        self.max_batch = max_batch
        self._waiting: dict[K, list[asyncio.Future]] = {}
        self._running: set[asyncio.Task] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        # Reads run and keys read, for tests and benchmarks: keys / reads is the batch size.
        self.reads = 0
        self.keys_read = 0

    async def load(self, key: K) -> V:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # A new event loop (each test has its own): what the old one left is gone with it.
            self._loop, self._waiting, self._running = loop, {}, set()
        future = loop.create_future()
        # Retrieved even when the caller has gone (its socket closed): no "never retrieved".
        future.add_done_callback(lambda done: done.cancelled() or done.exception())
        self._waiting.setdefault(key, []).append(future)
        self._start()
        # Shielded: a socket closed mid-join must not cancel the read the others wait for.
        return await asyncio.shield(future)

    def _start(self) -> None:
        while self._waiting and len(self._running) < self.concurrency:
            keys = list(self._waiting)[: self.max_batch]
            callers = {key: self._waiting.pop(key) for key in keys}
            read = asyncio.ensure_future(self._read(callers))
            self._running.add(read)
            read.add_done_callback(self._finished)

    def _finished(self, read: asyncio.Task) -> None:
        self._running.discard(read)
        if not read.cancelled():
            read.exception()  # none: _read hands its errors to its callers
        self._start()

    async def _read(self, callers: dict[K, list[asyncio.Future]]) -> None:
        try:
            self.reads += 1
            self.keys_read += len(callers)
            values = await read_async(self.read_many)(list(callers))
        except asyncio.CancelledError:
            for futures in callers.values():
                for future in futures:
                    future.cancel()
            raise
        except Exception as error:
            for futures in callers.values():
                for future in futures:
                    if not future.done():
                        future.set_exception(error)
        else:
            for key, futures in callers.items():
                value = values.get(key, self.missing)
                for future in futures:
                    if not future.done():
                        future.set_result(value)
