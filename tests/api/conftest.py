"""A programme with one event and two stage rooms for the API tests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from streams import services
from streams.models import Session
from tests.programme import UTC_0526_0100


@pytest.fixture(autouse=True)
def _fast_hashing(fast_password_hashing):
    pass


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
