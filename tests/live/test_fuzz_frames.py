"""Property: whatever a client sends, the server answers with an ack or a proper error, never
`server_error`, never an ERROR log record, and the socket still answers a ping afterwards.

Frames are generated for every registered client frame type (apps' included) from its model's
JSON schema, then mutated: wrong types, huge and negative numbers, deep nesting, control
characters, NUL, lone surrogates, long refs, unknown or missing fields, broken JSON. They go to
a real LiveConsumer (as tests/conftest.py connects) joined to a room and to a stage, as an
attendee and as a moderator, on the suite's database (SQLite, and PostgreSQL in its pass).

Derandomized with a bounded number of examples so that CI runs the same cases in bounded
time; PAVILION_FUZZ_EXAMPLES=2000 PAVILION_FUZZ_RANDOM=1 explores further.
"""

from __future__ import annotations

import json
import logging
import os
import re
from datetime import timedelta
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from live import protocol
from live.models import Room, RoomBan, RoomMute
from tests.conftest import session_cookie

pytestmark = [pytest.mark.django_db(transaction=True)]

EXAMPLES = int(os.environ.get("PAVILION_FUZZ_EXAMPLES", "100"))
RANDOM = os.environ.get("PAVILION_FUZZ_RANDOM") == "1"
DEEP = "\x00DEEP\x00"  # replaced by deep nesting in the text (json.dumps would recurse)
TEXT_CAP = 120  # strings generated from a schema are at most this long (limits are tested too)


def _schema_strategy(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy:
    if "$ref" in schema:
        return _schema_strategy(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "anyOf" in schema:
        return st.one_of([_schema_strategy(s, defs) for s in schema["anyOf"]])
    kind = schema.get("type")
    if kind == "string":
        low, high = schema.get("minLength", 0), min(schema.get("maxLength", TEXT_CAP), TEXT_CAP)
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True).filter(lambda s: low <= len(s) <= high)
        return st.text(min_size=low, max_size=max(low, high))
    if kind == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        # Mostly small ids, which may name rows that exist; sometimes anything allowed.
        small = st.integers(max(low or 0, 0), min(high if high is not None else 40, 40))
        return st.one_of(small, st.integers(low, high))
    if kind == "number":
        return st.floats(schema.get("minimum"), schema.get("maximum"), allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        items = _schema_strategy(schema.get("items", {}), defs)
        return st.lists(items, min_size=schema.get("minItems", 0), max_size=min(schema.get("maxItems", 5), 5))
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        return st.fixed_dictionaries(
            {k: _schema_strategy(v, defs) for k, v in properties.items() if k in required},
            optional={k: _schema_strategy(v, defs) for k, v in properties.items() if k not in required},
        )
    return st.just(None)


def frame_strategy(frame_type: str, rooms: list[str]) -> st.SearchStrategy:
    schema = protocol.CLIENT_FRAMES[frame_type].model_json_schema()
    base = _schema_strategy(schema, schema.get("$defs", {}))
    refs = st.one_of(st.integers(1, 10**6), st.text(max_size=12))

    def aim(frame: dict[str, Any], room: str, ref: Any) -> dict[str, Any]:
        # A frame for the room the client is in, mostly: that is where handlers do work.
        frame = {**frame, "ref": ref}
        if "room" in frame:
            frame["room"] = room
        return frame

    return st.builds(aim, base, st.sampled_from(rooms), refs)


HOSTILE_VALUES = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            0,
            -1,
            -(2**31),
            2**31,
            2**53 + 1,
            2**63 - 1,
            2**63,
            -(2**63),
            2**64,
            10**30,
            1.5,
            -0.0,
            1e308,
            "",
            " ",
            [],
            {},
            [[]],
            {"a": {"b": {}}},
            "\x00",
            "a\x00b",
            "\ud800",
            "x\udfffy",
            "\x1b[2J\x07\r\n\t\x7f\x85",
            "\u202e\u200b\ufeff",
            "x" * 70,
            "y" * 5000,
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            DEEP,
        ]
    ),
    st.text(max_size=40),
    st.integers(),
    st.lists(st.integers(), max_size=4),
)


