"""A small programme of the future (reminders are scheduled only before a session starts)
and two attendees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from streams import services


def _next_day_0100() -> datetime:
    tomorrow = (timezone.now() + timedelta(days=2)).astimezone(UTC)
    return tomorrow.replace(hour=1, minute=0, second=0, microsecond=0)


@pytest.fixture
def day0() -> datetime:
    """01:00 UTC two days ahead: 09:00 in Shanghai, 02:00 in Berlin (winter), 20:00 the evening before in New York."""
    return _next_day_0100()


@pytest.fixture
def future_event(db, day0):
    return services.create_event(
        name="人才大会", name_en="Talent Conference", slug="future", starts_at=day0, ends_at=day0 + timedelta(days=3)
    )


@pytest.fixture
def sessions(future_event, day0):
    def make(slug, title, title_en, start, hours=1, kind="main_forum"):
        return services.create_session(
            event=future_event,
            kind=kind,
            slug=slug,
            title=title,
            title_en=title_en,
            description="中文介绍",
            description_en="English description",
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
        )

    return {
        "opening": make("opening", "开幕式", "Opening ceremony", day0, kind="opening_ceremony"),
        "forum": make("forum", "主论坛", "Main forum", day0 + timedelta(minutes=30)),  # overlaps the opening
        "late": make("late", "夜场", "Late session", day0 + timedelta(hours=15)),  # 16:00 UTC: next day in Shanghai
    }


@pytest.fixture
def alice(db):
    return User.objects.create_user(username="alice", password="pw", timezone="Asia/Shanghai")


@pytest.fixture
def bob(db):
    return User.objects.create_user(username="bob", password="pw", timezone="Europe/Berlin")
