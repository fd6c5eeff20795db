"""Issue 11 item 7: production is the default. DEBUG defaults off; with DEBUG off the public
development SECRET_KEY is refused at start (manage.py and the ASGI app, a message, no
traceback); the demo loaders refuse without --i-know-this-is-not-production; the checklist
of docs/operations.md is enforced by `manage.py check --deploy` (accounts/checks.py, streams/checks.py)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from accounts import checks as site_checks
from accounts.models import User
from streams import checks as stream_checks

REPO_ROOT = Path(__file__).resolve().parents[2]
DEVELOPMENT_KEY = "django-insecure-pavilion-development-key-change-me"


def run_python(args: list[str], tmp_path: Path, **env_extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", SQLITE_PATH=str(tmp_path / "db.sqlite3"), **env_extra)
    return subprocess.run(
        [sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_debug_defaults_off_and_the_settings_refuse_to_load_without_a_key(tmp_path):
    # Nothing set: DEBUG is off, so there is no SECRET_KEY to fall back on.
    result = run_python(["manage.py", "check"], tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is unset" in result.stderr
    assert "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("debug", ["0", "false", ""])
def test_debug_off_refuses_the_development_key(tmp_path, debug):
    result = run_python(["manage.py", "check"], tmp_path, DEBUG=debug, SECRET_KEY=DEVELOPMENT_KEY)
    assert result.returncode != 0
    assert "Pavilion is not configured" in result.stderr
    assert "the public development key" in result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def test_the_asgi_application_does_not_start_on_the_development_key(tmp_path):
    # What Daphne imports: the process ends with the message instead of serving.
    result = run_python(["-c", "import config.asgi"], tmp_path, DEBUG="0", SECRET_KEY=DEVELOPMENT_KEY)
    assert result.returncode != 0
    assert "Pavilion is not configured" in result.stderr and "development key" in result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def test_debug_off_starts_with_a_real_key(tmp_path):
    result = run_python(
        ["manage.py", "check"], tmp_path, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="x.example"
    )
    assert result.returncode == 0, result.stderr


def test_check_deploy_reports_development_settings_as_errors(tmp_path):
    result = run_python(["manage.py", "check", "--deploy"], tmp_path, DEBUG="1")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output  # errors, not only warnings
    for check_id in ("pavilion.E001", "pavilion.E002", "pavilion.E003", "pavilion.W004"):
        assert check_id in output, output


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["load_demo_conference", "load_demo_exhibition"])
def test_demo_loaders_refuse_with_debug_off(command):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="--i-know-this-is-not-production"):
        call_command(command, verbosity=0)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_loader_runs_when_told_or_with_debug_on():
    with override_settings(DEBUG=False):
        call_command("load_demo_conference", "--i-know-this-is-not-production", verbosity=0)
    assert User.objects.filter(username="organizer", is_superuser=True).exists()
    with override_settings(DEBUG=True):
        call_command("load_demo_conference", verbosity=0)


@pytest.mark.django_db
def test_demo_accounts_with_their_published_passwords_are_a_deploy_error():
    call_command("load_demo_conference", not_production=True, verbosity=0)
    [error] = stream_checks.check_demo_accounts(databases=["default"])
    assert isinstance(error, Error) and error.id == "pavilion.E006"
    assert "organizer" in error.msg and "alice" in error.msg
    # Without --database the check stays out of the database.
    assert stream_checks.check_demo_accounts(databases=None) == []
    for user in User.objects.all():
        user.set_password(secrets.token_urlsafe(20))
        user.save()
    assert stream_checks.check_demo_accounts(databases=["default"]) == []


def test_settings_checks_each_catch_their_problem():
    with override_settings(SECRET_KEY=DEVELOPMENT_KEY):
        assert [e.id for e in site_checks.check_secret_key()] == ["pavilion.E001"]
    with override_settings(SECRET_KEY=secrets.token_urlsafe(50), SECRET_KEY_FALLBACKS=[DEVELOPMENT_KEY]):
        assert [e.id for e in site_checks.check_secret_key()] == ["pavilion.E001"]
    with override_settings(SECRET_KEY=secrets.token_urlsafe(50), SECRET_KEY_FALLBACKS=[]):
        assert site_checks.check_secret_key() == []
    with override_settings(DEBUG=True):
        assert [e.id for e in site_checks.check_debug()] == ["pavilion.E002"]
    with override_settings(DEBUG=False):
        assert site_checks.check_debug() == []
    for hosts in (["*"], ["localhost", "127.0.0.1"], []):
        with override_settings(ALLOWED_HOSTS=hosts):
            assert [e.id for e in site_checks.check_allowed_hosts()] == ["pavilion.E003"], hosts
    with override_settings(ALLOWED_HOSTS=["pavilion.example", "localhost"]):
        assert site_checks.check_allowed_hosts() == []
    for name in ("MAX_REQUEST_BYTES", "DATA_UPLOAD_MAX_MEMORY_SIZE"):
        with override_settings(**{name: None}):
            assert [e.id for e in site_checks.check_body_limits()] == ["pavilion.E005"], name
    assert site_checks.check_body_limits() == []


def test_turn_check_accepts_a_turn_url_or_a_turn_secret(settings):
    streams = dict(settings.STREAMS)
    settings.STREAMS = {**streams, "ICE_SERVERS": [{"urls": "stun:stun.example:3478"}]}
    assert [w.id for w in stream_checks.check_turn()] == ["pavilion.W004"]
    settings.STREAMS = {**streams, "ICE_SERVERS": [{"urls": ["stun:a.example", "turns:turn.example:5349"]}]}
    assert stream_checks.check_turn() == []
    settings.STREAMS = {**streams, "ICE_SERVERS": [], "TURN_URLS": ["turn:t.example:3478"], "TURN_SECRET": ""}
    assert [w.id for w in stream_checks.check_turn()] == ["pavilion.W004"]  # no credentials without the secret
    settings.STREAMS = {**streams, "ICE_SERVERS": [], "TURN_URLS": ["turn:t.example:3478"], "TURN_SECRET": "s3cret"}
    assert stream_checks.check_turn() == []
