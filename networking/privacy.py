"""Networking's part of "download my data" and "delete my account" (accounts.privacy)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from live.models import ChatMessage
from networking import selectors
from networking.models import Block, CardExchange, DirectRoom


def export(user) -> dict[str, Any]:
    """My cards (as I see them), the people I blocked, and my direct conversations with
    every message I can read there."""
    exchanges = CardExchange.objects.filter(Q(user_low=user) | Q(user_high=user)).select_related(
        "requester", "recipient"
    )
    rooms = DirectRoom.objects.filter(Q(user_low=user) | Q(user_high=user)).select_related(
        "room", "user_low", "user_high"
    )
    conversations = []
    for direct in rooms:
        other = direct.user_high if direct.user_low_id == user.pk else direct.user_low
        messages = ChatMessage.objects.filter(room=direct.room, deleted_at__isnull=True).order_by("seq")
        conversations.append(
            {
                "with": selectors.person_ref(other)["name"],
                "messages": [
                    {"mine": m.author_id == user.pk, "text": m.text, "at": m.created_at.isoformat()} for m in messages
                ],
            }
        )
    return {
        "card_exchanges": [selectors.exchange_for_viewer(e, user) for e in exchanges],
        "blocked": selectors.blocked_people(user),
        "reported_by_me": list(Block.objects.filter(blocker=user, reported=True).values_list("reason", flat=True)),
        "direct_conversations": conversations,
    }


def erase(user) -> None:
    """A deleted account: its card exchanges vanish from everyone's lists (nobody keeps a
    deleted person's contact) and its blocks go. Its direct rooms stay with the other person,
    its messages there shown under "Deleted user" (as in every room: accounts.delete_account)."""
    CardExchange.objects.filter(Q(user_low=user) | Q(user_high=user)).delete()
    Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()


def register() -> None:
    from accounts.privacy import register_erasure, register_export

    register_export("networking", export)
    register_erasure(erase)
