"""Stage media benchmark: viewers per core on the WebRTC relay, negotiation time, HLS cost.

    .venv/bin/python -m bench.media [--viewers 1,2,4,8] [--seconds 8] [--size 640x480] [--fps 30]

A *server* child process runs the stage's real media code (streams.media.StageMedia and
streams.hls.StagePackagers, no database, no sockets but one JSON-lines control channel on
loopback); this process plays the speaker (a synthetic camera, aiortc) and the viewers
(aiortc peers counting the frames they decode). The server's CPU is read from /proc, so the
viewers' decoding (in this process) is not counted against it.

Phases, each measured over `--seconds` after a warm-up:
  1. publisher only: the server decodes the published stream (the baseline);
  2. publisher + HLS packaging: HLS cost = extra server CPU s per media s over the baseline;
  3. N relay viewers (each encoded separately by aiortc): extra server CPU per viewer,
     frames each viewer decoded per second → viewers per core.
Negotiation: offer→connected of a viewer through the server, against a direct aiortc
peer-to-peer connection (both ends in this process) measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
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
    """Stands in for the consumer a peer was negotiated on (identity and a place to tell)."""

    conn_id = "bench"

    async def send_frame(self, frame: dict[str, Any]) -> None:
        pass


async def serve(port: int, hls_root: str) -> None:
    os.environ.update(DJANGO_SETTINGS_MODULE="config.settings", STREAMS_ICE_LOOPBACK="1", STREAMS_HLS_ROOT=hls_root)
    os.environ["STREAMS_MAX_RELAY_VIEWERS"] = "100000"
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

    async def handle(request: dict[str, Any]) -> dict[str, Any]:
        command = request["command"]
        if command == "publish":
            return await stage.publish(conn=conn, room_id=1, room_slug="bench", user=None, sdp=request["sdp"])
        if command == "subscribe":
            return await stage.subscribe(
                conn=conn, room_id=1, room_slug="bench", user=None, publisher_id=request["publisher_id"]
            )
        if command == "answer":
            await stage.answer(conn=conn, room_id=1, peer_id=request["peer_id"], sdp=request["sdp"])
            return {}
        if command == "leave":
            await stage.leave(conn=conn, room_id=1, peer_id=request["peer_id"])
            return {}
        if command == "hls":
            await packagers.stage_changed(1, "bench", "live" if request["on"] else "ended")
            run = packagers.runs.get(1)
            return {"frames": run.encoder.video_frames if run else None}
        if command == "stats":
            run = packagers.runs.get(1)
            taps = [tap.frames_in for p in stage.publishers.values() for tap in p.taps]
            return {"tap_frames": sum(taps), "hls_frames": run.encoder.video_frames if run else 0}
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
    def __init__(self) -> None:
        from aiortc import RTCPeerConnection

        self.pc = RTCPeerConnection()
        self.frames = 0
        self.connected = asyncio.Event()
        self.reader: asyncio.Task | None = None
        self.peer_id = ""

        @self.pc.on("connectionstatechange")
        def on_state() -> None:
            if self.pc.connectionState == "connected":
                self.connected.set()

        @self.pc.on("track")
        def on_track(track) -> None:
            if track.kind == "video":
                self.reader = asyncio.ensure_future(self.count(track))

    async def count(self, track) -> None:
        from aiortc.mediastreams import MediaStreamError

        try:
            while True:
                await track.recv()
                self.frames += 1
        except MediaStreamError:
            pass


async def subscribe(control: Control, publisher_id: str) -> tuple[Viewer, float]:
    """A viewer through the server; returns it and its offer→connected time."""
    from aiortc import RTCSessionDescription

    viewer = Viewer()
    started = time.perf_counter()
    offer = await control.call("subscribe", publisher_id=publisher_id)
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
    taps0 = (await control.call("stats"))["tap_frames"]
    await asyncio.sleep(seconds)
    elapsed = time.monotonic() - t0
    taps = (await control.call("stats"))["tap_frames"] - taps0
    fps = [(v.frames - f) / elapsed for v, f in zip(viewers, frames0, strict=True)]
    return {
        "server_cores": (cpu_seconds(server_pid) - cpu0) / elapsed,
        "machine_cores": (machine_busy_seconds() - busy0) / elapsed,
        "published_fps": taps / elapsed,
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
        results["phases"].append({"phase": "publisher only (decode)", "viewers": 0, **baseline})
        await control.call("hls", on=True)
        hls = await measure(server.pid, args.seconds, [], control)
        await control.call("hls", on=False)
        results["phases"].append({"phase": "publisher + HLS", "viewers": 0, **hls})
        results["hls_cpu_per_media_second"] = hls["server_cores"] - baseline["server_cores"]
        results["decode_cpu_per_media_second"] = baseline["server_cores"]

        relay_times, direct_times = [], []
        for count in args.viewers:
            while len(viewers) < count:
                viewer, took = await subscribe(control, publisher_id)
                viewers.append(viewer)
                relay_times.append(took)
                direct_times.append(await direct_negotiation(width, height, args.fps))
            phase = await measure(server.pid, args.seconds, viewers, control)
            phase["cores_per_viewer"] = (phase["server_cores"] - baseline["server_cores"]) / count
            # Encoding cost grows with the frames encoded: when the viewers (this process, on a
            # busy machine) took fewer frames than published, scale up to the full frame rate.
            delivered = max(phase["viewer_fps_mean"], 1.0)
            phase["cores_per_viewer_full_rate"] = phase["cores_per_viewer"] * max(1.0, args.fps / delivered)
            results["phases"].append({"phase": "relay", "viewers": count, **phase})
        per_viewer = [p["cores_per_viewer_full_rate"] for p in results["phases"] if p["phase"] == "relay"]
        results["viewers_per_core"] = 1 / max(statistics.median(per_viewer), 1e-6) if per_viewer else None
        results["negotiation_relay_s"] = statistics.median(relay_times) if relay_times else None
        results["negotiation_direct_s"] = statistics.median(direct_times) if direct_times else None
        return results
    finally:
        for viewer in viewers:
            await viewer.pc.close()
        await publisher.close()


def print_report(results: dict[str, Any]) -> None:
    print(f"\nstream {results['size']} @ {results['fps']} fps, {results['seconds']} s per phase (VP8 relay)")
    print(
        f"{'phase':<26}{'viewers':>8}{'server cores':>14}{'machine':>9}{'pub fps':>9}"
        f"{'viewer fps min/mean':>21}{'cores/viewer (full rate)':>26}"
    )
    for p in results["phases"]:
        fps = f"{p['viewer_fps_min']:.1f}/{p['viewer_fps_mean']:.1f}" if p["viewers"] else "-"
        per = f"{p['cores_per_viewer']:.3f} ({p['cores_per_viewer_full_rate']:.3f})" if p["viewers"] else "-"
        print(
            f"{p['phase']:<26}{p['viewers']:>8}{p['server_cores']:>14.3f}{p['machine_cores']:>9.2f}"
            f"{p['published_fps']:>9.1f}{fps:>21}{per:>26}"
        )
    print(f"HLS (H.264+AAC) encoding: {results['hls_cpu_per_media_second']:.3f} CPU s per media s")
    print(f"  baseline, decoding the published stream: {results['decode_cpu_per_media_second']:.3f} CPU s per s")
    if results.get("viewers_per_core"):
        print(f"relay: ≈ {results['viewers_per_core']:.1f} viewers per core (median, at the full frame rate)")
        print(
            f"negotiation offer→connected (median): via the server {results['negotiation_relay_s'] * 1000:.0f} ms,"
            f" direct peer-to-peer baseline {results['negotiation_direct_s'] * 1000:.0f} ms"
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--viewers", type=lambda s: [int(v) for v in s.split(",")], default=[1, 2, 4, 8])
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
