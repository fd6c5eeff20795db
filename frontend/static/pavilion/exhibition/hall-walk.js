// The 3D street walk through a hall (docs/exhibition-pages.md): the hall's scene descriptor
// rendered on demand, a first-person camera walked with the mouse, keyboard and touch,
// booths highlighted on hover and entered on click, a zone jump list and a minimap.
// window.pavilionHall exposes the camera and picking to the browser tests.
import * as THREE from "three";
import {
  ancestorOfKind,
  capture,
  fitToCanvas,
  frameStats,
  loadScene,
  makeRenderer,
  paintSigns,
  pickName,
  toClient,
  toNdc,
  webglAvailable,
} from "./scene-common.js";
import { actionOf, highlighted } from "./hall-input.js";
import { drawMinimap } from "./hall-minimap.js";

const config = JSON.parse(document.getElementById("hall-config").textContent);
const root = document.getElementById("hall");
const canvas = document.getElementById("hall-canvas");
const loading = document.getElementById("hall-loading");
const tooltip = document.getElementById("hall-tooltip");
const errorBox = document.getElementById("hall-error");
const minimap = document.getElementById("hall-minimap");

const EYE_MIN = 1.7; // metres: a person's eye height
const EYE_MAX = 220;
const PITCH_LIMIT = 1.5;
const LOOK_SPEED = 0.005; // radians per dragged pixel
const TURN_SPEED = 1.6; // radians per second (arrow keys)
const DRAG_THRESHOLD = 6; // px: less than this is a click

const boothUrl = (id) => config.booth_url.replace("{id}", String(id));

// --- state -------------------------------------------------------------------------------

let scene;
let renderer;
const camera = new THREE.PerspectiveCamera(50, 1, 0.1, 3000);
camera.rotation.order = "YXZ";
const view = { yaw: 0, pitch: 0 };
const booths = new Map(); // id -> Group
const boothMeshes = []; // everything the raycaster tests
const zones = new Map(); // id -> Group
let bounds = { minX: -30, maxX: 230, minZ: -150, maxZ: 20 };
let home = null; // {position, yaw, pitch}
let hovered = null;
let renders = 0;
let frameRequested = false;
const raycaster = new THREE.Raycaster();

// --- rendering on demand -----------------------------------------------------------------

function requestRender() {
  if (frameRequested || !renderer) return;
  frameRequested = true;
  requestAnimationFrame(frame);
}

let lastTime = null;
function frame(time) {
  frameRequested = false;
  const dt = lastTime === null ? 0 : Math.min(0.1, (time - lastTime) / 1000);
  lastTime = held.size ? time : null;
  if (held.size) {
    stepKeys(dt);
    requestRender();
  }
  applyView();
  renderer.render(scene, camera);
  renders += 1;
  drawMinimap(minimap, { bounds, booths, hovered, position: camera.position, yaw: view.yaw });
}

function applyView() {
  view.pitch = Math.max(-PITCH_LIMIT, Math.min(PITCH_LIMIT, view.pitch));
  const p = camera.position;
  p.y = Math.max(EYE_MIN, Math.min(EYE_MAX, p.y));
  p.x = Math.max(bounds.minX, Math.min(bounds.maxX, p.x));
  p.z = Math.max(bounds.minZ, Math.min(bounds.maxZ, p.z));
  camera.rotation.set(view.pitch, view.yaw, 0);
  camera.updateMatrixWorld();
}

function setView(position, target) {
  camera.position.copy(position);
  const d = new THREE.Vector3().subVectors(target, position);
  view.yaw = Math.atan2(-d.x, -d.z);
  view.pitch = Math.atan2(d.y, Math.hypot(d.x, d.z));
  requestRender();
}

// Metres per second: faster high above the street than walking in it.
const speed = () => Math.max(4, camera.position.y * 0.6);

function walk(forward, right, up = 0) {
  const ahead = new THREE.Vector3(-Math.sin(view.yaw), 0, -Math.cos(view.yaw));
  const side = new THREE.Vector3(Math.cos(view.yaw), 0, -Math.sin(view.yaw));
  camera.position.addScaledVector(ahead, forward).addScaledVector(side, right);
  camera.position.y += up;
  requestRender();
}

// Along the view direction, pitch included: from above, "forward" descends into the street.
function fly(distance) {
  const direction = new THREE.Vector3();
  camera.getWorldDirection(direction);
  camera.position.addScaledVector(direction, distance);
  requestRender();
}

// --- keyboard ----------------------------------------------------------------------------

