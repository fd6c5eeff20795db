// "Enter VR" on the hall walk (xr.js): the visitor stands in the street at the hall's
// entrance; a controller's ray on the ground teleports there, on a booth teleports to the
// booth's front, and on the booth stood in front of enters it (its page, where "Enter VR"
// is offered again). Thumbsticks turn and walk (xr.js).
import * as THREE from "three";
import { ancestorOfKind } from "./scene-common.js";
import { createXR, exposedXR, resetButtons, showButtons } from "./xr.js";

const ENTER_DISTANCE = 12; // metres from a booth's centre: near enough that select enters it
const FRONT_DISTANCE = 7; // metres in front of a booth when teleported to it

export function installHallXR(hall, { box, enterBooth }) {
  const ground = new THREE.Plane(new THREE.Vector3(0, 1, 0), 0);
  const marker = new THREE.Mesh(
    new THREE.RingGeometry(0.35, 0.5, 32).rotateX(-Math.PI / 2),
    new THREE.MeshBasicMaterial({ color: 0xffb000 }),
  );
  marker.name = "xr:teleport-marker";
  marker.visible = false;

  function inside(point) {
    const b = hall.bounds;
    return point.x >= b.minX && point.x <= b.maxX && point.z >= b.minZ && point.z <= b.maxZ;
  }

  function clamp(position) {
    const b = hall.bounds;
    position.x = Math.max(b.minX, Math.min(b.maxX, position.x));
    position.z = Math.max(b.minZ, Math.min(b.maxZ, position.z));
  }

  // A booth's centre: its full parts' box when drawn in full, else its marker's place
  // (far booths are instanced boxes: hall-lod.js) at about half a booth's height.
  function boothCentre(id) {
    const group = hall.booths.get(id);
    const box = new THREE.Box3().setFromObject(group);
    if (!box.isEmpty()) return box.getCenter(new THREE.Vector3());
    return group.getWorldPosition(new THREE.Vector3()).setY(1.5);
  }

  function boothOfHit(hit) {
    if (hall.lod && hall.lod.isFar(hit.object)) return hall.lod.boothOfInstance(hit.instanceId);
    const booth = ancestorOfKind(hit.object, "booth");
    return booth ? booth.userData.id : null;
  }

  // What a controller's ray points at: a booth, else the ground inside the hall.
  function pointAt(raycaster) {
    const meshes = hall.pickables ? hall.pickables() : hall.boothMeshes;
    const hit = raycaster.intersectObjects(meshes, false)[0];
    const id = hit ? boothOfHit(hit) : null;
    if (id !== null && id !== undefined) return { what: { kind: "booth", id }, distance: hit.distance, point: hit.point };
    const point = raycaster.ray.intersectPlane(ground, new THREE.Vector3());
    if (point && inside(point) && point.distanceTo(raycaster.ray.origin) <= raycaster.far) {
      return { what: { kind: "floor", point: point.toArray() }, distance: point.distanceTo(raycaster.ray.origin), point };
    }
    return null;
  }

  // In front of a booth, on the street, looking at it.
  function frontOf(id) {
    const group = hall.booths.get(id);
    const centre = boothCentre(id);
    const front = new THREE.Vector3(0, 0, 1).applyQuaternion(group.getWorldQuaternion(new THREE.Quaternion()));
    const spot = centre.clone().addScaledVector(front, FRONT_DISTANCE).setY(0);
    clamp(spot);
    return { spot, centre };
  }

  const runner = createXR(hall.renderer, {
    camera: hall.camera,
    scene: () => hall.scene,
    clamp,
    pointAt,
    onStart() {
      // Where the screen walk stands if it is in the street, else at the hall's entrance
      // (4 m in front of its ground, which the walk's bounds extend by 40 m), looking in.
      const eye = hall.camera.position;
      const street = eye.y <= 3;
      const spot = street ? new THREE.Vector3(eye.x, 0, eye.z) : new THREE.Vector3(eye.x, 0, hall.bounds.maxZ - 36);
      clamp(spot);
      runner.rig.position.copy(spot);
      runner.rig.yaw = street ? hall.look.yaw : 0;
      hall.scene.add(marker);
    },
    onFrame() {
      // The level of detail (hall-lod.js) follows the visitor's head, as it follows the
      // screen walk's camera.
      const head = exposedXR.viewer();
      if (head && hall.beforeRender) {
        hall.camera.position.fromArray(head);
        for (const hook of hall.beforeRender) hook(0);
      }
      const target = exposedXR.pointing;
      marker.visible = Boolean(target && target.kind === "floor");
      if (marker.visible) marker.position.fromArray(target.point);
    },
    onSelect(raycaster) {
      const target = pointAt(raycaster);
      if (!target) return null;
      if (target.what.kind === "floor") {
        runner.standAt(target.point);
        return { did: "teleport", to: target.point.toArray() };
      }
      const id = target.what.id;
      const head = runner.session ? exposedXR.viewer() : null;
      const centre = boothCentre(id);
      if (head && Math.hypot(head[0] - centre.x, head[2] - centre.z) <= ENTER_DISTANCE) {
        exposedXR.log.push({ did: "enter", booth: id });
        runner.stop().finally(() => enterBooth(id));
        return null;
      }
      const { spot } = frontOf(id);
      runner.standAt(spot, centre.clone().setY(0));
      return { did: "teleport", booth: id, to: spot.toArray() };
    },
    onEnd() {
      marker.removeFromParent();
      resetButtons(box);
      // Back on the screen: the walk's camera where the visitor stood, looking the same way.
      const head = runner.rig.position;
      hall.camera.position.set(head.x, 1.7, head.z);
      hall.look.yaw = runner.rig.yaw;
      hall.look.pitch = 0;
      hall.requestRender();
    },
  });
  // What a ray from `origin` along `direction` would point at (for the tests).
  exposedXR.pick = (origin, direction) => {
    const raycaster = new THREE.Raycaster(new THREE.Vector3().fromArray(origin), new THREE.Vector3().fromArray(direction).normalize(), 0, 60);
    const target = pointAt(raycaster);
    return { what: target ? target.what : null };
  };
  exposedXR.frontOf = (id) => frontOf(id).spot.toArray();
  exposedXR.boothCentre = (id) => boothCentre(id).toArray();
  showButtons(box, runner, { modes: ["vr"] });
  return runner;
}
