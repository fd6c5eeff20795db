"""Jobs pinned next to the video of recruitment livestreams, plugged into the stage state
through streams.pins (streams knows nothing of jobs)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from live.errors import LiveError
from live.protocol import ErrorCode
from recruitment.models import Job, PinnedJob
from recruitment.protocol import PinnedJobOut
from streams.models import Session
from streams.pins import StagePins, changed, pinning_session

# More would crowd the panel next to the video.
MAX_PINNED = 10


def job_page(job_id: int) -> str:
    return f"/jobs/{job_id}/"


def job_out(job: Job) -> dict[str, Any]:
    organisation = job.organisation
    return {
        "id": job.pk,
        "title": job.title or job.title_en,
        "title_en": job.title_en,
        "employer": organisation.name,
        "employer_en": organisation.name_en,
        "location": job.city or job.city_en,
        "salary": job.salary_text,
        "url": job.external_url or job_page(job.pk),
        "page": job_page(job.pk),
    }


def pinned_jobs(room_id: int) -> list[dict[str, Any]]:
    pins = PinnedJob.objects.filter(session__room_id=room_id).select_related("job__organisation")
    return [job_out(pin.job) for pin in pins.order_by("pinned_at", "pk")]


PINS = StagePins(
    field="pinned_jobs",
    event="stage.jobs",
    item=PinnedJobOut,
    items=pinned_jobs,
    description="Jobs pinned next to the video (recruitment livestreams), in pinning order.",
    session_kinds=frozenset({Session.Kind.RECRUITMENT_LIVESTREAM.value}),
    noun="jobs",
    where="recruitment livestreams",
)


def pin_job(*, room_id: int, user, roles, job_id: int) -> dict[str, Any]:
    """Pin a published job on the stage; returns the `stage.jobs` event (published after commit)."""
    from recruitment.selectors import is_open

    with transaction.atomic():
        session = pinning_session(room_id, roles, PINS)
        job = Job.objects.filter(pk=job_id).exclude(status=Job.Status.DRAFT).first()
        if job is None:
            raise LiveError(ErrorCode.NOT_FOUND, f"field 'job_id': no job {job_id}.")
        if not is_open(job):
            raise LiveError(ErrorCode.INVALID_STATE, f"Job {job_id} is closed.")
        if PinnedJob.objects.filter(session=session, job=job).exists():
            raise LiveError(ErrorCode.INVALID_STATE, f"Job {job_id} is already pinned here.")
        if PinnedJob.objects.filter(session=session).count() >= MAX_PINNED:
            raise LiveError(ErrorCode.INVALID_STATE, f"At most {MAX_PINNED} jobs can be pinned.", limit=MAX_PINNED)
        try:
            with transaction.atomic():
                PinnedJob.objects.create(session=session, job=job, pinned_by=user if user.is_authenticated else None)
        except IntegrityError as error:
            raise LiveError(ErrorCode.INVALID_STATE, f"Job {job_id} is already pinned here.") from error
        return changed(room_id, PINS)


def unpin_job(*, room_id: int, user, roles, job_id: int) -> dict[str, Any]:
    with transaction.atomic():
        session = pinning_session(room_id, roles, PINS)
        deleted, _ = PinnedJob.objects.filter(session=session, job_id=job_id).delete()
        if not deleted:
            raise LiveError(ErrorCode.NOT_FOUND, f"field 'job_id': job {job_id} is not pinned here.")
        return changed(room_id, PINS)


def unpin_everywhere(job: Job) -> None:
    """A closed job leaves every stage it was pinned on (each stage hears `stage.jobs`).
    Inside the closing transaction."""
    room_ids = list(
        PinnedJob.objects.filter(job=job, session__room__isnull=False).values_list("session__room_id", flat=True)
    )
    PinnedJob.objects.filter(job=job).delete()
    for room_id in sorted(set(room_ids)):
        changed(room_id, PINS)
