"""A small recruitment world for the statistics tests: two employers, two zones, jobs in
each (and one on the board only), views per day, applications with their histories (built
on the models of rec-apply's documented pipeline) and interviews as meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from accounts.models import Organisation, OrganisationMembership, User
from recruitment.models import Job, JobFairZone, JobViewDay, ZoneEmployer


def today() -> dt.date:
    """Today in the site's zone: interviews are held or upcoming relative to the real now."""
    return timezone.localdate()


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


@dataclass
class StatsWorld:
    employer: Organisation
    other: Organisation
    staff: User
    other_staff: User
    organizer: User
    candidate: User
    zones: dict[str, JobFairZone]
    jobs: dict[str, Job]
    applications: dict[str, Any] = field(default_factory=dict)


def user(username: str, **extra: Any) -> User:
    return User.objects.create_user(username=username, password="x", display_name=username.title(), **extra)


def build(with_pipeline: bool = True) -> StatsWorld:
    day0 = today()
    employer = Organisation.objects.create(name="华为", name_en="Huawei", status=Organisation.Status.VERIFIED)
    other = Organisation.objects.create(name="腾讯", name_en="Tencent", status=Organisation.Status.VERIFIED)
    staff, other_staff = user("hr"), user("rival")
    OrganisationMembership.objects.create(user=staff, organisation=employer, role=OrganisationMembership.Role.ADMIN)
    OrganisationMembership.objects.create(user=other_staff, organisation=other, role=OrganisationMembership.Role.ADMIN)
    zones = {
        "returnees": JobFairZone.objects.create(
            slug="returnees", name="海归人才云聘会", name_en="Returnees", position=1
        ),
        "graduates": JobFairZone.objects.create(slug="graduates", name="百校千企", name_en="Graduates", position=2),
    }
    for zone in zones.values():
        ZoneEmployer.objects.create(zone=zone, organisation=employer, status=ZoneEmployer.Status.ADMITTED)
    published = {"organisation": employer, "status": Job.Status.PUBLISHED}
    jobs = {
        "algo": Job.objects.create(
            title="算法工程师", title_en="Algorithm engineer", zone=zones["returnees"], **published
        ),
        "chip": Job.objects.create(title="芯片设计师", title_en="Chip designer", zone=zones["graduates"], **published),
        "board": Job.objects.create(title="行政助理", title_en="Office assistant", **published),
        "draft": Job.objects.create(title="草稿", organisation=employer, status=Job.Status.DRAFT),
        "theirs": Job.objects.create(
            title="产品经理",
            title_en="Product manager",
            organisation=other,
            zone=zones["returnees"],
            status=Job.Status.PUBLISHED,
        ),
    }
    views = [
        ("algo", day0, 10),
        ("algo", day0 - dt.timedelta(days=1), 5),
        ("chip", day0, 4),
        ("board", day0 - dt.timedelta(days=2), 1),
        ("draft", day0, 99),
        ("theirs", day0, 7),
        ("algo", day0 - dt.timedelta(days=40), 1000),  # outside the 30-day period
    ]
    for key, day, count in views:
        JobViewDay.objects.create(job=jobs[key], day=day, views=count)
    world = StatsWorld(
        employer=employer,
        other=other,
        staff=staff,
        other_staff=other_staff,
        organizer=user("boss", is_staff=True),
        candidate=user("cand0"),
        zones=zones,
        jobs=jobs,
    )
    if with_pipeline:
        add_pipeline(world)
    return world


def add_pipeline(world: StatsWorld) -> None:
    """Applications (with histories) and interviews:

    algo: a (new), b (new → viewed → shortlisted → rejected), c (new → shortlisted →
          interview → offer → hired: it skipped viewed), d (new → withdrawn), old (40 days ago, hired)
    chip: e (new → viewed → interview → offer), made yesterday
    theirs: f (new → viewed), another employer's
    Interviews: c's was held yesterday, e's is tomorrow, b's proposed (never confirmed)."""
    from meetings.models import Meeting
    from recruitment.models.applications import Application, Interview, StatusChange
    from recruitment.models.candidates import Resume

    day0 = today()

    histories = {
        "a": ("algo", day0, ["new"]),
        "b": ("algo", day0, ["new", "viewed", "shortlisted", "rejected"]),
        "c": ("algo", day0, ["new", "shortlisted", "interview", "offer", "hired"]),
        "d": ("algo", day0, ["new", "withdrawn"]),
        "old": ("algo", day0 - dt.timedelta(days=40), ["new", "viewed", "shortlisted", "offer", "hired"]),
        "e": ("chip", day0 - dt.timedelta(days=1), ["new", "viewed", "interview", "offer"]),
        "f": ("theirs", day0, ["new", "viewed"]),
    }
    for n, (key, (job_key, day, statuses)) in enumerate(histories.items()):
        candidate = user(f"cand-{key}")
        resume = Resume.objects.create(owner=candidate, title="CV", kind="pdf", file=f"r{n}.pdf", size=1)
        application = Application.objects.create(
            job=world.jobs[job_key], candidate=candidate, resume=resume, status=statuses[-1]
        )
        Application.objects.filter(pk=application.pk).update(created_at=at(day))
        previous = ""
        for status in statuses:
            StatusChange.objects.create(application=application, from_status=previous, to_status=status)
            previous = status
        world.applications[key] = application
    yesterday, tomorrow = at(day0 - dt.timedelta(days=1), 14), at(day0 + dt.timedelta(days=1), 14)
    for key, status, start in (("c", "confirmed", yesterday), ("e", "confirmed", tomorrow), ("b", "proposed", None)):
        meeting = Meeting.objects.create(
            topic="面试 Interview",
            organiser=world.staff,
            status=status,
            start_at=start,
            end_at=start + dt.timedelta(minutes=30) if start else None,
        )
        Interview.objects.create(application=world.applications[key], meeting=meeting, created_by=world.staff)