const held = new Set();
function stepKeys(dt) {
  const s = speed() * dt;
  for (const action of held) {
    if (action === "forward") walk(s, 0);
    else if (action === "back") walk(-s, 0);
    else if (action === "left") walk(0, -s);
    else if (action === "right") walk(0, s);
    else if (action === "turn-left") view.yaw += TURN_SPEED * dt;
    else if (action === "turn-right") view.yaw -= TURN_SPEED * dt;
    else if (action === "rise") walk(0, 0, s);
    else if (action === "descend") walk(0, 0, -s);
  }
}

canvas.addEventListener("keydown", (event) => {
  const action = actionOf(event);
  if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  if (!held.has(action)) {
    held.add(action);
    stepKeys(0.12); // a tap moves too, not only a held key
  }
  requestRender();
});
canvas.addEventListener("keyup", (event) => {
  const action = actionOf(event);
  if (action) held.delete(action);
});
canvas.addEventListener("blur", () => held.clear());

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
    hover(event.clientX, event.clientY);
    return;
  }
  const dx = event.clientX - pointer.x;
  const dy = event.clientY - pointer.y;
  pointer.x = event.clientX;
  pointer.y = event.clientY;
  if (Math.hypot(event.clientX - pointer.startX, event.clientY - pointer.startY) > DRAG_THRESHOLD) dragged = true;
  if (pointers.size === 2) {
    const span = pinchSpan();
    if (pinchDistance !== null) fly((span - pinchDistance) * speed() * 0.02);
    pinchDistance = span;
    return;
  }
  if (dragged) {
    view.yaw += dx * LOOK_SPEED;
    view.pitch += dy * LOOK_SPEED;
    requestRender();
  }
});

function endPointer(event) {
  const pointer = pointers.get(event.pointerId);
  if (!pointer) return;
  pointers.delete(event.pointerId);
  if (pointers.size < 2) pinchDistance = null;
  canvas.style.cursor = "";
  if (event.type === "pointerup" && !dragged && pointers.size === 0) {
    const id = boothAt(event.clientX, event.clientY);
    if (id !== null) enterBooth(id);
  }
}
canvas.addEventListener("pointerup", endPointer);
canvas.addEventListener("pointercancel", endPointer);
canvas.addEventListener("pointerleave", () => setHovered(null));
canvas.addEventListener(
  "wheel",
  (event) => {
    event.preventDefault();
    fly(-Math.sign(event.deltaY) * speed() * 0.5);
  },
  { passive: false },
);

// --- picking and highlight ---------------------------------------------------------------

function boothAtNdc(ndc) {
  if (!scene) return null;
  applyView();
  raycaster.setFromCamera(ndc, camera);
  const hit = raycaster.intersectObjects(boothMeshes, false)[0];
  const booth = hit ? ancestorOfKind(hit.object, "booth") : null;
  return booth ? booth.userData.id : null;
}

function boothAt(clientX, clientY) {
  return boothAtNdc(toNdc(canvas, clientX, clientY));
}

function setHovered(id) {
  if (hovered === id) return;
  if (hovered !== null) {
    booths.get(hovered)?.traverse((o) => {
      if (o.isMesh && o.userData.originalMaterial) {
        o.material = o.userData.originalMaterial;
        delete o.userData.originalMaterial;
      }
    });
    document.querySelector(`.booth-links a[data-booth-id="${hovered}"]`)?.classList.remove("active");
  }
  hovered = id;
  if (id !== null) {
    booths.get(id)?.traverse((o) => {
      if (o.isMesh && o.userData.kind !== "face") {
        o.userData.originalMaterial = o.material;
        o.material = highlighted(o.material);
      }
    });
    document.querySelector(`.booth-links a[data-booth-id="${id}"]`)?.classList.add("active");
  }
  root.dataset.hovered = id === null ? "" : String(id);
  requestRender();
}

function boothLabel(id) {
  const data = booths.get(id)?.userData;
  return data ? `${data.number} ${pickName(data.name, config.lang)}` : "";
}

function hover(clientX, clientY) {
  const id = boothAt(clientX, clientY);
  setHovered(id);
  canvas.style.cursor = id === null ? "" : "pointer";
  if (id === null) {
    tooltip.hidden = true;
    return;
  }
  const rect = canvas.parentElement.getBoundingClientRect();
  tooltip.textContent = `${boothLabel(id)} — ${config.strings.open_booth}`;
  tooltip.style.left = `${clientX - rect.left}px`;
  tooltip.style.top = `${clientY - rect.top}px`;
  tooltip.hidden = false;
}

function enterBooth(id) {
  root.dataset.entering = String(id);
  window.location.assign(boothUrl(id));
}

