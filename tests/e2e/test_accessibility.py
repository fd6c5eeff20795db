"""Every page at desktop and phone width (390 px) in a real browser on the demo data:
axe-core finds no violation, and no page is wider than its viewport (tests/e2e/axe.py).
Also: the room page names the room in the reader's language."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Organisation
from halls.models import Booth, BoothApplication, Hall
from live.models import Room
from streams.models import Session
from tests.e2e.axe import accessibility_problems
from tests.e2e.test_exhibition_pages import WEBGL_ARGS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WAIT = 60_000  # ms: SwiftShader on two cores is slow, and the first scene build too
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORDS = {"moderator": "pavilion-moderator", "exhibitor": "pavilion-exhibitor", "organizer": "pavilion-organizer"}


# conftest's `chromium` launches with these flags (WebGL) for this module.
CHROMIUM_LAUNCH_ARGS = WEBGL_ARGS


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings, monkeypatch):
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    monkeypatch.setenv("MEDIA_ROOT", str(root))
    return root


@pytest.fixture
def demo(transactional_db) -> dict:
    call_command("load_demo_conference", not_production=True, live_now=True, verbosity=0)
    call_command("load_demo_exhibition", not_production=True, verbosity=0)
    hall = Hall.objects.get()
    staffed = Organisation.objects.get(memberships__user__username="exhibitor", booths__isnull=False)
    booth = Booth.objects.filter(organisation=staffed).first()
    exhibitor = staffed.memberships.get(user__username="exhibitor").user
    application = BoothApplication.objects.create(
        hall=hall,
        organisation=staffed,
        applicant=exhibitor,
        zone=booth.zone,
        booth_name="演示展位二",
        booth_name_en="Second demo booth",
        contact_name="Ex",
        contact_phone="+86 10 0000 0000",
        contact_email="ex@example.org",
        submitted_at=timezone.now(),
    )
    session = Session.objects.exclude(room=None).exclude(title_en="").order_by("starts_at").first()
    plain = Room.objects.create(slug="lounge", name="交流室", kind="room", allow_guests=True)
    return {
        "hall": hall,
        "booth": booth,
        "organisation": staffed,
        "application": application,
        "session": session,
        "stage": session.room,
        "room": plain,
    }


def pages(demo: dict) -> list[tuple[str | None, str, str]]:
    """(who, path, the selector that says the page is ready) of every page."""
    hall, booth, stage = demo["hall"], demo["booth"], demo["stage"]
    return [
        (None, "/", "main"),
        (None, "/accounts/login/", "#login-form"),
        (None, f"/rooms/{demo['room'].slug}/", "#room[data-ready='true']"),
        (None, f"/rooms/{stage.slug}/", "#room[data-ready='true']"),
        (None, "/exhibition/", "main"),
        (None, f"/exhibition/{hall.slug}/", "#hall[data-ready='true']"),
        (None, f"/exhibition/{hall.slug}/list/", "main"),
        (None, f"/exhibition/booths/{booth.pk}/", "#booth[data-ready='true']"),
        ("moderator", "/console/", "main"),
        ("moderator", "/agenda/", "main"),
        ("moderator", f"/console/rooms/{stage.slug}/", "#console[data-ready='true']"),
        ("exhibitor", "/exhibitor/", "main"),
        ("exhibitor", f"/exhibitor/organisations/{demo['organisation'].pk}/", "main"),
        ("exhibitor", f"/exhibitor/applications/{demo['application'].pk}/", "main"),
        ("exhibitor", f"/exhibitor/booths/{booth.pk}/content/", "main"),
        ("organizer", "/organizer/", "#overview[data-ready='true']"),
    ]


def log_in(context, who: str) -> None:
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_login", who)
    page.fill("#id_password", PASSWORDS[who])
    page.click("#login-submit")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.close()


# The site's default language at desktop width, English (longer words) on the phone.
@pytest.mark.parametrize(("viewport", "language"), [(DESKTOP, "zh-CN"), (PHONE, "en-US")], ids=["desktop", "phone"])
def test_every_page_passes_axe_and_fits_its_width(browser, server, demo, viewport, language):
    problems: list[str] = []

    def page_error(path: str):
        return lambda error: problems.append(f"{path}: page error {error}")

    contexts = {}
    try:
        for who, path, ready in pages(demo):
            if who not in contexts:
                context = browser.new_context(base_url=server.url, viewport=viewport, locale=language)
                context.set_default_timeout(WAIT)
                if who is not None:
                    log_in(context, who)
                contexts[who] = context
            page = contexts[who].new_page()
            page.on("pageerror", page_error(path))
            response = page.goto(path)
            if response is None or response.status != 200:
                problems.append(f"{path}: HTTP {response and response.status}")
                continue
            try:
                expect(page.locator(ready).first).to_be_attached(timeout=3 * WAIT)  # WebGL scenes on a busy machine
            except AssertionError:
                problems.append(f"{path}: never ready ({ready})")
                continue
            problems += accessibility_problems(page, f"{path} ({who or 'guest'}, {viewport['width']} px)")
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert not problems, "\n".join(problems)


def test_room_page_names_the_room_in_the_readers_language(browser, server, demo):
    # A stage's room is named after its session, as the programme names it: in English for
    # an English reader (the room's own name is the Chinese one).
    session, room = demo["session"], demo["stage"]
    assert session.title_en and session.title_en != room.name
    for locale, name in (("en-US", session.title_en), ("zh-CN", session.title)):
        context = browser.new_context(base_url=server.url, locale=locale)
        try:
            page = context.new_page()
            page.goto(f"/rooms/{room.slug}/")
            expect(page.locator("#room-name")).to_have_text(name)
            assert page.title().startswith(name), page.title()
            programme = context.new_page()
            programme.goto("/")
            expect(programme.get_by_text(name, exact=True).first).to_be_attached()
        finally:
            context.close()
