"""What a scene is built from: plain, JSON-able "specs" read from the database.

A spec holds exactly the data a builder uses, so its hash is the scene's version: the
descriptor is rebuilt when (and only when) the spec changes — a renamed zone, a booth that
went live, a new logo — with no `updated_at` needed on zones or boards.

Booth media. `booth_content` is the one place the scenes read a booth's content
(halls/content: videos, posters, documents, the ad current now in each ad area, the guided
commentary). What the booth lacks, the builder fills with placeholder references, and a
booth with no commentary gets a default tour built from its own fields (docs/scenes.md).
The current ads are part of the spec, so an ad starting or ending changes the version.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from accounts.i18n import pair
from halls.content.selectors import booth_content as read_booth_content
from halls.content.selectors import media_url
from halls.models import Board, Booth, Hall, Zone


def _logo_url(logo_name: str) -> str | None:
    return media_url(logo_name)


def _zone(zone: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": zone["id"],
        "slug": zone["slug"],
        "code": zone["code"],
        "name": pair(zone["name"], zone["name_en"]),
        "order": zone["order"],
    }


def _board(board: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": board["id"],
        "slug": board["slug"],
        "code": board["code"],
        "name": pair(board["name"], board["name_en"]),
        "order": board["order"],
    }


BOOTH_FIELDS = (
    "id",
    "number",
    "position",
    "template",
    "name",
    "name_en",
    "zone_id",
    "board_id",
    "logo",
    "room__slug",
    "organisation_id",
    "organisation__name",
    "organisation__name_en",
)


def _booth(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "number": row["number"],
        "position": row["position"],
        "template": row["template"],
        "name": pair(row["name"], row["name_en"]),
        "zone": row["zone_id"],
        "board": row["board_id"],
        "logo": _logo_url(row["logo"]),
        "room": row["room__slug"],
        "organisation": {
            "id": row["organisation_id"],
            "name": pair(row["organisation__name"], row["organisation__name_en"]),
        },
        "scene": reverse("api:scene-booth", args=[row["id"]]),
    }


def hall_spec(hall: Hall) -> dict[str, Any]:
    """Zones in street order with their boards, and the live booths (3 queries)."""
    boards: dict[int, list[dict[str, Any]]] = {}
    for board in Board.objects.filter(zone__hall=hall).order_by("zone", "order", "pk").values():
        boards.setdefault(board["zone_id"], []).append(_board(board))
    zones = [
        {
            **_zone(zone),
            "boards": boards.get(zone["id"], []),
            "detail": reverse("api:scene-zone", args=[hall.slug, zone["id"]]),
        }
        for zone in Zone.objects.filter(hall=hall).order_by("order", "pk").values()
    ]
    booths = [
        _booth(row)
        for row in Booth.objects.filter(zone__hall=hall, status=Booth.Status.LIVE)
        .order_by("zone", "board", "position", "pk")
        .values(*BOOTH_FIELDS)
    ]
    return {
        "hall": {"id": hall.pk, "slug": hall.slug, "name": pair(hall.name, hall.name_en)},
        "zones": zones,
        "booths": booths,
    }


def zone_spec(hall: Hall, zone_id: int) -> dict[str, Any] | None:
    """One zone of `hall_spec` (its boards, its street number, its live booths), or None."""
    spec = hall_spec(hall)
    for index, zone in enumerate(spec["zones"]):
        if zone["id"] == zone_id:
            booths = [booth for booth in spec["booths"] if booth["zone"] == zone_id]
            return {"hall": spec["hall"], "zone": zone, "index": index, "booths": booths}
    return None


def booth_content(booth: Booth) -> dict[str, list[Any]]:
    """The booth's media and commentary (halls.content.selectors.booth_content). Shapes:

    videos/posters/documents: {"id": "video:<pk>"…, "kind": "video"|"link"|"image"|"document",
                               "url", "content_type", "title": {"zh", "en"}, "poster" (videos)}
    ads:        indexed by ad area (slot); the ad running now, or None: {…, "kind": "image"|"video",
                "link", "schedule": [{"starts_at", "ends_at"}]}
    commentary: {"id", "order", "position": [x, y, z], "look_at": [x, y, z] or None,
                 "target": object name or None, "title"/"text": {"zh", "en"}, "audio": url or None}
    """
    content = read_booth_content(booth)
    return {key: [_without_pk(item) for item in items] for key, items in content.items()}


def _without_pk(item: dict[str, Any] | None) -> dict[str, Any] | None:
    # The database pk and byte size are for editors; the scene keeps the stable string id.
    return None if item is None else {k: v for k, v in item.items() if k not in ("pk", "size")}


def booth_spec(booth: Booth) -> dict[str, Any]:
    booth = Booth.objects.select_related("zone__hall", "board", "room", "organisation").get(pk=booth.pk)
    row = {
        "id": booth.pk,
        "number": booth.number,
        "position": booth.position,
        "template": booth.template,
        "name": booth.name,
        "name_en": booth.name_en,
        "zone_id": booth.zone_id,
        "board_id": booth.board_id,
        "logo": booth.logo.name if booth.logo else "",
        "room__slug": booth.room.slug,
        "organisation_id": booth.organisation_id,
        "organisation__name": booth.organisation.name,
        "organisation__name_en": booth.organisation.name_en,
    }
    zone = booth.zone
    return {
        "hall": {"id": zone.hall_id, "slug": zone.hall.slug, "name": pair(zone.hall.name, zone.hall.name_en)},
        "zone": {
            "id": zone.pk,
            "slug": zone.slug,
            "code": zone.code,
            "name": pair(zone.name, zone.name_en),
            "order": zone.order,
        },
        "zone_index": list(
            Zone.objects.filter(hall_id=zone.hall_id).order_by("order", "pk").values_list("pk", flat=True)
        ).index(zone.pk),
        "board": (
            {
                "id": booth.board.pk,
                "slug": booth.board.slug,
                "code": booth.board.code,
                "name": pair(booth.board.name, booth.board.name_en),
                "order": booth.board.order,
            }
            if booth.board_id
            else None
        ),
        "booth": {**_booth(row), "description": pair(booth.description, booth.description_en)},
        "content": booth_content(booth),
    }
