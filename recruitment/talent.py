"""The talent pool and two-way selection (双向选择), and who may open a résumé.

An employer's talent pool: candidates who applied to one of its jobs before, and — when the
employer is admitted to a job-fair zone — candidates who opted in to being found by the
fair's employers (CandidateProfile.open_to_fair_employers). From the pool the employer's
staff invite a candidate to apply to one of its open jobs; the candidate accepts (which is
the application, with a résumé of theirs) or declines.

A résumé is visible to its owner; to the staff of an organisation the owner applied to
with it; and, for an opted-in candidate, their default résumé to every admitted employer.
Every opening by someone else is logged (ResumeDownload) and listed to the owner.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.models import User
from accounts.text import clean_text
from recruitment import job_access, notices
from recruitment.models.applications import Application, Invitation
from recruitment.models.candidates import CandidateProfile, Resume, ResumeDownload

MAX_MESSAGE = 1000


def _require_staff(user, organisation_id: int) -> None:
    if not job_access.is_staff_of(user, organisation_id):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(bilingual(_("You are not staff of this organisation.")))


def pool(organisation_id: int) -> QuerySet[User]:
    """The people in this organisation's talent pool (active accounts with a profile)."""
    applied = Application.objects.filter(job__organisation_id=organisation_id).values("candidate_id")
    condition = Q(pk__in=applied)
    if job_access.is_admitted_employer(organisation_id):
        condition |= Q(candidate_profile__open_to_fair_employers=True)
    staff = Q(memberships__organisation_id=organisation_id)
    return (
        User.objects.filter(condition, is_active=True, candidate_profile__isnull=False)
        .exclude(staff)
        .distinct()
        .select_related("candidate_profile")
    )


def in_pool(organisation_id: int, candidate_id: int) -> bool:
    return pool(organisation_id).filter(pk=candidate_id).exists()


def pool_resume(profile: CandidateProfile) -> Resume | None:
    """The résumé an opted-in candidate shows the fair's employers: the default one."""
    if profile.default_resume_id and profile.default_resume.archived_at is None:
        return profile.default_resume
    return Resume.objects.filter(owner_id=profile.user_id, archived_at__isnull=True).first()


# ---------------------------------------------------------------- invitations


@transaction.atomic
def invite(user, job_id: int, candidate_id: int, *, message: str = "") -> Invitation:
    from recruitment.models import Job

    job = Job.objects.select_related("organisation").filter(pk=job_id).first()
    if job is None or not job_access.is_staff_of(user, job.organisation_id):
        raise Job.DoesNotExist(f"No job {job_id} of your organisations.")
    refusal = job_access.job_refusal(job)
    if refusal is not None:
        raise ValidationError(refusal[1], code=refusal[0])
    if not in_pool(job.organisation_id, candidate_id):
        raise User.DoesNotExist(f"No candidate {candidate_id} in your talent pool.")
    text = clean_text(message or "")
    if len(text) > MAX_MESSAGE:
        raise ValidationError({"message": [bilingual(_("At most %(n)s characters."), n=MAX_MESSAGE)]})
    if Application.objects.filter(job=job, candidate_id=candidate_id).exists():
        raise ValidationError(
            bilingual(_("This candidate has already applied to this job.")), code="application_duplicate"
        )
    if Invitation.objects.filter(job=job, candidate_id=candidate_id, state=Invitation.State.PENDING).exists():
        raise ValidationError(
            bilingual(_("This candidate already has your invitation to this job.")), code="invitation_duplicate"
        )
    invitation = Invitation.objects.create(job=job, candidate_id=candidate_id, invited_by=user, message=text)
    notices.invited(invitation)
    return invitation


def _mine(user, invitation_id: int) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("job", "job__organisation", "candidate")
        .filter(pk=invitation_id, candidate=user)
        .first()
    )
    if invitation is None:
        raise Invitation.DoesNotExist(f"No invitation {invitation_id} of yours.")
    if invitation.state != Invitation.State.PENDING:
        raise ValidationError(
            bilingual(_("This invitation was answered or withdrawn already.")), code="invitation_answered"
        )
    return invitation


@transaction.atomic
def accept(user, invitation_id: int, *, resume_id: int | None = None, note: str = "") -> Invitation:
    """Accept: the application is made (the same checks as applying), then linked."""
    from recruitment import applications

    invitation = _mine(user, invitation_id)
    application = applications.apply(user, invitation.job_id, resume_id=resume_id, note=note, source="invitation")
    invitation.state = Invitation.State.ACCEPTED
    invitation.answered_at = timezone.now()
    invitation.application = application
    invitation.save(update_fields=["state", "answered_at", "application"])
    notices.invitation_answered(invitation)
    return invitation


@transaction.atomic
def decline(user, invitation_id: int) -> Invitation:
    invitation = _mine(user, invitation_id)
    invitation.state = Invitation.State.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["state", "answered_at"])
    notices.invitation_answered(invitation)
    return invitation


@transaction.atomic
def withdraw_invitation(user, invitation_id: int) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("job")
        .filter(pk=invitation_id, job__organisation_id__in=job_access.employer_org_ids(user))
        .first()
    )
    if invitation is None:
        raise Invitation.DoesNotExist(f"No invitation {invitation_id} of your organisations.")
    if invitation.state != Invitation.State.PENDING:
        raise ValidationError(
            bilingual(_("This invitation was answered or withdrawn already.")), code="invitation_answered"
        )
    invitation.state = Invitation.State.WITHDRAWN
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["state", "answered_at"])
    return invitation


# ---------------------------------------------------------------- résumé access


def _log(resume: Resume, viewer, organisation_id: int, via: str) -> None:
    ResumeDownload.objects.create(resume=resume, downloaded_by=viewer, organisation_id=organisation_id, via=via)


@transaction.atomic
def open_application_resume(user, application_id: int) -> Resume:
    """An employer opens the résumé sent with an application to it (logged; new → viewed)."""
    from recruitment import applications

    application = applications.for_employer(user, application_id)
    _log(application.resume, user, application.job.organisation_id, ResumeDownload.Via.APPLICATION)
    applications.mark_viewed(user, application)
    return application.resume


@transaction.atomic
def open_pool_resume(user, organisation_id: int, candidate_id: int) -> Resume:
    """An admitted employer opens an opted-in candidate's default résumé (logged). To an
    employer the candidate applied to, the pool shows the résumé of the latest application."""
    _require_staff(user, organisation_id)
    if not in_pool(organisation_id, candidate_id):
        raise Resume.DoesNotExist(f"No candidate {candidate_id} in your talent pool.")
    latest = (
        Application.objects.filter(job__organisation_id=organisation_id, candidate_id=candidate_id)
        .select_related("resume")
        .first()
    )
    profile = CandidateProfile.objects.select_related("default_resume").get(user_id=candidate_id)
    if latest is not None and not profile.open_to_fair_employers:
        resume, via = latest.resume, ResumeDownload.Via.APPLICATION
    else:
        resume, via = pool_resume(profile), ResumeDownload.Via.TALENT_POOL
        if resume is None and latest is not None:
            resume, via = latest.resume, ResumeDownload.Via.APPLICATION
    if resume is None:
        raise Resume.DoesNotExist(f"Candidate {candidate_id} has no résumé.")
    _log(resume, user, organisation_id, via)
    return resume


def downloads_of(user) -> QuerySet[ResumeDownload]:
    """Who opened my résumés: the log I see."""
    return ResumeDownload.objects.filter(resume__owner=user).select_related("resume", "organisation", "downloaded_by")
