// Around the stage video: reaction buttons and bursts, pinned job postings (recruitment
// livestreams), and the recordings once the stage has ended.

import { el, format, timeText } from "./dom.js";
import { createStageApply } from "./stage-apply.js";

const MAX_BURST = 12; // flying emoji per emoji and summary, however many people clicked

export function createStageExtras({ client, slug, config, strings, stage, playRecording }) {
  const $ = (id) => document.getElementById(id);
  const t = (key, values) => format(strings[key] || key, values);
  const english = (document.documentElement.lang || "").startsWith("en");
  let canRun = false;
  let jobs = [];
  let recordings = [];
  const totals = {};
  const jobApply = createStageApply({ client, slug, config, t });

  // --- reactions ----------------------------------------------------------------------

  const reactionBar = $("stage-reactions");
  const layer = $("reaction-layer");
  if (config.user && reactionBar) {
    for (const emoji of config.reactions) {
      reactionBar.append(
        el("button", {
          type: "button",
          class: "stage-react",
          dataset: { emoji },
          "aria-label": t("react", { emoji }),
          text: emoji,
          onclick: () => react(emoji),
        }),
      );
    }
    reactionBar.hidden = false;
  }

  async function react(emoji) {
    try {
      await client.request("stage.react", { room: slug, emoji });
    } catch (error) {
      const box = $("stage-notice");
      box.textContent = error.message;
      box.hidden = false;
    }
  }

  function burst(counts) {
    const parts = [];
    for (const [emoji, count] of Object.entries(counts)) {
      totals[emoji] = (totals[emoji] || 0) + count;
      parts.push(`${emoji} ${count}`);
      for (let i = 0; i < Math.min(count, MAX_BURST); i += 1) {
        const item = el("span", { class: "burst", text: emoji });
        item.style.left = `${5 + Math.random() * 85}%`;
        item.style.animationDelay = `${Math.random() * 0.6}s`;
        item.addEventListener("animationend", () => item.remove());
        layer.append(item);
      }
    }
    const summary = $("stage-reaction-summary");
    summary.textContent = t("reactions_now", { summary: parts.join(", ") });
    summary.dataset.total = String(Object.values(totals).reduce((a, b) => a + b, 0));
  }

  // --- pinned jobs --------------------------------------------------------------------

  function renderJobs() {
    const box = $("pinned-jobs");
    const show = jobs.length > 0 || (canRun && config.stage?.recruitment);
    box.hidden = !show;
    if (!show) return;
    $("pinned-jobs-list").replaceChildren(
      ...jobs.map((job) =>
        el(
          "li",
          { class: "job", dataset: { jobId: job.id } },
          el("h3", { text: (english && job.title_en) || job.title }),
          el("p", { class: "employer", text: (english && job.employer_en) || job.employer }),
          el("p", { class: "meta", text: [job.location, job.salary].filter(Boolean).join(" · ") }),
          ...jobApply.parts(job),
          canRun ? el("button", { type: "button", class: "unpin", text: t("unpin"), onclick: () => pin("stage.unpin_job", job.id) }) : null,
        ),
      ),
    );
    $("pin-job-form").hidden = !canRun;
  }

  jobApply.setRerender(renderJobs);

  async function pin(type, jobId) {
    const result = $("pin-job-result");
    try {
      await client.request(type, { room: slug, job_id: Number(jobId) });
      result.textContent = "";
    } catch (error) {
      result.textContent = error.message;
    }
  }

  $("pin-job-form")?.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("pin-job-id");
    if (input.value) pin("stage.pin_job", input.value);
    input.value = "";
  });

  // --- recordings ---------------------------------------------------------------------

  function renderRecordings() {
    const box = $("recordings");
    const show = stage.state === "ended" && recordings.length > 0;
    box.hidden = !show;
    if (!show) return;
    $("recordings-list").replaceChildren(
      ...recordings.map((recording) => {
        const label = t("recording_from", { start: timeText(recording.started_at), end: timeText(recording.ended_at) });
        // A recording is an HLS VOD playlist: it plays in the stage's video area.
        return el(
          "li",
          { class: "recording" },
          el("button", { type: "button", class: "play-recording", dataset: { url: recording.url }, text: `▶ ${label}`, onclick: () => playRecording(recording.url) }),
        );
      }),
    );
  }

  return {
    burst,
    setCanRun(value) {
      canRun = value;
      jobApply.setHosting(value);
      renderJobs();
    },
    jobApplied(frame) {
      jobApply.onApplied(frame);
    },
    apply(fields) {
      if ("pinned_jobs" in fields) {
        jobs = fields.pinned_jobs || [];
        renderJobs();
      }
      if ("recordings" in fields) recordings = fields.recordings || [];
      renderRecordings();
    },
  };
}
