"""Peer-to-peer calls over the live socket: the signalling state machine (no media here)."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from accounts.models import Organisation, OrganisationMembership
from streams.call_runtime import runtime
from streams.calls import SWEEP_GRACE_SECONDS, ring_seconds
from streams.models import Call, CallParticipant

pytestmark = pytest.mark.django_db(transaction=True)

OFFER = {"type": "offer", "sdp": "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"}


@pytest.fixture(autouse=True)
async def fresh_calls(settings):
    # These tests ring often on purpose; tests/streams/test_call_reach.py tests the limits.
    settings.STREAMS = {**settings.STREAMS, "CALLS_PER_CALLER_BURST": 100, "CALLS_PER_CALLEE_BURST": 100}
    await runtime.reset()
    yield
    await runtime.reset()


def colleagues(users) -> None:
    """Colleagues may call each other (one of the relationships of streams.call_reach)."""
    organisation = Organisation.objects.create(name="Calls Ltd")
    for user in users:
        OrganisationMembership.objects.create(organisation=organisation, user=user)


@pytest.fixture
async def people(make_user):
    found = {name: await make_user(name) for name in ("anna", "ben", "cleo", "dan", "eve")}
    await database_sync_to_async(colleagues)(found.values())
    return found


@pytest.fixture
def connect_as(connect, people):
    async def open_for(name):
        return await connect(people[name])

    return open_for


def status_of(frame, user) -> str | None:
    return next((p["status"] for p in frame["participants"] if p["user"]["id"] == user.pk), None)


async def ring(caller, callee, callee_user, **extra):
    answer = await caller.ok("call.request", to_user_ids=[callee_user.pk], **extra)
    ringing = await callee.expect("call.ringing", call_id=answer["call_id"])
    return answer["call_id"], ringing


async def test_request_ring_accept_signal_hangup(connect_as, people):
    anna, ben, cleo = await connect_as("anna"), await connect_as("ben"), await connect_as("cleo")
    ben_tab2 = await connect_as("ben")
    answer = await anna.ok("call.request", to_user_ids=[people["ben"].pk], context={"booth": 7})
    call_id = answer["call_id"]
    assert answer["state"] == "ringing"
    assert [(p["user"]["id"], p["status"]) for p in answer["participants"]] == [
        (people["anna"].pk, "joined"),
        (people["ben"].pk, "ringing"),
    ]
    for tab in (ben, ben_tab2):  # every connection of the callee rings
        ringing = await tab.expect("call.ringing", call_id=call_id)
        assert ringing["from"] == {"id": people["anna"].pk, "name": "Anna"}
        assert ringing["context"] == {"booth": 7}
    await cleo.nothing()

    accepted = await ben.ok("call.accept", call_id=call_id)
    assert accepted["state"] == "active"
    for client in (anna, ben, ben_tab2):
        state = await client.expect("call.state", call_id=call_id, state="active")
        assert status_of(state, people["ben"]) == "joined"

    # Signalling goes to the addressed participant only, with who sent it.
    await anna.ok("call.signal", call_id=call_id, to_user_id=people["ben"].pk, data=OFFER)
    relayed = await ben.expect("call.signal")
    assert relayed == {"type": "call.signal", "call_id": call_id, "from_user_id": people["anna"].pk, "data": OFFER}
    ice = {"type": "ice", "candidate": "candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host", "sdp_mid": "0"}
    await ben.ok("call.signal", call_id=call_id, to_user_id=people["anna"].pk, data=ice)
    assert (await anna.expect("call.signal"))["data"] == ice
    await cleo.nothing()
    await anna.nothing(ignore=("call.state",))

    ended = await anna.ok("call.hangup", call_id=call_id)
    assert ended["state"] == "ended"
    state = await ben.expect("call.state", call_id=call_id, state="ended")
    assert state["reason"] == "hung_up"
    assert {p["status"] for p in state["participants"]} == {"left"}
    refused = await ben.request("call.signal", call_id=call_id, to_user_id=people["anna"].pk, data=OFFER)
    assert refused["code"] == "invalid_state"
    await cleo.nothing()

    call = await database_sync_to_async(Call.objects.get)(pk=call_id)
    assert call.state == "ended" and call.answered_at and call.ended_at and call.context == {"booth": 7}
    rows = await database_sync_to_async(lambda: list(call.participants.values_list("status", "joined_at")))()
    assert all(status == "left" and joined_at for status, joined_at in rows)


async def test_decline_ends_a_two_person_call(connect_as, people):
    anna, ben = await connect_as("anna"), await connect_as("ben")
    call_id, _ = await ring(anna, ben, people["ben"])
    answer = await ben.ok("call.decline", call_id=call_id)
    assert answer["state"] == "ended"
    declined = await anna.expect("call.declined", call_id=call_id)
    assert declined["reason"] == "declined" and declined["user"]["id"] == people["ben"].pk
    state = await anna.expect("call.state", call_id=call_id, state="ended")
    assert state["reason"] == "declined"
    assert (await ben.request("call.accept", call_id=call_id))["code"] == "invalid_state"


async def test_cancel_before_anyone_answers(connect_as, people):
    anna, ben, cleo = await connect_as("anna"), await connect_as("ben"), await connect_as("cleo")
    answer = await anna.ok("call.request", to_user_ids=[people["ben"].pk, people["cleo"].pk])
    call_id = answer["call_id"]
    await ben.expect("call.ringing", call_id=call_id)
    await cleo.expect("call.ringing", call_id=call_id)
    assert (await ben.request("call.cancel", call_id=call_id))["code"] == "forbidden"
    assert (await anna.ok("call.cancel", call_id=call_id))["state"] == "ended"
    for client in (ben, cleo):
        state = await client.expect("call.state", call_id=call_id, state="ended")
        assert state["reason"] == "cancelled"
        assert status_of(state, people["ben"]) == "cancelled"
    assert (await cleo.request("call.accept", call_id=call_id))["code"] == "invalid_state"

    # Once someone answered, cancelling is refused: hang up instead.
    call_id, _ = await ring(anna, ben, people["ben"])
    await ben.ok("call.accept", call_id=call_id)
    assert (await anna.request("call.cancel", call_id=call_id))["code"] == "invalid_state"


async def test_busy_callee_is_declined_automatically(connect_as, people):
    anna, ben, cleo = await connect_as("anna"), await connect_as("ben"), await connect_as("cleo")
    call_id, _ = await ring(anna, ben, people["ben"])
    await ben.ok("call.accept", call_id=call_id)

    answer = await cleo.ok("call.request", to_user_ids=[people["ben"].pk])
    assert answer["state"] == "ended"
    declined = await cleo.expect("call.declined", call_id=answer["call_id"])
    assert declined["reason"] == "busy" and declined["user"]["id"] == people["ben"].pk
    assert (await cleo.expect("call.state", call_id=answer["call_id"]))["reason"] == "busy"
    await ben.nothing(ignore=("call.state",))  # no ringing in the middle of a call
    # Someone in a call cannot start another one either.
    assert (await anna.request("call.request", to_user_ids=[people["cleo"].pk]))["code"] == "invalid_state"


async def test_missed_after_the_ring_timeout(connect_as, people, settings):
    settings.STREAMS = {**settings.STREAMS, "CALL_RING_SECONDS": 0.3}
    anna, ben = await connect_as("anna"), await connect_as("ben")
    call_id, _ = await ring(anna, ben, people["ben"])
    for client in (anna, ben):
        missed = await client.expect("call.missed", call_id=call_id, timeout=3)
        assert missed["user"]["id"] == people["ben"].pk
        state = await client.expect("call.state", call_id=call_id, state="ended")
        assert state["reason"] == "missed" and status_of(state, people["ben"]) == "missed"
    assert (await ben.request("call.accept", call_id=call_id))["code"] == "invalid_state"


async def test_overdue_ring_expires_lazily_without_a_timer(connect_as, people, settings):
    """The process that rang died (no timer): the next frame about the call expires the ring."""
    settings.STREAMS = {**settings.STREAMS, "CALL_RING_SECONDS": 0.2}
    anna, ben = await connect_as("anna"), await connect_as("ben")
    call_id, _ = await ring(anna, ben, people["ben"])
    runtime.stop_timers(call_id)
    await asyncio.sleep(0.3)
    refused = await ben.request("call.accept", call_id=call_id)
    assert refused["code"] == "invalid_state"
    assert (await anna.expect("call.state", call_id=call_id, state="ended"))["reason"] == "missed"


async def test_the_sweeper_ends_a_ring_whose_process_died(connect_as, people, settings):
    """Nobody touches the call again: the beat task (streams.tasks.expire_overdue_rings)
    expires the ring the dead process's timer would have, once, and both people hear it."""
    from streams import tasks

    beat = settings.CELERY_BEAT_SCHEDULE["expire-overdue-rings"]
    assert beat["task"] == "streams.tasks.expire_overdue_rings" and beat["schedule"] > 0
    anna, ben, cleo = await connect_as("anna"), await connect_as("ben"), await connect_as("cleo")
    call_id, _ = await ring(anna, ben, people["ben"])
    other_id, _ = await ring(cleo, ben, people["ben"])  # still within its time: left alone
    runtime.stop_timers(call_id)  # the process that rang is gone
    runtime.stop_timers(other_id)
    overdue = timezone.now() - timedelta(seconds=ring_seconds() + SWEEP_GRACE_SECONDS + 1)
    await database_sync_to_async(CallParticipant.objects.filter(call_id=call_id, status="ringing").update)(
        invited_at=overdue
    )

    swept = await database_sync_to_async(lambda: tasks.expire_overdue_rings.apply().result)()
    assert swept == [call_id]
    for client in (anna, ben):
        missed = await client.expect("call.missed", call_id=call_id, timeout=5)
        assert missed["user"]["id"] == people["ben"].pk
        state = await client.expect("call.state", call_id=call_id, state="ended")
        assert state["reason"] == "missed" and status_of(state, people["ben"]) == "missed"
    assert (await database_sync_to_async(Call.objects.get)(pk=call_id)).state == "ended"
    assert (await database_sync_to_async(Call.objects.get)(pk=other_id)).state == "ringing"
    # Swept once: a second pass finds nothing, and nobody hears of it again.
    assert await database_sync_to_async(lambda: tasks.expire_overdue_rings.apply().result)() == []
    await anna.nothing(ignore=("call.state",))  # (the ringing state of her request, unread)
    await ben.nothing(ignore=("call.ringing",))  # (Cleo's call still rings for him)


