// End to end with a stand-in Excel host: the page's office.js request is answered with a small stub whose
// Office.onReady reports host "Excel" and whose Excel.run hands out recording objects (sheets, ranges, names,
// tables, charts, workbook settings persisted in localStorage). This drives the real built taskpane.js
// through Insert into workbook, saving into the workbook settings and reopening, which the local preview
// (no host) cannot reach. It checks the wiring; the Excel API calls themselves are asserted in
// test/taskpane/excel.test.ts. The stub also stands in for the custom-functions runtime
// (CustomFunctions.associate keeps each LEV function of the built functions.js), so the error explainer is
// driven end to end: a LEV function called as Excel calls it (with the cell's address) records its message in
// the page's error log, and the task pane shows it for the selected cell (screenshots
// taskpane-08-error-explainer*.png).
import { strict as assert } from "assert";
import fs from "fs";
import path from "path";
import type { Browser, Page } from "playwright-core";
import { launchChromium, skipWithoutBrowser } from "../support/browser";
import { startPreviewServer, type PreviewServer } from "../support/server";

const SHOTS = path.join(__dirname, "..", "..", "test-results", "screenshots");
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical violations on the page (WCAG 2.2 AA and best practices). */
async function axeSerious(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run(
          ctx: Document,
          o: object
        ): Promise<{
          violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
        }>;
      };
    };
    const r = await w.axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
      },
      resultTypes: ["violations"],
    });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  });
}

