"""One room on an already running cluster, and a reconnect storm (issue 15).

    DATABASE_URL=… .venv/bin/python -m bench.prepare --senders 3 --room opening > var/bench-tokens.json
    .venv/bin/python -m bench.rooms --url ws://127.0.0.1:8000/ws/ --tokens var/bench-tokens.json \\
        --clients 2000 --rate 2 --duration 30 [--kill]

`make cluster N=2` (scripts/cluster.sh) runs nginx on PORT and the Daphnes on PORT+1…PORT+N;
their /metrics are read there (`--processes`, or `--metrics URL,…`). `bench/prepare.py`
adds a room open to guests and the senders' tokens (and with `--members` receiving users
with a token and a session each: `--kind token|cookie`) to the cluster's database.

1. join storm: `--clients` clients connect through `--url` (nginx balances them over the
   processes) and join the room; joins/s as in bench.rooms, and per process the joins and
   CPU the process itself counted (`pavilion_joins_total`, `process_cpu_seconds_total`);
2. sending: `--rate` messages/s for `--duration` s, sent to the first process directly
   (`--sender-url`), so that the storm drops receivers only;
3. with `--kill`: `--kill-at` s into the sending, SIGKILL the Daphne on the last port (or
   `--kill-port`): its clients are dropped at once, come back through nginx after a random
   delay of up to `--reconnect-jitter` s and rejoin with `since_seq` (bench/resume.py).
   Measured: the time from the kill until the last dropped client holds every event up to
   the room's head at its return ("caught up"), and the database load meanwhile against the
   same length of sending without a storm (PostgreSQL's pg_stat_database; scripts/cluster.sh
   restarts the killed process, as a supervisor would);
4. drain: every client must hold every acked message exactly once; lost and duplicated are
   printed, with the storm's.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import time
import uuid
from array import array
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench import observe
from bench.cluster_report import print_summary, storm_summary
from bench.common import percentile, raise_fd_limit
from bench.loadgen import sender_process
from bench.resume import receiver_process
from bench.rooms import PER_SENDER_RATE, RESULTS, Worker, git_commit

CPU = "process_cpu_seconds_total"
RSS = "process_resident_memory_bytes"
# PostgreSQL backends flush their statistics at most once a second, and an idle one after
# 10 s: wait that long around a phase, so that its pg_stat_database delta is its own.
DB_FLUSH = 11.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.rooms --url", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", required=True, help="the cluster's WebSocket URL, e.g. ws://127.0.0.1:8000/ws/")
    parser.add_argument("--tokens", type=Path, required=True, help="JSON printed by bench/prepare.py")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=2, help="chat messages per second")
    parser.add_argument("--duration", type=float, default=20, help="seconds of sending")
    parser.add_argument("--drain", type=float, default=30, help="seconds after the last send before the rest is lost")
    parser.add_argument("--kind", default="guest", choices=("guest", "token", "token-frame", "cookie"))
    parser.add_argument("--workers", type=int, default=0, help="receiver processes (default: 1 per 2,500, ≥ 2)")
    parser.add_argument("--join-concurrency", type=int, default=200)
    parser.add_argument("--join-timeout", type=float, default=120)
    parser.add_argument("--settle", type=float, default=2)
    parser.add_argument("--text-size", type=int, default=64)
    parser.add_argument("--processes", type=int, default=2, help="Daphnes on the URL's port + 1 … + N")
    parser.add_argument("--metrics", help="comma-separated /metrics URLs (default: from --processes)")
    parser.add_argument("--sender-url", help="where the senders connect (default: the first process directly)")
    parser.add_argument("--kill", action="store_true", help="reconnect storm: SIGKILL one Daphne while sending")
    parser.add_argument("--kill-at", type=float, help="seconds into the sending (default: a third of --duration)")
    parser.add_argument("--kill-port", type=int, help="the Daphne to kill (default: the last process's port)")
    parser.add_argument("--reconnect-jitter", type=float, default=2.0, help="dropped clients wait 0…N s")
    parser.add_argument(
        "--max-reconnects", type=int, default=40, help="failed reconnects in a row before a client gives up"
    )
    parser.add_argument("--database-url", default=observe.database_url_from_environment(), help="for pg_stat_database")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    url = urlsplit(args.url)
    if url.scheme not in ("ws", "wss") or not url.port:
        parser.error("--url: ws://host:port/ws/")
    if args.clients < 1 or args.rate * args.duration < 1:
        parser.error("need clients ≥ 1 and at least one message")
    ports = [url.port + i for i in range(1, args.processes + 1)]
    args.metrics_urls = (
        [u.strip() for u in args.metrics.split(",") if u.strip()]
        if args.metrics
        else [f"http://{url.hostname}:{p}/metrics" for p in ports]
    )
    args.process_ports = [urlsplit(u).port for u in args.metrics_urls]
    args.sender_url = args.sender_url or f"ws://{url.hostname}:{args.process_ports[0]}{url.path or '/ws/'}"
    args.kill_port = args.kill_port or args.process_ports[-1]
    args.kill_at = args.duration / 3 if args.kill_at is None else args.kill_at
    args.workers = min(args.clients, args.workers or max(2, math.ceil(args.clients / 2500)))
    args.origin = f"{'https' if url.scheme == 'wss' else 'http'}://{url.netloc}"
    return args


def per_process(
    before: list, after: list, wall: float, ports: list[int], restarted: int | None = None
) -> list[dict[str, Any]]:
    """CPU % of one core, joins and deliveries each process counted itself over the phase. A
    killed (and restarted) process's counters started again at 0: not a figure of the phase."""
    rows = []
    for port, b, a in zip(ports, before, after, strict=True):
        if port == restarted:
            rows.append({"port": port, "restarted": True, "cpu_percent": None, "joins": None, "deliveries": None})
            rows[-1] |= {"sockets_open": a.get("pavilion_sockets_open") if a else None, "rss_mb": None}
            continue
        cpu = observe.delta(a, b, CPU)
        rows.append(
            {
                "port": port,
                "cpu_percent": round(100 * cpu / wall) if cpu is not None and cpu >= 0 and wall > 0 else None,
                "joins": observe.delta(a, b, "pavilion_joins_total"),
                "deliveries": observe.delta(a, b, "pavilion_deliveries_total"),
                "sockets_open": a.get("pavilion_sockets_open") if a else None,
                "rss_mb": round(a["process_resident_memory_bytes"] / 2**20) if a and RSS in a else None,
            }
        )
    return rows


