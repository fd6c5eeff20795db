"""What networking reads of people from accounts: the directory opt-in, the contact a
card starts from, and consent records. One module, so that the names accounts owns are
used in one place."""

from __future__ import annotations

from typing import Any


def listed(user) -> bool:
    """Whether this person opted in to the attendee directory."""
    try:
        from accounts.models import Profile
    except ImportError:  # TEMPORARY until accounts lands profiles: nobody is listed
        return False

    return Profile.objects.filter(user=user, listed_in_directory=True, user__is_active=True).exists()


def default_card(user) -> dict[str, str]:
    """What a card offers before the person edits it: their e-mail and what their profile says."""
    card = {"email": user.email or ""}
    prof = getattr(user, "profile", None)  # none yet: nothing more to offer
    for name, attrs in {
        "phone": ("phone",),
        "title": ("title",),
        "organisation": ("organisation_name", "organisation"),
    }.items():
        for attr in attrs:
            value = getattr(prof, attr, "")
            if value and isinstance(value, str):
                card[name] = value
                break
    return card


def record_consent(user, purpose: str, *, granted: bool, text_version: str, context: dict[str, Any]) -> None:
    from accounts import services

    if not hasattr(services, "record_consent"):  # TEMPORARY until accounts lands it
        return
    services.record_consent(user, purpose, granted=granted, text_version=text_version, context=context)
