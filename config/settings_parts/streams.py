"""Stages (streams/): WebRTC through aiortc, calls, HLS packaging and where its files are kept."""

import os
from pathlib import Path

# STORAGES is base's own dict: the HLS storage is added to it here, where its settings are.
from .base import MEDIA_ROOT, STORAGES, env_bool, env_list

# Stages (streams/): WebRTC through aiortc.
STREAMS = {
    # STUN servers (RTCIceServer dicts) for the server's peers and for clients; entries with
    # credentials are never handed to clients (use TURN_* for TURN).
    "ICE_SERVERS": [{"urls": url} for url in env_list("ICE_SERVERS", "")],
    # TURN with short-lived per-person credentials (streams.turn, coturn's use-auth-secret):
    # the servers' URLs, the secret shared with coturn (static-auth-secret), the lifetime.
    "TURN_URLS": env_list("TURN_URLS", ""),
    "TURN_SECRET": os.environ.get("TURN_SECRET", ""),
    "TURN_TTL": int(os.environ.get("TURN_TTL", str(6 * 3600))),
    "MAX_PUBLISHERS": int(os.environ.get("STREAMS_MAX_PUBLISHERS", "4")),
    # In a cluster, a speaker whose process holds none of the stage's speakers publishes on
    # the process that does (streams.sfu_cluster), so that a panel's HLS mixes every voice
    # and its publisher limit counts the whole panel. Off: each publishes where their socket is.
    "GATHER_SPEAKERS": env_bool("STREAMS_GATHER_SPEAKERS", True),
    # WebRTC viewers per stage; past it viewers get HLS. Measured (bench.media, docs/performance.md,
    # issue 16): forwarding costs ~0.01 core per 640×480 30 fps viewer, so 50 hold half a core.
    "MAX_RELAY_VIEWERS": int(os.environ.get("STREAMS_MAX_RELAY_VIEWERS", "50")),
    # Of those, how many may be guests (not logged in); guests past it get HLS.
    "MAX_RELAY_GUEST_VIEWERS": int(os.environ.get("STREAMS_MAX_RELAY_GUEST_VIEWERS", "20")),
    # A viewer's peer connection not answered and connected within this is closed.
    "RTC_NEGOTIATION_SECONDS": float(os.environ.get("STREAMS_RTC_NEGOTIATION_SECONDS", "20")),
    # aioice never offers 127.0.0.1; tests and one-machine demos where peers meet on loopback.
    "ICE_LOOPBACK": env_bool("STREAMS_ICE_LOOPBACK", False),
    # How long a call rings before it counts as missed.
    "CALL_RING_SECONDS": float(os.environ.get("STREAMS_CALL_RING_SECONDS", "45")),
    # Calls and invitations a person may start, and a person may receive (token buckets:
    # a burst, then so many per minute; per process, streams.call_reach).
    "CALLS_PER_CALLER_BURST": int(os.environ.get("STREAMS_CALLS_PER_CALLER_BURST", "5")),
    "CALLS_PER_CALLER_PER_MINUTE": float(os.environ.get("STREAMS_CALLS_PER_CALLER_PER_MINUTE", "6")),
    "CALLS_PER_CALLEE_BURST": int(os.environ.get("STREAMS_CALLS_PER_CALLEE_BURST", "3")),
    "CALLS_PER_CALLEE_PER_MINUTE": float(os.environ.get("STREAMS_CALLS_PER_CALLEE_PER_MINUTE", "3")),
    # HLS packaging and recordings of live stages (streams.hls): where the files go, and an
    # optional URL prefix (a CDN in front of /streams/hls/) for the URLs handed to viewers.
    "HLS_ROOT": Path(os.environ.get("STREAMS_HLS_ROOT", str(MEDIA_ROOT / "hls"))),
    "HLS_BASE_URL": os.environ.get("STREAMS_HLS_BASE_URL", "").rstrip("/"),
    # Days recordings are kept (`manage.py prune_recordings` deletes older ones); 0 keeps all.
    "RECORDING_RETENTION_DAYS": int(os.environ.get("STREAMS_RECORDING_RETENTION_DAYS", "0")),
    # A run in object storage whose writer process is gone and whose stored playlist has not
    # changed for this long is finished from the bucket (streams.abandoned_runs; a live
    # encoder stores its playlist every ~2 s).
    "ABANDONED_RUN_SECONDS": float(os.environ.get("STREAMS_ABANDONED_RUN_SECONDS", "60")),
}

# HLS storage (issue 16, streams.hls_storage): "filesystem" (default) keeps runs in HLS_ROOT,
# which every process on this host shares; "s3" uploads them to S3-compatible object storage
# (django-storages' S3 backend) that every host and a CDN can read, from a local spool.
STREAMS["HLS_STORAGE"] = os.environ.get("STREAMS_HLS_STORAGE", "filesystem")
STREAMS["HLS_SPOOL"] = Path(os.environ.get("STREAMS_HLS_SPOOL", str(MEDIA_ROOT / "hls-spool")))
# Segments: streamed through the origin (default), or redirected to the storage's own URLs.
STREAMS["HLS_SEGMENT_REDIRECT"] = env_bool("STREAMS_HLS_SEGMENT_REDIRECT", False)
# The quality ladder: rendition heights, tallest first ("" = one rendition, the source's
# size up to 720p); e.g. "720,360". Each rendition is one more H.264 encoder per stage.
STREAMS["HLS_RENDITIONS"] = [int(h) for h in env_list("STREAMS_HLS_RENDITIONS", "")]
if STREAMS["HLS_STORAGE"] == "s3":
    STORAGES["hls"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("STREAMS_HLS_S3_BUCKET", "pavilion-hls"),
            "endpoint_url": os.environ.get("STREAMS_HLS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("STREAMS_HLS_S3_REGION") or None,
            # Keys as the URL paths (streams/hls/<room>/<run>/<file>): a CDN in front of the
            # bucket serves what HLS_BASE_URL names. Credentials: boto3's (AWS_ACCESS_KEY_ID …).
            "location": os.environ.get("STREAMS_HLS_S3_LOCATION", "streams/hls"),
            "custom_domain": os.environ.get("STREAMS_HLS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": env_bool("STREAMS_HLS_S3_QUERYSTRING_AUTH", True),
            "file_overwrite": True,
        },
    }
else:
    STORAGES["hls"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": STREAMS["HLS_ROOT"], "base_url": "/streams/hls/"},
    }
