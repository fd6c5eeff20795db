// The stage-room page: chat, Q&A, polls, presence and moderation over one LiveClient.
// User text is always rendered with textContent, never as HTML.

import { createGoLive } from "./go-live.js";
import { readJson } from "./rtc.js";
import { client } from "./shared-client.js";
import { createStage } from "./stage.js";

const config = JSON.parse(document.getElementById("room-config").textContent);
const slug = config.room;
const me = config.user; // {id, name} or null for a guest
const $ = (selector, root = document) => root.querySelector(selector);

const state = {
  moderator: false,
  settings: null,
  questions: new Map(), // id -> question (approved, and my own or — for moderators — pending)
  polls: new Map(), // id -> poll
  myVotes: new Set(JSON.parse(sessionStorage.getItem(`pv-upvotes-${slug}`) || "[]")),
  myPollVotes: new Map(),
  roster: [],
};

const STATUS_TEXT = {
  idle: "connecting…",
  connecting: "connecting…",
  connected: "connected",
  reconnecting: "reconnecting…",
  closed: "disconnected",
};

// --- small DOM helpers -------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
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

function showError(id, error) {
  const box = document.getElementById(id);
  if (!box) return;
  if (!error) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  let message = error.message || String(error);
  if (error.frame && error.frame.retry_after) message += ` (${error.frame.retry_after}s)`;
  box.textContent = message;
  box.dataset.code = error.code || "";
  box.hidden = false;
}

function timeOf(iso) {
  try {
    return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  } catch (error) {
    return "";
  }
}

// --- connection status -----------------------------------------------------------------

const player = createStage({ client, slug, config, strings: readJson("stage-strings") });
const goLive = createGoLive({ client, slug, strings: readJson("stage-strings"), player });
window.pavilion = { client, state, stage: player.stage };

client.on("status", ({ status }) => {
  const badge = $("#connection-status");
  badge.dataset.state = status;
  badge.textContent = STATUS_TEXT[status] || status;
  document.body.classList.toggle("offline", status !== "connected");
});

client.on("server.status", (frame) => {
  const badge = $("#connection-status");
  if (frame.status === "degraded") {
    badge.dataset.state = "degraded";
    badge.textContent = "live updates paused";
  } else if (client.status === "connected") {
    badge.dataset.state = "connected";
    badge.textContent = STATUS_TEXT.connected;
  }
});

function notice(text) {
  const box = $("#notice");
  box.textContent = text;
  box.hidden = !text;
}

// --- chat --------------------------------------------------------------------------------

const chatList = $("#chat-list");
const MAX_MESSAGES = 500;

function reactionButtons(message) {
  const box = el("span", { class: "reactions" });
  const counts = message.reactions || {};
  for (const emoji of config.reactions) {
    const count = counts[emoji] || 0;
    if (!me && count === 0) continue;
    box.append(
      el(
        "button",
        {
          type: "button",
          class: count ? "react has" : "react",
          dataset: { emoji },
          "aria-label": `React ${emoji} (${count})`,
          disabled: !me,
          onclick: () => react(message.id, emoji),
        },
        emoji,
        count ? el("span", { class: "count", text: String(count) }) : null,
      ),
    );
  }
  return box;
}

function renderMessage(message) {
  if (message.deleted) {
    removeMessage(message.id);
    return;
  }
  const mine = me && message.author.id === me.id;
  const item = el(
    "li",
    { class: mine ? "message mine" : "message", dataset: { messageId: message.id, seq: message.seq, authorId: message.author.id } },
    el("span", { class: "author", text: message.author.name }),
    el("time", { datetime: message.created_at, text: timeOf(message.created_at) }),
    el("span", { class: "text", text: message.text }),
  );
  const tools = el("span", { class: "tools" });
  if (mine || state.moderator) {
    tools.append(
      el("button", {
        type: "button",
        class: "delete",
        "aria-label": `Delete message from ${message.author.name}`,
        text: "Delete",
        onclick: () => deleteMessage(message.id),
      }),
    );
  }
  if (state.moderator && !mine) {
    tools.append(
      el("button", { type: "button", class: "mute", text: "Mute", "aria-label": `Mute ${message.author.name}`, onclick: () => moderateUser("mod.mute", message.author.id) }),
      el("button", { type: "button", class: "ban", text: "Ban", "aria-label": `Ban ${message.author.name}`, onclick: () => moderateUser("mod.ban", message.author.id) }),
    );
  }
  item.append(tools, reactionButtons(message));
  const existing = chatList.querySelector(`[data-message-id="${message.id}"]`);
  if (existing) {
    existing.replaceWith(item);
    return;
  }
  const stick = chatList.scrollHeight - chatList.scrollTop - chatList.clientHeight < 40;
  chatList.append(item);
  while (chatList.children.length > MAX_MESSAGES) chatList.firstElementChild.remove();
  if (stick) chatList.scrollTop = chatList.scrollHeight;
}

