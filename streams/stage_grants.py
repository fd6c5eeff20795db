"""Stage roles granted by apps above streams (activities: a partner sub-venue's moderators run
the stages of that sub-venue's sessions, and no other). Streams knows nothing of who they are:
each registered grant gives the roles a person has on one session's stage, and the stages a
person runs from the console (a `Q` over live rooms).

    register_stage_grant(StageGrant(roles_for=subvenue_roles, moderated_rooms=subvenue_rooms))

A grant's rights that change must reach open sockets: the app calls live.access.watch_rights
on the model holding them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q


@dataclass(frozen=True)
class StageGrant:
    # (session, user) -> roles ("moderator", "speaker") on that session's stage (sync: queries).
    roles_for: Callable[[Any, Any], set[str]]
    # user -> a Q over live.Room of the stages they run from the console; None: none.
    moderated_rooms: Callable[[Any], Q | None]


STAGE_GRANTS: list[StageGrant] = []


def register_stage_grant(grant: StageGrant) -> None:
    if grant not in STAGE_GRANTS:
        STAGE_GRANTS.append(grant)


def granted_roles(session, user) -> set[str]:
    roles: set[str] = set()
    for grant in STAGE_GRANTS:
        roles |= grant.roles_for(session, user)
    return roles


def granted_rooms(user) -> Q | None:
    found: Q | None = None
    for grant in STAGE_GRANTS:
        q = grant.moderated_rooms(user)
        if q is not None:
            found = q if found is None else found | q
    return found
