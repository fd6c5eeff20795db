"""Who may do what in the exhibition: named predicates that services, selectors, views
and the admin all ask the same way (the pretalx `rules.py` habit, without django-rules)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.models import OrganisationMembership


def is_organizer(user) -> bool:
    """The conference committee: Django staff."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def is_exhibitor_staff(user, organisation_id: int) -> bool:
    """Staff (or administrator) of this exhibiting organisation."""
    if not (user.is_authenticated and user.is_active):
        return False
    return OrganisationMembership.objects.filter(user=user, organisation_id=organisation_id).exists()


def exhibitor_organisation_ids(user) -> list[int]:
    if not (user.is_authenticated and user.is_active):
        return []
    return list(OrganisationMembership.objects.filter(user=user).values_list("organisation_id", flat=True))


def require_organizer(user) -> None:
    if not is_organizer(user):
        raise PermissionDenied("Only the conference organizers may do this. 仅大会组委会可执行此操作。")


def require_exhibitor_staff(user, organisation_id: int) -> None:
    if not is_exhibitor_staff(user, organisation_id):
        raise PermissionDenied("You are not staff of this organisation. 您不是该参展单位的工作人员。")


def require_booth_staff_or_organizer(user, booth) -> None:
    if not (is_organizer(user) or is_exhibitor_staff(user, booth.organisation_id)):
        raise PermissionDenied("You are not staff of this booth. 您不是该展位的工作人员。")
