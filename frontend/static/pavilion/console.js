// The moderator console of one room: Q&A queue, chat moderation, room settings, polls, the
// stage's stream state and the audit log, all over one LiveClient socket (docs/console.md).

import { LiveClient } from "./live-client.js";
import { $, el, readConfig, showError, timeOf } from "./dom.js";

const config = readConfig("console-config");
const slug = config.room;
const t = config.strings;
const me = config.user;

const state = {
  settings: null,
  questions: new Map(), // id -> question (pending and approved)
  polls: new Map(),
  messages: new Map(),
};

const client = new LiveClient({ path: config.ws_path });
window.pavilion = { client, state };

client.on("status", ({ status }) => {
  const badge = $("#connection-status");
  badge.dataset.state = status;
  badge.textContent = t[status] || status;
});

function notice(text) {
  const box = $("#notice");
  box.textContent = text;
  box.hidden = !text;
}

function result(text) {
  $("#room-result").textContent = text;
}

async function send(type, fields, errorBox) {
  try {
    const ack = await client.request(type, { room: slug, ...fields });
    if (errorBox) showError(errorBox, null);
    refreshAuditSoon();
    return ack;
  } catch (error) {
    if (errorBox) showError(errorBox, error);
    else result(`${type}: ${error.message}`);
    return null;
  }
}

// --- Q&A ---------------------------------------------------------------------------------

function questionItem(question) {
  const action = (name, label) =>
    el("button", {
      type: "button",
      class: name,
      text: label,
      "aria-label": `${label}: ${question.text}`,
      onclick: () => moderateQuestion(question.id, name),
    });
  const tools = el("span", { class: "tools" });
  if (question.status === "pending") tools.append(action("approve", t.approve), action("dismiss", t.dismiss));
  else {
    tools.append(
      question.answered ? action("unanswer", t.unanswered) : action("answer", t.answered),
      question.pinned ? action("unpin", t.unpin) : action("pin", t.pin),
      action("dismiss", t.dismiss),
    );
  }
  return el(
    "li",
    {
      class: `question ${question.status}${question.pinned ? " pinned" : ""}${question.answered ? " answered" : ""}`,
      dataset: { questionId: question.id, status: question.status, votes: question.votes },
    },
    el("span", { class: "votes", text: `${question.votes} ▲` }),
    el("span", { class: "text", text: question.text }),
    el("span", { class: "author", text: question.author.name }),
    question.pinned ? el("span", { class: "tag", text: "📌" }) : null,
    question.answered ? el("span", { class: "tag", text: "✓" }) : null,
    tools,
  );
}

function renderQuestions() {
  const all = [...state.questions.values()];
  const pending = all.filter((q) => q.status === "pending").sort((a, b) => a.id - b.id);
  const approved = all
    .filter((q) => q.status === "approved")
    .sort((a, b) => (a.pinned !== b.pinned ? (a.pinned ? -1 : 1) : a.answered !== b.answered ? (a.answered ? 1 : -1) : b.votes - a.votes));
  $("#qa-queue").replaceChildren(...(pending.length ? pending.map(questionItem) : [el("li", { class: "empty", text: t.no_pending })]));
  $("#queue-count").textContent = String(pending.length);
  $("#qa-approved").replaceChildren(...approved.map(questionItem));
}

function upsertQuestion(question) {
  if (question.status === "dismissed") state.questions.delete(question.id);
  else state.questions.set(question.id, question);
  renderQuestions();
}

async function moderateQuestion(questionId, action) {
  const ack = await send("qa.moderate", { question_id: questionId, action }, "qa-error");
  if (ack) upsertQuestion(ack.question);
}

// --- chat --------------------------------------------------------------------------------

const MAX_MESSAGES = 300;

function muteFields() {
  return { minutes: Number($("#mute-minutes").value) || 10, reason: $("#mod-reason").value.trim() };
}

