"""Peer-to-peer calls (booth video calls, interviews, negotiations): the state machine in
the database. Each change runs in one transaction (sync, in the database thread) and returns
an Outcome: the ack's fields, the frames to tell whom, the rings that started; the async
side (streams.call_runtime) publishes them and keeps the ring timers.

The browsers exchange media directly; the server stores the call (streams.models.Call,
CallParticipant), decides who may do what, and relays the WebRTC signalling to the addressed
participant only. The state lives in the database, so any process may handle any frame of a
call (see docs/streams.md, "Calls").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.selectors import user_ref
from live.errors import LiveError
from live.fanout import publish_on_commit, user_topic
from live.protocol import ErrorCode, ServerFrame
from streams.call_protocol import (
    MAX_CALLEES,
    MAX_PARTICIPANTS,
    CallDeclinedFrame,
    CallMissedFrame,
    CallRingingFrame,
    CallStateFrame,
)
from streams.models import Call, CallParticipant

__all__ = [
    "MAX_CALLEES",
    "MAX_PARTICIPANTS",
    "Outcome",
    "accept",
    "cancel",
    "decline",
    "expire",
    "hangup",
    "invite",
    "join_roster",
    "request",
    "sweep_overdue_rings",
]

Status = CallParticipant.Status
CURRENT = (Status.RINGING, Status.JOINED)


def ring_seconds() -> float:
    """How long a call rings before it counts as missed (settings.STREAMS["CALL_RING_SECONDS"])."""
    return float(settings.STREAMS["CALL_RING_SECONDS"])


# --- outcome of a change: what to answer, whom to tell ------------------------------------


@dataclass
class Outcome:
    call_id: str
    result: dict[str, Any] = field(default_factory=dict)
    # (user ids, frame): each frame goes to all connections of those people.
    frames: list[tuple[list[int], ServerFrame]] = field(default_factory=list)
    # People who started ringing (their ring timers start now).
    rang: list[int] = field(default_factory=list)
    ended: bool = False

    def tell(self, user_ids: list[int] | set[int], frame: ServerFrame) -> None:
        if user_ids:
            self.frames.append((sorted(set(user_ids)), frame))


def _participants(call: Call) -> list[CallParticipant]:
    return list(call.participants.select_related("user").order_by("invited_at", "pk"))


def participants_out(rows: list[CallParticipant]) -> list[dict[str, Any]]:
    return [{"user": user_ref(p.user), "status": p.status} for p in rows]


def _current_ids(rows: list[CallParticipant]) -> set[int]:
    return {p.user_id for p in rows if p.status in CURRENT}


def _state_frame(call: Call, rows: list[CallParticipant]) -> CallStateFrame:
    ended = {"reason": call.end_reason} if call.state == Call.State.ENDED else {}
    return CallStateFrame.build(call_id=str(call.pk), state=call.state, participants=participants_out(rows), **ended)


def _parse_id(call_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(call_id)
    except ValueError as error:
        raise LiveError(ErrorCode.NOT_FOUND, f"No call {call_id!r} of yours.") from error


def _locked_call(call_id: str, user) -> tuple[Call, list[CallParticipant], CallParticipant]:
    """The call (row locked) and the user's participation; strangers hear `not_found`, so
    nobody learns of calls they are not part of."""
    call = Call.objects.select_for_update().filter(pk=_parse_id(call_id)).first()
    rows = _participants(call) if call is not None else []
    mine = next((p for p in rows if p.user_id == user.pk), None)
    if call is None or mine is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No call {call_id!r} of yours.")
    return call, rows, mine


def _busy(user_id: int, except_call: uuid.UUID | None = None) -> bool:
    """In a call already: joined (as caller or callee) in a call that has not ended."""
    joined = CallParticipant.objects.filter(user_id=user_id, status=Status.JOINED).exclude(call__state=Call.State.ENDED)
    if except_call is not None:
        joined = joined.exclude(call_id=except_call)
    return joined.exists()


def _finish(participant: CallParticipant, status: str, now) -> None:
    participant.status = status
    participant.ended_at = now
    participant.save(update_fields=["status", "ended_at"])


def _expire_overdue(call: Call, rows: list[CallParticipant], out: Outcome, now) -> set[int]:
    """Rings older than the ring timeout become missed (the timer's work, or lazily here when
    the process that rang died). Returns who missed the call."""
    deadline = now - timedelta(seconds=ring_seconds())
    missed: set[int] = set()
    for p in rows:
        if p.status == Status.RINGING and p.invited_at <= deadline:
            audience = _current_ids(rows)
            _finish(p, Status.MISSED, now)
            missed.add(p.user_id)
            out.tell(audience, CallMissedFrame.build(call_id=str(call.pk), user=user_ref(p.user)))
    return missed


def _settle(call: Call, rows: list[CallParticipant], out: Outcome, now, reason: str, audience: set[int]) -> None:
    """End the call once nobody is left to talk to, and tell everyone concerned its state."""
    joined = [p for p in rows if p.status == Status.JOINED]
    ringing = [p for p in rows if p.status == Status.RINGING]
    if call.state != Call.State.ENDED and (not joined or (len(joined) < 2 and not ringing)):
        audience |= _current_ids(rows)
        for p in ringing:
            _finish(p, Status.MISSED if reason == "missed" else Status.CANCELLED, now)
        for p in joined:
            _finish(p, Status.LEFT, now)
        call.state = Call.State.ENDED
        call.ended_at = now
        call.end_reason = reason
        call.save(update_fields=["state", "ended_at", "end_reason"])
        out.ended = True
    out.tell(audience | _current_ids(rows), _state_frame(call, rows))
    out.result = {"call_id": str(call.pk), "state": call.state, "participants": participants_out(rows)}


def _ring(call: Call, rows: list[CallParticipant], out: Outcome, by, targets: list, now) -> None:
    """Ring each target, or record them busy (the others in the call get `call.declined`)."""
    for target in targets:
        existing = next((p for p in rows if p.user_id == target.pk), None)
        if existing is None:
            existing = CallParticipant(call=call, user=target)
            rows.append(existing)
        existing.invited_by = by
        existing.invited_at = now
        existing.joined_at = None
        existing.ended_at = None
        if _busy(target.pk, except_call=call.pk):
            existing.status = Status.BUSY
            existing.ended_at = now
            existing.save()
            frame = CallDeclinedFrame.build(call_id=str(call.pk), user=user_ref(target), reason="busy")
            out.tell({p.user_id for p in rows if p.status == Status.JOINED}, frame)
        else:
            existing.status = Status.RINGING
            existing.save()
            out.rang.append(target.pk)
    for target_id in out.rang:
        ringing = {"call_id": str(call.pk), "from": user_ref(by), "participants": participants_out(rows)}
        out.tell([target_id], CallRingingFrame.build(**ringing, context=call.context))


def _users(user_ids: list[int], me) -> list:
    if me.pk in user_ids:
        raise LiveError(ErrorCode.INVALID_FIELDS, "You cannot call yourself.")
    if len(set(user_ids)) != len(user_ids):
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'to_user_ids': each person once.")
    found = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids, is_active=True)}
    missing = [pk for pk in user_ids if pk not in found]
    if missing:
        raise LiveError(ErrorCode.NOT_FOUND, f"No such user: {missing[0]}.", user_id=missing[0])
    return [found[pk] for pk in user_ids]


# --- the changes (sync, in the database thread) -----------------------------------------


@transaction.atomic
def request(*, caller, to_user_ids: list[int], context: dict[str, Any]) -> Outcome:
    targets = _users(to_user_ids, caller)
    if _busy(caller.pk):
        raise LiveError(ErrorCode.INVALID_STATE, "You are in a call already: hang up first, or invite to it.")
    now = timezone.now()
    call = Call.objects.create(caller=caller, context=context, created_at=now)
    out = Outcome(str(call.pk))
    me = CallParticipant.objects.create(call=call, user=caller, status=Status.JOINED, invited_at=now, joined_at=now)
    rows = [me]
    _ring(call, rows, out, caller, targets, now)
    _settle(call, rows, out, now, "busy", {caller.pk})
    return out


@transaction.atomic
def invite(*, user, call_id: str, user_id: int) -> Outcome:
    call, rows, mine = _locked_call(call_id, user)
    now = timezone.now()
    out = Outcome(str(call.pk))
    missed = _expire_overdue(call, rows, out, now)
    if call.state == Call.State.ENDED or mine.status != Status.JOINED:
        raise LiveError(ErrorCode.INVALID_STATE, "Only people in the call can invite to it.", state=call.state)
    (target,) = _users([user_id], user)
    roster = call.context.get("roster")
    if roster is not None and target.pk not in roster:
        raise LiveError(ErrorCode.FORBIDDEN, "Only the meeting's participants take part in this call.")
    if target.pk in _current_ids(rows):
        raise LiveError(ErrorCode.INVALID_STATE, "They are in this call already (or it rings for them).")
    if len(_current_ids(rows)) >= MAX_PARTICIPANTS:
        raise LiveError(
            ErrorCode.INVALID_STATE, f"A call has at most {MAX_PARTICIPANTS} people.", limit=MAX_PARTICIPANTS
        )
    _ring(call, rows, out, user, [target], now)
    _settle(call, rows, out, now, "busy", missed)
    return out


@transaction.atomic
def accept(*, user, call_id: str) -> Outcome:
    call, rows, mine = _locked_call(call_id, user)
    now = timezone.now()
    out = Outcome(str(call.pk))
    missed = _expire_overdue(call, rows, out, now)
    if call.state == Call.State.ENDED or mine.status != Status.RINGING:
        if missed:  # the ring had just expired: tell about it, then refuse
            _settle(call, rows, out, now, "missed", missed)
            out.result = {"error": "The call is not ringing for you.", "state": call.state}
            return out
        raise LiveError(ErrorCode.INVALID_STATE, "The call is not ringing for you.", state=call.state)
    if _busy(user.pk, except_call=call.pk):
        raise LiveError(ErrorCode.INVALID_STATE, "You are in another call: hang up there first.")
    mine.status = Status.JOINED
    mine.joined_at = now
    mine.save(update_fields=["status", "joined_at"])
    if call.state == Call.State.RINGING:
        call.state = Call.State.ACTIVE
        call.answered_at = now
        call.save(update_fields=["state", "answered_at"])
    _settle(call, rows, out, now, "missed", missed | {user.pk})
    return out


@transaction.atomic
def decline(*, user, call_id: str) -> Outcome:
    call, rows, mine = _locked_call(call_id, user)
    now = timezone.now()
    out = Outcome(str(call.pk))
    if call.state == Call.State.ENDED or mine.status != Status.RINGING:
        raise LiveError(ErrorCode.INVALID_STATE, "The call is not ringing for you.", state=call.state)
    audience = _current_ids(rows)
    _finish(mine, Status.DECLINED, now)
    frame = CallDeclinedFrame.build(call_id=str(call.pk), user=user_ref(user), reason="declined")
    out.tell(audience - {user.pk}, frame)
    _settle(call, rows, out, now, "declined", {user.pk})
    return out


@transaction.atomic
def cancel(*, user, call_id: str) -> Outcome:
    call, rows, _mine = _locked_call(call_id, user)
    if call.caller_id != user.pk:
        raise LiveError(ErrorCode.FORBIDDEN, "Only the caller can cancel a call; decline it instead.")
    if call.state != Call.State.RINGING:
        raise LiveError(ErrorCode.INVALID_STATE, "Someone answered already: hang up instead.", state=call.state)
    now = timezone.now()
    out = Outcome(str(call.pk))
    audience = _current_ids(rows)
    for p in rows:
        if p.status == Status.RINGING:
            _finish(p, Status.CANCELLED, now)
        elif p.status == Status.JOINED:
            _finish(p, Status.LEFT, now)
    _settle(call, rows, out, now, "cancelled", audience)
    return out


@transaction.atomic
def hangup(*, user, call_id: str, reason: str = "hung_up") -> Outcome:
    call, rows, mine = _locked_call(call_id, user)
    now = timezone.now()
    out = Outcome(str(call.pk))
    missed = _expire_overdue(call, rows, out, now)
    if call.state == Call.State.ENDED or mine.status != Status.JOINED:
        raise LiveError(ErrorCode.INVALID_STATE, "You are not in this call (decline a ringing one).", state=call.state)
    audience = _current_ids(rows) | missed
    _finish(mine, Status.LEFT, now)
    # The caller leaving a call nobody answered yet cancels it.
    ending = "cancelled" if call.state == Call.State.RINGING else reason
    _settle(call, rows, out, now, ending, audience)
    return out


@transaction.atomic
def join_roster(*, user, roster: list[int], context: dict[str, Any]) -> Outcome:
    """A call among a fixed set of people (a scheduled meeting's: context {"meeting": id}):
    the first to join starts it and the others ring; anyone of the roster joins the running
    call later directly (ringing or not, after a missed ring too); nobody else joins, and
    nobody outside the roster can be invited into it. The caller of this (meetings) holds a
    lock on the meeting, so two first joiners never start two calls."""
    if user.pk not in roster:
        raise LiveError(ErrorCode.FORBIDDEN, "Only the meeting's participants take part in this call.")
    context = {**context, "roster": sorted(set(roster))}
    running = (
        Call.objects.select_for_update()
        .filter(context__meeting=context.get("meeting"))
        .exclude(state=Call.State.ENDED)
        .order_by("-created_at")
        .first()
    )
    now = timezone.now()
    if running is None:
        others = [pk for pk in context["roster"] if pk != user.pk]
        if _busy(user.pk):
            raise LiveError(ErrorCode.INVALID_STATE, "You are in a call already: hang up first.")
        call = Call.objects.create(caller=user, context=context, created_at=now)
        out = Outcome(str(call.pk))
        me = CallParticipant.objects.create(call=call, user=user, status=Status.JOINED, invited_at=now, joined_at=now)
        rows = [me]
        targets = list(get_user_model().objects.filter(pk__in=others, is_active=True).order_by("pk"))
        _ring(call, rows, out, user, targets, now)
        # Nobody else free: the call waits for them all the same (ringing ends as missed).
        out.tell(_current_ids(rows), _state_frame(call, rows))
        out.result = {"call_id": str(call.pk), "state": call.state, "participants": participants_out(rows)}
        return out
    rows = _participants(running)
    out = Outcome(str(running.pk))
    missed = _expire_overdue(running, rows, out, now)
    mine = next((p for p in rows if p.user_id == user.pk), None)
    if mine is not None and mine.status == Status.JOINED:
        out.result = {"call_id": str(running.pk), "state": running.state, "participants": participants_out(rows)}
        return out
    if _busy(user.pk, except_call=running.pk):
        raise LiveError(ErrorCode.INVALID_STATE, "You are in another call: hang up there first.")
    if mine is None:
        mine = CallParticipant(call=running, user=user, invited_by=running.caller, invited_at=now)
        rows.append(mine)
    mine.status, mine.joined_at, mine.ended_at = Status.JOINED, now, None
    mine.save()
    if running.state == Call.State.RINGING:
        running.state = Call.State.ACTIVE
        running.answered_at = now
        running.save(update_fields=["state", "answered_at"])
    _settle(running, rows, out, now, "missed", missed | {user.pk})
    return out


@transaction.atomic
def expire(*, call_id: str) -> Outcome:
    """The ring timer: rings past their time become missed; the call may end."""
    call = Call.objects.select_for_update().filter(pk=call_id).first()
    out = Outcome(call_id)
    if call is None or call.state == Call.State.ENDED:
        return out
    rows = _participants(call)
    now = timezone.now()
    missed = _expire_overdue(call, rows, out, now)
    if missed:
        _settle(call, rows, out, now, "missed", missed)
    return out


# The sweeper leaves a ring this much past its time to the timer of the process that rang
# (which expires it at once); it takes only the rings of processes that died meanwhile.
SWEEP_GRACE_SECONDS = 5.0


def sweep_overdue_rings(*, now=None) -> list[str]:
    """Expire every ring past its time whose process died before its timer fired (Celery
    beat, streams.tasks), so that a call nobody touches again still ends as missed and its
    people hear it. Each call in its own transaction, its frames sent once it commits; a
    ring the timer expired meanwhile is no longer ringing (the call row is locked), so
    nobody hears of it twice. Returns the calls it changed."""
    now = now or timezone.now()
    deadline = now - timedelta(seconds=ring_seconds() + SWEEP_GRACE_SECONDS)
    overdue = (
        CallParticipant.objects.filter(status=Status.RINGING, invited_at__lte=deadline)
        .exclude(call__state=Call.State.ENDED)
        .values_list("call_id", flat=True)
        .distinct()
    )
    swept = []
    for call_id in list(overdue):
        with transaction.atomic():
            out = expire(call_id=str(call_id))
            for user_ids, frame in out.frames:
                for user_id in user_ids:
                    publish_on_commit(user_topic(user_id), frame)
        if out.frames:
            swept.append(str(call_id))
    return swept


def signal_targets(*, user, call_id: str, to_user_id: int) -> str:
    """Checks for relaying signalling (a read, no lock): both ends joined in the same live call."""
    if to_user_id == user.pk:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'to_user_id': not yourself.")
    rows = {
        p.user_id: p
        for p in CallParticipant.objects.select_related("call").filter(
            call_id=_parse_id(call_id), user_id__in=[user.pk, to_user_id]
        )
    }
    mine = rows.get(user.pk)
    if mine is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No call {call_id!r} of yours.")
    if mine.call.state == Call.State.ENDED or mine.status != Status.JOINED:
        raise LiveError(ErrorCode.INVALID_STATE, "Join the call before signalling in it.", state=mine.call.state)
    theirs = rows.get(to_user_id)
    if theirs is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"User {to_user_id} is not in this call.")
    if theirs.status != Status.JOINED:
        raise LiveError(ErrorCode.INVALID_STATE, f"User {to_user_id} has not joined the call.", status=theirs.status)
    return str(mine.call_id)
