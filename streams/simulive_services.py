"""Simulive's writes and reads (sync, the ORM): attaching a session's pre-recorded video,
taking it on air at the session's start and off at the video's end (the Celery beat task
streams.tasks.simulive_tick), a moderator's switch between the video and a live speaker,
and what each server process should be playing (streams.simulive_runtime)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from live.errors import LiveError
from live.models import RoomEvent
from live.protocol import ErrorCode
from streams import stage
from streams.models import Session
from streams.simulive_files import as_django_file, checked_video

State = Session.StreamState
Source = Session.Source
# The state changes are the scheduler's, not a person's: it may do what a moderator may.
SCHEDULER_ROLES = frozenset({"moderator"})
# A beat that comes this late after the start still starts the video at its beginning (so
# the start is the programme's); later (the worker was down), position 0 is when it came.
START_GRACE = timedelta(seconds=60)


# --- the organizer's file --------------------------------------------------------------


def attach_video(*, session: Session, upload: Any, by) -> Session:
    """Check `upload` (simulive_files) and keep it as the session's pre-recorded video,
    replacing an earlier one. Only organizers; not once the stage is on air or over."""
    if by is None or not by.is_authenticated or not by.is_organizer:
        raise PermissionDenied("Only organizers attach a session's pre-recorded video.")
    if session.stream_state != State.SCHEDULED:
        raise LiveError(
            ErrorCode.INVALID_STATE,
            f"The stage is {session.stream_state}: its video can only be changed before it goes live.",
            state=session.stream_state,
        )
    extension, seconds = checked_video(upload)
    previous = session.prerecorded_video.name
    session.prerecorded_video.save(
        f"{session.event.slug}-{session.slug}.{extension}", as_django_file(upload, f"video.{extension}"), save=False
    )
    session.prerecorded_seconds = round(seconds, 3)
    session.stage_source = Source.VIDEO
    session.save(update_fields=["prerecorded_video", "prerecorded_seconds", "stage_source"])
    if previous and previous != session.prerecorded_video.name:
        with contextlib.suppress(OSError):
            session.prerecorded_video.storage.delete(previous)
    return session


def video_info(session: Session) -> dict[str, Any]:
    return {
        "session_id": session.pk,
        "video": bool(session.prerecorded_video),
        "seconds": session.prerecorded_seconds,
        "source": session.stage_source,
        "started_at": session.simulive_started_at.isoformat() if session.simulive_started_at else None,
    }


# --- the scheduler (Celery beat) -------------------------------------------------------


def _with_video():
    return Session.objects.exclude(prerecorded_video="").filter(room__isnull=False)


def start_due(now: datetime | None = None) -> list[int]:
    """Sessions with a video whose start has come and that nobody took live: on air now,
    the video from its beginning. Returns their ids."""
    now = now or timezone.now()
    started = []
    due = _with_video().filter(stream_state=State.SCHEDULED, starts_at__lte=now, ends_at__gt=now)
    for session_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            session = Session.objects.select_for_update().filter(pk=session_id).first()
            if session is None or session.stream_state != State.SCHEDULED:
                continue  # someone else took it live meanwhile
            zero = session.starts_at if now - session.starts_at <= START_GRACE else now
            session.simulive_started_at = zero
            session.save(update_fields=["simulive_started_at"])
            stage.set_stream_state(room_id=session.room_id, user=None, roles=SCHEDULER_ROLES, state=State.LIVE)
            started.append(session_id)
    return started


def finish_due(now: datetime | None = None) -> list[int]:
    """Stages playing their video that reached its end: ended (the stage's recording is
    what was played). Returns their ids."""
    now = now or timezone.now()
    finished = []
    playing = _with_video().filter(
        stream_state__in=(State.LIVE, State.PAUSED), stage_source=Source.VIDEO, simulive_started_at__isnull=False
    )
    for session in playing.only("pk", "room_id", "simulive_started_at", "prerecorded_seconds"):
        seconds = session.prerecorded_seconds or 0
        if session.simulive_started_at + timedelta(seconds=seconds) > now:
            continue
        with contextlib.suppress(LiveError), transaction.atomic():
            stage.set_stream_state(room_id=session.room_id, user=None, roles=SCHEDULER_ROLES, state=State.ENDED)
            finished.append(session.pk)
    return finished


def tick(now: datetime | None = None) -> dict[str, list[int]]:
    now = now or timezone.now()
    return {"started": start_due(now), "finished": finish_due(now)}


# --- the moderator's switch ------------------------------------------------------------


def switch_source(*, room_id: int, roles: frozenset[str], source: str) -> dict[str, Any]:
    """Show the pre-recorded video or a live speaker on the stage. Back to the video, it
    goes on at its live position (the time since it went on air), as if it never stopped."""
    if "moderator" not in roles:
        raise LiveError(ErrorCode.FORBIDDEN, "Only the stage's moderators switch what it shows.")
    if source not in Source.values:
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'source': one of {', '.join(Source.values)}.")
    with transaction.atomic():
        session = Session.objects.select_for_update().filter(room_id=room_id).first()
        if session is None:
            raise LiveError(ErrorCode.NOT_FOUND, "This room is not a stage.")
        if not session.prerecorded_video:
            raise LiveError(ErrorCode.INVALID_STATE, "This stage has no pre-recorded video.", state="no_video")
        if session.stream_state == State.ENDED:
            raise LiveError(ErrorCode.INVALID_STATE, "The stage has ended.", state=session.stream_state)
        session.stage_source = source
        if source == Source.VIDEO and session.stream_state != State.SCHEDULED and not session.simulive_started_at:
            session.simulive_started_at = timezone.now()  # taken live by hand before the video
        session.save(update_fields=["stage_source", "simulive_started_at"])
    return video_info(session)


# --- what the server processes play (streams.simulive_runtime) -------------------------


@dataclass(frozen=True)
class Wanted:
    room_id: int
    room_slug: str
    path: str
    started_at: float  # Unix time of position 0


def wanted_stages() -> list[Wanted]:
    """The stages that should be playing their video now: on air, showing the video."""
    rows = _with_video().filter(
        stream_state__in=(State.LIVE, State.PAUSED), stage_source=Source.VIDEO, simulive_started_at__isnull=False
    )
    wanted = []
    for session in rows.select_related("room"):
        try:
            path = session.prerecorded_video.path
        except NotImplementedError:  # a storage without local files: not playable here
            continue
        wanted.append(Wanted(session.room_id, session.room.slug, path, session.simulive_started_at.timestamp()))
    return wanted


def latest_state_event(room_id: int) -> dict[str, Any] | None:
    """The stored `stage.state` event (to hand again to the connections of a process that
    did not hear it: the scheduler's process may share no channel layer with this one)."""
    event = RoomEvent.objects.filter(room_id=room_id, type="stage.state").order_by("-seq").first()
    return None if event is None else {"seq": event.seq, "data": event.data}
