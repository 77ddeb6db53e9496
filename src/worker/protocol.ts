/**
 * Message protocol between the page (client.ts) and the Monte Carlo worker (simulate.worker.ts).
 * Both directions are validated with zod: a message that does not match is reported, never acted on.
 *
 *   page → worker  {type:"run", id, params, histogramBins?}      one whole run in one worker
 *                  {type:"range", id, params, from, to}          paths [from, to) of a run split across
 *                                                                 workers (from a multiple of SIM_BLOCK_PATHS)
 *   worker → page  {type:"progress", id, fraction}                fraction of this request's paths done
 *                  {type:"result", id, table, summary?, histogram?}   answer to "run"
 *                  {type:"ratios", id, ratios: Float64Array, steps}   answer to "range" (buffer transferred)
 *                  {type:"error", id, error:{kind, arg?, message}}
 * Cancel is `worker.terminate()` from the page: the simulation is one synchronous loop, so a
 * "cancel" message could not be read before it ends anyway.
 */
import * as z from "zod/mini";
import { LevError } from "../engine/errors";

const finite = z.number().check(z.refine(Number.isFinite, "must be finite"));
const count = z.int().check(z.gte(0));

export const simulateOptionsSchema = z.strictObject({
  rebalance: z.optional(z.string()),
  bandLow: z.optional(finite),
  bandHigh: z.optional(finite),
  rebalanceTo: z.optional(z.string()),
  feePerPeriod: z.optional(finite),
  fundingPerPeriod: z.optional(finite),
  costRate: z.optional(finite),
  startNav: z.optional(finite),
  paths: z.optional(finite),
  stepsPerYear: z.optional(finite),
  drift: z.optional(finite),
  seed: z.optional(finite),
});

export const simulationParamsSchema = z.object({
  leverage: finite,
  volatility: finite,
  years: finite,
  options: z.optional(simulateOptionsSchema),
});

export const runRequestSchema = z.object({
  type: z.literal("run"),
  id: count,
  params: simulationParamsSchema,
  histogramBins: z.optional(z.int().check(z.gte(2), z.lte(200))),
  /** "log": geometric bins (the task pane's chart of a right-skewed ratio); default "linear". */
  histogramScale: z.optional(z.enum(["linear", "log"])),
});
export type RunRequest = z.infer<typeof runRequestSchema>;

/** Paths [from, to) of the run `params` describes; the engine checks from/to against SIM_BLOCK_PATHS and paths. */
export const rangeRequestSchema = z.object({
  type: z.literal("range"),
  id: count,
  params: simulationParamsSchema,
  from: count,
  to: count,
});
export type RangeRequest = z.infer<typeof rangeRequestSchema>;
export type WorkerRequest = RunRequest | RangeRequest;

/** The text of a refused request's error (one copy: the worker's reply and the page's up-front check). */
export function badRequestMessage(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>
): string {
  return `bad request to the simulation worker: ${issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("; ")}`;
}

const tableSchema = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.number(), z.string()]))),
});

export const summarySchema = z.object({
  mean: z.number(),
  p5: z.number(),
  p25: z.number(),
  median: z.number(),
  p75: z.number(),
  p95: z.number(),
  probLoss: z.number(),
  stderrMean: z.number(),
  var95: z.number(),
  es95: z.number(),
  paths: z.number(),
  steps: z.number(),
});

export const histogramSchema = z.object({
  /** Bin edges (bins + 1 ascending numbers). */
  edges: z.array(z.number()),
  counts: z.array(count),
  /** Paths below the first edge / above the last edge (the range is the 0.5th–99.5th percentile). */
  below: count,
  above: count,
  /** "log": edges in geometric progression (absent: linear). */
  scale: z.optional(z.enum(["linear", "log"])),
  /** The smallest and largest value, and how many values are ≤ 0 (a log scale cannot draw them). */
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  zeros: z.optional(count),
});
export type Histogram = z.infer<typeof histogramSchema>;

export const workerMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("progress"),
    id: z.number(),
    fraction: z.number().check(z.gte(0), z.lte(1)),
  }),
  z.object({
    type: z.literal("result"),
    id: z.number(),
    table: tableSchema,
    summary: z.optional(summarySchema),
    histogram: z.optional(histogramSchema),
  }),
  z.object({
    type: z.literal("ratios"),
    id: z.number(),
    /** NAV_T/NAV_0 of paths from … to−1 in path order (a structured-clone copy or a transferred buffer). */
    ratios: z.instanceof(Float64Array),
    steps: z.int().check(z.gte(1)),
  }),
  z.object({
    type: z.literal("error"),
    id: z.number(),
    error: z.object({
      kind: z.enum(["VALUE", "NUM", "NA"]),
      arg: z.optional(z.string()),
      message: z.string(),
    }),
  }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
export type ErrorPayload = Extract<WorkerMessage, { type: "error" }>["error"];

/** How any failure is reported: a LevError keeps its kind/arg/message; anything else becomes #N/A. */
export function errorPayload(e: unknown): ErrorPayload {
  if (e instanceof LevError) return { kind: e.kind, arg: e.arg, message: e.message };
  return { kind: "NA", message: `simulation failed: ${(e as Error)?.message ?? String(e)}` };
}

/**
 * Equal-width histogram of `xs` between its 0.5th and 99.5th percentiles (leveraged NAV ratios have
 * a long right tail that would squash every other bar); values outside are counted in below/above.
 * `scale` "log": bins of equal width in log(x) between the percentiles of the positive values (values
 * ≤ 0 are counted in below, and in zeros); the answer also carries min and max.
 */
export function histogram(
  xs: ArrayLike<number>,
  bins: number,
  scale: "linear" | "log" = "linear"
): Histogram {
  const sorted = Float64Array.from(xs).sort();
  if (scale === "log") return logHistogram(sorted, bins);
  const n = sorted.length;
  const q = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.round((n - 1) * p)))];
  const lo = n ? q(0.005) : 0;
  let hi = n ? q(0.995) : 1;
  if (!(hi > lo)) hi = lo + 1e-9;
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i];
    if (x < lo) below++;
    else if (x > hi) above++;
    else counts[Math.min(bins - 1, Math.floor((x - lo) / width))]++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  return { edges, counts, below, above };
}

function logHistogram(sorted: Float64Array, bins: number): Histogram {
  const n = sorted.length;
  let zeros = 0;
  while (zeros < n && !(sorted[zeros] > 0)) zeros++;
  const q = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.round((n - 1) * p)))];
  const firstPositive = zeros < n ? sorted[zeros] : 1;
  let lo = n ? Math.max(q(0.005), firstPositive) : 1;
  let hi = n ? Math.max(q(0.995), lo) : 10;
  if (!(hi > lo * (1 + 1e-9))) {
    lo /= 1.1;
    hi = lo * 1.21;
  }
  const span = Math.log(hi / lo);
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i];
    if (!(x >= lo)) below++;
    else if (x > hi) above++;
    else counts[Math.min(bins - 1, Math.floor((Math.log(x / lo) / span) * bins))]++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) =>
    i === bins ? hi : lo * Math.exp((span * i) / bins)
  );
  return {
    edges,
    counts,
    below,
    above,
    scale: "log",
    zeros,
    ...(n ? { min: sorted[0], max: sorted[n - 1] } : {}),
  };
}
