"""Meetings' JSON API under /api/meetings/ (config/api.py): my meetings, requesting one,
answering (accept a slot, decline, propose others), rescheduling, cancelling, the .ics, my
availability windows, and finding people to invite (their zone and availability). For
logged-in people only; a meeting one takes no part in does not exist for them (404)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from live.http_api import errors, session_auth
from meetings import ics, selectors, services
from meetings.models import MAX_PEOPLE, MAX_SLOTS

router = Router(auth=session_auth, tags=["meetings"])

Id = Field(..., ge=1, le=2**31 - 1)
READ_ERRORS = errors(401, 404, 422)
WRITE_ERRORS = errors(400, 401, 403, 404, 422)


class SlotIn(Schema):
    start: datetime = Field(..., description="ISO 8601 with its offset, e.g. 2026-12-02T10:00:00+08:00")
    end: datetime


class ContextIn(Schema):
    kind: str = Field("", max_length=40)
    id: int | str | None = None
    label_zh: str = Field("", max_length=200)
    label_en: str = Field("", max_length=200)
    url: str = Field("", max_length=500)


class RequestIn(Schema):
    # Ids a database column holds: a larger int is refused here, not an overflow in the query.
    invitees: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(
        ..., min_length=1, max_length=MAX_PEOPLE, description="user ids (at most five)"
    )
    topic: str = Field(..., min_length=1, max_length=200)
    slots: list[SlotIn] = Field(..., min_length=1, max_length=MAX_SLOTS + 1)
    context: ContextIn | None = None


class AcceptIn(Schema):
    slot: int | None = Field(None, ge=1, le=2**31 - 1, description="a slot of the current round (none: the fixed time)")


class SlotsIn(Schema):
    slots: list[SlotIn] = Field(..., min_length=1, max_length=MAX_SLOTS + 1)


class WindowIn(Schema):
    weekday: int | None = Field(None, ge=0, le=6, description="0 = Monday (weekly)")
    date: str | None = Field(None, max_length=10, description="YYYY-MM-DD (one day)")
    start: str = Field(..., max_length=5, description="HH:MM")
    end: str = Field(..., max_length=5, description="HH:MM")


class AvailabilityIn(Schema):
    timezone: str = Field("", max_length=64, description="IANA zone of the windows (default: mine)")
    windows: list[WindowIn] = Field(..., max_length=50)


class PeopleQuery(Schema):
    q: str = Field("", max_length=100)


class ListQuery(Schema):
    show: Literal["all", "upcoming"] = "all"


def _slots(items: list[SlotIn]) -> list[tuple[datetime, datetime]]:
    return [(s.start, s.end) for s in items]


def _out(request: HttpRequest, meeting) -> dict[str, Any]:
    return selectors.meeting_out(meeting, request.user, with_history=True)


@router.get("/meetings/", url_name="meetings", response={200: list[dict], **READ_ERRORS})
def my_meetings(request: HttpRequest, filters: Query[ListQuery]):
    """My meetings (organised or invited), the latest change first."""
    rows = selectors.meetings_for(request.user, include_past=filters.show == "all")[:200]
    return [selectors.meeting_out(m, request.user) for m in rows]


@router.post("/meetings/", url_name="meetings-request", response={201: dict, **WRITE_ERRORS})
def request_meeting(request: HttpRequest, data: RequestIn):
    """Invite one to five people to a meeting on one of up to three slots."""
    context = data.context.dict(exclude_none=True) if data.context else None
    meeting = services.request_meeting(
        request.user, data.invitees, topic=data.topic, slots=_slots(data.slots), context=context
    )
    return Status(201, _out(request, meeting))


@router.get("/meetings/availability", url_name="meetings-availability", response={200: dict, **READ_ERRORS})
def my_availability(request: HttpRequest):
    """My availability windows (none: any time)."""
    return selectors.availability_out(request.user)


@router.put("/meetings/availability", url_name="meetings-availability-set", response={200: dict, **WRITE_ERRORS})
def set_availability(request: HttpRequest, data: AvailabilityIn):
    """Replace my availability windows."""
    windows = [w.dict() for w in data.windows]
    services.set_availability(request.user, windows, tz=data.timezone or None)
    return selectors.availability_out(request.user)


@router.get("/meetings/people", url_name="meetings-people", response={200: list[dict], **READ_ERRORS})
def people(request: HttpRequest, filters: Query[PeopleQuery]):
    """People to invite, by name: their zone and availability."""
    return selectors.find_people(request.user, filters.q)


@router.get("/meetings/{int:pk}", url_name="meeting", response={200: dict, **READ_ERRORS})
def meeting_detail(request: HttpRequest, pk: int):
    """One of my meetings: participants with their zones, the slots of the current round in
    each zone, what I may do, the history."""
    return _out(request, selectors.meeting_for(request.user, pk))


@router.get("/meetings/{int:pk}/ics", url_name="meeting-ics", response={200: None, **READ_ERRORS})
def meeting_ics(request: HttpRequest, pk: int):
    """The meeting as .ics (METHOD:REQUEST, or CANCEL when it is off)."""
    meeting = selectors.meeting_for(request.user, pk)
    response = HttpResponse(
        ics.meeting_calendar(meeting, url=request.build_absolute_uri(f"/meetings/{pk}/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{pk}.ics"'
    return response


@router.post("/meetings/{int:pk}/accept", url_name="meeting-accept", response={200: dict, **WRITE_ERRORS})
def accept(request: HttpRequest, pk: int, data: AcceptIn):
    """Accept a proposed slot (fixes the time) or the fixed time."""
    return _out(request, services.accept(pk, request.user, data.slot))


@router.post("/meetings/{int:pk}/decline", url_name="meeting-decline", response={200: dict, **WRITE_ERRORS})
def decline(request: HttpRequest, pk: int):
    """Decline (an invitee)."""
    return _out(request, services.decline(pk, request.user))


@router.post("/meetings/{int:pk}/propose", url_name="meeting-propose", response={200: dict, **WRITE_ERRORS})
def propose(request: HttpRequest, pk: int, data: SlotsIn):
    """Propose up to three other slots (a new round)."""
    return _out(request, services.propose_other_slots(pk, request.user, _slots(data.slots)))


@router.post("/meetings/{int:pk}/reschedule", url_name="meeting-reschedule", response={200: dict, **WRITE_ERRORS})
def reschedule(request: HttpRequest, pk: int, data: SlotsIn):
    """Move a confirmed meeting: up to three new slots for the others to choose from."""
    return _out(request, services.reschedule(pk, request.user, _slots(data.slots)))


@router.post("/meetings/{int:pk}/cancel", url_name="meeting-cancel", response={200: dict, **WRITE_ERRORS})
def cancel(request: HttpRequest, pk: int):
    """Cancel (the organiser)."""
    return _out(request, services.cancel(pk, request.user))
