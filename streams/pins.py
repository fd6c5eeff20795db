"""Things pinned next to a stage's video (recruitment pins jobs): the hook through which an
app above streams adds a list to the stage's state. Streams knows nothing of what is pinned:
each registered kind gives its field of the stage snapshot (`stage.get`, the REST stage
state), the typed model of one item, how to read the list, and on which sessions it may be
pinned. The app keeps its own commands and its own sequenced event (built with `changed`).

    register_stage_pins(StagePins(field="pinned_jobs", event="stage.jobs", item=PinnedJobOut,
        items=pinned_jobs, session_kinds=frozenset({"recruitment_livestream"}), ...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import Field

from live.errors import LiveError
from live.protocol import ErrorCode

if TYPE_CHECKING:
    from pydantic import BaseModel

    from streams.models import Session


@dataclass(frozen=True)
class StagePins:
    # The key in the stage snapshot and the sequenced event's list ("pinned_jobs").
    field: str
    # The app's sequenced room event carrying the whole list after each change ("stage.jobs").
    event: str
    # The pydantic model (live.protocol.ServerFrame) of one item.
    item: type[BaseModel]
    # room id -> the items in pinning order (sync: runs queries).
    items: Callable[[int], list[dict[str, Any]]]
    description: str
    # Session kinds (streams.Session.Kind values) where pinning is allowed; None: every stage.
    session_kinds: frozenset[str] | None = None
    # What is pinned and where, for refusals ("jobs", "recruitment livestreams").
    noun: str = "items"
    where: str = "some stages"


STAGE_PINS: dict[str, StagePins] = {}


def register_stage_pins(pins: StagePins) -> None:
    """Add a pinned list to the stage state: `stage.get`'s typed ack and the snapshot."""
    from live.registry import extend_ack

    if pins.field in STAGE_PINS:
        raise RuntimeError(f"stage pins {pins.field!r} registered twice")
    STAGE_PINS[pins.field] = pins
    extend_ack("stage.get", {pins.field: (list[pins.item], Field(description=pins.description))})


def pinned_state(room_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every registered list of the stage (sync: queries)."""
    return {field: pins.items(room_id) for field, pins in STAGE_PINS.items()}


def pinning_session(room_id: int, roles, pins: StagePins) -> Session:
    """The stage's session, locked, for a pin or unpin by someone with `roles`; refuses people
    who do not run the stage, rooms that are no stage, and sessions of other kinds. Call it
    inside a transaction."""
    from streams.models import Session
    from streams.stage import can_run_stage

    if not can_run_stage(roles):
        raise LiveError(ErrorCode.FORBIDDEN, f"Only the stage's moderators and speakers can pin {pins.noun}.")
    session = Session.objects.select_for_update().filter(room_id=room_id).first()
    if session is None:
        raise LiveError(ErrorCode.NOT_FOUND, "This room is not a stage.")
    if pins.session_kinds is not None and session.kind not in pins.session_kinds:
        raise LiveError(ErrorCode.INVALID_STATE, f"{pins.noun.capitalize()} can be pinned only in {pins.where}.")
    return session


def changed(room_id: int, pins: StagePins) -> dict[str, Any]:
    """Store and publish (after commit) the kind's sequenced event with the whole list now;
    returns the event's data. Inside the pinning transaction."""
    from live.models import Room
    from live.services.events import append_event

    items = pins.items(room_id)
    return append_event(Room.objects.get(pk=room_id), pins.event, lambda seq: {pins.field: items})
