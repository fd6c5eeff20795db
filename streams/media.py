"""The server's WebRTC side of stages (aiortc): publishers' peer connections, and viewers'
peer connections that relay the published tracks. One registry per process.

Viewers get the publisher's **encoded** frames, forwarded without decoding or encoding
(streams.sfu: an `EncodedFeed` per published track, a `ForwardTrack` per viewer track).
Decoded frames exist only while something reads them (HLS packaging; a re-encoding viewer,
kept for the benchmark's baseline): a publisher's remote tracks are read by a `FrameTap`
(so decoded frames never pile up), video is converted to yuv420p (MediaRelay fanning RGB
frames to several VP8 encoders crashes, aiortc #767/#1206), and a `DemandRelay` hands the
tap's frames to its readers and switches the publisher's decoder on and off with them.

A media source that is not a WebRTC peer (a file played as live) plugs in as a `Publisher`
whose taps carry an `EncodedFeed` fed with encoded frames (`EncodedFeed.take`) and a
`FrameTap` of its decoded frames for HLS: viewers forward it like a camera (docs/streams.md).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aioice.ice
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.mediastreams import MediaStreamError
from aiortc.sdp import SessionDescription, candidate_from_sdp
from django.conf import settings

from live.errors import LiveError
from live.fanout import apublish, room_topic
from live.protocol import ErrorCode
from streams import interpretation
from streams.protocol import RtcClosedFrame, RtcPublishersFrame, StageErrorCode
from streams.sfu import DemandRelay, EncodedFeed, watch_viewer_feedback

logger = logging.getLogger(__name__)

# Frames a tap keeps for a slow reader: the newest video frame, ~1 s of audio.
TAP_DEPTH = {"video": 2, "audio": 50}


# --- settings --------------------------------------------------------------------------


def ice_servers() -> list[dict[str, Any]]:
    """The server's own STUN/TURN servers (clients get theirs from streams.turn)."""
    return [dict(server) for server in settings.STREAMS["ICE_SERVERS"]]


def max_publishers() -> int:
    return settings.STREAMS["MAX_PUBLISHERS"]


def max_relay_viewers() -> int:
    return settings.STREAMS["MAX_RELAY_VIEWERS"]


def max_relay_guests() -> int:
    """Of the relay's viewers, how many may be guests (the rest is kept for people logged in)."""
    return min(settings.STREAMS["MAX_RELAY_GUEST_VIEWERS"], max_relay_viewers())


def negotiation_seconds() -> float:
    """How long a viewer's peer connection may take from the server's offer to connected."""
    return float(settings.STREAMS["RTC_NEGOTIATION_SECONDS"])


def rtc_configuration() -> RTCConfiguration:
    servers = []
    for server in ice_servers():
        servers.append(
            RTCIceServer(urls=server["urls"], username=server.get("username"), credential=server.get("credential"))
        )
    return RTCConfiguration(iceServers=servers)


def install_loopback_candidates() -> None:
    """aioice never offers 127.0.0.1; on a machine (or test sandbox) where the peers only meet
    on loopback, STREAMS_ICE_LOOPBACK=1 makes it offer it too."""
    if not settings.STREAMS["ICE_LOOPBACK"] or getattr(aioice.ice, "_pavilion_loopback", False):
        return
    original = aioice.ice.get_host_addresses

    def with_loopback(use_ipv4: bool, use_ipv6: bool) -> list[str]:
        addresses = original(use_ipv4, use_ipv6)
        if use_ipv4 and "127.0.0.1" not in addresses:
            addresses.insert(0, "127.0.0.1")
        return addresses

    aioice.ice.get_host_addresses = with_loopback
    aioice.ice._pavilion_loopback = True


# --- media -----------------------------------------------------------------------------