@st.composite
def hostile_frame(draw, rooms: list[str]) -> str:
    frame_type = draw(st.sampled_from(sorted(protocol.CLIENT_FRAMES)))
    frame = draw(frame_strategy(frame_type, rooms))
    # A third of the frames as generated (valid or nearly: they reach the handlers), the rest mutated.
    mutations = ["none", "none", "none", "replace", "replace", "add", "drop", "ref", "raw", "deep"]
    mutation = draw(st.sampled_from(mutations))
    if mutation == "deep":
        frame[draw(st.sampled_from(sorted(frame)))] = DEEP
    elif mutation == "replace":
        key = draw(st.sampled_from(sorted(frame)))
        frame[key] = draw(HOSTILE_VALUES)
    elif mutation == "add":
        key = draw(st.sampled_from(["extra", "__proto__", "html", "text", "room\x00", "\ud800"]))
        frame[key] = draw(HOSTILE_VALUES)
    elif mutation == "drop" and len(frame) > 1:
        frame.pop(draw(st.sampled_from(sorted(frame))))
    elif mutation == "ref":
        frame["ref"] = draw(st.sampled_from(["r" * 65, "r" * 64, 10**64, -(2**63), 2**63, None, [], {}, 1.5, "\ud800"]))
    text = json.dumps(frame)
    depth = draw(st.sampled_from([2, 31, 40, 1000, 3000]))
    text = text.replace(json.dumps(DEEP), "[" * depth + "]" * depth)
    if mutation == "raw":
        text = draw(st.sampled_from([text[: len(text) // 2], "[" + text + "]", text + "}", "null", '"x"', "[" * 5000]))
    return text


class Socket:
    def __init__(self, communicator: WebsocketCommunicator, name: str) -> None:
        self.ws = communicator
        self.name = name
        self.sentinels = 0

    async def frames_until_pong(self, timeout: float = 10) -> list[dict[str, Any]]:
        """Send a ping with a fresh ref; return every frame before its ack."""
        self.sentinels += 1
        ref = f"sentinel-{self.sentinels}"
        await self.ws.send_to(text_data=json.dumps({"type": "ping", "ref": ref}))
        frames = []
        while True:
            output = await self.ws.receive_output(timeout=timeout)
            assert output["type"] == "websocket.send", f"{self.name}: socket closed: {output}"
            frame = json.loads(output["text"])
            protocol.validate_server_frame(frame)
            if frame["type"] == "ack" and frame.get("ref") == ref:
                return frames
            frames.append(frame)


@pytest.fixture
def generous_limits(settings, generous_post_limits):
    settings.LIVE = {**settings.LIVE, "CONNECTION_RATE": 10_000.0, "CONNECTION_BURST": 10_000}


@pytest.fixture
async def sockets(generous_limits, make_user, event):
    from streams import services
    from streams.models import Session

    stage = await database_sync_to_async(services.create_session)(
        event=event,
        kind=Session.Kind.RECRUITMENT_LIVESTREAM,
        title="云聘会",
        title_en="Job fair",
        slug="fuzz-stage",
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    room = await Room.objects.acreate(slug="fuzz-room", name="Fuzz")
    rooms = [room.slug, stage.room.slug]
    from config.asgi import application

    opened = []
    for name, user in (
        ("attendee", await make_user("attendee")),
        ("moderator", await make_user("moderator", is_staff=True)),
    ):
        cookie = await database_sync_to_async(session_cookie)(user)
        headers = [(b"host", b"127.0.0.1:8000"), (b"origin", b"http://127.0.0.1:8000"), (b"cookie", cookie.encode())]
        communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
        connected, _ = await communicator.connect()
        assert connected
        socket = Socket(communicator, name)
        socket.user = user
        opened.append(socket)
    yield {"sockets": opened, "rooms": rooms}
    for socket in opened:
        await socket.ws.disconnect()


async def rejoin(socket: Socket, rooms: list[str]) -> None:
    """Back to the starting position: in both rooms, not banned or muted."""
    await RoomBan.objects.filter(user=socket.user).adelete()
    await RoomMute.objects.filter(user=socket.user).adelete()
    for slug in rooms:
        await socket.ws.send_to(text_data=json.dumps({"type": "room.join", "ref": f"join-{slug}", "room": slug}))
    await socket.frames_until_pong()


MODERATION_STATE = re.compile(r'"type":\s*"(room\.leave|room\.join|mod\.ban|mod\.mute|mod\.lock|mod\.slow_mode|auth)"')


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
async def test_no_frame_breaks_the_server(sockets, caplog, data):
    caplog.set_level(logging.WARNING)
    caplog.clear()  # a failing example's records must not be blamed on the next one
    rooms = sockets["rooms"]
    for socket in sockets["sockets"]:
        if not getattr(socket, "joined", False):
            await rejoin(socket, rooms)
            socket.joined = True
        text = data.draw(hostile_frame(rooms), label=f"frame for the {socket.name}")
        await socket.ws.send_to(text_data=text)
        answers = await socket.frames_until_pong()
        replies = [f for f in answers if f["type"] in ("ack", "error")]
        for reply in replies:  # pytest --hypothesis-show-statistics lists what the frames met
            event(f"{socket.name}: {reply.get('code', 'ack')}")
        assert len(replies) == 1, f"{socket.name}: expected one reply to {text[:300]!r}, got {answers}"
        assert not [f for f in answers if f.get("code") == "server_error"], text[:300]
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert not errors, f"{socket.name}: {text[:300]!r} logged {[r.getMessage() for r in errors]}"
        caplog.clear()
        if MODERATION_STATE.search(text) or any(f["type"] == "room.removed" for f in answers):
            socket.joined = False
    # Lock and slow mode, if a frame set them, are undone for the next example.
    await Room.objects.filter(slug__in=rooms).aupdate(locked=False, slow_mode_seconds=0, blocked_words="")
