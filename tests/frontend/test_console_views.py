"""The console, exhibitor and organizer pages as the server renders them: who may open
which page, and what each lists (the browser behaviour is in tests/e2e)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Organisation, OrganisationMembership, User
from halls import services
from halls.leads import services as lead_services
from halls.models import Hall, Zone
from live.models import Room, RoomRole
from tests import media

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


def make(username: str, **fields) -> User:
    return User.objects.create_user(username=username, password="pw", display_name=username.title(), **fields)


@pytest.fixture
def rooms() -> dict[str, Room]:
    return {
        "stage": Room.objects.create(slug="forum-main", kind="stage", name="Main forum"),
        "other": Room.objects.create(slug="side", kind="stage", name="Side forum"),
        "booth": Room.objects.create(slug="booth-x", kind="booth", name="A booth"),
    }


@pytest.fixture
def exhibition():
    hall = Hall.objects.create(
        slug="hall", name="展厅", name_en="Hall", applications_close_at=timezone.now() + timedelta(days=9)
    )
    zone = Zone.objects.create(hall=hall, slug="z", code="D", name="战略性新兴产业展示专区", order=1)
    organisation = Organisation.objects.create(name="甲公司", name_en="Alpha")
    staff = make("staffer")
    OrganisationMembership.objects.create(organisation=organisation, user=staff)
    return {"hall": hall, "zone": zone, "organisation": organisation, "staff": staff}


def test_console_lists_only_rooms_you_moderate(client, rooms):
    moderator = make("mod")
    RoomRole.objects.create(room=rooms["stage"], user=moderator, role=RoomRole.Role.MODERATOR)
    client.force_login(moderator)
    page = client.get("/console/").content.decode()
    assert "/console/rooms/forum-main/" in page
    assert "/console/rooms/side/" not in page
    assert client.get("/console/rooms/forum-main/").status_code == 200
    assert client.get("/console/rooms/side/").status_code == 403
    assert client.get("/console/rooms/nope/").status_code == 404


def test_organizers_see_every_room_but_booths(client, rooms):
    client.force_login(make("boss", is_staff=True))
    page = client.get("/console/").content.decode()
    assert "/console/rooms/forum-main/" in page and "/console/rooms/side/" in page
    assert "/console/rooms/booth-x/" not in page
    console = client.get("/console/rooms/forum-main/").content.decode()
    assert 'id="stage-panel"' in console and 'data-stage-state="live"' in console


def test_console_needs_login(client, rooms):
    response = client.get("/console/rooms/forum-main/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_exhibitor_pages_are_for_organisation_staff(client, exhibition):
    client.force_login(make("visitor"))
    assert client.get("/exhibitor/").status_code == 403
    assert client.get(f"/exhibitor/organisations/{exhibition['organisation'].pk}/").status_code == 403
    assert client.get("/organizer/").status_code == 403

    client.force_login(exhibition["staff"])
    page = client.get("/exhibitor/").content.decode()
    assert 'id="apply-form"' in page and "战略性新兴产业展示专区" in page
    assert 'href="/exhibitor/"' in page  # the navigation links the page
    assert client.get(f"/exhibitor/organisations/{exhibition['organisation'].pk}/").status_code == 200


def test_application_page_shows_history_and_reason(client, exhibition):
    organizer = make("boss", is_staff=True)
    application = services.apply_for_booth(
        user=exhibition["staff"],
        organisation=exhibition["organisation"],
        zone=exhibition["zone"],
        board=None,
        booth_type="online_hall",
        template="standard",
        booth_name="甲展位",
        booth_name_en="Alpha booth",
        contact_name="王五",
        contact_phone="13800000000",
        contact_email="w@example.org",
    )
    services.reject_application(application=application, user=organizer, reason="材料不全 incomplete")
    client.force_login(exhibition["staff"])
    page = client.get(f"/exhibitor/applications/{application.pk}/").content.decode()
    assert 'data-status="rejected"' in page and "材料不全 incomplete" in page
    assert page.count('data-to="') == 2  # submitted, rejected

    other = make("other")
    client.force_login(other)
    assert client.get(f"/exhibitor/applications/{application.pk}/").status_code == 404

    client.force_login(organizer)
    review = client.get("/organizer/").content.decode()
    assert f'data-application-id="{application.pk}"' in review
    assert 'href="/organizer/"' in review


def test_pages_speak_chinese_to_chinese_browsers(client, rooms, exhibition):
    boss = make("boss", is_staff=True)
    client.force_login(boss)
    console = client.get("/console/rooms/forum-main/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "操作日志" in console and "保存屏蔽词" in console
    organizer = client.get("/organizer/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "展位申请" in organizer and "按专区" in organizer
    english = client.get("/organizer/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "By zone" in english


def _leads(booth, visitors: list[User]) -> None:
    for visitor in visitors:
        lead_services.request_video_call(booth=booth, visitor=visitor, consent=True, message="合作项目")


def test_exhibitor_page_queries_do_not_grow_with_leads(client, exhibition):
    booth = services.create_booth(
        organisation=exhibition["organisation"], zone=exhibition["zone"], name="甲展位", status="live"
    )
    path = f"/exhibitor/organisations/{exhibition['organisation'].pk}/"
    client.force_login(exhibition["staff"])
    client.get(path)  # first visit: the person's inbox room is made here, once
    counts = []
    for visitors in (2, 20):
        _leads(booth, [make(f"v{len(counts)}-{i}") for i in range(visitors)])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        assert response.content.decode().count('class="lead-category"') == (2 if not counts else 22)
        counts.append(len(queries))
    print("queries for the exhibitor organisation page with 2 and 22 leads:", counts)
    assert counts[0] == counts[1], counts


def test_review_page_queries_do_not_grow_with_live_applications(client, exhibition):
    organizer = make("boss", is_staff=True)
    client.force_login(organizer)
    client.get("/organizer/")  # first visit: the person's inbox room is made here, once
    counts = []
    for batch in (1, 6):
        for i in range(batch):
            organisation = Organisation.objects.create(name=f"单位 {len(counts)}-{i}")
            staff = make(f"s{len(counts)}-{i}")
            OrganisationMembership.objects.create(organisation=organisation, user=staff)
            application = services.apply_for_booth(
                user=staff,
                organisation=organisation,
                zone=exhibition["zone"],
                board=None,
                booth_type="online_hall",
                template="standard",
                booth_name="展位",
                booth_name_en="",
                contact_name="联系人",
                contact_phone="13800000000",
                contact_email="c@example.org",
            )
            services.approve_application(application=application, user=organizer)
            application.refresh_from_db()
            scan = SimpleUploadedFile("scan.png", media.png(), content_type="image/png")
            services.upload_signed_confirmation(application=application, user=staff, upload=scan)
            services.go_live(application=application, user=organizer)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/organizer/")
        assert response.status_code == 200
        counts.append(len(queries))
    print("queries for the review page with 1 and 7 live applications:", counts)
    assert counts[0] == counts[1], counts