class FrameTap(MediaStreamTrack):
    """Drains a remote track and keeps its newest frames (video as yuv420p) for MediaRelay."""

    def __init__(self, source: MediaStreamTrack, feed: EncodedFeed | None = None) -> None:
        super().__init__()
        self.kind = source.kind
        self.source = source
        self.feed = feed  # the encoded side of the same track (None: a source decoded already)
        self.frames: collections.deque = collections.deque(maxlen=TAP_DEPTH.get(source.kind, 10))
        self.arrived = asyncio.Event()
        self.ended = False
        self.frames_in = 0
        self.task = asyncio.ensure_future(self.run())

    async def run(self) -> None:
        try:
            while True:
                frame = await self.source.recv()
                if self.kind == "video" and frame.format.name != "yuv420p":
                    converted = frame.reformat(format="yuv420p")
                    converted.pts, converted.time_base = frame.pts, frame.time_base
                    frame = converted
                self.frames.append(frame)
                self.frames_in += 1
                self.arrived.set()
        except MediaStreamError:
            pass
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("stage media: reading a published %s track failed", self.kind)
        finally:
            self.ended = True
            self.arrived.set()

    async def recv(self):
        while not self.frames:
            if self.ended or self.readyState != "live":
                raise MediaStreamError
            self.arrived.clear()
            await self.arrived.wait()
        return self.frames.popleft()

    def stop(self) -> None:
        self.task.cancel()
        super().stop()


@dataclass(eq=False)
class Peer:
    peer_id: str
    room_id: int
    room_slug: str
    conn: Any  # the LiveConsumer that negotiated it; its signalling answers go only there
    pc: RTCPeerConnection
    user: dict[str, Any] | None


@dataclass(eq=False)
class Publisher(Peer):
    taps: list[FrameTap] = field(default_factory=list)
    language: str | None = None  # an interpreter's audio for this language (streams.interpretation)
    relay: DemandRelay = field(default_factory=DemandRelay)
    viewers: set[str] = field(default_factory=set)

    @property
    def feeds(self) -> list[EncodedFeed]:
        return [tap.feed for tap in self.taps if tap.feed is not None]


@dataclass(eq=False)
class Viewer(Peer):
    publisher_id: str = ""
    deadline: asyncio.TimerHandle | None = None
    tracks: list[MediaStreamTrack] = field(default_factory=list)
    forwarded: bool = True


