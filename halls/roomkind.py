"""The "booth" room kind: members of the booth's organisation are its staff, which is
what the live presence counts as `staff_online` ("staff are online now"). Its hooks turn
room activity into booth statistics (visits) and leads (chat conversations)."""

from __future__ import annotations

from accounts.models import OrganisationMembership
from halls.leads.services import record_chat_lead
from halls.models import Booth, BoothVisit
from halls.services import record_visit_end, record_visit_start
from live.registry import RoomKind, only_explicit_moderators


def booth_roles(room, user) -> set[str]:
    if not (user.is_authenticated and user.is_active):
        return set()
    if OrganisationMembership.objects.filter(user=user, organisation__booths__room=room).exists():
        return {"staff"}
    return set()


def visit_started(room_id: int, user, connection_id: str) -> int | None:
    booth = Booth.objects.filter(room_id=room_id).first()
    if booth is None or booth_roles(booth.room, user):
        return None  # staff in their own booth are not visitors
    return record_visit_start(booth=booth, user=user, session_key=connection_id).pk


def visit_ended(room_id: int, user, connection_id: str, visit_id: int | None) -> None:
    visit = BoothVisit.objects.filter(pk=visit_id).first() if visit_id else None
    if visit is not None:
        record_visit_end(visit=visit)


def chat_message(room_id: int, user, text: str) -> None:
    booth = Booth.objects.filter(room_id=room_id).first()
    if booth is not None:
        record_chat_lead(booth=booth, visitor=user, text=text)


# Booths are many and run by their exhibitors: the console lists a booth only to the people
# who hold a moderator role there explicitly (organizers still moderate it when they open it).
BOOTH = RoomKind(
    "booth",
    "Booth",
    roles_for=booth_roles,
    on_join=visit_started,
    on_leave=visit_ended,
    on_message=chat_message,
    moderated_rooms=only_explicit_moderators,
)
