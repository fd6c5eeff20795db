"""A booth's scene: its interior by template (walls, sign, logo, counter, video screens,
posters, ad areas) with its content or placeholders, and the guided commentary's hotspots."""

from __future__ import annotations

import math
from typing import Any

from halls.scenes.builders.base import Builder, zone_colour

# ---------------------------------------------------------------- booth interior (metres)
BOOTH_TEMPLATES = {
    "standard": {"width": 6.0, "depth": 5.0, "screens": 1, "posters": 2, "ads": 1},
    "double": {"width": 10.0, "depth": 6.0, "screens": 2, "posters": 4, "ads": 2},
    "pavilion": {"width": 14.0, "depth": 10.0, "screens": 3, "posters": 6, "ads": 2},
}
WALL_HEIGHT = 3.5


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


def _default_commentary(
    prefix: str, booth: dict[str, Any], first_screen_x: float, w: float, d: float
) -> list[dict[str, Any]]:
    """The guided tour of a booth whose staff wrote none: the sign, the first screen, the
    posters, the counter."""
    description = booth["description"]
    return [
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
            "position": [first_screen_x, 0, -d / 2 + 1.6],
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

    stops = content["commentary"] or _default_commentary(prefix, booth, screen_x[0], w, d)
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
