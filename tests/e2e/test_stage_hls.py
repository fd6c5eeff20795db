"""The big audience: past the relay's viewer limit the stage plays its HLS stream with hls.js,
and after the stage ended its recording plays from the recordings list. Real Daphne packaging
a real Chromium publisher (fake camera) with PyAV; real Chromium playing it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_stage_video import (  # noqa: F401 (fixtures)
    CHROMIUM_EXTRA_ARGS,
    _loopback_media,
    assert_video_plays,
    enter,
    people,
    stage_session,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WAIT = 40_000  # ms: the first HLS segments take a few seconds to exist


@pytest.fixture(autouse=True)
def _no_relay_seats(monkeypatch):
    # Every attendee is past the relay's limit: HLS for everyone.
    monkeypatch.setenv("STREAMS_MAX_RELAY_VIEWERS", "0")


def test_past_the_relay_limit_the_stage_plays_hls_and_then_its_recording(enter, stage_session, screenshot):  # noqa: F811
    speaker = enter("speaker")
    alice = enter("alice")
    speaker.click("#go-live-camera")
    assert_video_plays(speaker, "#go-live-preview")
    speaker.click("#go-live-publish")
    expect(speaker.locator("#go-live")).to_have_attribute("data-connection", "connected", timeout=WAIT)
    speaker.click("#stage-set-live")

    expect(alice.locator("#stage")).to_have_attribute("data-mode", "hls", timeout=WAIT)
    playback = assert_video_plays(alice, '#stage-videos [data-kind="hls"] video')
    assert playback["width"] > 0
    assert alice.evaluate("() => window.pavilion.stage.hlsSource").endswith(".m3u8")
    screenshot(alice, "hls-live")

    speaker.on("dialog", lambda dialog: dialog.accept())
    speaker.click("#stage-set-ended")
    expect(alice.locator("#stage-state")).to_have_attribute("data-state", "ended", timeout=WAIT)
    expect(alice.locator('#stage-videos [data-kind="hls"]')).to_have_count(0, timeout=WAIT)
    recording = alice.locator("#recordings .play-recording").first
    expect(recording).to_be_visible(timeout=WAIT)
    recording.click()
    expect(alice.locator("#stage")).to_have_attribute("data-mode", "recording")
    assert_video_plays(alice, '#stage-videos [data-kind="recording"] video')
    screenshot(alice, "recording")
