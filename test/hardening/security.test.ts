/**
 * Security of what the add-in loads and runs:
 * - no eval / new Function / string timers in our source or in the production bundles (they must run under
 *   a Content-Security-Policy without 'unsafe-eval'; zod 4's `new Function` JIT probe must not be bundled);
 * - the task pane page and help page carry a CSP meta tag (no 'unsafe-eval', no inline script, only our
 *   origin plus the Office CDN for office.js);
 * - in headless Chromium, the task pane under its own CSP (served as built, no header added) loads, runs the
 *   preview, the Monte Carlo in the worker, and LEV custom functions through the functions bundle, with no
 *   CSP violation, no page error and no request outside localhost — except office.js's own telemetry iframe
 *   (office.js, not our code; docs/references/office-addin.md §3.3), which is allow-listed by its exact URL.
 */
import { strict as assert } from "node:assert";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium, skipWithoutBrowser } from "../support/browser";
import { startPreviewServer, type PreviewServer } from "../support/server";

import { REPO, TEST_DIST as DIST } from "../support/dist";
import { FUNCTIONS } from "../../functions/registry";
const BUNDLES = ["shared.js", "functions.js", "taskpane.js", "simulate.worker.js"];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.(ts|js|mjs|html)$/.test(e.name) ? [p] : [];
  });
}

