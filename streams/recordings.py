"""Recordings of stages (one per packaging run, streams.hls): writes and reads.

The database is what every process reads: a run's row is written once its first segment is
stored (`start_recording`), so the row of a stage's unfinished run is also where any process
finds the live playlist (`live_hls_url`), wherever the publisher and its encoder are."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from streams.hls import LIVE_PLAYLIST, PLAYLIST, run_url
from streams.models import Recording, Session


def start_recording(
    *, room_id: int, room_slug: str, run_id: str, started_at: datetime, writer: str = ""
) -> Recording | None:
    session = Session.objects.filter(room_id=room_id).only("pk").first()
    if session is None:
        return None
    return Recording.objects.create(
        session=session, room_slug=room_slug, run_id=run_id, started_at=started_at, writer=writer
    )


def finish_recording(
    *,
    run_id: str,
    duration_seconds: float,
    ended_at: datetime | None = None,
    room_id: int | None = None,
    room_slug: str = "",
    started_at: datetime | None = None,
) -> None:
    """Close the run's row (creating it from room_id/room_slug/started_at if it is missing)."""
    ended_at = ended_at or timezone.now()
    updated = Recording.objects.filter(run_id=run_id).update(ended_at=ended_at, duration_seconds=duration_seconds)
    if not updated and room_id is not None:
        started_at = started_at or ended_at
        created = start_recording(room_id=room_id, room_slug=room_slug, run_id=run_id, started_at=started_at)
        if created is not None:
            Recording.objects.filter(pk=created.pk).update(ended_at=ended_at, duration_seconds=duration_seconds)


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


def live_hls_url(room_id: int) -> str | None:
    """The live playlist of the stage's newest unfinished run while the stage is live (sync)."""
    run = (
        Recording.objects.filter(
            session__room_id=room_id, session__stream_state=Session.StreamState.LIVE, ended_at__isnull=True
        )
        .order_by("-started_at", "-pk")
        .only("room_slug", "run_id")
        .first()
    )
    return run_url(run.room_slug, run.run_id, LIVE_PLAYLIST) if run is not None else None


def live_stage_slug(room_id: int) -> str | None:
    """The stage room's slug if its stream is live (sync)."""
    session = Session.objects.filter(room_id=room_id, stream_state=Session.StreamState.LIVE)
    return session.values_list("room__slug", flat=True).first()


def recordings_of(room_id: int) -> list[dict[str, Any]]:
    """The stage's finished recordings, oldest first."""
    rows = Recording.objects.filter(session__room_id=room_id, ended_at__isnull=False).order_by("started_at", "pk")
    return [recording_out(row) for row in rows]
