"""An organisation's people: roles, removal (which ends access at once: the deleted row is
watched, live.access.recheck_access) and invitations by e-mail with a one-time link that only
the invited, verified address may accept."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import limits
from accounts.i18n import bilingual
from accounts.models import Organisation, OrganisationInvitation, OrganisationMembership, User
from accounts.organisations.codes import field_error
from accounts.text import clean_text

Role = OrganisationMembership.Role
INVITATION_DAYS = 7


# ---- members -------------------------------------------------------------------------------------
def membership_of(user, organisation: Organisation) -> OrganisationMembership | None:
    if not user.is_authenticated:
        return None
    return OrganisationMembership.objects.filter(user=user, organisation=organisation).first()


def require_admin(user, organisation: Organisation) -> None:
    membership = membership_of(user, organisation)
    if membership is None or membership.role != Role.ADMIN:
        raise PermissionDenied(bilingual(_("Only the organisation's administrators may do this.")))


def _clean_role(role: str) -> str:
    if role not in Role.values:
        raise field_error("role", bilingual(_("Choose a role: staff or admin.")), "invalid_role")
    return role


def _admins_left(organisation: Organisation, without: OrganisationMembership) -> bool:
    return (
        OrganisationMembership.objects.filter(organisation=organisation, role=Role.ADMIN)
        .exclude(pk=without.pk)
        .exists()
    )


@transaction.atomic
def change_role(*, organisation: Organisation, by: User, user_id: int, role: str) -> OrganisationMembership:
    require_admin(by, organisation)
    role = _clean_role(role)
    membership = (
        OrganisationMembership.objects.select_for_update().filter(organisation=organisation, user_id=user_id).first()
    )
    if membership is None:
        raise ValidationError(bilingual(_("This person is not a member.")), code="not_member")
    if membership.role == Role.ADMIN and role != Role.ADMIN and not _admins_left(organisation, membership):
        raise ValidationError(bilingual(_("An organisation keeps at least one administrator.")), code="last_admin")
    membership.role = role
    membership.save(update_fields=["role"])  # watched: the person's sockets recheck their rights
    return membership


@transaction.atomic
def remove_member(*, organisation: Organisation, by: User, user_id: int) -> None:
    """Ends the person's access at once: pages and API on their next request, open sockets
    now (the deleted row is watched by halls: live.access.recheck_access)."""
    if not (by.is_authenticated and by.pk == user_id):
        require_admin(by, organisation)  # anyone may leave; only admins remove others
    membership = (
        OrganisationMembership.objects.select_for_update().filter(organisation=organisation, user_id=user_id).first()
    )
    if membership is None:
        raise ValidationError(bilingual(_("This person is not a member.")), code="not_member")
    if membership.role == Role.ADMIN and not _admins_left(organisation, membership):
        raise ValidationError(bilingual(_("An organisation keeps at least one administrator.")), code="last_admin")
    membership.delete()


# ---- invitations ---------------------------------------------------------------------------------
def hash_invitation_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def verified_addresses(user) -> set[str]:
    """The person's e-mail addresses that were verified (allauth's EmailAddress when it is
    installed). An account with no EmailAddress row at all was made by organizers (admin, demo
    loader, scripts; accounts.auth.VerifiedEmailStage lets it log in the same way): its
    address, which only the admin sets, counts as verified."""
    if not user.is_authenticated:
        return set()
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        rows = list(EmailAddress.objects.filter(user=user).values_list("email", "verified"))
        if rows:
            return {email.lower() for email, verified in rows if verified}
    return {user.email.lower()} if user.email else set()


def invitation_link(token: str, base_url: str = "") -> str:
    # The page is the site's (settings.ORGANISATION_PAGES, set by config); accounts names no page.
    return base_url.rstrip("/") + settings.ORGANISATION_PAGES["invitation"].format(token=token)


def admin_page(organisation: Organisation) -> str:
    return settings.ORGANISATION_PAGES["admin"].format(id=organisation.pk)


@transaction.atomic
def invite_member(
    *, organisation: Organisation, by: User, email: str, role: str = Role.STAFF, base_url: str = ""
) -> tuple[OrganisationInvitation, str]:
    """An invitation by e-mail; returns it and its token (sent in the mail, never stored)."""
    require_admin(by, organisation)
    email = clean_text(email, multiline=False).lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise field_error("email", bilingual(_("Enter a valid e-mail address.")), "invalid") from error
    role = _clean_role(role)
    if OrganisationMembership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise field_error("email", bilingual(_("Someone with this address is already a member.")), "already_member")
    limits.check("invitation", by)
    now = timezone.now()
    # A new invitation to the same address replaces the open one (its link stops working).
    open_ = OrganisationInvitation.objects.filter(
        organisation=organisation, email=email, accepted_at=None, revoked_at=None
    )
    open_.update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = OrganisationInvitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_invitation_token(token),
        invited_by=by,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    limits.count("invitation", by)
    link = invitation_link(token, base_url)
    subject = f"邀请您加入{organisation.name} Invitation to join {organisation.name_en or organisation.name}"
    body = (
        f"{by.public_name} 邀请您以{_role_zh(role)}身份加入「{organisation.name}」的参展团队。\n"
        f"请在 {INVITATION_DAYS} 天内打开以下链接接受邀请（需使用 {email} 登录或注册）：\n{link}\n\n"
        f"{by.public_name} invites you to join the exhibitor team of "
        f"{organisation.name_en or organisation.name} as {role}.\n"
        f"Open this link within {INVITATION_DAYS} days to accept (log in or sign up with {email}):\n{link}\n"
    )
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=True))
    return invitation, token


def _role_zh(role: str) -> str:
    return "管理员" if role == Role.ADMIN else "工作人员"


def invitation_for_token(token: str) -> OrganisationInvitation:
    if not token or len(token) > 100:
        raise ValidationError(bilingual(_("This invitation link is not valid.")), code="invitation_invalid")
    invitation = (
        OrganisationInvitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_invitation_token(token))
        .first()
    )
    if invitation is None:
        raise ValidationError(bilingual(_("This invitation link is not valid.")), code="invitation_invalid")
    return invitation


def check_invitation(invitation: OrganisationInvitation, user, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if invitation.accepted_at is not None:
        raise ValidationError(bilingual(_("This invitation has already been used.")), code="invitation_used")
    if invitation.revoked_at is not None:
        raise ValidationError(bilingual(_("This invitation was withdrawn.")), code="invitation_revoked")
    if invitation.expires_at <= now:
        raise ValidationError(
            bilingual(_("This invitation has expired: ask the organisation for a new one.")), code="invitation_expired"
        )
    if invitation.email.lower() not in verified_addresses(user):
        raise ValidationError(
            bilingual(
                _("This invitation was sent to %(email)s: log in with that (verified) address to accept it."),
                email=invitation.email,
            ),
            code="invitation_wrong_email",
        )


@transaction.atomic
def accept_invitation(*, token: str, user: User, now: datetime | None = None) -> OrganisationMembership:
    if not user.is_authenticated:
        raise PermissionDenied(bilingual(_("Please log in.")))
    invitation = invitation_for_token(token)
    invitation = OrganisationInvitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    check_invitation(invitation, user, now)
    invitation.accepted_at = now or timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership, created = OrganisationMembership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Role.ADMIN and membership.role != Role.ADMIN:
        membership.role = Role.ADMIN
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def revoke_invitation(*, organisation: Organisation, by: User, invitation_id: int) -> OrganisationInvitation:
    require_admin(by, organisation)
    invitation = OrganisationInvitation.objects.filter(
        organisation=organisation, pk=invitation_id, accepted_at=None, revoked_at=None
    ).first()
    if invitation is None:
        raise ValidationError(bilingual(_("No open invitation with this id.")), code="not_found")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation
