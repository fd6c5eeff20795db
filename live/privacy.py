"""live's part of "download my data" (accounts.privacy): the chat messages and questions the
person wrote. On deletion nothing here is erased: messages stay in their rooms' history and
name the author "Deleted user" (the account row is anonymised, not removed)."""

from __future__ import annotations

from typing import Any

from live.models import ChatMessage, Question


def export_chat_messages(user) -> list[dict[str, Any]]:
    return [
        {
            "room": m.room.slug,
            "room_name": m.room.name,
            "seq": m.seq,
            "text": m.text,
            "created_at": m.created_at.isoformat(),
            "deleted": m.deleted_at is not None,
        }
        for m in ChatMessage.objects.filter(author=user).select_related("room").order_by("created_at", "pk")
    ]


def export_questions(user) -> list[dict[str, Any]]:
    return [
        {
            "room": q.room.slug,
            "text": q.text,
            "status": q.status,
            "answered": q.answered,
            "created_at": q.created_at.isoformat(),
        }
        for q in Question.objects.filter(author=user).select_related("room").order_by("created_at", "pk")
    ]


def register() -> None:
    from accounts.privacy import register_export

    register_export("chat_messages", export_chat_messages)
    register_export("questions", export_questions)
