/**
 * Runs LEV.SIMULATE for the add-in: in a Web Worker when the browser supports workers and the task-pane
 * engineer's client can start one (src/worker/client.ts), else synchronously with the engine's `simulate`.
 * The client module is loaded lazily and only when `Worker` exists, so Node (tests, evaluator) never
 * touches DOM APIs; webpackMode "eager" keeps it in the functions bundle (no extra chunk to fetch).
 */
import { simulate } from "../src/engine/simulate";
import type { Table } from "../src/engine/types";

type WorkerClient = {
  runSimulationInWorker: (input: any, opts?: { onProgress?: (f: number) => void; signal?: AbortSignal }) => Promise<Table>;
};

async function loadClient(): Promise<WorkerClient | undefined> {
  if (typeof Worker === "undefined") return undefined;
  try {
    return (await import(/* webpackMode: "eager" */ "../src/worker/client")) as unknown as WorkerClient;
  } catch {
    return undefined;
  }
}

/** Simulation errors (LevError) propagate; a worker that cannot start falls back to the synchronous engine. */
export async function runSimulation(input: Record<string, unknown>, signal?: AbortSignal): Promise<Table> {
  const client = await loadClient();
  if (client && typeof client.runSimulationInWorker === "function") {
    return client.runSimulationInWorker(input, { signal });
  }
  return simulate(input as any, signal ? { shouldCancel: () => signal.aborted } : undefined);
}
