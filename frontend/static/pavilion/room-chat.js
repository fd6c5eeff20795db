// The room page's chat: messages (textContent only), posting with resend, delete, reactions.

import { $, clockTime, el, showError } from "./dom.js";
import { client, config, me, slug, state, t } from "./room-context.js";
import { moderateUser } from "./room-people.js";


export const chatList = $("#chat-list");
const MAX_MESSAGES = 500;

function reactionButtons(message) {
  const box = el("span", { class: "reactions" });
  const counts = message.reactions || {};
  for (const emoji of config.reactions) {
    const count = counts[emoji] || 0;
    if (!me && count === 0) continue;
    box.append(
      el(
        "button",
        {
          type: "button",
          class: count ? "react has" : "react",
          dataset: { emoji },
          "aria-label": t("react", { emoji, count }),
          disabled: !me,
          onclick: () => react(message.id, emoji),
        },
        emoji,
        count ? el("span", { class: "count", text: String(count) }) : null,
      ),
    );
  }
  return box;
}

function renderMessage(message) {
  if (message.deleted) {
    removeMessage(message.id);
    return;
  }
  const mine = me && message.author.id === me.id;
  const item = el(
    "li",
    { class: mine ? "message mine" : "message", dataset: { messageId: message.id, seq: message.seq, authorId: message.author.id } },
    el("span", { class: "author", text: message.author.name }),
    el("time", { datetime: message.created_at, text: clockTime(message.created_at) }),
    el("span", { class: "text", text: message.text }),
  );
  const tools = el("span", { class: "tools" });
  if (mine || state.moderator) {
    tools.append(
      el("button", {
        type: "button",
        class: "delete",
        "aria-label": t("delete_from", { name: message.author.name }),
        text: t("delete"),
        onclick: () => deleteMessage(message.id),
      }),
    );
  }
  if (state.moderator && !mine) {
    tools.append(
      el("button", { type: "button", class: "mute", text: t("mute"), "aria-label": t("mute_name", { name: message.author.name }), onclick: () => moderateUser("mod.mute", message.author.id) }),
      el("button", { type: "button", class: "ban", text: t("ban"), "aria-label": t("ban_name", { name: message.author.name }), onclick: () => moderateUser("mod.ban", message.author.id) }),
    );
  }
  item.append(tools, reactionButtons(message));
  const existing = chatList.querySelector(`[data-message-id="${message.id}"]`);
  if (existing) {
    existing.replaceWith(item);
    return;
  }
  const stick = chatList.scrollHeight - chatList.scrollTop - chatList.clientHeight < 40;
  chatList.append(item);
  while (chatList.children.length > MAX_MESSAGES) chatList.firstElementChild.remove();
  if (stick) chatList.scrollTop = chatList.scrollHeight;
}

export function removeMessage(id) {
  chatList.querySelector(`[data-message-id="${id}"]`)?.remove();
}

export const messages = new Map(); // id -> message (for re-rendering reactions and moderator tools)

export function storeMessage(message) {
  messages.set(message.id, message);
  if (messages.size > MAX_MESSAGES * 2) messages.delete(messages.keys().next().value);
  renderMessage(message);
}

async function react(messageId, emoji) {
  try {
    await client.request("chat.react", { room: slug, message_id: messageId, emoji });
    showError("chat-error", null);
  } catch (error) {
    showError("chat-error", error);
  }
}

async function deleteMessage(messageId) {
  try {
    await client.request("chat.delete", { room: slug, message_id: messageId });
    showError("chat-error", null);
  } catch (error) {
    showError("chat-error", error);
  }
}

function showOutgoing(frame, ref) {
  // A post waiting for the server (e.g. while reconnecting): shown greyed until acked.
  const item = el(
    "li",
    { class: "message pending", dataset: { pendingRef: ref } },
    el("span", { class: "author", text: me ? me.name : "" }),
    el("span", { class: "text", text: frame.text }),
    el("span", { class: "sending", text: t("sending") }),
  );
  chatList.append(item);
  chatList.scrollTop = chatList.scrollHeight;
  return item;
}

const chatForm = $("#chat-form");
if (chatForm) {
  chatForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("#chat-input");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    const promise = client.request("chat.send", { room: slug, text }, { resend: true });
    let pending = null;
    if (client.status !== "connected") pending = showOutgoing({ text }, "");
    try {
      await promise;
      showError("chat-error", null);
    } catch (error) {
      showError("chat-error", error);
      if (!input.value) input.value = text; // give the text back to fix or retry
    } finally {
      pending?.remove();
    }
  });
}

