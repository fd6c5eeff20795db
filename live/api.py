"""The generic room endpoints of the site's JSON API (config/api.py): a room's settings and
your roles in it, and its history by seq, for the browser client and scripts. Any room of
any kind; apps add fields to the room's answer (live.registry.register_room_detail) and
their own endpoints in their own routers (stages: streams/api.py).

Anonymous by default; a browser's session cookie or an `Authorization: Bearer <token>`
identifies the caller (history of rooms closed to guests, your roles). Writes happen over
the WebSocket. Imported by config/api.py once every app is ready, so the room's answer
lists every registered field.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import create_model

from live import selectors
from live.errors import LiveError
from live.http_api import caller, errors
from live.models import Room
from live.protocol import ErrorCode
from live.registry import ROOM_DETAILS
from live.services.rooms import open_room

router = Router()
ROOM_ERRORS = errors(401, 403, 404)


class YouOut(Schema):
    authenticated: bool
    roles: list[str]
    moderator: bool
    can_post: bool


class RoomBaseOut(Schema):
    slug: str
    kind: str
    name: str
    allow_guests: bool
    qa_moderated: bool
    slow_mode_seconds: int
    locked: bool
    last_seq: int
    you: YouOut


RoomOut = create_model(
    "RoomOut",
    __base__=RoomBaseOut,
    **{name: (d.annotation, Field(description=d.description)) for name, d in ROOM_DETAILS.items()},
)


class HistoryOut(Schema):
    room: str
    events: list[dict[str, Any]]
    next_after_seq: int
    has_more: bool
    last_seq: int


@router.get("/rooms/{slug}", response={200: RoomOut, **ROOM_ERRORS}, tags=["rooms"])
def room_detail(request: HttpRequest, slug: str):
    user = caller(request)
    room = Room.objects.filter(slug=slug).first()
    if room is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No room {slug!r}.")
    return selectors.room_overview(room, user)


@router.get(
    "/rooms/{slug}/history",
    response={200: HistoryOut, **ROOM_ERRORS, **errors(422)},
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
