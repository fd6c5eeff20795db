"""Delete my account and the leads a visitor gave exhibitors (halls/leads/privacy.py): the
exhibitor keeps only what the visitor consented to hand over; "download my data" lists them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts import privacy
from accounts.services import delete_account
from halls.leads import services
from halls.models import Lead

pytestmark = pytest.mark.django_db


def test_a_deleted_visitor_leaves_only_the_consented_contact(booth_a, booth_b, visitor):
    consented = services.leave_contact(
        booth=booth_a,
        visitor=visitor,
        consent=True,
        contact_email="v@example.org",
        contact_phone="+86 138 0000 0000",
        message="想投递简历 my private story",
    )
    now = timezone.now()
    Lead.objects.create(  # what a booth's chat noted without the visitor's consent
        booth=booth_b, visitor=visitor, source="chat", message="聊天记录 chat notes", day=now.date(), created_at=now
    )
    exported = privacy.export_data(visitor)["sections"]["exhibition_leads"]
    assert sorted(lead["booth"] for lead in exported) == sorted([booth_a.pk, booth_b.pk])

    delete_account(visitor, check_password=False)
    kept = list(Lead.objects.all())
    assert [lead.pk for lead in kept] == [consented.pk]  # the unconsented lead is gone
    lead = kept[0]
    assert (lead.contact_email, lead.contact_phone, lead.consent) == ("v@example.org", "+86 138 0000 0000", True)
    assert lead.message == "" and lead.matched_keywords == ""  # free text is not contact data
    visitor.refresh_from_db()
    assert visitor.deleted_at is not None and lead.visitor_id == visitor.pk  # now a deleted user
