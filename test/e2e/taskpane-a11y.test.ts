// The task pane as an analyst sees it, in headless Chromium at the narrowest task pane (320 px) and a
// common one (420 px): every template's screenshot (test-results/screenshots/taskpane-<template>-<width>.png),
// no chart text clipped or overlapping, no horizontal scrolling; axe-core (injected into the page) finds no
// violation of serious or critical impact in any state; and the pane works from the keyboard alone
// (template tabs with arrows/Home/End, a visible focus ring, the Monte Carlo run and cancel).
import { strict as assert } from "assert";
import fs from "fs";
import path from "path";
import type { Browser, Page } from "playwright-core";
import { launchChromium, skipWithoutBrowser } from "../support/browser";
import { layoutProblems } from "../support/pane-checks";
import { startPreviewServer, type PreviewServer } from "../support/server";

const RESULTS = path.join(__dirname, "..", "..", "test-results");
const SHOTS = path.join(RESULTS, "screenshots");
const TEMPLATES = ["token", "band", "cppi", "perp", "liquidation", "lending"] as const;
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

describe("task pane at 320 and 420 px: screenshots, layout, axe-core and the keyboard [browser]", function () {
  this.timeout(240000);
  let server: PreviewServer;
  let browser: Browser;
  const axeLog: Array<{ state: string; violations: number; serious: string[]; other: string[] }> =
    [];

  before(async function () {
    await skipWithoutBrowser(this);
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startPreviewServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (axeLog.length)
      fs.writeFileSync(path.join(RESULTS, "axe-taskpane.json"), JSON.stringify(axeLog, null, 2));
  });

  async function open(width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(server.url + "taskpane.html");
    await page.waitForSelector("body[data-library-loaded]", { timeout: 30000 });
    // axe-core evaluated through the DevTools protocol: the page's CSP (no inline script) stays as it is
    await page.evaluate(AXE_SOURCE);
    return page;
  }

  /** Runs axe on the page; records every violation, returns the serious and critical ones. */
  async function axe(page: Page, state: string): Promise<string[]> {
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
    const text = (v: AxeViolation) =>
      `${v.impact} ${v.id} (${v.help}): ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(" "))
        .join(" | ")}`;
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    axeLog.push({
      state,
      violations: violations.length,
      serious: serious.map(text),
      other: violations.filter((v) => !serious.includes(v)).map(text),
    });
    return serious.map(text);
  }

  for (const width of [320, 420]) {
    it(`${width} px: every template's preview and chart fit (no clipped or overlapping text), with a screenshot each; axe finds nothing serious`, async () => {
      const page = await open(width);
      try {
        for (const t of TEMPLATES) {
          await page.click(`[data-template="${t}"]`);
          await page.waitForSelector(`#tab-${t}[aria-selected="true"]`);
          await page.waitForSelector("#preview svg.chart");
          await page.waitForTimeout(200); // the preview redraws 120 ms after a change
          if (t === "token" || t === "band") {
            await page.click("#run-mc");
            await page.waitForSelector("#mc-results", { timeout: 60000 });
            await page.waitForSelector('svg[data-chart="histogram"]');
          }
          assert.deepEqual(await layoutProblems(page), [], `${t} at ${width} px`);
          await page.screenshot({
            path: path.join(SHOTS, `taskpane-${t}-${width}.png`),
            fullPage: true,
          });
          await page
            .locator("#preview")
            .screenshot({ path: path.join(SHOTS, `taskpane-${t}-${width}-preview.png`) });
          if (t === "token" || t === "band")
            await page
              .locator("#simulation")
              .screenshot({ path: path.join(SHOTS, `taskpane-${t}-${width}-monte-carlo.png`) });
          assert.deepEqual(await axe(page, `${t} at ${width} px`), [], `${t} at ${width} px`);
        }
      } finally {
        await page.close();
      }
    });
  }

  it("the charts are honest: a long's distance axis ends at 0%, returns stop at −100%, the lending chart has its health-1 line, the histogram a y axis and P5/median/P95", async () => {
    const page = await open(420);
    try {
      const ticks = (chart: string) =>
        page.$$eval(`svg[data-chart="${chart}"] text.tick.y`, (els) =>
          els.map((e) => e.textContent)
        );
      await page.click('[data-template="perp"]');
      await page.waitForSelector('svg[data-chart^="Liquidation distance"]');
      const perp = await ticks("Liquidation distance vs leverage (opened at entry)");
      assert.equal(perp.at(-1), "0%");
      assert.ok(
        perp.every((t) => /^(−\d+|0)%$/.test(t ?? "")),
        perp.join(" ")
      );
      assert.match(
        (await page.textContent('[data-chart-box^="Liquidation distance"] .chart-note')) ?? "",
        /maximum leverage \(50x\)/
      );
      const xs = await page.$$eval('svg[data-chart^="Liquidation distance"] text.tick.x', (els) =>
        els.map((e) => e.textContent)
      );
      assert.equal(xs.at(-1), "50x", "the sweep ends at the venue's max leverage");

      await page.click('[data-template="token"]');
      await page.waitForSelector('svg[data-chart^="Decay vs volatility"]');
      const decay = await ticks("Decay vs volatility (underlying ends flat)");
      assert.equal(decay[0], "−100%");

      await page.click('[data-template="lending"]');
      await page.waitForSelector('svg[data-chart="Health factor vs collateral price"]');
      // a horizontal line (zero height, so not "visible" to Playwright): every point at one y
      const ys = await page.$eval(
        'svg[data-chart="Health factor vs collateral price"] polyline.reference',
        (e) => new Set((e.getAttribute("points") ?? "").split(" ").map((p) => p.split(",")[1])).size
      );
      assert.equal(ys, 1, "the health-1 line is flat");
      assert.match((await page.textContent("#preview .legend")) ?? "", /Liquidation \(health 1\)/);

      await page.click('[data-template="cppi"]');
      await page.waitForSelector('svg[data-chart^="CPPI value"]');
      assert.match(
        (await page.textContent('[data-metric="Gap risk over the horizon"] dd')) ?? "",
        /^< 0\.01% \(\d\.\d\dE-\d+\)$/
      );

      await page.click('[data-template="token"]');
      await page.click("#run-mc");
      await page.waitForSelector('svg[data-chart="histogram"]', { timeout: 60000 });
      const hist = 'svg[data-chart="histogram"]';
      assert.ok((await page.$$(`${hist} text.tick.y`)).length >= 3, "a y axis with ticks");
      assert.deepEqual(
        await page.$$eval(`${hist} text.marker-label`, (els) => els.map((e) => e.textContent)),
        ["P5", "Median", "P95"]
      );
      assert.match(
        (await page.textContent('[data-chart-box="histogram"] .chart-note')) ?? "",
        /Log scale.*Not drawn, to keep the bars readable: \d+ paths \([\d.]+%\) ended below/
      );
    } finally {
      await page.close();
    }
  });

  it("320 px with extreme inputs (a short at 125x, values in millions, a 5x token at 200% volatility): still no clipped or overlapping text", async () => {
    const page = await open(320);
    try {
      const cases: Array<[string, Record<string, string>]> = [
        ["perp", { side: "short", max_leverage: "125", margin: "1000" }],
        [
          "perp",
          { venue: "hyperliquid", quantity: "25", margin: "150000", entry_price: "61234.5" },
        ],
        ["cppi", { start_value: "2500000", multiplier: "8", volatility: "1.5" }],
        ["liquidation", { side: "short", max_leverage: "125", volatility: "1.5", years: "2" }],
        [
          "lending",
          {
            collateral_price: "2345.67",
            deposit: "1234",
            loops: "12",
            other_collateral_value: "2000000",
          },
        ],
        ["token", { leverage: "5", volatility: "2", paths: "3000" }],
        ["band", { leverage: "2", band_low: "1.5", band_high: "2.5", volatility: "1.2" }],
      ];
      for (const [t, fields] of cases) {
        await page.click(`[data-template="${t}"]`);
        await page.waitForSelector(`#tab-${t}[aria-selected="true"]`);
        for (const [k, v] of Object.entries(fields)) {
          if (k === "side" || k === "venue") await page.selectOption(`[data-field="${k}"]`, v);
          else await page.fill(`[data-field="${k}"]`, v);
        }
        await page.waitForTimeout(300);
        assert.equal(await page.$("#preview-invalid"), null, `${t}: inputs accepted`);
        if (t === "token" || t === "band") {
          await page.click("#run-mc");
          await page.waitForSelector('svg[data-chart="histogram"]', { timeout: 60000 });
        }
        assert.deepEqual(await layoutProblems(page), [], `${t} ${JSON.stringify(fields)}`);
        await page.screenshot({
          path: path.join(SHOTS, `taskpane-${t}-320-extreme.png`),
          fullPage: true,
        });
      }
    } finally {
      await page.close();
    }
  });

  it("axe finds nothing serious with validation errors, a corrupt saved entry and the library listed", async () => {
    const page = await open(320);
    try {
      await page.evaluate(() => localStorage.setItem("lev.scenario.broken", "{oops"));
      await page.reload();
      await page.waitForSelector("body[data-library-loaded]");
      await page.evaluate(AXE_SOURCE);
      await page.fill('[data-field="volatility"]', "-1");
      await page.fill('[data-field="years"]', "soon");
      await page.waitForSelector("#preview-invalid");
      assert.deepEqual(await axe(page, "validation errors and a corrupt entry"), []);
      await page.fill('[data-field="volatility"]', "0.6");
      await page.fill('[data-field="years"]', "1");
      await page.click("#save");
      await page.waitForSelector("#library-list li[data-id]");
      assert.deepEqual(await axe(page, "a saved scenario"), []);
    } finally {
      await page.evaluate(() => localStorage.clear()).catch(() => undefined);
      await page.close();
    }
  });

  it("keyboard only: the template tabs are a tablist (one tab stop, arrows, Home/End, aria-controls) with a visible focus ring", async () => {
    const page = await open(420);
    try {
      await page.keyboard.press("Tab");
      const state = () =>
        page.evaluate(() => {
          const a = document.activeElement as HTMLElement;
          const panel = document.getElementById(a.getAttribute("aria-controls") ?? "");
          const style = getComputedStyle(a);
          return {
            focused: a.id,
            role: a.getAttribute("role"),
            selected: Array.from(
              document.querySelectorAll('[role="tab"][aria-selected="true"]')
            ).map((t) => t.id),
            tabStops: Array.from(document.querySelectorAll('[role="tab"]')).filter(
              (t) => t.getAttribute("tabindex") === "0"
            ).length,
            panelRole: panel?.getAttribute("role"),
            panelLabel: panel?.getAttribute("aria-labelledby"),
            outline: `${style.outlineStyle} ${style.outlineWidth}`,
          };
        });
      let s = await state();
      assert.deepEqual(
        [s.focused, s.role, s.selected, s.tabStops, s.panelRole, s.panelLabel],
        ["tab-token", "tab", ["tab-token"], 1, "tabpanel", "tab-token"]
      );
      assert.match(s.outline, /^solid [2-9]/, `focus ring: ${s.outline}`);
      await page.screenshot({ path: path.join(SHOTS, "taskpane-keyboard-focus.png") });
      const press = async (key: string, expected: string) => {
        await page.keyboard.press(key);
        await page.waitForSelector(`#${expected}[aria-selected="true"]`);
        s = await state();
        assert.deepEqual(
          [s.focused, s.selected, s.tabStops, s.panelLabel],
          [expected, [expected], 1, expected],
          key
        );
        assert.match(s.outline, /^solid [2-9]/);
      };
      await press("ArrowRight", "tab-band");
      await press("ArrowRight", "tab-cppi");
      await press("End", "tab-lending");
      await press("ArrowRight", "tab-token");
      await press("ArrowLeft", "tab-lending");
      await press("Home", "tab-token");
      // Tab leaves the tablist for the panel's first field
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "f-_name");
    } finally {
      await page.close();
    }
  });

  it("keyboard only: reach Run Monte Carlo, run it, cancel a long run and see the focus stay on the buttons", async () => {
    const page = await open(420);
    try {
      await page.fill('[data-field="paths"]', "2000");
      await page.focus("#tab-token");
      let hops = 0;
      while ((await page.evaluate(() => document.activeElement?.id)) !== "run-mc" && hops++ < 80)
        await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "run-mc");
      await page.keyboard.press("Enter");
      await page.waitForSelector("#mc-results", { timeout: 60000 });
      assert.equal(
        await page.evaluate(() => document.activeElement?.id),
        "run-mc",
        "the focus comes back to Run when the run ends"
      );
      await page.fill('[data-field="paths"]', "130000");
      await page.focus("#run-mc");
      await page.keyboard.press("Enter");
      await page.waitForSelector("#mc-progress");
      assert.equal(
        await page.evaluate(() => document.activeElement?.id),
        "cancel-mc",
        "while running, the focus is on Cancel"
      );
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        () => document.querySelector("#mc-status")?.textContent === "Cancelled."
      );
      assert.equal(await page.evaluate(() => document.activeElement?.id), "run-mc");
    } finally {
      await page.close();
    }
  });
});
