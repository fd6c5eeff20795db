"""Recruitment's JSON API under /api/recruitment/ (docs/recruitment.md): the fairs and the job
board for everyone; employers' own jobs and fair requests for organisations' staff; zone
editing and admission for organizers. Refusals in the one error shape (docs/api.md);
another organisation's job, or a draft, does not exist for you (404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from accounts.models import Organisation
from live.http_api import caller, errors, session_auth
from recruitment import board, fairs, jobs, rules, selectors
from recruitment.models import CityCard, JobFairZone, ZoneEmployer

router = Router(tags=["recruitment"])

Id = Field(..., ge=1, le=2**31 - 1)
READ_ERRORS = errors(404, 422)
AUTH_READ_ERRORS = errors(401, 403, 404, 422)
WRITE_ERRORS = errors(400, 401, 403, 404, 422)
ZONE_SLUG = r"^[-a-z0-9_]+$"


class BoardQuery(Schema):
    q: str = Field("", max_length=100, description="Words to search (the site's search, kind job)")
    zone: str = Field("", max_length=60, pattern=r"^[-a-z0-9_]*$")
    field: int | None = Field(None, ge=1, le=2**31 - 1, description="An accounts.Interest id (its subfields too)")
    city: str = Field("", max_length=60)
    education: str = Field("", pattern=r"^(|any|vocational|bachelor|master|doctorate)$")
    salary_min: int | None = Field(None, ge=0, le=jobs.SALARY_MAX, description="CNY per month")
    salary_max: int | None = Field(None, ge=0, le=jobs.SALARY_MAX)
    language: str = Field("", max_length=5, pattern=r"^[a-z]{0,5}$")
    organisation: int | None = Field(None, ge=1, le=2**31 - 1)
    page: int = Field(1, ge=1, le=1000)


class JobIn(Schema):
    zone: str | None = Field(None, max_length=60, description="A zone slug the organisation is admitted to")
    title: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=jobs.DESCRIPTION_MAX)
    description_en: str | None = Field(None, max_length=jobs.DESCRIPTION_MAX)
    field: int | None = Field(None, ge=1, le=2**31 - 1)
    skills: list[int] | None = Field(None, max_length=jobs.MAX_SKILLS)
    city: str | None = Field(None, max_length=120)
    city_en: str | None = Field(None, max_length=120)
    salary_min: int | None = Field(None, ge=0, le=jobs.SALARY_MAX)
    salary_max: int | None = Field(None, ge=0, le=jobs.SALARY_MAX)
    salary_text: str | None = Field(None, max_length=80)
    education: str | None = Field(None, pattern=r"^(any|vocational|bachelor|master|doctorate)$")
    experience_years_min: int | None = Field(None, ge=0, le=jobs.EXPERIENCE_MAX)
    languages: list[str] | None = Field(None, max_length=jobs.MAX_LANGUAGES)
    headcount: int | None = Field(None, ge=1, le=jobs.HEADCOUNT_MAX)
    deadline: dt.date | None = None
    external_url: str | None = Field(None, max_length=200)


class NewJobIn(JobIn):
    organisation_id: int = Id
    publish: bool = False


class JoinIn(Schema):
    organisation_id: int = Id
    note: str = Field("", max_length=fairs.NOTE_MAX)


class RefuseIn(Schema):
    reason: str = Field("", max_length=fairs.NOTE_MAX)


class BoardIn(Schema):
    title: str = Field("", max_length=120)
    title_en: str = Field("", max_length=120)
    text: str = Field("", max_length=2000)
    text_en: str = Field("", max_length=2000)


class ZoneIn(Schema):
    slug: str | None = Field(None, max_length=60, pattern=ZONE_SLUG)
    name: str | None = Field(None, max_length=120)
    name_en: str | None = Field(None, max_length=120)
    audience: str | None = Field(None, max_length=300)
    audience_en: str | None = Field(None, max_length=300)
    description: str | None = Field(None, max_length=5000)
    description_en: str | None = Field(None, max_length=5000)
    schedule: str | None = Field(None, max_length=300)
    schedule_en: str | None = Field(None, max_length=300)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    boards: list[BoardIn] | None = Field(None, max_length=fairs.MAX_BOARDS)
    position: int | None = Field(None, ge=0, le=10_000)


class TalksIn(Schema):
    session_ids: list[int] = Field(..., max_length=50)


class CityCardIn(Schema):
    city: str = Field(..., min_length=1, max_length=80)
    city_en: str = Field("", max_length=80)
    policy: str = Field("", max_length=5000)
    policy_en: str = Field("", max_length=5000)
    contacts: str = Field("", max_length=500)
    contacts_en: str = Field("", max_length=500)
    video_url: str = Field("", max_length=200)


def _given(data: Schema) -> dict[str, Any]:
    return {k: v for k, v in data.dict(exclude_unset=True).items()}


def _zone(slug: str) -> JobFairZone:
    return selectors.zone_by_slug(slug[:60])


# ---- everyone ----------------------------------------------------------------------------------


@router.get("/recruitment/zones", url_name="recruitment-zones", response={200: list[dict]})
def list_zones(request: HttpRequest):
    """The job fairs (云聘会 zones), in order."""
    return [selectors.zone_out(zone) for zone in selectors.zones()]


@router.get("/recruitment/zones/{slug}", url_name="recruitment-zone", response={200: dict, **READ_ERRORS})
def zone_detail(request: HttpRequest, slug: str):
    """A zone's page: audience, schedule, boards, admitted employers with their open jobs in
    the zone, city cards, policy talks (programme sessions)."""
    return selectors.zone_page(_zone(slug))


@router.get("/recruitment/jobs", url_name="recruitment-jobs", response={200: dict, **READ_ERRORS})
def job_board(request: HttpRequest, filters: Query[BoardQuery]):
    """Published, open jobs: searched (`q`) and filtered; `salary_min`/`salary_max` keep jobs
    whose range overlaps; `education` is the candidate's degree (jobs asking no more)."""
    found = board.board(board.BoardFilters(**filters.dict()), caller(request))
    return {
        "jobs": [selectors.job_out(job) for job in found.jobs],
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
    }


