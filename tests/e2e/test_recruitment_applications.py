"""Applications in the browser: a candidate (English) uploads a résumé (a scan is refused
with its message, a real PDF is read), applies with a note; the employer's staff (Chinese)
find the application on their board, shortlist it, schedule an interview (a meeting with a
proposed slot in a chosen zone) and score it; the candidate sees the change and the
interview link on their page, then withdraws."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Organisation, User
from accounts.services import add_organisation_member
from tests.recruitment import resume_media

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server_media(tmp_path, monkeypatch):
    # The server process stores résumés here, not in the repository's media/.
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    return tmp_path


def logged_in(browser, server, username, locale, path):
    context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"/accounts/login/?next={path}")
    page.fill("#id_login", username)
    page.fill("#id_password", f"pw-{username}-1234")
    page.click("#login-submit")
    page.wait_for_url(f"**{path}")
    return context, page


def test_upload_apply_move_interview_and_withdraw(server_media, browser, server):
    from recruitment.models import Application, Job

    candidate = User.objects.create_user(username="maria", password="pw-maria-1234", display_name="Maria Garcia")
    staff = User.objects.create_user(username="hr", password="pw-hr-1234", display_name="王经理")
    org = Organisation.objects.create(name="华科技术", name_en="Huake Tech")
    add_organisation_member(organisation=org, user=staff)
    job = Job.objects.create(
        organisation=org,
        title="数据科学家",
        title_en="Data scientist",
        status=Job.Status.PUBLISHED,
        deadline=timezone.localdate() + timedelta(days=20),
    )
    scan = server_media / "scan.pdf"
    scan.write_bytes(resume_media.scanned_pdf())
    cv = server_media / "maria-cv.pdf"
    cv.write_bytes(resume_media.text_pdf())

    # --- the candidate, in English: a scan is refused, the real PDF is read; apply
    c_context, me = logged_in(browser, server, "maria", "en-US", "/recruitment/me/")
    expect(me.locator("#no-resumes")).to_be_visible()
    me.set_input_files("#resume-file", str(scan))
    me.click("#resume-upload-button")
    expect(me.locator("#site-messages")).to_contain_text("looks like a scan")
    me.set_input_files("#resume-file", str(cv))
    me.fill("#resume-title", "My CV")
    me.click("#resume-upload-button")
    expect(me.locator("#resumes")).to_contain_text("My CV")
    expect(me.locator("#default-resume")).to_be_visible()
    expect(me.locator("#resumes .excerpt")).to_contain_text("machine learning", use_inner_text=False)
    me.goto(f"/jobs/{job.pk}/")  # the job page, with the apply area (recruitment/_apply.html)
    expect(me.locator("#apply-resume")).to_contain_text("My CV")
    me.fill("#apply-note", "I would love to join your data team.")
    me.click("#apply-submit")
    expect(me.locator("#already-applied")).to_be_visible()
    expect(me.locator("#site-messages")).to_contain_text("Your application is sent")
    me.click("#already-applied a")
    me.wait_for_url("**/recruitment/me/applications/**")
    application = Application.objects.get(job=job, candidate=candidate)
    card = me.locator(f"#application-{application.pk}")
    expect(card).to_have_attribute("data-status", "new")
    expect(card.locator(".status-tag")).to_have_text("Applied")

    # --- the employer, in Chinese: the board, shortlist, schedule an interview, score
    e_context, hr = logged_in(browser, server, "hr", "zh-CN", f"/recruitment/employer/applications/?job={job.pk}")
    row = hr.locator(f"#board #application-{application.pk}")
    expect(row).to_contain_text("Maria Garcia")
    expect(row.locator(".status-tag")).to_have_text("已投递")
    expect(row.locator("details.schedule summary")).to_have_text("安排面试")
    expect(row.locator(".open-resume")).to_contain_text("查看简历")
    row.locator("select[name=status]").select_option("shortlisted")
    row.locator(".move-form button").click()
    row = hr.locator(f"#board #application-{application.pk}")
    expect(row).to_have_attribute("data-status", "shortlisted")
    row.locator("details.schedule summary").click()
    start = timezone.now().astimezone(timezone.get_fixed_timezone(0)) + timedelta(days=2)
    row.locator("input[name=topic]").fill("一面 First interview")
    row.locator(f"#slot1-{application.pk}").fill(start.strftime("%Y-%m-%dT10:00"))
    row.locator(f"#zone-{application.pk}").select_option("Europe/London")
    row.locator(".interview-form button").click()
    row = hr.locator(f"#board #application-{application.pk}")
    expect(row).to_have_attribute("data-status", "interview")
    row.locator("textarea[name=notes]").fill("沟通清楚 clear communicator")
    row.locator("select[name=score]").select_option("4")
    row.locator(".assess-form button").click()
    expect(hr.locator(f"#application-{application.pk} .tag", has_text="4")).to_be_visible()
    interview = Application.objects.get(pk=application.pk).interviews.get()
    assert interview.meeting.slots.get().start_at.astimezone(timezone.get_fixed_timezone(0)).hour in (9, 10)

    # --- the candidate sees the change and the interview's meeting, not the notes; withdraws
    me.reload()
    card = me.locator(f"#application-{application.pk}")
    expect(card.locator(".status-tag")).to_have_text("Interview")
    expect(card.locator(".interview-link")).to_have_attribute("href", f"/meetings/{interview.meeting_id}/")
    expect(card).not_to_contain_text("clear communicator")
    card.locator(".withdraw-form button").click()
    expect(me.locator(f"#application-{application.pk}")).to_have_attribute("data-status", "withdrawn")
    expect(me.locator("#site-messages")).to_contain_text("withdrawn")
    # the employer's board shows it withdrawn, and offers no move any more
    hr.reload()
    row = hr.locator(f"#board #application-{application.pk}")
    expect(row).to_have_attribute("data-status", "withdrawn")
    expect(row.locator(".status-tag")).to_have_text("已撤回")
    expect(row.locator(".move-form")).to_have_count(0)
    assert re.search("withdrawn", Application.objects.get(pk=application.pk).status)
    e_context.close()
    c_context.close()
