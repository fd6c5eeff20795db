"""The join answer is read once per room and seq and shared (live.snapshots), kept current by
the room's own frames; the per-person rest and the cookie's lookups run on the read threads."""

import asyncio
import json
import threading

import pytest
from asgiref.sync import sync_to_async

from live import snapshots as snapshots_module
from live.snapshots import snapshots

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("generous_post_limits")]


async def guest_room(room):
    room.allow_guests = True
    await room.asave()
    return room


async def test_joins_at_one_seq_share_one_read_and_a_message_starts_another(connect, make_user, room):
    await guest_room(room)
    alice = await make_user("alice")
    first = await connect(alice)
    await first.ok("room.join", room=room.slug)  # learns the room's id: the next joins share
    answers = [await (await connect(origin=None)).ok("room.join", room=room.slug) for _ in range(4)]
    watch = snapshots.rooms[room.pk]
    assert watch.reads == 1
    assert {a["seq"] for a in answers} == {0}
    assert all(a["you"] == {"moderator": False, "roles": [], "can_post": False, "muted_until": None} for a in answers)

    sent = await first.ok("chat.send", room=room.slug, text="hello all")
    late = await (await connect(origin=None)).ok("room.join", room=room.slug)
    assert late["seq"] == sent["seq"] and [m["text"] for m in late["messages"]] == ["hello all"]
    assert watch.reads == 2
    # A presence count is no change of the answer: the next join shares the same read.
    await asyncio.sleep(0.4)
    mine = await (await connect(alice)).ok("room.join", room=room.slug)
    assert mine["you"]["can_post"] is True and mine["seq"] == sent["seq"]
    assert watch.reads == 2


async def test_message_stored_while_the_shared_answer_is_read_arrives_after_the_ack(
    connect, make_user, room, monkeypatch
):
    from live.services import chat

    alice, bob = await make_user("alice"), await make_user("bob")
    await (await connect(alice)).ok("room.join", room=room.slug)
    read_state = snapshots_module.shared_room_state
    posted = []

    def state_then_post(**kwargs):
        room_obj, state = read_state(**kwargs)
        if not posted:
            posted.append(chat.send_message(room=room, user=bob, text="in the window"))
        return room_obj, state

    monkeypatch.setattr(snapshots_module, "shared_room_state", state_then_post)
    client = await connect(alice)
    await client.ws.send_to(text_data=json.dumps({"type": "room.join", "ref": "j", "room": room.slug}))
    frames = []
    while len(frames) < 2:
        frame = await client.receive()
        if frame["type"] != "presence":
            frames.append(frame)
    assert [f["type"] for f in frames] == ["ack", "chat.message"]
    assert frames[0]["seq"] == 0 and frames[0]["messages"] == []
    assert frames[1]["seq"] == 1
    # The message made that read stale: the next join reads again and has it.
    again = await (await connect(bob)).ok("room.join", room=room.slug)
    assert [m["text"] for m in again["messages"]] == ["in the window"]


async def test_personal_parts_are_not_shared(connect, make_user, room):
    room.qa_moderated = True
    await room.asave()
    moderator, alice, bob = await make_user("mod", is_staff=True), await make_user("alice"), await make_user("bob")
    a = await connect(alice)
    await a.ok("room.join", room=room.slug)
    asked = await a.ok("qa.ask", room=room.slug, text="Pending, mine only?")
    state_a = await (await connect(alice)).ok("room.join", room=room.slug)
    state_b = await (await connect(bob)).ok("room.join", room=room.slug)
    state_mod = await (await connect(moderator)).ok("room.join", room=room.slug)
    assert [q["id"] for q in state_a["questions"]] == [asked["question_id"]]
    assert state_b["questions"] == []
    assert [q["id"] for q in state_mod["questions"]] == [asked["question_id"]]
    assert state_mod["you"]["moderator"] is True and state_b["you"]["moderator"] is False


async def test_a_cookie_connects_and_joins_while_the_sync_thread_is_busy(connect, make_user, room):
    """The session, the user and the join's reads do not wait for Django's one sync thread
    (where chat writes run)."""
    from channels.db import database_sync_to_async
    from channels.testing import WebsocketCommunicator

    from config.asgi import application
    from tests.conftest import Client, session_cookie

    alice, bob = await make_user("alice"), await make_user("bob")
    await (await connect(alice)).ok("room.join", room=room.slug)
    cookie = await database_sync_to_async(session_cookie)(bob)
    headers = [(b"host", b"127.0.0.1:8000"), (b"origin", b"http://127.0.0.1:8000"), (b"cookie", cookie.encode())]
    release = threading.Event()
    busy = asyncio.ensure_future(sync_to_async(release.wait, thread_sensitive=True)(10))
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    try:
        await asyncio.sleep(0.05)
        connected, _ = await asyncio.wait_for(communicator.connect(), 5)
        assert connected
        client = Client(communicator)
        hello = await client.receive()
        assert hello["user"]["id"] == bob.pk
        state = await asyncio.wait_for(client.ok("room.join", room=room.slug), 5)
        assert state["you"]["can_post"] is True
        assert not busy.done()
    finally:
        release.set()
        await busy
        await communicator.disconnect()
