// One exhibiting organisation: live visitor requests from its staff room
// (`exhibitor-<organisation id>`: `lead.new`, `call_request.updated`), lead category
// corrections, and booth statistics drawn as SVG charts.

import { api } from "./api.js";
import { barChart, lineChart } from "./charts.js";
import { $, el, readJson, showError, timeOf } from "./dom.js";
import { client, showConnectionStatus } from "./shared-client.js";

const config = readJson("page-config");
const t = config.strings;
const categoryLabels = Object.fromEntries(config.categories);
const requests = new Map(); // lead id -> {lead, call_request}
const root = $("#exhibitor-org");

// --- live visitor requests ----------------------------------------------------------------

function requestItem({ lead, call_request: call }) {
  const item = el(
    "li",
    { class: "request", dataset: { leadId: lead.id, callRequestId: call ? call.id : "", status: call ? call.status : "" } },
    el("time", { datetime: lead.created_at, text: timeOf(lead.created_at) }),
    el("span", { class: "author", text: lead.visitor || lead.contact_name || "" }),
    el("span", { class: "booth", text: lead.booth ? `${lead.booth.number || ""} ${lead.booth.name || ""}` : "" }),
    el("span", { class: "tag", text: config.sources[lead.source] || lead.source }),
    el("span", { class: "tag category", text: categoryLabels[lead.category] || lead.category || "" }),
    el("span", { class: "text", text: lead.message || "" }),
  );
  if (call) {
    item.append(el("span", { class: "call-status", text: t[`call_${call.status}`] || call.status }));
    if (call.preferred_time) item.append(el("span", { class: "preferred", text: call.preferred_time }));
    if (call.status === "pending") {
      const label = lead.visitor || lead.contact_name || `#${call.id}`;
      item.append(
        el("button", { type: "button", class: "accept", text: t.accept, "aria-label": `${t.accept}: ${label}`, onclick: () => setCallStatus(call.id, "accepted") }),
        el("button", { type: "button", class: "decline", text: t.decline, "aria-label": `${t.decline}: ${label}`, onclick: () => setCallStatus(call.id, "declined") }),
      );
    } else if (call.status === "accepted") {
      item.append(el("button", { type: "button", class: "done", text: t.done, onclick: () => setCallStatus(call.id, "done") }));
    }
  }
  return item;
}

function renderRequests() {
  const items = [...requests.values()].sort((a, b) => (a.lead.created_at < b.lead.created_at ? 1 : -1));
  $("#requests").replaceChildren(...items.map(requestItem));
}

function addLead(lead) {
  requests.set(lead.id, { lead, call_request: lead.call_request || null });
  renderRequests();
}

function updateCallRequest(call) {
  for (const entry of requests.values()) {
    if (entry.call_request && entry.call_request.id === call.id) entry.call_request = { ...entry.call_request, ...call };
  }
  renderRequests();
}

async function setCallStatus(id, status) {
  try {
    const answer = await api(`/exhibition/api/call-requests/${id}/status/`, { method: "POST", json: { status } });
    updateCallRequest(answer);
    showError("requests-error", null);
  } catch (error) {
    showError("requests-error", error);
  }
}

for (const call of config.call_requests) {
  addLead({
    id: call.lead,
    booth: call.booth,
    visitor: call.visitor,
    source: "call_request",
    message: call.message,
    created_at: call.created_at,
    call_request: { id: call.id, status: call.status, preferred_time: call.preferred_time },
  });
}

function onLiveFrame(frame) {
  if (frame.type === "lead.new" && frame.lead) addLead(frame.lead);
  if (frame.type === "call_request.updated") updateCallRequest(frame.call_request || frame);
}

// The page's one socket, shared with the calls UI (shared-client.js).
window.pavilion = { client, requests };
showConnectionStatus($("#connection-status"), t);
client
  .joinRoom(config.staff_room, {
    onState: () => {
      root.dataset.ready = "true";
    },
    // Sequenced where the client knows the type, otherwise as plain frames: handle both.
    onEvent: onLiveFrame,
    onFrame: onLiveFrame,
  }, { sinceSeq: config.staff_room_seq ?? null })
  .catch((error) => {
    root.dataset.ready = "true";
    showError("requests-error", `${t.live_unavailable} ${error.message}`);
  });

// --- lead categories ----------------------------------------------------------------------

for (const select of document.querySelectorAll("select.lead-category")) {
  select.addEventListener("change", async () => {
    const status = select.parentElement.querySelector(".saved");
    status.textContent = "";
    try {
      await api(`/exhibition/api/leads/${select.dataset.leadId}/category/`, { method: "POST", json: { category: select.value } });
      status.textContent = t.saved;
      showError("leads-error", null);
      if (boothSelect) loadStats(boothSelect.value); // the chart counts corrected categories
    } catch (error) {
      showError("leads-error", error);
    }
  });
}

// --- statistics ---------------------------------------------------------------------------

async function loadStats(boothId) {
  let stats;
  try {
    stats = await api(`/exhibition/api/booths/${boothId}/stats/`);
    showError("stats-error", null);
  } catch (error) {
    showError("stats-error", error);
    return;
  }
  const totals = [
    [t.visits, stats.visits],
    [t.unique_visitors, stats.unique_visitors],
    [t.chat_messages, stats.chat_messages],
    [t.leads, stats.leads],
  ];
  $("#stats-totals").replaceChildren(...totals.flatMap(([label, value]) => [el("dt", { text: label }), el("dd", { text: String(value) })]));
  const categories = config.categories.map(([value, label]) => ({ label, value: stats.leads_by_category[value] || 0 }));
  barChart($("#chart-categories"), categories, { title: $("#chart-categories figcaption").textContent });
  const days = stats.by_day.map((day) => ({ label: day.day, value: day.visits }));
  const daysFigure = $("#chart-days");
  if (days.length) lineChart(daysFigure, days, { title: daysFigure.querySelector("figcaption").textContent });
  else {
    for (const old of daysFigure.querySelectorAll("svg, .no-data")) old.remove();
    daysFigure.append(el("p", { class: "no-data", text: t.no_data }));
  }
}

const boothSelect = $("#stats-booth");
if (boothSelect) {
  boothSelect.addEventListener("change", () => loadStats(boothSelect.value));
  loadStats(boothSelect.value);
}
