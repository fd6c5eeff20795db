"""Roles in stage rooms, for live.permissions (registered as the "stage" room kind)."""

from __future__ import annotations

from django.db.models import Q

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
    from streams.stage_grants import granted_roles

    return roles | granted_roles(session, user)  # apps above streams (streams/stage_grants.py)


def stage_roles_many(room, users: list) -> dict[int, set[str]]:
    """stage_roles for many logged-in people at once (a join storm, live.batching)."""
    roles: dict[int, set[str]] = {user.pk: set() for user in users}
    session = Session.objects.filter(room=room).only("pk", "event_id").first()
    if session is None:
        return roles
    ids = list(roles)
    for user_id in EventModerator.objects.filter(event_id=session.event_id, user_id__in=ids).values_list(
        "user_id", flat=True
    ):
        roles[user_id].add("moderator")
    for user_id in session.speakers.filter(user_id__in=ids).values_list("user_id", flat=True):
        roles[user_id].add("speaker")
    from streams.stage_grants import STAGE_GRANTS, granted_roles

    if STAGE_GRANTS:
        for user in users:
            roles[user.pk] |= granted_roles(session, user)
    return roles


def stages_moderated(user) -> Q:
    """The stages this person runs from the console: organizers every one, event moderators
    those of their events."""
    if user.is_staff:
        return Q()
    event_ids = list(EventModerator.objects.filter(user=user).values_list("event_id", flat=True))
    from streams.stage_grants import granted_rooms

    granted = granted_rooms(user)  # apps above streams (streams/stage_grants.py)
    return Q(session__event_id__in=event_ids) | granted if granted is not None else Q(session__event_id__in=event_ids)


STAGE = RoomKind(
    name="stage",
    label="Stage",
    roles_for=stage_roles,
    roles_for_many=stage_roles_many,
    moderated_rooms=stages_moderated,
)
