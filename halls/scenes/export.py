"""pythreejs widgets → the three.js JSON Object format (what `THREE.ObjectLoader` reads).

pythreejs has no exporter of its own, so this walks the widgets' traits:

- geometries: every non-private trait except name/type is a constructor parameter of the
  same name in three (pythreejs is generated from three); `BoxBufferGeometry` → `BoxGeometry`.
- materials: a whitelist of traits; CSS colours become integers, enum strings integers.
- objects: position, quaternion (from the Euler `rotation` unless a quaternion was set)
  and scale; pythreejs leaves `matrix` at identity, so it is never written.
- user data: pythreejs widgets have no `userData` trait; the builder passes a dict
  {id(widget): data} that is written as each object's `userData`.

Geometries and materials are deduplicated by content: equal ones share one entry, whose
uuid is derived from that content, and object uuids from their place in the tree, so two
builds of the same input give byte-identical JSON.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Mapping
from typing import Any

import pythreejs as three

GENERATOR = "Pavilion halls.scenes (pythreejs 2.4 → three.js JSON 4.5)"
NAMESPACE = uuid.UUID("5b0e7f57-3f0c-4b8a-9d0e-70a1d1e5c3a1")

# three.js constants (src/constants.js)
SIDES = {"FrontSide": 0, "BackSide": 1, "DoubleSide": 2}
BLENDING = {
    "NoBlending": 0,
    "NormalBlending": 1,
    "AdditiveBlending": 2,
    "SubtractiveBlending": 3,
    "MultiplyBlending": 4,
    "CustomBlending": 5,
}
DEPTH_FUNCS = {
    "NeverDepth": 0,
    "AlwaysDepth": 1,
    "LessDepth": 2,
    "LessEqualDepth": 3,
    "EqualDepth": 4,
    "GreaterEqualDepth": 5,
    "GreaterDepth": 6,
    "NotEqualDepth": 7,
}
ENUMS = {"side": SIDES, "shadowSide": SIDES, "blending": BLENDING, "depthFunc": DEPTH_FUNCS}
ENUM_DEFAULTS = {"side": 0, "blending": 1, "depthFunc": 3}
COLOURS = ("color", "emissive", "specular")
# Scalars written as they are (only when they differ from three's own default).
MATERIAL_SCALARS = {
    "opacity": 1.0,
    "transparent": False,
    "emissiveIntensity": 1.0,
    "shininess": 30.0,
    "depthTest": True,
    "depthWrite": True,
    "wireframe": False,
    "flatShading": False,
    "visible": True,
    "alphaTest": 0.0,
}
TEXTURE_TRAITS = ("map", "emissiveMap", "alphaMap", "normalMap", "envMap", "aoMap", "lightMap", "bumpMap")


class ExportError(ValueError):
    pass


def css_to_int(value: str) -> int:
    value = value.strip()
    if value.startswith("#") and len(value) == 7:
        return int(value[1:], 16)
    if value.startswith("#") and len(value) == 4:
        return int("".join(c * 2 for c in value[1:]), 16)
    raise ExportError(f"Unsupported colour {value!r}: use #rrggbb.")


def euler_to_quaternion(x: float, y: float, z: float, order: str = "XYZ") -> list[float]:
    """three's Quaternion.setFromEuler."""
    c1, c2, c3 = math.cos(x / 2), math.cos(y / 2), math.cos(z / 2)
    s1, s2, s3 = math.sin(x / 2), math.sin(y / 2), math.sin(z / 2)
    formulas = {
        "XYZ": (s1 * c2 * c3 + c1 * s2 * s3, c1 * s2 * c3 - s1 * c2 * s3, c1 * c2 * s3 + s1 * s2 * c3),
        "YXZ": (s1 * c2 * c3 + c1 * s2 * s3, c1 * s2 * c3 - s1 * c2 * s3, c1 * c2 * s3 - s1 * s2 * c3),
        "ZXY": (s1 * c2 * c3 - c1 * s2 * s3, c1 * s2 * c3 + s1 * c2 * s3, c1 * c2 * s3 + s1 * s2 * c3),
        "ZYX": (s1 * c2 * c3 - c1 * s2 * s3, c1 * s2 * c3 + s1 * c2 * s3, c1 * c2 * s3 - s1 * s2 * c3),
        "YZX": (s1 * c2 * c3 + c1 * s2 * s3, c1 * s2 * c3 + s1 * c2 * s3, c1 * c2 * s3 - s1 * s2 * c3),
        "XZY": (s1 * c2 * c3 - c1 * s2 * s3, c1 * s2 * c3 - s1 * c2 * s3, c1 * c2 * s3 + s1 * s2 * c3),
    }
    w = {
        "XYZ": c1 * c2 * c3 - s1 * s2 * s3,
        "YXZ": c1 * c2 * c3 + s1 * s2 * s3,
        "ZXY": c1 * c2 * c3 - s1 * s2 * s3,
        "ZYX": c1 * c2 * c3 + s1 * s2 * s3,
        "YZX": c1 * c2 * c3 - s1 * s2 * s3,
        "XZY": c1 * c2 * c3 + s1 * s2 * s3,
    }
    if order not in formulas:
        raise ExportError(f"Unknown Euler order {order!r}.")
    return [*formulas[order], w[order]]


def _round(value: float) -> float:
    rounded = round(float(value), 5)
    return 0.0 if rounded == 0 else rounded  # no "-0.0"


def _vec(values) -> list[float]:
    return [_round(v) for v in values]


