"""Each app registers its own protocol parts and room kinds in its own apps.py, so they
exist whichever other apps are installed (docs/architecture.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Set up Django with the project's settings minus one app, then say what is registered.
PROBE = """
import json, sys
import config.settings as project
project.INSTALLED_APPS = [app for app in project.INSTALLED_APPS if app != sys.argv[1]]
import django
django.setup()
from live.protocol import CLIENT_FRAMES
from live.registry import ROOM_KINDS
print(json.dumps({"frames": sorted(CLIENT_FRAMES), "kinds": sorted(ROOM_KINDS)}))
"""


def registered_without(app: str) -> dict[str, list[str]]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, app], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_stage_reactions_exist_without_the_frontend_app():
    registered = registered_without("frontend")
    assert "stage.react" in registered["frames"]
    assert {"stage", "booth", "exhibitor"} <= set(registered["kinds"])


def test_the_frontend_app_registers_no_protocol_parts():
    assert registered_without("frontend") == registered_without("nothing-removed")


# The site's API document with the project's settings minus some apps.
API_PROBE = """
import json, sys
import config.settings as project
project.INSTALLED_APPS = [app for app in project.INSTALLED_APPS if app not in sys.argv[1:]]
import django
django.setup()
from config.api import api
schema = api.get_openapi_schema()
room = schema["components"]["schemas"]["RoomOut"]["properties"]
print(json.dumps({"paths": sorted(schema["paths"]), "room_fields": sorted(room)}))
"""


# Apps built on streams' models (the agenda bookmarks its sessions, recruitment pins jobs on
# its stages and ties policy talks to its sessions; activities links sub-venue sessions and
# roadshows to them, and competition builds on activities) go with it.
ON_STREAMS = ("agenda", "recruitment", "activities", "competition")


def api_without(*apps: str) -> dict[str, list[str]]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", API_PROBE, *apps], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_generic_room_api_is_lives_and_streams_adds_the_session():
    without_streams = api_without("streams", *ON_STREAMS)
    assert {"/api/rooms/{slug}", "/api/rooms/{slug}/history"} <= set(without_streams["paths"])
    assert "/api/rooms/{slug}/stage" not in without_streams["paths"]
    assert "session_id" not in without_streams["room_fields"]
    everything = api_without("nothing-removed")
    assert {"/api/rooms/{slug}/stage", "/api/rooms/{slug}/recordings"} <= set(everything["paths"])
    assert set(everything["room_fields"]) == {*without_streams["room_fields"], "session_id"}
