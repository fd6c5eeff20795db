// Console panels: chat (delete, mute for a duration, ban per message) and the people in the room.

import { $, el, timeOf } from "./dom.js";
import { me, result, send, state, t } from "./console-context.js";

const MAX_MESSAGES = 300;

function muteFields() {
  return { minutes: Number($("#mute-minutes").value) || 10, reason: $("#mod-reason").value.trim() };
}

function messageItem(message) {
  const mine = message.author.id === me.id;
  const tools = el(
    "span",
    { class: "tools" },
    el("button", {
      type: "button",
      class: "delete",
      text: t.delete,
      "aria-label": `${t.delete}: ${message.author.name}: ${message.text.slice(0, 40)}`,
      onclick: () => send("chat.delete", { message_id: message.id }, "chat-error"),
    }),
  );
  if (!mine) {
    tools.append(
      el("button", {
        type: "button",
        class: "mute",
        text: t.mute,
        "aria-label": `${t.mute} ${message.author.name}`,
        onclick: () => moderateUser("mod.mute", message.author.id, "chat-error"),
      }),
      el("button", {
        type: "button",
        class: "ban",
        text: t.ban,
        "aria-label": `${t.ban} ${message.author.name}`,
        onclick: () => moderateUser("mod.ban", message.author.id, "chat-error"),
      }),
    );
  }
  return el(
    "li",
    { class: "message", dataset: { messageId: message.id, authorId: message.author.id } },
    el("time", { datetime: message.created_at, text: timeOf(message.created_at) }),
    el("span", { class: "author", text: `${message.author.name} (#${message.author.id})` }),
    el("span", { class: "text", text: message.text }),
    tools,
  );
}

export function addMessage(message) {
  if (message.deleted) return removeMessage(message.id);
  state.messages.set(message.id, message);
  const list = $("#chat-list");
  const item = messageItem(message);
  const existing = list.querySelector(`[data-message-id="${message.id}"]`);
  if (existing) existing.replaceWith(item);
  else list.append(item);
  while (list.children.length > MAX_MESSAGES) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
}

export function removeMessage(id) {
  state.messages.delete(id);
  $("#chat-list").querySelector(`[data-message-id="${id}"]`)?.remove();
}

export async function moderateUser(type, userId, errorBox = null) {
  const fields = { user_id: Number(userId) };
  if (type === "mod.mute") Object.assign(fields, muteFields());
  if (type === "mod.ban") fields.reason = muteFields().reason;
  const ack = await send(type, fields, errorBox);
  if (ack) result(`${type} #${userId} ✓${ack.until ? ` (${timeOf(ack.until)})` : ""}`);
}

// --- people in the room ------------------------------------------------------------------

export function renderPresence(presence) {
  $("#audience-count").textContent = String(presence.count);
  const roster = $("#roster");
  if (presence.roster === null) {
    roster.replaceChildren(el("li", { class: "empty", text: t.too_many }));
    return;
  }
  roster.replaceChildren(
    ...presence.roster.map((person) => {
      const item = el("li", { dataset: { userId: person.id } }, el("span", { class: "author", text: `${person.name} (#${person.id})` }));
      if (person.id !== me.id) {
        item.append(
          el(
            "span",
            { class: "tools" },
            el("button", { type: "button", class: "mute", text: t.mute, "aria-label": `${t.mute} ${person.name}`, onclick: () => moderateUser("mod.mute", person.id) }),
            el("button", { type: "button", class: "ban", text: t.ban, "aria-label": `${t.ban} ${person.name}`, onclick: () => moderateUser("mod.ban", person.id) }),
          ),
        );
      }
      return item;
    }),
  );
}
