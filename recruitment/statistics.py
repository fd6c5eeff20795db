"""Recruitment statistics (selectors): job views, applications, how far applications got
through the pipeline (conversion by stage), interviews held and offers, by day, by zone, by
job and by employer, for one employer (its organisation's jobs) or for the organizers (every
job, or one zone's).

Every figure comes from a handful of grouped queries over the scope's jobs, never one query
per row (tests/recruitment/test_statistics.py counts them). Periods are in days of the
site's time zone, both ends included: views by `JobViewDay.day`, applications by the day
they were made (the funnel is that cohort's), interviews held by the day their meeting
started (upcoming ones whenever they are).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from accounts.i18n import localized
from recruitment.models import Application, Interview, Job, JobFairZone, JobViewDay, StatusChange

# The pipeline's stages in order; "reached a stage" = got there or further (rejected and
# withdrawn applications count for the stages they had reached before).
STAGES = ("new", "viewed", "shortlisted", "interview", "offer", "hired")
STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGES)}
ENDINGS = ("rejected", "withdrawn")
DEFAULT_DAYS = 30
MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as [first instant, instant after the last day) in the site's zone."""
        zone = timezone.get_current_timezone()
        first = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return first, after


def period(start: dt.date | None = None, end: dt.date | None = None, days: int | None = None) -> Period:
    """The period asked for: `end` defaults to today, `start` to DEFAULT_DAYS (or `days`)
    before it. ValueError when it is reversed or longer than MAX_DAYS."""
    end = end or timezone.localdate()
    if start is None:
        start = end - dt.timedelta(days=(days or DEFAULT_DAYS) - 1)
    if start > end:
        raise ValueError("start after end")
    if (end - start).days + 1 > MAX_DAYS:
        raise ValueError("period too long")
    return Period(start, end)


@dataclass
class Counts:
    """One row's figures (a job, a zone, an employer, or everything)."""

    views: int = 0
    applications: int = 0
    # reached[stage]: applications of the period that got to the stage or further.
    reached: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))
    rejected: int = 0
    withdrawn: int = 0
    interviews_held: int = 0
    interviews_upcoming: int = 0

    @property
    def offers(self) -> int:
        return self.reached["offer"]

    @property
    def hired(self) -> int:
        return self.reached["hired"]

    def add(self, other: Counts) -> None:
        self.views += other.views
        self.applications += other.applications
        for stage in STAGES:
            self.reached[stage] += other.reached[stage]
        self.rejected += other.rejected
        self.withdrawn += other.withdrawn
        self.interviews_held += other.interviews_held
        self.interviews_upcoming += other.interviews_upcoming

    def out(self) -> dict[str, Any]:
        applications = self.applications
        return {
            "views": self.views,
            "applications": applications,
            # applications per 100 views (views count page openings, not people)
            "applications_per_100_views": round(100 * applications / self.views, 1) if self.views else None,
            "funnel": [
                {
                    "stage": stage,
                    "reached": self.reached[stage],
                    "share": round(self.reached[stage] / applications, 4) if applications else None,
                }
                for stage in STAGES
            ],
            "rejected": self.rejected,
            "withdrawn": self.withdrawn,
            "interviews_held": self.interviews_held,
            "interviews_upcoming": self.interviews_upcoming,
            "offers": self.offers,
            "hired": self.hired,
        }


def _rank_of(field_name: str) -> Case:
    return Case(
        *(When(**{field_name: stage}, then=Value(rank)) for stage, rank in STAGE_RANK.items()),
        default=Value(-1),
        output_field=IntegerField(),
    )


