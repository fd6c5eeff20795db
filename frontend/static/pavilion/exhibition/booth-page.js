// The booth page (docs/exhibition-pages.md): the booth's 3D scene with its media (videos
// play on the screens as VideoTextures when a screen is clicked) and the guided
// commentary; chat and the contact / video call forms are in booth-live.js.
// window.pavilionBooth exposes state to the browser tests.
import * as THREE from "three";
import { startChat, startContactForms } from "./booth-live.js";
import {
  ancestorOfKind,
  capture,
  dressFaces,
  faceSize,
  fitToCanvas,
  frameStats,
  labelTexture,
  loadScene,
  makeRenderer,
  paintSigns,
  pickName,
  toNdc,
  webglAvailable,
} from "./scene-common.js";

const config = JSON.parse(document.getElementById("booth-config").textContent);
const S = config.strings;
const root = document.getElementById("booth");
const $ = (selector) => document.querySelector(selector);
const exposed = (window.pavilionBooth = { ready: false, stop: 0, chat: [], presence: null });

function showError(box, text) {
  box.textContent = text;
  box.hidden = !text;
}

// =========================================================================== 3D booth

const canvas = $("#booth-canvas");
let scene = null;
let renderer = null;
const camera = new THREE.PerspectiveCamera(55, 1, 0.05, 200);
const orbit = { target: new THREE.Vector3(0, 1.4, 0), radius: 6, theta: 0, phi: 1.3 };
const raycaster = new THREE.Raycaster();
const clickable = [];
const playing = new Set(); // <video> elements drawing into textures
const screenVideos = new Map(); // screen index -> {video, texture}
let stops = [];
let frameRequested = false;
let animation = null;

function requestRender() {
  if (frameRequested || !renderer) return;
  frameRequested = true;
  requestAnimationFrame(drawFrame);
}

function drawFrame(time) {
  frameRequested = false;
  if (animation) {
    const t = Math.min(1, (time - animation.start) / animation.duration);
    const ease = t * t * (3 - 2 * t);
    orbit.target.lerpVectors(animation.fromTarget, animation.toTarget, ease);
    camera.position.lerpVectors(animation.fromEye, animation.toEye, ease);
    camera.lookAt(orbit.target);
    if (t >= 1) {
      setOrbitFromEye(animation.toEye);
      animation = null;
    } else requestRender();
  } else {
    placeCamera();
  }
  renderer.render(scene, camera);
  if (playing.size) requestRender(); // video frames keep coming
}

function placeCamera() {
  orbit.phi = Math.max(0.15, Math.min(Math.PI / 2 + 0.25, orbit.phi));
  orbit.radius = Math.max(0.8, Math.min(25, orbit.radius));
  const { target, radius, theta, phi } = orbit;
  camera.position.set(
    target.x + radius * Math.sin(phi) * Math.sin(theta),
    target.y + radius * Math.cos(phi),
    target.z + radius * Math.sin(phi) * Math.cos(theta),
  );
  camera.lookAt(target);
}

function setOrbitFromEye(eye) {
  const d = new THREE.Vector3().subVectors(eye, orbit.target);
  orbit.radius = d.length();
  orbit.theta = Math.atan2(d.x, d.z);
  orbit.phi = Math.acos(Math.max(-1, Math.min(1, d.y / orbit.radius)));
}

function flyTo(eye, target) {
  animation = {
    start: performance.now(),
    duration: 700,
    fromEye: camera.position.clone(),
    toEye: eye,
    fromTarget: orbit.target.clone(),
    toTarget: target,
  };
  requestRender();
}

