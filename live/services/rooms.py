from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from live import protocol, selectors
from live.errors import LiveError
from live.models import Room
from live.permissions import RoomAccess, muted_until, muted_until_many, resolve_access, resolve_access_many
from live.protocol import ErrorCode
from live.registry import ROOM_KINDS


def open_room(*, slug: str, user) -> tuple[Room, RoomAccess]:
    """Find a room and decide whether this person may enter it."""
    room = Room.objects.filter(slug=slug).first()
    if room is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No room {slug!r}.")
    return room, room_access(room, user)


def recheck_rooms(user_id: int, room_ids: list[int]) -> tuple[Any, dict[int, RoomAccess | str]]:
    """After a rights change (live.access): the person as stored now (None when deactivated
    or deleted) and, per room, their access now or why they may no longer be there."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None, {}
    rooms = Room.objects.in_bulk(room_ids)
    verdicts: dict[int, RoomAccess | str] = {}
    for room_id in room_ids:
        room = rooms.get(room_id)
        if room is None:
            verdicts[room_id] = "The room was deleted."
            continue
        try:
            verdicts[room_id] = room_access(room, user)
        except LiveError as error:
            verdicts[room_id] = f"Your access to this room ended: {error.message}"
    return user, verdicts


def room_access(room: Room, user) -> RoomAccess:
    """Whether this person may be in the room, and with which rights (at join, and again
    whenever their rights change)."""
    if not user.is_authenticated and not room.allow_guests:
        raise LiveError(ErrorCode.AUTH_REQUIRED, "This room is for logged-in participants only.")
    return admitted(room, resolve_access(room, user))


def admitted(room: Room, access: RoomAccess) -> RoomAccess:
    """`access`, or the LiveError saying why it does not let this person in."""
    if access.banned:
        raise LiveError(ErrorCode.BANNED, "You are banned from this room.")
    kind = ROOM_KINDS.get(room.kind)
    if kind is not None and kind.members_only and not access.roles:
        raise LiveError(ErrorCode.FORBIDDEN, bilingual(_("This room is only for its members.")))
    return access


def shared_room_state(*, room_id: int, since_seq: int | None, moderator: bool = False) -> tuple[Room, dict[str, Any]]:
    """The part of the join answer that is the same for everyone joining the room at this
    seq (with or without `since_seq`): settings, seq, messages or events, the public questions
    and the open polls (`moderator`: the queue and the drafts too). Read after the reader
    subscribed to the room's topic, so that any event stored after this read reaches it live,
    and any before is in here. `_head_seq` (not sent): frames up to it are in the answer."""
    room = Room.objects.filter(pk=room_id).first()
    if room is None:
        raise LiveError(ErrorCode.NOT_FOUND, "No such room.")
    state: dict[str, Any] = {
        "room": selectors.room_settings(room),
        "seq": room.last_seq,
        "messages": None,
        "events": None,
        "has_more": False,
        "_head_seq": room.last_seq,
    }
    if since_seq is None:
        state["messages"] = selectors.recent_messages(room)
    else:
        events, has_more = selectors.events_after(room, since_seq, protocol.RESUME_PAGE_SIZE)
        # Page boundary: the client is "at" the last event it got, not at the room's head.
        state["events"], state["has_more"] = events, has_more
        if has_more:
            state["seq"] = events[-1]["seq"]
    state["questions"] = selectors.visible_questions(room, user_id=None, moderator=moderator)
    state["polls"] = selectors.visible_polls(room, moderator=moderator)
    return room, state


def you_in_room(room: Room, access: RoomAccess) -> dict[str, Any]:
    """The join answer's `you`: roles and rights, and until when this person is muted."""
    return you_of(access, muted_until(room, access.user_id) if access.user_id is not None else None)


def you_of(access: RoomAccess, until) -> dict[str, Any]:
    return {
        "moderator": access.is_moderator,
        "roles": sorted(access.roles),
        "can_post": access.can_post,
        "muted_until": until.isoformat() if until else None,
    }


def personal_state(*, room: Room, user, shared: dict[str, Any]) -> tuple[RoomAccess, dict[str, Any]] | None:
    """The per-person rest of a join answer built on `shared` (shared_room_state, not
    changed): access, `you`, and the person's own pending questions among the public ones.
    None for a moderator, whose answer has the queue and the drafts (room_state)."""
    access = room_access(room, user)
    if access.is_moderator:
        return None
    questions = shared["questions"]
    if access.user_id is not None:
        own = selectors.pending_questions_of(room, access.user_id)
        if own:
            questions = selectors.ordered_questions([*questions, *own])
    return access, {"you": you_in_room(room, access), "questions": questions}


def personal_parts(room: Room, users: list) -> dict[int, tuple[RoomAccess, dict[str, Any], list] | LiveError | None]:
    """personal_state's reads for many logged-in people joining the room at once (one query
    per table, live.batching), per user id: (access, `you`, their own pending questions), the
    LiveError that keeps them out, or None for a moderator (whose answer is room_state)."""
    accesses = resolve_access_many(room, users)
    parts: dict[int, tuple[RoomAccess, dict[str, Any], list] | LiveError | None] = {}
    let_in: list[int] = []
    for user in users:
        try:
            access = admitted(room, accesses[user.pk])
        except LiveError as error:
            parts[user.pk] = error
            continue
        if access.is_moderator:
            parts[user.pk] = None
        else:
            let_in.append(user.pk)
    mutes = muted_until_many(room, let_in)
    pending = selectors.pending_questions_of_many(room, let_in)
    for user_id in let_in:
        access = accesses[user_id]
        parts[user_id] = (access, you_of(access, mutes.get(user_id)), pending.get(user_id, []))
    return parts


def with_own_questions(shared: dict[str, Any], own: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The public questions of a join answer and this person's pending ones, in order."""
    return selectors.ordered_questions([*shared["questions"], *own]) if own else shared["questions"]


def room_state(*, room_id: int, access: RoomAccess, since_seq: int | None) -> dict[str, Any]:
    """The whole join answer from the database (a room this process has no snapshot of, a
    moderator, the message bus away)."""
    room, state = shared_room_state(room_id=room_id, since_seq=since_seq, moderator=access.is_moderator)
    state["you"] = you_in_room(room, access)
    if not access.is_moderator and access.user_id is not None:
        own = selectors.pending_questions_of(room, access.user_id)
        if own:
            state["questions"] = selectors.ordered_questions([*state["questions"], *own])
    return state


PAGE_SNAPSHOT_SECONDS = 30


def page_snapshot(room: Room, user) -> dict[str, Any] | None:
    """What a room's page shows before its socket has joined: the public part of a join
    answer at the room's seq (settings, the last messages, public questions, open polls),
    shared by every page view at that seq through the cache. None for a person who may not
    be in the room (the page then waits for the join's answer or refusal)."""
    try:
        room_access(room, user)
    except LiveError:
        return None
    key = f"live:page-snapshot:{room.pk}:{room.last_seq}"
    try:
        snapshot = cache.get(key)
    except Exception:  # the cache is down: read it, the page must not fail for it
        snapshot = None
    if snapshot is None:
        _, state = shared_room_state(room_id=room.pk, since_seq=None)
        state.pop("_head_seq")
        snapshot = state
        try:
            cache.set(key, snapshot, PAGE_SNAPSHOT_SECONDS)
        except Exception:
            pass
    return snapshot
