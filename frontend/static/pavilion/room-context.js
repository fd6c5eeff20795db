// The room page's shared parts: its config, the page-wide LiveClient and the state that the
// chat, Q&A, polls and people modules render (their DOM helpers come from dom.js).

import { $, errorTexts, format, readJson } from "./dom.js";
import { client } from "./shared-client.js";

export { client };

export const config = readJson("room-config");
// The page's texts in the visitor's language (frontend/strings.py room_strings).
const strings = readJson("room-strings", {});
export const t = (key, values) => format(strings[key] || key, values);
client.messages = { ...client.messages, connectionLost: t("connection_lost"), notConnected: t("not_connected") };
errorTexts.retryAfter = (seconds) => t("retry_after", { seconds });
export const slug = config.room;
export const me = config.user; // {id, name} or null for a guest

export const state = {
  moderator: false,
  settings: null,
  questions: new Map(), // id -> question (approved, and my own or — for moderators — pending)
  polls: new Map(), // id -> poll
  myVotes: new Set(JSON.parse(sessionStorage.getItem(`pv-upvotes-${slug}`) || "[]")),
  myPollVotes: new Map(),
  roster: [],
};

export function notice(text) {
  const box = $("#notice");
  box.textContent = text;
  box.hidden = !text;
}
