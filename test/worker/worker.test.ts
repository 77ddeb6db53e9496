// Monte Carlo worker protocol (src/worker): request handling and the page-side client (one worker, and one
// run split across several), without a browser: the fake workers run handleRequest in-process.
import { strict as assert } from "assert";
import fc from "fast-check";
import { LevError } from "../../src/engine/errors";
import { runSimulation, simulate, SIM_BLOCK_PATHS } from "../../src/engine/simulate";
import { handleRequest } from "../../src/worker/simulate.worker";
import {
  MAX_IDLE_WORKERS,
  SimulationCancelled,
  disposeIdleWorkers,
  runDistributionInWorker,
  runInWorker,
  runSimulationInWorker,
  type WorkerLike,
} from "../../src/worker/client";
import {
  histogram,
  workerMessageSchema,
  type WorkerMessage,
  type WorkerRequest,
} from "../../src/worker/protocol";
import { defaultWorkers, splitPaths } from "../../src/worker/split";

const params = {
  leverage: 3,
  volatility: 0.6,
  years: 0.5,
  options: { paths: 3000, seed: 7, stepsPerYear: 365 },
};

interface FakeOptions {
  /** Never answer. */
  silent?: boolean;
  /** Answer with a message that fails the protocol schema. */
  corrupt?: boolean;
  /** Every request posted, in order. */
  requests?: WorkerRequest[];
  /** Every reply with the buffers it transferred. */
  replies?: Array<{ m: WorkerMessage; transfer?: ArrayBuffer[] }>;
  /** Delay (ms) before the i-th started worker answers (default 0). */
  delay?(i: number): number;
  /** Clock for handleRequest's progress throttle (default Date.now). */
  now?(): number;
  /** The i-th started worker answers with this error instead of running (the others stay silent). */
  fail?: { worker: number; error: { kind: "VALUE" | "NUM" | "NA"; arg?: string; message: string } };
  /** The i-th started worker throws in the factory. */
  throwAt?: number;
}

/** A worker that runs handleRequest in-process on a later tick (optionally never answering). */
function fakeWorker(log: string[], opts: FakeOptions = {}): () => WorkerLike {
  let started = 0;
  return () => {
    const index = started++;
    if (opts.throwAt === index) throw new Error("SecurityError: worker script blocked");
    log.push("start");
    const w: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(m) {
        log.push("post");
        opts.requests?.push(m);
        if (opts.fail) {
          if (opts.fail.worker === index)
            setTimeout(
              () => w.onmessage?.({ data: { type: "error", id: m.id, error: opts.fail!.error } }),
              0
            );
          return;
        }
        if (opts.silent) return;
        setTimeout(
          () => {
            if (opts.corrupt) w.onmessage?.({ data: { type: "result", id: m.id, table: "nope" } });
            else
              handleRequest(
                m,
                (reply, transfer) => {
                  opts.replies?.push({ m: reply, transfer });
                  w.onmessage?.({ data: reply });
                },
                opts.now
              );
          },
          opts.delay?.(index) ?? 0
        );
      },
      terminate() {
        log.push("terminate");
      },
    };
    return w;
  };
}

const count = (log: string[], what: string) => log.filter((x) => x === what).length;

