"""The personal agenda under /api/agenda/: bookmarks, my agenda (in any zone), reminder
settings, the calendar feed; .ics files for a session (anyone) and for a person's feed
(its secret token only: calendar apps send no cookies). Refusals in the site's one error
shape (live/http_api.py)."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.security import HttpBearer

from accounts.i18n import language
from accounts.services import authenticate_token
from agenda import selectors, services
from agenda.calendar import calendar_bytes, session_ics
from agenda.models import AgendaSettings
from live.errors import LiveError
from live.http_api import errors, session_auth
from live.protocol import ErrorCode
from streams.models import Session
from streams.timezones import viewer_timezone


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` (manage.py create_api_token) for scripts and apps."""

    def authenticate(self, request: HttpRequest, token: str):
        return authenticate_token(token)


# A person's own agenda: their API token, or the browser's session (CSRF-checked on writes).
router = Router(tags=["agenda"], auth=[BearerToken(), session_auth])

TZ_HELP = "IANA time zone for the times, e.g. Europe/Berlin; default: yours, else the conference's (Asia/Shanghai)."
LANG_HELP = "Language of the titles: zh or en (default: the request's language)."
READ_ERRORS = errors(400, 401, 422)
WRITE_ERRORS = errors(400, 401, 403, 404, 422)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _user(request: HttpRequest):
    """The caller the router's auth let through (session or bearer token)."""
    return request.auth


def _session(session_id: int) -> Session:
    in_range = 0 < session_id < 2**31  # beyond any id (and PostgreSQL's integer)
    session = Session.objects.select_related("event", "room").filter(pk=session_id).first() if in_range else None
    if session is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No session {session_id}.")
    return session


def _language(lang: str | None) -> str:
    return lang if lang in ("zh", "en") else language()


def feed_path(settings: AgendaSettings, lang: str) -> str:
    return f"/api/agenda/feed/{settings.feed_token}.ics?lang={lang}"


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class AgendaItemOut(Schema):
    kind: str
    id: int | str
    uid: str
    title: str
    title_en: str
    starts_at: str
    ends_at: str
    url: str
    ics_url: str
    session_kind: str
    status: str
    conflicts_with: list[str]


class AgendaDayOut(Schema):
    date: str
    items: list[AgendaItemOut]


class AgendaOut(Schema):
    zone: str
    count: int
    conflicts: int
    days: list[AgendaDayOut]


class BookmarksOut(Schema):
    session_ids: list[int]


class BookmarkOut(Schema):
    session_id: int
    bookmarked: bool
    reminder_scheduled: bool = False


class SettingsOut(Schema):
    reminder_minutes: int
    reminder_choices: list[int]
    feed_url: str


class SettingsIn(Schema):
    reminder_minutes: int


def _settings_out(request: HttpRequest, settings: AgendaSettings, lang: str | None = None) -> dict:
    return {
        "reminder_minutes": settings.reminder_minutes,
        "reminder_choices": list(AgendaSettings.Lead.values),
        "feed_url": request.build_absolute_uri(feed_path(settings, _language(lang))),
    }


@router.get("/agenda/", response={200: AgendaOut, **READ_ERRORS})
def my_agenda(request: HttpRequest, tz: str | None = Query(None, description=TZ_HELP)):
    """My bookmarked sessions and meetings, by day in the zone asked for (else mine), overlaps marked."""
    user = _user(request)
    zone = viewer_timezone(requested=tz, user=user)
    agenda = selectors.my_agenda(user, zone)
    return {
        **agenda,
        "days": [
            {"date": day.date.isoformat(), "items": [item.as_dict() for item in day.items]} for day in agenda["days"]
        ],
    }


@router.get("/agenda/bookmarks", response={200: BookmarksOut, **READ_ERRORS})
def list_bookmarks(request: HttpRequest):
    """The ids of the sessions I bookmarked."""
    return {"session_ids": sorted(selectors.bookmarked_ids(_user(request)))}


