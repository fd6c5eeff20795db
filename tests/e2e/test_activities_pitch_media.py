"""A roadshow pitch's uploaded slides and video in a real browser against a real Daphne: the
presenter (Chinese) uploads a wrong file first (refused next to the form), then a PDF deck and
an MP4 through the roadshow page; the organizer puts the pitch on the stage; a viewer (English)
gets the video playing in the page and the slides link, served by the site."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities import roadshows
from activities.models import Pitch
from tests import media
from tests.activities.helpers import user, venues
from tests.e2e.test_activities_subvenues import page_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server_media(tmp_path, monkeypatch, settings):
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def test_the_presenter_uploads_slides_and_video_and_the_audience_gets_them(server_media, browser, server, tmp_path):
    v = venues()
    roadshow = roadshows.create_roadshow(by=v.gd_organizer, session_id=v.gd_session.pk)
    pitch = roadshows.add_pitch(
        by=v.gd_organizer,
        roadshow=roadshow,
        title="储能项目",
        title_en="Storage project",
        presenter_id=user("presenter").pk,
        starts_at=timezone.now() + timedelta(minutes=5),
    )
    user("viewer")
    deck, film, wrong = tmp_path / "deck.pdf", tmp_path / "pitch.mp4", tmp_path / "fake.mp4"
    deck.write_bytes(media.pdf())
    film.write_bytes(media.mp4())
    wrong.write_bytes(b"<html>not a video</html>")
    path = f"/roadshows/{v.gd_session.pk}/"

    presenter = page_for(browser, server, "zh-CN", "presenter", path)
    form = presenter.locator(f"#pitch-media-{pitch.pk}")
    expect(form.locator("legend")).to_have_text("本项目的演示文稿和视频")
    form.locator("input[name=video]").set_input_files(str(wrong))
    form.locator("button").click()
    expect(presenter.locator("#pitch-media-error")).to_contain_text("video")
    form = presenter.locator(f"#pitch-media-{pitch.pk}")
    form.locator("input[name=slides]").set_input_files(str(deck))
    form.locator("input[name=video]").set_input_files(str(film))
    form.locator("button").click()
    expect(presenter.locator("#site-messages")).to_contain_text("项目的演示文稿和视频已保存。")
    stored = Pitch.objects.get(pk=pitch.pk)
    assert stored.slides_file and stored.video_type == "video/mp4"

    viewer = page_for(browser, server, "en-US", "viewer", path)
    expect(viewer.locator(f"#pitch-media-{pitch.pk}")).to_have_count(0)  # not theirs to change
    mod = page_for(browser, server, "zh-CN", "gd-org", path)
    mod.locator(".pitch-go").first.click()
    expect(viewer.locator("#current-title")).to_have_text("Storage project")
    player = viewer.locator("#current-video-player")
    expect(player).to_be_visible()
    expect(player).to_have_attribute("src", f"/api/activities/pitches/{pitch.pk}/video")
    # the browser loads it from the site (metadata at least: a real MP4 that decodes)
    viewer.wait_for_function("document.querySelector('#current-video-player').readyState >= 1")
    expect(viewer.locator("#current-slides")).to_have_attribute("href", f"/api/activities/pitches/{pitch.pk}/slides")
    answer = viewer.request.get(f"/api/activities/pitches/{pitch.pk}/slides")
    assert answer.status == 200 and answer.body().startswith(b"%PDF-")