async def test_third_party_can_neither_see_nor_act(connect_as, people):
    anna, ben, eve = await connect_as("anna"), await connect_as("ben"), await connect_as("eve")
    call_id, _ = await ring(anna, ben, people["ben"])
    await ben.ok("call.accept", call_id=call_id)
    await eve.nothing()
    for frame_type, fields in (
        ("call.accept", {}),
        ("call.decline", {}),
        ("call.cancel", {}),
        ("call.hangup", {}),
        ("call.invite", {"user_id": people["dan"].pk}),
        ("call.signal", {"to_user_id": people["ben"].pk, "data": OFFER}),
    ):
        refused = await eve.request(frame_type, call_id=call_id, **fields)
        assert refused["code"] == "not_found", (frame_type, refused)
    # Signalling to someone outside the call is refused too, and a made-up call id is unknown.
    refused = await anna.request("call.signal", call_id=call_id, to_user_id=people["eve"].pk, data=OFFER)
    assert refused["code"] == "not_found"
    unknown = await eve.request("call.hangup", call_id="0" * 32)
    assert unknown["code"] == "not_found"
    await eve.nothing()
    await ben.nothing(ignore=("call.state",))


async def test_refusals_have_clear_codes(connect, connect_as, people):
    anna = await connect_as("anna")
    guest = await connect()
    assert (await guest.request("call.request", to_user_ids=[people["ben"].pk]))["code"] == "auth_required"
    assert (await anna.request("call.request", to_user_ids=[people["anna"].pk]))["code"] == "invalid_fields"
    assert (await anna.request("call.request", to_user_ids=[999999]))["code"] == "not_found"
    assert (await anna.request("call.request", to_user_ids=[]))["code"] == "invalid_fields"
    four = [people[n].pk for n in ("ben", "cleo", "dan", "eve")]
    assert (await anna.request("call.request", to_user_ids=four))["code"] == "invalid_fields"
    dupes = [people["ben"].pk, people["ben"].pk]
    assert (await anna.request("call.request", to_user_ids=dupes))["code"] == "invalid_fields"
    ben_id = people["ben"].pk
    bad_context = await anna.request("call.request", to_user_ids=[ben_id], context={"stage": 1})
    assert bad_context["code"] == "invalid_fields"
    # Signalling payloads are checked: an offer needs its sdp, sdp fits in a frame.
    call_id = (await anna.ok("call.request", to_user_ids=[ben_id]))["call_id"]
    no_sdp = await anna.request("call.signal", call_id=call_id, to_user_id=ben_id, data={"type": "offer"})
    assert no_sdp["code"] == "invalid_fields"
    huge = {"type": "offer", "sdp": "a" * 15500}  # past the sdp limit, within the frame limit
    too_big = await anna.request("call.signal", call_id=call_id, to_user_id=ben_id, data=huge)
    assert too_big["code"] == "invalid_fields"
    huger = {"type": "offer", "sdp": "a" * 17000}
    frame = {"type": "call.signal", "ref": "big", "call_id": call_id, "to_user_id": ben_id, "data": huger}
    await anna.send_raw(json.dumps(frame))
    assert (await anna.expect("error"))["code"] == "frame_too_large"
    # Signalling before the callee joined.
    early = await anna.request("call.signal", call_id=call_id, to_user_id=ben_id, data=OFFER)
    assert early["code"] == "invalid_state"
    assert (await anna.request("call.signal", call_id=call_id, to_user_id=people["anna"].pk, data=OFFER))[
        "code"
    ] == "invalid_fields"
    assert (await anna.request("call.accept", call_id="not-a-call-id-0000000000000000000"))["code"] in (
        "invalid_fields",
        "not_found",
    )


