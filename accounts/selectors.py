"""Reads of people that every app shares."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from accounts.models import User


def user_ref(user: User | AnonymousUser | None) -> dict[str, Any] | None:
    """How frames, pages and APIs name a person (`live.protocol.UserRef`): `{"id", "name"}`
    with the public name, never the username or e-mail; None for a guest (or nobody)."""
    if user is None or not user.is_authenticated:
        return None
    return {"id": user.pk, "name": user.public_name}
