// End to end: the task pane's local preview (no Excel) in headless Chromium, served from the built dist/.
// Fill a template, see inline validation, see the instant preview, run the Monte Carlo in the worker with
// progress and cancel, save/reload scenarios, and the corrupt-storage report. Screenshots go to
// test-results/screenshots/.
import { strict as assert } from "assert";
import fs from "fs";
import path from "path";
import type { Browser, Page } from "playwright-core";
import { launchChromium, skipWithoutBrowser } from "../support/browser";
import { axeSerious, layoutProblems } from "../support/pane-checks";
import { startPreviewServer, type PreviewServer } from "../support/server";

const SHOTS = path.join(__dirname, "..", "..", "test-results", "screenshots");
// A perp scenario's inputs in the version-1 export shape (the pre-release format without ids).
const PERP_V1 = {
  underlying: "ETH",
  venue: "bybit",
  entry_price: 3000,
  quantity: 2,
  margin: 600,
  mark_price: 3000,
  maintenance_rate: 0.005,
  maintenance_amount: 0,
  close_fee_rate: 0.0006,
  max_leverage: 50,
  brackets: [
    { notionalFloor: 0, notionalCap: 1000000, maintenanceRate: 0.005, maintenanceAmount: 0 },
  ],
};

describe("task pane scenario builder in the local preview (headless Chromium) [browser]", function () {
  this.timeout(120000);
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  before(async function () {
    await skipWithoutBrowser(this);
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startPreviewServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    page.on("request", (r) => requests.push(r.url()));
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(server.url + "taskpane.html");
    await page.waitForSelector("body[data-library-loaded]", { timeout: 30000 });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
  const fill = async (key: string, text: string) => {
    await page.fill(`[data-field="${key}"]`, text);
  };
  const errorOf = (key: string) => page.textContent(`#e-${key}`);

  it("shows the form and preview with Insert disabled and explained when there is no Excel host", async () => {
    const info = JSON.parse((await page.getAttribute("body", "data-office-ready")) || "{}");
    assert.equal(info.host, null);
    assert.ok(await page.isVisible("#no-excel"));
    assert.equal(await page.isDisabled("#insert"), true);
    assert.match((await page.textContent("#insert-why")) || "", /needs Excel/);
    assert.equal(await page.getAttribute('[data-template="token"]', "aria-selected"), "true");
    // Default 3x token: the preview already shows the decay metric and a chart.
    await page.waitForSelector('[data-metric="Return if the underlying ends flat"] dd');
    assert.match(
      (await page.textContent('[data-metric="Return if the underlying ends flat"] dd')) || "",
      /^-\d+\.\d\d%$/
    );
    assert.ok(await page.isVisible("#preview svg.chart"));
    await shot("taskpane-01-token-default.png");
  });

  it("typing invalid values shows inline zod messages, blocks saving and replaces the preview", async () => {
    await fill("volatility", "-0.2");
    await fill("years", "soon");
    await page.waitForFunction(() => document.querySelector("#e-volatility")?.textContent !== "");
    assert.equal(await errorOf("volatility"), "Must be at least 0.");
    assert.equal(await errorOf("years"), '"soon" is not a number.');
    assert.equal(await page.getAttribute('[data-field="volatility"]', "aria-invalid"), "true");
    assert.equal(await page.isDisabled("#save"), true);
    assert.equal(await page.isDisabled("#run-mc"), true);
    await page.waitForSelector("#preview-invalid");
    assert.match((await page.textContent("#preview-invalid")) || "", /Fix 2 inputs/);
    await shot("taskpane-02-validation-errors.png");
  });

  it("fixing the inputs (80% volatility, 1 year, no costs) shows LEV.DECAY(3,0.8,1) ≈ −85.34% (formula contract example)", async () => {
    await fill("volatility", "80%");
    await fill("years", "1");
    for (const k of ["fee_rate", "financing_rate", "funding_rate"]) await fill(k, "0");
    await page.waitForFunction(() =>
      /-85\.34%/.test(
        document.querySelector('[data-metric="Return if the underlying ends flat"] dd')
          ?.textContent || ""
      )
    );
    assert.equal(await errorOf("volatility"), "");
    assert.equal(await page.isDisabled("#save"), false);
  });

  it("runs the Monte Carlo in the worker with a progress bar, cancels, then completes with results", async () => {
    await fill("paths", "100000");
    await page.waitForFunction(
      () => !(document.querySelector("#run-mc") as HTMLButtonElement)?.disabled
    );
    await page.click("#run-mc");
    await page.waitForSelector("#mc-progress", { timeout: 10000 });
    await page.waitForFunction(
      () => Number((document.querySelector("#mc-progress") as HTMLProgressElement)?.value) > 0,
      undefined,
      { timeout: 20000 }
    );
    // The UI thread stays responsive while the worker runs: typing still validates.
    await fill("seed", "0.5");
    assert.equal(await errorOf("seed"), "Must be at least 1.");
    await fill("seed", "1");
    await shot("taskpane-03-monte-carlo-progress.png");
    assert.ok(await page.isEnabled("#cancel-mc"));
    await page.click("#cancel-mc");
    await page.waitForFunction(
      () => document.querySelector("#mc-status")?.textContent === "Cancelled."
    );
    assert.ok(
      requests.some((u) => u.endsWith("/simulate.worker.js")),
      "the worker script was loaded"
    );

    await fill("paths", "2000");
    await page.click("#run-mc");
    await page.waitForSelector("#mc-results", { timeout: 30000 });
    const text = (await page.textContent("#mc-results")) || "";
    assert.match(text, /Median/);
    assert.match(text, /Probability of loss\d+\.\d\d%/);
    assert.ok(await page.isVisible('svg[data-chart="histogram"]'));
    assert.match((await page.textContent("#mc-status")) || "", /^Done: 2,000 paths × 365 steps/);
    await shot("taskpane-04-monte-carlo-results.png");
  });

  it("each template shows its own form and preview chart", async () => {
    const expected: Record<string, string> = {
      band: "Band token NAV vs underlying (illustrative path)",
      cppi: "CPPI value vs floor (illustrative path)",
      perp: "Liquidation distance vs leverage (opened at entry)",
      liquidation: "Probability of liquidation vs leverage (opened at the mark)",
      lending: "Health factor vs collateral price",
    };
    for (const [t, chart] of Object.entries(expected)) {
      await page.click(`[data-template="${t}"]`);
      await page.waitForSelector(`svg[data-chart="${chart}"]`);
      assert.equal(await page.getAttribute(`[data-template="${t}"]`, "aria-selected"), "true");
      await shot(`taskpane-05-${t}.png`);
    }
    // The perp template: the band rule and the perp rule give inline messages too.
    await page.click('[data-template="perp"]');
    await fill("margin", "100000");
    await page.waitForFunction(() =>
      /over-collateralised/.test(document.querySelector("#e-margin")?.textContent || "")
    );
    await fill("margin", "3000");
  });

  it("saves a scenario, lists it after a reload, duplicates it, and reports (and keeps) a corrupt stored entry", async () => {
    await page.click('[data-template="lending"]');
    await page.fill('[data-field="_name"]', "My ETH loop");
    await page.click("#save");
    await page.waitForSelector("#library-list li[data-id]");
    assert.match((await page.textContent("#status")) || "", /Saved "My ETH loop" in this browser/);
    await page.evaluate(() => localStorage.setItem("lev.scenario.broken", "{oops"));
    await page.reload();
    await page.waitForSelector("body[data-library-loaded]");
    const names = await page.$$eval("#library-list li[data-id] .nm", (els) =>
      els.map((e) => e.textContent)
    );
    assert.deepEqual(names, ["My ETH loop"]);
    assert.match(
      (await page.textContent("#library-list li.corrupt")) || "",
      /Unreadable saved scenario \(lev\.scenario\.broken\).*not valid JSON.*\{oops/
    );
    await page.click('#library-list li[data-id] button:has-text("Duplicate")');
    await page.waitForFunction(
      () => document.querySelectorAll("#library-list li[data-id]").length === 2
    );
    await page.click('#library-list li[data-id] button:has-text("Edit")');
    assert.equal(await page.inputValue('[data-field="_name"]'), "My ETH loop");
    assert.equal(
      await page.evaluate(() => localStorage.getItem("lev.scenario.broken")),
      "{oops",
      "corrupt data is kept"
    );
    await shot("taskpane-06-library.png");
  });

  it("exports the saved scenarios as a versioned JSON download and imports a version-1 file (migrated)", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("#export-json"),
    ]);
    assert.equal(download.suggestedFilename(), "lev-scenarios.json");
    const exported = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
    assert.equal(exported.schemaVersion, 2);
    assert.deepEqual(exported.scenarios.map((x: any) => x.name).sort(), [
      "My ETH loop",
      "My ETH loop (copy)",
    ]);
    const v1 = {
      version: 1,
      scenarios: [{ name: "Old short", kind: "perp", params: { ...PERP_V1, side: -1 } }],
    };
    await page.setInputFiles("#import-file", {
      name: "old.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(v1)),
    });
    await page.waitForFunction(() =>
      /Imported 1 scenario/.test(document.querySelector("#status")?.textContent || "")
    );
    assert.match((await page.textContent("#status")) || "", /migrated from schema version 1/);
    await page.click('#library-list li[data-id]:has-text("Old short") button:has-text("Edit")');
    assert.equal(await page.inputValue('[data-field="side"]'), "short");
  });

  it("made no request outside its own origin (besides office.js's own telemetry iframe) and threw no page errors", () => {
    // office.js (not our code) opens a telemetry iframe outside Office (docs/references/office-addin.md §3.3).
    const officeJsTelemetry =
      /^https:\/\/telemetryservice\.firstpartyapps\.oaspapps\.com\/telemetryservice\/telemetryproxy\.html/;
    const foreign = requests.filter(
      (u) =>
        !u.startsWith(server.url) &&
        !u.startsWith("data:") &&
        !u.startsWith("blob:") &&
        !officeJsTelemetry.test(u)
    );
    assert.deepEqual(foreign, []);
    assert.deepEqual(pageErrors, []);
  });
});

