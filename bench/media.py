"""Stage media benchmark: viewers per core on the WebRTC relay (forwarding against the
re-encoding relay, in the same run), negotiation time, HLS cost.

    .venv/bin/python -m bench.media [--viewers 4,16,32] [--reencode-viewers 1,2,4] [--seconds 8]
                                    [--size 640x480] [--fps 30]

A *server* child process runs the stage's real media code (streams.media.StageMedia and
streams.hls.StagePackagers, no database, no sockets but one JSON-lines control channel on
loopback); this process plays the speaker (a synthetic camera, aiortc) and the viewers
(aiortc peers counting the complete encoded frames they receive: their receivers are hooked
like the server's, streams.sfu, so that this process can hold dozens of viewers without
decoding each). The server's CPU is read from /proc, so the viewers (in this process) are
not counted against it.

Phases, each measured over `--seconds` after a warm-up:
  1. publisher only: the server forwards nothing and decodes nothing (the baseline);
  2. publisher decoded (one reader of decoded frames): the decoding cost;
  3. publisher + HLS packaging: HLS cost = extra server CPU s per media s over phase 1;
  4. N re-encoding viewers (the relay before issue 16: decoded once, VP8-encoded for each
     viewer): extra server CPU per viewer over phase 2 → viewers per core;
  5. N forwarding viewers (the publisher's encoded frames packed for each viewer): extra
     server CPU per viewer over phase 1 → viewers per core, and the ratio to phase 4.
Negotiation: offer→connected of a viewer through the server, against a direct aiortc
peer-to-peer connection (both ends in this process) measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import child_setup, cpu_seconds, free_port, machine_busy_seconds, wait_port

REPO = Path(__file__).resolve().parent.parent
WARM_UP = 3.0
CONNECT_TIMEOUT = 30.0


# --- the server process --------------------------------------------------------------------


class BenchConnection:
    """Stands in for the consumer a peer was negotiated on (identity and a place to tell).
    One per viewer: a connection holds one viewer per publisher (a second one replaces it)."""

    def __init__(self, conn_id: str = "bench") -> None:
        self.conn_id = conn_id

    async def send_frame(self, frame: dict[str, Any]) -> None:
        pass


async def serve(port: int, hls_root: str) -> None:
    os.environ.update(DJANGO_SETTINGS_MODULE="config.settings", STREAMS_ICE_LOOPBACK="1", STREAMS_HLS_ROOT=hls_root)
    os.environ["STREAMS_MAX_RELAY_VIEWERS"] = os.environ["STREAMS_MAX_RELAY_GUEST_VIEWERS"] = "100000"
    os.environ.setdefault("DEBUG", "1")  # a measurement on a development machine
    import django

    django.setup()
    from streams import media as media_module
    from streams.hls import StagePackagers

    async def no_announce(room_id: int, room_slug: str) -> None:
        pass  # no room, no hub: the benchmark measures media only

    stage = media_module.StageMedia()
    stage._announce = no_announce
    packagers = StagePackagers(stage)
    conn = BenchConnection()
    viewer_conns: dict[str, BenchConnection] = {}
    decoders: list[asyncio.Task] = []

    async def drain(track) -> None:
        with contextlib.suppress(Exception):
            while True:
                await track.recv()

    async def handle(request: dict[str, Any]) -> dict[str, Any]:
        command = request["command"]
        if command == "publish":
            return await stage.publish(conn=conn, room_id=1, room_slug="bench", user=None, sdp=request["sdp"])
        if command == "subscribe":
            viewer_conn = BenchConnection(f"viewer-{len(viewer_conns)}")
            offer = await stage.subscribe(
                conn=viewer_conn,
                room_id=1,
                room_slug="bench",
                user=None,
                publisher_id=request["publisher_id"],
                forward=request.get("forward", True),
            )
            viewer_conns[offer["peer_id"]] = viewer_conn
            return offer
        if command == "decode":
            for reader in decoders:
                reader.cancel()
            decoders.clear()
            if request["on"]:
                for publisher in stage.publishers.values():
                    for tap in publisher.taps:
                        decoders.append(asyncio.ensure_future(drain(publisher.relay.subscribe(tap))))
            return {}
        if command == "answer":
            await stage.answer(
                conn=viewer_conns[request["peer_id"]], room_id=1, peer_id=request["peer_id"], sdp=request["sdp"]
            )
            return {}
        if command == "leave":
            await stage.leave(conn=viewer_conns.pop(request["peer_id"]), room_id=1, peer_id=request["peer_id"])
            return {}
        if command == "hls":
            await packagers.stage_changed(1, "bench", "live" if request["on"] else "ended")
            run = packagers.runs.get(1)
            return {"frames": run.encoder.video_frames if run else None}
        if command == "stats":
            run = packagers.runs.get(1)
            feeds = [f.frames_in for p in stage.publishers.values() for f in p.feeds if f.kind == "video"]
            taps = [tap.frames_in for p in stage.publishers.values() for tap in p.taps if tap.kind == "video"]
            requests = [f.keyframe_requests for p in stage.publishers.values() for f in p.feeds]
            sent = [t.frames_out for p in stage.publishers.values() for f in p.feeds for t in f.tracks]
            return {
                "published_frames": sum(feeds),
                "decoded_frames": sum(taps),
                "keyframe_requests": sum(requests),
                "forwarded_frames": sent,
                "hls_frames": run.encoder.video_frames if run else 0,
            }
        raise ValueError(command)

    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while line := await reader.readline():
            try:
                reply = {"ok": await handle(json.loads(line))}
            except Exception as error:  # the orchestrator prints it
                reply = {"error": repr(error)}
            writer.write(json.dumps(reply).encode() + b"\n")
            await writer.drain()

    server = await asyncio.start_server(client, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


# --- this process: speaker, viewers, measurements ------------------------------------------


class Control:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def call(self, command: str, **fields: Any) -> dict[str, Any]:
        self.writer.write(json.dumps({"command": command, **fields}).encode() + b"\n")
        reply = json.loads(await asyncio.wait_for(self.reader.readline(), CONNECT_TIMEOUT))
        if "error" in reply:
            raise RuntimeError(f"server: {command}: {reply['error']}")
        return reply["ok"]


class MovingCamera:
    """A synthetic camera whose picture moves: a textured image (random blocks, smoothed)
    panned a few pixels per frame, so the encoders do real motion work (a flat colour
    costs VP8/H.264 almost nothing and would flatter every figure)."""

    def __new__(cls, width: int, height: int, fps: int):
        import fractions

        import av
        import numpy as np
        from aiortc import MediaStreamTrack

        rng = np.random.default_rng(7)
        blocks = rng.integers(16, 236, size=(height // 8 + 1, (2 * width) // 8 + 1), dtype=np.uint8)
        texture = np.kron(blocks, np.ones((8, 8), dtype=np.uint8))[:height, : 2 * width]
        texture = ((texture.astype(np.uint16) + np.roll(texture, 3, axis=1)) // 2).astype(np.uint8)
        chroma = np.full((height // 2, width // 2), 128, dtype=np.uint8)

        class Track(MediaStreamTrack):
            kind = "video"

            def __init__(self) -> None:
                super().__init__()
                self.count, self.started = 0, None

            async def recv(self):
                if self.started is None:
                    self.started = time.monotonic()
                wait = self.started + self.count / fps - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                shift = (self.count * 4) % width
                luma = texture[:, shift : shift + width]
                frame = av.VideoFrame.from_ndarray(
                    np.concatenate([luma, chroma.reshape(-1, width), chroma.reshape(-1, width)]), format="yuv420p"
                )
                frame.pts = self.count * (90000 // fps)
                frame.time_base = fractions.Fraction(1, 90000)
                self.count += 1
                return frame

        return Track()


def camera(width: int, height: int, fps: int):
    return MovingCamera(width, height, fps)


class Viewer:
    """A viewer peer that counts complete encoded video frames (its receiver hooked like the
    server's, so it decodes nothing)."""

    def __init__(self) -> None:
        from aiortc import RTCPeerConnection

        self.pc = RTCPeerConnection()
        self.feed = None
        self.connected = asyncio.Event()
        self.reader: asyncio.Task | None = None
        self.peer_id = ""

        @self.pc.on("connectionstatechange")
        def on_state() -> None:
            if self.pc.connectionState == "connected":
                self.connected.set()

        @self.pc.on("track")
        def on_track(track) -> None:
            from streams.media import hook_receiver

            if track.kind == "video":
                self.feed = hook_receiver(self.pc, track)

    @property
    def frames(self) -> int:
        return self.feed.frames_in if self.feed is not None else 0


async def subscribe(control: Control, publisher_id: str, forward: bool = True) -> tuple[Viewer, float]:
    """A viewer through the server; returns it and its offer→connected time."""
    from aiortc import RTCSessionDescription

    viewer = Viewer()
    started = time.perf_counter()
    offer = await control.call("subscribe", publisher_id=publisher_id, forward=forward)
    viewer.peer_id = offer["peer_id"]
    await viewer.pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
    await viewer.pc.setLocalDescription(await viewer.pc.createAnswer())
    await control.call("answer", peer_id=viewer.peer_id, sdp=viewer.pc.localDescription.sdp)
    await asyncio.wait_for(viewer.connected.wait(), CONNECT_TIMEOUT)
    return viewer, time.perf_counter() - started


async def direct_negotiation(width: int, height: int, fps: int) -> float:
    """The baseline: offer→connected between two aiortc peers in this process (no server)."""
    from aiortc import RTCPeerConnection

    sender, receiver = RTCPeerConnection(), RTCPeerConnection()
    connected = asyncio.Event()

    @receiver.on("connectionstatechange")
    def on_state() -> None:
        if receiver.connectionState == "connected":
            connected.set()

    try:
        started = time.perf_counter()
        sender.addTransceiver(camera(width, height, fps), direction="sendonly")
        await sender.setLocalDescription(await sender.createOffer())
        await receiver.setRemoteDescription(sender.localDescription)
        await receiver.setLocalDescription(await receiver.createAnswer())
        await sender.setRemoteDescription(receiver.localDescription)
        await asyncio.wait_for(connected.wait(), CONNECT_TIMEOUT)
        return time.perf_counter() - started
    finally:
        await sender.close()
        await receiver.close()


async def measure(server_pid: int, seconds: float, viewers: list[Viewer], control: Control) -> dict[str, float]:
    await asyncio.sleep(WARM_UP)
    cpu0, busy0, t0 = cpu_seconds(server_pid), machine_busy_seconds(), time.monotonic()
    frames0 = [v.frames for v in viewers]
    stats0 = await control.call("stats")
    await asyncio.sleep(seconds)
    elapsed = time.monotonic() - t0
    stats = await control.call("stats")
    taps = stats["published_frames"] - stats0["published_frames"]
    fps = [(v.frames - f) / elapsed for v, f in zip(viewers, frames0, strict=True)]
    return {
        "server_cores": (cpu_seconds(server_pid) - cpu0) / elapsed,
        "machine_cores": (machine_busy_seconds() - busy0) / elapsed,
        "published_fps": taps / elapsed,
        "decoded_fps": (stats["decoded_frames"] - stats0["decoded_frames"]) / elapsed,
        "keyframe_requests": stats["keyframe_requests"] - stats0["keyframe_requests"],
        "forwarded_frames": stats["forwarded_frames"],
        "viewer_fps_min": min(fps) if fps else 0.0,
        "viewer_fps_mean": statistics.fmean(fps) if fps else 0.0,
    }


async def orchestrate(args: argparse.Namespace, server: subprocess.Popen, port: int) -> dict[str, Any]:
    import aioice.ice
    from aiortc import RTCPeerConnection, RTCSessionDescription

    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]
    width, height = (int(v) for v in args.size.split("x"))
    publisher = RTCPeerConnection()
    viewers: list[Viewer] = []
    results: dict[str, Any] = {"size": args.size, "fps": args.fps, "seconds": args.seconds, "phases": []}
    try:
        await asyncio.to_thread(wait_port, port, 60, lambda: server.poll() is None)
        control = Control(*await asyncio.open_connection("127.0.0.1", port))
        publisher.addTransceiver(camera(width, height, args.fps), direction="sendonly")
        await publisher.setLocalDescription(await publisher.createOffer())
        answer = await control.call("publish", sdp=publisher.localDescription.sdp)
        await publisher.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type="answer"))
        publisher_id = answer["publisher_id"]

        baseline = await measure(server.pid, args.seconds, [], control)
        results["phases"].append({"phase": "publisher only", "viewers": 0, **baseline})
        await control.call("decode", on=True)
        decoded = await measure(server.pid, args.seconds, [], control)
        await control.call("decode", on=False)
        results["phases"].append({"phase": "publisher decoded", "viewers": 0, **decoded})
        await control.call("hls", on=True)
        hls = await measure(server.pid, args.seconds, [], control)
        await control.call("hls", on=False)
        results["phases"].append({"phase": "publisher + HLS", "viewers": 0, **hls})
        results["hls_cpu_per_media_second"] = hls["server_cores"] - baseline["server_cores"]
        results["decode_cpu_per_media_second"] = decoded["server_cores"] - baseline["server_cores"]

        relay_times, direct_times = [], []
        for mode, counts, base in (
            ("re-encoding", args.reencode_viewers, decoded),
            ("forwarding", args.viewers, baseline),
        ):
            for count in counts:
                while len(viewers) < count:
                    viewer, took = await subscribe(control, publisher_id, forward=mode == "forwarding")
                    viewers.append(viewer)
                    if mode == "forwarding":
                        relay_times.append(took)
                        if len(direct_times) < 8:
                            direct_times.append(await direct_negotiation(width, height, args.fps))
                phase = await measure(server.pid, args.seconds, viewers, control)
                phase["cores_per_viewer"] = max(phase["server_cores"] - base["server_cores"], 0.0) / count
                # The cost grows with the frames sent: when the viewers (this process, on a busy
                # machine) took fewer frames than published, scale up to the full frame rate.
                delivered = max(phase["viewer_fps_mean"], 1.0)
                phase["cores_per_viewer_full_rate"] = phase["cores_per_viewer"] * max(1.0, args.fps / delivered)
                results["phases"].append({"phase": mode, "viewers": count, **phase})
            for viewer in viewers:
                with contextlib.suppress(RuntimeError):  # a viewer the server closed (failed) already
                    await control.call("leave", peer_id=viewer.peer_id)
                await viewer.pc.close()
            viewers.clear()
        for mode in ("re-encoding", "forwarding"):
            per_viewer = [p["cores_per_viewer_full_rate"] for p in results["phases"] if p["phase"] == mode]
            results[f"viewers_per_core_{mode}"] = 1 / max(statistics.median(per_viewer), 1e-4) if per_viewer else None
        if results["viewers_per_core_re-encoding"] and results["viewers_per_core_forwarding"]:
            results["ratio"] = results["viewers_per_core_forwarding"] / results["viewers_per_core_re-encoding"]
        results["negotiation_relay_s"] = statistics.median(relay_times) if relay_times else None
        results["negotiation_direct_s"] = statistics.median(direct_times) if direct_times else None
        return results
    finally:
        for viewer in viewers:
            await viewer.pc.close()
        await publisher.close()


