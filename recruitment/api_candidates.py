"""Candidates' and employers' JSON API for applications under /api/recruitment/ (added to
recruitment's router, recruitment/api.py): my candidate profile and résumés, applying, my
applications and invitations, the employer's applications (filter, move, bulk move,
interviews, notes and scores), the talent pool and invitations, résumé downloads (logged).
For logged-in people (the browser session, CSRF-checked on writes); refusals in the site's
one error shape (live/http_api.py, docs/api.md, codes in docs/recruitment.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from live.http_api import errors, session_auth
from recruitment import applications, candidates, interviews, talent
from recruitment import candidate_selectors as sel
from recruitment.models.applications import Status as AppStatus
from recruitment.models.candidates import EducationLevel

router = Router(auth=session_auth, tags=["recruitment: candidates and applications"])

Id = Field(..., ge=1, le=2**31 - 1)
READ = errors(401, 404, 422)
WRITE = errors(400, 401, 403, 404, 422)
FILE_ANSWER = {"responses": {200: {"description": "The résumé file.", "content": {"application/pdf": {}}}}}


def _file(resume) -> FileResponse:
    name = f"resume-{resume.pk}.{resume.kind}"
    return FileResponse(resume.file.open("rb"), as_attachment=True, filename=name, content_type=resume.content_type)


# ---------------------------------------------------------------- my profile and résumés


class EducationIn(Schema):
    school: str = Field(..., max_length=200)
    degree: str = Field("", max_length=100)
    field: str = Field("", max_length=200)
    start_year: int | None = Field(None, ge=1950, le=2100)
    end_year: int | None = Field(None, ge=1950, le=2100)


class ExperienceIn(Schema):
    organisation: str = Field(..., max_length=200)
    title: str = Field("", max_length=200)
    description: str = Field("", max_length=2000)
    start_year: int | None = Field(None, ge=1950, le=2100)
    end_year: int | None = Field(None, ge=1950, le=2100)


class ProfileIn(Schema):
    """Only the fields given change."""

    headline: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=4000)
    education_level: EducationLevel | None = None
    education: list[EducationIn] | None = Field(None, max_length=candidates.MAX_ENTRIES)
    experience_years: int | None = Field(None, ge=0, le=60)
    experience: list[ExperienceIn] | None = Field(None, max_length=candidates.MAX_ENTRIES)
    skills: list[str] | None = Field(None, max_length=candidates.MAX_INTERESTS, description="interest slugs")
    languages: list[str] | None = Field(None, max_length=candidates.MAX_LANGUAGES, description="zh, en, …")
    desired_fields: list[str] | None = Field(None, max_length=candidates.MAX_INTERESTS, description="interest slugs")
    desired_cities: list[str] | None = Field(None, max_length=candidates.MAX_CITIES)
    salary_min: int | None = Field(None, ge=0, le=candidates.MAX_SALARY, description="CNY per month")
    salary_max: int | None = Field(None, ge=0, le=candidates.MAX_SALARY, description="CNY per month")
    open_to_fair_employers: bool | None = None
    default_resume: int | None = Field(None, ge=1, le=2**31 - 1)


def _profile(user) -> dict[str, Any]:
    return sel.profile_out(candidates.profile_for(user))


@router.get("/recruitment/me/profile", url_name="recruitment-my-profile", response={200: dict, **READ})
def my_profile(request: HttpRequest):
    """My candidate profile (created empty on first use)."""
    return _profile(request.user)


@router.patch("/recruitment/me/profile", url_name="recruitment-my-profile-update", response={200: dict, **WRITE})
def update_my_profile(request: HttpRequest, data: ProfileIn):
    changes = data.dict(exclude_unset=True)
    if "education_level" in changes and changes["education_level"] is not None:
        changes["education_level"] = str(changes["education_level"].value)
    candidates.update_profile(request.user, **changes)
    return _profile(request.user)


@router.get("/recruitment/me/resumes", url_name="recruitment-my-resumes", response={200: list[dict], **READ})
def my_resumes(request: HttpRequest):
    return [sel.resume_out(r) for r in sel.my_resumes(request.user)]


@router.post(
    "/recruitment/me/resumes",
    url_name="recruitment-my-resume-upload",
    response={201: dict, **errors(400, 401, 413, 422)},
)
def upload_resume(
    request: HttpRequest,
    file: File[UploadedFile],
    title: Form[str] = "",
    make_default: Form[bool] = False,
):
    """A PDF or DOCX (by its content) up to 10 MB with text in it; multipart/form-data.
    Refusals: bad_type, too_large, empty, resume_broken, resume_encrypted, resume_no_text."""
    resume = candidates.upload_resume(request.user, file, title=title, make_default=make_default or None)
    return Status(201, sel.resume_out(resume, with_text=True))


class ResumeIn(Schema):
    title: str | None = Field(None, max_length=120)
    make_default: bool = False


@router.get("/recruitment/me/resumes/{int:pk}", url_name="recruitment-my-resume", response={200: dict, **READ})
def my_resume(request: HttpRequest, pk: int):
    """One of my résumés with its extracted text (what matching reads)."""
    return sel.resume_out(candidates.my_resume(request.user, pk), with_text=True)


@router.patch(
    "/recruitment/me/resumes/{int:pk}", url_name="recruitment-my-resume-update", response={200: dict, **WRITE}
)
def update_resume(request: HttpRequest, pk: int, data: ResumeIn):
    return sel.resume_out(candidates.rename_resume(request.user, pk, title=data.title, make_default=data.make_default))


@router.delete(
    "/recruitment/me/resumes/{int:pk}", url_name="recruitment-my-resume-delete", response={204: None, **READ}
)
def delete_resume(request: HttpRequest, pk: int):
    """Delete it (one sent with an application is archived: that employer keeps it)."""
    candidates.delete_resume(request.user, pk)
    return Status(204, None)


@router.get(
    "/recruitment/me/resumes/{int:pk}/file",
    url_name="recruitment-my-resume-file",
    response=READ,
    openapi_extra=FILE_ANSWER,
)
def my_resume_file(request: HttpRequest, pk: int):
    return _file(candidates.my_resume(request.user, pk))


@router.get(
    "/recruitment/me/resume-downloads", url_name="recruitment-my-resume-downloads", response={200: list[dict], **READ}
)
def my_resume_downloads(request: HttpRequest):
    """Who opened my résumés, when, for which organisation."""
    return [sel.download_out(d) for d in talent.downloads_of(request.user)[:500]]


# ---------------------------------------------------------------- applying


class ApplyIn(Schema):
    resume_id: int | None = Field(None, ge=1, le=2**31 - 1, description="one of my résumés (default: my default one)")
    note: str = Field("", max_length=applications.MAX_NOTE)


@router.post("/recruitment/jobs/{int:pk}/apply", url_name="recruitment-job-apply", response={201: dict, **WRITE})
def apply(request: HttpRequest, pk: int, data: ApplyIn):
    """Apply to a published, open job. Refusals: job_closed, job_deadline_passed,
    application_duplicate, no_resume, own_job; another's résumé: 404."""
    application = applications.apply(request.user, pk, resume_id=data.resume_id, note=data.note)
    return Status(201, sel.application_out(application, request.user, employer=False))


