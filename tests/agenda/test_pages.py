"""The pages: bookmark toggles on the programme and stage pages, my agenda in the viewer's
zone and language, its feed and reminder forms."""

from __future__ import annotations

import zoneinfo

import pytest
from django.test import Client

from agenda import services

pytestmark = pytest.mark.django_db


def logged_in(user, language="zh") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_the_programme_shows_each_sessions_bookmark_state(alice, sessions, future_event):
    services.bookmark_session(user=alice, session=sessions["forum"])
    page = logged_in(alice).get(f"/?event={future_event.slug}").content.decode()
    assert f'data-bookmark-session="{sessions["forum"].pk}" aria-pressed="true"' in page
    assert f'data-bookmark-session="{sessions["opening"].pk}" aria-pressed="false"' in page
    assert f"/api/agenda/sessions/{sessions['forum'].pk}.ics?lang=zh" in page
    guest = Client().get(f"/?event={future_event.slug}").content.decode()
    assert "data-bookmark-session" not in guest and "/accounts/login/?next=/" in guest


def test_the_stage_page_has_the_toggle(alice, sessions):
    services.bookmark_session(user=alice, session=sessions["late"])
    page = logged_in(alice, "en").get(f"/rooms/{sessions['late'].room.slug}/").content.decode()
    assert f'data-bookmark-session="{sessions["late"].pk}" aria-pressed="true"' in page
    assert "★ Bookmarked" in page


def test_my_agenda_in_chinese_and_english_and_the_viewers_zone(alice, bob, sessions, day0):
    for user in (alice, bob):
        services.bookmark_session(user=user, session=sessions["opening"])
        services.bookmark_session(user=user, session=sessions["forum"])
    zh = logged_in(alice).get("/agenda/").content.decode()
    assert "我的日程" in zh and "开幕式" in zh and "时间冲突" in zh
    assert 'data-zone="Asia/Shanghai"' in zh and ">09:00<" in zh
    en = logged_in(bob, "en").get("/agenda/").content.decode()
    assert "My agenda" in en and "Opening ceremony" in en and "Overlaps" in en
    berlin = sessions["opening"].starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).strftime("%H:%M")
    assert 'data-zone="Europe/Berlin"' in en and f">{berlin}<" in en  # 01:00 UTC: 02:00 or 03:00
    asked = logged_in(bob, "en").get("/agenda/?tz=Mars/Base").content.decode()
    assert "Unknown time zone" in asked


def test_the_agenda_page_needs_a_login():
    answer = Client().get("/agenda/")
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_the_feed_form_rotates_and_a_bad_reminder_time_is_refused(alice):
    client = logged_in(alice, "en")
    old = services.settings_for(alice).feed_token
    page = client.get("/agenda/").content.decode()
    assert f"/api/agenda/feed/{old}.ics?lang=en" in page
    after = client.post("/agenda/", {"action": "rotate"}, follow=True).content.decode()
    new = services.settings_for(alice).feed_token
    assert new != old and new in after and old not in after
    refused = client.post("/agenda/", {"action": "reminders", "reminder_minutes": "7"}, follow=True)
    assert "Choose one of the reminder times offered." in refused.content.decode()
    client.post("/agenda/", {"action": "reminders", "reminder_minutes": "30"})
    assert services.settings_for(alice).reminder_minutes == 30
