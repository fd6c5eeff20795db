// The console's shared context: configuration, the socket, the page state and `send`, which
// every panel module acts through (docs/console.md).

import { client, showConnectionStatus } from "./shared-client.js";
import { $, readJson, showError } from "./dom.js";

export const config = readJson("console-config");
export const slug = config.room;
export const t = config.strings;
export const me = config.user;

export const state = {
  settings: null,
  questions: new Map(), // id -> question (pending and approved)
  polls: new Map(),
  messages: new Map(),
};

// The page's one socket, shared with the calls UI (shared-client.js).
export { client };
window.pavilion = { client, state };

// Set by the audit log panel: called after each action of this page.
export const hooks = { afterAction: () => {} };

showConnectionStatus($("#connection-status"), t);

export function notice(text) {
  const box = $("#notice");
  box.textContent = text;
  box.hidden = !text;
}

export function result(text) {
  $("#room-result").textContent = text;
}

/** A moderation request in this room; errors go to `errorBox` (or the room panel's status). */
export async function send(type, fields, errorBox) {
  try {
    const ack = await client.request(type, { room: slug, ...fields });
    if (errorBox) showError(errorBox, null);
    hooks.afterAction();
    return ack;
  } catch (error) {
    if (errorBox) showError(errorBox, error);
    else result(`${type}: ${error.message}`);
    return null;
  }
}
