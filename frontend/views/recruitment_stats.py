"""Recruitment statistics pages: an employer's (/recruitment/employer/<org>/statistics/, its
staff and the organizers) and the organizers' (/recruitment/organizer/statistics/). Figures
from recruitment.statistics; charts drawn by chart.js (npm, served by views/libraries.py)
from the page's JSON; the tables below the charts carry the same numbers; downloads are the
API's CSV and XLSX endpoints (docs/recruitment.md, "Statistics")."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Organisation
from frontend.views.libraries import library_url
from recruitment import rules, statistics
from recruitment.models import JobFairZone

PERIODS = (7, 30, 90, 365)


def _span(request: HttpRequest) -> tuple[statistics.Period, dict[str, str]]:
    """The period from ?days= (one of PERIODS) or ?start=&end=; a bad one falls back to 30 days."""
    query: dict[str, str] = {}
    try:
        start = dt.date.fromisoformat(request.GET["start"]) if request.GET.get("start") else None
        end = dt.date.fromisoformat(request.GET["end"]) if request.GET.get("end") else None
        days = int(request.GET.get("days") or statistics.DEFAULT_DAYS)
        span = statistics.period(start, end, days if days in PERIODS else statistics.DEFAULT_DAYS)
        if start:
            query["start"] = start.isoformat()
        if end:
            query["end"] = end.isoformat()
        if not start:
            query["days"] = str(days if days in PERIODS else statistics.DEFAULT_DAYS)
    except (ValueError, TypeError):
        span = statistics.period()
        query = {"days": str(statistics.DEFAULT_DAYS)}
    return span, query


def stage_labels() -> dict[str, str]:
    return {
        "new": _("Applied"),
        "viewed": _("Viewed"),
        "shortlisted": _("Shortlisted"),
        "interview": _("Interview"),
        "offer": _("Offer"),
        "hired": _("Hired"),
    }


def chart_strings() -> dict[str, str]:
    return {
        "views": _("Views"),
        "applications": _("Applications"),
        "reached": _("Applications that reached the stage"),
        "offers": _("Offers"),
        "hired": _("Hired"),
        "interviews_held": _("Interviews held"),
        "chart_failed": _("The charts could not be drawn; the tables below have the same figures."),
    }


def _page(
    request: HttpRequest,
    report: dict[str, Any],
    *,
    heading: str,
    api: str,
    query: dict[str, str],
    kind: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    labels = stage_labels()
    for step in report["totals"]["funnel"]:
        step["label"] = labels[step["stage"]]
    suffix = f"?{urlencode(query)}" if query else ""
    joiner = "&" if query else "?"
    downloads = {
        "xlsx": f"{api}.xlsx{suffix}",
        "csv": [
            {"table": table, "url": f"{api}.csv{suffix}{joiner}table={table}", "label": label}
            for table, label in (
                ("jobs", _("Jobs")),
                ("days", _("By day")),
                ("zones", _("By zone")),
                *((("employers", _("By employer")),) if "by_employer" in report else ()),
                ("funnel", _("Funnel")),
            )
        ],
    }
    config = {
        "chart_library": library_url("chart.js", "chart.umd.min.js"),
        "strings": chart_strings(),
        "stages": labels,
        "by_day": report["by_day"],
        "funnel": report["totals"]["funnel"],
        "by_zone": [
            {"name": row["name"], "applications": row["applications"], "offers": row["offers"], "views": row["views"]}
            for row in report["by_zone"]
        ],
    }
    return render(
        request,
        "recruitment/statistics.html",
        {
            "report": report,
            "heading": heading,
            "kind": kind,
            "periods": PERIODS,
            "days": query.get("days"),
            "downloads": downloads,
            "config": config,
            **(extra or {}),
        },
    )


@require_GET
@login_required
def employer_statistics(request: HttpRequest, org_id: int) -> HttpResponse:
    organisation = Organisation.objects.filter(pk=org_id).first()
    if organisation is None:
        raise Http404("no organisation")
    if not rules.is_organizer(request.user):
        rules.require_member(request.user, organisation)
    span, query = _span(request)
    report = statistics.employer_report(organisation.pk, span)
    name = organisation.name_en if organisation.name_en and request.LANGUAGE_CODE == "en" else organisation.name
    api = reverse("api:recruitment-stats-employer", args=[organisation.pk])
    return _page(
        request,
        report,
        heading=_("Recruitment statistics: %(name)s") % {"name": name},
        api=api,
        query=query,
        kind="employer",
    )


@require_GET
@login_required
def organizer_statistics(request: HttpRequest) -> HttpResponse:
    rules.require_organizer(request.user)
    span, query = _span(request)
    zone = None
    slug = (request.GET.get("zone") or "")[:60]
    if slug:
        zone = JobFairZone.objects.filter(slug=slug).first()
        if zone is None:
            raise Http404("no zone")
        query["zone"] = zone.slug
    report = statistics.fair_report(span, zone)
    api = reverse("api:recruitment-stats-fairs")
    return _page(
        request,
        report,
        heading=_("Job fairs: statistics"),
        api=api,
        query=query,
        kind="organizer",
        extra={"zones": list(JobFairZone.objects.order_by("position", "pk")), "zone": zone},
    )