const OFFICE_STUB = String.raw`
(function () {
  var log = (window.__excelLog = []);
  var sheets = JSON.parse(localStorage.getItem("stub.sheets") || "[]");
  var settings = (window.__settings = JSON.parse(localStorage.getItem("stub.settings") || "{}"));
  function persist() { localStorage.setItem("stub.sheets", JSON.stringify(sheets)); localStorage.setItem("stub.settings", JSON.stringify(settings)); }
  window.__persist = persist;
  function probe(exists) { return { isNullObject: !exists, load: function () { return this; } }; }
  // cells the error explainer reads back: "Sheet!A1" -> {formula, value, type}
  var cells = (window.__cells = {});
  window.__activeSheet = "Sheet1";
  window.__active = "Sheet1!A1";
  var selectionHandlers = (window.__selectionHandlers = []);
  var settingsHandlers = [];
  window.__fireSelection = function () { return Promise.all(selectionHandlers.map(function (h) { return h({}); })); };
  window.__fireSettingsChanged = function () { persist(); return Promise.all(settingsHandlers.map(function (h) { return h({}); })); };
  function cellRead(address) {
    var c = cells[address] || { formula: "", value: "", type: "Empty" };
    return { address: address, formulas: [[c.formula]], values: [[c.value]], valueTypes: [[c.type]], load: function () { return this; } };
  }
  function range(sheet, address) {
    var r = { format: { font: {}, fill: {} },
      conditionalFormats: { add: function (t) { log.push([sheet, "cf", address, t]); return { colorScale: {}, cellValue: { format: { fill: {}, font: {} } } }; } },
      select: function () { log.push([sheet, "select", address]); window.__activeSheet = sheet; window.__active = sheet + "!" + address; } };
    ["values", "formulas", "numberFormat"].forEach(function (p) {
      var v; Object.defineProperty(r, p, { get: function () { return v; }, set: function (x) { v = x; log.push([sheet, p, address, x]); } });
    });
    r.__address = address;
    return r;
  }
  function sheet(name) {
    return {
      name: name,
      load: function () { return this; },
      getRange: function (a) { return range(name, a); },
      activate: function () { log.push([name, "activate"]); window.__activeSheet = name; },
      calculate: function (all) { log.push([name, "calculate", all]); },
      names: { add: function (n, ref) { log.push([name, "name", n, ref.__address]); } },
      tables: { add: function (a) { log.push([name, "table", a]); return {}; } },
      charts: { add: function (type, src) {
        log.push([name, "chart", type, src.__address]);
        var series = [{ setValues: function () {}, setXAxisValues: function () {} }];
        return { title: {}, legend: {}, axes: { categoryAxis: { title: {} }, valueAxis: { title: {} } },
          series: { getItemAt: function (i) { return series[i]; }, add: function (n) { var s = { name: n, setValues: function () {}, setXAxisValues: function () {} }; series.push(s); return s; } },
          setPosition: function () {} };
      } },
    };
  }
  var context = {
    workbook: {
      getActiveCell: function () { return cellRead(window.__active); },
      onSelectionChanged: { add: function (h) { selectionHandlers.push(h); } },
      worksheets: {
        add: function (n) { sheets.push(n); persist(); log.push([n, "add"]); return sheet(n); },
        getItemOrNullObject: function (n) { return probe(sheets.some(function (s) { return s.toLowerCase() === n.toLowerCase(); })); },
        getItem: function (n) { return sheet(n); },
        getActiveWorksheet: function () {
          var ws = sheet(window.__activeSheet);
          ws.getRange = function (a) { return cellRead(window.__activeSheet + "!" + a); };
          return ws;
        },
        onActivated: { add: function (h) { selectionHandlers.push(h); } },
      },
      tables: { getItemOrNullObject: function () { return probe(false); } },
      settings: {
        items: [],
        load: function () { this.items = Object.keys(settings).map(function (k) { return { key: k, value: settings[k] }; }); return this; },
        add: function (k, v) { settings[k] = v; persist(); },
        getItemOrNullObject: function (k) { var p = probe(k in settings); p.value = settings[k]; p.delete = function () { delete settings[k]; persist(); }; return p; },
        onSettingsChanged: { add: function (h) { settingsHandlers.push(h); } },
      },
    },
    sync: function () { window.__syncs = (window.__syncs || 0) + 1; return Promise.resolve(); },
  };
  window.Excel = { run: function (cb) { return Promise.resolve().then(function () { return cb(context); }); } };
  window.Office = { HostType: { Excel: "Excel" },
    context: { diagnostics: { host: "Excel", platform: "OfficeOnline", version: "16.0.99999.0" },
      requirements: { isSetSupported: function (n, v) { return n !== "CustomFunctionsRuntime" || Number(String(v).split(".")[1]) <= 3; } } },
    onReady: function (cb) { var info = { host: "Excel", platform: "OfficeOnline" }; setTimeout(function () { cb && cb(info); }, 0); return Promise.resolve(info); } };
  // the custom-functions runtime: functions.js associates each LEV function; the test calls them as Excel does
  var registered = (window.__cf = {});
  function CfError(code, message) { this.code = code; this.message = message; }
  CfError.prototype = Object.create(Error.prototype);
  window.CustomFunctions = {
    associate: function (id, fn) { registered[id] = fn; },
    Error: CfError,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!" },
  };
})();
`;

