"""Who may do what in matchmaking (docs/matchmaking.md, "Who may do what").

- Anyone (guests too) reads published public postings, organisation pages, showcase areas.
- Members (staff or admin, accounts/organisations.py) of an organisation write its postings;
  publishing needs the organisation verified. Its admins edit its public profile and posts.
- A conversation is visible to the members of its two organisations and nobody else (404,
  organizers included: a negotiation is private).
- Organizers (Django staff) see every posting and organisation, run showcase areas.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.models import Organisation, OrganisationMembership


class NotFound(ObjectDoesNotExist):
    """Not there, or not for this person (the API's 404: existence is not leaked)."""


def is_organizer(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff and user.is_active)


def member_org_ids(user) -> set[int]:
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    return set(OrganisationMembership.objects.filter(user=user).values_list("organisation_id", flat=True))


def is_member(user, organisation_id: int) -> bool:
    return organisation_id in member_org_ids(user)


def is_admin(user, organisation_id: int) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return OrganisationMembership.objects.filter(
        user=user, organisation_id=organisation_id, role=OrganisationMembership.Role.ADMIN
    ).exists()


def require_login(user) -> None:
    if user is None or not user.is_authenticated:
        raise PermissionDenied(bilingual(_("Please log in.")))


def require_member(user, organisation: Organisation) -> None:
    require_login(user)
    if not is_member(user, organisation.pk):
        raise PermissionDenied(bilingual(_("Only members of the organisation may do this.")))


def require_member_or_organizer(user, organisation: Organisation) -> None:
    require_login(user)
    if not (is_organizer(user) or is_member(user, organisation.pk)):
        raise PermissionDenied(bilingual(_("Only members of the organisation may do this.")))


def require_admin_or_organizer(user, organisation: Organisation) -> None:
    require_login(user)
    if not (is_organizer(user) or is_admin(user, organisation.pk)):
        raise PermissionDenied(bilingual(_("Only the organisation's administrators may do this.")))


def require_organizer(user) -> None:
    require_login(user)
    if not is_organizer(user):
        raise PermissionDenied(bilingual(_("Only organizers may do this.")))


def can_see_posting(user, posting) -> bool:
    if posting.is_public or (posting.status == posting.Status.CLOSED and posting.visibility == "public"):
        return True
    return is_organizer(user) or is_member(user, posting.organisation_id)


def can_edit_posting(user, posting) -> bool:
    return is_organizer(user) or is_member(user, posting.organisation_id)


def conversation_side(user, conversation) -> int | None:
    """The organisation id the user speaks for in this conversation, or None (not a party).
    Someone in both organisations speaks for the poster's."""
    ids = member_org_ids(user)
    poster_id = conversation.posting.organisation_id
    if poster_id in ids:
        return poster_id
    if conversation.responder_id in ids:
        return conversation.responder_id
    return None
