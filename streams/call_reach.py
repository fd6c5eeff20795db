"""Whom a person may call, and how often: the abuse limits of `call.request`/`call.invite`.

- Reach: a person may ring someone only when both are in a common room right now (a socket
  of each joined to it; the caller's connection's rooms are asked), or when they are related
  (accounts.contacts: colleagues, a booth relationship, or an earlier answered call
  together). Anyone else answers exactly as an id that does not exist (`not_found`, the same
  message), so a call request tells nobody whether an id is a person, or their name.
- Rate: a token bucket per caller and one per callee (this process's: like the socket's
  other limits, see docs/streams.md), refused with `rate_limited` and `retry_after`.
"""

from __future__ import annotations

import math

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.contacts import register_contact_rule, related_ids
from live.errors import LiveError
from live.presence import presence
from live.protocol import ErrorCode
from live.ratelimit import BucketTable
from streams.models import CallParticipant


class _Limits:
    """Bucket tables that follow settings.STREAMS (tests and operators change them)."""

    def __init__(self, rate_key: str, burst_key: str) -> None:
        self.rate_key, self.burst_key = rate_key, burst_key
        self.table: BucketTable | None = None

    def current(self) -> BucketTable:
        rate = float(settings.STREAMS[self.rate_key]) / 60
        burst = float(settings.STREAMS[self.burst_key])
        if self.table is None or (self.table.rate, self.table.burst) != (rate, burst):
            self.table = BucketTable(rate, burst)
        return self.table

    def clear(self) -> None:
        self.table = None


caller_limits = _Limits("CALLS_PER_CALLER_PER_MINUTE", "CALLS_PER_CALLER_BURST")
callee_limits = _Limits("CALLS_PER_CALLEE_PER_MINUTE", "CALLS_PER_CALLEE_BURST")


def no_such_user(user_id: int) -> LiveError:
    """The one answer for an id that is nobody, an inactive account, or someone out of reach."""
    return LiveError(ErrorCode.NOT_FOUND, f"No such user: {user_id}.", user_id=user_id)


def _rate_limited(wait: float, whom: str) -> LiveError:
    return LiveError(ErrorCode.RATE_LIMITED, f"Too many calls {whom}; try again later.", retry_after=math.ceil(wait))


def called_before(user_id: int, candidate_ids: set[int]) -> set[int]:
    """People who were in an answered call with this person (a contact rule)."""
    mine = CallParticipant.objects.filter(
        user_id=user_id, joined_at__isnull=False, call__answered_at__isnull=False
    ).values("call_id")
    return set(
        CallParticipant.objects.filter(call_id__in=mine, user_id__in=candidate_ids, joined_at__isnull=False)
        .values_list("user_id", flat=True)
        .distinct()
    )


def install() -> None:
    register_contact_rule(called_before)


def _reachable_by_relation(caller_id: int, candidate_ids: set[int]) -> set[int]:
    active = set(get_user_model().objects.filter(pk__in=candidate_ids, is_active=True).values_list("pk", flat=True))
    return related_ids(caller_id, active)


async def reachable(conn, user_ids: list[int]) -> set[int]:
    """Which of these people the connection's user may ring (presence first: no queries)."""
    wanted = set(user_ids) - {conn.user.pk}
    found: set[int] = set()
    for room_id in list(getattr(conn, "rooms_by_id", {})):
        if not wanted - found:
            break
        found |= await presence.people_in(room_id) & wanted
    rest = wanted - found
    if rest:
        found |= await database_sync_to_async(_reachable_by_relation)(conn.user.pk, rest)
    return found


async def check_may_ring(conn, user_ids: list[int]) -> None:
    """Refuse (not_found / rate_limited) unless the connection's user may ring all of them now.
    Ids that are themselves or repeated are left to calls' own checks (invalid_fields)."""
    callers = caller_limits.current()
    wait = callers.take(conn.user.pk)
    if wait:
        raise _rate_limited(wait, "from you")
    candidates = [pk for pk in dict.fromkeys(user_ids) if pk != conn.user.pk]
    if len(candidates) != len(user_ids):
        return
    reach = await reachable(conn, candidates)
    for pk in candidates:
        if pk not in reach:
            raise no_such_user(pk)
    callees = callee_limits.current()
    taken: list[int] = []
    for pk in candidates:
        wait = callees.take(pk)
        if wait:
            for earlier in taken:  # a refused request rings nobody: give the others' tokens back
                callees.refund(earlier)
            raise _rate_limited(wait, "to this person")
        taken.append(pk)