async def test_small_meeting_of_at_most_four(connect_as, people):
    clients = {name: await connect_as(name) for name in ("anna", "ben", "cleo", "dan", "eve")}
    anna = clients["anna"]
    answer = await anna.ok("call.request", to_user_ids=[people["ben"].pk, people["cleo"].pk])
    call_id = answer["call_id"]
    for name in ("ben", "cleo"):
        await clients[name].expect("call.ringing", call_id=call_id)
        await clients[name].ok("call.accept", call_id=call_id)
    # Ben invites Dan: the fourth.
    await clients["ben"].ok("call.invite", call_id=call_id, user_id=people["dan"].pk)
    ringing = await clients["dan"].expect("call.ringing", call_id=call_id)
    assert ringing["from"]["id"] == people["ben"].pk
    assert len(ringing["participants"]) == 4
    full = await anna.request("call.invite", call_id=call_id, user_id=people["eve"].pk)
    assert full["code"] == "invalid_state" and full["limit"] == 4
    again = await anna.request("call.invite", call_id=call_id, user_id=people["dan"].pk)
    assert again["code"] == "invalid_state"
    await clients["dan"].ok("call.accept", call_id=call_id)
    state = await clients["cleo"].expect(
        "call.state", call_id=call_id, state="active", timeout=3
    )  # the latest may be an earlier one: wait for Dan joined
    while status_of(state, people["dan"]) != "joined":
        state = await clients["cleo"].expect("call.state", call_id=call_id)
    # Dan signals Cleo: only Cleo hears it.
    await clients["dan"].ok("call.signal", call_id=call_id, to_user_id=people["cleo"].pk, data=OFFER)
    assert (await clients["cleo"].expect("call.signal"))["from_user_id"] == people["dan"].pk
    for name in ("anna", "ben", "eve"):
        await clients[name].nothing(ignore=("call.state",))

    # People leave one by one; the call ends when one remains.
    for name in ("anna", "ben"):
        assert (await clients[name].ok("call.hangup", call_id=call_id))["state"] == "active"
    assert (await clients["cleo"].ok("call.hangup", call_id=call_id))["state"] == "ended"
    assert (await clients["dan"].expect("call.state", call_id=call_id, state="ended"))["reason"] == "hung_up"


