"""The JSON API under /api/networking/: refusals in the one error shape, conversations and
blocks over HTTP."""

from __future__ import annotations

import json

import pytest

from networking.models import Block, DirectRoom
from tests.networking.conftest import exchange_cards

pytestmark = pytest.mark.django_db


def post(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def test_guests_are_refused_everywhere(client):
    for path in ("/api/networking/directory", "/api/networking/cards", "/api/networking/messages"):
        refused = client.get(path)
        assert refused.status_code == 401 and refused.json()["code"] == "auth_required"
    refused = post(client, "/api/networking/messages", {"user_id": 1})
    assert refused.status_code == 401


def test_hostile_input_is_one_error_shape(client, person):
    client.force_login(person("alice"))
    for body in ({}, {"user_id": "x"}, {"user_id": 2**40}, {"user_id": -1}):
        refused = post(client, "/api/networking/messages", body)
        assert refused.status_code == 422 and refused.json()["code"] == "invalid_fields", body
    bad = post(client, "/api/networking/cards", {"user_id": 1, "share": ["password"]})
    assert bad.status_code == 422 and "data.share.0" in bad.json()["fields"]
    bad = client.get("/api/networking/directory?page=0")
    assert bad.status_code == 422


def test_open_a_conversation_reuses_it_and_lists_it(client, person):
    alice, bob = person("alice"), person("bob")
    exchange_cards(alice, bob)
    client.force_login(alice)
    first = post(client, "/api/networking/messages", {"user_id": bob.pk})
    again = post(client, "/api/networking/messages", {"user_id": bob.pk})
    assert first.status_code == 200 and first.json()["room"] == again.json()["room"]
    assert first.json()["person"] == {"id": bob.pk, "name": "Bob", "deleted": False}
    assert DirectRoom.objects.count() == 1
    listed = client.get("/api/networking/messages").json()
    assert [c["person"]["id"] for c in listed] == [bob.pk]

    client.force_login(bob)
    assert client.get("/api/networking/messages").json()[0]["person"]["id"] == alice.pk


def test_strangers_and_blocked_people_get_no_conversation(client, person):
    alice, bob, stranger = person("alice"), person("bob"), person("stranger")
    exchange_cards(alice, bob)
    client.force_login(alice)
    refused = post(client, "/api/networking/messages", {"user_id": stranger.pk})
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"

    client.force_login(bob)
    blocked = post(client, "/api/networking/blocks", {"user_id": alice.pk, "report": True, "reason": "spam"})
    assert blocked.status_code == 201 and blocked.json() == {"user_id": alice.pk, "reported": True}
    assert Block.objects.get().reason == "spam"
    assert client.get("/api/networking/blocks").json()[0]["id"] == alice.pk

    client.force_login(alice)
    refused = post(client, "/api/networking/messages", {"user_id": bob.pk})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    # The exchanged card is gone from both lists.
    assert client.get("/api/networking/cards").json()["exchanged"] == []

    client.force_login(bob)
    assert client.delete(f"/api/networking/blocks/{alice.pk}").status_code == 204
    assert not Block.objects.exists()