@router.get("/recruitment/me/applications", url_name="recruitment-my-applications", response={200: list[dict], **READ})
def my_applications(request: HttpRequest):
    return [sel.application_out(a, request.user, employer=False) for a in sel.my_applications(request.user)]


@router.get("/recruitment/applications/{int:pk}", url_name="recruitment-application", response={200: dict, **READ})
def application(request: HttpRequest, pk: int):
    """An application as its candidate sees it, or (staff of the job's organisation) as its
    employer does, with the profile, interview notes and scores."""
    from recruitment.models.applications import Application

    try:
        return sel.application_out(applications.for_candidate(request.user, pk), request.user, employer=False)
    except Application.DoesNotExist:
        found = applications.for_employer(request.user, pk)
        applications.mark_viewed(request.user, found)
        return sel.application_out(found, request.user, employer=True)


@router.post(
    "/recruitment/applications/{int:pk}/withdraw",
    url_name="recruitment-application-withdraw",
    response={200: dict, **WRITE},
)
def withdraw(request: HttpRequest, pk: int):
    return sel.application_out(applications.withdraw(request.user, pk), request.user, employer=False)


# ---------------------------------------------------------------- employers


EmployerStatus = AppStatus


class SlotIn(Schema):
    start: datetime
    end: datetime


class MoveIn(Schema):
    status: AppStatus
    note: str = Field("", max_length=applications.MAX_MOVE_NOTE, description="kept for the employer")
    slots: list[SlotIn] | None = Field(None, max_length=3, description="moving to interview: schedule it too")
    topic: str = Field("", max_length=200)


