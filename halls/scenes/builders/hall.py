"""The hall scene: the main avenue along +X from the entrance, a street per zone towards
-Z, booths on both sides facing their street, a gate per street and a sign per board
(layout in the package docstring, halls/scenes/builders/__init__.py)."""

from __future__ import annotations

import math
from typing import Any

from halls.scenes.builders import instances
from halls.scenes.builders.base import ZONE_COLOURS, Builder, zone_colour

# ---------------------------------------------------------------- hall layout (metres)
AVENUE_WIDTH = 10.0
STREET_WIDTH = 6.0
SIDEWALK = 1.0
ZONE_SPACING = 26.0
FIRST_STREET_X = 12.0
ENTRANCE_X = -12.0
STREET_START = AVENUE_WIDTH / 2  # the street leaves the avenue's edge (z = -5)
FIRST_BOOTH = 4.0  # distance from the street's mouth to the first booth
BOOTH_GAP = 0.5
BOARD_GAP = 4.0
MIN_SEGMENT = 4.0  # an empty board still gets its length of street (its sign needs room)
# (frontage along the street, depth) of a booth in the hall, by template
FOOTPRINT = {"standard": (4.0, 4.0), "double": (8.0, 4.0), "pavilion": (8.0, 8.0)}


def layout_zone(zone: dict[str, Any], booths: list[dict[str, Any]]) -> dict[str, Any]:
    """Places along one zone's street, in street coordinates relative to the zone's
    centre line: x across (negative = left side), z along (negative = away from the avenue).

    Segments in order: booths without a board, then each board in board order; inside a
    segment booths by position (the number's place). Each booth takes the side whose run is
    shorter so far (left on a tie). Deterministic for the same zones, boards and booths."""
    by_board: dict[int | None, list[dict[str, Any]]] = {}
    for booth in sorted(booths, key=lambda b: (b["position"], b["id"])):
        by_board.setdefault(booth["board"], []).append(booth)
    segments: list[tuple[dict[str, Any] | None, list[dict[str, Any]]]] = []
    if by_board.get(None):
        segments.append((None, by_board[None]))
    segments += [(board, by_board.get(board["id"], [])) for board in zone["boards"]]

    cursors = [0.0, 0.0]  # run length on the left and right side
    places, signs = [], []
    for index, (board, members) in enumerate(segments):
        start = max(cursors) + (BOARD_GAP if index else 0.0)
        cursors = [start, start]
        if board is not None:
            signs.append({"board": board, "z": -(STREET_START + FIRST_BOOTH + start - 1.0)})
        for booth in members:
            frontage, depth = FOOTPRINT.get(booth["template"], FOOTPRINT["standard"])
            side = 0 if cursors[0] <= cursors[1] else 1
            along = cursors[side] + frontage / 2
            cursors[side] += frontage + BOOTH_GAP
            offset = STREET_WIDTH / 2 + SIDEWALK + depth / 2
            places.append(
                {
                    "booth": booth,
                    "x": -offset if side == 0 else offset,
                    "z": -(STREET_START + FIRST_BOOTH + along),
                    # The booth's front (+Z in its frame) turns to face the street.
                    "rotation_y": math.pi / 2 if side == 0 else -math.pi / 2,
                    "side": "left" if side == 0 else "right",
                    "frontage": frontage,
                    "depth": depth,
                }
            )
        end = start + MIN_SEGMENT
        cursors = [max(c, end) for c in cursors]
    length = FIRST_BOOTH + max(cursors) + 4.0
    return {"places": places, "board_signs": signs, "length": length}


def booth_data(booth: dict[str, Any], side: str) -> dict[str, Any]:
    """A booth's userData in the hall (its marker, and its full group in the zone detail)."""
    return {
        "kind": "booth",
        "id": booth["id"],
        "number": booth["number"],
        "template": booth["template"],
        "name": booth["name"],
        "zone": booth["zone"],
        "board": booth["board"],
        "side": side,
        "room": booth["room"],
        "logo": booth["logo"],
        "organisation": booth["organisation"],
        "scene": booth["scene"],
    }