describe("task pane under a strict Content-Security-Policy (headless Chromium) [browser]", function () {
  this.timeout(90000);
  let server!: PreviewServer;
  let browser!: Browser;
  before(async function () {
    await skipWithoutBrowser(this);
    server = await startPreviewServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("renders styled, validates and runs the worker with no CSP violation (no inline script or style needed)", async () => {
    const page = await browser.newPage();
    const CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; worker-src 'self'; connect-src 'self'; img-src 'self' data:; frame-src 'none'";
    await page.route("**/taskpane.html", async (route) => {
      const r = await route.fetch();
      await route.fulfill({
        response: r,
        headers: { ...r.headers(), "content-security-policy": CSP },
      });
    });
    await page.addInitScript(() => {
      (window as any).__csp = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as any).__csp.push(
          `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`
        )
      );
    });
    await page.goto(server.url + "taskpane.html");
    await page.waitForSelector("body[data-library-loaded]", { timeout: 30000 });
    assert.equal(
      await page.evaluate(() => getComputedStyle(document.querySelector("h1")!).fontSize),
      "20px",
      "the constructed stylesheet applies"
    );
    await page.fill('[data-field="leverage"]', "0");
    await page.waitForFunction(
      () => document.querySelector("#e-leverage")?.textContent === "Leverage must not be 0."
    );
    await page.fill('[data-field="leverage"]', "2");
    await page.click("#run-mc");
    await page.waitForSelector("#mc-results", { timeout: 30000 });
    assert.deepEqual(await page.evaluate(() => (window as any).__csp), []);
  });
});

