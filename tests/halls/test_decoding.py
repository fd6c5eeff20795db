"""Uploads are decoded (halls/decoding.py): pictures re-encoded without their metadata,
bombs refused before decoding, video and audio need a real stream of the declared kind
and a sane duration, videos get a poster from their first frame, hostile PDFs refused."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from halls import uploads
from halls.content import services
from tests import media

pytestmark = pytest.mark.django_db


def checked(data: bytes, kinds=uploads.ALL_KINDS) -> uploads.Checked:
    return uploads.check(SimpleUploadedFile("x.bin", data), kinds, max_bytes=10**8, what="file")


def refusal(data: bytes, kinds=uploads.ALL_KINDS) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        checked(data, kinds)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.messages[0])  # bilingual
    return refused.value


def test_a_phone_photo_loses_its_gps_and_stays_upright(booth_b, staff_b):
    original = Image.open(io.BytesIO(media.jpeg_with_gps()))
    assert original.getexif().get_ifd(media.GPS_TAG)  # the upload does carry a position
    poster = services.create_item(
        booth=booth_b,
        user=staff_b,
        kind="posters",
        data={"title": "照片"},
        files={"image": SimpleUploadedFile("photo.jpg", media.jpeg_with_gps())},
    )
    with poster.image.open("rb") as f:
        data = f.read()
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG"
    assert not stored.getexif() and b"Exif" not in data and b"SERIAL-12345" not in data
    assert stored.size == (40, 80)  # 80×40 with "rotate 90°": turned, not left sideways
    assert poster.size == len(data)


@pytest.mark.parametrize("name", ["png", "gif", "webp", "jpeg"])
def test_every_accepted_picture_is_re_encoded_in_its_own_format(name):
    result = checked(getattr(media, name)())
    image = Image.open(result.content)
    assert image.format == result.kind.extension.upper().replace("JPG", "JPEG")
    if name == "gif":
        assert image.n_frames == 3  # an animation stays one


def test_a_decompression_bomb_is_refused_before_decoding():
    assert refusal(media.png_bomb()).code == "too_many_pixels"


def test_video_needs_a_video_stream_and_a_sane_duration(settings):
    assert refusal(media.webm_audio_only(), uploads.VIDEO_KINDS).code == "no_stream"
    settings.HALLS = {"MAX_VIDEO_SECONDS": 0}
    assert refusal(media.mp4(), uploads.VIDEO_KINDS).code == "bad_duration"


def test_audio_needs_to_decode():
    for name in ("mp3", "m4a", "ogg", "aac"):
        assert checked(getattr(media, name)(), uploads.AUDIO_KINDS).kind.content_type.startswith("audio/")
    assert refusal(b"OggS\x00\x02" + b"\x00" * 200, uploads.AUDIO_KINDS).code == "undecodable"


def test_a_video_without_a_poster_gets_one_from_its_first_frame(booth_b, staff_b):
    video = services.create_item(
        booth=booth_b,
        user=staff_b,
        kind="videos",
        data={"title": "片"},
        files={"file": SimpleUploadedFile("v.mp4", media.mp4())},
    )
    assert video.poster and video.poster_content_type == "image/jpeg"
    with video.poster.open("rb") as f:
        poster = Image.open(io.BytesIO(f.read()))
    assert poster.format == "JPEG" and poster.size == (320, 180)
    # The colour of the film's first frame (demo: a teal background), not a placeholder.
    r, g, b = poster.convert("RGB").getpixel((300, 90))
    assert abs(r - 0) < 30 and abs(g - 95) < 30 and abs(b - 115) < 30


def test_hostile_pdfs_are_refused():
    assert refusal(media.pdf_with_script(), uploads.DOCUMENT_KINDS).code == "pdf_script"
    assert refusal(media.encrypted_pdf(), uploads.DOCUMENT_KINDS).code == "encrypted"
    assert refusal(b"%PDF-1.7\n" + b"garbage " * 100, uploads.DOCUMENT_KINDS).code == "undecodable"
    assert checked(media.pdf(), uploads.DOCUMENT_KINDS).content.read() == media.pdf()  # kept as uploaded
