"""Stage reactions over the room socket: clicks are counted and every stage gets one
coalesced `stage.reactions` summary per interval."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from streams import reactions, services
from streams.models import Session
from tests.programme import UTC_0526_0100

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _short_interval(monkeypatch):
    monkeypatch.setattr(reactions.counter, "interval", 0.2)


@pytest.fixture
def stage_room(transactional_db, event) -> str:
    session = services.create_session(
        event=event,
        kind=Session.Kind.OPENING_CEREMONY,
        title="开幕式",
        slug="opening",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=1),
    )
    return session.room.slug


@pytest.fixture
def people(transactional_db):
    model = get_user_model()
    return [model.objects.create_user(username=name, password="x", display_name=name) for name in ("ann", "ben")]


async def test_clicks_from_several_people_arrive_as_one_summary(connect, stage_room, people):
    ann, ben = [await connect(user) for user in people]
    guest = await connect()
    for client in (ann, ben, guest):
        await client.ok("room.join", room=stage_room)
    for _ in range(3):
        await ann.ok("stage.react", room=stage_room, emoji="👏")
    await ben.ok("stage.react", room=stage_room, emoji="👏")
    await ben.ok("stage.react", room=stage_room, emoji="🎉")
    for client in (ann, ben, guest):
        summary = await client.expect("stage.reactions")
        assert summary["room"] == stage_room
        assert summary["counts"] == {"👏": 4, "🎉": 1}
        await client.nothing(timeout=0.4)  # one summary, not one frame per click
    await ann.ok("stage.react", room=stage_room, emoji="❤️")
    assert (await guest.expect("stage.reactions"))["counts"] == {"❤️": 1}


async def test_refusals(connect, stage_room, people, room):
    guest = await connect()
    await guest.ok("room.join", room=stage_room)
    refused = await guest.request("stage.react", room=stage_room, emoji="👏")
    assert refused["type"] == "error" and refused["code"] == "auth_required"

    ann = await connect(people[0])
    await ann.ok("room.join", room=stage_room)
    refused = await ann.request("stage.react", room=stage_room, emoji="🍕")
    assert refused["type"] == "error" and refused["code"] == "invalid_fields"

    await ann.ok("room.join", room=room.slug)  # a room that is no stage
    refused = await ann.request("stage.react", room=room.slug, emoji="👏")
    assert refused["type"] == "error" and refused["code"] == "not_found"
    await ann.nothing(timeout=0.4)
