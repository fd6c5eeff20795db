"""What both scenes are built with: one Builder per build holds the shared geometries and
materials (so the geometry count does not grow with the booths), the user data of its
objects, the lights, and the export to three.js JSON."""

from __future__ import annotations

from typing import Any

from halls.scenes.export import export_scene, three

ZONE_COLOURS = ["#e63946", "#f4a261", "#2a9d8f", "#457b9d", "#8338ec", "#ff006e", "#3a86ff", "#fb8500"]


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
