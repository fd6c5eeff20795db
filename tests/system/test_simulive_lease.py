"""The simulive lease (streams.simulive_lease) on a real Redis: one holder per stage, renewed by
it, released (only by it), taken over once it expired; a Redis outage; the embedded fallback."""

from __future__ import annotations

import asyncio

import pytest

from streams.simulive_lease import Leases, lease_key

pytestmark = [pytest.mark.system]


async def test_one_process_holds_a_stage_until_it_releases_it(redis_server):
    first, second = Leases("node-a", redis_server.url), Leases("node-b", redis_server.url)
    try:
        assert await first.acquire(7) is True
        assert await second.acquire(7) is False
        assert await first.acquire(7) is True  # renewed by its holder
        assert await second.acquire(8) is True  # another stage, another holder
        assert await first.holder(7) == "node-a" and await second.holder(8) == "node-b"
        await second.release(7)  # not its lease: nothing happens
        assert await first.holder(7) == "node-a"
        await first.release(7)
        assert await first.holder(7) is None and 7 not in first.held
        assert await second.acquire(7) is True
        assert await first.acquire(7) is False
    finally:
        await first.close()
        await second.close()


async def test_an_expired_lease_goes_to_another_process(redis_server, settings):
    settings.SIMULIVE = {**settings.SIMULIVE, "LEASE_SECONDS": 0.5}
    holder, other = Leases("node-a", redis_server.url), Leases("node-b", redis_server.url)
    try:
        assert await holder.acquire(3) is True
        assert await other.acquire(3) is False
        # The holder stops renewing (it died): the key expires, the other takes it.
        for _ in range(200):
            if await other.holder(3) is None:
                break
            await asyncio.sleep(0.05)
        assert await other.acquire(3) is True
        # The old holder, back, finds it taken: it no longer holds it (it stops playing).
        assert await holder.acquire(3) is False and 3 not in holder.held
        await holder.release(3)  # must not delete the new holder's lease
        assert await other.holder(3) == "node-b"
    finally:
        await holder.close()
        await other.close()


async def test_a_holder_keeps_its_stage_while_redis_is_down(redis_server):
    holder, other = Leases("node-a", redis_server.url), Leases("node-b", redis_server.url)
    try:
        assert await holder.acquire(5) is True
        redis_server.stop()
        assert await holder.acquire(5) is True  # nobody can take it over meanwhile
        assert await other.acquire(5) is False
        redis_server.start()  # empty (no persistence): the holder's next pass takes it again
        assert await holder.acquire(5) is True
        assert await other.acquire(5) is False
    finally:
        await holder.close()
        await other.close()


async def test_without_redis_the_process_holds_its_own_stages():
    leases = Leases("solo", "")
    assert await leases.acquire(1) is True and await leases.holder(1) == "solo"
    await leases.release(1)
    assert await leases.holder(1) is None
    assert lease_key(1) == "simulive:lease:1"
