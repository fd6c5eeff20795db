"""Reads of networking: a person's cards (exchanged, waiting for them, sent), their direct
conversations, and the attendee directory (networking/directory.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_ref
from live.models import ChatMessage
from networking import rules
from networking.models import Block, CardExchange, DirectRoom

DELETED_USER = _("Deleted user")


def person_ref(user) -> dict[str, Any]:
    """{"id", "name"}; a deleted or deactivated account is a deleted user (no id)."""
    if user is None or not user.is_active:
        return {"id": None, "name": str(DELETED_USER), "deleted": True}
    return {**user_ref(user), "deleted": False}


def exchange_for_viewer(exchange: CardExchange, viewer) -> dict[str, Any]:
    """One exchange as this participant sees it: the other's card only once both consented."""
    mine_requested = exchange.requester_id == viewer.pk
    other = exchange.recipient if mine_requested else exchange.requester
    accepted = exchange.status == CardExchange.Status.ACCEPTED
    my_card = exchange.requester_card if mine_requested else exchange.recipient_card
    their_card = exchange.recipient_card if mine_requested else exchange.requester_card
    return {
        "id": exchange.pk,
        "status": exchange.status,
        "direction": "sent" if mine_requested else "received",
        "person": person_ref(other),
        "message": exchange.message,
        "my_card": my_card if (accepted or mine_requested) else {},
        "card": their_card if accepted else {},
        "created_at": exchange.created_at.isoformat(),
        "responded_at": exchange.responded_at.isoformat() if exchange.responded_at else None,
    }


def my_cards(viewer) -> dict[str, list[dict[str, Any]]]:
    """Exchanged cards, requests waiting for my answer, and my requests still pending."""
    rows = (
        CardExchange.objects.filter(Q(user_low=viewer) | Q(user_high=viewer))
        .filter(status__in=[CardExchange.Status.ACCEPTED, CardExchange.Status.PENDING])
        .select_related("requester", "recipient")
        .order_by("-responded_at", "-created_at")
    )
    answer: dict[str, list[dict[str, Any]]] = {"exchanged": [], "received": [], "sent": []}
    for exchange in rows:
        item = exchange_for_viewer(exchange, viewer)
        if exchange.status == CardExchange.Status.ACCEPTED:
            answer["exchanged"].append(item)
        else:
            answer[item["direction"]].append(item)
    return answer


def exchange_between(viewer, other_id: int) -> dict[str, Any] | None:
    low, high = rules.pair(viewer.pk, other_id)
    exchange = (
        CardExchange.objects.filter(user_low_id=low, user_high_id=high).select_related("requester", "recipient").first()
    )
    return exchange_for_viewer(exchange, viewer) if exchange else None


def blocked_people(viewer) -> list[dict[str, Any]]:
    return [
        {**person_ref(block.blocked), "reported": block.reported, "since": block.created_at.isoformat()}
        for block in Block.objects.filter(blocker=viewer).select_related("blocked")
    ]


def conversations(viewer) -> list[dict[str, Any]]:
    """My direct rooms, the latest first, with the other person and the last message."""
    rooms = (
        DirectRoom.objects.filter(Q(user_low=viewer) | Q(user_high=viewer))
        .select_related("room", "user_low", "user_high")
        .order_by("-room__last_seq")
    )
    blocked = rules.blocked_ids(viewer.pk)
    answer = []
    for direct in rooms:
        other = direct.user_high if direct.user_low_id == viewer.pk else direct.user_low
        last = (
            ChatMessage.objects.filter(room=direct.room, deleted_at__isnull=True)
            .select_related("author")
            .order_by("-seq")
            .first()
        )
        answer.append(
            {
                "room": direct.room.slug,
                "person": person_ref(other),
                "blocked": other is not None and other.pk in blocked,
                "last_seq": direct.room.last_seq,
                "last_message": (
                    {
                        "text": last.text[:200],
                        "mine": last.author_id == viewer.pk,
                        "at": last.created_at.isoformat(),
                    }
                    if last
                    else None
                ),
            }
        )
    return answer
