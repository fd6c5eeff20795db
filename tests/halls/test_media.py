"""Booth media over HTTP with range requests (what a <video> needs to seek), through the
sync (WSGI) and the async (ASGI, as under Daphne) paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import AsyncClient
from django.urls import reverse

from halls.content import media, services
from tests import media as test_media

pytestmark = pytest.mark.django_db

# 1000 bytes that start like an MP4 and whose every position is recognisable.
BODY = b"\x00\x00\x00\x18ftypisom" + bytes(i % 251 for i in range(988))
SIZE = len(BODY)


@pytest.fixture
def video_url(booth_b, staff_b, files, settings):
    item = stored_video(booth_b, staff_b, BODY)
    return reverse("halls:media", args=[item.file.name])


def stored_video(booth, user, body: bytes):
    """A video item whose stored file is `body`: uploaded as a real video (uploads are
    decoded), then its bytes replaced, since these tests are about serving, not uploading."""
    item = services.create_item(
        booth=booth,
        user=user,
        kind="videos",
        data={"title": "片"},
        files={"file": SimpleUploadedFile("v.mp4", test_media.mp4())},
    )
    Path(item.file.path).write_bytes(body)
    return item


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_whole_file_with_range_support_advertised(client, video_url):
    response = client.get(video_url)
    assert response.status_code == 200 and response.streaming
    assert content(response) == BODY
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes" and response["Content-Length"] == str(SIZE)
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),  # the first bytes
        ("bytes=400-599", 400, 599),  # the middle
        ("bytes=-100", SIZE - 100, SIZE - 1),  # suffix: the last 100
        ("bytes=900-", 900, SIZE - 1),  # open-ended
        ("bytes=990-5000", 990, SIZE - 1),  # past the end: clipped
        ("bytes=-5000", 0, SIZE - 1),  # a suffix longer than the file: all of it
    ],
)
def test_single_ranges_are_206_with_content_range(client, video_url, header, first, last):
    response = client.get(video_url, headers={"Range": header})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert response["Content-Length"] == str(last - first + 1)
    assert content(response) == BODY[first : last + 1]
    assert response["Content-Type"] == "video/mp4"


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_unsatisfiable_range_is_416(client, video_url, header):
    response = client.get(video_url, headers={"Range": header})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "items=0-5", "bytes=50-10", "bytes=abc"])
def test_ranges_we_do_not_serve_get_the_whole_file(client, video_url, header):
    response = client.get(video_url, headers={"Range": header})
    assert response.status_code == 200 and content(response) == BODY


def test_conditional_requests(client, video_url):
    first = client.get(video_url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(video_url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(video_url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(video_url, headers={"If-None-Match": '"stale"'}).status_code == 200
    # If-Range: resume only the same file; a changed one comes whole.
    same = client.get(video_url, headers={"Range": "bytes=10-19", "If-Range": etag})
    assert same.status_code == 206 and content(same) == BODY[10:20]
    changed = client.get(video_url, headers={"Range": "bytes=10-19", "If-Range": '"other"'})
    assert changed.status_code == 200 and content(changed) == BODY


def test_head_has_the_headers_and_no_body(client, video_url):
    response = client.head(video_url, headers={"Range": "bytes=0-9"})
    assert response.status_code == 206 and response["Content-Length"] == "10" and response.content == b""


def test_large_files_are_streamed_in_chunks(client, booth_b, staff_b, files, settings):
    big = b"\x00\x00\x00\x18ftypisom" + b"\x01" * (3 * media.CHUNK_BYTES)
    item = stored_video(booth_b, staff_b, big)
    response = client.get(reverse("halls:media", args=[item.file.name]), headers={"Range": "bytes=5-"})
    chunks = list(response.streaming_content)
    assert len(chunks) == 4 and max(len(c) for c in chunks) == media.CHUNK_BYTES
    assert b"".join(chunks) == big[5:]


async def test_the_async_path_streams_ranges_too(video_url):
    response = await AsyncClient().get(video_url, headers={"Range": "bytes=100-199"})
    assert response.status_code == 206 and response["Content-Range"] == f"bytes 100-199/{SIZE}"
    body = b"".join([chunk async for chunk in response.streaming_content])
    assert body == BODY[100:200]


@pytest.mark.parametrize(
    "name",
    [
        "halls/signed/scan.pdf",  # signed confirmations are never public
        "halls/confirmations/x.html",
        "halls/content/../signed/scan.pdf",
        "halls/content/1/missing.mp4",
    ],
)
def test_only_booth_media_is_served(client, settings, name):
    target = settings.MEDIA_ROOT / "halls" / "signed"
    target.mkdir(parents=True, exist_ok=True)
    (target / "scan.pdf").write_bytes(b"%PDF-1.4 secret")
    assert client.get(reverse("halls:media", args=[name])).status_code == 404


def test_parse_range_edge_cases():
    assert media.parse_range("bytes=0-0", 10) == (0, 0)
    assert media.parse_range("bytes=9-", 10) == (9, 9)
    assert media.parse_range("bytes=-1", 10) == (9, 9)
    assert media.parse_range("", 10) is None
    with pytest.raises(media.Unsatisfiable):
        media.parse_range("bytes=10-", 10)
