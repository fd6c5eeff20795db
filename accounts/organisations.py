"""我要参展: organisations register themselves, organizers verify them, their admins invite and
remove colleagues (docs/organisations.md).

    register_organisation(user, ...)   -> pending; the registrant becomes its admin
    verify_organisation / reject_organisation (organizers)   -> the admins are told
    invite_member -> an e-mail with a one-time link; accept_invitation (the invitee, logged in
    with that verified address) -> a membership; change_role; remove_member

Removing a membership deletes its row: halls watches OrganisationMembership
(live.access.watch_rights), so the person's open sockets leave the booth staff rooms at once.
Accounts is the bottom layer: what the apps above do when an organisation is verified or
rejected (a notification, halls' booth applications) they register with `on_decision`.
Refusals: ValidationError (the input, the invitation) or PermissionDenied (the person).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import limits
from accounts.i18n import bilingual
from accounts.models import Organisation, OrganisationInvitation, OrganisationMembership, User
from accounts.text import clean_text

Status = Organisation.Status
Role = OrganisationMembership.Role
INVITATION_DAYS = 7


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A refusal that blames one field and keeps its code (the API's `code`)."""
    return ValidationError({field: ValidationError(message, code=code)})


# ---- 统一社会信用代码 (GB 32100-2015) ---------------------------------------------------------
# 18 characters from 31 (digits and capitals without I, O, S, V, Z): registering authority,
# entity type, 6-digit administrative division, 9-character organisation code, check character.
CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3**i mod 31
AUTHORITIES = "123456789ANY"


def credit_code_check_character(first17: str) -> str:
    total = sum(CODE_ALPHABET.index(c) * w for c, w in zip(first17, CODE_WEIGHTS, strict=True))
    return CODE_ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(value: str) -> str:
    return re.sub(r"[\s-]", "", str(value or "")).upper()


def validate_credit_code(value: str) -> str:
    """The normalized code, or ValidationError(code="credit_code_invalid") saying what is wrong."""
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            bilingual(_("A unified social credit code has 18 characters.")), code="credit_code_invalid"
        )
    wrong = sorted({c for c in code if c not in CODE_ALPHABET})
    if wrong:
        raise ValidationError(
            bilingual(_("A unified social credit code cannot contain %(chars)s."), chars=" ".join(wrong)),
            code="credit_code_invalid",
        )
    if code[0] not in AUTHORITIES or not code[2:8].isdigit():
        raise ValidationError(
            bilingual(_("This is not a unified social credit code (authority or region is wrong).")),
            code="credit_code_invalid",
        )
    if credit_code_check_character(code[:17]) != code[17]:
        raise ValidationError(
            bilingual(_("The check character of this unified social credit code is wrong: please check it.")),
            code="credit_code_invalid",
        )
    return code


# ---- hooks for the layers above (notifications, halls) ----------------------------------------
_DECISION_HOOKS: list[Callable[[Organisation], None]] = []


def on_decision(fn: Callable[[Organisation], None]) -> None:
    """fn(organisation) after an organizer verified or rejected it (after the commit)."""
    if fn not in _DECISION_HOOKS:
        _DECISION_HOOKS.append(fn)


def _decided(organisation: Organisation) -> None:
    for fn in list(_DECISION_HOOKS):
        transaction.on_commit(lambda fn=fn: fn(organisation))


# ---- registration and verification ------------------------------------------------------------
def _clean_identity(
    *,
    name,
    name_en,
    kind,
    country,
    credit_code,
    registration_number,
    contact_name,
    contact_email,
    contact_phone,
    exclude_pk=None,
) -> dict:
    errors: dict[str, list] = {}
    data = {
        "name": clean_text(name, multiline=False),
        "name_en": clean_text(name_en, multiline=False),
        "kind": str(kind or ""),
        "country": str(country or "").strip().upper(),
        "credit_code": "",
        "registration_number": clean_text(registration_number, multiline=False),
        "contact_name": clean_text(contact_name, multiline=False),
        "contact_email": clean_text(contact_email, multiline=False).lower(),
        "contact_phone": clean_text(contact_phone, multiline=False),
    }
    if not data["name"]:
        errors["name"] = [bilingual(_("Enter the organisation's Chinese name."))]
    if data["kind"] not in Organisation.Kind.values:
        errors["kind"] = [bilingual(_("Choose a kind of organisation."))]
    if not re.fullmatch(r"[A-Z]{2}", data["country"]):
        errors["country"] = [bilingual(_("Choose a country or region."))]
    if data["country"] == "CN":
        try:
            data["credit_code"] = validate_credit_code(credit_code)
        except ValidationError as error:
            errors["credit_code"] = error.messages
        data["registration_number"] = ""
    elif not data["registration_number"]:
        errors["registration_number"] = [
            bilingual(_("Outside mainland China, enter the organisation's registration number."))
        ]
    if not data["contact_name"]:
        errors["contact_name"] = [bilingual(_("Enter a contact person."))]
    try:
        validate_email(data["contact_email"])
    except ValidationError:
        errors["contact_email"] = [bilingual(_("Enter a valid e-mail address."))]
    if not re.fullmatch(r"\+?[0-9 ()-]{5,30}", data["contact_phone"]):
        errors["contact_phone"] = [bilingual(_("Enter a phone number (digits, spaces, +, -)."))]
    others = Organisation.objects.exclude(pk=exclude_pk)
    if data["credit_code"] and others.filter(credit_code=data["credit_code"]).exists():
        errors["credit_code"] = [bilingual(_("An organisation with this credit code is already registered."))]
    if data["name"] and others.filter(name=data["name"]).exists():
        errors["name"] = [bilingual(_("An organisation with this name is already registered."))]
    if errors:
        raise ValidationError(errors, code="invalid")
    return data