function removeMessage(id) {
  chatList.querySelector(`[data-message-id="${id}"]`)?.remove();
}

const messages = new Map(); // id -> message (for re-rendering reactions and moderator tools)

function storeMessage(message) {
  messages.set(message.id, message);
  if (messages.size > MAX_MESSAGES * 2) messages.delete(messages.keys().next().value);
  renderMessage(message);
}

async function react(messageId, emoji) {
  try {
    await client.request("chat.react", { room: slug, message_id: messageId, emoji });
    showError("chat-error", null);
  } catch (error) {
    showError("chat-error", error);
  }
}

async function deleteMessage(messageId) {
  try {
    await client.request("chat.delete", { room: slug, message_id: messageId });
    showError("chat-error", null);
  } catch (error) {
    showError("chat-error", error);
  }
}

function showOutgoing(frame, ref) {
  // A post waiting for the server (e.g. while reconnecting): shown greyed until acked.
  const item = el(
    "li",
    { class: "message pending", dataset: { pendingRef: ref } },
    el("span", { class: "author", text: me ? me.name : "" }),
    el("span", { class: "text", text: frame.text }),
    el("span", { class: "sending", text: "sending…" }),
  );
  chatList.append(item);
  chatList.scrollTop = chatList.scrollHeight;
  return item;
}

const chatForm = $("#chat-form");
if (chatForm) {
  chatForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("#chat-input");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    const promise = client.request("chat.send", { room: slug, text }, { resend: true });
    let pending = null;
    if (client.status !== "connected") pending = showOutgoing({ text }, "");
    try {
      await promise;
      showError("chat-error", null);
    } catch (error) {
      showError("chat-error", error);
      if (!input.value) input.value = text; // give the text back to fix or retry
    } finally {
      pending?.remove();
    }
  });
}

// --- Q&A ---------------------------------------------------------------------------------

function compareQuestions(a, b) {
  // As the server orders them: pinned first, unanswered before answered, then votes.
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  if (a.answered !== b.answered) return a.answered ? 1 : -1;
  if (a.votes !== b.votes) return b.votes - a.votes;
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id;
}

function questionItem(question) {
  const voted = state.myVotes.has(question.id);
  const item = el(
    "li",
    {
      class: `question ${question.status}${question.pinned ? " pinned" : ""}${question.answered ? " answered" : ""}`,
      dataset: { questionId: question.id, votes: question.votes, status: question.status },
    },
    el("span", { class: "votes", "aria-label": `${question.votes} votes`, text: String(question.votes) }),
    el("span", { class: "text", text: question.text }),
    el(
      "span",
      { class: "meta" },
      el("span", { class: "author", text: question.author.name }),
      question.pinned ? el("span", { class: "tag pin-tag", text: "pinned" }) : null,
      question.answered ? el("span", { class: "tag answered-tag", text: "answered" }) : null,
      question.status === "pending" ? el("span", { class: "tag", text: "awaiting approval" }) : null,
    ),
  );
  const tools = el("span", { class: "tools" });
  if (question.status === "approved" && me) {
    tools.append(
      el("button", {
        type: "button",
        class: "upvote",
        "aria-pressed": voted ? "true" : "false",
        "aria-label": `Upvote question: ${question.text}`,
        text: voted ? "▲ Upvoted" : "▲ Upvote",
        onclick: () => upvote(question.id),
      }),
    );
  }
  if (state.moderator) {
    const action = (name, label) =>
      el("button", { type: "button", class: name, text: label, "aria-label": `${label}: ${question.text}`, onclick: () => moderateQuestion(question.id, name) });
    if (question.status === "pending") tools.append(action("approve", "Approve"), action("dismiss", "Dismiss"));
    if (question.status === "approved") {
      tools.append(
        question.answered ? action("unanswer", "Not answered") : action("answer", "Answered"),
        question.pinned ? action("unpin", "Unpin") : action("pin", "Pin"),
        action("dismiss", "Dismiss"),
      );
    }
  }
  item.append(tools);
  return item;
}

