// Organizer page: review buttons (approve, reject with a reason, go live) through the
// exhibition's JSON endpoints, and the hall overview by zone and board as SVG bar charts.

import { api } from "./api.js";
import { barChart } from "./charts.js";
import { $, el, enableScriptButtons, readJson, showError } from "./dom.js";

const config = readJson("page-config");
const t = config.strings;

$("#review").addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const id = button.dataset.id;
  const action = button.dataset.action;
  const json = {};
  if (action === "reject") {
    const reason = document.getElementById(`reason-${id}`);
    json.reason = reason.value.trim();
    if (!json.reason) {
      showError("review-error", t.reason_required);
      reason.focus();
      return;
    }
  }
  button.disabled = true;
  try {
    await api(`/exhibition/api/review/applications/${id}/${action}/`, { method: "POST", json });
    showError("review-error", null);
    window.location.reload();
  } catch (error) {
    showError("review-error", error);
    button.disabled = false;
  }
});
// The review buttons were sent disabled (a click before this listener was lost): armed now.
enableScriptButtons($("#review"));

let overview = null;

function drawOverview() {
  const metric = $("#overview-metric").value;
  const zones = overview.zones.map((zone) => ({ label: zone.name, value: zone[metric] || 0 }));
  const boards = overview.zones.flatMap((zone) => zone.boards.map((board) => ({ label: board.name, value: board[metric] || 0 })));
  barChart($("#chart-zones"), zones, { title: $("#chart-zones figcaption").textContent });
  if (boards.length) barChart($("#chart-boards"), boards, { title: $("#chart-boards figcaption").textContent });
  else $("#chart-boards").append(el("p", { class: "no-data", text: t.no_data }));
}

async function loadOverview() {
  if (!config.hall) return;
  try {
    overview = await api(`/exhibition/api/halls/${config.hall}/overview/`);
  } catch (error) {
    showError("overview-error", error);
    return;
  }
  const totals = overview.totals;
  $("#overview-totals").replaceChildren(
    ...[
      [t.booths, totals.booths],
      [t.visits, totals.visits],
      [t.unique_visitors, totals.unique_visitors],
      [t.chat_messages, totals.chat_messages],
      [t.leads, totals.leads],
    ].flatMap(([label, value]) => [el("dt", { text: label }), el("dd", { text: String(value) })]),
  );
  drawOverview();
  $("#overview").dataset.ready = "true";
}

$("#overview-metric").addEventListener("change", () => overview && drawOverview());
loadOverview();
