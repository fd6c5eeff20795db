"""The pitch deck's upload endpoints, judged by accounts.upload_guard before the body is
read: anyone logged in applies for themselves (a guest gets 401), the body is capped at the
deck's limit plus the form's other fields."""

from __future__ import annotations

MB = 1024 * 1024
API_APPLY_PATH = r"/api/competition/rounds/(?P<round_id>\d+)/applications"
PAGE_APPLY_PATH = r"/competition/rounds/(?P<round_id>\d+)/apply/"


def _any_logged_in(user, params) -> None:
    """Applying is open to anyone logged in (the guard itself refuses guests); 404 for a
    round that does not exist."""
    from competition.models import Round

    Round.objects.get(pk=int(params["round_id"]))


def _upload_bytes(params) -> int:
    from competition.applications import max_deck_bytes

    return max_deck_bytes() + MB


def register_upload_guards() -> None:
    from accounts import upload_guard

    upload_guard.register(API_APPLY_PATH, max_bytes=_upload_bytes, check=_any_logged_in)
    upload_guard.register(PAGE_APPLY_PATH, max_bytes=_upload_bytes, check=_any_logged_in)
