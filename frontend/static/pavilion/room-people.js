// The room page's people: presence and roster (with call buttons), room settings, moderation.

import { $, el } from "./dom.js";
import { client, me, slug, state, t } from "./room-context.js";

// What the moderation buttons' actions are called (mod.mute → "Mute", …).
const ACTION_NAME = { "mod.mute": "mute", "mod.unmute": "unmute", "mod.ban": "ban", "mod.unban": "unban" };
const actionName = (type) => (ACTION_NAME[type] ? t(ACTION_NAME[type]) : type);

export function renderPresence(presence) {
  $("#audience-count").textContent = String(presence.count);
  $("#audience-count-text").textContent = String(presence.count);
  $("#staff-online").textContent = String(presence.staff_online);
  const roster = $("#roster");
  if (presence.roster === null) {
    roster.replaceChildren(el("li", { class: "muted-text", text: t("too_many_people") }));
    return;
  }
  state.roster = presence.roster;
  roster.replaceChildren(
    ...presence.roster.map((person) => {
      const item = el("li", { dataset: { userId: person.id } }, el("span", { class: "name", text: person.name }));
      if (me && person.id !== me.id) {
        const label = t("call", { name: person.name });
        item.append(el("button", { type: "button", class: "call", text: "📞", title: label, "aria-label": label, onclick: () => window.pavilionCalls?.startCall([{ id: person.id, name: person.name }], { room: slug }) }));
      }
      if (state.moderator && (!me || person.id !== me.id)) {
        item.append(
          el("button", { type: "button", class: "mute", text: t("mute"), "aria-label": t("mute_name", { name: person.name }), onclick: () => moderateUser("mod.mute", person.id) }),
          el("button", { type: "button", class: "ban", text: t("ban"), "aria-label": t("ban_name", { name: person.name }), onclick: () => moderateUser("mod.ban", person.id) }),
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
  if (settings.locked) parts.push(t("locked"));
  if (settings.slow_mode_seconds) parts.push(t("slow_mode", { seconds: settings.slow_mode_seconds }));
  const badge = $("#room-status");
  badge.textContent = parts.join(" · ");
  badge.hidden = parts.length === 0;
  badge.dataset.locked = settings.locked ? "true" : "false";
  badge.dataset.slowMode = String(settings.slow_mode_seconds);
  const lock = $("#lock-toggle");
  lock.setAttribute("aria-pressed", settings.locked ? "true" : "false");
  lock.textContent = settings.locked ? t("unlock_room") : t("lock_room");
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
    modResult(t("mod_done", { action: actionName(type), user: userId }));
  } catch (error) {
    modResult(t("mod_failed", { action: actionName(type), reason: error.message }));
  }
}

$("#mod-user-form").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const userId = $("#mod-user-id").value;
  if (!userId) {
    modResult(t("enter_user_id"));
    return;
  }
  moderateUser(button.dataset.action, userId);
});
$("#mod-user-form").addEventListener("submit", (event) => event.preventDefault());

$("#slow-mode-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await client.request("mod.slow_mode", { room: slug, seconds: Number($("#slow-mode-seconds").value) || 0 });
    modResult(t("slow_mode_set"));
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