async def test_last_connection_closing_hangs_up(connect_as, people):
    anna, ben = await connect_as("anna"), await connect_as("ben")
    call_id, _ = await ring(anna, ben, people["ben"])
    await ben.ok("call.accept", call_id=call_id)
    await anna.expect("call.state", call_id=call_id, state="active")
    await ben.close()
    state = await anna.expect("call.state", call_id=call_id, state="ended")
    assert state["reason"] == "disconnected"
    rows = await database_sync_to_async(lambda: dict(CallParticipant.objects.values_list("user__username", "status")))()
    assert rows == {"anna": "left", "ben": "left"}


async def test_another_connection_keeps_the_person_in_the_call(connect_as, people):
    anna, ben = await connect_as("anna"), await connect_as("ben")
    ben_tab2 = await connect_as("ben")
    call_id, _ = await ring(anna, ben, people["ben"])
    await ben.ok("call.accept", call_id=call_id)
    # The second tab takes part too (it signals), then the first tab closes.
    await ben_tab2.ok("call.signal", call_id=call_id, to_user_id=people["anna"].pk, data=OFFER)
    await ben.close()
    await anna.expect("call.signal")
    await anna.nothing(ignore=("call.state",))
    call = await database_sync_to_async(Call.objects.get)(pk=call_id)
    assert call.state == "active"
    await ben_tab2.close()
    assert (await anna.expect("call.state", call_id=call_id, state="ended"))["reason"] == "disconnected"
