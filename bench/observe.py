"""What the cluster benchmark reads from the cluster under test, besides its own clients.

- Each Daphne's `/metrics` (config/health.py, live/metrics.py): the same counters the
  operators' dashboard (docs/grafana-opening.json) sums — `process_cpu_seconds_total` for
  CPU per process, `pavilion_joins_total`, `pavilion_deliveries_total`,
  `pavilion_sockets_open` — so that the benchmark's figures and the dashboard agree.
- The Daphne process listening on a port, found in /proc (to kill it in the reconnect storm).
- PostgreSQL's `pg_stat_database` row of the cluster's database (transactions, rows read):
  the database load. pg_stat_statements needs a server restart to load, which a running
  cluster should not need.
"""

from __future__ import annotations

import itertools
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? ([0-9.eE+-]+|NaN|\+Inf|-Inf)$")
WANTED = (
    "process_cpu_seconds_total",
    "process_resident_memory_bytes",
    "pavilion_sockets_open",
    "pavilion_joins_total",
    "pavilion_deliveries_total",
    "pavilion_messages_total",
    "pavilion_sockets_lagged_total",
    "pavilion_errors_total",
)


def parse_metrics(text: str) -> dict[str, float]:
    """The samples named in WANTED, summed over their labels."""
    values: dict[str, float] = {}
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if match and match[1] in WANTED:
            values[match[1]] = values.get(match[1], 0.0) + float(match[3])
    return values


def scrape(url: str, timeout: float = 10) -> dict[str, float] | None:
    """One process's metrics, or None when it does not answer (killed, restarting)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return parse_metrics(response.read().decode())
    except (OSError, urllib.error.URLError, ValueError):
        return None


def scrape_all(urls: list[str]) -> list[dict[str, float] | None]:
    return [scrape(url) for url in urls]


def delta(after: dict[str, float] | None, before: dict[str, float] | None, name: str) -> float | None:
    if after is None or before is None or name not in after or name not in before:
        return None
    return after[name] - before[name]


def daphne_pid(port: int) -> int | None:
    """The pid of `daphne … -p <port>` or `daphne -e tcp:port=<port>:…` (scripts/cluster.sh
    starts each Daphne so), if any."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if not any(arg.endswith(b"daphne") for arg in argv[:3]):
            continue
        for flag, value in itertools.pairwise(argv):
            if flag == b"-p" and value == str(port).encode():
                return int(entry.name)
            if flag == b"-e" and f"port={port}:".encode() in value + b":":
                return int(entry.name)
    return None


def process_start_ticks(pid: int) -> int | None:
    """When a process started (field 22 of /proc/<pid>/stat): tells a restarted one apart."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


@dataclass
class DatabaseCounters:
    transactions: int
    rows_read: int  # tup_returned + tup_fetched
    rows_written: int  # tup_inserted + tup_updated + tup_deleted
    blocks_read: int  # blks_hit + blks_read


class Database:
    """pg_stat_database of one database, read over its own connection (psycopg)."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.connection = psycopg.connect(url, autocommit=True)
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            self.name = cursor.fetchone()[0]

    def counters(self) -> DatabaseCounters:
        with self.connection.cursor() as cursor:
            # Statistics are cached for the length of a transaction and flushed by the
            # backends at most once a second: read fresh ones.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT xact_commit + xact_rollback, tup_returned + tup_fetched,"
                " tup_inserted + tup_updated + tup_deleted, blks_hit + blks_read"
                " FROM pg_stat_database WHERE datname = %s",
                (self.name,),
            )
            row = cursor.fetchone()
        # Our own `SELECT … pg_stat_database` transactions are counted too: 2 per reading.
        return DatabaseCounters(*(int(v) for v in row))

    def close(self) -> None:
        self.connection.close()


def open_database(url: str | None) -> Database | None:
    """A PostgreSQL URL → its counters; SQLite (or nothing) → None (no such statistics)."""
    if not url or not url.startswith(("postgres://", "postgresql://")):
        return None
    return Database(url)


def database_url_from_environment() -> str | None:
    return os.environ.get("DATABASE_URL") or None
