"""The hall's booths at a distance, added to the exported hall as plain three.js JSON
(pythreejs, three r97, has no InstancedMesh, and a thousand booth widgets would take
seconds to build):

- one *marker* per live booth, `booth:<id>`: an empty Group at the booth's place, carrying
  the booth's userData (what the client hooks onto: picking, the minimap, the list, fly-to);
  its full parts come with the zone's detail descriptor (builders/zone.py);
- `booths:far`: one InstancedMesh per repeated booth part (floor, back wall, sign board,
  counter), one instance per booth in marker order, so that every booth of the hall costs
  four draw calls in all; the walls carry their zone's colour as instance colours.
"""

from __future__ import annotations

import json
import math
import uuid
from typing import Any

from halls.scenes.export import NAMESPACE, _round, css_to_int

# A booth's parts in its own frame (front towards +Z): (name, size (w, h, d), centre).
# The same as the zone detail's full booth (builders/zone.py `booth_parts`).
PARTS = ("floor", "wall", "sign", "counter")
MATERIALS = {
    "floor": {"type": "MeshStandardMaterial", "name": "booth-floor", "color": 0xE9ECEF},
    # White, tinted per instance with the zone's colour.
    "wall": {"type": "MeshStandardMaterial", "name": "booth-wall", "color": 0xFFFFFF},
    "sign": {"type": "MeshStandardMaterial", "name": "sign", "color": 0xFDFCDC, "emissive": 0x222222},
    "counter": {"type": "MeshStandardMaterial", "name": "counter", "color": 0xFFFFFF},
}


def part_boxes(
    frontage: float, depth: float
) -> dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]]:
    """Each part's (size, centre) in the booth's frame."""
    return {
        "floor": ((frontage, 0.12, depth), (0, 0.06, 0)),
        "wall": ((frontage, 3.0, 0.15), (0, 1.5, -depth / 2 + 0.075)),
        "sign": ((frontage, 0.5, 0.15), (0, 3.25, depth / 2 - 0.075)),
        "counter": ((1.2, 1.0, 0.5), (0, 0.5, depth / 2 - 0.6)),
    }


def _r(value: float) -> float:
    rounded = round(float(value), 3)
    return 0.0 if rounded == 0 else rounded


def _linear(channel: int) -> float:
    """sRGB → linear (three's working colour space for instance colours)."""
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def linear_rgb(css: str) -> list[float]:
    value = css_to_int(css)
    return [round(_linear((value >> shift) & 0xFF), 4) for shift in (16, 8, 0)]


def instance_matrix(x: float, z: float, rotation_y: float, size, centre) -> list[float]:
    """Column-major matrix of a part: the booth's translation and turn about Y, then the
    part's centre and scale (the unit box)."""
    c, s = math.cos(rotation_y), math.sin(rotation_y)
    sx, sy, sz = size
    px, py, pz = centre
    return [
        _r(c * sx), 0.0, _r(-s * sx), 0.0,
        0.0, _r(sy), 0.0, 0.0,
        _r(s * sz), 0.0, _r(c * sz), 0.0,
        _r(x + c * px + s * pz), _r(py), _r(z - s * px + c * pz), 1.0,
    ]  # fmt: skip


IDENTITY = {"position": [0.0, 0.0, 0.0], "quaternion": [0.0, 0.0, 0.0, 1.0], "scale": [1.0, 1.0, 1.0]}


def _uuid(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def add_material(data: dict[str, Any], material: dict[str, Any]) -> str:
    full = {**material, "roughness": 0.8, "metalness": 0.05}
    key = json.dumps(full, sort_keys=True, separators=(",", ":"))
    material_uuid = _uuid("material", key)
    if all(m["uuid"] != material_uuid for m in data["materials"]):
        data["materials"].append({"uuid": material_uuid, **full})
    return material_uuid


def unit_box(data: dict[str, Any]) -> str:
    for geometry in data["geometries"]:
        if geometry["type"] == "BoxGeometry" and (geometry["width"], geometry["height"], geometry["depth"]) == (
            1,
            1,
            1,
        ):
            return geometry["uuid"]
    raise ValueError("The hall has no unit box to instance.")


def marker(place: dict[str, Any], path: str, booth_data: dict[str, Any]) -> dict[str, Any]:
    half = place["rotation_y"] / 2
    return {
        "uuid": _uuid("object", path),
        "type": "Group",
        "name": f"booth:{place['booth']['id']}",
        # As the exporter writes a pythreejs object (5 decimals): the zone detail's full
        # booth has exactly the marker's place.
        "position": [_round(place["x"]), 0.0, _round(place["z"])],
        "quaternion": [0.0, _round(math.sin(half)), 0.0, _round(math.cos(half))],
        "scale": [1.0, 1.0, 1.0],
        "userData": {**booth_data, "frontage": place["frontage"], "depth": place["depth"], "lod": "far"},
    }


def far_booths(data: dict[str, Any], zones: list[dict[str, Any]], hall_path: str) -> dict[str, Any]:
    """`booths:far`: the instanced parts of every booth. `zones` = [{id, x, colour, places}]
    in street order; instances follow zones, then places, so each zone is one range."""
    box = unit_box(data)
    arrays: dict[str, list[float]] = {part: [] for part in PARTS}
    colours: list[float] = []
    ids: list[int] = []
    ranges: dict[str, list[int]] = {}
    for zone in zones:
        ranges[str(zone["id"])] = [len(ids), len(zone["places"])]
        rgb = linear_rgb(zone["colour"])
        for place in zone["places"]:
            ids.append(place["booth"]["id"])
            x, z = zone["x"] + place["x"], place["z"]
            for part, (size, centre) in part_boxes(place["frontage"], place["depth"]).items():
                arrays[part] += instance_matrix(x, z, place["rotation_y"], size, centre)
            colours += rgb
    children = []
    for part in PARTS:
        mesh = {
            "uuid": _uuid("object", f"{hall_path}/booths:far/{part}"),
            "type": "InstancedMesh",
            "name": f"booths:far:{part}",
            **IDENTITY,
            "geometry": box,
            "material": add_material(data, MATERIALS[part]),
            "count": len(ids),
            "instanceMatrix": {"type": "Float32Array", "array": arrays[part]},
            "userData": {"kind": "instances", "part": part},
        }
        if part == "wall":
            mesh["instanceColor"] = {"type": "Float32Array", "itemSize": 3, "array": colours}
        children.append(mesh)
    return {
        "uuid": _uuid("object", f"{hall_path}/booths:far"),
        "type": "Group",
        "name": "booths:far",
        **IDENTITY,
        "userData": {"kind": "far-booths", "booths": ids, "zones": ranges, "parts": list(PARTS)},
        "children": children,
    }
