// The browser suites skip themselves when no browser is found; this test is the one place that fails then,
// with the reason (test/support/browser.ts lists where it looks).
import { strict as assert } from "assert";
import { browserChoice, launchChromium } from "../support/browser";

describe("headless browser for the browser suites [browser]", function () {
  this.timeout(60000);
  it("a Chromium-based browser is found and runs a page with a Web Worker", async () => {
    const { source } = await browserChoice();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent("<title>start</title>");
      // A worker from a blob: the Monte Carlo runs in Web Workers, so the browser must start them.
      const answer = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const src = "onmessage = (e) => postMessage(e.data * 7)";
            const w = new Worker(URL.createObjectURL(new Blob([src])));
            w.onmessage = (e) => resolve(e.data);
            w.postMessage(6);
          })
      );
      assert.equal(answer, 42, `worker in ${source}`);
    } finally {
      await browser.close();
    }
  });
});
