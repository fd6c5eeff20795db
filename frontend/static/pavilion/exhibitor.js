// Exhibitor pages: the booth application form and the signed-scan upload. Both post to the
// exhibition's JSON endpoints and show the server's refusal next to the form.

import { api } from "./api.js";
import { $, enableScriptButtons, readJson, showError } from "./dom.js";

const config = readJson("page-config");

const applyForm = $("#apply-form");
if (applyForm) {
  const zone = $("#apply-zone");
  const board = $("#apply-board");
  // Only the boards of the chosen zone are offered.
  const syncBoards = () => {
    for (const option of board.options) {
      if (!option.value) continue;
      option.hidden = option.dataset.zone !== zone.value;
      if (option.hidden && option.selected) board.value = "";
    }
    board.disabled = zone.selectedOptions[0]?.dataset.hasBoards !== "true";
  };
  zone.addEventListener("change", syncBoards);
  syncBoards();

  applyForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(applyForm).entries());
    const button = $("#apply-submit");
    button.disabled = true;
    try {
      const application = await api("/exhibition/api/applications/", { method: "POST", json: data });
      showError("apply-error", null);
      window.location.assign(`/exhibitor/applications/${application.id}/`);
    } catch (error) {
      showError("apply-error", error); // the form keeps what was typed
    } finally {
      button.disabled = false;
    }
  });
}

const signedForm = $("#signed-form");
if (signedForm) {
  signedForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = $("#signed-file").files[0];
    if (!file) {
      showError("signed-error", { message: $("#signed-file").validationMessage || "Choose a file." });
      return;
    }
    const form = new FormData();
    form.append("file", file);
    try {
      await api(`/exhibition/api/applications/${config.application}/signed-confirmation/`, { method: "POST", form });
      showError("signed-error", null);
      window.location.reload();
    } catch (error) {
      showError("signed-error", error);
    }
  });
}

// The submit buttons were sent disabled: a submit before this ran would have been a plain GET.
enableScriptButtons();