describe("task pane with a stand-in Excel host (headless Chromium) [browser]", function () {
  this.timeout(90000);
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;

  before(async function () {
    await skipWithoutBrowser(this);
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startPreviewServer();
    browser = await launchChromium();
    const ctx = await browser.newContext({ viewport: { width: 420, height: 900 } });
    await ctx.route("**/office-js/office.js", (route) =>
      route.fulfill({ status: 200, contentType: "text/javascript", body: OFFICE_STUB })
    );
    await ctx.route("https://appsforoffice.microsoft.com/**", (route) =>
      route.fulfill({ status: 200, contentType: "text/javascript", body: OFFICE_STUB })
    );
    page = await ctx.newPage();
    await page.goto(server.url + "taskpane.html");
    await page.waitForSelector("body[data-library-loaded]", { timeout: 30000 });
    await page.waitForSelector("body[data-errors-ready]", { timeout: 30000 });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("enables Insert, inserts the sheet in 2 syncs, saves the scenario in the workbook settings", async () => {
    assert.equal(
      JSON.parse((await page.getAttribute("body", "data-office-ready")) || "{}").host,
      "Excel"
    );
    assert.equal(await page.isVisible("#no-excel"), false);
    await page.click('[data-template="perp"]');
    await page.waitForFunction(
      () => !(document.querySelector("#insert") as HTMLButtonElement).disabled
    );
    const syncsBefore = await page.evaluate(() => (window as any).__syncs || 0);
    await page.click("#insert");
    await page.waitForFunction(() =>
      /Inserted sheet/.test(document.querySelector("#status")?.textContent || "")
    );
    assert.equal(
      await page.textContent("#status"),
      'Inserted sheet "LEV BTC perp". Edit its Inputs table to recalculate.'
    );
    const log = await page.evaluate(() => (window as any).__excelLog as unknown[][]);
    assert.ok(
      log.some(
        (e) =>
          e[1] === "formulas" &&
          e[2] === "G7" &&
          JSON.stringify(e[3]).includes(
            "LEV.LIQ.TIERED(in_side,in_entry_price,in_quantity,in_margin,Brackets_BTC_perp_1)"
          )
      )
    );
    assert.ok(log.some((e) => e[1] === "name" && e[2] === "in_entry_price" && e[3] === "$B$8"));
    assert.ok(log.some((e) => e[1] === "chart" && e[2] === "XYScatterLines"));
    const syncs = (await page.evaluate(() => (window as any).__syncs)) - syncsBefore;
    // 2 for the insert, 1 for saving the scenario into the settings.
    assert.equal(syncs, 3);
    assert.match(
      (await page.textContent("#library .sub")) || "",
      /^Stored in this workbook's add-in settings: they are in the file once the workbook is saved/
    );
    const settings = JSON.parse(
      (await page.evaluate(() => localStorage.getItem("stub.settings"))) || "{}"
    );
    const keys = Object.keys(settings);
    assert.equal(keys.length, 1);
    assert.match(keys[0], /^lev\.scenario\.[0-9a-f]{18}$/);
    assert.equal(JSON.parse(settings[keys[0]]).name, "BTC perp");
    await page.screenshot({
      path: path.join(SHOTS, "taskpane-07-excel-inserted.png"),
      fullPage: true,
    });
  });

  it("a second insert gets a new sheet name; reopening lists the saved scenario from the workbook", async () => {
    await page.click("#insert");
    await page.waitForFunction(() =>
      /\(2\)/.test(document.querySelector("#status")?.textContent || "")
    );
    assert.equal(
      await page.textContent("#status"),
      'Inserted sheet "LEV BTC perp (2)". Edit its Inputs table to recalculate.'
    );
    await page.reload();
    await page.waitForSelector("body[data-library-loaded]");
    await page.waitForSelector("body[data-errors-ready]");
    const names = await page.$$eval("#library-list li[data-id] .nm", (els) =>
      els.map((e) => e.textContent)
    );
    assert.deepEqual(names, ["BTC perp"], "the second insert updated the same saved scenario");
  });

  it("error explainer: the selected cell's LEV message (also #NUM!, which Excel never shows) and every LEV error of the sheet with Go to", async () => {
    await page.setViewportSize({ width: 360, height: 900 });
    // Excel calculates two LEV cells on Sheet1 (the functions bundle records their failures by address)
    const outcomes = await page.evaluate(() => {
      const w = window as any;
      w.__cells["Sheet1!B2"] = { formula: "=LEV.DECAY(3,80)", value: "#VALUE!", type: "Error" };
      w.__cells["Sheet1!C3"] = { formula: "=LEV.DECAY(3,-0.2)", value: "#NUM!", type: "Error" };
      w.__cells["Sheet1!D4"] = { formula: "=LEV.DECAY(3,0.8)", value: -0.85, type: "Double" };
      w.__activeSheet = "Sheet1";
      w.__active = "Sheet1!B2";
      // (no named functions in here: the test runner's transpiler would wrap them in a helper the page lacks)
      const out: string[] = [];
      for (const [volatility, address] of [
        [80, "Sheet1!B2"],
        [-0.2, "Sheet1!C3"],
        [0.8, "Sheet1!D4"],
      ]) {
        try {
          out.push(String(w.__cf.DECAY(3, volatility, null, null, null, null, { address })));
        } catch (e: any) {
          out.push(`${e.code}: ${e.message}`);
        }
      }
      return out;
    });
    assert.match(String(outcomes[0]), /^#VALUE!: volatility is 80/);
    assert.match(String(outcomes[1]), /^#NUM!: volatility must be ≥ 0/);
    await page.evaluate(() => (window as any).__fireSelection());
    await page.waitForFunction(() =>
      /did you mean 0\.8/.test(document.querySelector("#selected-error-message")?.textContent || "")
    );
    assert.equal(await page.textContent("#selected-error .err-code"), "#VALUE! from LEV.DECAY");
    assert.equal(await page.textContent("#sheet-errors-heading"), "2 LEV errors on Sheet1");
    assert.deepEqual(
      await page.$$eval("#sheet-errors li", (els) =>
        els.map((e) => (e as HTMLElement).dataset.cell)
      ),
      ["B2", "C3"]
    );
    // (a locator: the card is redrawn on every change, an element handle would go stale)
    const card = page.locator("#errors-panel");
    await card.screenshot({ path: path.join(SHOTS, "taskpane-08-error-explainer.png") });
    // one click: Go to C3 selects it, and the pane explains the #NUM!
    await page.click('#sheet-errors button[data-cell="C3"]');
    await page.waitForFunction(() =>
      /volatility must be ≥ 0/.test(
        document.querySelector("#selected-error-message")?.textContent || ""
      )
    );
    assert.equal(await page.evaluate(() => (window as any).__active), "Sheet1!C3");
    assert.equal(await page.textContent("#selected-error .err-code"), "#NUM! from LEV.DECAY");
    await card.screenshot({ path: path.join(SHOTS, "taskpane-08-error-explainer-num.png") });
    // the analyst fixes B2: it recalculates without error, and its record goes
    await page.evaluate(() => {
      const w = window as any;
      w.__cells["Sheet1!B2"] = { formula: "=LEV.DECAY(3,0.8)", value: -0.85, type: "Double" };
      w.__cf.DECAY(3, 0.8, null, null, null, null, { address: "Sheet1!B2" });
    });
    await page.waitForFunction(
      () => document.querySelector("#sheet-errors-heading")?.textContent === "1 LEV error on Sheet1"
    );
    // an error cell with no recorded message (calculated before the add-in started) says so
    await page.evaluate(() => {
      const w = window as any;
      w.__cells["Sheet1!E5"] = { formula: "=LEV.DECAY(3,90)", value: "#VALUE!", type: "Error" };
      w.__active = "Sheet1!E5";
      return w.__fireSelection();
    });
    await page.waitForFunction(() =>
      /no message recorded for this cell yet/.test(
        document.querySelector("#selected-error")?.textContent || ""
      )
    );
    await page.click("#recalc-sheet");
    await page.waitForFunction(() =>
      ((window as any).__excelLog as unknown[][]).some((e) => e[1] === "calculate" && e[2] === true)
    );
    await page.screenshot({ path: path.join(SHOTS, "taskpane-08-error-explainer-page.png") });
    assert.deepEqual(await axeSerious(page), [], "axe: the explainer and the self-check card");
    await page.setViewportSize({ width: 420, height: 900 });
  });

  it("Delete asks first (Keep keeps it); a confirmed delete leaves a tombstone in the workbook settings", async () => {
    const row = "#library-list li[data-id]";
    assert.equal((await page.$$(row)).length, 1);
    await page.click("#library-list button[id^='lib-del-']");
    await page.waitForSelector("#lib-confirm-del");
    assert.match(
      (await page.textContent("#lib-confirm-q")) || "",
      /^Delete "BTC perp" from this workbook\?/
    );
    assert.equal(await page.evaluate(() => document.activeElement?.id), "lib-cancel-del");
    assert.deepEqual(await axeSerious(page), [], "axe: the delete confirmation");
    await page.click("#lib-cancel-del");
    await page.waitForSelector(row);
    assert.equal((await page.$$(row)).length, 1, "Keep keeps it");
    await page.click("#library-list button[id^='lib-del-']");
    await page.click("#lib-confirm-del");
    await page.waitForFunction(() =>
      /^Deleted from this workbook's add-in settings/.test(
        document.querySelector("#status")?.textContent || ""
      )
    );
    assert.equal((await page.$$(row)).length, 0);
    const settings = await page.evaluate(
      () => (window as any).__settings as Record<string, string>
    );
    const values = Object.values(settings).map((v) => JSON.parse(v));
    assert.equal(values.length, 1);
    assert.equal(values[0].deleted, true);
  });

  it("another pane's save arrives through onSettingsChanged; a stale Save is refused with the revisions; 'saved' says where", async () => {
    await page.click('[data-template="token"]');
    await page.fill("#f-_name", "Shared token");
    await page.click("#save");
    await page.waitForFunction(() =>
      /^Saved "Shared token"/.test(document.querySelector("#status")?.textContent || "")
    );
    assert.match(
      (await page.textContent("#status")) || "",
      /in this workbook's add-in settings \(revision 1\)\. It is in the file once the workbook is saved/
    );
    // another pane (window, co-author) edits the same scenario: revision 2 in the workbook's settings
    await page.evaluate(() => {
      const w = window as any;
      const key = Object.keys(w.__settings).find(
        (k) => JSON.parse(w.__settings[k]).name === "Shared token"
      )!;
      const rec = JSON.parse(w.__settings[key]);
      rec.revision = 2;
      rec.inputs.leverage = 4;
      rec.name = "Shared token (edited elsewhere)";
      w.__settings[key] = JSON.stringify(rec);
      return w.__fireSettingsChanged();
    });
    await page.waitForFunction(() =>
      /was changed in another pane or window \(revision 2\)/.test(
        document.querySelector("#status")?.textContent || ""
      )
    );
    assert.deepEqual(
      await page.$$eval("#library-list li[data-id] .nm", (els) => els.map((e) => e.textContent)),
      ["Shared token (edited elsewhere)"]
    );
    await page.fill("#f-leverage", "5");
    await page.click("#save");
    await page.waitForFunction(() =>
      /^Not saved: /.test(document.querySelector("#status")?.textContent || "")
    );
    assert.match(
      (await page.textContent("#status")) || "",
      /now revision 2; your edits started from revision 1/
    );
    const stored = await page.evaluate(() =>
      Object.values((window as any).__settings as Record<string, string>)
        .map((v) => JSON.parse(v))
        .filter((v) => !v.deleted)
    );
    assert.equal(stored.length, 1);
    assert.equal(stored[0].inputs.leverage, 4, "the other pane's edit is kept");
    // "Save as new" keeps this pane's edits as a second scenario
    await page.click("#save-new");
    await page.waitForFunction(
      () => document.querySelectorAll("#library-list li[data-id]").length === 2
    );
  });

  it("Insert self-check sheet writes the reference formulas, probes and the detected Excel", async () => {
    await page.click("#insert-selfcheck");
    await page.waitForFunction(() =>
      /^Inserted sheet "LEV self-check"/.test(
        document.querySelector("#selfcheck-status")?.textContent || ""
      )
    );
    const log = await page.evaluate(() => (window as any).__excelLog as unknown[][]);
    assert.ok(
      log.some(
        (e) =>
          e[0] === "LEV self-check" &&
          e[1] === "formulas" &&
          JSON.stringify(e[3]) === JSON.stringify([["=LEV.DECAY(3,80)"]])
      )
    );
    assert.ok(
      log.some(
        (e) =>
          e[0] === "LEV self-check" &&
          e[1] === "values" &&
          JSON.stringify(e[3]).includes("16.0.99999.0")
      )
    );
    await page.locator("#selfcheck").screenshot({
      path: path.join(SHOTS, "taskpane-09-selfcheck.png"),
    });
  });
});
