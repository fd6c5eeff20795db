"""Each exhibiting organisation's staff room (kind `exhibitor`, slug `exhibitor-<org id>`):
where its staff see visitors' requests arrive live. Only the organisation's staff and the
organizers may join (`members_only`); guests never.

Every contact left, call requested or chat conversation started in one of the
organisation's booths appends a sequenced `lead.new` event there, and every status change
of a call request a `call_request.updated` (frames: halls/protocol.py). The events are
stored in the same transaction as the lead, so a staff member who reconnects with
`since_seq` gets what they missed, and nobody hears of a lead that rolled back.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import Q

from halls import rules
from halls.leads import selectors as lead_selectors
from halls.models import CallRequest, Lead
from live.models import Room
from live.registry import RoomKind, only_explicit_moderators
from live.services.events import append_event, withdraw_from_events

KIND = "exhibitor"
SLUG_PREFIX = "exhibitor-"

logger = logging.getLogger(__name__)


class StaffRoomTaken(Exception):
    """The staff room's slug belongs to a room of another kind (made by hand, say): visitors'
    contacts must never be written into a room that people outside the organisation can read."""


def room_slug(organisation_id: int) -> str:
    return f"{SLUG_PREFIX}{organisation_id}"


def organisation_of(room: Room) -> int | None:
    suffix = room.slug.removeprefix(SLUG_PREFIX)
    return int(suffix) if room.kind == KIND and suffix.isdigit() else None


def exhibitor_roles(room: Room, user) -> set[str]:
    organisation_id = organisation_of(room)
    if organisation_id is not None and rules.is_exhibitor_staff(user, organisation_id):
        return {"staff"}
    return set()


EXHIBITOR = RoomKind(
    KIND,
    "Exhibitor staff room",
    roles_for=exhibitor_roles,
    members_only=True,
    # The console lists it only to people holding a moderator role there explicitly.
    moderated_rooms=only_explicit_moderators,
)


def staff_room(organisation) -> Room:
    """The organisation's staff room, created on first use (idempotent)."""
    name = f"{organisation.name} 工作人员 / staff"[:200]
    room, _ = Room.objects.get_or_create(
        slug=room_slug(organisation.pk), defaults={"kind": KIND, "name": name, "allow_guests": False}
    )
    if room.kind != KIND:
        raise StaffRoomTaken(f"room {room.slug!r} is of kind {room.kind!r}, not {KIND!r}")
    return room


def _staff_room_or_none(organisation) -> Room | None:
    # The lead itself is stored either way; only its live notice is skipped.
    try:
        return staff_room(organisation)
    except StaffRoomTaken:
        logger.error("no live notice for organisation %s: its staff room slug is taken", organisation.pk)
        return None


def notify_lead(lead: Lead, call_request: CallRequest | None = None) -> dict[str, Any] | None:
    """Append `lead.new` to the booth's organisation's staff room (inside the caller's transaction)."""
    room = _staff_room_or_none(lead.booth.organisation)
    if room is None:
        return None
    return append_event(room, "lead.new", lambda seq: {"lead": lead_selectors.lead_notice(lead, call_request)})


def withdraw_lead_text(lead: Lead) -> None:
    """The lead's message lost words its visitor withdrew: the stored `lead.new` events (served
    to staff who resume) carry the message as it is now."""
    room = Room.objects.filter(slug=room_slug(lead.booth.organisation_id), kind=KIND).first()
    if room is None:
        return
    stored = Q(type="lead.new", data__lead__id=lead.pk)
    withdraw_from_events(room, stored, lambda data: {**data, "lead": {**data["lead"], "message": lead.message}})


def notify_call_request(call_request: CallRequest, by) -> dict[str, Any] | None:
    """Append `call_request.updated` (inside the caller's transaction)."""
    room = _staff_room_or_none(call_request.booth.organisation)
    if room is None:
        return None
    return append_event(
        room,
        "call_request.updated",
        lambda seq: {"call_request": lead_selectors.call_request_update(call_request, by)},
    )
