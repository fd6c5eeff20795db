"""The mail server named by the environment is the one the settings keep (EMAIL_URL or EMAIL_HOST)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

READ = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS]))"
)


def mail_settings(**environ: str) -> list:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1", **environ)
    out = subprocess.run(
        [sys.executable, "-c", READ], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_an_smtp_email_url_keeps_its_host_port_and_user():
    backend, host, port, user, tls = mail_settings(EMAIL_URL="smtp://mailer:secret@mail.example.org:2525?tls=1")
    assert (backend, host, port, user, tls) == (
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        2525,
        "mailer",
        True,
    )


def test_email_host_alone_configures_smtp_with_submission_defaults():
    backend, host, port, _user, tls = mail_settings(EMAIL_HOST="relay.example.org")
    assert (backend, host, port, tls) == ("django.core.mail.backends.smtp.EmailBackend", "relay.example.org", 587, True)