function renderQuestions() {
  const list = $("#qa-list");
  const queue = $("#qa-queue");
  const all = [...state.questions.values()];
  const visible = all.filter((q) => q.status === "approved" || (q.status === "pending" && !state.moderator)).sort(compareQuestions);
  list.replaceChildren(...visible.map(questionItem));
  if (state.moderator) {
    const pending = all.filter((q) => q.status === "pending").sort((a, b) => a.id - b.id);
    queue.replaceChildren(...pending.map(questionItem));
  }
}

function upsertQuestion(question) {
  if (question.status === "dismissed") state.questions.delete(question.id);
  else state.questions.set(question.id, question);
  renderQuestions();
}

async function upvote(questionId) {
  try {
    const ack = await client.request("qa.upvote", { room: slug, question_id: questionId });
    if (state.myVotes.has(questionId)) state.myVotes.delete(questionId);
    else state.myVotes.add(questionId);
    sessionStorage.setItem(`pv-upvotes-${slug}`, JSON.stringify([...state.myVotes]));
    const question = state.questions.get(questionId);
    if (question) {
      // The qa.question event carries the same count; apply it now for a snappy button.
      state.questions.set(questionId, { ...question, votes: ack.votes });
    }
    renderQuestions();
    showError("qa-error", null);
  } catch (error) {
    showError("qa-error", error);
  }
}

async function moderateQuestion(questionId, action) {
  try {
    const ack = await client.request("qa.moderate", { room: slug, question_id: questionId, action });
    upsertQuestion(ack.question);
    showError("qa-error", null);
  } catch (error) {
    showError("qa-error", error);
  }
}

const qaForm = $("#qa-form");
if (qaForm) {
  qaForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("#qa-input");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    try {
      const ack = await client.request("qa.ask", { room: slug, text }, { resend: true });
      showError("qa-error", ack.status === "pending" ? { message: "Your question waits for a moderator's approval." } : null);
    } catch (error) {
      showError("qa-error", error);
      if (!input.value) input.value = text;
    }
  });
}

// --- polls -------------------------------------------------------------------------------

function pollItem(poll) {
  const chosen = state.myPollVotes.get(poll.id);
  const box = el(
    "section",
    { class: `poll ${poll.state}`, dataset: { pollId: poll.id, state: poll.state }, "aria-label": `Poll: ${poll.question}` },
    el("h3", { class: "poll-question", text: poll.question }),
    el("p", { class: "poll-state", text: poll.state === "open" ? "open" : poll.state === "draft" ? "draft (not visible yet)" : "closed" }),
  );
  const list = el("ul", { class: "poll-options" });
  for (const option of poll.options) {
    const share = poll.total_votes ? Math.round((option.votes * 100) / poll.total_votes) : 0;
    list.append(
      el(
        "li",
        { dataset: { optionId: option.id } },
        el("button", {
          type: "button",
          class: "vote",
          disabled: !me || poll.state !== "open",
          "aria-pressed": chosen === option.id ? "true" : "false",
          "aria-label": `Vote ${option.text}`,
          text: option.text,
          onclick: () => votePoll(poll.id, option.id),
        }),
        el("span", { class: "bar", style: `--share:${share}%` }),
        el("span", { class: "count", "aria-label": `${option.votes} votes`, text: String(option.votes) }),
      ),
    );
  }
  box.append(list, el("p", { class: "total" }, "Total: ", el("span", { class: "total-votes", text: String(poll.total_votes) })));
  if (state.moderator) {
    const tools = el("p", { class: "tools" });
    if (poll.state === "draft") tools.append(el("button", { type: "button", class: "open", text: "Open poll", onclick: () => pollAction("poll.open", poll.id) }));
    if (poll.state === "open") tools.append(el("button", { type: "button", class: "close", text: "Close poll", onclick: () => pollAction("poll.close", poll.id) }));
    box.append(tools);
  }
  return box;
}

function renderPolls() {
  const polls = [...state.polls.values()].sort((a, b) => b.id - a.id);
  $("#poll-list").replaceChildren(...polls.map(pollItem));
}