@router.get("/recruitment/jobs/{int:job_id}", url_name="recruitment-job", response={200: dict, **READ_ERRORS})
def job_detail(request: HttpRequest, job_id: int):
    """One published (or closed) job; opening it counts a view."""
    job = selectors.public_job(job_id)
    jobs.record_view(job)
    return selectors.job_out(job, full=True)


# ---- employers ------------------------------------------------------------------------------------


@router.get(
    "/recruitment/my/jobs",
    url_name="recruitment-my-jobs",
    auth=session_auth,
    response={200: list[dict], **AUTH_READ_ERRORS},
)
def my_jobs(request: HttpRequest):
    """The jobs of my organisations, drafts included, with their views."""
    return [
        {**selectors.job_out(job), "views": selectors.job_views(job)}
        for job in selectors.employer_jobs(request.user)[:500]
    ]


@router.post(
    "/recruitment/my/jobs", url_name="recruitment-job-create", auth=session_auth, response={201: dict, **WRITE_ERRORS}
)
def create_job(request: HttpRequest, data: NewJobIn):
    """Post a job for one of my (verified) organisations: a draft, or published with `publish`."""
    fields = _given(data)
    organisation_id = fields.pop("organisation_id")
    publish = fields.pop("publish", False)
    organisation = Organisation.objects.get(pk=organisation_id)
    job = jobs.create_job(by=request.user, organisation=organisation, publish=publish, **fields)
    return Status(201, selectors.job_out(job, full=True))


@router.get(
    "/recruitment/my/jobs/{int:job_id}",
    url_name="recruitment-my-job",
    auth=session_auth,
    response={200: dict, **AUTH_READ_ERRORS},
)
def my_job(request: HttpRequest, job_id: int):
    job = selectors.employer_jobs(request.user).get(pk=job_id)
    return {**selectors.job_out(job, full=True), "views": selectors.job_views(job)}


