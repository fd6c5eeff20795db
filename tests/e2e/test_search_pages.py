"""The search box in the header and the results page, in a real browser against a real
Daphne, in Chinese and English: typed in the header on any page, results highlighted, kind
filters, paging, and a hostile document shown as text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from accounts.models import Organisation
from streams import services as stream_services
from tests.programme import UTC_0526_0100

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content(event):
    speaker = stream_services.create_speaker(name="李华", name_en="Li Hua", affiliation="深圳大学")
    session = stream_services.create_session(
        event=event,
        kind="sub_forum",
        title="人工智能人才分论坛",
        title_en="AI Talent Forum",
        description="机器学习与人才培养",
        description_en="Machine learning and training talent",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=2),
        speakers=[speaker],
    )
    for n in range(1, 13):
        Organisation.objects.create(name=f"人才服务公司{n:02d}", name_en=f"Talent Services {n:02d}")
    Organisation.objects.create(name="<img src=x onerror=window.pwned=1>人才研究院")
    return session


def open_in(browser, server, locale):
    context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_search_from_the_header_in_chinese(browser, server, content, screenshot):
    context, page = open_in(browser, server, "zh-CN")
    try:
        page.goto("/exhibition/")  # any page has the box
        page.get_by_role("searchbox", name="搜索").fill("人才")
        page.get_by_role("searchbox", name="搜索").press("Enter")
        page.wait_for_url("**/search/?q=*")
        expect(page.locator(".search-summary")).to_contain_text("条结果")
        first = page.locator(".search-hit").first
        expect(first.locator("mark").first).to_have_text("人才")
        screenshot(page, "zh")
        # Filter to sessions: one result, its link is the session's stage room.
        page.locator('.search-kinds a[data-kind="session"]').click()
        hits = page.locator(".search-hit")
        expect(hits).to_have_count(1)
        expect(hits.first.locator(".hit-kind")).to_have_text("日程")
        href = hits.first.locator("a").get_attribute("href")
        assert href == f"/rooms/{content.room.slug}/"
        # Chinese split differently: 机器学 (not a jieba word) finds 机器学习.
        page.goto("/search/?q=机器学")
        expect(page.locator(".search-hit")).to_have_count(1)
        expect(page.locator(".hit-excerpt mark")).to_have_text("机器学")
    finally:
        context.close()


def test_results_page_in_english_paging_and_escaping(browser, server, content):
    context, page = open_in(browser, server, "en-GB")
    try:
        page.goto("/search/?q=talent&kind=organisation")
        expect(page.locator(".search-summary")).to_have_text("12 results")
        expect(page.locator(".search-hit")).to_have_count(10)
        expect(page.locator(".search-hit .hit-title").first).to_contain_text("Talent Services")
        expect(page.locator(".search-kinds a[aria-current=page]")).to_contain_text("Organisations")
        page.get_by_role("link", name="Next").click()
        expect(page.locator(".page-of")).to_have_text("Page 2 of 2")
        expect(page.locator(".search-hit")).to_have_count(2)
        # The hostile title is shown as text; its handler never ran.
        page.goto("/search/?q=人才研究院")
        expect(page.locator(".search-hit", has_text="<img src=x")).to_have_count(1)
        assert page.evaluate("window.pwned") is None
        assert page.locator(".search-hit img").count() == 0
        # Bad input: a message, not a server error.
        response = page.goto("/search/?q=" + "x" * 201)
        assert response.status == 400
        expect(page.locator(".search-error")).to_have_text("The search is too long.")
        page.goto("/search/?q=zzzzqqq")
        expect(page.locator(".search-empty")).to_contain_text("Nothing found")
    finally:
        context.close()
