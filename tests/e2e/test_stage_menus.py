"""The stage player's language picker and quality menu in a real browser (zh and en).

Language: a speaker publishes Chromium's fake camera, an interpreter assigned to English
starts interpreting from their page's "Interpret" panel (their fake microphone, published
with `rtc.publish {language: "en"}`); the viewer's picker offers the original and English,
and choosing English switches the audio the server sends (the server's `rtc.language` ack
says an interpreter is heard). Quality: with a two-rendition ladder and no relay places,
the HLS player's menu lists Auto and each height and switches hls.js to the chosen one; the
run has an English audio rendition (an interpreter is assigned) and the picker switches
hls.js's audio track to it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from streams.models import Interpreter
from tests.e2e.test_stage_video import (  # noqa: F401 (fixtures)
    CHROMIUM_EXTRA_ARGS,
    _loopback_media,
    assert_video_plays,
    people,
    stage_session,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WAIT = 40_000  # ms
LOCALES = [("en-US", "Original", "Auto"), ("zh-CN", "原声", "自动")]


@pytest.fixture
def enter(browser, server, stage_session):  # noqa: F811
    contexts = []

    def enter_(name: str | None, locale: str):
        context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: print(f"[{name}] page error: {error}"))
        path = f"/rooms/{stage_session.room.slug}/"
        page.goto(f"/accounts/login/?next={path}")
        page.fill("#id_login", name)
        page.fill("#id_password", f"pw-{name}-1234")
        page.click("#login-submit")
        page.wait_for_url(f"**{path}")
        expect(page.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=WAIT)
        return page

    yield enter_
    for context in contexts:
        context.close()


def go_live(speaker) -> None:
    speaker.click("#go-live-camera")
    assert_video_plays(speaker, "#go-live-preview")
    speaker.click("#go-live-publish")
    expect(speaker.locator("#go-live")).to_have_attribute("data-connection", "connected", timeout=WAIT)
    speaker.click("#stage-set-live")
    expect(speaker.locator("#stage-state")).to_have_attribute("data-state", "live", timeout=WAIT)


@pytest.mark.parametrize(("locale", "original", "auto"), LOCALES)
def test_the_language_picker_switches_to_the_interpretation(enter, stage_session, people, locale, original, auto):  # noqa: F811
    Interpreter.objects.create(session=stage_session, user=people["bob"], language="en")
    speaker, bob, alice = enter("speaker", locale), enter("bob", locale), enter("alice", locale)
    go_live(speaker)
    expect(alice.locator("#stage")).to_have_attribute("data-mode", "webrtc", timeout=WAIT)
    expect(alice.locator("#stage-language")).to_be_hidden()  # no interpretation yet

    # Bob's page offers to interpret into what he was assigned; nobody else's does.
    expect(bob.locator("#interpret")).to_be_visible(timeout=WAIT)
    expect(bob.locator("#interpret-language option")).to_have_text(["English"])
    expect(alice.locator("#interpret")).to_be_hidden()
    expect(speaker.locator("#interpret")).to_be_hidden()
    bob.click("#interpret-start")
    expect(bob.locator("#interpret")).to_have_attribute("data-publishing", "true", timeout=WAIT)
    expect(bob.locator("#interpret")).to_have_attribute("data-connection", "connected", timeout=WAIT)
    picker = alice.locator("#stage-language-select")
    expect(alice.locator("#stage-language")).to_be_visible(timeout=WAIT)
    expect(picker.locator("option")).to_have_text([original, "English"])
    expect(alice.locator("#stage-videos video")).to_have_count(1)  # the interpretation is no tile
    picker.select_option("en")
    expect(alice.locator("#stage-language")).to_have_attribute("data-heard", "en", timeout=WAIT)
    picker.select_option("")
    expect(alice.locator("#stage-language")).to_have_attribute("data-heard", "", timeout=WAIT)
    assert_video_plays(alice, "#stage-videos video")
    # Bob stops: his interpretation is gone from the stage, so is the picker.
    bob.click("#interpret-start")
    expect(bob.locator("#interpret")).to_have_attribute("data-publishing", "false", timeout=WAIT)
    expect(alice.locator("#stage-language")).to_be_hidden(timeout=WAIT)


@pytest.fixture
def _ladder(monkeypatch):
    monkeypatch.setenv("STREAMS_MAX_RELAY_VIEWERS", "0")  # everyone watches HLS
    monkeypatch.setenv("STREAMS_HLS_RENDITIONS", "360,180")


@pytest.mark.parametrize(("locale", "original", "auto"), LOCALES)
def test_the_quality_menu_lists_the_renditions_and_switches(
    _ladder,
    enter,
    stage_session,  # noqa: F811
    people,  # noqa: F811
    locale,
    original,
    auto,
):
    # An interpreter assigned to English: the HLS run carries an English audio rendition.
    Interpreter.objects.create(session=stage_session, user=people["bob"], language="en")
    speaker, alice = enter("speaker", locale), enter("alice", locale)
    go_live(speaker)
    expect(alice.locator("#stage")).to_have_attribute("data-mode", "hls", timeout=WAIT)
    assert_video_plays(alice, '#stage-videos [data-kind="hls"] video')
    menu = alice.locator("#stage-quality-select")
    expect(alice.locator("#stage-quality")).to_be_visible(timeout=WAIT)
    expect(menu.locator("option")).to_have_text([auto, "180p", "360p"])
    index = menu.locator("option", has_text="180p").get_attribute("value")
    menu.select_option(index)
    expect(alice.locator("#stage-quality")).to_have_attribute("data-playing", index, timeout=WAIT)
    alice.wait_for_function(
        "(i) => window.pavilion.stage.hls.currentLevel === i && window.pavilion.stage.hls.autoLevelEnabled === false",
        arg=int(index),
        timeout=WAIT,
    )
    # The language picker lists the run's audio renditions and switches hls.js to English
    # (the original while nobody interprets: the rendition falls back to it) and back.
    picker = alice.locator("#stage-language-select")
    expect(alice.locator("#stage-language")).to_be_visible(timeout=WAIT)
    expect(picker.locator("option")).to_have_text([original, "English"])
    picker.select_option("en")
    expect(alice.locator("#stage-language")).to_have_attribute("data-heard", "en", timeout=WAIT)
    alice.wait_for_function(
        "() => { const h = window.pavilion.stage.hls; return h.audioTracks[h.audioTrack].lang === 'en'; }",
        timeout=WAIT,
    )
    picker.select_option("")
    expect(alice.locator("#stage-language")).to_have_attribute("data-heard", "", timeout=WAIT)
