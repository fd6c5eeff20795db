"""Who may do what in the exhibition: named predicates that services, selectors, views
and the admin all ask the same way (the pretalx `rules.py` habit, without django-rules)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.models import Organisation, OrganisationMembership

ORGANISATION_UNVERIFIED = "organisation_unverified"


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
        raise PermissionDenied(bilingual(_("Only the conference organizers may do this.")))


def require_verified_organisation(organisation: Organisation) -> None:
    """Only organisations the organizers verified apply for booths (我要参展,
    docs/organisations.md); read from the database, not from a possibly stale instance."""
    status = Organisation.objects.filter(pk=organisation.pk).values_list("status", flat=True).first()
    if status != Organisation.Status.VERIFIED:
        message = (
            _("Your organisation was not verified; correct its registration and ask again.")
            if status == Organisation.Status.REJECTED
            else _("Your organisation awaits the organizers' verification: it can apply for a booth once verified.")
        )
        raise ValidationError(bilingual(message), code=ORGANISATION_UNVERIFIED)


def require_exhibitor_staff(user, organisation_id: int) -> None:
    if not is_exhibitor_staff(user, organisation_id):
        raise PermissionDenied(bilingual(_("You are not staff of this organisation.")))


def require_booth_staff_or_organizer(user, booth) -> None:
    if not (is_organizer(user) or is_exhibitor_staff(user, booth.organisation_id)):
        raise PermissionDenied(bilingual(_("You are not staff of this booth.")))


def booth_contacts(user_id: int, candidate_ids: set[int]) -> set[int]:
    """A booth relationship (accounts.contacts rule): a visitor who left a contact or a call
    request at a booth, and the staff of the booth's organisation, in either direction."""
    from halls.models import Lead

    my_orgs = OrganisationMembership.objects.filter(user_id=user_id).values("organisation_id")
    # I am staff: visitors who left a lead at one of my organisations' booths.
    visitors = set(
        Lead.objects.filter(booth__organisation_id__in=my_orgs, visitor_id__in=candidate_ids).values_list(
            "visitor_id", flat=True
        )
    )
    # I am a visitor: staff of organisations whose booths I left a lead at.
    visited_orgs = Lead.objects.filter(visitor_id=user_id).values("booth__organisation_id")
    staff = set(
        OrganisationMembership.objects.filter(organisation_id__in=visited_orgs, user_id__in=candidate_ids).values_list(
            "user_id", flat=True
        )
    )
    return visitors | staff
