// The room page's shared parts: its config, the page-wide LiveClient, the state that the
// chat, Q&A, polls and people modules render, and small DOM helpers.

import { format, readJson } from "./rtc.js";
import { client } from "./shared-client.js";

export { client };

export const config = JSON.parse(document.getElementById("room-config").textContent);
// The page's texts in the visitor's language (frontend/strings.py room_strings).
const strings = readJson("room-strings");
export const t = (key, values) => format(strings[key] || key, values);
client.messages = { ...client.messages, connectionLost: t("connection_lost"), notConnected: t("not_connected") };
export const slug = config.room;
export const me = config.user; // {id, name} or null for a guest
export const $ = (selector, root = document) => root.querySelector(selector);

export const state = {
  moderator: false,
  settings: null,
  questions: new Map(), // id -> question (approved, and my own or — for moderators — pending)
  polls: new Map(), // id -> poll
  myVotes: new Set(JSON.parse(sessionStorage.getItem(`pv-upvotes-${slug}`) || "[]")),
  myPollVotes: new Map(),
  roster: [],
};


export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function showError(id, error) {
  const box = document.getElementById(id);
  if (!box) return;
  if (!error) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  let message = error.message || String(error);
  if (error.frame && error.frame.retry_after) message += ` ${t("retry_after", { seconds: error.frame.retry_after })}`;
  box.textContent = message;
  box.dataset.code = error.code || "";
  box.hidden = false;
}

export function timeOf(iso) {
  try {
    return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  } catch (error) {
    return "";
  }
}

export function notice(text) {
  const box = $("#notice");
  box.textContent = text;
  box.hidden = !text;
}
