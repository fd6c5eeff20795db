"""Reading the programme: grouping by day and time zones."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from streams import selectors, services
from streams.timezones import InvalidTimezone, parse_timezone, viewer_timezone

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
BEFORE = datetime(2022, 5, 1, tzinfo=UTC)


def test_session_at_0100_utc_is_0900_in_shanghai_and_0300_in_berlin(programme_sessions):
    opening = programme_sessions["opening"]
    in_shanghai = selectors.session_item(opening, SHANGHAI, BEFORE)
    in_berlin = selectors.session_item(opening, BERLIN, BEFORE)
    assert in_shanghai.starts_at.strftime("%Y-%m-%d %H:%M") == "2022-05-26 09:00"
    assert in_berlin.starts_at.strftime("%Y-%m-%d %H:%M") == "2022-05-26 03:00"
    assert in_shanghai.starts_at == in_berlin.starts_at  # the same instant


def test_programme_groups_by_day_in_the_viewers_zone(event, programme_sessions):
    shanghai = selectors.programme(event, SHANGHAI, BEFORE)
    assert [d.date for d in shanghai] == [date(2022, 5, 26), date(2022, 5, 27)]
    assert [s.slug for s in shanghai[0].sessions] == ["opening", "main-forum", "rural"]
    assert [s.slug for s in shanghai[1].sessions] == ["job-fair"]
    berlin = selectors.programme(event, BERLIN, BEFORE)
    assert [d.date for d in berlin] == [date(2022, 5, 26)]
    assert [s.slug for s in berlin[0].sessions] == ["opening", "main-forum", "rural", "job-fair"]


def test_live_now_and_up_next(event, programme_sessions):
    during_opening = programme_sessions["opening"].starts_at + timedelta(minutes=30)
    assert [s.slug for s in selectors.live_now(event, SHANGHAI, during_opening)] == ["opening"]
    assert [s.slug for s in selectors.up_next(event, SHANGHAI, during_opening, limit=2)] == ["main-forum", "rural"]
    overview = selectors.programme_overview(event, SHANGHAI, during_opening, next_count=1)
    assert [s.slug for s in overview["live_now"]] == ["opening"]
    assert [s.slug for s in overview["up_next"]] == ["main-forum"]
    statuses = {s.slug: s.status for d in overview["days"] for s in d.sessions}
    assert statuses == {"opening": "live", "main-forum": "upcoming", "rural": "upcoming", "job-fair": "upcoming"}
    at_end = programme_sessions["opening"].ends_at  # end is exclusive
    assert selectors.live_now(event, SHANGHAI, at_end) == []


def test_session_detail_has_speakers_parent_and_children(programme_sessions):
    speaker = services.create_speaker(name="王立新", name_en="Wang Lixin", affiliation="演示研究院")
    programme_sessions["sub"].speakers.add(speaker)
    main = selectors.session_detail(programme_sessions["main"], BERLIN, BEFORE)
    assert main["timezone"] == "Europe/Berlin"
    assert [c.slug for c in main["children"]] == ["rural"]
    assert main["room_url"] == f"/rooms/{programme_sessions['main'].room.slug}/"
    sub = selectors.session_detail(programme_sessions["sub"], BERLIN, BEFORE)
    assert sub["parent_title"] == "深圳论坛主论坛"
    assert [s["name_en"] for s in sub["speakers"]] == ["Wang Lixin"]


def test_display_title_follows_the_language(programme_sessions):
    item = selectors.session_item(programme_sessions["opening"], SHANGHAI, BEFORE)
    with translation.override("zh-hans"):
        assert item.display_title == "开幕式"
        assert item.kind_label == "开幕式"
    with translation.override("en"):
        assert item.display_title == "Opening ceremony"
        assert item.kind_label == "Opening ceremony"


def test_current_event_prefers_one_not_yet_over(event):
    services.create_event(
        name="旧", slug="old", starts_at=datetime(2020, 1, 1, tzinfo=UTC), ends_at=datetime(2020, 1, 2, tzinfo=UTC)
    )
    assert selectors.current_event(datetime(2021, 1, 1, tzinfo=UTC)).slug == "cietc"
    assert selectors.current_event(datetime(2040, 1, 1, tzinfo=UTC)).slug == "cietc"  # the latest
    assert selectors.current_event(datetime(2019, 1, 1, tzinfo=UTC)).slug == "old"


def test_viewer_timezone_order(event, django_user_model):
    user = django_user_model.objects.create_user("berliner", password="x", timezone="Europe/Berlin")
    assert viewer_timezone(requested="America/New_York", user=user, event=event).key == "America/New_York"
    assert viewer_timezone(requested=None, user=user, event=event).key == "Europe/Berlin"
    user.timezone = "Not/AZone"
    assert viewer_timezone(requested=None, user=user, event=event).key == "Asia/Shanghai"
    assert viewer_timezone(requested=None).key == "Asia/Shanghai"


@pytest.mark.parametrize("name", ["Mars/Base", "", "../../etc/passwd", "x" * 100])
def test_invalid_timezones_are_refused(name):
    with pytest.raises(InvalidTimezone):
        parse_timezone(name)