describe("taskpane worker: request handling", () => {
  it("posts progress up to 1 then a result equal to the engine's simulate table", () => {
    const out: WorkerMessage[] = [];
    handleRequest(
      { type: "run", id: 4, params, histogramBins: 20 },
      (m) => out.push(m),
      () => 0
    );
    for (const m of out) assert.ok(workerMessageSchema.safeParse(m).success);
    const progress = out.filter((m) => m.type === "progress");
    assert.ok(progress.length >= 1);
    assert.equal(progress[progress.length - 1].fraction, 1);
    const result = out[out.length - 1];
    assert.equal(result.type, "result");
    assert.deepEqual(result.type === "result" && result.table, simulate(params));
    const h = result.type === "result" ? result.histogram! : undefined;
    assert.equal(h!.counts.length, 20);
    assert.equal(h!.counts.reduce((a, b) => a + b, 0) + h!.below + h!.above, 3000);
  });

  it("an engine domain error comes back with its kind, argument and message", () => {
    const out: WorkerMessage[] = [];
    handleRequest({ type: "run", id: 1, params: { ...params, volatility: -1 } }, (m) =>
      out.push(m)
    );
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
    handleRequest({ type: "run", id: 3, params: { ...params, options: { eval: 1 } } }, (m) =>
      out.push(m)
    );
    assert.match(out[1].type === "error" ? out[1].error.message : "", /bad request/);
  });

  it("histogram: counts sum to n and edges ascend", () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i / 10);
    const h = histogram(xs, 10);
    assert.equal(h.counts.reduce((a, b) => a + b, 0) + h.below + h.above, 1000);
    for (let i = 1; i < h.edges.length; i++) assert.ok(h.edges[i] > h.edges[i - 1]);
  });

  it("log histogram: equal-ratio bins between the 0.5th and 99.5th percentiles, zeros and extremes reported", () => {
    // a right-skewed ratio: 3 wiped-out paths, the rest log-uniform over 1e-3 … 1e2
    const xs = [0, 0, 0, ...Array.from({ length: 997 }, (_, i) => 10 ** (-3 + (5 * i) / 996))];
    const h = histogram(xs, 20, "log");
    assert.equal(h.scale, "log");
    assert.equal(h.zeros, 3);
    assert.deepEqual([h.min, h.max], [0, 100]);
    assert.equal(h.counts.reduce((a, b) => a + b, 0) + h.below + h.above, xs.length);
    assert.ok(h.below >= 3, "the zeros are below the first edge");
    const ratio = h.edges[1] / h.edges[0];
    for (let i = 1; i < h.edges.length; i++)
      assert.ok(Math.abs(h.edges[i] / h.edges[i - 1] / ratio - 1) < 1e-9, "geometric edges");
    // log-uniform data: every bin holds about the same number of values
    const inner = h.counts.slice(1, -1);
    assert.ok(Math.max(...inner) - Math.min(...inner) <= 2, JSON.stringify(h.counts));
  });

  it("a run asked for a log histogram gets one, split or not (the task pane's request)", async () => {
    const one = await runDistributionInWorker(params, {
      factory: fakeWorker([]),
      bins: 12,
      scale: "log",
      workers: 1,
    });
    assert.equal(one.histogram.scale, "log");
    assert.equal(one.histogram.counts.length, 12);
  });
});

