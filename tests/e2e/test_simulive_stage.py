"""Simulive in a real browser: the programme's badge says LIVE for a stage playing its
pre-recorded video, and the stage page plays it through the server's relay (zh and en).
Real Daphne (STREAMS_ICE_LOOPBACK), real Chromium; the video is generated with PyAV."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from live.models import Room
from streams import services, simulive_services
from streams.models import Session
from streams.simulive_media import generate_video
from tests.e2e.test_stage_video import CHROMIUM_EXTRA_ARGS, WAIT, assert_video_plays

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
__all__ = ["CHROMIUM_EXTRA_ARGS"]  # the module's Chromium flags (tests/e2e/conftest.py reads them)


@pytest.fixture(autouse=True)
def _shared_media(monkeypatch, tmp_path, settings):
    # The server (another process) and this test read the same media folder.
    monkeypatch.setenv("STREAMS_ICE_LOOPBACK", "1")
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def playing(event, settings) -> Session:
    now = timezone.now()
    event.ends_at = now + timedelta(days=1)
    event.save()
    session = services.create_session(
        event=event,
        kind=Session.Kind.OPENING_CEREMONY,
        title="开幕式",
        title_en="Opening ceremony",
        slug="opening",
        starts_at=now - timedelta(seconds=20),
        ends_at=now + timedelta(hours=1),
    )
    Room.objects.filter(pk=session.room_id).update(allow_guests=True)
    generate_video(settings.MEDIA_ROOT / "simulive" / "opening.webm", seconds=60, width=320, height=180, fps=12)
    Session.objects.filter(pk=session.pk).update(prerecorded_video="simulive/opening.webm", prerecorded_seconds=60)
    assert simulive_services.tick()["started"] == [session.pk]  # what the beat task does
    session.refresh_from_db()
    return session


@pytest.mark.parametrize(("locale", "live_text"), [("en-US", "LIVE"), ("zh-CN", "直播中")])
def test_the_programme_says_live_and_the_stage_plays_the_video(browser, server, playing, locale, live_text):
    context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto("/")
        badge = page.locator(f"#session-{playing.pk} .stage-badge")
        expect(badge).to_have_attribute("data-stage", "live")
        expect(badge).to_have_text(live_text)
        page.click(f"#session-{playing.pk} h4 a")
        expect(page.locator("#stage-state")).to_have_attribute("data-state", "live", timeout=WAIT)
        expect(page.locator("#stage")).to_have_attribute("data-mode", "webrtc", timeout=WAIT)
        playback = assert_video_plays(page, "#stage-videos video")
        assert playback["width"] == 320  # the generated video, not a camera
    finally:
        context.close()
