"""The hall at a fair's size (issue 17): booths instanced (a marker per booth, four
InstancedMeshes for all), each zone's booths in full from the zone's own descriptor, the
descriptors gzip-compressed as served, with ETags and 304s."""

from __future__ import annotations

import gzip
import json
import math

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import Organisation
from halls import services
from halls.models import Zone
from halls.scenes import builders
from tests.halls.test_scenes import by_kind, get_json, hall_url, make_booths, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def big_spec(booths: int = 1000) -> dict:
    """A 1,000-booth hall's spec without the database: the builders are pure functions."""
    zones = [
        {
            "id": 100 + z,
            "slug": f"z{z}",
            "code": "ABCDEFGH"[z],
            "name": {"zh": f"专区{z}", "en": f"Zone {z}"},
            "order": z,
            "boards": [
                {
                    "id": 500 + j,
                    "slug": f"b{j}",
                    "code": str(j),
                    "name": {"zh": f"板块{j}", "en": f"Board {j}"},
                    "order": j,
                }
                for j in range(1, 10)
            ]
            if z == 1
            else [],
            "detail": f"/exhibition/scenes/hall/big/zone/{100 + z}.json",
        }
        for z in range(8)
    ]
    templates = ["standard", "standard", "double", "pavilion"]
    rows = []
    for i in range(booths):
        zone = zones[i % 8]
        board = zone["boards"][(i // 8) % 9]["id"] if zone["boards"] else None
        rows.append(
            {
                "id": 10_000 + i,
                "number": f"{zone['code']}-{i // 8 + 1:03d}",
                "position": i // 8 + 1,
                "template": templates[i % 4],
                "name": {"zh": f"演示展商 {i:04d}展位", "en": f"Demo exhibitor {i:04d} booth"},
                "zone": zone["id"],
                "board": board,
                "logo": None,
                "room": f"booth-big-{i}",
                "organisation": {
                    "id": 20_000 + i,
                    "name": {"zh": f"演示展商 {i:04d}", "en": f"Demo exhibitor {i:04d}"},
                },
                "scene": f"/exhibition/scenes/booth/{10_000 + i}.json",
            }
        )
    return {
        "hall": {"id": 1, "slug": "big", "name": {"zh": "大展厅", "en": "Big hall"}},
        "zones": zones,
        "booths": rows,
    }


def test_a_thousand_booths_stay_light():
    spec = big_spec()
    data = builders.build_hall_scene(spec)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    assert len(gzip.compress(body, compresslevel=6)) <= 1_000_000  # the goal: ≤ 1 MB compressed

    markers = by_kind(data, "booth")
    assert len(markers) == 1000 and all("children" not in m for m in markers)
    assert len({m["name"] for m in markers}) == 1000
    meshes = [n for n in walk(data["object"]) if n["type"] == "Mesh"]
    assert len(meshes) == 2 + 3 + 8 * 4 + 9  # ground, avenue, gates, streets, board banners: no booth
    far = next(n for n in walk(data["object"]) if n["name"] == "booths:far")
    parts = {child["name"]: child for child in far["children"]}
    assert list(parts) == [f"booths:far:{p}" for p in builders.instances.PARTS]
    assert all(p["type"] == "InstancedMesh" and p["count"] == 1000 for p in parts.values())
    assert len(parts["booths:far:wall"]["instanceColor"]["array"]) == 3 * 1000

    # Instances follow zones: each zone one contiguous range, in the order of `booths`.
    ids, ranges = far["userData"]["booths"], far["userData"]["zones"]
    assert sorted(ids) == sorted(m["userData"]["id"] for m in markers)
    zone_of = {b["id"]: b["zone"] for b in spec["booths"]}
    for zone_id, (start, count) in ranges.items():
        assert count == 125 and {zone_of[i] for i in ids[start : start + count]} == {int(zone_id)}

    # A floor instance sits where its marker is (the zone's x plus the marker's place).
    zones = {n["userData"]["id"]: n for n in by_kind(data, "zone")}
    marker_at = {m["userData"]["id"]: m for m in markers}
    floors = parts["booths:far:floor"]["instanceMatrix"]["array"]
    for k in (0, 499, 999):
        marker = marker_at[ids[k]]
        x = zones[marker["userData"]["zone"]]["position"][0] + marker["position"][0]
        assert math.isclose(floors[16 * k + 12], x, abs_tol=0.01)
        assert math.isclose(floors[16 * k + 14], marker["position"][2], abs_tol=0.01)


def test_zone_detail_has_the_zone_booths_in_full_where_their_markers_are(client, hall, zone, regional, board):
    booths = make_booths(12, [zone, regional], [board])
    _, data = get_json(client, hall_url(hall))
    zone_node = next(n for n in by_kind(data, "zone") if n["userData"]["id"] == regional.pk)
    url = zone_node["userData"]["detail"]
    assert url == reverse("api:scene-zone", args=[hall.slug, regional.pk])
    markers = {m["name"]: m for m in walk(zone_node) if m.get("userData", {}).get("kind") == "booth"}

    _, detail = get_json(client, url)
    root = detail["object"]
    assert root["name"] == f"zone:{regional.pk}:detail" and root["userData"]["booths"] == 6
    full = {n["name"]: n for n in root["children"]}
    assert set(full) == set(markers) == {f"booth:{b.pk}" for b in booths if b.zone_id == regional.pk}
    for name, node in full.items():
        assert node["position"] == markers[name]["position"] and node["quaternion"] == markers[name]["quaternion"]
        assert {c["name"].rsplit(":", 1)[1] for c in node["children"]} == {"floor", "wall", "sign", "counter"}
        sign = next(c for c in node["children"] if c["name"].endswith(":sign"))
        assert sign["userData"]["for"] == "booth" and sign["userData"]["number"] == node["userData"]["number"]

    other = Zone.objects.create(hall=hall, slug="other", code="Z", name="别的", order=9)
    assert client.get(reverse("api:scene-zone", args=["nope", regional.pk])).status_code == 404
    missing = client.get(reverse("api:scene-zone", args=[hall.slug, other.pk + 1]))
    assert missing.status_code == 404 and set(json.loads(missing.content)) >= {"code", "message"}


def test_zone_detail_etag_304_and_change(client, hall, zone, regional, board):
    make_booths(4, [zone, regional], [board])
    url = reverse("api:scene-zone", args=[hall.slug, zone.pk])
    first, _ = get_json(client, url)
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    # Another zone's new booth is not this zone's change; a booth in this zone is.
    org = Organisation.objects.create(name="新展商", name_en="New")
    services.create_booth(organisation=org, zone=regional, board=board, name="新", status="live")
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    services.create_booth(organisation=org, zone=zone, name="新二", status="live")
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert json.loads(changed.content)["object"]["userData"]["booths"] == 3


def test_descriptors_are_served_gzip_with_their_own_etag(client, hall, zone, regional, board):
    make_booths(6, [zone, regional], [board])
    plain, _ = get_json(client, hall_url(hall))
    packed = client.get(hall_url(hall), headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.status_code == 200 and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content and len(packed.content) < len(plain.content) / 3
    assert packed["ETag"] != plain["ETag"]
    again = client.get(hall_url(hall), headers={"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]})
    assert again.status_code == 304
    refused = client.get(hall_url(hall), headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused and refused.content == plain.content
