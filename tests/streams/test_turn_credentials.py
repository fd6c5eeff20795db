"""TURN credentials (streams.turn): the TURN REST form coturn checks, issued per person in
signalling answers only — never rendered into pages, never to guests without a subscription."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.test import Client as DjangoClient

from streams import services
from streams.models import Session
from streams.turn import ice_servers_for, turn_credentials
from tests.programme import UTC_0526_0100

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "s3cret"


@pytest.fixture(autouse=True)
def turn_settings(settings):
    settings.STREAMS = {
        **settings.STREAMS,
        "ICE_SERVERS": [{"urls": "stun:stun.example.org:3478"}, {"urls": "turn:old.example.org", "credential": "x"}],
        "TURN_URLS": ["turn:turn.example.org:3478?transport=udp", "turn:turn.example.org:3478?transport=tcp"],
        "TURN_SECRET": SECRET,
        "TURN_TTL": 3600,
    }


def test_the_turn_rest_form_coturn_checks():
    # openssl: printf '%s' 1700003600:42 | openssl dgst -sha1 -hmac s3cret -binary | base64
    assert turn_credentials("42", now=1_700_000_000) == {
        "username": "1700003600:42",
        "credential": "DfmaKoWkE6K1Hjz2w5FmaV3sBxs=",
    }


def test_ice_servers_for_a_person_and_for_nobody(settings):
    issued_from = int(time.time())
    servers = ice_servers_for("7")
    issued_by = int(time.time()) + 1
    # The credentialed static entry is never handed out; STUN is.
    assert servers[0] == {"urls": "stun:stun.example.org:3478"} and len(servers) == 2
    assert servers[1]["urls"] == [
        "turn:turn.example.org:3478?transport=udp",
        "turn:turn.example.org:3478?transport=tcp",
    ]
    expiry, subject = servers[1]["username"].split(":")
    # The expiry is the issuing moment plus the TTL, bracketed by the clock around the call.
    assert subject == "7" and issued_from + 3600 <= int(expiry) <= issued_by + 3600
    assert ice_servers_for(None) == [{"urls": "stun:stun.example.org:3478"}]


@pytest.fixture
def stage(transactional_db, event):
    from accounts.models import User

    session = services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="主论坛",
        title_en="Main forum",
        slug="main-forum",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=2),
    )
    speaker = User.objects.create_user(username="laura", password="x", display_name="Laura")
    attendee = User.objects.create_user(username="alice", password="x", display_name="Alice")
    session.speakers.add(services.create_speaker(name="劳拉", name_en="Laura", user=speaker))
    return {"room": session.room.slug, "speaker": speaker, "attendee": attendee}


def turn_subjects(ice_servers: list[dict]) -> list[str]:
    return [s["username"].split(":", 1)[1] for s in ice_servers if "credential" in s]


async def test_stage_get_gives_turn_only_to_those_who_publish(connect, stage):
    room = stage["room"]
    answers = {}
    for who, user in (("speaker", stage["speaker"]), ("attendee", stage["attendee"]), ("guest", None)):
        client = await connect(user)
        await client.ok("room.join", room=room)
        answers[who] = (await client.ok("stage.get", room=room))["ice_servers"]
    assert turn_subjects(answers["speaker"]) == [str(stage["speaker"].pk)]
    assert answers["attendee"] == answers["guest"] == [{"urls": "stun:stun.example.org:3478"}]


async def test_calls_carry_credentials_of_each_person(connect, make_user):
    from channels.db import database_sync_to_async

    from accounts.models import Organisation, OrganisationMembership

    anna, ben = await make_user("anna"), await make_user("ben")

    def colleagues():
        organisation = Organisation.objects.create(name="Calls Ltd")
        for user in (anna, ben):
            OrganisationMembership.objects.create(organisation=organisation, user=user)

    await database_sync_to_async(colleagues)()
    caller, callee = await connect(anna), await connect(ben)
    requested = await caller.ok("call.request", to_user_ids=[ben.pk])
    ringing = await callee.expect("call.ringing", call_id=requested["call_id"])
    assert "ice_servers" not in ringing  # nothing for a call one has not answered
    accepted = await callee.ok("call.accept", call_id=requested["call_id"])
    assert turn_subjects(requested["ice_servers"]) == [str(anna.pk)]
    assert turn_subjects(accepted["ice_servers"]) == [str(ben.pk)]


def test_pages_carry_no_credentials(stage):
    client = DjangoClient()
    client.force_login(stage["attendee"])
    page = client.get("/").content.decode()
    assert "call-config" in page
    assert SECRET not in page and '"credential"' not in page and "turn.example.org" not in page
    assert "old.example.org" not in page
