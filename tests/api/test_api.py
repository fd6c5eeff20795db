"""The read API at /api/: every endpoint, time zones, history pages, access, the schema."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.services import create_api_token
from live.models import Room, RoomBan
from live.services import chat
from streams import services

pytestmark = pytest.mark.django_db


def test_events_list(client, event):
    response = client.get("/api/events/")
    assert response.status_code == 200
    [item] = response.json()
    assert item["slug"] == "cietc"
    assert item["name_en"] == "20th China International Talent Exchange Conference"
    assert item["starts_at"] == "2022-05-26T09:00:00+08:00"
    assert item["timezone"] == "Asia/Shanghai"
    assert client.get("/api/events/?tz=Europe/Berlin").json()[0]["starts_at"] == "2022-05-26T03:00:00+02:00"


def test_programme_grouped_by_day_in_shanghai(client, opening, main_forum, sub_forum):
    response = client.get("/api/events/cietc/programme")
    assert response.status_code == 200
    body = response.json()
    assert body["timezone"] == "Asia/Shanghai"
    assert [d["date"] for d in body["days"]] == ["2022-05-26", "2022-05-27"]
    first = body["days"][0]["sessions"]
    assert [s["slug"] for s in first] == ["opening", "main-forum"]
    assert first[0]["starts_at"] == "2022-05-26T09:00:00+08:00"
    assert first[0]["room_url"] == f"/rooms/{opening.room.slug}/"
    assert first[0]["speakers"][0]["name_en"] == "Chen Siyuan"
    assert body["days"][1]["sessions"][0]["parent_id"] == main_forum.pk
    assert body["live_now"] == []


def test_programme_in_berlin(client, opening, main_forum, sub_forum):
    body = client.get("/api/events/cietc/programme", {"tz": "Europe/Berlin"}).json()
    assert body["timezone"] == "Europe/Berlin"
    assert [d["date"] for d in body["days"]] == ["2022-05-26"]
    assert body["days"][0]["sessions"][0]["starts_at"] == "2022-05-26T03:00:00+02:00"
    assert body["days"][0]["sessions"][2]["starts_at"] == "2022-05-26T23:00:00+02:00"


def test_programme_uses_the_users_zone(client, opening, django_user_model):
    user = django_user_model.objects.create_user("ny", password="x", timezone="America/New_York")
    client.force_login(user)
    body = client.get("/api/events/cietc/programme").json()
    assert body["timezone"] == "America/New_York"
    assert body["days"][0]["sessions"][0]["starts_at"] == "2022-05-25T21:00:00-04:00"


@pytest.mark.parametrize("url", ["/api/events/cietc/programme", "/api/events/", "/api/sessions/1"])
def test_invalid_timezone_is_a_clear_400(client, opening, url):
    response = client.get(url, {"tz": "Mars/Base"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_timezone"
    assert "Mars/Base" in body["message"] and "IANA" in body["message"]


def test_unknown_event_and_session_are_404(client, event):
    assert client.get("/api/events/nope/programme").status_code == 404
    response = client.get("/api/sessions/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_session_detail(client, main_forum, sub_forum):
    response = client.get(f"/api/sessions/{main_forum.pk}", {"tz": "Europe/Berlin"})
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "深圳论坛主论坛" and body["title_en"] == "Shenzhen Forum: main forum"
    assert body["kind"] == "main_forum"
    assert body["starts_at"] == "2022-05-26T05:00:00+02:00"
    assert body["timezone"] == "Europe/Berlin"
    assert body["event_slug"] == "cietc"
    assert body["room_slug"] == main_forum.room.slug
    assert [c["slug"] for c in body["children"]] == ["carbon"]
    sub = client.get(f"/api/sessions/{sub_forum.pk}").json()
    assert sub["parent_id"] == main_forum.pk and sub["parent_title_en"] == "Shenzhen Forum: main forum"


def test_room_detail(client, main_forum, django_user_model):
    room = main_forum.room
    body = client.get(f"/api/rooms/{room.slug}").json()
    assert body["slug"] == room.slug and body["kind"] == "stage"
    assert body["qa_moderated"] is True and body["allow_guests"] is True
    assert body["last_seq"] == 0 and body["session_id"] == main_forum.pk
    assert body["you"] == {"authenticated": False, "roles": [], "moderator": False, "can_post": False}
    moderator = django_user_model.objects.create_user("moderator", password="x")
    services.add_event_moderator(event=main_forum.event, user=moderator)
    client.force_login(moderator)
    you = client.get(f"/api/rooms/{room.slug}").json()["you"]
    assert you == {"authenticated": True, "roles": ["moderator"], "moderator": True, "can_post": True}
    assert client.get("/api/rooms/nope").status_code == 404


def post(room, user, n):
    for i in range(n):
        chat.send_message(room=Room.objects.get(pk=room.pk), user=user, text=f"message {i + 1}")


def test_history_pages_by_seq(client, main_forum, django_user_model, generous_post_limits):
    room = main_forum.room
    author = django_user_model.objects.create_user("author", password="x")
    post(room, author, 5)
    first = client.get(f"/api/rooms/{room.slug}/history", {"limit": 2}).json()
    assert [e["seq"] for e in first["events"]] == [1, 2]
    assert first["events"][0]["type"] == "chat.message"
    assert first["events"][0]["message"]["text"] == "message 1"
    assert first["has_more"] is True and first["next_after_seq"] == 2 and first["last_seq"] == 5
    second = client.get(f"/api/rooms/{room.slug}/history", {"after_seq": 2, "limit": 2}).json()
    assert [e["seq"] for e in second["events"]] == [3, 4] and second["has_more"] is True
    third = client.get(f"/api/rooms/{room.slug}/history", {"after_seq": second["next_after_seq"], "limit": 2}).json()
    assert [e["seq"] for e in third["events"]] == [5]
    assert third["has_more"] is False and third["next_after_seq"] == 5
    empty = client.get(f"/api/rooms/{room.slug}/history", {"after_seq": 5}).json()
    assert empty["events"] == [] and empty["next_after_seq"] == 5 and empty["has_more"] is False


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"after_seq": -1}, {"limit": "x"}])
def test_history_rejects_bad_parameters(client, main_forum, params):
    assert client.get(f"/api/rooms/{main_forum.room.slug}/history", params).status_code == 422


def test_history_of_a_members_only_room(client, main_forum, django_user_model):
    room = main_forum.room
    room.allow_guests = False
    room.save()
    url = f"/api/rooms/{room.slug}/history"
    guest = client.get(url)
    assert guest.status_code == 401 and guest.json()["code"] == "auth_required"
    alice = django_user_model.objects.create_user("alice", password="x")
    token = create_api_token(user=alice)
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert client.get(url, HTTP_AUTHORIZATION="Bearer pv_wrong").status_code == 401
    client.force_login(alice)
    assert client.get(url).status_code == 200
    RoomBan.objects.create(room=room, user=alice)
    banned = client.get(url)
    assert banned.status_code == 403 and banned.json()["code"] == "banned"
    assert client.get("/api/rooms/nope/history").status_code == 404


def test_openapi_schema_lists_every_path(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) >= {
        "/api/events/",
        "/api/events/{slug}/programme",
        "/api/sessions/{session_id}",
        "/api/rooms/{slug}",
        "/api/rooms/{slug}/history",
    }
    history = schema["paths"]["/api/rooms/{slug}/history"]["get"]
    assert {p["name"] for p in history["parameters"]} == {"slug", "after_seq", "limit"}
    assert "ProgrammeOut" in schema["components"]["schemas"]
    assert client.get("/api/docs").status_code == 200


def test_programme_marks_what_is_live(client, event):
    now = timezone.now()
    live = services.create_session(
        event=event,
        kind="opening_ceremony",
        title="直播中",
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1),
    )
    body = client.get("/api/events/cietc/programme").json()
    assert body["live_now"] == [live.pk]
    assert [s["status"] for d in body["days"] for s in d["sessions"]] == ["live"]


def test_invalid_timezone_is_refused_without_events(client, db):
    assert client.get("/api/events/", {"tz": "Nowhere/Town"}).status_code == 400
    assert client.get("/api/events/").json() == []