function upsertPoll(poll) {
  const known = state.polls.get(poll.id);
  if (known && known.state === "closed" && poll.state !== "closed") return; // a late results frame
  state.polls.set(poll.id, poll);
  renderPolls();
}

async function votePoll(pollId, optionId) {
  try {
    await client.request("poll.vote", { room: slug, poll_id: pollId, option_id: optionId });
    state.myPollVotes.set(pollId, optionId);
    renderPolls();
    showError("poll-error", null);
  } catch (error) {
    showError("poll-error", error);
  }
}

async function pollAction(type, pollId) {
  try {
    const ack = await client.request(type, { room: slug, poll_id: pollId });
    upsertPoll(ack.poll);
    showError("poll-error", null);
  } catch (error) {
    showError("poll-error", error);
  }
}

$("#poll-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const question = $("#poll-question").value.trim();
  const options = $("#poll-options")
    .value.split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  try {
    const ack = await client.request("poll.create", { room: slug, question, options, open: $("#poll-open-now").checked });
    upsertPoll(ack.poll);
    $("#poll-question").value = "";
    $("#poll-options").value = "";
    showError("poll-error", null);
  } catch (error) {
    showError("poll-error", error);
  }
});

// --- presence ----------------------------------------------------------------------------

const callLabel = readJson("call-config", { strings: {} }).strings?.call || "Call %(name)s";

function renderPresence(presence) {
  $("#audience-count").textContent = String(presence.count);
  $("#audience-count-text").textContent = String(presence.count);
  $("#staff-online").textContent = String(presence.staff_online);
  const roster = $("#roster");
  if (presence.roster === null) {
    roster.replaceChildren(el("li", { class: "muted-text", text: "Too many people to list." }));
    return;
  }
  state.roster = presence.roster;
  roster.replaceChildren(
    ...presence.roster.map((person) => {
      const item = el("li", { dataset: { userId: person.id } }, el("span", { class: "name", text: person.name }));
      if (me && person.id !== me.id) {
        const label = callLabel.replace("%(name)s", person.name);
        item.append(el("button", { type: "button", class: "call", text: "📞", title: label, "aria-label": label, onclick: () => window.pavilionCalls?.startCall([{ id: person.id, name: person.name }], { room: slug }) }));
      }
      if (state.moderator && (!me || person.id !== me.id)) {
        item.append(
          el("button", { type: "button", class: "mute", text: "Mute", "aria-label": `Mute ${person.name}`, onclick: () => moderateUser("mod.mute", person.id) }),
          el("button", { type: "button", class: "ban", text: "Ban", "aria-label": `Ban ${person.name}`, onclick: () => moderateUser("mod.ban", person.id) }),
        );
      }
      return item;
    }),
  );
}

// --- room settings and moderation --------------------------------------------------------

function renderSettings(settings) {
  state.settings = settings;
  const parts = [];
  if (settings.locked) parts.push("🔒 locked");
  if (settings.slow_mode_seconds) parts.push(`🐢 slow mode ${settings.slow_mode_seconds}s`);
  const badge = $("#room-status");
  badge.textContent = parts.join(" · ");
  badge.hidden = parts.length === 0;
  badge.dataset.locked = settings.locked ? "true" : "false";
  badge.dataset.slowMode = String(settings.slow_mode_seconds);
  const lock = $("#lock-toggle");
  lock.setAttribute("aria-pressed", settings.locked ? "true" : "false");
  lock.textContent = settings.locked ? "Unlock room" : "Lock room";
  const slow = $("#slow-mode-seconds");
  if (document.activeElement !== slow) slow.value = String(settings.slow_mode_seconds);
}

function modResult(text) {
  $("#mod-result").textContent = text;
}

async function moderateUser(type, userId) {
  const fields = { room: slug, user_id: Number(userId) };
  if (type === "mod.mute") fields.minutes = Number($("#mod-minutes").value) || 10;
  try {
    await client.request(type, fields);
    modResult(`${type.replace("mod.", "")}: user ${userId} ✓`);
  } catch (error) {
    modResult(`${type.replace("mod.", "")}: ${error.message}`);
  }
}

$("#mod-user-form").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const userId = $("#mod-user-id").value;
  if (!userId) {
    modResult("Enter a user id.");
    return;
  }
  moderateUser(button.dataset.action, userId);
});
$("#mod-user-form").addEventListener("submit", (event) => event.preventDefault());

