"""The "booth" room kind: members of the booth's organisation are its staff, which is
what the live presence counts as `staff_online` ("staff are online now"). Its hooks turn
room activity into booth statistics (visits) and leads (chat conversations)."""

from __future__ import annotations

import hashlib
from importlib import import_module

from django.conf import settings

from accounts.models import OrganisationMembership
from halls.leads.services import record_chat_lead, withdraw_chat_text
from halls.models import Booth, BoothVisit
from halls.services import record_visit_end, record_visit_start
from live.registry import RoomKind, only_explicit_moderators


def booth_roles(room, user) -> set[str]:
    if not (user.is_authenticated and user.is_active):
        return set()
    if OrganisationMembership.objects.filter(user=user, organisation__booths__room=room).exists():
        return {"staff"}
    return set()


def guest_visitor_key(session_key: str) -> str:
    """How a guest is told apart in the statistics: their browser session, if the server
    issued it (the booth page does), stored as a digest (a session key is a credential)."""
    if not session_key or not import_module(settings.SESSION_ENGINE).SessionStore().exists(session_key):
        return ""
    return "s:" + hashlib.sha256(session_key.encode()).hexdigest()[:40]


def visit_started(room_id: int, user, connection_id: str, guest_session: str = "") -> int | None:
    booth = Booth.objects.filter(room_id=room_id).first()
    if booth is None or booth_roles(booth.room, user):
        return None  # staff in their own booth are not visitors
    if user.is_authenticated:
        return record_visit_start(booth=booth, user=user).pk
    # A guest socket without a session of ours (a script; no cookie) is no visitor we can tell
    # apart from the next one it opens: not counted (issue 11: 30 sockets were 30 visitors).
    key = guest_visitor_key(guest_session)
    return record_visit_start(booth=booth, session_key=key).pk if key else None


def visit_ended(room_id: int, user, connection_id: str, visit_id: int | None) -> None:
    visit = BoothVisit.objects.filter(pk=visit_id).first() if visit_id else None
    if visit is not None:
        record_visit_end(visit=visit)


def chat_message(room_id: int, user, text: str) -> None:
    booth = Booth.objects.filter(room_id=room_id).first()
    if booth is not None:
        record_chat_lead(booth=booth, visitor=user, text=text)


def chat_message_deleted(room_id: int, author_id: int, text: str, created_at) -> None:
    booth = Booth.objects.filter(room_id=room_id).first()
    if booth is not None:
        withdraw_chat_text(booth=booth, visitor_id=author_id, text=text, at=created_at)


# Booths are many and run by their exhibitors: the console lists a booth only to the people
# who hold a moderator role there explicitly (organizers still moderate it when they open it).
BOOTH = RoomKind(
    "booth",
    "Booth",
    roles_for=booth_roles,
    on_join=visit_started,
    on_leave=visit_ended,
    on_message=chat_message,
    on_message_deleted=chat_message_deleted,
    moderated_rooms=only_explicit_moderators,
)
