// The stage player's language picker (interpretation channels) and quality menu (the HLS
// quality ladder). See docs/streams.md, "Interpretation channels" and "Quality menu".
//
// Language: WebRTC viewers ask the server to switch the audio of their viewer peers
// (rtc.language: no renegotiation); HLS viewers switch hls.js's audioTracks (the master's
// EXT-X-MEDIA TYPE=AUDIO renditions, matched by language code). Quality: hls.js levels,
// "Auto" (-1: hls.js chooses on bandwidth) or one rendition; shown only with several.

import { el, enableScriptButtons } from "./dom.js";

export function createStageMenus({ t, onLanguage, languageNames = {} }) {
  const $ = (id) => document.getElementById(id);
  const languageBox = $("stage-language");
  const languageSelect = $("stage-language-select");
  const qualityBox = $("stage-quality");
  const qualitySelect = $("stage-quality-select");
  let hls = null;
  let language = ""; // "" is the original

  function option(value, text, selected) {
    const node = el("option", { value, text });
    node.selected = selected;
    return node;
  }

  // Languages offered: the interpretations publishing now, and those HLS carries.
  function setLanguages(codes) {
    const names = new Map(codes);
    if (language && !names.has(language)) names.set(language, language);
    languageSelect.replaceChildren(option("", t("original_language"), !language), ...[...names].map(([code, name]) => option(code, name, code === language)));
    languageBox.hidden = names.size === 0;
  }

  function hlsLanguages() {
    // The original is the default rendition, tagged "und" (undetermined) by the encoder.
    const interpreted = (hls?.audioTracks || []).filter((track) => track.lang && track.lang !== "und" && !track.default);
    return interpreted.map((track) => [track.lang, languageNames[track.lang] || track.name || track.lang]);
  }

  function applyHlsLanguage() {
    if (!hls || !hls.audioTracks?.length) return;
    const index = hls.audioTracks.findIndex((track) => (language ? track.lang === language : track.default || !track.lang));
    if (index >= 0 && index !== hls.audioTrack) hls.audioTrack = index;
  }

  function renderQuality() {
    const levels = hls?.levels || [];
    if (levels.length < 2) {
      qualityBox.hidden = true;
      return;
    }
    const current = hls.autoLevelEnabled ? -1 : hls.currentLevel;
    const items = levels.map((level, index) => option(String(index), level.height ? `${level.height}p` : t("quality_level", { n: index + 1 }), index === current));
    qualitySelect.replaceChildren(option("-1", t("quality_auto"), current === -1), ...items);
    qualityBox.hidden = false;
  }

  languageSelect.addEventListener("change", () => {
    language = languageSelect.value;
    applyHlsLanguage();
    onLanguage(language || null);
  });
  qualitySelect.addEventListener("change", () => {
    if (!hls) return;
    // currentLevel switches at once (flushing the buffer); -1 gives the choice back to hls.js.
    hls.currentLevel = Number(qualitySelect.value);
    qualityBox.dataset.level = qualitySelect.value;
  });
  enableScriptButtons(languageBox);
  enableScriptButtons(qualityBox);

  return {
    get language() {
      return language || null;
    },
    setLanguages,
    // A new hls.js player (or null when HLS stops).
    attachHls(player, Hls) {
      hls = player;
      if (!player) {
        qualityBox.hidden = true;
        return;
      }
      player.on(Hls.Events.MANIFEST_PARSED, () => {
        renderQuality();
        applyHlsLanguage();
      });
      player.on(Hls.Events.AUDIO_TRACKS_UPDATED, () => {
        setLanguages(hlsLanguages());
        applyHlsLanguage();
      });
      player.on(Hls.Events.AUDIO_TRACK_SWITCHED, (_event, data) => {
        // What is heard now, as for WebRTC viewers: the language, or "" for the original.
        const track = player.audioTracks[data.id];
        languageBox.dataset.heard = track && !track.default && track.lang !== "und" ? track.lang : "";
      });
      player.on(Hls.Events.LEVEL_SWITCHED, () => {
        qualityBox.dataset.playing = String(player.currentLevel);
      });
    },
  };
}