@router.patch(
    "/recruitment/my/jobs/{int:job_id}",
    url_name="recruitment-job-update",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def update_job(request: HttpRequest, job_id: int, data: JobIn):
    """Change the fields given (a closed job is refused: `job_closed`)."""
    return selectors.job_out(jobs.update_job(by=request.user, job_id=job_id, **_given(data)), full=True)


@router.post(
    "/recruitment/my/jobs/{int:job_id}/publish",
    url_name="recruitment-job-publish",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def publish_job(request: HttpRequest, job_id: int):
    """Publish a draft (refused: `deadline_passed`, `job_closed`, `organisation_unverified`)."""
    return selectors.job_out(jobs.publish_job(by=request.user, job_id=job_id), full=True)


@router.post(
    "/recruitment/my/jobs/{int:job_id}/close",
    url_name="recruitment-job-close",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def close_job(request: HttpRequest, job_id: int):
    """Close a job: it leaves the board, the search and the stages it was pinned on."""
    return selectors.job_out(jobs.close_job(by=request.user, job_id=job_id), full=True)


@router.get(
    "/recruitment/my/zones",
    url_name="recruitment-my-zones",
    auth=session_auth,
    response={200: list[dict], **AUTH_READ_ERRORS},
)
def my_zones(request: HttpRequest):
    """My organisations' places in the fairs (applied, admitted, refused)."""
    places = ZoneEmployer.objects.filter(organisation__in=rules.employer_organisations(request.user))
    return [selectors.place_out(p) for p in places.select_related("zone", "organisation")]


@router.post(
    "/recruitment/zones/{slug}/join",
    url_name="recruitment-zone-join",
    auth=session_auth,
    response={201: dict, **WRITE_ERRORS},
)
def join_zone(request: HttpRequest, slug: str, data: JoinIn):
    """My organisation's admin asks to join the fair; organizers admit or refuse."""
    organisation = Organisation.objects.get(pk=data.organisation_id)
    rules.require_member(request.user, organisation)
    place = fairs.request_admission(by=request.user, zone_id=_zone(slug).pk, organisation=organisation, note=data.note)
    return Status(201, selectors.place_out(place))


# ---- organizers ----------------------------------------------------------------------------------


def _organizer(request: HttpRequest) -> None:
    rules.require_organizer(request.user)


@router.post(
    "/recruitment/zones", url_name="recruitment-zone-create", auth=session_auth, response={201: dict, **WRITE_ERRORS}
)
def create_zone(request: HttpRequest, data: ZoneIn):
    _organizer(request)
    return Status(201, selectors.zone_out(fairs.create_zone(by=request.user, **_given(data))))


@router.patch(
    "/recruitment/zones/{slug}",
    url_name="recruitment-zone-update",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def update_zone(request: HttpRequest, slug: str, data: ZoneIn):
    _organizer(request)
    return selectors.zone_out(fairs.update_zone(by=request.user, zone_id=_zone(slug).pk, **_given(data)))


@router.put(
    "/recruitment/zones/{slug}/policy-talks",
    url_name="recruitment-zone-talks",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def set_talks(request: HttpRequest, slug: str, data: TalksIn):
    """The programme sessions that are the zone's policy talks."""
    _organizer(request)
    zone = fairs.set_policy_talks(by=request.user, zone_id=_zone(slug).pk, session_ids=data.session_ids)
    return selectors.zone_page(zone)


@router.post(
    "/recruitment/zones/{slug}/city-cards",
    url_name="recruitment-city-card-create",
    auth=session_auth,
    response={201: dict, **WRITE_ERRORS},
)
def add_city_card(request: HttpRequest, slug: str, data: CityCardIn):
    _organizer(request)
    card = fairs.save_city_card(by=request.user, zone_id=_zone(slug).pk, **data.dict())
    return Status(201, selectors.city_card_out(card))


@router.delete(
    "/recruitment/zones/{slug}/city-cards/{int:card_id}",
    url_name="recruitment-city-card-delete",
    auth=session_auth,
    response={204: None, **WRITE_ERRORS},
)
def delete_city_card(request: HttpRequest, slug: str, card_id: int):
    _organizer(request)
    fairs.delete_city_card(by=request.user, zone_id=_zone(slug).pk, card_id=card_id)
    return Status(204, None)


@router.get(
    "/recruitment/zones/{slug}/employers",
    url_name="recruitment-zone-employers",
    auth=session_auth,
    response={200: list[dict], **AUTH_READ_ERRORS},
)
def zone_employers(request: HttpRequest, slug: str):
    """Organizers: every request and decision of the zone, waiting ones first."""
    _organizer(request)
    return [selectors.place_out(p) for p in selectors.admission_queue(_zone(slug))]


@router.post(
    "/recruitment/employers/{int:place_id}/admit",
    url_name="recruitment-employer-admit",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def admit(request: HttpRequest, place_id: int):
    _organizer(request)
    return selectors.place_out(fairs.admit_employer(by=request.user, place_id=place_id))


@router.post(
    "/recruitment/employers/{int:place_id}/refuse",
    url_name="recruitment-employer-refuse",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def refuse(request: HttpRequest, place_id: int, data: RefuseIn):
    _organizer(request)
    return selectors.place_out(fairs.refuse_employer(by=request.user, place_id=place_id, reason=data.reason))


__all__ = ["CityCard", "router"]

# The candidates' and employers' application endpoints (rec-apply).
from recruitment.api_candidates import router as _candidates  # noqa: E402

router.add_router("", _candidates)

# Statistics (rec-live): /api/recruitment/stats/...
from recruitment.api_stats import router as _stats  # noqa: E402

router.add_router("", _stats)

# Ranked matches with reasons (rec-match).
from recruitment.api_matching import router as _matching  # noqa: E402

router.add_router("", _matching)

# 直播带岗 (rec-live): the inline apply from a stage page.
from recruitment.api_live import router as _live  # noqa: E402

router.add_router("", _live)
