"""A `stage.get` answer is read before it is sent: publishers pushed to the page while it was
on its way (`rtc.publishers`) are newer than the answer's. The page must keep the newer list;
before, a viewer who opened a stage just as its speaker started (the simulive opening
ceremony in CI) was shown "waiting for the speakers' video" with the video running.

The test holds the page's first `stage.get` answer in the browser's own WebSocket (Playwright
routes the socket and passes every other frame through), lets the speaker publish, and only
then hands the old answer over: the video must go on playing."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from live.models import Room
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


class HeldAnswers:
    """Routes a page's socket; holds the answers to its `stage.get` until released."""

    def __init__(self) -> None:
        self.asked: set = set()
        self.held: list[str] = []
        self.pushed_publishers: list[dict] = []
        self.holding = True
        self.page_socket = None

    def route(self, ws) -> None:
        self.page_socket = ws
        server = ws.connect_to_server()

        def to_server(message) -> None:
            frame = json.loads(message)
            if frame.get("type") == "stage.get":
                self.asked.add(frame.get("ref"))
            server.send(message)

        def to_page(message) -> None:
            frame = json.loads(message)
            if frame.get("type") == "rtc.publishers" and frame.get("publishers"):
                self.pushed_publishers.append(frame)
            if self.holding and frame.get("type") == "ack" and frame.get("ref") in self.asked:
                self.held.append(message)
                return
            ws.send(message)

        ws.on_message(to_server)
        server.on_message(to_page)

    def release(self) -> None:
        self.holding = False
        for message in self.held:
            self.page_socket.send(message)


def wait_until(page, condition, failure: str) -> None:
    """Lets the page's routed socket run (its handlers run while Playwright waits) until the
    condition holds; bounded."""
    for _ in range(200):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError(failure)


def test_an_older_stage_answer_does_not_take_the_video_away(browser, server, enter, stage_session):  # noqa: F811
    Room.objects.filter(pk=stage_session.room_id).update(allow_guests=True)
    path = f"/rooms/{stage_session.room.slug}/"
    speaker = enter("speaker")
    speaker.click("#stage-set-live")
    expect(speaker.locator("#stage-state")).to_have_attribute("data-state", "live", timeout=WAIT)

    answers = HeldAnswers()
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    try:
        viewer = context.new_page()
        viewer.route_web_socket("**/ws/", answers.route)
        viewer.goto(path)
        wait_until(viewer, lambda: answers.held, "the page never asked stage.get")
        assert json.loads(answers.held[0])["publishers"] == []  # read before anyone published

        speaker.click("#go-live-camera")
        speaker.click("#go-live-publish")
        expect(speaker.locator("#go-live")).to_have_attribute("data-connection", "connected", timeout=WAIT)
        wait_until(viewer, lambda: answers.pushed_publishers, "the page was never told of the publisher")

        # Only now the old answer (live, nobody publishing) reaches the page.
        answers.release()
        expect(viewer.locator("#stage-state")).to_have_attribute("data-state", "live", timeout=WAIT)
        expect(viewer.locator("#stage")).to_have_attribute("data-mode", "webrtc", timeout=WAIT)
        assert_video_plays(viewer, "#stage-videos video")
    finally:
        context.close()