@transaction.atomic
def register_organisation(
    user: User,
    *,
    name: str,
    name_en: str = "",
    kind: str = Organisation.Kind.ENTERPRISE,
    country: str = "CN",
    credit_code: str = "",
    registration_number: str = "",
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    website: str = "",
) -> Organisation:
    """我要参展: a pending organisation with `user` as its admin, for the organizers to verify."""
    if not user.is_authenticated:
        raise PermissionDenied(bilingual(_("Please log in.")))
    limits.check("organisation", user)
    data = _clean_identity(
        name=name,
        name_en=name_en,
        kind=kind,
        country=country,
        credit_code=credit_code,
        registration_number=registration_number,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
    )
    organisation = Organisation(**data, website=str(website or "").strip(), status=Status.PENDING)
    organisation.full_clean()
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:  # a concurrent registration of the same name or code
        raise field_error(
            "name", bilingual(_("An organisation with this name is already registered.")), "invalid"
        ) from error
    OrganisationMembership.objects.create(organisation=organisation, user=user, role=Role.ADMIN)
    limits.count("organisation", user)
    return organisation


def _require_organizer(user) -> None:
    if not (user.is_authenticated and user.is_staff):
        raise PermissionDenied(bilingual(_("Only organizers verify organisations.")))


def _locked(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


@transaction.atomic
def verify_organisation(*, organisation: Organisation, by: User, now: datetime | None = None) -> Organisation:
    _require_organizer(by)
    organisation = _locked(organisation)
    if organisation.status == Status.VERIFIED:
        raise ValidationError(bilingual(_("This organisation is already verified.")), code="already_verified")
    organisation.status = Status.VERIFIED
    organisation.rejection_reason = ""
    organisation.verified_by = by
    organisation.verified_at = now or timezone.now()
    organisation.save(update_fields=["status", "rejection_reason", "verified_by", "verified_at"])
    _decided(organisation)
    return organisation


@transaction.atomic
def reject_organisation(*, organisation: Organisation, by: User, reason: str) -> Organisation:
    _require_organizer(by)
    reason = clean_text(reason)
    if not reason:
        raise field_error("reason", bilingual(_("Say why, so the organisation can correct it.")), "reason_required")
    organisation = _locked(organisation)
    if organisation.status != Status.PENDING:
        raise ValidationError(bilingual(_("Only a pending organisation can be rejected.")), code="not_pending")
    organisation.status = Status.REJECTED
    organisation.rejection_reason = reason[:2000]
    organisation.verified_by = by
    organisation.verified_at = timezone.now()
    organisation.save(update_fields=["status", "rejection_reason", "verified_by", "verified_at"])
    _decided(organisation)
    return organisation


@transaction.atomic
def update_registration(*, organisation: Organisation, by: User, **fields) -> Organisation:
    """A rejected (or pending) organisation's admin corrects its data: pending again."""
    require_admin(by, organisation)
    organisation = _locked(organisation)
    if organisation.status == Status.VERIFIED:
        raise ValidationError(
            bilingual(_("A verified organisation's identity is changed by the organizers.")), code="already_verified"
        )
    current = {
        key: getattr(organisation, key)
        for key in (
            "name",
            "name_en",
            "kind",
            "country",
            "credit_code",
            "registration_number",
            "contact_name",
            "contact_email",
            "contact_phone",
        )
    }
    current.update({k: v for k, v in fields.items() if k in current})
    data = _clean_identity(**current, exclude_pk=organisation.pk)
    for key, value in data.items():
        setattr(organisation, key, value)
    organisation.status = Status.PENDING
    organisation.rejection_reason = ""
    organisation.save()
    return organisation


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
