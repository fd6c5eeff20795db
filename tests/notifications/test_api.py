"""The JSON API: a person's own notifications, paged; read; preferences; refusals in the one shape."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from accounts.models import User
from live.models import RoomEvent
from notifications import services
from notifications.inbox import inbox_slug

pytestmark = pytest.mark.django_db(transaction=True)


def logged_in(name: str) -> tuple[User, Client]:
    user = User.objects.create_user(username=name, password="pw", email=f"{name}@example.org")
    client = Client()
    client.force_login(user)
    return user, client


def post(client: Client, path: str, body=None):
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def test_list_paged_unread_and_mark_read():
    alice, client = logged_in("alice")
    bob, _ = logged_in("bob")
    for i in range(25):
        services.notify(alice, "test.quiet", title_zh=f"第{i}条", title_en=f"number {i}")
    [bobs] = services.notify(bob, "test.quiet", title_zh="bob's")
    first = client.get("/api/notifications").json()
    assert (first["total"], first["pages"], first["unread"], len(first["items"])) == (25, 2, 25, 20)
    assert first["items"][0]["title_en"] == "number 24"  # newest first
    second = client.get("/api/notifications?page=2").json()
    assert [n["title"] for n in second["items"]][-1] == "第0条"
    unread = client.get("/api/notifications/unread").json()
    assert unread["unread"] == 25 and unread["room"] == inbox_slug(alice.pk) and unread["seq"] == 25
    newest = first["items"][0]["id"]
    assert post(client, f"/api/notifications/{newest}/read").json() == {"changed": 1, "unread": 24}
    assert post(client, "/api/notifications/read", {"ids": [newest, bobs.pk]}).json() == {"changed": 0, "unread": 24}
    assert client.get("/api/notifications?unread=true").json()["total"] == 24
    assert post(client, "/api/notifications/read-all").json() == {"changed": 24, "unread": 0}
    events = RoomEvent.objects.filter(room__slug=inbox_slug(alice.pk), type="notification.read").count()
    assert events == 2


def test_refusals_in_the_one_error_shape():
    _alice, client = logged_in("alice")
    bob, _ = logged_in("bob")
    [bobs] = services.notify(bob, "test.quiet", title_zh="bob's")
    answer = post(client, f"/api/notifications/{bobs.pk}/read")
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    answer = post(client, "/api/notifications/read", {"ids": []})
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_fields"
    answer = post(client, "/api/notifications/preferences", {"kind": "no.such", "email": True})
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    assert Client().get("/api/notifications").status_code == 401
    assert Client().get("/api/notifications").json()["code"] == "auth_required"


def test_preferences():
    alice, client = logged_in("alice")
    rows = {row["kind"]: row for row in client.get("/api/notifications/preferences").json()}
    assert rows["test.mailed"]["email"] is True and rows["test.quiet"]["email"] is False
    assert rows["test.mailed"]["label_en"] == "Test mailed"
    answer = post(client, "/api/notifications/preferences", {"kind": "test.mailed", "email": False})
    assert {row["kind"]: row["email"] for row in answer.json()}["test.mailed"] is False
    from django.core import mail

    services.notify(alice, "test.mailed", title_zh="不要邮件")
    assert mail.outbox == []
