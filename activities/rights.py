"""Who may do what in the activities app: the site's organizers everything; a sub-venue's own
organizers and moderators only within their sub-venue (docs/activities.md, "Rights")."""

from __future__ import annotations

from django.db.models import Q

from activities.models import SubVenue, SubVenueSession, SubVenueStaff
from live.errors import LiveError
from live.protocol import ErrorCode


def is_site_organizer(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def subvenue_role(user, subvenue: SubVenue | int) -> str | None:
    if not user.is_authenticated:
        return None
    subvenue_id = getattr(subvenue, "pk", subvenue)
    return SubVenueStaff.objects.filter(subvenue_id=subvenue_id, user=user).values_list("role", flat=True).first()


def can_organize(user, subvenue: SubVenue | int | None) -> bool:
    """The site's organizers, and the sub-venue's own organizers for their sub-venue only."""
    if is_site_organizer(user):
        return True
    return subvenue is not None and subvenue_role(user, subvenue) == SubVenueStaff.Role.ORGANIZER


def require_login(user) -> None:
    if not user.is_authenticated:
        raise LiveError(ErrorCode.AUTH_REQUIRED, "Log in first.")


def require_organizer(user, subvenue: SubVenue | int | None) -> None:
    require_login(user)
    if not can_organize(user, subvenue):
        raise LiveError(
            ErrorCode.FORBIDDEN, "Only the organizers of this sub-venue (or of the conference) can do this."
        )


def require_site_organizer(user) -> None:
    require_login(user)
    if not is_site_organizer(user):
        raise LiveError(ErrorCode.FORBIDDEN, "Only the conference's organizers can do this.")


def session_subvenue_id(session) -> int | None:
    return SubVenueSession.objects.filter(session=session).values_list("subvenue_id", flat=True).first()


# ---- the stage grant (streams/stage_grants.py): a sub-venue's staff run its sessions' stages


def stage_roles(session, user) -> set[str]:
    if not user.is_authenticated:
        return set()
    if SubVenueStaff.objects.filter(subvenue__session_links__session=session, user=user).exists():
        return {"moderator"}
    return set()


def stage_rooms(user) -> Q | None:
    ids = list(SubVenueStaff.objects.filter(user=user).values_list("subvenue_id", flat=True))
    return Q(session__subvenue_link__subvenue_id__in=ids) if ids else None
