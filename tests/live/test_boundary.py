"""Every documented limit is enforced where frames enter (live.frames), with its own error code,
and the socket stays usable: long refs, NUL and control characters, lone surrogates, ids past
a BIGINT, deep nesting. These ran into `server_error` on PostgreSQL (or were stored on SQLite)
and RecursionError (socket closed 1011) before."""

import json

import pytest

from live import protocol
from live.models import ChatMessage, ModerationAction, Poll, PollOption, Question

pytestmark = pytest.mark.django_db(transaction=True)


async def raw_error(client, text: str) -> dict:
    await client.send_raw(text)
    frame = await client.expect("error")
    await client.ok("ping")
    return frame


async def joined_client(connect, make_user, room, **fields):
    client = await connect(await make_user(**fields))
    await client.ok("room.join", room=room.slug)
    return client


async def test_ref_over_the_limit_is_refused_not_dropped(connect, make_user, room):
    client = await joined_client(connect, make_user, room)
    long_ref = "r" * (protocol.MAX_REF_LENGTH + 1)
    frame = await raw_error(client, json.dumps({"type": "chat.send", "ref": long_ref, "room": room.slug, "text": "hi"}))
    assert frame["code"] == "ref_too_long" and frame["ref"] is None
    assert await ChatMessage.objects.acount() == 0
    # At the limit it is fine, and idempotent as documented.
    ref = "r" * protocol.MAX_REF_LENGTH
    first = await client.ok("chat.send", room=room.slug, text="hi", ref=ref)
    again = await client.ok("chat.send", room=room.slug, text="hi", ref=ref)
    assert again["duplicate"] is True and again["message_id"] == first["message_id"]


async def test_integer_ref_past_a_bigint_is_refused(connect):
    client = await connect()
    frame = await raw_error(client, json.dumps({"type": "ping", "ref": 10**70}))
    assert frame["code"] == "number_out_of_range" and frame["ref"] is None


@pytest.mark.parametrize("field", ["text", "room"])
async def test_nul_is_refused_anywhere(connect, make_user, room, field):
    client = await joined_client(connect, make_user, room)
    frame = {"type": "chat.send", "ref": "n1", "room": room.slug, "text": "hello"}
    frame[field] = frame[field] + "\x00x"
    answer = await raw_error(client, json.dumps(frame))
    assert answer["code"] == "invalid_text" and answer["ref"] == "n1"
    assert await ChatMessage.objects.acount() == 0


async def test_lone_surrogates_are_refused(connect, make_user, room):
    client = await joined_client(connect, make_user, room)
    text = '{"type": "chat.send", "ref": "s1", "room": "ROOM", "text": "a\\ud800b"}'.replace("ROOM", room.slug)
    assert "\ud800" in json.loads(text)["text"]  # what Python's json makes of it
    answer = await raw_error(client, text)
    assert answer["code"] == "invalid_text"
    # In a key too, and a ref with one is not echoed.
    answer = await raw_error(client, '{"type": "ping", "ref": "x\\udfff", "\\ud800": 1}')
    assert answer["code"] == "invalid_text" and answer["ref"] is None
    # A proper pair is one character, and welcome.
    sent = await client.ok("chat.send", room=room.slug, text="smile \U0001f600")
    assert (await ChatMessage.objects.aget(pk=sent["message_id"])).text == "smile \U0001f600"


async def test_control_characters_are_removed_from_what_people_write(connect, make_user, room):
    mod = await joined_client(connect, make_user, room, is_staff=True)
    sent = await mod.ok("chat.send", room=room.slug, text="a\x07b\x1b[31mc\r\nd\te\x7f\x85f")
    assert (await ChatMessage.objects.aget(pk=sent["message_id"])).text == "ab[31mc\nd\tef"
    asked = await mod.ok("qa.ask", room=room.slug, text="why\x0b\x0c?")
    assert (await Question.objects.aget(pk=asked["question_id"])).text == "why?"
    poll = await mod.ok("poll.create", room=room.slug, question="pick\x01", options=["a\x02", "b"])
    assert (await Poll.objects.aget(pk=poll["poll"]["id"])).question == "pick"
    assert [o.text async for o in PollOption.objects.filter(poll_id=poll["poll"]["id"])] == ["a", "b"]
    target = await make_user("target")
    await mod.ok("mod.mute", room=room.slug, user_id=target.pk, minutes=5, reason="rude\x08!")
    action = await ModerationAction.objects.filter(action="mod.mute").afirst()
    assert action.details["reason"] == "rude!"
    # Nothing but control characters is no text at all.
    answer = await mod.request("chat.send", room=room.slug, text="\x01\x02\x03")
    assert answer["code"] == "invalid_fields" and "text" in answer["message"]


@pytest.mark.parametrize("value", [2**63, 2**64, -(2**63), 10**200])
async def test_ids_past_a_bigint_are_refused(connect, make_user, room, value):
    client = await joined_client(connect, make_user, room)
    answer = await raw_error(
        client, json.dumps({"type": "chat.delete", "ref": "i1", "room": room.slug, "message_id": value})
    )
    assert answer["code"] == "number_out_of_range" and answer["ref"] == "i1"


async def test_largest_id_is_just_not_found(connect, make_user, room):
    client = await joined_client(connect, make_user, room)
    answer = await client.request("chat.delete", room=room.slug, message_id=protocol.MAX_INT)
    assert answer["code"] == "not_found"
    answer = await client.request("poll.vote", room=room.slug, poll_id=protocol.MAX_INT, option_id=1)
    assert answer["code"] == "not_found"


@pytest.mark.parametrize(
    "text",
    [
        "[" * 2000 + "]" * 2000,
        '{"type": "ping", "ref": 1, "x": ' + "[" * 2000 + "]" * 2000 + "}",
        '{"type": "ping", "ref": 1, "x": ' + '{"a":' * 1500 + "1" + "}" * 1500 + "}",
        # Unclosed, and deep enough that the parser would recurse past Python's limit.
        "[" * 5000,
    ],
)
async def test_deep_nesting_gets_an_error_frame(connect, text):
    client = await connect()
    answer = await raw_error(client, text)
    assert answer["code"] == "nesting_too_deep"


async def test_nesting_within_the_limit_and_brackets_in_strings_are_fine(connect, make_user, room):
    client = await joined_client(connect, make_user, room)
    sent = await client.ok("chat.send", room=room.slug, text="[" * 100 + "{" * 100 + '"\\')
    assert (await ChatMessage.objects.aget(pk=sent["message_id"])).text.startswith("[[[")
    nested = "[" * protocol.MAX_NESTING_DEPTH + "]" * protocol.MAX_NESTING_DEPTH
    answer = await raw_error(client, '{"type": "ping", "ref": 2, "x": ' + nested[2:-2] + "}")
    assert answer["code"] == "invalid_fields"  # parsed, then refused as an unexpected field


async def test_nan_and_infinity_are_not_json(connect):
    client = await connect()
    answer = await raw_error(client, '{"type": "ping", "ref": NaN}')
    assert answer["code"] == "malformed_json"


@pytest.mark.parametrize("frame_type", ["mod.unban", "mod.unmute"])
async def test_unban_or_unmute_of_an_unknown_user_is_not_found(connect, make_user, room, frame_type):
    # Found by tests/live/test_fuzz_frames.py: the audit log's foreign key raised (server_error).
    mod = await joined_client(connect, make_user, room, is_staff=True)
    answer = await mod.request(frame_type, room=room.slug, user_id=987654)
    assert answer["code"] == "not_found"
    assert await ModerationAction.objects.acount() == 0
