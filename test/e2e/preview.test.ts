import { strict as assert } from "assert";
import fs from "fs";
import os from "os";
import path from "path";
import type { Browser } from "playwright-core";
import { launchChromium, skipWithoutBrowser } from "../support/browser";
import { startScript, stopChild, waitForOutput, type Started } from "../support/child";
import { startPreviewServer, PreviewServer } from "../support/server";

describe("local preview page (no Excel) [browser]", function () {
  this.timeout(60000);
  let server: PreviewServer;
  let browser: Browser;
  before(async function () {
    await skipWithoutBrowser(this);
    server = await startPreviewServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("loads the task pane with office.js from node_modules and Office.onReady resolves with no host", async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(server.url + "taskpane.html");
    await page.waitForSelector("body[data-office-ready]", { timeout: 20000 });
    const info = JSON.parse((await page.getAttribute("body", "data-office-ready")) || "{}");
    assert.equal(info.host, null, "no Office host outside Excel");
    assert.ok(
      requests.some((u) => u.startsWith(server.url + "office-js/office.js")),
      "office.js came from the local server"
    );
    assert.ok(
      requests.some((u) => u.endsWith("/functions.js")),
      "the shared runtime page loads the functions bundle"
    );
    await page.close();
  });

  it("serves the generated functions.json and the manifest", async () => {
    const page = await browser.newPage();
    const res = await page.goto(server.url + "functions.json");
    assert.equal(res?.status(), 200);
    const meta = JSON.parse((await res?.text()) || "{}");
    assert.ok(Array.isArray(meta.functions) && meta.functions.length > 0);
    await page.close();
  });
});

describe("npm start on a machine without Excel [browser]", function () {
  this.timeout(180000);
  let started: Started | undefined;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lev-start-"));
  before(async function () {
    await skipWithoutBrowser(this);
  });
  after(async () => {
    await stopChild(started?.child);
    fs.rmSync(out, { recursive: true, force: true });
  });
  it("builds, serves the local preview and prints a URL whose task pane loads with Office.onReady resolved", async () => {
    started = startScript(["--preview", "--port", "0", "--out", out]);
    const url = (await waitForOutput(started, /Task pane:\s+(http:\/\/\S+)/, 150000))[1];
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForSelector("body[data-office-ready]", { timeout: 20000 });
      assert.equal(
        JSON.parse((await page.getAttribute("body", "data-office-ready")) || "{}").host,
        null
      );
    } finally {
      await browser.close();
    }
  });
});
