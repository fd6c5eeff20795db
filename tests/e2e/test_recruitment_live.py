"""直播带岗 and recruitment statistics in a real browser (real Daphne, Chromium's fake camera):
the host goes live on a recruitment livestream with two pinned jobs; a viewer with a résumé
applies in one click and a newcomer with none fills the inline minimum (pasted text), both
without leaving the page while the video keeps playing, and the host's counter per job goes
up as each arrives (zh and en pages). Then the employer's statistics page draws its charts
(chart.js) and its CSV and XLSX download (zh, then en)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import Organisation, OrganisationMembership, User
from live.models import Room
from recruitment import candidates, live_apply, pins
from recruitment.models import Application, Job, JobViewDay
from streams import services
from streams.models import Session, Speaker
from tests.e2e.test_stage_video import assert_video_plays

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM_EXTRA_ARGS = [
    "--allow-loopback-in-peer-connection",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]
WAIT = 20_000
RESUME = "Data engineer, five years of Python, Spark and SQL in Shenzhen. 数据工程师，五年经验。"


@pytest.fixture(autouse=True)
def _loopback_media(monkeypatch, tmp_path):
    monkeypatch.setenv("STREAMS_ICE_LOOPBACK", "1")
    monkeypatch.setenv("STREAMS_HLS_ROOT", str(tmp_path / "hls"))


def person(name: str, **extra) -> User:
    return User.objects.create_user(username=name, password=f"pw-{name}-1234", display_name=name.title(), **extra)


@pytest.fixture
def fair(event):
    people = {name: person(name) for name in ("host", "viewer", "newcomer", "hr")}
    now = timezone.now()
    session = services.create_session(
        event=event,
        kind=Session.Kind.RECRUITMENT_LIVESTREAM,
        title="海归人才云聘会",
        title_en="Returnee job fair",
        slug="returnee-fair",
        starts_at=now,
        ends_at=now + timedelta(hours=1),
        speakers=[Speaker.objects.create(name="Host", user=people["host"])],
    )
    employer = Organisation.objects.create(name="深圳湾实验室", name_en="Shenzhen Bay Laboratory")
    OrganisationMembership.objects.create(
        user=people["hr"], organisation=employer, role=OrganisationMembership.Role.ADMIN
    )
    jobs = [
        Job.objects.create(
            organisation=employer,
            title=t,
            title_en=e,
            city="深圳",
            salary_text="30–50万/年",
            status=Job.Status.PUBLISHED,
        )
        for t, e in (("数据工程师", "Data engineer"), ("博士后研究员", "Postdoctoral researcher"))
    ]
    room = Room.objects.get(pk=session.room_id)
    for job in jobs:
        pins.pin_job(room_id=room.pk, user=people["host"], roles=frozenset({"speaker"}), job_id=job.pk)
    candidates.upload_resume(people["viewer"], live_apply.text_resume("Viewer", "viewer@example.org", RESUME))
    return {"path": f"/rooms/{room.slug}/", "jobs": jobs, "employer": employer, "session": session, **people}


def logged_in(browser, server, username: str, locale: str, path: str, **options):
    context = browser.new_context(
        base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900}, **options
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("pageerror", lambda error: print(f"[{username}] page error: {error}"))
    page.goto(f"/accounts/login/?next={path}")
    page.fill("#id_login", username)
    page.fill("#id_password", f"pw-{username}-1234")
    page.click("#login-submit")
    page.wait_for_url(f"**{path}")
    expect(page.locator("#room, main").first).to_be_visible()
    return page


def counter(page, job_id: int):
    return page.locator(f'#pinned-jobs [data-job-id="{job_id}"] .job-applications')


def test_viewers_apply_from_the_stream_while_the_hosts_counter_goes_up(browser, server, fair):
    first, second = fair["jobs"]
    path = fair["path"]
    host = logged_in(browser, server, "host", "zh-CN", path)
    expect(host.locator("#room")).to_have_attribute("data-ready", "true", timeout=WAIT)
    host.click("#go-live-camera")
    host.click("#go-live-publish")
    expect(host.locator("#go-live")).to_have_attribute("data-connection", "connected", timeout=WAIT)
    host.click("#stage-set-live")
    # The host's page (Chinese) has a counter per pinned job, at 0.
    expect(counter(host, first.pk)).to_have_attribute("data-count", "0", timeout=WAIT)
    expect(counter(host, second.pk)).to_contain_text("投递：0")

    viewer = logged_in(browser, server, "viewer", "en-US", path)
    expect(viewer.locator("#stage-state")).to_have_attribute("data-state", "live", timeout=WAIT)
    assert_video_plays(viewer, "#stage-videos video")
    expect(viewer.locator("#pinned-jobs .job-applications")).to_have_count(0)  # viewers see no counts
    job = viewer.locator(f'#pinned-jobs [data-job-id="{first.pk}"]')
    expect(job).to_contain_text("Data engineer")
    job.locator("button.apply").click()
    expect(job.locator("button.apply")).to_have_text("Applied ✓", timeout=WAIT)
    expect(job.locator("button.apply")).to_be_disabled()
    expect(job.locator(".apply-result")).to_have_text("Your application has been sent.")
    expect(counter(host, first.pk)).to_have_attribute("data-count", "1", timeout=WAIT)
    # Still on the stream, and the video still plays.
    assert viewer.url.endswith(path)
    assert_video_plays(viewer, "#stage-videos video")

    # A newcomer (Chinese page) has no résumé: the inline minimum, a pasted text.
    newcomer = logged_in(browser, server, "newcomer", "zh-CN", path)
    expect(newcomer.locator("#stage-state")).to_have_attribute("data-state", "live", timeout=WAIT)
    newcomer.locator(f'#pinned-jobs [data-job-id="{second.pk}"] button.apply').click()
    form = newcomer.locator("#job-apply-form")
    expect(form).to_be_visible(timeout=WAIT)
    expect(newcomer.locator("#job-apply-for")).to_have_text("博士后研究员")
    newcomer.fill("#job-apply-contact", "138 0000 0000")
    newcomer.fill("#job-apply-text", "太短")
    form.locator("button[type=submit]").click()
    expect(newcomer.locator("#job-apply-error")).to_contain_text("粘贴的简历须有", timeout=WAIT)
    newcomer.fill("#job-apply-text", RESUME)
    form.locator("button[type=submit]").click()
    expect(form).to_be_hidden(timeout=WAIT)
    expect(newcomer.locator(f'#pinned-jobs [data-job-id="{second.pk}"] button.apply')).to_have_text("已投递 ✓")
    expect(counter(host, second.pk)).to_have_attribute("data-count", "1", timeout=WAIT)
    expect(counter(host, first.pk)).to_have_attribute("data-count", "1")
    assert newcomer.url.endswith(path)
    assert_video_plays(newcomer, "#stage-videos video")

    made = {a.candidate.username: a for a in Application.objects.select_related("candidate", "resume")}
    assert set(made) == {"viewer", "newcomer"}
    assert made["newcomer"].resume.kind == "docx" and "Spark" in made["newcomer"].resume.text
    assert made["newcomer"].note.startswith("Newcomer · 138 0000 0000")
    assert {a.source for a in made.values()} == {f"stage:{fair['session'].pk}"}


def test_the_employers_statistics_page_draws_charts_and_downloads(browser, server, fair):
    first, second = fair["jobs"]
    today = timezone.localdate()
    JobViewDay.objects.create(job=first, day=today, views=40)
    JobViewDay.objects.create(job=second, day=today - timedelta(days=3), views=10)
    from recruitment import applications

    applications.apply(fair["viewer"], first.pk, source="stage:1")
    path = f"/recruitment/employer/{fair['employer'].pk}/statistics/"
    for locale, title, funnel_label in (
        ("zh-CN", "招聘统计：深圳湾实验室", "按阶段转化"),
        ("en-US", "Recruitment statistics: Shenzhen Bay Laboratory", "Conversion by stage"),
    ):
        page = logged_in(browser, server, "hr", locale, path, accept_downloads=True)
        expect(page.locator("#stats-title")).to_have_text(title)
        expect(page.locator("#chart-funnel-title")).to_have_text(funnel_label)
        expect(page.locator("body")).to_have_attribute("data-charts", "ready", timeout=WAIT)
        for chart in ("chart-days", "chart-funnel", "chart-zones"):
            expect(page.locator(f"#{chart}")).to_have_attribute("data-ready", "1")
        # chart.js drew something: the canvas has non-blank pixels.
        assert page.evaluate(
            """() => { const c = document.getElementById('chart-funnel');
                 const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true; return false; }"""
        )
        expect(page.locator('#stats-totals [data-figure="views"]')).to_have_text("50")
        expect(page.locator('#stats-totals [data-figure="applications"]')).to_have_text("1")
        with page.expect_download() as download:
            page.click('a.download-csv[data-table="jobs"]')
        text = download.value.path().read_text(encoding="utf-8-sig")
        rows = {row["职位编号 Job id"]: row for row in csv.DictReader(io.StringIO(text))}
        assert rows[str(first.pk)]["浏览 Views"] == "40" and rows[str(first.pk)]["投递 Applications"] == "1"
        with page.expect_download() as download:
            page.click("#download-xlsx")
        workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True)
        assert "Funnel" in workbook.sheetnames
        summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)}
        assert summary["浏览 Views"] == 50
        page.context.close()
