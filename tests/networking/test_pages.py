"""The networking pages render for a logged-in person and send guests to log in; a
conversation page opens the pair's one room, a stranger's is refused."""

from __future__ import annotations

import pytest

from networking.models import DirectRoom
from tests.networking.conftest import exchange_cards

pytestmark = pytest.mark.django_db

PAGES = ("/networking/", "/networking/cards/", "/networking/messages/")


def test_guests_are_sent_to_log_in(client):
    for path in PAGES:
        answer = client.get(path)
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_pages_render_in_both_languages(client, person, language):
    alice, bob = person("alice"), person("bob")
    exchange_cards(alice, bob)
    client.force_login(alice)
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    directory = client.get("/networking/", **headers)
    assert directory.status_code == 200
    assert ("Attendee directory" if language == "en" else "参会者名录") in directory.content.decode()
    cards = client.get("/networking/cards/", **headers).content.decode()
    assert "bob@example.org" in cards  # bob's card, exchanged
    conversation = client.get(f"/networking/messages/{bob.pk}/", **headers)
    assert conversation.status_code == 200 and DirectRoom.objects.count() == 1
    listed = client.get("/networking/messages/", **headers).content.decode()
    assert "Bob" in listed


def test_a_strangers_conversation_is_refused(client, person):
    alice, stranger = person("alice"), person("stranger")
    client.force_login(alice)
    refused = client.get(f"/networking/messages/{stranger.pk}/")
    assert refused.status_code == 403 and not DirectRoom.objects.exists()
    assert client.get(f"/networking/people/{stranger.pk}/").status_code == 404
