"""我要参展 under /exhibition/api/: register an organisation, its admin's members and
invitations, accepting an invitation, and the organizers' verification queue. Thin: the
rules and writes are accounts.organisations' (docs/organisations.md)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from accounts import organisations as orgs
from accounts.i18n import bilingual
from accounts.models import Organisation
from halls import rules
from halls.api.common import body, form_body
from live.http_api import errors, session_auth

router = Router(auth=session_auth, tags=["organisations"])

READ_ERRORS = errors(401, 403, 404)
WRITE_ERRORS = errors(400, 401, 403, 404, 429)
REGISTRATION_FIELDS = {
    "name": "string",
    "name_en": "string",
    "kind": "string",
    "country": "string",
    "credit_code": "string",
    "registration_number": "string",
    "contact_name": "string",
    "contact_email": "string",
    "contact_phone": "string",
    "website": "string",
}


def _text(data: dict, name: str) -> str:
    value = data.get(name, "")
    return value if isinstance(value, str) else ""


def _member_org(request: HttpRequest, org_id: int) -> Organisation:
    """The organisation, for its members and the organizers; nobody else learns it exists."""
    organisation = get_object_or_404(Organisation, pk=org_id)
    if rules.is_organizer(request.user) or orgs.membership_of(request.user, organisation) is not None:
        return organisation
    raise PermissionDenied(bilingual(_("You are not a member of this organisation.")))


def _detail(organisation: Organisation) -> dict:
    return orgs.organisation_out(organisation) | {
        "members": [orgs.member_out(m) for m in orgs.members(organisation)],
        "invitations": [orgs.invitation_out(i) for i in orgs.open_invitations(organisation)],
    }


@router.get("/organisations/", url_name="my-organisations", response={200: list[dict], **errors(401)})
def my_organisations(request: HttpRequest):
    """The organisations this person is a member of, with their verification status."""
    return [orgs.organisation_out(o) for o in orgs.organisations_of(request.user)]


@router.post(
    "/organisations/",
    url_name="register-organisation",
    response={201: dict, **WRITE_ERRORS},
    openapi_extra=form_body(REGISTRATION_FIELDS, required=("name", "contact_name", "contact_email", "contact_phone")),
)
def register(request: HttpRequest):
    """我要参展: register an organisation (pending until the organizers verify it); you become its admin."""
    data = body(request)
    organisation = orgs.register_organisation(
        request.user,
        **{name: _text(data, name) for name in REGISTRATION_FIELDS if name != "kind"},
        kind=_text(data, "kind") or Organisation.Kind.ENTERPRISE,
    )
    return Status(201, _detail(organisation))


@router.get("/organisations/{int:org_id}/", url_name="organisation", response={200: dict, **READ_ERRORS})
def organisation_detail(request: HttpRequest, org_id: int):
    return _detail(_member_org(request, org_id))


@router.post(
    "/organisations/{int:org_id}/registration/",
    url_name="organisation-registration",
    response={200: dict, **WRITE_ERRORS},
    openapi_extra=form_body(REGISTRATION_FIELDS),
)
def correct_registration(request: HttpRequest, org_id: int):
    """A pending or rejected organisation's admin corrects it: pending again."""
    data = body(request)
    fields = {name: _text(data, name) for name in REGISTRATION_FIELDS if name in data and name != "website"}
    organisation = orgs.update_registration(organisation=_member_org(request, org_id), by=request.user, **fields)
    return _detail(organisation)


@router.post(
    "/organisations/{int:org_id}/invitations/",
    url_name="invite",
    response={201: dict, **WRITE_ERRORS},
    openapi_extra=form_body({"email": "string", "role": "string"}, required=("email",)),
)
def invite(request: HttpRequest, org_id: int):
    """Invite a colleague by e-mail (admins): a one-time link, valid for 7 days."""
    data = body(request)
    invitation, _token = orgs.invite_member(
        organisation=_member_org(request, org_id),
        by=request.user,
        email=_text(data, "email"),
        role=_text(data, "role") or "staff",
        base_url=request.build_absolute_uri("/"),
    )
    return Status(201, orgs.invitation_out(invitation))


@router.delete(
    "/organisations/{int:org_id}/invitations/{int:invitation_id}/",
    url_name="revoke-invitation",
    response={200: dict, **WRITE_ERRORS},
)
def revoke(request: HttpRequest, org_id: int, invitation_id: int):
    invitation = orgs.revoke_invitation(
        organisation=_member_org(request, org_id), by=request.user, invitation_id=invitation_id
    )
    return orgs.invitation_out(invitation)


@router.post(
    "/organisations/{int:org_id}/members/{int:user_id}/",
    url_name="member-role",
    response={200: dict, **WRITE_ERRORS},
    openapi_extra=form_body({"role": "string"}, required=("role",)),
)
def member_role(request: HttpRequest, org_id: int, user_id: int):
    """Change a member's role (admins): `staff` or `admin`."""
    membership = orgs.change_role(
        organisation=_member_org(request, org_id), by=request.user, user_id=user_id, role=_text(body(request), "role")
    )
    return orgs.member_out(membership)


@router.delete(
    "/organisations/{int:org_id}/members/{int:user_id}/",
    url_name="remove-member",
    response={204: None, **WRITE_ERRORS},
)
def remove_member(request: HttpRequest, org_id: int, user_id: int):
    """Remove a member (admins; anyone may remove themselves): their access ends at once,
    open sockets included."""
    orgs.remove_member(organisation=_member_org(request, org_id), by=request.user, user_id=user_id)
    return Status(204, None)


@router.post(
    "/organisations/invitations/accept/",
    url_name="accept-invitation",
    response={200: dict, **WRITE_ERRORS},
    openapi_extra=form_body({"token": "string"}, required=("token",)),
)
def accept(request: HttpRequest):
    """Accept an invitation (its token from the e-mailed link), logged in with the invited address."""
    membership = orgs.accept_invitation(token=_text(body(request), "token"), user=request.user)
    return orgs.organisation_out(membership.organisation) | {"role": membership.role}


@router.get("/review/organisations/", url_name="verification-queue", response={200: list[dict], **READ_ERRORS})
def verification_queue(request: HttpRequest):
    """Organisations waiting for verification (organizers)."""
    rules.require_organizer(request.user)
    return [orgs.organisation_out(o) for o in orgs.verification_queue()]


@router.post(
    "/review/organisations/{int:org_id}/verify/",
    url_name="verify-organisation",
    response={200: dict, **WRITE_ERRORS},
)
def verify(request: HttpRequest, org_id: int):
    rules.require_organizer(request.user)
    organisation = get_object_or_404(Organisation, pk=org_id)
    return orgs.organisation_out(orgs.verify_organisation(organisation=organisation, by=request.user))


@router.post(
    "/review/organisations/{int:org_id}/reject/",
    url_name="reject-organisation",
    response={200: dict, **WRITE_ERRORS},
    openapi_extra=form_body({"reason": "string"}, required=("reason",)),
)
def reject(request: HttpRequest, org_id: int):
    rules.require_organizer(request.user)
    organisation = get_object_or_404(Organisation, pk=org_id)
    reason = _text(body(request), "reason")
    return orgs.organisation_out(orgs.reject_organisation(organisation=organisation, by=request.user, reason=reason))
