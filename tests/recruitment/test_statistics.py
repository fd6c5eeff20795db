"""Recruitment statistics: the selectors' figures (views, applications, how many reached each
stage, interviews held, offers; by day, zone, job, employer), the number of queries whatever
the number of jobs, the API (who sees what, CSV and XLSX) and the pages with their charts'
data, in both languages."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from recruitment import statistics
from recruitment.models import Job, JobViewDay
from tests.recruitment import stats_fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return stats_fixtures.build()


def _reached(counts: dict) -> dict[str, int]:
    return {step["stage"]: step["reached"] for step in counts["funnel"]}


def test_employer_report_counts_views_applications_and_the_stages_reached(world):
    report = statistics.employer_report(world.employer.pk, statistics.period())
    totals = report["totals"]
    # Views in the period of the three published jobs (the draft, the other employer's and
    # the view 40 days ago are not counted).
    assert totals["views"] == 10 + 5 + 4 + 1
    # a, b, c, d today, e yesterday; "old" is before the period, f another employer's.
    assert totals["applications"] == 5
    # c skipped "viewed" and e "shortlisted", but each got past it, so counts as having reached it.
    assert _reached(totals) == {"new": 5, "viewed": 3, "shortlisted": 3, "interview": 2, "offer": 2, "hired": 1}
    assert (totals["rejected"], totals["withdrawn"]) == (1, 1)
    assert (totals["offers"], totals["hired"]) == (2, 1)
    assert (totals["interviews_held"], totals["interviews_upcoming"]) == (1, 1)
    assert totals["applications_per_100_views"] == 25.0
    assert totals["funnel"][1]["share"] == 0.6
    assert report["jobs_count"] == 3 and report["open_jobs"] == 3
    by_job = {row["id"]: row for row in report["by_job"]}
    assert set(by_job) == {world.jobs[k].pk for k in ("algo", "chip", "board")}
    algo = by_job[world.jobs["algo"].pk]
    assert (algo["views"], algo["applications"], algo["offers"], algo["interviews_held"]) == (15, 4, 1, 1)
    assert by_job[world.jobs["board"].pk]["applications"] == 0
    # Sorted by applications first.
    assert report["by_job"][0]["id"] == world.jobs["algo"].pk


def test_by_day_and_by_zone(world):
    today = stats_fixtures.today()
    report = statistics.employer_report(world.employer.pk, statistics.period(days=7))
    days = {row["day"]: row for row in report["by_day"]}
    assert len(report["by_day"]) == 7 and report["by_day"][-1]["day"] == today.isoformat()
    assert days[today.isoformat()] == {"day": today.isoformat(), "views": 14, "applications": 4}
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    assert days[yesterday]["views"] == 5 and days[yesterday]["applications"] == 1
    assert days[(today - dt.timedelta(days=2)).isoformat()]["views"] == 1
    zones = {row["zone"]: row for row in report["by_zone"]}
    assert [row["zone"] for row in report["by_zone"]] == ["returnees", "graduates", None]
    assert zones["returnees"]["applications"] == 4 and zones["graduates"]["offers"] == 1
    assert zones[None]["views"] == 1


def test_fair_report_for_organizers_by_employer_and_one_zone(world):
    report = statistics.fair_report(statistics.period())
    assert report["totals"]["applications"] == 6  # f (the other employer's) too
    employers = {row["id"]: row for row in report["by_employer"]}
    assert employers[world.other.pk]["applications"] == 1
    assert _reached(employers[world.other.pk])["viewed"] == 1
    assert employers[world.employer.pk]["applications"] == 5
    zone = statistics.fair_report(statistics.period(), world.zones["returnees"])
    assert zone["zone"] == "returnees"
    assert zone["totals"]["applications"] == 5 and zone["totals"]["views"] == 10 + 5 + 7
    assert {row["zone"] for row in zone["by_zone"]} == {"returnees"}


def test_a_longer_period_reaches_older_figures_and_bad_periods_are_refused(world):
    today = stats_fixtures.today()
    report = statistics.employer_report(world.employer.pk, statistics.period(days=60))
    assert report["totals"]["views"] == 1020 and report["totals"]["applications"] == 6
    assert report["totals"]["hired"] == 2
    with pytest.raises(ValueError):
        statistics.period(today, today - dt.timedelta(days=1))
    with pytest.raises(ValueError):
        statistics.period(days=statistics.MAX_DAYS + 1)


def test_the_number_of_queries_does_not_grow_with_jobs(world, django_assert_max_num_queries):
    span = statistics.period()
    with django_assert_max_num_queries(8) as few:
        statistics.fair_report(span)
    for n in range(30):
        job = Job.objects.create(title=f"岗位{n}", organisation=world.employer, status=Job.Status.PUBLISHED)
        JobViewDay.objects.create(job=job, day=span.end, views=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        report = statistics.fair_report(span)
    assert report["jobs_count"] == 34


def test_no_applications_yet_gives_zeros_not_errors():
    world = stats_fixtures.build(with_pipeline=False)
    totals = statistics.employer_report(world.employer.pk, statistics.period())["totals"]
    assert totals["applications"] == 0 and totals["applications_per_100_views"] == 0.0
    assert all(step["share"] is None for step in totals["funnel"])


# ---- the API ---------------------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_api_employer_figures_for_its_staff_and_organizers_only(world):
    url = f"/api/recruitment/stats/organisations/{world.employer.pk}"
    answer = client_for(world.staff).get(url).json()
    assert answer["totals"]["applications"] == 5 and answer["organisation"]["name_en"] == "Huawei"
    assert client_for(world.organizer).get(url).status_code == 200
    refused = client_for(world.other_staff).get(url)
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    assert client_for(world.candidate).get(url).status_code == 404
    assert Client().get(url).status_code == 401
    assert client_for(world.staff).get("/api/recruitment/stats/organisations/999999").status_code == 404
    bad = client_for(world.staff).get(url, {"start": "2026-06-10", "end": "2026-06-01"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_period"
    assert client_for(world.staff).get(url, {"days": 0}).status_code == 422
    assert client_for(world.staff).get(url, {"start": "not a date"}).status_code == 422


def test_api_fairs_for_organizers(world):
    url = "/api/recruitment/stats/fairs"
    assert client_for(world.staff).get(url).status_code == 403
    answer = client_for(world.organizer).get(url, {"zone": "graduates", "days": 7}).json()
    assert answer["zone"] == "graduates" and answer["totals"]["applications"] == 1
    assert len(answer["by_day"]) == 7
    assert client_for(world.organizer).get(url, {"zone": "nowhere"}).status_code == 404
    assert client_for(world.organizer).get(url, {"zone": "Bad Slug!"}).status_code == 422


def test_csv_export_streams_one_table(world):
    url = f"/api/recruitment/stats/organisations/{world.employer.pk}.csv"
    response = client_for(world.staff).get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.streaming and "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text[1:])))
    header, rows = table[0], table[1:]
    assert header[:3] == ["职位编号 Job id", "职位 Job", "单位 Employer"]
    first = dict(zip(header, rows[0], strict=True))
    assert first["职位编号 Job id"] == str(world.jobs["algo"].pk)
    assert first["投递 Applications"] == "4" and first["录用通知 Offers"] == "1"
    days = client_for(world.staff).get(url, {"table": "days", "days": 7})
    assert len(list(csv.reader(io.StringIO(b"".join(days.streaming_content).decode()[1:])))) == 8
    # An employer has no per-employer table; an unknown table is refused by the schema.
    assert client_for(world.staff).get(url, {"table": "employers"}).status_code == 400
    assert client_for(world.staff).get(url, {"table": "secrets"}).status_code == 422
    assert client_for(world.other_staff).get(url).status_code == 404


def test_xlsx_export_has_every_table(world):
    response = client_for(world.organizer).get("/api/recruitment/stats/fairs.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["Summary", "Jobs", "Zones", "Employers", "By day", "Funnel"]
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert summary["投递 Applications"] == 6 and summary["入职 Hired"] == 1
    funnel = list(workbook["Funnel"].iter_rows(values_only=True))
    assert funnel[1][:2] == ("new", 6)
    employer = client_for(world.staff).get(f"/api/recruitment/stats/organisations/{world.employer.pk}.xlsx")
    assert "Employers" not in load_workbook(io.BytesIO(employer.content), read_only=True).sheetnames


def test_a_job_title_that_looks_like_a_formula_is_quoted(world):
    Job.objects.filter(pk=world.jobs["board"].pk).update(title='=HYPERLINK("x")', title_en="")
    response = client_for(world.staff).get(f"/api/recruitment/stats/organisations/{world.employer.pk}.csv")
    text = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in text and '\n"=HYPERLINK' not in text


# ---- the pages --------------------------------------------------------------------------------


def test_employer_page_in_both_languages(world):
    import json
    import re

    client = client_for(world.staff)
    url = f"/recruitment/employer/{world.employer.pk}/statistics/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Recruitment statistics: Huawei" in page and 'id="chart-funnel"' in page
    config = json.loads(re.search(r'id="stats-config" type="application/json">(.*?)</script>', page).group(1))
    assert config["chart_library"] == "/lib/chart.js/chart.umd.min.js"
    assert [step["reached"] for step in config["funnel"]] == [5, 3, 3, 2, 2, 1]
    assert config["stages"]["offer"] == "Offer"
    assert f"/api/recruitment/stats/organisations/{world.employer.pk}.xlsx?days=30" in page
    zh = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "招聘统计：华为" in zh and "按阶段转化" in zh
    assert client_for(world.other_staff).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    # A period the page cannot read falls back to 30 days.
    assert client.get(url, {"days": "x", "start": "garbage"}).status_code == 200


def test_organizer_page_with_a_zone(world):
    client = client_for(world.organizer)
    page = client.get("/recruitment/organizer/statistics/", {"zone": "graduates"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="stats-employers"' in html and "fairs.csv?days=30&amp;zone=graduates&amp;table=jobs" in html
    assert client.get("/recruitment/organizer/statistics/", {"zone": "nowhere"}).status_code == 404
    assert client_for(world.staff).get("/recruitment/organizer/statistics/").status_code == 403


def test_chart_library_is_served_from_node_modules_and_nothing_else(client):
    response = client.get("/lib/chart.js/chart.umd.min.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert b"Chart.js v4" in b"".join(response.streaming_content)[:200]
    assert client.get("/lib/chart.js/chart.js").status_code == 404  # the ES build needs a bare import
    assert client.get("/lib/chart.js/..%2Fpackage.json").status_code == 404


def test_the_recruitment_pages_link_to_the_statistics(world):
    from django.urls import reverse

    mine = client_for(world.staff).get(reverse("frontend:recruitment-employer")).content.decode()
    assert f'href="/recruitment/employer/{world.employer.pk}/statistics/"' in mine
    assert 'id="nav-fairs-statistics"' not in mine
    board = client_for(world.organizer).get(reverse("frontend:recruitment-job-board")).content.decode()
    assert 'href="/recruitment/organizer/statistics/"' in board
