// Console panel: the question queue (approve, dismiss) and approved questions (answered, pin).

import { $, el } from "./dom.js";
import { send, state, t } from "./console-context.js";

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

export function renderQuestions() {
  const all = [...state.questions.values()];
  const pending = all.filter((q) => q.status === "pending").sort((a, b) => a.id - b.id);
  const approved = all
    .filter((q) => q.status === "approved")
    .sort((a, b) => (a.pinned !== b.pinned ? (a.pinned ? -1 : 1) : a.answered !== b.answered ? (a.answered ? 1 : -1) : b.votes - a.votes));
  $("#qa-queue").replaceChildren(...(pending.length ? pending.map(questionItem) : [el("li", { class: "empty", text: t.no_pending })]));
  $("#queue-count").textContent = String(pending.length);
  $("#qa-approved").replaceChildren(...approved.map(questionItem));
}

export function upsertQuestion(question) {
  if (question.status === "dismissed") state.questions.delete(question.id);
  else state.questions.set(question.id, question);
  renderQuestions();
}

async function moderateQuestion(questionId, action) {
  const ack = await send("qa.moderate", { question_id: questionId, action }, "qa-error");
  if (ack) upsertQuestion(ack.question);
}
