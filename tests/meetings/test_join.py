"""At the time: `meeting.join` starts streams' call among exactly the meeting's participants,
a later participant joins the running call, nobody else gets in (call or chat)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from meetings import errors, services
from meetings.models import Meeting
from streams.call_runtime import runtime
from streams.models import Call

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
async def fresh_calls():
    await runtime.reset()
    yield
    await runtime.reset()


def confirmed_meeting(organiser, invitees, *, minutes_ahead: int = 5) -> Meeting:
    start = timezone.now() + timedelta(minutes=minutes_ahead)
    meeting = services.request_meeting(
        organiser, invitees, topic="Stand-up", slots=[(start, start + timedelta(minutes=30))]
    )
    for person in invitees:
        services.accept(meeting, person, meeting.slots.get().pk)
    return meeting


async def test_join_rings_the_participants_and_only_they_get_in(make_user, connect):
    alice, bob, carol, mallory = [await make_user(n) for n in ("alice", "bob", "carol", "mallory")]
    meeting = await database_sync_to_async(confirmed_meeting)(alice, [bob, carol])
    a, b, c, m = [await connect(u) for u in (alice, bob, carol, mallory)]

    started = await a.ok("meeting.join", meeting_id=meeting.pk)
    assert started["state"] == "ringing" and "ice_servers" in started
    call_id = started["call_id"]
    for client in (b, c):
        ringing = await client.expect("call.ringing", call_id=call_id)
        assert ringing["context"]["meeting"] == meeting.pk
        assert sorted(ringing["context"]["roster"]) == sorted([alice.pk, bob.pk, carol.pk])
    await m.nothing()

    # A stranger: as if the meeting did not exist; and cannot be invited into its call.
    refused = await m.request("meeting.join", meeting_id=meeting.pk)
    assert refused["type"] == "error" and refused["code"] == "not_found"
    refused = await a.request("call.invite", call_id=call_id, user_id=mallory.pk)
    assert refused["type"] == "error" and refused["code"] in ("not_found", "forbidden")
    refused = await m.request("call.accept", call_id=call_id)
    assert refused["type"] == "error" and refused["code"] == "not_found"

    joined = await b.ok("meeting.join", meeting_id=meeting.pk)  # joining while it rings for him
    assert joined["call_id"] == call_id and joined["state"] == "active"
    await a.expect("call.state", call_id=call_id, state="active")
    # Carol declines the ring, then joins the running call anyway (a late joiner).
    await c.ok("call.decline", call_id=call_id)
    late = await c.ok("meeting.join", meeting_id=meeting.pk)
    assert late["call_id"] == call_id
    assert {p["user"]["id"]: p["status"] for p in late["participants"]} == {
        alice.pk: "joined",
        bob.pk: "joined",
        carol.pk: "joined",
    }
    assert await Call.objects.acount() == 1

    # The meeting's chat: participants only.
    chat = await a.ok("room.join", room=meeting.room_slug)
    assert "member" in chat["you"]["roles"]
    await a.ok("chat.send", room=meeting.room_slug, text="Agenda: hiring plan")
    refused = await m.request("room.join", room=meeting.room_slug)
    assert refused["type"] == "error" and refused["code"] == "forbidden"
    for client in (a, b, c, m):
        await client.close()


async def test_join_opens_only_around_the_time_and_after_accepting(make_user, connect):
    alice, bob, carol = [await make_user(n) for n in ("alice", "bob", "carol")]
    later = await database_sync_to_async(confirmed_meeting)(alice, [bob], minutes_ahead=120)
    a = await connect(alice)
    refused = await a.request("meeting.join", meeting_id=later.pk)
    assert refused["type"] == "error" and refused["code"] == errors.NOT_OPEN

    start = timezone.now() + timedelta(minutes=3)
    pending = await database_sync_to_async(services.request_meeting)(
        alice, [bob, carol], topic="Pending", slots=[(start, start + timedelta(minutes=20))]
    )
    await database_sync_to_async(services.accept)(pending, bob, (await pending.slots.afirst()).pk)
    c = await connect(carol)
    refused = await c.request("meeting.join", meeting_id=pending.pk)  # has not accepted yet
    assert refused["type"] == "error" and refused["code"] == "invalid_state"
    assert await Call.objects.acount() == 0
    await a.close()
    await c.close()


async def test_the_meetings_chat_stays_readable_after_it_ended(make_user, connect):
    alice, bob, mallory = [await make_user(n) for n in ("alice", "bob", "mallory")]
    meeting = await database_sync_to_async(confirmed_meeting)(alice, [bob])
    a = await connect(alice)
    await a.ok("room.join", room=meeting.room_slug)
    await a.ok("chat.send", room=meeting.room_slug, text="Notes: send the offer 发offer")
    await a.close()

    # The meeting is over (it ended an hour ago): the call is closed, the chat is not gone.
    ended = timezone.now() - timedelta(hours=1)
    await Meeting.objects.filter(pk=meeting.pk).aupdate(start_at=ended - timedelta(minutes=30), end_at=ended)
    b = await connect(bob)
    refused = await b.request("meeting.join", meeting_id=meeting.pk)
    assert refused["type"] == "error" and refused["code"] == errors.NOT_OPEN
    joined = await b.ok("room.join", room=meeting.room_slug)
    assert [m["text"] for m in joined["messages"]] == ["Notes: send the offer 发offer"]
    m = await connect(mallory)
    refused = await m.request("room.join", room=meeting.room_slug)
    assert refused["type"] == "error" and refused["code"] == "forbidden"
    await b.close()
    await m.close()
