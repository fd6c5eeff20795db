"""Partner sub-venues (分会场): services (writes) and selectors (reads). A sub-venue's sessions
are sessions of its conference's programme (streams.Session with a stage room), linked to the
sub-venue, so they show in the programme, the calendar feeds and search like any other."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from accounts.models import Organisation
from accounts.text import clean_text
from activities import rights
from activities.models import SubVenue, SubVenueSession, SubVenueStaff
from live.errors import LiveError
from live.protocol import ErrorCode
from streams import services as stream_services
from streams.models import Event, Session

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
SESSION_KINDS = (Session.Kind.THEME_ACTIVITY.value, Session.Kind.SUB_FORUM.value)


def _line(name: str, value: Any, *, required: bool = False, limit: int = 200) -> str:
    text = clean_text(value or "", multiline=False).strip() if isinstance(value, str) or value is None else None
    if text is None or len(text) > limit or (required and not text):
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field '{name}': one line of {int(required)} to {limit} characters.")
    return text


def _text(name: str, value: Any, limit: int = 20000) -> str:
    text = clean_text(value or "", multiline=True).strip() if isinstance(value, str) or value is None else None
    if text is None or len(text) > limit:
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field '{name}': a text of at most {limit} characters.")
    return text


def _slug(name: str, value: Any) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field '{name}': lower-case letters, digits and dashes.")
    return value


# ---- reads


def subvenues(region: str = "") -> QuerySet[SubVenue]:
    found = SubVenue.objects.select_related("organisation", "event").order_by("name", "pk")
    return found.filter(region=region) if region else found


def get_subvenue(slug: str) -> SubVenue:
    subvenue = SubVenue.objects.select_related("organisation", "event").filter(slug=slug).first()
    if subvenue is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No sub-venue {slug!r}.")
    return subvenue


def regions() -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for region, name, name_en in SubVenue.objects.order_by("region").values_list(
        "region", "region_name", "region_name_en"
    ):
        seen.setdefault(region, {"region": region, "name": name, "name_en": name_en})
    return list(seen.values())


def sessions_of(subvenue: SubVenue) -> QuerySet[Session]:
    return (
        Session.objects.filter(subvenue_link__subvenue=subvenue)
        .select_related("event", "room")
        .order_by("starts_at", "pk")
    )


def subvenue_of_session(session_id: int) -> SubVenue | None:
    link = SubVenueSession.objects.select_related("subvenue").filter(session_id=session_id).first()
    return link.subvenue if link else None


def subvenue_out(subvenue: SubVenue, *, sessions: bool = False, viewer=None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "slug": subvenue.slug,
        "name": subvenue.name,
        "name_en": subvenue.name_en,
        "description": subvenue.description,
        "description_en": subvenue.description_en,
        "region": subvenue.region,
        "region_name": subvenue.region_name,
        "region_name_en": subvenue.region_name_en,
        "event": subvenue.event.slug,
        "organisation": {"id": subvenue.organisation_id, "name": subvenue.organisation.name},
        "url": f"/subvenues/{subvenue.slug}/",
        "calendar_url": f"/api/activities/subvenues/{subvenue.slug}/calendar.ics",
    }
    if sessions:
        out["sessions"] = [session_out(s) for s in sessions_of(subvenue)]
    if viewer is not None and rights.can_organize(viewer, subvenue):
        out["staff"] = [
            {"user_id": s.user_id, "name": s.user.display_name or s.user.username, "role": s.role}
            for s in subvenue.staff.select_related("user").order_by("role", "user__username")
        ]
    return out


def session_out(session: Session) -> dict[str, Any]:
    return {
        "id": session.pk,
        "slug": session.slug,
        "kind": session.kind,
        "title": session.title,
        "title_en": session.title_en,
        "description": session.description,
        "description_en": session.description_en,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "room_url": f"/rooms/{session.room.slug}/" if session.room_id else None,
        "room_slug": session.room.slug if session.room_id else None,
    }


# ---- writes


@transaction.atomic
def create_subvenue(*, by, event: Event, organisation_id: int, slug: str, name: str, region: str, **fields) -> SubVenue:
    rights.require_site_organizer(by)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"field 'organisation_id': no organisation {organisation_id}.")
    slug = _slug("slug", slug)
    if SubVenue.objects.filter(slug=slug).exists():
        raise LiveError(ErrorCode.INVALID_STATE, f"A sub-venue {slug!r} exists already.")
    return SubVenue.objects.create(
        event=event,
        organisation=organisation,
        slug=slug,
        name=_line("name", name, required=True),
        name_en=_line("name_en", fields.get("name_en")),
        description=_text("description", fields.get("description")),
        description_en=_text("description_en", fields.get("description_en")),
        region=_slug("region", region),
        region_name=_line("region_name", fields.get("region_name") or region, required=True, limit=100),
        region_name_en=_line("region_name_en", fields.get("region_name_en"), limit=100),
    )


EDITABLE = {"name": True, "name_en": False, "region_name": True, "region_name_en": False}


@transaction.atomic
def update_subvenue(*, by, subvenue: SubVenue, **fields) -> SubVenue:
    rights.require_organizer(by, subvenue)
    for name, required in EDITABLE.items():
        if fields.get(name) is not None:
            setattr(subvenue, name, _line(name, fields[name], required=required))
    for name in ("description", "description_en"):
        if fields.get(name) is not None:
            setattr(subvenue, name, _text(name, fields[name]))
    subvenue.save()
    return subvenue


@transaction.atomic
def set_staff(*, by, subvenue: SubVenue, user_id: int, role: str) -> SubVenueStaff:
    """Make a person an organizer or moderator of the sub-venue (their rights reach open
    sockets: live.access.watch_rights)."""
    rights.require_organizer(by, subvenue)
    if role not in SubVenueStaff.Role.values:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'role': organizer or moderator.")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"field 'user_id': no user {user_id}.")
    staff, _created = SubVenueStaff.objects.update_or_create(subvenue=subvenue, user=user, defaults={"role": role})
    return staff


@transaction.atomic
def remove_staff(*, by, subvenue: SubVenue, user_id: int) -> None:
    rights.require_organizer(by, subvenue)
    staff = SubVenueStaff.objects.filter(subvenue=subvenue, user_id=user_id).first()
    if staff is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"User {user_id} has no role in this sub-venue.")
    staff.delete()  # a signal: their open sockets lose the stage rights


def _times(starts_at: Any, ends_at: Any) -> tuple[datetime, datetime]:
    if not isinstance(starts_at, datetime) or not isinstance(ends_at, datetime):
        raise LiveError(ErrorCode.INVALID_FIELDS, "fields 'starts_at', 'ends_at': date-times with a zone.")
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise LiveError(ErrorCode.INVALID_FIELDS, "fields 'starts_at', 'ends_at': date-times with a zone.")
    if ends_at <= starts_at:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'ends_at': after 'starts_at'.")
    return starts_at, ends_at


@transaction.atomic
def create_session(*, by, subvenue: SubVenue, title: str, starts_at: Any, ends_at: Any, **fields) -> Session:
    """A session of the sub-venue's programme, with its stage (chat, Q&A, stream)."""
    rights.require_organizer(by, subvenue)
    starts_at, ends_at = _times(starts_at, ends_at)
    kind = fields.get("kind") or Session.Kind.THEME_ACTIVITY.value
    if kind not in SESSION_KINDS:
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'kind': one of {', '.join(SESSION_KINDS)}.")
    slug = fields.get("slug")
    try:
        with transaction.atomic():
            session = stream_services.create_session(
                event=subvenue.event,
                kind=kind,
                title=_line("title", title, required=True),
                title_en=_line("title_en", fields.get("title_en")),
                description=_text("description", fields.get("description")),
                description_en=_text("description_en", fields.get("description_en")),
                starts_at=starts_at,
                ends_at=ends_at,
                slug=_slug("slug", slug) if slug else f"{subvenue.slug}-{_next_number(subvenue)}",
            )
    except IntegrityError as error:
        raise LiveError(ErrorCode.INVALID_STATE, "A session with this slug exists already.") from error
    SubVenueSession.objects.create(subvenue=subvenue, session=session)
    return session