/** eval(, new Function(, Function("…"), setTimeout("…"), setInterval("…"): code from strings. */
const DYNAMIC_CODE = [
  /(^|[^\w.$])eval\s*\(/,
  /new\s+Function\s*\(/,
  /(^|[^\w.$])Function\s*\(\s*["'`]/,
  /set(Timeout|Interval)\s*\(\s*["'`]/,
  /=\s*Function\s*[;,)]/,
];

describe("hardening: no code from strings (eval, new Function) in our code or the bundles", () => {
  it("src/ and functions/ contain no eval, new Function or string timers", () => {
    const files = [
      ...sourceFiles(path.join(REPO, "src")),
      ...sourceFiles(path.join(REPO, "functions")),
    ];
    assert.ok(files.length > 20);
    const hits = files.flatMap((f) =>
      fs
        .readFileSync(f, "utf8")
        .split("\n")
        .filter((line) => !/^\s*(\/\/|\*)/.test(line) && DYNAMIC_CODE.some((re) => re.test(line)))
        .map((line) => `${path.relative(REPO, f)}: ${line.trim()}`)
    );
    assert.deepEqual(hits, []);
  });

  it("the production bundles contain no eval, new Function or Function-constructor alias (zod's JIT probe is not bundled)", () => {
    for (const b of BUNDLES) {
      const code = fs.readFileSync(path.join(DIST, b), "utf8");
      const hits = DYNAMIC_CODE.filter((re) => re.test(code)).map(String);
      assert.deepEqual(hits, [], `${b}: ${hits.join(", ")}`);
    }
  });
});

/** Parses a CSP meta tag's policy into directive → sources. */
function cspOf(html: string): Map<string, string[]> {
  const m = /<meta\s+http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/i.exec(html);
  assert.ok(m, "no Content-Security-Policy meta tag");
  return new Map(
    m[1]
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([k, ...v]) => [k, v])
  );
}

describe("hardening: Content-Security-Policy meta tags", () => {
  it("the built task pane page allows scripts only from our origin and the Office CDN, never unsafe-eval or inline", () => {
    const csp = cspOf(fs.readFileSync(path.join(DIST, "taskpane.html"), "utf8"));
    assert.deepEqual(csp.get("script-src"), ["'self'", "https://appsforoffice.microsoft.com"]);
    assert.deepEqual(csp.get("style-src"), ["'self'"]);
    assert.deepEqual(csp.get("connect-src"), ["'self'"]);
    assert.deepEqual(csp.get("worker-src"), ["'self'"]);
    assert.deepEqual(csp.get("object-src"), ["'none'"]);
    assert.deepEqual(csp.get("frame-src"), [
      "https://telemetryservice.firstpartyapps.oaspapps.com",
    ]);
    for (const [k, v] of csp) {
      assert.ok(
        !v.some((s) => /unsafe-(eval|inline)|^\*$|^https?:$/.test(s)),
        `${k} ${v.join(" ")}`
      );
      if (k !== "img-src") assert.ok(!v.includes("data:"), `${k} allows data:`);
    }
  });

  it("the production build's office.js URL (Office CDN, webpack.config.js) is allowed by the task pane's script-src", () => {
    const m = /const OFFICE_JS_CDN = "([^"]+)"/.exec(
      fs.readFileSync(path.join(REPO, "webpack.config.js"), "utf8")
    );
    assert.ok(m, "OFFICE_JS_CDN in webpack.config.js");
    const csp = cspOf(fs.readFileSync(path.join(REPO, "src", "taskpane", "taskpane.html"), "utf8"));
    assert.ok(
      csp.get("script-src")!.includes(new URL(m[1]).origin),
      `${new URL(m[1]).origin} not in script-src`
    );
  });

  it("the help page allows nothing but its own inline styles and images", () => {
    const csp = cspOf(fs.readFileSync(path.join(REPO, "src", "help.html"), "utf8"));
    assert.deepEqual(csp.get("default-src"), ["'none'"]);
    assert.ok(!/script/.test([...csp.keys()].join(" ")), "no script source at all");
    assert.ok(!/<script/i.test(fs.readFileSync(path.join(REPO, "src", "help.html"), "utf8")));
  });
});

/** office.js (not our code) frames Microsoft's telemetry proxy outside Office; its exact URL, nothing else. */
const OFFICE_JS_TELEMETRY =
  /^https:\/\/telemetryservice\.firstpartyapps\.oaspapps\.com\/telemetryservice\/telemetryproxy\.html(\?|$)/;

describe("hardening: the task pane and functions make no network request outside localhost (headless Chromium, page's own CSP) [browser]", function () {
  this.timeout(120_000);
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  before(async function () {
    await skipWithoutBrowser(this);
    server = await startPreviewServer(DIST);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    page.on("request", (r) => requests.push(r.url()));
    page.on("pageerror", (e) => pageErrors.push(e.message));
    // Record CSP violations; capture the functions the bundle registers with CustomFunctions.associate
    // (whatever object office.js installs as CustomFunctions, its associate is wrapped).
    // (Plain JS strings: tsx's helpers such as __name do not exist in the page.)
    await page.addInitScript({
      content: `(function () {
        var w = window, cf;
        w.__csp = [];
        w.__lev = {};
        document.addEventListener("securitypolicyviolation", function (e) { w.__csp.push(e.violatedDirective + " " + e.blockedURI); });
        function wrap(o) {
          if (o && typeof o === "object" && !o.__levWrapped) {
            // office.js assigns its own associate later: keep it (setter) and hand out a recording wrapper.
            var orig = o.associate;
            Object.defineProperty(o, "associate", {
              configurable: true,
              get: function () {
                return function (id, fn) { if (typeof id === "string") w.__lev[id] = fn; return typeof orig === "function" ? orig.apply(o, arguments) : undefined; };
              },
              set: function (fn) { orig = fn; },
            });
            o.__levWrapped = true;
          }
          return o;
        }
        Object.defineProperty(w, "CustomFunctions", { configurable: true, get: function () { return cf; }, set: function (v) { cf = wrap(v); } });
        w.CustomFunctions = {};
      })();`,
    });
    await page.goto(server.url + "taskpane.html");
    await page.waitForSelector("body[data-library-loaded]", { timeout: 30_000 });
    // office.js loaded under the page's CSP and Office.onReady resolved (no Excel host here).
    await page.waitForSelector("body[data-office-ready]", { timeout: 30_000 });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("runs the preview and the Monte Carlo in the worker", async () => {
    await page.fill('[data-field="leverage"]', "2");
    await page.waitForSelector("#preview svg.chart");
    await page.click("#run-mc");
    await page.waitForSelector("#mc-results", { timeout: 60_000 });
    assert.ok(
      requests.some((u) => u.endsWith("/simulate.worker.js")),
      "the Monte Carlo ran in the worker"
    );
  });

  it("evaluates LEV custom functions through the functions bundle in the page, including LEV.SIMULATE in the worker and hostile input", async () => {
    const out = (await page.evaluate(`(async function () {
      var f = window.__lev, r = { ids: Object.keys(f).length };
      function err(e) { return (e && e.code) + " " + (e && e.message); }
      r.decay = f.DECAY(3, 0.8, null, null, null, null);
      try { f["LIQ.PRICE"]("sideways", 100, 1, 10, null, null, null); } catch (e) { r.side = err(e); }
      r.sim = await f.SIMULATE(2, 0.5, 1, [["paths", 200], ["steps_per_year", 12]], {});
      try { await f.SIMULATE(2, 0.5, 1, [["paths", 1e7]], {}); } catch (e) { r.simLimit = err(e); }
      return r;
    })()`)) as Record<string, unknown>;
    assert.equal(out.ids, FUNCTIONS.length, "every declared function registered");
    assert.ok(
      typeof out.decay === "number" && Math.abs((out.decay as number) + 0.8534) < 1e-3,
      `LEV.DECAY(3,0.8,1) ≈ −0.8534 (spec example), got ${out.decay}`
    );
    assert.match(String(out.side), /^#VALUE! side must be/);
    assert.equal((out.sim as unknown[][]).length, 11); // LEV.SIMULATE: 10 statistics + header
    assert.match(String(out.simLimit), /^#NUM! .*paths/);
  });

  it("made no request outside localhost (only office.js's telemetry iframe allowed), with no CSP violation and no page error", async () => {
    await page.waitForTimeout(500);
    const local = (u: string) =>
      /^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|data:|blob:)/.test(u);
    const foreign = requests.filter((u) => !local(u) && !OFFICE_JS_TELEMETRY.test(u));
    if (process.env.LEV_SHOW_REQUESTS) console.log(requests.join("\n"));
    assert.deepEqual(foreign, []);
    assert.ok(requests.length > 3);
    const violations = (await page.evaluate(() => (window as any).__csp)) as string[];
    // A blocked office.js telemetry frame would be the only acceptable report; there is none expected.
    assert.deepEqual(
      violations.filter((v) => !OFFICE_JS_TELEMETRY.test(v.split(" ")[1] ?? "")),
      []
    );
    assert.deepEqual(pageErrors, []);
  });
});