function boothCentre(id) {
  const group = booths.get(id);
  if (!group) return null;
  const box = new THREE.Box3().setFromObject(group);
  return box.getCenter(new THREE.Vector3());
}

// Where the booth shows on screen (client px), if its centre is in view and unhidden.
function screenPositionOf(id) {
  const centre = boothCentre(id);
  if (!centre) return null;
  applyView();
  const ndc = centre.clone().project(camera);
  if (Math.abs(ndc.x) > 0.98 || Math.abs(ndc.y) > 0.98 || ndc.z > 1) return null;
  const point = toClient(canvas, ndc);
  return { ...point, visible: boothAt(point.x, point.y) === id };
}

// Stand in the street in front of a booth, looking at it.
function lookAtBooth(id) {
  const group = booths.get(id);
  if (!group) return;
  const centre = boothCentre(id);
  const front = new THREE.Vector3(0, 0, 1).applyQuaternion(group.getWorldQuaternion(new THREE.Quaternion()));
  const eye = centre.clone().addScaledVector(front, 9);
  eye.y = 5;
  setView(eye, centre);
}

function jumpToZone(zoneId) {
  if (!zoneId) {
    if (home) {
      camera.position.copy(home.position);
      view.yaw = home.yaw;
      view.pitch = home.pitch;
      requestRender();
    }
    return;
  }
  const zone = zones.get(Number(zoneId));
  if (!zone) return;
  const x = zone.getWorldPosition(new THREE.Vector3()).x;
  const length = zone.userData.length || 30;
  setView(new THREE.Vector3(x, 7, 6), new THREE.Vector3(x, 0, -Math.min(length, 40) / 2));
}

// --- the booth list and zone jump ----------------------------------------------------------

document.querySelector(".hall-booths").addEventListener("focusin", (event) => {
  const link = event.target.closest("a[data-booth-id]");
  if (!link || !scene) return;
  const id = Number(link.dataset.boothId);
  lookAtBooth(id);
  setHovered(id);
});
document.getElementById("zone-jump").addEventListener("change", (event) => {
  jumpToZone(event.target.value);
  canvas.focus();
});
document.getElementById("view-up").addEventListener("click", () => walk(0, 0, speed() * 0.5));
document.getElementById("view-down").addEventListener("click", () => walk(0, 0, -speed() * 0.5));

// --- start -------------------------------------------------------------------------------

function fail(error) {
  console.error(error);
  loading.hidden = true;
  errorBox.textContent = `${config.strings.failed} ${error && error.message ? error.message : error}`;
  errorBox.hidden = false;
  root.dataset.ready = "error";
}

async function main() {
  if (!webglAvailable()) {
    loading.textContent = config.strings.no_webgl;
    root.dataset.ready = "no-webgl";
    window.location.replace(`${config.list}?nowebgl=1`);
    return;
  }
  scene = await loadScene(config.scene);
  const signs = paintSigns(scene, config.lang);
  scene.traverse((object) => {
    const kind = object.userData && object.userData.kind;
    if (kind === "booth" && object.isGroup) booths.set(object.userData.id, object);
    if (kind === "zone") zones.set(object.userData.id, object);
  });
  for (const group of booths.values()) group.traverse((o) => o.isMesh && boothMeshes.push(o));
  const ground = scene.getObjectByName("hall:ground");
  if (ground) {
    bounds = {
      minX: ground.position.x - ground.scale.x / 2,
      maxX: ground.position.x + ground.scale.x / 2,
      minZ: ground.position.z - ground.scale.z / 2,
      maxZ: ground.position.z + ground.scale.z / 2 + 40,
    };
  }
  scene.background = new THREE.Color(0xcfe3f5);
  renderer = makeRenderer(canvas);
  const start = scene.userData.camera || { position: [0, 60, 60], target: [0, 0, 0], fov: 50 };
  camera.fov = start.fov;
  setView(new THREE.Vector3().fromArray(start.position), new THREE.Vector3().fromArray(start.target));
  home = { position: camera.position.clone(), yaw: view.yaw, pitch: view.pitch };
  fitToCanvas(renderer, camera, canvas, requestRender);
  scene.updateMatrixWorld(true);

  window.pavilionHall = {
    booths: booths.size,
    signs,
    boothIds: [...booths.keys()],
    camera: () => ({ x: camera.position.x, y: camera.position.y, z: camera.position.z, yaw: view.yaw, pitch: view.pitch }),
    renders: () => renders,
    boothAt,
    screenPositionOf,
    lookAtBooth,
    jumpToZone,
    hovered: () => hovered,
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
  // Ready once the first frame is drawn.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      loading.hidden = true;
      root.dataset.ready = "true";
    }),
  );
}

main().catch(fail);