def print_report(results: dict[str, Any]) -> None:
    print(f"\nstream {results['size']} @ {results['fps']} fps, {results['seconds']} s per phase (VP8)")
    print(
        f"{'phase':<20}{'viewers':>8}{'server cores':>14}{'machine':>9}{'pub fps':>9}{'PLIs':>6}"
        f"{'viewer fps min/mean':>21}{'cores/viewer (full rate)':>26}"
    )
    for p in results["phases"]:
        fps = f"{p['viewer_fps_min']:.1f}/{p['viewer_fps_mean']:.1f}" if p["viewers"] else "-"
        per = f"{p['cores_per_viewer']:.3f} ({p['cores_per_viewer_full_rate']:.3f})" if p["viewers"] else "-"
        print(
            f"{p['phase']:<20}{p['viewers']:>8}{p['server_cores']:>14.3f}{p['machine_cores']:>9.2f}"
            f"{p['published_fps']:>9.1f}{p['keyframe_requests']:>6}{fps:>21}{per:>26}"
        )
    print(f"HLS (H.264+AAC) encoding: {results['hls_cpu_per_media_second']:.3f} CPU s per media s")
    print(f"decoding the published stream: {results['decode_cpu_per_media_second']:.3f} CPU s per media s")
    for mode in ("re-encoding", "forwarding"):
        if results.get(f"viewers_per_core_{mode}"):
            print(f"{mode} relay: ≈ {results[f'viewers_per_core_{mode}']:.1f} viewers per core (median, full rate)")
    if results.get("ratio"):
        print(f"forwarding / re-encoding: {results['ratio']:.1f}× the viewers per core")
    if results.get("negotiation_relay_s"):
        print(
            f"negotiation offer→connected (median): via the server {results['negotiation_relay_s'] * 1000:.0f} ms,"
            f" direct peer-to-peer baseline {results['negotiation_direct_s'] * 1000:.0f} ms"
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    counts = lambda s: [int(v) for v in s.split(",") if v]  # noqa: E731
    parser.add_argument("--viewers", type=counts, default=[4, 16, 32], help="forwarding viewers per phase")
    parser.add_argument("--reencode-viewers", type=counts, default=[1, 2, 4], help="re-encoding viewers per phase")
    parser.add_argument("--seconds", type=float, default=8.0, help="measuring window of each phase")
    parser.add_argument("--size", default="640x480")
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--hard-timeout", type=float, default=600.0)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--hls-root", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.serve:
        asyncio.run(serve(args.serve, args.hls_root))
        return
    port = free_port()
    hls_root = tempfile.mkdtemp(prefix="bench-hls-")
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.media", "--serve", str(port), "--hls-root", hls_root],
        cwd=REPO,
        preexec_fn=lambda: child_setup(args.hard_timeout),
    )
    try:
        results = asyncio.run(asyncio.wait_for(orchestrate(args, server, port), args.hard_timeout))
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(hls_root, ignore_errors=True)
    print_report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
