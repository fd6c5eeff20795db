"""Reads of a person's agenda: their bookmarked sessions and their meetings, as one list in
the viewer's time zone, grouped by day, overlaps marked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts.i18n import Localized
from agenda.models import AgendaSettings, Bookmark
from streams.models import Session

# The agenda's default window around now: the whole of a conference, past days included.
DEFAULT_PAST = timedelta(days=30)
DEFAULT_FUTURE = timedelta(days=366)


@dataclass
class AgendaItem:
    """One entry of the agenda: a bookmarked session or a meeting, times in the viewer's zone."""

    kind: str  # "session" or "meeting"
    id: int | str
    uid: str  # stable across reads: the calendar UID too
    title: str
    title_en: str
    starts_at: datetime
    ends_at: datetime
    url: str
    description: str = ""
    description_en: str = ""
    session_kind: str = ""
    status: str = ""  # a session's "live", "upcoming" or "ended"; a meeting's own state
    ics_url: str = ""
    sequence: int = 0  # a meeting's iCalendar SEQUENCE (it grows with each reschedule)
    conflicts_with: list[str] = field(default_factory=list)

    display_title = Localized("title")
    display_description = Localized("description")

    @property
    def has_conflict(self) -> bool:
        return bool(self.conflicts_with)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "uid": self.uid,
            "title": self.title,
            "title_en": self.title_en,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "url": self.url,
            "ics_url": self.ics_url,
            "session_kind": self.session_kind,
            "status": self.status,
            "conflicts_with": self.conflicts_with,
        }


@dataclass
class AgendaDay:
    date: date
    items: list[AgendaItem]


def session_uid(session_id: int) -> str:
    return f"session-{session_id}@pavilion"


def bookmarked_ids(user, session_ids: Iterable[int] | None = None) -> set[int]:
    """Which of these sessions (all, by default) the person bookmarked; none for a guest."""
    if user is None or not user.is_authenticated:
        return set()
    bookmarks = Bookmark.objects.filter(user=user)
    if session_ids is not None:
        bookmarks = bookmarks.filter(session_id__in=list(session_ids))
    return set(bookmarks.values_list("session_id", flat=True))


def bookmarked_sessions(user, start: datetime | None = None, end: datetime | None = None) -> QuerySet[Session]:
    sessions = Session.objects.filter(bookmarks__user=user).select_related("event", "room").order_by("starts_at", "pk")
    if start is not None:
        sessions = sessions.filter(ends_at__gt=start)
    if end is not None:
        sessions = sessions.filter(starts_at__lt=end)
    return sessions


def agenda_settings(user) -> AgendaSettings | None:
    return AgendaSettings.objects.filter(user=user).first()


def session_agenda_item(session: Session, tz: tzinfo, now: datetime) -> AgendaItem:
    from streams.selectors import session_status

    return AgendaItem(
        kind="session",
        id=session.pk,
        uid=session_uid(session.pk),
        title=session.title,
        title_en=session.title_en,
        description=session.description,
        description_en=session.description_en,
        starts_at=session.starts_at.astimezone(tz),
        ends_at=session.ends_at.astimezone(tz),
        url=f"/rooms/{session.room.slug}/" if session.room_id else f"/#session-{session.pk}",
        session_kind=session.kind,
        status=session_status(session, now),
        ics_url=f"/api/agenda/sessions/{session.pk}.ics",
    )


def _field(item: Any, *names: str, default: Any = "") -> Any:
    for name in names:
        value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
        if value not in (None, ""):
            return value
    return default


def meeting_agenda_item(meeting: Any, tz: tzinfo) -> AgendaItem:
    """One of meetings.selectors.agenda_items' entries (a dict or an object) as an agenda item."""
    meeting_id = _field(meeting, "id", "pk")
    uid = str(_field(meeting, "uid", default=f"meeting-{meeting_id}"))
    if "@" not in uid:
        # The UID of the meeting's e-mailed invitation (meetings/ics.py), so that a calendar
        # holding both the invitation and this feed shows the meeting once.
        from meetings.ics import domain

        uid = f"{uid}@{domain()}"
    return AgendaItem(
        kind="meeting",
        id=meeting_id,
        uid=uid,
        title=str(_field(meeting, "title", "title_zh", "topic")),
        title_en=str(_field(meeting, "title_en", "topic_en", "title", "topic")),
        description=str(_field(meeting, "description", "description_zh", "body")),
        description_en=str(_field(meeting, "description_en", "description", "body")),
        starts_at=_field(meeting, "starts_at", "start").astimezone(tz),
        ends_at=_field(meeting, "ends_at", "end").astimezone(tz),
        url=str(_field(meeting, "url")),
        status=str(_field(meeting, "status", "state")),
        ics_url=str(_field(meeting, "ics_url")),
        sequence=int(_field(meeting, "sequence", default=0) or 0),
    )


def meeting_items(user, start: datetime, end: datetime, tz: tzinfo) -> list[AgendaItem]:
    """The person's meetings in the window, from the meetings app (none while it has no
    agenda_items yet)."""
    try:
        from meetings.selectors import agenda_items
    except ImportError:
        return []
    return [meeting_agenda_item(meeting, tz) for meeting in agenda_items(user, start, end)]


def mark_conflicts(items: list[AgendaItem]) -> list[AgendaItem]:
    """Each item learns which others overlap it in time (touching ends do not). Sorted by start."""
    items.sort(key=lambda item: (item.starts_at, item.ends_at, str(item.uid)))
    active: list[AgendaItem] = []
    for item in items:
        active = [other for other in active if other.ends_at > item.starts_at]
        for other in active:
            if item.starts_at < other.ends_at and other.starts_at < item.ends_at:
                other.conflicts_with.append(item.uid)
                item.conflicts_with.append(other.uid)
        active.append(item)
    return items


def agenda_items(
    user, tz: tzinfo, start: datetime | None = None, end: datetime | None = None, now: datetime | None = None
) -> list[AgendaItem]:
    """The person's bookmarked sessions and meetings overlapping [start, end), by start, with
    conflicts marked."""
    now = now or timezone.now()
    start = start or now - DEFAULT_PAST
    end = end or now + DEFAULT_FUTURE
    items = [session_agenda_item(session, tz, now) for session in bookmarked_sessions(user, start, end)]
    items += meeting_items(user, start, end, tz)
    return mark_conflicts(items)


def agenda_days(items: list[AgendaItem]) -> list[AgendaDay]:
    """Items (already in the viewer's zone) grouped by the local day they start on."""
    days: dict[date, list[AgendaItem]] = {}
    for item in items:
        days.setdefault(item.starts_at.date(), []).append(item)
    return [AgendaDay(date=day, items=day_items) for day, day_items in days.items()]


def my_agenda(user, tz: tzinfo, **window: Any) -> dict[str, Any]:
    items = agenda_items(user, tz, **window)
    return {
        "zone": getattr(tz, "key", str(tz)),
        "days": agenda_days(items),
        "conflicts": sum(1 for item in items if item.has_conflict),
        "count": len(items),
    }


def export_user(user) -> dict[str, Any]:
    """ "Download my data": the person's bookmarks and agenda settings (not the feed's secret)."""
    settings = agenda_settings(user)
    return {
        "bookmarks": [
            {"session_id": b.session_id, "session": b.session.title, "bookmarked_at": b.created_at.isoformat()}
            for b in Bookmark.objects.filter(user=user).select_related("session").order_by("created_at")
        ],
        "reminder_minutes": settings.reminder_minutes if settings else AgendaSettings.Lead.FIFTEEN,
    }
