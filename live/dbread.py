"""Reads that must not queue behind writes: a small pool of threads of their own.

`database_sync_to_async` runs every call on Django's one thread for sync code, in order: in
a join storm the session and user lookups of thousands of cookies, the token checks and the
per-person part of each join answer wait behind every chat write. The calls here are reads
(and the tokens' last-use stamps, one UPDATE a second at most), safe on any thread, so they run on `READ_THREADS`
threads with a database connection each (closed like Channels' own when too old or broken).

`LIVE["READ_THREADS"] = 0` sends them back to the one thread (a fallback for a database that
takes one connection only).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from channels.db import DatabaseSyncToAsync, database_sync_to_async
from django.conf import settings

T = TypeVar("T")

_pool: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor | None:
    global _pool
    threads = int(settings.LIVE.get("READ_THREADS", 4))
    if threads <= 0:
        return None
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="live-read")
    return _pool


def read_async(func: Callable[..., T]) -> Callable[..., Any]:
    """`func` (sync, reading the database) as a coroutine function run on the read threads."""
    executor = _executor()
    if executor is None:
        return database_sync_to_async(func)
    return DatabaseSyncToAsync(func, thread_sensitive=False, executor=executor)


def close() -> None:
    """Close every read thread's database connection and stop the threads (the tests call it
    after each test, so that no connection outlives the test database)."""
    global _pool
    pool, _pool = _pool, None
    if pool is None:
        return
    import threading

    from django.db import connections

    threads = pool._max_workers
    # One task per thread: each waits at the barrier until all threads hold one, so every
    # thread (and so every connection) is reached once. As many tasks as the pool may have
    # threads, not as it has now: a thread still busy with a read when this is called (a
    # join whose socket closed) takes the last task once done, and closes its connection
    # too; the pool starts the missing threads for the others. (When the pool has idle
    # threads only, fewer than max_workers, the barrier waits out its timeout instead.)
    barrier = threading.Barrier(threads)

    def close_here() -> None:
        try:
            barrier.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass
        connections.close_all()

    for _ in range(threads):
        pool.submit(close_here)
    pool.shutdown(wait=True)
