"""Recruitment pages for everyone (/jobs/...): the fairs index, a zone's page, the job board
with its filters, a job's page. Server-rendered from recruitment's selectors; the job page
leaves an apply area (recruitment/_apply.html) to the applications' pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.countries import language_choices
from accounts.i18n import localized
from accounts.models import Interest
from recruitment import board, jobs, selectors
from recruitment.models import Job, JobFairZone
from recruitment.models.jobs import Education


def _number(request: HttpRequest, name: str, low: int = 0, high: int = 2**31 - 1) -> int | None:
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if low <= value <= high else None


def board_filters(request: HttpRequest) -> board.BoardFilters:
    """The board's filters from the query string; what does not parse is ignored."""
    education = request.GET.get("education", "")
    zone = request.GET.get("zone", "")[:60]
    language = request.GET.get("language", "")[:5]
    return board.BoardFilters(
        q=request.GET.get("q", "").strip()[:100],
        zone=zone if zone.replace("-", "").replace("_", "").isalnum() else "",
        field=_number(request, "field", 1),
        city=request.GET.get("city", "").strip()[:60],
        education=education if education in Education.values else "",
        salary_min=_number(request, "salary_min", 0, jobs.SALARY_MAX),
        salary_max=_number(request, "salary_max", 0, jobs.SALARY_MAX),
        language=language if language.isalpha() else "",
        page=_number(request, "page", 1, 1000) or 1,
    )


def filter_choices() -> dict:
    return {
        "zones": list(JobFairZone.objects.all()),
        "fields": list(Interest.objects.filter(parent__isnull=True).prefetch_related("children")),
        "education": Education.choices,
        "languages": language_choices(),
    }


@require_GET
def fairs_index(request: HttpRequest) -> HttpResponse:
    zones = list(selectors.zones())
    counts = {z.pk: selectors.open_jobs().filter(zone=z).count() for z in zones}
    return render(
        request,
        "recruitment/index.html",
        {"zones": [(zone, counts[zone.pk]) for zone in zones], "total": selectors.open_jobs().count()},
    )


@require_GET
def zone_page(request: HttpRequest, slug: str) -> HttpResponse:
    zone = JobFairZone.objects.filter(slug=slug).first()
    if zone is None:
        raise Http404("no such zone")
    page = selectors.zone_page(zone)
    employers = []
    for employer in page["employers"]:
        employer_jobs = list(
            Job.objects.filter(pk__in=[j["id"] for j in employer["jobs"]]).select_related("organisation")
        )
        employers.append(
            {**employer, "display_name": localized(employer["name"], employer["name_en"]), "job_objects": employer_jobs}
        )
    boards = [
        (localized(b.get("title", ""), b.get("title_en", "")), localized(b.get("text", ""), b.get("text_en", "")))
        for b in zone.boards or []
    ]
    return render(
        request,
        "recruitment/zone.html",
        {
            "zone": zone,
            "boards": boards,
            "employers": employers,
            "cards": list(zone.city_cards.all()),
            "talks": list(zone.policy_talks.select_related("room").order_by("starts_at", "pk")),
            "can_join": request.user.is_authenticated,
        },
    )


@require_GET
def board_page(request: HttpRequest) -> HttpResponse:
    filters = board_filters(request)
    found = board.board(filters, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recruitment/job_board.html",
        {"board": found, "filters": filters, "choices": filter_choices(), "query": query.urlencode()},
    )


@require_GET
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        job = selectors.public_job(pk)
    except Job.DoesNotExist:
        raise Http404("no such job") from None
    jobs.record_view(job)
    return render(
        request,
        "recruitment/job.html",
        {
            "job": job,
            "open": selectors.is_open(job),
            "skills": list(job.skills.all()),
            "languages": [name for code, name in language_choices() if code in (job.languages or [])],
        },
    )
