"""Networking in a real browser against a real Daphne, in Chinese and English: alice finds
bob in the directory by field of interest, asks to exchange cards, bob accepts on his cards
page and sees alice's e-mail, then they talk in their direct conversation (live room)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from accounts.models import Interest, User
from accounts.services import update_profile

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(browser, server, locale, username):
    context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"/accounts/login/?next={quote('/networking/')}")
    page.fill("#id_login", username)
    page.fill("#id_password", "pw-" + username)
    page.click("#login-submit")
    page.wait_for_url("**/networking/")
    return context, page


@pytest.mark.parametrize(
    ("locale", "exchange", "accept", "exchanged"),
    [
        ("en-US", "Exchange cards", "Accept card exchange", "Cards exchanged"),
        ("zh-CN", "交换名片", "接受交换名片", "已交换名片"),
    ],
)
def test_find_exchange_accept_and_message(browser, server, locale, exchange, accept, exchanged):
    alice = User.objects.create_user(
        username="alice", password="pw-alice", display_name="Alice", email="alice@example.org"
    )
    bob = User.objects.create_user(username="bob", password="pw-bob", display_name="Bob", email="bob@example.org")
    # A transactional test flushes the seeded taxonomy: the entries it uses, made again.
    parent, _ = Interest.objects.get_or_create(slug="information-technology", defaults={"name": "信息技术"})
    Interest.objects.get_or_create(slug="artificial-intelligence", defaults={"name": "人工智能", "parent": parent})
    Interest.objects.get_or_create(slug="robotics", defaults={"name": "机器人"})
    update_profile(alice, listed_in_directory=True, interests=["robotics"])
    update_profile(bob, listed_in_directory=True, display_name="Bob", interests=["artificial-intelligence"])

    a_context, a = login(browser, server, locale, "alice")
    a.select_option("#f-interest", "information-technology")
    a.click("#directory-search")
    card = a.locator(f"[data-person-id='{bob.pk}']")
    expect(card).to_be_visible()
    card.get_by_role("button", name=exchange).click()
    expect(card.locator(".exchange-state")).to_have_attribute("data-status", "pending")

    b_context, b = login(browser, server, locale, "bob")
    b.goto("/networking/cards/")
    b.locator(f"#received [data-person-id='{alice.pk}']").get_by_role("button", name=accept).click()
    exchanged_card = b.locator(f"#exchanged [data-person-id='{alice.pk}']")
    expect(exchanged_card.locator(".email")).to_have_text("alice@example.org")

    a.goto(f"/networking/people/{bob.pk}/")
    expect(a.locator(".exchange-state")).to_have_text(exchanged)
    expect(a.locator(".contact .email")).to_have_text("bob@example.org")
    a.click(".message-person")
    expect(a.locator("#dm")).to_have_attribute("data-ready", "true")
    b.goto(f"/networking/messages/{alice.pk}/")
    expect(b.locator("#dm")).to_have_attribute("data-ready", "true")
    a.fill("#dm-input", "你好 Bob, hello")
    a.click("#dm-send")
    expect(b.locator("#dm-list .message .text")).to_have_text(["你好 Bob, hello"])
    b.fill("#dm-input", "Hi Alice")
    b.click("#dm-send")
    expect(a.locator("#dm-list .message .text")).to_have_text(["你好 Bob, hello", "Hi Alice"])
    a_context.close()
    b_context.close()
