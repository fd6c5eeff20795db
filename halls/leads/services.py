"""Writes of leads: every contact, call request and chat conversation with a visitor."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import limits
from accounts.i18n import bilingual
from accounts.text import clean_text
from halls import rules, staffroom
from halls.leads.classify import visitor_profile
from halls.leads.learned import classify
from halls.models import Booth, CallRequest, Lead, LeadCategory, LeadSource

MAX_MESSAGE_CHARS = 4000
CONSENT_REQUIRED = _("Please agree to share your contact details with this exhibitor.")


def _require_visitor(user) -> None:
    if user is None or not user.is_authenticated:
        raise PermissionDenied(bilingual(_("Please log in first.")))


def _require_live(booth: Booth) -> None:
    if booth.status != Booth.Status.LIVE:
        raise ValidationError(bilingual(_("This booth is not open.")), code="booth_closed")


# What a visitor may type about themselves with a contact or a call request.
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone", "contact_organisation", "contact_title")


def _contact(fields: dict[str, str]) -> dict[str, str]:
    """The contact fields, each cleaned of control characters before anything reads it (the
    staff's XLSX export, openpyxl, refuses them, and so does PostgreSQL for NUL); "" when not
    given. Another name is a caller's mistake, as a wrong keyword argument is."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown contact fields: {', '.join(sorted(unknown))}")
    return {name: clean_text(fields.get(name, ""), multiline=False) for name in CONTACT_FIELDS}


def _new_lead(*, booth: Booth, visitor, source: str, consent: bool, message: str, now: datetime, **fields: str) -> Lead:
    contact = _contact(fields)
    message = clean_text(message)
    result = classify(
        message,
        visitor_profile(visitor, organisation=contact["contact_organisation"], title=contact["contact_title"]),
    )
    lead = Lead(
        booth=booth,
        visitor=visitor,
        source=source,
        category=result.category,
        auto_category=result.category,
        matched_keywords=", ".join(result.matched)[:300],
        consent=consent,
        consent_at=now if consent else None,
        **{**contact, "contact_name": contact["contact_name"] or visitor.public_name},
        message=message[:MAX_MESSAGE_CHARS],
        day=timezone.localdate(now),
        created_at=now,
    )
    lead.full_clean()
    lead.save()
    return lead


@transaction.atomic
def leave_contact(
    *,
    booth: Booth,
    visitor,
    consent: bool,
    message: str = "",
    now: datetime | None = None,
    **contact: str,
) -> Lead:
    """留言: a visitor leaves their contact (`CONTACT_FIELDS`: an e-mail address or a phone
    number at least), which they explicitly agree to share."""
    _require_visitor(visitor)
    _require_live(booth)
    if consent is not True:
        raise ValidationError({"consent": bilingual(CONSENT_REQUIRED)}, code="consent_required")
    if not (clean_text(contact.get("contact_email")) or clean_text(contact.get("contact_phone"))):
        raise ValidationError(
            {"contact_email": bilingual(_("Leave an e-mail address or a phone number."))}, code="contact_required"
        )
    limits.check("lead", visitor)  # each contact notifies the booth's staff
    lead = _new_lead(
        booth=booth,
        visitor=visitor,
        source=LeadSource.CONTACT_FORM,
        consent=True,
        message=message,
        now=now or timezone.now(),
        **contact,
    )
    staffroom.notify_lead(lead)
    limits.count("lead", visitor)
    return lead


@transaction.atomic
def request_video_call(
    *,
    booth: Booth,
    visitor,
    consent: bool,
    message: str = "",
    preferred_time: str = "",
    now: datetime | None = None,
    **contact: str,
) -> CallRequest:
    """A visitor asks booth staff for a video call (with their `CONTACT_FIELDS`, all
    optional); it is a lead too, and waits as pending."""
    _require_visitor(visitor)
    _require_live(booth)
    if consent is not True:
        raise ValidationError({"consent": bilingual(CONSENT_REQUIRED)}, code="consent_required")
    if CallRequest.objects.filter(booth=booth, visitor=visitor, status=CallRequest.Status.PENDING).exists():
        raise ValidationError(bilingual(_("You already have a call request waiting at this booth.")), code="duplicate")
    limits.check("call_request", visitor)  # each request rings the booth's staff
    now = now or timezone.now()
    lead = _new_lead(
        booth=booth,
        visitor=visitor,
        source=LeadSource.CALL_REQUEST,
        consent=True,
        message=message,
        now=now,
        **contact,
    )
    call_request = CallRequest.objects.create(
        lead=lead,
        booth=booth,
        visitor=visitor,
        preferred_time=clean_text(preferred_time, multiline=False)[:100],
        created_at=now,
    )
    staffroom.notify_lead(lead, call_request)
    limits.count("call_request", visitor)
    return call_request


@transaction.atomic
def set_call_request_status(*, call_request: CallRequest, user, status: str) -> CallRequest:
    rules.require_booth_staff_or_organizer(user, call_request.booth)
    if status not in CallRequest.Status.values or status == CallRequest.Status.PENDING:
        raise ValidationError({"status": "Unknown status."}, code="bad_status")
    call_request.status = status
    call_request.handled_by = user
    call_request.handled_at = timezone.now()
    call_request.save()
    staffroom.notify_call_request(call_request, user)
    return call_request


def record_chat_lead(*, booth: Booth, visitor, text: str, now: datetime | None = None) -> Lead | None:
    """A visitor's chat message in a booth room: one lead per visitor, booth and
    conference-local day, its message the day's words (so later messages can sharpen the
    category until staff correct it). Booth staff and guests make no leads."""
    if visitor is None or not visitor.is_authenticated or rules.is_exhibitor_staff(visitor, booth.organisation_id):
        return None
    now = now or timezone.now()
    day = timezone.localdate(now)
    text = clean_text(text)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                lead = (
                    Lead.objects.select_for_update()
                    .filter(booth=booth, visitor=visitor, day=day, source=LeadSource.CHAT)
                    .first()
                )
                if lead is None:
                    lead = _new_lead(
                        booth=booth,
                        visitor=visitor,
                        source=LeadSource.CHAT,
                        consent=False,
                        message=text,
                        now=now,
                    )
                    staffroom.notify_lead(lead)  # a conversation started; later messages add to it
                    return lead
                if text and len(lead.message) < MAX_MESSAGE_CHARS:
                    lead.message = f"{lead.message}\n{text}".strip()[:MAX_MESSAGE_CHARS]
                    if lead.category_corrected_by_id is None:
                        result = classify(lead.message, visitor_profile(visitor))
                        lead.category = lead.auto_category = result.category
                        lead.matched_keywords = ", ".join(result.matched)[:300]
                    lead.save()
                return lead
        except IntegrityError:
            # Two messages of the same visitor raced to create the day's lead: read it.
            continue
    raise RuntimeError("could not record the chat lead")


def withdraw_chat_text(*, booth: Booth, visitor_id: int, text: str, at: datetime) -> Lead | None:
    """A visitor deleted a booth chat message: its words leave the day's chat lead (and the
    staff room's stored `lead.new` of it) in the same transaction as the deletion."""
    assert transaction.get_connection().in_atomic_block, "withdraw_chat_text runs in the deleting transaction"
    lead = (
        Lead.objects.select_for_update()
        .filter(booth=booth, visitor_id=visitor_id, day=timezone.localdate(at), source=LeadSource.CHAT)
        .first()
    )
    words = clean_text(text).split("\n")
    lines = lead.message.split("\n") if lead is not None else []
    at_line = next((i for i in range(len(lines)) if lines[i : i + len(words)] == words), None)
    if at_line is None:
        return lead
    lead.message = "\n".join(lines[:at_line] + lines[at_line + len(words) :])
    if lead.category_corrected_by_id is None:
        result = classify(lead.message, visitor_profile(lead.visitor))
        lead.category = lead.auto_category = result.category
        lead.matched_keywords = ", ".join(result.matched)[:300]
    lead.save()
    staffroom.withdraw_lead_text(lead)
    return lead


@transaction.atomic
def correct_lead_category(*, lead: Lead, user, category: str) -> Lead:
    """Booth staff fix what the classifier guessed (its guess is kept beside it); the
    correction is training data for the next classification (halls.leads.learned)."""
    rules.require_exhibitor_staff(user, lead.booth.organisation_id)
    if category not in LeadCategory.values:
        raise ValidationError({"category": f"Unknown category {category!r}."}, code="bad_category")
    lead.category = category
    lead.category_corrected_by = user
    lead.category_corrected_at = timezone.now()
    lead.save()
    return lead
