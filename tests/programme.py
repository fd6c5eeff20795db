"""Fixtures of a small programme, for every test folder (a plugin of tests/conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from streams import services

UTC_0526_0100 = datetime(2022, 5, 26, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai, 03:00 in Berlin


@pytest.fixture
def fast_password_hashing(settings):
    # The demo command and the fixtures hash several passwords; PBKDF2 would dominate the run.
    # Not for tests whose users log in to a server process (it knows only the real hashers).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def event(db):
    return services.create_event(
        name="第二十届中国国际人才交流大会网上大会",
        name_en="20th China International Talent Exchange Conference",
        slug="cietc",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(days=10),
    )