class StageMedia:
    def __init__(self) -> None:
        self.publishers: dict[str, Publisher] = {}
        self.viewers: dict[str, Viewer] = {}
        self.closing: set[asyncio.Task] = set()  # viewers closed by their negotiation timeout
        self.loop: asyncio.AbstractEventLoop | None = None
        # Called with the room id after a publisher came or went (streams.hls follows them).
        self.publisher_listeners: list[Callable[[int], Awaitable[None]]] = []
        # The room's publishers held by other processes (streams.sfu_cluster's directory), so
        # that `rtc.publishers`, which a client takes as the whole list, names everyone.
        self.publishers_elsewhere: Callable[[int], Awaitable[list[dict[str, Any]]]] | None = None
        # The languages interpreted on other processes, by stage (streams.sfu_cluster keeps it).
        self.interpreted_elsewhere: dict[int, frozenset[str]] = {}

    # --- queries ---------------------------------------------------------------------

    def publishers_in(self, room_id: int) -> list[dict[str, Any]]:
        return [
            {
                "publisher_id": p.peer_id,
                "user": p.user,
                "kinds": sorted({t.kind for t in p.taps}),
                "language": p.language,
                "language_name": interpretation.language_name(p.language),
            }
            for p in self.publishers.values()
            if p.room_id == room_id and p.taps
        ]

    def viewer_count(self, room_id: int, guests: bool = False) -> int:
        return sum(1 for v in self.viewers.values() if v.room_id == room_id and (not guests or v.user is None))

    def has_peers(self, room_id: int, conn_id: str | None = None) -> bool:
        return any(
            p.room_id == room_id and (conn_id is None or p.conn.conn_id == conn_id)
            for p in [*self.publishers.values(), *self.viewers.values()]
        )

    def peer(self, peer_id: str, conn, room_id: int) -> Peer:
        found = self.publishers.get(peer_id) or self.viewers.get(peer_id)
        if found is None or found.room_id != room_id or found.conn is not conn:
            raise LiveError(ErrorCode.NOT_FOUND, f"No peer connection {peer_id!r} of yours in this room.")
        return found

    # --- publishing ------------------------------------------------------------------

    async def publish(
        self, *, conn, room_id: int, room_slug: str, user: dict[str, Any] | None, sdp: str, language: str | None = None
    ) -> dict:
        """A speaker's camera/microphone, or (`language`) an interpreter's audio for that
        language: audio only, Opus, one per language and stage, not counted in the limit."""
        self.loop = asyncio.get_running_loop()
        limit = max_publishers()
        if language is not None:
            if self.interpreters(room_id).get(language) is not None:
                raise LiveError(
                    ErrorCode.INVALID_STATE,
                    f"An interpreter already publishes {language!r} on this stage; they unpublish first.",
                )
        elif sum(1 for p in self.publishers.values() if p.room_id == room_id and p.language is None) >= limit:
            raise LiveError(StageErrorCode.PUBLISHER_LIMIT, f"At most {limit} publishers per stage.", limit=limit)
        publisher = Publisher(
            uuid.uuid4().hex[:16], room_id, room_slug, conn, RTCPeerConnection(rtc_configuration()), user
        )
        publisher.language = language
        self.publishers[publisher.peer_id] = publisher  # holds the slot while negotiating

        @publisher.pc.on("track")
        def on_track(track: MediaStreamTrack) -> None:
            publisher.taps.append(FrameTap(track, hook_receiver(publisher.pc, track)))

        self._watch(publisher)
        try:
            kinds = {m.kind for m in SessionDescription.parse(sdp).media}
            if not kinds & {"audio", "video"}:
                raise ValueError("no audio or video section")
            if language is not None and kinds != {"audio"}:
                raise ValueError("an interpretation is audio only (one audio section, no video)")
            await publisher.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
            await publisher.pc.setLocalDescription(await publisher.pc.createAnswer())
            if language is not None and not all(f.codec and f.codec.name.lower() == "opus" for f in publisher.feeds):
                raise ValueError("an interpretation is sent as Opus")
        except Exception as error:
            await self._close_publisher(publisher, reason=None)
            if isinstance(error, LiveError):
                raise
            raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'sdp': not a usable offer ({error})") from error
        if publisher.peer_id not in self.publishers:
            raise LiveError(ErrorCode.INVALID_STATE, "The connection closed while negotiating.")
        await self._publishers_changed(room_id)  # into the directory first: others announce it too
        await self._announce(room_id, room_slug)
        if language is not None:
            self.retune_room(room_id)
        return {"publisher_id": publisher.peer_id, "sdp": publisher.pc.localDescription.sdp, "sdp_type": "answer"}

    async def unpublish(self, *, conn, room_id: int, publisher_id: str, moderator: bool = False) -> None:
        publisher = self.publishers.get(publisher_id)
        if publisher is None or publisher.room_id != room_id or (publisher.conn is not conn and not moderator):
            raise LiveError(ErrorCode.NOT_FOUND, f"No publisher {publisher_id!r} of yours in this room.")
        await self._close_publisher(publisher, reason="unpublished", tell_owner=publisher.conn is not conn)

    def publishers_of(self, conn, room_id: int) -> list[Publisher]:
        return [p for p in self.publishers.values() if p.conn is conn and p.room_id == room_id]

    async def end_publisher(self, publisher: Publisher, reason: str) -> None:
        """Stop a publisher from outside its own signalling (its right ended); its owner hears
        `rtc.closed` with `reason`."""
        await self._close_publisher(publisher, reason=reason, tell_owner=True)

    # --- viewing ---------------------------------------------------------------------

    async def subscribe(
        self,
        *,
        conn,
        room_id: int,
        room_slug: str,
        user,
        publisher_id: str,
        forward: bool = True,
        language: str | None = None,
    ) -> dict:
        """A viewer peer connection for one publisher, forwarding its encoded frames
        (`forward=False`: decoded and encoded again for this viewer, the old relay, which
        bench.media measures as the baseline). One per connection and publisher: a
        second subscription replaces the first (`rtc.closed` reason `replaced`). Guests may
        hold only `max_relay_guests()` of the relay's places (`viewer_limit` past it, so they
        go to HLS). An offer not answered and connected within `negotiation_seconds()` is
        closed (`rtc.closed` reason `timeout`), so it holds no place for long. `language`:
        hear that language's interpreter instead of the original (streams.interpretation)."""
        self.loop = asyncio.get_running_loop()
        publisher = self.publishers.get(publisher_id)
        if publisher is None or publisher.room_id != room_id or not publisher.taps:
            raise LiveError(ErrorCode.NOT_FOUND, f"No publisher {publisher_id!r} on this stage (on this server).")
        if publisher.language is not None:
            raise LiveError(
                ErrorCode.INVALID_FIELDS,
                f"field 'publisher_id': {publisher_id!r} is an interpretation; subscribe to the speaker with "
                "'language' instead.",
            )
        for earlier in [v for v in self.viewers.values() if v.conn is conn and v.publisher_id == publisher_id]:
            await self._close_viewer(earlier, reason="replaced")
        limit = max_relay_viewers()
        if self.viewer_count(room_id) >= limit:
            raise LiveError(
                StageErrorCode.VIEWER_LIMIT, f"The stage's WebRTC relay is full ({limit} viewers).", limit=limit
            )
        guest_limit = max_relay_guests()
        if user is None and self.viewer_count(room_id, guests=True) >= guest_limit:
            raise LiveError(
                StageErrorCode.VIEWER_LIMIT,
                f"The stage's WebRTC relay has no place for guests ({guest_limit}); log in, or watch HLS.",
                limit=guest_limit,
            )
        viewer = Viewer(
            uuid.uuid4().hex[:16], room_id, room_slug, conn, RTCPeerConnection(rtc_configuration()), user, publisher_id
        )
        viewer.forwarded = forward and len(publisher.feeds) == len(publisher.taps)
        self.viewers[viewer.peer_id] = viewer
        publisher.viewers.add(viewer.peer_id)
        self._watch(viewer)
        viewer.deadline = self.loop.call_later(negotiation_seconds(), self._negotiation_overdue, viewer)
        try:
            for tap in publisher.taps:
                if viewer.forwarded:
                    track = tap.feed.subscribe()
                    if tap.kind == "audio":
                        track = interpretation.LanguageTrack(track)
                        track.language = language
                    transceiver = viewer.pc.addTransceiver(track, direction="sendonly")
                    if preferences := tap.feed.codec_preferences():
                        transceiver.setCodecPreferences(preferences)
                    watch_viewer_feedback(transceiver.sender, track)
                else:
                    track = publisher.relay.subscribe(tap, buffered=False)
                    viewer.pc.addTransceiver(track, direction="sendonly")
                viewer.tracks.append(track)
            self.retune_room(room_id)
            await viewer.pc.setLocalDescription(await viewer.pc.createOffer())
        except Exception:
            await self._close_viewer(viewer, reason=None)
            raise
        return {"peer_id": viewer.peer_id, "sdp": viewer.pc.localDescription.sdp, "sdp_type": "offer"}

    def speakers_in(self, room_id: int) -> list[Publisher]:
        """The stage's publishers here that are speakers (not interpretations)."""
        return [p for p in self.publishers.values() if p.room_id == room_id and p.language is None]

    def interpreters(self, room_id: int) -> dict[str, Publisher]:
        return {p.language: p for p in self.publishers.values() if p.room_id == room_id and p.language and p.taps}

    def retune_room(self, room_id: int) -> None:
        """An interpreter came or went: every viewer of the stage hears its language anew."""
        viewers = [v for v in self.viewers.values() if v.room_id == room_id]
        elsewhere = self.interpreted_elsewhere.get(room_id, frozenset())
        interpretation.retune_stage(viewers, self.interpreters(room_id), elsewhere)

    def set_interpreted_elsewhere(self, room_id: int, languages: frozenset[str]) -> None:
        """What other processes interpret this stage into (their viewers' peers carry it)."""
        if self.interpreted_elsewhere.get(room_id, frozenset()) == languages:
            return
        if languages:
            self.interpreted_elsewhere[room_id] = languages
        else:
            self.interpreted_elsewhere.pop(room_id, None)
        self.retune_room(room_id)

    async def set_language(self, *, conn, room_id: int, peer_id: str, language: str | None) -> dict:
        """Switch a viewer's audio on the fly (no renegotiation: streams.interpretation)."""
        viewer = self.viewers.get(peer_id)
        if viewer is None or viewer.room_id != room_id or viewer.conn is not conn:
            raise LiveError(ErrorCode.NOT_FOUND, f"No viewer peer connection {peer_id!r} of yours in this room.")
        track = interpretation.language_track(viewer)
        if track is None:
            raise LiveError(ErrorCode.INVALID_STATE, "This viewer has no forwarded audio to interpret.")
        track.language = language
        self.retune_room(room_id)  # the connection's other peers may carry it now, or stop
        return {"peer_id": peer_id, "language": language, "interpreted": track.interpreted_by is not None}

    def _negotiation_overdue(self, viewer: Viewer) -> None:
        viewer.deadline = None
        if self.viewers.get(viewer.peer_id) is viewer and viewer.pc.connectionState != "connected":
            task = asyncio.ensure_future(self._close_viewer(viewer, reason="timeout"))
            self.closing.add(task)
            task.add_done_callback(self.closing.discard)

    async def answer(self, *, conn, room_id: int, peer_id: str, sdp: str) -> None:
        viewer = self.viewers.get(peer_id)
        if viewer is None or viewer.room_id != room_id or viewer.conn is not conn:
            raise LiveError(ErrorCode.NOT_FOUND, f"No viewer peer connection {peer_id!r} of yours in this room.")
        if viewer.pc.signalingState != "have-local-offer":
            raise LiveError(ErrorCode.INVALID_STATE, "This peer connection is not waiting for an answer.")
        try:
            await viewer.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))
        except Exception as error:
            raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'sdp': not a usable answer ({error})") from error

    async def leave(self, *, conn, room_id: int, peer_id: str) -> None:
        viewer = self.viewers.get(peer_id)
        if viewer is None or viewer.room_id != room_id or viewer.conn is not conn:
            raise LiveError(ErrorCode.NOT_FOUND, f"No viewer peer connection {peer_id!r} of yours in this room.")
        await self._close_viewer(viewer, reason=None)

    async def add_ice(self, *, conn, room_id: int, peer_id: str, candidate: str, sdp_mid, sdp_mline_index) -> None:
        peer = self.peer(peer_id, conn, room_id)
        if not candidate:
            return  # end of candidates: aiortc needs no notice
        try:
            parsed = candidate_from_sdp(candidate.removeprefix("a=").removeprefix("candidate:"))
        except Exception as error:
            raise LiveError(ErrorCode.INVALID_FIELDS, "field 'candidate': not an ICE candidate line") from error
        parsed.sdpMid = sdp_mid
        parsed.sdpMLineIndex = sdp_mline_index if sdp_mline_index is not None else 0
        if parsed.sdpMid is None:
            parsed.sdpMid = "0"
        with contextlib.suppress(Exception):
            await peer.pc.addIceCandidate(parsed)

    # --- closing ---------------------------------------------------------------------

    async def close_connection(self, room_id: int, conn_id: str) -> None:
        """The connection left the room or the socket closed: close its peers there."""
        for publisher in [p for p in self.publishers.values() if p.room_id == room_id and p.conn.conn_id == conn_id]:
            await self._close_publisher(publisher, reason="publisher_left")
        for viewer in [v for v in self.viewers.values() if v.room_id == room_id and v.conn.conn_id == conn_id]:
            await self._close_viewer(viewer, reason=None)

    async def close_room(self, room_id: int, reason: str) -> None:
        for publisher in [p for p in self.publishers.values() if p.room_id == room_id]:
            await self._close_publisher(publisher, reason=reason, tell_owner=True)

    async def close_all(self) -> None:
        for publisher in list(self.publishers.values()):
            await self._close_publisher(publisher, reason=None)
        for viewer in list(self.viewers.values()):
            await self._close_viewer(viewer, reason=None)
        self.interpreted_elsewhere.clear()

    async def _close_publisher(self, publisher: Publisher, *, reason: str | None, tell_owner: bool = False) -> None:
        if self.publishers.pop(publisher.peer_id, None) is None:
            return
        announced = bool(publisher.taps)
        # Its viewers hear why: the stage ended, or their publisher is gone (left, unpublished, failed).
        viewer_reason = None if reason is None else ("stage_ended" if reason == "stage_ended" else "publisher_left")
        for viewer_id in list(publisher.viewers):
            viewer = self.viewers.get(viewer_id)
            if viewer is not None:
                await self._close_viewer(viewer, reason=viewer_reason)
        for tap in publisher.taps:
            if tap.feed is not None:
                tap.feed.end()
            tap.stop()
        await publisher.pc.close()
        if tell_owner and reason:
            await self._tell(publisher, reason)
        await self._publishers_changed(publisher.room_id)
        if announced:
            await self._announce(publisher.room_id, publisher.room_slug)
        if publisher.language is not None:
            self.retune_room(publisher.room_id)

    async def _publishers_changed(self, room_id: int) -> None:
        for listener in self.publisher_listeners:
            try:
                await listener(room_id)
            except Exception:
                logger.exception("stage media: a publisher listener failed")

    async def _close_viewer(self, viewer: Viewer, *, reason: str | None) -> None:
        if self.viewers.pop(viewer.peer_id, None) is None:
            return
        if viewer.deadline is not None:
            viewer.deadline.cancel()
            viewer.deadline = None
        publisher = self.publishers.get(viewer.publisher_id)
        if publisher is not None:
            publisher.viewers.discard(viewer.peer_id)
        for track in viewer.tracks:
            track.stop()
        if (track := interpretation.language_track(viewer)) is not None and track.language is not None:
            self.retune_room(viewer.room_id)  # it may have carried the language: another peer does
        await viewer.pc.close()
        if reason:
            await self._tell(viewer, reason)

    async def _tell(self, peer: Peer, reason: str) -> None:
        frame = RtcClosedFrame.build(room=peer.room_slug, peer_id=peer.peer_id, reason=reason)
        with contextlib.suppress(Exception):
            await peer.conn.send_frame(frame)

    async def _announce(self, room_id: int, room_slug: str) -> None:
        """`rtc.publishers` to the whole room: this process's publishers and, from the
        cluster's directory, every other live process's (a speaker here and the stage's video
        or another speaker there are one list; a client replaces its list with it)."""
        publishers = self.publishers_in(room_id)
        if self.publishers_elsewhere is not None:
            try:
                here = {p["publisher_id"] for p in publishers}
                publishers += [p for p in await self.publishers_elsewhere(room_id) if p["publisher_id"] not in here]
            except Exception:  # the directory unreachable: this process's list, as before
                logger.exception("stage media: reading other processes' publishers failed")
        frame = RtcPublishersFrame.build(room=room_slug, publishers=publishers)
        try:
            await apublish(room_topic(room_id), frame, room_id=room_id)
        except Exception:
            logger.exception("stage media: announcing publishers failed")

    def _watch(self, peer: Peer) -> None:
        @peer.pc.on("connectionstatechange")
        async def on_state() -> None:
            if peer.pc.connectionState != "failed":
                return
            if isinstance(peer, Publisher):
                await self._close_publisher(peer, reason="failed", tell_owner=True)
            else:
                await self._close_viewer(peer, reason="failed")


def hook_receiver(pc: RTCPeerConnection, track: MediaStreamTrack) -> EncodedFeed | None:
    """The encoded feed of a remote track, hooked before its receiver's decoder (in the
    `track` event, before aiortc starts the decoder thread)."""
    for transceiver in pc.getTransceivers():
        if transceiver.receiver.track is track:
            codecs = [c for c in transceiver._codecs if not c.mimeType.lower().endswith("/rtx")]
            return EncodedFeed.install(track.kind, transceiver.receiver, codecs[0] if codecs else None)
    return None


media = StageMedia()
