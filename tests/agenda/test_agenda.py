"""Bookmarks and "my agenda": the same bookmarks read in two zones land on different days;
overlaps are marked; the calendar files parse back with icalendar; the feed's token rotates."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, timedelta

import icalendar
import pytest

from agenda import selectors, services
from agenda.calendar import session_ics
from agenda.models import Bookmark

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def test_bookmarking_twice_keeps_one_and_unbookmarking_removes_it(alice, sessions):
    _, created = services.bookmark_session(user=alice, session=sessions["forum"])
    _, again = services.bookmark_session(user=alice, session=sessions["forum"])
    assert (created, again) == (True, False)
    assert Bookmark.objects.filter(user=alice).count() == 1
    assert selectors.bookmarked_ids(alice) == {sessions["forum"].pk}
    assert services.unbookmark_session(user=alice, session=sessions["forum"]) is True
    assert services.unbookmark_session(user=alice, session=sessions["forum"]) is False
    assert selectors.bookmarked_ids(alice) == set()


def test_bookmarks_are_each_persons_own(alice, bob, sessions):
    services.bookmark_session(user=alice, session=sessions["opening"])
    services.bookmark_session(user=bob, session=sessions["late"])
    assert selectors.bookmarked_ids(alice) == {sessions["opening"].pk}
    assert [i.id for i in selectors.agenda_items(bob, UTC)] == [sessions["late"].pk]


def test_the_agenda_groups_by_day_in_the_viewers_zone(alice, sessions, day0):
    for session in sessions.values():
        services.bookmark_session(user=alice, session=session)
    # Shanghai: 09:00, 09:30 on day0, and 00:00 the next day for the late one (16:00 UTC).
    shanghai = selectors.my_agenda(alice, SHANGHAI)
    assert [(d.date, [i.id for i in d.items]) for d in shanghai["days"]] == [
        (day0.date(), [sessions["opening"].pk, sessions["forum"].pk]),
        (day0.date() + timedelta(days=1), [sessions["late"].pk]),
    ]
    assert shanghai["days"][0].items[0].starts_at.strftime("%H:%M") == "09:00"
    # New York (UTC-5 in winter, -4 in summer): all three fall on the evening before / the same local day.
    new_york = selectors.my_agenda(alice, NEW_YORK)
    local_days = {s.starts_at.astimezone(NEW_YORK).date() for s in sessions.values()}
    assert [d.date for d in new_york["days"]] == sorted(local_days)
    assert new_york["days"][0].date == day0.date() - timedelta(days=1)
    assert new_york["count"] == 3


def test_overlapping_items_are_marked_as_conflicts(alice, sessions):
    for session in sessions.values():
        services.bookmark_session(user=alice, session=session)
    items = {item.id: item for item in selectors.agenda_items(alice, UTC)}
    opening, forum, late = (items[sessions[k].pk] for k in ("opening", "forum", "late"))
    assert opening.conflicts_with == [forum.uid]
    assert forum.conflicts_with == [opening.uid]
    assert late.conflicts_with == []


def test_sessions_that_only_touch_do_not_conflict():
    from datetime import datetime

    t = datetime(2026, 12, 2, 1, tzinfo=UTC)
    a = selectors.AgendaItem("session", 1, "a", "A", "", t, t + timedelta(hours=1), "/")
    b = selectors.AgendaItem("session", 2, "b", "B", "", t + timedelta(hours=1), t + timedelta(hours=2), "/")
    selectors.mark_conflicts([b, a])
    assert a.conflicts_with == [] and b.conflicts_with == []


def test_a_sessions_ics_parses_back_with_utc_times_a_stable_uid_and_the_language(sessions):
    forum = sessions["forum"]
    for language, title in (("zh", "主论坛"), ("en", "Main forum")):
        body = session_ics(forum, base_url="https://pavilion.example", language=language)
        calendar = icalendar.Calendar.from_ical(body)
        (event,) = calendar.walk("VEVENT")
        assert str(event["summary"]) == title
        assert str(event["uid"]) == f"session-{forum.pk}@pavilion"
        assert event.decoded("dtstart") == forum.starts_at.astimezone(UTC)
        assert event.decoded("dtstart").utcoffset() == timedelta(0)
        assert event.decoded("dtend") == forum.ends_at.astimezone(UTC)
        assert str(event["url"]) == f"https://pavilion.example/rooms/{forum.room.slug}/"
        assert b"DTSTART:" in body and b"Z\r\n" in body  # written as UTC, no TZID
        description = str(event["description"])
        assert ("English description" if language == "en" else "中文介绍") in description
        # the other language's title is in the description
        assert ("主论坛" if language == "en" else "Main forum") in description


def test_rotating_the_feed_token_changes_it(alice):
    first = services.settings_for(alice).feed_token
    assert len(first) >= 40
    second = services.rotate_feed_token(user=alice).feed_token
    assert second != first
    assert services.settings_for(alice).feed_token == second


def test_the_reminder_lead_time_accepts_only_its_choices(alice):
    from django.core.exceptions import ValidationError

    assert services.set_reminder_minutes(user=alice, minutes=30).reminder_minutes == 30
    with pytest.raises(ValidationError):
        services.set_reminder_minutes(user=alice, minutes=7)
    assert services.settings_for(alice).reminder_minutes == 30


def test_export_and_erasure(alice, sessions):
    services.bookmark_session(user=alice, session=sessions["forum"])
    exported = selectors.export_user(alice)
    assert [b["session_id"] for b in exported["bookmarks"]] == [sessions["forum"].pk]
    assert "feed_token" not in str(exported)
    services.erase_user(alice)
    assert not Bookmark.objects.filter(user=alice).exists()


def test_download_my_data_and_delete_my_account_include_the_agenda(alice, sessions):
    from accounts.privacy import export_data, run_erasures
    from notifications.models import ScheduledReminder

    services.bookmark_session(user=alice, session=sessions["forum"])
    assert [b["session_id"] for b in export_data(alice)["sections"]["agenda"]["bookmarks"]] == [sessions["forum"].pk]
    run_erasures(alice)
    assert not Bookmark.objects.filter(user=alice).exists()
    assert not ScheduledReminder.objects.filter(recipient=alice).exists()
