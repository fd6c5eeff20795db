"""Every error code of the protocol, produced for real; the connection stays open after each."""

import json

import pytest
from channels.db import database_sync_to_async

from accounts.services import create_api_token
from live import protocol
from live.models import ChatMessage, Room

pytestmark = pytest.mark.django_db(transaction=True)


async def assert_error(client, code: str, frame_type: str, **fields) -> dict:
    answer = await client.request(frame_type, **fields)
    assert answer["type"] == "error", answer
    assert answer["code"] == code, answer
    assert answer["message"]
    # Still connected and served.
    await client.ok("ping")
    return answer


async def test_malformed_json_and_non_objects(connect):
    client = await connect()
    await client.send_raw("{not json")
    frame = await client.receive()
    assert frame["code"] == "malformed_json" and frame["ref"] is None
    await client.send_raw("[1, 2]")
    assert (await client.receive())["code"] == "malformed_json"
    await client.ok("ping")


async def test_oversized_frame(connect):
    client = await connect()
    await client.send_raw(json.dumps({"type": "ping", "ref": 1, "pad": "x" * protocol.MAX_FRAME_BYTES}))
    frame = await client.receive()
    assert frame["code"] == "frame_too_large"
    await client.ok("ping")


async def test_unknown_type(connect):
    client = await connect()
    answer = await assert_error(client, "unknown_type", "chat.shout", room="x")
    assert "chat.shout" in answer["message"]


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({}, "text"),
        ({"text": 42}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * (protocol.MAX_CHAT_LENGTH + 1)}, "text"),
        ({"text": "hi", "html": "<b>"}, "html"),
    ],
)
async def test_invalid_fields_name_the_field(connect, make_user, room, fields, named):
    client = await connect(await make_user())
    await client.ok("room.join", room=room.slug)
    answer = await assert_error(client, "invalid_fields", "chat.send", room=room.slug, **fields)
    assert named in answer["message"]
    assert await ChatMessage.objects.acount() == 0


async def test_auth_failed_then_token_works(connect, make_user):
    user = await make_user("bot")
    client = await connect(origin=None)
    await assert_error(client, "auth_failed", "auth", token="pv_wrong")
    token = await database_sync_to_async(create_api_token)(user=user)
    answer = await client.ok("auth", token=token)
    assert answer["user"]["id"] == user.pk


async def test_guest_may_watch_but_not_post(connect, room):
    guest = await connect()
    joined = await guest.ok("room.join", room=room.slug)
    assert joined["you"]["can_post"] is False
    await assert_error(guest, "auth_required", "chat.send", room=room.slug, text="hi")
    await assert_error(guest, "auth_required", "qa.ask", room=room.slug, text="why?")


async def test_guest_refused_from_members_only_room(connect):
    await Room.objects.acreate(slug="closed", name="Closed", allow_guests=False)
    guest = await connect()
    await assert_error(guest, "auth_required", "room.join", room="closed")


async def test_attendee_cannot_moderate(connect, make_user, room):
    alice, bob = await make_user("alice"), await make_user("bob")
    a = await connect(alice)
    await a.ok("room.join", room=room.slug)
    await assert_error(a, "forbidden", "mod.ban", room=room.slug, user_id=bob.pk)
    await assert_error(a, "forbidden", "mod.lock", room=room.slug, locked=True)
    await assert_error(a, "forbidden", "poll.create", room=room.slug, question="?", options=["a", "b"])
    await assert_error(a, "forbidden", "qa.moderate", room=room.slug, question_id=1, action="approve")


async def test_attendee_cannot_delete_others_message(connect, make_user, room):
    a, b = await connect(await make_user()), await connect(await make_user())
    await a.ok("room.join", room=room.slug)
    await b.ok("room.join", room=room.slug)
    sent = await a.ok("chat.send", room=room.slug, text="mine")
    await assert_error(b, "forbidden", "chat.delete", room=room.slug, message_id=sent["message_id"])
    assert await ChatMessage.objects.filter(deleted_at__isnull=True).acount() == 1


async def test_not_found_and_not_joined(connect, make_user, room):
    client = await connect(await make_user())
    await assert_error(client, "not_found", "room.join", room="no-such-room")
    await assert_error(client, "not_joined", "chat.send", room=room.slug, text="hi")
    await client.ok("room.join", room=room.slug)
    await assert_error(client, "not_found", "chat.delete", room=room.slug, message_id=999)


async def test_too_many_rooms(connect):
    await Room.objects.abulk_create(
        [Room(slug=f"r{i}", name=f"R{i}") for i in range(protocol.MAX_ROOMS_PER_CONNECTION + 1)]
    )
    client = await connect()
    for i in range(protocol.MAX_ROOMS_PER_CONNECTION):
        await client.ok("room.join", room=f"r{i}")
    await assert_error(client, "too_many_rooms", "room.join", room=f"r{protocol.MAX_ROOMS_PER_CONNECTION}")


