from __future__ import annotations

import pytest

from accounts.models import User


@pytest.fixture
def person(db):
    def make(name: str, **fields) -> User:
        return User.objects.create_user(
            username=name, password="pw-" + name, display_name=name.title(), email=f"{name}@example.org", **fields
        )

    return make
