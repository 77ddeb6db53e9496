/**
 * Page side of the Monte Carlo worker: `runSimulationInWorker` (used by LEV.SIMULATE in the shared
 * runtime) and `runDistributionInWorker` (the task pane: summary + histogram + progress).
 *
 * A run with at least MIN_SPLIT_PATHS paths (2 blocks) and more than one worker allowed (`workers`, default
 * logical cores − 1, at most 4, ./split.ts) is split into contiguous block-aligned path ranges, one worker
 * each ("range" requests); the NAV ratios come back as transferred Float64Arrays, are merged in path order
 * and summarised on the page with the engine's `summariseNavRatios`, so the table, summary and histogram are
 * bit-identical to one worker's (and to the engine's `simulate`). Smaller runs, or `workers: 1`, send one
 * "run" request to one worker, as before. A split run checks its parameters on the page first (zod schema,
 * then the engine's own validation via simulatePathRange(params, 0, 0)), so a bad input fails with the same
 * LevError kind/arg/message as a one-worker run, before any worker starts.
 *
 * Workers are kept warm: a run that ends normally hands its workers back to an idle pool (at most
 * MAX_IDLE_WORKERS per worker factory, all terminated after IDLE_MS without a run, or by
 * disposeIdleWorkers()), and the next run takes idle workers before starting new ones — so a recalculation
 * does not pay a worker start (script load and cold JIT: ~100 ms per worker in Chromium against ~25–50 ms
 * of simulation for 10,000 paths). Runs queue in two lanes (see LANES): at most 2 LEV.SIMULATE runs and 1
 * task-pane run at once, so the pane never waits behind a recalculation (a split run takes one slot for all
 * its workers). Cancelling (AbortSignal) terminates every worker of the run, the only way
 * to stop a synchronous loop; the first error rejects the run and terminates the rest (a failed run's
 * workers are never reused). Progress of a split run is the path-weighted mean of its ranges' fractions.
 * The worker script is dist/simulate.worker.js beside the page: new URL("simulate.worker.js", document.baseURI).
 * Precision: float64 throughout (the engine's Monte Carlo numbers, passed through unchanged).
 */
import { LevError } from "../engine/errors";
import {
  DEFAULT_PATHS,
  simulatePathRange,
  summariseNavRatios,
  summaryTable,
  type SimulationParams,
  type SimulationSummary,
} from "../engine/simulate";
import type { Table } from "../engine/types";
import {
  badRequestMessage,
  errorPayload,
  histogram,
  runRequestSchema,
  workerMessageSchema,
  type Histogram,
  type RunRequest,
  type WorkerMessage,
  type WorkerRequest,
} from "./protocol";
import { defaultWorkers, MAX_DEFAULT_WORKERS, MIN_SPLIT_PATHS, splitPaths } from "./split";

export interface RunOptions {
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
  /** Workers one run may use (default: logical cores − 1, at most 4; 1 = never split). */
  workers?: number;
}
export interface Distribution {
  table: Table;
  summary: SimulationSummary;
  histogram: Histogram;
}

/** Minimal Worker surface (lets the tests pass a fake). */
export interface WorkerLike {
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
  postMessage(m: WorkerRequest): void;
  terminate(): void;
}
export type WorkerFactory = () => WorkerLike;

/**
 * Runs take a slot in one of two lanes, each with its own queue: LEV.SIMULATE cells ("sheet", at most 2
 * runs at once; a recalculation of many cells queues here) and the task pane ("pane", 1 run: the pane
 * cancels its previous run before starting another). A pane run never waits behind sheet recalculation.
 */
export type Lane = "sheet" | "pane";
const LANES: Record<Lane, { max: number; running: number; waiting: Array<() => void> }> = {
  sheet: { max: 2, running: 0, waiting: [] },
  pane: { max: 1, running: 0, waiting: [] },
};
let nextId = 1;

