"""What networking reads of people from accounts: the directory opt-in, the contact a card
starts from, and consent records (the names accounts owns, used in one place)."""

from __future__ import annotations

from typing import Any

from accounts import services as account_services
from accounts.models import Profile


def listed(user) -> bool:
    """Whether this person opted in to the attendee directory (and still has an account)."""
    return Profile.objects.filter(
        user=user, listed_in_directory=True, user__is_active=True, user__deleted_at__isnull=True
    ).exists()


def default_card(user) -> dict[str, str]:
    """What a card offers before the person edits it: their e-mail, and their profile's title
    and organisation (Chinese, else English). A phone is only what they type in."""
    profile = account_services.profile_for(user)
    return {
        "email": user.email or "",
        "title": profile.title or profile.title_en,
        "organisation": profile.organisation or profile.organisation_en,
    }


def record_consent(user, purpose: str, *, granted: bool, text_version: str, context: dict[str, Any]) -> None:
    account_services.record_consent(user, purpose, granted=granted, text_version=text_version, context=context)
