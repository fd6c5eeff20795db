"""Sign-up, e-mail verification, login by username or e-mail, password reset, e-mail change
and the login throttle, through allauth's real views (the test outbox holds the mails)."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from accounts.models import Consent, User
from accounts.selectors import has_consent

pytestmark = pytest.mark.django_db
PASSWORD = "Sturdy-horse-42-battery"
LINK = re.compile(r"https?://[^/\s]+(/accounts/[^\s]+)")


def sign_up(client: Client, **extra) -> object:
    data = {
        "email": "nina@example.com",
        "username": "nina",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "妮娜",
        "accept_terms": "on",
        **extra,
    }
    return client.post("/accounts/signup/", data, HTTP_ACCEPT_LANGUAGE="en")


def link_in(message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def login(client: Client, name: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"login": name, "password": password}, HTTP_ACCEPT_LANGUAGE="en")


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_sign_up_needs_the_privacy_terms():
    client = Client()
    response = sign_up(client, accept_terms="")
    assert response.status_code == 200
    assert "Please agree to the privacy terms" in response.content.decode()
    assert not User.objects.filter(username="nina").exists()
    assert mail.outbox == []


def test_sign_up_verify_then_log_in_by_email_and_by_username():
    client = Client()
    response = sign_up(client)
    assert response.status_code == 302 and "/accounts/confirm-email/" in response["Location"]
    user = User.objects.get(username="nina")
    assert has_consent(user, "privacy_terms")
    assert Consent.objects.get(user=user).text_version
    assert user.profile.display_name == "妮娜" and user.public_name == "妮娜"
    assert not logged_in(client)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nina@example.com"]

    # Unverified: the right password does not log in; it (re)sends the link instead.
    fresh = Client()
    refused = login(fresh, "nina")
    assert refused.status_code == 302 and "/accounts/confirm-email/" in refused["Location"]
    assert not logged_in(fresh)

    confirm = link_in(mail.outbox[0])
    page = client.get(confirm)
    assert page.status_code == 200
    client.post(confirm)
    assert EmailAddress.objects.get(user=user).verified

    by_email = Client()
    assert login(by_email, "NINA@example.com").status_code == 302
    assert logged_in(by_email)
    by_username = Client()
    assert login(by_username, "nina").status_code == 302
    assert logged_in(by_username)


def test_accounts_made_by_organizers_log_in_without_a_verification_step():
    User.objects.create_user("made", password=PASSWORD, email="made@example.com")
    client = Client()
    assert login(client, "made").status_code == 302
    assert logged_in(client)


def test_password_reset_by_mail():
    user = User.objects.create_user("rita", password=PASSWORD, email="rita@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    client.post("/accounts/password/reset/", {"email": "rita@example.com"})
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0])
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = "Another-sturdy-pass-77"
    target = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = client.post(target, {"password1": new, "password2": new})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_email_change_verifies_the_new_address():
    user = User.objects.create_user("eve", password=PASSWORD, email="eve@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    client.force_login(user)
    client.post("/accounts/email/", {"action_add": "", "email": "eve.new@example.com"})
    assert mail.outbox and mail.outbox[-1].to == ["eve.new@example.com"]
    user.refresh_from_db()
    assert user.email == "eve@example.com"  # not until the new one is verified
    confirm = link_in(mail.outbox[-1])
    client.post(confirm)
    user.refresh_from_db()
    assert user.email == "eve.new@example.com"


def test_wrong_passwords_lock_the_name_out_whichever_way_it_is_typed(settings):
    user = User.objects.create_user("tom", password=PASSWORD, email="tom@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, "tom@example.com", "wrong")
        assert response.status_code == 200 and 'id="login-error"' in response.content.decode()
    assert login(client, "tom@example.com", "wrong").status_code == 429
    assert login(client, "tom@example.com").status_code == 429
    assert not logged_in(client)


def test_signup_is_rate_limited_per_address(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    client = Client()
    for n in range(2):
        sign_up(client, email=f"p{n}@example.com", username=f"p{n}")
    response = sign_up(client, email="p9@example.com", username="p9")
    assert response.status_code == 429
    assert not User.objects.filter(username="p9").exists()
