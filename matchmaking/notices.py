"""Notifications matchmaking sends (notifications.services.notify): to the poster's
organisation on a response, to the other side on every new message of a conversation."""

from __future__ import annotations

from notifications.kinds import register_kind
from notifications.services import notify

KINDS = {
    "matchmaking.response": ("项目对接：新的回应", "Matchmaking: new response", True),
    "matchmaking.message": ("项目洽谈：新消息", "Matchmaking: new message", True),
}


def register_kinds() -> None:
    for key, (label_zh, label_en, email_default) in KINDS.items():
        register_kind(key, label_zh=label_zh, label_en=label_en, email_default=email_default)


def _members(organisation_id: int, *, without: int | None):
    from accounts.models import User

    return list(
        User.objects.filter(memberships__organisation_id=organisation_id, is_active=True).exclude(pk=without).distinct()
    )


def _other_side(conversation, message) -> int:
    poster = conversation.posting.organisation_id
    return conversation.responder_id if message.organisation_id == poster else poster


def responded(conversation, message) -> None:
    """The poster's organisation hears of a new responding organisation."""
    posting = conversation.posting
    org = conversation.responder
    recipients = _members(posting.organisation_id, without=message.author_id)
    if not recipients:
        return
    notify(
        recipients,
        "matchmaking.response",
        title_zh=f"{org.name} 回应了您的需求「{posting.title}」",
        title_en=f"{org.name_en or org.name} responded to “{posting.title_en or posting.title}”",
        body_zh=message.body[:300],
        body_en=message.body[:300],
        url=f"/matchmaking/conversations/{conversation.pk}/",
        context={"conversation": conversation.pk, "posting": posting.pk},
    )


def new_message(conversation, message) -> None:
    """Every message reaches the other side's members (the conversation shows them all)."""
    posting = conversation.posting
    recipients = _members(_other_side(conversation, message), without=message.author_id)
    if not recipients:
        return
    name = message.author.public_name if message.author else ""
    notify(
        recipients,
        "matchmaking.message",
        title_zh=f"{name} 在「{posting.title}」的洽谈中发来消息",
        title_en=f"New message from {name} about “{posting.title_en or posting.title}”",
        body_zh=message.body[:300],
        body_en=message.body[:300],
        url=f"/matchmaking/conversations/{conversation.pk}/",
        context={"conversation": conversation.pk, "message": message.pk},
    )
