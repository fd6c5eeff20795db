"""Recordings of stages (one per packaging run, streams.hls): writes and reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from streams.hls import PLAYLIST, run_url
from streams.models import Recording, Session


def start_recording(*, room_id: int, room_slug: str, run_id: str, started_at: datetime) -> Recording | None:
    session = Session.objects.filter(room_id=room_id).only("pk").first()
    if session is None:
        return None
    return Recording.objects.create(session=session, room_slug=room_slug, run_id=run_id, started_at=started_at)


def finish_recording(*, run_id: str, duration_seconds: float, ended_at: datetime | None = None) -> None:
    Recording.objects.filter(run_id=run_id).update(
        ended_at=ended_at or timezone.now(), duration_seconds=duration_seconds
    )


def discard_recording(run_id: str) -> None:
    """A run that never produced a segment (the publisher left at once) leaves no recording."""
    Recording.objects.filter(run_id=run_id).delete()


def recording_out(recording: Recording) -> dict[str, Any]:
    return {
        "url": run_url(recording.room_slug, recording.run_id, PLAYLIST),
        "started_at": recording.started_at.isoformat(),
        "ended_at": recording.ended_at.isoformat() if recording.ended_at else None,
        "duration_seconds": recording.duration_seconds,
    }


def recordings_of(room_id: int) -> list[dict[str, Any]]:
    """The stage's finished recordings, oldest first."""
    rows = Recording.objects.filter(session__room_id=room_id, ended_at__isnull=False).order_by("started_at", "pk")
    return [recording_out(row) for row in rows]
