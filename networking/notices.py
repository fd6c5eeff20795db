"""Notifications networking sends (through notifications.services.notify): a card request,
an accepted card, and a direct message to someone not in the conversation."""

from __future__ import annotations

from django.core.cache import cache

from notifications.kinds import register_kind
from notifications.services import notify

KINDS = {
    "networking.card_request": ("名片交换请求", "Business card request", True),
    "networking.card_accepted": ("名片交换已接受", "Business card accepted", True),
    "networking.direct_message": ("新私信", "New direct message", False),
}
# At most one message notification per conversation and recipient in this many seconds.
MESSAGE_COALESCE_SECONDS = 600


def register_kinds() -> None:
    for key, (label_zh, label_en, email_default) in KINDS.items():
        register_kind(key, label_zh=label_zh, label_en=label_en, email_default=email_default)


def _notify(recipient, kind: str, **fields) -> None:
    # In the caller's transaction: stored, pushed and e-mailed only if it commits.
    notify([recipient], kind, **fields)


def card_requested(exchange) -> None:
    name = exchange.requester.public_name
    _notify(
        exchange.recipient,
        "networking.card_request",
        title_zh=f"{name} 想与您交换名片",
        title_en=f"{name} would like to exchange business cards",
        body_zh=exchange.message,
        body_en=exchange.message,
        url="/networking/cards/",
        context={"exchange": exchange.pk},
    )


def card_accepted(exchange) -> None:
    name = exchange.recipient.public_name
    _notify(
        exchange.requester,
        "networking.card_accepted",
        title_zh=f"{name} 接受了名片交换",
        title_en=f"{name} accepted your business card exchange",
        url="/networking/cards/",
        context={"exchange": exchange.pk},
    )


def direct_message(direct, author, text: str) -> None:
    """Called for every message stored in a direct room: the other participant hears of it,
    at most once per conversation in MESSAGE_COALESCE_SECONDS (the conversation shows all)."""
    other_id = next((pk for pk in direct.participant_ids() if pk != author.pk), None)
    if other_id is None or not cache.add(f"networking:dm:{direct.pk}:{other_id}", 1, MESSAGE_COALESCE_SECONDS):
        return
    from django.contrib.auth import get_user_model

    recipient = get_user_model().objects.filter(pk=other_id, is_active=True).first()
    if recipient is None:
        return
    name = author.public_name
    _notify(
        recipient,
        "networking.direct_message",
        title_zh=f"{name} 给您发来私信",
        title_en=f"New message from {name}",
        body_zh=text[:200],
        body_en=text[:200],
        url=f"/networking/messages/{author.pk}/",
        context={"room": direct.room.slug},
    )
