"""Checks every post (chat message, question) passes: ban, mute, lock, word filter, slow mode."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from live.errors import LiveError
from live.models import ChatMessage, Room, RoomBan
from live.permissions import muted_until, roles_in_room
from live.protocol import ErrorCode


def check_can_post(room: Room, user, text: str, *, slow_mode: bool) -> frozenset[str]:
    if not user.is_authenticated:
        raise LiveError(ErrorCode.AUTH_REQUIRED, "Guests cannot post; log in first.")
    roles = roles_in_room(room, user)
    if "moderator" in roles:
        return roles
    if RoomBan.objects.filter(room=room, user=user).exists():
        raise LiveError(ErrorCode.BANNED, "You are banned from this room.")
    until = muted_until(room, user.pk)
    if until is not None:
        raise LiveError(ErrorCode.MUTED, "You are muted in this room.", until=until.isoformat())
    if room.locked:
        raise LiveError(ErrorCode.LOCKED, "The room is locked; only moderators can post.")
    lowered = text.lower()
    for word in room.blocked_word_list() + [w.lower() for w in settings.LIVE["WORD_FILTER"]]:
        if word in lowered:
            raise LiveError(ErrorCode.WORD_FILTERED, "The message contains a word this room does not allow.")
    if slow_mode and room.slow_mode_seconds and not roles:
        since = timezone.now() - timedelta(seconds=room.slow_mode_seconds)
        last = (
            ChatMessage.objects.filter(room=room, author=user, created_at__gt=since)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if last is not None:
            wait = room.slow_mode_seconds - (timezone.now() - last).total_seconds()
            raise LiveError(
                ErrorCode.SLOW_MODE,
                f"Slow mode is on: one message every {room.slow_mode_seconds} s.",
                retry_after=max(1, math.ceil(wait)),
            )
    return roles
