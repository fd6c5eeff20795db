"""What every process needs first: the environment readers, DEBUG and the secret key, the
apps, middleware and templates, languages and zones, static and media files, and the
production hardening that DEBUG off switches on."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# The repository's root (this file is config/settings_parts/base.py).
BASE_DIR = Path(__file__).resolve().parents[2]


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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

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
