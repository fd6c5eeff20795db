"""The booth and hall scenes, built with pythreejs from a spec (halls.scenes.content) and
exported to three.js JSON (halls.scenes.export).

    base.py   the Builder: shared geometries and materials, user data, lights, export
    hall.py   the hall: the street layout (`layout_zone`) and `build_hall_scene`
    booth.py  a booth's interior: templates and `build_booth_scene`
    instances.py  booths at a distance: a marker per booth, the parts instanced (InstancedMesh)
    zone.py   a zone's detail: its booths in full, `build_zone_scene`

Coordinates: three's right-handed frame, Y up, 1 unit = 1 metre, the floor at y = 0.
The hall: the main avenue runs along +X from the main entrance (x = -12); each zone is a
street leaving the avenue towards -Z, its centre line at x = 12 + 26·(zone index); booths
stand on both sides of the street facing it. A booth's own frame (the booth scene, and the
children of a booth group in the hall) has its open front towards +Z.

Booths repeat: the hall draws them as instanced parts (four draw calls for all booths) under
a marker per booth; each zone's booths in full come on demand from the zone's own
descriptor. Every mesh uses one of a few shared geometries (a unit box, scaled; a cylinder) and shared
materials (one per zone colour plus a handful), so the hall's geometry count does not grow
with its booths.
"""

from halls.scenes.builders.base import ZONE_COLOURS, Builder, zone_colour
from halls.scenes.builders.booth import BOOTH_TEMPLATES, WALL_HEIGHT, build_booth_scene
from halls.scenes.builders.hall import (
    AVENUE_WIDTH,
    BOARD_GAP,
    BOOTH_GAP,
    ENTRANCE_X,
    FIRST_BOOTH,
    FIRST_STREET_X,
    FOOTPRINT,
    MIN_SEGMENT,
    SIDEWALK,
    STREET_START,
    STREET_WIDTH,
    ZONE_SPACING,
    build_hall_scene,
    layout_zone,
)
from halls.scenes.builders.zone import build_zone_scene

__all__ = [
    "AVENUE_WIDTH",
    "BOARD_GAP",
    "BOOTH_GAP",
    "BOOTH_TEMPLATES",
    "ENTRANCE_X",
    "FIRST_BOOTH",
    "FIRST_STREET_X",
    "FOOTPRINT",
    "MIN_SEGMENT",
    "SIDEWALK",
    "STREET_START",
    "STREET_WIDTH",
    "WALL_HEIGHT",
    "ZONE_COLOURS",
    "ZONE_SPACING",
    "Builder",
    "build_booth_scene",
    "build_hall_scene",
    "build_zone_scene",
    "layout_zone",
    "zone_colour",
]
