"""The person's meetings (meetings.selectors.agenda_items) on the agenda and in the feed,
beside bookmarked sessions; a meeting during a bookmarked session is a conflict."""

from __future__ import annotations

from datetime import UTC, timedelta

import icalendar
import pytest
from django.test import Client

from agenda import selectors, services
from meetings import services as meetings

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(alice, bob, day0):
    start = day0 + timedelta(minutes=15)  # during the opening (day0 to day0 + 1 h)
    meeting = meetings.request_meeting(alice, [bob], topic="合作洽谈", slots=[(start, start + timedelta(minutes=30))])
    slot = meeting.slots.get()
    return meetings.accept(meeting, bob, slot)


def test_meetings_join_bookmarks_on_the_agenda_with_conflicts(alice, bob, sessions, meeting):
    services.bookmark_session(user=alice, session=sessions["opening"])
    items = selectors.agenda_items(alice, UTC)
    assert [i.kind for i in items] == ["session", "meeting"]
    session_item, meeting_item = items
    assert meeting_item.title == "合作洽谈" and meeting_item.id == meeting.pk
    assert meeting_item.url == f"/meetings/{meeting.pk}/"
    assert meeting_item.conflicts_with == [session_item.uid]
    assert session_item.conflicts_with == [meeting_item.uid]
    # bob has the meeting but bookmarked nothing: no conflict
    (bobs,) = selectors.agenda_items(bob, UTC)
    assert bobs.kind == "meeting" and bobs.conflicts_with == []


def test_the_feed_lists_meetings_with_their_own_uid(alice, sessions, meeting):
    services.bookmark_session(user=alice, session=sessions["late"])
    token = services.settings_for(alice).feed_token
    answer = Client().get(f"/api/agenda/feed/{token}.ics?lang=en")
    events = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(answer.content).walk("VEVENT")}
    from meetings.ics import uid_of

    assert set(events) == {uid_of(meeting), f"session-{sessions['late'].pk}@pavilion"}  # as its invitation's
    mine = events[uid_of(meeting)]
    assert str(mine["summary"]) == "合作洽谈"
    assert mine.decoded("dtstart") == meeting.start_at.astimezone(UTC)
    assert str(mine["url"]).endswith(f"/meetings/{meeting.pk}/")
