"""schedule_reminder / cancel_reminder / the beat task: idempotent, moved, cancelled, claimed once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts.models import User
from notifications import services
from notifications.models import Notification, ScheduledReminder
from notifications.tasks import send_due_reminders

pytestmark = pytest.mark.django_db(transaction=True)


def user(name: str) -> User:
    return User.objects.create_user(username=name, password="pw", email=f"{name}@example.org")


def remind(who, key="session:1", minutes=10, **fields):
    fields = {"kind": "test.mailed", "title_zh": "会议即将开始", "title_en": "Starting soon", **fields}
    return services.schedule_reminder(who, key=key, due_at=timezone.now() + timedelta(minutes=minutes), **fields)


def test_scheduling_twice_keeps_one_reminder_and_updates_it():
    alice = user("alice")
    first = remind(alice)
    second = remind(alice, minutes=20, title_zh="改了")
    assert ScheduledReminder.objects.count() == 1 and first.pk == second.pk
    assert ScheduledReminder.objects.get().title == "改了"
    remind(user("bob"))  # the same key for someone else is another reminder
    assert ScheduledReminder.objects.count() == 2


def test_due_reminders_are_sent_once_as_notifications():
    alice = user("alice")
    remind(alice, minutes=-1, url="/sessions/1/")
    remind(alice, key="later", minutes=30)
    assert send_due_reminders() == 1
    assert send_due_reminders() == 0
    [n] = Notification.objects.all()
    assert (n.title, n.url, n.context) == ("会议即将开始", "/sessions/1/", {"reminder": "session:1"})
    assert len(mail.outbox) == 1
    reminder = ScheduledReminder.objects.get(key="session:1")
    assert reminder.sent_at is not None and reminder.notification == n


def test_moving_a_sent_reminder_sends_it_again_at_the_new_time():
    alice = user("alice")
    remind(alice, minutes=-1)
    assert send_due_reminders() == 1
    remind(alice, minutes=-1)  # the same due_at would be a no-op; this one moved by seconds
    remind(alice, minutes=60)
    assert send_due_reminders() == 0
    assert ScheduledReminder.objects.get().sent_at is None
    assert services.send_due_reminders(now=timezone.now() + timedelta(minutes=61)) == 1
    assert Notification.objects.count() == 2


def test_cancelled_reminders_are_not_sent():
    alice = user("alice")
    remind(alice, minutes=-1)
    assert services.cancel_reminder(alice, "session:1") is True
    assert services.cancel_reminder(alice, "session:1") is False
    assert send_due_reminders() == 0 and Notification.objects.count() == 0


def test_reminders_found_too_late_are_dropped():
    alice = user("alice")
    remind(alice, minutes=-120)
    assert send_due_reminders() == 0
    assert ScheduledReminder.objects.get().sent_at is not None
    assert Notification.objects.count() == 0


def test_refusals():
    alice = user("alice")
    with pytest.raises(ValueError):
        remind(alice, kind="no.such.kind")
    with pytest.raises(ValueError):
        services.schedule_reminder(
            alice, key="x", due_at=timezone.now().replace(tzinfo=None), kind="test.quiet", title_zh="x"
        )
    with pytest.raises(ValueError):
        remind(alice, key="")
    assert ScheduledReminder.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two concurrent workers need PostgreSQL")
def test_two_workers_send_each_reminder_once():
    alice = user("alice")
    for i in range(20):
        remind(alice, key=f"k{i}", minutes=-1)
    counts: list[int] = []
    barrier = threading.Barrier(2)

    def worker():
        from django.db import connection as own

        try:
            barrier.wait()
            counts.append(send_due_reminders())
        finally:
            own.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counts) == 20
    assert Notification.objects.count() == 20
    assert ScheduledReminder.objects.filter(notification__isnull=True).count() == 0