// Pointer: drag orbits, wheel/pinch zooms, a click on a screen plays its video.
const pointers = new Map();
let pinch = null;
let dragged = false;
canvas.addEventListener("pointerdown", (event) => {
  capture(canvas, event.pointerId);
  pointers.set(event.pointerId, { x: event.clientX, y: event.clientY, sx: event.clientX, sy: event.clientY });
  dragged = pointers.size > 1;
  pinch = null;
});
canvas.addEventListener("pointermove", (event) => {
  const p = pointers.get(event.pointerId);
  if (!p) return hover(event);
  const dx = event.clientX - p.x;
  const dy = event.clientY - p.y;
  p.x = event.clientX;
  p.y = event.clientY;
  if (Math.hypot(p.x - p.sx, p.y - p.sy) > 6) dragged = true;
  if (pointers.size === 2) {
    const [a, b] = [...pointers.values()];
    const span = Math.hypot(a.x - b.x, a.y - b.y);
    if (pinch !== null) orbit.radius *= pinch / span;
    pinch = span;
  } else if (dragged) {
    orbit.theta -= dx * 0.006;
    orbit.phi -= dy * 0.006;
  }
  animation = null;
  requestRender();
});
function endPointer(event) {
  if (!pointers.delete(event.pointerId)) return;
  if (event.type === "pointerup" && !dragged && pointers.size === 0) clickAt(event.clientX, event.clientY);
}
canvas.addEventListener("pointerup", endPointer);
canvas.addEventListener("pointercancel", endPointer);
canvas.addEventListener(
  "wheel",
  (event) => {
    event.preventDefault();
    orbit.radius *= event.deltaY > 0 ? 1.12 : 1 / 1.12;
    animation = null;
    requestRender();
  },
  { passive: false },
);
canvas.addEventListener("keydown", (event) => {
  const steps = {
    ArrowLeft: () => (orbit.theta += 0.1),
    ArrowRight: () => (orbit.theta -= 0.1),
    ArrowUp: () => (orbit.phi -= 0.08),
    ArrowDown: () => (orbit.phi += 0.08),
    "+": () => (orbit.radius /= 1.12),
    "=": () => (orbit.radius /= 1.12),
    "-": () => (orbit.radius *= 1.12),
    PageUp: () => (orbit.radius /= 1.12),
    PageDown: () => (orbit.radius *= 1.12),
  };
  const step = steps[event.key];
  if (!step) return;
  event.preventDefault();
  step();
  animation = null;
  requestRender();
});

function objectAt(clientX, clientY) {
  if (!scene) return null;
  raycaster.setFromCamera(toNdc(canvas, clientX, clientY), camera);
  const hit = raycaster.intersectObjects(clickable, true)[0];
  if (!hit) return null;
  return ancestorOfKind(hit.object, "screen") || ancestorOfKind(hit.object, "hotspot") || ancestorOfKind(hit.object, "ad");
}

const tooltip = $("#booth-tooltip");
function hover(event) {
  const object = objectAt(event.clientX, event.clientY);
  canvas.style.cursor = object ? "pointer" : "";
  if (!object) {
    tooltip.hidden = true;
    return;
  }
  const data = object.userData;
  const titled = { screen: () => pickName(data.media && data.media.title, config.lang) || "▶", ad: () => `${pickName(data.media.title, config.lang)} ↗` };
  tooltip.textContent = (titled[data.kind] || (() => pickName(data.title, config.lang) || pickName(data.text, config.lang)))();
  const rect = canvas.parentElement.getBoundingClientRect();
  tooltip.style.left = `${event.clientX - rect.left}px`;
  tooltip.style.top = `${event.clientY - rect.top}px`;
  tooltip.hidden = false;
}

function clickAt(clientX, clientY) {
  const object = objectAt(clientX, clientY);
  if (!object) return;
  const data = object.userData;
  if (data.kind === "screen") toggleScreen(data.index);
  else if (data.kind === "hotspot") showStop(stops.indexOf(object));
  else if (data.kind === "ad" && data.media && data.media.link) window.open(data.media.link, "_blank", "noopener");
}

// --- media on the screens, posters, ads and the logo ----------------------------------------

const videoStatus = $("#video-status");

function screenMesh(index) {
  return scene && scene.getObjectByName(`booth:${config.booth}:screen:${index}`);
}

