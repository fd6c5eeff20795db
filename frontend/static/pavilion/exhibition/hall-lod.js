// The hall's level of detail (docs/scenes.md, "Level of detail"): every booth is drawn by
// the hall descriptor's instanced parts (booths:far, four draw calls for all) with its sign
// painted into one texture atlas per zone (one draw call per zone); when the visitor walks
// near a zone, its detail descriptor is fetched (the browser revalidates it with its ETag:
// a 304 when unchanged) and the booths near the camera are drawn in full, their instances
// hidden. hall.booths keeps every booth's marker group (its full parts are added to it).
import * as THREE from "three";
import { loadScene, paintSigns, signText } from "./scene-common.js";

const LOAD_DISTANCE = 60; // metres from a zone's street: fetch its detail
const FULL_DISTANCE = 36; // metres from a booth: draw it in full
const NEAR_HEIGHT = 40; // metres: above this, every booth stays an instance
const CELL = { width: 256, height: 32, columns: 4 };
const HIGHLIGHT = new THREE.Color(0xf59e0b);
const zero = new THREE.Matrix4().makeScale(0, 0, 0);

export function createLod(hall, scene, lang) {
  const far = scene.getObjectByName("booths:far");
  const parts = far ? far.children.filter((o) => o.isInstancedMesh) : [];
  const ids = far ? far.userData.booths : [];
  const slot = new Map(ids.map((id, k) => [id, k])); // booth id -> instance index
  const original = parts.map((mesh) => mesh.instanceMatrix.array.slice());
  const wall = parts.find((mesh) => mesh.instanceColor);
  const wallColours = wall ? wall.instanceColor.array.slice() : null;
  const labels = []; // per zone: {mesh, positions, original, start}
  const zones = new Map(); // zone id -> {group, state: "far"|"loading"|"loaded"|"error", full: Map}
  const state = new Map(ids.map((id) => [id, "far"])); // booth id -> "far" | "full"
  const lod = {
    pickables: [...parts],
    signs: 0,
    loads: 0,
    isFar: (object) => parts.includes(object),
    boothOfInstance: (instanceId) => ids[instanceId] ?? null,
    stateOf: (id) => state.get(id) || null,
    zoneState: (id) => zones.get(id)?.state || null,
    update,
    highlight,
    loadAll,
  };

  // --- the far signs: one atlas and one merged mesh per zone -----------------------------
  scene.updateMatrixWorld(true);
  for (const [zoneId, [start, count]] of Object.entries(far ? far.userData.zones : {})) {
    if (!count) continue;
    const rows = Math.ceil(count / CELL.columns);
    const canvas = document.createElement("canvas");
    canvas.width = CELL.width * CELL.columns;
    canvas.height = CELL.height * rows;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fdfcdc";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#14213d";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.font = `600 ${Math.round(CELL.height * 0.6)}px system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif`;
    const positions = new Float32Array(count * 12);
    const uvs = new Float32Array(count * 8);
    const index = [];
    const corner = new THREE.Vector3();
    for (let n = 0; n < count; n += 1) {
      const marker = hall.booths.get(ids[start + n]);
      const data = marker.userData;
      const cx = (n % CELL.columns) * CELL.width;
      const cy = Math.floor(n / CELL.columns) * CELL.height;
      const text = signText({ for: "booth", number: data.number, name: data.name }, lang);
      ctx.fillText(text, cx + CELL.width / 2, cy + CELL.height / 2, CELL.width * 0.94);
      const w = data.frontage / 2;
      const z = data.depth / 2 + 0.01; // just in front of the sign board's face
      [[-w, 3.5], [w, 3.5], [-w, 3.0], [w, 3.0]].forEach(([x, y], v) => {
        corner.set(x, y, z).applyMatrix4(marker.matrixWorld);
        positions.set([corner.x, corner.y, corner.z], n * 12 + v * 3);
      });
      const u0 = cx / canvas.width;
      const u1 = (cx + CELL.width) / canvas.width;
      const v0 = 1 - cy / canvas.height;
      const v1 = 1 - (cy + CELL.height) / canvas.height;
      uvs.set([u0, v0, u1, v0, u0, v1, u1, v1], n * 8);
      const i = n * 4;
      index.push(i, i + 2, i + 1, i + 1, i + 2, i + 3);
    }
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute("position", new THREE.BufferAttribute(positions, 3));
    geometry.setAttribute("uv", new THREE.BufferAttribute(uvs, 2));
    geometry.setIndex(index);
    geometry.computeBoundingSphere();
    const texture = new THREE.CanvasTexture(canvas);
    texture.colorSpace = THREE.SRGBColorSpace;
    texture.anisotropy = 4;
    const mesh = new THREE.Mesh(geometry, new THREE.MeshBasicMaterial({ map: texture }));
    mesh.name = `booths:far:signs:${zoneId}`;
    mesh.userData = { kind: "far-signs", zone: Number(zoneId) };
    scene.add(mesh);
    labels.push({ mesh, positions, original: positions.slice(), start, count });
    lod.signs += count;
  }

  function labelOf(k) {
    return labels.find((l) => k >= l.start && k < l.start + l.count);
  }

  function setInstanceHidden(id, hidden) {
    const k = slot.get(id);
    if (k === undefined) return;
    parts.forEach((mesh, p) => {
      if (hidden) mesh.setMatrixAt(k, zero);
      else mesh.instanceMatrix.array.set(original[p].subarray(k * 16, k * 16 + 16), k * 16);
      mesh.instanceMatrix.needsUpdate = true;
    });
    const label = labelOf(k);
    if (label) {
      const at = (k - label.start) * 12;
      if (hidden) label.positions.fill(0, at, at + 12);
      else label.positions.set(label.original.subarray(at, at + 12), at);
      label.mesh.geometry.attributes.position.needsUpdate = true;
    }
  }

  // Hover: far booths show it on their wall's instance colour.
  function highlight(id, on) {
    const k = slot.get(id);
    if (k === undefined || !wall) return;
    if (on) wall.setColorAt(k, HIGHLIGHT);
    else wall.instanceColor.array.set(wallColours.subarray(k * 3, k * 3 + 3), k * 3);
    wall.instanceColor.needsUpdate = true;
  }

  // --- streaming ------------------------------------------------------------------------
  async function loadZone(zone) {
    const entry = { group: zone, state: "loading", full: new Map() };
    zones.set(zone.userData.id, entry);
    try {
      // The browser's cache revalidates with If-None-Match (Cache-Control: no-cache): a 304.
      const detail = await loadScene(zone.userData.detail);
      paintSigns(detail, lang);
      for (const booth of [...detail.children]) {
        const id = booth.userData.id;
        if (hall.booths.has(id)) entry.full.set(id, [...booth.children]);
      }
      entry.state = "loaded";
      lod.loads += 1;
      hall.requestRender();
    } catch (error) {
      console.error(error);
      entry.state = "error";
    }
  }

  function streetDistance(zone, p) {
    const x = zone.getWorldPosition(new THREE.Vector3()).x;
    const length = zone.userData.length || 30;
    const dx = Math.max(0, Math.abs(p.x - x) - 12);
    const dz = Math.max(0, -5 - length - p.z, p.z + 5);
    return Math.hypot(dx, dz);
  }

  function setFull(id, full, children) {
    const marker = hall.booths.get(id);
    if (!marker || (state.get(id) === "full") === full) return;
    if (full) for (const child of children) marker.add(child);
    else for (const child of children) marker.remove(child);
    marker.updateMatrixWorld(true);
    setInstanceHidden(id, full);
    state.set(id, full ? "full" : "far");
    hall.pickablesChanged = true;
  }

  // After every camera move (hall-view's frame): which zones to fetch, which booths in full.
  function update() {
    const p = hall.camera.position;
    const low = p.y < NEAR_HEIGHT;
    for (const zone of hall.zones.values()) {
      if (low && !zones.has(zone.userData.id) && zone.userData.detail && streetDistance(zone, p) < LOAD_DISTANCE) {
        loadZone(zone);
      }
    }
    const spot = new THREE.Vector3();
    for (const entry of zones.values()) {
      if (entry.state !== "loaded") continue;
      for (const [id, children] of entry.full) {
        const near = low && hall.booths.get(id).getWorldPosition(spot).distanceTo(p) < FULL_DISTANCE;
        setFull(id, near, children);
      }
    }
  }

  // Every zone fetched and every booth in full: the hall as it was drawn before levels of
  // detail (?lod=full, the benchmark's baseline).
  async function loadAll() {
    await Promise.all([...hall.zones.values()].filter((z) => z.userData.detail).map(loadZone));
    for (const entry of zones.values()) for (const [id, children] of entry.full) setFull(id, true, children);
    lod.update = () => {};
  }

  return lod;
}
