// Console panels: room settings (slow mode, lock, blocked words, people by id), the stage's
// stream state and, in recruitment livestreams, the pinned jobs.

import { $, el } from "./dom.js";
import { result, send, state, t } from "./console-context.js";
import { moderateUser } from "./console-chat.js";

export function renderSettings(settings) {
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

// --- stage -------------------------------------------------------------------------------

export function renderStage(stageState) {
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

export function renderJobs(jobs) {
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
