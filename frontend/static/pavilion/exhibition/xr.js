// WebXR for the hall and booth pages (docs/exhibition-pages.md, "VR and AR"): three.js' own
// WebXR support (renderer.xr) driven by the page's renderer, scene and camera.
// - the buttons: shown only for the session modes the browser offers
//   (navigator.xr.isSessionSupported); absent otherwise, and nothing else changes;
// - a session: entered from a button, drawn by renderer.setAnimationLoop, ended by the
//   headset (or the button again); the page's on-demand frames are held meanwhile;
// - the rig: where the visitor's tracked space stands in the scene (a position and a turn),
//   applied as an offset reference space, so teleports move the whole room;
// - controllers: their rays, what they point at, and `select` handed to the page.
// window.pavilionXR exposes the state to the browser tests.
import * as THREE from "three";

const RAY_LENGTH = 60; // metres
const SNAP_TURN = Math.PI / 6;
const WALK_SPEED = 2.5; // metres per second, thumbstick
const DEADZONE = 0.5;

export const exposedXR = (window.pavilionXR = {
  supported: { vr: false, ar: false },
  presenting: null, // "vr" | "ar" while in a session
  sessions: 0,
  frames: 0,
  teleports: 0,
  pointing: null,
  log: [], // what select did, in order (for the tests)
});

// Which immersive modes the browser offers (both false without navigator.xr).
export async function xrSupport() {
  const xr = navigator.xr;
  if (!xr || !window.isSecureContext) return { vr: false, ar: false };
  const ask = (mode) => xr.isSessionSupported(mode).catch(() => false);
  const [vr, ar] = await Promise.all([ask("immersive-vr"), ask("immersive-ar")]);
  return { vr: Boolean(vr), ar: Boolean(ar) };
}

