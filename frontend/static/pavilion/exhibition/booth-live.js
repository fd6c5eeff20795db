// The booth page's live parts (docs/exhibition-pages.md): chat with the booth's staff over
// the booth's live room (the page's one LiveClient, shared with the calls UI: resume and
// reconnect), "staff online" from presence,
// and the contact / video call forms posting to the exhibition API with clear errors.
import { $, showError } from "../dom.js";
import { client, showConnectionStatus } from "../shared-client.js";

export function startChat({ config, root, exposed }) {
  const S = config.strings;

  const chatList = $("#chat-list");
  const chatError = $("#chat-error");
  const presenceBadge = $("#staff-presence");
  const shown = new Set();

  function renderMessage(message, { pending = false } = {}) {
    if (message.id && shown.has(message.id)) return;
    if (message.id) shown.add(message.id);
    const item = document.createElement("li");
    item.className = "message";
    if (message.id) item.dataset.messageId = String(message.id);
    if (pending) item.classList.add("pending");
    if (config.user && message.author && message.author.id === config.user.id) item.classList.add("mine");
    const author = document.createElement("span");
    author.className = "author";
    author.textContent = message.author ? message.author.name : "";
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = message.text; // plain text, never HTML
    item.append(author, text);
    chatList.append(item);
    chatList.scrollTop = chatList.scrollHeight;
    exposed.chat.push(message.text);
    return item;
  }

  function renderPresence(presence) {
    exposed.presence = presence;
    const staff = presence.staff_online || 0;
    presenceBadge.dataset.staff = String(staff);
    presenceBadge.textContent = staff ? `${S.staff_online}: ${staff}` : S.staff_offline;
  }

  // The page's one socket (shared-client.js): the calls UI may have started it already.
  showConnectionStatus($("#connection-status"), S);

  client
    .joinRoom(config.room, {
      onState(state, { resumed }) {
        if (!resumed) for (const message of state.messages || []) if (!message.deleted) renderMessage(message);
        renderPresence(state.presence);
        root.dataset.chat = "joined";
      },
      onEvent(event) {
        // A deleted message stays in the history as an empty tombstone: nothing to show.
        if (event.type === "chat.message" && !event.message.deleted) renderMessage(event.message);
        if (event.type === "chat.deleted") chatList.querySelector(`[data-message-id="${event.message_id}"]`)?.remove();
      },
      onFrame(frame) {
        if (frame.type === "presence") renderPresence(frame.presence);
      },
      onRemoved(frame) {
        showError(chatError, frame.reason || "");
      },
    })
    .catch((error) => {
      root.dataset.chat = "refused";
      showError(chatError, error.message);
    });

  const chatForm = $("#chat-form");
  if (chatForm) {
    chatForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const input = $("#chat-input");
      const text = input.value.trim();
      if (!text) return;
      input.value = "";
      showError(chatError, "");
      try {
        await client.request("chat.send", { room: config.room, text }, { resend: true });
      } catch (error) {
        input.value = text;
        showError(chatError, `${S.chat_failed} ${error.message}`);
      }
    });
  }
  return client;
}

export function startContactForms({ config, exposed }) {
  const S = config.strings;

  const contactForm = $("#contact-form");
  const contactError = $("#contact-error");
  const contactResult = $("#contact-result");

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function post(url, payload) {
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
        body: JSON.stringify(payload),
        credentials: "same-origin",
      });
    } catch (error) {
      return { ok: false, status: 0, body: { message: S.network_error } };
    }
    let body = {};
    try {
      body = await response.json();
    } catch (error) {
      body = { message: `HTTP ${response.status}` };
    }
    return { ok: response.ok, status: response.status, body };
  }

  async function submitContact(kind) {
    const data = Object.fromEntries(new FormData(contactForm).entries());
    const payload = { ...data, consent: $("#contact-consent").checked };
    if (kind === "contact") delete payload.preferred_time;
    for (const input of contactForm.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
    showError(contactError, "");
    contactResult.hidden = true;
    const buttons = contactForm.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    const result = await post(kind === "contact" ? config.contact : config.call_request, payload);
    buttons.forEach((b) => (b.disabled = false));
    exposed.lastSubmit = { kind, status: result.status, body: result.body };
    if (result.ok) {
      contactResult.textContent = kind === "contact" ? S.contact_sent : S.call_sent;
      contactResult.hidden = false;
      return;
    }
    if (result.status === 401) {
      contactError.innerHTML = "";
      const link = Object.assign(document.createElement("a"), { href: config.login_url, textContent: S.login_required });
      contactError.append(link);
      contactError.hidden = false;
      return;
    }
    const fields = result.body.fields || {};
    for (const name of Object.keys(fields)) {
      const input = contactForm.querySelector(`[name="${name}"]`);
      if (input) input.setAttribute("aria-invalid", "true");
    }
    const detail = Object.values(fields).flat().join(" ");
    showError(contactError, detail || result.body.message || `HTTP ${result.status}`);
  }

  contactForm.addEventListener("submit", (event) => {
    event.preventDefault();
    submitContact("contact");
  });
  $("#call-request").addEventListener("click", () => submitContact("call"));
}
