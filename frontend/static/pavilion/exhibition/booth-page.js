// The booth page (docs/exhibition-pages.md): the booth's 3D scene (camera and drawing in
// booth-view.js) with its media (booth-screens.js: videos play on the screens when a
// screen is clicked) and the guided commentary (booth-commentary.js); chat and the
// contact / video call forms are in booth-live.js.
// window.pavilionBooth exposes state to the browser tests.
import * as THREE from "three";
import { $, enableScriptButtons, readJson, showError } from "../dom.js";
import { createCommentary } from "./booth-commentary.js";
import { startChat, startContactForms } from "./booth-live.js";
import { createScreens } from "./booth-screens.js";
import { createBoothView } from "./booth-view.js";
import { installBoothXR } from "./xr-booth.js";
import {
  ancestorOfKind,
  fitToCanvas,
  frameStats,
  loadScene,
  makeRenderer,
  paintSigns,
  pickName,
  toNdc,
  webglAvailable,
} from "./scene-common.js";

const config = readJson("booth-config");
const S = config.strings;
const root = document.getElementById("booth");
const exposed = (window.pavilionBooth = { ready: false, stop: 0, chat: [], presence: null });

const canvas = $("#booth-canvas");
const tooltip = $("#booth-tooltip");
const raycaster = new THREE.Raycaster();
const clickable = [];
const view = createBoothView(canvas, { onClick: clickAt, onHover: hover });
const screens = createScreens(view, { config, exposed, status: $("#video-status") });
const commentary = createCommentary(view, { config, exposed });

// --- picking: what is under the pointer ------------------------------------------------

function objectAt(clientX, clientY) {
  if (!view.scene) return null;
  raycaster.setFromCamera(toNdc(canvas, clientX, clientY), view.camera);
  const hit = raycaster.intersectObjects(clickable, true)[0];
  if (!hit) return null;
  return ancestorOfKind(hit.object, "screen") || ancestorOfKind(hit.object, "hotspot") || ancestorOfKind(hit.object, "ad");
}

function tooltipText(data) {
  if (data.kind === "screen") return pickName(data.media && data.media.title, config.lang) || "▶";
  if (data.kind === "ad") return `${pickName(data.media.title, config.lang)} ↗`;
  return pickName(data.title, config.lang) || pickName(data.text, config.lang);
}

function hover(event) {
  const object = objectAt(event.clientX, event.clientY);
  canvas.style.cursor = object ? "pointer" : "";
  if (!object) {
    tooltip.hidden = true;
    return;
  }
  tooltip.textContent = tooltipText(object.userData);
  const rect = canvas.parentElement.getBoundingClientRect();
  tooltip.style.left = `${event.clientX - rect.left}px`;
  tooltip.style.top = `${event.clientY - rect.top}px`;
  tooltip.hidden = false;
}

function clickAt(clientX, clientY) {
  const object = objectAt(clientX, clientY);
  if (!object) return;
  const data = object.userData;
  if (data.kind === "screen") screens.toggleScreen(data.index);
  else if (data.kind === "hotspot") commentary.showStop(commentary.stops.indexOf(object));
  else if (data.kind === "ad" && data.media && data.media.link) window.open(data.media.link, "_blank", "noopener");
}

for (const button of document.querySelectorAll(".play-screen")) {
  button.addEventListener("click", () => screens.toggleScreen(Number(button.dataset.screen)));
}

// --- start -------------------------------------------------------------------------------

function exposeForTests() {
  const { camera } = view;
  exposed.screens = view.scene.userData.screens;
  exposed.frameStats = () => frameStats(view.renderer);
  exposed.cameraPosition = () => camera.position.toArray();
  exposed.flying = view.flying;
  exposed.toggleScreen = screens.toggleScreen;
  exposed.screenTexture = screens.screenTexture;
  exposed.screenPositionOf = (index) => {
    const mesh = screens.screenMesh(index);
    if (!mesh) return null;
    const ndc = mesh.getWorldPosition(new THREE.Vector3()).project(camera);
    const rect = canvas.getBoundingClientRect();
    return { x: rect.left + ((ndc.x + 1) / 2) * rect.width, y: rect.top + ((1 - ndc.y) / 2) * rect.height };
  };
}

async function startScene() {
  const loading = $("#booth-loading");
  let scene;
  try {
    scene = await loadScene(config.scene);
  } catch (error) {
    loading.hidden = true;
    showError($("#booth-error"), `${S.failed} ${error.message}`);
    return;
  }
  view.scene = scene;
  commentary.collectStops(scene);
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
  dressed.forEach(screens.dressMedia);
  scene.background = new THREE.Color(0xe8eef6);
  view.renderer = makeRenderer(canvas);
  const start = scene.userData.camera || { position: [0, 2, 8], target: [0, 1.4, 0], fov: 55 };
  view.camera.fov = start.fov;
  view.orbit.target.fromArray(start.target);
  view.setOrbitFromEye(new THREE.Vector3().fromArray(start.position));
  fitToCanvas(view.renderer, view.camera, canvas, view.requestRender);
  exposeForTests();
  installBoothXR(view, { box: $("#xr-buttons"), clickable, screens, commentary, exposed, config, root });
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      loading.hidden = true;
      root.dataset.scene = "ready";
    }),
  );
}

startChat({ config, root, exposed });
startContactForms({ config, exposed });
// Every handler of the page's own buttons is attached by now (the XR buttons are built by
// their module): the buttons sent disabled are armed. Only #booth's, not other modules'.
enableScriptButtons(root);

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
