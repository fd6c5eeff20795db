"""Scene descriptors as HTTP resources: a version (the hash of the scene's spec), an ETag
and a Last-Modified, and the JSON body, built at most once per version.

The spec is read on every request (a few small queries) and hashed; the body is looked up
in Django's cache under that version and built only when missing. Last-Modified is the
moment a version was first seen (kept in the cache next to it), at least one second after
the previous version's, so If-Modified-Since never answers 304 across a change.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from halls.models import Booth, Hall
from halls.scenes import builders, content

# Bump when the builders change what they output for the same spec.
FORMAT = 3
BODY_TIMEOUT = 7 * 24 * 3600
_build_lock = threading.Lock()  # widgets live in one global registry: one build at a time


def spec_version(spec: dict[str, Any]) -> str:
    payload = json.dumps([FORMAT, spec], sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


@dataclass
class Descriptor:
    kind: str  # "hall" or "booth"
    key: str  # hall slug or booth id
    spec: dict[str, Any]
    build: Callable[[dict[str, Any]], dict[str, Any]]
    version: str
    last_modified: int  # seconds since the epoch

    @property
    def etag(self) -> str:
        return f'"{self.kind}-{self.version}"'

    @property
    def body_key(self) -> str:
        return f"pavilion:scenes:{self.kind}:{self.key}:body:{self.version}"

    def body(self) -> bytes:
        data = cache.get(self.body_key)
        if data is None:
            with _build_lock:
                data = cache.get(self.body_key)
                if data is None:
                    scene = self.build(self.spec)
                    data = json.dumps(scene, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                    cache.set(self.body_key, data, BODY_TIMEOUT)
        return data

    def gzipped(self) -> bytes:
        """The body, gzip-compressed once per version (what is served to `Accept-Encoding: gzip`)."""
        key = self.body_key + ":gz"
        data = cache.get(key)
        if data is None:
            data = gzip.compress(self.body(), compresslevel=6, mtime=0)
            cache.set(key, data, BODY_TIMEOUT)
        return data


def _descriptor(kind: str, key: str, spec: dict[str, Any], build) -> Descriptor:
    version = spec_version(spec)
    head_key = f"pavilion:scenes:{kind}:{key}:head"
    head = cache.get(head_key)
    if head is not None and head["version"] == version:
        last_modified = head["last_modified"]
    else:
        last_modified = int(time.time())
        if head is not None:
            last_modified = max(last_modified, head["last_modified"] + 1)
            old = f"pavilion:scenes:{kind}:{key}:body:{head['version']}"
            cache.delete_many([old, old + ":gz"])
        cache.set(head_key, {"version": version, "last_modified": last_modified}, None)
    return Descriptor(kind, key, spec, build, version, last_modified)


def hall_descriptor(hall: Hall) -> Descriptor:
    return _descriptor("hall", hall.slug, content.hall_spec(hall), lambda spec: builders.build_hall_scene(spec))


def zone_descriptor(hall: Hall, zone_id: int) -> Descriptor | None:
    spec = content.zone_spec(hall, zone_id)
    if spec is None:
        return None
    return _descriptor("zone", f"{hall.slug}:{zone_id}", spec, lambda spec: builders.build_zone_scene(spec))


def booth_descriptor(booth: Booth) -> Descriptor:
    return _descriptor("booth", str(booth.pk), content.booth_spec(booth), lambda spec: builders.build_booth_scene(spec))
