"""Meetings in the browser: alice requests bob with a slot → bob accepts → the join button
starts the call (the call window) and the meeting's chat carries messages; zh and en."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM_EXTRA_ARGS = [
    "--allow-loopback-in-peer-connection",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
]


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


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_request_accept_join_and_chat(browser, server, locale):
    User.objects.create_user(username="alice", password="pw-alice-1234", display_name="Alice")
    User.objects.create_user(username="bob", password="pw-bob-1234", display_name="Bob", timezone="Europe/Berlin")
    start = (timezone.now() + timedelta(minutes=4)).astimezone(ZoneInfo("Asia/Shanghai"))
    a_context, alice = logged_in(browser, server, "alice", locale, "/meetings/new/")
    alice.fill("#people-search", "Bob")
    alice.click(".add-person")
    expect(alice.locator("#invitees")).to_contain_text("Europe/Berlin")
    alice.fill("#topic", "Interview 面试")
    row = alice.locator("[data-slot-row='1']")
    row.locator("[data-field=date]").fill(start.strftime("%Y-%m-%d"))
    row.locator("[data-field=time]").fill(start.strftime("%H:%M"))
    alice.click("#request-submit")
    alice.wait_for_url(re.compile(r"/meetings/\d+/$"))
    path = alice.url.split(server.url)[-1]

    b_context, bob = logged_in(browser, server, "bob", locale, path)
    expect(bob.locator("#participants")).to_contain_text("Asia/Shanghai")
    bob.click("#slots [data-action=accept]")
    expect(bob.locator("#meeting-status")).to_have_attribute("data-status", "confirmed")
    alice.reload()  # alice's page waits on the socket before bob starts the call
    alice.wait_for_timeout(1500)
    bob.click("#meeting-join")
    expect(bob.locator("#call-window")).to_be_visible()
    expect(alice.locator("#call-window")).to_have_attribute("data-state", "incoming")
    bob.fill("#chat-text", "你好 hello")
    bob.click("#chat-send")
    expect(alice.locator("#meeting-chat")).to_contain_text("你好 hello")
    b_context.close()
    a_context.close()


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_outside_availability_and_double_booking_are_refused_on_the_page(browser, server, locale):
    from meetings import services
    from meetings.models import Meeting

    alice = User.objects.create_user(
        username="alice", password="pw-alice-1234", display_name="Alice", timezone="Asia/Shanghai"
    )
    bob = User.objects.create_user(username="bob", password="pw-bob-1234", display_name="Bob", timezone="Europe/Berlin")
    carol = User.objects.create_user(username="carol", password="pw-carol-1234", display_name="Carol")
    here = ZoneInfo("Asia/Shanghai")
    tomorrow = (timezone.now() + timedelta(days=1)).astimezone(ZoneInfo("Europe/Berlin")).date()
    # Bob takes meetings tomorrow 09:00-12:00 Berlin time only.
    services.set_availability(
        bob, [{"date": tomorrow.isoformat(), "start": "09:00", "end": "12:00"}], tz="Europe/Berlin"
    )
    inside = datetime.combine(tomorrow, time(10, 0), ZoneInfo("Europe/Berlin"))
    outside = datetime.combine(tomorrow, time(15, 0), ZoneInfo("Europe/Berlin"))
    # Alice already has a confirmed meeting with Carol at the time inside Bob's window.
    busy = services.request_meeting(alice, [carol], topic="Busy", slots=[(inside, inside + timedelta(minutes=30))])
    services.accept(busy, carol, busy.slots.get().pk)

    context, page = logged_in(browser, server, "alice", locale, "/meetings/new/")
    page.fill("#people-search", "Bob")
    page.click(".add-person")
    page.fill("#topic", "Refusals 拒绝")
    row = page.locator("[data-slot-row='1']")

    def ask(at: datetime, code: str) -> None:
        local = at.astimezone(here)
        row.locator("[data-field=date]").fill(local.strftime("%Y-%m-%d"))
        row.locator("[data-field=time]").fill(local.strftime("%H:%M"))
        page.click("#request-submit")
        expect(page.locator("#meeting-error")).to_have_attribute("data-code", code)
        expect(page.locator("#meeting-error")).to_be_visible()

    ask(outside, "meeting_unavailable")  # 15:00 in Berlin: outside Bob's window
    ask(inside, "meeting_double_booked")  # inside it, but Alice is busy then
    assert Meeting.objects.filter(topic="Refusals 拒绝").count() == 0  # nothing half-made
    assert "/meetings/new/" in page.url
    context.close()
