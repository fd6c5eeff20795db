// The DOM helpers every page shares (room, stage, console, exhibitor, organizer, booth).
// User text is always set with textContent, never as HTML.

export const $ = (selector, root = document) => root.querySelector(selector);

/**
 * el("button", {class: "x", text: "Go", onclick: fn}, child, …): a new element.
 * `class`, `text`, `dataset` and `on…` are special; a non-string value for one of the
 * element's properties (srcObject, muted, …) is set as that property; anything else is an
 * attribute (true: present and empty; null, undefined or false: left out).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * Buttons a page's script acts on are sent disabled with `data-awaits-script`, so a click
 * made before the module has loaded is not silently lost; the script calls this once its
 * handlers are attached.
 */
export function enableScriptButtons(root = document) {
  for (const node of root.querySelectorAll("[data-awaits-script]")) {
    node.disabled = false;
    node.removeAttribute("data-awaits-script");
  }
}

// Texts showError adds; a page puts its language's in (room-context.js does).
export const errorTexts = { retryAfter: (seconds) => `(${seconds}s)` };

/**
 * Show an error (a LiveError, an ApiError or a string) in `box` (an element or its id);
 * null or "" empties and hides it.
 */
export function showError(box, error) {
  const node = typeof box === "string" ? document.getElementById(box) : box;
  if (!node) return;
  if (!error) {
    node.hidden = true;
    node.textContent = "";
    delete node.dataset.code;
    return;
  }
  let message = typeof error === "string" ? error : error.message || String(error);
  if (error.frame && error.frame.retry_after) message += ` ${errorTexts.retryAfter(error.frame.retry_after)}`;
  if (error.fields) {
    const details = Object.entries(error.fields).map(([field, problems]) => `${field}: ${[].concat(problems).join(" ")}`);
    if (details.length) message += ` — ${details.join("; ")}`;
  }
  node.textContent = message;
  node.dataset.code = error.code || "";
  node.hidden = false;
}

// "%(name)s is calling" + {name: "Alice"} -> "Alice is calling" (Django's named format).
export function format(template, values = {}) {
  return String(template || "").replace(/%\((\w+)\)s/g, (_, key) => (key in values ? String(values[key]) : ""));
}

/** The JSON in the <script type="application/json"> with this id (`fallback` if there is none). */
export function readJson(id, fallback = undefined) {
  const node = document.getElementById(id);
  if (node) return JSON.parse(node.textContent);
  if (fallback === undefined) throw new Error(`#${id}: no such JSON block on this page`);
  return fallback;
}

/** Date and time in the browser's locale (console, exhibitor pages). */
export function timeOf(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** The viewer's chosen time zone (`<html data-time-zone>`, streams.timezones), if the page says. */
export function viewerTimeZone() {
  return document.documentElement.dataset.timeZone || undefined;
}

/** Hours and minutes only (chat lines), in the viewer's zone. */
export function clockTime(iso) {
  try {
    return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", timeZone: viewerTimeZone() });
  } catch (error) {
    return "";
  }
}

/** A date in the page's language (`<html lang>`) and the viewer's zone, medium date and
 * short time unless told. */
export function timeText(iso, options = { dateStyle: "medium", timeStyle: "short" }) {
  if (!iso) return "";
  try {
    const zoned = { timeZone: viewerTimeZone(), ...options };
    return new Intl.DateTimeFormat(document.documentElement.lang || undefined, zoned).format(new Date(iso));
  } catch (error) {
    return iso;
  }
}
