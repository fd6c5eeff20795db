"""Reads behind the console, exhibitor and organizer pages (no writes here: the pages act
through the room socket and the exhibition's JSON endpoints)."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Organisation
from halls import rules
from live.models import Room
from live.permissions import is_room_moderator
from live.selectors import moderated_rooms


def can_moderate(user, room: Room) -> bool:
    return is_room_moderator(room, user)


def pinnable_jobs(room: Room) -> list[dict] | None:
    """The jobs a moderator may pin on this stage, or None when the stage is not a
    recruitment livestream (only those have pinned jobs): recruitment's pick list."""
    from recruitment.selectors import pinnable_jobs as recruitment_pinnable

    return recruitment_pinnable(room.pk)


def exhibitor_organisations(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=rules.exhibitor_organisation_ids(user)).order_by("name")


def nav_roles(user) -> dict[str, bool]:
    """Which role pages the navigation offers this person."""
    if not user.is_authenticated:
        return {"console": False, "exhibitor": False, "organizer": False}
    return {
        "console": user.is_staff or moderated_rooms(user).exists(),
        "exhibitor": bool(rules.exhibitor_organisation_ids(user)),
        "organizer": rules.is_organizer(user),
    }
