// Scheduled meetings' pages (frontend/views/meetings.py): the request form, one meeting
// (answer, propose, reschedule, cancel, join the call, the meeting's chat) and the
// availability editor. Everything acts through /api/meetings/ (docs/meetings.md); the call
// is streams' (calls.js, `meeting.join`), the chat a members-only room of the live socket.

import { api } from "./api.js";
import { $, clockTime, el, enableScriptButtons, format, readJson, showError } from "./dom.js";
import { client, ensureConnected } from "./shared-client.js";

const config = readJson("page-config", {});
const strings = config.strings || {};
const t = (key, values) => format(strings[key] || key, values);

// --- times: a wall-clock time in the person's zone (not necessarily the browser's) -----

function zoneOffsetMinutes(utcMillis, zone) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(new Date(utcMillis));
  const v = Object.fromEntries(parts.map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+v.year, +v.month - 1, +v.day, +v.hour % 24, +v.minute, +v.second);
  return Math.round((asUtc - utcMillis) / 60000);
}

/** "2026-12-02" + "10:00" in `zone` -> an ISO string with that zone's offset at the time. */
export function zonedIso(date, time, zone) {
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = time.split(":").map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let offset = zoneOffsetMinutes(wall, zone);
  offset = zoneOffsetMinutes(wall - offset * 60000, zone);
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date}T${pad(h)}:${pad(mi)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function readSlots(form) {
  const slots = [];
  for (const row of form.querySelectorAll("[data-slot-row]")) {
    const date = row.querySelector("[data-field=date]").value;
    const time = row.querySelector("[data-field=time]").value;
    const minutes = Number(row.querySelector("[data-field=minutes]").value || 30);
    if (!date || !time) continue;
    const start = zonedIso(date, time, config.timezone);
    const end = new Date(new Date(start).getTime() + minutes * 60000).toISOString();
    slots.push({ start, end });
  }
  return slots;
}

const fail = (error) => showError("meeting-error", error);

// --- the request form ------------------------------------------------------------------

function availabilityText(person) {
  if (!person.availability.length) return t("any_time");
  return person.availability
    .map((w) => `${w.date || config.weekdays[w.weekday]} ${w.start}–${w.end} (${w.timezone})`)
    .join("; ");
}

function setUpRequestForm(form) {
  const chosen = new Map();
  const list = $("#invitees");
  const results = $("#people-results");
  const paintChosen = () => {
    list.replaceChildren(
      ...[...chosen.values()].map((p) =>
        el("li", { dataset: { userId: p.id } }, el("strong", { text: p.name }), " · ", t("their_zone", { zone: p.timezone }),
          " · ", availabilityText(p), " ",
          el("button", { type: "button", text: t("remove"), onclick: () => { chosen.delete(p.id); paintChosen(); } })),
      ),
    );
  };
  for (const person of config.preset || []) chosen.set(person.id, person);
  paintChosen();
  let timer = null;
  $("#people-search").addEventListener("input", (event) => {
    clearTimeout(timer);
    const q = event.target.value.trim();
    timer = setTimeout(async () => {
      if (q.length < 2) {
        results.replaceChildren(el("li", { text: t("search_hint") }));
        return;
      }
      try {
        const people = await api(`/api/meetings/people?q=${encodeURIComponent(q)}`);
        results.replaceChildren(
          ...(people.length ? people : [null]).map((p) =>
            p === null
              ? el("li", { text: t("no_people") })
              : el("li", { dataset: { userId: p.id } }, el("strong", { text: p.name }), ` · ${p.timezone} · ${availabilityText(p)} `,
                  el("button", {
                    type: "button", text: t("add"), class: "add-person",
                    onclick: () => {
                      if (chosen.size + 1 >= config.max_people) return fail(t("too_many", { limit: config.max_people }));
                      chosen.set(p.id, p);
                      paintChosen();
                    },
                  })),
          ),
        );
      } catch (error) {
        fail(error);
      }
    }, 200);
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    fail(null);
    if (!chosen.size) return fail(t("pick_someone"));
    const slots = readSlots(form);
    if (!slots.length) return fail(t("slot_required"));
    try {
      const meeting = await api("/api/meetings/", {
        method: "POST",
        json: { invitees: [...chosen.keys()], topic: $("#topic").value, slots },
      });
      window.location.assign(meeting.url);
    } catch (error) {
      fail(error);
    }
  });
}

// --- one meeting -------------------------------------------------------------------------

async function act(path, json = {}) {
  fail(null);
  try {
    await api(`/api/meetings/${config.meeting.id}/${path}`, { method: "POST", json });
    window.location.reload();
  } catch (error) {
    fail(error);
  }
}

function chatLine(message) {
  return el("li", { dataset: { messageId: message.id } },
    el("time", { datetime: message.created_at, text: clockTime(message.created_at) }), " ",
    el("strong", { text: message.author ? message.author.name : "" }), ": ",
    message.deleted ? t("deleted") : message.text);
}

function setUpChat() {
  const lines = $("#meeting-chat");
  ensureConnected();
  client
    .joinRoom(config.meeting.room, {
      onState: (state) => lines.replaceChildren(...(state.messages || []).map(chatLine)),
      onEvent: (event) => {
        if (event.type === "chat.message") lines.append(chatLine(event.message));
      },
    })
    .catch(fail);
  $("#chat-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("#chat-text");
    const text = input.value.trim();
    if (!text) return;
    try {
      await client.request("chat.send", { room: config.meeting.room, text });
      input.value = "";
    } catch (error) {
      fail(error);
    }
  });
}

