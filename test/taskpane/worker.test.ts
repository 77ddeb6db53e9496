// Monte Carlo worker protocol (src/worker): request handling and the page-side client, without a browser.
import { strict as assert } from "assert";
import { LevError } from "../../src/engine/errors";
import { simulate } from "../../src/engine/simulate";
import { handleRequest } from "../../src/worker/simulate.worker";
import { SimulationCancelled, runDistributionInWorker, runSimulationInWorker, type WorkerLike } from "../../src/worker/client";
import { histogram, workerMessageSchema, type WorkerMessage } from "../../src/worker/protocol";

const params = { leverage: 3, volatility: 0.6, years: 0.5, options: { paths: 3000, seed: 7, stepsPerYear: 365 } };

/** A worker that runs handleRequest in-process on the next tick (optionally never answering). */
function fakeWorker(log: string[], opts: { silent?: boolean; corrupt?: boolean } = {}): () => WorkerLike {
  return () => {
    const w: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(m) {
        log.push("post");
        if (opts.silent) return;
        setTimeout(() => {
          if (opts.corrupt) w.onmessage?.({ data: { type: "result", id: m.id, table: "nope" } });
          else handleRequest(m, (reply) => w.onmessage?.({ data: reply }));
        }, 0);
      },
      terminate() {
        log.push("terminate");
      },
    };
    return w;
  };
}

describe("taskpane worker: request handling", () => {
  it("posts progress up to 1 then a result equal to the engine's simulate table", () => {
    const out: WorkerMessage[] = [];
    handleRequest({ type: "run", id: 4, params, histogramBins: 20 }, (m) => out.push(m), () => 0);
    for (const m of out) assert.ok(workerMessageSchema.safeParse(m).success);
    const progress = out.filter((m) => m.type === "progress");
    assert.ok(progress.length >= 1);
    assert.equal((progress[progress.length - 1] as any).fraction, 1);
    const result = out[out.length - 1];
    assert.equal(result.type, "result");
    assert.deepEqual(result.type === "result" && result.table, simulate(params));
    const h = result.type === "result" ? result.histogram! : undefined;
    assert.equal(h!.counts.length, 20);
    assert.equal(h!.counts.reduce((a, b) => a + b, 0) + h!.below + h!.above, 3000);
  });

  it("an engine domain error comes back with its kind, argument and message", () => {
    const out: WorkerMessage[] = [];
    handleRequest({ type: "run", id: 1, params: { ...params, volatility: -1 } }, (m) => out.push(m));
    assert.equal(out.length, 1);
    const m = out[0];
    assert.equal(m.type, "error");
    assert.equal(m.type === "error" && m.error.kind, "NUM");
    assert.equal(m.type === "error" && m.error.arg, "volatility");
  });

  it("a malformed request is refused with #VALUE! and not run", () => {
    const out: WorkerMessage[] = [];
    handleRequest({ type: "run", id: 2, params: { leverage: "3" } }, (m) => out.push(m));
    assert.equal(out.length, 1);
    assert.equal(out[0].type === "error" && out[0].error.kind, "VALUE");
    handleRequest({ type: "run", id: 3, params: { ...params, options: { eval: 1 } } }, (m) => out.push(m));
    assert.match(out[1].type === "error" ? out[1].error.message : "", /bad request/);
  });

  it("histogram: counts sum to n and edges ascend", () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i / 10);
    const h = histogram(xs, 10);
    assert.equal(h.counts.reduce((a, b) => a + b, 0) + h.below + h.above, 1000);
    for (let i = 1; i < h.edges.length; i++) assert.ok(h.edges[i] > h.edges[i - 1]);
  });
});

describe("taskpane worker: client", () => {
  it("runSimulationInWorker resolves to the engine's table, reports progress and terminates the worker", async () => {
    const log: string[] = [];
    const progress: number[] = [];
    const r = await runDistributionInWorker(params, { factory: fakeWorker(log), onProgress: (f) => progress.push(f), bins: 10 });
    assert.deepEqual(r.table, simulate(params));
    assert.equal(r.summary.paths, 3000);
    assert.equal(progress[progress.length - 1], 1);
    assert.deepEqual(log, ["post", "terminate"]);
  });

  it("abort rejects with a cancellation and terminates the worker", async () => {
    const log: string[] = [];
    const ac = new AbortController();
    const p = runDistributionInWorker(params, { factory: fakeWorker(log, { silent: true }), signal: ac.signal });
    setTimeout(() => ac.abort(), 5);
    await assert.rejects(p, (e: unknown) => e instanceof SimulationCancelled);
    assert.deepEqual(log, ["post", "terminate"]);
  });

  it("an engine error in the worker is rethrown as a LevError (so LEV.SIMULATE shows #NUM!)", async () => {
    const log: string[] = [];
    await assert.rejects(
      (await import("../../src/worker/client")).runInWorker({ ...params, years: -1 }, { factory: fakeWorker(log) }),
      (e: unknown) => e instanceof LevError && e.kind === "NUM" && e.arg === "years",
    );
  });

  it("a reply that fails the protocol schema is rejected, never used", async () => {
    await assert.rejects((await import("../../src/worker/client")).runInWorker(params, { factory: fakeWorker([], { corrupt: true }) }), /invalid message/);
  });

  it("runSimulationInWorker without a factory needs a browser Worker (not available in Node) and says so", async () => {
    for (let i = 0; i < 3; i++) await assert.rejects(runSimulationInWorker(params), /document is not defined|Worker is not defined/);
    // The failed starts released their slots: a run with a working worker still starts at once.
    const r = await runDistributionInWorker(params, { factory: fakeWorker([]) });
    assert.equal(r.summary.paths, 3000);
  });
});