class BulkIn(Schema):
    ids: list[int] = Field(..., min_length=1, max_length=applications.MAX_BULK)
    status: AppStatus
    note: str = Field("", max_length=applications.MAX_MOVE_NOTE)


class BoardQuery(Schema):
    job: int | None = Field(None, ge=1, le=2**31 - 1)
    organisation: int | None = Field(None, ge=1, le=2**31 - 1)
    status: AppStatus | None = None
    q: str = Field("", max_length=100)


def _slots(slots: list[SlotIn] | None) -> list[tuple[datetime, datetime]] | None:
    return [(s.start, s.end) for s in slots] if slots else None


@router.get(
    "/recruitment/employer/applications", url_name="recruitment-employer-applications", response={200: dict, **READ}
)
def employer_applications(request: HttpRequest, filters: Query[BoardQuery]):
    """Applications to my organisations' jobs (filter by job, organisation, status, text)."""
    rows = sel.employer_applications(
        request.user,
        job_id=filters.job,
        status=filters.status.value if filters.status else None,
        q=filters.q.strip(),
        organisation_id=filters.organisation,
    )
    return {
        "applications": [sel.application_out(a, request.user, employer=True) for a in rows],
        "counts": sel.status_counts(request.user, filters.job),
    }


@router.post(
    "/recruitment/applications/{int:pk}/move", url_name="recruitment-application-move", response={200: dict, **WRITE}
)
def move(request: HttpRequest, pk: int, data: MoveIn):
    """Move along new → viewed → shortlisted → interview → offer → hired / rejected (the
    transition table: docs/recruitment.md); to interview with slots schedules the meeting."""
    moved = applications.move(
        request.user, pk, data.status.value, note=data.note, slots=_slots(data.slots), topic=data.topic
    )
    return sel.application_out(moved, request.user, employer=True)


@router.post(
    "/recruitment/employer/applications/bulk", url_name="recruitment-applications-bulk", response={200: dict, **WRITE}
)
def bulk_move(request: HttpRequest, data: BulkIn):
    """Move several applications; one result per id ({"id","ok","status"|"code","message"})."""
    return {"results": applications.move_many(request.user, data.ids, data.status.value, note=data.note)}


@router.get(
    "/recruitment/applications/{int:pk}/resume",
    url_name="recruitment-application-resume",
    response=READ,
    openapi_extra=FILE_ANSWER,
)
def application_resume(request: HttpRequest, pk: int):
    """The résumé sent with an application to my organisation (the download is logged)."""
    return _file(talent.open_application_resume(request.user, pk))


class InterviewIn(Schema):
    slots: list[SlotIn] = Field(..., min_length=1, max_length=3)
    topic: str = Field("", max_length=200)
    interviewers: list[int] = Field([], max_length=interviews.MAX_INTERVIEWERS, description="colleagues' user ids")


class AssessmentIn(Schema):
    notes: str | None = Field(None, max_length=interviews.MAX_NOTES)
    score: int | None = Field(None, ge=1, le=5)


@router.post(
    "/recruitment/applications/{int:pk}/interviews",
    url_name="recruitment-application-interview",
    response={201: dict, **WRITE},
)
def schedule_interview(request: HttpRequest, pk: int, data: InterviewIn):
    """Propose up to three slots (with their zones) for an interview meeting with the candidate."""
    interview = interviews.schedule(
        request.user, pk, slots=_slots(data.slots), topic=data.topic, interviewers=data.interviewers
    )
    return Status(201, sel.interview_out(interview, request.user, employer=True))


