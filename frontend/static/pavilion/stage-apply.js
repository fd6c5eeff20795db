// 直播带岗 on a recruitment livestream (docs/recruitment.md): a pinned job's *Apply* applies
// in one click over the stage socket (`stage.apply_job`, the profile's default résumé); a
// person without a résumé gets a small inline form (name, contact, a PDF/DOCX or a pasted
// text) posted to the JSON API. Nothing navigates: the video keeps playing. The stage's
// hosts see a live count of applications per pinned job (`stage.job_applications` once,
// then `stage.job_applied` frames sent to them only).

import { api } from "./api.js";
import { el } from "./dom.js";

export function createStageApply({ client, slug, config, t }) {
  const $ = (id) => document.getElementById(id);
  const applied = new Set();
  const counts = new Map();
  let hosting = false;
  let pending = null; // the job the inline form is for
  let rerender = () => {};

  function setMessage(jobId, text, kind = "status") {
    const box = document.querySelector(`#pinned-jobs-list li[data-job-id="${jobId}"] .apply-result`);
    if (box) {
      box.textContent = text;
      box.dataset.kind = kind;
    }
  }

  function markApplied(jobId) {
    applied.add(Number(jobId));
    rerender();
    setMessage(jobId, t("applied_done"));
  }

  async function applyOneClick(jobId) {
    try {
      await client.request("stage.apply_job", { room: slug, job_id: Number(jobId) });
      markApplied(jobId);
    } catch (error) {
      if (error.code === "no_resume") openForm(jobId);
      else if (error.code === "application_duplicate") markApplied(jobId);
      else setMessage(jobId, error.message, "error");
    }
  }

  function openForm(jobId) {
    pending = Number(jobId);
    const form = $("job-apply-form");
    const job = document.querySelector(`#pinned-jobs-list li[data-job-id="${jobId}"] h3`);
    $("job-apply-for").textContent = job ? job.textContent : "";
    $("job-apply-error").hidden = true;
    form.hidden = false;
    $("job-apply-name").focus();
  }

  $("job-apply-form")?.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (pending === null) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    if (!data.get("resume") || !data.get("resume").size) data.delete("resume");
    const submit = form.querySelector("button[type=submit]");
    submit.disabled = true;
    try {
      await api(`/api/recruitment/stages/${encodeURIComponent(slug)}/jobs/${pending}/apply`, { method: "POST", form: data });
      const jobId = pending;
      pending = null;
      form.hidden = true;
      form.reset();
      markApplied(jobId);
    } catch (error) {
      const box = $("job-apply-error");
      const fields = error.fields ? Object.values(error.fields).flat().join(" ") : "";
      box.textContent = fields || error.message;
      box.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
  $("job-apply-cancel")?.addEventListener("click", () => {
    pending = null;
    $("job-apply-form").hidden = true;
  });

  async function loadCounts() {
    try {
      const answer = await client.request("stage.job_applications", { room: slug });
      for (const item of answer.counts || []) counts.set(item.job_id, item.count);
      rerender();
    } catch (error) {
      // not a host after all (roles changed): no counter
    }
  }

  return {
    // The parts of a pinned job's card that are ours: the apply button and the host's count.
    parts(job) {
      const parts = [];
      if (config.user) {
        const done = applied.has(job.id);
        parts.push(
          el("button", {
            type: "button",
            class: "apply",
            disabled: done,
            text: done ? t("applied") : t("apply"),
            onclick: () => applyOneClick(job.id),
          }),
        );
        parts.push(el("span", { class: "apply-result", role: "status" }));
      } else if (job.url) {
        parts.push(el("a", { href: job.url, class: "apply", target: "_blank", rel: "noopener", text: t("apply") }));
      }
      // The job's own page (the employer's, else ours), in another tab: the stream goes on.
      if (config.user && job.url) parts.push(el("a", { href: job.url, class: "job-details", target: "_blank", rel: "noopener", text: t("job_details") }));
      if (hosting) {
        const count = counts.get(job.id) || 0;
        parts.push(el("span", { class: "job-applications badge", dataset: { count }, text: t("applications_count", { count }) }));
      }
      return parts;
    },
    setRerender(fn) {
      rerender = fn;
    },
    setHosting(value) {
      hosting = value && Boolean(config.stage?.recruitment);
      if (hosting) loadCounts();
    },
    onApplied(frame) {
      counts.set(frame.job_id, frame.count);
      rerender();
    },
  };
}
