"""我要参展: an organisation registers itself (pending, its registrant its admin), organizers
verify or reject it, its admin corrects a rejected registration. What the layers above do on
a decision (a notification, halls' booth applications) they register with `on_decision`."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import limits
from accounts.i18n import bilingual
from accounts.models import Organisation, OrganisationMembership, User
from accounts.organisations.codes import field_error, validate_credit_code
from accounts.organisations.members import require_admin
from accounts.text import clean_text

Status = Organisation.Status
Role = OrganisationMembership.Role


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
