"""The booth and hall scenes, built with pythreejs from a spec (halls.scenes.content) and
exported to three.js JSON (halls.scenes.export).

Coordinates: three's right-handed frame, Y up, 1 unit = 1 metre, the floor at y = 0.
The hall: the main avenue runs along +X from the main entrance (x = -12); each zone is a
street leaving the avenue towards -Z, its centre line at x = 12 + 26·(zone index); booths
stand on both sides of the street facing it. A booth's own frame (the booth scene, and the
children of a booth group in the hall) has its open front towards +Z.

Every mesh uses one of a few shared geometries (a unit box, scaled; a cylinder) and shared
materials (one per zone colour plus a handful), so the hall's geometry count does not grow
with its booths.
"""

from __future__ import annotations

import math
from typing import Any

from halls.scenes.export import export_scene, three

ZONE_COLOURS = ["#e63946", "#f4a261", "#2a9d8f", "#457b9d", "#8338ec", "#ff006e", "#3a86ff", "#fb8500"]

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

# ---------------------------------------------------------------- booth interior (metres)
BOOTH_TEMPLATES = {
    "standard": {"width": 6.0, "depth": 5.0, "screens": 1, "posters": 2, "ads": 1},
    "double": {"width": 10.0, "depth": 6.0, "screens": 2, "posters": 4, "ads": 2},
    "pavilion": {"width": 14.0, "depth": 10.0, "screens": 3, "posters": 6, "ads": 2},
}
WALL_HEIGHT = 3.5


class Builder:
    """Shared geometries and materials for one build, and the user data of its objects."""

    def __init__(self) -> None:
        self.user_data: dict[int, dict[str, Any]] = {}
        self.box = three.BoxGeometry(1, 1, 1)
        self.disc = three.CylinderGeometry(radiusTop=1, radiusBottom=1, height=1, radialSegments=24)
        self._materials: dict[tuple[str, str, str], Any] = {}

    def material(self, colour: str, *, emissive: str = "#000000", kind: str = "standard", name: str = ""):
        key = (kind, colour, emissive)
        if key not in self._materials:
            if kind == "basic":
                self._materials[key] = three.MeshBasicMaterial(color=colour, name=name)
            else:
                self._materials[key] = three.MeshStandardMaterial(
                    color=colour, emissive=emissive, roughness=0.8, metalness=0.05, name=name
                )
        return self._materials[key]

    def tag(self, widget, data: dict[str, Any] | None):
        if data:
            self.user_data[id(widget)] = data
        return widget

    def block(self, name: str, size, position, material, data: dict[str, Any] | None = None, rotation_y: float = 0.0):
        """A box of `size` (w, h, d) centred at `position`: the unit box, scaled."""
        mesh = three.Mesh(
            self.box,
            material,
            name=name,
            position=tuple(position),
            scale=tuple(size),
            rotation=(0, rotation_y, 0, "XYZ"),
        )
        return self.tag(mesh, data)

    def cylinder(self, name: str, radius: float, height: float, position, material, data=None):
        mesh = three.Mesh(self.disc, material, name=name, position=tuple(position), scale=(radius, height, radius))
        return self.tag(mesh, data)

    def group(self, name: str, children, *, position=(0, 0, 0), rotation_y: float = 0.0, data=None):
        group = three.Group(name=name, position=tuple(position), rotation=(0, rotation_y, 0, "XYZ"))
        group.children = tuple(children)
        return self.tag(group, data)

    def lights(self, *, extent: float) -> list[Any]:
        target = three.Object3D(name="light:sun:target", position=(0, 0, 0))
        sun = three.DirectionalLight(
            color="#ffffff", intensity=2.2, name="light:sun", position=(extent * 0.4, extent, extent * 0.6)
        )
        sun.target = target
        return [
            three.AmbientLight(color="#ffffff", intensity=0.9, name="light:ambient"),
            three.HemisphereLight(color="#dfefff", groundColor="#8d8d7a", intensity=0.6, name="light:sky"),
            sun,
            target,
        ]

    def scene(self, name: str, children, *, background: str, data: dict[str, Any]):
        scene = three.Scene(name=name, background=background)
        scene.children = tuple(children)
        return self.tag(scene, data)

    def export(self, root) -> dict[str, Any]:
        return export_scene(root, self.user_data)


def zone_colour(index: int) -> str:
    return ZONE_COLOURS[index % len(ZONE_COLOURS)]


# ================================================================ hall


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


