"""Uploads are judged by their bytes and size, with errors the uploader can read."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from halls import services
from tests import media

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("scan.pdf", media.pdf(), "application/pdf", "pdf"),
        ("scan.png", media.png(), "image/png", "png"),
        # The name lies (.pdf) but the bytes are JPEG: stored as what it is.
        ("scan.pdf", media.jpeg(), "image/jpeg", "jpg"),
    ],
)
def test_pdf_png_and_jpeg_are_accepted_by_content(
    confirmation_sent, staff_a, files, name, content, content_type, extension
):
    application = services.upload_signed_confirmation(
        application=confirmation_sent, user=staff_a, upload=files.upload(name, content)
    )
    assert application.status == "confirmed"
    assert application.signed_content_type == content_type
    assert application.signed_confirmation.name.endswith("." + extension)
    with application.signed_confirmation.open("rb") as stored:
        data = stored.read()
    if content_type == "application/pdf":
        assert data == content  # a PDF is checked, never rewritten (a signature would break)
    else:  # pictures are re-encoded from their pixels (no metadata), the same picture
        assert Image.open(io.BytesIO(data)).size == Image.open(io.BytesIO(content)).size


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("scan.pdf", b"MZ\x90\x00 this is an executable"),  # .pdf name, not PDF bytes
        ("scan.png", b"GIF89a" + b"\x00" * 20),  # an image, but not an accepted one
        ("scan.pdf", b"<html><script>alert(1)</script>"),
        ("scan.pdf", b" %PDF-1.4 leading space"),
    ],
)
def test_wrong_magic_bytes_are_refused(confirmation_sent, staff_a, files, name, content):
    with pytest.raises(ValidationError) as refused:
        services.upload_signed_confirmation(
            application=confirmation_sent, user=staff_a, upload=files.upload(name, content)
        )
    assert refused.value.code == "bad_type"
    assert "PDF, PNG, JPG" in refused.value.messages[0]
    confirmation_sent.refresh_from_db()
    assert confirmation_sent.status == "confirmation_sent" and not confirmation_sent.signed_confirmation


def test_too_large_and_empty_files_are_refused(confirmation_sent, staff_a, files, settings):
    settings.HALLS = {"MAX_SIGNED_CONFIRMATION_BYTES": 1024 * 1024}
    big = files.PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as too_large:
        services.upload_signed_confirmation(
            application=confirmation_sent, user=staff_a, upload=files.upload("s.pdf", big)
        )
    assert too_large.value.code == "too_large"
    assert "the limit is 1 MB" in too_large.value.messages[0]
    with pytest.raises(ValidationError) as empty:
        services.upload_signed_confirmation(
            application=confirmation_sent, user=staff_a, upload=files.upload("s.pdf", b"")
        )
    assert empty.value.code == "empty"
    confirmation_sent.refresh_from_db()
    assert confirmation_sent.status == "confirmation_sent"


def test_signed_confirmation_can_be_uploaded_only_once(confirmed, staff_a, files):
    with pytest.raises(ValidationError) as again:
        services.upload_signed_confirmation(
            application=confirmed, user=staff_a, upload=files.upload("s.pdf", files.PDF)
        )
    assert again.value.code == "bad_transition"


def test_logo_accepts_images_only_and_replaces_the_old_one(booth_b, staff_b, staff_a, files):
    with pytest.raises(ValidationError) as pdf_logo:
        services.set_booth_logo(booth=booth_b, user=staff_b, upload=files.upload("logo.png", files.PDF))
    assert pdf_logo.value.code == "bad_type"
    booth = services.set_booth_logo(booth=booth_b, user=staff_b, upload=files.upload("logo.bin", files.PNG))
    first = booth.logo.name
    assert first.endswith(".png")
    booth = services.set_booth_logo(booth=booth_b, user=staff_b, upload=files.upload("logo.jpg", files.JPEG))
    assert booth.logo.name.endswith(".jpg")
    assert not booth.logo.storage.exists(first)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.set_booth_logo(booth=booth_b, user=staff_a, upload=files.upload("logo.png", files.PNG))
