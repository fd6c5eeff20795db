"""halls' part of "download my data" / "delete my account" (accounts.privacy).

A lead is what a booth collected about a visitor. When the visitor deletes their account,
the exhibitor keeps only what the visitor consented to hand over (the contact fields of a
lead with `consent`); everything else that names or describes them goes: leads without
consent are deleted, and a consented lead loses its free-text message. The lead row itself
must move off the account, which stays as an anonymised "Deleted user"."""

from __future__ import annotations

from typing import Any

from halls.models import Lead


def export_leads(user) -> list[dict[str, Any]]:
    return [
        {
            "booth": lead.booth_id,
            "booth_name": str(lead.booth),
            "source": lead.source,
            "category": lead.category,
            "consent": lead.consent,
            "consent_at": lead.consent_at.isoformat() if lead.consent_at else None,
            "contact_name": lead.contact_name,
            "contact_email": lead.contact_email,
            "contact_phone": lead.contact_phone,
            "contact_organisation": lead.contact_organisation,
            "contact_title": lead.contact_title,
            "message": lead.message,
            "created_at": lead.created_at.isoformat(),
        }
        for lead in Lead.objects.filter(visitor=user).select_related("booth").order_by("created_at", "pk")
    ]


def erase_leads(user) -> None:
    Lead.objects.filter(visitor=user, consent=False).delete()
    Lead.objects.filter(visitor=user, consent=True).update(message="", matched_keywords="")


def register() -> None:
    from accounts.privacy import register_erasure, register_export

    register_export("exhibition_leads", export_leads)
    register_erasure(erase_leads)
