"""Attachments of postings and messages, checked like booth uploads: by what the bytes are
(halls/uploads.py sniff, then decoded: a PDF parsed, an image re-encoded) and by size, and
judged by the upload guard (accounts/upload_guard.py) before the body is read."""

from __future__ import annotations

import os
import uuid

from django.utils.translation import gettext_lazy as _

from accounts.text import clean_text
from halls import uploads

KINDS = (uploads.PDF, uploads.PNG, uploads.JPEG, uploads.GIF, uploads.WEBP)
MAX_FILES_PER_MESSAGE = 5


def max_bytes() -> int:
    return uploads.limit("MAX_DOCUMENT_BYTES")


def check(upload) -> uploads.Checked:
    return uploads.check(upload, KINDS, max_bytes=max_bytes(), what=str(_("attachment")))


def display_name(upload) -> str:
    """The name people see (never used as a path): the upload's own, cleaned and shortened."""
    name = clean_text(getattr(upload, "name", "") or "", multiline=False)
    name = os.path.basename(name.replace("\\", "/")) or "attachment"
    return name[-200:]


def stored_name(checked: uploads.Checked) -> str:
    return f"{uuid.uuid4().hex}.{checked.kind.extension}"


def _overhead() -> int:
    from django.conf import settings

    return int(getattr(settings, "UPLOAD_FORM_OVERHEAD_BYTES", 1024 * 1024))


def _posting_editor(user, params: dict[str, str]) -> None:
    from matchmaking.services.postings import posting_for_edit

    posting_for_edit(user, int(params["pk"]))


def _conversation_party(user, params: dict[str, str]) -> None:
    from matchmaking.selectors import conversation_for

    conversation_for(user, int(params["pk"]))


def register_upload_guards() -> None:
    from accounts.upload_guard import register

    register(
        r"/api/matchmaking/postings/(?P<pk>\d+)/attachments",
        max_bytes=lambda p: max_bytes() + _overhead(),
        check=_posting_editor,
    )
    # A message carries up to MAX_FILES_PER_MESSAGE files; the respond form its first message.
    for path in (
        r"/api/matchmaking/conversations/(?P<pk>\d+)/messages",
        r"/matchmaking/conversations/(?P<pk>\d+)/",
    ):
        register(path, max_bytes=lambda p: MAX_FILES_PER_MESSAGE * max_bytes() + _overhead(), check=_conversation_party)
    register(
        r"/matchmaking/postings/(?P<pk>\d+)/edit/",
        max_bytes=lambda p: max_bytes() + _overhead(),
        check=_posting_editor,
    )