/** A Worker for dist/simulate.worker.js, behind the WorkerLike surface (its handlers forward the events). */
function defaultFactory(): WorkerLike {
  const url = new URL("simulate.worker.js", document.baseURI);
  const worker = new Worker(url);
  const like: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage: (m) => worker.postMessage(m),
    terminate: () => worker.terminate(),
  };
  worker.onmessage = (e) => like.onmessage?.(e);
  worker.onerror = (e) => like.onerror?.(e);
  return like;
}

export class SimulationCancelled extends Error {
  constructor() {
    super("simulation cancelled");
    this.name = "AbortError";
  }
}

async function acquire(lane: Lane, signal?: AbortSignal): Promise<void> {
  const l = LANES[lane];
  if (l.running < l.max) {
    l.running++;
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const go = () => {
      signal?.removeEventListener("abort", onAbort);
      l.running++;
      resolve();
    };
    const onAbort = () => {
      const i = l.waiting.indexOf(go);
      if (i >= 0) l.waiting.splice(i, 1);
      reject(new SimulationCancelled());
    };
    l.waiting.push(go);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
function release(lane: Lane) {
  const l = LANES[lane];
  l.running--;
  l.waiting.shift()?.();
}

type RunOutcome = { table: Table; summary?: SimulationSummary; histogram?: Histogram };
type InternalOptions = RunOptions & {
  histogramBins?: number;
  /** The histogram's bins: equal width ("linear", default) or equal ratio ("log"). */
  histogramScale?: "linear" | "log";
  factory?: WorkerFactory;
  /** The queue the run waits in (default "sheet"). */
  lane?: Lane;
};

/** Rejects a run with SimulationCancelled on abort (at once if the signal is already aborted); remove() when the run ends. */
function onAbort(signal: AbortSignal | undefined): {
  listen(reject: (e: Error) => void): void;
  remove(): void;
} {
  let handler: (() => void) | undefined;
  return {
    listen(reject) {
      handler = () => reject(new SimulationCancelled());
      if (signal?.aborted) handler();
      else signal?.addEventListener("abort", handler, { once: true });
    },
    remove() {
      if (handler) signal?.removeEventListener("abort", handler);
    },
  };
}

/** Idle workers kept per factory between runs (one run's default maximum). */
export const MAX_IDLE_WORKERS = MAX_DEFAULT_WORKERS;
/** Idle workers are terminated after this long without a run. */
export const IDLE_MS = 60_000;
const idle = new Map<WorkerFactory, WorkerLike[]>();
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** Terminates every idle worker (they are started again on demand). */
export function disposeIdleWorkers(): void {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = undefined;
  for (const pool of idle.values()) for (const w of pool) w.terminate();
  idle.clear();
}

/** Workers for one run: idle ones first, then new ones (all or none: a failed start terminates those taken). */
function takeWorkers(count: number, factory: WorkerFactory): WorkerLike[] {
  const taken = (idle.get(factory) ?? []).splice(0, count);
  try {
    while (taken.length < count) taken.push(factory());
  } catch (e) {
    for (const w of taken) w.terminate();
    throw e;
  }
  return taken;
}

/** After a run: a normal end keeps its workers idle (up to MAX_IDLE_WORKERS); a failed or cancelled one terminates them. */
function returnWorkers(workers: WorkerLike[], factory: WorkerFactory, reusable: boolean): void {
  let pool = idle.get(factory);
  if (pool === undefined) idle.set(factory, (pool = []));
  for (const w of workers) {
    w.onmessage = null;
    w.onerror = null;
    if (reusable && pool.length < MAX_IDLE_WORKERS) pool.push(w);
    else w.terminate();
  }
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = setTimeout(disposeIdleWorkers, IDLE_MS);
  (idleTimer as { unref?: () => void }).unref?.(); // Node (tests): an idle pool never keeps the process alive
}

/** A reply that passed the protocol schema, or undefined after rejecting on one that did not. */
function parseReply(data: unknown, reject: (e: Error) => void): WorkerMessage | undefined {
  const parsed = workerMessageSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  reject(new Error("simulation worker sent an invalid message"));
  return undefined;
}

/**
 * One run's workers from start to end: a concurrency slot, `count` workers (idle ones first) and the abort
 * listener for `body`. Afterwards the workers go back to the idle pool if `body` succeeded, or failed with
 * an error `reusable` accepts (the workers answered and are healthy); otherwise they are terminated. The slot
 * is always released.
 */
async function withWorkers<T>(
  count: number,
  opts: InternalOptions,
  body: (workers: WorkerLike[], stop: ReturnType<typeof onAbort>) => Promise<T>,
  reusable: (e: unknown) => boolean = () => false
): Promise<T> {
  const lane = opts.lane ?? "sheet";
  await acquire(lane, opts.signal);
  const factory = opts.factory ?? defaultFactory;
  let workers: WorkerLike[];
  try {
    workers = takeWorkers(count, factory);
  } catch (e) {
    release(lane);
    throw e;
  }
  const stop = onAbort(opts.signal);
  let ok = false;
  try {
    const r = await body(workers, stop);
    ok = true;
    return r;
  } catch (e) {
    ok = reusable(e);
    throw e;
  } finally {
    stop.remove();
    returnWorkers(workers, factory, ok);
    release(lane);
  }
}

/** Runs one "run" request in one worker, idle or new (the one-worker path). */
async function runWhole(params: SimulationParams, opts: InternalOptions): Promise<RunOutcome> {
  return withWorkers(
    1,
    opts,
    ([worker], stop) =>
      new Promise<RunOutcome>((resolve, reject) => {
        const id = nextId++;
        stop.listen(reject);
        if (opts.signal?.aborted) return;
        worker.onerror = (e) =>
          reject(new Error(`simulation worker failed: ${e?.message ?? "unknown error"}`));
        worker.onmessage = (e) => {
          const m = parseReply(e.data, reject);
          if (!m || m.id !== id) return;
          if (m.type === "progress") opts.onProgress?.(m.fraction);
          else if (m.type === "result")
            resolve({ table: m.table, summary: m.summary, histogram: m.histogram });
          else if (m.type === "error")
            reject(new LevError(m.error.kind, m.error.arg, m.error.message));
          else reject(new Error("simulation worker sent an invalid message"));
        };
        worker.postMessage({
          type: "run",
          id,
          params: params as RunRequest["params"],
          histogramBins: opts.histogramBins,
          histogramScale: opts.histogramScale,
        });
      }),
    // a domain error (LevError) comes from a healthy worker that answered: it can be reused
    (e) => e instanceof LevError
  );
}

/**
 * The parameters as the worker would see them (zod-parsed), or the LevError a one-worker run would
 * report for them: the schema's "bad request" #VALUE!, else the engine's own validation.
 */
function checkOnPage(
  params: SimulationParams,
  histogramBins: number | undefined
): RunRequest["params"] {
  const parsed = runRequestSchema.safeParse({ type: "run", id: 0, params, histogramBins });
  if (!parsed.success)
    throw new LevError("VALUE", undefined, badRequestMessage(parsed.error.issues));
  try {
    simulatePathRange(parsed.data.params, 0, 0); // validates every input, simulates nothing
  } catch (e) {
    const p = errorPayload(e);
    throw new LevError(p.kind, p.arg, p.message);
  }
  return parsed.data.params;
}

/** Runs paths [from, to) of each range in its own worker and merges the ratios in path order. */
async function runSplit(
  params: RunRequest["params"],
  paths: number,
  ranges: Array<[number, number]>,
  opts: InternalOptions
): Promise<RunOutcome> {
  const merged = new Float64Array(paths);
  // after an error the other ranges may still be running: withWorkers terminates them
  const steps = await withWorkers(
    ranges.length,
    opts,
    (workers, stop) =>
      new Promise<number>((resolve, reject) => {
        stop.listen(reject);
        if (opts.signal?.aborted) return;
        const done = new Array<number>(ranges.length).fill(0); // paths done per range (fraction × length)
        let reported = 0;
        let pending = ranges.length;
        let stepsSeen = 0;
        const progress = () => {
          let sum = 0;
          for (const d of done) sum += d;
          const f = Math.min(1, sum / paths);
          if (f > reported) {
            reported = f;
            opts.onProgress?.(f);
          }
        };
        ranges.forEach(([from, to], k) => {
          const worker = workers[k];
          const id = nextId++;
          worker.onerror = (e) =>
            reject(new Error(`simulation worker failed: ${e?.message ?? "unknown error"}`));
          worker.onmessage = (e) => {
            const m = parseReply(e.data, reject);
            if (!m || m.id !== id) return;
            if (m.type === "progress") {
              done[k] = Math.max(done[k], m.fraction * (to - from));
              progress();
            } else if (m.type === "ratios") {
              if (m.ratios.length !== to - from || (stepsSeen !== 0 && m.steps !== stepsSeen)) {
                reject(
                  new Error(
                    `simulation worker returned ${m.ratios.length} ratios of ${m.steps} steps for paths ${from}–${to - 1}`
                  )
                );
                return;
              }
              stepsSeen = m.steps;
              merged.set(m.ratios, from);
              done[k] = to - from;
              progress();
              if (--pending === 0) resolve(stepsSeen);
            } else if (m.type === "error")
              reject(new LevError(m.error.kind, m.error.arg, m.error.message));
            else reject(new Error("simulation worker sent an invalid message"));
          };
          worker.postMessage({ type: "range", id, params, from, to });
        });
      })
  );
  const summary = summariseNavRatios(merged, steps);
  return {
    table: summaryTable(summary),
    summary,
    histogram: opts.histogramBins
      ? histogram(merged, opts.histogramBins, opts.histogramScale)
      : undefined,
  };
}

/** Runs one simulation in worker(s): split across several when it is big enough and `workers` > 1. */
export async function runInWorker(
  params: SimulationParams,
  opts: InternalOptions = {}
): Promise<RunOutcome> {
  if (opts.signal?.aborted) throw new SimulationCancelled();
  const workers =
    typeof opts.workers === "number" && opts.workers >= 1
      ? Math.floor(opts.workers)
      : defaultWorkers();
  const requested = params?.options?.paths ?? DEFAULT_PATHS;
  if (workers > 1 && typeof requested === "number" && requested >= MIN_SPLIT_PATHS) {
    const checked = checkOnPage(params, opts.histogramBins);
    const paths = checked.options?.paths ?? DEFAULT_PATHS; // a whole number in range: the engine accepted it
    const ranges = splitPaths(paths, workers);
    if (ranges.length > 1) return runSplit(checked, paths, ranges, opts);
  }
  return runWhole(params, opts);
}

/** LEV.SIMULATE in a worker: the same Table as the engine's `simulate`. */
export async function runSimulationInWorker(
  input: SimulationParams,
  opts: RunOptions & { factory?: WorkerFactory } = {}
): Promise<Table> {
  return (await runInWorker(input, opts)).table;
}

/** The task pane's run: summary, table and a histogram of NAV ratios. */
export async function runDistributionInWorker(
  input: SimulationParams,
  opts: RunOptions & { bins?: number; scale?: "linear" | "log"; factory?: WorkerFactory } = {}
): Promise<Distribution> {
  const r = await runInWorker(input, {
    ...opts,
    histogramBins: opts.bins ?? 40,
    histogramScale: opts.scale,
    lane: "pane",
  });
  if (!r.summary || !r.histogram) throw new Error("simulation worker returned no distribution");
  return { table: r.table, summary: r.summary, histogram: r.histogram };
}
