"""A small programme: one event, an opening, a main forum with a sub-forum, a job fair."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from streams import services
from streams.models import Session
from tests.programme import UTC_0526_0100


@pytest.fixture(autouse=True)
def _fast_hashing(fast_password_hashing):
    pass


@pytest.fixture
def programme_sessions(event):
    opening = services.create_session(
        event=event,
        kind=Session.Kind.OPENING_CEREMONY,
        title="开幕式",
        title_en="Opening ceremony",
        slug="opening",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=1),
    )
    main = services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="深圳论坛主论坛",
        title_en="Shenzhen Forum: main forum",
        slug="main-forum",
        starts_at=UTC_0526_0100 + timedelta(hours=2),
        ends_at=UTC_0526_0100 + timedelta(hours=4),
    )
    sub = services.create_session(
        event=event,
        kind=Session.Kind.SUB_FORUM,
        title="分论坛：乡村振兴",
        title_en="Sub-forum: Rural Revitalisation",
        slug="rural",
        parent=main,
        starts_at=UTC_0526_0100 + timedelta(hours=5),
        ends_at=UTC_0526_0100 + timedelta(hours=6),
    )
    # 20:00 UTC on the 26th is 04:00 on the 27th in Shanghai but 22:00 on the 26th in Berlin.
    fair = services.create_session(
        event=event,
        kind=Session.Kind.RECRUITMENT_LIVESTREAM,
        title="外籍人才云聘会",
        title_en="Cloud Job Fair for Foreign Talent",
        slug="job-fair",
        starts_at=datetime(2022, 5, 26, 20, 0, tzinfo=UTC),
        ends_at=datetime(2022, 5, 26, 21, 0, tzinfo=UTC),
    )
    return {"opening": opening, "main": main, "sub": sub, "fair": fair}
