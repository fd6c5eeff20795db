"""Booth videos seek in a real browser: Chromium's <video> asks the media view (under a
real Daphne) for byte ranges, gets 206s, and lands where it was sent."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Organisation
from halls import services as hall_services
from halls.content import demo
from halls.content import services as content_services
from halls.models import Hall, Zone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media_root(tmp_path, monkeypatch, settings):
    """One media directory for this process and the Daphne the `server` fixture starts."""
    root = tmp_path / "media"
    monkeypatch.setenv("MEDIA_ROOT", str(root))
    settings.MEDIA_ROOT = root
    return root


def test_a_booth_video_plays_and_seeks_through_range_requests(media_root, open_page):
    hall = Hall.objects.create(slug="media-hall", name="展厅")
    zone = Zone.objects.create(hall=hall, slug="z", code="A", name="专区")
    organisation = Organisation.objects.create(name="媒体测试单位")
    booth = hall_services.create_booth(organisation=organisation, zone=zone, name="展位", status="live")
    video = content_services.add_item(
        booth=booth,
        kind="videos",
        data={"title": "片"},
        files={"file": SimpleUploadedFile("v.mp4", demo.mp4((20, 40, 80), (250, 200, 0), seconds=6, fps=10))},
    )
    url = reverse("halls:media", args=[video.file.name])

    page = open_page(path=reverse("api:content", args=[booth.pk]))
    responses: list[tuple[int, str | None, str | None]] = []
    page.on(
        "response",
        lambda r: (
            r.url.endswith(url)
            and responses.append((r.status, r.request.headers.get("range"), r.headers.get("content-range")))
        ),
    )
    result = page.evaluate(
        """async (src) => {
            const video = document.createElement("video");
            video.muted = true; video.preload = "auto"; video.src = src;
            document.body.append(video);
            await new Promise((ok, fail) => {
                video.onloadedmetadata = ok;
                video.onerror = () => fail(video.error && video.error.message);
            });
            const mediaLength = video.duration;
            video.currentTime = 4.5;
            await new Promise((ok) => { video.onseeked = ok; });
            return {mediaLength, currentTime: video.currentTime, readyState: video.readyState, error: video.error};
        }""",
        url,
    )
    assert result["error"] is None
    # The clip's own length (6 s of media), read from its metadata: not a timing.
    assert 5.5 <= result["mediaLength"] <= 6.5
    assert abs(result["currentTime"] - 4.5) < 0.2 and result["readyState"] >= 1
    assert any(
        status == 206 and content_range and content_range.startswith("bytes ") for status, _, content_range in responses
    ), responses
