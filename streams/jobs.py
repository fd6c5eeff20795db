"""Job postings pinned next to the video of recruitment livestreams."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from live.errors import LiveError
from live.models import Room
from live.protocol import ErrorCode
from live.services.events import append_event
from streams.models import JobPosting, PinnedJob, Session
from streams.stage import can_run_stage

# More would crowd the panel next to the video.
MAX_PINNED = 10


def job_out(job: JobPosting) -> dict[str, Any]:
    organisation = job.organisation
    return {
        "id": job.pk,
        "title": job.title,
        "title_en": job.title_en,
        "employer": organisation.name,
        "employer_en": organisation.name_en,
        "location": job.location,
        "salary": job.salary,
        "url": job.url,
    }


def pinned_jobs(room_id: int) -> list[dict[str, Any]]:
    pins = PinnedJob.objects.filter(session__room_id=room_id).select_related("job__organisation")
    return [job_out(pin.job) for pin in pins.order_by("pinned_at", "pk")]


def create_job_posting(*, organisation, title: str, **fields) -> JobPosting:
    job = JobPosting(organisation=organisation, title=title, **fields)
    job.full_clean()
    job.save()
    return job


def _recruitment_session(room_id: int, roles) -> Session:
    if not can_run_stage(roles):
        raise LiveError(ErrorCode.FORBIDDEN, "Only the stage's moderators and speakers can pin jobs.")
    session = Session.objects.select_for_update().filter(room_id=room_id).first()
    if session is None:
        raise LiveError(ErrorCode.NOT_FOUND, "This room is not a stage.")
    if session.kind != Session.Kind.RECRUITMENT_LIVESTREAM:
        raise LiveError(ErrorCode.INVALID_STATE, "Jobs can be pinned only in recruitment livestreams.")
    return session


def _jobs_event(room_id: int) -> dict[str, Any]:
    jobs = pinned_jobs(room_id)
    return append_event(Room.objects.get(pk=room_id), "stage.jobs", lambda seq: {"pinned_jobs": jobs})


def pin_job(*, room_id: int, user, roles, job_id: int) -> dict[str, Any]:
    """Pin a job posting on the stage; returns the `stage.jobs` event (published after commit)."""
    with transaction.atomic():
        session = _recruitment_session(room_id, roles)
        job = JobPosting.objects.filter(pk=job_id).first()
        if job is None:
            raise LiveError(ErrorCode.NOT_FOUND, f"field 'job_id': no job posting {job_id}.")
        if PinnedJob.objects.filter(session=session, job=job).exists():
            raise LiveError(ErrorCode.INVALID_STATE, f"Job {job_id} is already pinned here.")
        if PinnedJob.objects.filter(session=session).count() >= MAX_PINNED:
            raise LiveError(ErrorCode.INVALID_STATE, f"At most {MAX_PINNED} jobs can be pinned.", limit=MAX_PINNED)
        try:
            with transaction.atomic():
                PinnedJob.objects.create(session=session, job=job, pinned_by=user if user.is_authenticated else None)
        except IntegrityError as error:
            raise LiveError(ErrorCode.INVALID_STATE, f"Job {job_id} is already pinned here.") from error
        return _jobs_event(room_id)


def unpin_job(*, room_id: int, user, roles, job_id: int) -> dict[str, Any]:
    with transaction.atomic():
        session = _recruitment_session(room_id, roles)
        deleted, _ = PinnedJob.objects.filter(session=session, job_id=job_id).delete()
        if not deleted:
            raise LiveError(ErrorCode.NOT_FOUND, f"field 'job_id': job {job_id} is not pinned here.")
        return _jobs_event(room_id)
