"""notifications in "download my data" and "delete my account" (notifications/privacy.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import privacy
from accounts.models import User
from accounts.services import delete_account
from live.models import RoomEvent
from notifications import services
from notifications.inbox import inbox_slug
from notifications.models import EmailPreference, Notification, ScheduledReminder

pytestmark = pytest.mark.django_db


def test_my_notifications_are_downloaded_and_erased_with_the_account():
    alice = User.objects.create_user(username="alice", email="alice@example.org")
    bob = User.objects.create_user(username="bob", email="bob@example.org")
    for person in (alice, bob):
        services.notify(person, "test.quiet", title_zh="面试已确认", title_en="Interview confirmed", body_zh="明天十点")
    services.set_email_preference(alice, "test.mailed", False)
    services.schedule_reminder(
        alice, key="s-1", due_at=timezone.now() + timedelta(hours=2), kind="test.quiet", title_zh="即将开始"
    )

    section = privacy.export_data(alice)["sections"]["notifications"]
    assert [(n["kind"], n["title"], n["title_en"], n["body"]) for n in section["notifications"]] == [
        ("test.quiet", "面试已确认", "Interview confirmed", "明天十点")
    ]
    assert section["email_preferences"] == {"test.mailed": False}
    assert [r["title"] for r in section["reminders"]] == ["即将开始"]

    delete_account(alice, check_password=False)
    assert not Notification.objects.filter(recipient=alice).exists()
    assert not EmailPreference.objects.filter(user=alice).exists()
    assert not ScheduledReminder.objects.filter(recipient=alice).exists()
    assert not RoomEvent.objects.filter(room__slug=inbox_slug(alice.pk)).exists()
    # Someone else's are theirs.
    assert Notification.objects.filter(recipient=bob).count() == 1
    assert RoomEvent.objects.filter(room__slug=inbox_slug(bob.pk)).exists()