function messageItem(message) {
  const mine = message.author.id === me.id;
  const tools = el(
    "span",
    { class: "tools" },
    el("button", {
      type: "button",
      class: "delete",
      text: t.delete,
      "aria-label": `${t.delete}: ${message.author.name}: ${message.text.slice(0, 40)}`,
      onclick: () => send("chat.delete", { message_id: message.id }, "chat-error"),
    }),
  );
  if (!mine) {
    tools.append(
      el("button", {
        type: "button",
        class: "mute",
        text: t.mute,
        "aria-label": `${t.mute} ${message.author.name}`,
        onclick: () => moderateUser("mod.mute", message.author.id, "chat-error"),
      }),
      el("button", {
        type: "button",
        class: "ban",
        text: t.ban,
        "aria-label": `${t.ban} ${message.author.name}`,
        onclick: () => moderateUser("mod.ban", message.author.id, "chat-error"),
      }),
    );
  }
  return el(
    "li",
    { class: "message", dataset: { messageId: message.id, authorId: message.author.id } },
    el("time", { datetime: message.created_at, text: timeOf(message.created_at) }),
    el("span", { class: "author", text: `${message.author.name} (#${message.author.id})` }),
    el("span", { class: "text", text: message.text }),
    tools,
  );
}

function addMessage(message) {
  if (message.deleted) return removeMessage(message.id);
  state.messages.set(message.id, message);
  const list = $("#chat-list");
  const item = messageItem(message);
  const existing = list.querySelector(`[data-message-id="${message.id}"]`);
  if (existing) existing.replaceWith(item);
  else list.append(item);
  while (list.children.length > MAX_MESSAGES) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
}

function removeMessage(id) {
  state.messages.delete(id);
  $("#chat-list").querySelector(`[data-message-id="${id}"]`)?.remove();
}

async function moderateUser(type, userId, errorBox = null) {
  const fields = { user_id: Number(userId) };
  if (type === "mod.mute") Object.assign(fields, muteFields());
  if (type === "mod.ban") fields.reason = muteFields().reason;
  const ack = await send(type, fields, errorBox);
  if (ack) result(`${type} #${userId} ✓${ack.until ? ` (${timeOf(ack.until)})` : ""}`);
}

// --- people in the room ------------------------------------------------------------------

function renderPresence(presence) {
  $("#audience-count").textContent = String(presence.count);
  const roster = $("#roster");
  if (presence.roster === null) {
    roster.replaceChildren(el("li", { class: "empty", text: t.too_many }));
    return;
  }
  roster.replaceChildren(
    ...presence.roster.map((person) => {
      const item = el("li", { dataset: { userId: person.id } }, el("span", { class: "author", text: `${person.name} (#${person.id})` }));
      if (person.id !== me.id) {
        item.append(
          el(
            "span",
            { class: "tools" },
            el("button", { type: "button", class: "mute", text: t.mute, "aria-label": `${t.mute} ${person.name}`, onclick: () => moderateUser("mod.mute", person.id) }),
            el("button", { type: "button", class: "ban", text: t.ban, "aria-label": `${t.ban} ${person.name}`, onclick: () => moderateUser("mod.ban", person.id) }),
          ),
        );
      }
      return item;
    }),
  );
}

// --- room settings -----------------------------------------------------------------------

function renderSettings(settings) {
  state.settings = settings;
  const parts = [];
  if (settings.locked) parts.push(`🔒 ${t.locked}`);
  if (settings.slow_mode_seconds) parts.push(`🐢 ${t.slow_mode} ${settings.slow_mode_seconds}s`);
  const badge = $("#room-status");
  badge.textContent = parts.join(" · ");
  badge.dataset.locked = settings.locked ? "true" : "false";
  badge.dataset.slowMode = String(settings.slow_mode_seconds);
  const lock = $("#lock-toggle");
  lock.setAttribute("aria-pressed", settings.locked ? "true" : "false");
  lock.textContent = settings.locked ? t.unlock : t.lock;
  const slow = $("#slow-mode-seconds");
  if (document.activeElement !== slow) slow.value = String(settings.slow_mode_seconds);
}

