// The room page's polls: vote, live counts; moderators create, open and close.

import { $, el, showError } from "./dom.js";
import { client, me, slug, state, t } from "./room-context.js";


function pollItem(poll) {
  const chosen = state.myPollVotes.get(poll.id);
  const box = el(
    "section",
    { class: `poll ${poll.state}`, dataset: { pollId: poll.id, state: poll.state }, "aria-label": t("poll", { question: poll.question }) },
    el("h3", { class: "poll-question", text: poll.question }),
    el("p", { class: "poll-state", text: poll.state === "open" ? t("poll_open") : poll.state === "draft" ? t("poll_draft") : t("poll_closed") }),
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
          "aria-label": t("vote_for", { option: option.text }),
          text: option.text,
          onclick: () => votePoll(poll.id, option.id),
        }),
        el("span", { class: "bar", style: `--share:${share}%` }),
        el("span", { class: "count", "aria-label": t("votes", { count: option.votes }), text: String(option.votes) }),
      ),
    );
  }
  box.append(list, el("p", { class: "total" }, t("total"), el("span", { class: "total-votes", text: String(poll.total_votes) })));
  if (state.moderator) {
    const tools = el("p", { class: "tools" });
    if (poll.state === "draft") tools.append(el("button", { type: "button", class: "open", text: t("open_poll"), onclick: () => pollAction("poll.open", poll.id) }));
    if (poll.state === "open") tools.append(el("button", { type: "button", class: "close", text: t("close_poll"), onclick: () => pollAction("poll.close", poll.id) }));
    box.append(tools);
  }
  return box;
}

export function renderPolls() {
  const polls = [...state.polls.values()].sort((a, b) => b.id - a.id);
  $("#poll-list").replaceChildren(...polls.map(pollItem));
}

export function upsertPoll(poll) {
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

