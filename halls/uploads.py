"""Uploads are checked by what the bytes are, not by what the name or the browser claims."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    magic: bytes


PDF = FileKind("application/pdf", "pdf", b"%PDF-")
PNG = FileKind("image/png", "png", b"\x89PNG\r\n\x1a\n")
JPEG = FileKind("image/jpeg", "jpg", b"\xff\xd8\xff")

SIGNED_CONFIRMATION_KINDS = (PDF, PNG, JPEG)
LOGO_KINDS = (PNG, JPEG)

# Overridable from settings: HALLS = {"MAX_SIGNED_CONFIRMATION_BYTES": ..., "MAX_LOGO_BYTES": ...}
DEFAULT_LIMITS = {"MAX_SIGNED_CONFIRMATION_BYTES": 10 * 1024 * 1024, "MAX_LOGO_BYTES": 2 * 1024 * 1024}


def limit(name: str) -> int:
    return int(getattr(settings, "HALLS", {}).get(name, DEFAULT_LIMITS[name]))


def sniff(upload, kinds: tuple[FileKind, ...], *, max_bytes: int, what: str) -> FileKind:
    """Return the kind of an uploaded file, or raise a ValidationError the uploader can read."""
    size = upload.size
    if size is None:
        raise ValidationError(f"The {what} could not be read.", code="unreadable")
    if size == 0:
        raise ValidationError(f"The {what} is empty. 文件为空。", code="empty")
    if size > max_bytes:
        raise ValidationError(
            f"The {what} is {size / 1048576:.1f} MB; the limit is {max_bytes / 1048576:.0f} MB. "
            f"文件过大，上限 {max_bytes / 1048576:.0f} MB。",
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind in kinds:
        if head.startswith(kind.magic):
            return kind
    allowed = ", ".join(k.extension.upper() for k in kinds)
    raise ValidationError(
        f"The {what} must be one of {allowed}; this file's content is not. 文件格式不符，仅接受 {allowed}。",
        code="bad_type",
    )
