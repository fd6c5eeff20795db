"""Who may reach whom: the one place services, the room kind and the directory ask."""

from __future__ import annotations

from django.db.models import Q

from networking.models import Block


def pair(a_id: int, b_id: int) -> tuple[int, int]:
    return (a_id, b_id) if a_id < b_id else (b_id, a_id)


def blocked_between(a_id: int, b_id: int) -> bool:
    """Either of the two blocked the other."""
    return Block.objects.filter(Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)).exists()


def blocked_ids(user_id: int) -> set[int]:
    """Everyone this person blocked or was blocked by (each is hidden from the other)."""
    made = Block.objects.filter(blocker_id=user_id).values_list("blocked_id", flat=True)
    received = Block.objects.filter(blocked_id=user_id).values_list("blocker_id", flat=True)
    return set(made) | set(received)
