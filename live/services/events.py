"""The per-room event log: gap-free sequence numbers, stored before anyone hears of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F

from live import protocol
from live.fanout import publish_on_commit, room_topic
from live.models import ModerationAction, Room, RoomEvent


def append_event(room: Room, event_type: str, build: Callable[[int], dict[str, Any]]) -> dict[str, Any]:
    """Take the room's next seq, store the event, publish it after commit. The event is
    built from its registered model (live.protocol.SERVER_FRAMES[event_type]); returns
    its data, as stored and sent.

    Must run inside a transaction: the UPDATE holds the room row's lock until commit, so
    two writers (two processes on PostgreSQL) get consecutive numbers, and a rolled-back
    writer gives its number back; there are no gaps and no duplicates.
    """
    assert transaction.get_connection().in_atomic_block, "append_event needs a transaction"
    Room.objects.filter(pk=room.pk).update(last_seq=F("last_seq") + 1)
    seq = Room.objects.filter(pk=room.pk).values_list("last_seq", flat=True).get()
    room.last_seq = seq
    model = protocol.SERVER_FRAMES[event_type]
    frame = model.build(type=event_type, room=room.slug, seq=seq, **build(seq))
    data = protocol.frame_data(frame)
    RoomEvent.objects.create(room=room, seq=seq, type=event_type, data=data)
    publish_on_commit(room_topic(room.pk), frame, seq=seq, room_id=room.pk)
    return data


def withdraw_from_events(room: Room, events, rewrite: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
    """Rewrite stored copies of something withdrawn (a deleted message, a dismissed question)
    so that history, resume and replay serve `rewrite(data)` instead: the event keeps its seq
    (resume stays gap-free) but no longer carries the text or who wrote it. Call it in the
    transaction that withdraws the thing, so no reader sees one without the other."""
    assert transaction.get_connection().in_atomic_block, "withdraw_from_events needs a transaction"
    changed = 0
    for event in RoomEvent.objects.select_for_update().filter(room=room).filter(events):
        event.data = rewrite(event.data)
        event.save(update_fields=["data"])
        changed += 1
    return changed


def record_action(room: Room, actor, action: str, target_user_id: int | None = None, **details: Any) -> None:
    ModerationAction.objects.create(
        room=room, actor=actor, action=action, target_user_id=target_user_id, details=details
    )
