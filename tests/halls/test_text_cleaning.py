"""Control characters in what people type: cleaned before it is stored (leads, call
requests, applications, booth content, names), and exports survive whatever is stored."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from openpyxl import load_workbook

from accounts.models import Organisation, User
from accounts.text import clean_text, strip_control_characters
from halls import services
from halls.content import services as content_services
from halls.leads import export, selectors
from halls.leads import services as lead_services
from halls.models import Booth, CallRequest, Lead

pytestmark = pytest.mark.django_db
HOSTILE = "A\x00B\x01C\x0bD\x1bE\x7fF\x85G\ud800H\ufffe"
STORABLE = "A\x01C\x0bD\x1bE\x7fF\x85G\ufffe"  # what SQLite and PostgreSQL accept (no NUL, no surrogate)
OPENPYXL_ILLEGAL = {chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32))}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_clean(text: str) -> None:
    assert not OPENPYXL_ILLEGAL & set(text), repr(text)
    text.encode("utf-8")  # no lone surrogate


def test_strip_keeps_newlines_tabs_and_every_script():
    assert strip_control_characters(HOSTILE) == "ABCDEFGH"
    assert strip_control_characters("第一行\r\n第二行\tend") == "第一行\n第二行\tend"
    assert clean_text("  王\x00小明 \n", multiline=False) == "王小明"
    assert clean_text("a\nb\tc", multiline=False) == "a b c"
    assert clean_text(None) == "" and clean_text(12) == "12"
    assert strip_control_characters("emoji 🎉 ok, 中文 ok, العربية ok") == "emoji 🎉 ok, 中文 ok, العربية ok"


def test_contact_and_call_request_over_http_store_clean_text(booth_a, visitor, staff_a, org_a):
    victor = client_for(visitor)
    url = f"/exhibition/api/booths/{booth_a.pk}"
    answer = victor.post(
        f"{url}/contact/",
        {
            "consent": True,
            "contact_name": "王\x0b小明",
            "contact_email": "v@example.org\x00",
            "contact_organisation": "新华社\x1b[31m",
            "contact_title": "记者\x07",
            "message": "想预约\x0b采访\r\n第二行\x00\ud800",
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    lead = Lead.objects.get(pk=answer.json()["id"])
    assert lead.contact_name == "王小明" and lead.contact_email == "v@example.org"
    assert lead.contact_organisation == "新华社[31m" and lead.contact_title == "记者"
    assert lead.message == "想预约采访\n第二行"
    call = victor.post(
        f"{url}/call-request/",
        {"consent": True, "message": "investment\x0c", "preferred_time": "明天\x08上午"},
        content_type="application/json",
    )
    assert call.status_code == 201, call.content
    request = CallRequest.objects.get(pk=call.json()["id"])
    assert request.preferred_time == "明天上午" and request.lead.message == "investment"
    sheet = load_workbook(
        io.BytesIO(client_for(staff_a).get(f"/exhibition/api/organisations/{org_a.pk}/leads.xlsx").content)
    )
    assert len(list(sheet.active.iter_rows(min_row=2))) == 2


def test_a_contact_of_nothing_but_controls_is_no_contact(booth_a, visitor):
    with pytest.raises(ValidationError) as refused:
        lead_services.leave_contact(booth=booth_a, visitor=visitor, consent=True, contact_email="\x00\x01")
    assert "contact_email" in refused.value.message_dict


def test_chat_lead_text_is_cleaned(booth_a, visitor):
    lead = lead_services.record_chat_lead(booth=booth_a, visitor=visitor, text="hello\x0b there")
    assert lead.message == "hello there"


def test_exports_survive_controls_already_stored(booth_a, visitor, staff_a, org_a):
    """Rows stored before the boundary cleaned them: one bad cell made every XLSX export 500."""
    lead = lead_services.leave_contact(booth=booth_a, visitor=visitor, consent=True, contact_email="v@example.org")
    Lead.objects.filter(pk=lead.pk).update(
        contact_name="Eve\x0b", message='\x01=HYPERLINK("http://evil")' + STORABLE, contact_title="\r=1+1"
    )
    Booth.objects.filter(pk=booth_a.pk).update(name="展位\x1f")
    User.objects.filter(pk=staff_a.pk).update(display_name="Al\x0bice")
    leads = selectors.leads_for_organisation(user=staff_a, organisation_id=org_a.pk)
    lead_services.correct_lead_category(lead=leads.get(), user=User.objects.get(pk=staff_a.pk), category="media")
    leads = selectors.leads_for_organisation(user=staff_a, organisation_id=org_a.pk)

    rows = list(load_workbook(io.BytesIO(export.leads_xlsx(leads))).active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    row = rows[0]
    for cell in row:
        if isinstance(cell, str):
            assert_clean(cell)
    assert row[7] == "Eve" and row[6] == "Alice" and row[2].endswith("展位")
    assert row[12].startswith("'=HYPERLINK")  # the formula quote survives the cleaning
    assert row[11] == "'=1+1"

    text = export.leads_csv(leads).decode("utf-8-sig")
    assert_clean(text.replace("\r\n", "\n").replace("\r", ""))
    csv_row = list(csv.reader(io.StringIO(text)))[1]
    assert csv_row[12].startswith("'=HYPERLINK") and csv_row[11] == "'=1+1"

    answer = client_for(staff_a).get(f"/exhibition/api/organisations/{org_a.pk}/leads.xlsx")
    assert answer.status_code == 200


def test_application_and_review_texts_are_cleaned(staff_a, org_a, zone, organizer, apply_fields):
    application = services.apply_for_booth(
        user=staff_a,
        organisation=org_a,
        zone=zone,
        **apply_fields(contact_name="李\x00雷", contact_phone="123\x0b", booth_name="甲\x1b展位"),
    )
    assert (application.contact_name, application.contact_phone, application.booth_name) == ("李雷", "123", "甲展位")
    rejected = services.reject_application(application=application, user=organizer, reason="材料\x07不全")
    assert rejected.rejection_reason == "材料不全"


def test_booth_content_texts_are_cleaned(booth_a, staff_a):
    stop = content_services.create_item(
        booth=booth_a,
        user=staff_a,
        kind="commentary",
        data={"title": "门\x0b口", "text": "欢迎\x00\n光临", "x": 1, "z": 2},
    )
    assert stop.title == "门口" and stop.text == "欢迎\n光临"


def test_admin_edited_names_are_cleaned(booth_a):
    organisation = Organisation(name="丙\x0b公司", name_en="C\x00 Co")
    organisation.full_clean()
    assert (organisation.name, organisation.name_en) == ("丙公司", "C Co")
    user = User(username="eve", display_name="E\x1bve", password="x")
    user.full_clean()
    assert user.display_name == "Eve"
    booth_a.name, booth_a.description = "展\x0b位", "第一行\r\n\x00第二行"
    booth_a.full_clean()
    assert (booth_a.name, booth_a.description) == ("展位", "第一行\n第二行")
