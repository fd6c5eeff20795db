from __future__ import annotations

from django.db import transaction

from live import selectors
from live.errors import LiveError
from live.models import Poll, PollOption, PollVote, Room
from live.permissions import is_room_moderator
from live.protocol import ErrorCode
from live.services.events import append_event, record_action


def _require_moderator(room: Room, user) -> None:
    if not is_room_moderator(room, user):
        raise LiveError(ErrorCode.FORBIDDEN, "Only moderators can run polls.")


def _poll(room: Room, poll_id: int, *, lock: bool = False) -> Poll:
    queryset = Poll.objects.select_for_update() if lock else Poll.objects
    poll = queryset.filter(room=room, pk=poll_id).first()
    if poll is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No poll {poll_id} in this room.")
    return poll


def _set_state(room: Room, user, poll: Poll, state: str) -> Poll:
    poll.state = state
    poll.save(update_fields=["state"])
    record_action(room, user, f"poll.{state}", poll_id=poll.pk)
    append_event(room, "poll.state", lambda seq: {"poll": selectors.poll_out(poll)})
    return poll


@transaction.atomic
def create_poll(*, room: Room, user, question: str, options: list[str], open_now: bool = False) -> Poll:
    _require_moderator(room, user)
    poll = Poll.objects.create(room=room, question=question, created_by=user)
    PollOption.objects.bulk_create([PollOption(poll=poll, position=i, text=text) for i, text in enumerate(options)])
    record_action(room, user, "poll.create", poll_id=poll.pk, question=question)
    if open_now:
        _set_state(room, user, poll, Poll.State.OPEN)
    return poll


@transaction.atomic
def open_poll(*, room: Room, user, poll_id: int) -> Poll:
    _require_moderator(room, user)
    poll = _poll(room, poll_id, lock=True)
    if poll.state != Poll.State.DRAFT:
        raise LiveError(ErrorCode.INVALID_STATE, f"The poll is {poll.state}; only drafts can be opened.")
    return _set_state(room, user, poll, Poll.State.OPEN)


@transaction.atomic
def close_poll(*, room: Room, user, poll_id: int) -> Poll:
    _require_moderator(room, user)
    poll = _poll(room, poll_id, lock=True)
    if poll.state != Poll.State.OPEN:
        raise LiveError(ErrorCode.INVALID_STATE, f"The poll is {poll.state}; only open polls can be closed.")
    return _set_state(room, user, poll, Poll.State.CLOSED)


@transaction.atomic
def vote(*, room: Room, user, poll_id: int, option_id: int) -> None:
    """Store one vote per person (a second vote changes it). Results are pushed coalesced."""
    poll = _poll(room, poll_id)
    if poll.state != Poll.State.OPEN:
        raise LiveError(ErrorCode.INVALID_STATE, f"The poll is {poll.state}; votes are taken only while open.")
    if not PollOption.objects.filter(poll=poll, pk=option_id).exists():
        raise LiveError(ErrorCode.NOT_FOUND, f"Poll {poll_id} has no option {option_id}.")
    PollVote.objects.update_or_create(poll=poll, user=user, defaults={"option_id": option_id})


def poll_results(poll_id: int) -> tuple[Room, dict]:
    poll = Poll.objects.select_related("room").get(pk=poll_id)
    return poll.room, selectors.poll_out(poll)
