"""The load generator: receiver processes (thousands of WebSocket clients each) and one sender.

Both run as separate processes started by `bench.rooms` (multiprocessing, spawn) and talk to
it over a pipe; every step has a timeout and every process has an alarm-clock watchdog.

Message text: `~<marker>:<id>:<time_ns>~ …`. `<id>` is 0…n-1 in sending order, `<time_ns>`
is `time.time_ns()` just before the sender writes the frame (all processes share the
machine's clock). A receiver takes `time.time_ns()` as soon as it has the frame's text and
finds the marker with one regular expression, so a delivery costs the client as little as
possible (no JSON decoding) and it works the same for Pavilion's `chat.message` frames and
for the baselines, which forward the sender's frame as it is.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from array import array
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from bench.common import child_setup

# Client options, the same for every target: no permessage-deflate (Daphne does not
# negotiate it), no client keep-alive pings (a server may ping; the client answers).
CLIENT_OPTIONS: dict[str, Any] = {"compression": None, "ping_interval": None, "max_size": 2**20, "open_timeout": 60}
JOIN_REF = "join"


class Pipe:
    """The control pipe to the orchestrator, awaited without blocking the event loop."""

    def __init__(self, conn) -> None:
        self.conn = conn

    def send(self, *message: Any) -> None:
        self.conn.send(message)

    async def recv(self, timeout: float) -> tuple:
        loop = asyncio.get_running_loop()
        ready = await loop.run_in_executor(None, self.conn.poll, timeout)
        if not ready:
            raise TimeoutError("no instruction from the orchestrator")
        return self.conn.recv()


async def open_client(url: str, kind: str, credential: str | None, origin: str | None) -> ClientConnection:
    """A WebSocket as a client of this kind opens it: a guest, or a script without Origin or
    cookie whose token is in the handshake (`token`: Authorization: Bearer, as docs/protocol.md
    recommends) or sent in an `auth` frame later (`token-frame`); a browser (`cookie`) with
    the page's Origin and its session cookie."""
    if kind == "cookie":
        headers = {"Cookie": f"sessionid={credential}"}
        return await connect(url, origin=origin, additional_headers=headers, **CLIENT_OPTIONS)
    if kind == "token":
        return await connect(url, additional_headers={"Authorization": f"Bearer {credential}"}, **CLIENT_OPTIONS)
    return await connect(url, **CLIENT_OPTIONS)


async def authenticate(ws: ClientConnection, kind: str, credential: str | None, timeout: float) -> None:
    """The token's `auth` frame and its ack; for a cookie or a handshake token, that the
    hello names a user."""
    async with asyncio.timeout(timeout):
        if kind == "token-frame":
            await ws.send(json.dumps({"type": "auth", "ref": "auth", "token": credential}))
            while True:
                raw = await ws.recv()
                if raw.startswith('{"type":"ack"') and '"ref":"auth"' in raw[:40]:
                    return
                if raw.startswith('{"type":"error"'):
                    raise RuntimeError(f"auth refused: {raw[:200]}")
        if kind in ("cookie", "token"):
            raw = await ws.recv()
            if not raw.startswith('{"type":"hello"') or '"user":null' in raw:
                raise RuntimeError(f"the {kind} was not taken: {raw[:120]}")


async def join_pavilion(ws: ClientConnection, room: str, timeout: float) -> None:
    """room.join and wait for its ack (frames before it: hello, presence)."""
    await ws.send(json.dumps({"type": "room.join", "ref": JOIN_REF, "room": room}))
    async with asyncio.timeout(timeout):
        while True:
            raw = await ws.recv()
            if raw.startswith('{"type":"ack"') and f'"ref":"{JOIN_REF}"' in raw[:40]:
                return
            if raw.startswith('{"type":"error"'):
                raise RuntimeError(f"join refused: {raw[:200]}")


# --- receivers ------------------------------------------------------------------


def receiver_process(conn, cfg: dict[str, Any]) -> None:
    child_setup(cfg["hard_timeout"])
    asyncio.run(Receivers(Pipe(conn), cfg).run())


