import { strict as assert } from "node:assert";
import { evaluate, invoke } from "../../functions/adapter";
import { readOptions, readSeries, readSide, MAX_SERIES_CELLS } from "../../functions/args";
import { LevFunctionError, type Outcome } from "../../functions/errors";
import { OPTION_TYPES } from "../../functions/registry";
import { decay, leveragedPath, liqPrice, PATH_OPTION_NAMES } from "../../src/engine";

const ok = (o: Outcome) => {
  assert.ok(o.ok, `expected a value, got ${JSON.stringify(o)}`);
  return o.value;
};
const fail = (o: Outcome, code: string, ...mustMention: string[]) => {
  assert.ok(!o.ok, `expected ${code}, got ${JSON.stringify(o)}`);
  assert.equal(o.code, code, o.message);
  for (const s of mustMention)
    assert.ok(o.message.includes(s), `message "${o.message}" should mention "${s}"`);
};

describe("functions adapter: optional arguments", () => {
  it("null and undefined for an omitted optional give the engine default (years = 1)", () => {
    const expected = decay({ leverage: 3, volatility: 0.8 });
    assert.equal(ok(evaluate("DECAY", [3, 0.8, null, null])), expected);
    assert.equal(ok(evaluate("DECAY", [3, 0.8, undefined])), expected);
    assert.equal(ok(evaluate("DECAY", [3, 0.8, ""])), expected);
    assert.equal(ok(evaluate("DECAY", [3, 0.8])), expected);
  });

  it("a 0 (desktop's empty cell) is a real 0, not the default; where 0 is not meaningful (zeroMeansBlank) it is #VALUE! saying an empty cell arrives as 0", () => {
    assert.equal(
      ok(evaluate("DECAY", [3, 0.8, 2, 0])),
      decay({ leverage: 3, volatility: 0.8, years: 2, feeRate: 0 })
    );
    fail(evaluate("DECAY", [3, 0.8, 0]), "#VALUE!", "years", "passes an empty cell as 0");
  });

  it("a blank required argument is #VALUE! naming it", () => {
    fail(evaluate("DECAY", [null, 0.8]), "#VALUE!", "leverage", "required");
  });

  it("numeric text is coerced as Excel does; other text is #VALUE! naming the argument", () => {
    assert.equal(ok(evaluate("DECAY", ["3", " 0.8 "])), decay({ leverage: 3, volatility: 0.8 }));
    fail(evaluate("DECAY", [3, "high"]), "#VALUE!", "volatility", "number");
    fail(evaluate("DECAY", [true, 0.8]), "#VALUE!", "leverage");
  });

  it("a 1×1 range counts as its cell; a larger range for a scalar is #VALUE!", () => {
    assert.equal(ok(evaluate("DECAY", [[[3]], 0.8])), decay({ leverage: 3, volatility: 0.8 }));
    fail(evaluate("DECAY", [[[3], [2]], 0.8]), "#VALUE!", "leverage", "single value");
  });

  it("too many arguments is #VALUE!", () => {
    fail(evaluate("HEALTH", [1, 0.8, 1, 5]), "#VALUE!", "at most 3");
  });
});

describe("functions adapter: side", () => {
  const expectedLong = liqPrice({ side: 1, entryPrice: 100, quantity: 1, margin: 10 });
  const expectedShort = liqPrice({ side: -1, entryPrice: 100, quantity: 1, margin: 10 });
  for (const [raw, want] of [
    ["long", 1],
    ["LONG", 1],
    [" Long ", 1],
    [1, 1],
    ["short", -1],
    ["SHORT", -1],
    [-1, -1],
  ] as const) {
    it(`reads ${JSON.stringify(raw)} as ${want}`, () => {
      assert.equal(readSide("side", raw), want);
      assert.equal(
        ok(evaluate("LIQ.PRICE", [raw, 100, 1, 10])),
        want === 1 ? expectedLong : expectedShort
      );
    });
  }
  it("rejects other values with #VALUE! listing the accepted ones", () => {
    for (const bad of ["up", 2, 0, true, null])
      fail(evaluate("LIQ.PRICE", [bad, 100, 1, 10]), "#VALUE!", "side", '"long"');
  });
});

