"""Exhibitor and organizer pages in a real browser against a real Daphne: the booth
application from form to live booth, visitor requests arriving live, leads export and the
statistics charts."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Organisation, OrganisationMembership, User
from halls import services
from halls.leads import services as lead_services
from halls.models import Board, Booth, BoothApplication, CallRequest, Hall, Lead, LeadCategory, Zone
from tests import media

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WAIT = 15_000


UNLABELLED_CONTROLS = """() => {
    const named = (c) => (c.getAttribute("aria-label") || "").trim()
        || [...(c.labels || [])].some((l) => l.textContent.trim())
        || c.textContent.trim() || (c.getAttribute("title") || "").trim();
    const controls = document.querySelectorAll("main button, main input, main select, main textarea, main a[href]");
    return [...controls]
        .filter((c) => c.type !== "hidden" && c.offsetParent !== null && !named(c))
        .map((c) => c.outerHTML.slice(0, 120));
}"""


def assert_labelled(page) -> None:
    """Every visible control of the page has an accessible name."""
    assert page.evaluate(UNLABELLED_CONTROLS) == []


PNG_BYTES = media.png()  # uploads are decoded: a real picture


@pytest.fixture
def exhibition(transactional_db, tmp_path) -> dict:
    hall = Hall.objects.create(
        slug="ciec", name="网上展厅", name_en="Online hall", applications_close_at=timezone.now() + timedelta(days=9)
    )
    zones = [
        Zone.objects.create(hall=hall, slug="tech", code="A", name="科技部展示专区", name_en="MOST", order=1),
        Zone.objects.create(hall=hall, slug="regional", code="B", name="区域协调发展展示专区", order=2),
        Zone.objects.create(hall=hall, slug="emerging", code="D", name="战略性新兴产业展示专区", order=4),
    ]
    Board.objects.create(zone=zones[1], slug="pilot", code="9", name="先行示范区建设板块", order=9)
    organisation = Organisation.objects.create(name="甲科技有限公司", name_en="Alpha Tech")
    staff = User.objects.create_user(username="exhibitor", password="pw-exhibitor-1234", display_name="Ex")
    OrganisationMembership.objects.create(organisation=organisation, user=staff)
    User.objects.create_user(username="organizer", password="pw-organizer-1234", is_staff=True)
    User.objects.create_user(username="visitor", password="pw-visitor-1234", display_name="访客 Visitor")
    return {"hall": hall, "zones": zones, "organisation": organisation, "staff": staff}


@pytest.fixture
def live_booth(exhibition) -> Booth:
    return services.create_booth(
        organisation=exhibition["organisation"],
        zone=exhibition["zones"][2],
        name="甲科技展位",
        name_en="Alpha booth",
        status=Booth.Status.LIVE,
    )


def login(open_page, name: str, path: str):
    return open_page(name, f"pw-{name}-1234", path=path)


def test_apply_review_confirm_and_go_live(open_page, exhibition, screenshot, tmp_path):
    exhibitor = login(open_page, "exhibitor", "/exhibitor/")
    assert_labelled(exhibitor)
    # A zone with boards needs a board: the server's refusal is shown and the form kept.
    exhibitor.select_option("#apply-zone", label="B · 区域协调发展展示专区")
    exhibitor.fill("#apply-name", "甲科技展位")
    exhibitor.fill("#apply-contact-name", "王五")
    exhibitor.fill("#apply-contact-phone", "13800000000")
    exhibitor.fill("#apply-contact-email", "wang@example.org")
    exhibitor.get_by_role("button", name="Submit the application").click()
    expect(exhibitor.locator("#apply-error")).to_be_visible(timeout=WAIT)
    assert exhibitor.input_value("#apply-contact-name") == "王五"
    assert BoothApplication.objects.count() == 0

    exhibitor.select_option("#apply-zone", label="D · 战略性新兴产业展示专区")
    exhibitor.select_option("#apply-template", "double")
    exhibitor.get_by_role("button", name="Submit the application").click()
    exhibitor.wait_for_url("**/exhibitor/applications/*/")
    expect(exhibitor.locator("#application-status")).to_have_attribute("data-status", "submitted")
    application = BoothApplication.objects.get()
    assert (application.template, application.contact_name) == ("double", "王五")

    # The organizer approves in the review table (keyboard: focus + Enter).
    organizer = login(open_page, "organizer", "/organizer/")
    row = organizer.locator(f'#review tr[data-application-id="{application.pk}"]')
    expect(row).to_have_attribute("data-status", "submitted")
    approve = row.get_by_role("button", name="Approve")
    expect(approve).to_be_enabled()  # sent disabled until organizer.js has attached its handler
    approve.focus()
    organizer.keyboard.press("Enter")
    expect(organizer.locator(f'#review tr[data-application-id="{application.pk}"]')).to_have_attribute(
        "data-status", "confirmation_sent", timeout=WAIT
    )

    # The exhibitor sees the new state and downloads the confirmation to sign.
    exhibitor.reload()
    expect(exhibitor.locator("#application-status")).to_have_attribute("data-status", "confirmation_sent")
    with exhibitor.expect_download() as download_info:
        exhibitor.locator("#confirmation-download").click()
    assert "甲科技" in Path(download_info.value.path()).read_text(encoding="utf-8")

    # A file that is no PDF/PNG/JPEG is refused with a clear message; a PNG is taken.
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"this is plain text, not a scan")
    exhibitor.set_input_files("#signed-file", str(bad))
    exhibitor.get_by_role("button", name="Upload").click()
    expect(exhibitor.locator("#signed-error")).to_be_visible(timeout=WAIT)
    expect(exhibitor.locator("#signed-error")).to_have_attribute("data-code", "bad_type")
    good = tmp_path / "scan.png"
    good.write_bytes(PNG_BYTES)
    exhibitor.set_input_files("#signed-file", str(good))
    exhibitor.get_by_role("button", name="Upload").click()
    expect(exhibitor.locator("#application-status")).to_have_attribute("data-status", "confirmed", timeout=WAIT)
    expect(exhibitor.locator("#signed-uploaded")).to_be_visible()

    # The organizer sees the signed scan and opens the booth.
    organizer.reload()
    row = organizer.locator(f'#review tr[data-application-id="{application.pk}"]')
    expect(row.locator("a.signed")).to_have_count(1)
    scan = organizer.request.get(row.locator("a.signed").get_attribute("href"))
    assert (scan.status, scan.headers["content-type"]) == (200, "image/png")
    # Stored re-encoded from its pixels (no metadata): the same picture, not the same bytes.
    assert Image.open(io.BytesIO(scan.body())).size == Image.open(io.BytesIO(PNG_BYTES)).size
    row.get_by_role("button", name="Go live").click()
    expect(organizer.locator(f'#review tr[data-application-id="{application.pk}"]')).to_have_attribute(
        "data-status", "live", timeout=WAIT
    )
    screenshot(organizer, "review")
    assert_labelled(organizer)
    exhibitor.reload()
    expect(exhibitor.locator("#application-status")).to_have_attribute("data-status", "live")
    expect(exhibitor.locator("#booth-number")).not_to_be_empty()
    # The booth content editor (the exhibition's page) is one click away.
    booth_id = BoothApplication.objects.get().booth_id
    expect(exhibitor.locator("#content-editor-link")).to_have_attribute(
        "href", f"/exhibitor/booths/{booth_id}/content/"
    )
    exhibitor.locator("#content-editor-link").click()
    exhibitor.wait_for_url(f"**/exhibitor/booths/{booth_id}/content/")
    screenshot(exhibitor, "application-live")


def test_rejection_reason_reaches_the_exhibitor(open_page, exhibition):
    application = services.apply_for_booth(
        user=exhibition["staff"],
        organisation=exhibition["organisation"],
        zone=exhibition["zones"][0],
        board=None,
        booth_type="online_hall",
        template="standard",
        booth_name="甲",
        booth_name_en="",
        contact_name="王五",
        contact_phone="13800000000",
        contact_email="w@example.org",
    )
    organizer = login(open_page, "organizer", "/organizer/?status=submitted")
    row = organizer.locator(f'#review tr[data-application-id="{application.pk}"]')
    row.get_by_role("button", name="Reject").click()
    expect(organizer.locator("#review-error")).to_be_visible()  # a reason is required
    row.get_by_label(f"Reason for rejecting application {application.pk}").fill("展位类型不符 wrong booth type")
    row.get_by_role("button", name="Reject").click()
    organizer.wait_for_load_state()
    expect(organizer.locator(f'#review tr[data-application-id="{application.pk}"]')).to_have_count(0, timeout=WAIT)

    exhibitor = login(open_page, "exhibitor", f"/exhibitor/applications/{application.pk}/")
    expect(exhibitor.locator("#application-status")).to_have_attribute("data-status", "rejected")
    expect(exhibitor.locator("#rejection-reason")).to_contain_text("wrong booth type")


def test_leads_requests_export_and_charts(open_page, exhibition, live_booth, screenshot):
    organisation = exhibition["organisation"]
    visitor = User.objects.get(username="visitor")
    lead_services.leave_contact(
        booth=live_booth,
        visitor=visitor,
        consent=True,
        message="我们希望洽谈投资与融资合作",
        contact_name="赵六",
        contact_email="zhao@example.org",
    )
    lead_services.request_video_call(
        booth=live_booth, visitor=visitor, consent=True, preferred_time="明天上午", message="I am looking for a job"
    )
    yesterday = timezone.now() - timedelta(days=1)
    for key in ("a", "b", "c"):
        services.record_visit_start(booth=live_booth, session_key=key, at=yesterday)
    services.record_visit_start(booth=live_booth, user=visitor)
    exhibitor = login(open_page, "exhibitor", f"/exhibitor/organisations/{organisation.pk}/")
    expect(exhibitor.locator("#exhibitor-org")).to_have_attribute("data-ready", "true", timeout=WAIT)

    # Visits by day: a point per day, yesterday's three and today's one.
    points = exhibitor.locator("#chart-days svg circle.point")
    expect(points).to_have_count(2, timeout=WAIT)
    assert [points.nth(i).get_attribute("data-value") for i in range(2)] == ["3", "1"]

    # The pending call request is listed; accepting it is stored.
    request = exhibitor.locator("#requests .request[data-status='pending']")
    expect(request).to_have_count(1)
    expect(request).to_contain_text("明天上午")
    request.get_by_role("button", name="Accept: 访客 Visitor").click()
    expect(exhibitor.locator("#requests .request[data-status='accepted']")).to_have_count(1, timeout=WAIT)
    assert CallRequest.objects.get().status == "accepted"

    # Correct a lead's category; it is stored.
    lead_row = exhibitor.locator("#leads tr[data-lead-id]", has_text="投资与融资")
    lead_id = int(lead_row.get_attribute("data-lead-id"))
    lead_row.locator("select.lead-category").select_option("media")
    expect(lead_row.locator(".saved")).not_to_be_empty(timeout=WAIT)
    assert Lead.objects.get(pk=lead_id).category == "media"

    # The CSV export link downloads a file a spreadsheet reads (UTF-8 with BOM).
    with exhibitor.expect_download() as download_info:
        exhibitor.locator("#export-csv").click()
    raw = Path(download_info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3  # header + contact + call request
    assert any("zhao@example.org" in cell for row in rows for cell in row)

    # Charts: one bar per lead category, redrawn after the correction.
    chart = exhibitor.locator("#chart-categories svg")
    expect(chart.locator("rect.bar")).to_have_count(len(LeadCategory.choices), timeout=WAIT)
    expect(chart).to_have_attribute("role", "img")
    media_bar = chart.locator("g.bar-group", has_text=dict(LeadCategory.choices)["media"])
    expect(media_bar).to_have_attribute("data-value", "1", timeout=WAIT)
    screenshot(exhibitor, "leads-and-charts")
    assert_labelled(exhibitor)


def test_organizer_overview_charts(open_page, exhibition, live_booth, screenshot):
    services.record_visit_start(booth=live_booth, session_key="anon-1")
    services.record_visit_start(booth=live_booth, user=User.objects.get(username="visitor"))
    organizer = login(open_page, "organizer", "/organizer/")
    expect(organizer.locator("#overview")).to_have_attribute("data-ready", "true", timeout=WAIT)
    zones = organizer.locator("#chart-zones svg rect.bar")
    expect(zones).to_have_count(len(exhibition["zones"]))
    expect(organizer.locator("#chart-boards svg rect.bar")).to_have_count(1)
    emerging = organizer.locator("#chart-zones g.bar-group", has_text="战略性新兴产业展示专区")
    expect(emerging).to_have_attribute("data-value", "2")
    organizer.select_option("#overview-metric", "booths")
    expect(emerging).to_have_attribute("data-value", "1")
    screenshot(organizer, "overview")
