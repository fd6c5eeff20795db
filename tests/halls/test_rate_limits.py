"""Per-person limits on HTTP writes that notify another person: booth contacts (leads),
call requests and booth applications. 429 with a readable message and Retry-After."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from accounts import limits
from halls.models import BoothApplication, CallRequest, Lead

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def contact(client: Client, booth_id: int, n: int):
    return client.post(
        f"/exhibition/api/booths/{booth_id}/contact/",
        {"consent": True, "contact_email": "v@example.org", "message": f"message {n}"},
        content_type="application/json",
    )


def test_twenty_contacts_in_a_row_store_five_then_429(booth_a, booth_b, visitor, staff_a):
    victor = client_for(visitor)
    answers = [contact(victor, booth_a.pk if n % 2 else booth_b.pk, n) for n in range(20)]
    assert [a.status_code for a in answers] == [201] * 5 + [429] * 15
    refused = answers[5]
    body = refused.json()
    assert body["code"] == "rate_limited" and "at most 5 in 10 min" in body["message"] and "请" in body["message"]
    assert 1 <= int(refused["Retry-After"]) <= 600 and body["retry_after"] == int(refused["Retry-After"])
    assert Lead.objects.count() == 5
    # Per person: another visitor is not held back by Victor's spam.
    assert contact(client_for(staff_a), booth_b.pk, 99).status_code == 201


def test_call_requests_are_limited_per_person(settings, booth_a, booth_b, visitor):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "call_request": "1/600"}
    victor = client_for(visitor)
    url = "/exhibition/api/booths/{}/call-request/"
    first = victor.post(url.format(booth_a.pk), {"consent": True}, content_type="application/json")
    assert first.status_code == 201
    second = victor.post(url.format(booth_b.pk), {"consent": True}, content_type="application/json")
    assert second.status_code == 429 and "Retry-After" in second
    assert CallRequest.objects.count() == 1


def test_refused_writes_do_not_use_up_the_limit(settings, booth_a, visitor):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "lead": "2/600"}
    victor = client_for(visitor)
    for _ in range(5):  # no consent: 400, nothing stored, nothing counted
        assert (
            victor.post(f"/exhibition/api/booths/{booth_a.pk}/contact/", {"contact_email": "v@x.org"}).status_code
            == 400
        )
    assert [contact(victor, booth_a.pk, n).status_code for n in range(3)] == [201, 201, 429]


def test_applications_are_limited(settings, staff_a, org_a, zone, regional, board):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "application": "1/3600"}
    alice = client_for(staff_a)
    payload = {"organisation": org_a.pk, "contact_name": "李雷", "contact_phone": "1", "contact_email": "l@x.org"}
    first = alice.post("/exhibition/api/applications/", {**payload, "zone": zone.pk}, content_type="application/json")
    assert first.status_code == 201
    second = alice.post(
        "/exhibition/api/applications/",
        {**payload, "zone": regional.pk, "board": board.pk},
        content_type="application/json",
    )
    assert second.status_code == 429 and BoothApplication.objects.count() == 1


def test_a_limit_can_be_switched_off(settings, booth_a, visitor):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "lead": "0"}
    victor = client_for(visitor)
    assert all(contact(victor, booth_a.pk, n).status_code == 201 for n in range(8))


def test_the_window_ends(booth_a, visitor):
    for _ in range(5):
        limits.count("lead", visitor, now=1_000_000.0)
    with pytest.raises(limits.RateLimited) as refused:
        limits.check("lead", visitor, now=1_000_000.0)
    assert refused.value.retry_after == 1_000_200 - 1_000_000  # the 600 s window ends at 1,000,200
    limits.check("lead", visitor, now=1_000_200.0)  # a new window


def test_a_broken_cache_never_breaks_a_write(booth_a, visitor):
    # A Redis nobody listens on: every cache call fails; the contacts are still taken.
    from redis.backoff import NoBackoff
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.retry import Retry

    broken = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"retry": Retry(NoBackoff(), 0)},
    }
    with override_settings(CACHES={"default": broken}):
        with pytest.raises(RedisConnectionError):
            cache.get("anything")  # the cache really is down
        answers = [contact(client_for(visitor), booth_a.pk, n).status_code for n in range(7)]
    assert answers == [201] * 7
