/**
 * Page side of the Monte Carlo worker: `runSimulationInWorker` (used by LEV.SIMULATE in the shared
 * runtime) and `runDistributionInWorker` (the task pane: summary + histogram + progress).
 *
 * One worker per run (terminated when it ends), at most MAX_CONCURRENT at once (extra runs queue):
 * cancelling (AbortSignal) terminates the worker, which is the only way to stop a synchronous loop.
 * The worker script is dist/simulate.worker.js beside the page: new URL("simulate.worker.js", document.baseURI).
 */
import { LevError } from "../engine/errors";
import type { SimulationParams, SimulationSummary } from "../engine/simulate";
import type { Table } from "../engine/types";
import { workerMessageSchema, type Histogram, type RunRequest } from "./protocol";

export interface RunOptions {
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
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
  postMessage(m: RunRequest): void;
  terminate(): void;
}
export type WorkerFactory = () => WorkerLike;

const MAX_CONCURRENT = 2;
let running = 0;
const waiting: Array<() => void> = [];
let nextId = 1;

function defaultFactory(): WorkerLike {
  const url = new URL("simulate.worker.js", document.baseURI);
  return new Worker(url) as unknown as WorkerLike;
}

export class SimulationCancelled extends Error {
  constructor() {
    super("simulation cancelled");
    this.name = "AbortError";
  }
}

async function acquire(signal?: AbortSignal): Promise<void> {
  if (running < MAX_CONCURRENT) {
    running++;
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const go = () => {
      signal?.removeEventListener("abort", onAbort);
      running++;
      resolve();
    };
    const onAbort = () => {
      const i = waiting.indexOf(go);
      if (i >= 0) waiting.splice(i, 1);
      reject(new SimulationCancelled());
    };
    waiting.push(go);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
function release() {
  running--;
  waiting.shift()?.();
}

/** Runs one request in a fresh worker. */
export async function runInWorker(
  params: SimulationParams,
  opts: RunOptions & { histogramBins?: number; factory?: WorkerFactory } = {},
): Promise<{ table: Table; summary?: SimulationSummary; histogram?: Histogram }> {
  if (opts.signal?.aborted) throw new SimulationCancelled();
  await acquire(opts.signal);
  let worker: WorkerLike;
  try {
    worker = (opts.factory ?? defaultFactory)();
  } catch (e) {
    release();
    throw e;
  }
  const id = nextId++;
  try {
    return await new Promise((resolve, reject) => {
      const onAbort = () => reject(new SimulationCancelled());
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      worker.onerror = (e) => reject(new Error(`simulation worker failed: ${e?.message ?? "unknown error"}`));
      worker.onmessage = (e) => {
        const parsed = workerMessageSchema.safeParse(e.data);
        if (!parsed.success) {
          reject(new Error("simulation worker sent an invalid message"));
          return;
        }
        const m = parsed.data;
        if (m.id !== id) return;
        if (m.type === "progress") opts.onProgress?.(m.fraction);
        else if (m.type === "result") resolve({ table: m.table, summary: m.summary, histogram: m.histogram });
        else reject(new LevError(m.error.kind, m.error.arg, m.error.message));
      };
      worker.postMessage({ type: "run", id, params: params as RunRequest["params"], histogramBins: opts.histogramBins });
    });
  } finally {
    worker.terminate();
    release();
  }
}

/** LEV.SIMULATE in a worker: the same Table as the engine's `simulate`. */
export async function runSimulationInWorker(input: SimulationParams, opts: RunOptions = {}): Promise<Table> {
  return (await runInWorker(input, opts)).table;
}

/** The task pane's run: summary, table and a histogram of NAV ratios. */
export async function runDistributionInWorker(input: SimulationParams, opts: RunOptions & { bins?: number; factory?: WorkerFactory } = {}): Promise<Distribution> {
  const r = await runInWorker(input, { ...opts, histogramBins: opts.bins ?? 40 });
  if (!r.summary || !r.histogram) throw new Error("simulation worker returned no distribution");
  return { table: r.table, summary: r.summary, histogram: r.histogram };
}
