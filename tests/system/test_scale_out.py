"""Several Daphne processes on one Redis: presence across processes, a process killed while
messages flow, Redis restarted under load, and a client too slow to keep up."""

from __future__ import annotations

import asyncio
import json
import socket

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from live.models import ChatMessage, Room
from live.protocol import validate_server_frame
from tests.system.conftest import record_received

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

FAST = {
    # The tests send quickly on purpose; the limits themselves are tested in tests/live.
    "LIVE_POST_RATE": "200",
    "LIVE_POST_BURST": "200",
    "LIVE_CONNECTION_RATE": "400",
    "LIVE_CONNECTION_BURST": "400",
    "LIVE_PRESENCE_TTL_SECONDS": "3",
}


@pytest.fixture
def room(transactional_db) -> Room:
    return Room.objects.create(slug="opening", name="Opening ceremony", allow_guests=True)


def contiguous(seqs: list[int]) -> int:
    """The highest seq up to which nothing is missing."""
    have, top = set(seqs), 0
    while top + 1 in have:
        top += 1
    return top


async def test_presence_counts_across_processes_and_forgets_a_killed_one(start_daphne, redis_server, ws_client, room):
    env = {"REDIS_URL": redis_server.url, **FAST}
    first, second = start_daphne(env), start_daphne(env)
    async with ws_client(second) as watcher:
        await watcher.ok("room.join", room=room.slug)
        async with ws_client(first) as g1, ws_client(first) as g2:
            await g1.ok("room.join", room=room.slug)
            await g2.ok("room.join", room=room.slug)
            await watcher.expect("presence", where=lambda f: f["presence"]["count"] == 3)
            first.kill()  # SIGKILL: no goodbye from its two guests
            # The killed process's entries expire (TTL 3 s here) and the count follows.
            frame = await watcher.expect("presence", timeout=20, where=lambda f: f["presence"]["count"] == 1)
            assert frame["presence"]["count"] == 1


async def test_killed_process_clients_resume_on_the_other_with_every_message_once(
    start_daphne, redis_server, ws_client, make_user, api_token, room
):
    env = {"REDIS_URL": redis_server.url, **FAST}
    doomed, survivor = start_daphne(env), start_daphne(env)
    token = await api_token(await make_user("speaker"))
    total = 60
    sent: list[int] = []
    received: list[int] = []
    async with ws_client(survivor, token=token) as sender:
        await sender.ok("room.join", room=room.slug)

        async def send_all() -> None:
            for i in range(total):
                sent.append((await sender.ok("chat.send", room=room.slug, text=f"m{i}"))["seq"])
                await asyncio.sleep(0.03)

        async with ws_client(doomed) as reader:
            await reader.ok("room.join", room=room.slug)
            sending = asyncio.create_task(send_all())
            while len(received) < 15:
                received.append((await reader.expect("chat.message"))["seq"])
            doomed.kill()
            # The reader sees the connection drop (after whatever was already on the wire) …
            with pytest.raises(ConnectionClosed):
                while True:
                    frame = await reader.receive(timeout=10)
                    if frame["type"] == "chat.message":
                        received.append(frame["seq"])
        # … and reconnects to the other process with since_seq.
        async with ws_client(survivor) as resumed:
            state = await resumed.ok("room.join", room=room.slug, since_seq=contiguous(received))
            received += [e["seq"] for e in state["events"] if e["type"] == "chat.message"]
            await sending
            while len(set(received)) < total:
                received.append((await resumed.expect("chat.message"))["seq"])
    assert sorted(received) == sorted(sent)  # every message, none twice
    assert len(sent) == total == await ChatMessage.objects.filter(room=room).acount()


async def test_redis_restart_degrades_then_replays_what_was_missed(
    start_daphne, redis_server, ws_client, make_user, api_token, room
):
    env = {"REDIS_URL": redis_server.url, **FAST}
    first, second = start_daphne(env), start_daphne(env)
    token = await api_token(await make_user("host"))
    async with ws_client(first, token=token) as sender, ws_client(second) as reader:
        await sender.ok("room.join", room=room.slug)
        await reader.ok("room.join", room=room.slug)
        before = await sender.ok("chat.send", room=room.slug, text="before")
        assert (await reader.expect("chat.message"))["seq"] == before["seq"]

        redis_server.stop()
        status = await reader.expect("server.status", timeout=15)
        assert status["status"] == "degraded" and status["message"]
        # Posting still works: stored and acked, delivered once the bus is back.
        during = [(await sender.ok("chat.send", room=room.slug, text=f"during {i}"))["seq"] for i in range(3)]

        redis_server.start()
        back = await reader.expect("server.status", timeout=30, status="ok")
        assert back["message"]
        got = [f["seq"] for f in await reader.collect_until("chat.message", lambda f: f["seq"] == during[-1], 15)]
        assert got == during
        after = await sender.ok("chat.send", room=room.slug, text="after")
        assert (await reader.expect("chat.message"))["seq"] == after["seq"]
        await asyncio.sleep(0.5)
        again = [f for f in reader.pending if f["type"] == "chat.message"]
        assert again == []  # nothing twice


