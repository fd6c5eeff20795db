"""Reads of room state, shaped as the protocol's output objects."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.selectors import user_ref
from live import protocol
from live.errors import LiveError
from live.models import ChatMessage, MessageReaction, ModerationAction, Poll, Question, Room, RoomEvent, RoomRole
from live.permissions import resolve_access
from live.registry import ROOM_DETAILS, ROOM_KINDS, organizers_run_every_room


def iso(dt) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def room_settings(room: Room) -> dict[str, Any]:
    return {
        "slug": room.slug,
        "kind": room.kind,
        "name": room.name,
        "allow_guests": room.allow_guests,
        "qa_moderated": room.qa_moderated,
        "slow_mode_seconds": room.slow_mode_seconds,
        "locked": room.locked,
    }


def reaction_counts(message_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = MessageReaction.objects.filter(message_id__in=message_ids).values("message_id", "emoji")
    for row in rows.annotate(n=Count("id")):
        counts[row["message_id"]][row["emoji"]] = row["n"]
    return counts


def message_out(message: ChatMessage, reactions: dict[str, int] | None = None) -> dict[str, Any]:
    """A deleted message is only a tombstone: that there was one, not what it said or who
    wrote it (this is also what replaces it in the stored events)."""
    deleted = message.deleted_at is not None
    return {
        "id": message.pk,
        "seq": message.seq,
        "author": None if deleted else user_ref(message.author),
        "text": "" if deleted else message.text,
        "created_at": iso(message.created_at),
        "deleted": deleted,
        "reactions": {} if deleted else reactions or {},
    }


def recent_messages(room: Room, limit: int = protocol.JOIN_RECENT_MESSAGES) -> list[dict[str, Any]]:
    messages = list(
        ChatMessage.objects.filter(room=room, deleted_at__isnull=True).select_related("author").order_by("-seq")[:limit]
    )
    messages.reverse()
    counts = reaction_counts([m.pk for m in messages])
    return [message_out(m, counts.get(m.pk)) for m in messages]


def question_out(question: Question) -> dict[str, Any]:
    """A dismissed question is withdrawn: its id and status stay, its text and author do not
    (this is also what replaces it in the stored events)."""
    dismissed = question.status == Question.Status.DISMISSED
    return {
        "id": question.pk,
        "author": None if dismissed else user_ref(question.author),
        "text": "" if dismissed else question.text,
        "status": question.status,
        "answered": question.answered,
        "pinned": question.pinned,
        "votes": question.votes,
        "created_at": iso(question.created_at),
    }


def visible_questions(room: Room, *, user_id: int | None, moderator: bool) -> list[dict[str, Any]]:
    """Pinned first, then by votes. Moderators see the queue too; authors their own pending."""
    visible = Q(status=Question.Status.APPROVED)
    if moderator:
        visible |= Q(status=Question.Status.PENDING)
    elif user_id is not None:
        visible |= Q(status=Question.Status.PENDING, author_id=user_id)
    questions = (
        Question.objects.filter(visible, room=room)
        .select_related("author")
        .order_by("-pinned", "answered", "-votes", "created_at")
    )
    return [question_out(q) for q in questions]


def pending_questions_of(room: Room, user_id: int) -> list[dict[str, Any]]:
    """This person's own questions still waiting for a moderator (only they see them)."""
    questions = Question.objects.filter(room=room, status=Question.Status.PENDING, author_id=user_id)
    return [question_out(q) for q in questions.select_related("author")]


