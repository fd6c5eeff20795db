// The booth's guided commentary: its stops (the scene's hotspots, in order) shown one at a
// time with their text and audio, the camera flown to look at what each stop is about.
import * as THREE from "three";
import { $ } from "../dom.js";
import { pickName } from "./scene-common.js";

const MIN_VIEW_DISTANCE = 2.8; // metres: a screen or poster is ~2.4 m wide

export function createCommentary(view, { config, exposed }) {
  const S = config.strings;
  const stops = [];
  const stopIndex = $("#stop-index");
  const stopText = $("#commentary-text");
  const stopTitle = $("#commentary-stop-title");
  const audio = $("#commentary-audio");

  function collectStops(scene) {
    scene.traverse((object) => {
      if (object.userData.kind === "hotspot") stops.push(object);
    });
    stops.sort((a, b) => a.userData.order - b.userData.order);
    exposed.stops = stops.length;
  }

  function playAudio(url) {
    audio.pause();
    if (url) {
      audio.src = url;
      audio.hidden = false;
      audio.play().catch(() => {}); // the visitor can press play: autoplay may be refused
    } else {
      audio.hidden = true;
      audio.removeAttribute("src");
    }
  }

  // Where the camera stands and what it looks at for this stop.
  function viewpoint(stop) {
    const data = stop.userData;
    const spot = data.position ? new THREE.Vector3().fromArray(data.position) : stop.getWorldPosition(new THREE.Vector3());
    const targetObject = data.target ? view.scene.getObjectByName(data.target) : null;
    let target = targetObject ? targetObject.getWorldPosition(new THREE.Vector3()) : spot.clone().setY(1.4);
    const eye = spot.clone().setY(Math.max(spot.y, 0) + 1.6);
    if (data.lookAt) {
      // The exhibitor said where to look from this stop: stand there and look, but far
      // enough back to see the whole thing.
      target = new THREE.Vector3().fromArray(data.lookAt);
      const back = new THREE.Vector3().subVectors(eye, target);
      if (back.length() < MIN_VIEW_DISTANCE) eye.copy(target).addScaledVector(back.normalize(), MIN_VIEW_DISTANCE);
      return { eye, target };
    }
    const flat = new THREE.Vector3(eye.x - target.x, 0, eye.z - target.z);
    if (flat.length() < 2.2) {
      if (flat.length() < 0.01) flat.set(0, 0, 1);
      eye.copy(target).addScaledVector(flat.normalize(), 2.6).setY(Math.max(1.7, target.y - 0.2));
    }
    return { eye, target };
  }

  function showStop(n) {
    if (!stops.length || n < 0) return;
    const index = ((n % stops.length) + stops.length) % stops.length;
    exposed.stop = index;
    const stop = stops[index];
    const data = stop.userData;
    stopIndex.textContent = S.stop.replace("%(n)s", String(index + 1)).replace("%(total)s", String(stops.length));
    stopTitle.textContent = pickName(data.title, config.lang);
    stopText.textContent = pickName(data.text, config.lang);
    playAudio(data.audio);
    if (!view.scene || !view.renderer) return;
    const { eye, target } = viewpoint(stop);
    view.flyTo(eye, target);
    exposed.cameraTarget = target.toArray();
  }

  $("#stop-next").addEventListener("click", () => showStop(exposed.stop + 1));
  $("#stop-prev").addEventListener("click", () => showStop(exposed.stop - 1));

  return { stops, collectStops, showStop };
}
