// "Go live" for the stage's speakers and moderators: camera and microphone preview,
// publishing to the server (rtc.publish), mute, stop, and the stream state buttons.

import { format } from "./dom.js";
import { offerToStage, stopStream } from "./rtc.js";

export function createGoLive({ client, slug, strings, player }) {
  const $ = (id) => document.getElementById(id);
  const t = (key, values) => format(strings[key] || key, values);
  const panel = $("go-live");
  const preview = $("go-live-preview");
  const status = $("go-live-status");
  const buttons = {
    camera: $("go-live-camera"),
    publish: $("go-live-publish"),
    mic: $("go-live-mic"),
    video: $("go-live-video"),
    live: $("stage-set-live"),
    pause: $("stage-set-paused"),
    end: $("stage-set-ended"),
  };
  const me = { stream: null, pc: null, publisherId: null, wantPublishing: false };

  function say(text) {
    status.textContent = text || "";
  }

  function render() {
    const state = player.stage.state;
    const hasCamera = Boolean(me.stream);
    buttons.camera.textContent = hasCamera ? t("camera_off") : t("camera_on");
    buttons.camera.setAttribute("aria-pressed", hasCamera ? "true" : "false");
    buttons.publish.disabled = !hasCamera || state === "ended";
    buttons.publish.textContent = me.publisherId ? t("stop_publishing") : t("publish");
    buttons.publish.setAttribute("aria-pressed", me.publisherId ? "true" : "false");
    panel.dataset.publishing = me.publisherId ? "true" : "false";
    const audio = me.stream?.getAudioTracks()[0];
    const video = me.stream?.getVideoTracks()[0];
    buttons.mic.disabled = !audio;
    buttons.mic.setAttribute("aria-pressed", audio && !audio.enabled ? "true" : "false");
    buttons.mic.textContent = audio && !audio.enabled ? t("unmute_mic") : t("mute_mic");
    buttons.video.disabled = !video;
    buttons.video.setAttribute("aria-pressed", video && !video.enabled ? "true" : "false");
    buttons.video.textContent = video && !video.enabled ? t("show_camera") : t("hide_camera");
    buttons.live.hidden = !(state === "scheduled" || state === "paused");
    buttons.live.textContent = state === "paused" ? t("resume") : t("go_live");
    buttons.pause.hidden = state !== "live";
    buttons.end.hidden = state === "ended" || state === null;
  }

  async function startCamera() {
    try {
      me.stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
      preview.srcObject = me.stream;
      preview.muted = true;
      await preview.play().catch(() => {});
      say("");
    } catch (error) {
      say(t("no_camera", { reason: error.message || error.name }));
    }
    render();
  }

  async function stopCamera() {
    await unpublish();
    stopStream(me.stream);
    me.stream = null;
    preview.srcObject = null;
    render();
  }

  async function publish() {
    if (!me.stream || me.pc) return;
    me.wantPublishing = true;
    const pc = new RTCPeerConnection({ iceServers: player.stage.iceServers || [] });
    me.pc = pc;
    for (const track of me.stream.getTracks()) pc.addTrack(track, me.stream);
    pc.addEventListener("connectionstatechange", () => {
      panel.dataset.connection = pc.connectionState;
      if (pc.connectionState === "connected") say(t("publishing"));
    });
    try {
      const ack = await offerToStage(client, slug, pc);
      me.publisherId = ack.publisher_id;
      player.setOwnPublisher(ack.publisher_id, true);
      await pc.setRemoteDescription({ type: "answer", sdp: ack.sdp });
    } catch (error) {
      dropPeer();
      me.wantPublishing = false;
      say(error.message);
    }
    render();
  }

  function dropPeer() {
    me.pc?.close();
    me.pc = null;
    if (me.publisherId) player.setOwnPublisher(me.publisherId, false);
    me.publisherId = null;
  }

  async function unpublish() {
    me.wantPublishing = false;
    const id = me.publisherId;
    dropPeer();
    if (id) await client.request("rtc.unpublish", { room: slug, publisher_id: id }).catch(() => {});
    say("");
    render();
  }

  async function setState(state) {
    if (state === "ended" && !window.confirm(t("confirm_end"))) return;
    try {
      await client.request("stage.set_state", { room: slug, state });
      say("");
    } catch (error) {
      say(error.message);
    }
  }

  function toggleTrack(kind) {
    const track = kind === "audio" ? me.stream?.getAudioTracks()[0] : me.stream?.getVideoTracks()[0];
    if (track) track.enabled = !track.enabled;
    render();
  }

  buttons.camera.addEventListener("click", () => (me.stream ? stopCamera() : startCamera()));
  buttons.publish.addEventListener("click", () => (me.publisherId ? unpublish() : publish()));
  buttons.mic.addEventListener("click", () => toggleTrack("audio"));
  buttons.video.addEventListener("click", () => toggleTrack("video"));
  buttons.live.addEventListener("click", () => setState("live"));
  buttons.pause.addEventListener("click", () => setState("paused"));
  buttons.end.addEventListener("click", () => setState("ended"));
  player.onChange(render);

  return {
    show(canRun) {
      panel.hidden = !canRun;
      render();
    },
    onJoin({ resumed }) {
      // A lost socket closed our publisher on the server: publish again if we were.
      if (resumed && me.publisherId) {
        const again = me.wantPublishing;
        dropPeer();
        if (again && player.stage.state !== "ended") publish();
      }
    },
    onFrame(frame) {
      if (frame.type === "rtc.closed" && frame.peer_id === me.publisherId) {
        const again = me.wantPublishing && frame.reason === "publisher_left";
        dropPeer();
        say(frame.reason);
        render();
        // The server that held our publisher (with the panel's others) is gone while our
        // socket is not: publish again, which goes to a live server.
        if (again && player.stage.state !== "ended") publish();
      }
    },
  };
}
