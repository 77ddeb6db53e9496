// Checks of the task pane as drawn in headless Chromium, shared by the browser suites that take screenshots:
// chart text clipped or overlapping, legends overlapping, sideways scrolling; and axe-core's serious and
// critical violations (WCAG 2.2 AA and best practices), axe evaluated through the DevTools protocol so the
// page's CSP stays as it is.
import fs from "fs";
import type { Page } from "playwright-core";

const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Plain JavaScript text: the test runner's transform would wrap named functions in a helper the page lacks. */
const LAYOUT_PROBLEMS = `(() => {
  const problems = [];
  const overlap = (a, b) =>
    a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  for (const svg of document.querySelectorAll("svg.chart")) {
    const name = svg.getAttribute("data-chart");
    const box = svg.getBoundingClientRect();
    const texts = Array.from(svg.querySelectorAll("text")).map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
    for (const { text, r } of texts)
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        problems.push(name + ': "' + text + '" is clipped');
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++)
        if (overlap(texts[i].r, texts[j].r))
          problems.push(name + ': "' + texts[i].text + '" overlaps "' + texts[j].text + '"');
    if (box.right > svg.parentElement.getBoundingClientRect().right + 0.5) problems.push(name + ": wider than its card");
  }
  for (const ul of document.querySelectorAll("ul.legend")) {
    const items = Array.from(ul.querySelectorAll("li")).map((li) => ({ text: li.textContent, r: li.getBoundingClientRect() }));
    for (let i = 0; i < items.length; i++)
      for (let j = i + 1; j < items.length; j++)
        if (overlap(items[i].r, items[j].r))
          problems.push('legend: "' + items[i].text + '" overlaps "' + items[j].text + '"');
  }
  for (const m of document.querySelectorAll(".metric")) {
    const r = m.getBoundingClientRect();
    for (const c of m.querySelectorAll("dt, dd"))
      if (c.getBoundingClientRect().right > r.right + 0.5) problems.push('metric "' + c.textContent + '" overflows its box');
  }
  if (document.documentElement.scrollWidth > window.innerWidth)
    problems.push("the page scrolls sideways: " + document.documentElement.scrollWidth + " > " + window.innerWidth);
  return problems;
})()`;

/** Chart texts outside their SVG or overlapping, legend entries overlapping, metrics overflowing, page overflow. */
export async function layoutProblems(page: Page): Promise<string[]> {
  return (await page.evaluate(LAYOUT_PROBLEMS)) as string[];
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core's serious and critical violations on the page, one line each. */
export async function axeSerious(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> };
    };
    const r = await w.axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
      },
      resultTypes: ["violations"],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`
    );
}
