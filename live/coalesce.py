"""Summaries pushed at most once per interval, however fast clicks arrive: live poll
results always, reaction and upvote counts in large rooms."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable

from channels.db import database_sync_to_async

from live import protocol, selectors
from live.fanout import apublish, room_topic
from live.models import Question, Room
from live.services.polls import poll_results

logger = logging.getLogger(__name__)
POLL_RESULTS_INTERVAL = protocol.SUMMARY_INTERVAL_SECONDS


class Coalescer:
    """Collect keys per group; flush each group once per interval with all its keys."""

    def __init__(self, flush: Callable[[Hashable, set], Awaitable[None]], interval: float) -> None:
        self.flush = flush
        self.interval = interval
        self._pending: dict[Hashable, set] = {}

    def mark(self, group: Hashable, key: Hashable = None) -> None:
        keys = self._pending.get(group)
        if keys is None:
            keys = self._pending[group] = set()
            asyncio.get_running_loop().call_later(self.interval, lambda: asyncio.ensure_future(self._flush(group)))
        keys.add(key)

    async def _flush(self, group: Hashable) -> None:
        keys = self._pending.pop(group, set())
        try:
            await self.flush(group, keys)
        except Exception:
            logger.exception("coalesced flush of %s failed", group)


async def _flush_poll(poll_id: int, _keys: set) -> None:
    room, poll = await database_sync_to_async(poll_results)(poll_id)
    await apublish(room_topic(room.pk), protocol.PollResultsFrame.build(room=room.slug, poll=poll))


def _reaction_summary(room_id: int, message_ids: set) -> tuple[str, dict]:
    counts = selectors.reaction_counts(list(message_ids))
    return Room.objects.get(pk=room_id).slug, {str(m): counts.get(m, {}) for m in message_ids}


async def _flush_reactions(room_id: int, message_ids: set) -> None:
    slug, reactions = await database_sync_to_async(_reaction_summary)(room_id, message_ids)
    await apublish(room_topic(room_id), protocol.ChatReactionsFrame.build(room=slug, reactions=reactions))


def _vote_summary(room_id: int, question_ids: set) -> tuple[str, dict]:
    votes = dict(Question.objects.filter(room_id=room_id, pk__in=question_ids).values_list("pk", "votes"))
    return Room.objects.get(pk=room_id).slug, {str(q): v for q, v in votes.items()}


async def _flush_votes(room_id: int, question_ids: set) -> None:
    slug, votes = await database_sync_to_async(_vote_summary)(room_id, question_ids)
    await apublish(room_topic(room_id), protocol.QaVotesFrame.build(room=slug, votes=votes))


poll_results_coalescer = Coalescer(_flush_poll, POLL_RESULTS_INTERVAL)
reaction_coalescer = Coalescer(_flush_reactions, protocol.SUMMARY_INTERVAL_SECONDS)
upvote_coalescer = Coalescer(_flush_votes, protocol.SUMMARY_INTERVAL_SECONDS)
