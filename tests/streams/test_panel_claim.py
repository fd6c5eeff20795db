"""The stage's panel claim (streams.panel_claim): of processes whose speakers start at once,
exactly one holds the stage, the others follow it; a dead claimant is replaced by exactly one."""

from __future__ import annotations

import asyncio

from django.core.cache import cache

from streams import panel_claim

ROOM = 7
TTL = 15


def alive_nodes(*nodes: str):
    async def alive(node: str) -> bool:
        return node in nodes

    return alive


async def test_of_speakers_starting_at_once_one_process_holds_the_stage():
    nodes = ["a", "b", "c", "d"]
    holders = await asyncio.gather(*(panel_claim.claim(ROOM, n, TTL, alive_nodes(*nodes)) for n in nodes))
    assert len(set(holders)) == 1 and holders[0] in nodes, holders
    # Later speakers follow the claim, wherever their sockets are.
    assert await panel_claim.claim(ROOM, "e", TTL, alive_nodes(*nodes, "e")) == holders[0]
    # Another stage is claimed on its own.
    assert await panel_claim.claim(ROOM + 1, "e", TTL, alive_nodes(*nodes, "e")) == "e"


async def test_a_dead_claimant_is_replaced_by_exactly_one_process():
    assert await panel_claim.claim(ROOM, "dead", TTL, alive_nodes("dead")) == "dead"
    survivors = ["b", "c", "d"]
    holders = await asyncio.gather(*(panel_claim.claim(ROOM, n, TTL, alive_nodes(*survivors)) for n in survivors))
    assert len(set(holders)) == 1 and holders[0] in survivors, holders
    assert await cache.aget(panel_claim.claim_key(ROOM)) == holders[0]
    # A newcomer follows the heir, not the dead claimant.
    assert await panel_claim.claim(ROOM, "e", TTL, alive_nodes(*survivors, "e")) == holders[0]


async def test_a_claim_is_refreshed_only_by_its_holder():
    await panel_claim.claim(ROOM, "a", TTL, alive_nodes("a", "b"))
    await panel_claim.refresh(ROOM, "b", TTL)  # a split panel's other node leaves the claim alone
    assert await cache.aget(panel_claim.claim_key(ROOM)) == "a"
    await cache.adelete(panel_claim.claim_key(ROOM))  # expired: nobody refreshed it
    await panel_claim.refresh(ROOM, "b", TTL)  # a node holding speakers takes the free stage
    assert await cache.aget(panel_claim.claim_key(ROOM)) == "b"
