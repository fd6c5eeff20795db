"""Browser libraries from frontend/node_modules (npm, package-lock.json; `make node-deps`),
never vendored: one view serves the ES module builds that pages import, each package at its
own URL prefix (frontend/urls.py builds one route per entry below)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET


@dataclass(frozen=True)
class NodeLibrary:
    url: str  # the URL prefix its files are served under
    folder: str  # its build's folder inside the package
    files: frozenset[str]  # the files of that build that may be served


NODE_LIBRARIES: dict[str, NodeLibrary] = {
    "hls.js": NodeLibrary("lib/hls.js/", "dist", frozenset({"hls.min.mjs", "hls.mjs"})),
    # Recruitment statistics charts: the UMD build sets globalThis.Chart when imported (the
    # ES build imports @kurkle/color by a bare name, which a browser cannot resolve).
    "chart.js": NodeLibrary("lib/chart.js/", "dist", frozenset({"chart.umd.min.js"})),
    # At the path docs/scenes.md names.
    "three": NodeLibrary("exhibition/scenes/lib/three/", "build", frozenset({"three.module.js", "three.core.js"})),
}


def route_name(package: str) -> str:
    return f"lib-{package}"


def library_url(package: str, name: str) -> str:
    """The URL a page imports `name` of an npm package from."""
    return reverse(f"frontend:{route_name(package)}", args=[name])


@require_GET
def node_library(request: HttpRequest, package: str, name: str) -> HttpResponse:
    """An ES module build file of a listed npm package; 404 for anything else."""
    library = NODE_LIBRARIES[package]
    path = settings.BASE_DIR / "frontend" / "node_modules" / package / library.folder / name
    if name not in library.files or not path.is_file():
        raise Http404(f"{package}/{name} is not installed: run `make node-deps` (npm ci in frontend/).")
    response = FileResponse(path.open("rb"), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
