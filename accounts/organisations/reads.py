"""Reads of organisations, their members and open invitations, and their JSON shapes."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Organisation, OrganisationInvitation, OrganisationMembership

Status = Organisation.Status


# ---- reads -----------------------------------------------------------------------------------------
def organisations_of(user) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def members(organisation: Organisation) -> QuerySet[OrganisationMembership]:
    return organisation.memberships.select_related("user").order_by("-role", "user__username")


def open_invitations(organisation: Organisation) -> QuerySet[OrganisationInvitation]:
    return organisation.invitations.filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()).order_by(
        "-created_at"
    )


def verification_queue() -> QuerySet[Organisation]:
    return Organisation.objects.filter(status=Status.PENDING).order_by("created_at")


def organisation_out(organisation: Organisation, *, full: bool = True) -> dict:
    out = {
        "id": organisation.pk,
        "name": organisation.name,
        "name_en": organisation.name_en,
        "kind": organisation.kind,
        "country": organisation.country,
        "status": organisation.status,
        "rejection_reason": organisation.rejection_reason,
        "verified_at": organisation.verified_at.isoformat() if organisation.verified_at else None,
    }
    if full:
        out |= {
            "credit_code": organisation.credit_code,
            "registration_number": organisation.registration_number,
            "contact_name": organisation.contact_name,
            "contact_email": organisation.contact_email,
            "contact_phone": organisation.contact_phone,
            "website": organisation.website,
            "created_at": organisation.created_at.isoformat(),
        }
    return out


def member_out(membership: OrganisationMembership) -> dict:
    user = membership.user
    return {"user_id": user.pk, "name": user.public_name, "email": user.email, "role": membership.role}


def invitation_out(invitation: OrganisationInvitation) -> dict:
    return {
        "id": invitation.pk,
        "email": invitation.email,
        "role": invitation.role,
        "expires_at": invitation.expires_at.isoformat(),
        "invited_by": invitation.invited_by.public_name if invitation.invited_by else None,
    }
