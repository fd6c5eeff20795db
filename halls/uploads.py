"""Uploads are checked by what the bytes are, not by what the name or the browser claims."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual

HEAD_BYTES = 32


def _iso_bmff(audio: bool) -> Callable[[bytes], bool]:
    """MP4 family: a `ftyp` box first; its major brand tells audio-only M4A from video."""

    def test(head: bytes) -> bool:
        if head[4:8] != b"ftyp":
            return False
        return (head[8:12] in {b"M4A ", b"M4B "}) == audio

    return test


def _mp3(head: bytes) -> bool:
    # An ID3 tag, or straight into an MPEG audio frame (11 sync bits, layer III).
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE6 == 0xE2)


def _adts(head: bytes) -> bool:
    # Raw AAC: 12 sync bits, layer 00.
    return len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    magic: bytes = b""
    test: Callable[[bytes], bool] | None = field(default=None, compare=False)

    def matches(self, head: bytes) -> bool:
        return self.test(head) if self.test is not None else head.startswith(self.magic)


PDF = FileKind("application/pdf", "pdf", b"%PDF-")
PNG = FileKind("image/png", "png", b"\x89PNG\r\n\x1a\n")
JPEG = FileKind("image/jpeg", "jpg", b"\xff\xd8\xff")
GIF = FileKind("image/gif", "gif", test=lambda h: h[:6] in {b"GIF87a", b"GIF89a"})
WEBP = FileKind("image/webp", "webp", test=lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP")
MP4 = FileKind("video/mp4", "mp4", test=_iso_bmff(audio=False))
WEBM = FileKind("video/webm", "webm", b"\x1a\x45\xdf\xa3")  # EBML: WebM and Matroska
M4A = FileKind("audio/mp4", "m4a", test=_iso_bmff(audio=True))
MP3 = FileKind("audio/mpeg", "mp3", test=_mp3)
OGG = FileKind("audio/ogg", "ogg", b"OggS")
AAC = FileKind("audio/aac", "aac", test=_adts)

SIGNED_CONFIRMATION_KINDS = (PDF, PNG, JPEG)
LOGO_KINDS = (PNG, JPEG)
IMAGE_KINDS = (PNG, JPEG, GIF, WEBP)
VIDEO_KINDS = (MP4, WEBM)
AD_KINDS = (*IMAGE_KINDS, *VIDEO_KINDS)  # static pictures, animated GIF/WebP, or video
DOCUMENT_KINDS = (PDF,)
AUDIO_KINDS = (MP3, M4A, OGG, AAC)
ALL_KINDS = (PDF, PNG, JPEG, GIF, WEBP, MP4, WEBM, M4A, MP3, OGG, AAC)
CONTENT_TYPE_BY_EXTENSION = {k.extension: k.content_type for k in ALL_KINDS}

MB = 1024 * 1024
# Overridable in settings.HALLS (config/settings.py reads them from the environment).
DEFAULT_LIMITS = {
    "MAX_SIGNED_CONFIRMATION_BYTES": 10 * MB,
    "MAX_LOGO_BYTES": 2 * MB,
    "MAX_IMAGE_BYTES": 5 * MB,
    "MAX_VIDEO_BYTES": 200 * MB,
    "MAX_DOCUMENT_BYTES": 20 * MB,
    "MAX_AUDIO_BYTES": 20 * MB,
}


def limit(name: str) -> int:
    return int(getattr(settings, "HALLS", {}).get(name, DEFAULT_LIMITS[name]))


def _size(n: int) -> str:
    if n >= MB:
        return f"{n / MB:.1f}".removesuffix(".0") + " MB"
    return f"{n / 1024:.1f}".removesuffix(".0") + " KB" if n >= 1024 else f"{n} bytes"


def sniff(upload, kinds: tuple[FileKind, ...], *, max_bytes: int, what: str) -> FileKind:
    """Return the kind of an uploaded file, or raise a ValidationError the uploader can read."""
    size = upload.size
    if size is None:
        raise ValidationError(bilingual(_("The %(what)s could not be read."), what=what), code="unreadable")
    if size == 0:
        raise ValidationError(bilingual(_("The %(what)s is empty."), what=what), code="empty")
    if size > max_bytes:
        raise ValidationError(
            bilingual(
                _("The %(what)s is %(size)s; the limit is %(limit)s."),
                what=what,
                size=_size(size),
                limit=_size(max_bytes),
            ),
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    for kind in kinds:
        if kind.matches(head):
            return kind
    allowed = ", ".join(dict.fromkeys(k.extension.upper() for k in kinds))
    raise ValidationError(
        bilingual(
            _("The %(what)s must be one of %(allowed)s; this file's content is not."), what=what, allowed=allowed
        ),
        code="bad_type",
    )


# ---------------------------------------------------------------- guards before the body


def _content_kind_bytes(kind: str) -> int:
    from halls.content.services import KINDS

    spec = KINDS.get(kind)
    return sum(limit(upload.limit) for upload in spec.uploads.values()) if spec else 0


def _overhead() -> int:
    return int(getattr(settings, "UPLOAD_FORM_OVERHEAD_BYTES", MB))


def _booth_staff(user, params: dict[str, str]) -> None:
    from halls import rules
    from halls.models import Booth

    rules.require_booth_staff_or_organizer(user, Booth.objects.get(pk=int(params["pk"])))


def _application_staff(user, params: dict[str, str]) -> None:
    from halls import rules, selectors

    application = selectors.application_for_user(user=user, application_id=int(params["pk"]))
    rules.require_exhibitor_staff(user, application.organisation_id)


def _organizer(user, params: dict[str, str]) -> None:
    from django.core.exceptions import PermissionDenied

    from halls import rules

    if not rules.is_organizer(user):
        raise PermissionDenied(bilingual(_("Only organizers may change this.")))


def largest_upload_bytes() -> int:
    from halls.content.services import KINDS

    return max(_content_kind_bytes(kind) for kind in KINDS) + _overhead()


def register_upload_guards() -> None:
    """Upload endpoints judged before their body is read (accounts/upload_guard.py), each
    with the cap of what it accepts and the same permission its view checks."""
    from accounts.upload_guard import register

    content = r"/exhibition/api/booths/(?P<pk>\d+)/content/(?P<kind>[^/]+)/"
    register(content, max_bytes=lambda p: _content_kind_bytes(p["kind"]) + _overhead(), check=_booth_staff)
    register(
        content + r"(?P<item_id>\d+)/",
        methods=("POST", "PATCH"),
        max_bytes=lambda p: _content_kind_bytes(p["kind"]) + _overhead(),
        check=_booth_staff,
    )
    register(
        r"/exhibition/api/applications/(?P<pk>\d+)/signed-confirmation/",
        max_bytes=lambda p: limit("MAX_SIGNED_CONFIRMATION_BYTES") + _overhead(),
        check=_application_staff,
    )
    register(r"/exhibitor/booths/(?P<pk>\d+)/content/", max_bytes=lambda p: largest_upload_bytes(), check=_booth_staff)
    # The admin's booth and content forms take logos and media; the rest of the admin keeps
    # the general cap. (Its login page is not under /admin/halls/.)
    register(r"/admin/halls/.*", max_bytes=lambda p: largest_upload_bytes(), check=_organizer)


# ---------------------------------------------------------------- sniffed, then decoded


@dataclass(frozen=True)
class Checked:
    """An upload that passed: its kind, what to store, and (videos) a poster made from it."""

    kind: FileKind
    content: Any  # a File to store: the re-encoded image, or the upload itself
    size: int
    poster_jpeg: bytes | None = None


def check(upload, kinds: tuple[FileKind, ...], *, max_bytes: int, what: str) -> Checked:
    """`sniff`, then decode (halls/decoding.py): what is stored is what decoded."""
    from django.core.files.base import ContentFile

    from halls.decoding import decode

    kind = sniff(upload, kinds, max_bytes=max_bytes, what=what)
    decoded = decode(upload, kind.content_type, what=what)
    upload.seek(0)
    if decoded.data is None:
        return Checked(kind, upload, upload.size, decoded.poster_jpeg)
    return Checked(kind, ContentFile(decoded.data), len(decoded.data), decoded.poster_jpeg)
