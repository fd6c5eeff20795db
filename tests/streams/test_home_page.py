"""The home page: live now, up next, the programme by day, in Chinese and English."""

from datetime import timedelta

import pytest
from django.utils import timezone

from streams import services
from streams.models import Session

pytestmark = pytest.mark.django_db


def test_programme_in_chinese_by_default(client, programme_sessions):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans" data-time-zone="Asia/Shanghai">' in html
    assert "完整日程" in html and "即将开始" in html
    for session in programme_sessions.values():
        assert session.title in html
        assert f'href="/rooms/{session.room.slug}/"' in html
    assert "Cloud Job Fair for Foreign Talent" not in html
    assert "时间按 Asia/Shanghai 时区显示" in html
    assert 'datetime="2022-05-26T09:00:00+08:00">09:00</time>' in html  # 01:00 UTC
    assert "2022-05-26" in html and "2022-05-27" in html  # two days in Shanghai
    assert "隶属于：深圳论坛主论坛" in html


def test_programme_in_english(client, programme_sessions):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in html
    assert "Full programme" in html and "Up next" in html
    assert "Cloud Job Fair for Foreign Talent" in html and "Shenzhen Forum: main forum" in html
    assert "外籍人才云聘会" not in html
    assert "Part of Shenzhen Forum: main forum" in html


def test_language_switch_posts_to_setlang(client, programme_sessions):
    html = client.get("/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Full programme" in client.get("/").content.decode()


def test_times_in_the_requested_zone(client, programme_sessions):
    html = client.get("/?tz=Europe/Berlin").content.decode()
    assert 'datetime="2022-05-26T03:00:00+02:00">03:00</time>' in html
    assert "+08:00" not in html
    assert '<option value="Europe/Berlin" selected>' in html


def test_logged_in_users_zone_is_the_default(client, programme_sessions, django_user_model):
    user = django_user_model.objects.create_user("berliner", password="x", timezone="Europe/Berlin")
    client.force_login(user)
    assert 'datetime="2022-05-26T03:00:00+02:00">03:00</time>' in client.get("/").content.decode()
    assert 'datetime="2022-05-26T09:00:00+08:00">09:00</time>' in client.get("/?tz=Asia/Shanghai").content.decode()


def test_unknown_zone_is_explained_and_falls_back(client, programme_sessions):
    response = client.get("/?tz=Mars/Base", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unknown time zone “Mars/Base”; showing Asia/Shanghai instead." in html
    assert 'datetime="2022-05-26T09:00:00+08:00">09:00</time>' in html


def test_live_now_and_up_next_sections(client, event):
    now = timezone.now()
    live = services.create_session(
        event=event,
        kind=Session.Kind.OPENING_CEREMONY,
        title="正在进行的开幕式",
        title_en="Opening on air",
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(hours=1),
    )
    services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="稍后的主论坛",
        title_en="Main forum later",
        starts_at=now + timedelta(hours=2),
        ends_at=now + timedelta(hours=3),
    )
    event.ends_at = now + timedelta(days=1)
    event.save()
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    live_section = html.split('id="live-now-title"')[1].split('id="up-next-title"')[0]
    next_section = html.split('id="up-next-title"')[1].split('id="programme-title"')[0]
    assert "Opening on air" in live_section and f'href="/rooms/{live.room.slug}/"' in live_section
    assert "Main forum later" not in live_section
    assert "Main forum later" in next_section and "Opening on air" not in next_section


def test_empty_site(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "No programme has been published yet." in response.content.decode()
    assert client.get("/?event=nope").status_code == 404
