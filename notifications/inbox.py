"""Each person's inbox room (kind `inbox`, slug `inbox-<user id>`): where their notifications
arrive live, in every tab they have open.

Only its owner may join: not guests, not other people, not even organizers (who moderate
every other room), since notifications are private. Every notification stored appends a
sequenced `notification.new` event in the same transaction, and every read a
`notification.read`, so a tab that was offline resumes with `since_seq` and misses nothing,
and marking read in one tab clears the bell in the others. Nobody posts there: the room is
locked and no one holds a moderator role in it.
"""

from __future__ import annotations

from django.db.models import Q

from live.models import Room
from live.registry import RoomKind

KIND = "inbox"
SLUG_PREFIX = "inbox-"


class InboxTaken(Exception):
    """The inbox slug belongs to a room of another kind (made by hand): notifications must
    never be written into a room that other people can read."""


def inbox_slug(user_id: int) -> str:
    return f"{SLUG_PREFIX}{user_id}"


def owner_of(room: Room) -> int | None:
    suffix = room.slug.removeprefix(SLUG_PREFIX)
    return int(suffix) if room.kind == KIND and suffix.isdigit() else None


def admits(room: Room, user) -> bool:
    return bool(user.is_authenticated and user.is_active and owner_of(room) == user.pk)


def owner_roles(room: Room, user) -> set[str]:
    return {"owner"} if admits(room, user) else set()


def nobody_moderates(user) -> Q:
    return Q(pk__in=[])


INBOX = RoomKind(
    KIND,
    "Notification inbox",
    roles_for=owner_roles,
    members_only=True,
    # Organizers get no implicit moderator role here (live.registry.RoomKind.private).
    private=True,
    moderated_rooms=nobody_moderates,
)


def inbox_room(user) -> Room:
    """The person's inbox, created on first use (idempotent)."""
    room, _ = Room.objects.get_or_create(
        slug=inbox_slug(user.pk),
        defaults={"kind": KIND, "name": f"inbox {user.pk}", "allow_guests": False, "locked": True},
    )
    if room.kind != KIND:
        raise InboxTaken(f"room {room.slug!r} is of kind {room.kind!r}, not {KIND!r}")
    return room
