/**
 * Runs LEV.SIMULATE for the add-in: in a Web Worker when the page can start one (src/worker/client.ts,
 * worker script beside the page), else synchronously with the engine's `simulate`. The client module is
 * loaded lazily and only when `Worker` and `document` exist, so Node (tests, evaluator) never touches DOM
 * APIs; webpackMode "eager" keeps it in the functions bundle (no extra chunk to fetch).
 */
import { LevError } from "../src/engine/errors";
import { simulate } from "../src/engine/simulate";
import type { Table } from "../src/engine/types";

type WorkerClient = {
  runSimulationInWorker: (
    input: any,
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
  input: Record<string, unknown>,
  signal?: AbortSignal
): Promise<Table> {
  const client = await loadClient();
  if (client && typeof client.runSimulationInWorker === "function") {
    try {
      return await client.runSimulationInWorker(input, { signal });
    } catch (e) {
      if (e instanceof LevError || signal?.aborted) throw e;
    }
  }
  return simulate(input as any, signal ? { shouldCancel: () => signal.aborted } : undefined);
}
