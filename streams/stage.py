"""The stage's stream state: scheduled → live ⇄ paused → ended, one room event per change."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.selectors import user_ref
from live.errors import LiveError
from live.models import Room
from live.protocol import ErrorCode
from live.services.events import append_event
from streams.models import Session

State = Session.StreamState

TRANSITIONS: dict[str, frozenset[str]] = {
    State.SCHEDULED: frozenset({State.LIVE, State.ENDED}),
    State.LIVE: frozenset({State.PAUSED, State.ENDED}),
    State.PAUSED: frozenset({State.LIVE, State.ENDED}),
    State.ENDED: frozenset(),
}
# Roles (live.permissions) that may change the state and publish.
STAGE_ROLES = frozenset({"moderator", "speaker"})


def can_run_stage(roles: frozenset[str] | set[str]) -> bool:
    return bool(STAGE_ROLES & set(roles))


def session_of_room(room_id: int) -> Session:
    session = Session.objects.filter(room_id=room_id).only("pk", "stream_state", "stream_state_changed_at").first()
    if session is None:
        raise LiveError(ErrorCode.NOT_FOUND, "This room is not a stage.")
    return session


def stream_state(room_id: int) -> dict[str, Any]:
    session = session_of_room(room_id)
    changed = session.stream_state_changed_at
    return {"state": session.stream_state, "changed_at": changed.isoformat() if changed else None}


def set_stream_state(*, room_id: int, user, roles: frozenset[str], state: str) -> dict[str, Any]:
    """Change the stage's state; returns the `stage.state` event (published after commit)."""
    if not can_run_stage(roles):
        raise LiveError(ErrorCode.FORBIDDEN, "Only the stage's moderators and speakers can change its state.")
    with transaction.atomic():
        session = Session.objects.select_for_update().filter(room_id=room_id).first()
        if session is None:
            raise LiveError(ErrorCode.NOT_FOUND, "This room is not a stage.")
        previous = session.stream_state
        if state not in TRANSITIONS[previous]:
            allowed = ", ".join(sorted(TRANSITIONS[previous])) or "none (the stage has ended)"
            raise LiveError(
                ErrorCode.INVALID_STATE,
                f"The stage is {previous}; it cannot become {state}. Allowed: {allowed}.",
                state=previous,
            )
        now = timezone.now()
        session.stream_state, session.stream_state_changed_at = state, now
        session.save(update_fields=["stream_state", "stream_state_changed_at"])
        room = Room.objects.get(pk=room_id)
        by = user_ref(user)
        return append_event(
            room,
            "stage.state",
            lambda seq: {"state": state, "previous": previous, "by": by, "at": now.isoformat()},
        )
