// The booth's media in its scene: screens play their video as a VideoTexture when clicked
// (or when their button below the scene is pressed), images and posters are textures,
// animated ads loop silently, and anything without a picture gets its title painted.
import * as THREE from "three";
import { dressFaces, faceSize, labelTexture, pickName } from "./scene-common.js";

export function createScreens(view, { config, exposed, status }) {
  const S = config.strings;
  const screenVideos = new Map(); // screen index -> {video, texture}
  const title = (media) => pickName(media.title, config.lang);

  function screenMesh(index) {
    return view.scene && view.scene.getObjectByName(`booth:${config.booth}:screen:${index}`);
  }

  function showPlaying() {
    exposed.playing = [...screenVideos].filter(([, e]) => !e.video.paused).map(([i]) => i);
  }

  function screenVideo(index, mesh, media) {
    const video = document.createElement("video");
    video.src = media.url;
    video.crossOrigin = "anonymous";
    video.playsInline = true;
    video.preload = "auto";
    const texture = new THREE.VideoTexture(video);
    texture.colorSpace = THREE.SRGBColorSpace;
    video.addEventListener("playing", () => {
      view.playing.add(video);
      status.textContent = `▶ ${title(media)}`;
      showPlaying();
      view.requestRender();
    });
    video.addEventListener("pause", () => {
      view.playing.delete(video);
      status.textContent = `⏸ ${title(media)}`;
      showPlaying();
    });
    video.addEventListener("error", () => {
      view.playing.delete(video);
      status.textContent = S.video_failed;
    });
    for (const face of mesh.children.filter((c) => c.userData.kind === "face")) {
      face.material = new THREE.MeshBasicMaterial({ map: texture });
    }
    return { video, texture };
  }

  function toggleScreen(index) {
    const mesh = screenMesh(index);
    if (!mesh) return;
    const media = mesh.userData.media || {};
    if (media.kind === "link" && media.url) {
      // A video hosted elsewhere cannot be drawn into the scene (cross-origin): open it.
      window.open(media.url, "_blank", "noopener");
      return;
    }
    if (media.kind !== "video" || !media.url) {
      status.textContent = S.no_video;
      return;
    }
    if (!screenVideos.has(index)) screenVideos.set(index, screenVideo(index, mesh, media));
    const { video } = screenVideos.get(index);
    if (video.paused) {
      video.play().catch((error) => {
        status.textContent = `${S.video_failed} ${error.message || ""}`;
      });
    } else {
      video.pause();
    }
  }

  function dressMedia(mesh) {
    const data = mesh.userData;
    const media = data.media || {};
    const [w, h] = faceSize(mesh);
    const label = title(media) || pickName(data.name, config.lang);
    const picture = media.kind === "image" ? media.url : data.kind === "screen" ? media.poster : null;
    if (picture) {
      // An image, or a screen's still (the video's poster, or the logo on a placeholder).
      const texture = new THREE.TextureLoader().load(picture, view.requestRender);
      texture.colorSpace = THREE.SRGBColorSpace;
      dressFaces(mesh, texture);
    } else if (data.kind === "ad" && media.kind === "video" && media.url) {
      // Animated ads loop silently; nothing to click.
      const video = Object.assign(document.createElement("video"), { src: media.url, muted: true, loop: true, playsInline: true });
      video.crossOrigin = "anonymous";
      dressFaces(mesh, new THREE.VideoTexture(video));
      video.play().then(() => {
        view.playing.add(video);
        view.requestRender();
      }, () => {});
    } else {
      const text = data.kind === "screen" ? `▶ ${label}` : label;
      const colours = data.kind === "screen" ? { background: "#0f172a", colour: "#e2e8f0" } : { background: "#f8fafc", colour: "#1e293b" };
      dressFaces(mesh, labelTexture(text || "—", w, h, colours));
    }
  }

  // For the browser tests: is a screen drawing its video, and how far has it played?
  function screenTexture(index) {
    const face = screenMesh(index)?.children.find((c) => c.userData.kind === "face");
    const map = face && face.material.map;
    return map ? { video: Boolean(map.isVideoTexture), currentTime: screenVideos.get(index)?.video.currentTime ?? null } : null;
  }

  return { screenMesh, toggleScreen, dressMedia, screenTexture };
}
