// One LiveClient (one socket) per page, shared by the page's modules (room, calls, …).
// ES modules are evaluated once per page, so every importer gets the same instance.

import { LiveClient } from "./live-client.js";

export const client = new LiveClient({ path: "/ws/" });

// Pages that join no room (the calls UI alone) still need the socket.
export function ensureConnected() {
  if (client.status === "idle") client.connect();
  return client;
}

/** Keep `badge` showing the socket's status in the page's words (`labels`: status -> text). */
export function showConnectionStatus(badge, labels, onChange = null) {
  const paint = (status) => {
    badge.dataset.state = status;
    badge.textContent = labels[status] || status;
    if (onChange) onChange(status);
  };
  client.on("status", ({ status }) => paint(status));
  if (client.status !== "idle") paint(client.status); // the calls UI may have connected it already
}