describe("the liquidation risk and lending loop templates at 320 and 420 px (headless Chromium) [browser]", function () {
  this.timeout(180000);
  let server: PreviewServer;
  let browser: Browser;

  before(async function () {
    await skipWithoutBrowser(this);
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startPreviewServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(server.url + "taskpane.html");
    await page.waitForSelector("body[data-library-loaded]", { timeout: 30000 });
    return page;
  }
  const ddOf = (page: Page, label: string) =>
    page.textContent(`[data-metric^="${label}"] dd`).then((t) => t ?? "");
  /** Waits for the preview to redraw (120 ms after a change) with `charts` charts. */
  async function settled(page: Page, charts: number) {
    await page.waitForFunction(
      (n) => document.querySelectorAll("#preview svg.chart").length === n,
      charts
    );
    await page.waitForTimeout(250);
  }

  for (const width of [320, 420]) {
    it(`${width} px: liquidation risk and lending loop read at a glance: sections, charts with no clipped or overlapping text, screenshots, axe finds nothing serious`, async () => {
      const page = await open(width);
      try {
        await page.click('[data-template="liquidation"]');
        await settled(page, 3);
        assert.deepEqual(
          await page.$$eval("#preview h3.metric-section", (els) => els.map((e) => e.textContent)),
          ["Position", "Market"]
        );
        assert.match(await ddOf(page, "Probability of liquidation within 1 week"), /^\d+\.\d\d%$/);
        assert.match(await ddOf(page, "Expected time to liquidation"), /^\d+ days$/);
        assert.match(await ddOf(page, "Safe leverage"), /^\d\.\d\dx$/);
        assert.match(await ddOf(page, "Notional liquidated"), /^[\d,]+$/);
        assert.ok(await page.isVisible('svg[data-chart^="Liquidation cascade"] text.tick.y2'));
        assert.ok((await page.$$('svg[data-chart^="Liquidation map"] rect.bar')).length >= 4);
        assert.deepEqual(await layoutProblems(page), [], `liquidation at ${width} px`);
        await page.screenshot({
          path: path.join(SHOTS, `taskpane-liquidation-${width}.png`),
          fullPage: true,
        });
        await page
          .locator("#preview")
          .screenshot({ path: path.join(SHOTS, `taskpane-liquidation-${width}-preview.png`) });
        assert.deepEqual(await axeSerious(page), [], `liquidation at ${width} px`);

        await page.click('[data-template="lending"]');
        await settled(page, 2);
        assert.deepEqual(
          await page.$$eval("#preview h3.metric-section", (els) => els.map((e) => e.textContent)),
          ["Loop", "Return", "Risk"]
        );
        assert.match(await ddOf(page, "Leverage (collateral"), /^2\.95x$/);
        assert.match(await ddOf(page, "Runway"), /^\d\.\d\d years$/);
        assert.ok(await page.isVisible('svg[data-chart^="Net APY and health"] text.tick.y2'));
        assert.deepEqual(await layoutProblems(page), [], `lending at ${width} px`);
        await page.screenshot({
          path: path.join(SHOTS, `taskpane-lending-loop-${width}.png`),
          fullPage: true,
        });
        await page
          .locator("#preview")
          .screenshot({ path: path.join(SHOTS, `taskpane-lending-loop-${width}-preview.png`) });
        assert.deepEqual(await axeSerious(page), [], `lending at ${width} px`);
      } finally {
        await page.close();
      }
    });
  }

  for (const width of [320, 420])
    it(`${width} px: token: LEV.PERF of the underlying and of the token side by side, no clipped cell, axe finds nothing serious`, async () => {
      const page = await open(width);
      try {
        await page.click('[data-template="token"]');
        await settled(page, 2);
        assert.equal(
          await page.textContent("#preview #perf-heading"),
          "Performance: underlying vs token"
        );
        assert.deepEqual(
          await page.$$eval("#perf-table thead th", (els) => els.map((e) => e.textContent)),
          ["Statistic", "Underlying", "Token"]
        );
        const rows = await page.$$eval("#perf-table tbody tr", (trs) =>
          trs.map((tr) => Array.from(tr.children).map((c) => c.textContent ?? ""))
        );
        assert.equal(rows.length, 8);
        const row = (label: string) => rows.find((r) => r[0].startsWith(label))!;
        assert.match(row("Total return")[1], /^−?-?\d+\.\d\d%$/);
        assert.match(row("Total return")[2], /^−?-?\d+\.\d\d%$/);
        assert.match(row("Sharpe")[2], /^-?\d+\.\d{4}$/);
        assert.match(row("Max drawdown")[2], /^\d+\.\d\d%$/);
        // every cell inside the preview card (nothing clipped at the pane's width)
        const clipped = await page.$$eval("#perf-table th, #perf-table td", (cells) => {
          const card = document.querySelector("#preview")!.getBoundingClientRect();
          return cells
            .filter((c) => {
              const r = c.getBoundingClientRect();
              return r.right > card.right + 0.5 || c.scrollWidth > c.clientWidth + 0.5;
            })
            .map((c) => c.textContent);
        });
        assert.deepEqual(clipped, [], `clipped at ${width} px`);
        assert.deepEqual(await layoutProblems(page), [], `token at ${width} px`);
        await page
          .locator("#perf-table")
          .screenshot({ path: path.join(SHOTS, `taskpane-token-${width}-performance.png`) });
        assert.deepEqual(await axeSerious(page), [], `token at ${width} px`);
      } finally {
        await page.close();
      }
    });

  it("liquidation: a short's expected time shows #N/A's reason; pasted levels replace the buckets (RC C1: 93.84 after 3 rounds); a bad line is named", async () => {
    const page = await open(420);
    try {
      await page.click('[data-template="liquidation"]');
      await settled(page, 3);
      await page.selectOption('[data-field="side"]', "short");
      await page.waitForFunction(() =>
        /expected time is infinite/.test(
          document.querySelector('[data-metric^="Expected time"] dd.na')?.textContent ?? ""
        )
      );
      await page.selectOption('[data-field="side"]', "long");
      for (const [k, v] of [
        ["entry_price", "100"],
        ["mark_price", "100"],
        ["quantity", "1000"],
        ["margin", "10000"],
        ["shock", "-4%"],
        ["depth_per_1pct", "2,000,000"],
      ])
        await page.fill(`[data-field="${k}"]`, v);
      await page.fill(
        '[data-field="levels"]',
        "long, 97, 1000000\nlong 95.6 2000000\nshort, 90, 5"
      );
      await page.waitForFunction(() =>
        /^Line 3: a short liquidation price 90 is already crossed/.test(
          document.querySelector("#e-levels")?.textContent ?? ""
        )
      );
      await page.fill(
        '[data-field="levels"]',
        [
          "long, 97, 1000000",
          "long, 95.6, 2000000",
          "long, 94.8, 1500000",
          "long, 92, 3000000",
          "long, 88, 4000000",
          "long, 80, 5000000",
          "short, 104, 2500000",
          "short, 110, 3000000",
        ].join("\n")
      );
      await page.waitForFunction(
        () =>
          document.querySelector('[data-metric="Price after the cascade"] dd')?.textContent ===
          "93.84"
      );
      assert.equal(await ddOf(page, "Rounds of liquidations"), "3");
      assert.equal(await ddOf(page, "Amplification"), "1.54x");
      await page.waitForTimeout(250);
      assert.deepEqual(await layoutProblems(page), []);
      await page
        .locator("#preview")
        .screenshot({ path: path.join(SHOTS, "taskpane-liquidation-420-pasted-levels.png") });
    } finally {
      await page.close();
    }
  });

  it("lending: a published preset fills the rate model, LTV and threshold (wstETH/WETH e-mode), and the preview follows", async () => {
    const page = await open(420);
    try {
      await page.click('[data-template="lending"]');
      await settled(page, 2);
      const before = await ddOf(page, "Most leverage");
      await page.selectOption("#f-_preset", "wsteth-weth");
      assert.equal(await page.inputValue('[data-field="ltv"]'), "0.93");
      assert.equal(await page.inputValue('[data-field="liquidation_threshold"]'), "0.95");
      assert.equal(await page.inputValue('[data-field="underlying"]'), "wstETH");
      assert.equal(await page.inputValue('[data-field="supply_reserve_factor"]'), "0.35");
      assert.equal(await page.inputValue("#f-_preset"), "", "the list goes back to its prompt");
      await page.waitForFunction(
        (b) => document.querySelector('[data-metric^="Most leverage"] dd')?.textContent !== b,
        before
      );
      assert.equal(await ddOf(page, "Most leverage"), "14x");
      assert.equal(await page.$("#preview-invalid"), null);
    } finally {
      await page.close();
    }
  });
});
