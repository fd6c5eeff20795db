"""Statistics endpoints under /api/recruitment/stats/ (docs/recruitment.md, "Statistics"): an
employer's (its staff, and the organizers) and the fairs' (organizers), as JSON, CSV (one
table, streamed) and XLSX (every table). Another organisation's figures do not exist for
you (404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Field, Query, Router, Schema

from accounts.models import Organisation
from live.http_api import ApiError, errors, session_auth
from recruitment import rules, statistics, stats_export
from recruitment.models import JobFairZone

router = Router(tags=["recruitment statistics"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READ_ERRORS = errors(400, 401, 403, 404, 422)
TABLE_PATTERN = r"^(jobs|zones|employers|days|funnel)$"


class PeriodQuery(Schema):
    start: dt.date | None = Field(None, description="First day (site time zone); default: `days` before `end`")
    end: dt.date | None = Field(None, description="Last day, included; default: today")
    days: int | None = Field(None, ge=1, le=statistics.MAX_DAYS, description="Length when `start` is not given")


class FairQuery(PeriodQuery):
    zone: str = Field("", max_length=60, pattern=r"^[-a-z0-9_]*$", description="One zone's slug; empty: all")


TABLE_FIELD = Field("jobs", pattern=TABLE_PATTERN, description="Which table: jobs, zones, employers, days, funnel")


class PeriodCsvQuery(PeriodQuery):
    table: str = TABLE_FIELD


class FairCsvQuery(FairQuery):
    table: str = TABLE_FIELD


def _span(query: PeriodQuery) -> statistics.Period:
    try:
        return statistics.period(query.start, query.end, query.days)
    except ValueError:
        raise ApiError(
            400,
            "invalid_period",
            f"A period of 1 to {statistics.MAX_DAYS} days, start before end. "
            f"时间段须为 1 至 {statistics.MAX_DAYS} 天，开始日期不晚于结束日期。",
        ) from None


def _organisation(request: HttpRequest, org_id: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=org_id).first()
    if organisation is None:
        raise Http404("no organisation")
    if not rules.is_organizer(request.user):
        rules.require_member(request.user, organisation)
    return organisation


def _zone(slug: str) -> JobFairZone | None:
    if not slug:
        return None
    zone = JobFairZone.objects.filter(slug=slug).first()
    if zone is None:
        raise Http404(f"no zone {slug}")
    return zone


def _employer_report(request: HttpRequest, org_id: int, query: PeriodQuery) -> dict[str, Any]:
    organisation = _organisation(request, org_id)
    report = statistics.employer_report(organisation.pk, _span(query))
    report["organisation"] = {"id": organisation.pk, "name": organisation.name, "name_en": organisation.name_en}
    return report


def _fair_report(request: HttpRequest, query: FairQuery) -> dict[str, Any]:
    rules.require_organizer(request.user)
    return statistics.fair_report(_span(query), _zone(query.zone))


def _csv(report: dict[str, Any], table: str, name: str) -> StreamingHttpResponse:
    if table not in stats_export.tables_of(report):
        raise ApiError(400, "invalid_table", "No such table here. 此处没有该表。")
    response = StreamingHttpResponse(stats_export.csv_chunks(report, table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{table}.csv"'
    return response


def _xlsx(report: dict[str, Any], name: str) -> HttpResponse:
    response = HttpResponse(stats_export.xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _file(content_type: str) -> dict[str, Any]:
    return {"responses": {200: {"description": "A file", "content": {content_type: {"schema": {"type": "string"}}}}}}


@router.get(
    "/recruitment/stats/organisations/{int:org_id}",
    url_name="recruitment-stats-employer",
    auth=session_auth,
    response={200: dict, **READ_ERRORS},
)
def employer_stats(request: HttpRequest, org_id: int, query: Query[PeriodQuery]):
    """An employer's figures: views, applications, the funnel (how many reached each stage),
    interviews held, offers; by day, by zone, by job. Its staff and the organizers."""
    return _employer_report(request, org_id, query)


@router.get(
    "/recruitment/stats/organisations/{int:org_id}.csv",
    url_name="recruitment-stats-employer-csv",
    auth=session_auth,
    response=READ_ERRORS,
    openapi_extra=_file("text/csv"),
)
def employer_stats_csv(request: HttpRequest, org_id: int, query: Query[PeriodCsvQuery]):
    return _csv(_employer_report(request, org_id, query), query.table, f"recruitment-{org_id}")


@router.get(
    "/recruitment/stats/organisations/{int:org_id}.xlsx",
    url_name="recruitment-stats-employer-xlsx",
    auth=session_auth,
    response=READ_ERRORS,
    openapi_extra=_file(XLSX),
)
def employer_stats_xlsx(request: HttpRequest, org_id: int, query: Query[PeriodQuery]):
    return _xlsx(_employer_report(request, org_id, query), f"recruitment-{org_id}")


@router.get(
    "/recruitment/stats/fairs",
    url_name="recruitment-stats-fairs",
    auth=session_auth,
    response={200: dict, **READ_ERRORS},
)
def fair_stats(request: HttpRequest, query: Query[FairQuery]):
    """The organizers' figures over every job (or one zone's): by zone, employer, job, day."""
    return _fair_report(request, query)


@router.get(
    "/recruitment/stats/fairs.csv",
    url_name="recruitment-stats-fairs-csv",
    auth=session_auth,
    response=READ_ERRORS,
    openapi_extra=_file("text/csv"),
)
def fair_stats_csv(request: HttpRequest, query: Query[FairCsvQuery]):
    return _csv(_fair_report(request, query), query.table, "recruitment-fairs")


@router.get(
    "/recruitment/stats/fairs.xlsx",
    url_name="recruitment-stats-fairs-xlsx",
    auth=session_auth,
    response=READ_ERRORS,
    openapi_extra=_file(XLSX),
)
def fair_stats_xlsx(request: HttpRequest, query: Query[FairQuery]):
    return _xlsx(_fair_report(request, query), "recruitment-fairs")
