"""Reads of the programme, shaped for the API and the pages alike, in the viewer's zone."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.i18n import Localized
from live.models import Room
from streams.models import Event, Interpreter, Recording, Session, SessionDisplay, Speaker, SpeakerDisplay

# A stage not yet on air is "starting soon" from this long before its start (and while it is
# late: its time has come and nobody has taken it live yet).
STARTING_SOON = timedelta(minutes=15)


@dataclass(frozen=True)
class SpeakerItem(SpeakerDisplay):
    id: int
    name: str
    name_en: str
    title: str
    title_en: str
    affiliation: str
    affiliation_en: str
    bio: str
    bio_en: str


@dataclass(frozen=True)
class SessionItem(SessionDisplay):
    """A session with its times converted to the viewer's zone."""

    id: int
    event_slug: str
    slug: str
    kind: str
    title: str
    title_en: str
    description: str
    description_en: str
    starts_at: datetime
    ends_at: datetime
    status: str  # "live", "upcoming" or "ended", relative to the `now` it was read at
    parent_id: int | None
    parent_title: str
    parent_title_en: str
    room_slug: str | None
    speakers: list[SpeakerItem] = field(default_factory=list)
    # The stage's real state (what its room shows), unlike `status` (the timetable's):
    # "live", "paused", "starting_soon", "scheduled", "ended"; and whether a recording is kept.
    stage: str = "scheduled"
    has_recording: bool = False

    display_parent_title = Localized("parent_title")

    @property
    def kind_label(self) -> str:
        return str(Session.Kind(self.kind).label)

    @property
    def room_url(self) -> str | None:
        return f"/rooms/{self.room_slug}/" if self.room_slug else None

    @property
    def is_live(self) -> bool:
        return self.status == "live"

    @property
    def on_air(self) -> bool:
        """The stage is really streaming (live or paused), as its room says."""
        return self.stage in ("live", "paused")


@dataclass(frozen=True)
class ProgrammeDay:
    date: date
    sessions: list[SessionItem]


def speaker_item(speaker: Speaker) -> SpeakerItem:
    return SpeakerItem(
        id=speaker.pk,
        name=speaker.name,
        name_en=speaker.name_en,
        title=speaker.title,
        title_en=speaker.title_en,
        affiliation=speaker.affiliation,
        affiliation_en=speaker.affiliation_en,
        bio=speaker.bio,
        bio_en=speaker.bio_en,
    )


def session_status(session: Session, now: datetime) -> str:
    if session.starts_at <= now < session.ends_at:
        return "live"
    return "upcoming" if session.starts_at > now else "ended"


def stage_status(session: Session, now: datetime) -> str:
    """The programme's badge: the stage's stream state first, the timetable only for a stage
    that has not gone on air (starting soon, or over without having been live)."""
    state = session.stream_state
    if state in (Session.StreamState.LIVE, Session.StreamState.PAUSED):
        return state
    if state == Session.StreamState.ENDED or now >= session.ends_at:
        return "ended"
    return "starting_soon" if now >= session.starts_at - STARTING_SOON else "scheduled"


def session_item(session: Session, tz: tzinfo, now: datetime | None = None) -> SessionItem:
    now = now or timezone.now()
    parent = session.parent
    has_recording = getattr(session, "has_recording", None)
    if has_recording is None:
        has_recording = session.recordings.filter(ended_at__isnull=False).exists()
    return SessionItem(
        id=session.pk,
        event_slug=session.event.slug,
        slug=session.slug,
        kind=session.kind,
        title=session.title,
        title_en=session.title_en,
        description=session.description,
        description_en=session.description_en,
        starts_at=session.starts_at.astimezone(tz),
        ends_at=session.ends_at.astimezone(tz),
        status=session_status(session, now),
        parent_id=session.parent_id,
        parent_title=parent.title if parent else "",
        parent_title_en=parent.title_en if parent else "",
        room_slug=session.room.slug if session.room_id else None,
        speakers=[speaker_item(s) for s in session.speakers.all()],
        stage=stage_status(session, now),
        has_recording=bool(has_recording),
    )


def _with_recordings(sessions: QuerySet[Session]) -> QuerySet[Session]:
    finished = Recording.objects.filter(session=OuterRef("pk"), ended_at__isnull=False)
    return sessions.annotate(has_recording=Exists(finished))


def sessions_of(event: Event, only: Q | None = None) -> QuerySet[Session]:
    """The event's sessions; `only`: a filter of streams/session_filters.py (sub-venue, region)."""
    return _with_recordings(
        Session.objects.filter(event=event)
        .filter(only if only is not None else Q())
        .select_related("event", "parent", "room")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("name")))
        .order_by("starts_at", "pk")
    )


def list_events() -> QuerySet[Event]:
    return Event.objects.order_by("starts_at", "pk")


def get_event(slug: str) -> Event | None:
    return Event.objects.filter(slug=slug).first()


def current_event(now: datetime | None = None) -> Event | None:
    """The event the home page shows: the next one not yet over, else the latest."""
    now = now or timezone.now()
    return (
        Event.objects.filter(ends_at__gte=now).order_by("starts_at", "pk").first()
        or Event.objects.order_by("-ends_at", "-pk").first()
    )


