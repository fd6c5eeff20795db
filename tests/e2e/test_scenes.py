"""The scene descriptors in a real browser: three.js from npm loads both with ObjectLoader,
WebGL (SwiftShader) renders them, and the page reports what it loaded and rendered."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Organisation
from halls import services
from halls.models import Board, Booth, Hall, Zone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# tests/e2e/conftest.py's flags, plus WebGL through SwiftShader.
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
WAIT = 60_000  # ms: SwiftShader on two cores is slow, and the first build of 64 booths too


# conftest's `chromium` launches with these flags (WebGL) for this module.
CHROMIUM_LAUNCH_ARGS = WEBGL_ARGS


@pytest.fixture
def exhibition(transactional_db):
    hall = Hall.objects.create(slug="street", name="测试虚拟展厅", name_en="Test virtual hall")
    zones = [
        Zone.objects.create(hall=hall, slug=f"z{i}", code="ABCDEFGH"[i], name=f"专区{i}", name_en=f"Zone {i}", order=i)
        for i in range(8)
    ]
    boards = [
        Board.objects.create(zone=zones[1], slug=f"b{j}", code=str(j), name=f"板块{j}", name_en=f"Board {j}", order=j)
        for j in range(1, 10)
    ]
    orgs = [Organisation.objects.create(name=f"展商{i}", name_en=f"Exhibitor {i}") for i in range(4)]
    templates = ["standard", "standard", "double", "pavilion"]
    booths = []
    for i in range(64):
        zone = zones[i % 8]
        booths.append(
            services.create_booth(
                organisation=orgs[i % 4],
                zone=zone,
                board=boards[i % 9] if zone == zones[1] else None,
                template=templates[i % 4],
                name=f"展位{i}",
                name_en=f"Booth {i}",
                status="live",
            )
        )
    services.create_booth(organisation=orgs[0], zone=zones[0], name="草稿展位")  # draft: not in the street
    return hall, booths


def test_hall_and_booth_scenes_load_and_render(open_page, exhibition, screenshot):
    assert (REPO_ROOT / "frontend/node_modules/three/build/three.module.js").exists(), "run `make node-deps`"
    hall, booths = exhibition
    booth = booths[3]  # a pavilion
    page = open_page(path=f"/exhibition/scenes/view/{hall.slug}/?booth={booth.pk}")
    viewer = page.locator("#scene-viewer")
    expect(viewer).not_to_have_attribute("data-ready", "false", timeout=WAIT)
    error = page.evaluate("window.pavilionScenesError || null")
    assert error is None, error
    expect(viewer).to_have_attribute("data-ready", "true")
    result = page.evaluate("window.pavilionScenes")
    screenshot(page, "scenes")

    live = Booth.objects.filter(zone__hall=hall, status=Booth.Status.LIVE)
    h = result["hall"]
    assert h["booths"] == h["declaredBooths"] == live.count() == 64
    assert sorted(h["boothIds"]) == sorted(live.values_list("pk", flat=True))
    assert set(h["boothNames"]) == {f"booth:{b.pk}" for b in booths}
    assert h["zones"] == 8 and h["boards"] == 9
    assert h["entrances"] == 1 + 8  # the main entrance and one per zone street
    assert h["signs"] == 1 + 8 + 9  # booth signs: painted from the markers (hall page), or the zone detail
    # Light: the booths' four parts instanced (one instance per booth), a couple of shared
    # geometries and a dozen materials.
    assert h["instanced"] == 4 and h["instances"] == 4 * 64
    assert h["meshes"] < 60 and h["geometries"] <= 3 and h["materials"] <= 16

    b = result["booth"]
    assert b["name"] == f"booth:{booth.pk}"
    assert b["screens"] == 3 and b["posters"] == 6 and b["ads"] == 2 and b["logos"] == 1
    assert b["hotspots"] >= 3 and all(target.startswith(f"booth:{booth.pk}:") for target in b["hotspotTargets"])
    assert b["mediaRefs"] == b["screens"] + b["posters"] + b["ads"] + b["logos"]
    assert "screen:placeholder" in b["mediaKinds"]

    # Both frames were drawn with WebGL and are more than a blank canvas.
    for name in ("hall", "booth"):
        frame = result[name]["render"]
        assert frame["drawCalls"] > 10, (name, frame)
        assert frame["distinctColours"] > 20, (name, frame)
        assert frame["dominantShare"] < 0.9, (name, frame)
    assert result["hall"]["render"]["drawCalls"] <= 60  # was 270+ before instancing

    # The descriptors are revalidated, not rebuilt: the server answers 304 to the ETag.
    status = page.evaluate(
        """async ([url, etag]) => (await fetch(url, {headers: {"If-None-Match": etag}, cache: "no-store"})).status""",
        [f"/exhibition/scenes/hall/{hall.slug}.json", h["etag"]],
    )
    assert status == 304
