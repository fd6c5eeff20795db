"""Networking's part of "download my data" and "delete my account"."""

from __future__ import annotations

import pytest

from accounts.privacy import export_data
from accounts.services import delete_account
from live.models import ChatMessage
from live.services.chat import send_message
from networking import selectors, services
from networking.models import Block, CardExchange
from tests.networking.conftest import exchange_cards

pytestmark = pytest.mark.django_db


def test_export_has_my_cards_blocks_and_conversations(person):
    alice, bob, carol = person("alice"), person("bob"), person("carol")
    exchange_cards(alice, bob)
    room = services.open_direct_room(alice, bob.pk).room
    send_message(room=room, user=alice, text="你好")
    send_message(room=room, user=bob, text="hi Alice")
    services.block_person(alice, carol.pk, report=True, reason="spam")

    mine = export_data(alice)["sections"]["networking"]
    assert mine["card_exchanges"][0]["card"] == {"email": "bob@example.org"}
    assert [b["id"] for b in mine["blocked"]] == [carol.pk] and mine["reported_by_me"] == ["spam"]
    conversation = mine["direct_conversations"][0]
    assert conversation["with"] == "Bob"
    assert [(m["mine"], m["text"]) for m in conversation["messages"]] == [(True, "你好"), (False, "hi Alice")]


def test_a_deleted_account_leaves_no_card_and_shows_as_deleted_user(person):
    alice, bob = person("alice"), person("bob")
    exchange_cards(alice, bob)
    room = services.open_direct_room(alice, bob.pk).room
    send_message(room=room, user=alice, text="bye")
    services.block_person(bob, person("carol").pk)
    delete_account(alice, check_password=False)

    assert not CardExchange.objects.exists()
    assert selectors.my_cards(bob)["exchanged"] == []
    assert Block.objects.filter(blocker=bob).exists()  # bob's own blocks of others stay
    [conversation] = selectors.conversations(bob)
    assert conversation["person"]["id"] is None and conversation["person"]["deleted"] is True
    assert ChatMessage.objects.filter(room=room).count() == 1
