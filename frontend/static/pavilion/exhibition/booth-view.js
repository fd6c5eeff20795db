// The booth page's camera and drawing: an orbit camera around a target (drag turns,
// wheel/pinch/keys zoom, commentary stops fly it), frames drawn on demand (and every frame
// while a video plays on a screen). A click that was no drag goes to `onClick`, a move
// without a button to `onHover`.
import * as THREE from "three";
import { capture } from "./scene-common.js";

const ZOOM = 1.12; // one wheel notch or key press

export function createBoothView(canvas, { onClick, onHover }) {
  const camera = new THREE.PerspectiveCamera(55, 1, 0.05, 200);
  const orbit = { target: new THREE.Vector3(0, 1.4, 0), radius: 6, theta: 0, phi: 1.3 };
  const view = {
    camera,
    orbit,
    scene: null,
    renderer: null,
    playing: new Set(), // <video> elements drawing into textures
    requestRender,
    flyTo,
    setOrbitFromEye,
    // A flight to a stop is under way (the tests wait for its end, not for its duration).
    flying: () => animation !== null,
  };
  let frameRequested = false;
  let animation = null;

  function requestRender() {
    if (frameRequested || !view.renderer) return;
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
    view.renderer.render(view.scene, camera);
    if (view.playing.size) requestRender(); // video frames keep coming
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

  // The visitor moved the camera: any flight stops where it is.
  function moved() {
    animation = null;
    requestRender();
  }

  // Pointer: drag orbits, wheel/pinch zooms, a click (no drag) goes to onClick.
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
    if (!p) return onHover(event);
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
    moved();
  });
  function endPointer(event) {
    if (!pointers.delete(event.pointerId)) return;
    if (event.type === "pointerup" && !dragged && pointers.size === 0) onClick(event.clientX, event.clientY);
  }
  canvas.addEventListener("pointerup", endPointer);
  canvas.addEventListener("pointercancel", endPointer);
  canvas.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      orbit.radius *= event.deltaY > 0 ? ZOOM : 1 / ZOOM;
      moved();
    },
    { passive: false },
  );
  const steps = {
    ArrowLeft: () => (orbit.theta += 0.1),
    ArrowRight: () => (orbit.theta -= 0.1),
    ArrowUp: () => (orbit.phi -= 0.08),
    ArrowDown: () => (orbit.phi += 0.08),
    "+": () => (orbit.radius /= ZOOM),
    "=": () => (orbit.radius /= ZOOM),
    "-": () => (orbit.radius *= ZOOM),
    PageUp: () => (orbit.radius /= ZOOM),
    PageDown: () => (orbit.radius *= ZOOM),
  };
  canvas.addEventListener("keydown", (event) => {
    const step = steps[event.key];
    if (!step) return;
    event.preventDefault();
    step();
    moved();
  });

  return view;
}
