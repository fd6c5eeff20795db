// The booth page in WebXR (xr.js):
// - "Enter VR": stand in the booth; a controller's select on a screen plays (or pauses) its
//   video, on a commentary hotspot or the "Next stop" panel goes to that stop (its text on a
//   panel, its audio, the visitor teleported to where it is seen from), on the floor
//   teleports; the "Leave my contact" panel queues the contact form, opened when the
//   session ends.
// - "View in your room" (immersive-ar with hit-test): a reticle where the view meets a
//   table or the floor; select places the booth's model there (about 0.8 m across), to
//   walk around.
import * as THREE from "three";
import { ancestorOfKind, pickName } from "./scene-common.js";
import { makePanel, panelDock } from "./xr-panels.js";
import { createXR, exposedXR, resetButtons, showButtons } from "./xr.js";

const MODEL_SIZE = 0.8; // metres: the booth's model on a table
const FLOOR_REACH = 14; // metres: how far from the booth's centre one may teleport

export function installBoothXR(view, { box, clickable, screens, commentary, exposed, config, root }) {
  const S = box ? box.dataset : {};
  const ground = new THREE.Plane(new THREE.Vector3(0, 1, 0), 0);
  let contactQueued = false;

  // --- VR: panels beside the visitor ----------------------------------------------------
  const stopPanel = makePanel("xr:panel:stop", [S.commentary || ""], { height: 0.3, background: "#f8fafc", colour: "#14213d" });
  const nextPanel = makePanel("xr:panel:next", [S.next || "▶"], { action: "next" });
  const contactPanel = makePanel("xr:panel:contact", [S.contact || "✉"], { action: "contact", background: "#8a5a00" });
  const exitPanel = makePanel("xr:panel:exit", [S.exit || "✕"], { action: "exit", background: "#475569" });
  const panels = [nextPanel, contactPanel, exitPanel];
  const dock = panelDock([stopPanel, ...panels]);
  let shownStop = null;

  function showStopText() {
    if (!commentary.stops.length || shownStop === exposed.stop) return;
    shownStop = exposed.stop;
    const data = commentary.stops[exposed.stop].userData;
    const format = config.strings.stop || "";
    const heading = format ? format.replace("%(n)s", String(exposed.stop + 1)).replace("%(total)s", String(commentary.stops.length)) : "";
    stopPanel.setText([heading, pickName(data.title, config.lang), pickName(data.text, config.lang)].filter(Boolean));
  }

  // Where a commentary stop is seen from (on the floor) and what it looks at.
  function stopViewpoint(stop) {
    const data = stop.userData;
    const spot = data.position ? new THREE.Vector3().fromArray(data.position) : stop.getWorldPosition(new THREE.Vector3());
    const targetObject = data.target ? view.scene.getObjectByName(data.target) : null;
    let target = targetObject ? targetObject.getWorldPosition(new THREE.Vector3()) : spot.clone().setY(1.4);
    if (data.lookAt) target = new THREE.Vector3().fromArray(data.lookAt);
    const flat = new THREE.Vector3(spot.x - target.x, 0, spot.z - target.z);
    if (flat.length() < 2.2) {
      if (flat.length() < 0.01) flat.set(0, 0, 1);
      spot.copy(target).addScaledVector(flat.normalize(), 2.6);
    }
    return { spot: spot.setY(0), target: target.setY(0) };
  }

  function goToStop(n) {
    if (!commentary.stops.length) return null;
    commentary.showStop(n); // text, audio, exposed.stop (and the screen camera's flight, for later)
    const { spot, target } = stopViewpoint(commentary.stops[exposed.stop]);
    runner.standAt(spot, target);
    showStopText();
    return { did: "stop", stop: exposed.stop, to: spot.toArray() };
  }

  function pointAtVR(raycaster) {
    const hit = raycaster.intersectObjects([...panels, ...clickable], true)[0];
    if (hit) {
      const panel = hit.object.userData.kind === "xr-panel" ? hit.object : null;
      const object = panel || ancestorOfKind(hit.object, "screen") || ancestorOfKind(hit.object, "hotspot") || ancestorOfKind(hit.object, "ad");
      if (object) {
        const data = object.userData;
        const what = panel ? { kind: "panel", action: data.action } : { kind: data.kind, index: data.index ?? null, object };
        return { what, distance: hit.distance, point: hit.point };
      }
    }
    const point = raycaster.ray.intersectPlane(ground, new THREE.Vector3());
    if (point && Math.hypot(point.x, point.z) <= FLOOR_REACH && point.distanceTo(raycaster.ray.origin) <= raycaster.far) {
      return { what: { kind: "floor", point: point.toArray() }, distance: point.distanceTo(raycaster.ray.origin), point };
    }
    return null;
  }

  function selectVR(raycaster) {
    const target = pointAtVR(raycaster);
    if (!target) return null;
    const { what } = target;
    if (what.kind === "floor") {
      runner.standAt(target.point);
      return { did: "teleport", to: target.point.toArray() };
    }
    if (what.kind === "screen") {
      screens.toggleScreen(what.index);
      return { did: "screen", screen: what.index };
    }
    if (what.kind === "hotspot") return goToStop(commentary.stops.indexOf(what.object));
    if (what.kind === "ad") return { did: "ad" }; // a link would leave the session: not followed in VR
    if (what.action === "next") return goToStop(exposed.stop + 1);
    if (what.action === "contact") {
      contactQueued = true;
      contactPanel.setText([S.contact_queued || "✓"]);
      return { did: "contact-queued" };
    }
    if (what.action === "exit") {
      runner.stop();
      return { did: "exit" };
    }
    return null;
  }

  // --- AR: the booth's model on a table or the floor --------------------------------------
  let ar = null; // {scene, model, reticle, hitSource}

  function buildAR() {
    const scene = new THREE.Scene();
    scene.name = "xr:room";
    const model = new THREE.Group();
    model.name = "xr:model";
    const copy = view.scene.clone();
    copy.background = null;
    const size = new THREE.Box3().setFromObject(view.scene);
    const extent = Math.max(size.max.x - size.min.x, size.max.z - size.min.z, 0.01);
    const centre = size.getCenter(new THREE.Vector3());
    copy.position.set(-centre.x, -size.min.y, -centre.z);
    const scaled = new THREE.Group();
    scaled.scale.setScalar(MODEL_SIZE / extent);
    scaled.add(copy);
    model.add(scaled);
    model.visible = false;
    const reticle = new THREE.Mesh(
      new THREE.RingGeometry(0.06, 0.08, 32).rotateX(-Math.PI / 2),
      new THREE.MeshBasicMaterial({ color: 0xffb000 }),
    );
    reticle.name = "xr:reticle";
    reticle.matrixAutoUpdate = false;
    reticle.visible = false;
    scene.add(model, reticle, new THREE.HemisphereLight(0xffffff, 0x888877, 1.2));
    return { scene, model, reticle, hitSource: null, scale: MODEL_SIZE / extent };
  }

  function frameAR(xrFrame) {
    if (!ar.hitSource || !xrFrame) return;
    const hit = xrFrame.getHitTestResults(ar.hitSource)[0];
    const pose = hit && hit.getPose(view.renderer.xr.getReferenceSpace());
    ar.reticle.visible = Boolean(pose);
    if (pose) ar.reticle.matrix.fromArray(pose.transform.matrix);
    exposedXR.reticle = pose ? new THREE.Vector3().setFromMatrixPosition(ar.reticle.matrix).toArray() : null;
  }

  function place() {
    if (!ar.reticle.visible) return null;
    const at = new THREE.Vector3().setFromMatrixPosition(ar.reticle.matrix);
    ar.model.position.copy(at);
    // The booth's open front towards the visitor.
    const { head } = runner.heading();
    ar.model.rotation.set(0, Math.atan2(head.x - at.x, head.z - at.z), 0);
    ar.model.visible = true;
    exposedXR.placed = { at: at.toArray(), scale: ar.scale };
    return { did: "place", at: at.toArray() };
  }

  // --- the session ------------------------------------------------------------------------
  const clearColour = new THREE.Color();
  let clearAlpha = 1;

  const runner = createXR(view.renderer, {
    camera: view.camera,
    scene: (mode) => (mode === "ar" ? ar.scene : view.scene),
    pointAt: (raycaster) => (runner.mode === "vr" ? pointAtVR(raycaster) : null),
    async onStart(mode, session) {
      runner.rig.position.set(0, 0, 0);
      runner.rig.yaw = 0;
      if (mode === "ar") {
        ar = ar || buildAR();
        ar.model.visible = false;
        exposedXR.placed = null;
        const viewer = await session.requestReferenceSpace("viewer");
        ar.hitSource = await session.requestHitTestSource({ space: viewer });
        view.renderer.getClearColor(clearColour);
        clearAlpha = view.renderer.getClearAlpha();
        view.renderer.setClearColor(0x000000, 0); // the room shows through
        return;
      }
      // Where the booth's screen camera starts, on the floor, looking at the booth.
      const start = view.scene.userData.camera || { position: [0, 2, 8], target: [0, 1.4, 0] };
      // (Before the first frame the head is taken over the rig's origin.)
      const spot = new THREE.Vector3().fromArray(start.position).setY(0);
      const d = new THREE.Vector3().fromArray(start.target).sub(spot);
      runner.rig.yaw = Math.atan2(-d.x, -d.z);
      runner.rig.position.copy(spot);
      shownStop = null;
      showStopText();
      view.scene.add(dock);
    },
    onMoved() {
      if (runner.mode !== "vr") return;
      const { head, yaw } = runner.heading();
      dock.place(head, yaw);
    },
    onFrame(dt, xrFrame) {
      if (runner.mode === "ar") frameAR(xrFrame);
      else showStopText();
    },
    onSelect(raycaster) {
      return runner.mode === "ar" ? place() : selectVR(raycaster);
    },
    onEnd(mode) {
      resetButtons(box);
      if (mode === "ar") {
        if (ar.hitSource) ar.hitSource.cancel();
        ar.hitSource = null;
        view.renderer.setClearColor(clearColour, clearAlpha);
      } else {
        dock.removeFromParent();
      }
      view.requestRender();
      if (contactQueued) openContactForm();
    },
  });

  function openContactForm() {
    contactQueued = false;
    contactPanel.setText([S.contact || "✉"]);
    const form = document.getElementById("contact-form");
    if (!form) return;
    form.scrollIntoView({ block: "center" });
    const first = form.querySelector("input, textarea");
    if (first) first.focus();
    root.dataset.xrContact = "open";
  }

  exposedXR.stopViewpoint = (n) => {
    const { spot, target } = stopViewpoint(commentary.stops[n]);
    return { spot: spot.toArray(), target: target.toArray() };
  };
  exposedXR.screenCentre = (index) => screens.screenMesh(index)?.getWorldPosition(new THREE.Vector3()).toArray() ?? null;
  exposedXR.panelCentre = (action) => {
    const panel = panels.find((p) => p.userData.action === action);
    return panel ? panel.getWorldPosition(new THREE.Vector3()).toArray() : null;
  };
  showButtons(box, runner);
  return runner;
}
