"""TURN through a real coturn (Debian `coturn`, `use-auth-secret`): Pavilion issues
short-lived credentials in the TURN REST form in the call answers (streams.turn); two aiortc
peers that may only use relay candidates connect through coturn with them, and credentials
that have expired get no relay (coturn answers 401) and so no connection.

coturn runs on 127.0.0.1 and free ports, in the foreground (no daemon, no TLS, no CLI), with
a secret made up per test and its log in the test's directory; it must allow loopback peers,
since both relayed ends live on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import secrets
import shutil
import time
from pathlib import Path

import pytest
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCIceServer,
    RTCIceTransportPolicy,
    RTCPeerConnection,
    RTCSessionDescription,
)
from channels.db import database_sync_to_async

from accounts.models import Organisation, OrganisationMembership
from tests.system.conftest import ServerProcess, free_port
from tests.system.rtc import FRAMES_WANTED, MEDIA_TIMEOUT, ColourBars, receive_frames

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

TURNSERVER = shutil.which("turnserver") or "/usr/bin/turnserver"


class CoturnServer(ServerProcess):
    name = "coturn"

    def __init__(self, port: int, log_dir: Path, secret: str) -> None:
        super().__init__(port, log_dir)
        self.secret = secret
        self.turn_log = log_dir / f"turnserver-{port}.log"
        self.relay_ports = random.randrange(49152, 64000)

    def command(self) -> list[str]:
        work = self.turn_log.parent
        return [
            TURNSERVER,
            "-n",  # no configuration file: everything is here
            "--listening-ip=127.0.0.1",
            f"--listening-port={self.port}",
            "--relay-ip=127.0.0.1",
            f"--min-port={self.relay_ports}",
            f"--max-port={self.relay_ports + 400}",
            "--use-auth-secret",
            f"--static-auth-secret={self.secret}",
            "--realm=pavilion.test",
            "--no-tls",
            "--no-dtls",
            "--no-cli",
            "--allow-loopback-peers",  # both relayed ends are on 127.0.0.1 here
            "--fingerprint",
            "--verbose",
            f"--log-file={self.turn_log}",
            "--simple-log",
            "--no-stdout-log",
            f"--pidfile={work / f'turnserver-{self.port}.pid'}",
            f"--db={work / f'turndb-{self.port}'}",
        ]

    def turn_output(self) -> str:
        try:
            return self.turn_log.read_text(errors="replace")
        except FileNotFoundError:
            return ""


@pytest.fixture
def coturn(server_logs):
    assert Path(TURNSERVER).exists(), "coturn is not installed: run scripts/setup-test-deps.sh"
    server = CoturnServer(free_port(), server_logs, secrets.token_hex(16))
    server.start()
    yield server
    server.stop()


def colleagues(*users) -> None:
    organisation = Organisation.objects.create(name="Calls Ltd")
    for user in users:
        OrganisationMembership.objects.create(organisation=organisation, user=user)


def relay_only(ice_servers: list[dict]) -> RTCPeerConnection:
    servers = [
        RTCIceServer(urls=s["urls"], username=s.get("username"), credential=s.get("credential")) for s in ice_servers
    ]
    return RTCPeerConnection(RTCConfiguration(iceServers=servers, iceTransportPolicy=RTCIceTransportPolicy.RELAY))


def turn_entry(ice_servers: list[dict]) -> dict:
    (entry,) = [s for s in ice_servers if s.get("credential")]
    return entry


def candidates(sdp: str) -> list[str]:
    return [line for line in sdp.splitlines() if line.startswith("a=candidate:")]


async def test_a_call_relayed_through_coturn_with_issued_credentials(
    start_daphne, ws_client, api_token, make_user, coturn
):
    turn_url = f"turn:127.0.0.1:{coturn.port}?transport=udp"
    server = start_daphne({"TURN_URLS": turn_url, "TURN_SECRET": coturn.secret, "TURN_TTL": "600"})
    anna, ben = await make_user("anna"), await make_user("ben")
    await database_sync_to_async(colleagues)(anna, ben)
    pcs: list[RTCPeerConnection] = []
    try:
        async with (
            ws_client(server, token=await api_token(anna)) as caller,
            ws_client(server, token=await api_token(ben)) as callee,
        ):
            requested = await caller.ok("call.request", to_user_ids=[ben.pk])
            call_id = requested["call_id"]
            await callee.expect("call.ringing", call_id=call_id)
            accepted = await callee.ok("call.accept", call_id=call_id)

            # Each person got credentials of their own: "<expiry>:<user id>", expiring in the future.
            mine, theirs = turn_entry(requested["ice_servers"]), turn_entry(accepted["ice_servers"])
            assert mine["urls"] == theirs["urls"] == [turn_url]
            for entry, user in ((mine, anna), (theirs, ben)):
                expiry, subject = entry["username"].split(":")
                assert subject == str(user.pk) and int(expiry) > time.time()

            caller_pc, callee_pc = relay_only(requested["ice_servers"]), relay_only(accepted["ice_servers"])
            pcs += [caller_pc, callee_pc]
            caller_pc.addTransceiver(ColourBars(), direction="sendonly")
            await caller_pc.setLocalDescription(await caller_pc.createOffer())
            offered = candidates(caller_pc.localDescription.sdp)
            assert offered and all(" typ relay " in c for c in offered), offered
            offer = {"type": "offer", "sdp": caller_pc.localDescription.sdp}
            await caller.ok("call.signal", call_id=call_id, to_user_id=ben.pk, data=offer)

            relayed = await callee.expect("call.signal", call_id=call_id)
            tracks: asyncio.Queue[MediaStreamTrack] = asyncio.Queue()
            callee_pc.on("track", tracks.put_nowait)
            await callee_pc.setRemoteDescription(RTCSessionDescription(sdp=relayed["data"]["sdp"], type="offer"))
            await callee_pc.setLocalDescription(await callee_pc.createAnswer())
            answered = candidates(callee_pc.localDescription.sdp)
            assert answered and all(" typ relay " in c for c in answered), answered
            answer = {"type": "answer", "sdp": callee_pc.localDescription.sdp}
            await callee.ok("call.signal", call_id=call_id, to_user_id=anna.pk, data=answer)
            back = await caller.expect("call.signal", call_id=call_id)
            await caller_pc.setRemoteDescription(RTCSessionDescription(sdp=back["data"]["sdp"], type="answer"))

            # Media flows, and only through coturn (neither end has another candidate).
            track = await asyncio.wait_for(tracks.get(), MEDIA_TIMEOUT)
            frames = await receive_frames(track, FRAMES_WANTED)
            assert len(frames) >= FRAMES_WANTED
            assert caller_pc.connectionState == "connected"
            log = coturn.turn_output()
            for entry in (mine, theirs):
                assert f"user <{entry['username']}>" in log, log[-3000:]
            assert "ALLOCATE processed, success" in log
    finally:
        for pc in pcs:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pc.close(), 5)


async def test_expired_credentials_get_no_relay(start_daphne, ws_client, api_token, make_user, coturn):
    turn_url = f"turn:127.0.0.1:{coturn.port}?transport=udp"
    # Credentials issued already expired (a negative lifetime): what a peer holds after TURN_TTL.
    server = start_daphne({"TURN_URLS": turn_url, "TURN_SECRET": coturn.secret, "TURN_TTL": "-60"})
    anna, ben = await make_user("anna"), await make_user("ben")
    await database_sync_to_async(colleagues)(anna, ben)
    pc = None
    try:
        async with (
            ws_client(server, token=await api_token(anna)) as caller,
            ws_client(server, token=await api_token(ben)),
        ):
            requested = await caller.ok("call.request", to_user_ids=[ben.pk])
            entry = turn_entry(requested["ice_servers"])
            assert int(entry["username"].split(":")[0]) < time.time()
            pc = relay_only(requested["ice_servers"])
            pc.addTransceiver(ColourBars(), direction="sendonly")
            await pc.setLocalDescription(await pc.createOffer())
            # coturn refused the allocation (401): no relay candidate, so nothing to connect with.
            assert candidates(pc.localDescription.sdp) == []
            log = coturn.turn_output()
            assert f"Cannot find credentials of user <{entry['username']}>" in log, log[-3000:]
            assert "ALLOCATE processed, success" not in log
    finally:
        if pc is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pc.close(), 5)