def _hall_booth(b: Builder, place: dict[str, Any], zone_material, mats: dict[str, Any]):
    booth = place["booth"]
    frontage, depth = place["frontage"], place["depth"]
    prefix = f"booth:{booth['id']}"
    children = [
        b.block(f"{prefix}:floor", (frontage, 0.12, depth), (0, 0.06, 0), mats["booth_floor"]),
        b.block(f"{prefix}:wall", (frontage, 3.0, 0.15), (0, 1.5, -depth / 2 + 0.075), zone_material),
        b.block(
            f"{prefix}:sign",
            (frontage, 0.5, 0.15),
            (0, 3.25, depth / 2 - 0.075),
            mats["sign"],
            {"kind": "sign", "for": "booth", "booth": booth["id"], "number": booth["number"], "name": booth["name"]},
        ),
        b.block(f"{prefix}:counter", (1.2, 1.0, 0.5), (0, 0.5, depth / 2 - 0.6), mats["counter"]),
    ]
    data = {
        "kind": "booth",
        "id": booth["id"],
        "number": booth["number"],
        "template": booth["template"],
        "name": booth["name"],
        "zone": booth["zone"],
        "board": booth["board"],
        "side": place["side"],
        "room": booth["room"],
        "logo": booth["logo"],
        "organisation": booth["organisation"],
        "scene": booth["scene"],
    }
    return b.group(prefix, children, position=(place["x"], 0, place["z"]), rotation_y=place["rotation_y"], data=data)


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
        "booth_floor": b.material("#e9ecef", name="booth-floor"),
        "counter": b.material("#ffffff", name="counter"),
        "sign": b.material("#fdfcdc", emissive="#222222", name="sign"),
        "pillar": b.material("#adb5bd", name="pillar"),
    }
    hall = spec["hall"]
    booths_by_zone: dict[int, list[dict[str, Any]]] = {}
    for booth in spec["booths"]:
        booths_by_zone.setdefault(booth["zone"], []).append(booth)

    zone_groups, longest = [], 10.0
    for index, zone in enumerate(spec["zones"]):
        x = FIRST_STREET_X + index * ZONE_SPACING
        colour = b.material(zone_colour(index), name=f"zone-{index % len(ZONE_COLOURS)}")
        layout = layout_zone(zone, booths_by_zone.get(zone["id"], []))
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
        places_by_board: dict[int | None, list[Any]] = {}
        for place in layout["places"]:
            places_by_board.setdefault(place["booth"]["board"], []).append(_hall_booth(b, place, colour, mats))
        children += places_by_board.get(None, [])
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
                    [banner, *places_by_board.get(board["id"], [])],
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
    return b.export(scene)


# ================================================================ booth


def _placeholder(kind: str, index: int, booth: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"placeholder:{kind}:{index}",
        "kind": "placeholder",
        "for": kind,
        "url": None,
        "source": "placeholder",
        "title": booth["name"],
        "poster": booth["logo"],
    }


def _media(items: list[dict[str, Any] | None], index: int, kind: str, booth: dict[str, Any]) -> dict[str, Any]:
    # Slot n shows item n; ads are indexed by ad area, None where no ad is running now.
    if index < len(items) and items[index] is not None:
        return {**items[index], "source": items[index].get("source", "content")}
    return _placeholder(kind, index, booth)