describe("taskpane worker: client", () => {
  afterEach(disposeIdleWorkers);

  it("runSimulationInWorker resolves to the engine's table, reports progress and keeps the worker warm for the next run", async () => {
    const log: string[] = [];
    const progress: number[] = [];
    const factory = fakeWorker(log);
    const r = await runDistributionInWorker(params, {
      factory,
      onProgress: (f) => progress.push(f),
      bins: 10,
      workers: 1,
    });
    assert.deepEqual(r.table, simulate(params));
    assert.equal(r.summary.paths, 3000);
    assert.equal(progress[progress.length - 1], 1);
    assert.deepEqual(log, ["start", "post"]);
    const again = await runDistributionInWorker(
      { ...params, leverage: -2 },
      { factory, bins: 10, workers: 1 }
    );
    assert.deepEqual(again.table, simulate({ ...params, leverage: -2 }));
    assert.deepEqual(log, ["start", "post", "post"], "the second run reused the idle worker");
    disposeIdleWorkers();
    assert.deepEqual(log, ["start", "post", "post", "terminate"]);
  });

  it("abort rejects with a cancellation and terminates the worker (never reused)", async () => {
    const log: string[] = [];
    const ac = new AbortController();
    const factory = fakeWorker(log, { silent: true });
    const p = runDistributionInWorker(params, { factory, signal: ac.signal, workers: 1 });
    setTimeout(() => ac.abort(), 5);
    await assert.rejects(p, (e: unknown) => e instanceof SimulationCancelled);
    assert.deepEqual(log, ["start", "post", "terminate"]);
    const ac2 = new AbortController();
    const p2 = runDistributionInWorker(params, { factory, signal: ac2.signal, workers: 1 });
    ac2.abort();
    await assert.rejects(p2, (e: unknown) => e instanceof SimulationCancelled);
    assert.equal(
      count(log, "start"),
      2,
      "the cancelled run's worker was not handed to the next run"
    );
  });

  it("a domain error (LevError) keeps its worker reusable; a reply that fails the protocol terminates it", async () => {
    const log: string[] = [];
    const factory = fakeWorker(log);
    await assert.rejects(
      runInWorker({ ...params, years: -1 }, { factory, workers: 1 }),
      (e: unknown) => e instanceof LevError
    );
    assert.deepEqual(log, ["start", "post"]);
    assert.deepEqual(
      await runSimulationInWorker(params, { factory, workers: 1 }),
      simulate(params)
    );
    assert.equal(count(log, "start"), 1);
    const badLog: string[] = [];
    await assert.rejects(
      runInWorker(params, { factory: fakeWorker(badLog, { corrupt: true }), workers: 1 }),
      /invalid message/
    );
    assert.deepEqual(badLog, ["start", "post", "terminate"]);
  });

  it(`at most MAX_IDLE_WORKERS (${MAX_IDLE_WORKERS}) idle workers are kept per factory; the rest are terminated`, async () => {
    const log: string[] = [];
    const factory = fakeWorker(log);
    const big = {
      ...params,
      options: { ...params.options, paths: 6 * SIM_BLOCK_PATHS, stepsPerYear: 12 },
    };
    await runSimulationInWorker(big, { factory, workers: 6 });
    assert.equal(count(log, "start"), 6);
    assert.equal(count(log, "terminate"), 6 - MAX_IDLE_WORKERS);
    await runSimulationInWorker(big, { factory, workers: 6 });
    assert.equal(
      count(log, "start"),
      6 + (6 - MAX_IDLE_WORKERS),
      "the idle workers were taken first"
    );
    disposeIdleWorkers();
    assert.equal(
      count(log, "terminate"),
      count(log, "start"),
      "every started worker is terminated in the end"
    );
  });

  it("an engine error in the worker is rethrown as a LevError (so LEV.SIMULATE shows #NUM!)", async () => {
    const log: string[] = [];
    await assert.rejects(
      runInWorker({ ...params, years: -1 }, { factory: fakeWorker(log) }),
      (e: unknown) => e instanceof LevError && e.kind === "NUM" && e.arg === "years"
    );
  });

  it("a reply that fails the protocol schema is rejected, never used", async () => {
    await assert.rejects(
      runInWorker(params, { factory: fakeWorker([], { corrupt: true }) }),
      /invalid message/
    );
  });

  it("runSimulationInWorker without a factory needs a browser Worker (not available in Node) and says so", async () => {
    for (let i = 0; i < 3; i++)
      await assert.rejects(
        runSimulationInWorker(params),
        /document is not defined|Worker is not defined/
      );
    // The failed starts released their slots: a run with a working worker still starts at once.
    const r = await runDistributionInWorker(params, { factory: fakeWorker([]) });
    assert.equal(r.summary.paths, 3000);
  });
});

describe("taskpane worker: protocol for split runs", () => {
  it('a "range" request is answered with the engine\'s ratios for those paths, the buffer transferred', () => {
    const p = { ...params, options: { ...params.options, paths: 2 * SIM_BLOCK_PATHS + 10 } };
    const out: Array<{ m: WorkerMessage; transfer?: ArrayBuffer[] }> = [];
    handleRequest(
      { type: "range", id: 9, params: p, from: SIM_BLOCK_PATHS, to: 2 * SIM_BLOCK_PATHS + 10 },
      (m, transfer) => out.push({ m, transfer }),
      () => 0
    );
    for (const { m } of out) assert.ok(workerMessageSchema.safeParse(m).success);
    const last = out[out.length - 1];
    assert.equal(last.m.type, "ratios");
    if (last.m.type !== "ratios") return;
    assert.deepEqual(last.m.ratios, runSimulation(p).navRatios.slice(SIM_BLOCK_PATHS));
    assert.equal(last.m.steps, 183);
    assert.deepEqual(last.transfer, [last.m.ratios.buffer]);
    const progress = out
      .filter((x) => x.m.type === "progress")
      .map((x) => (x.m as { fraction: number }).fraction);
    assert.equal(progress[progress.length - 1], 1);
  });

  it('a "range" whose from is not a multiple of SIM_BLOCK_PATHS comes back as #VALUE! naming from', () => {
    const out: WorkerMessage[] = [];
    handleRequest({ type: "range", id: 3, params, from: 100, to: 200 }, (m) => out.push(m));
    assert.equal(out.length, 1);
    assert.equal(out[0].type === "error" && out[0].error.kind, "VALUE");
    assert.equal(out[0].type === "error" && out[0].error.arg, "from");
  });

  it('the page refuses a "ratios" message whose ratios is not a Float64Array', () => {
    const ok = { type: "ratios", id: 1, ratios: new Float64Array([1, 1.5]), steps: 10 };
    assert.ok(workerMessageSchema.safeParse(ok).success);
    for (const ratios of [
      [1, 1.5],
      new Float32Array([1, 1.5]),
      { 0: 1, 1: 1.5, length: 2 },
      "1,1.5",
      undefined,
    ]) {
      assert.equal(
        workerMessageSchema.safeParse({ ...ok, ratios }).success,
        false,
        `accepted ratios = ${String(ratios)}`
      );
    }
    assert.equal(workerMessageSchema.safeParse({ ...ok, steps: 0 }).success, false);
  });
});

