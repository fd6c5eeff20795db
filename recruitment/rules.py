"""Who may do what in recruitment: organizers run the fairs; the staff of a verified
organisation act as its employer (post jobs); its admins commit it to a fair."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.models import Organisation, OrganisationMembership


def is_organizer(user) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def require_organizer(user) -> None:
    if not is_organizer(user):
        raise PermissionDenied(bilingual(_("Only organizers run the job fairs.")))


def membership(user, organisation_id: int) -> OrganisationMembership | None:
    if not user.is_authenticated:
        return None
    return OrganisationMembership.objects.filter(user=user, organisation_id=organisation_id).first()


def employer_organisations(user):
    """The organisations a person acts for as an employer (any role), verified or not."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def require_member(user, organisation: Organisation) -> OrganisationMembership:
    """Staff of the organisation, else 404: whether it has jobs here is not others' business."""
    found = membership(user, organisation.pk)
    if found is None:
        raise Http404("not a member")
    return found


def require_verified(organisation: Organisation) -> None:
    from django.core.exceptions import ValidationError

    if organisation.status != Organisation.Status.VERIFIED:
        raise ValidationError(
            bilingual(_("The organisation is not verified yet: organizers verify it first (我要参展).")),
            code="organisation_unverified",
        )


def require_admin(user, organisation: Organisation) -> None:
    found = require_member(user, organisation)
    if found.role != OrganisationMembership.Role.ADMIN:
        raise PermissionDenied(bilingual(_("Only the organisation's administrators may do this.")))
