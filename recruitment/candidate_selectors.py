"""Reads of candidates, résumés, applications and invitations, shaped for the API and the
pages. Who sees what: a candidate sees their own things whole; an employer sees an
application to it with the candidate's profile and its own interview notes and scores
(never another employer's), and the history without the employer's private notes only
where the candidate is the reader."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts.i18n import localized
from accounts.selectors import interest_ref, user_ref
from recruitment import job_access
from recruitment.models.applications import Application, Interview, Invitation
from recruitment.models.candidates import CandidateProfile, Resume, ResumeDownload

LIST_LIMIT = 500


def _at(moment) -> str | None:
    return moment.isoformat() if moment else None


def profile_out(profile: CandidateProfile) -> dict[str, Any]:
    return {
        "headline": profile.headline,
        "summary": profile.summary,
        "education_level": profile.education_level,
        "education": profile.education,
        "experience_years": profile.experience_years,
        "experience": profile.experience,
        "skills": [interest_ref(i) for i in profile.skills.all()],
        "languages": profile.languages,
        "desired_fields": [interest_ref(i) for i in profile.desired_fields.all()],
        "desired_cities": profile.desired_cities,
        "salary_min": profile.salary_min,
        "salary_max": profile.salary_max,
        "open_to_fair_employers": profile.open_to_fair_employers,
        "default_resume_id": profile.default_resume_id,
        "updated_at": _at(profile.updated_at),
    }


def resume_out(resume: Resume, *, with_text: bool = False) -> dict[str, Any]:
    out = {
        "id": resume.pk,
        "title": resume.title,
        "kind": resume.kind,
        "size": resume.size,
        "pages": resume.pages,
        "original_name": resume.original_name,
        "created_at": _at(resume.created_at),
        "text_chars": len(resume.text),
        "excerpt": resume.text[:300],
    }
    if with_text:
        out["text"] = resume.text
    return out


def my_resumes(user) -> QuerySet[Resume]:
    return Resume.objects.filter(owner=user, archived_at__isnull=True)


def job_ref(job) -> dict[str, Any]:
    org = job.organisation
    return {
        "id": job.pk,
        "title": job_access.job_title(job),
        "title_zh": job.title,
        "title_en": getattr(job, "title_en", "") or "",
        "status": job.status,
        "url": job_access.job_url(job),
        "organisation": {"id": org.pk, "name": localized(org.name, org.name_en)},
    }


def _history(application: Application, *, employer: bool) -> list[dict[str, Any]]:
    rows = []
    for change in application.history.all():
        row = {"from": change.from_status, "to": change.to_status, "at": _at(change.at)}
        if employer:
            row["by"] = user_ref(change.actor)
            row["note"] = change.note
        rows.append(row)
    return rows


def interview_out(interview: Interview, viewer, *, employer: bool) -> dict[str, Any]:
    meeting = interview.meeting
    out: dict[str, Any] = {"id": interview.pk, "created_at": _at(interview.created_at), "meeting": None}
    if meeting is not None:
        out["meeting"] = {
            "id": meeting.pk,
            "status": meeting.status,
            "start": _at(meeting.start_at),
            "end": _at(meeting.end_at),
            "url": f"/meetings/{meeting.pk}/",
        }
    if employer:
        out["notes"] = interview.notes
        out["score"] = interview.score
        out["by"] = user_ref(interview.created_by)
    return out


def application_out(application: Application, viewer, *, employer: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": application.pk,
        "job": job_ref(application.job),
        "status": application.status,
        "note": application.note,
        "source": application.source,
        "created_at": _at(application.created_at),
        "status_changed_at": _at(application.status_changed_at),
        "resume": {
            "id": application.resume_id,
            "title": application.resume.title,
            "kind": application.resume.kind,
        },
        "history": _history(application, employer=employer),
        "interviews": [interview_out(i, viewer, employer=employer) for i in application.interviews.all()],
    }
    if employer:
        candidate = application.candidate
        profile = CandidateProfile.objects.filter(user=candidate).first()
        out["candidate"] = user_ref(candidate)
        out["profile"] = profile_out(profile) if profile else None
        out["resume"]["url"] = f"/api/recruitment/applications/{application.pk}/resume"
        scores = [i.score for i in application.interviews.all() if i.score]
        out["score"] = round(sum(scores) / len(scores), 1) if scores else None
    return out


def _with_related(query: QuerySet[Application]) -> QuerySet[Application]:
    return query.select_related("job", "job__organisation", "resume", "candidate").prefetch_related(
        "history__actor", "interviews__meeting", "interviews__created_by"
    )


def my_applications(user) -> QuerySet[Application]:
    return _with_related(Application.objects.filter(candidate=user))[:LIST_LIMIT]


def employer_applications(
    user,
    *,
    job_id: int | None = None,
    status: str | None = None,
    q: str = "",
    organisation_id: int | None = None,
) -> QuerySet[Application]:
    """Applications to the jobs of my organisations, filtered."""
    query = Application.objects.filter(job__organisation_id__in=job_access.employer_org_ids(user))
    if organisation_id:
        query = query.filter(job__organisation_id=organisation_id)
    if job_id:
        query = query.filter(job_id=job_id)
    if status:
        query = query.filter(status=status)
    if q:
        query = query.filter(
            Q(candidate__display_name__icontains=q)
            | Q(candidate__candidate_profile__headline__icontains=q)
            | Q(resume__text__icontains=q)
            | Q(note__icontains=q)
        )
    return _with_related(query)[:LIST_LIMIT]


def status_counts(user, job_id: int | None = None) -> dict[str, int]:
    from django.db.models import Count

    query = Application.objects.filter(job__organisation_id__in=job_access.employer_org_ids(user))
    if job_id:
        query = query.filter(job_id=job_id)
    return dict(query.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))


def invitation_out(invitation: Invitation, *, employer: bool = False) -> dict[str, Any]:
    out = {
        "id": invitation.pk,
        "job": job_ref(invitation.job),
        "message": invitation.message,
        "state": invitation.state,
        "created_at": _at(invitation.created_at),
        "answered_at": _at(invitation.answered_at),
        "application_id": invitation.application_id,
    }
    if employer:
        out["candidate"] = user_ref(invitation.candidate)
        out["invited_by"] = user_ref(invitation.invited_by)
    return out


def my_invitations(user) -> QuerySet[Invitation]:
    return Invitation.objects.filter(candidate=user).select_related("job", "job__organisation")[:LIST_LIMIT]


def sent_invitations(user) -> QuerySet[Invitation]:
    return Invitation.objects.filter(job__organisation_id__in=job_access.employer_org_ids(user)).select_related(
        "job", "job__organisation", "candidate", "invited_by"
    )[:LIST_LIMIT]


def download_out(download: ResumeDownload) -> dict[str, Any]:
    org = download.organisation
    return {
        "resume": {"id": download.resume_id, "title": download.resume.title},
        "by": user_ref(download.downloaded_by),
        "organisation": {"id": org.pk, "name": localized(org.name, org.name_en)} if org else None,
        "via": download.via,
        "at": _at(download.at),
    }


def pool_out(organisation_id: int, *, q: str = "", limit: int = 100) -> list[dict[str, Any]]:
    from recruitment import talent

    people = talent.pool(organisation_id)
    if q:
        people = people.filter(
            Q(display_name__icontains=q)
            | Q(candidate_profile__headline__icontains=q)
            | Q(resumes__text__icontains=q, resumes__archived_at__isnull=True)
        ).distinct()
    applied = set(
        Application.objects.filter(job__organisation_id=organisation_id).values_list("candidate_id", flat=True)
    )
    out = []
    for person in people.prefetch_related("candidate_profile__skills")[:limit]:
        profile = person.candidate_profile
        out.append(
            {
                "candidate": user_ref(person),
                "headline": profile.headline,
                "education_level": profile.education_level,
                "experience_years": profile.experience_years,
                "skills": [interest_ref(i) for i in profile.skills.all()],
                "languages": profile.languages,
                "desired_cities": profile.desired_cities,
                "applied_before": person.pk in applied,
                "open_to_fair_employers": profile.open_to_fair_employers,
                "resume_url": f"/api/recruitment/employer/talent/{person.pk}/resume?organisation={organisation_id}",
            }
        )
    return out
