// The stage-room page: chat, Q&A, polls, presence and moderation over one LiveClient, and
// the stage player. User text is always rendered with textContent, never as HTML.
// Modules: room-context (config, state), dom (DOM helpers), room-chat, room-qa, room-polls,
// room-people, stage + go-live (the video).

import { $, readJson } from "./dom.js";
import { createGoLive } from "./go-live.js";
import { createInterpretPanel } from "./interpret.js";
import { chatList, messages, removeMessage, storeMessage } from "./room-chat.js";
import { client, config, notice, slug, state, t } from "./room-context.js";
import { applyModeratorUi, renderPresence, renderSettings } from "./room-people.js";
import { renderPolls, upsertPoll } from "./room-polls.js";
import { renderQuestions, upsertQuestion } from "./room-qa.js";
import { showConnectionStatus } from "./shared-client.js";
import { createStage } from "./stage.js";

const STATUS_TEXT = {
  idle: t("status_connecting"),
  connecting: t("status_connecting"),
  connected: t("status_connected"),
  reconnecting: t("status_reconnecting"),
  closed: t("status_closed"),
};

// --- connection status -----------------------------------------------------------------

const player = createStage({ client, slug, config, strings: readJson("stage-strings", {}) });
const goLive = createGoLive({ client, slug, strings: readJson("stage-strings", {}), player });
const interpret = createInterpretPanel({ client, slug, strings: readJson("stage-strings", {}), player });
window.pavilion = { client, state, stage: player.stage };

// The badge says where this page is: connecting…, catching up (the socket is there, the
// room's join or its resume is coming in) or live; data-state stays the connection's.
let roomPhase = "connecting";
const PHASE_TEXT = { "catching-up": t("status_catching_up"), live: t("status_live") };

function paintPhase() {
  const badge = $("#connection-status");
  badge.dataset.phase = roomPhase;
  if (badge.dataset.state !== "degraded" && PHASE_TEXT[roomPhase]) badge.textContent = PHASE_TEXT[roomPhase];
}

showConnectionStatus($("#connection-status"), STATUS_TEXT, (status) => {
  document.body.classList.toggle("offline", status !== "connected");
  if (status !== "connected" && roomPhase === "live") roomPhase = "connecting";
  paintPhase();
});

client.on("room-phase", ({ room, phase }) => {
  if (room !== slug) return;
  roomPhase = phase;
  paintPhase();
});

client.on("server.status", (frame) => {
  const badge = $("#connection-status");
  if (frame.status === "degraded") {
    badge.dataset.state = "degraded";
    badge.textContent = t("status_degraded");
  } else if (client.status === "connected") {
    badge.dataset.state = "connected";
    badge.textContent = STATUS_TEXT.connected;
    paintPhase();
  }
});


// `fromPage`: the page's snapshot, before the socket joined (no presence, no stage state yet).
function onState(joinState, { resumed, fromPage = false }) {
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
  if (joinState.you && joinState.you.muted_until) notice(t("muted_until", { time: new Date(joinState.you.muted_until).toLocaleString() }));
  renderQuestions();
  renderPolls();
  if (fromPage) return;
  renderPresence(joinState.presence);
  if (config.stage) {
    player.onJoin(joinState, { resumed });
    goLive.show(player.stage.canRun);
    goLive.onJoin({ resumed });
    interpret.onJoin({ resumed });
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
    interpret.onFrame(frame);
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
      if (frame.action === "muted") notice(t("muted_by_moderator", { time: new Date(frame.until).toLocaleString() }) + (frame.reason ? " " + frame.reason : ""));
      else if (frame.action === "unmuted") notice(t("unmuted"));
      break;
    default:
      break;
  }
}

function onRemoved(frame) {
  notice(t("removed", { reason: frame.reason }));
  for (const form of document.querySelectorAll("#chat-form, #qa-form")) {
    for (const control of form.elements) control.disabled = true;
  }
}

// Snapshot first: the page's cached copy of the room (the last messages, questions, polls)
// is shown at once; the join then resumes from its seq, paging the events after it.
const snapshot = config.snapshot || null;
if (snapshot) onState(snapshot, { resumed: false, fromPage: true });
document.getElementById("room").dataset.snapshot = snapshot ? String(snapshot.seq) : "";

client
  .joinRoom(slug, { onState, onEvent, onFrame, onRemoved }, { sinceSeq: snapshot ? snapshot.seq : null })
  .catch((error) => notice(error.message));
