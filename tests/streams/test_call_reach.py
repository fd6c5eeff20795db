"""Whom `call.request`/`call.invite` may ring, and how often (streams.call_reach): people in a
common room or related to the caller, never a stranger (who looks exactly like an unknown id),
and a token bucket per caller and per callee."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from live.models import Room
from streams import call_reach
from streams.call_runtime import runtime
from streams.models import Call

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
async def fresh_calls(settings):
    settings.STREAMS = {
        **settings.STREAMS,
        "CALLS_PER_CALLER_BURST": 5,
        "CALLS_PER_CALLER_PER_MINUTE": 6,
        "CALLS_PER_CALLEE_BURST": 3,
        "CALLS_PER_CALLEE_PER_MINUTE": 3,
    }
    call_reach.caller_limits.clear()
    call_reach.callee_limits.clear()
    await runtime.reset()
    yield
    await runtime.reset()
    call_reach.caller_limits.clear()
    call_reach.callee_limits.clear()


@pytest.fixture
async def lobby(transactional_db):
    make = database_sync_to_async(Room.objects.create)
    return await make(slug="lobby", name="Lobby", kind="room"), await make(slug="hall-b", name="Hall B", kind="room")


def without_ref(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "ref"}


async def test_a_stranger_looks_like_an_unknown_id(connect, make_user):
    anna, ben = await make_user("anna"), await make_user("ben")
    caller = await connect(anna)
    await connect(ben)  # online, but no room or relationship in common
    stranger = await caller.request("call.request", to_user_ids=[ben.pk])
    unknown_id = ben.pk + 1000
    unknown = await caller.request("call.request", to_user_ids=[unknown_id])
    assert stranger["code"] == "not_found" and "Ben" not in stranger["message"]
    # The same answer, word for word, but for the id itself.
    assert without_ref(stranger) == {**without_ref(unknown), "message": f"No such user: {ben.pk}.", "user_id": ben.pk}
    assert await database_sync_to_async(Call.objects.count)() == 0


async def test_people_in_a_common_room_may_call_each_other(connect, make_user, lobby):
    anna, ben, cleo = await make_user("anna"), await make_user("ben"), await make_user("cleo")
    caller, callee, elsewhere = await connect(anna), await connect(ben), await connect(cleo)
    await caller.ok("room.join", room="lobby")
    await callee.ok("room.join", room="lobby")
    await elsewhere.ok("room.join", room="hall-b")
    answer = await caller.ok("call.request", to_user_ids=[ben.pk])
    assert (await callee.expect("call.ringing", call_id=answer["call_id"]))["from"]["name"] == "Anna"
    await caller.ok("call.cancel", call_id=answer["call_id"])
    # Cleo is in another room: out of reach, to call and to invite.
    assert (await caller.request("call.request", to_user_ids=[cleo.pk]))["code"] == "not_found"
    assert (await caller.request("call.request", to_user_ids=[ben.pk, cleo.pk]))["code"] == "not_found"
    # Once Ben left the room, Anna cannot ring him any more.
    await callee.ok("room.leave", room="lobby")
    refused = await caller.request("call.request", to_user_ids=[ben.pk])
    assert refused["code"] == "not_found" and refused["message"] == f"No such user: {ben.pk}."


async def test_an_answered_call_makes_people_callable_again(connect, make_user, lobby):
    anna, ben, cleo = await make_user("anna"), await make_user("ben"), await make_user("cleo")
    caller, callee, third = await connect(anna), await connect(ben), await connect(cleo)
    for client in (caller, callee, third):
        await client.ok("room.join", room="lobby")
    call_id = (await caller.ok("call.request", to_user_ids=[ben.pk]))["call_id"]
    await callee.ok("call.accept", call_id=call_id)
    await caller.ok("call.hangup", call_id=call_id)
    # Cleo was rung but never answered: no relationship with her from that.
    declined = (await caller.ok("call.request", to_user_ids=[cleo.pk]))["call_id"]
    await third.ok("call.decline", call_id=declined)
    for client in (caller, callee, third):
        await client.ok("room.leave", room="lobby")
    again = await callee.ok("call.request", to_user_ids=[anna.pk])  # Ben calls back, no room needed
    await callee.ok("call.cancel", call_id=again["call_id"])
    assert (await caller.request("call.request", to_user_ids=[cleo.pk]))["code"] == "not_found"


async def test_invite_only_people_in_reach(connect, make_user, lobby):
    anna, ben, cleo = await make_user("anna"), await make_user("ben"), await make_user("cleo")
    caller, callee, outsider = await connect(anna), await connect(ben), await connect(cleo)
    await caller.ok("room.join", room="lobby")
    await callee.ok("room.join", room="lobby")
    call_id = (await caller.ok("call.request", to_user_ids=[ben.pk]))["call_id"]
    await callee.ok("call.accept", call_id=call_id)
    refused = await caller.request("call.invite", call_id=call_id, user_id=cleo.pk)
    assert refused["code"] == "not_found" and refused["message"] == f"No such user: {cleo.pk}."
    await outsider.nothing()
    await outsider.ok("room.join", room="lobby")
    await caller.ok("call.invite", call_id=call_id, user_id=cleo.pk)
    await outsider.expect("call.ringing", call_id=call_id)


async def test_one_person_is_rung_at_most_a_burst_of_times(connect, make_user, lobby):
    anna, ben = await make_user("anna"), await make_user("ben")
    caller, callee = await connect(anna), await connect(ben)
    await caller.ok("room.join", room="lobby")
    await callee.ok("room.join", room="lobby")
    for _ in range(3):
        call_id = (await caller.ok("call.request", to_user_ids=[ben.pk]))["call_id"]
        await callee.expect("call.ringing", call_id=call_id)
        await caller.ok("call.cancel", call_id=call_id)
    refused = await caller.request("call.request", to_user_ids=[ben.pk])
    assert refused["code"] == "rate_limited" and refused["retry_after"] >= 1
    await callee.nothing(ignore=("presence", "call.state"))
    assert await database_sync_to_async(Call.objects.count)() == 3


async def test_callee_limit_counts_every_caller(connect, make_user, lobby):
    users = [await make_user(name) for name in ("ben", "c1", "c2", "c3", "c4")]
    callee = await connect(users[0])
    await callee.ok("room.join", room="lobby")
    callers = []
    for user in users[1:]:
        client = await connect(user)
        await client.ok("room.join", room="lobby")
        callers.append(client)
    for client in callers[:3]:
        call_id = (await client.ok("call.request", to_user_ids=[users[0].pk]))["call_id"]
        await client.ok("call.cancel", call_id=call_id)
    assert (await callers[3].request("call.request", to_user_ids=[users[0].pk]))["code"] == "rate_limited"


async def test_a_caller_rings_at_most_a_burst_of_calls(connect, make_user, lobby):
    anna = await make_user("anna")
    caller = await connect(anna)
    await caller.ok("room.join", room="lobby")
    others = []
    for n in range(6):
        user = await make_user(f"p{n}")
        client = await connect(user)
        await client.ok("room.join", room="lobby")
        others.append(user)
    for user in others[:5]:
        call_id = (await caller.ok("call.request", to_user_ids=[user.pk]))["call_id"]
        await caller.ok("call.cancel", call_id=call_id)
    refused = await caller.request("call.request", to_user_ids=[others[5].pk])
    assert refused["code"] == "rate_limited" and refused["retry_after"] >= 1
    # Probing ids costs the same tokens: the limit also bounds guessing.
    assert (await caller.request("call.request", to_user_ids=[10**6]))["code"] == "rate_limited"
