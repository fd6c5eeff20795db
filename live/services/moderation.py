"""Moderator actions: each one is recorded in the audit log, over the socket or in the admin."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from live import selectors
from live.errors import LiveError
from live.fanout import publish_on_commit, user_topic
from live.models import Room, RoomBan, RoomMute
from live.permissions import is_room_moderator
from live.protocol import ErrorCode, ModNoticeFrame, RoomRemovedFrame
from live.services.events import append_event, record_action


def require_moderator(room: Room, user) -> None:
    if not is_room_moderator(room, user):
        raise LiveError(ErrorCode.FORBIDDEN, "Only moderators of this room can do that.")


def _target(room: Room, actor, user_id: int):
    from accounts.models import User

    target = User.objects.filter(pk=user_id).first()
    if target is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No user {user_id}.")
    if target.pk == actor.pk:
        raise LiveError(ErrorCode.INVALID_STATE, "Moderators cannot moderate themselves.")
    if is_room_moderator(room, target):
        raise LiveError(ErrorCode.FORBIDDEN, "Moderators cannot be muted or banned.")
    return target


def _notice(room: Room, user_id: int, action: str, until=None, reason: str = "") -> None:
    until_text = until.isoformat() if until else None
    frame = ModNoticeFrame.build(room=room.slug, action=action, reason=reason, until=until_text)
    publish_on_commit(user_topic(user_id), frame)


@transaction.atomic
def mute_user(*, room: Room, actor, user_id: int, minutes: int, reason: str = "") -> RoomMute:
    require_moderator(room, actor)
    target = _target(room, actor, user_id)
    until = timezone.now() + timedelta(minutes=minutes)
    mute, _ = RoomMute.objects.update_or_create(room=room, user=target, defaults={"until": until, "reason": reason})
    record_action(room, actor, "mod.mute", target.pk, minutes=minutes, reason=reason)
    _notice(room, target.pk, "muted", until, reason)
    return mute


def _require_user(user_id: int) -> None:
    from accounts.models import User

    # The audit log names the target: an unknown id is not_found, not a foreign-key error.
    if not User.objects.filter(pk=user_id).exists():
        raise LiveError(ErrorCode.NOT_FOUND, f"No user {user_id}.")


@transaction.atomic
def unmute_user(*, room: Room, actor, user_id: int) -> None:
    require_moderator(room, actor)
    _require_user(user_id)
    RoomMute.objects.filter(room=room, user_id=user_id).delete()
    record_action(room, actor, "mod.unmute", user_id)
    _notice(room, user_id, "unmuted")


@transaction.atomic
def ban_user(*, room: Room, actor, user_id: int, reason: str = "") -> RoomBan:
    require_moderator(room, actor)
    target = _target(room, actor, user_id)
    ban, _ = RoomBan.objects.update_or_create(room=room, user=target, defaults={"reason": reason})
    record_action(room, actor, "mod.ban", target.pk, reason=reason)
    # Every connection of the banned person leaves the room at once.
    frame = RoomRemovedFrame.build(room=room.slug, reason=reason or "banned by a moderator")
    publish_on_commit(user_topic(target.pk), frame, remove_room=room.pk)
    return ban


@transaction.atomic
def unban_user(*, room: Room, actor, user_id: int) -> None:
    require_moderator(room, actor)
    _require_user(user_id)
    RoomBan.objects.filter(room=room, user_id=user_id).delete()
    record_action(room, actor, "mod.unban", user_id)


SETTING_FIELDS = ("slow_mode_seconds", "locked", "qa_moderated", "allow_guests", "blocked_words", "name")


@transaction.atomic
def update_room_settings(*, room: Room, actor, **changes) -> Room:
    """Change room settings (slow mode, lock, word filter, …) and tell the room."""
    require_moderator(room, actor)
    unknown = set(changes) - set(SETTING_FIELDS)
    if unknown:
        raise ValueError(f"not room settings: {sorted(unknown)}")
    room = Room.objects.select_for_update().get(pk=room.pk)
    for field, value in changes.items():
        setattr(room, field, value)
    room.full_clean()
    room.save(update_fields=list(changes))
    for field, value in changes.items():
        record_action(room, actor, f"room.{field}", value=value)
    append_event(room, "room.updated", lambda seq: {"settings": selectors.room_settings(room)})
    return room
