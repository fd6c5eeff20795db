// Console panel: polls (create, open, close) with live results.

import { $, el } from "./dom.js";
import { send, state, t } from "./console-context.js";

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

export function renderPolls() {
  $("#poll-list").replaceChildren(...[...state.polls.values()].sort((a, b) => b.id - a.id).map(pollItem));
}

export function upsertPoll(poll) {
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