async def test_a_client_that_does_not_read_is_told_it_lags_and_resyncs(
    start_daphne, ws_client, make_user, api_token, room
):
    server = start_daphne({**FAST, "LIVE_MAX_BACKLOG_BYTES": "65536"})
    token = await api_token(await make_user("talker"))
    # A raw client with a tiny receive buffer that joins and then stops reading.
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    async with connect(server.ws_url, sock=sock, max_size=None, max_queue=1) as slow:
        await slow.recv()  # hello
        await slow.send(json.dumps({"type": "room.join", "ref": "j", "room": room.slug}))
        joined = json.loads(await slow.recv())
        assert joined["type"] == "ack"
        slow.transport.pause_reading()

        text = "长" * 1900  # ~5.7 kB per message: 900 of them outgrow the kernel buffers (4 MB)
        async with ws_client(server, token=token) as talker, ws_client(server) as fast:
            await talker.ok("room.join", room=room.slug)
            await fast.ok("room.join", room=room.slug)
            total = 900
            # The room is not held up: a client that reads gets everything while the slow one lags.
            reading = asyncio.create_task(
                fast.collect_until("chat.message", lambda f: f["message"]["text"].startswith(f"{total - 1} "), 120)
            )
            for i in range(total):
                await talker.send("chat.send", f"s{i}", room=room.slug, text=f"{i} {text}")
            acks = [await talker.expect("ack", timeout=60, ref=f"s{i}") for i in range(total)]
            seqs = [ack["seq"] for ack in acks]
            got = [f["seq"] for f in await reading]
            assert got == seqs

        slow.transport.resume_reading()
        frames = []
        while True:
            frame = json.loads(await asyncio.wait_for(slow.recv(), 10))
            frames.append(frame)
            if frame["type"] == "room.lagged":
                # This raw socket is the only client that lags: check and count the frame as the
                # validating clients do (tests/frame_coverage.py).
                validate_server_frame(frame)
                record_received(frame, None)
                break
        delivered = [f["seq"] for f in frames if f["type"] == "chat.message"]
        assert frame["since_seq"] == (delivered[-1] if delivered else joined["seq"])
        assert len(delivered) < len(seqs)  # it stopped getting them …
        # … and resyncing (paged: the answer is bounded in bytes) gives exactly the rest.
        request = {"type": "room.join", "ref": "r0", "room": room.slug, "since_seq": frame["since_seq"]}
        rest: list[int] = []
        for page in range(1, 100):
            await slow.send(json.dumps(request))
            while True:
                answer = json.loads(await asyncio.wait_for(slow.recv(), 10))
                if answer["type"] == "ack" and answer["ref"] == request["ref"]:
                    break
            rest += [e["seq"] for e in answer["events"] if e["type"] == "chat.message"]
            if not answer["has_more"]:
                break
            after = answer["events"][-1]["seq"]
            request = {"type": "room.history", "ref": f"r{page}", "room": room.slug, "after_seq": after}
        assert delivered + rest == seqs


async def test_two_processes_writing_to_one_room_get_gap_free_unique_seqs(
    start_daphne, redis_server, ws_client, make_user, api_token, room
):
    from live.models import RoomEvent

    env = {"REDIS_URL": redis_server.url, **FAST}
    first, second = start_daphne(env), start_daphne(env)
    tokens = [await api_token(await make_user(name)) for name in ("left", "right")]
    per_writer = 40
    async with ws_client(first, token=tokens[0]) as left, ws_client(second, token=tokens[1]) as right:
        for writer in (left, right):
            await writer.ok("room.join", room=room.slug)

        async def write(writer, name: str) -> list[int]:
            return [
                (await writer.ok("chat.send", room=room.slug, text=f"{name} {i}"))["seq"] for i in range(per_writer)
            ]

        acked = await asyncio.gather(write(left, "left"), write(right, "right"))
    everything = sorted(acked[0] + acked[1])
    assert everything == list(range(1, 2 * per_writer + 1))
    stored = [seq async for seq in RoomEvent.objects.filter(room=room).order_by("seq").values_list("seq", flat=True)]
    assert stored == everything