def _key(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


class Exporter:
    """One export: collects deduplicated geometries and materials while walking the tree."""

    def __init__(self, user_data: Mapping[int, dict[str, Any]] | None = None) -> None:
        self.user_data = user_data or {}
        self.geometries: dict[str, dict[str, Any]] = {}
        self.materials: dict[str, dict[str, Any]] = {}
        self.widgets: list[Any] = []  # every widget seen, for close()
        self._object_uuids: dict[int, str] = {}
        self._pending_targets: list[tuple[dict[str, Any], Any]] = []

    # ------------------------------------------------------------ resources

    def geometry(self, widget) -> str:
        self.widgets.append(widget)
        kind = widget.type.replace("BufferGeometry", "Geometry")
        params = {
            name: (_round(value) if isinstance(value, float) else value)
            for name, value in widget.get_state().items()
            if not name.startswith("_") and name not in ("name", "type")
        }
        if any(isinstance(v, (list, tuple, dict)) for v in params.values()):
            raise ExportError(f"{kind}: only parametric geometries are exported.")
        data = {"type": kind, **params}
        key = _key(data)
        if key not in self.geometries:
            self.geometries[key] = {"uuid": str(uuid.uuid5(NAMESPACE, "geometry:" + key)), **data}
        return self.geometries[key]["uuid"]

    def material(self, widget) -> str:
        self.widgets.append(widget)
        state = widget.get_state()
        for trait in TEXTURE_TRAITS:
            if state.get(trait) is not None:
                raise ExportError(f"{widget.type}.{trait}: textures are not exported; reference media in userData.")
        data: dict[str, Any] = {"type": widget.type}
        if state.get("name"):
            data["name"] = state["name"]
        for trait in COLOURS:
            if trait in state:
                data[trait] = css_to_int(state[trait])
        for trait, table in ENUMS.items():
            value = state.get(trait)
            if value is not None and table[value] != ENUM_DEFAULTS.get(trait):
                data[trait] = table[value]
        for trait, default in MATERIAL_SCALARS.items():
            if trait in state and state[trait] != default:
                value = state[trait]
                data[trait] = _round(value) if isinstance(value, float) else value
        for trait in ("roughness", "metalness"):  # pythreejs' defaults differ from three's: always write
            if trait in state:
                data[trait] = _round(state[trait])
        key = _key(data)
        if key not in self.materials:
            self.materials[key] = {"uuid": str(uuid.uuid5(NAMESPACE, "material:" + key)), **data}
        return self.materials[key]["uuid"]

    # ------------------------------------------------------------ objects

    def obj(self, widget, path: str) -> dict[str, Any]:
        self.widgets.append(widget)
        name = widget.name or ""
        object_uuid = str(uuid.uuid5(NAMESPACE, f"object:{path}"))
        self._object_uuids[id(widget)] = object_uuid
        data: dict[str, Any] = {"uuid": object_uuid, "type": widget.type, "name": name}
        data["position"] = _vec(widget.position)
        quaternion = tuple(widget.quaternion)
        if quaternion == (0.0, 0.0, 0.0, 1.0):
            x, y, z, order = widget.rotation
            quaternion = euler_to_quaternion(x, y, z, order)
        data["quaternion"] = _vec(quaternion)
        data["scale"] = _vec(widget.scale)
        if not widget.visible:
            data["visible"] = False
        if widget.castShadow:
            data["castShadow"] = True
        if widget.receiveShadow:
            data["receiveShadow"] = True
        if widget.type == "Mesh":
            data["geometry"] = self.geometry(widget.geometry)
            data["material"] = self.material(widget.material)
        elif widget.type == "Scene":
            if widget.background:
                data["background"] = css_to_int(widget.background)
            if widget.fog is not None:
                fog = widget.fog
                self.widgets.append(fog)
                data["fog"] = {"type": "Fog", "color": css_to_int(fog.color), "near": fog.near, "far": fog.far}
        elif widget.type.endswith("Light"):
            data["color"] = css_to_int(widget.color)
            data["intensity"] = _round(widget.intensity)
            if widget.type == "HemisphereLight":
                data["groundColor"] = css_to_int(widget.groundColor)
            if widget.type in ("DirectionalLight", "SpotLight"):
                self._pending_targets.append((data, widget.target))
        elif widget.type not in ("Group", "Object3D"):
            raise ExportError(f"{widget.type}: not supported by this exporter.")
        user_data = self.user_data.get(id(widget))
        if user_data:
            data["userData"] = user_data
        children = []
        for index, child in enumerate(widget.children):
            children.append(self.obj(child, f"{path}/{child.name or f'#{index}'}"))
        if children:
            data["children"] = children
        return data

    def export(self, root) -> dict[str, Any]:
        tree = self.obj(root, root.name or "root")
        for data, target in self._pending_targets:
            target_uuid = self._object_uuids.get(id(target))
            if target_uuid is None:
                raise ExportError(f"{data['name'] or data['type']}: its target must be an object in the scene.")
            data["target"] = target_uuid
        return {
            "metadata": {"version": 4.5, "type": "Object", "generator": GENERATOR},
            "geometries": list(self.geometries.values()),
            "materials": list(self.materials.values()),
            "object": tree,
        }

    def close(self) -> None:
        """Widgets sit in ipywidgets' global registry until closed: close what we exported."""
        seen: set[int] = set()
        for widget in self.widgets:
            if id(widget) not in seen:
                seen.add(id(widget))
                widget.close()


def export_scene(root, user_data: Mapping[int, dict[str, Any]] | None = None, *, close: bool = True) -> dict[str, Any]:
    exporter = Exporter(user_data)
    try:
        return exporter.export(root)
    finally:
        if close:
            exporter.close()


__all__ = ["GENERATOR", "ExportError", "Exporter", "euler_to_quaternion", "export_scene", "three"]
