"""GET /api/translation: whether machine translation is set up and answering, for clients
that render user texts themselves (the texts' own `*_shown` fields carry the rest)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from translation.backends import backend_down, get_backend
from translation.languages import READER_LANGUAGES

router = Router(tags=["translation"])


class StatusOut(Schema):
    configured: bool
    available: bool  # configured and not resting after a failure
    backend: str | None
    reader_languages: list[str]


@router.get("/translation", response=StatusOut, url_name="translation-status")
def status(request: HttpRequest) -> StatusOut:
    """Machine translation on this site: set up or not, answering or resting after a failure."""
    backend = get_backend()
    return StatusOut(
        configured=backend is not None,
        available=backend is not None and not backend_down(),
        backend=backend.name if backend else None,
        reader_languages=list(READER_LANGUAGES),
    )
