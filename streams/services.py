"""Writes to the programme. Every session gets its own stage room, created here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from live.models import Room
from streams.models import Event, EventModerator, Session, Speaker
from streams.signals import sessions_moved

STAGE_KIND = "stage"
# Forums take audience questions through a moderation queue; other stages do not by default.
QA_MODERATED_KINDS = frozenset({Session.Kind.MAIN_FORUM, Session.Kind.SUB_FORUM})
ROOM_SLUG_MAX = Room._meta.get_field("slug").max_length


def create_event(
    *,
    name: str,
    slug: str,
    starts_at: datetime,
    ends_at: datetime,
    name_en: str = "",
    description: str = "",
    description_en: str = "",
    timezone: str = "Asia/Shanghai",
) -> Event:
    event = Event(
        name=name,
        name_en=name_en,
        slug=slug,
        starts_at=starts_at,
        ends_at=ends_at,
        description=description,
        description_en=description_en,
        timezone=timezone,
    )
    event.full_clean()
    event.save()
    return event


def update_event(*, event: Event, **fields) -> Event:
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    return event


def _session_slug(event: Event, slug: str | None, title: str, title_en: str) -> str:
    base = slugify(slug or title_en or "")[:50].strip("-") or "session"
    candidate, n = base, 2
    while Session.objects.filter(event=event, slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _room_slug(event: Event, session_slug: str) -> str:
    base = f"{event.slug}-{session_slug}"[:ROOM_SLUG_MAX].strip("-")
    candidate, n = base, 2
    while Room.objects.filter(slug=candidate).exists():
        suffix = f"-{n}"
        candidate, n = base[: ROOM_SLUG_MAX - len(suffix)] + suffix, n + 1
    return candidate


@transaction.atomic
def create_session(
    *,
    event: Event,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    title_en: str = "",
    description: str = "",
    description_en: str = "",
    parent: Session | None = None,
    slug: str | None = None,
    speakers: Iterable[Speaker] = (),
    allow_guests: bool = True,
    qa_moderated: bool | None = None,
) -> Session:
    """Create a session and its stage room (`<event slug>-<session slug>`)."""
    session = Session(
        event=event,
        kind=kind,
        slug=_session_slug(event, slug, title, title_en),
        title=title,
        title_en=title_en,
        description=description,
        description_en=description_en,
        starts_at=starts_at,
        ends_at=ends_at,
        parent=parent,
    )
    session.full_clean(exclude=["room"])
    if qa_moderated is None:
        qa_moderated = kind in QA_MODERATED_KINDS
    room = Room(
        slug=_room_slug(event, session.slug),
        kind=STAGE_KIND,
        name=title[: Room._meta.get_field("name").max_length],
        allow_guests=allow_guests,
        qa_moderated=qa_moderated,
    )
    room.full_clean()
    room.save()
    session.room = room
    session.save()
    if speakers:
        session.speakers.set(speakers)
    return session


SESSION_FIELDS = frozenset(
    {"kind", "title", "title_en", "description", "description_en", "starts_at", "ends_at", "parent"}
)


@transaction.atomic
def update_session(*, session: Session, speakers: Iterable[Speaker] | None = None, **fields) -> Session:
    """Change a session's programme fields; its room's name follows the title. A session
    that lost its room (deleted in the admin) gets a new one."""
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise ValueError(f"not session fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean(exclude=["room"])
    if session.room_id is None:
        room = Room.objects.create(
            slug=_room_slug(session.event, session.slug),
            kind=STAGE_KIND,
            name=session.title[:200],
            qa_moderated=session.kind in QA_MODERATED_KINDS,
        )
        session.room = room
    elif "title" in fields and session.room.name != session.title:
        Room.objects.filter(pk=session.room_id).update(name=session.title[:200])
    session.save()
    if speakers is not None:
        session.speakers.set(speakers)
    return session


def create_speaker(
    *,
    name: str,
    name_en: str = "",
    title: str = "",
    title_en: str = "",
    affiliation: str = "",
    affiliation_en: str = "",
    bio: str = "",
    bio_en: str = "",
    user=None,
) -> Speaker:
    speaker = Speaker(
        name=name,
        name_en=name_en,
        title=title,
        title_en=title_en,
        affiliation=affiliation,
        affiliation_en=affiliation_en,
        bio=bio,
        bio_en=bio_en,
        user=user,
    )
    speaker.full_clean()
    speaker.save()
    return speaker


def add_event_moderator(*, event: Event, user) -> EventModerator:
    moderator, _ = EventModerator.objects.get_or_create(event=event, user=user)
    return moderator


def remove_event_moderator(*, event: Event, user) -> None:
    EventModerator.objects.filter(event=event, user=user).delete()


@transaction.atomic
def shift_event(*, event: Event, delta: timedelta) -> Event:
    """Move the event and every one of its sessions by `delta`, keeping their order and gaps."""
    sessions = Session.objects.filter(event=event)
    sessions.update(starts_at=F("starts_at") + delta, ends_at=F("ends_at") + delta)
    Event.objects.filter(pk=event.pk).update(starts_at=F("starts_at") + delta, ends_at=F("ends_at") + delta)
    event.refresh_from_db()
    # A queryset update sends no post_save: tell who keeps reminders of these sessions.
    sessions_moved.send(sender=Session, session_ids=list(sessions.values_list("pk", flat=True)))
    return event


def shift_event_live_now(
    *, event: Event, now: datetime | None = None, anchor: Session | None = None, started: timedelta | None = None
) -> Session:
    """Shift the whole event so that `anchor` (by default the opening ceremony, else the first
    session) started `started` ago (10 minutes, on a 5-minute boundary) and is live now; the
    rest of the programme follows at its planned distance. Returns the anchor."""
    now = now or timezone.now()
    started = timedelta(minutes=10) if started is None else started
    if anchor is None:
        sessions = Session.objects.filter(event=event).order_by("starts_at", "pk")
        anchor = sessions.filter(kind=Session.Kind.OPENING_CEREMONY).first() or sessions.first()
        if anchor is None:
            raise ValueError(f"event {event.slug!r} has no sessions to make live")
    target = (now - started).replace(second=0, microsecond=0)
    target -= timedelta(minutes=target.minute % 5)
    if anchor.ends_at - anchor.starts_at <= now - target:
        raise ValueError(f"session {anchor.slug!r} is too short to be live {now - target} after its start")
    shift_event(event=event, delta=target - anchor.starts_at)
    anchor.refresh_from_db()
    return anchor
