"""3D scene descriptors: the exported three.js JSON, its caching and conditional GETs."""

from __future__ import annotations

import itertools
import json
import math

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import Organisation
from halls import services
from halls.models import Board, Booth, Hall, Zone
from halls.scenes import builders, content, export

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def builds(monkeypatch):
    """Counts real builds of each kind of scene."""
    counts = {"hall": 0, "booth": 0}
    hall_build, booth_build = builders.build_hall_scene, builders.build_booth_scene

    def hall(spec):
        counts["hall"] += 1
        return hall_build(spec)

    def booth(spec):
        counts["booth"] += 1
        return booth_build(spec)

    monkeypatch.setattr(builders, "build_hall_scene", hall)
    monkeypatch.setattr(builders, "build_booth_scene", booth)
    return counts


def make_booths(n: int, zones: list[Zone], boards: list[Board] | None = None, start: int = 0) -> list[Booth]:
    org = Organisation.objects.create(name=f"展商{start}", name_en=f"Exhibitor {start}")
    booths = []
    templates = ["standard", "double", "pavilion", "standard"]
    for i in range(start, start + n):
        zone = zones[i % len(zones)]
        board = None
        if boards and zone.boards.exists():
            board = [b for b in boards if b.zone_id == zone.pk][i % len([b for b in boards if b.zone_id == zone.pk])]
        booths.append(
            services.create_booth(
                organisation=org,
                zone=zone,
                board=board,
                template=templates[i % len(templates)],
                name=f"展位{i}",
                name_en=f"Booth {i}",
                status="live",
            )
        )
    return booths


def hall_url(hall) -> str:
    return reverse("api:scene-hall", args=[hall.slug])


def booth_url(booth) -> str:
    return reverse("api:scene-booth", args=[booth.pk])


def walk(node):
    yield node
    for child in node.get("children", []):
        yield from walk(child)


def by_kind(data, kind: str) -> list[dict]:
    return [o for o in walk(data["object"]) if o.get("userData", {}).get("kind") == kind]