describe("taskpane worker: splitting one run across workers", () => {
  // 5 whole blocks + a partial one: 5·1024 + 300 paths, 183 steps each (0.5 y × 365).
  const split = { ...params, options: { ...params.options, paths: 5 * SIM_BLOCK_PATHS + 300 } };
  afterEach(disposeIdleWorkers);

  it("splitPaths: 10,000 paths on 2 workers → 5120 + 4880; on 4 → 3072, 2048, 3072, 1808", () => {
    assert.deepEqual(splitPaths(10_000, 2), [
      [0, 5120],
      [5120, 10_000],
    ]);
    assert.deepEqual(splitPaths(10_000, 4), [
      [0, 3072],
      [3072, 5120],
      [5120, 8192],
      [8192, 10_000],
    ]);
  });

  it("splitPaths: contiguous, non-empty, block-aligned ranges covering every path, min(workers, blocks) of them (property, seeded)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 64 }),
        (paths, workers) => {
          const r = splitPaths(paths, workers);
          assert.equal(r.length, Math.min(workers, Math.ceil(paths / SIM_BLOCK_PATHS)));
          assert.equal(r[0][0], 0);
          assert.equal(r[r.length - 1][1], paths);
          r.forEach(([from, to], k) => {
            assert.ok(to > from);
            assert.equal(from % SIM_BLOCK_PATHS, 0);
            if (k > 0) assert.equal(from, r[k - 1][1]);
          });
        }
      ),
      { seed: 20261125, numRuns: 300 }
    );
  });

  it("defaultWorkers: one per logical core but one (left to Excel and the browser), at most 4; 1 when the browser does not say", () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 8, 64].map((c) => defaultWorkers(c)),
      [1, 1, 2, 3, 4, 4, 4]
    );
    assert.equal(defaultWorkers(undefined), 1);
    assert.equal(defaultWorkers(0), 1);
  });

  it("1, 2, 3 and 4 workers give a table, summary and histogram deep-equal to the one-worker run and the engine", async () => {
    const oneLog: string[] = [];
    const one = await runDistributionInWorker(split, {
      factory: fakeWorker(oneLog),
      bins: 25,
      workers: 1,
    });
    assert.deepEqual(oneLog, ["start", "post"]);
    const engine = runSimulation(split);
    assert.deepEqual(one.table, simulate(split));
    assert.deepEqual(one.summary, engine.summary);
    assert.deepEqual(one.histogram, histogram(engine.navRatios, 25));
    for (const workers of [2, 3, 4]) {
      const log: string[] = [];
      const requests: WorkerRequest[] = [];
      // later ranges answer first: the merge must still put every range at its own paths
      const r = await runDistributionInWorker(split, {
        factory: fakeWorker(log, { requests, delay: (i) => 3 * (workers - i) }),
        bins: 25,
        workers,
      });
      assert.deepEqual(r, one, `${workers} workers`);
      assert.deepEqual(
        requests.map((q) => q.type === "range" && [q.from, q.to]),
        splitPaths(split.options.paths, workers)
      );
      assert.equal(count(log, "post"), workers);
      assert.equal(count(log, "start"), workers);
      assert.equal(count(log, "terminate"), 0, "a finished run's workers stay warm");
    }
  });

  it("a split band-rebalanced run matches the engine too (the band path is simulated one path at a time)", async () => {
    const band = {
      leverage: 2,
      volatility: 0.9,
      years: 0.25,
      options: {
        paths: 3 * SIM_BLOCK_PATHS + 1,
        seed: 11,
        stepsPerYear: 365,
        rebalance: "band",
        bandLow: 1.6,
        bandHigh: 2.4,
        costRate: 0.001,
      },
    };
    const t = await runSimulationInWorker(band, { factory: fakeWorker([]), workers: 3 });
    assert.deepEqual(t, simulate(band));
  });

  it("split progress is the path-weighted mean of the ranges: it never decreases and ends at 1", async () => {
    let t = 0;
    const progress: number[] = [];
    const long = { ...split, options: { ...split.options, stepsPerYear: 730 } }; // 365 steps: several progress chunks per range
    await runDistributionInWorker(long, {
      factory: fakeWorker([], { now: () => (t += 100), delay: (i) => 2 * i }),
      onProgress: (f) => progress.push(f),
      workers: 3,
    });
    assert.ok(progress.length > 3, `only ${progress.length} progress reports`);
    for (let i = 1; i < progress.length; i++)
      assert.ok(
        progress[i] >= progress[i - 1],
        `progress went back: ${progress[i - 1]} → ${progress[i]}`
      );
    assert.ok(progress.every((f) => f > 0 && f <= 1));
    assert.equal(progress[progress.length - 1], 1);
  });

  it("each range's ratios come back in a transferred buffer", async () => {
    const replies: Array<{ m: WorkerMessage; transfer?: ArrayBuffer[] }> = [];
    await runSimulationInWorker(split, { factory: fakeWorker([], { replies }), workers: 4 });
    const ratios = replies.filter((x) => x.m.type === "ratios");
    assert.equal(ratios.length, 4);
    for (const { m, transfer } of ratios)
      assert.deepEqual(transfer, [(m as { ratios: Float64Array }).ratios.buffer]);
  });

  it("abort terminates every worker of the split run and rejects with a cancellation", async () => {
    const log: string[] = [];
    const ac = new AbortController();
    const p = runDistributionInWorker(split, {
      factory: fakeWorker(log, { silent: true }),
      signal: ac.signal,
      workers: 3,
    });
    setTimeout(() => ac.abort(), 5);
    await assert.rejects(p, (e: unknown) => e instanceof SimulationCancelled);
    assert.equal(count(log, "post"), 3);
    assert.equal(count(log, "terminate"), 3);
  });

  it("an error in one range rejects the run with that LevError and terminates every worker", async () => {
    const log: string[] = [];
    const error = {
      kind: "NA" as const,
      arg: "leverage",
      message: "a simulated NAV left the number range",
    };
    await assert.rejects(
      runSimulationInWorker(split, {
        factory: fakeWorker(log, { fail: { worker: 2, error } }),
        workers: 4,
      }),
      (e: unknown) =>
        e instanceof LevError &&
        e.kind === "NA" &&
        e.arg === "leverage" &&
        e.message === error.message
    );
    assert.equal(count(log, "post"), 4);
    assert.equal(count(log, "terminate"), 4);
  });

  it("invalid inputs fail as in a one-worker run (same kind, argument and message) before any worker starts", async () => {
    const cases = [
      { ...split, volatility: -1 },
      { ...split, years: 0 },
      { ...split, options: { ...split.options, seed: 1.5 } },
      { ...split, options: { ...split.options, paths: 100_000, stepsPerYear: 2000 } }, // 100,000 × 1000 steps: over the 50M paths × steps limit
      { ...split, options: { ...split.options, eval: 1 } } as typeof split, // refused by the protocol schema
    ];
    for (const bad of cases) {
      const one = await runInWorker(bad, { factory: fakeWorker([]), workers: 1 }).then(
        () => assert.fail("one-worker run accepted bad input"),
        (e: unknown) => e as LevError
      );
      assert.ok(one instanceof LevError);
      const log: string[] = [];
      await assert.rejects(
        runInWorker(bad, { factory: fakeWorker(log), workers: 4 }),
        (e: unknown) =>
          e instanceof LevError &&
          e.kind === one.kind &&
          e.arg === one.arg &&
          e.message === one.message
      );
      assert.deepEqual(log, [], "no worker was started");
    }
    await assert.rejects(
      runInWorker({ ...split, volatility: -1 }, { factory: fakeWorker([]), workers: 4 }),
      (e: unknown) => e instanceof LevError && e.kind === "NUM" && e.arg === "volatility"
    );
  });

  it('runs under 2 blocks (2047 paths) use one "run" request; 2048 paths split in two', async () => {
    for (const [paths, types] of [
      [2 * SIM_BLOCK_PATHS - 1, ["run"]],
      [2 * SIM_BLOCK_PATHS, ["range", "range"]],
    ] as const) {
      const requests: WorkerRequest[] = [];
      const p = { ...params, options: { ...params.options, paths, stepsPerYear: 52 } };
      const t = await runSimulationInWorker(p, {
        factory: fakeWorker([], { requests }),
        workers: 4,
      });
      assert.deepEqual(
        requests.map((q) => q.type),
        types
      );
      assert.deepEqual(t, simulate(p));
    }
  });

  it("without a paths option the run is split over LEV.SIMULATE's default 10,000 paths, like the engine", async () => {
    const p = {
      leverage: -2,
      volatility: 0.4,
      years: 0.25,
      options: { stepsPerYear: 12, seed: 3 },
    };
    const requests: WorkerRequest[] = [];
    const r = await runDistributionInWorker(p, {
      factory: fakeWorker([], { requests }),
      workers: 4,
    });
    assert.deepEqual(
      requests.map((q) => q.type === "range" && [q.from, q.to]),
      splitPaths(10_000, 4)
    );
    assert.deepEqual(r.table, simulate(p));
    assert.equal(r.summary.paths, 10_000);
  });

  it("a split run takes one concurrency slot: 5 split runs at once all finish (no deadlock)", async () => {
    const log: string[] = [];
    const runs = [1, 2, 3, 4, 5].map((seed) => ({
      ...split,
      options: { ...split.options, seed, stepsPerYear: 52 },
    }));
    const factory = fakeWorker(log);
    const tables = await Promise.all(
      runs.map((p) => runSimulationInWorker(p, { factory, workers: 4 }))
    );
    tables.forEach((t, i) => assert.deepEqual(t, simulate(runs[i])));
    assert.equal(count(log, "post"), 20);
    assert.ok(
      count(log, "start") <= 8,
      `${count(log, "start")} workers started: finished runs' workers are reused (2 runs × 4 at most at once)`
    );
    disposeIdleWorkers();
    assert.equal(count(log, "terminate"), count(log, "start"));
  });

  it("a split run queued behind 2 running runs starts when one is cancelled", async () => {
    const log: string[] = [];
    const acs = [new AbortController(), new AbortController()];
    const blocked = acs.map((ac) =>
      runSimulationInWorker(split, {
        factory: fakeWorker(log, { silent: true }),
        signal: ac.signal,
        workers: 2,
      }).then(
        () => "finished",
        (e: unknown) => e
      )
    );
    const queuedLog: string[] = [];
    const queued = runSimulationInWorker(split, { factory: fakeWorker(queuedLog), workers: 2 });
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(count(log, "post"), 4);
    assert.deepEqual(queuedLog, [], "the third run waits for a slot");
    acs[0].abort();
    assert.deepEqual(await queued, simulate(split));
    acs[1].abort();
    for (const b of blocked) assert.ok((await b) instanceof SimulationCancelled);
    assert.equal(count(log, "terminate"), 4);
  });

  it("a task-pane run never waits behind LEV.SIMULATE recalculation: its own lane starts at once", async () => {
    const log: string[] = [];
    const ac = new AbortController();
    // a recalculation: 2 sheet runs hold the sheet lane's slots and 3 more queue behind them
    const sheetRuns = Array.from({ length: 5 }, () =>
      runSimulationInWorker(params, {
        factory: fakeWorker(log, { silent: true }),
        signal: ac.signal,
        workers: 1,
      }).then(
        () => "finished",
        (e: unknown) => e
      )
    );
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(count(log, "post"), 2, "two sheet runs started, three queued");
    const pane = await runDistributionInWorker(params, { factory: fakeWorker([]), workers: 1 });
    assert.deepEqual(
      pane.table,
      simulate(params),
      "the pane's run finished while the sheet lane was full"
    );
    assert.equal(count(log, "post"), 2, "no queued sheet run started in the pane's slot");
    ac.abort();
    for (const r of sheetRuns) assert.ok((await r) instanceof SimulationCancelled);
  });

  it("a worker that fails to start terminates the ones already started and frees the slot", async () => {
    const log: string[] = [];
    for (let i = 0; i < 3; i++)
      await assert.rejects(
        runSimulationInWorker(split, { factory: fakeWorker(log, { throwAt: 2 }), workers: 4 }),
        /worker script blocked/
      );
    assert.equal(count(log, "post"), 0);
    assert.equal(count(log, "terminate"), 6);
    assert.deepEqual(
      await runSimulationInWorker(split, { factory: fakeWorker([]), workers: 4 }),
      simulate(split)
    );
  });
});