$("#slow-mode-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await client.request("mod.slow_mode", { room: slug, seconds: Number($("#slow-mode-seconds").value) || 0 });
    modResult("slow mode ✓");
  } catch (error) {
    modResult(error.message);
  }
});

$("#lock-toggle").addEventListener("click", async () => {
  try {
    await client.request("mod.lock", { room: slug, locked: !(state.settings && state.settings.locked) });
  } catch (error) {
    modResult(error.message);
  }
});

function applyModeratorUi() {
  $("#mod-panel").hidden = !state.moderator;
  $("#poll-form").hidden = !state.moderator;
  $("#qa-queue-box").hidden = !state.moderator;
}

// --- wiring the room ---------------------------------------------------------------------

function onState(joinState, { resumed }) {
  state.moderator = Boolean(joinState.you && joinState.you.moderator);
  applyModeratorUi();
  renderSettings(joinState.room);
  if (!resumed) {
    chatList.replaceChildren();
    messages.clear();
    for (const message of joinState.messages || []) storeMessage(message);
    state.questions = new Map(joinState.questions.map((q) => [q.id, q]));
    state.polls = new Map(joinState.polls.map((p) => [p.id, p]));
  } else {
    // Events brought questions and polls up to date; the queue and live poll counts are
    // not events, so take them from the answer.
    for (const [id, question] of [...state.questions]) {
      if (question.status === "pending") state.questions.delete(id);
    }
    for (const question of joinState.questions) {
      if (question.status === "pending" || !state.questions.has(question.id)) state.questions.set(question.id, question);
    }
    for (const poll of joinState.polls) state.polls.set(poll.id, poll);
  }
  if (joinState.you && joinState.you.muted_until) notice(`You are muted until ${new Date(joinState.you.muted_until).toLocaleString()}.`);
  renderQuestions();
  renderPolls();
  renderPresence(joinState.presence);
  if (config.stage) {
    player.onJoin(joinState, { resumed });
    goLive.show(player.stage.canRun);
    goLive.onJoin({ resumed });
  }
  $("#room").dataset.ready = "true";
}

function onEvent(event) {
  switch (event.type) {
    case "chat.message":
      storeMessage(event.message);
      break;
    case "chat.deleted":
      messages.delete(event.message_id);
      removeMessage(event.message_id);
      break;
    case "chat.reaction": {
      const message = messages.get(event.message_id);
      if (message) storeMessage({ ...message, reactions: event.reactions });
      break;
    }
    case "qa.question":
      upsertQuestion(event.question);
      break;
    case "poll.state":
      upsertPoll(event.poll);
      break;
    case "room.updated":
      renderSettings(event.settings);
      break;
    case "stage.state":
    case "stage.jobs":
      player.onEvent(event);
      break;
    default:
      break;
  }
}

function onFrame(frame) {
  if (config.stage && /^(rtc|stage)\./.test(frame.type)) {
    goLive.onFrame(frame);
    player.onFrame(frame);
    return;
  }
  switch (frame.type) {
    case "presence":
      renderPresence(frame.presence);
      break;
    case "poll.results":
      upsertPoll(frame.poll);
      break;
    case "qa.queue":
      upsertQuestion(frame.question);
      break;
    // Large rooms: counts come as coalesced summaries instead of one event per click.
    case "chat.reactions":
      for (const [id, reactions] of Object.entries(frame.reactions)) {
        const message = messages.get(Number(id));
        if (message) storeMessage({ ...message, reactions });
      }
      break;
    case "qa.votes":
      for (const [id, votes] of Object.entries(frame.votes)) {
        const question = state.questions.get(Number(id));
        if (question) state.questions.set(question.id, { ...question, votes });
      }
      renderQuestions();
      break;
    case "mod.notice":
      if (frame.action === "muted") notice(`A moderator muted you until ${new Date(frame.until).toLocaleString()}.${frame.reason ? " " + frame.reason : ""}`);
      else if (frame.action === "unmuted") notice("You can post again.");
      break;
    default:
      break;
  }
}

function onRemoved(frame) {
  notice(`You were removed from this room: ${frame.reason}`);
  for (const form of document.querySelectorAll("#chat-form, #qa-form")) {
    for (const control of form.elements) control.disabled = true;
  }
}

client
  .joinRoom(slug, { onState, onEvent, onFrame, onRemoved })
  .catch((error) => notice(error.message));
