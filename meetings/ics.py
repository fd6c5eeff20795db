"""The meeting as iCalendar (RFC 5545, the icalendar library): METHOD:REQUEST while it is
on (one stable UID per meeting; SEQUENCE goes up with each change of time), METHOD:CANCEL
when it is off. A meeting still waiting for a choice of slot is sent as one TENTATIVE event
per proposed slot (UIDs `<meeting uid>-<slot id>`), the confirmed time under the meeting's UID."""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from meetings.models import Meeting

PRODID = "-//Pavilion//Meetings//EN"


def domain() -> str:
    return getattr(settings, "MEETINGS_ICS_DOMAIN", "pavilion.local")


def uid_of(meeting: Meeting, slot=None) -> str:
    return f"{meeting.uid}-{slot.pk}@{domain()}" if slot is not None else f"{meeting.uid}@{domain()}"


def _event(meeting: Meeting, uid: str, start, end, status: str, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at.astimezone(UTC))
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", end.astimezone(UTC))
    event.add("summary", meeting.topic)
    event.add("status", status)
    if url:
        event.add("url", url)
    description = [f"会议 / Meeting: {meeting.topic}"]
    if meeting.context.get("label_zh") or meeting.context.get("label_en"):
        description.append(f"{meeting.context.get('label_zh', '')} / {meeting.context.get('label_en', '')}")
    if url:
        description.append(url)
    event.add("description", "\n".join(description))
    organiser = meeting.organiser
    org = vCalAddress(f"mailto:{organiser.email or organiser.username + '@' + domain()}")
    org.params["cn"] = vText(organiser.public_name)
    event["organizer"] = org
    for p in meeting.participants.select_related("user"):
        if p.is_organiser:
            continue
        attendee = vCalAddress(f"mailto:{p.user.email or p.user.username + '@' + domain()}")
        attendee.params["cn"] = vText(p.user.public_name)
        attendee.params["partstat"] = vText(
            {"accepted": "ACCEPTED", "declined": "DECLINED"}.get(p.response, "NEEDS-ACTION")
        )
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    return event


def meeting_calendar(meeting: Meeting, *, url: str = "", cancel: bool | None = None) -> bytes:
    """The .ics of the meeting as it is now (cancel: METHOD:CANCEL; default: when it is off)."""
    if cancel is None:
        cancel = meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.DECLINED)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancel else "REQUEST")
    if meeting.start_at is not None:
        status = "CANCELLED" if cancel else "CONFIRMED"
        cal.add_component(_event(meeting, uid_of(meeting), meeting.start_at, meeting.end_at, status, url))
    if meeting.start_at is None or cancel:
        for slot in meeting.slots.filter(round=meeting.round):
            status = "CANCELLED" if cancel else "TENTATIVE"
            cal.add_component(_event(meeting, uid_of(meeting, slot), slot.start_at, slot.end_at, status, url))
    return cal.to_ical()
