// End to end with a stand-in Excel host: the page's office.js request is answered with a small stub whose
// Office.onReady reports host "Excel" and whose Excel.run hands out recording objects (sheets, ranges, names,
// tables, charts, workbook settings persisted in localStorage). This drives the real built taskpane.js
// through Insert into workbook, saving into the workbook settings and reopening, which the local preview
// (no host) cannot reach. It checks the wiring; the Excel API calls themselves are asserted in
// test/taskpane/excel.test.ts.
import { strict as assert } from "assert";
import fs from "fs";
import path from "path";
import type { Browser, Page } from "playwright-core";
import { launchChromium, skipWithoutBrowser } from "../support/browser";
import { startPreviewServer, type PreviewServer } from "../support/server";

const SHOTS = path.join(__dirname, "..", "..", "test-results", "screenshots");

const OFFICE_STUB = String.raw`
(function () {
  var log = (window.__excelLog = []);
  var sheets = JSON.parse(localStorage.getItem("stub.sheets") || "[]");
  var settings = JSON.parse(localStorage.getItem("stub.settings") || "{}");
  function persist() { localStorage.setItem("stub.sheets", JSON.stringify(sheets)); localStorage.setItem("stub.settings", JSON.stringify(settings)); }
  function probe(exists) { return { isNullObject: !exists, load: function () { return this; } }; }
  function range(sheet, address) {
    var r = { format: { font: {}, fill: {} },
      conditionalFormats: { add: function (t) { log.push([sheet, "cf", address, t]); return { colorScale: {}, cellValue: { format: { fill: {}, font: {} } } }; } },
      select: function () { log.push([sheet, "select", address]); } };
    ["values", "formulas", "numberFormat"].forEach(function (p) {
      var v; Object.defineProperty(r, p, { get: function () { return v; }, set: function (x) { v = x; log.push([sheet, p, address, x]); } });
    });
    r.__address = address;
    return r;
  }
  function sheet(name) {
    return {
      getRange: function (a) { return range(name, a); },
      activate: function () { log.push([name, "activate"]); },
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
      worksheets: {
        add: function (n) { sheets.push(n); persist(); log.push([n, "add"]); return sheet(n); },
        getItemOrNullObject: function (n) { return probe(sheets.some(function (s) { return s.toLowerCase() === n.toLowerCase(); })); },
      },
      tables: { getItemOrNullObject: function () { return probe(false); } },
      settings: {
        items: [],
        load: function () { this.items = Object.keys(settings).map(function (k) { return { key: k, value: settings[k] }; }); return this; },
        add: function (k, v) { settings[k] = v; persist(); },
        getItemOrNullObject: function (k) { var p = probe(k in settings); p.delete = function () { delete settings[k]; persist(); }; return p; },
      },
    },
    sync: function () { window.__syncs = (window.__syncs || 0) + 1; return Promise.resolve(); },
  };
  window.Excel = { run: function (cb) { return Promise.resolve().then(function () { return cb(context); }); } };
  window.Office = { HostType: { Excel: "Excel" }, onReady: function (cb) { var info = { host: "Excel", platform: "OfficeOnline" }; setTimeout(function () { cb && cb(info); }, 0); return Promise.resolve(info); } };
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
    assert.match((await page.textContent("#library .sub")) || "", /Saved in this workbook/);
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
    const names = await page.$$eval("#library-list li[data-id] .nm", (els) =>
      els.map((e) => e.textContent)
    );
    assert.deepEqual(names, ["BTC perp"], "the second insert updated the same saved scenario");
  });
});
