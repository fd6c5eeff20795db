// A direct conversation: the two-person live room (kind `dm`) of live's chat, joined and
// resumed by the shared LiveClient (live-client.js, live-room.js), so no message is lost
// across reconnects. User text is rendered with textContent only.

import { $, clockTime, el, readJson, showError } from "./dom.js";
import { client, showConnectionStatus } from "./shared-client.js";

const config = readJson("dm-config");
const t = (key) => config.strings[key] || key;
const me = config.user;
const list = $("#dm-list");
const seen = new Set();

showConnectionStatus($("#connection-status"), {
  idle: t("connecting"),
  connecting: t("connecting"),
  connected: t("connected"),
  reconnecting: t("reconnecting"),
  closed: t("closed"),
});

function show(message) {
  if (seen.has(message.id)) return;
  seen.add(message.id);
  if (message.deleted) return;
  const mine = me && message.author && message.author.id === me.id;
  list.append(
    el(
      "li",
      { class: mine ? "message mine" : "message", dataset: { messageId: message.id, seq: message.seq } },
      el("span", { class: "author", text: message.author ? message.author.name : config.person.name }),
      el("time", { datetime: message.created_at, text: clockTime(message.created_at) }),
      el("span", { class: "text", text: message.text }),
    ),
  );
  list.scrollTop = list.scrollHeight;
}

function hide(id) {
  list.querySelector(`[data-message-id="${id}"]`)?.remove();
}

function closed(text) {
  $("#dm-form").hidden = true;
  showError("dm-error", { message: text });
}

client
  .joinRoom(config.room, {
    onState(state, { resumed }) {
      if (!resumed) for (const message of state.messages || []) show(message);
      $("#dm").dataset.ready = "true";
    },
    onEvent(event) {
      if (event.type === "chat.message") show(event.message);
      else if (event.type === "chat.deleted") hide(event.message_id);
    },
    onRemoved() {
      closed(t("removed"));
    },
  })
  .catch((error) => closed(error.message || t("removed")));

$("#dm-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("#dm-input");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  try {
    await client.request("chat.send", { room: config.room, text }, { resend: true });
    showError("dm-error", null);
  } catch (error) {
    showError("dm-error", error);
    if (!input.value) input.value = text;
  }
});
