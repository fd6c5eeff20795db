"""Accessibility checks in the browser tests: axe-core (npm, frontend/node_modules) run in the
page, every violation reported with its rule, impact, help and the elements it found; and
the page must fit its viewport's width (no sideways scrolling on a phone)."""

from __future__ import annotations

from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
NODES_SHOWN = 5

RUN_AXE = """async () => {
  const results = await window.axe.run(document, { resultTypes: ["violations"] });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 160), summary: n.failureSummary })),
  }));
}"""


def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is not installed ({AXE_JS} missing): run `make node-deps` (npm ci in frontend/)")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """The page's axe-core violations (loaded into the page first when needed)."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(content=axe_source())
    return page.evaluate(RUN_AXE)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}, {len(violation['nodes'])}x): {violation['help']}")
        for node in violation["nodes"][:NODES_SHOWN]:
            lines.append(f"      {node['target']}: {node['html']}")
            summary = " ".join((node["summary"] or "").split())
            if summary:
                lines.append(f"        {summary[:300]}")
        if len(violation["nodes"]) > NODES_SHOWN:
            lines.append(f"      … and {len(violation['nodes']) - NODES_SHOWN} more")
    return "\n".join(lines)


def overflow(page) -> str | None:
    """Why the page is wider than its viewport (the widest elements), or None if it fits."""
    return page.evaluate(
        """() => {
          const width = window.innerWidth;
          const scroll = document.scrollingElement.scrollWidth;
          if (scroll <= width) return null;
          const wide = [...document.querySelectorAll("body *")]
            .filter((e) => e.getBoundingClientRect().right > width + 1)
            .map((e) => {
              const r = e.getBoundingClientRect();
              const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
                (e.classList.length ? "." + [...e.classList].join(".") : "");
              return { name, right: Math.round(r.right), width: Math.round(r.width) };
            })
            .sort((a, b) => b.right - a.right)
            .slice(0, 6);
          return `scrollWidth ${scroll} > viewport ${width}: ` +
            wide.map((w) => `${w.name} (right ${w.right}, width ${w.width})`).join(", ");
        }"""
    )


def accessibility_problems(page, label: str) -> list[str]:
    """Everything wrong with the page as loaded now, as readable lines (empty: none)."""
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append(f"{label}: {len(violations)} axe-core violation(s)\n{describe(violations)}")
    too_wide = overflow(page)
    if too_wide:
        problems.append(f"{label}: wider than the viewport, {too_wide}")
    return problems


def assert_accessible(page, label: str = "") -> None:
    problems = accessibility_problems(page, label or page.url)
    assert not problems, "\n".join(problems)
