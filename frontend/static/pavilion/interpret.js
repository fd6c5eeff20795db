// "Interpret" for the stage's interpreters (docs/streams.md, "Interpretation channels"):
// the languages come from `stage.get` (`interpreting`, what organizers assigned to this
// person); the microphone alone is published with `rtc.publish {language}`. Viewers who
// chose that language hear it instead of the original (WebRTC and HLS alike). A handover:
// the first interpreter stops, the next one starts; the server refuses two at once.

import { el, format } from "./dom.js";
import { offerToStage, stopStream } from "./rtc.js";

export function createInterpretPanel({ client, slug, strings, player }) {
  const $ = (id) => document.getElementById(id);
  const t = (key, values) => format(strings[key] || key, values);
  const panel = $("interpret");
  const select = $("interpret-language");
  const start = $("interpret-start");
  const mic = $("interpret-mic");
  const status = $("interpret-status");
  const me = { stream: null, pc: null, publisherId: null, language: null, wanted: false };
  let languages = [];

  function say(text) {
    status.textContent = text || "";
  }

  function nameOf(code) {
    return languages.find((entry) => entry.language === code)?.language_name || code;
  }

  function render() {
    const state = player.stage.state;
    panel.hidden = languages.length === 0 || state === "ended";
    const on = Boolean(me.publisherId);
    panel.dataset.publishing = on ? "true" : "false";
    panel.dataset.language = on ? me.language : "";
    start.textContent = on ? t("interpret_stop") : t("interpret_start");
    start.setAttribute("aria-pressed", on ? "true" : "false");
    start.disabled = !on && (languages.length === 0 || state === "ended");
    select.disabled = on || Boolean(me.pc);
    const audio = me.stream?.getAudioTracks()[0];
    mic.disabled = !audio;
    mic.setAttribute("aria-pressed", audio && !audio.enabled ? "true" : "false");
    mic.textContent = audio && !audio.enabled ? t("unmute_mic") : t("mute_mic");
  }

  function setLanguages(list) {
    languages = list || [];
    const chosen = select.value;
    select.replaceChildren(...languages.map((entry) => el("option", { value: entry.language, text: entry.language_name })));
    if (languages.some((entry) => entry.language === chosen)) select.value = chosen;
    render();
  }

  async function begin(language) {
    if (me.pc) return;
    me.wanted = true;
    me.language = language;
    try {
      me.stream = me.stream || (await navigator.mediaDevices.getUserMedia({ audio: true, video: false }));
    } catch (error) {
      me.wanted = false;
      say(t("no_microphone", { reason: error.message || error.name }));
      render();
      return;
    }
    const pc = new RTCPeerConnection({ iceServers: player.stage.iceServers || [] });
    me.pc = pc;
    for (const track of me.stream.getAudioTracks()) pc.addTransceiver(track, { direction: "sendonly", streams: [me.stream] });
    pc.addEventListener("connectionstatechange", () => {
      panel.dataset.connection = pc.connectionState;
      if (pc.connectionState === "connected") say(t("interpreting_into", { language: nameOf(language) }));
    });
    try {
      const ack = await offerToStage(client, slug, pc, { language });
      me.publisherId = ack.publisher_id;
      player.setOwnPublisher(ack.publisher_id, true);
      await pc.setRemoteDescription({ type: "answer", sdp: ack.sdp });
    } catch (error) {
      drop();
      me.wanted = false;
      say(error.message);
    }
    render();
  }

  function drop() {
    me.pc?.close();
    me.pc = null;
    if (me.publisherId) player.setOwnPublisher(me.publisherId, false);
    me.publisherId = null;
  }

  async function end() {
    me.wanted = false;
    const id = me.publisherId;
    drop();
    stopStream(me.stream);
    me.stream = null;
    if (id) await client.request("rtc.unpublish", { room: slug, publisher_id: id }).catch(() => {});
    say("");
    render();
  }

  start.addEventListener("click", () => (me.publisherId ? end() : begin(select.value)));
  mic.addEventListener("click", () => {
    const track = me.stream?.getAudioTracks()[0];
    if (track) track.enabled = !track.enabled;
    render();
  });
  player.onChange((stage) => {
    const codes = (stage.interpreting || []).map((entry) => entry.language).join(" ");
    if (codes !== languages.map((entry) => entry.language).join(" ")) setLanguages(stage.interpreting);
    else render();
  });

  return {
    onJoin({ resumed }) {
      // A lost socket closed this publisher on the server: interpret again if we were.
      if (resumed && me.publisherId) {
        const again = me.wanted;
        drop();
        if (again && player.stage.state !== "ended") begin(me.language);
      }
    },
    onFrame(frame) {
      if (frame.type === "rtc.closed" && frame.peer_id === me.publisherId) {
        if (frame.reason === "speaker_moved") {
          // The speaker now publishes on another server: publishing again takes us there.
          drop();
          begin(me.language);
          return;
        }
        // e.g. `rights_ended` (the language was taken away) or `stage_ended`.
        drop();
        me.wanted = false;
        stopStream(me.stream);
        me.stream = null;
        say(frame.reason);
        render();
      }
    },
  };
}