class Receivers:
    def __init__(self, pipe: Pipe, cfg: dict[str, Any]) -> None:
        self.pipe = pipe
        self.cfg = cfg
        self.n_clients = cfg["clients"]
        self.n_msgs = cfg["n_msgs"]
        self.pattern = re.compile(r"~" + re.escape(cfg["marker"]) + r":(\d+):(\d+)~")
        self.got = [bytearray(self.n_msgs) for _ in range(self.n_clients)]
        self.latency_ns = array("q")
        self.duplicates = 0
        self.stray = 0
        self.closed_early = 0
        self.last_delivery_ns = 0
        self.joined_at: list[int] = []
        self.joined = bytearray(self.n_clients)
        self.failures: list[str] = []
        self.sockets: list[ClientConnection] = []

    async def run(self) -> None:
        self.pipe.send("ready", os.getpid())
        _, start_at = await self.pipe.recv(60)
        await asyncio.sleep(max(0.0, start_at - time.time()))
        started_ns = time.time_ns()
        semaphore = asyncio.Semaphore(self.cfg["join_concurrency"])
        readers = [asyncio.create_task(self.client(index, semaphore)) for index in range(self.n_clients)]
        try:
            # Wait until every client joined or failed (their readers then keep running).
            deadline = time.monotonic() + self.cfg["join_timeout"]
            while len(self.joined_at) + len(self.failures) < self.n_clients and time.monotonic() < deadline:  # noqa: ASYNC110 - a bounded poll
                await asyncio.sleep(0.05)
            self.pipe.send(
                "joined",
                {
                    "started_ns": started_ns,
                    "joined": len(self.joined_at),
                    "failed": self.n_clients - len(self.joined_at),
                    "last_joined_ns": max(self.joined_at, default=started_ns),
                    "failures": self.failures[:5],
                },
            )
            _, expected, deadline_at = await self.pipe.recv(self.cfg["hard_timeout"])
            await self.drain(expected, deadline_at)
            self.pipe.send("result", self.result(expected))
        finally:
            for task in readers:
                task.cancel()
            await asyncio.gather(*readers, return_exceptions=True)
            await asyncio.wait_for(asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True), 10)

    async def client(self, index: int, semaphore: asyncio.Semaphore) -> None:
        try:
            async with semaphore:
                kind = self.cfg.get("kind", "guest") if self.cfg["target"] == "pavilion" else "guest"
                credentials = self.cfg.get("credentials") or []
                credential = credentials[index] if index < len(credentials) else None
                ws = await open_client(self.cfg["url"], kind, credential, self.cfg.get("origin"))
                self.sockets.append(ws)
                if self.cfg["target"] == "pavilion":
                    await authenticate(ws, kind, credential, self.cfg["join_timeout"])
                    await join_pavilion(ws, self.cfg["room"], self.cfg["join_timeout"])
        except Exception as error:  # counted and reported, never retried
            self.failures.append(f"{type(error).__name__}: {error}"[:200])
            return
        self.joined_at.append(time.time_ns())
        self.joined[index] = 1
        got = self.got[index]
        search = self.pattern.search
        latency = self.latency_ns.append
        n_msgs = self.n_msgs
        try:
            async for raw in ws:
                now = time.time_ns()
                match = search(raw)
                if match is None:
                    continue  # presence, acks of others, …
                message_id = int(match[1])
                if message_id >= n_msgs:
                    self.stray += 1
                elif got[message_id]:
                    self.duplicates += 1
                else:
                    got[message_id] = 1
                    latency(now - int(match[2]))
                    self.last_delivery_ns = now
        except ConnectionClosed:
            self.closed_early += 1

    async def drain(self, expected: list[int], deadline_at: float) -> None:
        """Return when every joined client has every expected message, or at the deadline."""
        target = len(self.joined_at) * len(expected)
        while time.time() < deadline_at and len(self.latency_ns) < target:  # noqa: ASYNC110 - a bounded poll
            await asyncio.sleep(0.05)

    def result(self, expected: list[int]) -> dict[str, Any]:
        lost = 0
        clients_missing = 0
        refused = sorted(set(range(self.n_msgs)) - set(expected))
        delivered_refused = 0
        for index, got in enumerate(self.got):
            if not self.joined[index]:
                continue
            missing = sum(1 for i in expected if not got[i])
            lost += missing
            clients_missing += bool(missing)
            delivered_refused += sum(got[i] for i in refused)
        return {
            "pid": os.getpid(),
            "joined": len(self.joined_at),
            "deliveries": len(self.latency_ns),
            "latency_ns": self.latency_ns.tobytes(),
            "lost": lost,
            "clients_missing": clients_missing,
            "duplicates": self.duplicates,
            "stray": self.stray + delivered_refused,
            "closed_early": self.closed_early,
            "last_delivery_ns": self.last_delivery_ns,
        }