function toggleScreen(index) {
  const mesh = screenMesh(index);
  if (!mesh) return;
  const media = mesh.userData.media || {};
  if (media.kind === "link" && media.url) {
    // A video hosted elsewhere cannot be drawn into the scene (cross-origin): open it.
    window.open(media.url, "_blank", "noopener");
    return;
  }
  if (media.kind !== "video" || !media.url) {
    videoStatus.textContent = S.no_video;
    return;
  }
  let entry = screenVideos.get(index);
  if (!entry) {
    const video = document.createElement("video");
    video.src = media.url;
    video.crossOrigin = "anonymous";
    video.playsInline = true;
    video.preload = "auto";
    const texture = new THREE.VideoTexture(video);
    texture.colorSpace = THREE.SRGBColorSpace;
    entry = { video, texture };
    screenVideos.set(index, entry);
    video.addEventListener("playing", () => {
      playing.add(video);
      videoStatus.textContent = `▶ ${pickName(media.title, config.lang)}`;
      exposed.playing = [...screenVideos].filter(([, e]) => !e.video.paused).map(([i]) => i);
      requestRender();
    });
    video.addEventListener("pause", () => {
      playing.delete(video);
      videoStatus.textContent = `⏸ ${pickName(media.title, config.lang)}`;
      exposed.playing = [...screenVideos].filter(([, e]) => !e.video.paused).map(([i]) => i);
    });
    video.addEventListener("error", () => {
      playing.delete(video);
      videoStatus.textContent = S.video_failed;
    });
    for (const face of mesh.children.filter((c) => c.userData.kind === "face")) {
      face.material = new THREE.MeshBasicMaterial({ map: texture });
    }
  }
  if (entry.video.paused) {
    entry.video.play().catch((error) => {
      videoStatus.textContent = `${S.video_failed} ${error.message || ""}`;
    });
  } else {
    entry.video.pause();
  }
}

function dressMedia(mesh) {
  const data = mesh.userData;
  const media = data.media || {};
  const [w, h] = faceSize(mesh);
  const title = pickName(media.title, config.lang) || pickName(data.name, config.lang);
  const picture = media.kind === "image" ? media.url : data.kind === "screen" ? media.poster : null;
  if (picture) {
    // An image, or a screen's still (the video's poster, or the logo on a placeholder).
    const texture = new THREE.TextureLoader().load(picture, requestRender);
    texture.colorSpace = THREE.SRGBColorSpace;
    dressFaces(mesh, texture);
  } else if (data.kind === "ad" && media.kind === "video" && media.url) {
    // Animated ads loop silently; nothing to click.
    const video = Object.assign(document.createElement("video"), { src: media.url, muted: true, loop: true, playsInline: true });
    video.crossOrigin = "anonymous";
    const texture = new THREE.VideoTexture(video);
    dressFaces(mesh, texture);
    video.play().then(() => {
      playing.add(video);
      requestRender();
    }, () => {});
  } else {
    const label = data.kind === "screen" ? `▶ ${title}` : title;
    const colours = data.kind === "screen" ? { background: "#0f172a", colour: "#e2e8f0" } : { background: "#f8fafc", colour: "#1e293b" };
    dressFaces(mesh, labelTexture(label || "—", w, h, colours));
  }
}

// --- commentary -------------------------------------------------------------------------------

const stopIndex = $("#stop-index");
const stopText = $("#commentary-text");
const stopTitle = $("#commentary-stop-title");
const MIN_VIEW_DISTANCE = 2.8; // metres
const audio = $("#commentary-audio");

function showStop(n) {
  if (!stops.length || n < 0) return;
  const index = ((n % stops.length) + stops.length) % stops.length;
  exposed.stop = index;
  const stop = stops[index];
  const data = stop.userData;
  stopIndex.textContent = S.stop.replace("%(n)s", String(index + 1)).replace("%(total)s", String(stops.length));
  stopTitle.textContent = pickName(data.title, config.lang);
  stopText.textContent = pickName(data.text, config.lang);
  audio.pause();
  if (data.audio) {
    audio.src = data.audio;
    audio.hidden = false;
    audio.play().catch(() => {}); // the visitor can press play: autoplay may be refused
  } else {
    audio.hidden = true;
    audio.removeAttribute("src");
  }
  if (!scene || !renderer) return;
  const spot = data.position ? new THREE.Vector3().fromArray(data.position) : stop.getWorldPosition(new THREE.Vector3());
  const targetObject = data.target ? scene.getObjectByName(data.target) : null;
  let target = targetObject ? targetObject.getWorldPosition(new THREE.Vector3()) : spot.clone().setY(1.4);
  const eye = spot.clone().setY(Math.max(spot.y, 0) + 1.6);
  if (data.lookAt) {
    // The exhibitor said where to look from this stop: stand there and look.
    target = new THREE.Vector3().fromArray(data.lookAt);
    // ...but far enough back to see the whole thing (a screen or poster is ~2.4 m wide).
    const back = new THREE.Vector3().subVectors(eye, target);
    if (back.length() < MIN_VIEW_DISTANCE) eye.copy(target).addScaledVector(back.normalize(), MIN_VIEW_DISTANCE);
    flyTo(eye, target);
    exposed.cameraTarget = target.toArray();
    return;
  }
  const flat = new THREE.Vector3(eye.x - target.x, 0, eye.z - target.z);
  if (flat.length() < 2.2) {
    if (flat.length() < 0.01) flat.set(0, 0, 1);
    eye.copy(target).addScaledVector(flat.normalize(), 2.6).setY(Math.max(1.7, target.y - 0.2));
  }
  flyTo(eye, target);
  exposed.cameraTarget = target.toArray();
}

