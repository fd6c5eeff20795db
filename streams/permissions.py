"""Roles in stage rooms, for live.permissions (registered as the "stage" room kind)."""

from __future__ import annotations

from live.registry import RoomKind
from streams.models import EventModerator, Session


def stage_roles(room, user) -> set[str]:
    """Event moderators moderate every stage of the event; linked speakers are speakers."""
    roles: set[str] = set()
    if not user.is_authenticated:
        return roles
    session = Session.objects.filter(room=room).only("pk", "event_id").first()
    if session is None:
        return roles
    if EventModerator.objects.filter(event_id=session.event_id, user=user).exists():
        roles.add("moderator")
    if session.speakers.filter(user=user).exists():
        roles.add("speaker")
    return roles


STAGE = RoomKind(name="stage", label="Stage", roles_for=stage_roles)
