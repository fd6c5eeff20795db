"""The programme's badge follows the stage's real state; times follow the viewer's zone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from live.models import Room
from streams import selectors, services
from streams.models import Recording, Session
from streams.timezones import COOKIE_NAME

pytestmark = pytest.mark.django_db


def on_air_session(event, *, minutes_ago: int = 5) -> Session:
    now = timezone.now()
    event.ends_at = now + timedelta(days=1)
    event.save()
    return services.create_session(
        event=event,
        kind=Session.Kind.OPENING_CEREMONY,
        title="开幕式",
        title_en="Opening ceremony",
        slug="opening-now",
        starts_at=now - timedelta(minutes=minutes_ago),
        ends_at=now + timedelta(hours=1),
    )


def set_state(session: Session, state: str) -> None:
    Session.objects.filter(pk=session.pk).update(stream_state=state, stream_state_changed_at=timezone.now())
    session.refresh_from_db()


def test_stage_status_follows_the_stream_state_before_the_timetable(event):
    session = on_air_session(event)
    now = timezone.now()
    assert selectors.stage_status(session, now) == "starting_soon"  # its time, nobody on air
    assert selectors.stage_status(session, session.starts_at - timedelta(minutes=14)) == "starting_soon"
    assert selectors.stage_status(session, session.starts_at - timedelta(hours=2)) == "scheduled"
    assert selectors.stage_status(session, session.ends_at) == "ended"
    set_state(session, "live")
    assert selectors.stage_status(session, session.ends_at + timedelta(minutes=5)) == "live"  # running late
    set_state(session, "paused")
    assert selectors.stage_status(session, now) == "paused"
    set_state(session, "ended")
    assert selectors.stage_status(session, now) == "ended"


def badge_of(html: str, session: Session) -> str:
    item = html.split(f'id="session-{session.pk}"')[1].split("</li>")[0]
    return item.split('class="badge stage-badge" data-stage="')[1].split('"')[0] if "stage-badge" in item else ""


def test_programme_says_live_only_when_the_stage_is(client, event):
    session = on_air_session(event)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert badge_of(html, session) == "starting_soon"
    assert ">Starting soon<" in html and ">LIVE<" not in html
    set_state(session, "live")
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert badge_of(html, session) == "live" and ">LIVE<" in html
    zh = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert ">直播中<" in zh
    body = client.get(f"/api/events/{event.slug}/programme").json()
    assert body["on_air"] == [session.pk]
    assert [s["stage"] for d in body["days"] for s in d["sessions"]] == ["live"]


def test_an_ended_stage_with_a_recording_links_to_it(client, event):
    session = on_air_session(event)
    set_state(session, "ended")
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert badge_of(html, session) == "ended"
    Recording.objects.create(
        session=session, run_id="r1", room_slug=session.room.slug, ended_at=timezone.now(), duration_seconds=3
    )
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'data-stage="recorded" href="/rooms/{session.room.slug}/#recordings">Recording<' in html
    assert "回放" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_a_chosen_zone_is_remembered_for_every_page(client, programme_sessions):
    room = Room.objects.get(pk=programme_sessions["opening"].room_id)
    assert 'data-time-zone="Asia/Shanghai"' in client.get(f"/rooms/{room.slug}/").content.decode()
    response = client.get("/?tz=Europe/Berlin", HTTP_ACCEPT_LANGUAGE="en")
    assert response.cookies[COOKIE_NAME].value == "Europe/Berlin"
    assert 'datetime="2022-05-26T03:00:00+02:00">03:00</time>' in response.content.decode()
    # Later pages, without ?tz=: the programme and the stage's page (whose script reads it).
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'datetime="2022-05-26T03:00:00+02:00">03:00</time>' in html
    assert 'data-time-zone="Europe/Berlin"' in client.get(f"/rooms/{room.slug}/").content.decode()
    # A bad zone is explained and not remembered; a forged cookie is ignored.
    bad = client.get("/?tz=Mars/Base", HTTP_ACCEPT_LANGUAGE="en")
    assert COOKIE_NAME not in bad.cookies
    client.cookies[COOKIE_NAME] = "Not/AZone"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'datetime="2022-05-26T09:00:00+08:00">09:00</time>' in html
