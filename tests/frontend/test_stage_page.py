"""The stage page's server side: the player's config and strings, the call UI on every page of
a logged-in person, and hls.js served from node_modules."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from accounts.models import User
from live.models import Room
from streams import services
from streams.models import Session
from tests.programme import UTC_0526_0100

pytestmark = pytest.mark.django_db


def make_user(username: str) -> User:
    return User.objects.create_user(username=username, password="x", display_name=username.title())


def json_script(page: str, element_id: str) -> dict:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page, re.S)
    assert match, f"no {element_id} in the page"
    return json.loads(match.group(1))


@pytest.fixture
def job_fair(event) -> Session:
    return services.create_session(
        event=event,
        kind=Session.Kind.RECRUITMENT_LIVESTREAM,
        title="外籍人才云聘会",
        title_en="Cloud Job Fair for Foreign Talent",
        slug="job-fair",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=1),
    )


@pytest.mark.parametrize(
    ("language", "title", "waiting", "go_live"),
    [
        ("zh-CN,zh;q=0.9", "外籍人才云聘会", "直播尚未开始。", "打开摄像头"),
        ("en", "Cloud Job Fair for Foreign Talent", "The stage has not started yet.", "Start camera"),
    ],
)
def test_stage_config_and_strings_in_the_visitors_language(client, job_fair, language, title, waiting, go_live):
    client.force_login(make_user("alice"))
    page = client.get(f"/rooms/{job_fair.room.slug}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    config = json_script(page, "room-config")
    assert config["stage"]["title"] == title
    assert config["stage"]["recruitment"] is True
    assert config["stage"]["starts_at"].startswith("2022-05-26T01:00:00")
    assert config["hls_js_url"] == "/lib/hls.js/hls.min.mjs"
    assert json_script(page, "stage-strings")["waiting"] == waiting
    assert go_live in page  # the go-live view's buttons (shown by the JS to speakers)


def test_a_room_without_a_session_has_no_player_config(client):
    Room.objects.create(slug="lounge", name="Lounge", kind="stage", allow_guests=True)
    page = client.get("/rooms/lounge/").content.decode()
    assert json_script(page, "room-config")["stage"] is None


def test_call_ui_only_for_logged_in_people(client, settings):
    settings.STREAMS = {**settings.STREAMS, "ICE_SERVERS": [{"urls": "stun:stun.example.org:3478"}]}
    Room.objects.create(slug="lounge", name="Lounge", kind="stage", allow_guests=True)
    guest_page = client.get("/rooms/lounge/").content.decode()
    assert 'id="call-window"' not in guest_page and "calls.js" not in guest_page
    user = make_user("bob")
    client.force_login(user)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert 'id="call-window"' in page and "calls.js" in page
    call_config = json_script(page, "call-config")
    assert call_config["user"]["id"] == user.pk
    assert call_config["ice_servers"] == [{"urls": "stun:stun.example.org:3478"}]
    assert call_config["strings"]["incoming"] == "%(name)s 正在呼叫您"


def test_hls_js_is_served_from_node_modules_and_nothing_else(client):
    response = client.get("/lib/hls.js/hls.min.mjs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert b"isSupported" in b"".join(response.streaming_content)
    assert client.get("/lib/hls.js/package.json").status_code == 404
    assert client.get("/lib/three/three.module.js").status_code == 404
    assert client.get("/lib/hls.js/..%2Fpackage.json").status_code == 404


@pytest.mark.parametrize(
    ("language", "name"),
    [("zh-CN,zh;q=0.9", "外籍人才云聘会"), ("en", "Cloud Job Fair for Foreign Talent")],
)
def test_room_page_names_the_room_as_the_programme_does(client, job_fair, language, name):
    # The room's own name is the Chinese one; an English reader got it (issue 10).
    job_fair.room.name = "外籍人才云聘会"
    job_fair.room.save()
    page = client.get(f"/rooms/{job_fair.room.slug}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<h1 id="room-name">{name}</h1>' in page
    assert f"<title>{name} · Pavilion</title>" in page
    assert json_script(page, "room-config")["name"] == name
    programme = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert name in programme


def test_a_room_without_a_session_keeps_its_name(client):
    room = Room.objects.create(slug="lounge", name="交流室", kind="room")
    page = client.get(f"/rooms/{room.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1 id="room-name">交流室</h1>' in page
