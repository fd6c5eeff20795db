"""The bell in a real browser against a real Daphne, in Chinese and English: a notification
sent while two tabs are open (Bob asks Alice for her business card, in the server process)
raises the count in both; marking all read in one tab clears
the bell in the other."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("locale", "label", "button"),
    [("zh-CN", "通知：1 条未读", "全部标为已读"), ("en-US", "Notifications: 1 unread", "Mark all as read")],
)
def test_bell_counts_live_and_read_in_one_tab_clears_the_other(browser, server, locale, label, button):
    from accounts.services import profile_for

    alice = User.objects.create_user(username="alice", password="pw-alice-e2e", email="alice@example.org")
    User.objects.create_user(username="bob", password="pw-bob-e2e", display_name="Bob")
    profile = profile_for(alice)
    profile.listed_in_directory = True
    profile.save()

    def logged_in(name: str, path: str):
        context = browser.new_context(base_url=server.url, locale=locale)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto(f"/accounts/login/?next={path}")
        page.fill("#id_login", name)
        page.fill("#id_password", f"pw-{name}-e2e")
        page.click("#login-submit")
        page.wait_for_url(f"**{path}")
        return context, page

    context, login = logged_in("alice", "/notifications/")
    _bobs, bob = logged_in("bob", "/")
    other = context.new_page()
    other.goto("/")
    for page in (login, other):
        expect(page.locator("#notification-bell")).to_have_attribute("data-live", "1")
        expect(page.locator("#notification-bell .bell-count")).to_be_hidden()

    status = bob.evaluate(
        """async (id) => {
            const csrf = document.cookie.split("; ").find((c) => c.startsWith("csrftoken=")).split("=")[1];
            const answer = await fetch("/api/networking/cards", {method: "POST", headers:
                {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify({user_id: id})});
            return answer.status;
        }""",
        alice.pk,
    )
    assert status == 201
    for page in (login, other):
        expect(page.locator("#notification-bell .bell-count")).to_have_text("1")
        expect(page.locator("#notification-bell")).to_have_attribute("aria-label", label)

    login.reload()
    expect(login.locator("#notification-list")).to_contain_text("交换名片" if locale == "zh-CN" else "business cards")
    login.get_by_role("button", name=button).click()
    expect(login.locator("#notification-bell .bell-count")).to_be_hidden()
    expect(other.locator("#notification-bell .bell-count")).to_be_hidden()
    expect(other.locator("#notification-bell")).to_have_attribute("data-unread", "0")
    context.close()
