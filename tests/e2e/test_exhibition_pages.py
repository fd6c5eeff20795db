"""The exhibition pages in a real browser against a real Daphne, on the demo exhibition:
the 3D hall street walk (WebGL through SwiftShader), the list-and-map view, and the booth
page with its scene, chat with staff and the contact / video call forms."""

from __future__ import annotations

import array
import base64
import io
import math
import re
from fractions import Fraction

import av
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from accounts.services import add_organisation_member
from halls.models import Booth, CallRequest, Hall, Lead, LeadSource
from live.models import ChatMessage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
# tests/e2e/conftest.py's flags, plus WebGL through SwiftShader (../shared/notes/stack-notes.md).
WEBGL_ARGS = [
    "--no-sandbox",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
WAIT = 60_000  # ms: SwiftShader on two cores is slow, and the first scene build too


# conftest's `chromium` launches with these flags (WebGL) for this module.
CHROMIUM_LAUNCH_ARGS = WEBGL_ARGS


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings, monkeypatch):
    """Uploaded media in a temporary folder, for this test process and the server alike
    (the server fixture passes the environment on)."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    monkeypatch.setenv("MEDIA_ROOT", str(root))
    return root


@pytest.fixture
def demo_hall(transactional_db) -> Hall:
    call_command("load_demo_exhibition", not_production=True, verbosity=0)
    return Hall.objects.get()


def live_booths(hall: Hall):
    return Booth.objects.filter(zone__hall=hall, status=Booth.Status.LIVE)


# Colour statistics of a PNG (a Playwright screenshot), decoded by the browser itself.
PNG_STATS = """async (data) => {
  const image = new Image();
  image.src = "data:image/png;base64," + data;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  const pixels = ctx.getImageData(0, 0, image.width, image.height).data;
  const histogram = new Map();
  for (let i = 0; i < pixels.length; i += 4) {
    const key = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
    histogram.set(key, (histogram.get(key) || 0) + 1);
  }
  return {distinct: histogram.size, dominantShare: Math.max(...histogram.values()) / (image.width * image.height)};
}"""


def assert_not_blank(page, locator, screenshot_path) -> dict:
    png = locator.screenshot(path=str(screenshot_path))
    stats = page.evaluate(PNG_STATS, base64.b64encode(png).decode())
    assert stats["distinct"] > 20, stats
    assert stats["dominantShare"] < 0.9, stats
    return stats


# Form controls and canvases a screen reader could not name (no label, aria-label or -labelledby).
UNLABELLED = """() => [...document.querySelectorAll(
    "main input:not([type=hidden]), main select, main textarea, main button, main canvas[tabindex]")]
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
    && !el.getAttribute("aria-labelledby") && !(el.tagName === "BUTTON" && el.textContent.trim()))
  .map((el) => el.outerHTML.slice(0, 80))"""


def unlabelled_controls(page) -> list[str]:
    return page.evaluate(UNLABELLED)


def open_hall(open_page, hall: Hall, *, path: str | None = None):
    page = open_page(path=path or f"/exhibition/{hall.slug}/")
    expect(page.locator("#hall")).to_have_attribute("data-ready", "true", timeout=WAIT)
    return page


def camera(page) -> dict:
    return page.evaluate("window.pavilionHall.camera()")


def test_hall_renders_and_a_click_on_a_booth_opens_it(open_page, demo_hall, screenshot, request):
    page = open_hall(open_page, demo_hall)
    hall = page.evaluate(
        "({booths: pavilionHall.booths, ids: pavilionHall.boothIds, signs: pavilionHall.signs,"
        " frame: pavilionHall.frameStats()})"
    )
    assert hall["booths"] == live_booths(demo_hall).count() == 62
    assert sorted(hall["ids"]) == sorted(live_booths(demo_hall).values_list("pk", flat=True))
    # Every sign has its name painted: the hall's, 8 zone gates, 9 board banners, 62 booths.
    assert hall["signs"] == 1 + 8 + 9 + 62
    assert unlabelled_controls(page) == []
    assert hall["frame"]["distinctColours"] > 20 and hall["frame"]["dominantShare"] < 0.9, hall["frame"]
    # The canvas as the visitor sees it (a real screenshot) is more than a blank canvas.
    assert_not_blank(
        page, page.locator("#hall-canvas"), screenshot(page, "hall").with_name(f"{request.node.name}-canvas.png")
    )
    expect(page.locator("#hall-loading")).to_be_hidden()

    # A booth that is on screen and not hidden behind another: point at it, then click.
    target = None
    for booth_id in hall["ids"]:
        position = page.evaluate("(id) => pavilionHall.screenPositionOf(id)", booth_id)
        if position and position["visible"]:
            target = (booth_id, position)
            break
    assert target is not None, "no booth visible from the first view"
    booth_id, position = target
    page.mouse.move(position["x"], position["y"])
    expect(page.locator("#hall")).to_have_attribute("data-hovered", str(booth_id))
    expect(page.locator("#hall-tooltip")).to_be_visible()
    expect(page.locator(f'.booth-links a[data-booth-id="{booth_id}"]')).to_have_class(re.compile("active"))
    screenshot(page, "hovered")
    page.mouse.click(position["x"], position["y"])
    page.wait_for_url(f"**/exhibition/booths/{booth_id}/", timeout=WAIT)
    booth = Booth.objects.get(pk=booth_id)
    expect(page.locator("#booth-name")).to_contain_text(booth.number)


def test_keyboard_walk_moves_the_camera_and_zone_jump(open_page, demo_hall, screenshot):
    page = open_hall(open_page, demo_hall)
    canvas = page.locator("#hall-canvas")
    canvas.focus()
    start = camera(page)

    # Keys are held until the camera has moved (it moves by the frame's duration: on a loaded
    # machine a fixed hold may draw too few frames).
    page.keyboard.down("PageDown")  # descend towards the street
    page.wait_for_function("(y) => pavilionHall.camera().y < y - 1", arg=start["y"], timeout=WAIT)
    page.keyboard.up("PageDown")
    lower = camera(page)
    assert lower["y"] < start["y"] - 1, (start, lower)

    page.keyboard.down("ArrowUp")  # walk forward: the first view looks along -Z
    page.wait_for_function("(z) => pavilionHall.camera().z < z - 1", arg=lower["z"], timeout=WAIT)
    page.keyboard.up("ArrowUp")
    ahead = camera(page)
    assert ahead["z"] < lower["z"] - 1, (lower, ahead)
    assert abs(ahead["x"] - lower["x"]) < 0.5

    page.keyboard.press("d")  # strafe right: +X
    strafed = camera(page)
    assert strafed["x"] > ahead["x"], (ahead, strafed)

    page.keyboard.down("ArrowLeft")  # turn left
    page.wait_for_function("(yaw) => pavilionHall.camera().yaw > yaw", arg=strafed["yaw"], timeout=WAIT)
    page.keyboard.up("ArrowLeft")
    assert camera(page)["yaw"] > strafed["yaw"]

    page.keyboard.press("+")  # rise again
    assert camera(page)["y"] > strafed["y"]

    # Jump to a zone: the camera stands at the mouth of that zone's street, whose centre
    # line is at x = 12 + 26·i (docs/scenes.md).
    zones = list(demo_hall.zones.order_by("order", "pk"))
    page.select_option("#zone-jump", str(zones[-1].pk))
    jumped = camera(page)
    assert abs(jumped["x"] - (12 + 26 * (len(zones) - 1))) < 0.01 and jumped["y"] < 10, jumped
    screenshot(page, "zone")

    # The booth list is the keyboard route: focusing a booth shows it, Enter opens it.
    booth = live_booths(demo_hall).filter(zone=demo_hall.zones.order_by("order").first()).first()
    link = page.locator(f'.booth-links a[data-booth-id="{booth.pk}"]')
    link.focus()
    expect(page.locator("#hall")).to_have_attribute("data-hovered", str(booth.pk))
    assert page.evaluate("(id) => pavilionHall.screenPositionOf(id).visible", booth.pk)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/exhibition/booths/{booth.pk}/")


# Touch gestures as the browser delivers them: pointer events of pointerType "touch".
TOUCH = """([kind, id, x, y]) => {
  const canvas = document.querySelector("#hall-canvas");
  canvas.dispatchEvent(new PointerEvent(kind, {pointerId: id, pointerType: "touch", isPrimary: id === 1,
    clientX: x, clientY: y, bubbles: true, cancelable: true, buttons: kind === "pointerup" ? 0 : 1}));
}"""


def test_touch_drag_looks_around_and_pinch_walks(open_page, demo_hall):
    page = open_hall(open_page, demo_hall)
    box = page.locator("#hall-canvas").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    start = camera(page)

    # One finger dragged to the right: the view turns.
    page.evaluate(TOUCH, ["pointerdown", 1, cx, cy])
    for step in range(1, 6):
        page.evaluate(TOUCH, ["pointermove", 1, cx + 20 * step, cy])
    page.evaluate(TOUCH, ["pointerup", 1, cx + 100, cy])
    turned = camera(page)
    assert turned["yaw"] > start["yaw"] + 0.3, (start, turned)
    assert page.url.endswith(f"/exhibition/{demo_hall.slug}/")  # a drag is not a click on a booth

    # Two fingers spread apart: walk forward along the view (down into the street from above).
    page.evaluate(TOUCH, ["pointerdown", 1, cx - 20, cy])
    page.evaluate(TOUCH, ["pointerdown", 2, cx + 20, cy])
    for step in range(1, 6):
        page.evaluate(TOUCH, ["pointermove", 1, cx - 20 - 15 * step, cy])
        page.evaluate(TOUCH, ["pointermove", 2, cx + 20 + 15 * step, cy])
    page.evaluate(TOUCH, ["pointerup", 1, cx - 95, cy])
    page.evaluate(TOUCH, ["pointerup", 2, cx + 95, cy])
    pinched = camera(page)
    assert pinched["y"] < turned["y"] - 1, (turned, pinched)
    assert abs(pinched["yaw"] - turned["yaw"]) < 1e-6  # a pinch does not turn


def test_without_webgl_the_hall_falls_back_to_the_list(open_page, demo_hall):
    page = open_page(path=f"/exhibition/{demo_hall.slug}/?webgl=0")
    page.wait_for_url(re.compile(rf"/exhibition/{demo_hall.slug}/list/\?nowebgl=1$"), timeout=WAIT)
    expect(page.locator("#no-webgl-notice")).to_be_visible()
    expect(page.locator(".booth-item")).to_have_count(62)


def test_list_view_lists_every_booth_and_filters(open_page, demo_hall, screenshot):
    booths = live_booths(demo_hall)
    page = open_page(path=f"/exhibition/{demo_hall.slug}/list/")
    expect(page.locator(".booth-item")).to_have_count(booths.count())
    expect(page.locator("#booth-map .map-booth")).to_have_count(booths.count())
    shown = {int(i) for i in page.locator(".booth-item").evaluate_all("(items) => items.map((i) => i.dataset.boothId)")}
    assert shown == set(booths.values_list("pk", flat=True))
    # Headings: zones, then boards inside the regional zone.
    expect(page.locator(".zone-list h3")).to_have_count(8)
    expect(page.locator(".board-list h4")).to_have_count(9)
    assert unlabelled_controls(page) == []
    screenshot(page, "list")

    zone = demo_hall.zones.get(slug="fintech")
    page.select_option("#filter-zone", str(zone.pk))
    page.click("#filter-apply")
    expect(page.locator(".booth-item")).to_have_count(booths.filter(zone=zone).count())
    expect(page.locator("#booth-map .map-booth.match")).to_have_count(booths.filter(zone=zone).count())

    board = demo_hall.zones.get(slug="regional").boards.get(slug="greater-bay")
    page.goto(f"/exhibition/{demo_hall.slug}/list/?board={board.pk}")
    expect(page.locator(".booth-item")).to_have_count(booths.filter(board=board).count())

    booth = booths.filter(name_en__gt="").order_by("pk")[5]
    word = booth.name_en.split()[-1]
    page.fill("#filter-q", word)
    page.select_option("#filter-board", "")
    page.press("#filter-q", "Enter")
    expected = [
        b for b in booths if word.casefold() in f"{b.name} {b.name_en} {b.number} {b.organisation.name}".casefold()
    ]
    expect(page.locator(".booth-item")).to_have_count(len(expected))
    expect(page.locator(f'.booth-item[data-booth-id="{booth.pk}"]')).to_be_visible()

    page.fill("#filter-q", "no-such-booth-anywhere")
    page.press("#filter-q", "Enter")
    expect(page.locator(".booth-item")).to_have_count(0)
    expect(page.locator("#no-match")).to_be_visible()

    # Both languages: the switch re-renders names in Chinese, and back.
    page.goto(f"/exhibition/{demo_hall.slug}/list/")
    page.click(".lang-switch button[value='zh-hans']")
    expect(page.locator(f'.booth-item[data-booth-id="{booth.pk}"] a')).to_contain_text(booth.name)
    expect(page.locator("#filter-apply")).to_have_text("筛选")
    page.click(".lang-switch button[value='en']")
    expect(page.locator(f'.booth-item[data-booth-id="{booth.pk}"] a')).to_contain_text(booth.name_en)


@pytest.fixture
def booth_people(demo_hall):
    booth = live_booths(demo_hall).get(number="A-04")  # a pavilion: 3 screens
    visitor = User.objects.create_user(username="visitor", password="pw-visitor-1234", display_name="Visitor Wang")
    staff = User.objects.create_user(username="staffer", password="pw-staffer-1234", display_name="Staff Li")
    add_organisation_member(organisation=booth.organisation, user=staff)
    return booth, visitor, staff


def open_booth(open_page, booth: Booth, username: str):
    page = open_page(username, f"pw-{username}-1234", path=f"/exhibition/booths/{booth.pk}/")
    expect(page.locator("#booth")).to_have_attribute("data-chat", "joined", timeout=WAIT)
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=WAIT)
    return page


def test_booth_page_scene_commentary_and_chat_with_staff(open_page, booth_people, screenshot, request):
    booth, visitor, _staff = booth_people
    staff_page = open_booth(open_page, booth, "staffer")
    page = open_booth(open_page, booth, "visitor")

    # The scene: rendered, not blank, with the descriptor's parts.
    expect(page.locator("#booth")).to_have_attribute("data-scene", "ready", timeout=WAIT)
    info = page.evaluate(
        "({stops: pavilionBooth.stops, screens: pavilionBooth.screens, frame: pavilionBooth.frameStats()})"
    )
    assert info["screens"] == 3 and info["stops"] >= 3
    assert info["frame"]["distinctColours"] > 20 and info["frame"]["dominantShare"] < 0.9, info["frame"]
    assert_not_blank(
        page, page.locator("#booth-canvas"), screenshot(page, "booth").with_name(f"{request.node.name}-canvas.png")
    )
    assert unlabelled_controls(page) == []
    # The text alternative names what the scene holds.
    expect(page.locator("#about-videos li")).to_have_count(3)
    expect(page.locator("#about-stops li")).to_have_count(info["stops"])

    # Guided commentary: next stop moves the camera and shows that stop's text.
    before = page.evaluate("pavilionBooth.cameraPosition()")
    second_stop = page.locator("#about-stops li").nth(1).inner_text()
    page.click("#stop-next")
    expect(page.locator("#commentary-text")).to_have_text(second_stop.strip())
    expect(page.locator("#stop-index")).to_contain_text("2")
    page.wait_for_function(
        "(before) => pavilionBooth.cameraPosition().some((v, i) => Math.abs(v - before[i]) > 0.2)", arg=before
    )
    page.click("#stop-prev")
    expect(page.locator("#stop-index")).to_contain_text("1")
    # A click on a placeholder screen says there is no video rather than failing silently.
    page.click("#stop-next")  # stop 2 looks at screen 0
    page.wait_for_function("!pavilionBooth.flying()")  # the camera's flight to the stop has ended
    position = page.evaluate("pavilionBooth.screenPositionOf(0)")
    page.mouse.click(position["x"], position["y"])
    expect(page.locator("#video-status")).not_to_be_empty()

    # Presence: the visitor sees that staff are online.
    expect(page.locator("#staff-presence")).to_have_attribute("data-staff", "1")

    # Chat both ways.
    page.fill("#chat-input", "你好，我想了解贵单位的人才招聘计划")
    page.press("#chat-input", "Enter")
    expect(staff_page.locator("#chat-list .message", has_text="人才招聘计划")).to_be_visible()
    staff_page.fill("#chat-input", "Welcome! We are hiring engineers.")
    staff_page.click("#chat-send")
    expect(page.locator("#chat-list .message", has_text="hiring engineers")).to_be_visible()
    expect(page.locator("#chat-list .message.mine", has_text="人才招聘计划")).to_be_visible()
    screenshot(page, "chat")
    # A chat conversation is a lead of the booth.
    assert Lead.objects.filter(booth=booth, visitor=visitor, source=LeadSource.CHAT).exists()


def test_booth_page_opens_one_socket_for_chat_and_calls(open_page, booth_people):
    booth, _visitor, _staff = booth_people
    page = open_booth(open_page, booth, "visitor")
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.reload()
    # Both users of the socket are up: the booth chat joined, the calls UI wired.
    expect(page.locator("#booth")).to_have_attribute("data-chat", "joined", timeout=WAIT)
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=WAIT)
    page.wait_for_function("() => Boolean(window.pavilionCalls)")
    assert [url.rsplit("/", 2)[-2] for url in sockets] == ["ws"], sockets


def test_contact_needs_consent_and_call_request(open_page, booth_people, screenshot):
    booth, visitor, _staff = booth_people
    page = open_booth(open_page, booth, "visitor")
    page.fill("#contact-email", "visitor@example.org")
    page.fill("#contact-message", "We would like to cooperate on a project.")

    page.click("#contact-submit")  # no consent
    expect(page.locator("#contact-error")).to_be_visible()
    expect(page.locator("#contact-error")).to_contain_text(re.compile("consent|同意", re.I))
    expect(page.locator("#contact-consent")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#contact-result")).to_be_hidden()
    assert page.evaluate("pavilionBooth.lastSubmit.status") == 400
    assert not Lead.objects.filter(booth=booth, visitor=visitor).exists()
    screenshot(page, "refused")

    page.check("#contact-consent")
    page.click("#contact-submit")
    expect(page.locator("#contact-result")).to_be_visible()
    expect(page.locator("#contact-error")).to_be_hidden()
    lead = Lead.objects.get(booth=booth, visitor=visitor)
    assert lead.source == LeadSource.CONTACT_FORM and lead.contact_email == "visitor@example.org"

    page.fill("#contact-time", "tomorrow 10:00")
    page.click("#call-request")
    expect(page.locator("#contact-result")).to_contain_text(re.compile("call|通话", re.I))
    call = CallRequest.objects.get(booth=booth, visitor=visitor)
    assert call.status == CallRequest.Status.PENDING and call.preferred_time == "tomorrow 10:00"
    # Asking twice is refused with a clear message, and nothing is lost.
    page.click("#call-request")
    expect(page.locator("#contact-error")).to_be_visible()
    assert CallRequest.objects.filter(booth=booth, visitor=visitor).count() == 1
    screenshot(page, "contact")


def test_guest_is_asked_to_log_in_and_unknown_pages_are_404(open_page, demo_hall):
    booth = live_booths(demo_hall).first()
    page = open_page(path=f"/exhibition/booths/{booth.pk}/")
    page.check("#contact-consent")
    page.fill("#contact-email", "guest@example.org")
    page.click("#contact-submit")
    expect(page.locator("#contact-error a")).to_have_attribute("href", re.compile(r"/accounts/login/\?next="))
    assert not Lead.objects.exists()
    for path in ("/exhibition/booths/999999/", "/exhibition/no-such-hall/", "/exhibition/no-such-hall/list/"):
        response = page.goto(path)
        assert response is not None and response.status == 404, path


# ---------------------------------------------------------------- booth media (real files)


def webm_video(seconds: int = 3, fps: int = 10, width: int = 160, height: int = 90) -> bytes:
    """A small VP8 WebM made with PyAV: a colour ramp whose green changes every frame."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="webm") as container:
        stream = container.add_stream("libvpx", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for i in range(seconds * fps):
            row = bytes(
                c for x in range(width) for c in (x * 255 // width, (i * 25) % 255, 255 if x < width // 2 else 0)
            )
            frame = av.VideoFrame(width, height, "rgb24")
            plane = frame.planes[0]
            plane.update(b"".join(row + b"\x00" * (plane.line_size - len(row)) for _ in range(height)))
            for packet in stream.encode(frame.reformat(format="yuv420p")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()


def ogg_tone(seconds: int = 1, rate: int = 48000) -> bytes:
    """A 440 Hz Opus tone in Ogg, for a commentary stop's audio."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=rate)
        stream.layout = "mono"
        n = 960
        for k in range(seconds * rate // n):
            samples = array.array("h", (int(8000 * math.sin(2 * math.pi * 440 * (k * n + j) / rate)) for j in range(n)))
            frame = av.AudioFrame(format="s16", layout="mono", samples=n)
            frame.planes[0].update(samples.tobytes())
            frame.sample_rate = rate
            frame.pts = k * n
            frame.time_base = Fraction(1, rate)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()


@pytest.fixture
def booth_with_media(booth_people):
    from halls.content.services import add_item

    booth, visitor, staff = booth_people
    add_item(
        booth=booth,
        kind="videos",
        data={"title": "人才中心介绍", "title_en": "About the Talent Center"},
        files={"file": SimpleUploadedFile("intro.webm", webm_video(), content_type="video/webm")},
    )
    add_item(
        booth=booth,
        kind="commentary",
        data={
            "x": 0,
            "z": 1,
            "target": f"booth:{booth.pk}:screen:0",
            "text": "请看视频。",
            "text_en": "Watch our video.",
        },
        files={"audio": SimpleUploadedFile("stop.ogg", ogg_tone(), content_type="audio/ogg")},
    )
    return booth, visitor, staff


def test_booth_video_plays_on_its_screen_and_commentary_audio(open_page, booth_with_media, screenshot):
    booth, _visitor, _staff = booth_with_media
    page = open_booth(open_page, booth, "visitor")
    expect(page.locator("#booth")).to_have_attribute("data-scene", "ready", timeout=WAIT)
    # The text alternative lists the real video and offers to play it.
    expect(page.locator("#about-videos")).to_contain_text("About the Talent Center")
    expect(page.locator("#about-videos .play-screen")).to_have_count(1)
    assert page.evaluate("pavilionBooth.screenTexture(0).video") is False

    # The commentary is the booth's own stop: its text, its audio, the camera on screen 0.
    expect(page.locator("#commentary-text")).to_have_text("Watch our video.")
    page.click("#stop-next")  # one stop: next comes back to it, with the visitor's gesture
    expect(page.locator("#commentary-audio")).to_be_visible()
    assert page.evaluate("document.querySelector('#commentary-audio').src").startswith("http")
    page.wait_for_function("document.querySelector('#commentary-audio').readyState >= 1", timeout=WAIT)
    assert page.evaluate("document.querySelector('#commentary-audio').error") is None

    # A real click on the screen in the 3D view plays the video there as a VideoTexture.
    page.wait_for_function("!pavilionBooth.flying()", timeout=WAIT)  # the camera's flight to the stop
    position = page.evaluate("pavilionBooth.screenPositionOf(0)")
    page.mouse.click(position["x"], position["y"])
    page.wait_for_function("(pavilionBooth.playing || []).includes(0)", timeout=WAIT)
    page.wait_for_function("pavilionBooth.screenTexture(0).currentTime > 0.3", timeout=WAIT)
    assert page.evaluate("pavilionBooth.screenTexture(0).video") is True
    expect(page.locator("#video-status")).to_contain_text("About the Talent Center")
    screenshot(page, "video")
    # Click again: paused.
    page.mouse.click(position["x"], position["y"])
    page.wait_for_function("!(pavilionBooth.playing || []).includes(0)", timeout=WAIT)


def test_commentary_stands_at_each_stop_and_looks_where_the_exhibitor_said(open_page, demo_hall):
    """A demo booth with its own commentary (halls/content/demo.py): each stop's title and
    text, and the camera turned to the stop's `lookAt`."""
    import json

    from halls.scenes import service as scenes

    booth = live_booths(demo_hall).filter(commentary__isnull=False).distinct().first()
    assert booth is not None, "the demo exhibition has booths with commentary"
    scene = json.loads(scenes.booth_descriptor(booth).body())["object"]
    stops = sorted(
        (child["userData"] for child in scene["children"] if child.get("userData", {}).get("kind") == "hotspot"),
        key=lambda data: data["order"],
    )
    assert len(stops) >= 2 and all(stop["default"] is False for stop in stops)
    page = open_page(path=f"/exhibition/booths/{booth.pk}/")
    expect(page.locator("#booth")).to_have_attribute("data-scene", "ready", timeout=WAIT)
    for index in (1, 0):
        (page.click("#stop-next") if index == 1 else page.click("#stop-prev"))
        stop = stops[index]
        expect(page.locator("#commentary-text")).to_have_text(stop["text"]["en"] or stop["text"]["zh"])
        if stop.get("title"):
            expect(page.locator("#commentary-stop-title")).to_have_text(stop["title"]["en"] or stop["title"]["zh"])
        if stop.get("lookAt"):
            target = page.evaluate("pavilionBooth.cameraTarget")
            assert target == pytest.approx(stop["lookAt"]), (target, stop)


def test_booth_chat_recovers_after_a_server_restart(open_page, booth_people, server):
    booth, visitor, _staff = booth_people
    page = open_booth(open_page, booth, "visitor")
    page.fill("#chat-input", "before the restart")
    page.press("#chat-input", "Enter")
    expect(page.locator("#chat-list .message", has_text="before the restart")).to_have_count(1)

    server.stop()
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "reconnecting", timeout=WAIT)
    # Written while the server is down: kept and sent once the room is joined again.
    page.fill("#chat-input", "during the restart")
    page.press("#chat-input", "Enter")
    server.start()
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "connected", timeout=WAIT)
    expect(page.locator("#chat-list .message", has_text="during the restart")).to_have_count(1, timeout=WAIT)
    expect(page.locator("#chat-list .message", has_text="before the restart")).to_have_count(1)
    assert ChatMessage.objects.filter(room=booth.room, author=visitor).count() == 2