def run(args: argparse.Namespace) -> dict[str, Any]:
    made = json.loads(args.tokens.read_text())
    tokens = made.get("member_tokens", [])
    credentials = {"token": tokens, "token-frame": tokens, "cookie": made.get("sessions", [])}.get(args.kind, [])
    if args.kind != "guest" and len(credentials) < args.clients:
        raise SystemExit(f"--kind {args.kind}: {args.tokens} has {len(credentials)} members (prepare.py --members)")
    room = made["room"]
    per_phase = int(args.rate * args.duration)
    n_msgs = per_phase * (2 if args.kill else 1)
    hard_timeout = args.join_timeout + args.duration + 2 * args.drain + 180
    common = {"target": "pavilion", "room": room, "n_msgs": n_msgs, "marker": uuid.uuid4().hex[:8]}
    common |= {"hard_timeout": hard_timeout, "join_timeout": args.join_timeout, "drain": args.drain}
    metrics_before = observe.scrape_all(args.metrics_urls)
    down = [u for u, m in zip(args.metrics_urls, metrics_before, strict=True) if m is None]
    if down:
        raise SystemExit(f"no metrics from {down}: is the cluster running (make cluster N={args.processes})?")
    for port in args.process_ports:
        warm_up(args, port, room)
    prime_nginx(args)
    database = observe.open_database(args.database_url)
    sizes = [args.clients // args.workers + (i < args.clients % args.workers) for i in range(args.workers)]
    workers: list[Worker] = []
    sender: Worker | None = None
    summary: dict[str, Any] = {"room": room, "clients": args.clients, "kind": args.kind}
    summary |= {"processes": args.process_ports, "phases": []}
    try:
        offset = 0
        for size in sizes:
            cfg = {**common, "url": args.url, "clients": size, "kind": args.kind, "origin": args.origin}
            cfg |= {"credentials": credentials[offset : offset + size], "reconnect_jitter": args.reconnect_jitter}
            cfg |= {"join_concurrency": max(1, math.ceil(args.join_concurrency / args.workers))}
            cfg["max_reconnects"] = args.max_reconnects
            cfg["split_id"] = per_phase if args.kill else n_msgs
            offset += size
            workers.append(Worker(receiver_process, (cfg,)))
        for worker in workers:
            worker.expect("ready", 60)
        start_at = time.time() + 0.5
        wall_join = time.monotonic()
        for worker in workers:
            worker.send("connect", start_at)
        joins = [w.expect("joined", args.join_timeout + 30) for w in workers]
        wall_join = time.monotonic() - wall_join
        joined = sum(j["joined"] for j in joins)
        join_seconds = (max(j["last_joined_ns"] for j in joins) - min(j["started_ns"] for j in joins)) / 1e9
        metrics_joined = observe.scrape_all(args.metrics_urls)
        print(f"  {joined}/{args.clients} joined in {join_seconds:.1f} s", flush=True)
        summary |= {
            "joined": joined,
            "join_failures": sum(j["failed"] for j in joins),
            "join_failure_samples": [f for j in joins for f in j["failures"]][:5],
            "join_seconds": round(join_seconds, 2),
            "joins_per_s": round(joined / join_seconds, 1) if join_seconds > 0 else None,
            "join_per_process": per_process(metrics_before, metrics_joined, wall_join, args.process_ports),
        }
        time.sleep(args.settle)

        senders = max(1, math.ceil(args.rate / PER_SENDER_RATE))
        if len(made["tokens"]) < senders:
            raise SystemExit(f"{args.tokens}: {len(made['tokens'])} sender tokens, {senders} needed (--senders)")
        phases = ["quiet", "storm"] if args.kill else ["send"]
        expected: list[int] = []
        sents: list[dict[str, Any]] = []
        for number, phase in enumerate(phases):
            sender_cfg = {**common, "url": args.sender_url, "rate": args.rate, "senders": senders}
            sender_cfg |= {"tokens": made["tokens"][:senders], "text_size": args.text_size}
            sender_cfg |= {"n_msgs": per_phase, "first_id": number * per_phase}
            sender = Worker(sender_process, (sender_cfg,))
            sender.expect("ready", 90)
            if database:
                time.sleep(DB_FLUSH)  # what came before is in the statistics now
            metrics_send = observe.scrape_all(args.metrics_urls)
            db_before = database.counters() if database else None
            t0 = time.time() + 0.3
            wall = time.monotonic()
            sender.send("go", t0)
            storm = kill_one(args, t0) if phase == "storm" else {}
            sent = sender.expect("sent", args.duration + args.drain + 60)
            sender.stop()
            sender = None
            sents.append(sent)
            refused = {int(k) for k in sent["refused"]}
            expected += [i for i in range(number * per_phase, (number + 1) * per_phase) if i not in refused]
            deadline_at = sent["last_send_ns"] / 1e9 + args.drain
            last = number == len(phases) - 1
            for worker in workers:
                worker.send("drain", expected, deadline_at)
            drained = [w.expect("drained", args.drain + 60) for w in workers]
            wall = time.monotonic() - wall
            metrics_end = observe.scrape_all(args.metrics_urls)
            if database:
                time.sleep(DB_FLUSH)
            db_after = database.counters() if database else None
            summary["phases"].append(
                {
                    "phase": phase,
                    "seconds": round(wall, 1),
                    "complete": all(d["complete"] for d in drained),
                    "per_process": per_process(
                        metrics_send, metrics_end, wall, args.process_ports, args.kill_port if storm else None
                    ),
                    "database": database_delta(db_before, db_after),
                    **({"storm": storm} if storm else {}),
                }
            )
            if last:
                for worker in workers:
                    worker.send("finish", expected, deadline_at)
                results = [w.expect("result", 60) for w in workers]
    finally:
        for worker in [*workers, *([sender] if sender else [])]:
            worker.stop()
        if database:
            database.close()

    latencies, later = array("q"), array("q")
    for result in results:
        latencies.frombytes(result.pop("latency_ns"))
        later.frombytes(result.pop("latency_later_ns"))
    if args.kill:  # the delivery figures of the phase without the storm, and the storm's apart
        summary["storm_latency_ms"] = {
            q: round(percentile(sorted(later), f) / 1e6, 1) for q, f in (("p50", 0.5), ("p99", 0.99))
        }
    else:
        latencies.extend(later)
    ordered = sorted(latencies)
    count = lambda key: sum(r[key] for r in results)  # noqa: E731
    refused_codes = sorted({code for sent in sents for code in sent["refused"].values()})
    send_seconds = sum(max(1e-9, (sent["last_send_ns"] - sent["first_send_ns"]) / 1e9) for sent in sents)
    summary |= {
        "sent": sum(sent["sent"] for sent in sents),
        "acked": sum(sent["acked"] for sent in sents),
        "refused": sum(len(sent["refused"]) for sent in sents),
        "refused_codes": refused_codes,
        "expected_deliveries": joined * len(expected),
        "live_deliveries": count("live"),
        "replayed": count("replayed"),
        "offered_per_s": round(joined * len(expected) / send_seconds),
        "latency_p50_ms": round(percentile(ordered, 0.50) / 1e6, 1),
        "latency_p99_ms": round(percentile(ordered, 0.99) / 1e6, 1),
        "latency_max_ms": round(ordered[-1] / 1e6, 1) if ordered else None,
        "lost": count("lost"),
        "clients_missing_some": count("clients_missing"),
        "duplicates": count("duplicates"),
        "resent_held": count("resent_held"),
        "stray": count("stray"),
        "not_connected_at_end": count("not_connected_at_end"),
        "send_lag_max_ms": max(round(sent["send_lag_max_ms"], 1) for sent in sents),
    }
    if args.kill:
        summary["storm"] = storm_summary(summary["phases"], results)
    return summary


def database_delta(before: observe.DatabaseCounters | None, after: observe.DatabaseCounters | None) -> dict | None:
    if before is None or after is None:
        return None
    return {k: getattr(after, k) - getattr(before, k) for k in vars(after)}


def warm_up(args: argparse.Namespace, port: int, room: str) -> None:
    """One client on each process directly first: a process that just (re)started answers its
    first socket slowly (lazy imports, first database connection), and nginx's least_conn
    would meanwhile send the whole storm to the others."""
    import asyncio

    from websockets.asyncio.client import connect

    from bench.loadgen import CLIENT_OPTIONS, join_pavilion

    url = urlsplit(args.url)
    direct = f"{url.scheme}://{url.hostname}:{port}{url.path or '/ws/'}"

    async def once() -> None:
        async with asyncio.timeout(60), connect(direct, **CLIENT_OPTIONS) as ws:
            await join_pavilion(ws, room, 60)

    asyncio.run(once())


def prime_nginx(args: argparse.Namespace) -> None:
    """Clear nginx's memory of a killed process (from an earlier storm). With `max_fails=1`
    a process that refused one connection is skipped for `fail_timeout` (5 s), then offered
    one connection, and forgiven only when that connection *ends*: a WebSocket that stays
    open keeps the process at one new socket per 5 s, and least_conn sends the whole join
    storm to the others. Short sockets through nginx, after the timeout, end that."""
    import asyncio

    from websockets.asyncio.client import connect

    from bench.loadgen import CLIENT_OPTIONS

    async def once() -> None:
        for _ in range(2 * len(args.process_ports)):
            async with asyncio.timeout(30), connect(args.url, **CLIENT_OPTIONS) as ws:
                await ws.recv()  # hello

    time.sleep(6)
    asyncio.run(once())


def kill_one(args: argparse.Namespace, t0: float) -> dict[str, Any]:
    """SIGKILL the Daphne on `--kill-port` at t0 + kill_at."""
    time.sleep(max(0.0, t0 + args.kill_at - time.time()))
    pid = observe.daphne_pid(args.kill_port)
    if pid is None:
        raise SystemExit(f"--kill: no daphne process with -p {args.kill_port} on this machine")
    sockets = observe.scrape(f"http://127.0.0.1:{args.kill_port}/metrics") or {}
    kill_ns = time.time_ns()
    os.kill(pid, signal.SIGKILL)
    open_sockets = sockets.get("pavilion_sockets_open", 0)
    print(f"  killed daphne pid {pid} (port {args.kill_port}, {open_sockets:.0f} sockets open)", flush=True)
    return {
        "pid": pid,
        "port": args.kill_port,
        "kill_ns": kill_ns,
        "sockets_open": sockets.get("pavilion_sockets_open"),
    }


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    raise_fd_limit()
    max_seconds = args.join_timeout + args.duration + 2 * args.drain + 300
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("benchmark exceeded max time")))
    signal.alarm(int(max_seconds))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    commit = git_commit()
    print(f"pavilion {commit} (the bench's tree; the cluster runs what it was started from)", flush=True)
    try:
        summary = run(args)
    finally:
        signal.alarm(0)
    print_summary(summary, args)
    output = args.json or RESULTS / f"cluster-{stamp}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "commit": commit,
        "time": stamp,
        "command": " ".join([Path(sys.executable).name, "-m", "bench.rooms", *(argv or sys.argv[1:])]),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
    }
    output.write_text(json.dumps({**meta, "results": [summary]}, indent=2, default=str))
    print(f"\nJSON: {output}")
