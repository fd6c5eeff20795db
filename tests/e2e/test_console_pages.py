"""The moderator console in a real browser against a real Daphne, next to an attendee's
room page: what the moderator does in the console reaches the attendee live."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from live.models import ChatMessage, Room
from streams import services as stream_services
from streams.models import EventModerator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WAIT = 15_000


UNLABELLED_CONTROLS = """() => {
    const named = (c) => (c.getAttribute("aria-label") || "").trim()
        || [...(c.labels || [])].some((l) => l.textContent.trim())
        || c.textContent.trim() || (c.getAttribute("title") || "").trim();
    const controls = document.querySelectorAll("main button, main input, main select, main textarea, main a[href]");
    return [...controls]
        .filter((c) => c.type !== "hidden" && c.offsetParent !== null && !named(c))
        .map((c) => c.outerHTML.slice(0, 120));
}"""


def assert_labelled(page) -> None:
    """Every visible control of the page has an accessible name."""
    assert page.evaluate(UNLABELLED_CONTROLS) == []


@pytest.fixture
def forum(transactional_db) -> Room:
    now = timezone.now()
    event = stream_services.create_event(
        name="人才交流大会", name_en="Talent conference", slug="ciec", starts_at=now, ends_at=now + timedelta(days=2)
    )
    session = stream_services.create_session(
        event=event,
        kind="main_forum",
        title="主论坛",
        title_en="Main forum",
        starts_at=now,
        ends_at=now + timedelta(hours=2),
        qa_moderated=True,
    )
    moderator = User.objects.create_user(username="moderator", password="pw-moderator-1234", display_name="Mod")
    EventModerator.objects.create(event=event, user=moderator)
    User.objects.create_user(username="alice", password="pw-alice-1234", display_name="Alice")
    return session.room


@pytest.fixture
def pages(open_page, forum):
    def open_(name: str, path: str):
        page = open_page(name, f"pw-{name}-1234", path=path)
        root = "#console" if path.startswith("/console/") else "#room"
        expect(page.locator(root)).to_have_attribute("data-ready", "true", timeout=WAIT)
        expect(page.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=WAIT)
        return page

    return open_


def test_console_lists_the_moderated_stage(open_page, forum):
    page = open_page("moderator", "pw-moderator-1234", path="/console/")
    link = page.get_by_role("link", name="主论坛")
    expect(link).to_have_count(1)
    link.click()
    page.wait_for_url(f"**/console/rooms/{forum.slug}/")
    expect(page.locator("#console")).to_have_attribute("data-ready", "true", timeout=WAIT)


def test_delete_and_approve_reach_the_attendee(pages, forum, screenshot):
    alice = pages("alice", f"/rooms/{forum.slug}/")
    console = pages("moderator", f"/console/rooms/{forum.slug}/")

    alice.fill("#chat-input", "a message the moderator removes")
    alice.press("#chat-input", "Enter")
    in_console = console.locator("#chat-list [data-message-id]", has_text="a message the moderator removes")
    expect(in_console).to_have_count(1, timeout=WAIT)
    expect(alice.locator("#chat-list [data-message-id]", has_text="the moderator removes")).to_have_count(1)

    # Keyboard: focus the delete button and press Enter.
    in_console.get_by_role("button", name="Delete").focus()
    console.keyboard.press("Enter")
    expect(alice.locator("#chat-list [data-message-id]", has_text="the moderator removes")).to_have_count(
        0, timeout=WAIT
    )
    expect(in_console).to_have_count(0, timeout=WAIT)
    # Deleted means gone from the stored row too (the hardening issue's item 1).
    deleted = ChatMessage.objects.get(room=forum)
    assert deleted.deleted_at is not None
    assert deleted.text == ""

    # A question waits in the console's queue; approving it shows it to the attendee.
    alice.fill("#qa-input", "Will the slides be published?")
    alice.press("#qa-input", "Enter")
    queued = console.locator("#qa-queue [data-question-id]", has_text="Will the slides be published?")
    expect(queued).to_have_count(1, timeout=WAIT)
    expect(console.locator("#queue-count")).to_have_text("1")
    screenshot(console, "queue")
    assert_labelled(console)
    queued.get_by_role("button", name="Approve").click()
    approved = alice.locator('#qa-list [data-question-id][data-status="approved"]', has_text="slides be published")
    expect(approved).to_have_count(1, timeout=WAIT)
    expect(console.locator("#qa-approved [data-question-id]", has_text="slides be published")).to_have_count(1)
    expect(console.locator("#queue-count")).to_have_text("0")

    # Pin it: the attendee sees the pin.
    console.locator("#qa-approved [data-question-id]").get_by_role("button", name="Pin").click()
    expect(alice.locator("#qa-list .question.pinned", has_text="slides be published")).to_have_count(1, timeout=WAIT)

    # The audit log lists what the moderator did.
    expect(console.locator('#audit-log tr[data-action="delete_message"], #audit-log tr')).not_to_have_count(
        0, timeout=WAIT
    )
    screenshot(console, "after-moderation")
    screenshot(alice, "attendee")


def test_room_controls_polls_and_stream_state(pages, forum, screenshot):
    alice = pages("alice", f"/rooms/{forum.slug}/")
    console = pages("moderator", f"/console/rooms/{forum.slug}/")

    # Lock: the attendee's page shows the room locked.
    console.get_by_role("button", name="Lock room").click()
    expect(alice.locator("#room-status")).to_have_attribute("data-locked", "true", timeout=WAIT)
    expect(console.locator("#lock-toggle")).to_have_attribute("aria-pressed", "true", timeout=WAIT)
    console.locator("#lock-toggle").click()
    expect(alice.locator("#room-status")).to_have_attribute("data-locked", "false", timeout=WAIT)

    # Slow mode.
    console.fill("#slow-mode-seconds", "15")
    console.press("#slow-mode-seconds", "Enter")
    expect(alice.locator("#room-status")).to_have_attribute("data-slow-mode", "15", timeout=WAIT)

    # Word filter: a refused word is refused for the attendee.
    console.fill("#word-filter", "forbiddenword")
    console.get_by_role("button", name="Save words").click()
    expect(console.locator("#audit-log tbody")).to_contain_text("room.blocked_words", timeout=WAIT)
    assert Room.objects.get(pk=forum.pk).blocked_words == "forbiddenword"

    # A poll opened in the console; the attendee votes; the console shows the result live.
    console.fill("#poll-question", "Which topic next?")
    console.fill("#poll-options", "Carbon\nRural revival")
    console.check("#poll-open-now")
    console.get_by_role("button", name="Create poll").click()
    alice_poll = alice.locator("[data-poll-id]", has_text="Which topic next?")
    expect(alice_poll).to_have_attribute("data-state", "open", timeout=WAIT)
    alice_poll.get_by_role("button", name="Vote Carbon").click()
    console_poll = console.locator("[data-poll-id]", has_text="Which topic next?")
    expect(console_poll.locator(".total-votes")).to_have_text("1", timeout=WAIT)
    console_poll.get_by_role("button", name="Close poll").click()
    expect(alice_poll).to_have_attribute("data-state", "closed", timeout=WAIT)

    # Mute the attendee for 5 minutes from the user form.
    alice_id = User.objects.get(username="alice").pk
    console.fill("#mute-minutes", "5")
    console.fill("#user-id", str(alice_id))
    console.locator('#user-form button[data-action="mod.mute"]').click()
    expect(console.locator("#room-result")).to_contain_text("mod.mute", timeout=WAIT)
    expect(alice.locator("#notice")).to_be_visible(timeout=WAIT)

    # The people in the room, each with mute and ban.
    roster_alice = console.locator(f'#roster li[data-user-id="{alice_id}"]')
    expect(roster_alice).to_have_count(1, timeout=WAIT)
    expect(roster_alice.get_by_role("button", name="Ban Alice")).to_have_count(1)

    # Stream state.
    expect(console.locator("#stage-state")).to_have_attribute("data-state", "scheduled", timeout=WAIT)
    console.get_by_role("button", name="Go live").click()
    expect(console.locator("#stage-state")).to_have_attribute("data-state", "live", timeout=WAIT)
    console.get_by_role("button", name="Pause").click()
    expect(console.locator("#stage-state")).to_have_attribute("data-state", "paused", timeout=WAIT)

    console.get_by_role("button", name="Refresh").click()
    expect(console.locator("#audit-log tbody tr")).not_to_have_count(0, timeout=WAIT)
    screenshot(console, "controls")


def test_pinning_a_job_in_a_recruitment_livestream(open_page, forum, screenshot):
    from accounts.models import Organisation
    from recruitment.models import Job
    from streams.models import Session

    session = Session.objects.get(room=forum)
    session.kind = Session.Kind.RECRUITMENT_LIVESTREAM
    session.save(update_fields=["kind"])
    employer = Organisation.objects.create(name="乙科技", name_en="Beta Tech")
    job = Job.objects.create(
        organisation=employer, title="算法工程师", city="深圳", salary_text="面议", status=Job.Status.PUBLISHED
    )

    alice = open_page("alice", "pw-alice-1234", path=f"/rooms/{forum.slug}/")
    expect(alice.locator("#room")).to_have_attribute("data-ready", "true", timeout=WAIT)
    console = open_page("moderator", "pw-moderator-1234", path=f"/console/rooms/{forum.slug}/")
    expect(console.locator("#console")).to_have_attribute("data-ready", "true", timeout=WAIT)
    expect(console.locator("#pinned-jobs li.empty")).to_have_count(1, timeout=WAIT)

    console.select_option("#pin-job", str(job.pk))
    console.get_by_role("button", name="Pin", exact=True).click()
    expect(console.locator(f'#pinned-jobs li[data-job-id="{job.pk}"]')).to_have_count(1, timeout=WAIT)
    expect(alice.locator("#pinned-jobs-list")).to_contain_text("算法工程师", timeout=WAIT)
    screenshot(console, "pinned-job")

    # Pinning it twice is refused with the server's reason; unpinning removes it for everyone.
    console.get_by_role("button", name="Pin", exact=True).click()
    expect(console.locator("#jobs-error")).to_have_attribute("data-code", "invalid_state", timeout=WAIT)
    console.get_by_role("button", name="Unpin: 算法工程师").click()
    expect(console.locator("#pinned-jobs li.empty")).to_have_count(1, timeout=WAIT)
    expect(alice.get_by_text("算法工程师")).to_be_hidden(timeout=WAIT)
