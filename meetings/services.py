"""The writes of scheduled meetings (the service API that recruitment and matchmaking call).

Every change runs in one transaction. Changes that fix a time lock the rows of every person
concerned (their user rows, in id order) before checking for double booking, so two
acceptances racing for one person on PostgreSQL run one after the other and the second
sees the first (SQLite serialises writers anyway). Refusals are LiveErrors with the codes
of meetings.errors; nothing is changed by a refusal. Notifications, e-mails (with .ics) and
reminders go out after the transaction commits (meetings.messages).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.text import clean_text
from live.errors import LiveError
from live.protocol import ErrorCode
from meetings import errors, messages
from meetings.models import MAX_PEOPLE, MAX_SLOTS, AvailabilityWindow, Change, Meeting, Participant, Slot
from meetings.zones import zone_of

Response = Participant.Response
Status = Meeting.Status

MIN_MINUTES = 5
MAX_MINUTES = 8 * 60
CONTEXT_KEYS = ("kind", "id", "label_zh", "label_en", "url")


# --- checks ------------------------------------------------------------------------------


def _slots(slots: Iterable[Any]) -> list[tuple[datetime, datetime]]:
    """(start, end) pairs from (start, end) tuples or {"start", "end"} dicts, aware and checked."""
    out: list[tuple[datetime, datetime]] = []
    for item in slots:
        start, end = (item["start"], item["end"]) if isinstance(item, dict) else item
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            raise LiveError(ErrorCode.INVALID_FIELDS, "field 'slots': each slot has a start and an end time.")
        if timezone.is_naive(start) or timezone.is_naive(end):
            raise LiveError(ErrorCode.INVALID_FIELDS, "field 'slots': times carry their zone (or offset).")
        minutes = (end - start).total_seconds() / 60
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise LiveError(
                ErrorCode.INVALID_FIELDS,
                f"field 'slots': a meeting lasts between {MIN_MINUTES} minutes and {MAX_MINUTES // 60} hours.",
            )
        out.append((start, end))
    if not 1 <= len(out) <= MAX_SLOTS:
        raise LiveError(errors.TOO_MANY_SLOTS, f"Propose one to {MAX_SLOTS} slots.", limit=MAX_SLOTS)
    now = timezone.now()
    for start, _end in out:
        if start <= now:
            raise LiveError(errors.SLOT_IN_PAST, "A proposed slot starts in the past.")
    return sorted(out)


def is_available(user, start: datetime, end: datetime) -> bool:
    """Whether the slot lies inside one of the person's windows (in the window's zone); a
    person with no windows takes meetings at any time."""
    windows = list(AvailabilityWindow.objects.filter(user=user))
    if not windows:
        return True
    for w in windows:
        zone = zoneinfo.ZoneInfo(w.timezone)
        local_start, local_end = start.astimezone(zone), end.astimezone(zone)
        if local_start.date() != local_end.date() and local_end.time() != datetime.min.time():
            continue  # a window never crosses midnight
        if w.date is not None and local_start.date() != w.date:
            continue
        if w.weekday is not None and local_start.weekday() != w.weekday:
            continue
        end_time = local_end.time() if local_start.date() == local_end.date() else datetime.max.time()
        if w.start_time <= local_start.time() and end_time <= w.end_time:
            return True
    return False


def _check_available(people, slots, proposer) -> None:
    for person in people:
        if person.pk == proposer.pk:
            continue
        for start, end in slots:
            if not is_available(person, start, end):
                raise LiveError(
                    errors.OUTSIDE_AVAILABILITY,
                    f"{person.public_name} is not available at {start.astimezone(zone_of(person)):%Y-%m-%d %H:%M} "
                    "(their time zone).",
                    user_id=person.pk,
                )


def _lock_people(user_ids: Iterable[int]) -> None:
    # Row locks in id order (no deadlocks between two changes); SQLite ignores FOR UPDATE.
    list(get_user_model().objects.select_for_update().filter(pk__in=sorted(set(user_ids))).order_by("pk").values("pk"))


def _check_free(user_ids: Iterable[int], start: datetime, end: datetime, except_meeting: int | None) -> None:
    """No accepted meeting of any of these people overlaps [start, end)."""
    clash = Participant.objects.filter(
        user_id__in=list(user_ids),
        response=Response.ACCEPTED,
        meeting__status=Status.CONFIRMED,
        meeting__start_at__lt=end,
        meeting__end_at__gt=start,
    ).select_related("user", "meeting")
    if except_meeting is not None:
        clash = clash.exclude(meeting_id=except_meeting)
    hit = clash.first()
    if hit is not None:
        raise LiveError(
            errors.DOUBLE_BOOKED,
            f"{hit.user.public_name} has another meeting at that time.",
            user_id=hit.user_id,
        )


def _locked(meeting: Meeting | int, user) -> tuple[Meeting, list[Participant], Participant]:
    """The meeting (row locked), its participants, and the user's own; a stranger hears
    `not_found` exactly as for a meeting that does not exist."""
    pk = meeting.pk if isinstance(meeting, Meeting) else meeting
    found = Meeting.objects.select_for_update().filter(pk=pk).first()
    rows = list(found.participants.select_related("user")) if found else []
    mine = next((p for p in rows if p.user_id == getattr(user, "pk", None)), None)
    if found is None or mine is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No meeting {pk} of yours.")
    return found, rows, mine


def _log(meeting: Meeting, actor, action: str, **detail: Any) -> None:
    Change.objects.create(meeting=meeting, actor=actor, action=action, detail=detail)


def _save(meeting: Meeting, *fields: str) -> None:
    meeting.updated_at = timezone.now()
    meeting.save(update_fields=[*fields, "updated_at"])


def _new_round(meeting: Meeting, by, slots: list[tuple[datetime, datetime]]) -> list[Slot]:
    return [
        Slot.objects.create(meeting=meeting, round=meeting.round, start_at=s, end_at=e, proposed_by=by)
        for s, e in slots
    ]


def _slot_out(start: datetime, end: datetime) -> dict[str, str]:
    return {"start": start.isoformat(), "end": end.isoformat()}


def _clean_context(context: dict[str, Any] | None) -> dict[str, Any]:
    if not context:
        return {}
    if not isinstance(context, dict) or set(context) - set(CONTEXT_KEYS):
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'context': only {', '.join(CONTEXT_KEYS)}.")
    out: dict[str, Any] = {}
    for key in CONTEXT_KEYS:
        value = context.get(key)
        if value in (None, ""):
            continue
        if key == "id":
            if not isinstance(value, (int, str)) or len(str(value)) > 64:
                raise LiveError(ErrorCode.INVALID_FIELDS, "field 'context.id': a number or a short string.")
            out[key] = value
            continue
        if not isinstance(value, str) or len(value) > (500 if key == "url" else 200):
            raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'context.{key}': a short text.")
        if key == "url" and not (value.startswith("/") and not value.startswith("//")):
            raise LiveError(ErrorCode.INVALID_FIELDS, "field 'context.url': a path on this site (starting with /).")
        out[key] = clean_text(value, multiline=False)
    return out


# --- the service API -----------------------------------------------------------------------


@transaction.atomic
def request_meeting(organiser, invitees, *, topic: str, slots, context: dict[str, Any] | None = None) -> Meeting:
    """Invite one to five people (users or ids) to a meeting on one of up to three slots."""
    topic = clean_text(topic or "", multiline=False).strip()
    if not topic or len(topic) > 200:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'topic': one line of 1 to 200 characters.")
    ids = [getattr(i, "pk", i) for i in invitees]
    if not all(isinstance(i, int) for i in ids):
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'invitees': user ids.")
    ids = list(dict.fromkeys(ids))
    if organiser.pk in ids:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'invitees': not yourself.")
    if not ids:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'invitees': invite at least one person.")
    if len(ids) + 1 > MAX_PEOPLE:
        raise LiveError(errors.TOO_MANY_PEOPLE, f"A meeting has at most {MAX_PEOPLE} people.", limit=MAX_PEOPLE)
    found = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids, is_active=True)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise LiveError(ErrorCode.NOT_FOUND, f"No such user: {missing[0]}.", user_id=missing[0])
    people = [found[pk] for pk in ids]
    clean_slots = _slots(slots)
    clean_context = _clean_context(context)
    _check_available(people, clean_slots, organiser)
    for start, end in clean_slots:  # the organiser is not free: no point asking
        _check_free([organiser.pk], start, end, None)
    now = timezone.now()
    meeting = Meeting.objects.create(
        topic=topic, organiser=organiser, context=clean_context, created_at=now, updated_at=now
    )
    Participant.objects.create(
        meeting=meeting, user=organiser, is_organiser=True, response=Response.ACCEPTED, responded_at=now
    )
    for person in people:
        Participant.objects.create(meeting=meeting, user=person)
    _new_round(meeting, organiser, clean_slots)
    from meetings.roomkind import meeting_room

    meeting_room(meeting)  # its own chat, for its participants, from the start and afterwards
    _log(meeting, organiser, "requested", slots=[_slot_out(s, e) for s, e in clean_slots], invitees=ids)
    messages.after_commit(meeting.pk, "invited", actor_id=organiser.pk)
    return meeting


@transaction.atomic
def accept(meeting, user, slot: Slot | int | None = None) -> Meeting:
    """Accept a slot of the current round (a proposed meeting: fixes its time), or the
    confirmed time (a group member answering after someone else fixed it)."""
    meeting, rows, mine = _locked(meeting, user)
    if meeting.status in (Status.CANCELLED, Status.DECLINED):
        raise LiveError(ErrorCode.INVALID_STATE, f"The meeting is {meeting.status}.", state=meeting.status)
    slot_id = getattr(slot, "pk", slot)
    if meeting.status == Status.CONFIRMED:
        if slot_id is not None:
            chosen = Slot.objects.filter(meeting=meeting, round=meeting.round, pk=slot_id).first()
            if chosen is None or (chosen.start_at, chosen.end_at) != (meeting.start_at, meeting.end_at):
                raise LiveError(ErrorCode.INVALID_STATE, "The time is fixed already: accept it, or propose others.")
        if mine.response == Response.ACCEPTED:
            raise LiveError(ErrorCode.INVALID_STATE, "You accepted already.")
        start, end = meeting.start_at, meeting.end_at
    else:
        if slot_id is None:
            raise LiveError(ErrorCode.INVALID_FIELDS, "field 'slot': which of the proposed slots.")
        chosen = Slot.objects.filter(meeting=meeting, round=meeting.round, pk=slot_id).first()
        if chosen is None:
            raise LiveError(ErrorCode.NOT_FOUND, f"No slot {slot_id} in this meeting's current proposal.")
        if chosen.proposed_by_id == user.pk:
            raise LiveError(ErrorCode.INVALID_STATE, "You proposed these slots: the others choose among them.")
        start, end = chosen.start_at, chosen.end_at
    if start <= timezone.now():
        raise LiveError(errors.SLOT_IN_PAST, "That slot has begun or passed: propose others.")
    attending = {p.user_id for p in rows if p.response == Response.ACCEPTED} | {user.pk}
    _lock_people(attending)
    _check_free(attending, start, end, meeting.pk)
    now = timezone.now()
    mine.response, mine.responded_at = Response.ACCEPTED, now
    mine.save(update_fields=["response", "responded_at"])
    if meeting.status == Status.PROPOSED:
        meeting.status, meeting.start_at, meeting.end_at = Status.CONFIRMED, start, end
        meeting.sequence += 1
        _save(meeting, "status", "start_at", "end_at", "sequence")
        _log(meeting, user, "confirmed", slot=_slot_out(start, end))
        messages.after_commit(meeting.pk, "confirmed", actor_id=user.pk)
    else:
        _save(meeting)
        _log(meeting, user, "accepted", slot=_slot_out(start, end))
        messages.after_commit(meeting.pk, "accepted", actor_id=user.pk)
    return meeting


@transaction.atomic
def decline(meeting, user) -> Meeting:
    """An invitee says no (to the proposal or, later, to the meeting: they leave it). When
    nobody but the organiser is left, the meeting is declined."""
    meeting, rows, mine = _locked(meeting, user)
    if mine.is_organiser:
        raise LiveError(ErrorCode.INVALID_STATE, "You organise this meeting: cancel it instead.")
    if meeting.status in (Status.CANCELLED, Status.DECLINED) or mine.response == Response.DECLINED:
        raise LiveError(
            ErrorCode.INVALID_STATE, f"The meeting is {meeting.status} for you already.", state=meeting.status
        )
    mine.response, mine.responded_at = Response.DECLINED, timezone.now()
    mine.save(update_fields=["response", "responded_at"])
    if all(p.response == Response.DECLINED for p in rows if not p.is_organiser):
        meeting.status = Status.DECLINED
        meeting.sequence += 1
        _save(meeting, "status", "sequence")
    else:
        _save(meeting)
    _log(meeting, user, "declined")
    messages.after_commit(meeting.pk, "declined", actor_id=user.pk)
    return meeting


def _propose(meeting, user, slots, action: str) -> Meeting:
    meeting, rows, mine = _locked(meeting, user)
    if meeting.status in (Status.CANCELLED, Status.DECLINED) or mine.response == Response.DECLINED:
        raise LiveError(ErrorCode.INVALID_STATE, f"The meeting is {meeting.status}.", state=meeting.status)
    if action == "rescheduled" and meeting.status != Status.CONFIRMED:
        raise LiveError(ErrorCode.INVALID_STATE, "Only a confirmed meeting is rescheduled: propose other slots.")
    if action == "proposed" and meeting.status != Status.PROPOSED:
        raise LiveError(ErrorCode.INVALID_STATE, "The time is fixed: reschedule instead.")
    clean_slots = _slots(slots)
    others = [p.user for p in rows if p.response != Response.DECLINED and p.user_id != user.pk]
    _check_available(others, clean_slots, user)
    now = timezone.now()
    meeting.round += 1
    meeting.sequence += 1
    meeting.status, meeting.start_at, meeting.end_at = Status.PROPOSED, None, None
    _save(meeting, "round", "sequence", "status", "start_at", "end_at")
    for p in rows:
        if p.response != Response.DECLINED:
            p.response = Response.ACCEPTED if p.user_id == user.pk else Response.PENDING
            p.responded_at = now if p.user_id == user.pk else None
            p.save(update_fields=["response", "responded_at"])
    _new_round(meeting, user, clean_slots)
    _log(meeting, user, action, slots=[_slot_out(s, e) for s, e in clean_slots])
    messages.after_commit(meeting.pk, action, actor_id=user.pk)
    return meeting


@transaction.atomic
def propose_other_slots(meeting, user, slots) -> Meeting:
    """Answer a proposal with up to three other slots (a new round; the others choose)."""
    return _propose(meeting, user, slots, "proposed")


@transaction.atomic
def reschedule(meeting, user, slots) -> Meeting:
    """Move a confirmed meeting: up to three new slots for the others to choose from (its
    reminder is withdrawn until a new time is accepted; the .ics SEQUENCE goes up)."""
    return _propose(meeting, user, slots, "rescheduled")


@transaction.atomic
def cancel(meeting, user) -> Meeting:
    """The organiser calls the meeting off (everyone is told; calendars get METHOD:CANCEL)."""
    meeting, _rows, mine = _locked(meeting, user)
    if not mine.is_organiser:
        raise LiveError(ErrorCode.FORBIDDEN, "Only the organiser cancels a meeting; decline it instead.")
    if meeting.status in (Status.CANCELLED, Status.DECLINED):
        raise LiveError(ErrorCode.INVALID_STATE, f"The meeting is {meeting.status} already.", state=meeting.status)
    meeting.status = Status.CANCELLED
    meeting.sequence += 1
    _save(meeting, "status", "sequence")
    _log(meeting, user, "cancelled")
    messages.after_commit(meeting.pk, "cancelled", actor_id=user.pk)
    return meeting


# --- availability ------------------------------------------------------------------------


@transaction.atomic
def set_availability(user, windows: list[dict[str, Any]], *, tz: str | None = None) -> list[AvailabilityWindow]:
    """Replace the person's windows: each {weekday 0–6 | date, start "HH:MM", end "HH:MM"},
    in `tz` (default: the person's zone). An empty list: available at any time."""
    from datetime import date, time

    zone = tz or zone_of(user).key
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'timezone': unknown zone {zone!r}.") from error
    if len(windows) > 50:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'windows': at most 50.")
    rows: list[AvailabilityWindow] = []
    for i, w in enumerate(windows):
        try:
            start = w["start"] if isinstance(w["start"], time) else time.fromisoformat(str(w["start"]))
            end = w["end"] if isinstance(w["end"], time) else time.fromisoformat(str(w["end"]))
            weekday, day = w.get("weekday"), w.get("date")
            if day is not None and not isinstance(day, date):
                day = date.fromisoformat(str(day))
        except (KeyError, TypeError, ValueError) as error:
            raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'windows[{i}]': start, end as HH:MM.") from error
        if (weekday is None) == (day is None) or (weekday is not None and weekday not in range(7)):
            raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'windows[{i}]': a weekday (0–6) or a date.")
        if start >= end:
            raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'windows[{i}]': the start comes before the end.")
        rows.append(
            AvailabilityWindow(user=user, weekday=weekday, date=day, start_time=start, end_time=end, timezone=zone)
        )
    AvailabilityWindow.objects.filter(user=user).delete()
    return AvailabilityWindow.objects.bulk_create(rows)


def overlapping_meetings(user, start: datetime, end: datetime) -> Q:
    return Q(participants__user=user, start_at__lt=end, end_at__gt=start)


def delete_user_data(user) -> None:
    """Erasure: the person's windows go; meetings they organised are cancelled for the others."""
    AvailabilityWindow.objects.filter(user=user).delete()
    for meeting in Meeting.objects.filter(organiser=user, status__in=[Status.PROPOSED, Status.CONFIRMED]):
        try:
            cancel(meeting, user)
        except LiveError:
            pass


# --- at the time: the call and the chat --------------------------------------------------

OPEN_BEFORE = timedelta(minutes=10)


def check_open(meeting: Meeting, user) -> None:
    """The call and the chat's live part open for the accepted participants from 10 minutes
    before the start until the end of a confirmed meeting."""
    now = timezone.now()
    if meeting.status != Status.CONFIRMED or not (meeting.start_at - OPEN_BEFORE <= now <= meeting.end_at):
        raise LiveError(errors.NOT_OPEN, "The meeting's call opens 10 minutes before it starts, until it ends.")


@transaction.atomic
def join_call(*, meeting_id: int, user):
    """streams' call among exactly the meeting's accepted participants (an Outcome for the
    call runtime to publish). The meeting row lock makes two first joiners start one call."""
    from streams import calls

    meeting, rows, mine = _locked(meeting_id, user)
    if mine.response != Response.ACCEPTED:
        raise LiveError(ErrorCode.INVALID_STATE, "Accept the meeting before joining it.")
    check_open(meeting, user)
    from meetings.roomkind import meeting_room

    meeting_room(meeting)
    roster = [p.user_id for p in rows if p.response == Response.ACCEPTED]
    return calls.join_roster(user=user, roster=roster, context={"meeting": meeting.pk})
