"""Applications: apply, move through the pipeline (one at a time or in bulk), withdraw.

The pipeline is a transition table (TRANSITIONS): an employer (staff of the job's
organisation) moves an application along it; the candidate withdraws it from any open
status; a withdrawn, hired or rejected application is closed to moves except where the
table says (a rejected one may be reconsidered: back to shortlisted). Each move is kept
(StatusChange) and notified to the candidate. To whoever is not the job's employer (nor
its candidate), an application does not exist: ObjectDoesNotExist (404).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.text import clean_text
from recruitment import job_access, notices
from recruitment.models.applications import Application, StatusChange
from recruitment.models.applications import Status as S
from recruitment.models.candidates import Resume

MAX_NOTE = 2000
MAX_MOVE_NOTE = 500
MAX_BULK = 200

TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.VIEWED, S.SHORTLISTED, S.INTERVIEW, S.REJECTED}),
    S.VIEWED: frozenset({S.SHORTLISTED, S.INTERVIEW, S.REJECTED}),
    S.SHORTLISTED: frozenset({S.INTERVIEW, S.OFFER, S.REJECTED}),
    S.INTERVIEW: frozenset({S.SHORTLISTED, S.OFFER, S.REJECTED}),
    S.OFFER: frozenset({S.HIRED, S.REJECTED}),
    S.HIRED: frozenset(),
    S.REJECTED: frozenset({S.SHORTLISTED}),
    S.WITHDRAWN: frozenset(),
}
WITHDRAWABLE = frozenset({S.NEW, S.VIEWED, S.SHORTLISTED, S.INTERVIEW, S.OFFER})
EMPLOYER_STATUSES = tuple(s for s in S.values if s != S.WITHDRAWN)


def _refuse(code: str, message, **params: Any) -> ValidationError:
    return ValidationError(bilingual(message, **params), code=code)


def _job_for_apply(job_id: int):
    from recruitment.models import Job

    job = Job.objects.select_related("organisation").filter(pk=job_id).first()
    if job is None or job.status == Job.Status.DRAFT:
        raise Job.DoesNotExist(f"No job {job_id}.")
    return job


def _note(note: str, limit: int = MAX_NOTE) -> str:
    text = clean_text(note or "")
    if len(text) > limit:
        raise ValidationError({"note": [bilingual(_("At most %(n)s characters."), n=limit)]})
    return text


@transaction.atomic
def apply(user, job_id: int, *, resume_id: int | None = None, note: str = "", source: str = "direct") -> Application:
    """Apply to a published, open job with one of my résumés (the default one when none is
    named). Refusals: job_closed, job_deadline_passed, application_duplicate, no_resume;
    someone else's résumé does not exist for me (resume: 404)."""
    from recruitment.candidates import active_resumes, profile_for

    job = _job_for_apply(job_id)
    refusal = job_access.job_refusal(job)
    if refusal is not None:
        raise ValidationError(refusal[1], code=refusal[0])
    if resume_id is None:
        resume_id = profile_for(user).default_resume_id
        if resume_id is None:
            raise _refuse("no_resume", _("Upload a résumé first, then apply."))
    resume = active_resumes(user).filter(pk=resume_id).first()
    if resume is None:
        raise Resume.DoesNotExist(f"No résumé {resume_id} of yours.")
    note = _note(note)
    if Application.objects.filter(job=job, candidate=user).exists():
        raise _refuse("application_duplicate", _("You have already applied to this job."))
    if job_access.is_staff_of(user, job.organisation_id):
        raise _refuse("own_job", _("You cannot apply to a job of your own organisation."))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                job=job, candidate=user, resume=resume, note=note, source=source[:20]
            )
    except IntegrityError as error:  # two tabs at once: the unique constraint decides
        raise _refuse("application_duplicate", _("You have already applied to this job.")) from error
    StatusChange.objects.create(application=application, from_status="", to_status=S.NEW, actor=user)
    notices.application_received(application)
    return application


def _for_employer(user, application_id: int, *, lock: bool = False) -> Application:
    query = Application.objects.select_related("job", "job__organisation", "candidate", "resume")
    if lock:
        query = query.select_for_update(of=("self",))
    application = query.filter(pk=application_id, job__organisation_id__in=job_access.employer_org_ids(user)).first()
    if application is None:
        raise Application.DoesNotExist(f"No application {application_id} to your organisations.")
    return application


