"""iCalendar files (RFC 5545, written with the icalendar library): one session to add to a
calendar, and a person's private feed (bookmarked sessions and meetings) that calendar
apps subscribe to and re-read.

Times are written in UTC (`DTSTART:20261201T020000Z`): every calendar app shows them in
its own zone, so no VTIMEZONE is needed. UIDs are stable (`session-<id>@pavilion`), so a
re-imported or refreshed event replaces the old copy instead of adding a second one; a
session moved in the programme moves in subscribed calendars at their next refresh."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone
from icalendar import Calendar, Event

from agenda.selectors import AgendaItem, session_agenda_item

PRODID = "-//Pavilion//Agenda//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _pick(zh: str, en: str, language: str) -> str:
    return (en or zh) if language == "en" else (zh or en)


def _event(item: AgendaItem, *, base_url: str, language: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", item.starts_at.astimezone(UTC))
    event.add("dtend", item.ends_at.astimezone(UTC))
    title = _pick(item.title, item.title_en, language)
    event.add("summary", title)
    other_title = _pick(item.title, item.title_en, "zh" if language == "en" else "en")
    lines = [other_title] if other_title != title else []
    description = _pick(item.description, item.description_en, language)
    if description:
        lines.append(description)
    url = base_url + item.url if item.url.startswith("/") else item.url
    if url:
        lines.append(url)
        event.add("url", url)
        event.add("location", url)
    if lines:
        event.add("description", "\n\n".join(lines))
    event.add("categories", ["Pavilion", "Session" if item.kind == "session" else "Meeting"])
    event.add("transp", "OPAQUE")
    if item.sequence:
        event.add("sequence", item.sequence)
    return event


def calendar_bytes(items: Iterable[AgendaItem], *, name: str, base_url: str, language: str) -> bytes:
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    calendar = _calendar(name)
    for item in items:
        calendar.add_component(_event(item, base_url=base_url, language=language, stamp=stamp))
    return calendar.to_ical()


def session_ics(session, *, base_url: str, language: str) -> bytes:
    item = session_agenda_item(session, UTC, timezone.now())
    name = _pick(session.event.name, session.event.name_en, language)
    return calendar_bytes([item], name=name, base_url=base_url, language=language)
