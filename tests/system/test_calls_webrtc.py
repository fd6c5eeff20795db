"""A peer-to-peer call through a real Daphne: two aiortc peers, as two people on real
WebSockets, ring, accept, exchange offer and answer through `call.signal`, and the callee
receives the caller's synthetic video directly (the server relays only the signalling).

Both peers meet on 127.0.0.1: aioice never offers loopback by itself, so this process patches
it (the server needs no media settings: no media passes through it).
"""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from channels.db import database_sync_to_async

from accounts.models import Organisation, OrganisationMembership
from tests.system.rtc import FRAMES_WANTED, HEIGHT, MEDIA_TIMEOUT, WIDTH, ColourBars, receive_frames

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def colleagues(*users) -> None:
    organisation = Organisation.objects.create(name="Calls Ltd")
    for user in users:
        OrganisationMembership.objects.create(organisation=organisation, user=user)


async def test_two_aiortc_peers_call_through_the_signalling(
    start_daphne, ws_client, api_token, make_user, loopback_ice
):
    server = start_daphne()
    anna_user, ben_user, eve_user = await make_user("anna"), await make_user("ben"), await make_user("eve")
    await database_sync_to_async(colleagues)(anna_user, ben_user)  # may call each other (streams.call_reach)
    caller_pc = RTCPeerConnection()
    callee_pc = RTCPeerConnection()
    try:
        async with (
            ws_client(server, token=await api_token(anna_user)) as anna,
            ws_client(server, token=await api_token(ben_user)) as ben,
            ws_client(server, token=await api_token(eve_user)) as eve,
        ):
            # Ring and accept.
            requested = await anna.ok("call.request", to_user_ids=[ben_user.pk], context={"booth": 3})
            call_id = requested["call_id"]
            ringing = await ben.expect("call.ringing", call_id=call_id)
            assert ringing["from"]["id"] == anna_user.pk and ringing["context"] == {"booth": 3}
            assert (await ben.ok("call.accept", call_id=call_id))["state"] == "active"
            await anna.expect("call.state", call_id=call_id, state="active")

            # The caller offers (aiortc gathers every candidate into the SDP first).
            caller_pc.addTransceiver(ColourBars(), direction="sendonly")
            await caller_pc.setLocalDescription(await caller_pc.createOffer())
            offer = {"type": "offer", "sdp": caller_pc.localDescription.sdp}
            await anna.ok("call.signal", call_id=call_id, to_user_id=ben_user.pk, data=offer)

            relayed = await ben.expect("call.signal", call_id=call_id)
            assert relayed["from_user_id"] == anna_user.pk and relayed["data"]["type"] == "offer"
            tracks: asyncio.Queue[MediaStreamTrack] = asyncio.Queue()
            callee_pc.on("track", tracks.put_nowait)
            await callee_pc.setRemoteDescription(RTCSessionDescription(sdp=relayed["data"]["sdp"], type="offer"))
            await callee_pc.setLocalDescription(await callee_pc.createAnswer())
            answer = {"type": "answer", "sdp": callee_pc.localDescription.sdp}
            await ben.ok("call.signal", call_id=call_id, to_user_id=anna_user.pk, data=answer)

            back = await anna.expect("call.signal", call_id=call_id)
            assert back["from_user_id"] == ben_user.pk and back["data"]["type"] == "answer"
            await caller_pc.setRemoteDescription(RTCSessionDescription(sdp=back["data"]["sdp"], type="answer"))

            # Media flows peer to peer: the callee decodes the caller's frames.
            track = await asyncio.wait_for(tracks.get(), MEDIA_TIMEOUT)
            assert track.kind == "video"
            frames = await receive_frames(track, FRAMES_WANTED)
            assert len(frames) >= FRAMES_WANTED
            assert (frames[-1].width, frames[-1].height) == (WIDTH, HEIGHT)

            # A third person heard nothing and cannot reach into the call.
            refused = await eve.request("call.signal", call_id=call_id, to_user_id=ben_user.pk, data=offer)
            assert refused["code"] == "not_found"
            assert not [f for f in eve.pending if f["type"].startswith("call.")]

            # The caller hangs up: the callee hears the call ended.
            assert (await anna.ok("call.hangup", call_id=call_id))["state"] == "ended"
            ended = await ben.expect("call.state", call_id=call_id, state="ended")
            assert ended["reason"] == "hung_up"
    finally:
        for pc in (caller_pc, callee_pc):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pc.close(), 5)


async def test_closing_the_socket_hangs_up(start_daphne, ws_client, api_token, make_user):
    server = start_daphne()
    anna_user, ben_user = await make_user("anna"), await make_user("ben")
    await database_sync_to_async(colleagues)(anna_user, ben_user)
    async with (
        ws_client(server, token=await api_token(anna_user)) as anna,
        ws_client(server, token=await api_token(ben_user)) as ben,
    ):
        call_id = (await anna.ok("call.request", to_user_ids=[ben_user.pk]))["call_id"]
        await ben.expect("call.ringing", call_id=call_id)
        await ben.ok("call.accept", call_id=call_id)
        ben.abort()  # the browser vanished without a close frame
        ended = await anna.expect("call.state", call_id=call_id, state="ended")
        assert ended["reason"] == "disconnected"
