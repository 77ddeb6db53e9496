import { strict as assert } from "node:assert";
import { runSimulation } from "../../functions/simulate-runner";
import { LevError, simulate } from "../../src/engine";
import { disposeIdleWorkers } from "../../src/worker/client";

/**
 * LEV.SIMULATE in the add-in runs through src/worker/client.ts when `Worker` and `document` exist. These
 * tests install a fake Worker speaking the worker protocol (src/worker/protocol.ts) to check the functions
 * layer's use of it: the worker's table is returned, its LevError propagates, and a worker that cannot start
 * falls back to the synchronous engine.
 */
describe("LEV.SIMULATE runner: Web Worker when available, engine otherwise", () => {
  const g = globalThis as any;
  let saved: { Worker: unknown; document: unknown };
  let started = 0;
  beforeEach(() => {
    saved = { Worker: g.Worker, document: g.document };
    g.document = { baseURI: "http://localhost:3000/taskpane.html" };
    started = 0;
  });
  afterEach(() => {
    disposeIdleWorkers(); // each test installs its own Worker class: no idle worker may carry over
    for (const k of ["Worker", "document"] as const) {
      if (saved[k] === undefined) delete g[k];
      else g[k] = saved[k];
    }
  });

  const params = {
    leverage: 2,
    volatility: 0.5,
    years: 1,
    options: { paths: 200, stepsPerYear: 12, seed: 9 },
  };

  it("uses the worker and returns its table", async () => {
    g.Worker = class {
      onmessage: ((e: { data: unknown }) => void) | null = null;
      onerror: ((e: { message?: string }) => void) | null = null;
      constructor() {
        started++;
      }
      postMessage(m: any) {
        const table = simulate(m.params);
        setTimeout(() => this.onmessage?.({ data: { type: "result", id: m.id, table } }), 0);
      }
      terminate() {}
    };
    const t = await runSimulation(params);
    assert.equal(started, 1);
    assert.deepEqual(t, simulate(params as any));
  });

  it("a LevError reported by the worker propagates with its kind (→ #NUM!)", async () => {
    g.Worker = class {
      onmessage: ((e: { data: unknown }) => void) | null = null;
      onerror: ((e: { message?: string }) => void) | null = null;
      postMessage(m: any) {
        setTimeout(
          () =>
            this.onmessage?.({
              data: {
                type: "error",
                id: m.id,
                error: { kind: "NUM", arg: "volatility", message: "volatility must be ≥ 0" },
              },
            }),
          0
        );
      }
      terminate() {}
    };
    await assert.rejects(
      runSimulation(params),
      (e: unknown) => e instanceof LevError && e.kind === "NUM" && e.arg === "volatility"
    );
  });

  it("falls back to the synchronous engine when the worker cannot start", async () => {
    g.Worker = class {
      constructor() {
        started++;
        throw new Error("SecurityError: worker script blocked");
      }
    };
    const t = await runSimulation(params);
    assert.equal(started, 1);
    assert.deepEqual(t, simulate(params as any));
  });
});
