import { strict as assert } from "node:assert";
import * as F from "../../functions/functions";
import { LevFunctionError } from "../../functions/errors";
import { decay, liqPrice, simulate } from "../../src/engine";

/** Excel passes null for every omitted optional argument (docs/references/office-addin.md §2.1). */
const N = null as unknown as undefined;

describe("Excel custom functions (functions/functions.ts) called as Excel calls them", function () {
  this.timeout(60000);

  class HostError extends Error {
    constructor(
      public code: string,
      message?: string
    ) {
      super(message);
    }
  }
  let saved: unknown;
  before(() => {
    saved = (globalThis as any).CustomFunctions;
    (globalThis as any).CustomFunctions = {
      Error: HostError,
      ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!" },
    };
  });
  after(() => {
    if (saved === undefined) delete (globalThis as any).CustomFunctions;
    else (globalThis as any).CustomFunctions = saved;
  });

  it("every exported custom function is a one-argument-list wrapper with the spec's arity (+ the invocation)", () => {
    // the last parameter of every wrapper is the invocation (@requiresAddress: the cell's address)
    assert.equal(F.decay.length, 7);
    assert.equal(F.liqVenue.length, 9); // [maintenance_amount] after close_fee_rate (contract, Part 1 changes)
    assert.equal(F.simulate.length, 5); // 4 formula arguments + the invocation
  });

  it("LEV.DECAY with nulls for the omitted optionals equals the engine's default call", () => {
    assert.equal(F.decay(3, 0.8, N, N, N, N), decay({ leverage: 3, volatility: 0.8 }));
  });

  it('LEV.LIQ.PRICE accepts "SHORT" and -1 alike', () => {
    const want = liqPrice({ side: -1, entryPrice: 100, quantity: 1, margin: 10 });
    assert.equal(F.liqPrice("SHORT", 100, 1, 10, N, N, N), want);
    assert.equal(F.liqPrice(-1, 100, 1, 10, N, N, N), want);
  });

  it("failures throw the host CustomFunctions.Error with code and message", () => {
    assert.throws(
      () => F.decay(3, -1, N, N, N, N),
      (e: any) => e instanceof HostError && e.code === "#NUM!" && /volatility/.test(e.message)
    );
    assert.throws(
      () =>
        F.path(
          [
            [1, 2],
            [3, 4],
          ],
          3,
          N
        ),
      (e: any) => e instanceof HostError && e.code === "#VALUE!"
    );
  });

  it("LEV.PATH returns a rectangular spill with a header row", () => {
    const v = F.path([[100], [110], [100]], 3, N);
    assert.equal(v[0][0], "price");
    assert.equal(v.length, 4);
    assert.ok(v.every((r) => r.length === v[0].length));
  });

  it("LEV.SIMULATE is async, equals the engine (no Worker in Node → synchronous engine), and wires cancellation", async () => {
    const invocation: any = {};
    const v = await F.simulate(
      2,
      0.5,
      1,
      [
        ["paths", 300],
        ["steps_per_year", 12],
        ["seed", 5],
      ],
      invocation
    );
    const t = simulate({
      leverage: 2,
      volatility: 0.5,
      years: 1,
      options: { paths: 300, stepsPerYear: 12, seed: 5 },
    });
    assert.deepEqual(v, [t.columns, ...t.rows]);
    assert.equal(typeof invocation.onCanceled, "function");
  });

  it("LEV.SIMULATE rejects with #VALUE! naming an unknown option", async () => {
    await assert.rejects(
      F.simulate(2, 0.5, 1, [["path", 300]], {} as any),
      (e: any) => e instanceof HostError && e.code === "#VALUE!" && /"path"/.test(e.message)
    );
  });

  it("without the host class (outside Excel) the stand-in error is thrown", () => {
    const saved = (globalThis as any).CustomFunctions;
    delete (globalThis as any).CustomFunctions;
    try {
      assert.throws(
        () => F.health([[100]], [[0.8]], -1),
        (e: any) => e instanceof LevFunctionError && e.code === "#NUM!"
      );
    } finally {
      (globalThis as any).CustomFunctions = saved;
    }
  });
});
