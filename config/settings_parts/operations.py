"""Limits and services around the apps: request bodies and uploads, per-person rate limits,
notifications, /metrics, logging, the live rooms' operational limits, machine translation."""

import os

from .base import DEBUG, env_bool, env_list

# Request bodies (accounts/upload_guard.py): every body is capped at MAX_REQUEST_BYTES, except
# on upload endpoints, which have their own caps (the file limits of settings.HALLS below,
# plus UPLOAD_FORM_OVERHEAD_BYTES for the form around them) and are refused before their
# body is read when the sender may not upload there. Forms without files: Django's own cap.
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(3 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440)))
UPLOAD_FORM_OVERHEAD_BYTES = int(os.environ.get("UPLOAD_FORM_OVERHEAD_BYTES", str(1024 * 1024)))
HALLS = {
    name: int(value)
    for name in (
        "MAX_SIGNED_CONFIRMATION_BYTES",
        "MAX_LOGO_BYTES",
        "MAX_IMAGE_BYTES",
        "MAX_VIDEO_BYTES",
        "MAX_DOCUMENT_BYTES",
        "MAX_AUDIO_BYTES",
    )
    if (value := os.environ.get(f"HALLS_{name}"))
}

# Booth statistics (docs/exhibition.md, "Statistics"): a visit that ended sooner than this is
# not counted (a page opened and closed, a socket that joined and left).
HALLS_MIN_VISIT_SECONDS = int(os.environ.get("HALLS_MIN_VISIT_SECONDS", "10"))

# Per-person limits on HTTP writes that notify someone (accounts/limits.py): "count/seconds",
# "0" switches one off. Counted in the cache above (shared through Redis by every process).
RATE_LIMITS = {
    "lead": os.environ.get("RATE_LIMIT_LEAD", "5/600"),
    "call_request": os.environ.get("RATE_LIMIT_CALL_REQUEST", "5/600"),
    "application": os.environ.get("RATE_LIMIT_APPLICATION", "10/3600"),
}

NOTIFICATIONS = {
    # Links in notification e-mails are made absolute with this.
    "SITE_URL": os.environ.get("SITE_URL", "http://127.0.0.1:8000"),
    # A reminder found later than this after its time (workers were down) is dropped, not sent.
    "REMINDER_GRACE_SECONDS": int(os.environ.get("REMINDER_GRACE_SECONDS", "3600")),
}

# /metrics (config/health.py) answers 127.0.0.1, or anyone sending `Authorization: Bearer <this>`.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")


def logging_config(log_format: str, level: str) -> dict:
    """Records to stderr, each with the connection id of the socket it came from (conn_id,
    live/logcontext.py); LOG_FORMAT=json writes one JSON object a line (python-json-logger),
    for a log collector. The default stays plain text for `make run`."""
    console: dict = {"class": "logging.StreamHandler", "filters": ["conn_id"]}
    if log_format == "json":
        console["formatter"] = "json"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"conn_id": {"()": "live.logcontext.ConnectionIdFilter"}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "format": "%(levelname)s %(name)s %(conn_id)s %(message)s",
                "rename_fields": {"levelname": "level", "name": "logger"},
                # "timestamp": ISO 8601 in UTC, whatever TIME_ZONE says.
                "timestamp": True,
            }
        },
        "handlers": {"console": console},
        "root": {"handlers": ["console"], "level": level},
    }


LOGGING = logging_config(os.environ.get("LOG_FORMAT", "text"), os.environ.get("LOG_LEVEL", "WARNING"))

# Live rooms: limits of the wire protocol live in live/protocol.py; these are operational.
LIVE = {
    # Browsers must send an Origin from this list (or ALLOWED_HOSTS); scripts without one
    # may connect but are never authenticated by cookie, only by an API token.
    "ALLOWED_ORIGINS": env_list("LIVE_ALLOWED_ORIGINS", ""),
    "WORD_FILTER": env_list("LIVE_WORD_FILTER", ""),
    # Rate limits default to live/protocol.py's; operators (and load tests) may change them.
    "CONNECTION_RATE": float(os.environ.get("LIVE_CONNECTION_RATE", "0")) or None,
    "CONNECTION_BURST": int(os.environ.get("LIVE_CONNECTION_BURST", "0")) or None,
    "POST_RATE": float(os.environ.get("LIVE_POST_RATE", "0")) or None,
    "POST_BURST": int(os.environ.get("LIVE_POST_BURST", "0")) or None,
    # Presence entries of a process live this long unless its heartbeat renews them (a killed
    # process's audience disappears within it).
    "PRESENCE_TTL_SECONDS": int(os.environ.get("LIVE_PRESENCE_TTL_SECONDS", "30")),
    # Bytes a socket may have unsent before it is told it lags and must resync (Daphne only).
    "MAX_BACKLOG_BYTES": int(os.environ.get("LIVE_MAX_BACKLOG_BYTES", str(2 * 1024 * 1024))),
    # Validate every frame the server builds against its model (live/protocol.py): with DEBUG
    # and in tests; production takes the frames as built (no cost).
    "VALIDATE_FRAMES": env_bool("LIVE_VALIDATE_FRAMES", DEBUG),
    # Threads for the reads of joins and cookies, beside Django's one for writes (live/dbread.py).
    "READ_THREADS": int(os.environ.get("LIVE_READ_THREADS", "4")),
}

# Machine translation of user texts (docs/translation.md): a LibreTranslate-compatible service
# at TRANSLATION_URL (unset: originals are shown, and pages say so); another service plugs in
# by a backend class (TRANSLATION_BACKEND). TIMEOUT per request in seconds; after a failure
# the backend rests RETRY_SECONDS; texts over MAX_CHARS are shown as written.
TRANSLATION_BACKEND = os.environ.get("TRANSLATION_BACKEND", "translation.libretranslate.LibreTranslateBackend")
TRANSLATION_URL = os.environ.get("TRANSLATION_URL", "")
TRANSLATION_API_KEY = os.environ.get("TRANSLATION_API_KEY", "")
TRANSLATION_TIMEOUT = float(os.environ.get("TRANSLATION_TIMEOUT", "5"))
TRANSLATION_RETRY_SECONDS = int(os.environ.get("TRANSLATION_RETRY_SECONDS", "30"))
TRANSLATION_MAX_CHARS = int(os.environ.get("TRANSLATION_MAX_CHARS", "10000"))
