"""notify(), mark read, e-mail preferences: stored, e-mailed by preference, refused when wrong."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.models import User
from live.errors import LiveError
from live.models import Room, RoomEvent
from notifications import selectors, services
from notifications.inbox import inbox_slug
from notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def user(name: str, **fields) -> User:
    fields = {"email": f"{name}@example.org", **fields}
    return User.objects.create_user(username=name, password="pw", **fields)


def test_notify_stores_appends_an_inbox_event_and_emails_by_default():
    alice = user("alice")
    [n] = services.notify(
        alice, "test.mailed", title_zh="会议邀请", title_en="Meeting request", body_zh="鲍勃邀请你", url="/m/1/"
    )
    assert Notification.objects.get().recipient == alice
    n.refresh_from_db()
    assert n.context == {} and n.read_at is None and n.emailed_at is not None
    room = Room.objects.get(slug=inbox_slug(alice.pk))
    assert room.kind == "inbox" and room.locked and not room.allow_guests
    event = RoomEvent.objects.get(room=room)
    assert event.type == "notification.new"
    assert event.data["notification"]["id"] == n.pk and event.data["unread"] == 1
    assert event.data["notification"]["body_en"] == "鲍勃邀请你"  # falls back to the Chinese
    [email] = mail.outbox
    assert email.to == ["alice@example.org"]
    assert email.subject == "会议邀请 / Meeting request"
    assert "鲍勃邀请你" in email.body and "http://127.0.0.1:8000/m/1/" in email.body


def test_quiet_kind_is_not_emailed_and_preferences_override_the_default():
    alice = user("alice")
    services.notify(alice, "test.quiet", title_zh="安静")
    assert mail.outbox == []
    services.set_email_preference(alice, "test.quiet", True)
    services.set_email_preference(alice, "test.mailed", False)
    preferences = selectors.email_preferences(alice)
    assert (preferences["test.quiet"], preferences["test.mailed"], preferences["general"]) == (True, False, False)
    services.notify(alice, "test.mailed", title_zh="不发邮件")
    services.notify(alice, "test.quiet", title_zh="发邮件")
    assert [m.subject for m in mail.outbox] == ["发邮件"]


def test_many_recipients_once_each_inactive_and_mailless_skipped():
    alice, bob = user("alice"), user("bob", email="")
    carol = user("carol", is_active=False)
    sent = services.notify([alice, bob.pk, alice, carol], "test.mailed", title_zh="你好")
    assert [n.recipient_id for n in sent] == [alice.pk, bob.pk]
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert selectors.unread_count(alice) == 1 and selectors.unread_count(carol) == 0


def test_refusals_unknown_kind_and_empty_title_store_nothing():
    alice = user("alice")
    with pytest.raises(ValueError, match="not registered"):
        services.notify(alice, "no.such.kind", title_zh="x")
    with pytest.raises(ValueError, match="title"):
        services.notify(alice, "test.quiet", title_zh="  ")
    with pytest.raises(ValueError):
        services.set_email_preference(alice, "no.such.kind", True)
    assert Notification.objects.count() == 0


def test_mark_read_one_all_and_someone_elses():
    alice, bob = user("alice"), user("bob")
    first, _second, _third = (services.notify(alice, "test.quiet", title_zh=f"n{i}")[0] for i in range(3))
    [bobs] = services.notify(bob, "test.quiet", title_zh="bob's")
    assert services.mark_read(alice, [first.pk, bobs.pk]) == (1, 2)
    assert services.mark_read(alice, [first.pk]) == (0, 2)  # already read: nothing announced
    with pytest.raises(LiveError) as refused:
        services.mark_one_read(alice, bobs.pk)
    assert refused.value.code == "not_found"
    assert Notification.objects.get(pk=bobs.pk).read_at is None
    assert services.mark_all_read(alice) == (2, 0)
    assert services.mark_all_read(alice) == (0, 0)
    reads = RoomEvent.objects.filter(room__slug=inbox_slug(alice.pk), type="notification.read")
    assert [(e.data["ids"], e.data["all"], e.data["unread"]) for e in reads] == [([first.pk], False, 2), ([], True, 0)]
    assert selectors.unread_count(alice) == 0 and selectors.unread_count(bob) == 1


def test_notify_inside_a_rolled_back_transaction_leaves_nothing():
    from django.db import transaction

    alice = user("alice")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify(alice, "test.mailed", title_zh="回滚")
        raise RuntimeError("the caller's work failed")
    assert Notification.objects.count() == 0 and mail.outbox == []
    assert not RoomEvent.objects.filter(type="notification.new").exists()


def test_the_email_task_sends_once():
    from notifications.tasks import send_notification_email

    alice = user("alice")
    [n] = services.notify(alice, "test.mailed", title_zh="一次")
    assert len(mail.outbox) == 1
    assert send_notification_email(n.pk) is False
    assert len(mail.outbox) == 1
