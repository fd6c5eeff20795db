// One import of the 征集表 (frontend/templates/matchmaking/import.html): "Start" queues it
// through the API while the page listens to the import's room, where the running import
// sends `import.progress` after every batch of rows; the bar, the counts and the status
// follow. The room's frames are not sequenced: after joining, and when the import ends, the
// page reads the job from the API, so a late join (or a worker that cannot reach this
// process's socket) still ends with the true state. Without this script, the form posts.

import { api } from "./api.js";
import { client } from "./shared-client.js";

const root = document.getElementById("import");
const bar = document.getElementById("import-progress");
const FINISHED = new Set(["done", "rejected", "failed"]);
let frames = 0;
let polling = null;

function label(status) {
  return root.dataset["label" + status.charAt(0).toUpperCase() + status.slice(1)] || status;
}

function paint(state) {
  const total = state.total || 0;
  const processed = state.processed || 0;
  const percent = total ? Math.min(100, Math.round((100 * processed) / total)) : FINISHED.has(state.status) ? 100 : 0;
  bar.value = percent;
  bar.textContent = `${percent}%`;
  document.getElementById("import-processed").textContent = String(processed);
  document.getElementById("import-total").textContent = String(total);
  document.getElementById("count-created").textContent = String(state.created);
  document.getElementById("count-updated").textContent = String(state.updated);
  document.getElementById("count-skipped").textContent = String(state.skipped);
  document.getElementById("count-errors").textContent = String(state.errors ?? state.error_rows);
  document.getElementById("import-status").textContent = label(state.status);
  root.dataset.status = state.status;
}

async function refresh() {
  const job = await api(`/api/matchmaking/imports/${root.dataset.id}`);
  paint({ ...job, errors: job.error_rows });
  if (job.report_url) {
    document.getElementById("report-link").href = job.report_url;
    document.getElementById("report-area").hidden = false;
  }
  const tbody = document.querySelector("#problems tbody");
  if (FINISHED.has(job.status) && tbody) {
    const english = document.documentElement.lang.startsWith("en");
    tbody.replaceChildren(
      ...job.problems.map((p) => {
        const tr = document.createElement("tr");
        tr.dataset.row = String(p.row);
        tr.dataset.column = p.column;
        tr.dataset.code = p.code;
        for (const text of [p.sheet, String(p.row), english ? p.message_en : p.message]) {
          const td = document.createElement("td");
          td.textContent = text;
          tr.append(td);
        }
        return tr;
      }),
    );
    document.getElementById("problems-section").hidden = job.problems.length === 0;
    document.getElementById("start-form")?.toggleAttribute("hidden", job.status !== "rejected");
    if (polling) clearInterval(polling);
  }
  return job;
}

function onFrame(frame) {
  if (frame.type !== "import.progress" || frame.import_id !== Number(root.dataset.id)) return;
  frames += 1;
  bar.dataset.frames = String(frames);
  paint(frame);
  if (FINISHED.has(frame.status)) refresh();
}

client
  .joinRoom(root.dataset.room, { onFrame })
  .then(() => {
    root.dataset.live = "1";
    return refresh();
  })
  .catch((error) => console.warn("import: the progress room could not be joined", error));

const form = document.getElementById("start-form");
form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const mode = form.querySelector("input[name=mode]:checked")?.value || "";
  form.querySelector("button").disabled = true;
  // Polled as well while it runs: without Redis, a worker's frames cannot reach this socket.
  polling = setInterval(() => refresh().catch(() => {}), 3000);
  try {
    await api(`/api/matchmaking/imports/${root.dataset.id}/start`, { method: "POST", json: { mode } });
    await refresh();
  } catch (error) {
    document.getElementById("import-status").textContent = error.message;
  } finally {
    form.querySelector("button").disabled = false;
  }
});