// A session runner for one page. `handlers`: {onStart(mode), onFrame(dt, frame), onEnd(mode),
// scene(mode) -> the scene to draw, camera}.
export function createXR(renderer, handlers) {
  const xr = renderer.xr;
  const rig = { position: new THREE.Vector3(), yaw: 0 };
  const rigMatrix = new THREE.Matrix4();
  const controllers = [];
  const raycaster = new THREE.Raycaster();
  const rotation = new THREE.Matrix4();
  let session = null;
  let mode = null;
  let baseSpace = null;
  let lastTime = null;
  let pageRender = null; // the renderer's own render, while the page's frames are held
  const turnArmed = new Map(); // handedness -> may snap again (the stick came back)

  function updateRigMatrix() {
    rigMatrix.makeRotationY(rig.yaw).setPosition(rig.position);
  }

  function applyRig() {
    updateRigMatrix();
    if (!baseSpace) return;
    // Poses in the offset space = rig⁻¹ · tracked: the offset is the rig's inverse.
    const inverse = rigMatrix.clone().invert();
    const p = new THREE.Vector3();
    const q = new THREE.Quaternion();
    inverse.decompose(p, q, new THREE.Vector3());
    const transform = new XRRigidTransform({ x: p.x, y: p.y, z: p.z, w: 1 }, { x: q.x, y: q.y, z: q.z, w: q.w });
    xr.setReferenceSpace(baseSpace.getOffsetReferenceSpace(transform));
  }

  // The head in tracked space (the base reference space: metres from the rig's origin),
  // read from each XR frame; and in the scene, through the rig as it is now.
  const trackedHead = { local: new THREE.Vector3(0, 1.6, 0), yaw: 0 };
  function readHead(xrFrame) {
    const pose = xrFrame && baseSpace ? xrFrame.getViewerPose(baseSpace) : null;
    if (!pose) return;
    const { position: p, orientation: o } = pose.transform;
    trackedHead.local.set(p.x, p.y, p.z);
    const direction = new THREE.Vector3(0, 0, -1).applyQuaternion(new THREE.Quaternion(o.x, o.y, o.z, o.w));
    trackedHead.yaw = Math.atan2(-direction.x, -direction.z);
  }
  function headInRig() {
    updateRigMatrix();
    return { local: trackedHead.local.clone(), yaw: trackedHead.yaw, world: trackedHead.local.clone().applyMatrix4(rigMatrix) };
  }

  // Put the visitor's head (not the rig's origin) over `point` on the floor, looking at
  // `look` when given (else keeping the current heading).
  function standAt(point, look = null) {
    const head = headInRig();
    if (look) {
      const d = new THREE.Vector3().subVectors(look, point);
      rig.yaw = Math.atan2(-d.x, -d.z) - head.yaw;
    }
    const offset = new THREE.Vector3(head.local.x, 0, head.local.z).applyAxisAngle(new THREE.Vector3(0, 1, 0), rig.yaw);
    rig.position.set(point.x - offset.x, point.y, point.z - offset.z);
    applyRig();
    exposedXR.teleports += 1;
    if (handlers.onMoved) handlers.onMoved();
  }

  // Where the head is (world) and which way it faces (a yaw), after the last frame.
  function heading() {
    const head = headInRig();
    return { head: head.world, yaw: rig.yaw + head.yaw };
  }

  function ray(controller) {
    rotation.identity().extractRotation(controller.matrixWorld);
    raycaster.ray.origin.setFromMatrixPosition(controller.matrixWorld);
    raycaster.ray.direction.set(0, 0, -1).applyMatrix4(rotation);
    raycaster.far = RAY_LENGTH;
    raycaster.camera = xr.getCamera(); // sprites (signs, hotspots) need one
    return raycaster;
  }

  function makeController(index) {
    const controller = xr.getController(index);
    const line = new THREE.Line(
      new THREE.BufferGeometry().setFromPoints([new THREE.Vector3(0, 0, 0), new THREE.Vector3(0, 0, -1)]),
      new THREE.LineBasicMaterial({ color: 0xffb000 }),
    );
    line.name = "xr:ray";
    line.scale.z = 5;
    controller.add(line);
    controller.userData.line = line;
    controller.addEventListener("connected", (event) => {
      controller.userData.source = event.data;
    });
    controller.addEventListener("disconnected", () => {
      controller.userData.source = null;
    });
    controller.addEventListener("select", () => {
      controller.updateMatrixWorld(true);
      const done = handlers.onSelect ? handlers.onSelect(ray(controller), controller) : null;
      if (done) exposedXR.log.push(done);
    });
    return controller;
  }
  controllers.push(makeController(0), makeController(1));

  // Thumbsticks: x snaps the heading round the head, y walks along the gaze.
  function thumbsticks(dt) {
    if (!session) return;
    for (const source of session.inputSources) {
      const axes = source.gamepad && source.gamepad.axes;
      if (!axes || axes.length < 4) continue;
      const [x, y] = [axes[2], axes[3]];
      if (Math.abs(x) > DEADZONE && turnArmed.get(source.handedness) !== false) {
        turnArmed.set(source.handedness, false);
        const head = headInRig().world;
        rig.yaw -= Math.sign(x) * SNAP_TURN;
        // Turn round the head: it stays where it is.
        const moved = head.clone().sub(rig.position).applyAxisAngle(new THREE.Vector3(0, 1, 0), -Math.sign(x) * SNAP_TURN);
        rig.position.copy(head).sub(moved).setY(rig.position.y);
        applyRig();
      } else if (Math.abs(x) < DEADZONE / 2) turnArmed.set(source.handedness, true);
      if (Math.abs(y) > DEADZONE / 2 && dt > 0) {
        const { yaw } = headInRig();
        const heading = rig.yaw + yaw;
        const step = -y * WALK_SPEED * dt;
        rig.position.x += -Math.sin(heading) * step;
        rig.position.z += -Math.cos(heading) * step;
        if (handlers.clamp) handlers.clamp(rig.position);
        applyRig();
      }
    }
  }

  // One XR frame; an error is reported and the next frame still comes (an exception in
  // three's loop would stop it for good).
  function frame(time, xrFrame) {
    try {
      step(time, xrFrame);
    } catch (error) {
      console.error(error);
      exposedXR.error = String(error && error.message ? error.message : error);
    }
  }

  function step(time, xrFrame) {
    const dt = lastTime === null ? 0 : Math.min(0.1, (time - lastTime) / 1000);
    lastTime = time;
    readHead(xrFrame);
    thumbsticks(dt);
    const scene = handlers.scene(mode);
    for (const controller of controllers) {
      if (controller.parent !== scene) scene.add(controller);
      controller.updateMatrixWorld(true);
      const target = handlers.pointAt ? handlers.pointAt(ray(controller), controller) : null;
      controller.userData.line.scale.z = target && target.distance ? target.distance : 5;
      if (controller.userData.source && controller.userData.source.handedness !== "left") exposedXR.pointing = target ? target.what : null;
    }
    if (handlers.onFrame) handlers.onFrame(dt, xrFrame);
    pageRender.call(renderer, scene, handlers.camera);
    exposedXR.frames += 1;
  }

  async function start(which) {
    if (session) return;
    const init =
      which === "ar"
        ? { requiredFeatures: ["hit-test"], optionalFeatures: ["local-floor"] }
        : { optionalFeatures: ["local-floor", "bounded-floor"] };
    const requested = await navigator.xr.requestSession(which === "ar" ? "immersive-ar" : "immersive-vr", init);
    session = requested;
    mode = which;
    xr.enabled = true;
    xr.setReferenceSpaceType("local-floor");
    xr.setReferenceSpace(null);
    await xr.setSession(session);
    baseSpace = xr.getReferenceSpace();
    // The page draws on demand with renderer.render: held while the session draws.
    pageRender = renderer.render;
    renderer.render = () => {};
    lastTime = null;
    session.addEventListener("end", ended);
    if (handlers.onStart) await handlers.onStart(which, session);
    applyRig();
    if (handlers.onMoved) handlers.onMoved();
    renderer.setAnimationLoop(frame);
    exposedXR.presenting = which;
    exposedXR.sessions += 1;
  }

  function ended() {
    const was = mode;
    renderer.setAnimationLoop(null);
    if (pageRender) renderer.render = pageRender;
    pageRender = null;
    for (const controller of controllers) controller.removeFromParent();
    session = null;
    mode = null;
    baseSpace = null;
    exposedXR.presenting = null;
    exposedXR.pointing = null;
    if (handlers.onEnd) handlers.onEnd(was);
  }

  function stop() {
    if (session) return session.end();
    return Promise.resolve();
  }

  // World → tracked space (where the headset and controllers are in the room).
  function toTracking(point) {
    updateRigMatrix();
    return new THREE.Vector3().fromArray(point).applyMatrix4(rigMatrix.clone().invert()).toArray();
  }

  exposedXR.toTracking = toTracking;
  exposedXR.rays = () =>
    controllers.map((c) => {
      const r = ray(c).ray;
      return { hand: c.userData.source ? c.userData.source.handedness : null, origin: r.origin.toArray(), direction: r.direction.toArray() };
    });
  exposedXR.rig = () => ({ x: rig.position.x, y: rig.position.y, z: rig.position.z, yaw: rig.yaw });
  exposedXR.viewer = () => (session ? headInRig().world.toArray() : null);

  return { rig, start, stop, standAt, applyRig, heading, get session() { return session; }, get mode() { return mode; } };
}

