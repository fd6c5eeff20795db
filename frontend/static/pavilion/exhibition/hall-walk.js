// The 3D street walk through a hall (docs/exhibition-pages.md): the hall's scene descriptor
// rendered on demand, a first-person camera (hall-view.js) walked with the mouse, keyboard
// and touch, booths highlighted on hover and entered on click (hall-picking.js), a zone
// jump list and a minimap. window.pavilionHall exposes the camera and picking to the
// browser tests.
import * as THREE from "three";
import { enableScriptButtons, readJson, showError } from "../dom.js";
import { actionOf } from "./hall-input.js";
import { createPicking } from "./hall-picking.js";
import { createLod } from "./hall-lod.js";
import { wireBoothSearch } from "./hall-search.js";
import { createHallView } from "./hall-view.js";
import { installHallXR } from "./xr-hall.js";
import { capture, fitToCanvas, frameStats, loadScene, makeRenderer, paintSigns, webglAvailable } from "./scene-common.js";

const config = readJson("hall-config");
const root = document.getElementById("hall");
const canvas = document.getElementById("hall-canvas");
const loading = document.getElementById("hall-loading");

const LOOK_SPEED = 0.005; // radians per dragged pixel
const DRAG_THRESHOLD = 6; // px: less than this is a click

const hall = createHallView({ minimap: document.getElementById("hall-minimap") });
const picking = createPicking(hall, { canvas, root, tooltip: document.getElementById("hall-tooltip"), config });

function enterBooth(id) {
  root.dataset.entering = String(id);
  window.location.assign(config.booth_url.replace("{id}", String(id)));
}

// --- keyboard ----------------------------------------------------------------------------

canvas.addEventListener("keydown", (event) => {
  const action = actionOf(event);
  if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  if (!hall.held.has(action)) {
    hall.held.add(action);
    hall.stepKeys(0.12); // a tap moves too, not only a held key
  }
  hall.requestRender();
});
canvas.addEventListener("keyup", (event) => {
  const action = actionOf(event);
  if (action) hall.held.delete(action);
});
canvas.addEventListener("blur", () => hall.held.clear());

// --- pointer: drag to look, click to enter, pinch to walk ----------------------------------

const pointers = new Map(); // pointerId -> {x, y, startX, startY}
let pinchDistance = null;
let dragged = false;

function pinchSpan() {
  const [a, b] = [...pointers.values()];
  return Math.hypot(a.x - b.x, a.y - b.y);
}

canvas.addEventListener("pointerdown", (event) => {
  capture(canvas, event.pointerId);
  pointers.set(event.pointerId, { x: event.clientX, y: event.clientY, startX: event.clientX, startY: event.clientY });
  dragged = pointers.size > 1;
  pinchDistance = pointers.size === 2 ? pinchSpan() : null;
  canvas.style.cursor = "grabbing";
});

canvas.addEventListener("pointermove", (event) => {
  const pointer = pointers.get(event.pointerId);
  if (!pointer) {
    picking.hover(event.clientX, event.clientY);
    return;
  }
  const dx = event.clientX - pointer.x;
  const dy = event.clientY - pointer.y;
  pointer.x = event.clientX;
  pointer.y = event.clientY;
  if (Math.hypot(event.clientX - pointer.startX, event.clientY - pointer.startY) > DRAG_THRESHOLD) dragged = true;
  if (pointers.size === 2) {
    const span = pinchSpan();
    if (pinchDistance !== null) hall.fly((span - pinchDistance) * hall.speed() * 0.02);
    pinchDistance = span;
    return;
  }
  if (dragged) {
    hall.look.yaw += dx * LOOK_SPEED;
    hall.look.pitch += dy * LOOK_SPEED;
    hall.requestRender();
  }
});

function endPointer(event) {
  const pointer = pointers.get(event.pointerId);
  if (!pointer) return;
  pointers.delete(event.pointerId);
  if (pointers.size < 2) pinchDistance = null;
  canvas.style.cursor = "";
  if (event.type === "pointerup" && !dragged && pointers.size === 0) {
    const id = picking.boothAt(event.clientX, event.clientY);
    if (id !== null) enterBooth(id);
  }
}
canvas.addEventListener("pointerup", endPointer);
canvas.addEventListener("pointercancel", endPointer);
canvas.addEventListener("pointerleave", () => picking.setHovered(null));
canvas.addEventListener(
  "wheel",
  (event) => {
    event.preventDefault();
    hall.fly(-Math.sign(event.deltaY) * hall.speed() * 0.5);
  },
  { passive: false },
);

// --- the booth list and zone jump ----------------------------------------------------------

document.querySelector(".hall-booths").addEventListener("focusin", (event) => {
  const link = event.target.closest("a[data-booth-id]");
  if (!link || !hall.scene) return;
  const id = Number(link.dataset.boothId);
  picking.lookAtBooth(id);
  picking.setHovered(id);
});
wireBoothSearch({
  form: document.getElementById("booth-search-form"),
  input: document.getElementById("booth-search"),
  list: document.querySelector(".hall-booths"),
});
document.getElementById("zone-jump").addEventListener("change", (event) => {
  picking.jumpToZone(event.target.value);
  canvas.focus();
});
document.getElementById("view-up").addEventListener("click", () => hall.walk(0, 0, hall.speed() * 0.5));
document.getElementById("view-down").addEventListener("click", () => hall.walk(0, 0, -hall.speed() * 0.5));
// The view buttons were sent disabled (a click before this module ran would be lost).
enableScriptButtons(root);

