/**
 * Web Worker entry (dist/simulate.worker.js): runs the engine's Monte Carlo (src/engine/simulate.ts)
 * off the UI thread, posting progress and the result. Protocol: ./protocol.ts (zod-validated).
 */
import { LevError } from "../engine/errors";
import { runSimulation, SIMULATE_COLUMNS } from "../engine/simulate";
import { histogram, runRequestSchema, type WorkerMessage } from "./protocol";
import type { Table } from "../engine/types";

interface WorkerScope {
  onmessage: ((e: { data: unknown }) => void) | null;
  postMessage(message: WorkerMessage): void;
}

/** Handles one request; exported so the tests can drive it without a browser. */
export function handleRequest(data: unknown, post: (m: WorkerMessage) => void, now: () => number = Date.now): void {
  const parsed = runRequestSchema.safeParse(data);
  if (!parsed.success) {
    const id = typeof (data as any)?.id === "number" ? (data as any).id : -1;
    post({ type: "error", id, error: { kind: "VALUE", message: `bad request to the simulation worker: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` } });
    return;
  }
  const { id, params, histogramBins } = parsed.data;
  let last = -Infinity;
  try {
    const result = runSimulation(params, {
      onProgress(fraction) {
        const t = now();
        if (fraction >= 1 || t - last >= 50) {
          last = t;
          post({ type: "progress", id, fraction });
        }
      },
    });
    const s = result.summary;
    const table: Table = {
      columns: [...SIMULATE_COLUMNS],
      rows: [["mean", s.mean], ["p5", s.p5], ["p25", s.p25], ["median", s.median], ["p75", s.p75], ["p95", s.p95], ["prob_loss", s.probLoss]],
    };
    post({ type: "result", id, table, summary: s, histogram: histogramBins ? histogram(result.navRatios, histogramBins) : undefined });
  } catch (e) {
    if (e instanceof LevError) post({ type: "error", id, error: { kind: e.kind, arg: e.arg, message: e.message } });
    else post({ type: "error", id, error: { kind: "NA", message: `simulation failed: ${(e as Error)?.message ?? String(e)}` } });
  }
}

const scope = globalThis as unknown as WorkerScope;
if (typeof (globalThis as any).WorkerGlobalScope !== "undefined" && scope instanceof (globalThis as any).WorkerGlobalScope) {
  scope.onmessage = (e) => handleRequest(e.data, (m) => scope.postMessage(m));
}
