"""The streams app's background work (Celery; beat: config/settings.py CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from streams import abandoned_runs, calls, simulive_services


@shared_task
def simulive_tick() -> dict[str, list[int]]:
    """Take the sessions with a pre-recorded video on air at their start, and off at the
    video's end (streams.simulive_services)."""
    return simulive_services.tick()


@shared_task
def finish_abandoned_runs() -> dict[str, list[str]]:
    """Finish the recordings whose writer process is gone for good (streams.abandoned_runs)."""
    swept = abandoned_runs.finish_abandoned_runs()
    return {"finished": swept.finished, "removed": swept.removed, "recovered": swept.recovered}


@shared_task
def expire_overdue_rings() -> list[str]:
    """Rings whose process died before its ring timer fired become missed (streams.calls)."""
    return calls.sweep_overdue_rings()
