"""A programme with one event and two stage rooms for the API tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from streams import services
from streams.models import Session

UTC_0526_0100 = datetime(2022, 5, 26, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai, 03:00 in Berlin


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The demo command and the fixtures hash several passwords; PBKDF2 would dominate the run.
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


@pytest.fixture
def opening(event):
    session = services.create_session(
        event=event,
        kind=Session.Kind.OPENING_CEREMONY,
        title="开幕式",
        title_en="Opening ceremony",
        slug="opening",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=1),
    )
    speaker = services.create_speaker(name="陈思远", name_en="Chen Siyuan", title="主持人", title_en="Host")
    session.speakers.add(speaker)
    return session


@pytest.fixture
def main_forum(event):
    return services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="深圳论坛主论坛",
        title_en="Shenzhen Forum: main forum",
        slug="main-forum",
        starts_at=UTC_0526_0100 + timedelta(hours=2),
        ends_at=UTC_0526_0100 + timedelta(hours=4),
    )


@pytest.fixture
def sub_forum(main_forum):
    return services.create_session(
        event=main_forum.event,
        kind=Session.Kind.SUB_FORUM,
        title="分论坛：双碳环保",
        title_en="Sub-forum: Carbon and Environment",
        slug="carbon",
        parent=main_forum,
        starts_at=UTC_0526_0100 + timedelta(hours=20),  # 05:00 on the 27th in Shanghai, 23:00 on the 26th in Berlin
        ends_at=UTC_0526_0100 + timedelta(hours=21),
    )