// Show the page's XR buttons (in `box`: [data-xr=vr] and [data-xr=ar]) for the modes the
// browser offers; each enters its mode, or leaves the session it is in.
export async function showButtons(box, runner, { modes = ["vr", "ar"] } = {}) {
  if (!box) return exposedXR.supported;
  const supported = await xrSupport();
  exposedXR.supported = supported;
  let shown = 0;
  for (const button of box.querySelectorAll("[data-xr]")) {
    const which = button.dataset.xr;
    if (!modes.includes(which) || !supported[which]) {
      button.remove(); // absent, not only hidden
      continue;
    }
    shown += 1;
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", async () => {
      if (runner.session) {
        await runner.stop();
        return;
      }
      button.disabled = true;
      try {
        await runner.start(which);
        button.textContent = box.dataset.exit;
      } catch (error) {
        console.error(error);
        const status = box.querySelector(".xr-status");
        if (status) status.textContent = `${box.dataset.failed} ${error.message || error}`;
      } finally {
        button.disabled = false;
      }
    });
    button.dataset.label = label;
  }
  if (!shown) box.remove();
  else box.hidden = false;
  return supported;
}

// Put the buttons' labels back once a session ended.
export function resetButtons(box) {
  if (!box || !box.isConnected) return;
  for (const button of box.querySelectorAll("[data-xr]")) if (button.dataset.label) button.textContent = button.dataset.label;
}