@router.patch(
    "/recruitment/applications/interviews/{int:pk}",
    url_name="recruitment-interview-assessment",
    response={200: dict, **WRITE},
)
def assess_interview(request: HttpRequest, pk: int, data: AssessmentIn):
    """The interviewer's notes and score (1–5): seen by the employer only."""
    interview = interviews.record_assessment(request.user, pk, notes=data.notes, score=data.score)
    return sel.interview_out(interview, request.user, employer=True)


# ---------------------------------------------------------------- talent pool, invitations


class PoolQuery(Schema):
    organisation: int = Field(..., ge=1, le=2**31 - 1)
    q: str = Field("", max_length=100)


@router.get(
    "/recruitment/employer/talent",
    url_name="recruitment-talent-pool",
    response={200: list[dict], **errors(401, 403, 422)},
)
def talent_pool(request: HttpRequest, filters: Query[PoolQuery]):
    """Candidates who applied to us before, and (admitted employers) those open to the fair's employers."""
    talent._require_staff(request.user, filters.organisation)
    return sel.pool_out(filters.organisation, q=filters.q.strip())


class OrgQuery(Schema):
    organisation: int = Field(..., ge=1, le=2**31 - 1)


@router.get(
    "/recruitment/employer/talent/{int:user_id}/resume",
    url_name="recruitment-talent-resume",
    response=errors(401, 403, 404, 422),
    openapi_extra=FILE_ANSWER,
)
def talent_resume(request: HttpRequest, user_id: int, filters: Query[OrgQuery]):
    """A pool candidate's résumé (the download is logged and shown to the candidate)."""
    return _file(talent.open_pool_resume(request.user, filters.organisation, user_id))


class InviteIn(Schema):
    job_id: int = Id
    user_id: int = Id
    message: str = Field("", max_length=talent.MAX_MESSAGE)


class AcceptIn(Schema):
    resume_id: int | None = Field(None, ge=1, le=2**31 - 1)
    note: str = Field("", max_length=applications.MAX_NOTE)


@router.post("/recruitment/invitations", url_name="recruitment-invite", response={201: dict, **WRITE})
def invite(request: HttpRequest, data: InviteIn):
    """Invite a candidate of my talent pool to apply to one of my organisation's open jobs."""
    invitation = talent.invite(request.user, data.job_id, data.user_id, message=data.message)
    return Status(201, sel.invitation_out(invitation, employer=True))


@router.get("/recruitment/invitations", url_name="recruitment-invitations", response={200: dict, **READ})
def invitations(request: HttpRequest):
    """Invitations I received, and those my organisations sent."""
    return {
        "received": [sel.invitation_out(i) for i in sel.my_invitations(request.user)],
        "sent": [sel.invitation_out(i, employer=True) for i in sel.sent_invitations(request.user)],
    }


@router.post(
    "/recruitment/invitations/{int:pk}/accept", url_name="recruitment-invitation-accept", response={200: dict, **WRITE}
)
def accept_invitation(request: HttpRequest, pk: int, data: AcceptIn):
    """Accept: my application to the job is made with the résumé chosen (default: my default one)."""
    return sel.invitation_out(talent.accept(request.user, pk, resume_id=data.resume_id, note=data.note))


@router.post(
    "/recruitment/invitations/{int:pk}/decline",
    url_name="recruitment-invitation-decline",
    response={200: dict, **WRITE},
)
def decline_invitation(request: HttpRequest, pk: int):
    return sel.invitation_out(talent.decline(request.user, pk))


@router.post(
    "/recruitment/invitations/{int:pk}/withdraw",
    url_name="recruitment-invitation-withdraw",
    response={200: dict, **WRITE},
)
def withdraw_invitation(request: HttpRequest, pk: int):
    """The employer takes back an unanswered invitation."""
    return sel.invitation_out(talent.withdraw_invitation(request.user, pk), employer=True)