// calls.js (call_ui.html, later in the page) runs after this module: a click on "join" made
// before it has wired itself waits for it instead of failing.
function callsReady() {
  return new Promise((resolve) => {
    const check = () => (window.pavilionCalls ? resolve(window.pavilionCalls) : setTimeout(check, 50));
    check();
  });
}

function setUpMeeting() {
  for (const button of document.querySelectorAll("[data-action=accept]")) {
    button.addEventListener("click", () => act("accept", button.dataset.slot ? { slot: Number(button.dataset.slot) } : {}));
  }
  $("#decline")?.addEventListener("click", () => act("decline"));
  $("#cancel-meeting")?.addEventListener("click", () => {
    if (window.confirm(t("confirm_cancel"))) act("cancel");
  });
  const form = $("#propose-form");
  form?.addEventListener("submit", (event) => {
    event.preventDefault();
    const slots = readSlots(form);
    if (!slots.length) return fail(t("slot_required"));
    act(form.dataset.action, { slots });
  });
  $("#meeting-join")?.addEventListener("click", async () => {
    fail(null);
    try {
      const calls = await callsReady();
      await calls.joinMeeting(config.meeting.id);
    } catch (error) {
      fail(t("join_failed", { reason: error.message }));
    }
  });
  setUpChat();
}

// --- availability ------------------------------------------------------------------------

function windowRow(w) {
  const weekly = w.weekday !== null && w.weekday !== undefined;
  const when = weekly
    ? el("select", { "data-field": "weekday", "aria-label": t("weekday") },
        ...Object.entries(config.weekdays).map(([value, label]) => el("option", { value, text: label, selected: Number(value) === w.weekday })))
    : el("input", { type: "date", "data-field": "date", value: w.date || "", "aria-label": t("date") });
  const row = el("li", { class: "window-row", dataset: { kind: weekly ? "weekly" : "dated" } },
    el("span", { text: weekly ? t("every_week") : t("on_date") }), " ", when, " ",
    el("label", {}, t("from"), " ", el("input", { type: "time", "data-field": "start", value: w.start || "09:00" })), " ",
    el("label", {}, t("until"), " ", el("input", { type: "time", "data-field": "end", value: w.end || "17:00" })), " ");
  row.append(el("button", { type: "button", text: t("remove"), onclick: () => row.remove() }));
  return row;
}

function setUpAvailability(form) {
  const list = $("#windows");
  list.replaceChildren(...config.availability.windows.map(windowRow));
  $("#add-weekly").addEventListener("click", () => list.append(windowRow({ weekday: 0 })));
  $("#add-dated").addEventListener("click", () => list.append(windowRow({ weekday: null, date: "" })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    fail(null);
    $("#availability-saved").textContent = "";
    const windows = [...list.children].map((row) => {
      const field = (name) => row.querySelector(`[data-field=${name}]`)?.value;
      const out = { start: field("start"), end: field("end") };
      if (row.dataset.kind === "weekly") out.weekday = Number(field("weekday"));
      else out.date = field("date");
      return out;
    });
    try {
      await api("/api/meetings/availability", { method: "PUT", json: { timezone: config.timezone, windows } });
      $("#availability-saved").textContent = t("saved");
    } catch (error) {
      fail(error);
    }
  });
}

if ($("#request-form")) setUpRequestForm($("#request-form"));
if (config.meeting) setUpMeeting();
if ($("#availability-form")) setUpAvailability($("#availability-form"));
// The buttons were sent disabled (data-awaits-script): a click before the handlers above
// were attached would have been lost (or submitted the form as a plain GET).
enableScriptButtons();
