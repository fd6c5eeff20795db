"""A person's own account in a real browser against a real Daphne, in Chinese and English:
sign up on allauth's page (the privacy terms must be ticked), log in refused before the
e-mail is verified, verify through the link in the e-mail the server sent (its file backend),
log in by e-mail and by username, edit the profile with one field hidden from everyone,
another person sees the profile without it, download my data (JSON), delete the account with
the password, and the old login no longer works."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from accounts.models import User

from .conftest import mail_text, sent_mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SERVER_MAIL_TO_FILES = True
PASSWORD = "Correct-Horse-42-battery"


def new_page(browser, server, locale):
    context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    return context, context.new_page()


def try_login(page, login: str, password: str, next_path: str = "/me/profile/") -> None:
    page.goto(f"/accounts/login/?next={quote(next_path)}")
    page.fill("#id_login", login)
    page.fill("#id_password", password)
    page.click("#login-submit")
    page.wait_for_load_state()


def confirmation_links(server) -> list[str]:
    links = []
    for message in sent_mail(server):
        if "newcomer@example.org" in message["To"]:
            links += re.findall(r"https?://\S+/accounts/confirm-email/[^\s/]+/", mail_text(message))
    return links


@pytest.mark.parametrize(
    ("locale", "lang"),
    [("en-US", "en"), ("zh-CN", "zh-hans")],
)
def test_sign_up_verify_profile_privacy_and_delete(browser, server, locale, lang, tmp_path: Path):
    context, page = new_page(browser, server, locale)
    page.goto("/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.fill("#id_email", "newcomer@example.org")
    page.fill("#id_username", "newcomer")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_display_name", "新人 Newcomer")
    # Without the privacy terms ticked: refused, no account.
    page.click("#signup-submit")
    expect(page.locator("#error-accept_terms")).to_be_visible()
    assert not User.objects.filter(username="newcomer").exists()
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_accept_terms")
    page.click("#signup-submit")
    page.wait_for_url("**/accounts/confirm-email/")
    user = User.objects.get(username="newcomer")
    assert user.consents.filter(purpose="privacy_terms", granted=True).exists()
    assert confirmation_links(server), "no verification e-mail was written"
    context.close()

    # Before verification, logging in is refused: no session, the profile page sends to login.
    context, page = new_page(browser, server, locale)
    try_login(page, "newcomer@example.org", PASSWORD)
    assert "/accounts/confirm-email/" in page.url
    page.goto("/me/profile/")
    assert "/accounts/login/" in page.url
    context.close()

    # The link in the e-mail opens a page with a button (mail scanners follow links).
    link = confirmation_links(server)[-1]
    context, page = new_page(browser, server, locale)
    page.goto(link)
    page.locator("form[action*='/accounts/confirm-email/'] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("form[action*='/accounts/confirm-email/']")).to_have_count(0)
    assert user.emailaddress_set.get(email="newcomer@example.org").verified
    context.close()

    # Log in by e-mail, then (another browser) by username.
    context, page = new_page(browser, server, locale)
    try_login(page, "newcomer@example.org", PASSWORD)
    page.wait_for_url("**/me/profile/")
    context.close()
    context, page = new_page(browser, server, locale)
    try_login(page, "newcomer", PASSWORD)
    page.wait_for_url("**/me/profile/")

    # Edit the profile: names, organisation (public), bio hidden from everyone.
    page.fill("#id_display_name", "新人")
    page.fill("#id_display_name_en", "Newcomer")
    page.fill("#id_organisation", "未来科技")
    page.fill("#id_organisation_en", "Future Tech")
    page.fill("#id_bio", "只有我能看到的简介")
    page.fill("#id_bio_en", "A bio only I may see")
    page.select_option("#id_visibility_organisation", "public")
    page.select_option("#id_visibility_bio", "nobody")
    page.click("#profile-save")
    page.wait_for_url("**/me/profile/")
    expect(page.locator("#id_visibility_bio")).to_have_value("nobody")
    expect(page.locator("#id_display_name_en")).to_have_value("Newcomer")
    # The owner sees their own bio on their profile page.
    page.goto(f"/people/{user.pk}/")
    expect(page.locator("#person-bio")).to_be_visible()

    # Another attendee sees the profile without the hidden field.
    User.objects.create_user(username="viewer", password="pw-viewer", email="viewer@example.org")
    v_context, viewer = new_page(browser, server, locale)
    try_login(viewer, "viewer", "pw-viewer", next_path=f"/people/{user.pk}/")
    viewer.wait_for_url(f"**/people/{user.pk}/")
    expect(viewer.locator("#person-name")).to_have_text("Newcomer" if lang == "en" else "新人")
    expect(viewer.locator("#person-organisation")).to_have_text("Future Tech" if lang == "en" else "未来科技")
    expect(viewer.locator("#person-bio")).to_have_count(0)
    assert "A bio only I may see" not in viewer.content()
    assert "只有我能看到的简介" not in viewer.content()
    v_context.close()

    # Download my data: one JSON file with the profile in it.
    page.goto("/me/privacy/")
    with page.expect_download() as download_info:
        page.click("#download-data")
    download = download_info.value
    saved = tmp_path / "my-data.json"
    download.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    account = data["sections"]["account"]
    assert account["user"]["username"] == "newcomer"
    assert account["user"]["email"] == "newcomer@example.org"
    assert account["profile"]["display_name_en"] == "Newcomer"
    assert account["profile"]["bio_en"] == "A bio only I may see"

    # Delete the account: a wrong password refuses, the right one deletes.
    page.fill("#delete-password", "not-my-password")
    page.check("#delete-confirm")
    page.click("#delete-account")
    page.wait_for_url("**/me/privacy/")
    user.refresh_from_db()
    assert user.is_active and user.deleted_at is None
    page.fill("#delete-password", PASSWORD)
    page.check("#delete-confirm")
    page.click("#delete-account")
    page.wait_for_url(re.compile(r"^[^?]*/$"))
    user.refresh_from_db()
    assert user.deleted_at is not None
    assert user.email != "newcomer@example.org"
    context.close()

    # Logging in again fails, by e-mail and by username.
    context, page = new_page(browser, server, locale)
    for login in ("newcomer@example.org", "newcomer"):
        try_login(page, login, PASSWORD)
        assert "/accounts/login/" in page.url
        expect(page.locator("#login-error")).to_be_visible()
    page.goto("/me/profile/")
    assert "/accounts/login/" in page.url
    context.close()
