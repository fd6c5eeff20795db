"""load_demo_networking: the demo accounts listed, alice and bob exchanged cards and talk; twice is once."""

import pytest
from django.core.management import call_command

from networking import directory, selectors
from networking.models import CardExchange, DirectRoom

pytestmark = pytest.mark.django_db


def test_demo_networking_is_idempotent(person):
    alice, bob = person("alice"), person("bob")
    call_command("load_demo_networking", "--i-know-this-is-not-production")
    call_command("load_demo_networking", "--i-know-this-is-not-production")
    assert CardExchange.objects.get().status == "accepted" and DirectRoom.objects.count() == 1
    assert [e["person"]["id"] for e in selectors.my_cards(alice)["exchanged"]] == [bob.pk]
    assert selectors.conversations(bob)[0]["last_message"]["text"].startswith("Hi Alice")
    assert [e["id"] for e in directory.search(alice)["results"]] == [bob.pk]
