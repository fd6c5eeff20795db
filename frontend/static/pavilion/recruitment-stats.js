// Recruitment statistics charts (frontend/views/recruitment_stats.py): chart.js from npm
// (served at /lib/chart.js/, a UMD build that sets globalThis.Chart when imported), drawn
// from the page's JSON. The tables on the page carry the same numbers, so a failure to load
// the library leaves a readable page and says so.

const config = JSON.parse(document.getElementById("stats-config").textContent);
const t = (key) => config.strings[key] || key;
const COLOURS = { views: "#2563eb", applications: "#16a34a", offers: "#d97706", hired: "#7c3aed" };

function draw(Chart, id, chartConfig) {
  const canvas = document.getElementById(id);
  if (!canvas) return;
  const chart = new Chart(canvas, { ...chartConfig, options: { responsive: true, animation: false, ...chartConfig.options } });
  canvas.dataset.ready = "1";
  canvas.dataset.points = String(chartConfig.data.datasets.reduce((n, set) => n + set.data.length, 0));
  canvas.setAttribute(
    "aria-label",
    chartConfig.data.labels.map((label, i) => `${label}: ${chartConfig.data.datasets.map((s) => `${s.label} ${s.data[i]}`).join(", ")}`).join("; "),
  );
  return chart;
}

async function main() {
  let Chart;
  try {
    await import(config.chart_library);
    Chart = globalThis.Chart;
    if (!Chart) throw new Error("chart.js did not load");
  } catch (error) {
    const box = document.getElementById("chart-error");
    box.textContent = t("chart_failed");
    box.hidden = false;
    document.body.dataset.charts = "failed";
    return;
  }
  const days = config.by_day;
  draw(Chart, "chart-days", {
    type: "line",
    data: {
      labels: days.map((d) => d.day.slice(5)),
      datasets: [
        { label: t("views"), data: days.map((d) => d.views), borderColor: COLOURS.views, yAxisID: "y" },
        { label: t("applications"), data: days.map((d) => d.applications), borderColor: COLOURS.applications, yAxisID: "y1" },
      ],
    },
    options: {
      scales: {
        y: { beginAtZero: true, position: "left", ticks: { precision: 0 } },
        y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, ticks: { precision: 0 } },
      },
    },
  });
  draw(Chart, "chart-funnel", {
    type: "bar",
    data: {
      labels: config.funnel.map((step) => config.stages[step.stage]),
      datasets: [{ label: t("reached"), data: config.funnel.map((step) => step.reached), backgroundColor: COLOURS.applications }],
    },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  draw(Chart, "chart-zones", {
    type: "bar",
    data: {
      labels: config.by_zone.map((zone) => zone.name),
      datasets: [
        { label: t("applications"), data: config.by_zone.map((zone) => zone.applications), backgroundColor: COLOURS.applications },
        { label: t("offers"), data: config.by_zone.map((zone) => zone.offers), backgroundColor: COLOURS.offers },
      ],
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  document.body.dataset.charts = "ready";
}

main();
