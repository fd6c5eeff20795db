"""Reads: zones, their pages' data, the job board (filters, search), employers' jobs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from recruitment.models import Job


def today() -> dt.date:
    return timezone.localdate()


def is_open(job: Job, on: dt.date | None = None) -> bool:
    """Published and its deadline (inclusive, in the site's zone) not passed."""
    return job.status == Job.Status.PUBLISHED and (job.deadline is None or job.deadline >= (on or today()))


# Enough for a pick list; a fair's jobs beyond that are pinned by id.
PINNABLE_JOBS_SHOWN = 300


def open_jobs():
    """Published jobs whose deadline has not passed."""
    from django.db.models import Q

    return Job.objects.filter(status=Job.Status.PUBLISHED).filter(Q(deadline__isnull=True) | Q(deadline__gte=today()))


def pinnable_jobs(room_id: int) -> list[dict] | None:
    """The open jobs a stage's moderators may pin, or None when the room is no recruitment
    livestream."""
    from streams.models import Session

    kind = Session.objects.filter(room_id=room_id).values_list("kind", flat=True).first()
    if kind != Session.Kind.RECRUITMENT_LIVESTREAM:
        return None
    jobs = open_jobs().select_related("organisation")[:PINNABLE_JOBS_SHOWN]
    return [{"id": job.pk, "title": job.display_title, "employer": job.organisation.name} for job in jobs]