async def test_muted_banned_locked_slow_mode_and_word_filter(connect, make_user, room):
    mod_user, alice = await make_user("mod", is_staff=True), await make_user("alice")
    mod, a = await connect(mod_user), await connect(alice)
    await mod.ok("room.join", room=room.slug)
    await a.ok("room.join", room=room.slug)

    await mod.ok("mod.word_filter", room=room.slug, words=["spamword"])
    await assert_error(a, "word_filtered", "chat.send", room=room.slug, text="buy SPAMWORD now")

    await mod.ok("mod.slow_mode", room=room.slug, seconds=60)
    await a.ok("chat.send", room=room.slug, text="first")
    answer = await assert_error(a, "slow_mode", "chat.send", room=room.slug, text="second")
    assert 1 <= answer["retry_after"] <= 60
    await mod.ok("mod.slow_mode", room=room.slug, seconds=0)

    await mod.ok("mod.lock", room=room.slug, locked=True)
    await assert_error(a, "locked", "chat.send", room=room.slug, text="locked?")
    await mod.ok("chat.send", room=room.slug, text="moderators still post")
    await mod.ok("mod.lock", room=room.slug, locked=False)

    await mod.ok("mod.mute", room=room.slug, user_id=alice.pk, minutes=5)
    notice = await a.expect("mod.notice", action="muted")
    assert notice["until"]
    answer = await assert_error(a, "muted", "chat.send", room=room.slug, text="hello?")
    assert answer["until"]
    await mod.ok("mod.unmute", room=room.slug, user_id=alice.pk)
    await a.ok("chat.send", room=room.slug, text="back")

    await mod.ok("mod.ban", room=room.slug, user_id=alice.pk, reason="spam")
    removed = await a.expect("room.removed")
    assert removed["room"] == room.slug
    await assert_error(a, "not_joined", "chat.send", room=room.slug, text="still here?")
    await assert_error(a, "banned", "room.join", room=room.slug)
    texts = [m async for m in ChatMessage.objects.values_list("text", flat=True)]
    assert texts == ["first", "moderators still post", "back"]


async def test_post_rate_limit_per_person(connect, make_user, room, monkeypatch):
    from live.handlers.chat import post_limits

    # No token comes back during the test, however slowly a loaded machine stores the posts.
    monkeypatch.setattr(post_limits, "rate", 0.001)
    client = await connect(await make_user())
    await client.ok("room.join", room=room.slug)
    for i in range(protocol.POST_BURST):
        await client.ok("chat.send", room=room.slug, text=f"m{i}")
    answer = await assert_error(client, "rate_limited", "chat.send", room=room.slug, text="one too many")
    assert answer["retry_after"] > 0
    assert await ChatMessage.objects.acount() == protocol.POST_BURST


async def test_connection_rate_limit_then_flood_closes(connect, settings):
    # The bucket refills so slowly that no token comes back during the test: what is refused
    # depends on the count of frames, never on how fast a loaded machine handles them (at the
    # default 10/s, a slow run earned tokens back mid-flood and never reached the close).
    settings.LIVE = {**settings.LIVE, "CONNECTION_RATE": 0.001}
    client = await connect()
    for i in range(protocol.CONNECTION_BURST + 5):
        await client.send_raw(json.dumps({"type": "ping", "ref": i}))
    frames = [await client.receive() for _ in range(protocol.CONNECTION_BURST + 5)]
    codes = [f.get("code") for f in frames if f["type"] == "error"]
    assert codes == ["rate_limited"] * 5
    # A flood far past the limit closes the socket with a close code naming it.
    for i in range(protocol.FLOOD_CLOSE_AFTER + 10):
        await client.send_raw(json.dumps({"type": "ping", "ref": f"f{i}"}))
    while True:
        # Generous: on a timeout the test communicator cancels the application itself.
        output = await client.ws.receive_output(timeout=15)
        if output["type"] == "websocket.close":
            assert output["code"] == protocol.CLOSE_FLOOD
            break


async def test_invalid_state(connect, make_user, room):
    mod = await connect(await make_user("mod", is_staff=True))
    await mod.ok("room.join", room=room.slug)
    created = await mod.ok("poll.create", room=room.slug, question="Which?", options=["a", "b"])
    poll = created["poll"]
    await assert_error(
        mod, "invalid_state", "poll.vote", room=room.slug, poll_id=poll["id"], option_id=poll["options"][0]["id"]
    )
    await assert_error(mod, "invalid_state", "poll.close", room=room.slug, poll_id=poll["id"])


async def test_server_error_keeps_connection(connect, make_user, room, monkeypatch):
    from live.services import chat

    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(chat, "send_message", broken)
    client = await connect(await make_user())
    await client.ok("room.join", room=room.slug)
    answer = await assert_error(client, "server_error", "chat.send", room=room.slug, text="hi")
    assert "disk" not in answer["message"]  # internals are not leaked


async def test_foreign_origin_refused(transactional_db):
    from channels.testing import WebsocketCommunicator

    from config.asgi import application

    communicator = WebsocketCommunicator(application, "/ws/", headers=[(b"origin", b"http://evil.example")])
    connected, _ = await communicator.connect()
    assert not connected


def test_every_error_code_has_a_description():
    assert set(protocol.ERROR_DESCRIPTIONS) == set(protocol.ErrorCode)