$("#stop-next").addEventListener("click", () => showStop(exposed.stop + 1));
$("#stop-prev").addEventListener("click", () => showStop(exposed.stop - 1));
for (const button of document.querySelectorAll(".play-screen")) {
  button.addEventListener("click", () => toggleScreen(Number(button.dataset.screen)));
}

async function startScene() {
  const loading = $("#booth-loading");
  try {
    scene = await loadScene(config.scene);
  } catch (error) {
    loading.hidden = true;
    showError($("#booth-error"), `${S.failed} ${error.message}`);
    return;
  }
  scene.traverse((object) => {
    if (object.userData.kind === "hotspot") stops.push(object);
  });
  stops.sort((a, b) => a.userData.order - b.userData.order);
  exposed.stops = stops.length;
  if (!webglAvailable()) {
    loading.textContent = S.no_webgl;
    root.dataset.scene = "no-webgl";
    return;
  }
  paintSigns(scene, config.lang);
  const dressed = [];
  scene.traverse((object) => {
    if (object.isMesh && ["screen", "poster", "ad", "logo"].includes(object.userData.kind)) dressed.push(object);
    if (object.isMesh && ["screen", "hotspot", "ad"].includes(object.userData.kind)) clickable.push(object);
  });
  dressed.forEach(dressMedia);
  scene.background = new THREE.Color(0xe8eef6);
  renderer = makeRenderer(canvas);
  const view = scene.userData.camera || { position: [0, 2, 8], target: [0, 1.4, 0], fov: 55 };
  camera.fov = view.fov;
  orbit.target.fromArray(view.target);
  setOrbitFromEye(new THREE.Vector3().fromArray(view.position));
  fitToCanvas(renderer, camera, canvas, requestRender);
  exposed.screens = scene.userData.screens;
  exposed.frameStats = () => frameStats(renderer);
  exposed.cameraPosition = () => camera.position.toArray();
  exposed.toggleScreen = toggleScreen;
  exposed.screenTexture = (index) => {
    const face = screenMesh(index)?.children.find((c) => c.userData.kind === "face");
    const map = face && face.material.map;
    return map ? { video: Boolean(map.isVideoTexture), currentTime: screenVideos.get(index)?.video.currentTime ?? null } : null;
  };
  exposed.screenPositionOf = (index) => {
    const mesh = screenMesh(index);
    if (!mesh) return null;
    const ndc = mesh.getWorldPosition(new THREE.Vector3()).project(camera);
    const rect = canvas.getBoundingClientRect();
    return { x: rect.left + ((ndc.x + 1) / 2) * rect.width, y: rect.top + ((1 - ndc.y) / 2) * rect.height };
  };
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      loading.hidden = true;
      root.dataset.scene = "ready";
    }),
  );
}

startChat({ config, root, exposed, showError });
startContactForms({ config, exposed, showError });

startScene().then(
  () => {
    exposed.ready = true;
    root.dataset.ready = "true";
  },
  (error) => {
    console.error(error);
    showError($("#booth-error"), `${S.failed} ${error.message || error}`);
    root.dataset.ready = "error";
  },
);