def pending_questions_of_many(room: Room, user_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """pending_questions_of for many people at once, by author id."""
    questions = Question.objects.filter(room=room, status=Question.Status.PENDING, author_id__in=user_ids)
    own: dict[int, list[dict[str, Any]]] = {}
    for question in questions.select_related("author").order_by("pk"):
        own.setdefault(question.author_id, []).append(question_out(question))
    return own


def ordered_questions(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`question_out`s in visible_questions' order: pinned first, then unanswered, by votes,
    oldest first (created_at is ISO 8601 in UTC, so it sorts as text)."""
    return sorted(questions, key=lambda q: (not q["pinned"], q["answered"], -q["votes"], q["created_at"]))


def poll_out(poll: Poll) -> dict[str, Any]:
    options = list(poll.options.annotate(n=Count("votes")).order_by("position"))
    return {
        "id": poll.pk,
        "question": poll.question,
        "state": poll.state,
        "options": [{"id": o.pk, "text": o.text, "votes": o.n} for o in options],
        "total_votes": sum(o.n for o in options),
    }


def visible_polls(room: Room, *, moderator: bool) -> list[dict[str, Any]]:
    states = [Poll.State.OPEN, Poll.State.DRAFT] if moderator else [Poll.State.OPEN]
    return [poll_out(p) for p in Poll.objects.filter(room=room, state__in=states).order_by("created_at")]


def events_after(room: Room, after_seq: int, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """Up to `limit` events after `after_seq`, and fewer if they would exceed the page's byte
    budget (a WebSocket frame has a size limit); `has_more` says whether to ask again."""
    rows = RoomEvent.objects.filter(room=room, seq__gt=after_seq).order_by("seq").values_list("data", flat=True)
    events: list[dict[str, Any]] = []
    size = 0
    for data in rows[: limit + 1]:
        size += len(json.dumps(data, ensure_ascii=False))
        if len(events) == limit or (events and size > protocol.MAX_PAGE_BYTES):
            return events, True
        events.append(data)
    return events, False


def audit_log(room: Room, limit: int) -> list[dict[str, Any]]:
    actions = ModerationAction.objects.filter(room=room).select_related("actor", "target_user")[:limit]
    return [
        {
            "action": a.action,
            "actor": user_ref(a.actor),
            "target_user": user_ref(a.target_user),
            "details": a.details,
            "created_at": iso(a.created_at),
        }
        for a in actions
    ]


def moderated_rooms(user) -> QuerySet[Room]:
    """The rooms this person runs from the moderator console: those where they hold the
    moderator role, and those each room kind's `moderated_rooms` hook grants them."""
    if not user.is_authenticated:
        return Room.objects.none()
    condition = Q(roles__user=user, roles__role=RoomRole.Role.MODERATOR)
    for kind in ROOM_KINDS.values():
        condition |= Q(kind=kind.name) & kind.moderated_rooms(user)
    # A room of a kind no installed app registers: the default.
    condition |= ~Q(kind__in=list(ROOM_KINDS)) & organizers_run_every_room(user)
    return Room.objects.filter(condition).distinct().order_by("kind", "name")


def room_overview(room: Room, user) -> dict[str, Any]:
    """A room's settings, head seq, the fields apps add (ROOM_DETAILS, e.g. its programme
    session) and the viewer's roles in it. A members-only room (an exhibitor's staff room) is
    refused to others, as on the socket: its head seq alone would tell how many visitor
    requests the organisation got."""
    access = resolve_access(room, user)
    kind = ROOM_KINDS.get(room.kind)
    if kind is not None and kind.members_only and not access.roles:
        if access.user_id is None:
            raise LiveError(protocol.ErrorCode.AUTH_REQUIRED, bilingual(_("Please log in.")))
        raise LiveError(protocol.ErrorCode.FORBIDDEN, bilingual(_("This room is only for its members.")))
    return {
        **room_settings(room),
        "last_seq": room.last_seq,
        **{name: detail.value(room) for name, detail in ROOM_DETAILS.items()},
        "you": {
            "authenticated": access.user_id is not None,
            "roles": sorted(access.roles),
            "moderator": access.is_moderator,
            "can_post": access.can_post,
        },
    }


def room_history(room: Room, *, after_seq: int, limit: int) -> dict[str, Any]:
    """One page of the room's sequenced events after `after_seq`; ask again from
    `next_after_seq` while `has_more`."""
    events, has_more = events_after(room, after_seq, limit)
    return {
        "room": room.slug,
        "events": events,
        "next_after_seq": events[-1]["seq"] if events else after_seq,
        "has_more": has_more,
        "last_seq": room.last_seq,
    }
