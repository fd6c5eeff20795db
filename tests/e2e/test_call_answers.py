"""A caller's page hears its own new call's frames before the `call.request` answer that names
the call: the callee may accept and offer while the answer is on its way. The page must keep
those frames until it knows the call's id; before, it dropped them and stayed "outgoing"
with the callee already in the call.

The test holds the caller's `call.request` answer in the browser's own WebSocket (Playwright
routes the socket, every other frame passes), lets the callee accept, and only then hands the
answer over: the call must connect."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.test_stage_answers import wait_until
from tests.e2e.test_stage_video import (  # noqa: F401 (fixtures)
    CHROMIUM_EXTRA_ARGS,
    WAIT,
    _loopback_media,
    assert_video_plays,
    enter,
    people,
    stage_session,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
__all__ = ["CHROMIUM_EXTRA_ARGS"]  # the module's Chromium flags (tests/e2e/conftest.py reads them)


class HeldCallAnswer:
    """Routes a page's socket; holds the answer to its `call.request` until released, and
    notes the call's frames that reach the page meanwhile."""

    def __init__(self) -> None:
        self.asked: set = set()
        self.held: list[str] = []
        self.passed: list[dict] = []
        self.holding = True
        self.page_socket = None

    def route(self, ws) -> None:
        self.page_socket = ws
        server = ws.connect_to_server()

        def to_server(message) -> None:
            frame = json.loads(message)
            if frame.get("type") == "call.request":
                self.asked.add(frame.get("ref"))
            server.send(message)

        def to_page(message) -> None:
            frame = json.loads(message)
            if self.holding and frame.get("type") == "ack" and frame.get("ref") in self.asked:
                self.held.append(message)
                return
            if self.held and frame.get("type", "").startswith("call."):
                self.passed.append(frame)
            ws.send(message)

        ws.on_message(to_server)
        server.on_message(to_page)

    def release(self) -> None:
        self.holding = False
        for message in self.held:
            self.page_socket.send(message)


def test_a_callee_who_answers_before_the_callers_answer_arrives_is_connected(enter, people):  # noqa: F811
    alice = enter("alice")
    bob = enter("bob")
    answer = HeldCallAnswer()
    alice.route_web_socket("**/ws/", answer.route)
    alice.reload()  # the page's socket opens again, now through the route
    expect(alice.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=WAIT)

    alice.locator(f'#roster [data-user-id="{people["bob"].pk}"] button.call').click()
    wait_until(alice, lambda: answer.held, "the caller's page never asked call.request")
    expect(bob.locator("#call-window")).to_have_attribute("data-state", "incoming", timeout=WAIT)
    bob.click("#call-accept")
    # The callee is in the call and offers to the caller, whose page has no call id yet.
    wait_until(
        alice,
        lambda: {"call.state", "call.signal"} <= {f["type"] for f in answer.passed},
        "the caller's page was never told that the callee accepted",
    )
    assert json.loads(answer.held[0])["state"] == "ringing"  # the held answer is older

    answer.release()
    for page in (alice, bob):
        expect(page.locator("#call-window")).to_have_attribute("data-state", "active", timeout=WAIT)
    assert_video_plays(alice, "#call-remote video")
    assert_video_plays(bob, "#call-remote video")
