"""Leads: consent, call requests, chat leads, staff correction, export, and scoping."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from accounts.models import Organisation
from accounts.services import add_organisation_member
from halls.leads import export, selectors, services
from halls.models import CallRequest, Lead

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_leave_contact_requires_explicit_consent(booth_a, visitor):
    for consent in (False, None, "yes", 1):
        with pytest.raises(ValidationError) as refused:
            services.leave_contact(booth=booth_a, visitor=visitor, consent=consent, contact_email="v@example.org")
        assert "consent" in refused.value.message_dict
    assert not Lead.objects.exists()
    lead = services.leave_contact(
        booth=booth_a,
        visitor=visitor,
        consent=True,
        contact_email="v@example.org",
        message="想投递简历，请问有工作机会吗",
    )
    assert lead.consent and lead.consent_at is not None
    assert lead.source == "contact_form" and lead.category == lead.auto_category == "job_seeking"
    assert lead.contact_name == visitor.public_name
    assert "简历" in lead.matched_keywords


def test_leave_contact_needs_a_way_to_reach_the_visitor_and_a_login(booth_a, visitor):
    with pytest.raises(ValidationError) as nothing:
        services.leave_contact(booth=booth_a, visitor=visitor, consent=True, message="hi")
    assert "contact_email" in nothing.value.message_dict
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.leave_contact(booth=booth_a, visitor=AnonymousUser(), consent=True, contact_email="x@example.org")


def test_profile_words_classify_a_vague_message(booth_a, visitor):
    fund = Organisation.objects.create(name="前海创投基金", name_en="Qianhai Venture Fund")
    add_organisation_member(organisation=fund, user=visitor)
    lead = services.leave_contact(booth=booth_a, visitor=visitor, consent=True, contact_phone="123", message="你好")
    assert lead.category == "investment_finance"


def test_video_call_request_is_a_pending_lead(booth_a, visitor, staff_a):
    with pytest.raises(ValidationError):
        services.request_video_call(booth=booth_a, visitor=visitor, consent=False)
    call = services.request_video_call(
        booth=booth_a,
        visitor=visitor,
        consent=True,
        contact_email="v@example.org",
        message="We are hiring and want to recruit your graduates",
        preferred_time="明天下午",
    )
    assert call.status == CallRequest.Status.PENDING
    assert call.lead.source == "call_request" and call.lead.category == "recruitment"
    assert list(selectors.pending_call_requests(user=staff_a, organisation_id=booth_a.organisation_id)) == [call]
    with pytest.raises(ValidationError) as again:
        services.request_video_call(booth=booth_a, visitor=visitor, consent=True)
    assert again.value.code == "duplicate"
    services.set_call_request_status(call_request=call, user=staff_a, status="accepted")
    assert list(selectors.pending_call_requests(user=staff_a, organisation_id=booth_a.organisation_id)) == []


def test_chat_lead_is_one_per_visitor_booth_and_local_day(booth_a, visitor, staff_a):
    morning = datetime(2022, 5, 26, 9, 0, tzinfo=SHANGHAI)
    first = services.record_chat_lead(booth=booth_a, visitor=visitor, text="你好", now=morning)
    assert first.category == "other" and not first.consent
    again = services.record_chat_lead(
        booth=booth_a, visitor=visitor, text="我们有基金想投资你们", now=morning.replace(hour=23, minute=30)
    )
    assert again.pk == first.pk
    assert again.message == "你好\n我们有基金想投资你们"
    assert again.category == "investment_finance"  # the day's words sharpened it
    # 00:30 in Beijing is still the previous day in UTC: the conference's day counts.
    next_day = services.record_chat_lead(
        booth=booth_a, visitor=visitor, text="hi", now=datetime(2022, 5, 27, 0, 30, tzinfo=SHANGHAI)
    )
    assert next_day.pk != first.pk
    assert Lead.objects.filter(source="chat").count() == 2
    # Staff chatting in their own booth are not leads.
    assert services.record_chat_lead(booth=booth_a, visitor=staff_a, text="欢迎", now=morning) is None


def test_staff_correction_is_recorded_and_kept_by_later_chat(booth_a, visitor, staff_a, staff_b):
    lead = services.record_chat_lead(booth=booth_a, visitor=visitor, text="hello")
    with pytest.raises(PermissionDenied):
        services.correct_lead_category(lead=lead, user=staff_b, category="media")
    with pytest.raises(ValidationError):
        services.correct_lead_category(lead=lead, user=staff_a, category="gossip")
    lead = services.correct_lead_category(lead=lead, user=staff_a, category="media")
    assert lead.category == "media" and lead.auto_category == "other"
    assert lead.category_corrected_by == staff_a and lead.category_corrected_at is not None
    lead = services.record_chat_lead(booth=booth_a, visitor=visitor, text="I want a job, here is my CV")
    assert lead.category == "media"  # the staff's word stands


@pytest.fixture
def leads_of_two_exhibitors(booth_a, booth_b, visitor):
    services.leave_contact(
        booth=booth_a,
        visitor=visitor,
        consent=True,
        contact_name="王小明",
        contact_email="wang@example.org",
        contact_organisation="新华社",
        message='=HYPERLINK("http://evil") 想预约采访',
    )
    services.record_chat_lead(booth=booth_a, visitor=visitor, text="Looking for a partnership")
    services.leave_contact(
        booth=booth_b, visitor=visitor, consent=True, contact_email="secret-b@example.org", message="B only"
    )


def test_selectors_are_scoped_to_the_exhibitors_own_leads(leads_of_two_exhibitors, staff_a, staff_b, org_a, visitor):
    own = selectors.leads_for_organisation(user=staff_a, organisation_id=org_a.pk)
    assert {lead.booth.organisation_id for lead in own} == {org_a.pk} and own.count() == 2
    for outsider in (staff_b, visitor):
        with pytest.raises(PermissionDenied):
            selectors.leads_for_organisation(user=outsider, organisation_id=org_a.pk)
    b_lead = Lead.objects.get(message="B only")
    with pytest.raises(Lead.DoesNotExist):
        selectors.lead_for_staff(user=staff_a, lead_id=b_lead.pk)


def test_csv_export_reads_back_with_own_leads_only(leads_of_two_exhibitors, staff_a, org_a):
    data = export.leads_csv(selectors.leads_for_organisation(user=staff_a, organisation_id=org_a.pk))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "编号 ID" and len(rows) == 3
    by_source = {row[3]: row for row in rows[1:]}
    contact = by_source["contact_form"]
    assert contact[4] == "media" and contact[7] == "王小明" and contact[8] == "wang@example.org"
    assert contact[12].startswith("'=HYPERLINK")  # never a live formula
    chat = by_source["chat"]
    assert chat[4] == "project_cooperation" and chat[8] == ""  # no consent, no e-mail
    assert "secret-b@example.org" not in data.decode("utf-8-sig")


def test_xlsx_export_reads_back(leads_of_two_exhibitors, staff_a, staff_b, org_a, org_b):
    data = export.leads_xlsx(selectors.leads_for_organisation(user=staff_b, organisation_id=org_b.pk))
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["编号 ID", "时间 Time", "展位 Booth"]
    assert len(rows) == 2
    assert rows[1][8] == "secret-b@example.org" and rows[1][12] == "B only"
    a_rows = list(
        load_workbook(
            io.BytesIO(export.leads_xlsx(selectors.leads_for_organisation(user=staff_a, organisation_id=org_a.pk)))
        ).active.iter_rows(values_only=True)
    )
    assert len(a_rows) == 3 and all("secret-b@example.org" not in (r[8] or "") for r in a_rows)
