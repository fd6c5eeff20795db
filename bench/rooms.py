"""One room, many clients: Pavilion against two baselines, in the same run.

    .venv/bin/python -m bench.rooms --clients 1000 --rate 2 --duration 20
    .venv/bin/python -m bench.rooms --clients 1000 --rate 20 --duration 20 --profile

For each target (Pavilion, a plain Channels `group_send` consumer, a bare `websockets`
broadcast server), started here on a free port of 127.0.0.1 with its own Redis:
1. join storm: `--clients` WebSocket clients in `--workers` processes connect (and for
   Pavilion send `room.join` and wait for its ack); joins/s = clients / (first connect →
   last joined); server memory per connection = VmRSS growth / clients;
2. a sender process sends `--rate` chat messages per second, evenly spaced, for `--duration`
   seconds (Pavilion: through enough authenticated senders that none exceeds 0.8 msg/s,
   under its post limit of 1/s); every receiver records every message's latency (receipt
   time − the send time embedded in the text) and which ids it got;
3. drain: at most `--drain` seconds after the last send; what has not arrived by then is lost.
It prints one table, the ratios to the baselines, and writes JSON to bench/results/.

With `--url` it loads an already running cluster instead (`make cluster N=2`), optionally
with a reconnect storm: bench/cluster.py, `python -m bench.rooms --url ws://… --help`.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import uuid
from array import array
from pathlib import Path
from typing import Any

from bench import profiling, targets
from bench.common import cpu_seconds, machine_busy_seconds, percentile, raise_fd_limit, rss_bytes
from bench.loadgen import receiver_process, sender_process

RESULTS = Path(__file__).resolve().parent / "results"
PER_SENDER_RATE = 0.8  # messages/s per Pavilion sender user, under POST_RATE = 1/s


class Worker:
    """A load-generator process and its end of the control pipe."""

    def __init__(self, target, args: tuple) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child_conn = ctx.Pipe()
        self.process = ctx.Process(target=target, args=(child_conn, *args), daemon=True)
        self.process.start()
        child_conn.close()

    def expect(self, kind: str, timeout: float) -> Any:
        if not self.conn.poll(timeout):
            raise TimeoutError(f"load generator {self.process.pid}: no {kind!r} within {timeout:.0f} s")
        message = self.conn.recv()
        if message[0] != kind:
            raise RuntimeError(f"load generator {self.process.pid}: expected {kind!r}, got {message[0]!r}")
        return message[1]

    def send(self, *message: Any) -> None:
        self.conn.send(message)

    def stop(self) -> None:
        self.process.join(15)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


def run_target(server: targets.Server, args: argparse.Namespace, workdir: Path, kind: str = "guest") -> dict[str, Any]:
    n_msgs = int(args.rate * args.duration)
    marker = uuid.uuid4().hex[:8]
    hard_timeout = args.join_timeout + args.duration + 2 * args.drain + 180
    common = {
        "url": server.url,
        "target": server.name,
        "room": "bench",
        "n_msgs": n_msgs,
        "marker": marker,
        "hard_timeout": hard_timeout,
        "join_timeout": args.join_timeout,
        "drain": args.drain,
    }
    sizes = [args.clients // args.workers + (i < args.clients % args.workers) for i in range(args.workers)]
    credentials = {"token": server.member_tokens, "token-frame": server.member_tokens, "cookie": server.sessions}.get(
        kind, []
    )
    origin = server.url.replace("ws://", "http://").split("/ws/")[0]
    concurrency = max(1, math.ceil(args.join_concurrency / args.workers))
    workers: list[Worker] = []
    sender: Worker | None = None
    spy: subprocess.Popen | None = None
    try:
        warm_up(server)
        rss_before = rss_bytes(server.pid)
        offset = 0
        for size in sizes:
            mine = credentials[offset : offset + size]
            offset += size
            cfg = {
                **common,
                "clients": size,
                "join_concurrency": concurrency,
                "kind": kind,
                "credentials": mine,
                "origin": origin,
            }
            workers.append(Worker(receiver_process, (cfg,)))
        worker_pids = [w.expect("ready", 60) for w in workers]
        start_at = time.time() + 0.5
        join_spy = None
        if args.profile_join and server.name == args.profile_target:
            join_profile_path = workdir / f"profile-join-{server.name}-{kind}.txt"
            join_spy = profiling.start(server.pid, args.join_timeout, join_profile_path)
        for worker in workers:
            worker.send("connect", start_at)
        joins = [w.expect("joined", args.join_timeout + 30) for w in workers]
        if join_spy is not None:
            join_spy.send_signal(signal.SIGINT)  # py-spy writes what it has and exits
            profiling.stop(join_spy, 30)
        joined = sum(j["joined"] for j in joins)
        join_seconds = (max(j["last_joined_ns"] for j in joins) - min(j["started_ns"] for j in joins)) / 1e9
        time.sleep(args.settle)  # presence broadcasts after the storm, GC
        rss_after = rss_bytes(server.pid)
        print(f"  {server.name}: {joined}/{args.clients} joined in {join_seconds:.1f} s", flush=True)

        sender_cfg = {
            **common,
            "rate": args.rate,
            "senders": max(1, math.ceil(args.rate / PER_SENDER_RATE)),
            "tokens": server.tokens,
            "text_size": args.text_size,
        }
        sender = Worker(sender_process, (sender_cfg,))
        sender_pid = sender.expect("ready", 90)
        watched = {"server": [server.pid], "redis": [args.redis_pid] if args.redis_pid else [], "loadgen": worker_pids}
        cpu_before = {k: sum(cpu_seconds(p) for p in pids) for k, pids in watched.items()}
        cpu_before["loadgen"] += cpu_seconds(sender_pid)
        cpu_before["machine"] = machine_busy_seconds()
        t0 = time.time() + 0.3
        wall_before = time.monotonic()
        if args.profile and server.name == args.profile_target:
            profile_path = workdir / f"profile-{server.name}-{kind}.txt"
            spy = profiling.start(server.pid, args.duration, profile_path)
        sender.send("go", t0)
        sent = sender.expect("sent", args.duration + args.drain + 60)
        refused = {int(k) for k in sent["refused"]}
        expected = [i for i in range(n_msgs) if i not in refused]
        deadline_at = sent["last_send_ns"] / 1e9 + args.drain
        for worker in workers:
            worker.send("finish", expected, deadline_at)
        results = [w.expect("result", args.drain + 60) for w in workers]
        wall = time.monotonic() - wall_before
        cpu = {k: sum(cpu_seconds(p) for p in pids) for k, pids in watched.items()}
        cpu["loadgen"] += cpu_seconds(sender_pid)
        cpu["machine"] = machine_busy_seconds()
        cpu_pct = {k: round(100 * (cpu[k] - cpu_before[k]) / wall) for k in cpu}
        # Whatever else ran on the machine meanwhile (other people's tests…): a noisy run shows here.
        cpu_pct["other"] = max(0, cpu_pct["machine"] - cpu_pct["server"] - cpu_pct["redis"] - cpu_pct["loadgen"])
    finally:
        for worker in [*workers, *([sender] if sender else [])]:
            worker.stop()
        if spy is not None:
            profiling.stop(spy, args.duration + 30)

    latencies = array("q")
    for result in results:
        latencies.frombytes(result["latency_ns"])
    ordered = sorted(latencies)
    deliveries = len(ordered)
    last_delivery_ns = max(r["last_delivery_ns"] for r in results)
    window = max(1e-9, (last_delivery_ns - sent["first_send_ns"]) / 1e9) if deliveries else float("nan")
    summary: dict[str, Any] = {
        "target": server.name,
        "kind": kind if server.name == "pavilion" else None,
        "label": targets.TARGET_LABELS[server.name] + (f" ({kind})" if server.name == "pavilion" else ""),
        "clients": args.clients,
        "joined": joined,
        "join_failures": sum(j["failed"] for j in joins),
        "join_failure_samples": [f for j in joins for f in j["failures"]][:5],
        "join_seconds": round(join_seconds, 2),
        "joins_per_s": round(joined / join_seconds, 1) if join_seconds > 0 else None,
        "rss_before_mb": round(rss_before / 2**20, 1),
        "rss_after_mb": round(rss_after / 2**20, 1),
        "mb_per_1k_conns": round((rss_after - rss_before) / 2**20 / max(1, joined) * 1000, 1),
        "sent": sent["sent"],
        "acked": sent["acked"] if server.name == "pavilion" else None,
        "refused": len(refused),
        "refused_codes": sorted(set(sent["refused"].values())),
        "send_lag_p99_ms": round(sent["send_lag_p99_ms"], 1),
        "send_lag_max_ms": round(sent["send_lag_max_ms"], 1),
        "expected_deliveries": joined * len(expected),
        "deliveries": deliveries,
        "deliveries_per_s": round(deliveries / window) if deliveries else 0,
        "offered_per_s": round(
            joined * len(expected) / max(1e-9, (sent["last_send_ns"] - sent["first_send_ns"]) / 1e9)
        ),
        "latency_p50_ms": round(percentile(ordered, 0.50) / 1e6, 1),
        "latency_p99_ms": round(percentile(ordered, 0.99) / 1e6, 1),
        "latency_max_ms": round(ordered[-1] / 1e6, 1) if ordered else None,
        "lost": sum(r["lost"] for r in results),
        "clients_missing_some": sum(r["clients_missing"] for r in results),
        "duplicates": sum(r["duplicates"] for r in results),
        "stray": sum(r["stray"] for r in results),
        "closed_early": sum(r["closed_early"] for r in results),
        "cpu_percent": cpu_pct,
        "group_messages_dropped": targets.count_dropped_group_messages(server),
    }
    if args.profile_join and server.name == args.profile_target:
        summary["join_profile_file"] = str(join_profile_path)
        summary["join_profile"] = profiling.summarize(join_profile_path)
    if spy is not None:
        summary["profile_file"] = str(profile_path)
        summary["profile"] = profiling.summarize(profile_path)
    return summary


def warm_up(server: targets.Server) -> None:
    """One client through the whole path first, so that lazy imports are not counted as memory
    per connection and a broken server fails here rather than 1,000 times."""
    import asyncio

    from websockets.asyncio.client import connect

    from bench.loadgen import CLIENT_OPTIONS, join_pavilion

    async def once() -> None:
        async with asyncio.timeout(30), connect(server.url, **CLIENT_OPTIONS) as ws:
            if server.name == "pavilion":
                await join_pavilion(ws, "bench", 30)

    asyncio.run(once())


def start(name: str, args: argparse.Namespace, workdir: Path, redis_url: str, kind: str = "guest") -> targets.Server:
    if name == "pavilion":
        senders = max(1, math.ceil(args.rate / PER_SENDER_RATE))
        members = args.clients if kind in ("token", "token-frame", "cookie") else 0
        return targets.start_pavilion(
            workdir / kind,
            redis_url,
            senders,
            args.redis_socket_timeout,
            args.pavilion_tree,
            members=members,
            validate_frames=args.validate_frames,
            debug=not args.production,
        )
    if name == "channels":
        return targets.start_channels(workdir, redis_url, args.group_capacity)
    return targets.start_websockets(workdir, args.max_seconds)


def print_table(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    header = (
        f"{'target':<20} {'clients':>9} {'joins/s':>8} {'MB/1k':>6} {'offered/s':>9} {'deliv/s':>8} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'lost':>7} {'dup':>4} {'srv CPU':>7}"
    )
    print(f"\n{args.clients} clients, {args.rate} msg/s for {args.duration} s, drain {args.drain} s")
    print(header)
    print("-" * len(header))
    for r in rows:
        clients = f"{r['joined']}/{r['clients']}" if r["joined"] != r["clients"] else str(r["clients"])
        print(
            f"{r['label']:<20} {clients:>9} {r['joins_per_s'] or 0:>8.0f} {r['mb_per_1k_conns']:>6.1f} "
            f"{r['offered_per_s']:>9} {r['deliveries_per_s']:>8} {r['latency_p50_ms']:>8.1f} "
            f"{r['latency_p99_ms']:>8.1f} {r['latency_max_ms'] or 0:>8.1f} {r['lost']:>7} {r['duplicates']:>4} "
            f"{r['cpu_percent']['server']:>6}% {r['cpu_percent'].get('other', 0):>5}%"
        )
    for r in rows:
        notes = []
        if r["refused"]:
            notes.append(f"{r['refused']} sends refused {r['refused_codes']}")
        if r["join_failures"]:
            notes.append(f"{r['join_failures']} joins failed, e.g. {r['join_failure_samples'][:1]}")
        if r["group_messages_dropped"]:
            notes.append(f"channels-redis logged {r['group_messages_dropped']} group messages dropped (capacity)")
        if r["stray"] or r["closed_early"]:
            notes.append(f"stray {r['stray']}, closed early {r['closed_early']}")
        notes.append(f"send lag max {r['send_lag_max_ms']} ms")
        notes.append(f"CPU % of one core: {r['cpu_percent']}")
        print(f"  {r['label']}: " + "; ".join(notes))
    by_name = {r["target"]: r for r in rows}
    pavilions = [r for r in rows if r["target"] == "pavilion"]
    for pavilion in pavilions:
        for name in ("channels", "websockets"):
            base = by_name.get(name)
            if base and base["deliveries_per_s"]:
                ratio = pavilion["deliveries_per_s"] / base["deliveries_per_s"]
                print(f"{pavilion['label']} deliveries/s ÷ {base['label']}: {ratio:.2f}")
    bare = by_name.get("websockets")
    if bare and pavilions:
        print("\nAgainst the bare websockets server of this run (goals: joins ≥ 0.5, p99 ≤ 1.5, CPU/delivery ≤ 1.3):")
        for pavilion in pavilions:
            ratios = compare(pavilion, bare)
            print(
                f"  {pavilion['label']:<20} joins/s {ratios['joins']:.2f}  p99 {ratios['p99']:.2f}  "
                f"CPU per delivery {ratios['cpu_per_delivery']:.2f}  MB/1k conns {pavilion['mb_per_1k_conns']:.1f} "
                f"(bare {bare['mb_per_1k_conns']:.1f})"
            )
            pavilion["vs_bare"] = ratios
    if pavilions and any(r["deliveries_per_s"] >= 0.97 * r["offered_per_s"] for r in rows):
        print("(a target that delivers ~all of the offered load is not saturated: its deliveries ratio says little)")


def compare(row: dict[str, Any], bare: dict[str, Any]) -> dict[str, float]:
    """Ratios to the bare server: joins/s, delivery p99, server CPU per delivery."""

    def ratio(a: float | None, b: float | None) -> float:
        return round(a / b, 2) if a and b else float("nan")

    def cpu_per_delivery(r: dict[str, Any]) -> float | None:
        return r["cpu_percent"]["server"] / r["deliveries_per_s"] if r["deliveries_per_s"] else None

    return {
        "joins": ratio(row["joins_per_s"], bare["joins_per_s"]),
        "p99": ratio(row["latency_p99_ms"], bare["latency_p99_ms"]),
        "cpu_per_delivery": ratio(cpu_per_delivery(row), cpu_per_delivery(bare)),
    }


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "live", "config", "accounts"], capture_output=True
        )
        return out.stdout.strip() + ("+dirty(live/config/accounts)" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=1000, help="receiving clients in the room")
    parser.add_argument("--rate", type=float, default=2, help="chat messages per second into the room")
    parser.add_argument("--duration", type=float, default=20, help="seconds of sending")
    parser.add_argument("--drain", type=float, default=10, help="seconds after the last send before the rest is lost")
    parser.add_argument("--targets", default=",".join(targets.TARGETS), help="comma-separated: %(default)s")
    parser.add_argument("--workers", type=int, default=0, help="receiver processes (default: 1 per 2,500, ≥ 2)")
    parser.add_argument("--join-concurrency", type=int, default=200, help="connects+joins in flight (all workers)")
    parser.add_argument("--join-timeout", type=float, default=120, help="seconds for the whole join storm")
    parser.add_argument("--settle", type=float, default=2, help="seconds between the storm and sending")
    parser.add_argument("--text-size", type=int, default=64, help="characters per chat message")
    parser.add_argument(
        "--group-capacity", type=int, default=0, help="channels baseline: layer capacity (default: its own, 100)"
    )
    parser.add_argument(
        "--pavilion-commit",
        help="run Pavilion as of this git commit (exported with git archive), not the working tree",
    )
    parser.add_argument(
        "--redis-socket-timeout",
        type=float,
        default=0,
        help="pavilion: add ?socket_timeout=N to REDIS_URL (default: as configured; see docs/performance.md)",
    )
    parser.add_argument(
        "--kinds",
        default="guest",
        help="pavilion's receiving clients, comma-separated: guest (no credentials), token (an API "
        "token in the handshake's Authorization header), token-frame (an API token in an auth frame), "
        "cookie (a Django session cookie and the page's Origin, as a browser)",
    )
    parser.add_argument(
        "--validate-frames", action="store_true", help="pavilion: validate every frame built (as with DEBUG)"
    )
    parser.add_argument(
        "--production", action="store_true", help="pavilion: run with DEBUG off, as in production (default: on)"
    )
    parser.add_argument("--profile", action="store_true", help="py-spy the server while sending")
    parser.add_argument("--profile-join", action="store_true", help="py-spy the server during the join storm")
    parser.add_argument("--profile-target", default="pavilion", choices=targets.TARGETS)
    parser.add_argument("--json", type=Path, help="write results here (default: bench/results/<time>.json)")
    args = parser.parse_args(argv)
    args.targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    args.kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if set(args.kinds) - {"guest", "token", "token-frame", "cookie"} or not args.kinds:
        parser.error("--kinds: guest, token, token-frame, cookie")
    unknown = set(args.targets) - set(targets.TARGETS)
    if unknown:
        parser.error(f"unknown targets {sorted(unknown)}")
    if args.clients < 1 or args.rate <= 0 or args.duration <= 0 or args.rate * args.duration < 1:
        parser.error("need clients ≥ 1 and at least one message (rate × duration ≥ 1)")
    args.workers = args.workers or max(2, math.ceil(args.clients / 2500))
    args.workers = min(args.workers, args.clients)
    per_target = args.join_timeout + args.duration + 2 * args.drain + 240
    runs = len(args.targets) + (len(args.kinds) - 1) * ("pavilion" in args.targets)
    args.max_seconds = per_target * runs + 60
    return args


def main(argv: list[str] | None = None) -> None:
    given = sys.argv[1:] if argv is None else argv
    if any(a == "--url" or a.startswith("--url=") for a in given):
        from bench import cluster  # an already running cluster: bench/cluster.py

        return cluster.main(given)
    args = parse_args(argv)
    raise_fd_limit()
    # Watchdog for the whole run: SIGALRM raises here, the finally blocks stop everything.
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("benchmark exceeded max time")))
    signal.alarm(int(args.max_seconds))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    workdir = Path("/tmp/pavilion-bench") / stamp
    workdir.mkdir(parents=True, exist_ok=True)
    if args.pavilion_commit:
        args.pavilion_tree = targets.export_commit(args.pavilion_commit, workdir)
        commit = args.pavilion_tree.name.removeprefix("pavilion-") + " (exported)"
    else:
        args.pavilion_tree = targets.ROOT
        commit = git_commit()
    print(f"pavilion {commit}; run directory {workdir} (server logs, database, profiles)", flush=True)
    rows: list[dict[str, Any]] = []
    redis = None
    try:
        needs_redis = {"pavilion", "channels"} & set(args.targets)
        redis = targets.start_redis(workdir) if needs_redis else None
        args.redis_pid = redis.pid if redis else 0
        runs = [(name, kind) for name in args.targets for kind in (args.kinds if name == "pavilion" else ["guest"])]
        for name, kind in runs:
            if name == "pavilion":
                (workdir / kind).mkdir(exist_ok=True)
            server = start(name, args, workdir, redis.url if redis else "", kind)
            try:
                print(f"{name} ({kind}): pid {server.pid}, {server.url}", flush=True)
                rows.append(run_target(server, args, workdir, kind))
            finally:
                server.stop()
    finally:
        if redis is not None:
            redis.stop()
        signal.alarm(0)
    print_table(rows, args)
    for row in rows:
        if "join_profile" in row:
            profiling.print_summary(row["join_profile"], f"the join storm, {row['label']} ({row['join_profile_file']})")
        if "profile" in row:
            profiling.print_summary(row["profile"], f"{row['label']} ({row['profile_file']})")
    output = args.json or RESULTS / f"{stamp}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "commit": commit,
        "time": stamp,
        "command": " ".join([Path(sys.executable).name, "-m", "bench.rooms", *(argv or sys.argv[1:])]),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "config": {k: v for k, v in vars(args).items() if k not in {"json", "redis_pid", "pavilion_tree"}},
    }
    output.write_text(json.dumps({**meta, "results": rows}, indent=2, default=str))
    print(f"\nJSON: {output}")


if __name__ == "__main__":
    main()
