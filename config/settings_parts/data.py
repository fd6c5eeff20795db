"""Where state lives: the database, the channel layer, the cache and Celery's broker (SQLite,
in-memory and files on one machine; PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set)."""

import os
from pathlib import Path

import dj_database_url

from .base import BASE_DIR, env_bool

# Databases: SQLite by default, DATABASE_URL (PostgreSQL in production) when set.
SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "var" / "pavilion.sqlite3"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (Daphne and the test runner) share one file: wait for locks, and
    # keep the test database on disk so that a Daphne started by a test sees its rows.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {
        # One file per test run, so that parallel runs do not share it; a Daphne started by a
        # test is handed this path as SQLITE_PATH.
        "NAME": os.environ.get("SQLITE_TEST_PATH", str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3"))
    }
    Path(SQLITE_PATH).parent.mkdir(parents=True, exist_ok=True)

# Channel layer: in-memory for one process; Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # Live rooms fan out through live.broadcast, not this layer; it is here for
            # Channels features other apps may use. socket_timeout: redis-py 8's default (5 s)
            # equals channels-redis' blocking read and kills receives (channels_redis#422).
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": None}], "capacity": 1000, "expiry": 30},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def redis_cache(url: str) -> dict:
    """Django's cache in Redis where a Redis error is a cache miss, logged (docs/operations.md):
    django-redis with IGNORE_EXCEPTIONS (reads answer the default, writes do nothing), and
    short socket timeouts so that a Redis that hangs costs a request about a second, not all."""
    options = {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
    return {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url, "OPTIONS": options}


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "pavilion.cache"

# Cache (built 3D scenes, rate-limit counters, …): shared through Redis when there are several processes.
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (config/celery.py, docs/operations.md): Celery on Redis when REDIS_URL is set;
# otherwise on a broker in files under var/celery/ (kombu's filesystem transport), which the
# worker and beat that `make run` starts beside Daphne share with it. CELERY_BROKER_URL
# overrides both. CELERY_TASK_ALWAYS_EAGER=1 runs tasks in the calling process (the tests do).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    _celery_queue = Path(os.environ.get("CELERY_FILESYSTEM_DIR", BASE_DIR / "var" / "celery"))
    for _folder in ("queue", "processed", "control"):
        (_celery_queue / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_queue / "queue"),
        "data_folder_out": str(_celery_queue / "queue"),
        "processed_folder": str(_celery_queue / "processed"),
        # The worker's remote-control exchange files (kombu's default: ./control).
        "control_folder": str(_celery_queue / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "send-due-reminders": {
        "task": "notifications.tasks.send_due_reminders",
        "schedule": float(os.environ.get("REMINDER_INTERVAL_SECONDS", "30")),
    },
    # Pre-recorded sessions on air at their start, off at their video's end (streams.simulive_services).
    "simulive-tick": {
        "task": "streams.tasks.simulive_tick",
        "schedule": float(os.environ.get("SIMULIVE_INTERVAL_SECONDS", "5")),
    },
    # Rings of calls whose process died before the ring timed out: missed (streams.calls).
    "expire-overdue-rings": {
        "task": "streams.tasks.expire_overdue_rings",
        "schedule": float(os.environ.get("CALL_RING_SWEEP_SECONDS", "15")),
    },
    # Runs whose process died for good finished from storage (streams.abandoned_runs).
    "finish-abandoned-runs": {
        "task": "streams.tasks.finish_abandoned_runs",
        "schedule": float(os.environ.get("ABANDONED_RUNS_INTERVAL_SECONDS", "30")),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get("CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "var" / "celerybeat"))
