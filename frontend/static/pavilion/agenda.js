// Bookmark toggles (programme, stage and agenda pages): every button[data-bookmark-session]
// puts or deletes the bookmark through /api/agenda/bookmarks/<id> and shows the new state
// (aria-pressed, its data-on / data-off label). On the agenda page an unbookmarked session
// leaves the list.
import { api } from "./api.js";

function show(button, bookmarked) {
  button.setAttribute("aria-pressed", bookmarked ? "true" : "false");
  const label = bookmarked ? button.dataset.on : button.dataset.off;
  if (label) button.textContent = label;
}

async function toggle(button) {
  const id = button.dataset.bookmarkSession;
  const bookmarked = button.getAttribute("aria-pressed") === "true";
  button.disabled = true;
  const status = button.parentElement.querySelector(".bookmark-status");
  try {
    const answer = await api(`/api/agenda/bookmarks/${id}`, { method: bookmarked ? "DELETE" : "PUT" });
    show(button, answer.bookmarked);
    if (status) status.textContent = "";
    const item = button.closest(".agenda-item");
    if (item && !answer.bookmarked) item.remove();
  } catch (error) {
    if (status) status.textContent = error.message;
  } finally {
    button.disabled = false;
  }
}

export function installBookmarks(root = document) {
  for (const button of root.querySelectorAll("button[data-bookmark-session]")) {
    button.addEventListener("click", () => toggle(button));
    // Sent disabled (data-awaits-script) so that a click before this ran is not lost; only
    // the bookmark buttons are enabled here, the page's other scripts enable their own.
    button.disabled = false;
    button.removeAttribute("data-awaits-script");
  }
  document.body.dataset.bookmarksReady = "true";
}

installBookmarks();
