/**
 * Runs LEV.SIMULATE for the add-in: in a Web Worker when the page can start one (src/worker/client.ts,
 * worker script beside the page), else synchronously with the engine's `simulate`. The client module is
 * loaded lazily and only when `Worker` and `document` exist, so Node (tests, evaluator) never touches DOM
 * APIs; webpackMode "eager" keeps it in the functions bundle (no extra chunk to fetch).
 */
import { LevError } from "../src/engine/errors";
import { simulate, type SimulationParams } from "../src/engine/simulate";
import type { Table } from "../src/engine/types";

type WorkerClient = {
  runSimulationInWorker: (
    input: SimulationParams,
    opts?: { onProgress?: (f: number) => void; signal?: AbortSignal }
  ) => Promise<Table>;
};

async function loadClient(): Promise<WorkerClient | undefined> {
  if (typeof Worker === "undefined" || typeof document === "undefined") return undefined;
  try {
    return (await import(
      /* webpackMode: "eager" */ "../src/worker/client"
    )) as unknown as WorkerClient;
  } catch {
    return undefined;
  }
}

/**
 * Simulation errors (LevError) and cancellation propagate; a worker that cannot start or crashes falls
 * back to the synchronous engine (same seeded result, on the UI thread).
 */
export async function runSimulation(
  params: SimulationParams,
  signal?: AbortSignal
): Promise<Table> {
  const client = await loadClient();
  if (client && typeof client.runSimulationInWorker === "function") {
    try {
      return await client.runSimulationInWorker(params, { signal });
    } catch (e) {
      if (e instanceof LevError || signal?.aborted) throw e;
    }
  }
  return simulate(params, signal ? { shouldCancel: () => signal.aborted } : undefined);
}

/** An AbortSignal that fires when Excel cancels the call (cell edited, calculation interrupted). */
export function cancelSignal(
  invocation: CustomFunctions.CancelableInvocation | undefined
): AbortSignal | undefined {
  if (!invocation || typeof AbortController === "undefined") return undefined;
  const controller = new AbortController();
  invocation.onCanceled = () => controller.abort();
  return controller.signal;
}