def build_booth_scene(spec: dict[str, Any]) -> dict[str, Any]:
    b = Builder()
    booth, content = spec["booth"], spec["content"]
    template = BOOTH_TEMPLATES.get(booth["template"], BOOTH_TEMPLATES["standard"])
    w, d, h = template["width"], template["depth"], WALL_HEIGHT
    accent = b.material(zone_colour(spec["zone_index"]), name="accent")
    mats = {
        "floor": b.material("#d9dee4", name="floor"),
        "wall": b.material("#f4f1ea", name="wall"),
        "screen": b.material("#14213d", emissive="#1d3557", name="screen"),
        "poster": b.material("#fefae0", emissive="#111111", name="poster"),
        "ad": b.material("#ffd166", emissive="#332200", name="ad"),
        "counter": b.material("#ffffff", name="counter"),
        "hotspot": b.material("#ffb703", emissive="#ff8800", name="hotspot"),
    }
    prefix = f"booth:{booth['id']}"
    objects = [
        b.block(f"{prefix}:floor", (w, 0.1, d), (0, -0.05, 0), mats["floor"], {"kind": "floor"}),
        b.block(f"{prefix}:wall:back", (w, h, 0.2), (0, h / 2, -d / 2 + 0.1), mats["wall"], {"kind": "wall"}),
        b.block(f"{prefix}:wall:left", (0.2, h, d), (-w / 2 + 0.1, h / 2, 0), mats["wall"], {"kind": "wall"}),
        b.block(f"{prefix}:wall:right", (0.2, h, d), (w / 2 - 0.1, h / 2, 0), mats["wall"], {"kind": "wall"}),
        b.block(
            f"{prefix}:sign",
            (w, 0.5, 0.2),
            (0, h + 0.25, d / 2 - 0.1),
            accent,
            {"kind": "sign", "for": "booth", "number": booth["number"], "name": booth["name"]},
        ),
        b.block(
            f"{prefix}:logo",
            (2.4, 0.9, 0.1),
            (0, h - 0.6, -d / 2 + 0.25),
            accent,
            {
                "kind": "logo",
                "media": (
                    {"id": "logo", "kind": "image", "url": booth["logo"], "source": "booth.logo"}
                    if booth["logo"]
                    else _placeholder("logo", 0, booth)
                ),
                "name": booth["name"],
            },
        ),
        b.block(
            f"{prefix}:counter",
            (2.0, 1.0, 0.7),
            (0, 0.5, d / 2 - 1.4),
            mats["counter"],
            {"kind": "counter", "room": booth["room"], "organisation": booth["organisation"]},
        ),
    ]
    screens = template["screens"]
    spacing = min(3.2, (w - 1.0) / screens)
    screen_x = [(i - (screens - 1) / 2) * spacing for i in range(screens)]
    for i, x in enumerate(screen_x):
        objects.append(
            b.block(
                f"{prefix}:screen:{i}",
                (2.4, 1.35, 0.08),
                (x, 1.8, -d / 2 + 0.25),
                mats["screen"],
                {"kind": "screen", "index": i, "aspect": 16 / 9, "media": _media(content["videos"], i, "video", booth)},
            )
        )
    per_side = math.ceil(template["posters"] / 2)
    for i in range(template["posters"]):
        side, slot = (-1, i // 2) if i % 2 == 0 else (1, i // 2)
        z = -d / 2 + (slot + 1) * d / (per_side + 1)
        objects.append(
            b.block(
                f"{prefix}:poster:{i}",
                (0.05, 1.6, 1.1),
                (side * (w / 2 - 0.23), 1.6, z),
                mats["poster"],
                {"kind": "poster", "index": i, "media": _media(content["posters"], i, "poster", booth)},
            )
        )
    for i in range(template["ads"]):
        side = -1 if i % 2 == 0 else 1
        media = _media(content["ads"], i, "ad", booth)
        objects.append(
            b.block(
                f"{prefix}:ad:{i}",
                (0.9, 2.0, 0.08),
                (side * (w / 2 - 0.8), 1.1, d / 2 - 0.5),
                mats["ad"],
                {"kind": "ad", "index": i, "media": media, "schedule": media.get("schedule", [])},
            )
        )

    description = booth["description"]
    stops = content["commentary"] or [
        {
            "order": 0,
            "position": [-1.2, 0, d / 2 - 0.4],
            "target": f"{prefix}:sign",
            "text": {
                "zh": f"欢迎来到{booth['name']['zh']}（{booth['number']}）。{description['zh']}".strip(),
                "en": f"Welcome to {booth['name']['en']} ({booth['number']}). {description['en']}".strip(),
            },
            "audio": None,
        },
        {
            "order": 1,
            "position": [screen_x[0], 0, -d / 2 + 1.6],
            "target": f"{prefix}:screen:0",
            "text": {"zh": "观看展位视频。", "en": "Watch the booth's video."},
            "audio": None,
        },
        {
            "order": 2,
            "position": [-(w / 2 - 1.2), 0, 0],
            "target": f"{prefix}:poster:0",
            "text": {"zh": "浏览展板与资料。", "en": "Browse the posters and documents."},
            "audio": None,
        },
        {
            "order": 3,
            "position": [1.2, 0, d / 2 - 0.4],
            "target": f"{prefix}:counter",
            "text": {"zh": "与展位工作人员在线交流。", "en": "Talk to the booth's staff."},
            "audio": None,
        },
    ]
    for n, stop in enumerate(sorted(stops, key=lambda s: s["order"])):
        x, _, z = stop["position"]
        objects.append(
            b.cylinder(
                f"hotspot:{n}",
                0.35,
                0.05,
                (x, 0.03, z),
                mats["hotspot"],
                {
                    "kind": "hotspot",
                    "index": n,
                    "order": stop["order"],
                    "target": stop["target"],
                    "title": stop.get("title"),
                    "text": stop["text"],
                    "audio": stop["audio"],
                    "position": stop["position"],
                    "lookAt": stop.get("look_at"),
                    "default": not content["commentary"],
                },
            )
        )
    media_refs = sum(1 for o in objects if "media" in b.user_data.get(id(o), {}))
    scene = b.scene(
        prefix,
        [*b.lights(extent=max(w, d)), *objects],
        background="#eef2f6",
        data={
            "kind": "booth",
            "id": booth["id"],
            "number": booth["number"],
            "template": booth["template"],
            "name": booth["name"],
            "description": booth["description"],
            "hall": spec["hall"]["slug"],
            "zone": {"id": spec["zone"]["id"], "code": spec["zone"]["code"], "name": spec["zone"]["name"]},
            "board": (
                {"id": spec["board"]["id"], "code": spec["board"]["code"], "name": spec["board"]["name"]}
                if spec["board"]
                else None
            ),
            "room": booth["room"],
            "organisation": booth["organisation"],
            "size": {"width": w, "depth": d, "height": h},
            "screens": screens,
            "posters": template["posters"],
            "ads": template["ads"],
            "hotspots": len(stops),
            "mediaRefs": media_refs,
            # PDFs have no object in the scene: the client lists them (e.g. at the counter).
            "documents": content.get("documents", []),
            "units": "metre",
            "up": "+Y",
            "camera": {"position": [0, 1.7, round(d / 2 + 5.0, 2)], "target": [0, 1.5, 0], "fov": 55},
        },
    )
    return b.export(scene)
