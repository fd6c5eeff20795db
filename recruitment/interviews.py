"""Interviews: a scheduled meeting (meetings.services.request_meeting) between the employer's
interviewer(s) and the candidate, whose context points back at the application; the slots
carry their time zones, reminders come from meetings (and so the agenda), and the video call
at that time is the meeting's page. The interviewer's notes and score (1–5) are kept on the
interview, for the employer's eyes only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.text import clean_text
from recruitment import job_access
from recruitment.models.applications import Application, Interview
from recruitment.models.applications import Status as S

MAX_NOTES = 5000
MAX_INTERVIEWERS = 4  # a meeting holds six people: the candidate, the organiser, four more


def application_url(application: Application) -> str:
    return f"/recruitment/me/applications/#application-{application.pk}"


def _interviewers(user, application: Application, extra_ids) -> list[int]:
    ids = [i for i in dict.fromkeys(extra_ids or []) if i != user.pk]
    if len(ids) > MAX_INTERVIEWERS:
        raise ValidationError({"interviewers": [bilingual(_("At most %(n)s more interviewers."), n=MAX_INTERVIEWERS)]})
    org_id = application.job.organisation_id
    from accounts.models import OrganisationMembership

    staff = set(
        OrganisationMembership.objects.filter(organisation_id=org_id, user_id__in=ids).values_list("user_id", flat=True)
    )
    if staff != set(ids):
        raise ValidationError({"interviewers": [bilingual(_("Interviewers are staff of the job's organisation."))]})
    return ids


@transaction.atomic
def schedule(
    user, application: Application | int, *, slots, topic: str = "", interviewers=(), move: bool = True
) -> Interview:
    """Propose one to three slots for an interview; the candidate accepts one on the meeting
    page. With `move`, an application not yet at interview moves there (and is notified)."""
    from meetings import services as meeting_services
    from recruitment import applications, notices

    if not isinstance(application, Application):
        application = applications.for_employer(user, application)
    if application.status in (S.WITHDRAWN, S.HIRED, S.REJECTED):
        raise ValidationError(
            bilingual(_("This application is closed: no interview can be scheduled.")), code="application_closed"
        )
    if move and application.status != S.INTERVIEW:
        applications.check_move(application, S.INTERVIEW)
    title_zh, title_en = job_access.job_titles(application.job)
    topic = (
        clean_text(topic or "", multiline=False)
        or f"面试 · Interview: {title_en if title_en != title_zh else title_zh}"
    )
    meeting = meeting_services.request_meeting(
        user,
        [application.candidate_id, *_interviewers(user, application, interviewers)],
        topic=topic[:200],
        slots=slots,
        context={
            "kind": "job_application",
            "id": application.pk,
            "label_zh": f"面试：{title_zh}"[:200],
            "label_en": f"Interview: {title_en}"[:200],
            "url": application_url(application),
        },
    )
    interview = Interview.objects.create(application=application, meeting=meeting, created_by=user)
    if move and application.status != S.INTERVIEW:
        applications._record(application, S.INTERVIEW, user)
        notices.status_changed(application)
    return interview


def _interview_for_employer(user, interview_id: int) -> Interview:
    interview = (
        Interview.objects.select_related("application__job")
        .filter(pk=interview_id, application__job__organisation_id__in=job_access.employer_org_ids(user))
        .first()
    )
    if interview is None:
        raise Interview.DoesNotExist(f"No interview {interview_id} of your organisations.")
    return interview


@transaction.atomic
def record_assessment(user, interview_id: int, *, notes: str | None = None, score: Any = None) -> Interview:
    """The interviewer's notes and score (1–5, or "" / None to leave as is)."""
    interview = _interview_for_employer(user, interview_id)
    errors: dict[str, list[str]] = {}
    if notes is not None:
        text = clean_text(notes)
        if len(text) > MAX_NOTES:
            errors["notes"] = [bilingual(_("At most %(n)s characters."), n=MAX_NOTES)]
        interview.notes = text
    if score is not None:
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            errors["score"] = [bilingual(_("A score from 1 to 5."))]
        else:
            interview.score = score
    if errors:
        raise ValidationError(errors)
    interview.save()
    return interview
