"""The site's one JSON API (django-ninja): every app's router under its own path prefix,
one OpenAPI document at /api/openapi.json (docs at /api/docs), one error shape
(live/http_api.py, docs/api.md)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from ninja import NinjaAPI

from live.http_api import Utf8JSONRenderer, install_error_handlers


class SiteAPI(NinjaAPI):
    """Mounted at the site's root, where "" is the programme page: no ninja root page there."""

    def get_root_path(self, path_params: dict[str, Any]) -> str:
        return "/"

    def _get_urls(self) -> list[Any]:
        return [pattern for pattern in super()._get_urls() if getattr(pattern, "name", None) != "api-root"]


api = SiteAPI(
    title="Pavilion API",
    version="1",
    description=(
        "The conference programme (in any time zone), the live rooms' settings and history, and the "
        "exhibition: halls, booth content, the exhibitor flow, leads, reviews and 3D scene descriptors. "
        'Every refusal is {"code", "message", "fields"?} (docs/api.md).'
    ),
    urls_namespace="api",
    openapi_url="/api/openapi.json",
    docs_url="/api/docs",
    renderer=Utf8JSONRenderer(),
)
install_error_handlers(api)


# app -> the path prefix of its router (`<app>/api.py`, `router`); an app not installed is skipped.
ROUTERS = {
    "accounts": "/api/",
    "live": "/api/",
    "streams": "/api/",
    "halls": "/exhibition/",
    "networking": "/api/",
    "search": "/api/",
    "agenda": "/api/",
    "notifications": "/api/",
    "meetings": "/api/",
    "recruitment": "/api/",
    "matchmaking": "/api/",
    "translation": "/api/",
    "activities": "/api/",
    "competition": "/api/",
}


def _add_routers() -> None:
    # Imported here so that importing config.api never imports an app half-loaded.
    from django.apps import apps

    for app, prefix in ROUTERS.items():
        if apps.is_installed(app):
            api.add_router(prefix, import_module(f"{app}.api").router)


_add_routers()
