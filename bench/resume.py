"""Receivers that survive their server: clients of a running cluster that rejoin with `since_seq`.

Used by `bench.cluster` (`python -m bench.rooms --url …`). Like `bench.loadgen.Receivers`,
each process holds thousands of clients and records which message ids each got; in addition
each client follows the room's sequence numbers as a real client must (docs/api.md,
"Sequence numbers and resuming"): it keeps `watermark`, the highest `seq` up to which it holds
every event, and when its socket is closed under it (its Daphne process killed) it
reconnects after a random delay (`reconnect_jitter`, as the browser's jittered backoff),
joins with `since_seq = watermark`, takes the events of the join answer, pages on with
`room.history` while `has_more`, and is **caught up** once its watermark reaches the `seq`
the rejoin answer named (the room's head when it came back).

Counted separately, so that nothing hides in another column:
- `duplicates`: a message id received again although the server promised it would not be
  (a live frame of an event the client already had, or a replayed one at or below the
  watermark it resumed from);
- `resent_held`: replayed events the client held above its watermark (out of order) before
  it dropped — it asked for them by resuming from the watermark, so they are not duplicates;
- `replayed`: messages the client got from a join answer or a history page (their latency is
  not in the delivery percentiles, which are for live frames only).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import time
from array import array
from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from bench.common import child_setup
from bench.loadgen import Pipe, authenticate, open_client

SEQ = re.compile(r'"seq":(\d+)')
HISTORY_LIMIT = 200


class Client:
    """One simulated person: what it holds, and the story of its drops and rejoins."""

    __slots__ = (
        "catch_up_target",
        "caught_up_ns",
        "connected",
        "credential",
        "dropped_ns",
        "drops",
        "got",
        "index",
        "joined",
        "pending",
        "reconnect_attempts",
        "rejoined_ns",
        "watermark",
    )

    def __init__(self, index: int, credential: str | None, n_msgs: int) -> None:
        self.index = index
        self.credential = credential
        self.got = bytearray(n_msgs)
        self.watermark = 0
        self.pending: set[int] = set()
        self.joined = False
        self.connected = False
        self.drops = 0
        self.dropped_ns = 0
        self.rejoined_ns = 0
        self.caught_up_ns = 0
        self.catch_up_target = 0
        self.reconnect_attempts = 0

    def take_seq(self, seq: int) -> bool:
        """Record a sequenced event; False when the client held it already."""
        if seq <= self.watermark or seq in self.pending:
            return False
        if seq == self.watermark + 1:
            self.watermark = seq
            pending = self.pending
            while self.watermark + 1 in pending:
                self.watermark += 1
                pending.discard(self.watermark)
        else:
            self.pending.add(seq)
        return True

    @property
    def caught_up(self) -> bool:
        return self.drops == 0 or self.caught_up_ns > 0


def receiver_process(conn, cfg: dict[str, Any]) -> None:
    child_setup(cfg["hard_timeout"])
    asyncio.run(ResumingReceivers(Pipe(conn), cfg).run())


class ResumingReceivers:
    def __init__(self, pipe: Pipe, cfg: dict[str, Any]) -> None:
        self.pipe = pipe
        self.cfg = cfg
        self.n_msgs = cfg["n_msgs"]
        self.marker = re.compile(r"~" + re.escape(cfg["marker"]) + r":(\d+):(\d+)~")
        credentials = cfg.get("credentials") or []
        self.clients = [
            Client(i, credentials[i] if i < len(credentials) else None, self.n_msgs) for i in range(cfg["clients"])
        ]
        self.latency_ns = array("q")
        # Live latencies of the messages from `split_id` on (the storm's phase), kept apart.
        self.split_id = cfg.get("split_id", self.n_msgs)
        self.latency_later_ns = array("q")
        self.live = 0
        self.replayed = 0
        self.duplicates = 0
        self.resent_held = 0
        self.stray = 0
        self.history_pages = 0
        self.rejoin_failures: list[str] = []
        self.failures: list[str] = []
        self.joined_at: list[int] = []
        self.stopping = False
        self.rng = random.Random(os.getpid())

    async def run(self) -> None:
        self.pipe.send("ready", os.getpid())
        _, start_at = await self.pipe.recv(60)
        await asyncio.sleep(max(0.0, start_at - time.time()))
        started_ns = time.time_ns()
        semaphore = asyncio.Semaphore(self.cfg["join_concurrency"])
        tasks = [asyncio.create_task(self.client(c, semaphore)) for c in self.clients]
        try:
            deadline = time.monotonic() + self.cfg["join_timeout"]
            while len(self.joined_at) + len(self.failures) < len(self.clients) and time.monotonic() < deadline:  # noqa: ASYNC110 - a bounded poll
                await asyncio.sleep(0.05)
            self.pipe.send(
                "joined",
                {
                    "started_ns": started_ns,
                    "joined": len(self.joined_at),
                    "failed": len(self.clients) - len(self.joined_at),
                    "last_joined_ns": max(self.joined_at, default=started_ns),
                    "failures": self.failures[:5],
                },
            )
            # ("drain", expected, deadline): after each sending phase; ("finish", …): the last.
            while True:
                command, expected, deadline_at = await self.pipe.recv(self.cfg["hard_timeout"])
                await self.drain(expected, deadline_at)
                if command == "finish":
                    break
                self.pipe.send("drained", {"complete": self.complete(expected), "at_ns": time.time_ns()})
            self.stopping = True
            self.pipe.send("result", self.result(expected))
        finally:
            self.stopping = True
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def client(self, c: Client, semaphore: asyncio.Semaphore) -> None:
        cfg = self.cfg
        while not self.stopping:
            ws: ClientConnection | None = None
            try:
                if not c.joined:
                    async with semaphore:
                        ws = await self.connect_and_join(c)
                else:
                    ws = await self.connect_and_join(c)
            except Exception as error:
                if ws is not None:
                    await ws.close()
                if not c.joined:
                    self.failures.append(f"{type(error).__name__}: {error}"[:200])
                    return  # a first join that fails is counted, never retried
                c.reconnect_attempts += 1
                if c.reconnect_attempts > cfg["max_reconnects"]:
                    self.rejoin_failures.append(f"{type(error).__name__}: {error}"[:200])
                    return
                await asyncio.sleep(self.rng.uniform(0.2, 1.0) * min(8, 2**c.reconnect_attempts) / 2)
                continue
            try:
                await self.read(c, ws)
            except ConnectionClosed:
                pass
            finally:
                c.connected = False
            if self.stopping:
                return
            # Dropped under us (the process was killed): come back after a jittered delay.
            c.drops += 1
            c.dropped_ns = time.time_ns()
            c.caught_up_ns = 0
            c.catch_up_target = 0
            await asyncio.sleep(self.rng.uniform(0, cfg["reconnect_jitter"]))

    async def connect_and_join(self, c: Client) -> ClientConnection:
        cfg = self.cfg
        kind = cfg["kind"]
        ws = await open_client(cfg["url"], kind, c.credential, cfg.get("origin"))
        try:
            await authenticate(ws, kind, c.credential, cfg["join_timeout"])
            rejoin = c.joined
            frame: dict[str, Any] = {"type": "room.join", "ref": "join", "room": cfg["room"]}
            if rejoin:
                frame["since_seq"] = c.watermark
            await ws.send(json.dumps(frame))
            async with asyncio.timeout(cfg["join_timeout"]):
                while True:
                    raw = await ws.recv()
                    if raw.startswith('{"type":"ack"') and '"ref":"join"' in raw[:40]:
                        break
                    if raw.startswith('{"type":"error"'):
                        raise RuntimeError(f"join refused: {raw[:200]}")
                    # Frames before the ack are presence and the like: held room events
                    # come only after it (live.joining.release_held).
        except BaseException:
            await ws.close()
            raise
        ack = json.loads(raw)
        c.connected = True
        now = time.time_ns()
        if not rejoin:
            c.watermark = ack["seq"]
            c.joined = True
            self.joined_at.append(now)
            return ws
        c.rejoined_ns = now
        c.reconnect_attempts = 0
        c.catch_up_target = ack["seq"]
        held = set(c.pending)
        self.take_events(c, ack.get("events") or [], held)
        if ack.get("has_more"):
            await self.ask_history(ws, c)
        else:
            self.check_caught_up(c)
        return ws

    async def ask_history(self, ws: ClientConnection, c: Client) -> None:
        self.history_pages += 1
        await ws.send(
            json.dumps(
                {
                    "type": "room.history",
                    "ref": "history",
                    "room": self.cfg["room"],
                    "after_seq": c.watermark,
                    "limit": HISTORY_LIMIT,
                }
            )
        )

    def take_events(self, c: Client, events: list[dict[str, Any]], held: set[int]) -> None:
        for event in events:
            seq = event.get("seq")
            text = (event.get("message") or {}).get("text", "")
            new = c.take_seq(seq) if isinstance(seq, int) else True
            match = self.marker.search(text) if text else None
            if match is None:
                continue
            if not new:
                if seq in held:
                    self.resent_held += 1
                else:
                    self.duplicates += 1
                continue
            self.take_message(c, int(match[1]), None)

    def take_message(self, c: Client, message_id: int, latency_ns: int | None) -> None:
        if message_id >= self.n_msgs:
            self.stray += 1
        elif c.got[message_id]:
            self.duplicates += 1
        else:
            c.got[message_id] = 1
            if latency_ns is None:
                self.replayed += 1
            else:
                self.live += 1
                (self.latency_ns if message_id < self.split_id else self.latency_later_ns).append(latency_ns)

    def check_caught_up(self, c: Client) -> None:
        if c.catch_up_target and not c.caught_up_ns and c.watermark >= c.catch_up_target:
            c.caught_up_ns = time.time_ns()

    async def read(self, c: Client, ws: ClientConnection) -> None:
        search = self.marker.search
        async for raw in ws:
            now = time.time_ns()
            if raw.startswith('{"type":"ack"'):
                if '"ref":"history"' in raw[:40]:
                    page = json.loads(raw)
                    self.take_events(c, page.get("events") or [], set())
                    if page.get("has_more"):
                        await self.ask_history(ws, c)
                        continue
                    self.check_caught_up(c)
                continue
            match = search(raw)
            if match is None:
                continue  # presence and the like
            seq_match = SEQ.search(raw)
            if seq_match is not None and not c.take_seq(int(seq_match[1])):
                self.duplicates += 1  # a live frame of an event this client holds already
                continue
            self.take_message(c, int(match[1]), now - int(match[2]))
            if c.catch_up_target and not c.caught_up_ns:
                self.check_caught_up(c)

    def complete(self, expected: list[int]) -> bool:
        for c in self.clients:
            if not c.joined:
                continue
            if not c.connected or not c.caught_up:
                return False
            got = c.got
            if not all(got[i] for i in expected):
                return False
        return True

    async def drain(self, expected: list[int], deadline_at: float) -> None:
        """Return when every joined client is connected, caught up and holds every expected
        message, or at the deadline (what is missing then is lost)."""
        while time.time() < deadline_at and not self.complete(expected):  # noqa: ASYNC110 - a bounded poll
            await asyncio.sleep(0.1)

    def result(self, expected: list[int]) -> dict[str, Any]:
        lost = clients_missing = 0
        refused = sorted(set(range(self.n_msgs)) - set(expected))
        delivered_refused = 0
        dropped = [c for c in self.clients if c.drops]
        for c in self.clients:
            if not c.joined:
                continue
            missing = sum(1 for i in expected if not c.got[i])
            lost += missing
            clients_missing += bool(missing)
            delivered_refused += sum(c.got[i] for i in refused)
        return {
            "pid": os.getpid(),
            "joined": len(self.joined_at),
            "latency_ns": self.latency_ns.tobytes(),
            "latency_later_ns": self.latency_later_ns.tobytes(),
            "live": self.live,
            "replayed": self.replayed,
            "lost": lost,
            "clients_missing": clients_missing,
            "duplicates": self.duplicates,
            "resent_held": self.resent_held,
            "stray": self.stray + delivered_refused,
            "dropped": len(dropped),
            "drops": sum(c.drops for c in dropped),
            "rejoined": sum(1 for c in dropped if c.rejoined_ns >= c.dropped_ns),
            "caught_up": sum(1 for c in dropped if c.caught_up_ns),
            "not_connected_at_end": sum(1 for c in self.clients if c.joined and not c.connected),
            "rejoin_failures": self.rejoin_failures[:5],
            "rejoin_failed": len(self.rejoin_failures),
            "history_pages": self.history_pages,
            # Per dropped client: when it dropped, rejoined and caught up (ns since the epoch).
            "storm": [(c.dropped_ns, c.rejoined_ns, c.caught_up_ns) for c in dropped],
            "first_dropped_ns": min((c.dropped_ns for c in dropped), default=0),
        }
