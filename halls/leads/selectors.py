"""Reads of leads, always scoped to one exhibiting organisation: every query starts from
`leads_for_organisation`, which refuses anyone who is not that organisation's staff, so a
forgotten filter cannot show exhibitor A the leads of exhibitor B."""

from __future__ import annotations

from django.db.models import QuerySet

from halls import rules
from halls.models import CallRequest, Lead


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


def lead_out(lead: Lead) -> dict:
    return {
        "id": lead.pk,
        "booth": {"id": lead.booth_id, "number": lead.booth.number, "name": lead.booth.name},
        "source": lead.source,
        "category": lead.category,
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
        "message": lead.message,
        "created_at": lead.created_at.isoformat(),
    }
