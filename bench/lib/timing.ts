/**
 * Timing helpers for the benchmark: warm-up runs, then ≥ 5 timed repetitions; the median is reported
 * (robust to a GC pause or a noisy neighbour on a 2-core machine), with min and max for spread.
 */
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export interface Timing {
  /** Median wall time of one repetition, in milliseconds. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  reps: number;
  samplesMs: number[];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

export function summarise(samplesMs: readonly number[]): Timing {
  return {
    medianMs: median(samplesMs),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    reps: samplesMs.length,
    samplesMs: samplesMs.map((x) => Math.round(x * 1000) / 1000),
  };
}

let fullGc: (() => void) | undefined;

/**
 * A full garbage collection (V8's `gc()`, exposed at run time: `npm run bench` needs no node flag). Called
 * between repetitions when `collect` is set, outside the timed region.
 */
export function collectGarbage(): void {
  if (fullGc === undefined) {
    setFlagsFromString("--expose-gc");
    fullGc = runInNewContext("gc") as () => void;
  }
  fullGc();
  // V8 finishes sweeping on background threads after gc() returns; on 2 cores that would compete with
  // (and be charged to) the next timed call, so give it a moment.
  Atomics.wait(SLEEPER, 0, 0, 40);
}

const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

export interface MeasureOptions {
  warmup: number;
  reps: number;
  /**
   * Start every repetition (warm-up and timed) from a collected heap: a repetition then pays for its own
   * allocation (including the scavenges it triggers) but not for collecting what earlier repetitions left
   * behind. Used for the long-path spills, which allocate ~20 MB of rows per call: back to back, each call
   * would also pay a mark-compact of the previous call's result (timed separately as "back to back").
   */
  collect?: boolean;
}

/**
 * Runs `fn(rep)` `warmup` times untimed (JIT tiers up, caches fill), then `reps` times timed.
 * `fn` receives the repetition index so callers can vary inputs (seeds) between repetitions.
 * The value returned by the last timed run is kept (and returned) so the work cannot be optimised away.
 */
export function measure<T>(
  fn: (rep: number) => T,
  opts: MeasureOptions
): { timing: Timing; last: T } {
  let last!: T;
  for (let i = 0; i < opts.warmup; i++) {
    if (opts.collect) {
      last = undefined as T;
      collectGarbage();
    }
    last = fn(-1 - i);
  }
  const samples: number[] = [];
  for (let i = 0; i < opts.reps; i++) {
    if (opts.collect) {
      last = undefined as T; // the previous result is garbage before the collection, as in a recalculation
      collectGarbage();
    }
    const t0 = performance.now();
    last = fn(i);
    samples.push(performance.now() - t0);
  }
  return { timing: summarise(samples), last };
}