def zone_layouts(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every zone's index, street x, colour and layout, in street order."""
    booths_by_zone: dict[int, list[dict[str, Any]]] = {}
    for booth in spec["booths"]:
        booths_by_zone.setdefault(booth["zone"], []).append(booth)
    return [
        {
            "zone": zone,
            "index": index,
            "x": FIRST_STREET_X + index * ZONE_SPACING,
            "colour": zone_colour(index),
            **layout_zone(zone, booths_by_zone.get(zone["id"], [])),
        }
        for index, zone in enumerate(spec["zones"])
    ]


def _gate(b: Builder, name: str, width: float, mats, sign_material, sign_data, *, z: float = 0.0, data=None):
    """Two pillars and a sign board across a street (the gate faces ±Z)."""
    half = width / 2 + 0.6
    return b.group(
        name,
        [
            b.cylinder(f"{name}:pillar:0", 0.3, 6.0, (-half, 3.0, z), mats["pillar"]),
            b.cylinder(f"{name}:pillar:1", 0.3, 6.0, (half, 3.0, z), mats["pillar"]),
            b.block(f"{name}:sign", (width + 2.0, 1.4, 0.3), (0, 6.2, z), sign_material, sign_data),
        ],
        data=data,
    )


def build_hall_scene(spec: dict[str, Any]) -> dict[str, Any]:
    b = Builder()
    mats = {
        "ground": b.material("#cfd8c8", name="ground"),
        "road": b.material("#5c6770", name="road"),
        "sign": b.material("#fdfcdc", emissive="#222222", name="sign"),
        "pillar": b.material("#adb5bd", name="pillar"),
    }
    hall = spec["hall"]
    layouts = zone_layouts(spec)
    zone_groups, longest = [], 10.0
    for layout in layouts:
        zone, index, x = layout["zone"], layout["index"], layout["x"]
        colour = b.material(layout["colour"], name=f"zone-{index % len(ZONE_COLOURS)}")
        longest = max(longest, layout["length"])
        prefix = f"zone:{zone['id']}"
        zone_names = {"zone": zone["id"], "code": zone["code"], "name": zone["name"]}
        children = [
            b.block(
                f"{prefix}:street",
                (STREET_WIDTH, 0.04, layout["length"]),
                (0, 0.02, -(STREET_START + layout["length"] / 2)),
                mats["road"],
            ),
            _gate(
                b,
                f"{prefix}:entrance",
                STREET_WIDTH,
                mats,
                colour,
                {"kind": "sign", "for": "zone", **zone_names},
                z=-(STREET_START + 1.0),
                data={"kind": "entrance", "for": "zone", **zone_names},
            ),
        ]
        for sign in layout["board_signs"]:
            board = sign["board"]
            board_prefix = f"board:{board['id']}"
            board_data = {"board": board["id"], "zone": zone["id"], "code": board["code"], "name": board["name"]}
            banner = b.block(
                f"{board_prefix}:sign",
                (STREET_WIDTH + 2 * SIDEWALK, 0.9, 0.2),
                (0, 5.0, sign["z"]),
                mats["sign"],
                {"kind": "sign", "for": "board", **board_data},
            )
            children.append(
                b.group(
                    board_prefix,
                    [banner],
                    data={"kind": "board", "order": board["order"], **board_data},
                )
            )
        zone_groups.append(
            b.group(
                prefix,
                children,
                position=(x, 0, 0),
                data={
                    "kind": "zone",
                    "id": zone["id"],
                    "slug": zone["slug"],
                    "code": zone["code"],
                    "name": zone["name"],
                    "order": zone["order"],
                    "index": index,
                    "colour": zone_colour(index),
                    "booths": len(layout["places"]),
                    "length": round(layout["length"], 2),
                    "detail": zone["detail"],
                },
            )
        )

    streets_end = FIRST_STREET_X + max(len(spec["zones"]) - 1, 0) * ZONE_SPACING + 12.0
    avenue_length = streets_end - ENTRANCE_X
    depth = STREET_START + longest + 10.0
    hall_names = {"name": hall["name"]}
    near, far = AVENUE_WIDTH / 2 + 10.0, -(depth + 5.0)
    ground = b.block(
        "hall:ground",
        (avenue_length + 20.0, 0.1, near - far),
        (ENTRANCE_X + avenue_length / 2, -0.05, (near + far) / 2),
        mats["ground"],
    )
    avenue = b.block(
        "hall:avenue", (avenue_length, 0.04, AVENUE_WIDTH), (ENTRANCE_X + avenue_length / 2, 0.02, 0), mats["road"]
    )
    entrance = b.group(
        "entrance:main",
        [
            _gate(
                b,
                "entrance:main:gate",
                AVENUE_WIDTH,
                mats,
                mats["sign"],
                {"kind": "sign", "for": "hall", **hall_names},
            )
        ],
        position=(ENTRANCE_X, 0, 0),
        rotation_y=math.pi / 2,  # the gate spans the avenue (along Z)
        data={"kind": "entrance", "for": "hall", **hall_names},
    )
    centre_x = ENTRANCE_X + avenue_length / 2
    scene = b.scene(
        f"hall:{hall['slug']}",
        [*b.lights(extent=max(avenue_length, depth)), ground, avenue, entrance, *zone_groups],
        background="#dbe9f6",
        data={
            "kind": "hall",
            "slug": hall["slug"],
            "name": hall["name"],
            "zones": len(spec["zones"]),
            "boards": sum(len(zone["boards"]) for zone in spec["zones"]),
            "booths": len(spec["booths"]),
            "units": "metre",
            "up": "+Y",
            "camera": {
                "position": [round(centre_x, 2), round(max(avenue_length, depth) * 0.55, 2), 40.0],
                "target": [round(centre_x, 2), 0.0, round(-depth / 3, 2)],
                "fov": 50,
            },
        },
    )
    data = b.export(scene)
    add_booths(data, layouts)
    return data


def add_booths(data: dict[str, Any], layouts: list[dict[str, Any]]) -> None:
    """Each booth's marker into its zone's (or board's) group, and the instanced parts of
    all booths at the scene's root (builders/instances.py)."""
    root = data["object"]
    groups = {}
    for zone_node in root["children"]:
        if zone_node["name"].startswith("zone:"):
            groups[zone_node["name"]] = zone_node
            for child in zone_node.get("children", []):
                if child["name"].startswith("board:"):
                    groups[child["name"]] = child
    for layout in layouts:
        zone_name = f"zone:{layout['zone']['id']}"
        for place in layout["places"]:
            booth = place["booth"]
            parent = groups[f"board:{booth['board']}" if booth["board"] else zone_name]
            path = f"{root['name']}/{zone_name}/booth:{booth['id']}"
            parent.setdefault("children", []).append(instances.marker(place, path, booth_data(booth, place["side"])))
    far = [
        {"id": lay["zone"]["id"], "x": lay["x"], "colour": lay["colour"], "places": lay["places"]} for lay in layouts
    ]
    root["children"].append(instances.far_booths(data, far, root["name"]))


# ================================================================ booth