# --- sender ---------------------------------------------------------------------


def sender_process(conn, cfg: dict[str, Any]) -> None:
    child_setup(cfg["hard_timeout"])
    asyncio.run(Sender(Pipe(conn), cfg).run())


class Sender:
    """Sends `n_msgs` chat messages at a steady rate, round-robin over its connections."""

    def __init__(self, pipe: Pipe, cfg: dict[str, Any]) -> None:
        self.pipe = pipe
        self.cfg = cfg
        self.acked: set[int] = set()
        self.refused: dict[int, str] = {}
        self.sockets: list[ClientConnection] = []

    async def open(self, token: str | None) -> ClientConnection:
        ws = await connect(self.cfg["url"], **CLIENT_OPTIONS)
        self.sockets.append(ws)
        if self.cfg["target"] == "pavilion":
            await ws.send(json.dumps({"type": "auth", "ref": "auth", "token": token}))
            await join_pavilion(ws, self.cfg["room"], 30)
        return ws

    async def read(self, ws: ClientConnection) -> None:
        """Acks and errors of our chat.send frames (ref "m<id>"); everything else is ignored."""
        try:
            async for raw in ws:
                if raw.startswith('{"type":"ack","ref":"m'):
                    self.acked.add(int(raw[22 : raw.index(".", 22)]))
                elif raw.startswith('{"type":"error"'):
                    frame = json.loads(raw)
                    ref = str(frame.get("ref") or "")
                    if ref.startswith("m"):
                        self.refused[int(ref[1:].split(".")[0])] = frame.get("code", "?")
        except ConnectionClosed:
            pass

    async def run(self) -> None:
        cfg = self.cfg
        tokens = cfg["tokens"] or [None] * cfg["senders"]
        readers: list[asyncio.Task] = []
        try:
            async with asyncio.timeout(60):
                sockets = [await self.open(token) for token in tokens]
            readers = [asyncio.create_task(self.read(ws)) for ws in sockets]
            self.pipe.send("ready", os.getpid())
            _, start_at = await self.pipe.recv(120)
            report = await self.send_all(sockets, start_at)
            self.pipe.send("sent", report)
        finally:
            for task in readers:
                task.cancel()
            await asyncio.gather(*readers, return_exceptions=True)
            await asyncio.wait_for(asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True), 10)

    async def send_all(self, sockets: list[ClientConnection], start_at: float) -> dict[str, Any]:
        cfg = self.cfg
        n_msgs, interval, marker = cfg["n_msgs"], 1.0 / cfg["rate"], cfg["marker"]
        # Ids first_id … first_id + n_msgs - 1: a later sending phase to the same receivers
        # (bench.cluster) goes on where the last one stopped.
        first_id = cfg.get("first_id", 0)
        padding = "x" * max(0, cfg["text_size"] - 40)
        lag = array("d")
        first_ns = 0
        for message_id in range(first_id, first_id + n_msgs):
            scheduled = start_at + (message_id - first_id) * interval
            delay = scheduled - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            lag.append(time.time() - scheduled)
            sent_ns = time.time_ns()
            first_ns = first_ns or sent_ns
            text = f"~{marker}:{message_id}:{sent_ns}~ {padding}"
            # The marker in the ref too: a ref is remembered per person (the same ref again is the
            # stored message, `duplicate: true`), and the senders of a running cluster's room
            # come back run after run.
            ref = f"m{message_id}.{marker}"
            frame = {"type": "chat.send", "ref": ref, "room": cfg["room"], "text": text}
            await sockets[message_id % len(sockets)].send(json.dumps(frame, separators=(",", ":")))
        last_ns = time.time_ns()
        if cfg["target"] == "pavilion":
            # Wait for the acks (or refusals) of the last messages, within the drain time.
            deadline = time.time() + cfg["drain"]
            while len(self.acked) + len(self.refused) < n_msgs and time.time() < deadline:  # noqa: ASYNC110 - a bounded poll
                await asyncio.sleep(0.05)
        lags = sorted(lag)
        return {
            "sent": n_msgs,
            "first_send_ns": first_ns,
            "last_send_ns": last_ns,
            "acked": len(self.acked),
            "refused": {str(k): v for k, v in sorted(self.refused.items())},
            "send_lag_p99_ms": lags[int(0.99 * (len(lags) - 1))] * 1000 if lags else 0.0,
            "send_lag_max_ms": lags[-1] * 1000 if lags else 0.0,
        }
