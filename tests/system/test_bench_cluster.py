"""`python -m bench.rooms --url` against a real `make cluster` (scripts/cluster.sh 2: nginx, two
Daphnes, Redis, this test's database), with a reconnect storm: one Daphne SIGKILLed while
messages are sent, its clients rejoin through nginx with `since_seq` (bench/cluster.py).

Small (a few dozen clients), so that it runs on a busy machine; it asserts what the
benchmark's figures must say, never how long anything took.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.system.conftest import REPO_ROOT, database_environment, port_open, server_environment
from tests.system.fixtures_storage import start_cluster  # noqa: F401 (fixture)

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]
CLIENTS = 40


def bench_env() -> dict[str, str]:
    return server_environment(database_environment()) | {"DEBUG": "1", "PYTHONPATH": str(REPO_ROOT)}


def test_bench_rooms_url_loads_a_cluster_and_survives_a_killed_process(start_cluster, tmp_path):  # noqa: F811
    cluster = start_cluster()
    env = bench_env()
    prepared = subprocess.run(
        [sys.executable, "-m", "bench.prepare", "--senders", "3", "--room", "storm"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert prepared.returncode == 0, prepared.stderr[-2000:]
    tokens = tmp_path / "tokens.json"
    tokens.write_text(prepared.stdout.strip().splitlines()[-1])
    output = tmp_path / "result.json"
    command = [sys.executable, "-m", "bench.rooms", "--url", f"ws://127.0.0.1:{cluster.port}/ws/"]
    command += ["--tokens", str(tokens), "--clients", str(CLIENTS), "--rate", "2", "--duration", "6"]
    command += ["--drain", "60", "--kill", "--kill-at", "2", "--reconnect-jitter", "1", "--json", str(output)]
    if "DATABASE_URL" in env:
        command += ["--database-url", env["DATABASE_URL"]]
    run = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert run.returncode == 0, f"{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    result = json.loads(output.read_text())["results"][0]

    assert result["joined"] == CLIENTS and result["join_failures"] == 0
    # Both processes took part of the join storm, and counted it in their own metrics.
    joins = [row["joins"] for row in result["join_per_process"]]
    assert all(j and j > 0 for j in joins) and sum(joins) >= CLIENTS
    assert result["sent"] == result["acked"] == 24 and result["refused"] == 0
    assert result["lost"] == 0 and result["duplicates"] == 0 and result["stray"] == 0
    assert result["expected_deliveries"] == CLIENTS * 24
    assert result["live_deliveries"] + result["replayed"] == CLIENTS * 24
    storm = result["storm"]
    assert storm["killed_port"] == cluster.port + 2
    assert storm["dropped"] > 0  # the killed process held clients
    assert storm["rejoined"] == storm["caught_up"] == storm["dropped"] and storm["rejoin_failed"] == 0
    assert result["not_connected_at_end"] == 0
    assert "storm: nothing lost, nothing duplicated, every client caught up" in run.stdout
    if "DATABASE_URL" in env:
        assert set(storm["database"]) == {"transactions", "rows_read", "rows_written", "blocks_read"}

    # scripts/cluster.sh started the killed process again, and the cluster is still up.
    deadline = time.monotonic() + 120
    while not port_open(cluster.port + 2):
        assert time.monotonic() < deadline, f"the killed Daphne was not restarted:\n{cluster.logs()}"
        time.sleep(0.2)
    assert port_open(cluster.port)
    assert "restarting" in (cluster.run_dir / f"daphne-{cluster.port + 2}.log").read_text()
