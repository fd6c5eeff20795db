"""The demo's pre-recorded videos (streams.demo): one generated video (streams.simulive_media,
written once into media storage, nothing binary in the repository) on the opening ceremony
and on the main forum. With `--live-now` the opening plays it at once, from its beginning;
the main forum goes on air at its start through the scheduler (Celery beat)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from streams import stage
from streams.models import Session
from streams.simulive_media import generate_video
from streams.simulive_services import SCHEDULER_ROLES

DEMO_VIDEO = "simulive/demo-programme.webm"
DEMO_SESSIONS = ("opening-ceremony", "main-forum")


def demo_seconds() -> int:
    """The generated video's length: 10 minutes (about 15 s to write on an idle core), less in the tests."""
    return int(getattr(settings, "SIMULIVE", {}).get("DEMO_SECONDS", 10 * 60))


def demo_video() -> tuple[str, float]:
    """The demo video's storage name and length, written when missing (or of another length)."""
    seconds = demo_seconds()
    path = Path(settings.MEDIA_ROOT) / DEMO_VIDEO
    stamp = path.with_suffix(".seconds")
    if not path.exists() or not stamp.exists() or stamp.read_text().strip() != str(seconds):
        generate_video(path, seconds=seconds, width=320, height=180, fps=10)
        stamp.write_text(str(seconds))
    return DEMO_VIDEO, float(seconds)


def attach_demo_videos(event, *, live_now: bool) -> list[Session]:
    """Give the demo's sessions the video; with `live_now`, put the opening on air playing it
    now (unless it is already on air or over: loading again changes nothing there)."""
    name, seconds = demo_video()
    sessions = list(Session.objects.filter(event=event, slug__in=DEMO_SESSIONS))
    for session in sessions:
        if session.prerecorded_video.name != name or session.prerecorded_seconds != seconds:
            session.prerecorded_video.name, session.prerecorded_seconds = name, seconds
            session.save(update_fields=["prerecorded_video", "prerecorded_seconds"])
    opening = next((s for s in sessions if s.slug == DEMO_SESSIONS[0]), None)
    if live_now and opening is not None and opening.stream_state == Session.StreamState.SCHEDULED:
        with transaction.atomic():
            opening.simulive_started_at = timezone.now()
            opening.stage_source = Session.Source.VIDEO
            opening.save(update_fields=["simulive_started_at", "stage_source"])
            stage.set_stream_state(
                room_id=opening.room_id, user=None, roles=SCHEDULER_ROLES, state=Session.StreamState.LIVE
            )
    return sessions
