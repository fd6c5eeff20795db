"""WebXR on the hall and booth pages (docs/exhibition-pages.md, "VR and AR") in a real
Chromium against a real Daphne, with an emulated headset and an emulated handheld AR device
from IWER (the `iwer` npm package, Meta's WebXR emulation runtime). IWER reaches the page
only through this test's init scripts (read from frontend/node_modules): the app never serves
it. The test drives the headset's and controllers' poses and their trigger and thumbstick
as a person would, and reads what the page did from window.pavilionXR."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_exhibition_pages import (  # noqa: F401  (fixtures)
    WAIT,
    WEBGL_ARGS,
    booth_people,
    booth_with_media,
    demo_hall,
    live_booths,
    media_root,
    open_booth,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A select on a screen plays its video: on a headset the select is the visitor's gesture
# (user activation); IWER's synthetic select is not one, so autoplay is allowed here.
CHROMIUM_LAUNCH_ARGS = [*WEBGL_ARGS, "--autoplay-policy=no-user-gesture-required"]

IWER = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "iwer" / "build" / "iwer.min.js"

# The emulated device, installed before any page script runs (forceInstall: Chromium has a
# navigator.xr of its own, without any immersive device behind it).
DEVICE = """(() => {
  const kind = %r;
  const config = kind === "headset" ? IWER.metaQuest3 : {
    ...IWER.metaQuest3,
    name: "Handheld AR (emulated phone; a Touch controller stands in for the screen tap)",
    supportedSessionModes: ["inline", "immersive-ar"],
  };
  // IWER 2.5.0's getOffsetReferenceSpace clones the XRRigidTransform object as if it were
  // its matrix (a matrix of NaNs): hand it the transform's matrix, as the spec means.
  const offset = IWER.XRReferenceSpace.prototype.getOffsetReferenceSpace;
  IWER.XRReferenceSpace.prototype.getOffsetReferenceSpace = function (transform) {
    return offset.call(this, transform && transform.matrix ? transform.matrix : transform);
  };
  const device = new IWER.XRDevice(config);
  device.installRuntime({ forceInstall: true });
  if (kind === "phone") device.installSEM(Room);
  window.__xrDevice = device;
})();"""

# The room around the handheld device, for hit tests (IWER's Synthetic Environment Module
# interface): the floor (y = 0) and a table top 0.75 m high, 1.2 m × 0.8 m, a metre ahead.
ROOM = """class Room {
  constructor(device) {
    this.version = "test-room";
    this.environmentCanvas = document.createElement("canvas");
    this.planesVisible = this.boundingBoxesVisible = this.meshesVisible = false;
    this.trackedPlanes = new Set();
    this.trackedMeshes = new Set();
  }
  render() {}
  loadEnvironment() {}
  loadDefaultEnvironment() {}
  deleteAll() {}
  computeDepthBuffer() { return null; }
  computeHitTestResults(m) {
    const o = [m[12], m[13], m[14]];
    const d = [-m[8], -m[9], -m[10]];
    const hits = [];
    const at = (y, inside) => {
      if (Math.abs(d[1]) < 1e-6) return;
      const t = (y - o[1]) / d[1];
      if (t <= 0) return;
      const p = [o[0] + t * d[0], y, o[2] + t * d[2]];
      if (inside(p)) hits.push([t, p]);
    };
    at(0.75, (p) => Math.abs(p[0]) <= 0.6 && p[2] >= -1.4 && p[2] <= -0.6);
    at(0, () => true);
    hits.sort((a, b) => a[0] - b[0]);
    return hits.map(([, p]) => new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, p[0], p[1], p[2], 1]));
  }
}"""

# Helpers in the page: wait for XR frames; point a controller from `from` at `to` (scene
# coordinates, turned into the tracked room through the page's rig) and pull its trigger.
HELPERS = """
window.__xrFrames = (k) => new Promise((resolve, reject) => {
  const n = pavilionXR.frames;
  const until = performance.now() + 30000;
  const tick = () => {
    if (pavilionXR.frames >= n + k) resolve();
    else if (performance.now() > until) reject(new Error(`no XR frames: ${pavilionXR.error || "?"}`));
    else setTimeout(tick, 10);
  };
  tick();
});
window.__xrAim = async (from, to, hand = "right") => {
  const controller = __xrDevice.controllers[hand];
  const [a, b] = [pavilionXR.toTracking(from), pavilionXR.toTracking(to)];
  const v = (p) => ({x: p[0], y: p[1], z: p[2]});
  const q = IWER.lookRotation(IWER.directionTo(v(a), v(b)));
  controller.position.set(a[0], a[1], a[2]);
  controller.quaternion.set(q.x, q.y, q.z, q.w);
  await __xrFrames(3);
  return pavilionXR.pointing;
};
window.__xrSelect = async (from, to, hand = "right") => {
  const pointing = await __xrAim(from, to, hand);
  const controller = __xrDevice.controllers[hand];
  controller.updateButtonValue("trigger", 1);
  await __xrFrames(3);
  controller.updateButtonValue("trigger", 0);
  await __xrFrames(3);
  return {pointing, done: pavilionXR.log[pavilionXR.log.length - 1] || null};
};
window.__xrHead = (p, look) => {
  const v = (x) => ({x: x[0], y: x[1], z: x[2]});
  const q = IWER.lookRotation(IWER.directionTo(v(p), v(look)));
  __xrDevice.position.set(p[0], p[1], p[2]);
  __xrDevice.quaternion.set(q.x, q.y, q.z, q.w);
};
"""


def with_device(page, kind: str):
    """Inject IWER and an emulated `kind` ("headset" | "phone") into every page of its context."""
    page.context.add_init_script(path=str(IWER))
    page.context.add_init_script(ROOM + "\n" + DEVICE % kind + "\n" + HELPERS)
    page.reload()
    return page


def flat_distance(a, b) -> float:
    return math.hypot(a[0] - b[0], a[2] - b[2])


def enter(page, button: str, mode: str):
    page.click(button)
    page.wait_for_function(f"pavilionXR.presenting === '{mode}' && pavilionXR.frames > 3", timeout=WAIT)


def end_session(page):
    page.evaluate("__xrDevice.activeSession.end()")
    page.wait_for_function("pavilionXR.presenting === null", timeout=WAIT)


def hand_from(head) -> list[float]:
    return [head[0] + 0.2, head[1] - 0.4, head[2] - 0.2]


def test_hall_vr_teleport_walk_and_enter_a_booth(open_page, demo_hall):  # noqa: F811  (fixtures imported above)
    page = open_page(path=f"/exhibition/{demo_hall.slug}/")
    with_device(page, "headset")
    expect(page.locator("#hall")).to_have_attribute("data-ready", "true", timeout=WAIT)
    vr = page.locator("#xr-buttons [data-xr=vr]")
    expect(vr).to_be_visible()
    expect(vr).to_have_text("Enter VR")
    assert page.locator("#xr-buttons [data-xr=ar]").count() == 0  # the hall offers VR only
    enter(page, "#xr-buttons [data-xr=vr]", "vr")

    # Teleport: the ray on the street ahead; the head lands over the point.
    head = page.evaluate("pavilionXR.viewer()")
    spot = [head[0], 0, head[2] - 8]
    result = page.evaluate("([f, t]) => __xrSelect(f, t)", [hand_from(head), spot])
    assert result["pointing"]["kind"] == "floor", result
    assert result["done"]["did"] == "teleport", result
    page.wait_for_function("pavilionXR.frames > 0")
    page.evaluate("__xrFrames(2)")
    head = page.evaluate("pavilionXR.viewer()")
    assert flat_distance(head, spot) < 0.05, (head, spot)
    assert page.evaluate("pavilionXR.teleports") == 1

    # The thumbstick walks along the gaze (forward is -y) and snaps the heading.
    page.evaluate("__xrDevice.controllers.left.updateAxes('thumbstick', 0, -1)")
    page.evaluate("__xrFrames(10)")
    page.evaluate("__xrDevice.controllers.left.updateAxes('thumbstick', 0, 0)")
    page.evaluate("__xrFrames(2)")
    walked = page.evaluate("pavilionXR.viewer()")
    heading = page.evaluate("pavilionXR.rig().yaw")  # the emulated head looks straight ahead
    step = [walked[0] - head[0], walked[2] - head[2]]
    length = math.hypot(*step)
    assert length > 0.3, (head, walked)
    assert (-math.sin(heading) * step[0] - math.cos(heading) * step[1]) > 0.95 * length, (heading, step)
    yaw = page.evaluate("pavilionXR.rig().yaw")
    page.evaluate("__xrDevice.controllers.left.updateAxes('thumbstick', 1, 0)")
    page.evaluate("__xrFrames(3)")
    page.evaluate("__xrDevice.controllers.left.updateAxes('thumbstick', 0, 0)")
    page.evaluate("__xrFrames(2)")
    assert page.evaluate("pavilionXR.rig().yaw") == pytest.approx(yaw - math.pi / 6)

    # Leaving the session: the screen walk goes on where the visitor stood.
    end_session(page)
    expect(vr).to_have_text("Enter VR")
    assert flat_distance(page.evaluate("[pavilionHall.camera().x, 0, pavilionHall.camera().z]"), walked) < 1.5

    # Again, and the ray on a booth: teleported to its front, looking at it; a second select
    # on it, now near, enters it.
    enter(page, "#xr-buttons [data-xr=vr]", "vr")
    head = page.evaluate("pavilionXR.viewer()")
    # A booth seen from here (the ray to its centre meets it) beyond select's entering
    # distance (12 m).
    hand = hand_from(head)
    booth_id = page.evaluate(
        """(o) => pavilionHall.boothIds.find((id) => {
             const c = pavilionXR.boothCentre(id);
             const d = Math.hypot(c[0] - o[0], c[2] - o[2]);
             const seen = pavilionXR.pick(o, [c[0] - o[0], c[1] - o[1], c[2] - o[2]]).what;
             return d > 15 && d < 50 && seen && seen.id === id;
           })""",
        hand,
    )
    assert booth_id is not None
    centre = page.evaluate(f"pavilionXR.boothCentre({booth_id})")
    result = page.evaluate("([f, t]) => __xrSelect(f, t)", [hand, centre])
    assert result["pointing"] == {"kind": "booth", "id": booth_id}, result
    target = result["pointing"]["id"]
    front = page.evaluate(f"pavilionXR.frontOf({target})")
    assert result["done"] == {"did": "teleport", "booth": target, "to": pytest.approx(front, abs=0.05)}
    page.evaluate("__xrFrames(2)")
    head = page.evaluate("pavilionXR.viewer()")
    assert flat_distance(head, result["done"]["to"]) < 0.05
    centre = page.evaluate(f"pavilionXR.boothCentre({target})")
    seen = page.evaluate(
        "([o, c]) => pavilionXR.pick(o, [c[0] - o[0], 1.2 - o[1], c[2] - o[2]]).what", [hand_from(head), centre]
    )
    assert seen == {"kind": "booth", "id": target}
    with page.expect_navigation(url=f"**/exhibition/booths/{target}/", timeout=WAIT):
        # Not awaited: the select leaves the page.
        page.evaluate("([f, t]) => { __xrSelect(f, t); }", [hand_from(head), [centre[0], 1.2, centre[2]]])
    # On the booth page the headset is offered VR again.
    expect(page.locator("#xr-buttons [data-xr=vr]")).to_be_visible(timeout=WAIT)


def test_booth_vr_plays_the_video_follows_the_commentary_and_queues_the_contact_form(open_page, booth_with_media):  # noqa: F811  (fixtures imported above)
    booth, _visitor, _staff = booth_with_media
    page = open_booth(open_page, booth, "visitor")
    with_device(page, "headset")
    root = page.locator("#booth")
    expect(root).to_have_attribute("data-scene", "ready", timeout=WAIT)
    expect(page.locator("#xr-buttons [data-xr=vr]")).to_be_visible()
    expect(page.locator("#xr-buttons [data-xr=ar]")).to_be_visible()  # the headset has passthrough AR
    enter(page, "#xr-buttons [data-xr=vr]", "vr")

    # Select on the screen: its video plays there.
    head = page.evaluate("pavilionXR.viewer()")
    screen = page.evaluate("pavilionXR.screenCentre(0)")
    result = page.evaluate("([f, t]) => __xrSelect(f, t)", [hand_from(head), screen])
    assert result["done"] == {"did": "screen", "screen": 0}, result
    page.wait_for_function("(pavilionBooth.playing || []).includes(0)", timeout=WAIT)
    page.wait_for_function("pavilionBooth.screenTexture(0).currentTime > 0.3", timeout=WAIT)

    # The "Next stop" panel: the stop's text, and the visitor stands where it is seen from.
    panel = page.evaluate("pavilionXR.panelCentre('next')")
    result = page.evaluate("([f, t]) => __xrSelect(f, t)", [hand_from(head), panel])
    assert result["done"]["did"] == "stop", result
    stop = result["done"]["stop"]
    expect(page.locator("#commentary-text")).not_to_be_empty()
    page.evaluate("__xrFrames(2)")
    spot = page.evaluate(f"pavilionXR.stopViewpoint({stop}).spot")
    assert flat_distance(page.evaluate("pavilionXR.viewer()"), spot) < 0.05

    # "Leave my contact" is queued; the exit panel ends the session and the form opens.
    head = page.evaluate("pavilionXR.viewer()")
    contact = page.evaluate("pavilionXR.panelCentre('contact')")
    result = page.evaluate("([f, t]) => __xrSelect(f, t)", [hand_from(head), contact])
    assert result["done"] == {"did": "contact-queued"}, result
    assert root.get_attribute("data-xr-contact") is None
    exit_panel = page.evaluate("pavilionXR.panelCentre('exit')")
    page.evaluate("([f, t]) => { __xrSelect(f, t); }", [hand_from(head), exit_panel])  # ends the frames
    page.wait_for_function("pavilionXR.log.some((done) => done.did === 'exit')", timeout=WAIT)
    page.wait_for_function("pavilionXR.presenting === null", timeout=WAIT)
    expect(root).to_have_attribute("data-xr-contact", "open")
    expect(page.locator("#contact-name")).to_be_focused()


def test_booth_ar_places_the_model_on_the_table_and_the_floor(open_page, booth_people):  # noqa: F811  (fixtures imported above)
    booth, _visitor, _staff = booth_people
    page = open_page(path=f"/exhibition/booths/{booth.pk}/")
    with_device(page, "phone")
    expect(page.locator("#booth")).to_have_attribute("data-scene", "ready", timeout=WAIT)
    page.click(".lang-switch button[value='zh-hans']")
    expect(page.locator("#booth")).to_have_attribute("data-scene", "ready", timeout=WAIT)
    ar = page.locator("#xr-buttons [data-xr=ar]")
    expect(ar).to_have_text("在你的房间里查看（AR）")
    assert page.locator("#xr-buttons [data-xr=vr]").count() == 0  # the phone offers AR only
    page.evaluate("__xrHead([0, 1.4, 0], [0, 0.75, -1])")
    enter(page, "#xr-buttons [data-xr=ar]", "ar")

    # The reticle sits on the table top; a tap (select) places the model there.
    page.wait_for_function("pavilionXR.reticle && Math.abs(pavilionXR.reticle[1] - 0.75) < 0.01", timeout=WAIT)
    table = page.evaluate("pavilionXR.reticle")
    assert table == pytest.approx([0, 0.75, -1], abs=0.02)
    result = page.evaluate("() => __xrSelect([0.1, 1.2, -0.2], [0, 0.75, -1])")
    assert result["done"]["did"] == "place", result
    assert result["done"]["at"] == pytest.approx(table, abs=0.02)

    # Looking past the table: the reticle on the floor; a tap moves the model there.
    page.evaluate("__xrHead([0, 1.4, 0], [1.5, 0, -2])")
    page.wait_for_function("pavilionXR.reticle && Math.abs(pavilionXR.reticle[1]) < 0.01", timeout=WAIT)
    floor = page.evaluate("pavilionXR.reticle")
    assert floor == pytest.approx([1.5, 0, -2], abs=0.03)
    result = page.evaluate("() => __xrSelect([0.1, 1.2, -0.2], [1.5, 0, -2])")
    assert result["done"]["at"] == pytest.approx(floor, abs=0.03)

    # Walking round it: the model stays where it was put.
    page.evaluate("__xrHead([1.5, 1.4, -3.5], [1.5, 0.2, -2])")
    page.evaluate("__xrFrames(5)")
    assert page.evaluate("pavilionXR.placed.at") == pytest.approx(floor, abs=0.03)
    end_session(page)
    expect(ar).to_have_text("在你的房间里查看（AR）")


def test_without_webxr_the_buttons_are_absent(open_page, booth_people):  # noqa: F811  (fixtures imported above)
    """Headless Chromium has navigator.xr but no immersive device: no button, in either language."""
    booth, _visitor, _staff = booth_people
    pages = (
        (f"/exhibition/{booth.zone.hall.slug}/", "#hall[data-ready=true]"),
        (f"/exhibition/booths/{booth.pk}/", "#booth[data-scene=ready]"),
    )
    for path, ready in pages:
        page = open_page(path=path)
        for lang in ("en", "zh-hans"):
            if lang == "zh-hans":
                page.click(".lang-switch button[value='zh-hans']")
            page.wait_for_selector(ready, timeout=WAIT)
            page.wait_for_function("window.pavilionXR && window.pavilionXR.supported", timeout=WAIT)
            expect(page.locator("#xr-buttons")).to_have_count(0, timeout=WAIT)
            assert page.locator("[data-xr]").count() == 0
            assert page.evaluate("pavilionXR.presenting") is None
