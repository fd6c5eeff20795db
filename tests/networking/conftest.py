"""Fixtures of networking: people, listing them in the directory, a card exchange accepted."""

from __future__ import annotations

import pytest

from accounts.models import User
from networking import services


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def person(db):
    def make(username: str, **fields) -> User:
        return User.objects.create_user(
            username=username,
            password="pw-" + username,
            display_name=username.title(),
            email=f"{username}@example.org",
            **fields,
        )

    return make


def list_in_directory(user, **profile_fields):
    """The person opts in to the directory (with these profile fields, as accounts takes them)."""
    from accounts.services import update_profile

    return update_profile(user, **{"listed_in_directory": True, **profile_fields})


@pytest.fixture
def listed():
    return list_in_directory


def exchange_cards(a, b):
    """a asks b, b accepts (without the directory: b answers a request a made)."""
    from networking.models import CardExchange

    low, high = sorted((a.pk, b.pk))
    exchange = CardExchange.objects.create(
        requester=a, recipient=b, user_low_id=low, user_high_id=high, requester_card={"email": a.email}
    )
    return services.respond_card(b, exchange.pk, accept=True, share=["email"])


@pytest.fixture
def exchanged():
    return exchange_cards
