// The hall walk's first-person camera and drawing: a camera at eye height or above the
// street, kept inside the hall's ground, walked, flown and turned; held keys move it every
// frame; frames are drawn on demand, each with the minimap.
import * as THREE from "three";
import { drawMinimap } from "./hall-minimap.js";

const EYE_MIN = 1.7; // metres: a person's eye height
const EYE_MAX = 220;
const PITCH_LIMIT = 1.5;
const TURN_SPEED = 1.6; // radians per second (arrow keys)

export function createHallView({ minimap }) {
  const camera = new THREE.PerspectiveCamera(50, 1, 0.1, 3000);
  camera.rotation.order = "YXZ";
  const look = { yaw: 0, pitch: 0 };
  const held = new Set(); // keyboard actions being held (hall-input.js actionOf)
  const hall = {
    camera,
    look,
    held,
    scene: null,
    renderer: null,
    booths: new Map(), // id -> Group (a marker; its full parts added when near: hall-lod.js)
    boothPoints: [], // [id, x, z] of every booth, for the minimap
    lod: null, // hall-lod.js
    beforeRender: [], // called each frame after the camera is placed (level of detail)
    zones: new Map(), // id -> Group
    bounds: { minX: -30, maxX: 230, minZ: -150, maxZ: 20 },
    home: null, // {position, yaw, pitch}
    hovered: null,
    renders: 0,
    requestRender,
    applyView,
    setView,
    goHome,
    speed,
    walk,
    fly,
    stepKeys,
  };
  let frameRequested = false;
  let lastTime = null;

  function requestRender() {
    if (frameRequested || !hall.renderer) return;
    frameRequested = true;
    requestAnimationFrame(frame);
  }

  function frame(time) {
    frameRequested = false;
    const dt = lastTime === null ? 0 : Math.min(0.1, (time - lastTime) / 1000);
    lastTime = held.size ? time : null;
    if (held.size) {
      stepKeys(dt);
      requestRender();
    }
    applyView();
    for (const hook of hall.beforeRender) hook(dt);
    hall.renderer.render(hall.scene, camera);
    hall.renders += 1;
    drawMinimap(minimap, { bounds: hall.bounds, points: hall.boothPoints, hovered: hall.hovered, position: camera.position, yaw: look.yaw });
  }

  function applyView() {
    const { bounds } = hall;
    look.pitch = Math.max(-PITCH_LIMIT, Math.min(PITCH_LIMIT, look.pitch));
    const p = camera.position;
    p.y = Math.max(EYE_MIN, Math.min(EYE_MAX, p.y));
    p.x = Math.max(bounds.minX, Math.min(bounds.maxX, p.x));
    p.z = Math.max(bounds.minZ, Math.min(bounds.maxZ, p.z));
    camera.rotation.set(look.pitch, look.yaw, 0);
    camera.updateMatrixWorld();
  }

  function setView(position, target) {
    camera.position.copy(position);
    const d = new THREE.Vector3().subVectors(target, position);
    look.yaw = Math.atan2(-d.x, -d.z);
    look.pitch = Math.atan2(d.y, Math.hypot(d.x, d.z));
    requestRender();
  }

  function goHome() {
    if (!hall.home) return;
    camera.position.copy(hall.home.position);
    look.yaw = hall.home.yaw;
    look.pitch = hall.home.pitch;
    requestRender();
  }

  // Metres per second: faster high above the street than walking in it.
  function speed() {
    return Math.max(4, camera.position.y * 0.6);
  }

  function walk(forward, right, up = 0) {
    const ahead = new THREE.Vector3(-Math.sin(look.yaw), 0, -Math.cos(look.yaw));
    const side = new THREE.Vector3(Math.cos(look.yaw), 0, -Math.sin(look.yaw));
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

  function stepKeys(dt) {
    const s = speed() * dt;
    for (const action of held) {
      if (action === "forward") walk(s, 0);
      else if (action === "back") walk(-s, 0);
      else if (action === "left") walk(0, -s);
      else if (action === "right") walk(0, s);
      else if (action === "turn-left") look.yaw += TURN_SPEED * dt;
      else if (action === "turn-right") look.yaw -= TURN_SPEED * dt;
      else if (action === "rise") walk(0, 0, s);
      else if (action === "descend") walk(0, 0, -s);
    }
  }

  return hall;
}
