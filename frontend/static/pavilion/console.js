// The moderator console of one room: Q&A queue, chat moderation, room settings, polls, the
// stage's stream state and the audit log, all over one LiveClient socket (docs/console.md).
// The panels are modules (console-*.js); this one holds the audit log and joins the room.

import { $, el, showError, timeOf } from "./dom.js";
import { client, config, hooks, notice, slug, state, t } from "./console-context.js";
import { PushedFields } from "./live-requests.js";
import { addMessage, removeMessage, renderPresence } from "./console-chat.js";
import { renderPolls, upsertPoll } from "./console-polls.js";
import { renderQuestions, upsertQuestion } from "./console-questions.js";
import { renderJobs, renderSettings, renderStage } from "./console-room.js";

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
hooks.afterAction = refreshAuditSoon;

// --- wiring ------------------------------------------------------------------------------

// The stage's state and jobs pushed by events win over an older `stage.get` answer.
const stagePushes = new PushedFields();

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
    stagePushes.fresh(() => client.request("stage.get", { room: slug })).then(
      (ack) => {
        if ("state" in ack) renderStage(ack.state);
        if ("pinned_jobs" in ack) renderJobs(ack.pinned_jobs);
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
      renderStage(stagePushes.pushed({ state: event.state }).state);
      break;
    case "stage.jobs":
      renderJobs(stagePushes.pushed({ pinned_jobs: event.pinned_jobs }).pinned_jobs);
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
      renderStage(stagePushes.pushed({ state: frame.state }).state);
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
