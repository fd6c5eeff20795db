"""The "booth" room kind: members of the booth's organisation are its staff, which is
what the live presence counts as `staff_online` ("staff are online now")."""

from __future__ import annotations

from accounts.models import OrganisationMembership
from live.registry import RoomKind


def booth_roles(room, user) -> set[str]:
    if not (user.is_authenticated and user.is_active):
        return set()
    if OrganisationMembership.objects.filter(user=user, organisation__booths__room=room).exists():
        return {"staff"}
    return set()


BOOTH = RoomKind("booth", "Booth", roles_for=booth_roles)
