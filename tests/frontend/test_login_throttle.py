"""Issue 11 item 6: the login form throttles wrong passwords (django-axes): after
AXES_FAILURE_LIMIT failures for one username from one address that pair is locked out with
a clear 429 page, even for the right password; another address is not; a successful login
resets the count; the lockout ends after the cool-off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.test import Client, override_settings

from accounts.models import User

PASSWORD = "correct-horse-battery-1"
pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return User.objects.create_user(username="alice", password=PASSWORD)


def attempt(client: Client, password: str, username: str = "alice", address: str = "203.0.113.5"):
    return client.post(
        "/accounts/login/",
        {"login": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_locked_out_after_the_limit_even_with_the_right_password(alice, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "wrong")
        assert response.status_code == 200
        assert 'id="login-error"' in response.content.decode()  # the form's own "did not match"
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert 'id="login-locked"' in page and "Too many failed logins" in page
    assert f"{settings.AXES_FAILURE_LIMIT} times" in page and "15 minutes" in page

    refused = attempt(client, PASSWORD)
    assert refused.status_code == 429
    assert not logged_in(client)


def test_the_lockout_is_for_the_username_from_that_address_only(alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), "wrong")
    elsewhere = Client()
    response = attempt(elsewhere, PASSWORD, address="198.51.100.7")
    assert response.status_code == 302
    assert logged_in(elsewhere)


def test_a_successful_login_resets_the_count(alice, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong").status_code == 200
    assert attempt(client, PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_limit_is_a_setting(alice):
    client = Client()
    assert attempt(client, "wrong").status_code == 200
    assert attempt(client, "wrong").status_code == 429


def test_the_lockout_ends_after_the_cool_off(alice, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 429
    # As if the cool-off had passed: the stored failures are older than it.
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    assert attempt(client, PASSWORD).status_code == 302
    assert logged_in(client)


def test_password_checks_without_a_request_are_not_throttled(alice):
    # Management commands and scripts call authenticate() without a request.
    assert authenticate(username="alice", password=PASSWORD) == alice
    assert authenticate(username="alice", password="wrong") is None


def test_the_lockout_page_speaks_the_readers_language(alice, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/accounts/login/", {"login": "alice", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="zh-CN"
        )
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录失败次数过多" in page and "请在 15 分钟后重试。" in page