// --- start -------------------------------------------------------------------------------

function fail(error) {
  console.error(error);
  loading.hidden = true;
  showError("hall-error", `${config.strings.failed} ${error && error.message ? error.message : error}`);
  root.dataset.ready = "error";
}

// The scene's booths and zones, and the walkable ground (the street in front included).
function indexScene(scene) {
  scene.traverse((object) => {
    const kind = object.userData && object.userData.kind;
    if (kind === "booth" && object.isGroup) hall.booths.set(object.userData.id, object);
    if (kind === "zone") hall.zones.set(object.userData.id, object);
  });
  const p = new THREE.Vector3();
  hall.boothPoints = [...hall.booths].map(([id, group]) => (group.getWorldPosition(p), [id, p.x, p.z]));
  const ground = scene.getObjectByName("hall:ground");
  if (ground) {
    hall.bounds = {
      minX: ground.position.x - ground.scale.x / 2,
      maxX: ground.position.x + ground.scale.x / 2,
      minZ: ground.position.z - ground.scale.z / 2,
      maxZ: ground.position.z + ground.scale.z / 2 + 40,
    };
  }
}

// What the raycaster tests: the far booths' instanced parts and the meshes of full booths.
let pickables = null;
hall.pickables = () => {
  if (!pickables || hall.pickablesChanged) {
    pickables = [...(hall.lod ? hall.lod.pickables : [])];
    for (const group of hall.booths.values()) group.traverse((o) => o.isMesh && o !== group && pickables.push(o));
    hall.pickablesChanged = false;
  }
  return pickables;
};

function exposeForTests(signs, timings) {
  const { camera, look, renderer, scene } = hall;
  window.pavilionHall = {
    booths: hall.booths.size,
    signs,
    boothIds: [...hall.booths.keys()],
    camera: () => ({ x: camera.position.x, y: camera.position.y, z: camera.position.z, yaw: look.yaw, pitch: look.pitch }),
    renders: () => hall.renders,
    boothAt: picking.boothAt,
    screenPositionOf: picking.screenPositionOf,
    lookAtBooth: picking.lookAtBooth,
    jumpToZone: picking.jumpToZone,
    hovered: () => hall.hovered,
    // Level of detail: "far" (instanced) or "full"; a zone's detail "loading" / "loaded".
    lodOf: (id) => hall.lod.stateOf(id),
    zoneState: (id) => hall.lod.zoneState(id),
    zoneLoads: () => hall.lod.loads,
    timings,
    frameStats: () => frameStats(renderer),
    // Draw calls of the last frame, and the mean time of `n` synchronous renders (measurements).
    info: () => ({ ...renderer.info.render, textures: renderer.info.memory.textures }),
    timeRenders: (n = 20) => {
      renderer.getContext().finish();
      const start = performance.now();
      for (let i = 0; i < n; i += 1) renderer.render(scene, camera);
      renderer.getContext().finish();
      return (performance.now() - start) / n;
    },
  };
}

async function main() {
  if (!webglAvailable()) {
    loading.textContent = config.strings.no_webgl;
    root.dataset.ready = "no-webgl";
    window.location.replace(`${config.list}?nowebgl=1`);
    return;
  }
  const started = performance.now();
  const scene = await loadScene(config.scene);
  const loaded = performance.now();
  hall.scene = scene;
  scene.updateMatrixWorld(true);
  indexScene(scene);
  hall.lod = createLod(hall, scene, config.lang);
  hall.beforeRender.push(() => hall.lod.update());
  if (new URLSearchParams(window.location.search).get("lod") === "full") await hall.lod.loadAll();
  const signs = paintSigns(scene, config.lang) + hall.lod.signs;
  scene.background = new THREE.Color(0xcfe3f5);
  hall.renderer = makeRenderer(canvas);
  const start = scene.userData.camera || { position: [0, 60, 60], target: [0, 0, 0], fov: 50 };
  hall.camera.fov = start.fov;
  hall.setView(new THREE.Vector3().fromArray(start.position), new THREE.Vector3().fromArray(start.target));
  hall.home = { position: hall.camera.position.clone(), yaw: hall.look.yaw, pitch: hall.look.pitch };
  fitToCanvas(hall.renderer, hall.camera, canvas, hall.requestRender);
  scene.updateMatrixWorld(true);
  // The first frame, drawn now and waited for (shaders compiled, textures uploaded).
  hall.applyView();
  hall.renderer.render(scene, hall.camera);
  hall.renderer.getContext().finish();
  const drawn = performance.now();
  const timings = { loadMs: loaded - started, firstFrameMs: drawn - started, firstRenderMs: drawn - loaded };
  installHallXR(hall, { box: document.getElementById("xr-buttons"), enterBooth });
  exposeForTests(signs, timings);
  // Ready once the first frame is drawn.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      loading.hidden = true;
      root.dataset.ready = "true";
    }),
  );
}

main().catch(fail);