$("#slow-mode-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await send("mod.slow_mode", { seconds: Number($("#slow-mode-seconds").value) || 0 })) result(t.saved);
});

$("#lock-toggle").addEventListener("click", () => send("mod.lock", { locked: !(state.settings && state.settings.locked) }));

$("#word-filter-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const words = $("#word-filter")
    .value.split("\n")
    .map((word) => word.trim())
    .filter(Boolean);
  if (await send("mod.word_filter", { words })) result(t.saved);
});

$("#user-form").addEventListener("submit", (event) => event.preventDefault());
$("#user-form").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const userId = $("#user-id").value;
  if (!userId) {
    $("#user-id").focus();
    return;
  }
  moderateUser(button.dataset.action, userId);
});

// --- polls -------------------------------------------------------------------------------

function pollItem(poll) {
  const box = el(
    "section",
    { class: `poll ${poll.state}`, dataset: { pollId: poll.id, state: poll.state }, "aria-label": poll.question },
    el("h3", { text: poll.question }),
    el("p", { class: "poll-state", text: t[poll.state] || poll.state }),
  );
  const list = el("ul", { class: "poll-options" });
  for (const option of poll.options) {
    const share = poll.total_votes ? Math.round((option.votes * 100) / poll.total_votes) : 0;
    list.append(
      el(
        "li",
        { dataset: { optionId: option.id } },
        el("span", { class: "option-text", text: option.text }),
        el("span", { class: "bar", style: `--share:${share}%`, "aria-hidden": "true" }),
        el("span", { class: "count", text: `${option.votes} ${t.votes} (${share}%)` }),
      ),
    );
  }
  box.append(list, el("p", { class: "total" }, `Σ `, el("span", { class: "total-votes", text: String(poll.total_votes) })));
  if (poll.state === "draft") box.append(el("button", { type: "button", class: "open", text: t.open_poll, onclick: () => pollAction("poll.open", poll.id) }));
  if (poll.state === "open") box.append(el("button", { type: "button", class: "close", text: t.close_poll, onclick: () => pollAction("poll.close", poll.id) }));
  return box;
}

function renderPolls() {
  $("#poll-list").replaceChildren(...[...state.polls.values()].sort((a, b) => b.id - a.id).map(pollItem));
}

function upsertPoll(poll) {
  const known = state.polls.get(poll.id);
  if (known && known.state === "closed" && poll.state !== "closed") return; // a late results frame
  state.polls.set(poll.id, poll);
  renderPolls();
}

async function pollAction(type, pollId) {
  const ack = await send(type, { poll_id: pollId }, "poll-error");
  if (ack) upsertPoll(ack.poll);
}

$("#poll-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const options = $("#poll-options")
    .value.split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const ack = await send("poll.create", { question: $("#poll-question").value.trim(), options, open: $("#poll-open-now").checked }, "poll-error");
  if (ack) {
    upsertPoll(ack.poll);
    $("#poll-form").reset();
  }
});

// --- stage -------------------------------------------------------------------------------

function renderStage(stageState) {
  const box = $("#stage-state");
  if (!box || !stageState) return;
  box.textContent = stageState;
  box.dataset.state = stageState;
  for (const button of document.querySelectorAll("[data-stage-state]")) {
    button.setAttribute("aria-pressed", button.dataset.stageState === stageState ? "true" : "false");
  }
}

for (const button of document.querySelectorAll("[data-stage-state]")) {
  button.addEventListener("click", async () => {
    const ack = await send("stage.set_state", { state: button.dataset.stageState }, "stage-error");
    if (ack) renderStage(ack.state);
  });
}

// --- pinned jobs (recruitment livestreams) -----------------------------------------------

