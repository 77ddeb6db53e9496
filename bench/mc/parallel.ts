/**
 * The LEV.SIMULATE core split across workers for the bench, as the add-in splits a run (src/worker/client.ts): the paths are split into whole blocks
 * (SIM_BLOCK_PATHS, src/engine/simulate.ts) across Node worker_threads, each worker runs
 * `simulatePathRange` on its blocks, and the main thread merges the NAV ratios in path order and computes
 * the statistics with `summariseNavRatios`. The merged ratios are exactly those of one single-thread
 * `runSimulation` call with the same seed (the section checks this), so parallelism changes the time only.
 *
 * The engine is bundled with esbuild (as bench/lib/modules.ts does) into a temporary CommonJS file that the
 * workers and the main thread load; workers start once, outside the timed runs.
 */
import { Worker } from "node:worker_threads";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Engine } from "../lib/modules";

type SimParams = Parameters<Engine["runSimulation"]>[0];
type Summary = ReturnType<Engine["summariseNavRatios"]>;

export interface ParallelPool {
  workers: number;
  /** One simulation split across the workers: merged ratios and their summary. */
  run(params: SimParams, paths: number): Promise<{ navRatios: Float64Array; summary: Summary }>;
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const engine = require(workerData.file);
parentPort.on("message", (m) => {
  try {
    const r = engine.simulatePathRange(m.params, m.from, m.to);
    parentPort.postMessage({ id: m.id, ratios: r.navRatios, steps: r.steps }, [r.navRatios.buffer]);
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e && e.message) });
  }
});
`;

interface Reply {
  id: number;
  ratios?: Float64Array;
  steps?: number;
  error?: string;
}

export function startPool(workers: number): ParallelPool {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const root = join(__dirname, "..", "..");
  const dir = mkdtempSync(join(tmpdir(), "lev-bench-par-"));
  const entry = join(dir, "engine-entry.ts");
  const file = join(dir, "engine.cjs");
  writeFileSync(entry, `export * from ${JSON.stringify(join(root, "src", "engine"))};\n`);
  esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "es2020",
    outfile: file,
    logLevel: "silent",
    absWorkingDir: root,
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require(file) as Engine;
  const pool = Array.from(
    { length: workers },
    () => new Worker(WORKER_SOURCE, { eval: true, workerData: { file } })
  );
  let nextId = 0;

  const ask = (w: Worker, params: SimParams, from: number, to: number): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const onMessage = (m: Reply) => {
        if (m.id !== id) return;
        w.off("message", onMessage);
        w.off("error", reject);
        if (m.error !== undefined) reject(new Error(m.error));
        else resolve(m);
      };
      w.on("message", onMessage);
      w.once("error", reject);
      w.postMessage({ id, params, from, to });
    });

  return {
    workers,
    async run(params, paths) {
      const B = engine.SIM_BLOCK_PATHS;
      const blocks = Math.ceil(paths / B);
      // contiguous whole blocks per worker, as even as the block count allows
      const ranges: [number, number][] = [];
      for (let k = 0, b0 = 0; k < workers; k++) {
        const b1 = Math.round(((k + 1) * blocks) / workers);
        if (b1 > b0) ranges.push([b0 * B, Math.min(paths, b1 * B)]);
        b0 = b1;
      }
      const replies = await Promise.all(
        ranges.map(([from, to], k) => ask(pool[k], params, from, to))
      );
      const merged = new Float64Array(paths);
      let steps = 0;
      replies.forEach((r, k) => {
        merged.set(r.ratios as Float64Array, ranges[k][0]);
        steps = r.steps as number;
      });
      return { navRatios: merged, summary: engine.summariseNavRatios(merged, steps) };
    },
    async close() {
      await Promise.all(pool.map((w) => w.terminate()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
