// Small DOM helpers shared by the console, exhibitor and organizer pages.
// User text is always set with textContent, never as HTML.

export const $ = (selector, root = document) => root.querySelector(selector);

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

/** Show an error (a LiveError, an ApiError or a string) in the box with this id; null hides it. */
export function showError(id, error) {
  const box = document.getElementById(id);
  if (!box) return;
  if (!error) {
    box.hidden = true;
    box.textContent = "";
    delete box.dataset.code;
    return;
  }
  let message = typeof error === "string" ? error : error.message || String(error);
  if (error.frame && error.frame.retry_after) message += ` (${error.frame.retry_after}s)`;
  if (error.fields) {
    const details = Object.entries(error.fields).map(([field, problems]) => `${field}: ${[].concat(problems).join(" ")}`);
    if (details.length) message += ` — ${details.join("; ")}`;
  }
  box.textContent = message;
  box.dataset.code = error.code || "";
  box.hidden = false;
}

export function timeOf(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function readConfig(id) {
  return JSON.parse(document.getElementById(id).textContent);
}
