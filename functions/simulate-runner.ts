/**
 * Runs LEV.SIMULATE for the add-in: in Web Workers when the page can start them (src/worker/client.ts,
 * worker script beside the page), else synchronously with the engine's `simulate` (Node: the tests and
 * the formula evaluator). The client is imported statically — it touches no DOM API until a run starts —
 * so the task pane and the functions share one copy of it in the page's shared chunk.
 */
import { LevError } from "../src/engine/errors";
import { simulate, type SimulationParams } from "../src/engine/simulate";
import type { Table } from "../src/engine/types";
import { runSimulationInWorker } from "../src/worker/client";

const canStartWorkers = () => typeof Worker !== "undefined" && typeof document !== "undefined";

/**
 * Simulation errors (LevError) and cancellation propagate; a worker that cannot start or crashes falls
 * back to the synchronous engine (same seeded result, on the UI thread).
 */
export async function runSimulation(
  params: SimulationParams,
  signal?: AbortSignal
): Promise<Table> {
  if (canStartWorkers()) {
    try {
      return await runSimulationInWorker(params, { signal });
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
