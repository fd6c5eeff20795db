"""The stage-room page in a real browser against a real Daphne."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from live.models import ChatMessage, Room, RoomRole

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WAIT = 15_000  # ms: the longest any expectation waits (it passes as soon as it holds)


@pytest.fixture
def stage(transactional_db) -> Room:
    return Room.objects.create(slug="opening", kind="stage", name="Opening ceremony", allow_guests=True)


@pytest.fixture
def people(stage) -> dict[str, User]:
    users = {
        name: User.objects.create_user(username=name, password=f"pw-{name}-1234", display_name=name.title())
        for name in ("alice", "bob", "moderator")
    }
    RoomRole.objects.create(room=stage, user=users["moderator"], role=RoomRole.Role.MODERATOR)
    return users


@pytest.fixture
def enter(open_page, stage, people):
    """enter("alice") -> the stage page, logged in and joined."""

    def enter_(name: str | None = None):
        path = f"/rooms/{stage.slug}/"
        page = open_page(name, f"pw-{name}-1234", path=path) if name else open_page(path=path)
        expect(page.locator("#room")).to_have_attribute("data-ready", "true", timeout=WAIT)
        expect(page.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=WAIT)
        return page

    return enter_


def send_chat(page, text: str) -> None:
    page.fill("#chat-input", text)
    page.press("#chat-input", "Enter")


def message(page, text: str):
    return page.locator("#chat-list [data-message-id]", has_text=text)


def test_unknown_room_is_404(open_page, server):
    page = open_page(path="/rooms/no-such-room/")
    response = page.goto("/rooms/no-such-room/")
    assert response is not None and response.status == 404


def test_chat_between_two_people(enter, screenshot):
    alice = enter("alice")
    bob = enter("bob")
    expect(bob.locator("#audience-count")).to_have_text("2", timeout=WAIT)

    send_chat(alice, "Hello from Alice <b>not bold</b>")
    expect(message(bob, "Hello from Alice")).to_have_count(1, timeout=WAIT)
    # User text is text: the markup shows literally and creates no element.
    expect(message(bob, "<b>not bold</b>")).to_have_count(1)
    assert bob.locator("#chat-list b").count() == 0
    expect(message(alice, "Hello from Alice")).to_have_count(1, timeout=WAIT)

    # Reactions reach the other page.
    message(bob, "Hello from Alice").locator('button.react[data-emoji="👍"]').click()
    expect(message(alice, "Hello from Alice").locator('button.react[data-emoji="👍"] .count')).to_have_text(
        "1", timeout=WAIT
    )
    screenshot(bob, "bob-sees-alice")


def test_questions_upvoted_to_the_top(enter, screenshot):
    alice = enter("alice")
    bob = enter("bob")

    bob.fill("#qa-input", "First question: when is the break?")
    bob.click("#qa-ask")
    expect(bob.locator("#qa-list [data-question-id]")).to_have_count(1, timeout=WAIT)
    bob.fill("#qa-input", "Second question: will slides be shared?")
    bob.click("#qa-ask")
    expect(bob.locator("#qa-list [data-question-id]")).to_have_count(2, timeout=WAIT)
    # Equal votes: oldest first.
    expect(bob.locator("#qa-list [data-question-id]").first).to_contain_text("First question", timeout=WAIT)

    second = alice.locator("#qa-list [data-question-id]", has_text="Second question")
    expect(second).to_have_count(1, timeout=WAIT)
    second.locator(".upvote").click()
    expect(second.locator(".upvote")).to_have_attribute("aria-pressed", "true", timeout=WAIT)

    expect(bob.locator("#qa-list [data-question-id]").first).to_contain_text("Second question", timeout=WAIT)
    expect(bob.locator("#qa-list [data-question-id]").first.locator(".votes")).to_have_text("1")
    screenshot(bob, "upvoted-on-top")

    # Toggling the upvote off puts the order back.
    alice.locator("#qa-list [data-question-id]", has_text="Second question").locator(".upvote").click()
    expect(bob.locator("#qa-list [data-question-id]").first).to_contain_text("First question", timeout=WAIT)


def test_moderated_questions_wait_in_the_queue(enter, stage):
    Room.objects.filter(pk=stage.pk).update(qa_moderated=True)
    moderator = enter("moderator")
    bob = enter("bob")
    alice = enter("alice")

    bob.fill("#qa-input", "Please approve me")
    bob.click("#qa-ask")
    queued = moderator.locator("#qa-queue [data-question-id]", has_text="Please approve me")
    expect(queued).to_have_count(1, timeout=WAIT)
    expect(alice.locator("#qa-list [data-question-id]")).to_have_count(0)
    expect(bob.locator("#qa-error")).to_contain_text("approval")

    queued.locator("button.approve").click()
    expect(alice.locator("#qa-list [data-question-id]", has_text="Please approve me")).to_have_count(1, timeout=WAIT)
    expect(moderator.locator("#qa-queue [data-question-id]")).to_have_count(0, timeout=WAIT)

    moderator.locator("#qa-list [data-question-id]", has_text="Please approve me").locator("button.pin").click()
    expect(alice.locator("#qa-list [data-question-id].pinned")).to_have_count(1, timeout=WAIT)


def test_poll_created_opened_voted(enter, screenshot):
    moderator = enter("moderator")
    alice = enter("alice")
    bob = enter("bob")

    expect(moderator.locator("#poll-form")).to_be_visible()
    expect(alice.locator("#poll-form")).to_be_hidden()
    moderator.fill("#poll-question", "Which forum next?")
    moderator.fill("#poll-options", "Rural revitalisation\nCarbon neutrality\nIndustry")
    moderator.click("#poll-create")
    draft = moderator.locator("#poll-list [data-poll-id]", has_text="Which forum next?")
    expect(draft).to_have_attribute("data-state", "draft", timeout=WAIT)
    expect(alice.locator("#poll-list [data-poll-id]")).to_have_count(0)

    draft.locator("button.open").click()
    alice_poll = alice.locator("#poll-list [data-poll-id]", has_text="Which forum next?")
    expect(alice_poll).to_have_attribute("data-state", "open", timeout=WAIT)
    bob_poll = bob.locator("#poll-list [data-poll-id]", has_text="Which forum next?")
    expect(bob_poll).to_have_attribute("data-state", "open", timeout=WAIT)

    alice_poll.locator("li", has_text="Carbon neutrality").locator("button.vote").click()
    expect(bob_poll.locator("li", has_text="Carbon neutrality").locator(".count")).to_have_text("1", timeout=WAIT)
    expect(bob_poll.locator(".total-votes")).to_have_text("1")
    screenshot(bob, "poll-results")

    moderator.locator("#poll-list [data-poll-id]", has_text="Which forum next?").locator("button.close").click()
    expect(bob_poll).to_have_attribute("data-state", "closed", timeout=WAIT)
    expect(bob_poll.locator("li", has_text="Carbon neutrality").locator("button.vote")).to_be_disabled()


def test_moderator_deletes_a_message_and_moderates(enter, people, screenshot):
    alice = enter("alice")
    moderator = enter("moderator")

    send_chat(alice, "A message to be removed")
    on_moderator = message(moderator, "A message to be removed")
    expect(on_moderator).to_have_count(1, timeout=WAIT)
    expect(message(alice, "A message to be removed")).to_have_count(1, timeout=WAIT)
    screenshot(moderator, "moderator-view")

    # Attendees get a delete button for their own messages only.
    send_chat(moderator, "Welcome, everyone")
    expect(message(alice, "Welcome, everyone")).to_have_count(1, timeout=WAIT)
    expect(message(alice, "Welcome, everyone").locator("button.delete")).to_have_count(0)

    on_moderator.locator("button.delete").click()
    expect(message(alice, "A message to be removed")).to_have_count(0, timeout=WAIT)
    expect(message(moderator, "A message to be removed")).to_have_count(0, timeout=WAIT)

    # Slow mode shows in the room status and refuses a second quick message with its reason.
    moderator.fill("#slow-mode-seconds", "600")
    moderator.click("#slow-mode-apply")
    expect(alice.locator("#room-status")).to_contain_text("slow mode 600s", timeout=WAIT)
    # (alice posted a minute ago at most, so she has to wait)
    send_chat(alice, "too quick under slow mode")
    expect(alice.locator("#chat-error")).to_be_visible(timeout=WAIT)
    expect(alice.locator("#chat-error")).to_have_attribute("data-code", "slow_mode")
    expect(alice.locator("#chat-error")).to_contain_text("Slow mode")
    expect(alice.locator("#chat-input")).to_have_value("too quick under slow mode")
    expect(message(moderator, "too quick under slow mode")).to_have_count(0)

    # Mute from the roster: alice is told, and her next post is refused.
    moderator.fill("#slow-mode-seconds", "0")
    moderator.click("#slow-mode-apply")
    expect(alice.locator("#room-status")).to_be_hidden(timeout=WAIT)
    moderator.locator(f'#roster [data-user-id="{people["alice"].pk}"] button.mute').click()
    expect(alice.locator("#notice")).to_contain_text("muted", timeout=WAIT)
    send_chat(alice, "can I still talk?")
    expect(alice.locator("#chat-error")).to_have_attribute("data-code", "muted", timeout=WAIT)

    # Lock: only moderators post.
    moderator.click("#lock-toggle")
    expect(alice.locator("#room-status")).to_contain_text("locked", timeout=WAIT)
    expect(moderator.locator("#lock-toggle")).to_have_attribute("aria-pressed", "true")


def test_guest_watches_but_cannot_post(enter, screenshot):
    alice = enter("alice")
    guest = enter(None)
    # The browser asks for English (Accept-Language); Chinese readers get 登录后发言.
    expect(guest.locator("#login-to-post")).to_contain_text("Log in to post")
    expect(guest.locator("#login-to-post a")).to_have_attribute("href", re.compile(r"^/accounts/login/"))
    expect(guest.locator("#chat-input")).to_have_count(0)
    expect(guest.locator("#qa-input")).to_have_count(0)
    expect(alice.locator("#audience-count")).to_have_text("2", timeout=WAIT)

    send_chat(alice, "Hello guests")
    expect(message(guest, "Hello guests")).to_have_count(1, timeout=WAIT)
    screenshot(guest, "guest")


def test_room_for_members_only_sends_guests_to_login(open_page, stage):
    Room.objects.filter(pk=stage.pk).update(allow_guests=False)
    page = open_page(path=f"/rooms/{stage.slug}/")
    expect(page.locator("#login-form")).to_be_visible()
    assert "/accounts/login/" in page.url


def test_reconnect_resumes_without_loss_or_duplicates(enter, server, people, stage, screenshot):
    from live.services import chat

    alice = enter("alice")
    bob = enter("bob")
    send_chat(bob, "before the outage")
    expect(message(alice, "before the outage")).to_have_count(1, timeout=WAIT)

    server.stop()
    expect(alice.locator("#connection-status")).to_have_attribute("data-state", "reconnecting", timeout=WAIT)
    expect(alice.locator("#connection-status")).to_contain_text("reconnecting")
    expect(bob.locator("#connection-status")).to_have_attribute("data-state", "reconnecting", timeout=WAIT)
    screenshot(alice, "reconnecting")

    # While the server is down: bob writes (his page holds the post and sends it once it is
    # back), and a message is stored by another server process (here: the service directly).
    send_chat(bob, "written while offline")
    expect(bob.locator("#chat-list .message.pending", has_text="written while offline")).to_have_count(1)
    chat.send_message(room=stage, user=people["bob"], text="stored while alice was away", client_ref="other-process-1")

    server.start()
    expect(alice.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=30_000)
    expect(bob.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=30_000)

    send_chat(bob, "after the restart")
    for page in (alice, bob):
        expect(message(page, "after the restart")).to_have_count(1, timeout=WAIT)
        expect(message(page, "written while offline")).to_have_count(1, timeout=WAIT)
        expect(message(page, "stored while alice was away")).to_have_count(1, timeout=WAIT)
        expect(message(page, "before the outage")).to_have_count(1)
        expect(page.locator("#chat-list .message.pending")).to_have_count(0, timeout=WAIT)
    screenshot(alice, "after-restart")

    # Exactly once on the page, exactly once stored, in seq order.
    texts = [t.strip() for t in alice.locator("#chat-list [data-message-id] .text").all_inner_texts()]
    assert texts == ["before the outage", "stored while alice was away", "written while offline", "after the restart"]
    assert ChatMessage.objects.filter(room=stage, text="written while offline").count() == 1
    seqs = [
        int(s) for s in alice.locator("#chat-list [data-message-id]").evaluate_all("els => els.map(e => e.dataset.seq)")
    ]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


DROP_NEXT_CHAT_MESSAGE = """() => {
  // Lose the next live chat.message frame, as a socket would that missed one.
  const client = window.pavilion.client;
  const original = client.onMessage.bind(client);
  client.onMessage = (ws, event) => {
    if (JSON.parse(event.data).type === "chat.message") {
      client.onMessage = original;
      return;
    }
    original(ws, event);
  };
}"""


def test_missed_events_are_fetched_once(enter, stage):
    alice = enter("alice")
    bob = enter("bob")

    # A gap (seq n missing, n+1 arrives) is filled from room.history.
    alice.evaluate(DROP_NEXT_CHAT_MESSAGE)
    send_chat(bob, "gap one")
    expect(message(bob, "gap one")).to_have_count(1, timeout=WAIT)
    send_chat(bob, "gap two")
    expect(message(alice, "gap two")).to_have_count(1, timeout=WAIT)
    expect(message(alice, "gap one")).to_have_count(1, timeout=WAIT)

    # room.lagged: the page joins the room again from its last seq and gets what it missed.
    alice.evaluate(DROP_NEXT_CHAT_MESSAGE)
    send_chat(bob, "missed before lag")
    expect(message(bob, "missed before lag")).to_have_count(1, timeout=WAIT)
    expect(message(alice, "missed before lag")).to_have_count(0)
    alice.evaluate(
        """(slug) => {
          const client = window.pavilion.client;
          const since = client.rooms.get(slug).lastSeq;
          client.onMessage(client.ws, {data: JSON.stringify({type: "room.lagged", room: slug, since_seq: since})});
        }""",
        stage.slug,
    )
    expect(message(alice, "missed before lag")).to_have_count(1, timeout=WAIT)
    send_chat(bob, "after the lag")
    expect(message(alice, "after the lag")).to_have_count(1, timeout=WAIT)

    texts = [t.strip() for t in alice.locator("#chat-list [data-message-id] .text").all_inner_texts()]
    assert texts == ["gap one", "gap two", "missed before lag", "after the lag"]


def test_chinese_reader_gets_the_live_parts_in_chinese(browser, server, stage, people, screenshot):
    # A browser that asks for Chinese: the server-rendered labels and the texts the page's
    # modules draw (from the room-strings table) are both Chinese.
    context = browser.new_context(base_url=server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT)
    try:
        page = context.new_page()
        path = f"/rooms/{stage.slug}/"
        page.goto(f"/accounts/login/?next={path}")
        page.fill("#id_login", "moderator")
        page.fill("#id_password", "pw-moderator-1234")
        page.click("#login-submit")
        page.wait_for_url(f"**{path}")
        expect(page.locator("#room")).to_have_attribute("data-ready", "true")
        expect(page.locator("#connection-status")).to_have_text("实时")
        expect(page.locator("#chat-send")).to_have_text("发送")
        expect(page.locator("#lock-toggle")).to_have_text("锁定房间")

        send_chat(page, "大家好")
        own = message(page, "大家好")
        expect(own.locator("button.delete")).to_have_text("删除")
        expect(own.locator("button.delete")).to_have_attribute("aria-label", "删除 Moderator 的消息")

        page.click("#lock-toggle")
        expect(page.locator("#room-status")).to_have_text("🔒 已锁定")
        expect(page.locator("#lock-toggle")).to_have_text("解锁房间")
        screenshot(page, "zh")
    finally:
        context.close()


# Every value the status badge's data-phase takes, in order (recorded from the first paint).
RECORD_PHASES = """
window.__phases = [];
new MutationObserver(() => {
  const badge = document.getElementById("connection-status");
  const phase = badge && badge.dataset.phase;
  if (phase && window.__phases[window.__phases.length - 1] !== phase) window.__phases.push(phase);
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-phase"] });
"""


def test_room_shows_its_snapshot_at_once_then_catches_up_and_goes_live(browser, server, stage, people):
    from live.services import chat

    for i in range(3):
        chat.send_message(room=stage, user=people["alice"], text=f"before {i}")
    path = f"/rooms/{stage.slug}/"

    # en, the socket held back (it never reaches the server): the room is there from the
    # page alone, and the badge says it is still connecting.
    context = browser.new_context(base_url=server.url, locale="en-US")
    try:
        page = context.new_page()
        page.route_web_socket(re.compile(r".*/ws/$"), lambda ws: None)
        page.goto(path)
        expect(message(page, "before 2")).to_have_count(1, timeout=WAIT)
        expect(page.locator("#room")).to_have_attribute("data-snapshot", "3")
        expect(page.locator("#connection-status")).to_have_text("connecting…")
        expect(page.locator("#room")).to_have_attribute("data-ready", "false")
    finally:
        context.close()

    # zh, a message stored after the page was rendered and before its socket joined: the join
    # resumes from the snapshot's seq and brings it, once; the badge went connecting →
    # catching up → live.
    context = browser.new_context(base_url=server.url, locale="zh-CN")
    try:
        page = context.new_page()
        page.add_init_script(RECORD_PHASES)

        def late_then_connect(ws) -> None:
            chat.send_message(room=stage, user=people["bob"], text="after the page")
            ws.connect_to_server()

        page.route_web_socket(re.compile(r".*/ws/$"), late_then_connect)
        page.goto(path)
        expect(page.locator("#room")).to_have_attribute("data-ready", "true", timeout=WAIT)
        expect(page.locator("#connection-status")).to_have_text("实时", timeout=WAIT)
        expect(message(page, "after the page")).to_have_count(1, timeout=WAIT)
        texts = [t.strip() for t in page.locator("#chat-list [data-message-id] .text").all_inner_texts()]
        assert texts == ["before 0", "before 1", "before 2", "after the page"]
        phases = page.evaluate("window.__phases")
        assert phases[-1] == "live" and "catching-up" in phases
        assert phases.index("catching-up") < len(phases) - 1
    finally:
        context.close()
