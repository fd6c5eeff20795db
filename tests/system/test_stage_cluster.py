"""The stage relay across processes (issue 16): a speaker publishes on one Daphne; aiortc
viewers on that process and on another one watch it (the other's signalling goes through
Redis to the publisher's process, media flows from there); the publisher's process is
killed: the remote viewer is told, and watches again once the speaker is back."""

from __future__ import annotations

import contextlib

import pytest

from tests.system.fixtures_sfu import cluster_stage, publish, two_daphnes, watch  # noqa: F401 (fixtures)
from tests.system.rtc import centre_luma, receive_frames

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


async def test_viewers_on_both_processes_and_publisher_process_killed(
    two_daphnes,  # noqa: F811
    ws_client,
    api_token,
    cluster_stage,  # noqa: F811
    loopback_ice,
):
    first, second = two_daphnes
    room = cluster_stage["room"]
    tokens = [await api_token(u) for u in (cluster_stage["speaker"], *cluster_stage["viewers"])]
    peers: list = []
    try:
        async with ws_client(second, token=tokens[2]) as remote:
            await remote.ok("room.join", room=room)
            async with ws_client(first, token=tokens[0]) as speaker, ws_client(first, token=tokens[1]) as local:
                await speaker.ok("room.join", room=room)
                await local.ok("room.join", room=room)
                await speaker.ok("stage.set_state", room=room, state="live")
                publisher_id = await publish(speaker, room, peers)
                # The announcement reaches the other process's sockets through Redis.
                announced = await remote.expect("rtc.publishers", where=lambda f: f["publishers"])
                assert announced["publishers"][0]["publisher_id"] == publisher_id
                # stage.get on the other process lists it too (latecomers find it there).
                listed = (await remote.ok("stage.get", room=room))["publishers"]
                assert [p["publisher_id"] for p in listed] == [publisher_id]

                _, local_track = await watch(local, room, publisher_id, peers)
                remote_peer, remote_track = await watch(remote, room, publisher_id, peers)
                for track in (local_track, remote_track):
                    frames = await receive_frames(track, 10)
                    assert len({centre_luma(f) for f in frames}) > 1

                # A trickled candidate and a stranger's use of the peer id, from the remote side.
                await remote.ok("rtc.ice", room=room, peer_id=remote_peer, candidate="", sdp_mid="0")
                stolen = await local.request("rtc.leave", room=room, peer_id=remote_peer)
                assert stolen["code"] == "not_found"

                first.kill()  # the publisher's process dies without any cleanup
            closed = await remote.expect("rtc.closed", timeout=40, peer_id=remote_peer)
            assert closed["reason"] == "publisher_left"
            assert (await remote.ok("stage.get", room=room))["publishers"] == []

            # The process comes back; the speaker publishes again; the remote viewer resubscribes.
            first.start()
            async with ws_client(first, token=tokens[0]) as speaker:
                await speaker.ok("room.join", room=room)
                again = await publish(speaker, room, peers)
                assert again != publisher_id
                await remote.expect("rtc.publishers", timeout=20, where=lambda f: f["publishers"])
                _, track = await watch(remote, room, again, peers)
                frames = await receive_frames(track, 10)
                assert len({centre_luma(f) for f in frames}) > 1
                await remote.ok("rtc.leave", room=room, peer_id=_)
    finally:
        for pc in peers:
            with contextlib.suppress(Exception):
                await pc.close()
