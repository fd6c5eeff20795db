"""Reads of leads, always scoped to one exhibiting organisation: every query starts from
`leads_for_organisation`, which refuses anyone who is not that organisation's staff, so a
forgotten filter cannot show exhibitor A the leads of exhibitor B.

The shapes leads and call requests are shown in live here too, one function each, for the
staff room's frames (halls/protocol.py: `LeadOut`, `CallRequestRef`, `CallRequestOut`), the
JSON API and the exhibitor page alike.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.selectors import user_ref
from halls import rules
from halls.models import Booth, CallRequest, Lead


def leads_for_organisation(*, user, organisation_id: int, booth_id: int | None = None) -> QuerySet[Lead]:
    rules.require_exhibitor_staff(user, organisation_id)
    leads = Lead.objects.filter(booth__organisation_id=organisation_id).select_related(
        "booth", "visitor", "category_corrected_by"
    )
    if booth_id is not None:
        leads = leads.filter(booth_id=booth_id)
    return leads.order_by("-created_at", "-pk")


def lead_for_staff(*, user, lead_id: int) -> Lead:
    """One lead, if this person is staff of the organisation whose booth collected it."""
    lead = Lead.objects.select_related("booth").filter(pk=lead_id).first()
    if lead is None or not rules.is_exhibitor_staff(user, lead.booth.organisation_id):
        # The same answer whether it does not exist or belongs to someone else.
        raise Lead.DoesNotExist
    return lead


def pending_call_requests(*, user, organisation_id: int, booth_id: int | None = None) -> QuerySet[CallRequest]:
    rules.require_exhibitor_staff(user, organisation_id)
    requests = CallRequest.objects.filter(
        booth__organisation_id=organisation_id, status=CallRequest.Status.PENDING
    ).select_related("lead", "visitor", "booth")
    if booth_id is not None:
        requests = requests.filter(booth_id=booth_id)
    return requests.order_by("created_at", "pk")


def booth_ref(booth: Booth) -> dict[str, Any]:
    return {"id": booth.pk, "number": booth.number, "name": booth.name, "name_en": booth.name_en or booth.name}


def call_request_ref(call_request: CallRequest | None) -> dict[str, Any] | None:
    """What a lead says of its call request (`CallRequestRef`), None for other leads."""
    if call_request is None:
        return None
    return {"id": call_request.pk, "status": call_request.status, "preferred_time": call_request.preferred_time}


def _lead_summary(lead: Lead) -> dict[str, Any]:
    return {
        "id": lead.pk,
        "booth": booth_ref(lead.booth),
        "visitor": lead.visitor.public_name if lead.visitor_id else "",
        "source": lead.source,
        "category": lead.category,
        "message": lead.message,
        "created_at": lead.created_at.isoformat(),
    }


def lead_notice(lead: Lead, call_request: CallRequest | None = None) -> dict[str, Any]:
    """A lead as the staff room's `lead.new` carries it (`LeadOut`): no contact details."""
    return {**_lead_summary(lead), "call_request": call_request_ref(call_request)}


def call_request_out(call_request: CallRequest) -> dict[str, Any]:
    """A waiting call request as staff list it (the API and the exhibitor page)."""
    return {
        **call_request_ref(call_request),
        "visitor": call_request.visitor.public_name,
        "booth": booth_ref(call_request.booth),
        "lead": call_request.lead_id,
        "message": call_request.lead.message,
        "created_at": call_request.created_at.isoformat(),
    }


def call_request_update(call_request: CallRequest, by) -> dict[str, Any]:
    """A call request after staff answered it, as `call_request.updated` carries it
    (`CallRequestOut`)."""
    handled_at = call_request.handled_at
    return {
        **call_request_ref(call_request),
        "lead": call_request.lead_id,
        "booth": call_request.booth_id,
        "handled_by": user_ref(by),
        "handled_at": handled_at.isoformat() if handled_at else None,
    }


def lead_out(lead: Lead) -> dict[str, Any]:
    """A lead with what staff may see of the visitor's contact, for the API and the page."""
    return {
        **_lead_summary(lead),
        "category_label": lead.get_category_display(),
        "auto_category": lead.auto_category,
        "matched_keywords": lead.matched_keywords,
        "corrected_by": lead.category_corrected_by.public_name if lead.category_corrected_by else None,
        "consent": lead.consent,
        "contact_name": lead.contact_name,
        # Contact details only with the visitor's consent (chat leads have none).
        "contact_email": lead.contact_email if lead.consent else "",
        "contact_phone": lead.contact_phone if lead.consent else "",
        "contact_organisation": lead.contact_organisation,
        "contact_title": lead.contact_title,
    }


def call_request_for_staff(*, user, call_request_id: int) -> CallRequest:
    """One call request, if this person is staff of the organisation whose booth got it."""
    call = CallRequest.objects.select_related("booth").filter(pk=call_request_id).first()
    if call is None or not rules.is_exhibitor_staff(user, call.booth.organisation_id):
        # The same answer whether it does not exist or belongs to someone else.
        raise CallRequest.DoesNotExist
    return call