describe("functions adapter: series", () => {
  it("a row and a column give the same series and the same path", () => {
    assert.deepEqual(Array.from(readSeries("prices", [[100, 110, 100]])), [100, 110, 100]);
    assert.deepEqual(Array.from(readSeries("prices", [[100], [110], [100]])), [100, 110, 100]);
    assert.deepEqual(
      ok(evaluate("PATH", [[[100, 110, 100]], 3])),
      ok(evaluate("PATH", [[[100], [110], [100]], 3]))
    );
  });

  it("a 2-D block is #VALUE! naming the argument and its shape", () => {
    fail(
      evaluate("PATH", [
        [
          [100, 110],
          [100, 90],
        ],
        3,
      ]),
      "#VALUE!",
      "prices",
      "2×2"
    );
    fail(
      evaluate("CPPI.PATH", [
        [
          [0.1, 0.2, 0.3],
          [0, 0, 0],
        ],
        3,
        0.8,
      ]),
      "#VALUE!",
      "returns",
      "2×3"
    );
  });

  it("a blank inside a series is #VALUE! with its position (never skipped)", () => {
    fail(evaluate("PATH", [[[100], [null], [100]], 3]), "#VALUE!", "prices", "blank", "position 2");
    fail(evaluate("PATH", [[[100], [""], [100]], 3]), "#VALUE!", "prices", "position 2");
    fail(evaluate("PATH", [[[100], [110], [null]], 3]), "#VALUE!", "position 3");
  });

  it("text or logicals inside a series are #VALUE!", () => {
    fail(evaluate("PATH", [[[100], ["110"], [100]], 3]), "#VALUE!", "prices", "position 2");
    fail(evaluate("PATH", [[[100], [true], [100]], 3]), "#VALUE!", "prices");
  });

  it("a series longer than the cap is #NUM! stating the limit", () => {
    const big = [new Array(MAX_SERIES_CELLS + 1).fill(100)];
    fail(evaluate("PATH", [big, 3]), "#NUM!", "prices", "1,000,000");
  });
});

describe("functions adapter: options", () => {
  const names = PATH_OPTION_NAMES as readonly string[];

  it("reads a 2-column range into typed engine options (camelCase keys)", () => {
    const o = readOptions(
      [
        ["band_low", 2],
        ["BAND_HIGH", 4],
        ["rebalance", "Band"],
        ["rebalance_to", "edge"],
      ],
      names,
      OPTION_TYPES
    );
    assert.deepEqual(o.values, { bandLow: 2, bandHigh: 4, rebalance: "band", rebalanceTo: "edge" });
    assert.equal(o.headers, true);
  });

  it("passes options to the engine (cost_rate changes the path exactly as the engine computes it)", () => {
    const prices = [[100], [110], [100]];
    const table = leveragedPath({
      prices: [100, 110, 100],
      leverage: 3,
      options: { costRate: 0.001 },
    });
    assert.deepEqual(ok(evaluate("PATH", [prices, 3, [["cost_rate", 0.001]]])), [
      table.columns,
      ...table.rows,
    ]);
  });

  it('"headers",FALSE drops the header row; TRUE keeps it', () => {
    const prices = [[100], [110], [100]];
    const withHeaders = ok(evaluate("PATH", [prices, 3])) as unknown[][];
    assert.deepEqual(ok(evaluate("PATH", [prices, 3, [["headers", false]]])), withHeaders.slice(1));
    assert.deepEqual(ok(evaluate("PATH", [prices, 3, [["headers", true]]])), withHeaders);
    assert.equal(withHeaders[0][0], "price");
  });

  it("skips wholly blank rows of an options range", () => {
    const o = readOptions(
      [
        ["band_low", 2],
        [null, null],
        ["", ""],
      ],
      names,
      OPTION_TYPES
    );
    assert.deepEqual(o.values, { bandLow: 2 });
  });

  it("an unknown option is #VALUE! naming it and listing the accepted names", () => {
    fail(
      evaluate("PATH", [[[100], [110]], 3, [["fee", 0.01]]]),
      "#VALUE!",
      '"fee"',
      "fee_per_period",
      "headers"
    );
  });

  it("a wrong option type is #VALUE! naming the option", () => {
    fail(
      evaluate("PATH", [[[100], [110]], 3, [["cost_rate", "cheap"]]]),
      "#VALUE!",
      "cost_rate",
      "number"
    );
    fail(
      evaluate("PATH", [[[100], [110]], 3, [["rebalance", "weekly"]]]),
      "#VALUE!",
      "rebalance",
      '"period"'
    );
    fail(
      evaluate("PATH", [[[100], [110]], 3, [["headers", "maybe"]]]),
      "#VALUE!",
      "headers",
      "TRUE or FALSE"
    );
    fail(evaluate("SIMULATE", [3, 0.8, 1, [["paths", 10.5]]]), "#NUM!", "paths", "whole number");
  });

  it("duplicates, missing values and wrong shapes are #VALUE!", () => {
    fail(
      evaluate("PATH", [
        [[100], [110]],
        3,
        [
          ["cost_rate", 0.1],
          ["COST_RATE", 0.2],
        ],
      ]),
      "#VALUE!",
      "cost_rate",
      "twice"
    );
    fail(
      evaluate("PATH", [[[100], [110]], 3, [["cost_rate", null]]]),
      "#VALUE!",
      "cost_rate",
      "no value"
    );
    fail(
      evaluate("PATH", [[[100], [110]], 3, [["cost_rate", 0.1, 1]]]),
      "#VALUE!",
      "options",
      "2 columns"
    );
    fail(evaluate("PATH", [[[100], [110]], 3, "cost_rate"]), "#VALUE!", "options");
  });
});

