"""Every HTTP route of the site, from the URL resolver and the OpenAPI document, and the
concrete URL of a route for the authorization world's objects."""

from __future__ import annotations

import re
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

# Not the site's own endpoints: Django's admin and auth views, language switch, DEBUG media.
EXCLUDED_PREFIXES = ("admin/", "accounts/", "i18n/", "^media/")
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _walk(patterns: list[Any], prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def resolver_routes() -> set[str]:
    """Route patterns as Django writes them, e.g. "exhibition/api/booths/<int:pk>/stats/"."""
    return {route for route in _walk(get_resolver().url_patterns) if not route.startswith(EXCLUDED_PREFIXES)}


def openapi_operations() -> set[tuple[str, str]]:
    """(METHOD, route) of every operation in the site's OpenAPI document."""
    from config.api import api

    document = api.get_openapi_schema()
    by_openapi_path = {PARAM.sub(lambda m: "{" + m["name"] + "}", "/" + route): route for route in resolver_routes()}
    operations = set()
    for path, methods in document["paths"].items():
        route = by_openapi_path.get(path, path)
        for method in methods:
            if method.upper() in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
                operations.add((method.upper(), route))
    return operations


def url_for(route: str, values: dict[str, Any]) -> str:
    """The route with its parameters filled from `values` (by parameter name)."""
    return "/" + PARAM.sub(lambda m: str(values[m["name"]]), route)
