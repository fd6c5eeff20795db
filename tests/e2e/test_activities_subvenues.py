"""Sub-venues in a real browser against a real Daphne: a sub-venue's organizer adds a session to
its programme (Chinese) and finds no form on another sub-venue's page; a visitor filters the
sub-venues by region and finds the session in the conference programme (English)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.activities.helpers import venues

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def page_for(browser, server, locale: str, username: str | None = None, path: str = "/"):
    context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.on("pageerror", lambda error: print(f"[{username}] page error: {error}"))
    if username:
        page.goto(f"/accounts/login/?next={quote(path)}")
        page.fill("#id_login", username)
        page.fill("#id_password", "pw")
        page.click("#login-submit")
        page.wait_for_url(f"**{path}")
    else:
        page.goto(path)
    return page


def test_a_subvenue_organizer_adds_a_session_and_visitors_filter_by_region(browser, server):
    venues()
    page = page_for(browser, server, "zh-CN", "gd-org", "/subvenues/gd/")
    expect(page.locator("#subvenue-name")).to_have_text("gd分会场")
    expect(page.locator("#subvenue-manage h2").first).to_have_text("添加活动")
    page.fill("#session-form [name=title]", "湾区项目推介")
    page.fill("#session-form [name=title_en]", "Bay Area pitches")
    page.fill("#session-form [name=day]", "2027-03-01")
    page.fill("#session-form [name=start]", "10:00")
    page.fill("#session-form [name=end]", "09:00")  # before the start: refused, nothing added
    page.click("#session-form button")
    expect(page.locator("#messages")).to_contain_text("ends_at")
    expect(page.locator("#subvenue-programme li")).to_have_count(1)
    expect(page.locator("#session-form [name=title_en]")).to_have_value("Bay Area pitches")  # kept
    page.fill("#session-form [name=end]", "11:30")
    page.click("#session-form button")
    expect(page.locator("#messages")).to_contain_text("活动已加入日程")
    expect(page.locator("#subvenue-programme")).to_contain_text("湾区项目推介")
    page.goto("/subvenues/sc/")
    expect(page.locator("#subvenue-name")).to_have_text("sc分会场")
    expect(page.locator("#session-form")).to_have_count(0)

    visitor = page_for(browser, server, "en-US", path="/subvenues/")
    expect(visitor.locator("h1")).to_have_text("Sub-venues")
    visitor.select_option("#filter-region", "guangdong")
    visitor.click("#subvenue-filter button")
    expect(visitor.locator("#subvenue-list li")).to_have_count(1)
    expect(visitor.locator("#subvenue-sessions")).to_contain_text("Bay Area pitches")
    expect(visitor.locator("#subvenue-sessions")).not_to_contain_text("sc activity")
    visitor.click("#subvenue-list a")
    visitor.click("text=In the conference programme")
    expect(visitor.locator("body")).to_contain_text("Bay Area pitches")
    expect(visitor.locator("body")).not_to_contain_text("sc activity")