def programme(event: Event, tz: tzinfo, now: datetime | None = None, only: Q | None = None) -> list[ProgrammeDay]:
    """The whole programme grouped by calendar day in `tz`, in order of start."""
    now = now or timezone.now()
    days: dict[date, list[SessionItem]] = {}
    for session in sessions_of(event, only):
        item = session_item(session, tz, now)
        days.setdefault(item.starts_at.date(), []).append(item)
    return [ProgrammeDay(date=day, sessions=items) for day, items in days.items()]


def live_now(event: Event, tz: tzinfo, now: datetime | None = None) -> list[SessionItem]:
    now = now or timezone.now()
    sessions = sessions_of(event).filter(starts_at__lte=now, ends_at__gt=now)
    return [session_item(s, tz, now) for s in sessions]


def up_next(event: Event, tz: tzinfo, now: datetime | None = None, limit: int = 5) -> list[SessionItem]:
    now = now or timezone.now()
    sessions = sessions_of(event).filter(starts_at__gt=now)[:limit]
    return [session_item(s, tz, now) for s in sessions]


def get_session(session_id: int) -> Session | None:
    return Session.objects.select_related("event").filter(pk=session_id).first()


def session_detail(session: Session, tz: tzinfo, now: datetime | None = None) -> dict:
    """One session with its speakers, its parent's title and its sub-sessions, in `tz`."""
    now = now or timezone.now()
    item = session_item(sessions_of(session.event).get(pk=session.pk), tz, now)
    return {
        **asdict(item),
        "room_url": item.room_url,
        "timezone": getattr(tz, "key", str(tz)),
        "children": session_children(session.pk, tz, now),
    }


def session_children(session_id: int, tz: tzinfo, now: datetime | None = None) -> list[SessionItem]:
    children = _with_recordings(
        Session.objects.filter(parent_id=session_id)
        .select_related("event", "parent", "room")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("name")))
        .order_by("starts_at", "pk")
    )
    return [session_item(s, tz, now) for s in children]


def event_item(event: Event, tz: tzinfo) -> dict:
    return {
        "slug": event.slug,
        "name": event.name,
        "name_en": event.name_en,
        "description": event.description,
        "description_en": event.description_en,
        "starts_at": event.starts_at.astimezone(tz),
        "ends_at": event.ends_at.astimezone(tz),
        "timezone": event.timezone,
    }


def room_session_id(room: Room) -> int | None:
    """The programme session staged in this room (the room API's `session_id`)."""
    return Session.objects.filter(room=room).values_list("pk", flat=True).first()


def programme_overview(
    event: Event, tz: tzinfo, now: datetime | None = None, next_count: int = 5, only: Q | None = None
) -> dict:
    """What the home page shows: live now, up next and the whole programme by day."""
    now = now or timezone.now()
    days = programme(event, tz, now, only)
    sessions = [s for day in days for s in day.sessions]
    return {
        "days": days,
        # On air, and those whose time has come (their badge says "starting soon").
        "live_now": [s for s in sessions if s.on_air or s.status == "live"],
        "up_next": [s for s in sessions if s.status == "upcoming" and not s.on_air][:next_count],
    }


def programme_document(event: Event, tz: tzinfo, now: datetime | None = None, only: Q | None = None) -> dict:
    """The programme as the API returns it: the event, the zone, what is live, the days."""
    days = programme(event, tz, now, only)
    return {
        "event": event_item(event, tz),
        "timezone": getattr(tz, "key", str(tz)),
        "live_now": [s.id for day in days for s in day.sessions if s.is_live],
        # What is really streaming (the stages' state), beside the timetable's `live_now`.
        "on_air": [s.id for day in days for s in day.sessions if s.on_air],
        "days": days,
    }


def interpreter_languages(room_id: int, user) -> set[str]:
    """The languages this person interprets the stage (of `room_id`) into (organizers assign
    them: streams.models.Interpreter)."""
    if not user.is_authenticated:
        return set()
    rows = Interpreter.objects.filter(session__room_id=room_id, user=user).values_list("language", flat=True)
    return set(rows)


def interpreter_languages_many(keys: list[tuple[int, int]]) -> dict[tuple[int, int], frozenset[str]]:
    """`interpreter_languages` for many (room id, user id) pairs in one query."""
    found: dict[tuple[int, int], set[str]] = {key: set() for key in keys}
    rows = Interpreter.objects.filter(
        session__room_id__in={room for room, _ in keys}, user_id__in={user for _, user in keys}
    ).values_list("session__room_id", "user_id", "language")
    for room_id, user_id, language in rows:
        if (room_id, user_id) in found:
            found[(room_id, user_id)].add(language)
    return {key: frozenset(languages) for key, languages in found.items()}


def stage_languages(room_id: int) -> list[str]:
    """The languages a stage has interpreters for (whether or not they publish now)."""
    rows = Interpreter.objects.filter(session__room_id=room_id).values_list("language", flat=True)
    return sorted(set(rows))
