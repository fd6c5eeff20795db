"""The JSON endpoints: one test per endpoint family, including refusals and scoping."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook
from PIL import Image

from halls.leads import services as lead_services
from halls.models import BoothApplication, Lead

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_exhibitor_applies_sees_state_and_rejection_reason(commit, staff_a, staff_b, org_a, zone, organizer):
    anonymous = client_for().get("/exhibition/api/applications/")
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "auth_required"
    alice = client_for(staff_a)
    payload = {
        "organisation": org_a.pk,
        "zone": zone.pk,
        "contact_name": "李雷",
        "contact_phone": "123",
        "contact_email": "lilei@example.org",
    }
    with commit():
        created = alice.post("/exhibition/api/applications/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    application_id = created.json()["id"]
    assert created.json()["history"][0]["to"] == "submitted"
    # Bob of another organisation can neither apply for org A nor see its application.
    bob = client_for(staff_b)
    refused = bob.post("/exhibition/api/applications/", payload, content_type="application/json")
    assert refused.status_code == 403
    assert bob.get("/exhibition/api/applications/").json() == []
    assert bob.get(f"/exhibition/api/applications/{application_id}/").status_code == 404
    # Organizer review: Alice may not, the organizer rejects with a reason.
    assert alice.get("/exhibition/api/review/applications/").status_code == 403
    assert alice.post(f"/exhibition/api/review/applications/{application_id}/approve/").status_code == 403
    boss = client_for(organizer)
    queue = boss.get("/exhibition/api/review/applications/?status=submitted").json()
    assert [a["id"] for a in queue] == [application_id]
    no_reason = boss.post(f"/exhibition/api/review/applications/{application_id}/reject/", {"reason": ""})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    rejected = boss.post(f"/exhibition/api/review/applications/{application_id}/reject/", {"reason": "材料不全"})
    assert rejected.status_code == 200
    mine = alice.get(f"/exhibition/api/applications/{application_id}/").json()
    assert mine["status"] == "rejected" and mine["rejection_reason"] == "材料不全"
    assert mine["history"][-1]["note"] == "材料不全"


def test_deadline_refusal_is_a_readable_400(staff_a, org_a, zone):
    zone.hall.applications_close_at = datetime(2022, 5, 10, 23, 59, 59, tzinfo=ZoneInfo("Asia/Shanghai"))
    zone.hall.save()
    answer = client_for(staff_a).post(
        "/exhibition/api/applications/",
        {
            "organisation": org_a.pk,
            "zone": zone.pk,
            "contact_name": "x",
            "contact_phone": "1",
            "contact_email": "a@b.cn",
        },
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "deadline_passed"
    assert "逾期不再受理" in answer.json()["message"]


def test_confirmation_download_upload_and_go_live(confirmation_sent, staff_a, staff_b, organizer, files):
    alice, bob = client_for(staff_a), client_for(staff_b)
    url = f"/exhibition/api/applications/{confirmation_sent.pk}"
    document = alice.get(f"{url}/confirmation/")
    assert document.status_code == 200
    assert "展位确认协议" in b"".join(document.streaming_content).decode()
    assert bob.get(f"{url}/confirmation/").status_code == 404
    bad = alice.post(f"{url}/signed-confirmation/", {"file": files.upload("scan.pdf", b"not a pdf at all")})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_type"
    assert bob.post(f"{url}/signed-confirmation/", {"file": files.upload("s.pdf", files.PDF)}).status_code == 404
    good = alice.post(f"{url}/signed-confirmation/", {"file": files.upload("scan.png", files.PNG)})
    assert good.status_code == 200 and good.json()["status"] == "confirmed"
    boss = client_for(organizer)
    scan = boss.get(f"/exhibition/api/review/applications/{confirmation_sent.pk}/signed-confirmation/")
    assert scan["Content-Type"] == "image/png"
    stored = Image.open(io.BytesIO(b"".join(scan.streaming_content)))  # re-encoded from its pixels
    assert stored.format == "PNG" and stored.size == Image.open(io.BytesIO(files.PNG)).size
    live = boss.post(f"/exhibition/api/review/applications/{confirmation_sent.pk}/go-live/")
    assert live.status_code == 200 and live.json()["status"] == "live"
    assert live.json()["booth"]["room"].startswith("booth-")
    hall = client_for().get(f"/exhibition/api/halls/{confirmation_sent.hall.slug}/").json()
    zone = next(z for z in hall["zones"] if z["id"] == confirmation_sent.zone_id)
    assert [b["number"] for b in zone["booths"]] == ["D-01"]


def test_visitor_contact_and_call_request_endpoints(booth_a, visitor):
    victor = client_for(visitor)
    url = f"/exhibition/api/booths/{booth_a.pk}"
    no_consent = victor.post(f"{url}/contact/", {"contact_email": "v@example.org", "message": "hi"})
    assert no_consent.status_code == 400 and "consent" in no_consent.json()["fields"]
    assert client_for().post(f"{url}/contact/", {"consent": "true"}).status_code == 401
    ok = victor.post(f"{url}/contact/", {"consent": "true", "contact_email": "v@example.org", "message": "媒体采访"})
    assert ok.status_code == 201
    call = victor.post(
        f"{url}/call-request/", {"consent": True, "message": "investment"}, content_type="application/json"
    )
    assert call.status_code == 201 and call.json()["status"] == "pending"
    assert set(Lead.objects.values_list("category", flat=True)) == {"media", "investment_finance"}
    assert victor.post("/exhibition/api/booths/999999/contact/", {"consent": "true"}).status_code == 404


def test_leads_list_export_and_correction_are_scoped(booth_a, booth_b, staff_a, staff_b, visitor, org_a):
    lead = lead_services.leave_contact(
        booth=booth_a, visitor=visitor, consent=True, contact_email="v@example.org", message="求职简历"
    )
    lead_services.leave_contact(booth=booth_b, visitor=visitor, consent=True, contact_email="b@example.org")
    alice, bob = client_for(staff_a), client_for(staff_b)
    base = f"/exhibition/api/organisations/{org_a.pk}"
    listed = alice.get(f"{base}/leads/").json()
    assert [row["id"] for row in listed] == [lead.pk] and listed[0]["category"] == "job_seeking"
    for path in ("leads/", "leads.csv", "leads.xlsx", "call-requests/"):
        assert bob.get(f"{base}/{path}").status_code == 403, path
    csv_answer = alice.get(f"{base}/leads.csv")
    assert csv_answer["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_answer.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][8] == "v@example.org"
    sheet = load_workbook(io.BytesIO(alice.get(f"{base}/leads.xlsx").content)).active
    assert [row[8] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["v@example.org"]
    # Correction: Bob cannot touch A's lead (404, not even its existence); Alice can.
    url = f"/exhibition/api/leads/{lead.pk}/category/"
    assert bob.post(url, {"category": "media"}).status_code == 404
    corrected = alice.post(url, {"category": "recruitment"})
    assert corrected.status_code == 200 and corrected.json()["corrected_by"] == staff_a.public_name
    assert Lead.objects.get(pk=lead.pk).category == "recruitment"


def test_booth_stats_and_overview_endpoints(booth_a, staff_a, staff_b, organizer):
    assert client_for(staff_a).get(f"/exhibition/api/booths/{booth_a.pk}/stats/").json()["visits"] == 0
    assert client_for(staff_b).get(f"/exhibition/api/booths/{booth_a.pk}/stats/").status_code == 403
    slug = booth_a.zone.hall.slug
    assert client_for(staff_a).get(f"/exhibition/api/halls/{slug}/overview/").status_code == 403
    overview = client_for(organizer).get(f"/exhibition/api/halls/{slug}/overview/").json()
    assert overview["totals"]["booths"] == 1


def test_application_ids_of_others_look_missing(submitted, staff_b):
    assert BoothApplication.objects.filter(pk=submitted.pk).exists()
    answer = client_for(staff_b).get(f"/exhibition/api/applications/{submitted.pk}/")
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"
