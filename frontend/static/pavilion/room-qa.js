// The room page's Q&A: ask, upvote, the server's order, the moderation queue.

import { $, el, showError } from "./dom.js";
import { client, me, slug, state, t } from "./room-context.js";


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
    el("span", { class: "votes", "aria-label": t("votes", { count: question.votes }), text: String(question.votes) }),
    el("span", { class: "text", text: question.text }),
    el(
      "span",
      { class: "meta" },
      el("span", { class: "author", text: question.author.name }),
      question.pinned ? el("span", { class: "tag pin-tag", text: t("pinned") }) : null,
      question.answered ? el("span", { class: "tag answered-tag", text: t("answered") }) : null,
      question.status === "pending" ? el("span", { class: "tag", text: t("awaiting_approval") }) : null,
    ),
  );
  const tools = el("span", { class: "tools" });
  if (question.status === "approved" && me) {
    tools.append(
      el("button", {
        type: "button",
        class: "upvote",
        "aria-pressed": voted ? "true" : "false",
        "aria-label": t("upvote_question", { text: question.text }),
        text: voted ? t("upvoted") : t("upvote"),
        onclick: () => upvote(question.id),
      }),
    );
  }
  if (state.moderator) {
    const action = (name, label) =>
      el("button", { type: "button", class: name, text: label, "aria-label": t("action_on", { action: label, text: question.text }), onclick: () => moderateQuestion(question.id, name) });
    if (question.status === "pending") tools.append(action("approve", t("approve")), action("dismiss", t("dismiss")));
    if (question.status === "approved") {
      tools.append(
        question.answered ? action("unanswer", t("mark_not_answered")) : action("answer", t("mark_answered")),
        question.pinned ? action("unpin", t("unpin")) : action("pin", t("pin")),
        action("dismiss", t("dismiss")),
      );
    }
  }
  item.append(tools);
  return item;
}

export function renderQuestions() {
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

export function upsertQuestion(question) {
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
      showError("qa-error", ack.status === "pending" ? { message: t("question_waits") } : null);
    } catch (error) {
      showError("qa-error", error);
      if (!input.value) input.value = text;
    }
  });
}

