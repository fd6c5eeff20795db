"""A roadshow in a real browser against a real Daphne: the sub-venue's organizer (Chinese) moves
the stage from pitch to pitch; a viewer (English) sees the pitch and its timer follow, asks a
question and requests a meeting with the presenter; a latecomer finds the current pitch; the
report counts per pitch."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities import roadshows
from tests.activities.helpers import user, venues
from tests.e2e.test_activities_subvenues import page_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_moderator_moves_the_stage_and_viewers_ask_and_request_meetings(browser, server):
    v = venues()
    roadshow = roadshows.create_roadshow(by=v.gd_organizer, session_id=v.gd_session.pk)
    for i in (1, 2):
        roadshows.add_pitch(
            by=v.gd_organizer,
            roadshow=roadshow,
            title=f"项目{i}",
            title_en=f"Project {i}",
            presenter_id=user(f"presenter{i}").pk,
            starts_at=timezone.now() + timedelta(minutes=10 * i),
            minutes=5,
        )
    user("viewer")
    path = f"/roadshows/{v.gd_session.pk}/"
    mod = page_for(browser, server, "zh-CN", "gd-org", path)
    viewer = page_for(browser, server, "en-US", "viewer", path)
    expect(viewer.locator("#current-none")).to_have_text("No pitch is on the stage yet.")
    mod.locator(".pitch-go").first.click()
    expect(mod.locator("#current-title")).to_have_text("项目1")
    expect(viewer.locator("#current-title")).to_have_text("Project 1")
    expect(viewer.locator("#current-position")).to_have_text("Pitch 1 of 2")
    expect(viewer.locator("#pitch-timer")).to_have_text(re.compile(r"0[45]:\d\d"))
    viewer.fill("#pitch-question", "How big is the market?")
    viewer.click("#pitch-question-form button")
    expect(viewer.locator("#pitch-result")).to_have_text("Your question is in, tagged with this pitch.")
    mod.locator(".pitch-go").nth(1).click()
    expect(viewer.locator("#current-title")).to_have_text("Project 2")
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT10:00")
    viewer.fill("#pitch-meeting-at", later)
    viewer.click("#pitch-meeting-button")
    expect(viewer.locator("#pitch-result")).to_have_text("Meeting request sent to the presenter.")
    late = page_for(browser, server, "en-US", None, path)
    expect(late.locator("#current-title")).to_have_text("Project 2")
    mod.click("#roadshow-report-link")
    expect(mod.locator("h1")).to_contain_text("推介会报告")
    rows = mod.locator("#report-table tbody tr")
    expect(rows.nth(0).locator(".viewers")).to_have_text("1")
    expect(rows.nth(0).locator(".questions")).to_have_text("1")
    expect(rows.nth(1).locator(".meetings")).to_have_text("1")
