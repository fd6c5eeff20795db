// The stage player: stream state, the speakers' video over WebRTC (the server's relay) or
// HLS (hls.js) when the server says so or WebRTC fails, reactions, pinned jobs and, once the
// stage has ended, its recordings. See docs/client.md ("Stage").

import { el, format, timeText } from "./dom.js";
import { PushedFields } from "./live-requests.js";
import { iceGatheringComplete } from "./rtc.js";
import { createStageExtras } from "./stage-extras.js";
import { createStageMenus } from "./stage-menus.js";
import { createSimuliveSwitch } from "./stage-simulive.js";

const ON_AIR = new Set(["live", "paused"]);
const STAGE_ROLES = ["moderator", "speaker"];

export function createStage({ client, slug, config, strings }) {
  const $ = (id) => document.getElementById(id);
  const root = $("stage");
  const videos = $("stage-videos");
  const message = $("stage-message");
  const t = (key, values) => format(strings[key] || key, values);

  const stage = {
    state: null, // scheduled | live | paused | ended
    changedAt: null,
    publishers: [],
    hlsUrl: null,
    hlsSource: null, // what the HLS player plays (live stream or a recording)
    relayFull: false, // the server's relay refused us (viewer_limit): HLS only
    iceServers: [],
    canRun: false,
    interpreting: [], // the languages this person interprets the stage into (stage.get)
    ownPublisherIds: new Set(), // what this page publishes (the go-live view): never watched
    viewers: new Map(), // publisher_id -> {pc, peerId, tile, stream}
    pending: new Set(), // publisher ids being negotiated
    mode: "none", // none | webrtc | hls
    hls: null,
    soundOn: false,
    listeners: new Set(),
  };
  // The language picker switches every viewer peer's audio on the server (rtc.language).
  const menus = createStageMenus({
    t,
    languageNames: config.stage?.language_names || {},
    async onLanguage(language) {
      const box = $("stage-language");
      try {
        const acks = await Promise.all([...stage.viewers.values()].map((viewer) => client.request("rtc.language", { room: slug, peer_id: viewer.peerId, language })));
        // What the server now sends (tests and styles read it): the language, or "" for the original.
        box.dataset.heard = language && acks.some((ack) => ack.interpreted) ? language : "";
      } catch (error) {
        if (error.code !== "disconnected") showVideoError(error.message);
      }
    },
  });
  const extras = createStageExtras({ client, slug, config, strings, stage, playRecording: (url) => playHls(url, "recording") });

  function setMode(mode) {
    stage.mode = mode;
    root.dataset.mode = mode;
  }

  // --- state -------------------------------------------------------------------------

  function renderState() {
    const state = stage.state || "scheduled";
    root.dataset.state = state;
    const badge = $("stage-state");
    badge.dataset.state = state;
    badge.textContent = t(`state_${state}`);
    let text = "";
    if (state === "scheduled") {
      text = t("waiting");
      if (config.stage) text += " " + t("starts_at", { time: timeText(config.stage.starts_at) });
    } else if (state === "paused") text = t("paused");
    else if (state === "ended") text = t("ended");
    else if (stage.viewers.size === 0 && stage.mode === "none") text = stage.pending.size ? t("connecting_video") : t("no_video");
    message.textContent = text;
    message.hidden = !text;
    if (stage.mode !== "hls" && stage.mode !== "recording") {
      menus.setLanguages(stage.publishers.filter((p) => p.language).map((p) => [p.language, p.language_name || p.language]));
    }
    for (const fn of stage.listeners) fn(stage);
  }

  function applyStage(fields) {
    if ("state" in fields) stage.state = fields.state;
    if ("changed_at" in fields) stage.changedAt = fields.changed_at;
    if ("publishers" in fields) stage.publishers = fields.publishers || [];
    if ("hls_url" in fields) stage.hlsUrl = fields.hls_url || null;
    if ("ice_servers" in fields) stage.iceServers = fields.ice_servers || [];
    if ("interpreting" in fields) stage.interpreting = fields.interpreting || [];
    extras.apply(fields);
    renderState();
    sync();
  }

  // Fields pushed by events and frames win over an older `stage.get` answer (live-requests.js).
  const pushes = new PushedFields();

  function applyPushed(fields) {
    applyStage(pushes.pushed(fields));
  }

  async function refresh() {
    try {
      const ack = await pushes.fresh(() => client.request("stage.get", { room: slug }));
      applyStage(ack);
    } catch (error) {
      if (error.code !== "disconnected") showVideoError(error.message);
    }
  }

  // --- watching ----------------------------------------------------------------------

  function mayWatch() {
    if (stage.state === null || stage.state === "ended") return false;
    return ON_AIR.has(stage.state) || stage.canRun; // speakers and moderators preview
  }

  function sync() {
    if (!mayWatch()) {
      closeAll({ tellServer: stage.state !== "ended" });
      stopHls("hls");
      return;
    }
    if (stage.mode === "hls") return;
    stopHls("recording");
    if (stage.relayFull) {
      // The relay refused us before the HLS stream existed: wait for its URL (stage.media).
      if (stage.hlsUrl) playHls(stage.hlsUrl);
      return;
    }
    // Never watch yourself (your own preview is in the go-live view).
    // Interpreters' audio is heard through the speakers' streams (the language picker).
    const others = stage.publishers.filter((p) => !p.language && !stage.ownPublisherIds.has(p.publisher_id) && !(config.user && p.user?.id === config.user.id));
    const wanted = new Map(others.map((p) => [p.publisher_id, p]));
    for (const id of [...stage.viewers.keys()]) if (!wanted.has(id)) closeViewer(id, { tellServer: true });
    for (const [id, publisher] of wanted) if (!stage.viewers.has(id) && !stage.pending.has(id)) watch(publisher);
  }

  function videoTile(publisher, kind) {
    const name = publisher?.user?.name || "";
    const video = el("video", {
      autoplay: true,
      playsinline: true,
      muted: !stage.soundOn,
      "aria-label": t("video_of", { name: name || config.name }),
    });
    video.muted = !stage.soundOn;
    const tile = el("figure", { class: "stage-tile", dataset: { kind, publisherId: publisher?.publisher_id || "" } }, video, name ? el("figcaption", { text: name }) : null);
    videos.append(tile);
    return { tile, video };
  }

  async function watch(publisher) {
    const id = publisher.publisher_id;
    stage.pending.add(id);
    renderState();
    let ack;
    try {
      ack = await client.request("rtc.subscribe", { room: slug, publisher_id: id, language: menus.language });
    } catch (error) {
      stage.pending.delete(id);
      if (error.code === "viewer_limit") {
        stage.relayFull = true;
        if (stage.hlsUrl) playHls(stage.hlsUrl);
        else notice(t("connecting_video"));
      } else if (error.code !== "disconnected") showVideoError(error.message);
      renderState();
      return;
    }
    if (ack.mode === "hls") {
      stage.pending.delete(id);
      playHls(ack.hls_url || stage.hlsUrl);
      return;
    }
    const { tile, video } = videoTile(publisher, "webrtc");
    const stream = new MediaStream();
    video.srcObject = stream;
    const pc = new RTCPeerConnection({ iceServers: ack.ice_servers || [] });
    const viewer = { pc, peerId: ack.peer_id, tile, video, stream };
    stage.viewers.set(id, viewer);
    stage.pending.delete(id);
    pc.addEventListener("track", (event) => {
      stream.addTrack(event.track);
      video.play().catch(() => {});
    });
    pc.addEventListener("connectionstatechange", () => {
      if (pc.connectionState === "failed") {
        closeViewer(id, { tellServer: true });
        if (stage.hlsUrl) playHls(stage.hlsUrl);
        else showVideoError(pc.connectionState);
      }
    });
    try {
      await pc.setRemoteDescription({ type: "offer", sdp: ack.sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      await iceGatheringComplete(pc);
      await client.request("rtc.answer", { room: slug, peer_id: ack.peer_id, sdp: pc.localDescription.sdp });
      setMode("webrtc");
    } catch (error) {
      closeViewer(id, { tellServer: true });
      if (stage.hlsUrl) playHls(stage.hlsUrl);
      else showVideoError(error.message);
    }
    renderState();
  }

  function closeViewer(id, { tellServer }) {
    const viewer = stage.viewers.get(id);
    if (!viewer) return;
    stage.viewers.delete(id);
    if (tellServer) client.request("rtc.leave", { room: slug, peer_id: viewer.peerId }).catch(() => {});
    viewer.pc.close();
    viewer.tile.remove();
    if (stage.viewers.size === 0 && stage.mode === "webrtc") setMode("none");
  }

  function closeAll({ tellServer }) {
    for (const id of [...stage.viewers.keys()]) closeViewer(id, { tellServer });
  }

  // --- HLS ---------------------------------------------------------------------------

  // mode "hls": the live stream (the relay is full or WebRTC failed); "recording": a
  // recording (an HLS VOD playlist) after the stage ended.
  async function playHls(url, mode = "hls") {
    if (!url || (stage.mode === mode && stage.hlsSource === url)) return;
    closeAll({ tellServer: true });
    stopHls();
    setMode(mode);
    stage.hlsSource = url;
    const { video } = videoTile(null, mode);
    if (mode === "recording") video.controls = true;
    notice(mode === "hls" ? t("playing_hls") : "");
    try {
      // hls.js wherever Media Source Extensions exist (the same player everywhere); the
      // browser's own HLS only without them (iPhone Safari).
      const { default: Hls } = await import(config.hls_js_url);
      if (Hls.isSupported()) {
        const hls = new Hls(mode === "hls" ? { liveDurationInfinity: true } : {});
        stage.hls = hls;
        menus.attachHls(hls, Hls);
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (data.fatal) showVideoError(data.details || data.type);
        });
        hls.loadSource(url);
        hls.attachMedia(video);
      } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
        video.src = url;
      } else {
        throw new Error("this browser cannot play HLS");
      }
      await video.play().catch(() => {});
    } catch (error) {
      showVideoError(error.message);
    }
    renderState();
  }

  function stopHls(mode = null) {
    if (stage.mode !== "hls" && stage.mode !== "recording") return;
    if (mode && stage.mode !== mode) return;
    stage.hls?.destroy();
    stage.hls = null;
    menus.attachHls(null);
    stage.hlsSource = null;
    videos.querySelector('[data-kind="hls"], [data-kind="recording"]')?.remove();
    setMode("none");
  }

  // --- messages and sound ---------------------------------------------------------------

  function notice(text) {
    const box = $("stage-notice");
    box.textContent = text || "";
    box.hidden = !text;
  }

  function showVideoError(reason) {
    notice(t("video_failed", { reason }));
  }

  const soundButton = $("stage-sound");
  soundButton.addEventListener("click", () => {
    stage.soundOn = !stage.soundOn;
    for (const video of videos.querySelectorAll("video")) video.muted = !stage.soundOn;
    soundButton.setAttribute("aria-pressed", stage.soundOn ? "true" : "false");
    soundButton.textContent = stage.soundOn ? t("mute_sound") : t("unmute_sound");
  });
  soundButton.textContent = t("unmute_sound");
  createSimuliveSwitch({ client, slug, config, t, notice });

  // --- wiring (called by room.js) --------------------------------------------------------

  return {
    stage,
    refresh,
    applyStage,
    onChange(fn) {
      stage.listeners.add(fn);
    },
    setOwnPublisher(id, on) {
      if (on) stage.ownPublisherIds.add(id);
      else stage.ownPublisherIds.delete(id);
      sync();
    },
    onJoin(joinState, { resumed }) {
      stage.canRun = STAGE_ROLES.some((role) => (joinState.you?.roles || []).includes(role));
      extras.setCanRun(stage.canRun);
      if (resumed) {
        // The server closed this connection's peers when the socket went away.
        closeAll({ tellServer: false });
        stopHls();
        stage.relayFull = false;
      }
      if (joinState.stage) applyStage(joinState.stage);
      refresh();
    },
    onEvent(event) {
      if (event.type === "stage.state") {
        notice("");
        const extra = Object.fromEntries(["hls_url", "recordings", "pinned_jobs"].filter((k) => k in event).map((k) => [k, event[k]]));
        applyPushed({ state: event.state, changed_at: event.at, ...extra });
        if (event.state === "ended") refresh(); // recordings
      } else if (event.type === "stage.jobs") applyPushed({ pinned_jobs: event.pinned_jobs });
    },
    onFrame(frame) {
      if (frame.type === "rtc.publishers") applyPushed({ publishers: frame.publishers });
      else if (frame.type === "rtc.closed") {
        for (const [id, viewer] of stage.viewers) if (viewer.peerId === frame.peer_id) closeViewer(id, { tellServer: false });
        renderState();
      } else if (frame.type === "stage.reactions") extras.burst(frame.counts || {});
      else if (frame.type === "stage.media") applyPushed({ hls_url: frame.hls_url, recordings: frame.recordings });
      else if (frame.type === "stage.job_applied") extras.jobApplied(frame);
    },
  };
}
