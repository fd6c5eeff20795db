"""Which process holds a stage's panel: one claim per stage, taken atomically.

Speakers of one stage publish on one process (streams.sfu_cluster, `GATHER_SPEAKERS`): its HLS
run mixes every voice and its publisher limit counts the whole panel. Looking for a node that
already holds a speaker is not enough when two speakers start at the same moment on two
processes: each sees none and both publish where they are. So the first speaker's process
*claims* the stage (`sfu:panel:<room id>` = its node, written with the cache's `add`: SET NX
in Redis, so exactly one claim wins), and every later speaker publishes on the claimant.

- The claimant refreshes its claim at each heartbeat while it holds a speaker of the stage;
  a claim nobody refreshes expires with its node (`NODE_TTL`), so a process that lost its
  speakers lets the next speaker's process take the stage.
- A claimant that died (its `sfu:node:` key gone) is replaced through a second `add`, on a key
  named after the dead node: of the processes whose speakers publish again at once, exactly
  one takes over and the others follow it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from django.core.cache import cache

TAKEOVERS = 3  # dead claimants followed in a row before giving up (each needs its node key gone)


def claim_key(room_id: int) -> str:
    return f"sfu:panel:{room_id}"


async def claim(room_id: int, node: str, ttl: int, alive: Callable[[str], Awaitable[bool]]) -> str:
    """The node that holds the stage's panel: `node` when it has just claimed it (or held it
    already), another live node's id otherwise. `alive(node)` says whether a node is up."""
    key = claim_key(room_id)
    if await cache.aadd(key, node, ttl):
        return node
    holder = await cache.aget(key)
    for _ in range(TAKEOVERS):
        if holder is None:  # expired between the add and the read
            if await cache.aadd(key, node, ttl):
                return node
            holder = await cache.aget(key)
            continue
        if holder == node or await alive(holder):
            return holder or node
        # The claimant died: one process takes over its claim, the others follow that one.
        await cache.aadd(f"{key}:after:{holder}", node, ttl)
        heir = await cache.aget(f"{key}:after:{holder}")
        if heir == node:
            await cache.aset(key, node, ttl)
            return node
        holder = heir
    return node  # a chain of dead claimants: publish here rather than fail the speaker


async def refresh(room_id: int, node: str, ttl: int) -> None:
    """Keep this node's claim alive (heartbeat); claim a stage nobody holds. A claim held by
    another node (a panel split while gathering was off) is left alone."""
    key = claim_key(room_id)
    if not await cache.aadd(key, node, ttl) and await cache.aget(key) == node:
        await cache.atouch(key, ttl)
