"""The agenda's JSON API and calendar files over HTTP: the person's own data only, refusals
in the one error shape, the feed by its token alone."""

from __future__ import annotations

import json
from datetime import UTC

import icalendar
import pytest
from django.test import Client

from accounts.services import create_api_token
from agenda import services
from agenda.models import Bookmark

pytestmark = pytest.mark.django_db

CSRF = "c" * 32


def browser(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.cookies["csrftoken"] = CSRF
    return client


def test_bookmark_put_delete_and_list(alice, sessions):
    client = browser(alice)
    url = f"/api/agenda/bookmarks/{sessions['forum'].pk}"
    first = client.put(url, HTTP_X_CSRFTOKEN=CSRF)
    assert first.status_code == 201, first.content
    assert first.json()["bookmarked"] is True and first.json()["reminder_scheduled"] is True
    assert client.put(url, HTTP_X_CSRFTOKEN=CSRF).status_code == 200
    assert client.get("/api/agenda/bookmarks").json() == {"session_ids": [sessions["forum"].pk]}
    gone = client.delete(url, HTTP_X_CSRFTOKEN=CSRF)
    assert gone.status_code == 200 and gone.json()["bookmarked"] is False
    assert not Bookmark.objects.exists()


def test_writes_without_csrf_or_login_are_refused(alice, sessions):
    url = f"/api/agenda/bookmarks/{sessions['forum'].pk}"
    no_csrf = browser(alice).put(url)
    assert no_csrf.status_code == 403 and no_csrf.json()["code"] == "csrf_failed"
    guest = browser().put(url, HTTP_X_CSRFTOKEN=CSRF)
    assert guest.status_code == 401 and guest.json()["code"] == "auth_required"
    assert browser().get("/api/agenda/").status_code == 401
    assert not Bookmark.objects.exists()


def test_unknown_session_is_404(alice):
    answer = browser(alice).put("/api/agenda/bookmarks/999999", HTTP_X_CSRFTOKEN=CSRF)
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"


def test_a_bearer_token_works_without_csrf(alice, sessions):
    secret = create_api_token(user=alice, name="script")
    answer = Client().put(f"/api/agenda/bookmarks/{sessions['late'].pk}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 201, answer.content
    assert Client().get("/api/agenda/bookmarks", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_my_agenda_in_a_zone_asked_for_and_a_bad_zone(alice, sessions):
    services.bookmark_session(user=alice, session=sessions["opening"])
    services.bookmark_session(user=alice, session=sessions["forum"])
    client = browser(alice)
    answer = client.get("/api/agenda/?tz=Europe/Berlin").json()
    assert answer["zone"] == "Europe/Berlin" and answer["count"] == 2 and answer["conflicts"] == 2
    (day,) = answer["days"]
    assert day["items"][0]["starts_at"].endswith(("+01:00", "+02:00"))
    assert day["items"][0]["ics_url"] == f"/api/agenda/sessions/{sessions['opening'].pk}.ics"
    mine = client.get("/api/agenda/").json()
    assert mine["zone"] == "Asia/Shanghai"  # alice's own
    bad = client.get("/api/agenda/?tz=Mars/Olympus")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_timezone"


def test_settings_change_and_refusal(alice):
    client = browser(alice)
    assert client.get("/api/agenda/settings").json()["reminder_minutes"] == 15
    changed = client.patch(
        "/api/agenda/settings", json.dumps({"reminder_minutes": 30}), "application/json", HTTP_X_CSRFTOKEN=CSRF
    )
    assert changed.status_code == 200 and changed.json()["reminder_minutes"] == 30
    refused = client.patch(
        "/api/agenda/settings", json.dumps({"reminder_minutes": 7}), "application/json", HTTP_X_CSRFTOKEN=CSRF
    )
    assert refused.status_code == 400 and "reminder_minutes" in refused.json()["fields"]
    assert client.get("/api/agenda/settings").json()["reminder_minutes"] == 30


def test_a_session_ics_downloads_for_anyone(sessions):
    answer = Client().get(f"/api/agenda/sessions/{sessions['forum'].pk}.ics?lang=en")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/calendar")
    assert "attachment" in answer["Content-Disposition"]
    (event,) = icalendar.Calendar.from_ical(answer.content).walk("VEVENT")
    assert str(event["summary"]) == "Main forum"
    assert Client().get("/api/agenda/sessions/999999.ics").status_code == 404


def test_the_feed_needs_only_its_token_and_a_rotated_token_is_404(alice, bob, sessions):
    services.bookmark_session(user=alice, session=sessions["opening"])
    services.bookmark_session(user=alice, session=sessions["late"])
    services.bookmark_session(user=bob, session=sessions["forum"])
    client = browser(alice)
    feed_url = client.get("/api/agenda/settings?lang=zh").json()["feed_url"]
    path = feed_url.replace("http://testserver", "")
    answer = Client().get(path)  # a calendar app: no cookie
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(answer.content).walk("VEVENT")
    assert sorted(str(e["uid"]) for e in events) == sorted(
        f"session-{sessions[k].pk}@pavilion" for k in ("opening", "late")
    )  # alice's, not bob's
    assert {str(e["summary"]) for e in events} == {"开幕式", "夜场"}
    assert all(
        e.decoded("dtstart").tzinfo is not None and e.decoded("dtstart").utcoffset().total_seconds() == 0
        for e in events
    )
    assert events[0].decoded("dtstart") in {sessions[k].starts_at.astimezone(UTC) for k in ("opening", "late")}
    rotated = client.post("/api/agenda/feed/rotate", HTTP_X_CSRFTOKEN=CSRF).json()["feed_url"]
    assert rotated != feed_url
    old = Client().get(path)
    assert old.status_code == 404 and old.json()["code"] == "not_found"
    assert Client().get(rotated.replace("http://testserver", "")).status_code == 200
    assert Client().get("/api/agenda/feed/short.ics").status_code == 404


def test_the_feed_of_a_deactivated_account_is_404(alice):
    token = services.settings_for(alice).feed_token
    alice.is_active = False
    alice.save()
    assert Client().get(f"/api/agenda/feed/{token}.ics").status_code == 404