@router.put("/agenda/bookmarks/{session_id}", response={200: BookmarkOut, 201: BookmarkOut, **WRITE_ERRORS})
def add_bookmark(request: HttpRequest, session_id: int):
    """Bookmark a session (again: 200, nothing changes); its reminder is scheduled."""
    user = _user(request)
    session = _session(session_id)
    _bookmark, created = services.bookmark_session(user=user, session=session)
    scheduled = services.reminder_due(user=user, session=session) is not None
    return Status(
        201 if created else 200, {"session_id": session.pk, "bookmarked": True, "reminder_scheduled": scheduled}
    )


@router.delete("/agenda/bookmarks/{session_id}", response={200: BookmarkOut, **WRITE_ERRORS})
def remove_bookmark(request: HttpRequest, session_id: int):
    """Remove a bookmark (none: still 200); its reminder is cancelled."""
    user = _user(request)
    session = _session(session_id)
    services.unbookmark_session(user=user, session=session)
    return {"session_id": session.pk, "bookmarked": False}


@router.get("/agenda/settings", response={200: SettingsOut, **READ_ERRORS})
def get_settings(request: HttpRequest, lang: str | None = Query(None, description=LANG_HELP)):
    """My reminder lead time and my private calendar feed's URL (keep it secret)."""
    return _settings_out(request, services.settings_for(_user(request)), lang)


@router.patch("/agenda/settings", response={200: SettingsOut, **WRITE_ERRORS})
def change_settings(request: HttpRequest, data: SettingsIn):
    """Change the reminder lead time (minutes before a bookmarked session; 0: no reminders)."""
    user = _user(request)
    return _settings_out(request, services.set_reminder_minutes(user=user, minutes=data.reminder_minutes))


@router.post("/agenda/feed/rotate", response={200: SettingsOut, **WRITE_ERRORS})
def rotate_feed(request: HttpRequest, lang: str | None = Query(None, description=LANG_HELP)):
    """A new secret feed URL: the old one stops working at once (subscribe again with the new one)."""
    return _settings_out(request, services.rotate_feed_token(user=_user(request)), lang)


@router.get(
    "/agenda/sessions/{session_id}.ics",
    auth=None,
    response={200: None, **errors(404, 422)},
    openapi_extra={"responses": {200: {"description": "An iCalendar file", "content": {"text/calendar": {}}}}},
)
def session_calendar(request: HttpRequest, session_id: int, lang: str | None = Query(None, description=LANG_HELP)):
    """One session as an .ics file to add to a calendar (anyone may download it)."""
    session = _session(session_id)
    body = session_ics(session, base_url=request.build_absolute_uri("/")[:-1], language=_language(lang))
    return _ics_response(body, f"session-{session.pk}.ics")


@router.get(
    "/agenda/feed/{token}.ics",
    auth=None,
    response={200: None, **errors(404, 422)},
    openapi_extra={"responses": {200: {"description": "An iCalendar feed", "content": {"text/calendar": {}}}}},
)
def feed_calendar(request: HttpRequest, token: str, lang: str | None = Query(None, description=LANG_HELP)):
    """A person's private calendar feed (bookmarked sessions and meetings), by its secret
    token alone; an unknown or rotated token is 404."""
    settings = (
        AgendaSettings.objects.select_related("user").filter(feed_token=token).first() if TOKEN.match(token) else None
    )
    if settings is None or not settings.user.is_active:
        raise LiveError(ErrorCode.NOT_FOUND, "No such calendar feed.")
    from datetime import UTC

    items = selectors.agenda_items(settings.user, UTC)
    lang_ = _language(lang)
    name = "我的日程 · Pavilion" if lang_ == "zh" else "My agenda · Pavilion"
    body = calendar_bytes(items, name=name, base_url=request.build_absolute_uri("/")[:-1], language=lang_)
    response = _ics_response(body, "agenda.ics")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["Referrer-Policy"] = "no-referrer"
    return response
