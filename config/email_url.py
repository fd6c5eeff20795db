"""EMAIL_URL: one environment variable for the mail server, as DATABASE_URL is for the database.

    smtp://user:password@mail.example.com:587      SMTP with STARTTLS (587 by default)
    smtp://mail.example.com:25?tls=0                SMTP without TLS
    smtps://user:password@mail.example.com:465      SMTP over TLS
    console:                                        printed to the console (make run)
    locmem:                                         kept in memory (tests)

User and password are percent-decoded (an @ in a password is %40)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
TRUE = {"1", "true", "yes", "on"}


def parse_email_url(url: str) -> dict[str, Any]:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme in BACKENDS:
        return {"EMAIL_BACKEND": BACKENDS[scheme]}
    if scheme not in {"smtp", "smtps"}:
        raise ValueError(f"EMAIL_URL: unknown scheme {scheme!r} (smtp, smtps, console, locmem)")
    if not parts.hostname:
        raise ValueError("EMAIL_URL: no host")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    ssl = scheme == "smtps" or query.get("ssl", "").lower() in TRUE
    port = parts.port or (465 if ssl else 587)
    tls = not ssl and query.get("tls", "1" if port == 587 else "0").lower() in TRUE
    settings: dict[str, Any] = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": ssl,
    }
    if "timeout" in query:
        settings["EMAIL_TIMEOUT"] = int(query["timeout"])
    return settings
