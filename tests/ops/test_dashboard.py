"""docs/grafana-opening.json reads only metrics that a process exposes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from prometheus_client import REGISTRY, generate_latest

import live.metrics  # noqa: F401  (registers the metrics)

DASHBOARD = Path(__file__).resolve().parents[2] / "docs" / "grafana-opening.json"
SUFFIXES = ("_total", "_bucket", "_sum", "_count")


def exposed_families() -> set[str]:
    text = generate_latest(REGISTRY).decode()
    return set(re.findall(r"^# TYPE (\S+) ", text, re.M))


def test_every_metric_of_every_panel_is_exposed():
    panels = json.loads(DASHBOARD.read_text())["panels"]
    titles = {panel["title"] for panel in panels}
    assert {"Open sockets", "Joins/s", "Deliveries/s", "Errors by code", "Stage viewers"} <= titles
    families = exposed_families()
    used = {
        name
        for panel in panels
        for target in panel["targets"]
        for name in re.findall(r"\b((?:pavilion|process)_[a-z_]+)\b", target["expr"])
    }
    assert used
    missing = []
    for name in sorted(used):
        base = next((name[: -len(s)] for s in SUFFIXES if name.endswith(s) and name[: -len(s)] in families), name)
        if base not in families:
            missing.append(name)
    assert missing == []
