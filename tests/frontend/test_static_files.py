"""Production static files: collectstatic with the production storage gives every file a
content-hashed name, rewrites our ES modules' imports to those names, `{% static %}` points
at them, and whitenoise serves them as immutable."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client, override_settings

HASHED = re.compile(r"\.[0-9a-f]{12}\.(js|css)$")
RELATIVE_IMPORT = re.compile(r"""(?:from|import)\s*["'](\.{1,2}/[^"']+)["']""")


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("static")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


def production(root: Path):
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"}}
    return override_settings(
        DEBUG=False,
        STATIC_ROOT=root,
        STORAGES=storages,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    )


def test_production_settings_use_the_hashing_storage():
    # config/settings_parts/base.py picks it whenever DEBUG is off.
    source = (settings.BASE_DIR / "config" / "settings_parts" / "base.py").read_text()
    assert '"config.storage.StaticFilesStorage"' in source


def test_module_imports_point_at_hashed_names(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    scripts = [name for name in manifest if name.startswith("pavilion/") and name.endswith(".js")]
    assert {
        "pavilion/console.js",
        "pavilion/console-context.js",
        "pavilion/shared-client.js",
        "pavilion/live-client.js",
    } <= set(scripts)
    checked = 0
    for name in scripts:
        hashed = collected / manifest[name]
        assert HASHED.search(hashed.name), hashed
        for target in RELATIVE_IMPORT.findall(hashed.read_text(encoding="utf-8")):
            resolved = (hashed.parent / target).resolve()
            assert HASHED.search(target), f"{manifest[name]} imports {target} by its plain name"
            assert resolved.is_file(), f"{manifest[name]} imports {target}, which is not there"
            checked += 1
    assert checked >= 3
    console = (collected / manifest["pavilion/console.js"]).read_text(encoding="utf-8")
    assert Path(manifest["pavilion/console-context.js"]).name in console
    context = (collected / manifest["pavilion/console-context.js"]).read_text(encoding="utf-8")
    assert Path(manifest["pavilion/shared-client.js"]).name in context
    shared = (collected / manifest["pavilion/shared-client.js"]).read_text(encoding="utf-8")
    assert Path(manifest["pavilion/live-client.js"]).name in shared


def test_rewritten_modules_still_parse(collected, tmp_path):
    """The import rewriting is a regular expression over the source: every rewritten module
    must still be valid JavaScript (node, which `make node-deps` needs anyway, parses it)."""
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    for name in (n for n in manifest if n.startswith("pavilion/") and n.endswith(".js")):
        module = tmp_path / (Path(manifest[name]).stem + ".mjs")
        module.write_bytes((collected / manifest[name]).read_bytes())
        result = subprocess.run(["node", "--check", str(module)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{manifest[name]}: {result.stderr}"


def test_static_tag_and_whitenoise_serve_hashed_immutable_files(collected, db):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    with production(collected):
        url = Template("{% load static %}{% static 'pavilion/console.js' %}").render(Context())
        assert url == f"/static/{manifest['pavilion/console.js']}"
        response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert "immutable" in response["Cache-Control"]
        assert response.get("Content-Encoding") == "gzip"
        response.close()
        plain = Client().get("/static/pavilion/console.js")
        assert plain.status_code == 200 and "immutable" not in plain.get("Cache-Control", "")
        plain.close()
