"""The read API at /api/: the programme and rooms, for the browser client and scripts.

Anonymous by default; a browser's session cookie or an `Authorization: Bearer <token>`
(manage.py create_api_token) identifies the caller where that matters (room history of
rooms closed to guests, your roles in a room). Writes happen over the WebSocket.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Query, Schema

from accounts.services import authenticate_token
from live.errors import LiveError
from live.protocol import ErrorCode
from live.services.rooms import open_room
from streams import selectors
from streams.schemas import ErrorOut, EventOut, HistoryOut, ProgrammeOut, RoomOut, SessionDetailOut
from streams.timezones import InvalidTimezone, parse_timezone, viewer_timezone

api = NinjaAPI(
    title="Pavilion read API",
    version="1",
    description="The conference programme (in any time zone) and the live rooms' settings and history.",
    urls_namespace="api",
)

TZ_HELP = "IANA time zone for the times, e.g. Europe/Berlin; default: yours, else the event's (Asia/Shanghai)."
ERRORS = {400: ErrorOut, 404: ErrorOut}
LIVE_STATUS = {ErrorCode.NOT_FOUND: 404, ErrorCode.AUTH_REQUIRED: 401, ErrorCode.BANNED: 403, ErrorCode.FORBIDDEN: 403}


@api.exception_handler(InvalidTimezone)
def invalid_timezone(request: HttpRequest, error: InvalidTimezone):
    return api.create_response(request, {"detail": str(error), "code": "invalid_timezone"}, status=400)


@api.exception_handler(LiveError)
def live_error(request: HttpRequest, error: LiveError):
    status = LIVE_STATUS.get(error.code, 400)
    return api.create_response(request, {"detail": error.message, "code": str(error.code)}, status=status)


def not_found(what: str) -> LiveError:
    return LiveError(ErrorCode.NOT_FOUND, f"No {what}.")


def caller(request: HttpRequest):
    """The session's user, or the owner of a bearer token (an unknown token is refused)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = authenticate_token(header[7:].strip())
        if user is None:
            raise LiveError(ErrorCode.AUTH_REQUIRED, "Unknown or revoked API token.")
        return user
    return request.user


@api.get("/events/", response={200: list[EventOut], 400: ErrorOut}, tags=["programme"])
def list_events(request: HttpRequest, tz: str | None = Query(None, description=TZ_HELP)):
    if tz is not None:
        parse_timezone(tz)  # refused even when there is no event to show
    return [
        selectors.event_item(event, viewer_timezone(requested=tz, user=request.user, event=event))
        for event in selectors.list_events()
    ]


@api.get("/events/{slug}/programme", response={200: ProgrammeOut, **ERRORS}, tags=["programme"])
def event_programme(request: HttpRequest, slug: str, tz: str | None = Query(None, description=TZ_HELP)):
    event = selectors.get_event(slug)
    zone = viewer_timezone(requested=tz, user=request.user, event=event)
    if event is None:
        raise not_found(f"event {slug!r}")
    return selectors.programme_document(event, zone)


@api.get("/sessions/{session_id}", response={200: SessionDetailOut, **ERRORS}, tags=["programme"])
def session_detail(request: HttpRequest, session_id: int, tz: str | None = Query(None, description=TZ_HELP)):
    session = selectors.get_session(session_id)
    zone = viewer_timezone(requested=tz, user=request.user, event=session.event if session else None)
    if session is None:
        raise not_found(f"session {session_id}")
    return selectors.session_detail(session, zone)


@api.get("/rooms/{slug}", response={200: RoomOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}, tags=["rooms"])
def room_detail(request: HttpRequest, slug: str):
    user = caller(request)
    room = selectors.get_room(slug)
    if room is None:
        raise not_found(f"room {slug!r}")
    return selectors.room_overview(room, user)


@api.get(
    "/rooms/{slug}/history",
    response={200: HistoryOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    tags=["rooms"],
)
def room_history(
    request: HttpRequest,
    slug: str,
    after_seq: int = Query(0, ge=0, description="Return events with seq greater than this."),
    limit: int = Query(50, ge=1, le=200, description="At most this many events."),
):
    room, _access = open_room(slug=slug, user=caller(request))
    return selectors.room_history(room, after_seq=after_seq, limit=limit)


class StagePublisherOut(Schema):
    publisher_id: str
    user: dict | None
    kinds: list[str]


class RecordingOut(Schema):
    url: str
    started_at: str
    ended_at: str | None
    duration_seconds: float | None


class PinnedJobOut(Schema):
    id: int
    title: str
    title_en: str
    employer: str
    employer_en: str
    location: str
    salary: str
    url: str


class StageStreamOut(Schema):
    state: str
    changed_at: str | None
    publishers: list[StagePublisherOut]
    hls_url: str | None
    recordings: list[RecordingOut]
    pinned_jobs: list[PinnedJobOut]


@api.get(
    "/rooms/{slug}/stage", response={200: StageStreamOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}, tags=["rooms"]
)
def stage_stream(request: HttpRequest, slug: str):
    """A stage's stream state (scheduled, live, paused, ended), its WebRTC publishers and HLS
    stream on this server, its recordings and its pinned job postings."""
    from streams.packaging import stage_snapshot

    room, _access = open_room(slug=slug, user=caller(request))
    return stage_snapshot(room.pk)


@api.get(
    "/rooms/{slug}/recordings",
    response={200: list[RecordingOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    tags=["rooms"],
)
def stage_recordings(request: HttpRequest, slug: str):
    """A stage's finished recordings (HLS VOD playlists), oldest first."""
    from streams.recordings import recordings_of

    room, _access = open_room(slug=slug, user=caller(request))
    return recordings_of(room.pk)
