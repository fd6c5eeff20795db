"""A zone's detail: every booth of one street in full (floor, back wall in the zone's
colour, sign, counter), as named groups `booth:<id>` at the same places as the hall's
markers, in the zone's frame (the client adds the parts to the markers of `zone:<id>` and
hides those booths' instances). Served by its own endpoint, so a visitor's browser fetches
only the streets it walks into (docs/scenes.md, "Level of detail")."""

from __future__ import annotations

from typing import Any

from halls.scenes.builders.base import ZONE_COLOURS, Builder, zone_colour
from halls.scenes.builders.hall import booth_data, layout_zone
from halls.scenes.builders.instances import part_boxes


def _full_booth(b: Builder, place: dict[str, Any], mats: dict[str, Any]):
    booth = place["booth"]
    prefix = f"booth:{booth['id']}"
    boxes = part_boxes(place["frontage"], place["depth"])
    sign = {"kind": "sign", "for": "booth", "booth": booth["id"], "number": booth["number"], "name": booth["name"]}
    children = [
        b.block(f"{prefix}:{part}", size, centre, mats[part], sign if part == "sign" else None)
        for part, (size, centre) in boxes.items()
    ]
    return b.group(
        prefix,
        children,
        position=(place["x"], 0, place["z"]),
        rotation_y=place["rotation_y"],
        data={**booth_data(booth, place["side"]), "frontage": place["frontage"], "depth": place["depth"]},
    )


def build_zone_scene(spec: dict[str, Any]) -> dict[str, Any]:
    """`spec`: {"hall", "zone" (with its boards), "index" (street number), "booths"}."""
    b = Builder()
    index, zone = spec["index"], spec["zone"]
    mats = {
        "floor": b.material("#e9ecef", name="booth-floor"),
        "wall": b.material(zone_colour(index), name=f"zone-{index % len(ZONE_COLOURS)}"),
        "sign": b.material("#fdfcdc", emissive="#222222", name="sign"),
        "counter": b.material("#ffffff", name="counter"),
    }
    layout = layout_zone(zone, spec["booths"])
    root = b.group(
        f"zone:{zone['id']}:detail",
        [_full_booth(b, place, mats) for place in layout["places"]],
        data={"kind": "zone-detail", "zone": zone["id"], "hall": spec["hall"]["slug"], "booths": len(layout["places"])},
    )
    return b.export(root)
