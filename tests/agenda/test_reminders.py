"""A bookmark's reminder (notifications.services.schedule_reminder, key session:<id>):
scheduled on bookmarking at the person's lead time, cancelled on unbookmarking, moved when
the session moves (its own save, or the whole event shifted), and finally sent in-app and
by e-mail by the person's preference."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from agenda import services
from notifications.kinds import KINDS
from notifications.models import Notification, ScheduledReminder
from notifications.services import send_due_reminders, set_email_preference
from streams import services as streams

pytestmark = pytest.mark.django_db


def reminder_of(user, session):
    return ScheduledReminder.objects.filter(recipient=user, key=f"session:{session.pk}").first()


def test_the_kind_is_registered():
    assert KINDS["session_reminder"].email_default is True
    assert KINDS["session_reminder"].label_en


def test_bookmarking_schedules_at_the_lead_time_and_unbookmarking_cancels(alice, sessions):
    forum = sessions["forum"]
    services.bookmark_session(user=alice, session=forum)
    reminder = reminder_of(alice, forum)
    assert reminder.due_at == forum.starts_at - timedelta(minutes=15)
    assert reminder.kind == "session_reminder"
    assert "主论坛" in reminder.title and "Main forum" in reminder.title_en
    assert reminder.url == f"/rooms/{forum.room.slug}/"
    services.unbookmark_session(user=alice, session=forum)
    assert reminder_of(alice, forum) is None


def test_a_session_moved_reschedules_everyones_reminder(alice, bob, sessions):
    forum = sessions["forum"]
    services.bookmark_session(user=alice, session=forum)
    services.set_reminder_minutes(user=bob, minutes=30)
    services.bookmark_session(user=bob, session=forum)
    later = forum.starts_at + timedelta(hours=2)
    streams.update_session(session=forum, starts_at=later, ends_at=later + timedelta(hours=1))
    assert reminder_of(alice, forum).due_at == later - timedelta(minutes=15)
    assert reminder_of(bob, forum).due_at == later - timedelta(minutes=30)
    # A new title reaches the reminder's text too.
    streams.update_session(session=forum, title_en="Main forum (moved)")
    assert "Main forum (moved)" in reminder_of(alice, forum).title_en


def test_shifting_the_whole_event_moves_the_reminders(alice, sessions, future_event):
    late = sessions["late"]
    services.bookmark_session(user=alice, session=late)
    streams.shift_event(event=future_event, delta=timedelta(hours=3))
    late.refresh_from_db()
    assert reminder_of(alice, late).due_at == late.starts_at - timedelta(minutes=15)


def test_the_lead_time_moves_upcoming_reminders_and_off_cancels_them(alice, sessions):
    services.bookmark_session(user=alice, session=sessions["opening"])
    services.set_reminder_minutes(user=alice, minutes=60)
    assert reminder_of(alice, sessions["opening"]).due_at == sessions["opening"].starts_at - timedelta(hours=1)
    services.set_reminder_minutes(user=alice, minutes=0)
    assert reminder_of(alice, sessions["opening"]) is None
    services.bookmark_session(user=alice, session=sessions["late"])  # reminders off: none
    assert reminder_of(alice, sessions["late"]) is None


def test_a_session_that_started_gets_no_reminder(alice, future_event):
    now = timezone.now()
    started = streams.create_session(
        event=future_event,
        kind="main_forum",
        title="进行中",
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1),
    )
    _, _ = services.bookmark_session(user=alice, session=started)
    assert reminder_of(alice, started) is None


def test_the_due_reminder_is_sent_in_app_and_by_email(alice, bob, sessions, django_capture_on_commit_callbacks):
    alice.email, bob.email = "alice@example.org", "bob@example.org"
    alice.save()
    bob.save()
    set_email_preference(bob, "session_reminder", False)
    for user in (alice, bob):
        services.bookmark_session(user=user, session=sessions["forum"])
    due = reminder_of(alice, sessions["forum"]).due_at
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=due + timedelta(seconds=1)) == 2
    for user in (alice, bob):
        (note,) = Notification.objects.filter(recipient=user, kind="session_reminder")
        assert "主论坛" in note.title
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]  # bob turned e-mail off for the kind
    assert "主论坛" in mail.outbox[0].subject + mail.outbox[0].body
