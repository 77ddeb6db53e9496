/**
 * LEV.SIMULATE as the add-in runs it, in headless Chromium (Excel on Windows hosts the add-in in WebView2,
 * i.e. Chromium): the page-side client (src/worker/client.ts) with real Web Workers running
 * dist/simulate.worker.js's code — one run split across 2 workers, and the same run in one worker (the
 * add-in's default on a 2-core machine: logical cores − 1, src/worker/split.ts). The client keeps finished
 * runs' workers warm, so after the first (cold) run the timed runs measure what a recalculation costs:
 * messages, the simulation, the merge and summary.
 *
 * The page and the worker are bundled for this run with esbuild from the same sources webpack ships
 * (src/worker/client.ts, src/worker/simulate.worker.ts) into a temporary directory served on localhost by
 * scripts/serve.mjs (test/support/server.ts) and opened with the test suite's launcher (test/support/browser.ts:
 * CHROMIUM_PATH, a system Chromium/Chrome/Edge, or the npm package @sparticuz/chromium); without one the rows are skipped with the reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

export interface BrowserMc {
  /** Median-able samples (ms) of warm runs, and the first (cold: worker start-up) run. */
  split: { workers: number; coldMs: number; samplesMs: number[] };
  single: { coldMs: number; samplesMs: number[] };
  /** The summary tables of the two modes were identical (the split changes the time, never the numbers). */
  identical: boolean;
  chromium: string;
}

export type McBrowserParams = {
  leverage: number;
  volatility: number;
  years: number;
  options: Record<string, number>;
};

const PAGE_ENTRY = `
import { disposeIdleWorkers, runSimulationInWorker } from ${JSON.stringify(join(ROOT, "src", "worker", "client"))};
async function timeRuns(params, workers, reps) {
  disposeIdleWorkers();                     // the first run starts its workers (cold)
  let t0 = performance.now();
  let table = await runSimulationInWorker(params, { workers });
  const coldMs = performance.now() - t0;
  const samplesMs = [];
  for (let i = 0; i < reps; i++) {
    t0 = performance.now();
    table = await runSimulationInWorker(params, { workers });
    samplesMs.push(performance.now() - t0);
  }
  return { coldMs, samplesMs, table };
}
globalThis.levBench = async (params, warmup, reps) => {
  const workers = 2;
  const split = await timeRuns(params, workers, warmup + reps);
  const single = await timeRuns(params, 1, warmup + reps);
  disposeIdleWorkers();
  const drop = (r) => ({ coldMs: r.coldMs, samplesMs: r.samplesMs.slice(warmup) });
  return {
    split: { workers, ...drop(split) },
    single: drop(single),
    identical: JSON.stringify(split.table) === JSON.stringify(single.table),
    chromium: navigator.userAgent.match(/Chrome\\/[0-9.]+/)?.[0] ?? navigator.userAgent,
  };
};
`;

export async function benchBrowser(
  params: McBrowserParams,
  warmup: number,
  reps: number
): Promise<BrowserMc> {
  // the test suite's Chromium launcher and localhost server (one copy of the flags and of the server)
  const { launchChromium } = await import("../../test/support/browser");
  const { startPreviewServer } = await import("../../test/support/server");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "lev-bench-browser-"));
  try {
    writeFileSync(join(dir, "page-entry.js"), PAGE_ENTRY);
    const common = {
      bundle: true,
      format: "iife" as const,
      platform: "browser" as const,
      target: "es2020",
      logLevel: "silent" as const,
      absWorkingDir: ROOT,
      minify: true,
    };
    esbuild.buildSync({
      ...common,
      entryPoints: [join(dir, "page-entry.js")],
      outfile: join(dir, "bench.js"),
    });
    esbuild.buildSync({
      ...common,
      entryPoints: [join(ROOT, "src", "worker", "simulate.worker.ts")],
      outfile: join(dir, "simulate.worker.js"),
    });
    writeFileSync(
      join(dir, "index.html"),
      `<!doctype html><meta charset="utf-8"><title>LEV bench</title><script src="bench.js"></script>\n`
    );
    const browser = await launchChromium(); // throws with the install hint when Chromium is missing
    try {
      const server = await startPreviewServer(dir);
      try {
        const page = await browser.newPage();
        await page.goto(`${server.url}index.html`);
        await page.waitForFunction(
          () => typeof (globalThis as { levBench?: unknown }).levBench === "function"
        );
        return (await page.evaluate(
          ([p, w, r]) =>
            (
              globalThis as unknown as {
                levBench: (p: unknown, w: number, r: number) => Promise<BrowserMc>;
              }
            ).levBench(p, w, r),
          [params, warmup, reps] as const
        )) as BrowserMc;
      } finally {
        await server.close();
      }
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
