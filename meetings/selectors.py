"""The reads of scheduled meetings: a person's meetings, one meeting as its participants see
it (every time in the viewer's zone and in each participant's own), availability, and the
personal agenda's items (`agenda_items`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.selectors import user_ref
from live.errors import LiveError
from live.protocol import ErrorCode
from meetings.models import AvailabilityWindow, Meeting, Participant, Slot
from meetings.zones import zone_of

Response = Participant.Response
Status = Meeting.Status


def meetings_for(user, *, include_past: bool = True) -> QuerySet[Meeting]:
    mine = Meeting.objects.filter(participants__user=user).select_related("organiser").distinct()
    if not include_past:
        mine = mine.filter(Q(end_at__isnull=True) | Q(end_at__gte=timezone.now()))
    return mine.order_by("-updated_at", "-pk")


def meeting_for(user, meeting_id: int) -> Meeting:
    """The meeting if this person takes part (declined included); else `not_found`."""
    found = Meeting.objects.filter(pk=meeting_id, participants__user=user).select_related("organiser").first()
    if found is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No meeting {meeting_id} of yours.")
    return found


def _local(moment: datetime | None, zone) -> str | None:
    return moment.astimezone(zone).isoformat() if moment is not None else None


def _label(start: datetime, end: datetime, zone, pattern: str = "%m-%d %H:%M") -> str:
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    tail = "%H:%M" if local_start.date() == local_end.date() else pattern
    return f"{local_start.strftime(pattern)}–{local_end.strftime(tail)}"


def _times(start: datetime, end: datetime, viewer_zone, zones: dict[str, Any]) -> dict[str, Any]:
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "local": {
            "start": _local(start, viewer_zone),
            "end": _local(end, viewer_zone),
            "timezone": viewer_zone.key,
            "label": _label(start, end, viewer_zone, "%Y-%m-%d %H:%M"),
        },
        "zones": {
            name: {"start": _local(start, zone), "end": _local(end, zone), "label": _label(start, end, zone)}
            for name, zone in zones.items()
        },
    }


def meeting_out(meeting: Meeting, viewer, *, with_history: bool = False) -> dict[str, Any]:
    rows = list(meeting.participants.select_related("user"))
    viewer_zone = zone_of(viewer)
    zones = {zone_of(p.user).key: zone_of(p.user) for p in rows}
    mine = next((p for p in rows if p.user_id == viewer.pk), None)
    slots = list(meeting.slots.filter(round=meeting.round).select_related("proposed_by"))
    now = timezone.now()
    out: dict[str, Any] = {
        "id": meeting.pk,
        "topic": meeting.topic,
        "status": meeting.status,
        "organiser": user_ref(meeting.organiser),
        "context": meeting.context,
        "round": meeting.round,
        "sequence": meeting.sequence,
        "time": _times(meeting.start_at, meeting.end_at, viewer_zone, zones) if meeting.start_at else None,
        "participants": [
            {
                "user": user_ref(p.user),
                "organiser": p.is_organiser,
                "response": p.response,
                "timezone": zone_of(p.user).key,
            }
            for p in rows
        ],
        "slots": [
            {"id": s.pk, "proposed_by": user_ref(s.proposed_by), **_times(s.start_at, s.end_at, viewer_zone, zones)}
            for s in slots
        ],
        "you": {
            "response": mine.response if mine else None,
            "organiser": bool(mine and mine.is_organiser),
            "timezone": viewer_zone.key,
            "may_accept": bool(
                mine
                and meeting.status in (Status.PROPOSED, Status.CONFIRMED)
                and mine.response != Response.ACCEPTED
                and (meeting.status == Status.CONFIRMED or any(s.proposed_by_id != viewer.pk for s in slots))
            ),
            "may_join": bool(
                mine
                and mine.response == Response.ACCEPTED
                and meeting.status == Status.CONFIRMED
                and meeting.start_at - _open_before() <= now <= meeting.end_at
            ),
        },
        "room": meeting.room_slug,
        "url": f"/meetings/{meeting.pk}/",
        "created_at": meeting.created_at.isoformat(),
        "updated_at": meeting.updated_at.isoformat(),
    }
    if with_history:
        out["history"] = [
            {"action": c.action, "actor": user_ref(c.actor), "at": c.at.isoformat(), "detail": c.detail}
            for c in meeting.changes.select_related("actor")
        ]
    return out


def _open_before():
    from meetings.services import OPEN_BEFORE

    return OPEN_BEFORE


def availability_out(user) -> dict[str, Any]:
    windows = AvailabilityWindow.objects.filter(user=user)
    return {
        "timezone": zone_of(user).key,
        "windows": [
            {
                "id": w.pk,
                "weekday": w.weekday,
                "date": w.date.isoformat() if w.date else None,
                "start": w.start_time.strftime("%H:%M"),
                "end": w.end_time.strftime("%H:%M"),
                "timezone": w.timezone,
            }
            for w in windows
        ],
    }


def person_out(user) -> dict[str, Any]:
    """How the request form shows a person to invite: name, zone, availability."""
    return {**user_ref(user), "timezone": zone_of(user).key, "availability": availability_out(user)["windows"]}


def find_people(viewer, query: str, *, limit: int = 10) -> list[dict[str, Any]]:
    """People to invite, by name (at least two characters); never the viewer."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    found = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(display_name__icontains=query)
            | Q(username__iexact=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
        .exclude(pk=viewer.pk)
        .order_by("display_name", "pk")[:limit]
    )
    return [person_out(u) for u in found]


def agenda_items(user, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """The person's meetings in [start, end) for the personal agenda and the calendar feed:
    confirmed ones they accepted (or have not answered yet), each {kind: "meeting", id, title,
    start, end, status, url, response, context}. Times are aware datetimes (UTC)."""
    rows = (
        Participant.objects.filter(
            user=user,
            meeting__status=Status.CONFIRMED,
            meeting__start_at__lt=end,
            meeting__end_at__gt=start,
        )
        .exclude(response=Response.DECLINED)
        .select_related("meeting")
        .order_by("meeting__start_at", "meeting_id")
    )
    return [
        {
            "kind": "meeting",
            "id": p.meeting_id,
            "uid": str(p.meeting.uid),
            "title": p.meeting.topic,
            "start": p.meeting.start_at,
            "end": p.meeting.end_at,
            "status": p.meeting.status,
            "sequence": p.meeting.sequence,
            "response": p.response,
            "url": f"/meetings/{p.meeting_id}/",
            "context": p.meeting.context,
        }
        for p in rows
    ]


def met_in_meetings(user_id: int, candidate_ids: set[int]) -> set[int]:
    """A contact rule: people in a confirmed meeting together (both accepted)."""
    theirs = Participant.objects.filter(
        user_id=user_id, response=Response.ACCEPTED, meeting__status=Status.CONFIRMED
    ).values("meeting_id")
    return set(
        Participant.objects.filter(
            meeting_id__in=theirs, user_id__in=candidate_ids, response=Response.ACCEPTED
        ).values_list("user_id", flat=True)
    )


def export_user_data(user) -> dict[str, Any]:
    """ "Download my data": the person's meetings and availability."""
    return {
        "availability": availability_out(user),
        "meetings": [meeting_out(m, user, with_history=True) for m in meetings_for(user)],
    }


def slot_of(meeting: Meeting, slot_id: int) -> Slot | None:
    return meeting.slots.filter(pk=slot_id).first()
