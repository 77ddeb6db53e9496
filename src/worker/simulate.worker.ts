/**
 * Web Worker entry (dist/simulate.worker.js): runs the engine's Monte Carlo (src/engine/simulate.ts)
 * off the UI thread, posting progress and the answer. Protocol: ./protocol.ts (zod-validated).
 *   "run"   → runSimulation → {type:"result"} with the table (the engine's summaryTable), summary and optional histogram
 *   "range" → simulatePathRange(params, from, to) → {type:"ratios"}, the Float64Array's buffer transferred
 *             (not copied) to the page, which merges the ranges of a split run (./client.ts).
 * Progress is throttled to one message per 50 ms plus the final 1; errors go back as LevError fields.
 */
import {
  runSimulation,
  simulatePathRange,
  summaryTable,
  type SimulationHooks,
} from "../engine/simulate";
import {
  badRequestMessage,
  errorPayload,
  histogram,
  rangeRequestSchema,
  runRequestSchema,
  type WorkerMessage,
} from "./protocol";

interface WorkerScope {
  onmessage: ((e: { data: unknown }) => void) | null;
  postMessage(message: WorkerMessage, transfer: ArrayBuffer[]): void;
}

/** Posts a message, optionally transferring buffers (a real worker moves them; the tests' fakes ignore it). */
export type Post = (m: WorkerMessage, transfer?: ArrayBuffer[]) => void;

function progressHooks(id: number, post: Post, now: () => number): SimulationHooks {
  let last = -Infinity;
  return {
    onProgress(fraction) {
      const t = now();
      if (fraction >= 1 || t - last >= 50) {
        last = t;
        post({ type: "progress", id, fraction });
      }
    },
  };
}

/** Handles one request; exported so the tests can drive it without a browser. */
export function handleRequest(data: unknown, post: Post, now: () => number = Date.now): void {
  const isObject = typeof data === "object" && data !== null;
  const isRange = isObject && "type" in data && data.type === "range";
  const parsed = isRange ? rangeRequestSchema.safeParse(data) : runRequestSchema.safeParse(data);
  if (!parsed.success) {
    const id = isObject && "id" in data && typeof data.id === "number" ? data.id : -1;
    post({
      type: "error",
      id,
      error: { kind: "VALUE", message: badRequestMessage(parsed.error.issues) },
    });
    return;
  }
  const req = parsed.data;
  const { id } = req;
  try {
    if (req.type === "range") {
      const r = simulatePathRange(req.params, req.from, req.to, progressHooks(id, post, now));
      const ratios = r.navRatios as Float64Array<ArrayBuffer>; // a fresh array over its own ArrayBuffer
      post({ type: "ratios", id, ratios, steps: r.steps }, [ratios.buffer]);
    } else {
      const result = runSimulation(req.params, progressHooks(id, post, now));
      const bins = req.histogramBins;
      post({
        type: "result",
        id,
        table: summaryTable(result.summary),
        summary: result.summary,
        histogram: bins ? histogram(result.navRatios, bins, req.histogramScale) : undefined,
      });
    }
  } catch (e) {
    post({ type: "error", id, error: errorPayload(e) });
  }
}

/** True inside a worker (its global scope is a WorkerGlobalScope); false on a page and in Node (the tests). */
function isWorkerScope(scope: object): scope is WorkerScope {
  const workerGlobalScope: unknown = Reflect.get(globalThis, "WorkerGlobalScope");
  return typeof workerGlobalScope === "function" && scope instanceof workerGlobalScope;
}

const scope: object = globalThis;
if (isWorkerScope(scope)) {
  scope.onmessage = (e) =>
    handleRequest(e.data, (m, transfer) => scope.postMessage(m, transfer ?? []));
}
