/**
 * How one Monte Carlo run is split across Web Workers: contiguous ranges of whole path blocks
 * (SIM_BLOCK_PATHS, src/engine/simulate.ts), one per worker, in path order. The engine draws block b from
 * its own jumped generator stream, so the ranges' NAV ratios concatenated in path order are exactly the
 * ratios of one `runSimulation` call with the same seed: the split changes the time, never the numbers.
 * Only integer arithmetic here (path indices).
 */
import { SIM_BLOCK_PATHS } from "../engine/simulate";

/** Runs with fewer paths than this stay in one worker (one block gains nothing from a second worker). */
export const MIN_SPLIT_PATHS = 2 * SIM_BLOCK_PATHS;

/** Most workers one run uses by default. */
export const MAX_DEFAULT_WORKERS = 4;

/**
 * Default workers per run: one per logical core but one, at most 4. The core left over is for Excel and the
 * browser's own threads (recalculation, IPC, rendering): measured in headless Chromium on a 2-core machine,
 * a 10,000 × 365 run split over 2 workers took 31–95 ms (median ~60) against a steady ~50 ms in one worker,
 * most likely because the browser's own threads preempted the two workers. The cap keeps the page-side
 * merge small next to the gain and, with at most 2 runs at once (client.ts), bounds the add-in at 8
 * workers. 1 (no split) when the browser does not report its cores.
 */
export function defaultWorkers(
  hardwareConcurrency: number | undefined = typeof navigator !== "undefined"
    ? navigator.hardwareConcurrency
    : undefined
): number {
  const cores =
    typeof hardwareConcurrency === "number" && hardwareConcurrency >= 1
      ? Math.floor(hardwareConcurrency)
      : 1;
  return Math.max(1, Math.min(MAX_DEFAULT_WORKERS, cores - 1));
}

/**
 * [from, to) ranges for `workers` workers over `paths` paths: K = min(workers, blocks) non-empty ranges of
 * whole blocks (the last one may end in the partial block), block counts as even as possible
 * (boundary k at round(k·blocks/K) blocks, as bench/mc/parallel.ts splits). One range when K = 1.
 */
export function splitPaths(paths: number, workers: number): Array<[number, number]> {
  const blocks = Math.ceil(paths / SIM_BLOCK_PATHS);
  const k = Math.max(1, Math.min(Math.floor(workers), blocks));
  const ranges: Array<[number, number]> = [];
  for (let i = 0, b0 = 0; i < k; i++) {
    const b1 = Math.round(((i + 1) * blocks) / k);
    ranges.push([b0 * SIM_BLOCK_PATHS, Math.min(paths, b1 * SIM_BLOCK_PATHS)]);
    b0 = b1;
  }
  return ranges;
}