def _job_counts(jobs: QuerySet, span: Period) -> dict[int, Counts]:
    """Counts per job id of the scope (every job of it has a row, zeros included)."""
    counts: dict[int, Counts] = defaultdict(Counts)
    for row in (
        JobViewDay.objects.filter(job__in=jobs, day__gte=span.start, day__lte=span.end)
        .values("job_id")
        .annotate(n=Sum("views"))
        .order_by()
    ):
        counts[row["job_id"]].views = row["n"] or 0
    first, after = span.bounds()
    # The furthest stage each application got to, from its history (its current status when
    # it has none), grouped in the database: one row per (job, current status, stage reached).
    furthest = (
        StatusChange.objects.filter(application=OuterRef("pk"), to_status__in=STAGES)
        .annotate(rank=_rank_of("to_status"))
        .order_by("-rank")
        .values("rank")[:1]
    )
    applications = (
        Application.objects.filter(job__in=jobs, created_at__gte=first, created_at__lt=after)
        .annotate(furthest=Coalesce(Subquery(furthest, output_field=IntegerField()), _rank_of("status")))
        .values("job_id", "status", "furthest")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in applications:
        job_counts = counts[row["job_id"]]
        job_counts.applications += row["n"]
        furthest_rank = max(row["furthest"], 0)
        for stage in STAGES[: furthest_rank + 1]:
            job_counts.reached[stage] += row["n"]
        if row["status"] == "rejected":
            job_counts.rejected += row["n"]
        elif row["status"] == "withdrawn":
            job_counts.withdrawn += row["n"]
    now = timezone.now()
    # Held: confirmed, started in the period and over by now. Upcoming: confirmed and not
    # over yet, whenever it is (the period is the past; what is planned is shown with it).
    confirmed = Q(meeting__status="confirmed")
    in_period = Q(meeting__start_at__gte=first, meeting__start_at__lt=after)
    for row in (
        Interview.objects.filter(application__job__in=jobs)
        .values("application__job_id")
        .annotate(
            held=Count("pk", filter=confirmed & in_period & Q(meeting__end_at__lte=now)),
            upcoming=Count("pk", filter=confirmed & Q(meeting__end_at__gt=now)),
        )
        .order_by()
    ):
        counts[row["application__job_id"]].interviews_held = row["held"]
        counts[row["application__job_id"]].interviews_upcoming = row["upcoming"]
    return counts


def _by_day(jobs: QuerySet, span: Period) -> list[dict[str, Any]]:
    views = {
        row["day"]: row["n"] or 0
        for row in JobViewDay.objects.filter(job__in=jobs, day__gte=span.start, day__lte=span.end)
        .values("day")
        .annotate(n=Sum("views"))
        .order_by()
    }
    first, after = span.bounds()
    applied = {
        row["day"]: row["n"]
        for row in Application.objects.filter(job__in=jobs, created_at__gte=first, created_at__lt=after)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        {"day": day.isoformat(), "views": views.get(day, 0), "applications": applied.get(day, 0)} for day in span.days
    ]


def _job_row(job: Job, counts: Counts) -> dict[str, Any]:
    return {
        "id": job.pk,
        "title": job.display_title,
        "status": job.status,
        "zone": job.zone.slug if job.zone_id else None,
        "employer": localized(job.organisation.name, job.organisation.name_en),
        "employer_id": job.organisation_id,
        **counts.out(),
    }


def _report(jobs: QuerySet, span: Period, *, per_employer: bool) -> dict[str, Any]:
    job_list = list(jobs.select_related("organisation", "zone").order_by("pk"))
    counts = _job_counts(jobs, span)
    total = Counts()
    zones: dict[int | None, Counts] = defaultdict(Counts)
    employers: dict[int, Counts] = defaultdict(Counts)
    job_rows = []
    for job in job_list:
        job_counts = counts.get(job.pk, Counts())
        total.add(job_counts)
        zones[job.zone_id].add(job_counts)
        employers[job.organisation_id].add(job_counts)
        job_rows.append(_job_row(job, job_counts))
    zone_names = {zone.pk: zone for zone in JobFairZone.objects.filter(pk__in=[z for z in zones if z])}
    zone_rows = []
    for zone in sorted(zone_names.values(), key=lambda z: (z.position, z.pk)):
        zone_rows.append({"zone": zone.slug, "name": zone.display_name, **zones[zone.pk].out()})
    if None in zones:
        zone_rows.append(
            {"zone": None, "name": localized("未分会场（招聘板）", "No zone (job board only)"), **zones[None].out()}
        )
    report: dict[str, Any] = {
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "jobs_count": len(job_list),
        "open_jobs": sum(1 for job in job_list if job.status == Job.Status.PUBLISHED),
        "totals": total.out(),
        "by_day": _by_day(jobs, span),
        "by_zone": zone_rows,
        "by_job": sorted(job_rows, key=lambda row: (-row["applications"], -row["views"], row["id"])),
    }
    if per_employer:
        names = {job.organisation_id: job.organisation for job in job_list}
        report["by_employer"] = sorted(
            (
                {"id": org_id, "name": localized(names[org_id].name, names[org_id].name_en), **c.out()}
                for org_id, c in employers.items()
            ),
            key=lambda row: (-row["applications"], -row["views"], row["id"]),
        )
    return report


def employer_jobs(organisation_id: int) -> QuerySet:
    """An employer's jobs that count: every one but drafts (never seen by anyone)."""
    return Job.objects.filter(organisation_id=organisation_id).exclude(status=Job.Status.DRAFT)


def employer_report(organisation_id: int, span: Period) -> dict[str, Any]:
    """One organisation's jobs: totals, funnel, by day, by zone, by job."""
    return _report(employer_jobs(organisation_id), span, per_employer=False)


def fair_report(span: Period, zone: JobFairZone | None = None) -> dict[str, Any]:
    """The organizers' view: every job (or one zone's), by zone, by employer, by job."""
    jobs = Job.objects.exclude(status=Job.Status.DRAFT)
    if zone is not None:
        jobs = jobs.filter(zone=zone)
    report = _report(jobs, span, per_employer=True)
    report["zone"] = zone.slug if zone else None
    return report
