"""Visitor requests reach the exhibitor's page live, through the organisation's staff room
(`exhibitor-<organisation id>`: `lead.new`, `call_request.updated`)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import Organisation, OrganisationMembership, User
from halls import services
from halls.models import Booth, Hall, Zone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WAIT = 15_000

REQUEST_CALL = """async ([boothId, preferred]) => {
    const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
    const response = await fetch(`/exhibition/api/booths/${boothId}/call-request/`, {
        method: "POST",
        headers: {"Content-Type": "application/json", "X-CSRFToken": token},
        body: JSON.stringify({consent: true, preferred_time: preferred, message: "I am looking for a job"}),
    });
    return response.status;
}"""


@pytest.fixture
def booth(transactional_db) -> Booth:
    hall = Hall.objects.create(slug="ciec", name="网上展厅")
    zone = Zone.objects.create(hall=hall, slug="emerging", code="D", name="战略性新兴产业展示专区", order=4)
    organisation = Organisation.objects.create(name="甲科技有限公司", name_en="Alpha Tech")
    for name in ("exhibitor", "colleague"):
        staff = User.objects.create_user(username=name, password=f"pw-{name}-1234", display_name=name.title())
        OrganisationMembership.objects.create(organisation=organisation, user=staff)
    User.objects.create_user(username="visitor", password="pw-visitor-1234", display_name="访客 Visitor")
    return services.create_booth(
        organisation=organisation, zone=zone, name="甲科技展位", name_en="Alpha booth", status=Booth.Status.LIVE
    )


def test_call_request_arrives_live_and_its_answer_reaches_colleagues(open_page, booth, screenshot):
    path = f"/exhibitor/organisations/{booth.organisation_id}/"
    pages = []
    for name in ("exhibitor", "colleague"):
        page = open_page(name, f"pw-{name}-1234", path=path)
        expect(page.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=WAIT)
        expect(page.locator("#requests .request")).to_have_count(0)
        pages.append(page)
    exhibitor, colleague = pages

    # The visitor asks for a call through the endpoint, from their own browser session.
    visitor = open_page("visitor", "pw-visitor-1234", path="/")
    assert visitor.evaluate(REQUEST_CALL, [booth.pk, "今天下午 3pm"]) == 201

    for page in pages:
        request = page.locator("#requests .request[data-status='pending']")
        expect(request).to_have_count(1, timeout=WAIT)
        expect(request).to_contain_text("今天下午 3pm")
        expect(request).to_contain_text("访客 Visitor")
    screenshot(exhibitor, "live-request")

    # One staff member declines (keyboard); the other's page follows.
    exhibitor.get_by_role("button", name="Decline: 访客 Visitor").focus()
    exhibitor.keyboard.press("Enter")
    expect(exhibitor.locator("#requests .request[data-status='declined']")).to_have_count(1, timeout=WAIT)
    expect(colleague.locator("#requests .request[data-status='declined']")).to_have_count(1, timeout=WAIT)


def test_requests_made_while_the_server_was_down_appear_after_the_reconnect(open_page, booth, server):
    from halls.leads import services as lead_services

    page = open_page("exhibitor", "pw-exhibitor-1234", path=f"/exhibitor/organisations/{booth.organisation_id}/")
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=WAIT)
    server.stop()
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "reconnecting", timeout=WAIT)
    # Stored with its staff-room event while no server runs: only the resume can bring it.
    lead_services.request_video_call(
        booth=booth, visitor=User.objects.get(username="visitor"), consent=True, preferred_time="周五上午"
    )
    server.start()
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=30_000)
    expect(page.locator("#requests .request[data-status='pending']", has_text="周五上午")).to_have_count(
        1, timeout=WAIT
    )


def test_a_request_stored_between_the_page_render_and_its_join_is_not_missed(open_page, booth):
    from halls.leads import services as lead_services

    page = open_page("exhibitor", "pw-exhibitor-1234", path="/")
    held = []
    page.route("**/pavilion/exhibitor-live.js*", lambda route: held.append(route))  # hold the script that joins
    page.goto(f"/exhibitor/organisations/{booth.organisation_id}/", wait_until="commit")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the page asked for its script"
    # The page is rendered (its list of requests read) but has not joined the staff room yet.
    lead_services.request_video_call(
        booth=booth, visitor=User.objects.get(username="visitor"), consent=True, preferred_time="周六晚上"
    )
    held[0].continue_()
    expect(page.locator("#requests .request[data-status='pending']", has_text="周六晚上")).to_have_count(
        1, timeout=WAIT
    )
