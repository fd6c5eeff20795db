"""The pages: the bell on every page with its count, the list (mark read, mark all, open),
the e-mail preferences; in Chinese and English."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from notifications import services
from notifications.models import EmailPreference, Notification

pytestmark = pytest.mark.django_db(transaction=True)


def logged_in(name: str, language: str = "zh-hans") -> tuple[User, Client]:
    user = User.objects.create_user(username=name, password="pw", email=f"{name}@example.org")
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return user, client


@pytest.mark.parametrize(("language", "word"), [("zh-hans", "通知"), ("en", "Notifications")])
def test_bell_and_list(language, word):
    alice, client = logged_in("alice", language)
    services.notify(alice, "test.quiet", title_zh="会议邀请", title_en="Meeting request", url="/agenda/")
    services.notify(alice, "test.quiet", title_zh="第二条")
    page = client.get("/").content.decode()
    assert 'id="notification-bell"' in page and 'data-unread="2"' in page and f'data-room="inbox-{alice.pk}"' in page
    listing = client.get("/notifications/").content.decode()
    assert word in listing
    assert ("会议邀请" if language == "zh-hans" else "Meeting request") in listing
    assert "第二条" in listing  # no English: the Chinese


def test_guests_have_no_bell():
    assert 'id="notification-bell"' not in Client().get("/").content.decode()


def test_mark_read_open_and_mark_all():
    alice, client = logged_in("alice")
    first, second = (services.notify(alice, "test.quiet", title_zh=t, url="/agenda/")[0] for t in ("一", "二"))
    client.post("/notifications/", {"action": "read", "id": first.pk})
    assert Notification.objects.get(pk=first.pk).read_at is not None
    answer = client.post("/notifications/", {"action": "open", "id": second.pk})
    assert answer.status_code == 302 and answer["Location"] == "/agenda/"
    services.notify(alice, "test.quiet", title_zh="三", url="https://evil.example/")
    third = Notification.objects.get(title="三")
    answer = client.post("/notifications/", {"action": "open", "id": third.pk})
    assert answer["Location"] == "/notifications/"  # another site's URL is not followed
    services.notify(alice, "test.quiet", title_zh="四")
    client.post("/notifications/", {"action": "read_all"})
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert client.post("/notifications/", {"action": "nonsense"}).status_code == 400


def test_someone_elses_notification_is_not_marked():
    _alice, client = logged_in("alice")
    bob, _ = logged_in("bob")
    [bobs] = services.notify(bob, "test.quiet", title_zh="bob's")
    client.post("/notifications/", {"action": "read", "id": bobs.pk})
    assert Notification.objects.get(pk=bobs.pk).read_at is None


def test_preferences_page():
    alice, client = logged_in("alice", "en")
    page = client.get("/notifications/preferences/").content.decode()
    assert 'value="test.mailed" checked' in page and 'value="test.quiet">' in page
    client.post("/notifications/preferences/", {"form": "preferences", "email": ["test.quiet"]})
    chosen = dict(EmailPreference.objects.filter(user=alice).values_list("kind", "email"))
    assert (chosen["test.quiet"], chosen["test.mailed"]) == (True, False)
    services.notify(alice, "test.mailed", title_zh="不")
    services.notify(alice, "test.quiet", title_zh="要")
    assert [m.subject for m in mail.outbox] == ["要"]
    assert client.post("/notifications/preferences/", {}).status_code == 400
