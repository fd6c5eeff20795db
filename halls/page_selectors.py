"""Reads for the exhibition's browser pages: the hall's street in the visitor's
language with list filters, the 2D map's geometry, and a booth's text alternative read
from its scene descriptor (docs/scenes.md), so the text says what the 3D view shows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from accounts.i18n import localized, other_language, pick
from halls import selectors
from halls.models import Booth, Hall

MAX_QUERY_CHARS = 100


@dataclass(frozen=True)
class ListFilters:
    query: str = ""
    zone: int | None = None
    board: int | None = None

    @classmethod
    def from_query(cls, params: QueryDict) -> ListFilters:
        """Unknown or malformed ids are ignored (they match nothing anyway): the page shows
        the whole hall rather than an error for a hand-edited URL."""

        def as_id(name: str) -> int | None:
            value = params.get(name, "")
            return int(value) if value.isdigit() else None

        return cls(query=params.get("q", "").strip()[:MAX_QUERY_CHARS], zone=as_id("zone"), board=as_id("board"))

    @property
    def active(self) -> bool:
        return bool(self.query or self.zone or self.board)

    def matches(self, booth: dict[str, Any], zone_id: int, board_id: int | None) -> bool:
        if self.zone and zone_id != self.zone:
            return False
        if self.board and board_id != self.board:
            return False
        if self.query:
            needle = self.query.casefold()
            haystack = " ".join(
                [booth["name"], booth["name_en"], booth["number"], booth["organisation"]["name"]]
            ).casefold()
            return needle in haystack
        return True


def _booth_row(booth: dict[str, Any], zone_id: int, board_id: int | None, filters: ListFilters) -> dict[str, Any]:
    return {
        **booth,
        "label": localized(booth["name"], booth["name_en"]),
        "other": other_language(booth["name"], booth["name_en"]),
        "description_text": localized(booth["description"], booth["description_en"]),
        "match": filters.matches(booth, zone_id, board_id),
    }


def hall_street(hall: Hall, filters: ListFilters | None = None) -> dict[str, Any]:
    """Zones → boards → booths (every live booth, each marked `match` under the filters),
    with names in the visitor's language and counts."""
    filters = filters or ListFilters()
    structure = selectors.hall_structure(hall)
    zones = []
    total = matched = 0
    for zone in structure["zones"]:
        booths = [_booth_row(b, zone["id"], None, filters) for b in zone["booths"]]
        boards = []
        for board in zone["boards"]:
            rows = [_booth_row(b, zone["id"], board["id"], filters) for b in board["booths"]]
            boards.append(
                {
                    **board,
                    "label": localized(board["name"], board["name_en"]),
                    "booths": rows,
                    "matched": sum(r["match"] for r in rows),
                }
            )
        everyone = booths + [row for board in boards for row in board["booths"]]
        zone_matched = sum(r["match"] for r in everyone)
        zones.append(
            {
                **zone,
                "label": localized(zone["name"], zone["name_en"]),
                "booths": booths,
                "boards": boards,
                "count": len(everyone),
                "matched": zone_matched,
                "matched_here": sum(r["match"] for r in booths),
            }
        )
        total += len(everyone)
        matched += zone_matched
    return {
        "slug": structure["slug"],
        "label": localized(structure["name"], structure["name_en"]),
        "zones": zones,
        "total": total,
        "matched": matched,
    }


# ---------------------------------------------------------------- the 2D map

MAP_COLUMN = 150  # px per zone street
MAP_GAP = 14
MAP_BOOTH = 20  # px per booth row
MAP_HEAD = 46  # zone title
MAP_BOARD_HEAD = 18


def street_map(street: dict[str, Any]) -> dict[str, Any]:
    """Boxes for a simple SVG map: one column per zone street (in street order), its
    booths top to bottom in walking order, a band per board."""
    columns = []
    height = 0
    for index, zone in enumerate(street["zones"]):
        x = MAP_GAP + index * (MAP_COLUMN + MAP_GAP)
        y = MAP_HEAD
        items: list[dict[str, Any]] = []
        runs = [(None, zone["booths"])] + [(board, board["booths"]) for board in zone["boards"]]
        for board, booths in runs:
            if board is not None:
                items.append({"kind": "board", "y": y, "label": f"{board['code']} {board['label']}"})
                y += MAP_BOARD_HEAD
            for booth in booths:
                items.append({"kind": "booth", "y": y, "booth": booth})
                y += MAP_BOOTH
        columns.append({"x": x, "zone": zone, "items": items, "height": y - MAP_HEAD + 6})
        height = max(height, y)
    return {
        "width": MAP_GAP + len(columns) * (MAP_COLUMN + MAP_GAP),
        "height": height + MAP_GAP,
        "column": MAP_COLUMN,
        "row": MAP_BOOTH - 3,
        "columns": columns,
    }


# ---------------------------------------------------------------- a booth's text alternative


def _walk(node: dict[str, Any]):
    yield node
    for child in node.get("children", []):
        yield from _walk(child)


def _media_item(data: dict[str, Any]) -> dict[str, Any]:
    media = data.get("media") or {}
    return {
        "index": data.get("index", 0),
        "kind": media.get("kind", "placeholder"),
        "url": media.get("url"),
        "title": pick(media.get("title")) or pick(media.get("name")),
        "link": media.get("link") or "",
        "placeholder": media.get("kind") in (None, "placeholder"),
        "schedule": data.get("schedule") or [],
    }


def booth_about(booth: Booth) -> dict[str, Any]:
    """What the booth scene shows, as text: its description, the screens' videos, posters,
    ad boards, logo and the guided commentary, from the scene descriptor's userData."""
    from halls.scenes import service as scenes

    scene = json.loads(scenes.booth_descriptor(booth).body())["object"]
    data = scene.get("userData", {})
    parts: dict[str, list[dict[str, Any]]] = {"screen": [], "poster": [], "ad": [], "logo": []}
    stops = []
    for node in _walk(scene):
        user_data = node.get("userData") or {}
        kind = user_data.get("kind")
        if kind in parts:
            parts[kind].append({**_media_item(user_data), "name": node.get("name")})
        elif kind == "hotspot":
            stops.append(
                {
                    "order": user_data.get("order", 0),
                    "name": node.get("name"),
                    "title": pick(user_data.get("title")),
                    "text": pick(user_data.get("text")),
                    "audio": user_data.get("audio"),
                    "target": user_data.get("target"),
                }
            )
    for items in parts.values():
        items.sort(key=lambda item: item["index"])
    stops.sort(key=lambda stop: stop["order"])
    zone = booth.zone
    board = booth.board
    return {
        "name": localized(booth.name, booth.name_en),
        "other_name": other_language(booth.name, booth.name_en),
        "description": pick(data.get("description")) or localized(booth.description, booth.description_en),
        "organisation": localized(booth.organisation.name, booth.organisation.name_en),
        "zone": localized(zone.name, zone.name_en),
        "board": localized(board.name, board.name_en) if board else "",
        "hall": zone.hall,
        "hall_name": localized(zone.hall.name, zone.hall.name_en),
        "screens": parts["screen"],
        "posters": parts["poster"],
        "ads": parts["ad"],
        "logo": parts["logo"][0] if parts["logo"] else None,
        "stops": stops,
    }
