"""After a message-bus outage: send each socket the room events it missed, from the database."""

from __future__ import annotations

import logging

from channels.db import database_sync_to_async

from live.broadcast import hub
from live.fanout import encode_data
from live.models import RoomEvent

logger = logging.getLogger(__name__)
REPLAY_MAX_EVENTS = 10_000


def _events_after(room_id: int, after_seq: int) -> list[tuple[int, str]]:
    rows = RoomEvent.objects.filter(room_id=room_id, seq__gt=after_seq).order_by("seq")
    return [(seq, encode_data(data)) for seq, data in rows.values_list("seq", "data")[:REPLAY_MAX_EVENTS]]


async def replay_missed() -> None:
    """Once per room (not per socket): read what was missed since the oldest socket's
    position, then give each socket the events past its own position it has not had."""
    by_room: dict[int, list] = {}
    for topic, subscribers in list(hub.topics.items()):
        if not topic.startswith("room:"):
            continue
        room_id = int(topic.split(":", 1)[1])
        for subscriber in subscribers:
            joined = getattr(subscriber, "rooms_by_id", {}).get(room_id)
            if joined is not None and joined.replay_from is not None:
                by_room.setdefault(room_id, []).append((subscriber, joined))
    for room_id, entries in by_room.items():
        start = min(joined.replay_from for _, joined in entries)
        try:
            events = await database_sync_to_async(_events_after)(room_id, start)
        except Exception:
            logger.exception("replay of room %s failed", room_id)
            continue
        for subscriber, joined in entries:
            seen = joined.seen_while_replaying or set()
            for seq, text in events:
                if seq > joined.replay_from and seq not in seen:
                    try:
                        await subscriber.send(text_data=text)
                    except Exception:
                        break
                    joined.last_seq = max(joined.last_seq, seq)
            joined.replay_from = None
            joined.seen_while_replaying = None


hub.on_recovered = replay_missed
