"""Presence entries in Redis are written in batches: a join storm does not cost one round trip
per person, and every entry is there (with its TTL) when the join goes on."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis.asyncio as aioredis

from live.presence import Member, Presence


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A redis-server of this test's own (the in-process tests run without REDIS_URL)."""
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.kill()
        server.wait()


async def test_a_join_storm_shares_round_trips_and_every_entry_is_written(redis_url, settings):
    settings.REDIS_URL = redis_url
    presence = Presence()
    client = aioredis.Redis.from_url(redis_url)
    room_id = 7
    key = presence._key(room_id, presence.process_id)
    try:
        people = [Member(None if i % 2 else i, f"p{i}", i % 10 == 0) for i in range(200)]
        await asyncio.gather(*(presence.add(room_id, "opening", f"c{i}", m) for i, m in enumerate(people)))
        # Every add returned after its entry was stored, and they shared a few pipelines.
        assert await client.hlen(key) == 200
        assert await client.hlen(key + ":staff") == 20
        assert 0 < await client.ttl(key) <= settings.LIVE["PRESENCE_TTL_SECONDS"]
        assert 0 < await client.ttl(key + ":staff")
        assert await client.zscore(presence._procs_key(room_id), presence.process_id) is not None
        assert presence.write_round_trips <= 5

        # Leaves, and a socket that leaves and comes back in the same moment: order is kept.
        before = presence.write_round_trips
        leaving = [presence.remove(room_id, f"c{i}") for i in range(100)]
        await asyncio.gather(*leaving, presence.add(room_id, "opening", "c0", people[0]))
        entries = {name.decode() for name in await client.hkeys(key)}
        assert entries == {"c0", *(f"c{i}" for i in range(100, 200))}
        assert {name.decode() for name in await client.hkeys(key + ":staff")} == {
            "c0",
            *(f"c{i}" for i in range(100, 200, 10)),
        }
        assert presence.write_round_trips - before <= 5
        # The local view agrees with Redis.
        assert set(presence.local[room_id]) == entries
    finally:
        await presence.reset()
        await client.aclose()


async def test_a_write_waits_out_a_cancelled_joiner(redis_url, settings):
    """A socket that closes while its join waits for Redis does not cancel the others' write."""
    settings.REDIS_URL = redis_url
    presence = Presence()
    client = aioredis.Redis.from_url(redis_url)
    try:
        first = asyncio.ensure_future(presence.add(1, "r", "gone", Member(None, "", False)))
        others = [presence.add(1, "r", f"c{i}", Member(None, "", False)) for i in range(5)]
        second = asyncio.ensure_future(asyncio.gather(*others))
        await asyncio.sleep(0)
        first.cancel()
        await second
        names = {name.decode() for name in await client.hkeys(presence._key(1, presence.process_id))}
        assert {f"c{i}" for i in range(5)} <= names
    finally:
        await presence.reset()
        await client.aclose()


async def test_joins_of_the_same_moment_share_one_presence_read_and_each_sees_itself(redis_url, settings):
    settings.REDIS_URL = redis_url
    presence = Presence()
    room_id = 8

    async def join(i: int) -> dict:
        await presence.add(room_id, "opening", f"c{i}", Member(i, f"p{i:03}", False))
        return await presence.snapshot(room_id)

    try:
        # 50 people (a small room: the snapshot has the roster), all joining at once.
        answers = await asyncio.gather(*(join(i) for i in range(50)))
        # Each join's answer counts that person: no one is shown a room without themselves.
        for i, answer in enumerate(answers):
            assert i in {entry["id"] for entry in answer["roster"]}
            assert answer["count"] >= 1
        # And they shared the reads: far fewer than one per join.
        assert presence.snapshot_reads <= 10
        # A join after the storm reads again (its own entry is newer than any read).
        reads = presence.snapshot_reads
        late = await join(99)
        assert presence.snapshot_reads == reads + 1
        assert late["count"] == 51
    finally:
        await presence.reset()
