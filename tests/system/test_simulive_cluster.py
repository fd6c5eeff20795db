"""Simulive in a cluster (issue 16): two Daphnes on one Redis and database. The pre-recorded
video is published once for the cluster (one process holds the stage's lease), viewers on
both processes get it at the live position; a moderator on the other process switches to a
speaker and back; the holder is killed: the other process takes the stage over at the live
position and its viewer watches again; the end makes recordings that both processes list."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import timedelta

import pytest
import redis
from aiortc import RTCPeerConnection, RTCSessionDescription
from channels.db import database_sync_to_async
from django.utils import timezone

from streams.simulive_lease import lease_key
from streams.simulive_media import second_of_frame
from tests.system.rtc import MEDIA_TIMEOUT

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

VIDEO_SECONDS = 120
ON_AIR_FOR = 8  # the video went on air this long before the test's viewers come


@pytest.fixture
def simulive_stage(transactional_db, settings, server_logs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import User
    from streams import services, simulive_services
    from streams.models import Session
    from streams.simulive_media import generate_video

    settings.MEDIA_ROOT = server_logs / "media"
    now = timezone.now()
    event = services.create_event(
        name="大会", slug="cietc", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=1)
    )
    session = services.create_session(
        event=event,
        kind=Session.Kind.OPENING_CEREMONY,
        title="开幕式",
        title_en="Opening ceremony",
        slug="opening",
        starts_at=now - timedelta(seconds=ON_AIR_FOR),
        ends_at=now + timedelta(hours=1),
    )
    organizer = User.objects.create_user(username="org", password="x", display_name="Org", is_staff=True)
    viewer = User.objects.create_user(username="v0", password="x", display_name="V0")
    path = generate_video(server_logs / "talk.webm", seconds=VIDEO_SECONDS, width=320, height=180, fps=10)
    upload = SimpleUploadedFile("talk.webm", path.read_bytes(), content_type="video/webm")
    simulive_services.attach_video(session=session, upload=upload, by=organizer)
    # The scheduler's beat: on air, position 0 at the session's start (ON_AIR_FOR ago).
    assert simulive_services.tick()["started"] == [session.pk]
    session.refresh_from_db()
    return {
        "room": session.room.slug,
        "room_id": session.room_id,
        "started_at": session.simulive_started_at.timestamp(),
        "organizer": organizer,
        "viewer": viewer,
        "media_root": str(settings.MEDIA_ROOT),
    }


@pytest.fixture
def simulive_daphnes(start_daphne, redis_server, simulive_stage):
    env = {"STREAMS_ICE_LOOPBACK": "1", "REDIS_URL": redis_server.url, "MEDIA_ROOT": simulive_stage["media_root"]}
    return start_daphne(env), start_daphne(env)


async def watch(client, room: str, publisher_id: str, peers: list):
    """Subscribe over the client's socket and answer; returns the peer id and the *video* track
    (the video's publisher has audio too)."""
    pc = RTCPeerConnection()
    peers.append(pc)
    video: asyncio.Queue = asyncio.Queue()
    pc.on("track", lambda track: video.put_nowait(track) if track.kind == "video" else None)
    offer = await client.ok("rtc.subscribe", room=room, publisher_id=publisher_id)
    assert offer["mode"] == "webrtc", offer
    await pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
    await pc.setLocalDescription(await pc.createAnswer())
    await client.ok("rtc.answer", room=room, peer_id=offer["peer_id"], sdp=pc.localDescription.sdp)
    return offer["peer_id"], await asyncio.wait_for(video.get(), MEDIA_TIMEOUT)


async def publishers(client, room: str, *, present: bool, timeout: float = 40) -> list[dict]:
    """`stage.get`'s publishers (this process's and the others'), asked until there are some
    (present) or none."""
    deadline = time.monotonic() + timeout
    while True:
        listed = (await client.ok("stage.get", room=room))["publishers"]
        if bool(listed) == present:
            return listed
        assert time.monotonic() < deadline, f"publishers still {listed}"
        await asyncio.sleep(0.5)


async def until_stage(client, room: str, test, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = await client.ok("stage.get", room=room)
        if test(state):
            return state
        assert time.monotonic() < deadline, f"the stage never got there: {state}"
        await asyncio.sleep(0.5)


async def live_offset(track, started_at: float, frames: int = 25) -> float:
    """How far (seconds, modulo the video's 13-second marks, either way) what the viewer sees is
    from the live position: ~0 when it plays where the wall clock says, not from its start.
    Either way: frames arrive a little ahead of the wall clock too (the player's lead)."""
    offsets = []
    deadline = time.monotonic() + MEDIA_TIMEOUT
    while len(offsets) < frames:
        frame = await asyncio.wait_for(track.recv(), deadline - time.monotonic())
        position = time.time() - started_at
        offsets.append((position - second_of_frame(frame)) % 13)
    settled = sorted(offsets[frames // 2 :])
    offset = settled[len(settled) // 2]
    return min(offset, 13 - offset)


async def holder_of(servers, node: str, timeout: float = 20):
    """The server whose log says it plays the video. The line is logged once the publisher is
    listed in the cluster's directory, so a client can see the publisher a moment before it."""
    deadline = time.monotonic() + timeout
    while True:
        holders = [s for s in servers if f"node {node} plays" in s.output()]
        if holders:
            (holder,) = holders
            return holder
        assert time.monotonic() < deadline, f"no server says node {node} plays the video"
        await asyncio.sleep(0.2)


async def test_one_process_plays_the_video_and_another_takes_over(
    simulive_daphnes, ws_client, api_token, simulive_stage, redis_server, loopback_ice
):
    servers = list(simulive_daphnes)
    room, room_id, started_at = simulive_stage["room"], simulive_stage["room_id"], simulive_stage["started_at"]
    tokens = {
        s: await api_token(u)
        for s, u in zip(servers, (simulive_stage["viewer"], simulive_stage["organizer"]), strict=True)
    }
    lease = redis.Redis.from_url(redis_server.url)
    peers: list = []
    clients: dict = {}
    try:
        async with contextlib.AsyncExitStack() as stack:
            for server in servers:
                clients[server] = await stack.enter_async_context(ws_client(server, token=tokens[server]))
                await clients[server].ok("room.join", room=room)  # each process follows the stages

            # One publisher for the cluster, the same from both processes: the lease's holder's.
            seen = [await publishers(clients[s], room, present=True) for s in servers]
            assert seen[0] == seen[1] and len(seen[0]) == 1, seen
            (publisher,) = seen[0]
            assert publisher["user"]["id"] == 0 and set(publisher["kinds"]) == {"audio", "video"}
            node = lease.get(lease_key(room_id)).decode()
            holder = await holder_of(servers, node)
            other = next(s for s in servers if s is not holder)
            assert "simulive: node" not in other.output()  # the other process does not play it

            # A viewer on each process (one local to the holder, one through the signalling).
            for server in servers:
                _, track = await watch(clients[server], room, publisher["publisher_id"], peers)
                assert await live_offset(track, started_at) < 3  # at the live position

            # The moderator on the process that does not play it puts a speaker on, then the video again.
            moderator = clients[servers[1]]
            await moderator.ok("stage.source", room=room, source="speaker")
            for server in servers:
                await publishers(clients[server], room, present=False, timeout=20)
            assert lease.get(lease_key(room_id)) is None  # given up, not left to expire
            await moderator.ok("stage.source", room=room, source="video")
            seen = [await publishers(clients[s], room, present=True) for s in servers]
            assert seen[0] == seen[1] and len(seen[0]) == 1, seen
            (publisher,) = seen[0]
            node = lease.get(lease_key(room_id)).decode()
            holder = await holder_of(servers, node)
            other = next(s for s in servers if s is not holder)
            for server in servers:
                _, track = await watch(clients[server], room, publisher["publisher_id"], peers)
                assert await live_offset(track, started_at) < 3  # as if it had kept running
            await until_stage(clients[other], room, lambda s: s["hls_url"])  # packaged (a recording)

            # The holder dies without any cleanup: the other process takes the stage over.
            holder.kill()
            watcher = clients[other]
            deadline = time.monotonic() + 60
            while True:
                listed = (await watcher.ok("stage.get", room=room))["publishers"]
                fresh = [p for p in listed if p["publisher_id"] != publisher["publisher_id"]]
                # The new holder may list its video before the dead node's directory entry
                # expires (sfu_cluster's NODE_TTL): wait until only the new one is listed.
                if fresh and listed == fresh:
                    break
                assert time.monotonic() < deadline, f"nobody took the stage over alone: {listed}"
                await asyncio.sleep(0.5)
            (again,) = fresh
            assert lease.get(lease_key(room_id)).decode() != node
            assert await holder_of([other], lease.get(lease_key(room_id)).decode()) is other
            _, track = await watch(watcher, room, again["publisher_id"], peers)
            assert await live_offset(track, started_at) < 3  # at the live position, not from 0

            # The video's end (the scheduler's beat) ends the stage: its runs are recordings.
            from streams import simulive_services

            after = timezone.now() + timedelta(seconds=VIDEO_SECONDS)
            assert await database_sync_to_async(simulive_services.finish_due)(after)
            ended = await watcher.expect("stage.state", timeout=20, state="ended")
            assert ended["by"] is None
            state = await until_stage(watcher, room, lambda s: s["recordings"] and not s["hls_url"])
            holder.start()  # the dead process comes back: it lists the same recordings
            async with ws_client(holder, token=tokens[holder]) as back:
                await back.ok("room.join", room=room)
                assert (await back.ok("stage.get", room=room))["recordings"] == state["recordings"]
                assert (await back.ok("stage.get", room=room))["publishers"] == []
    finally:
        lease.close()
        for pc in peers:
            with contextlib.suppress(Exception):
                await pc.close()
