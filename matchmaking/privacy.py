"""Matchmaking's part of "download my data" and "delete my account" (accounts.privacy)."""

from __future__ import annotations

from typing import Any

from matchmaking.models import Favourite, Message, Posting, Rating


def export(user) -> dict[str, Any]:
    """The postings I wrote, the messages I sent in conversations, my favourites, the
    ratings I gave for my organisations."""
    return {
        "postings": [
            {
                "id": p.pk,
                "title": p.title,
                "title_en": p.title_en,
                "status": p.status,
                "created_at": p.created_at.isoformat(),
            }
            for p in Posting.objects.filter(author=user)
        ],
        "messages": [
            {"conversation": m.conversation_id, "body": m.body, "at": m.created_at.isoformat()}
            for m in Message.objects.filter(author=user).order_by("created_at")
        ],
        "favourites": list(Favourite.objects.filter(user=user).values_list("posting_id", flat=True)),
        "ratings_given": [
            {"posting": r.posting_id, "rated": r.rated_id, "stars": r.stars, "comment": r.comment}
            for r in Rating.objects.filter(author=user)
        ],
    }


def erase(user) -> None:
    """A deleted account: its favourites go; the messages it sent for its organisation stay
    in the conversation (the other side keeps the negotiation), shown under "Deleted user"."""
    Favourite.objects.filter(user=user).delete()


def register() -> None:
    from accounts.privacy import register_erasure, register_export

    register_export("matchmaking", export)
    register_erasure(erase)