def get_json(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


@pytest.fixture
def board2(regional) -> Board:
    return Board.objects.create(
        zone=regional, slug="bay", code="3", name="粤港澳大湾区建设板块", name_en="Greater Bay", order=3
    )


# ---------------------------------------------------------------- hall scene


def test_hall_scene_structure(client, hall, zone, regional, board, board2):
    booths = make_booths(6, [zone, regional], [board, board2])
    draft = services.create_booth(organisation=booths[0].organisation, zone=zone, name="草稿", status="draft")
    _, data = get_json(client, hall_url(hall))

    assert data["metadata"] == {"version": 4.5, "type": "Object", "generator": export.GENERATOR}
    scene = data["object"]
    assert scene["type"] == "Scene" and scene["name"] == f"hall:{hall.slug}"
    assert scene["userData"]["kind"] == "hall" and scene["userData"]["booths"] == 6

    booth_nodes = by_kind(data, "booth")
    assert len(booth_nodes) == Booth.objects.filter(zone__hall=hall, status="live").count() == 6
    assert {n["name"] for n in booth_nodes} == {f"booth:{b.pk}" for b in booths}
    assert f"booth:{draft.pk}" not in {n["name"] for n in walk(scene)}
    for node in booth_nodes:
        assert node["userData"]["scene"] == reverse("api:scene-booth", args=[node["userData"]["id"]])
        # A marker: the booth's parts are instanced (booths:far) and come in full with its zone.
        assert "children" not in node and node["userData"]["lod"] == "far"
        assert node["userData"]["frontage"] == builders.FOOTPRINT[node["userData"]["template"]][0]

    zones = {n["userData"]["id"]: n for n in by_kind(data, "zone")}
    assert list(zones) == [regional.pk, zone.pk]  # street order follows Zone.order (2, then 4)
    assert zones[regional.pk]["userData"]["name"] == {"zh": "区域协调发展展示专区", "en": "区域协调发展展示专区"}
    signs = by_kind(data, "sign")
    zone_signs = [s for s in signs if s["userData"]["for"] == "zone"]
    board_signs = [s for s in signs if s["userData"]["for"] == "board"]
    assert {s["userData"]["zone"] for s in zone_signs} == {zone.pk, regional.pk}
    assert {s["userData"]["board"] for s in board_signs} == {board.pk, board2.pk}
    assert {s["userData"]["name"]["en"] for s in board_signs} == {"先行示范区建设板块", "Greater Bay"}
    entrances = by_kind(data, "entrance")
    assert {e["name"] for e in entrances} == {
        "entrance:main",
        f"zone:{zone.pk}:entrance",
        f"zone:{regional.pk}:entrance",
    }

    # Every reference resolves; three's JSON wants integers for colours and enums.
    geometries = {g["uuid"] for g in data["geometries"]}
    materials = {m["uuid"]: m for m in data["materials"]}
    for node in walk(scene):
        if node["type"] in ("Mesh", "InstancedMesh"):
            assert node["geometry"] in geometries and node["material"] in materials
        assert "matrix" not in node and len(node["quaternion"]) == 4
    assert all(isinstance(m["color"], int) for m in materials.values())
    sun = next(n for n in walk(scene) if n["type"] == "DirectionalLight")
    assert sun["target"] in {n["uuid"] for n in walk(scene)}
    uuids = [n["uuid"] for n in walk(scene)]
    assert len(uuids) == len(set(uuids))


def test_booths_on_a_street_do_not_overlap(client, hall, zone, regional, board, board2):
    make_booths(30, [zone, regional], [board, board2])
    _, data = get_json(client, hall_url(hall))
    for zone_node in by_kind(data, "zone"):
        runs: dict[str, list[tuple[float, float]]] = {"left": [], "right": []}
        for booth in [n for n in walk(zone_node) if n.get("userData", {}).get("kind") == "booth"]:
            frontage = builders.FOOTPRINT[booth["userData"]["template"]][0]
            z = booth["position"][2]
            runs[booth["userData"]["side"]].append((z - frontage / 2, z + frontage / 2))
            assert (booth["position"][0] < 0) == (booth["userData"]["side"] == "left")
            assert z < -builders.STREET_START
        for intervals in runs.values():
            intervals.sort()
            assert all(a[1] <= b[0] + 1e-6 for a, b in itertools.pairwise(intervals))


def test_shared_geometries_stay_few_as_booths_grow(client, hall, zone, regional, board, board2):
    make_booths(5, [zone, regional], [board, board2])
    _, small = get_json(client, hall_url(hall))
    make_booths(60, [zone, regional], [board, board2], start=5)
    _, large = get_json(client, hall_url(hall))

    assert len(by_kind(large, "booth")) == 65
    assert len(small["geometries"]) == len(large["geometries"]) <= 3
    assert len(small["materials"]) == len(large["materials"]) <= 12
    # Neither meshes nor draw calls grow with booths: four instanced parts hold them all.
    meshes = [n for n in walk(large["object"]) if n["type"] == "Mesh"]
    small_meshes = [n for n in walk(small["object"]) if n["type"] == "Mesh"]
    assert len(meshes) == len(small_meshes) < 30
    instanced = [n for n in walk(large["object"]) if n["type"] == "InstancedMesh"]
    assert [n["name"] for n in instanced] == [f"booths:far:{p}" for p in ("floor", "wall", "sign", "counter")]
    assert all(n["count"] == 65 and len(n["instanceMatrix"]["array"]) == 16 * 65 for n in instanced)
    assert len({m["geometry"] for m in meshes + instanced}) == len(large["geometries"])


def test_names_and_ids_stable_between_builds(client, hall, zone, regional, board, board2):
    booths = make_booths(8, [zone, regional], [board, board2])
    first, data1 = get_json(client, hall_url(hall))
    cache.clear()
    second, _ = get_json(client, hall_url(hall))
    assert first.content == second.content  # byte-identical rebuild
    assert first["ETag"] == second["ETag"]

    make_booths(1, [zone], start=100)
    _, data3 = get_json(client, hall_url(hall))
    before = {n["name"]: n["uuid"] for n in walk(data1["object"])}
    after = {n["name"]: n["uuid"] for n in walk(data3["object"])}
    for booth in booths:
        name = f"booth:{booth.pk}"
        assert after[name] == before[name]
    assert data3["geometries"] == data1["geometries"]


# ---------------------------------------------------------------- booth scene


def test_booth_scene_structure(client, booth_a):
    _, data = get_json(client, booth_url(booth_a))
    scene = data["object"]
    prefix = f"booth:{booth_a.pk}"
    assert scene["name"] == prefix and scene["userData"]["kind"] == "booth"
    assert scene["userData"]["room"] == booth_a.room.slug
    names = {n["name"] for n in walk(scene)}
    for part in (
        "floor",
        "wall:back",
        "wall:left",
        "wall:right",
        "counter",
        "logo",
        "sign",
        "screen:0",
        "poster:0",
        "ad:0",
    ):
        assert f"{prefix}:{part}" in names

    hotspots = by_kind(data, "hotspot")
    assert [h["name"] for h in hotspots] == [f"hotspot:{n}" for n in range(len(hotspots))] and len(hotspots) >= 3
    for hotspot in hotspots:
        assert hotspot["userData"]["target"] in names
        assert hotspot["userData"]["text"]["zh"] and hotspot["userData"]["text"]["en"]
    assert booth_a.name in hotspots[0]["userData"]["text"]["zh"]

    screens = by_kind(data, "screen")
    assert len(screens) == builders.BOOTH_TEMPLATES["standard"]["screens"]
    # No video models yet: screens carry placeholder references (docs/scenes.md).
    assert screens[0]["userData"]["media"]["kind"] == "placeholder"
    assert screens[0]["userData"]["media"]["for"] == "video"
    media = [n for n in walk(scene) if "media" in n.get("userData", {})]
    assert scene["userData"]["mediaRefs"] == len(media) >= 5


def test_booth_scene_references_the_logo_and_follows_the_template(client, booth_b, organizer, files):
    services.set_booth_logo(booth=booth_b, user=organizer, upload=files.upload("logo.png", files.PNG, "image/png"))
    booth_b.refresh_from_db()
    _, data = get_json(client, booth_url(booth_b))
    logo = by_kind(data, "logo")[0]["userData"]["media"]
    assert logo == {
        "id": "logo",
        "kind": "image",
        "url": f"/exhibition/media/{booth_b.logo.name}",
        "source": "booth.logo",
    }
    assert by_kind(data, "screen")[0]["userData"]["media"]["poster"] == logo["url"]

    Booth.objects.filter(pk=booth_b.pk).update(template="pavilion")
    _, data = get_json(client, booth_url(booth_b))
    assert len(by_kind(data, "screen")) == 3 and len(by_kind(data, "poster")) == 6
    assert data["object"]["userData"]["size"]["width"] == builders.BOOTH_TEMPLATES["pavilion"]["width"]


def test_commentary_from_content_replaces_the_default_tour(client, booth_b, monkeypatch):
    stops = [
        {"order": 2, "position": [1, 0, 1], "target": None, "text": {"zh": "二", "en": "two"}, "audio": "/a.mp3"},
        {"order": 1, "position": [0, 0, 0], "target": None, "text": {"zh": "一", "en": "one"}, "audio": None},
    ]
    video = {
        "id": "v1",
        "kind": "video",
        "url": "/media/v.mp4",
        "content_type": "video/mp4",
        "title": {"zh": "片", "en": "Film"},
    }
    monkeypatch.setattr(
        content, "booth_content", lambda booth: {"videos": [video], "posters": [], "ads": [], "commentary": stops}
    )
    _, data = get_json(client, booth_url(booth_b))
    hotspots = by_kind(data, "hotspot")
    assert [h["userData"]["text"]["en"] for h in hotspots] == ["one", "two"]
    assert hotspots[1]["userData"]["audio"] == "/a.mp3" and hotspots[1]["userData"]["default"] is False
    assert by_kind(data, "screen")[0]["userData"]["media"]["url"] == "/media/v.mp4"


def test_unknown_hall_and_draft_booth_are_404(client, hall, zone, org_a):
    draft = services.create_booth(organisation=org_a, zone=zone, name="草稿")
    assert client.get(reverse("api:scene-hall", args=["nope"])).status_code == 404
    assert client.get(booth_url(draft)).status_code == 404


# ---------------------------------------------------------------- HTTP caching


def test_etag_and_last_modified_give_304(client, hall, zone, booth_b):
    for url in (hall_url(hall), booth_url(booth_b)):
        response, _ = get_json(client, url)
        etag, last_modified = response["ETag"], response["Last-Modified"]
        assert etag.startswith('"') and last_modified
        assert "no-cache" in response["Cache-Control"]

        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == etag and again["Last-Modified"] == last_modified
        assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
        head = client.head(url)
        assert head.status_code == 200 and head["ETag"] == etag


def test_built_once_and_rebuilt_only_on_change(client, hall, zone, booth_b, organizer, builds):
    url = hall_url(hall)
    first, _ = get_json(client, url)
    get_json(client, url)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert builds["hall"] == 1

    # A renamed zone (no updated_at on zones) is a change: new version, one rebuild.
    Zone.objects.filter(pk=zone.pk).update(name_en="Emerging industries")
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 200
    assert builds["hall"] == 2
    sign = next(s for s in by_kind(json.loads(changed.content), "sign") if s["userData"]["for"] == "zone")
    assert sign["userData"]["name"]["en"] == "Emerging industries"

    # A booth going live changes the hall; a booth's visit does not.
    services.record_visit_start(booth=booth_b, session_key="s1")
    get_json(client, url)
    assert builds["hall"] == 2
    services.create_booth(organisation=booth_b.organisation, zone=zone, name="新展位", status="live")
    _, data = get_json(client, url)
    assert builds["hall"] == 3 and len(by_kind(data, "booth")) == 2

    # The booth scene follows the booth's own details.
    b1, _ = get_json(client, booth_url(booth_b))
    get_json(client, booth_url(booth_b))
    assert builds["booth"] == 1
    services.update_booth_details(booth=booth_b, user=organizer, description_en="Now with a description")
    b2, data = get_json(client, booth_url(booth_b))
    assert b2["ETag"] != b1["ETag"] and builds["booth"] == 2
    assert data["object"]["userData"]["description"]["en"] == "Now with a description"


# ---------------------------------------------------------------- exporter


def test_exporter_conversions_and_widget_cleanup():
    from ipywidgets.widgets import widget as ipywidget

    assert export.css_to_int("#ff8000") == 0xFF8000 and export.css_to_int("#fff") == 0xFFFFFF
    x, y, z, w = export.euler_to_quaternion(0, math.pi / 2, 0)
    assert (round(x, 6), round(y, 6), round(z, 6), round(w, 6)) == (
        0,
        round(math.sqrt(0.5), 6),
        0,
        round(math.sqrt(0.5), 6),
    )

    before = len(ipywidget._instances)
    mesh = export.three.Mesh(
        export.three.BoxGeometry(2, 1, 1),
        export.three.MeshStandardMaterial(color="#00ff00", side="DoubleSide", transparent=True, opacity=0.5),
        name="m",
        rotation=(0, math.pi, 0, "XYZ"),
    )
    group = export.three.Group(name="g")
    group.children = (mesh,)
    data = export.export_scene(group, {id(mesh): {"kind": "test"}})
    assert len(ipywidget._instances) == before  # closed after export
    material = data["materials"][0]
    assert material["color"] == 0x00FF00 and material["side"] == 2 and material["opacity"] == 0.5
    assert data["geometries"][0]["type"] == "BoxGeometry" and data["geometries"][0]["width"] == 2
    child = data["object"]["children"][0]
    assert child["userData"] == {"kind": "test"} and child["quaternion"] == [0.0, 1.0, 0.0, 0.0]


def test_builds_leave_no_widgets_behind(client, hall, zone, booth_b):
    from ipywidgets.widgets import widget as ipywidget

    before = len(ipywidget._instances)
    get_json(client, hall_url(hall))
    get_json(client, booth_url(booth_b))
    assert len(ipywidget._instances) == before


def test_three_module_is_served_from_node_modules(client, settings):
    path = settings.BASE_DIR / "frontend" / "node_modules" / "three" / "build" / "three.module.js"
    # `make test` installs frontend/node_modules (npm ci) before the suite runs.
    assert path.exists(), "frontend/node_modules is not installed: run make node-deps"
    response = client.get(reverse("frontend:lib-three", args=["three.module.js"]))
    response.close()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert client.get(reverse("frontend:lib-three", args=["package.json"])).status_code == 404


def test_demo_exhibition_scene(client):
    from django.core.management import call_command

    from halls import demo

    call_command("load_demo_exhibition", not_production=True)
    hall = Hall.objects.get(slug=demo.HALL["slug"])
    _, data = get_json(client, hall_url(hall))
    live = Booth.objects.filter(zone__hall=hall, status="live").count()
    assert len(by_kind(data, "booth")) == live >= 60
    assert len(by_kind(data, "zone")) == 8 and len(by_kind(data, "board")) == 9
    assert len(data["geometries"]) <= 3
