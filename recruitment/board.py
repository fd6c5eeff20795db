"""The job board: published, open jobs, searched with the site's search (kind "job") and
filtered by zone, field (a field includes its subfields), city, education, salary overlap
and language."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from recruitment.models import Job
from recruitment.models.jobs import EDUCATION_RANK, Education
from recruitment.selectors import open_jobs

PER_PAGE = 20
# The search ranks at most this many jobs for one query; filters then narrow them.
SEARCH_DEPTH = 500


@dataclass
class BoardFilters:
    q: str = ""
    zone: str = ""
    field: int | None = None
    city: str = ""
    education: str = ""  # the candidate's degree: jobs asking for no more than it
    salary_min: int | None = None  # the range a candidate wants, CNY per month
    salary_max: int | None = None
    language: str = ""
    organisation: int | None = None
    page: int = 1


@dataclass
class Board:
    jobs: list[Job]
    total: int
    page: int
    pages: int
    filters: BoardFilters


def _field_ids(field_id: int) -> list[int]:
    from accounts.models import Interest

    ids, frontier = {field_id}, [field_id]
    while frontier:
        frontier = list(Interest.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids.update(frontier)
    return sorted(ids)


def filtered(filters: BoardFilters, viewer=None) -> QuerySet[Job]:
    jobs = open_jobs().select_related("organisation", "zone", "field")
    if filters.zone:
        jobs = jobs.filter(zone__slug=filters.zone)
    if filters.field:
        ids = _field_ids(filters.field)
        jobs = jobs.filter(Q(field_id__in=ids) | Q(skills__in=ids)).distinct()
    if filters.city:
        jobs = jobs.filter(Q(city__icontains=filters.city) | Q(city_en__icontains=filters.city))
    if filters.education and filters.education in Education.values:
        allowed = [value for value, rank in EDUCATION_RANK.items() if rank <= EDUCATION_RANK[filters.education]]
        jobs = jobs.filter(education__in=allowed)
    # Overlap of [job min, job max] and [wanted min, wanted max]; an open bound overlaps all.
    if filters.salary_min is not None:
        jobs = jobs.filter(Q(salary_max__isnull=True, salary_min__isnull=False) | Q(salary_max__gte=filters.salary_min))
    if filters.salary_max is not None:
        jobs = jobs.filter(Q(salary_min__isnull=True, salary_max__isnull=False) | Q(salary_min__lte=filters.salary_max))
    if filters.organisation:
        jobs = jobs.filter(organisation_id=filters.organisation)
    if filters.language:
        # JSON list membership, portable across SQLite and PostgreSQL.
        ids = [pk for pk, langs in jobs.values_list("pk", "languages") if filters.language in (langs or [])]
        jobs = jobs.filter(pk__in=ids)
    if filters.q.strip():
        from search.selectors import search

        results = search(filters.q, viewer, kinds=["job"], per_page=SEARCH_DEPTH)
        ranked = [int(hit.object_id) for hit in results.hits if str(hit.object_id).isdigit()]
        order = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)], output_field=IntegerField())
        return jobs.filter(pk__in=ranked).annotate(rank=order).order_by("rank")
    return jobs.order_by("-published_at", "-pk")


def board(filters: BoardFilters, viewer=None) -> Board:
    jobs = filtered(filters, viewer)
    total = jobs.count()
    pages = max(1, (total + PER_PAGE - 1) // PER_PAGE)
    page = max(1, min(filters.page, pages))
    return Board(list(jobs[(page - 1) * PER_PAGE : page * PER_PAGE]), total, page, pages, filters)
