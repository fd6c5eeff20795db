"""What candidates' code needs to know of jobs and job-fair zones (recruitment's Job and
zones are rec-jobs' part of the app): whether a job takes applications, its names and
page, who its employer is, and which organisations are admitted employers of a zone.
Kept in one module so the two halves of the app meet at one place."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual, localized
from accounts.models import OrganisationMembership


def employer_org_ids(user) -> list[int]:
    """The organisations this person is staff of (an employer's people)."""
    if not (user.is_authenticated and user.is_active):
        return []
    return list(OrganisationMembership.objects.filter(user=user).values_list("organisation_id", flat=True))


def is_staff_of(user, organisation_id: int) -> bool:
    return organisation_id in employer_org_ids(user)


def job_refusal(job) -> tuple[str, str] | None:
    """(code, message) when the job takes no applications now, else None."""
    from recruitment.models import Job

    if job.status != Job.Status.PUBLISHED:
        return "job_closed", bilingual(_("This job no longer takes applications."))
    deadline = getattr(job, "deadline", None)
    if deadline is not None:
        today = timezone.localdate()
        past = deadline < today if not hasattr(deadline, "hour") else deadline < timezone.now()
        if past:
            return "job_deadline_passed", bilingual(_("The deadline for applications to this job has passed."))
    return None


def job_title(job) -> str:
    return localized(job.title, getattr(job, "title_en", "") or "")


def job_titles(job) -> tuple[str, str]:
    return job.title, (getattr(job, "title_en", "") or job.title)


def job_url(job) -> str:
    """The job's page (/jobs/<id>/, rec-jobs' page with the apply area)."""
    return f"/jobs/{job.pk}/"


def organisation_name(organisation) -> str:
    return localized(organisation.name, organisation.name_en)


def admitted_employer_ids() -> set[int]:
    """Organisations admitted to at least one job-fair zone: the employers an opted-in
    candidate's profile and default résumé are open to."""
    from recruitment import models

    admission = getattr(models, "ZoneEmployer", None)
    if admission is None:
        return set()
    query = admission.objects.all()
    if hasattr(admission, "Status"):
        query = query.filter(status=admission.Status.ADMITTED)
    return set(query.values_list("organisation_id", flat=True))


def is_admitted_employer(organisation_id: int) -> bool:
    return organisation_id in admitted_employer_ids()
