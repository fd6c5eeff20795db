"""The demo gives a handful of booths real, generated content that browsers can play."""

from __future__ import annotations

import struct
import zlib

import av
import pytest
from django.core.management import call_command
from django.urls import reverse

from halls.content import demo
from halls.content.models import BoothAd, BoothPoster, BoothVideo, CommentaryStop
from halls.models import Booth

pytestmark = pytest.mark.django_db


def decode_png(data: bytes) -> tuple[int, int, bytes]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + length
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    return width, height, zlib.decompress(chunks[b"IDAT"])


def test_generated_png_is_valid_and_not_blank():
    width, height, raw = decode_png(demo.png(40, 60, (10, 20, 30), (200, 100, 0)))
    assert (width, height) == (40, 60) and len(raw) == height * (1 + width * 3)
    assert bytes((200, 100, 0)) in raw and bytes((10, 20, 30)) in raw


def test_generated_mp4_decodes_as_h264(tmp_path):
    path = tmp_path / "v.mp4"
    path.write_bytes(demo.mp4((0, 0, 0), (255, 255, 255), seconds=1, fps=10))
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264" and (stream.width, stream.height) == (320, 180)
        assert sum(1 for _ in container.decode(stream)) == 10


def test_demo_booths_get_content_once(client):
    call_command("load_demo_exhibition", not_production=True, verbosity=0)
    booths = Booth.objects.filter(organisation__name__in=demo.DEMO_BOOTHS)
    assert booths.count() == len(demo.DEMO_BOOTHS)
    counts = (BoothVideo.objects.count(), BoothPoster.objects.count(), CommentaryStop.objects.count())
    assert BoothVideo.objects.filter(booth__in=booths).count() == len(demo.DEMO_BOOTHS)
    assert CommentaryStop.objects.count() == 4 * len(demo.DEMO_BOOTHS)
    assert BoothAd.objects.filter(kind="video").exists()

    call_command("load_demo_exhibition", not_production=True, verbosity=0)
    assert (BoothVideo.objects.count(), BoothPoster.objects.count(), CommentaryStop.objects.count()) == counts

    booth = booths.order_by("pk").first()
    content = client.get(reverse("api:content", args=[booth.pk]), {"lang": "en"}).json()
    assert content["videos"][0]["content_type"] == "video/mp4"
    assert [a["title"] for a in content["ads"][:1]] == ["Conference partner"]  # the past and future ads are not shown
    assert content["commentary"][0]["audio"].endswith(".mp3")
    film = client.get(content["videos"][0]["url"], headers={"Range": "bytes=0-15"})
    assert film.status_code == 206 and b"ftyp" in b"".join(film.streaming_content)

    scene = client.get(reverse("api:scene-booth", args=[booth.pk])).json()
    hotspots = [o for o in scene["object"]["children"] if o["name"].startswith("hotspot:")]
    assert len(hotspots) == 4 and all(h["userData"]["default"] is False for h in hotspots)
