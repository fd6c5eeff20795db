"""Roadshows: a session's pitches (public), their organizers' writes, meeting requests to a
presenter, the report per pitch. Moving the stage between pitches is a socket command
(`roadshow.go`, activities/protocol.py)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from activities import roadshows
from live.http_api import errors, session_auth

router = Router()
READ_ERRORS = errors(401, 403, 404, 422)
WRITE_ERRORS = errors(400, 401, 403, 404, 422)


class RoadshowIn(Schema):
    session_id: int = Field(..., ge=1, le=2**31 - 1)


class PitchIn(Schema):
    # Optional in the schema so that the right is checked before the input.
    title: str | None = Field(None, max_length=1000)
    title_en: str | None = Field(None, max_length=1000)
    summary: str | None = Field(None, max_length=20000)
    summary_en: str | None = Field(None, max_length=20000)
    presenter_id: int | None = Field(None, ge=1, le=2**31 - 1)
    posting_id: int | None = Field(None, ge=1, le=2**31 - 1)
    organisation_id: int | None = Field(None, ge=1, le=2**31 - 1)
    slides_url: str | None = Field(None, max_length=1000)
    video_url: str | None = Field(None, max_length=1000)
    starts_at: datetime | None = None
    minutes: int | None = Field(None, ge=1, le=120)


class SlotIn(Schema):
    start: datetime
    end: datetime


class MeetingRequestIn(Schema):
    slots: list[SlotIn] = Field(default_factory=list, max_length=3)
    message: str | None = Field(None, max_length=1000)


@router.post("/activities/roadshows", auth=session_auth, response={201: dict, **WRITE_ERRORS})
def create_roadshow(request: HttpRequest, data: RoadshowIn):
    """Make a programme session a roadshow (the conference's organizers, or the session's sub-venue's)."""
    roadshow = roadshows.create_roadshow(by=request.user, session_id=data.session_id)
    return Status(201, roadshows.roadshow_out(roadshow))


@router.get("/activities/roadshows/{int:session_id}", response={200: dict, **READ_ERRORS})
def roadshow_detail(request: HttpRequest, session_id: int):
    """The roadshow's pitches in order, with the one on the stage now."""
    return roadshows.roadshow_out(roadshows.get_roadshow(session_id))


@router.post("/activities/roadshows/{int:session_id}/pitches", auth=session_auth, response={201: dict, **WRITE_ERRORS})
def add_pitch(request: HttpRequest, session_id: int, data: PitchIn):
    roadshow = roadshows.get_roadshow(session_id)
    fields = data.dict(exclude_none=True)
    pitch = roadshows.add_pitch(
        by=request.user,
        roadshow=roadshow,
        title=fields.pop("title", ""),
        presenter_id=fields.pop("presenter_id", 0),
        starts_at=fields.pop("starts_at", None),
        **fields,
    )
    return Status(201, roadshows.pitch_out(pitch, roadshow.pitches.count(), None))


@router.post(
    "/activities/pitches/{int:pitch_id}/meeting-requests", auth=session_auth, response={201: dict, **WRITE_ERRORS}
)
def request_meeting(request: HttpRequest, pitch_id: int, data: MeetingRequestIn):
    """Ask the presenter for a meeting about the pitch (one to three slots)."""
    meeting = roadshows.request_meeting(
        by=request.user, pitch_id=pitch_id, slots=[s.dict() for s in data.slots], message=data.message or ""
    )
    return Status(201, {"meeting_id": meeting.pk, "status": meeting.status, "url": f"/meetings/{meeting.pk}/"})


@router.get("/activities/roadshows/{int:session_id}/report", auth=session_auth, response={200: dict, **READ_ERRORS})
def report(request: HttpRequest, session_id: int):
    """Viewers, questions and meeting requests per pitch (organizers: all; presenters: theirs)."""
    return roadshows.report(by=request.user, session_id=session_id)


@router.post("/activities/pitches/{int:pitch_id}/media", auth=session_auth, response={200: dict, **WRITE_ERRORS})
def set_media(request: HttpRequest, pitch_id: int):
    """Multipart: `slides` (PDF) and/or `video` (MP4, WebM), or `remove_slides` / `remove_video`
    = 1. The presenter and the roadshow's organizers; checked by the files' bytes and sizes."""
    from activities import pitch_media

    pitch_media.pitch_for_edit(request.user, pitch_id)
    pitch = pitch_media.set_media(
        by=request.user,
        pitch_id=pitch_id,
        slides=request.FILES.get("slides"),
        video=request.FILES.get("video"),
        remove_slides=request.POST.get("remove_slides") in ("1", "true"),
        remove_video=request.POST.get("remove_video") in ("1", "true"),
    )
    return roadshows.pitch_out(pitch, pitch.roadshow.pitches.count(), None)


@router.get("/activities/pitches/{int:pitch_id}/slides", response={200: None, **READ_ERRORS})
def slides(request: HttpRequest, pitch_id: int):
    """The pitch's uploaded slides (PDF, inline) for the audience."""
    from activities import pitch_media

    return pitch_media.serve(request, pitch_id, "slides")


@router.get("/activities/pitches/{int:pitch_id}/video", response={200: None, 206: None, **READ_ERRORS})
def video(request: HttpRequest, pitch_id: int):
    """The pitch's uploaded video for the audience (Range: one byte range, 206)."""
    from activities import pitch_media

    return pitch_media.serve(request, pitch_id, "video")
