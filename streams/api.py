"""The read API at /api/: the programme and the stages (stream state, recordings), for the
browser client and scripts; the generic room endpoints are live's (live/api.py).

Anonymous by default; a browser's session cookie or an `Authorization: Bearer <token>`
(manage.py create_api_token) identifies the caller where that matters (stages closed to
guests). Writes happen over the WebSocket. A router of
the site's API (config/api.py); refusals in its one error shape (live/http_api.py).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from live.errors import LiveError
from live.http_api import caller, errors, map_exception
from live.protocol import ErrorCode
from live.services.rooms import open_room
from streams import selectors
from streams.schemas import EventOut, ProgrammeOut, SessionDetailOut
from streams.timezones import InvalidTimezone, parse_timezone, viewer_timezone

router = Router()
map_exception(InvalidTimezone, 400, "invalid_timezone")

TZ_HELP = "IANA time zone for the times, e.g. Europe/Berlin; default: yours, else the event's (Asia/Shanghai)."
ERRORS = errors(400, 404, 422)
ROOM_ERRORS = errors(401, 403, 404)


def not_found(what: str) -> LiveError:
    return LiveError(ErrorCode.NOT_FOUND, f"No {what}.")


@router.get("/events/", response={200: list[EventOut], **errors(400, 422)}, tags=["programme"])
def list_events(request: HttpRequest, tz: str | None = Query(None, description=TZ_HELP)):
    if tz is not None:
        parse_timezone(tz)  # refused even when there is no event to show
    return [
        selectors.event_item(event, viewer_timezone(requested=tz, user=request.user, event=event))
        for event in selectors.list_events()
    ]


@router.get("/events/{slug}/programme", response={200: ProgrammeOut, **ERRORS}, tags=["programme"])
def event_programme(request: HttpRequest, slug: str, tz: str | None = Query(None, description=TZ_HELP)):
    event = selectors.get_event(slug)
    zone = viewer_timezone(requested=tz, user=request.user, event=event)
    if event is None:
        raise not_found(f"event {slug!r}")
    from streams.session_filters import from_query  # filters of apps above (sub-venue, region)

    return selectors.programme_document(event, zone, only=from_query(request.GET))


@router.get("/sessions/{session_id}", response={200: SessionDetailOut, **ERRORS}, tags=["programme"])
def session_detail(request: HttpRequest, session_id: int, tz: str | None = Query(None, description=TZ_HELP)):
    session = selectors.get_session(session_id)
    zone = viewer_timezone(requested=tz, user=request.user, event=session.event if session else None)
    if session is None:
        raise not_found(f"session {session_id}")
    return selectors.session_detail(session, zone)


class StagePublisherOut(Schema):
    publisher_id: str
    user: dict | None
    kinds: list[str]


class RecordingOut(Schema):
    url: str
    started_at: str
    ended_at: str | None
    duration_seconds: float | None


class StageStreamBase(Schema):
    state: str
    changed_at: str | None
    publishers: list[StagePublisherOut]
    hls_url: str | None
    recordings: list[RecordingOut]


def _stage_stream_schema() -> type[Schema]:
    """The stage state with the lists apps pin on it (streams.pins, registered in their
    AppConfig.ready, so before this module is imported by the URLs)."""
    from pydantic import Field, create_model

    from streams.pins import STAGE_PINS

    fields = {name: (list[pins.item], Field(description=pins.description)) for name, pins in STAGE_PINS.items()}
    return create_model("StageStreamOut", __base__=StageStreamBase, **fields)


StageStreamOut = _stage_stream_schema()


@router.get("/rooms/{slug}/stage", response={200: StageStreamOut, **ROOM_ERRORS}, tags=["rooms"])
def stage_stream(request: HttpRequest, slug: str):
    """A stage's stream state (scheduled, live, paused, ended), its WebRTC publishers and HLS
    stream on this server, its recordings and what is pinned on it (job postings)."""
    from streams.packaging import stage_snapshot

    room, _access = open_room(slug=slug, user=caller(request))
    return stage_snapshot(room.pk)


@router.get(
    "/rooms/{slug}/recordings",
    response={200: list[RecordingOut], **ROOM_ERRORS},
    tags=["rooms"],
)
def stage_recordings(request: HttpRequest, slug: str):
    """A stage's finished recordings (HLS VOD playlists), oldest first."""
    from streams.recordings import recordings_of

    room, _access = open_room(slug=slug, user=caller(request))
    return recordings_of(room.pk)


# The organizer's upload of a session's pre-recorded video (simulive).
from streams.simulive_api import router as simulive_router  # noqa: E402

router.add_router("", simulive_router)
# Who interprets a session into which language (organizers, the event's moderators).
from streams.interpreter_api import router as interpreter_router  # noqa: E402

router.add_router("", interpreter_router)
