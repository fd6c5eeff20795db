"""Matching in the browser: a candidate writing in Chinese (zh page) is offered the English-only
job that needs her skills, with the reasons in Chinese; the employer's staff (en page) see her
ranked for that job with the reasons in English, and in Chinese after switching."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Organisation, User
from accounts.services import add_organisation_member
from recruitment import applications, candidates
from tests.recruitment import resume_media

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server_media(tmp_path, monkeypatch, settings):
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def logged_in(browser, server, username, locale, path):
    context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(f"/accounts/login/?next={path}")
    page.fill("#id_login", username)
    page.fill("#id_password", f"pw-{username}-1234")
    page.click("#login-submit")
    page.wait_for_url(f"**{path}**")
    return context, page


def seed_taxonomy() -> None:
    """The taxonomy the accounts migrations seed: a transactional test before this one may
    have flushed it (the server notices the change by the taxonomy's fingerprint)."""
    import importlib

    from django.apps import apps

    importlib.import_module("accounts.migrations.0003_seed_interests").seed(apps, None)
    importlib.import_module("accounts.migrations.0005_interest_synonyms").fill(apps, None)


def test_jobs_for_a_chinese_resume_and_candidates_for_an_english_job(server_media, browser, server):
    from recruitment.models import Job

    seed_taxonomy()

    li = User.objects.create_user(username="li", password="pw-li-1234", display_name="李娜")
    staff = User.objects.create_user(username="hr", password="pw-hr-1234", display_name="Anna HR")
    org = Organisation.objects.create(name="芯联科技", name_en="ChipLink")
    add_organisation_member(organisation=org, user=staff)
    soon = timezone.localdate() + timedelta(days=20)
    job = Job.objects.create(
        organisation=org,
        title="",
        title_en="Design Verification Engineer",
        description_en="UVM testbenches for SoC chips, coverage closure. Shanghai office.",
        city_en="Shanghai",
        status=Job.Status.PUBLISHED,
        deadline=soon,
    )
    Job.objects.create(
        organisation=org, title="会计", description="负责财务报表与税务。", status=Job.Status.PUBLISHED, deadline=soon
    )
    candidates.update_profile(li, headline="芯片验证工程师", desired_cities=["上海"], languages=["zh", "en"])
    candidates.upload_resume(
        li,
        resume_media.upload(
            resume_media.docx(["李娜 简历", "四年SoC芯片验证经验，UVM验证平台，覆盖率收敛。"]), "cv.docx"
        ),
    )
    applications.apply(li, job.pk)

    # --- the candidate, in Chinese: the English-only job first, its reasons in Chinese
    c_context, me = logged_in(browser, server, "li", "zh-CN", "/recruitment/me/")
    first = me.locator("#job-suggestions ol.suggestions li").first
    expect(first.locator("a")).to_have_attribute("href", f"/jobs/{job.pk}/")
    expect(first).to_contain_text("集成电路")
    expect(first).to_contain_text("工作地点相符")
    expect(me.locator("#job-suggestions")).not_to_contain_text("会计")
    c_context.close()

    # --- the employer's staff, in English, then Chinese: the candidate ranked with reasons
    e_context, board = logged_in(browser, server, "hr", "en-US", f"/recruitment/employer/applications/?job={job.pk}")
    suggestions = board.locator("#candidate-suggestions")
    expect(suggestions).to_contain_text("李娜")
    expect(suggestions).to_contain_text("Integrated circuits")
    e_context.close()
    z_context, board = logged_in(browser, server, "hr", "zh-CN", f"/recruitment/employer/applications/?job={job.pk}")
    expect(board.locator("#candidate-suggestions")).to_contain_text("集成电路")
    z_context.close()
