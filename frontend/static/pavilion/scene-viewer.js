// Loads the hall's and one booth's scene descriptors (docs/scenes.md) with three's
// ObjectLoader, renders each once with WebGL, and exposes what it loaded as
// window.pavilionScenes (the browser test reads it).
import * as THREE from "three";

const config = JSON.parse(document.getElementById("scene-config").textContent);
const root = document.getElementById("scene-viewer");

async function loadScene(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const json = await response.json();
  return {
    scene: new THREE.ObjectLoader().parse(json),
    etag: response.headers.get("ETag"),
    bytes: JSON.stringify(json).length,
  };
}

function collect(scene) {
  const byKind = {};
  const meshes = [];
  scene.traverse((object) => {
    const kind = object.userData && object.userData.kind;
    if (kind) (byKind[kind] ||= []).push(object);
    if (object.isMesh) meshes.push(object);
  });
  const count = (kind) => (byKind[kind] || []).length;
  return {
    byKind,
    meshes,
    counts: {
      meshes: meshes.length,
      instanced: meshes.filter((m) => m.isInstancedMesh).length,
      instances: meshes.filter((m) => m.isInstancedMesh).reduce((sum, m) => sum + m.count, 0),
      geometries: new Set(meshes.map((m) => m.geometry.uuid)).size,
      materials: new Set(meshes.map((m) => m.material.uuid)).size,
      booths: count("booth"),
      zones: count("zone"),
      boards: count("board"),
      signs: count("sign"),
      entrances: count("entrance"),
      hotspots: count("hotspot"),
      screens: count("screen"),
      posters: count("poster"),
      ads: count("ad"),
      logos: count("logo"),
      mediaRefs: meshes.filter((m) => m.userData.media).length,
    },
  };
}

function render(scene, canvas) {
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true });
  const width = canvas.width;
  const height = canvas.height;
  renderer.setPixelRatio(1);
  renderer.setSize(width, height, false);
  const view = scene.userData.camera || { position: [0, 10, 20], target: [0, 0, 0], fov: 50 };
  const camera = new THREE.PerspectiveCamera(view.fov, width / height, 0.1, 5000);
  camera.position.fromArray(view.position);
  camera.lookAt(new THREE.Vector3().fromArray(view.target));
  renderer.render(scene, camera);

  // Is the frame more than a blank canvas? Count distinct colours and the share of the commonest.
  const gl = renderer.getContext();
  const pixels = new Uint8Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  const histogram = new Map();
  for (let i = 0; i < pixels.length; i += 4) {
    const key = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
    histogram.set(key, (histogram.get(key) || 0) + 1);
  }
  const commonest = Math.max(...histogram.values());
  return {
    drawCalls: renderer.info.render.calls,
    triangles: renderer.info.render.triangles,
    distinctColours: histogram.size,
    dominantShare: commonest / (width * height),
    webgl2: renderer.capabilities.isWebGL2,
  };
}

async function main() {
  const hall = await loadScene(config.hall);
  const hallInfo = collect(hall.scene);
  const boothUrl = config.booth || (hallInfo.byKind.booth && hallInfo.byKind.booth[0].userData.scene);
  if (!boothUrl) throw new Error("The hall has no live booth to show.");
  const booth = await loadScene(boothUrl);
  const boothInfo = collect(booth.scene);

  const result = {
    hall: {
      name: hall.scene.name,
      etag: hall.etag,
      ...hallInfo.counts,
      boothNames: hallInfo.byKind.booth ? hallInfo.byKind.booth.map((o) => o.name) : [],
      boothIds: hallInfo.byKind.booth ? hallInfo.byKind.booth.map((o) => o.userData.id) : [],
      declaredBooths: hall.scene.userData.booths,
      render: render(hall.scene, document.getElementById("hall-canvas")),
    },
    booth: {
      name: booth.scene.name,
      etag: booth.etag,
      ...boothInfo.counts,
      hotspotTargets: (boothInfo.byKind.hotspot || []).map((o) => o.userData.target),
      mediaKinds: boothInfo.meshes.filter((m) => m.userData.media).map((m) => `${m.userData.kind}:${m.userData.media.kind}`),
      render: render(booth.scene, document.getElementById("booth-canvas")),
    },
  };
  document.getElementById("hall-caption").textContent =
    `${result.hall.name}: ${result.hall.booths} booths, ${result.hall.drawCalls ?? result.hall.render.drawCalls} draw calls`;
  document.getElementById("booth-caption").textContent =
    `${result.booth.name}: ${result.booth.hotspots} hotspots, ${result.booth.mediaRefs} media`;
  window.pavilionScenes = result;
  root.dataset.ready = "true";
}

main().catch((error) => {
  console.error(error);
  window.pavilionScenesError = String(error && error.stack ? error.stack : error);
  const box = document.getElementById("scene-error");
  box.textContent = String(error);
  box.hidden = false;
  root.dataset.ready = "error";
});
