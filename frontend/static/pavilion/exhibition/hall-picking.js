// The hall walk's booths under the pointer: picking by ray, the hover highlight (in the
// scene and in the booth list), the tooltip, where a booth shows on screen, and standing
// in front of a booth or a zone.
import * as THREE from "three";
import { highlighted } from "./hall-input.js";
import { ancestorOfKind, pickName, toClient, toNdc } from "./scene-common.js";

export function createPicking(hall, { canvas, root, tooltip, config }) {
  const raycaster = new THREE.Raycaster();
  const { camera } = hall;
  const listLink = (id) => document.querySelector(`.booth-links a[data-booth-id="${id}"]`);

  function boothAtNdc(ndc) {
    if (!hall.scene) return null;
    hall.applyView();
    raycaster.setFromCamera(ndc, camera);
    const hit = raycaster.intersectObjects(hall.pickables(), false)[0];
    if (!hit) return null;
    if (hall.lod && hall.lod.isFar(hit.object)) return hall.lod.boothOfInstance(hit.instanceId);
    const booth = ancestorOfKind(hit.object, "booth");
    return booth ? booth.userData.id : null;
  }

  function boothAt(clientX, clientY) {
    return boothAtNdc(toNdc(canvas, clientX, clientY));
  }

  function setHovered(id) {
    if (hall.hovered === id) return;
    if (hall.hovered !== null) {
      hall.lod?.highlight(hall.hovered, false);
      hall.booths.get(hall.hovered)?.traverse((o) => {
        if (o.isMesh && o.userData.originalMaterial) {
          o.material = o.userData.originalMaterial;
          delete o.userData.originalMaterial;
        }
      });
      listLink(hall.hovered)?.classList.remove("active");
    }
    hall.hovered = id;
    if (id !== null) {
      hall.lod?.highlight(id, true);
      hall.booths.get(id)?.traverse((o) => {
        if (o.isMesh && o.userData.kind !== "face") {
          o.userData.originalMaterial = o.material;
          o.material = highlighted(o.material);
        }
      });
      listLink(id)?.classList.add("active");
    }
    root.dataset.hovered = id === null ? "" : String(id);
    hall.requestRender();
  }

  function boothLabel(id) {
    const data = hall.booths.get(id)?.userData;
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

  function boothCentre(id) {
    const group = hall.booths.get(id);
    if (!group) return null;
    const box = new THREE.Box3().setFromObject(group);
    // A far booth's marker has no parts of its own (they are instanced): its place, 1.5 m up.
    if (box.isEmpty()) return group.getWorldPosition(new THREE.Vector3()).setY(1.5);
    return box.getCenter(new THREE.Vector3());
  }

  // Where the booth shows on screen (client px), if its centre is in view and unhidden.
  function screenPositionOf(id) {
    const centre = boothCentre(id);
    if (!centre) return null;
    hall.applyView();
    const ndc = centre.clone().project(camera);
    if (Math.abs(ndc.x) > 0.98 || Math.abs(ndc.y) > 0.98 || ndc.z > 1) return null;
    const point = toClient(canvas, ndc);
    return { ...point, visible: boothAt(point.x, point.y) === id };
  }

  // Stand in the street in front of a booth, looking at it.
  function lookAtBooth(id) {
    const group = hall.booths.get(id);
    if (!group) return;
    const centre = boothCentre(id);
    const front = new THREE.Vector3(0, 0, 1).applyQuaternion(group.getWorldQuaternion(new THREE.Quaternion()));
    const eye = centre.clone().addScaledVector(front, 9);
    eye.y = 5;
    hall.setView(eye, centre);
  }

  // Above a zone's start, looking down its street; no zone: back where the walk began.
  function jumpToZone(zoneId) {
    if (!zoneId) {
      hall.goHome();
      return;
    }
    const zone = hall.zones.get(Number(zoneId));
    if (!zone) return;
    const x = zone.getWorldPosition(new THREE.Vector3()).x;
    const length = zone.userData.length || 30;
    hall.setView(new THREE.Vector3(x, 7, 6), new THREE.Vector3(x, 0, -Math.min(length, 40) / 2));
  }

  return { boothAt, setHovered, hover, screenPositionOf, lookAtBooth, jumpToZone };
}
