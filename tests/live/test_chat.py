import pytest

from live.models import ChatMessage, RoomEvent

pytestmark = pytest.mark.django_db(transaction=True)


async def test_two_people_chat(connect, make_user, room):
    alice, bob = await make_user("alice"), await make_user("bob")
    a, b = await connect(alice), await connect(bob)
    await a.ok("room.join", room=room.slug)
    await b.ok("room.join", room=room.slug)

    ack = await a.ok("chat.send", room=room.slug, text="<b>hello</b> bob")
    assert ack["duplicate"] is False and ack["seq"] == 1

    event = await b.expect("chat.message")
    assert event["message"]["text"] == "<b>hello</b> bob"  # stored and sent as text
    assert event["message"]["author"] == {"id": alice.pk, "name": "Alice"}
    assert event["seq"] == ack["seq"]
    assert await ChatMessage.objects.acount() == 1


async def test_same_ref_twice_stores_one_message(connect, make_user, room):
    a = await connect(await make_user())
    await a.ok("room.join", room=room.slug)
    first = await a.ok("chat.send", room=room.slug, text="once", ref="same")
    second = await a.ok("chat.send", room=room.slug, text="once", ref="same")
    assert second["duplicate"] is True
    assert second["message_id"] == first["message_id"]
    assert await ChatMessage.objects.acount() == 1
    assert await RoomEvent.objects.acount() == 1
