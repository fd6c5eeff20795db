"""Activation of an account an import made: the link sets the password and activates, works
once, expires; wrong links are refused clearly; the page logs the person in."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from accounts import activation
from accounts.models import User

pytestmark = pytest.mark.django_db


def inactive(email="new@example.org") -> User:
    user = User(username="newcontact", email=email, is_active=False)
    user.set_unusable_password()
    user.save()
    return user


def parts(link: str) -> tuple[str, str]:
    uid, token = re.search(r"/accounts/activate/([^/]+)/([^/]+)/", link).groups()
    return uid, token


def test_link_activates_once_and_then_is_used(client):
    user = inactive()
    uid, token = parts(activation.activation_link(user))
    page = client.get(f"/accounts/activate/{uid}/{token}/")
    assert page.status_code == 200 and b'id="activation-form"' in page.content
    mismatch = client.post(f"/accounts/activate/{uid}/{token}/", {"password1": "a-long-Passw0rd", "password2": "x"})
    assert mismatch.status_code == 400
    answer = client.post(
        f"/accounts/activate/{uid}/{token}/", {"password1": "a-long-Passw0rd", "password2": "a-long-Passw0rd"}
    )
    assert answer.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.check_password("a-long-Passw0rd")
    assert client.session["_auth_user_id"] == str(user.pk)  # logged in
    with pytest.raises(ValidationError) as used:
        activation.check_activation(uid, token)
    assert used.value.code == "activation_used"
    again = client.get(f"/accounts/activate/{uid}/{token}/")
    assert b'data-code="activation_used"' in again.content


def test_link_expires_and_weak_password_is_refused():
    user = inactive()
    made = dt.datetime(2026, 1, 1, 12, 0)
    old = activation.ActivationTokenGenerator(now=lambda: made)
    uid, token = parts(activation.activation_link(user, generator=old))
    within = activation.ActivationTokenGenerator(now=lambda: made + dt.timedelta(days=6))
    assert activation.check_activation(uid, token, within) == user
    late = activation.ActivationTokenGenerator(now=lambda: made + dt.timedelta(days=8))
    with pytest.raises(ValidationError) as expired:
        activation.check_activation(uid, token, late)
    assert expired.value.code == "activation_expired"
    with pytest.raises(ValidationError) as weak:
        activation.activate(uid, token, "123", "123", within)
    assert "password1" in weak.value.message_dict
    assert not User.objects.get(pk=user.pk).is_active


@pytest.mark.parametrize(
    "uid,token", [("", "x"), ("MQ", "1-abc"), ("!!!", "t"), ("MTIzNDU2Nzg5", "bad"), ("x" * 300, "t" * 300)]
)
def test_bad_links_are_invalid(uid, token, client):
    inactive()
    with pytest.raises(ValidationError) as refused:
        activation.check_activation(uid, token)
    assert refused.value.code == "activation_invalid"
    if uid:
        assert client.get(f"/accounts/activate/{uid}/{token}/").status_code == 200


def test_a_reset_token_is_no_activation_token():
    from django.contrib.auth.tokens import default_token_generator

    user = inactive()
    uid, _ = parts(activation.activation_link(user))
    with pytest.raises(ValidationError):
        activation.check_activation(uid, default_token_generator.make_token(user))


def test_an_expired_link_sends_a_new_one_to_the_accounts_address(client, mailoutbox):
    from django.core.cache import cache

    cache.clear()  # the per-account resend limit is counted in the cache
    user = inactive("late@example.org")
    week_ago = activation.ActivationTokenGenerator(now=lambda: dt.datetime.now() - dt.timedelta(days=8))
    uid, token = parts(activation.activation_link(user, generator=week_ago))
    url = f"/accounts/activate/{uid}/{token}/"
    page = client.get(url).content.decode()
    assert 'data-code="activation_expired"' in page and 'id="activation-resend"' in page

    sent = client.post(url, {"resend": "1"})
    assert sent.status_code == 200 and b'id="activation-resent"' in sent.content
    assert [m.to for m in mailoutbox] == [["late@example.org"]]
    new_uid, new_token = parts(mailoutbox[0].body)
    assert activation.check_activation(new_uid, new_token) == user  # the new link works
    activated = client.post(
        f"/accounts/activate/{new_uid}/{new_token}/", {"password1": "a-long-Passw0rd", "password2": "a-long-Passw0rd"}
    )
    assert activated.status_code == 302 and User.objects.get(pk=user.pk).is_active
    # Once active, the expired link asks for nothing more (it is used, not expired).
    assert b'data-code="activation_used"' in client.post(url, {"resend": "1"}).content
    assert len(mailoutbox) == 1


def test_resending_is_limited_and_refused_for_a_link_that_still_works(client, mailoutbox):
    from django.core.cache import cache

    from accounts.limits import RateLimited

    cache.clear()
    user = inactive("slow@example.org")
    week_ago = activation.ActivationTokenGenerator(now=lambda: dt.datetime.now() - dt.timedelta(days=8))
    uid, token = parts(activation.activation_link(user, generator=week_ago))
    for _ in range(3):
        activation.resend_expired(uid, token)
    with pytest.raises(RateLimited):
        activation.resend_expired(uid, token)
    refused = client.post(f"/accounts/activate/{uid}/{token}/", {"resend": "1"})
    assert refused.status_code == 429 and b'id="activation-resend-problem"' in refused.content
    assert len(mailoutbox) == 3
    fresh_uid, fresh_token = parts(activation.activation_link(user))
    with pytest.raises(ValidationError) as still_valid:
        activation.resend_expired(fresh_uid, fresh_token)
    assert still_valid.value.code == "activation_not_expired"
    with pytest.raises(ValidationError) as invalid:
        activation.resend_expired("MQ", "1-abc")
    assert invalid.value.code == "activation_invalid"
