"""Video in a real browser: a speaker publishes Chromium's fake camera to the stage and a
second page plays it through the server's relay (aiortc); two people call each other peer
to peer. Real Daphne (STREAMS_ICE_LOOPBACK: aiortc offers 127.0.0.1), real Chromium."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from live.models import RoomRole
from streams import services
from streams.models import Session, Speaker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Chromium's WebRTC on loopback with a fake camera and microphone (../shared/notes/stack-notes.md).
CHROMIUM_EXTRA_ARGS = [
    "--allow-loopback-in-peer-connection",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]
WAIT = 20_000  # ms


@pytest.fixture(autouse=True)
def _loopback_media(monkeypatch, tmp_path):
    # Read by the server fixture when it starts Daphne (autouse fixtures run first). A live
    # stage is packaged into HLS and recorded: into the test's own folder.
    monkeypatch.setenv("STREAMS_ICE_LOOPBACK", "1")
    monkeypatch.setenv("STREAMS_HLS_ROOT", str(tmp_path / "hls"))


@pytest.fixture
def people(transactional_db) -> dict[str, User]:
    return {
        name: User.objects.create_user(username=name, password=f"pw-{name}-1234", display_name=name.title())
        for name in ("speaker", "alice", "bob")
    }


@pytest.fixture
def stage_session(event, people) -> Session:
    speaker = Speaker.objects.create(name="Speaker", user=people["speaker"])
    now = timezone.now()
    return services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="主论坛",
        title_en="Main forum",
        slug="main",
        starts_at=now + timedelta(minutes=5),
        ends_at=now + timedelta(hours=1),
        speakers=[speaker],
    )


@pytest.fixture
def enter(open_page, stage_session):
    def enter_(name: str):
        path = f"/rooms/{stage_session.room.slug}/"
        page = open_page(name, f"pw-{name}-1234", path=path)
        expect(page.locator("#room")).to_have_attribute("data-ready", "true", timeout=WAIT)
        expect(page.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=WAIT)
        return page

    return enter_


PLAYBACK = """(selector) => {
  const video = document.querySelector(selector);
  if (!video) return null;
  const quality = video.getVideoPlaybackQuality();
  return {width: video.videoWidth, time: video.currentTime, frames: quality.totalVideoFrames};
}"""


def assert_video_plays(page, selector: str) -> dict:
    """The <video> has a picture, and its time and decoded frames advance."""
    page.wait_for_function(
        "(s) => { const v = document.querySelector(s); return v && v.videoWidth > 0 && v.currentTime > 0; }",
        arg=selector,
        timeout=WAIT,
    )
    first = page.evaluate(PLAYBACK, selector)
    page.wait_for_function(
        """([s, time, frames]) => { const v = document.querySelector(s);
             return v.currentTime > time + 0.5 && v.getVideoPlaybackQuality().totalVideoFrames > frames + 5; }""",
        arg=[selector, first["time"], first["frames"]],
        timeout=WAIT,
    )
    later = page.evaluate(PLAYBACK, selector)
    assert later["width"] > 0
    assert later["frames"] > first["frames"]
    return later


def test_speaker_publishes_and_a_viewer_watches(enter, stage_session, screenshot):
    speaker = enter("speaker")
    alice = enter("alice")
    expect(alice.locator("#stage-state")).to_have_attribute("data-state", "scheduled", timeout=WAIT)
    expect(alice.locator("#stage-message")).to_contain_text("Starts at")
    expect(alice.locator("#go-live")).to_be_hidden()

    # The speaker's go-live view: camera preview, publish, go live.
    expect(speaker.locator("#go-live")).to_be_visible()
    speaker.click("#go-live-camera")
    assert_video_plays(speaker, "#go-live-preview")
    speaker.click("#go-live-publish")
    expect(speaker.locator("#go-live")).to_have_attribute("data-publishing", "true", timeout=WAIT)
    expect(speaker.locator("#go-live")).to_have_attribute("data-connection", "connected", timeout=WAIT)
    went_live = time.monotonic()
    speaker.click("#stage-set-live")
    expect(speaker.locator("#stage-state")).to_have_attribute("data-state", "live", timeout=WAIT)

    # The viewer gets the state at once and plays the relayed video.
    expect(alice.locator("#stage-state")).to_have_attribute("data-state", "live", timeout=WAIT)
    expect(alice.locator("#stage")).to_have_attribute("data-mode", "webrtc", timeout=WAIT)
    alice.wait_for_function("() => document.querySelector('#stage-videos video')?.videoWidth > 0", timeout=WAIT)
    # A figure for the report (docs/stage-client.md), not an assertion.
    print(f"figure: go live → viewer's first frame {time.monotonic() - went_live:.2f} s")
    playback = assert_video_plays(alice, "#stage-videos video")
    expect(speaker.locator("#stage-videos video")).to_have_count(0)  # never watches itself
    assert playback["width"] >= 320
    screenshot(alice, "viewer-live")
    screenshot(speaker, "speaker-live")

    # Reactions: coalesced summaries reach everyone.
    alice.click('#stage-reactions [data-emoji="👏"]')
    alice.click('#stage-reactions [data-emoji="👏"]')
    for page in (alice, speaker):
        page.wait_for_function(
            "() => Number(document.querySelector('#stage-reaction-summary').dataset.total) >= 2", timeout=WAIT
        )
    expect(speaker.locator("#stage-reaction-summary")).to_contain_text("👏 2")

    # Mute is local to the speaker's tracks; pause and end reach the viewer.
    speaker.click("#go-live-mic")
    expect(speaker.locator("#go-live-mic")).to_have_attribute("aria-pressed", "true")
    speaker.click("#stage-set-paused")
    expect(alice.locator("#stage-state")).to_have_attribute("data-state", "paused", timeout=WAIT)
    speaker.on("dialog", lambda dialog: dialog.accept())  # "End the stage for everyone?"
    speaker.click("#stage-set-ended")
    expect(alice.locator("#stage-state")).to_have_attribute("data-state", "ended", timeout=WAIT)
    expect(alice.locator("#stage-videos video")).to_have_count(0, timeout=WAIT)
    expect(alice.locator("#stage-message")).to_be_visible()
    expect(speaker.locator("#go-live")).to_have_attribute("data-publishing", "false", timeout=WAIT)
    stage_session.refresh_from_db()
    assert stage_session.stream_state == "ended"
    screenshot(alice, "viewer-ended")


def test_a_moderator_previews_before_going_live(enter, stage_session, people):
    RoomRole.objects.create(room=stage_session.room, user=people["bob"], role=RoomRole.Role.MODERATOR)
    speaker = enter("speaker")
    bob = enter("bob")
    alice = enter("alice")
    speaker.click("#go-live-camera")
    assert_video_plays(speaker, "#go-live-preview")
    speaker.click("#go-live-publish")
    expect(speaker.locator("#go-live")).to_have_attribute("data-connection", "connected", timeout=WAIT)
    # Still scheduled: the moderator sees the preview, the attendee nothing yet.
    assert_video_plays(bob, "#stage-videos video")
    expect(alice.locator("#stage-videos video")).to_have_count(0)
    expect(alice.locator("#stage-state")).to_have_attribute("data-state", "scheduled")
    # Stopping the publisher takes the video away from the moderator.
    speaker.click("#go-live-publish")
    expect(speaker.locator("#go-live")).to_have_attribute("data-publishing", "false", timeout=WAIT)
    expect(bob.locator("#stage-videos video")).to_have_count(0, timeout=WAIT)


def test_a_call_between_two_people_connects_and_shows_video(enter, people, screenshot):
    alice = enter("alice")
    bob = enter("bob")
    bob_id = people["bob"].pk
    call_button = alice.locator(f'#roster [data-user-id="{bob_id}"] button.call')
    expect(call_button).to_have_attribute("aria-label", "Call Bob", timeout=WAIT)
    call_button.click()
    expect(alice.locator("#call-window")).to_have_attribute("data-state", "outgoing", timeout=WAIT)
    expect(alice.locator("#call-cancel")).to_be_visible()

    expect(bob.locator("#call-window")).to_have_attribute("data-state", "incoming", timeout=WAIT)
    expect(bob.locator("#call-status")).to_contain_text("Alice")
    expect(bob.locator("#call-accept")).to_be_focused()
    screenshot(bob, "ringing")
    accepted = time.monotonic()
    bob.keyboard.press("Enter")  # the focused Accept button
    alice.wait_for_function("() => document.querySelector('#call-remote video')?.videoWidth > 0", timeout=WAIT)
    print(f"figure: accept → caller sees the callee's video {time.monotonic() - accepted:.2f} s")

    for page in (alice, bob):
        expect(page.locator("#call-window")).to_have_attribute("data-state", "active", timeout=WAIT)
        assert_video_plays(page, "#call-remote video")
        expect(page.locator("#call-remote .call-tile")).to_have_attribute("data-connection", "connected")
    screenshot(alice, "in-call")

    alice.click("#call-hangup")
    expect(alice.locator("#call-window")).to_be_hidden()
    expect(bob.locator("#call-window")).to_be_hidden(timeout=WAIT)
    expect(bob.locator("#call-notice")).to_contain_text("The call has ended")


def test_a_declined_call_tells_the_caller(enter, people):
    alice = enter("alice")
    bob = enter("bob")
    alice.locator(f'#roster [data-user-id="{people["bob"].pk}"] button.call').click()
    expect(bob.locator("#call-window")).to_have_attribute("data-state", "incoming", timeout=WAIT)
    bob.click("#call-decline")
    expect(bob.locator("#call-window")).to_be_hidden()
    expect(alice.locator("#call-notice")).to_contain_text("Bob declined the call", timeout=WAIT)
    expect(alice.locator("#call-window")).to_be_hidden(timeout=WAIT)


def test_calling_someone_in_another_call_says_busy(enter, people):
    speaker = enter("speaker")
    bob = enter("bob")
    alice = enter("alice")
    speaker.locator(f'#roster [data-user-id="{people["bob"].pk}"] button.call').click()
    expect(bob.locator("#call-window")).to_have_attribute("data-state", "incoming", timeout=WAIT)
    bob.click("#call-accept")
    expect(speaker.locator("#call-window")).to_have_attribute("data-state", "active", timeout=WAIT)

    alice.locator(f'#roster [data-user-id="{people["bob"].pk}"] button.call').click()
    expect(alice.locator("#call-notice")).to_contain_text("Bob is in another call", timeout=WAIT)
    expect(alice.locator("#call-window")).to_be_hidden(timeout=WAIT)
    expect(bob.locator("#call-window")).to_have_attribute("data-state", "active")  # undisturbed


@pytest.fixture
def short_ring(monkeypatch):
    monkeypatch.setenv("STREAMS_CALL_RING_SECONDS", "2")


def test_an_unanswered_call_is_missed_on_both_sides(short_ring, enter, people):
    alice = enter("alice")
    bob = enter("bob")
    alice.locator(f'#roster [data-user-id="{people["bob"].pk}"] button.call').click()
    expect(bob.locator("#call-window")).to_have_attribute("data-state", "incoming", timeout=WAIT)
    expect(alice.locator("#call-notice")).to_contain_text("Bob did not answer", timeout=WAIT)
    expect(bob.locator("#call-notice")).to_contain_text("You missed a call from Alice", timeout=WAIT)
    expect(bob.locator("#call-window")).to_be_hidden()
    expect(alice.locator("#call-window")).to_be_hidden(timeout=WAIT)


def test_video_comes_back_after_the_server_restarts(enter, server, screenshot):
    speaker = enter("speaker")
    alice = enter("alice")
    speaker.click("#go-live-camera")
    assert_video_plays(speaker, "#go-live-preview")
    speaker.click("#go-live-publish")
    expect(speaker.locator("#go-live")).to_have_attribute("data-connection", "connected", timeout=WAIT)
    speaker.click("#stage-set-live")
    assert_video_plays(alice, "#stage-videos video")
    own_publishers = "() => [...window.pavilion.stage.ownPublisherIds]"
    before = speaker.evaluate(own_publishers)
    assert len(before) == 1
    alice.evaluate("() => document.querySelector('#stage-videos video').dataset.old = 'true'")

    server.stop()  # every peer connection dies with the process
    for page in (speaker, alice):
        expect(page.locator("#connection-status")).to_have_attribute("data-state", "reconnecting", timeout=WAIT)
    server.start()
    for page in (speaker, alice):
        expect(page.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=WAIT)
    # The speaker's page publishes again on its own; the attendee's page watches the new publisher.
    speaker.wait_for_function(
        "(old) => { const ids = [...window.pavilion.stage.ownPublisherIds]; return ids.length == 1 && ids[0] != old; }",
        arg=before[0],
        timeout=WAIT,
    )
    expect(speaker.locator("#go-live")).to_have_attribute("data-connection", "connected", timeout=WAIT)
    expect(alice.locator("#stage-state")).to_have_attribute("data-state", "live")
    expect(alice.locator("#stage-videos video:not([data-old])")).to_have_count(1, timeout=WAIT)
    expect(alice.locator("#stage-videos video[data-old]")).to_have_count(0)
    assert_video_plays(alice, "#stage-videos video")
    screenshot(alice, "after-restart")


@pytest.fixture
def job_fair(event, people) -> tuple[Session, int]:
    from accounts.models import Organisation
    from recruitment.models import Job

    speaker = Speaker.objects.create(name="Recruiter", user=people["speaker"])
    now = timezone.now()
    session = services.create_session(
        event=event,
        kind=Session.Kind.RECRUITMENT_LIVESTREAM,
        title="外籍人才云聘会",
        title_en="Cloud Job Fair",
        slug="job-fair",
        starts_at=now,
        ends_at=now + timedelta(hours=1),
        speakers=[speaker],
    )
    employer = Organisation.objects.create(name="深圳湾实验室", name_en="Shenzhen Bay Laboratory")
    job = Job.objects.create(
        organisation=employer,
        title="博士后研究员",
        title_en="Postdoctoral researcher",
        city="深圳",
        salary_text="30–50万/年",
        external_url="https://jobs.example.org/postdoc",
        status=Job.Status.PUBLISHED,
    )
    return session, job.pk


def test_pinned_jobs_appear_beside_the_video(open_page, job_fair):
    session, job_id = job_fair
    path = f"/rooms/{session.room.slug}/"
    pages = {}
    for name in ("speaker", "alice"):
        pages[name] = open_page(name, f"pw-{name}-1234", path=path)
        expect(pages[name].locator("#room")).to_have_attribute("data-ready", "true", timeout=WAIT)
    speaker, alice = pages["speaker"], pages["alice"]
    expect(alice.locator("#pinned-jobs")).to_be_hidden()  # nothing pinned: no panel
    expect(speaker.locator("#pin-job-form")).to_be_visible(timeout=WAIT)

    speaker.fill("#pin-job-id", str(job_id))
    speaker.press("#pin-job-id", "Enter")
    job = alice.locator(f'#pinned-jobs [data-job-id="{job_id}"]')
    expect(job).to_be_visible(timeout=WAIT)
    expect(job).to_contain_text("Postdoctoral researcher")  # the page's language (English here)
    expect(job).to_contain_text("Shenzhen Bay Laboratory")
    expect(job).to_contain_text("30–50万/年")
    # 直播带岗: logged in, *Apply* applies here in one click (tests/e2e/test_recruitment_live.py);
    # the employer's own page is a link beside it.
    expect(job.locator("button.apply")).to_be_visible()
    expect(job.locator("a.job-details")).to_have_attribute("href", "https://jobs.example.org/postdoc")
    expect(alice.locator("#pinned-jobs button.unpin")).to_have_count(0)  # attendees cannot unpin

    speaker.locator(f'#pinned-jobs [data-job-id="{job_id}"] button.unpin').click()
    expect(alice.locator("#pinned-jobs")).to_be_hidden(timeout=WAIT)


def test_a_panel_of_two_publishers_shows_two_videos(enter, stage_session, people):
    RoomRole.objects.create(room=stage_session.room, user=people["bob"], role=RoomRole.Role.MODERATOR)
    speaker = enter("speaker")
    bob = enter("bob")
    alice = enter("alice")
    for page in (speaker, bob):
        page.click("#go-live-camera")
        assert_video_plays(page, "#go-live-preview")
        page.click("#go-live-publish")
        expect(page.locator("#go-live")).to_have_attribute("data-connection", "connected", timeout=WAIT)
    speaker.click("#stage-set-live")
    tiles = alice.locator("#stage-videos .stage-tile")
    expect(tiles).to_have_count(2, timeout=WAIT)
    assert sorted(tiles.locator("figcaption").all_text_contents()) == ["Bob", "Speaker"]
    for index in (1, 2):
        assert_video_plays(alice, f"#stage-videos .stage-tile:nth-child({index}) video")
    # Each publisher sees the other one, never itself.
    expect(speaker.locator("#stage-videos figcaption")).to_have_text(["Bob"], timeout=WAIT)
    expect(bob.locator("#stage-videos figcaption")).to_have_text(["Speaker"], timeout=WAIT)

    bob.click("#go-live-publish")  # stop publishing
    expect(tiles).to_have_count(1, timeout=WAIT)
    expect(tiles.locator("figcaption")).to_have_text(["Speaker"])


def test_a_call_answered_in_one_tab_stops_ringing_in_the_other(enter, people):
    alice = enter("alice")
    bob_tabs = [enter("bob"), enter("bob")]
    alice.locator(f'#roster [data-user-id="{people["bob"].pk}"] button.call').first.click()
    for tab in bob_tabs:
        expect(tab.locator("#call-window")).to_have_attribute("data-state", "incoming", timeout=WAIT)
    bob_tabs[0].click("#call-accept")
    expect(bob_tabs[0].locator("#call-window")).to_have_attribute("data-state", "active", timeout=WAIT)
    expect(bob_tabs[1].locator("#call-window")).to_be_hidden(timeout=WAIT)
    assert_video_plays(alice, "#call-remote video")
    expect(alice.locator("#call-remote video")).to_have_count(1)


def test_a_third_person_invited_into_a_call_sees_both_others(enter, people):
    alice = enter("alice")
    bob = enter("bob")
    speaker = enter("speaker")
    alice.locator(f'#roster [data-user-id="{people["bob"].pk}"] button.call').click()
    expect(bob.locator("#call-window")).to_have_attribute("data-state", "incoming", timeout=WAIT)
    bob.click("#call-accept")
    assert_video_plays(alice, "#call-remote video")

    # In a call, the roster's call button invites into it; the newcomer offers to both.
    # (by keyboard: the call window floats over the page's corner)
    alice.locator(f'#roster [data-user-id="{people["speaker"].pk}"] button.call').press("Enter")
    expect(speaker.locator("#call-window")).to_have_attribute("data-state", "incoming", timeout=WAIT)
    speaker.click("#call-accept")
    for page in (alice, bob, speaker):
        expect(page.locator("#call-remote video")).to_have_count(2, timeout=WAIT)
        for index in (1, 2):
            assert_video_plays(page, f"#call-remote .call-tile:nth-child({index}) video")
