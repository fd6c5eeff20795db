from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from live import selectors
from live.errors import LiveError
from live.models import ChatMessage, MessageReaction, Room
from live.permissions import is_room_moderator
from live.protocol import ErrorCode
from live.registry import ROOM_KINDS
from live.services.checks import check_can_post
from live.services.events import append_event, record_action, withdraw_from_events


@dataclass(frozen=True)
class SendResult:
    message_id: int
    seq: int
    duplicate: bool


def _existing(room: Room, user, client_ref: str) -> ChatMessage | None:
    if not client_ref:
        return None
    return ChatMessage.objects.filter(room=room, author=user, client_ref=client_ref).first()


def send_message(*, room: Room, user, text: str, client_ref: str = "") -> SendResult:
    """Store a chat message and publish it. Idempotent per (room, author, client_ref)."""
    existing = _existing(room, user, client_ref)
    if existing is not None:
        return SendResult(existing.pk, existing.seq, duplicate=True)
    try:
        with transaction.atomic():
            # Inside the transaction, so two quick sends cannot both pass slow mode.
            check_can_post(room, user, text, slow_mode=True)
            holder: dict[str, ChatMessage] = {}

            def build(seq: int) -> dict:
                message = ChatMessage.objects.create(room=room, seq=seq, author=user, text=text, client_ref=client_ref)
                holder["message"] = message
                return {"message": selectors.message_out(message)}

            append_event(room, "chat.message", build)
    except IntegrityError:
        # A concurrent resend with the same ref won the race: answer with its message.
        existing = _existing(room, user, client_ref)
        if existing is None:
            raise
        return SendResult(existing.pk, existing.seq, duplicate=True)
    message = holder["message"]
    return SendResult(message.pk, message.seq, duplicate=False)


@transaction.atomic
def delete_message(*, room: Room, user, message_id: int) -> int:
    message = ChatMessage.objects.select_for_update().filter(room=room, pk=message_id).first()
    if message is None or message.deleted_at is not None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No message {message_id} in this room.")
    by_moderator = message.author_id != user.pk
    if by_moderator and not is_room_moderator(room, user):
        raise LiveError(ErrorCode.FORBIDDEN, "Only moderators can delete other people's messages.")
    kind = ROOM_KINDS.get(room.kind)
    if kind is not None and kind.on_message_deleted is not None:
        kind.on_message_deleted(room.pk, message.author_id, message.text, message.created_at)
    message.deleted_at = timezone.now()
    message.deleted_by = user
    # The text goes from every stored copy: the message, its chat.message event (served by
    # room.history, resume and the HTTP history, to guests too) and the audit log.
    message.text = ""
    message.save(update_fields=["deleted_at", "deleted_by", "text"])
    tombstone = selectors.message_out(message)
    withdraw_from_events(room, Q(type="chat.message", seq=message.seq), lambda data: {**data, "message": tombstone})
    if by_moderator:
        record_action(room, user, "chat.delete", message.author_id, message_id=message.pk)
    frame = append_event(room, "chat.deleted", lambda seq: {"message_id": message.pk, "by_moderator": by_moderator})
    return frame["seq"]


@transaction.atomic
def toggle_reaction(*, room: Room, user, message_id: int, emoji: str, announce: bool = True) -> dict[str, int]:
    """Toggle; `announce=False` (large rooms) leaves telling the room to a coalesced summary."""
    if not ChatMessage.objects.filter(room=room, pk=message_id, deleted_at__isnull=True).exists():
        raise LiveError(ErrorCode.NOT_FOUND, f"No message {message_id} in this room.")
    deleted, _ = MessageReaction.objects.filter(message_id=message_id, user=user, emoji=emoji).delete()
    if not deleted:
        MessageReaction.objects.create(message_id=message_id, user=user, emoji=emoji)
    counts = selectors.reaction_counts([message_id]).get(message_id, {})
    if announce:
        append_event(room, "chat.reaction", lambda seq: {"message_id": message_id, "reactions": counts})
    return counts
