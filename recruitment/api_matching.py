"""Ranked matches under /api/recruitment/ (added to recruitment's router): my best jobs as a
candidate, and the best candidates of my organisation's talent pool for one of its jobs (its
staff only: someone else's job is 404). Each item has `score` (0–1), `text_score` and `reasons`
[{code, ok, zh, en}] (docs/recruitment.md, "Matching")."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field as F
from ninja import Query, Router, Schema

from live.http_api import errors, session_auth
from recruitment import candidate_selectors as sel
from recruitment import job_access, matching

router = Router(auth=session_auth, tags=["recruitment: matching"])
READ = errors(401, 404, 422)


class LimitIn(Schema):
    limit: int = F(10, ge=1, le=50)


def _score(match) -> dict[str, Any]:
    return {"score": round(match.score, 4), "text_score": round(match.text_score, 4), "reasons": match.reasons_dicts()}


@router.get("/recruitment/me/matches", url_name="recruitment-my-matches", response={200: list[dict], **READ})
def my_matches(request: HttpRequest, params: Query[LimitIn]):
    """Open jobs ranked for my candidate profile (its skills, fields, cities, languages,
    education, salary and default résumé); [] without a profile."""
    from recruitment.models import CandidateProfile

    profile = (
        CandidateProfile.objects.filter(user=request.user)
        .select_related("default_resume", "user")
        .prefetch_related("skills", "desired_fields")
        .first()
    )
    if profile is None:
        return []
    return [{"job": sel.job_ref(m.item), **_score(m)} for m in matching.jobs_for(profile, params.limit)]


@router.get(
    "/recruitment/jobs/{int:pk}/candidates", url_name="recruitment-job-candidates", response={200: list[dict], **READ}
)
def job_candidates(request: HttpRequest, pk: int, params: Query[LimitIn]):
    """The talent pool of the job's organisation (who applied to its jobs, or opted in to
    the fair's employers) ranked for this job. Staff of the organisation only."""
    from recruitment.models import Job

    job = Job.objects.filter(pk=pk).select_related("organisation", "field").first()
    if job is None or not job_access.is_staff_of(request.user, job.organisation_id):
        raise Job.DoesNotExist(f"No job {pk} of your organisations.")
    out = []
    for m in matching.candidates_for(job, params.limit):
        profile = m.item
        out.append(
            {
                "candidate": {
                    "user_id": profile.user_id,
                    "name": profile.user.public_name,
                    "headline": profile.headline,
                },
                **_score(m),
            }
        )
    return out
