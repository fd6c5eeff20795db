"""The reconnect storm's figures and the printed summary of `python -m bench.rooms --url`
(bench/cluster.py)."""

from __future__ import annotations

import argparse
from typing import Any

from bench.common import percentile


def storm_summary(phases: list[dict], results: list[dict]) -> dict[str, Any]:
    quiet, stormy = phases
    storm = stormy["storm"]
    kill_ns = storm["kill_ns"]
    times = [t for r in results for t in r["storm"]]
    caught = sorted((c - kill_ns) / 1e9 for _, _, c in times if c)
    rejoined = sorted((j - kill_ns) / 1e9 for d, j, _ in times if j >= d)
    out: dict[str, Any] = {
        "killed_pid": storm["pid"],
        "killed_port": storm["port"],
        "sockets_on_killed_process": storm["sockets_open"],
        "dropped": sum(r["dropped"] for r in results),
        "rejoined": sum(r["rejoined"] for r in results),
        "caught_up": sum(r["caught_up"] for r in results),
        "rejoin_failed": sum(r["rejoin_failed"] for r in results),
        "rejoin_failure_samples": [f for r in results for f in r["rejoin_failures"]][:5],
        "history_pages": sum(r["history_pages"] for r in results),
        "all_caught_up_s": round(caught[-1], 2) if caught else None,
        "caught_up_p50_s": round(percentile(caught, 0.5), 2) if caught else None,
        "rejoined_p50_s": round(percentile(rejoined, 0.5), 2) if rejoined else None,
        "rejoined_last_s": round(rejoined[-1], 2) if rejoined else None,
    }
    if quiet["database"] and stormy["database"]:
        # The same sending without and with the storm: the difference is what the storm cost.
        out["database"] = {
            k: {"without": quiet["database"][k], "with": v, "extra": v - quiet["database"][k]}
            for k, v in stormy["database"].items()
        }
    return out


def print_summary(s: dict[str, Any], args: argparse.Namespace) -> None:
    note = " (the phase without the storm)" if "storm_latency_ms" in s else ""
    print(f"\n{s['joined']}/{s['clients']} {s['kind']} clients on {args.url} ({len(s['processes'])} processes)")
    print(
        f"joins/s {s['joins_per_s']}  p50 {s['latency_p50_ms']} ms  p99 {s['latency_p99_ms']} ms  "
        f"max {s['latency_max_ms']} ms{note}  lost {s['lost']}  duplicated {s['duplicates']}  "
        f"(sent {s['sent']}, acked {s['acked']}, refused {s['refused']}; live deliveries {s['live_deliveries']}, "
        f"replayed {s['replayed']}, expected {s['expected_deliveries']})"
    )
    rows = [("join", s["join_seconds"], None, s["join_per_process"])]
    rows += [(p["phase"], p["seconds"], p["database"], p["per_process"]) for p in s["phases"]]
    for phase, seconds, database, processes in rows:
        print(f"  {phase} ({seconds} s)" + (f", database: {database}" if database else ""))
        for row in processes:
            restarted = " (killed, restarted)" if row.get("restarted") else ""
            print(
                f"    :{row['port']}{restarted}  CPU {row['cpu_percent']} % of a core  joins {row['joins']}  "
                f"deliveries {row['deliveries']}  sockets {row['sockets_open']}  RSS {row['rss_mb']} MB"
            )
    storm = s.get("storm")
    if storm:
        ok = (
            storm["caught_up"] == storm["dropped"]
            and s["lost"] == 0
            and s["duplicates"] == 0
            and s["not_connected_at_end"] == 0
        )
        print(
            f"storm: killed :{storm['killed_port']} ({storm['sockets_on_killed_process']} sockets); "
            f"dropped {storm['dropped']}, rejoined {storm['rejoined']}, caught up {storm['caught_up']}, "
            f"failed {storm['rejoin_failed']}; all caught up {storm['all_caught_up_s']} s after the kill "
            f"(p50 {storm['caught_up_p50_s']} s; rejoined p50 {storm['rejoined_p50_s']} s); "
            f"history pages {storm['history_pages']}; held-and-resent {s['resent_held']}; "
            f"live delivery during the storm phase p50 {s['storm_latency_ms']['p50']} ms, "
            f"p99 {s['storm_latency_ms']['p99']} ms"
        )
        for field, row in (storm.get("database") or {}).items():
            print(f"  database {field}: {row['without']} without the storm, {row['with']} with it: +{row['extra']}")
        print("storm: nothing lost, nothing duplicated, every client caught up" if ok else "storm: NOT clean")
