"""Pavilion settings: one module, read from the environment with embedded defaults.

DEBUG defaults to off (production): then a real SECRET_KEY is required, and the settings
refuse to load on the public development key. `make run` (and the test suite, through
tests/settings.py) set DEBUG=1: SQLite, the in-memory channel layer, the development key.
Production sets at least SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL; its checklist
is in docs/operations.md and `manage.py check --deploy` enforces it (accounts/checks.py,
streams/checks.py).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Public (it is in the repository): accepted only with DEBUG on.
DEVELOPMENT_SECRET_KEY = "django-insecure-pavilion-development-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY.strip() in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "DEBUG is off (production) but SECRET_KEY is "
        + ("unset" if not SECRET_KEY.strip() else "the public development key")
        + ": set SECRET_KEY to a long random value, the same on every process "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
        "or set DEBUG=1 on a development machine (make run does)."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "axes",
    "accounts",
    "live",
    "notifications",
    "search",
    "translation",
    "streams",
    "halls",
    "networking",
    "meetings",
    "agenda",
    "recruitment",
    "matchmaking",
    "activities",
    "competition",
    "frontend",
    # Sign-up, e-mail verification, password reset, social logins (docs/accounts.md). After
    # frontend, so that frontend/templates/account/... override allauth's own pages.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    *[f"allauth.socialaccount.providers.{p}" for p in env_list("SOCIAL_PROVIDERS", "")],
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.RateLimitMiddleware",
    # Times in the viewer's chosen zone on every page (streams.timezones).
    "frontend.middleware.ViewerTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "live.http_api.JsonErrorMiddleware",
    # Last: turns a locked-out login (accounts.backends) into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Under these paths every refusal is JSON in the one error shape (docs/api.md, "Errors"), even
# one that never reaches the API (a 404 from the URL resolver, a 405); and for JSON documents
# (the scene descriptors) under these prefixes ending in .json.
JSON_API_PREFIXES = ("/api/", "/exhibition/api/")
JSON_DOCUMENT_PREFIXES = ("/exhibition/scenes/",)
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttle (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair is locked out for LOGIN_LOCKOUT_MINUTES; a successful login resets
# the count. Locking the username alone would let anyone lock a known user out. Behind a
# proxy, Daphne's --proxy-headers makes the address the visitor's (scripts/cluster.sh).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LoginThrottleBackend",
    # By username or by e-mail address (allauth), the password checked by Django's hashers.
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "frontend.lockout.locked_out"  # the page says why and for how long
AXES_VERBOSE = False
# What the person typed in the login field (username or e-mail), as allauth passes it.
AXES_USERNAME_CALLABLE = "accounts.backends.login_name"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth (docs/accounts.md). Sign-up asks for an e-mail address that must be verified
# (a link is mailed) before the first login; log in by username or e-mail. Accounts that
# organizers make (admin, demo loader, scripts) have no unverified address and log in as before.
ACCOUNT_ADAPTER = "accounts.auth.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.auth.SocialAccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.auth.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # the link opens a page with a button (mail scanners follow links)
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True  # one address per person; changing it verifies the new one first
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Pavilion] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# One lockout story: wrong passwords are django-axes' (per username and address, the 429 page
# above); allauth's own failed-login limit is off so the two never disagree. allauth limits
# what sends mail or creates accounts (per address, per e-mail).
ACCOUNT_RATE_LIMITS = {
    "login_failed": None,
    "signup": os.environ.get("RATE_LIMIT_SIGNUP", "20/m/ip,100/h/ip"),
    "reset_password": os.environ.get("RATE_LIMIT_RESET_PASSWORD", "20/m/ip,5/h/key"),
    "confirm_email": "1/3m/key",
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never join a social login to an account by e-mail alone
SOCIALACCOUNT_PROVIDERS = {
    # WeChat (微信开放平台 website application): SOCIAL_PROVIDERS=weixin plus these two.
    "weixin": {
        "SCOPE": ["snsapi_login"],
        "APPS": (
            [{"client_id": os.environ["WEIXIN_APP_ID"], "secret": os.environ.get("WEIXIN_APP_SECRET", "")}]
            if os.environ.get("WEIXIN_APP_ID")
            else []
        ),
    },
}

# Times are stored in UTC and shown in the conference's zone unless the viewer asks otherwise.
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# The challenge board's and the import's words (pages in frontend, refusals in matchmaking and
# accounts.activation) in a catalogue of their own, so that the apps' catalogues, regenerated
# by makemessages in each app, never drop them (tests/matchmaking/board/test_pages.py checks it).
LOCALE_PATHS = [BASE_DIR / "matchmaking" / "locale_board"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        # Hashed names (cache-busting) with ES module imports rewritten too: config/storage.py
        else "config.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))

# Production hardening; `manage.py check --deploy` is clean with DEBUG=0 and a real key.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

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

# Per-person limits on HTTP writes that notify someone (accounts/limits.py): "count/seconds",
# "0" switches one off. Counted in the cache above (shared through Redis by every process).
# Booth statistics (docs/exhibition.md, "Statistics"): a visit that ended sooner than this is
# not counted (a page opened and closed, a socket that joined and left).
HALLS_MIN_VISIT_SECONDS = int(os.environ.get("HALLS_MIN_VISIT_SECONDS", "10"))

RATE_LIMITS = {
    "lead": os.environ.get("RATE_LIMIT_LEAD", "5/600"),
    "call_request": os.environ.get("RATE_LIMIT_CALL_REQUEST", "5/600"),
    "application": os.environ.get("RATE_LIMIT_APPLICATION", "10/3600"),
}

# Where the organisation pages are (frontend/urls.py), for links in e-mails and notifications
# that accounts and halls send (docs/organisations.md); a test checks they resolve.
ORGANISATION_PAGES = {
    "invitation": "/organisations/invitations/{token}/",
    "admin": "/exhibitor/organisations/{id}/team/",
    # accounts.activation: contact accounts made by an import set their password here
    "activation": "/accounts/activate/{uid}/{token}/",
}
ACCOUNT_ACTIVATION_DAYS = int(os.environ.get("ACCOUNT_ACTIVATION_DAYS", "7"))
# Mail (sign-up verification, password reset, notices): printed to the console unless a real
# server is configured, by EMAIL_URL (smtp://user:password@host:587?tls=1, smtps://...:465,
# console:, locmem:) or by Django's own EMAIL_HOST / EMAIL_PORT / EMAIL_HOST_USER /
# EMAIL_HOST_PASSWORD / EMAIL_USE_TLS / EMAIL_USE_SSL. Tests use the in-memory outbox.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Pavilion <noreply@pavilion.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: the directory written to.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
# Last, so that a server named by EMAIL_URL is not reset to Django's defaults by anything above
# (SMTP without EMAIL_URL: the EMAIL_HOST block above; docs/operations.md).
if os.environ.get("EMAIL_URL"):
    from config.email_url import parse_email_url

    globals().update(parse_email_url(os.environ["EMAIL_URL"]))

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
}
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get("CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "var" / "celerybeat"))

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
