/**
 * Timing helpers for the benchmark: warm-up runs, then ≥ 5 timed repetitions; the median is reported
 * (robust to a GC pause or a noisy neighbour on a 2-core machine), with min and max for spread.
 */
import { performance } from "node:perf_hooks";

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

/**
 * Runs `fn(rep)` `warmup` times untimed (JIT tiers up, caches fill), then `reps` times timed.
 * `fn` receives the repetition index so callers can vary inputs (seeds) between repetitions.
 * The value returned by the last timed run is kept (and returned) so the work cannot be optimised away.
 */
export function measure<T>(fn: (rep: number) => T, opts: { warmup: number; reps: number }): { timing: Timing; last: T } {
  let last!: T;
  for (let i = 0; i < opts.warmup; i++) last = fn(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < opts.reps; i++) {
    const t0 = performance.now();
    last = fn(i);
    samples.push(performance.now() - t0);
  }
  return { timing: summarise(samples), last };
}