describe("functions adapter: error classes", () => {
  it("#NUM! for an out-of-domain number, naming the argument (engine LevError kind NUM)", () => {
    fail(evaluate("DECAY", [3, -0.2]), "#NUM!", "volatility");
    fail(evaluate("LIQ.PRICE", ["long", -100, 1, 10]), "#NUM!", "entry_price");
  });

  it("#N/A for valid inputs with no finite answer (engine LevError kind NA)", () => {
    // a long whose margin covers the whole notional cannot be liquidated
    fail(evaluate("LIQ.PRICE", ["long", 100, 1, 200]), "#N/A");
  });

  it("#VALUE! for a bad choice argument, naming it (venue)", () => {
    fail(evaluate("LIQ.VENUE", ["ftx", "long", 100, 1, 10]), "#VALUE!", "venue", '"binance"');
    assert.equal(typeof ok(evaluate("LIQ.VENUE", ["Binance", "long", 100, 1, 10])), "number");
  });

  it("tables: brackets and positions need their columns; a partly blank row is #VALUE! naming row and column", () => {
    fail(
      evaluate("LIQ.TIERED", ["long", 100, 1, 10, [[0, 1000, 0.004]]]),
      "#VALUE!",
      "brackets",
      "4 columns"
    );
    fail(
      evaluate("LIQ.TIERED", ["long", 100, 1, 10, [[0, 1000, null, 0]]]),
      "#VALUE!",
      "brackets row 1, column 3"
    );
    fail(
      evaluate("LIQ.CROSS", [1000, [["up", 1, 100, 100, 0.005, 0]]]),
      "#VALUE!",
      "positions row 1, column 1 (side)"
    );
    fail(
      evaluate("LIQ.CROSS", [1000, [["long", 1, 100, 100, 0.005, 0]], 1.5]),
      "#NUM!",
      "row",
      "whole number"
    );
  });

  it("every result is a finite number or a rectangular table", () => {
    const v = ok(evaluate("BAND.TRIGGERS", [3, 2, 4])) as unknown[][];
    assert.deepEqual(v[0], ["to_band_high", "to_band_low"]);
    assert.equal(v.length, 2);
    for (const row of v) assert.equal(row.length, 2);
    assert.ok(v[1].every((x) => typeof x === "number" && Number.isFinite(x)));
  });
});

describe("functions adapter: Excel surface", () => {
  let saved: unknown;
  beforeEach(() => {
    saved = (globalThis as any).CustomFunctions;
    delete (globalThis as any).CustomFunctions;
  });
  afterEach(() => {
    if (saved === undefined) delete (globalThis as any).CustomFunctions;
    else (globalThis as any).CustomFunctions = saved;
  });

  it("outside Excel, invoke throws the stand-in error with the code and message", () => {
    assert.equal((globalThis as any).CustomFunctions, undefined);
    assert.throws(
      () => invoke("DECAY", 0, 0.8),
      (e: unknown) =>
        e instanceof LevFunctionError && e.code === "#NUM!" && e.message.includes("leverage")
    );
    assert.equal(invoke("DECAY", 3, 0.8, 1), decay({ leverage: 3, volatility: 0.8, years: 1 }));
  });

  it("with the host's CustomFunctions.Error, invoke throws it with the host ErrorCode", () => {
    class HostError extends Error {
      constructor(
        public code: string,
        message?: string
      ) {
        super(message);
      }
    }
    (globalThis as any).CustomFunctions = {
      Error: HostError,
      ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!" },
    };
    assert.throws(
      () =>
        invoke(
          "PATH",
          [
            [1, 2],
            [3, 4],
          ],
          3
        ),
      (e: unknown) => e instanceof HostError && e.code === "#VALUE!" && e.message.includes("prices")
    );
    assert.throws(
      () => invoke("LIQ.PRICE", "long", 100, 1, 200),
      (e: unknown) => e instanceof HostError && e.code === "#N/A"
    );
  });

  it("a non-LevError exception inside the engine becomes #VALUE! with its message (nothing else escapes)", () => {
    // a getter that throws a TypeError while the argument layer reads the options range
    const evil = [["cost_rate", 0.1]];
    Object.defineProperty(evil, 0, {
      get: () => {
        throw new TypeError("boom");
      },
    });
    const o = evaluate("PATH", [[[100], [110]], 3, evil as any]);
    fail(o, "#VALUE!", "boom");
  });
});
