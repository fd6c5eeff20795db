// The bell (frontend/templates/frontend/notifications/bell.html): joins the person's inbox
// room on the page's one socket, from the seq the page was rendered at, so nothing stored
// in between is missed. `notification.new` and `notification.read` carry the unread count
// after them; every tab gets both, so marking read in one clears the others. On the
// notifications page it also marks read the items another tab read, and says new ones arrived.
// Without this script the bell still shows the count of the page's render.

import { client } from "./shared-client.js";

const bell = document.getElementById("notification-bell");

function paint(unread) {
  const count = bell.querySelector(".bell-count");
  count.textContent = String(unread);
  count.dataset.count = String(unread);
  count.hidden = unread === 0;
  bell.dataset.unread = String(unread);
  const label =
    unread === 0
      ? bell.dataset.labelNone
      : unread === 1
        ? bell.dataset.labelOne
        : bell.dataset.labelMany.replace("{count}", String(unread));
  bell.setAttribute("aria-label", label);
  const summary = document.getElementById("notifications-unread");
  if (summary) summary.dataset.unread = String(unread);
}

function markListRead(event) {
  for (const item of document.querySelectorAll("#notification-list .notification.unread")) {
    if (event.all || event.ids.includes(Number(item.dataset.id))) {
      item.classList.remove("unread");
      item.querySelector(".mark-read")?.remove();
    }
  }
}

function onEvent(event) {
  if (event.type === "notification.new" || event.type === "notification.read") paint(event.unread);
  if (event.type === "notification.read") markListRead(event);
  if (event.type === "notification.new") {
    document.dispatchEvent(new CustomEvent("pavilion:notification", { detail: event.notification }));
  }
}

if (bell) {
  client
    .joinRoom(bell.dataset.room, { onEvent }, { sinceSeq: Number(bell.dataset.seq) })
    .then(() => {
      bell.dataset.live = "1";
    })
    .catch((error) => console.warn("notifications: the inbox could not be joined", error));
}