def for_employer(user, application_id: int) -> Application:
    return _for_employer(user, application_id)


def for_candidate(user, application_id: int) -> Application:
    application = (
        Application.objects.select_related("job", "job__organisation", "resume")
        .filter(pk=application_id, candidate=user)
        .first()
    )
    if application is None:
        raise Application.DoesNotExist(f"No application {application_id} of yours.")
    return application


def check_move(application: Application, to_status: str) -> None:
    if to_status not in S.values or to_status == S.WITHDRAWN:
        raise ValidationError({"status": [bilingual(_("Not a status an employer moves an application to."))]})
    if application.status == S.WITHDRAWN:
        raise _refuse("application_withdrawn", _("The candidate withdrew this application: it cannot be moved."))
    if to_status == application.status:
        raise _refuse("application_same_status", _("The application is already in that status."))
    if to_status not in TRANSITIONS[application.status]:
        raise _refuse(
            "application_transition",
            _("An application in status “%(src)s” cannot move to “%(dst)s”."),
            src=application.status,
            dst=to_status,
        )


def _record(application: Application, to_status: str, actor, note: str = "") -> None:
    from_status = application.status
    application.status = to_status
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "status_changed_at"])
    StatusChange.objects.create(
        application=application, from_status=from_status, to_status=to_status, actor=actor, note=note
    )


@transaction.atomic
def move(user, application_id: int, to_status: str, *, note: str = "", slots=None, topic: str = "") -> Application:
    """An employer moves an application along the table. Moving to `interview` with slots
    schedules the interview meeting as well (recruitment.interviews)."""
    application = _for_employer(user, application_id, lock=True)
    check_move(application, to_status)
    note = _note(note, MAX_MOVE_NOTE)
    if to_status == S.INTERVIEW and slots:
        from recruitment import interviews

        interviews.schedule(user, application, slots=slots, topic=topic, move=False)
    _record(application, to_status, user, note)
    notices.status_changed(application)
    return application


def move_many(user, application_ids: Iterable[int], to_status: str, *, note: str = "") -> list[dict[str, Any]]:
    """Bulk move: each id on its own (one refusal does not stop the others), a result per id
    in the order given: {"id", "ok", "status"} or {"id", "ok": False, "code", "message"}."""
    ids = list(dict.fromkeys(application_ids))
    if not ids or len(ids) > MAX_BULK:
        raise ValidationError({"ids": [bilingual(_("Give 1 to %(n)s applications."), n=MAX_BULK)]})
    results = []
    for application_id in ids:
        try:
            moved = move(user, application_id, to_status, note=note)
            results.append({"id": application_id, "ok": True, "status": moved.status})
        except ObjectDoesNotExist:
            results.append({"id": application_id, "ok": False, "code": "not_found", "message": str(_("Not found."))})
        except ValidationError as error:
            code = error.code or ("invalid_fields" if hasattr(error, "error_dict") else "invalid")
            results.append({"id": application_id, "ok": False, "code": code, "message": " ".join(error.messages)})
    return results


@transaction.atomic
def mark_viewed(user, application: Application) -> Application:
    """An employer opened a new application (its page or its résumé): new → viewed."""
    if application.status == S.NEW and job_access.is_staff_of(user, application.job.organisation_id):
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status == S.NEW:
            _record(locked, S.VIEWED, user)
            notices.status_changed(locked)
            application.status = locked.status
    return application


@transaction.atomic
def withdraw(user, application_id: int) -> Application:
    """The candidate withdraws; the employer is told. Closed ones cannot be withdrawn."""
    application = for_candidate(user, application_id)
    application = (
        Application.objects.select_for_update().select_related("job", "job__organisation").get(pk=application.pk)
    )
    if application.status == S.WITHDRAWN:
        raise _refuse("application_withdrawn", _("You already withdrew this application."))
    if application.status not in WITHDRAWABLE:
        raise _refuse("application_closed", _("This application is closed: it can no longer be withdrawn."))
    _record(application, S.WITHDRAWN, user)
    for interview in application.interviews.select_related("meeting"):
        meeting = interview.meeting
        if meeting is not None and meeting.status in ("proposed", "confirmed"):
            from meetings import services as meeting_services

            organiser = meeting.organiser
            meeting_services.cancel(meeting, organiser)
    notices.withdrawn(application)
    return application
