"""Machine-translated texts in Chromium, en then zh in one test: a Chinese-only posting read in
English shows the translation labelled, "Show original" swaps in the Chinese and back; in
Chinese the English proposal-like text shows "显示原文". The site's backend is the LibreTranslate
double of tests/translation on a real socket (the Daphne server gets its URL)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Organisation, User
from matchmaking.models import Posting
from tests.translation.libretranslate_double import LibreTranslateDouble

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def translating_server(request, monkeypatch):
    double = LibreTranslateDouble().start()
    monkeypatch.setenv("TRANSLATION_URL", double.url)  # the server fixture copies the environment
    yield request.getfixturevalue("server"), double
    double.stop()


def test_show_original_and_back_in_english_and_chinese(browser, translating_server):
    server, double = translating_server
    org = Organisation.objects.create(name="海淀研究院", name_en="Haidian Institute", status="verified")
    author = User.objects.create_user(username="poster", password="pw-poster-1234")
    zh = Posting.objects.create(
        organisation=org,
        author=author,
        kind="project_cooperation",
        title="人工智能芯片联合研发",
        body="寻找海外合作伙伴。",
        status="published",
        published_at=timezone.now(),
    )
    en = Posting.objects.create(
        organisation=org,
        author=author,
        kind="project_cooperation",
        title="Joint research on AI chips",
        body="Looking for partners.",
        status="published",
        published_at=timezone.now(),
    )
    for locale, posting, translated, original, show, back in (
        ("en-US", zh, "Joint research on AI chips", "人工智能芯片联合研发", "Show original", "Show translation"),
        ("zh-CN", en, "人工智能芯片联合研发", "Joint research on AI chips", "显示原文", "显示译文"),
    ):
        context = browser.new_context(base_url=server.url, locale=locale)
        context.set_default_timeout(15_000)
        context.set_default_navigation_timeout(30_000)  # a loaded CI machine loads pages slowly
        page = context.new_page()
        # The toggle is sent disabled until translation.js has attached its listener (a click
        # before would be lost); click() waits for it to be enabled.
        page.goto(f"/matchmaking/postings/{posting.pk}/")
        title = page.locator("#posting-title")
        expect(title.locator('[data-shown-variant="translation"]')).to_have_text(translated)
        expect(title.locator('[data-shown-variant="original"]')).to_be_hidden()
        expect(title.get_by_role("button", name=show)).to_be_visible()
        button = title.locator("[data-shown-toggle]")  # its name changes as it toggles
        button.click()
        expect(title.locator('[data-shown-variant="original"]')).to_have_text(original)
        expect(title.locator('[data-shown-variant="translation"]')).to_be_hidden()
        expect(button).to_have_text(back)
        expect(button).to_have_attribute("aria-pressed", "true")
        button.click()
        expect(title.locator('[data-shown-variant="translation"]')).to_be_visible()
        context.close()
    # Each text went to the backend once (the second page's texts were other texts).
    assert len(double.paths("/translate")) == 2
