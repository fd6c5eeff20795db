"""Simulive in a server process: plays the pre-recorded videos of the stages that are on air
showing their video (streams.simulive_services.wanted_stages), each as a publisher of the
stage, through the same entry point as a browser's camera: a local aiortc peer connection
offers the player's tracks (streams.simulive) to `media.publish`, so the WebRTC relay, HLS
packaging (and so the recording) take it as any speaker's stream.

The scheduler (Celery beat, streams.tasks) changes the state in the database; each Daphne
process follows it by polling every `POLL_SECONDS` (started by the first `stage.get` in the
process; the scheduler's process may share no channel layer with it): it starts or stops
its players, tells HLS packaging the state, and hands its connections the stored
`stage.state` event (the live client drops an event it already had, by its seq).

In a cluster one process plays a stage: the one holding its lease (streams.simulive_lease,
renewed at each pass); its publisher is listed in the cluster's directory like a camera's
(streams.sfu_cluster), so viewers on the other processes reach it through their signalling.
A moderator's switch (`stage.source`) on any process nudges every process (topic
`simulive` on live's hub) to make a pass at once, instead of at its next poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from aiortc import RTCPeerConnection, RTCSessionDescription
from channels.db import database_sync_to_async

from live import protocol as live_protocol
from live.broadcast import envelope, hub
from live.fanout import apublish, room_topic
from streams import simulive_services
from streams.media import media, rtc_configuration
from streams.packaging import packagers
from streams.sfu_cluster import NODE, cluster
from streams.simulive import SimulivePlayer
from streams.simulive_lease import Leases

logger = logging.getLogger(__name__)

POLL_SECONDS = 2.0
# Every following process hears a moderator's switch here and makes a pass at once.
NUDGE_TOPIC = "simulive"
# How the stage's publisher list names the video (a UserRef: id 0 is nobody's account).
VIDEO_PUBLISHER = {"id": 0, "name": "Pre-recorded video · 预录视频"}


class PlayerConnection:
    """What `media.publish` takes as the publisher's connection: it only hears `rtc.closed`
    (a moderator unpublished it, the stage ended, the peer failed)."""

    def __init__(self, runtime: SimuliveRuntime, room_id: int) -> None:
        self.conn_id = f"simulive-{uuid.uuid4().hex[:12]}"
        self.runtime = runtime
        self.room_id = room_id

    async def send_frame(self, frame: Any) -> None:
        if getattr(frame, "type", "") == "rtc.closed":
            await self.runtime.closed_by_server(self.room_id, self.conn_id)

    def user_ref(self) -> None:
        return None


@dataclass(eq=False)
class Playing:
    wanted: simulive_services.Wanted
    player: SimulivePlayer
    pc: RTCPeerConnection
    conn: PlayerConnection
    publisher_id: str


class SimuliveRuntime:
    # The hub does not count it as a socket (live.broadcast.Hub.dispatch).
    internal = True

    def __init__(self) -> None:
        self.playing: dict[int, Playing] = {}
        self.task: asyncio.Task | None = None
        self.lock: asyncio.Lock | None = None
        self.announced: dict[int, int] = {}  # room id -> seq of the stage.state handed out
        self.leases = Leases(NODE)
        self.nudged: asyncio.Task | None = None

    # --- the loop ------------------------------------------------------------------------

    def ensure_running(self) -> None:
        """Start following the database in this process (idempotent)."""
        loop = asyncio.get_running_loop()
        if self.task is None or self.task.done() or self.task.get_loop() is not loop:
            self.lock = asyncio.Lock()
            self.task = loop.create_task(self._follow())

    async def _follow(self) -> None:
        try:
            await hub.subscribe(NUDGE_TOPIC, self)
        except Exception:
            logger.exception("simulive: listening for switches failed (the poll still follows them)")
        while True:
            try:
                await self.refresh()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("simulive: following the stages failed")
            await asyncio.sleep(POLL_SECONDS)

    async def refresh(self) -> None:
        """Play what should play here, stop what should not (one pass)."""
        if self.lock is None:
            self.lock = asyncio.Lock()
        async with self.lock:
            wanted = {w.room_id: w for w in await database_sync_to_async(simulive_services.wanted_stages)()}
            for room_id, playing in list(self.playing.items()):
                if wanted.get(room_id) != playing.wanted or playing.publisher_id not in media.publishers:
                    await self._stop(room_id)
                elif not await self.leases.acquire(room_id):
                    # Another process holds it now (this one was cut off past the lease's life).
                    await self._stop(room_id, release=False)
            for room_id in [r for r in self.held_without_video() if r not in wanted]:
                await self.leases.release(room_id)
            for room_id in [r for r in self.announced if r not in wanted]:
                await self._hand_state(room_id)  # e.g. the scheduler ended it
                self.announced.pop(room_id, None)
            for room_id, w in wanted.items():
                # Only the lease's holder plays it; the others' viewers reach it through
                # the cluster's signalling. A holder that died lets its lease expire: the
                # first process to pass then takes it over, at the live position.
                if room_id not in self.playing and await self.leases.acquire(room_id):
                    await self._start(w)
                await self._hand_state(room_id)

    def held_without_video(self) -> list[int]:
        return [r for r in self.leases.held if r not in self.playing]

    async def nudge(self) -> None:
        """Make every following process (this one included) pass now: a moderator switched."""
        try:
            await hub.publish(NUDGE_TOPIC, envelope(json.dumps({"op": "refresh"})))
        except Exception:
            logger.exception("simulive: nudging the other processes failed (they follow at their next poll)")

    async def deliver(self, seq: int, room_id: int, remove_room: int, frame: Any) -> None:
        if self.nudged is None or self.nudged.done():
            self.nudged = asyncio.ensure_future(self._nudged())

    async def _nudged(self) -> None:
        try:
            await self.refresh()
        except Exception:
            logger.exception("simulive: a pass after a switch failed")

    async def server_status(self, status: str, message: str) -> None:
        pass

    async def stop_all(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task
            self.task = None
        for room_id in list(self.playing):
            await self._stop(room_id)
        for room_id in list(self.leases.held):
            await self.leases.release(room_id)
        self.announced.clear()
        with contextlib.suppress(Exception):
            await hub.unsubscribe(NUDGE_TOPIC, self)
        await self.leases.close()

    # --- players -------------------------------------------------------------------------

    async def _start(self, wanted: simulive_services.Wanted) -> None:
        player = SimulivePlayer(wanted.path, started_at=wanted.started_at)
        try:
            player.start()
        except Exception:
            logger.exception("simulive: cannot open %s", wanted.path)
            await self.leases.release(wanted.room_id)
            return
        pc = RTCPeerConnection(rtc_configuration())
        conn = PlayerConnection(self, wanted.room_id)
        try:
            for track in player.tracks:
                pc.addTrack(track)
            await pc.setLocalDescription(await pc.createOffer())
            answer = await media.publish(
                conn=conn,
                room_id=wanted.room_id,
                room_slug=wanted.room_slug,
                user=dict(VIDEO_PUBLISHER),
                sdp=pc.localDescription.sdp,
            )
            await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type="answer"))
        except Exception:
            logger.exception("simulive: publishing the video of room %s failed", wanted.room_slug)
            await media.close_connection(wanted.room_id, conn.conn_id)
            player.stop()
            await pc.close()
            await self.leases.release(wanted.room_id)
            return
        self.playing[wanted.room_id] = Playing(wanted, player, pc, conn, answer["publisher_id"])
        # Listed in the cluster's directory like a camera: viewers on other processes find it.
        await cluster.published(answer["publisher_id"])
        await cluster.share_room(wanted.room_id)
        await packagers.stage_changed(wanted.room_id, wanted.room_slug, "live")
        logger.info(
            "simulive: node %s plays %s on %s from %.1f s", NODE, wanted.path, wanted.room_slug, player.start_position
        )

    async def _stop(self, room_id: int, *, release: bool = True) -> None:
        playing = self.playing.pop(room_id, None)
        if release:
            await self.leases.release(room_id)
        if playing is None:
            return
        publisher = media.publishers.get(playing.publisher_id)
        if publisher is not None:
            with contextlib.suppress(Exception):
                await media.unpublish(conn=playing.conn, room_id=room_id, publisher_id=playing.publisher_id)
        playing.player.stop()
        await playing.pc.close()

    async def closed_by_server(self, room_id: int, conn_id: str) -> None:
        """The relay closed the player's publisher (unpublished by a moderator, the stage
        ended, the peer failed): forget it; the next pass starts it again if still wanted."""
        playing = self.playing.get(room_id)
        if playing is not None and playing.conn.conn_id == conn_id:
            self.playing.pop(room_id, None)
            playing.player.stop()
            await playing.pc.close()

    # --- the state, to this process's connections ----------------------------------------

    async def _hand_state(self, room_id: int) -> None:
        stored = await database_sync_to_async(simulive_services.latest_state_event)(room_id)
        if stored is None or self.announced.get(room_id) == stored["seq"]:
            return
        self.announced[room_id] = stored["seq"]
        data = stored["data"]
        # HLS packaging follows the state as when a moderator changes it (streams.handlers).
        await packagers.stage_changed(room_id, data.get("room", ""), data.get("state", ""))
        if data.get("state") == "ended":
            await media.close_room(room_id, reason="stage_ended")
        frame = live_protocol.SERVER_FRAMES["stage.state"].build(**data)
        try:
            await apublish(room_topic(room_id), frame, seq=stored["seq"], room_id=room_id)
        except Exception:
            logger.exception("simulive: handing the stage state failed")


runtime = SimuliveRuntime()


async def on_join(room_id: int, user: Any, connection_id: str, guest_session: str) -> None:
    """The stage room kind's join hook (streams.apps): the first joiner of any stage in a
    process starts it following the simulive stages."""
    runtime.ensure_running()
