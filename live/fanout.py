"""Publishing frames to rooms, moderators and people: encoded once, sent after commit."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction

from live.broadcast import envelope, hub, moderators_topic, room_topic, user_topic
from live.protocol import ServerFrame, frame_data

__all__ = ["apublish", "encode", "moderators_topic", "publish_on_commit", "room_topic", "user_topic"]


def encode(frame: ServerFrame) -> str:
    """A frame built from its model (live.protocol), as the JSON text sent."""
    if not isinstance(frame, ServerFrame):
        raise TypeError(f"build frames from their model (live.protocol), not {type(frame).__name__}")
    return encode_data(frame_data(frame))


def encode_data(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


async def apublish(topic: str, frame: ServerFrame, *, seq: int = 0, room_id: int = 0, remove_room: int = 0) -> None:
    await hub.publish(topic, envelope(encode(frame), seq=seq, room_id=room_id, remove_room=remove_room))


def publish_on_commit(topic: str, frame: ServerFrame, *, seq: int = 0, room_id: int = 0, remove_room: int = 0) -> None:
    """From sync service code: send once the transaction that stored the change commits,
    so that nobody hears of a change that could still roll back."""
    data = envelope(encode(frame), seq=seq, room_id=room_id, remove_room=remove_room)
    transaction.on_commit(lambda: hub.publish_from_thread(topic, data))