def _next_number(subvenue: SubVenue) -> int:
    return SubVenueSession.objects.filter(subvenue=subvenue).count() + 1


def session_for_edit(by, session_id: int) -> Session:
    """A sub-venue's session, for its organizers (the main programme's sessions are not
    editable here: 404)."""
    rights.require_login(by)
    session = Session.objects.select_for_update().filter(pk=session_id, subvenue_link__isnull=False).first()
    if session is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No sub-venue session {session_id}.")
    rights.require_organizer(by, rights.session_subvenue_id(session))
    return session


@transaction.atomic
def update_session(*, by, session_id: int, **fields) -> Session:
    session = session_for_edit(by, session_id)
    changes: dict[str, Any] = {}
    for name in ("title", "title_en"):
        if fields.get(name) is not None:
            changes[name] = _line(name, fields[name], required=name == "title")
    for name in ("description", "description_en"):
        if fields.get(name) is not None:
            changes[name] = _text(name, fields[name])
    if fields.get("starts_at") is not None or fields.get("ends_at") is not None:
        changes["starts_at"], changes["ends_at"] = _times(
            fields.get("starts_at") or session.starts_at, fields.get("ends_at") or session.ends_at
        )
    return stream_services.update_session(session=session, **changes)


@transaction.atomic
def delete_session(*, by, session_id: int) -> None:
    session = session_for_edit(by, session_id)
    room = session.room
    session.delete()
    if room is not None:
        room.delete()


# ---- the programme's filters (streams/session_filters.py)


def subvenue_filter(value: str) -> Q:
    if not SubVenue.objects.filter(slug=value).exists():
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'subvenue': no sub-venue {value!r}.")
    return Q(subvenue_link__subvenue__slug=value)


def region_filter(value: str) -> Q:
    if not SubVenue.objects.filter(region=value).exists():
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'region': no sub-venue in region {value!r}.")
    return Q(subvenue_link__subvenue__region=value)
