// Small inline-SVG charts (no library): a horizontal bar chart and a line chart. Every bar
// is a <rect class="bar"> with a <title>, and the SVG has a text alternative (role="img",
// aria-label) listing the values, so the numbers are readable without seeing the picture.

const SVG = "http://www.w3.org/2000/svg";

function svgEl(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

function describe(title, items) {
  return `${title}: ${items.map((item) => `${item.label} ${item.value}`).join(", ")}`;
}

/** Replace the chart in `figure` (keeping its figcaption) by a horizontal bar chart. */
export function barChart(figure, items, { title = "", width = 560, barHeight = 22, labelWidth = 220 } = {}) {
  const max = Math.max(1, ...items.map((item) => item.value));
  const height = Math.max(1, items.length) * (barHeight + 6) + 6;
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": describe(title, items) });
  const plot = width - labelWidth - 50;
  items.forEach((item, index) => {
    const y = 6 + index * (barHeight + 6);
    const group = svgEl("g", { class: "bar-group", "data-label": item.label, "data-value": item.value });
    group.append(
      svgEl("text", { x: labelWidth - 6, y: y + barHeight * 0.7, "text-anchor": "end" }, item.label.length > 30 ? `${item.label.slice(0, 29)}…` : item.label),
    );
    const bar = svgEl("rect", { class: "bar", x: labelWidth, y, height: barHeight, width: Math.max(1, (item.value / max) * plot) });
    bar.append(svgEl("title", {}, `${item.label}: ${item.value}`));
    group.append(bar, svgEl("text", { x: labelWidth + Math.max(1, (item.value / max) * plot) + 4, y: y + barHeight * 0.7 }, String(item.value)));
    svg.append(group);
  });
  replaceChart(figure, svg);
  return svg;
}

/** A line chart of points [{label, value}] in order (e.g. by day). */
export function lineChart(figure, points, { title = "", width = 560, height = 200 } = {}) {
  const pad = { left: 36, right: 12, top: 12, bottom: 34 };
  const max = Math.max(1, ...points.map((p) => p.value));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (i) => pad.left + (points.length <= 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
  const y = (v) => pad.top + plotH - (v / max) * plotH;
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": describe(title, points) });
  svg.append(
    svgEl("line", { x1: pad.left, y1: pad.top + plotH, x2: width - pad.right, y2: pad.top + plotH, stroke: "#99a" }),
    svgEl("text", { x: 4, y: pad.top + 8 }, String(max)),
    svgEl("text", { x: 4, y: pad.top + plotH }, "0"),
  );
  if (points.length > 1) {
    svg.append(svgEl("polyline", { class: "line", points: points.map((p, i) => `${x(i)},${y(p.value)}`).join(" ") }));
  }
  points.forEach((p, i) => {
    const dot = svgEl("circle", { class: "point", cx: x(i), cy: y(p.value), r: 3.5, "data-value": p.value });
    dot.append(svgEl("title", {}, `${p.label}: ${p.value}`));
    svg.append(dot);
    const every = Math.ceil(points.length / 8);
    if (i % every === 0) svg.append(svgEl("text", { x: x(i), y: height - 12, "text-anchor": "middle" }, p.label.slice(5)));
  });
  replaceChart(figure, svg);
  return svg;
}

function replaceChart(figure, svg) {
  for (const old of figure.querySelectorAll("svg, .no-data")) old.remove();
  figure.append(svg);
}
