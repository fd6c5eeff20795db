// The room page's people: presence and roster (with call buttons), room settings, moderation.

import { $, client, el, me, slug, state } from "./room-context.js";
import { readJson } from "./rtc.js";


const callLabel = readJson("call-config", { strings: {} }).strings?.call || "Call %(name)s";

export function renderPresence(presence) {
  $("#audience-count").textContent = String(presence.count);
  $("#audience-count-text").textContent = String(presence.count);
  $("#staff-online").textContent = String(presence.staff_online);
  const roster = $("#roster");
  if (presence.roster === null) {
    roster.replaceChildren(el("li", { class: "muted-text", text: "Too many people to list." }));
    return;
  }
  state.roster = presence.roster;
  roster.replaceChildren(
    ...presence.roster.map((person) => {
      const item = el("li", { dataset: { userId: person.id } }, el("span", { class: "name", text: person.name }));
      if (me && person.id !== me.id) {
        const label = callLabel.replace("%(name)s", person.name);
        item.append(el("button", { type: "button", class: "call", text: "📞", title: label, "aria-label": label, onclick: () => window.pavilionCalls?.startCall([{ id: person.id, name: person.name }], { room: slug }) }));
      }
      if (state.moderator && (!me || person.id !== me.id)) {
        item.append(
          el("button", { type: "button", class: "mute", text: "Mute", "aria-label": `Mute ${person.name}`, onclick: () => moderateUser("mod.mute", person.id) }),
          el("button", { type: "button", class: "ban", text: "Ban", "aria-label": `Ban ${person.name}`, onclick: () => moderateUser("mod.ban", person.id) }),
        );
      }
      return item;
    }),
  );
}

// --- room settings and moderation --------------------------------------------------------

export function renderSettings(settings) {
  state.settings = settings;
  const parts = [];
  if (settings.locked) parts.push("🔒 locked");
  if (settings.slow_mode_seconds) parts.push(`🐢 slow mode ${settings.slow_mode_seconds}s`);
  const badge = $("#room-status");
  badge.textContent = parts.join(" · ");
  badge.hidden = parts.length === 0;
  badge.dataset.locked = settings.locked ? "true" : "false";
  badge.dataset.slowMode = String(settings.slow_mode_seconds);
  const lock = $("#lock-toggle");
  lock.setAttribute("aria-pressed", settings.locked ? "true" : "false");
  lock.textContent = settings.locked ? "Unlock room" : "Lock room";
  const slow = $("#slow-mode-seconds");
  if (document.activeElement !== slow) slow.value = String(settings.slow_mode_seconds);
}

function modResult(text) {
  $("#mod-result").textContent = text;
}

export async function moderateUser(type, userId) {
  const fields = { room: slug, user_id: Number(userId) };
  if (type === "mod.mute") fields.minutes = Number($("#mod-minutes").value) || 10;
  try {
    await client.request(type, fields);
    modResult(`${type.replace("mod.", "")}: user ${userId} ✓`);
  } catch (error) {
    modResult(`${type.replace("mod.", "")}: ${error.message}`);
  }
}

$("#mod-user-form").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const userId = $("#mod-user-id").value;
  if (!userId) {
    modResult("Enter a user id.");
    return;
  }
  moderateUser(button.dataset.action, userId);
});
$("#mod-user-form").addEventListener("submit", (event) => event.preventDefault());

$("#slow-mode-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await client.request("mod.slow_mode", { room: slug, seconds: Number($("#slow-mode-seconds").value) || 0 });
    modResult("slow mode ✓");
  } catch (error) {
    modResult(error.message);
  }
});

$("#lock-toggle").addEventListener("click", async () => {
  try {
    await client.request("mod.lock", { room: slug, locked: !(state.settings && state.settings.locked) });
  } catch (error) {
    modResult(error.message);
  }
});

export function applyModeratorUi() {
  $("#mod-panel").hidden = !state.moderator;
  $("#poll-form").hidden = !state.moderator;
  $("#qa-queue-box").hidden = !state.moderator;
}

