// Shared by the hall walk and the booth page: load a scene descriptor (docs/scenes.md)
// with three's ObjectLoader, paint its signs and placeholders as canvas textures (the
// descriptors carry no textures), find tagged ancestors, and measure a rendered frame.
import * as THREE from "three";

export function webglAvailable() {
  if (new URLSearchParams(window.location.search).get("webgl") === "0") return false;
  try {
    const canvas = document.createElement("canvas");
    return Boolean(window.WebGLRenderingContext && (canvas.getContext("webgl2") || canvas.getContext("webgl")));
  } catch (error) {
    return false;
  }
}

export async function loadScene(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const json = await response.json();
  return new THREE.ObjectLoader().parse(json);
}

export function pickName(names, lang) {
  if (!names) return "";
  if (typeof names === "string") return names;
  return (lang === "en" ? names.en || names.zh : names.zh || names.en) || "";
}

// The nearest object (itself included) whose userData.kind is `kind`.
export function ancestorOfKind(object, kind) {
  for (let o = object; o; o = o.parent) if (o.userData && o.userData.kind === kind) return o;
  return null;
}

const planeGeometry = new THREE.PlaneGeometry(1, 1);

// A canvas texture with `text` fitted into a w×h box (w and h in metres: the aspect).
export function labelTexture(text, width, height, { background = "#ffffff", colour = "#14213d" } = {}) {
  const canvas = document.createElement("canvas");
  const aspect = Math.max(0.2, width / Math.max(height, 0.01));
  canvas.width = 512;
  canvas.height = Math.max(32, Math.min(512, Math.round(512 / aspect)));
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = colour;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  let size = Math.floor(canvas.height * 0.62);
  const font = (px) => `600 ${px}px system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif`;
  ctx.font = font(size);
  while (size > 10 && ctx.measureText(text).width > canvas.width * 0.94) {
    size -= 2;
    ctx.font = font(size);
  }
  ctx.fillText(text, canvas.width / 2, canvas.height / 2, canvas.width * 0.96);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.anisotropy = 4;
  return texture;
}

// Face planes on both large sides of a (unit box, scaled) mesh, showing `texture`.
export function dressFaces(mesh, texture, { both = true } = {}) {
  const material = new THREE.MeshBasicMaterial({ map: texture });
  const faces = [];
  // The box's thinnest axis is its depth; the planes go on the two faces across it.
  const s = mesh.scale;
  const thin = s.z <= s.x && s.z <= s.y ? "z" : s.x <= s.y ? "x" : "y";
  for (const side of both ? [1, -1] : [1]) {
    const plane = new THREE.Mesh(planeGeometry, material);
    plane.name = `${mesh.name}:face:${side > 0 ? "front" : "back"}`;
    plane.userData = { kind: "face", of: mesh.name };
    if (thin === "z") {
      plane.position.z = 0.51 * side;
      if (side < 0) plane.rotation.y = Math.PI;
    } else if (thin === "x") {
      plane.position.x = 0.51 * side;
      plane.rotation.y = side > 0 ? Math.PI / 2 : -Math.PI / 2;
    } else {
      plane.position.y = 0.51 * side;
      plane.rotation.x = side > 0 ? -Math.PI / 2 : Math.PI / 2;
    }
    mesh.add(plane);
    faces.push(plane);
  }
  return { material, faces };
}

// Size of the face the planes are on (metres), for the label's aspect.
export function faceSize(mesh) {
  const s = mesh.scale;
  if (s.z <= s.x && s.z <= s.y) return [s.x, s.y];
  if (s.x <= s.y) return [s.z, s.y];
  return [s.x, s.z];
}

export function signText(data, lang) {
  const name = pickName(data.name, lang);
  if (data.for === "booth") return data.number ? `${data.number}  ${name}` : name;
  if (data.for === "zone") return data.code ? `${data.code}  ${name}` : name;
  return name;
}

// Every sign gets its name painted (both faces, except booth headers).
export function paintSigns(scene, lang) {
  const signs = [];
  scene.traverse((object) => {
    if (object.isMesh && object.userData.kind === "sign") signs.push(object);
  });
  for (const sign of signs) {
    const [w, h] = faceSize(sign);
    const colours = sign.userData.for === "booth" ? {} : { background: "#14213d", colour: "#ffffff" };
    // A booth's header is read from the street (its +Z front) only: one draw call, not two.
    const both = sign.userData.for !== "booth";
    dressFaces(sign, labelTexture(signText(sign.userData, lang), w, h, colours), { both });
  }
  return signs.length;
}

// Distinct colours and the commonest colour's share in the drawn frame (a blank canvas
// has one colour); needs preserveDrawingBuffer.
export function frameStats(renderer) {
  const gl = renderer.getContext();
  const width = gl.drawingBufferWidth;
  const height = gl.drawingBufferHeight;
  const pixels = new Uint8Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  const histogram = new Map();
  for (let i = 0; i < pixels.length; i += 4) {
    const key = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
    histogram.set(key, (histogram.get(key) || 0) + 1);
  }
  return { distinctColours: histogram.size, dominantShare: Math.max(...histogram.values()) / (width * height) };
}

export function makeRenderer(canvas) {
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 1.5));
  return renderer;
}

// Keep the renderer and the camera's aspect at the canvas's CSS size; `onResize` redraws.
export function fitToCanvas(renderer, camera, canvas, onResize) {
  const fit = () => {
    const width = canvas.clientWidth || 640;
    const height = canvas.clientHeight || 400;
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    onResize();
  };
  new ResizeObserver(fit).observe(canvas);
  fit();
}

// Client (CSS pixel) coordinates → normalised device coordinates of the canvas.
export function toNdc(canvas, clientX, clientY) {
  const rect = canvas.getBoundingClientRect();
  return new THREE.Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
}

export function toClient(canvas, ndc) {
  const rect = canvas.getBoundingClientRect();
  return { x: rect.left + ((ndc.x + 1) / 2) * rect.width, y: rect.top + ((1 - ndc.y) / 2) * rect.height };
}

// Keep a drag's pointer events on the canvas; a pointer the browser no longer knows (it
// ended meanwhile) cannot be captured, which must not break the drag.
export function capture(canvas, pointerId) {
  try {
    canvas.setPointerCapture(pointerId);
  } catch (error) {
    // NotFoundError: nothing to capture.
  }
}
