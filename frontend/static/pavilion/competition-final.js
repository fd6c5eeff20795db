// The competition final's screen on its stage page (docs/competition.md, "The final's
// screen"): the team on stage with its pitch timer (`competition.pitch`) and, once the
// organizer releases them, the judges' live scores with the normalised standing
// (`competition.scores`; `released` false hides them again). Both frames are unsequenced, so
// on every (re)connection the page reads the state from GET /api/competition/rounds/{id}/live.

import { api } from "./api.js";
import { $, el, enableScriptButtons, format, readJson, showError } from "./dom.js";
import { client } from "./shared-client.js";

const config = readJson("final-screen-config");
const t = config.t;
const english = (document.documentElement.lang || "").startsWith("en");
let pitch = null;
let timer = null;

const name = (item) => (english && item.project_en) || item.project;

function tick() {
  const box = $("#final-timer");
  if (!pitch || !pitch.started_at) return;
  const end = new Date(pitch.started_at).getTime() + pitch.minutes * 60_000;
  const left = Math.round((end - Date.now()) / 1000);
  box.classList.toggle("over", left <= 0);
  if (left <= 0) {
    box.textContent = t.over;
    return;
  }
  box.textContent = `${String(Math.floor(left / 60)).padStart(2, "0")}:${String(left % 60).padStart(2, "0")}`;
}

function showPitch(frame) {
  pitch = frame.pitch ? { ...frame.pitch, started_at: frame.started_at, minutes: frame.minutes } : null;
  $("#final-none").hidden = Boolean(pitch);
  $("#final-now").hidden = !pitch;
  $("#final-screen").dataset.pitch = pitch ? String(pitch.application_id) : "";
  if (timer) clearInterval(timer);
  timer = null;
  if (!pitch) return;
  $("#final-position").textContent = format(t.position, { n: pitch.position ?? "" });
  $("#final-team").textContent = name(pitch);
  tick();
  timer = setInterval(tick, 1000);
}

const number = (value, digits) => (value === null || value === undefined ? "–" : Number(value).toFixed(digits));

function showScores(frame) {
  const box = $("#final-scores");
  $("#final-release").hidden = frame.released;
  $("#final-hide").hidden = !frame.released;
  box.hidden = !frame.released;
  $("#final-screen").dataset.scores = frame.released ? "shown" : "hidden";
  const rows = $("#final-board-rows");
  rows.replaceChildren();
  if (!frame.released) return;
  const teams = [...frame.teams].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  for (const team of teams) {
    const judges = team.scores.length
      ? el("ul", { class: "final-judges" }, ...team.scores.map((s) => el("li", {}, `${s.judge}: ${number(s.total, 1)}`)))
      : t.unscored;
    rows.append(
      el(
        "tr",
        { dataset: { application: String(team.application_id) } },
        el("td", { class: "final-rank" }, team.rank ?? "–"),
        el("th", { scope: "row" }, name(team)),
        el("td", {}, judges),
        el("td", { class: "final-mean" }, number(team.mean, 1)),
        el("td", { class: "final-normalised" }, number(team.normalised, 2)),
      ),
    );
  }
}

// The controls (organizers and the stage's moderators; the API refuses anyone else with 403):
// the server takes each step from the pitch on stage, so two people clicking agree.
async function run(path, json) {
  showError("final-control-error", null);
  try {
    await api(`/api/competition/rounds/${config.round_id}/${path}`, { method: "POST", json });
  } catch (error) {
    showError("final-control-error", error);
  }
}

function attachControls() {
  $("#final-previous").addEventListener("click", () => run("pitch", { step: -1 }));
  $("#final-next").addEventListener("click", () => run("pitch", { step: 1 }));
  $("#final-stop").addEventListener("click", () => run("pitch", { application_id: null }));
  $("#final-release").addEventListener("click", () => run("live-scores", { released: true }));
  $("#final-hide").addEventListener("click", () => run("live-scores", { released: false }));
  enableScriptButtons($("#final-controls"));
}

let controlsAttached = false;

async function load() {
  try {
    const state = await api(`/api/competition/rounds/${config.round_id}/live`);
    showPitch(state.pitch);
    showScores(state.scores);
    $("#final-controls").hidden = !state.can_run;
    if (state.can_run && !controlsAttached) {
      controlsAttached = true;
      attachControls();
    }
  } catch {
    // The frames still come; the next (re)connection reads the state again.
  }
}

client.on("competition.pitch", (frame) => {
  if (frame.round_id === config.round_id) showPitch(frame);
});
client.on("competition.scores", (frame) => {
  if (frame.round_id === config.round_id) showScores(frame);
});
client.on("hello", load);
load();
