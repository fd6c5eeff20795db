"""Delivering frames to the sockets in a room.

A frame is encoded to text once, here, and every consumer in the group sends that text
as it is. Sequenced frames carry their `seq` beside the text so that a consumer can drop
the ones it already replayed to a joining client without decoding them.
"""

from __future__ import annotations

import json
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def room_group(room_id: int) -> str:
    return f"room.{room_id}"


def moderators_group(room_id: int) -> str:
    return f"room.{room_id}.mods"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def encode(frame: dict[str, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


async def apublish(group: str, frame: dict[str, Any], *, seq: int = 0, room_id: int = 0, remove_room: int = 0) -> None:
    message: dict[str, Any] = {"type": "live.frame", "text": encode(frame), "seq": seq, "room_id": room_id}
    if remove_room:
        message["remove_room"] = remove_room
    await get_channel_layer().group_send(group, message)


def publish_on_commit(
    group: str, frame: dict[str, Any], *, seq: int = 0, room_id: int = 0, remove_room: int = 0
) -> None:
    """From sync service code: send once the transaction that stored the change commits,
    so that nobody hears of a change that could still roll back."""

    def send() -> None:
        async_to_sync(apublish)(group, frame, seq=seq, room_id=room_id, remove_room=remove_room)

    transaction.on_commit(send)
