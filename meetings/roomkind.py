"""Each meeting's own chat (room kind `meeting`, slug `meeting-<id>`): members only, its
participants only (private: not even organizers); it stays readable after the meeting.
Created with the meeting's first join."""

from __future__ import annotations

from live.models import Room
from live.registry import RoomKind, only_explicit_moderators
from meetings.models import Meeting, Participant

KIND = "meeting"
SLUG_PREFIX = "meeting-"


def meeting_of(room: Room) -> int | None:
    suffix = room.slug.removeprefix(SLUG_PREFIX)
    return int(suffix) if room.kind == KIND and suffix.isdigit() else None


def meeting_roles(room: Room, user) -> set[str]:
    meeting_id = meeting_of(room)
    if meeting_id is None or not user.is_authenticated:
        return set()
    if (
        Participant.objects.filter(meeting_id=meeting_id, user=user)
        .exclude(response=Participant.Response.DECLINED)
        .exists()
    ):
        return {"member"}
    return set()


MEETING = RoomKind(
    KIND,
    "Meeting chat",
    roles_for=meeting_roles,
    members_only=True,
    # Participants only: organizers get no implicit moderator role (nor entry) here.
    private=True,
    moderated_rooms=only_explicit_moderators,
)


class RoomTaken(Exception):
    """The meeting's slug belongs to a room of another kind."""


def meeting_room(meeting: Meeting) -> Room:
    room, _ = Room.objects.get_or_create(
        slug=meeting.room_slug,
        defaults={"kind": KIND, "name": f"会议 / Meeting: {meeting.topic}"[:200], "allow_guests": False},
    )
    if room.kind != KIND:
        raise RoomTaken(room.slug)
    return room
