// Networking pages (directory, a person, my cards): the buttons act through /api/networking/
// (docs/networking.md) and the page shows the answer; refusals in the API's one shape.

import { api } from "./api.js";
import { $, enableScriptButtons, readJson, showError } from "./dom.js";

const config = readJson("page-config", { strings: {} });
const t = (key) => config.strings[key] || key;

function shareOf(button) {
  const box = button.closest(".exchange");
  if (!box) return undefined;
  return [...box.querySelectorAll("input[name=share]:checked")].map((input) => input.value);
}

function settle(button, text, status) {
  const tag = document.createElement("span");
  tag.className = "status-tag exchange-state";
  tag.dataset.status = status;
  tag.textContent = text;
  button.replaceWith(tag);
}

const ACTIONS = {
  async request(button) {
    const answer = await api("/api/networking/cards", { method: "POST", json: { user_id: Number(button.dataset.userId) } });
    settle(button, answer.status === "accepted" ? t("accepted") : t("requested"), answer.status);
  },
  async accept(button) {
    const share = shareOf(button);
    await api(`/api/networking/cards/${button.dataset.id}/accept`, { method: "POST", json: share ? { share } : {} });
    window.location.reload();
  },
  async decline(button) {
    await api(`/api/networking/cards/${button.dataset.id}/decline`, { method: "POST", json: { block: false } });
    button.closest(".exchange").remove();
  },
  async "decline-block"(button) {
    if (!window.confirm(t("confirm_block"))) return;
    await api(`/api/networking/cards/${button.dataset.id}/decline`, { method: "POST", json: { block: true } });
    window.location.reload();
  },
  async withdraw(button) {
    await api(`/api/networking/cards/${button.dataset.id}/withdraw`, { method: "POST", json: {} });
    button.closest(".exchange").remove();
  },
  async block(button, report = false) {
    if (!window.confirm(t("confirm_block"))) return;
    const reason = $("#report-reason") ? $("#report-reason").value : "";
    await api("/api/networking/blocks", { method: "POST", json: { user_id: Number(button.dataset.userId), report, reason } });
    settle(button, t("blocked"), "blocked");
    document.querySelectorAll(".exchange-cards, .message-person, .report").forEach((node) => node.remove());
  },
  async report(button) {
    await ACTIONS.block(button, true);
  },
  async unblock(button) {
    await api(`/api/networking/blocks/${button.dataset.userId}`, { method: "DELETE" });
    button.closest("li").remove();
  },
};

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button || !ACTIONS[button.dataset.action]) return;
  button.disabled = true;
  try {
    await ACTIONS[button.dataset.action](button);
    showError("networking-error", null);
  } catch (error) {
    showError("networking-error", error);
    button.disabled = false;
  }
});

enableScriptButtons();
