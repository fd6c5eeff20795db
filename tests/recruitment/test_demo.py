"""load_demo_recruitment: the five zones of the plan with employers, city cards, policy talks
and jobs in zh and en, pinned on the demo recruitment livestreams; twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from recruitment.models import CityCard, Job, JobFairZone, JobViewDay, PinnedJob, ZoneEmployer
from recruitment.pins import pinned_jobs
from recruitment.selectors import open_jobs, zone_page
from streams.models import Session

pytestmark = pytest.mark.django_db


def run(name: str) -> str:
    out = StringIO()
    call_command(name, not_production=True, stdout=out)
    return out.getvalue()


def test_the_demo_fairs_load_once_with_employers_jobs_and_pins():
    run("load_demo_conference")
    run("load_demo_orgs")
    first = run("load_demo_recruitment")
    snapshot = (
        JobFairZone.objects.count(),
        ZoneEmployer.objects.count(),
        Job.objects.count(),
        PinnedJob.objects.count(),
        CityCard.objects.count(),
        sorted(JobViewDay.objects.values_list("job_id", "day", "views")),
    )
    run("load_demo_recruitment")
    assert "/jobs/" in first
    assert snapshot == (
        JobFairZone.objects.count(),
        ZoneEmployer.objects.count(),
        Job.objects.count(),
        PinnedJob.objects.count(),
        CityCard.objects.count(),
        sorted(JobViewDay.objects.values_list("job_id", "day", "views")),
    )
    # Two weeks of views per published job, for the statistics pages.
    assert {job_id for job_id, _day, _views in snapshot[-1]} == set(
        Job.objects.filter(status="published").values_list("pk", flat=True)
    )
    names = list(JobFairZone.objects.values_list("name", flat=True))
    for plan in ("外籍人才云聘会", "海归人才云聘会", "精英天下", "智汇全球", "百校千企"):
        assert any(plan in name for name in names), plan
    assert JobFairZone.objects.get(slug="global-wisdom").boards
    jobs = list(open_jobs())
    assert len(jobs) >= 20 and all(job.title and job.title_en for job in jobs)
    assert all(job.field_id for job in jobs)
    for zone in JobFairZone.objects.all():
        page = zone_page(zone)
        assert page["employers"] and page["policy_talks"], zone.slug
        assert any(e["jobs"] for e in page["employers"]), zone.slug
    # The recruitment livestreams carry pinned jobs (streams' stage state, through the hook).
    fairs = Session.objects.filter(kind=Session.Kind.RECRUITMENT_LIVESTREAM)
    pinned = {session.slug: pinned_jobs(session.room_id) for session in fairs}
    assert len(pinned["job-fair-elite"]) == 2 and len(pinned["job-fair-foreign-talent"]) == 2
    assert all(job["employer"] and job["salary"] for jobs_ in pinned.values() for job in jobs_)
    assert not PinnedJob.objects.exclude(session__kind=Session.Kind.RECRUITMENT_LIVESTREAM).exists()
    assert PinnedJob.objects.count() == 6
