// The roadshow page (docs/activities.md): the pitch on the stage comes with the stage state
// (`stage.get`: `roadshow_pitch`) and then as the sequenced `roadshow.pitch` event, so a
// latecomer sees the current pitch; a timer counts its minutes down; questions go to the
// stage's Q&A (tagged with the pitch on the server); "request a meeting" asks the presenter
// through the JSON API; the stage's moderators move the stage with `roadshow.go`.

import { api } from "./api.js";
import { $, enableScriptButtons, format, readJson } from "./dom.js";
import { PushedFields } from "./live-requests.js";
import { client } from "./shared-client.js";

const config = readJson("roadshow-config");
const t = config.t;
let current = null;
let timer = null;
// The pitches shown from events and acks win over an older `stage.get` answer (the request
// was answered before the move reached this socket): it must not put the old pitch back.
const pitches = new PushedFields();

function tick() {
  const box = $("#pitch-timer");
  if (!current) return;
  const end = new Date(current.started_at).getTime() + current.minutes * 60_000;
  const left = Math.round((end - Date.now()) / 1000);
  if (left <= 0) {
    box.textContent = t.over;
    box.classList.add("over");
    return;
  }
  box.classList.remove("over");
  const minutes = String(Math.floor(left / 60)).padStart(2, "0");
  box.textContent = `${minutes}:${String(left % 60).padStart(2, "0")}`;
}

function show(list) {
  current = list && list.length ? list[0] : null;
  $("#current-none").hidden = Boolean(current);
  $("#current-body").hidden = !current;
  document.querySelectorAll("#pitch-list li").forEach((li) => {
    li.classList.toggle("current", Boolean(current) && Number(li.dataset.pitch) === current.id);
  });
  if (timer) clearInterval(timer);
  if (!current) return;
  const en = document.documentElement.lang === "en";
  $("#current-position").textContent = format(t.pitch_of, { n: current.position, count: current.count });
  $("#current-title").textContent = (en && current.title_en) || current.title;
  $("#current-presenter").textContent = [current.presenter, current.organisation].filter(Boolean).join(" · ");
  for (const [id, url] of [["#current-slides", current.slides_url], ["#current-video", current.video_url]]) {
    $(id).hidden = !url;
    if (url) $(id).href = url;
  }
  // An uploaded video plays in the page; a link only opens elsewhere.
  const player = $("#current-video-player");
  if (current.video_uploaded) {
    if (player.dataset.src !== current.video_url) {
      player.dataset.src = current.video_url;
      player.src = current.video_url;
    }
    player.hidden = false;
  } else {
    player.pause();
    player.removeAttribute("src");
    delete player.dataset.src;
    player.hidden = true;
  }
  $("#pitch-result").textContent = "";
  tick();
  timer = setInterval(tick, 1000);
  if (config.logged_in && !config.runs_stage && current.presenter_id !== config.user_id) {
    client.request("roadshow.seen", { room: config.room, pitch_id: current.id }).catch(() => {});
  }
}

function result(text, kind = "status") {
  const box = $("#pitch-result");
  box.textContent = text;
  box.dataset.kind = kind;
}

client
  .joinRoom(config.room, {
    onState: async () => {
      const state = await pitches.fresh(() => client.request("stage.get", { room: config.room }));
      if ("roadshow_pitch" in state) show(state.roadshow_pitch);
    },
    onEvent: (event) => {
      if (event.type !== "roadshow.pitch") return;
      show(pitches.pushed({ roadshow_pitch: event.roadshow_pitch }).roadshow_pitch);
    },
  })
  .catch((error) => result(error.message, "error"));

document.querySelectorAll(".pitch-go").forEach((button) => {
  button.addEventListener("click", async () => {
    try {
      const ack = await client.request("roadshow.go", { room: config.room, pitch_id: Number(button.dataset.pitch) });
      show(pitches.pushed({ roadshow_pitch: ack.roadshow_pitch }).roadshow_pitch);
    } catch (error) {
      result(error.message, "error");
    }
  });
});

$("#pitch-question-form")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("#pitch-question");
  try {
    await client.request("qa.ask", { room: config.room, text: input.value }, { resend: true });
    input.value = "";
    result(t.asked);
  } catch (error) {
    result(error.message, "error");
  }
});

$("#pitch-meeting-form")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!current) return;
  const start = new Date($("#pitch-meeting-at").value);
  const end = new Date(start.getTime() + 30 * 60_000);
  try {
    await api(`/api/activities/pitches/${current.id}/meeting-requests`, {
      method: "POST",
      json: { slots: [{ start: start.toISOString(), end: end.toISOString() }] },
    });
    result(t.requested);
  } catch (error) {
    result(error.message, "error");
  }
});

enableScriptButtons();
