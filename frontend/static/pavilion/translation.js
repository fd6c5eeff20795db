// Machine-translated user texts (translation app, frontend/templates/frontend/translation/_text.html):
// "Show original" / "Show translation" swaps the two versions in place. One listener on the
// document serves every text of the page, those added later too (shownNode, live messages).

import { el, enableScriptButtons } from "./dom.js";

export function toggle(box) {
  const showingOriginal = box.dataset.showing !== "original";
  box.dataset.showing = showingOriginal ? "original" : "translation";
  for (const variant of box.querySelectorAll("[data-shown-variant]")) {
    variant.hidden = (variant.dataset.shownVariant === "original") !== showingOriginal;
  }
  const button = box.querySelector("[data-shown-toggle]");
  if (button) {
    button.textContent = showingOriginal ? button.dataset.showTranslation : button.dataset.showOriginal;
    button.setAttribute("aria-pressed", String(showingOriginal));
  }
}

/**
 * The same markup as the template for a `Shown` of a JSON API (translation.schemas.ShownOut):
 * `labels` = {showOriginal, showTranslation} in the page's language.
 */
export function shownNode(shown, labels = {}, { inline = false } = {}) {
  const block = inline ? "span" : "div";
  if (shown.source !== "machine") {
    const text = el(block, { class: "shown-text", lang: shown.lang || null, text: shown.text });
    if (!shown.notice) return text;
    return el(block, {}, text, el(inline ? "small" : "p", { class: `shown-label shown-${shown.reason}`, text: shown.notice }));
  }
  const showOriginal = labels.showOriginal || "Show original";
  const showTranslation = labels.showTranslation || "Show translation";
  return el(
    block,
    { class: "shown shown-machine", dataset: { shown: "" } },
    el(block, { class: "shown-text", lang: shown.lang, dataset: { shownVariant: "translation" }, text: shown.text }),
    el(block, {
      class: "shown-text",
      lang: shown.original_lang || null,
      dataset: { shownVariant: "original" },
      hidden: true,
      text: shown.original,
    }),
    el(
      inline ? "small" : "p",
      { class: "shown-label" },
      el("span", { dataset: { shownNotice: "" }, text: shown.notice }),
      " ",
      el("button", {
        type: "button",
        class: "shown-toggle",
        dataset: { shownToggle: "", showOriginal, showTranslation },
        "aria-pressed": "false",
        text: showOriginal,
      }),
    ),
  );
}

if (!document.documentElement.dataset.shownToggles) {
  // Several includes load this module; a module runs once, the guard is for copies by URL.
  document.documentElement.dataset.shownToggles = "on";
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-shown-toggle]");
    const box = button && button.closest("[data-shown]");
    if (box) toggle(box);
  });
}
// The page's toggles are sent disabled (a click before this module ran would be lost): armed
// now, box by box, so that no other module's buttons on the page are enabled with them.
for (const box of document.querySelectorAll("[data-shown]")) enableScriptButtons(box);