function renderJobs(jobs) {
  const list = $("#pinned-jobs");
  if (!list || !jobs) return;
  list.replaceChildren(
    ...(jobs.length
      ? jobs.map((job) =>
          el(
            "li",
            { dataset: { jobId: job.id } },
            el("span", { class: "text", text: `${job.title} · ${job.employer}` }),
            el("button", {
              type: "button",
              class: "unpin",
              text: t.unpin_job,
              "aria-label": `${t.unpin_job}: ${job.title}`,
              onclick: () => pinAction("stage.unpin_job", job.id),
            }),
          ),
        )
      : [el("li", { class: "empty", text: t.no_pinned_jobs })]),
  );
}

async function pinAction(type, jobId) {
  const ack = await send(type, { job_id: Number(jobId) }, "jobs-error");
  if (ack) renderJobs(ack.pinned_jobs);
}

$("#pin-form")?.addEventListener("submit", (event) => {
  event.preventDefault();
  pinAction("stage.pin_job", $("#pin-job").value);
});

// --- audit log ---------------------------------------------------------------------------

async function refreshAudit() {
  let ack;
  try {
    ack = await client.request("mod.audit_log", { room: slug, limit: 50 });
  } catch (error) {
    return;
  }
  const rows = ack.actions.map((action) =>
    el(
      "tr",
      { dataset: { action: action.action } },
      el("td", {}, el("time", { datetime: action.created_at, text: timeOf(action.created_at) })),
      el("td", { text: action.action }),
      el("td", { text: action.actor ? action.actor.name : "" }),
      el("td", { text: action.target_user ? `${action.target_user.name} (#${action.target_user.id})` : "" }),
      el("td", { text: action.details && Object.keys(action.details).length ? JSON.stringify(action.details) : "" }),
    ),
  );
  $("#audit-log tbody").replaceChildren(...rows);
}

let auditTimer = null;
function refreshAuditSoon() {
  clearTimeout(auditTimer);
  auditTimer = setTimeout(refreshAudit, 300);
}
$("#audit-refresh").addEventListener("click", refreshAudit);

// --- wiring ------------------------------------------------------------------------------

function onState(joinState, { resumed }) {
  renderSettings(joinState.room);
  if (!resumed) {
    $("#chat-list").replaceChildren();
    for (const message of joinState.messages || []) addMessage(message);
  }
  // Pending questions are not events: take the queue from every join answer.
  for (const [id, question] of [...state.questions]) if (question.status === "pending") state.questions.delete(id);
  for (const question of joinState.questions) state.questions.set(question.id, question);
  for (const poll of joinState.polls) state.polls.set(poll.id, poll);
  renderQuestions();
  renderPolls();
  renderPresence(joinState.presence);
  if (config.stage_states.length) {
    client.request("stage.get", { room: slug }).then(
      (ack) => {
        renderStage(ack.state);
        renderJobs(ack.pinned_jobs);
      },
      (error) => showError("stage-error", error),
    );
  }
  refreshAudit();
  $("#console").dataset.ready = "true";
}

const MODERATION_EVENTS = new Set(["chat.deleted", "room.updated", "qa.question", "poll.state", "stage.state"]);

function onEvent(event, { source } = {}) {
  if (source === "live" && MODERATION_EVENTS.has(event.type)) refreshAuditSoon(); // another moderator acted
  switch (event.type) {
    case "chat.message":
      addMessage(event.message);
      break;
    case "chat.deleted":
      removeMessage(event.message_id);
      break;
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
      renderStage(event.state);
      break;
    case "stage.jobs":
      renderJobs(event.pinned_jobs);
      break;
    default:
      break;
  }
}

function onFrame(frame) {
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
    case "qa.votes":
      for (const [id, votes] of Object.entries(frame.votes)) {
        const question = state.questions.get(Number(id));
        if (question) state.questions.set(question.id, { ...question, votes });
      }
      renderQuestions();
      break;
    case "stage.state":
      renderStage(frame.state);
      break;
    default:
      break;
  }
}

client
  .joinRoom(slug, {
    onState,
    onEvent,
    onFrame,
    onRemoved: (frame) => notice(`${t.removed} ${frame.reason}`),
  })
  .catch((error) => notice(error.message));
