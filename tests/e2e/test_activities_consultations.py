"""An expert consultation in a real browser against a real Daphne: a submitter (Chinese) files a
technical problem with a document (a wrong form first keeps what was typed); the conference's
organizer (English) finds the expert in the networking directory by the case's field, matches,
schedules, marks it held, closes it with the summary; the expert (English) sees the case and
downloads its document; the submitter sees the states and the summary; a stranger gets 404 and
an expert who is no organizer 403 on the queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Organisation, OrganisationMembership
from accounts.services import update_profile
from activities.models import Case
from tests import media
from tests.activities.helpers import user, venues
from tests.e2e.test_activities_subvenues import page_for
from tests.e2e.test_matching_pages import seed_taxonomy

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server_media(tmp_path, monkeypatch, settings):
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def test_submit_match_schedule_hold_close_and_the_states(server_media, browser, server, tmp_path):
    seed_taxonomy()
    venues()  # "boss" is the conference's organizer
    company = Organisation.objects.create(name="精密机械公司", kind=Organisation.Kind.ENTERPRISE)
    OrganisationMembership.objects.create(organisation=company, user=user("wang"))
    expert = user("mueller")
    update_profile(expert, listed_in_directory=True, display_name="Dr. Müller", interests=["robotics"])
    update_profile(user("other-expert"), listed_in_directory=True, display_name="Dr. Other", interests=["biomedicine"])
    user("stranger")
    deck = tmp_path / "工艺.pdf"
    deck.write_bytes(media.pdf())

    wang = page_for(browser, server, "zh-CN", "wang", "/consultations/new/")
    wang.fill("#case-title", "减速器噪声")
    wang.fill("#case-description", "齿轮在高速时噪声过大。")
    wang.click("#case-submit")  # no field, no languages: refused, what was typed stays
    expect(wang.locator("#error-field")).to_be_visible()
    expect(wang.locator("#case-title")).to_have_value("减速器噪声")
    expect(wang.locator("#case-description")).to_have_value("齿轮在高速时噪声过大。")
    wang.select_option("#case-field", "robotics")
    wang.check("input[name=languages][value=en]")
    wang.check("input[name=confidentiality][value=confidential]")
    wang.set_input_files("#case-documents", str(deck))
    wang.click("#case-submit")
    expect(wang.locator("#case-state")).to_have_text("已提交")
    case = Case.objects.get()
    assert case.documents.count() == 1
    path = f"/consultations/{case.pk}/"

    boss = page_for(browser, server, "en-US", "boss", "/consultations/queue/")
    boss.click(f"#queue-table tr[data-case='{case.pk}'] a")
    match = boss.locator("#match-form")
    expect(match).to_contain_text("Dr. Müller")
    expect(match).not_to_contain_text("Dr. Other")  # another field
    match.get_by_label("Dr. Müller").check()
    boss.click("#match-submit")
    expect(boss.locator("#case-state")).to_have_text("Experts matched")
    start = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    boss.fill("#schedule-start", start)
    boss.click("#schedule-submit")
    expect(boss.locator("#case-state")).to_have_text("Consultation scheduled")
    expect(boss.locator("#case-meeting")).to_be_visible()

    muller = page_for(browser, server, "en-US", "mueller", "/consultations/")
    muller.click(f".act-cases li[data-case='{case.pk}'] a")
    expect(muller.locator("#case-documents")).to_contain_text("工艺.pdf")
    with muller.expect_download() as download:
        muller.click("#case-documents a")
    assert download.value.suggested_filename == "工艺.pdf"
    expect(muller.locator("#case-meeting")).to_be_visible()
    expect(muller.locator("#case-organize")).to_have_count(0)

    boss.click("#hold-submit")
    expect(boss.locator("#case-state")).to_have_text("Consultation held")
    boss.click("#close-submit")  # no summary: refused
    expect(boss.locator("#error-summary")).to_be_visible()
    boss.fill("#close-summary", "Balance the gear set; check the bearing preload.")
    boss.click("#close-submit")
    expect(boss.locator("#case-state")).to_have_text("Closed")

    wang.goto("/consultations/")
    row = wang.locator(f".act-cases li[data-case='{case.pk}']")
    expect(row.locator(".case-state")).to_have_text("已结案")
    expect(row.locator(".case-history li")).to_have_count(5)
    wang.goto(path)
    expect(wang.locator("#case-summary")).to_have_text("Balance the gear set; check the bearing preload.")
    wang.click("#rating-form button")
    expect(wang.locator("#case-rated")).to_be_visible()
    assert case.ratings.get().score == 1

    stranger = page_for(browser, server, "en-US", "stranger", "/consultations/")
    assert stranger.goto(path).status == 404
    assert stranger.goto(f"/consultations/{case.pk}/documents/{case.documents.get().pk}/").status == 404
    assert muller.goto("/consultations/queue/").status == 403
