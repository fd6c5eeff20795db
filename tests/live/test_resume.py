"""A reconnecting client gets exactly what it missed: nothing lost, nothing twice."""

import json

import pytest

from live import protocol
from live.models import ChatMessage, Room

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("generous_post_limits")]


async def test_reconnect_with_since_seq_gets_exactly_the_missed_events(connect, make_user, room):
    alice, bob = await make_user("alice"), await make_user("bob")
    a, b = await connect(alice), await connect(bob)
    await a.ok("room.join", room=room.slug)
    await b.ok("room.join", room=room.slug)
    for i in range(3):
        await a.ok("chat.send", room=room.slug, text=f"before {i}")
    seen = [(await b.expect("chat.message"))["seq"] for _ in range(3)]
    assert seen == [1, 2, 3]
    await b.close()

    missed = [(await a.ok("chat.send", room=room.slug, text=f"missed {i}"))["seq"] for i in range(4)]
    deleted = await a.ok("chat.delete", room=room.slug, message_id=(await ChatMessage.objects.aget(seq=1)).pk)

    b2 = await connect(bob)
    state = await b2.ok("room.join", room=room.slug, since_seq=seen[-1])
    assert state["messages"] is None
    assert [e["seq"] for e in state["events"]] == [*missed, deleted["seq"]]
    assert [e["message"]["text"] for e in state["events"][:4]] == [f"missed {i}" for i in range(4)]
    assert state["events"][-1] == {
        "type": "chat.deleted",
        "room": room.slug,
        "seq": deleted["seq"],
        "message_id": state["events"][-1]["message_id"],
        "by_moderator": False,
    }
    assert state["has_more"] is False and state["seq"] == deleted["seq"]

    # Live from here on; the replayed events are not delivered a second time.
    after = await a.ok("chat.send", room=room.slug, text="live again")
    live = await b2.expect("chat.message")
    assert live["seq"] == after["seq"]
    await b2.nothing()


async def test_resume_pages_when_many_were_missed(connect, make_user, monkeypatch):
    monkeypatch.setattr(protocol, "RESUME_PAGE_SIZE", 5)
    await Room.objects.acreate(slug="busy", name="Busy")
    author = await make_user("author")
    writer = await connect(author)
    await writer.ok("room.join", room="busy")
    for i in range(12):
        await writer.ok("chat.send", room="busy", text=f"m{i}")

    reader = await connect(await make_user("reader"))
    state = await reader.ok("room.join", room="busy", since_seq=0)
    got = [e["seq"] for e in state["events"]]
    assert got == [1, 2, 3, 4, 5] and state["has_more"] is True and state["seq"] == 5
    while True:
        page = await reader.ok("room.history", room="busy", after_seq=got[-1], limit=5)
        got += [e["seq"] for e in page["events"]]
        if not page["has_more"]:
            break
    assert got == list(range(1, 13))
    assert await Room.objects.filter(slug="busy", last_seq=12).aexists()


async def test_join_without_since_seq_returns_recent_messages(connect, make_user, room):
    a = await connect(await make_user())
    await a.ok("room.join", room=room.slug)
    sent = await a.ok("chat.send", room=room.slug, text="hello")
    await a.ok("chat.react", room=room.slug, message_id=sent["message_id"], emoji="👍")
    other = await connect(await make_user())
    state = await other.ok("room.join", room=room.slug)
    assert [m["text"] for m in state["messages"]] == ["hello"]
    assert state["messages"][0]["reactions"] == {"👍": 1}
    assert state["seq"] == 2  # the message and the reaction


async def test_event_stored_while_a_join_reads_the_state_arrives_after_the_ack(connect, make_user, room, monkeypatch):
    from live import joining as rooms_handler
    from live.services import chat

    alice, bob = await make_user("alice"), await make_user("bob")
    read_state = rooms_handler.room_state

    def state_then_post(**kwargs):
        state = read_state(**kwargs)
        # Another connection's message commits right after this join read the room.
        chat.send_message(room=room, user=bob, text="in the window")
        return state

    monkeypatch.setattr(rooms_handler, "room_state", state_then_post)
    client = await connect(alice)
    await client.ws.send_to(text_data=json.dumps({"type": "room.join", "ref": "j", "room": room.slug}))
    frames = [await client.receive() for _ in range(2)]
    # The ack first (its state does not have the message), then the message: not lost, not early.
    assert [f["type"] for f in frames] == ["ack", "chat.message"]
    assert frames[0]["seq"] == 0 and frames[0]["messages"] == []
    assert frames[1]["seq"] == 1 and frames[1]["message"]["text"] == "in the window"
