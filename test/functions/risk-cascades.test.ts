/**
 * The risk and cascade functions through the argument layer and the formula evaluator: the 100,000-row
 * levels table (its own limit; other tables keep MAX_TABLE_ROWS), blank rows kept so LEV.CASCADE.LEVELS
 * lines up with its range, the spills' sizes (rounds known only after the run), depth_per_1pct blank with
 * square-root impact, and the blank-cell rule on years (docs/references/risk-cascades.md §3, §5).
 */
import { strict as assert } from "node:assert";
import { evaluate } from "../../functions/adapter";
import { MAX_TABLE_ROWS, type RawArg } from "../../functions/args";
import { MAX_LEVEL_ROWS } from "../../functions/declarations/cascades";
import { FormulaEvaluator } from "../../scripts/hf/evaluator";

const L1: RawArg = [
  ["long", 97, 1_000_000],
  ["long", 95.6, 2_000_000],
  ["long", 94.8, 1_500_000],
  ["long", 92, 3_000_000],
  ["long", 88, 4_000_000],
  ["long", 80, 5_000_000],
  ["short", 104, 2_500_000],
  ["short", 110, 3_000_000],
];

describe("functions: LEV.CASCADE* arguments and spills (docs/references/risk-cascades.md §3)", function () {
  this.timeout(60_000);

  it(`levels accepts ${MAX_LEVEL_ROWS.toLocaleString("en-US")} rows (its own limit) and answers within 2 s; one more row is #NUM! stating the limit; brackets keep ${MAX_TABLE_ROWS}`, () => {
    const levels = Array.from({ length: MAX_LEVEL_ROWS }, (_, i) => [
      i % 2 ? "short" : "long",
      i % 2 ? 101 + i * 1e-4 : 99 - i * 1e-4,
      1000,
    ]) as RawArg;
    const t0 = performance.now();
    const o = evaluate("CASCADE.LEVELS", [100, -0.02, levels, 1e6]);
    assert.ok(performance.now() - t0 < 2000);
    assert.ok(
      o.ok && Array.isArray(o.value) && o.value.length === MAX_LEVEL_ROWS,
      JSON.stringify(o).slice(0, 200)
    );
    const over = evaluate("CASCADE", [
      100,
      -0.02,
      [...(levels as unknown[][]), ["long", 90, 1]] as RawArg,
      1e6,
    ]);
    assert.ok(
      !over.ok && over.code === "#NUM!" && over.message.includes("100,000"),
      JSON.stringify(over)
    );
    const brackets = Array.from({ length: MAX_TABLE_ROWS + 1 }, (_, k) => [
      k * 100,
      (k + 1) * 100,
      0.004,
      0,
    ]);
    const b = evaluate("LIQ.TIERED", ["long", 100, 1, 10, brackets as RawArg]);
    assert.ok(
      !b.ok && b.code === "#NUM!" && b.message.includes(`limit is ${MAX_TABLE_ROWS}`),
      JSON.stringify(b)
    );
  });

  it("LEV.CASCADE.LEVELS lines up with levels: no header row (even with headers TRUE), a blank for each blank row; errors name the range's row", () => {
    const levels = [
      [null, null, null],
      ["long", 97, 1e6],
      ["", "", ""],
      ["long", 92, 1e6],
    ] as RawArg;
    const o = evaluate("CASCADE.LEVELS", [100, -0.04, levels, 2e6, [["headers", true]]]);
    assert.deepEqual(o, { ok: true, value: [[""], [1], [""], [0]] });
    const bad = evaluate("CASCADE.LEVELS", [
      100,
      -0.04,
      [
        [null, null, null],
        ["long", 100.5, 1],
      ] as RawArg,
      2e6,
    ]);
    assert.ok(
      !bad.ok && bad.code === "#NUM!" && bad.message.includes("levels row 2"),
      JSON.stringify(bad)
    );
    const partly = evaluate("CASCADE", [100, -0.04, [["long", null, 1]] as RawArg, 2e6]);
    assert.ok(
      !partly.ok && partly.code === "#VALUE!" && partly.message.includes("row 1"),
      JSON.stringify(partly)
    );
    const blank = evaluate("CASCADE.SUMMARY", [100, -0.04, [[null, null, null]] as RawArg, 2e6]);
    assert.ok(
      blank.ok && Array.isArray(blank.value) && blank.value[9][1] === "none",
      JSON.stringify(blank)
    );
  });

  it("the formula evaluator sizes LEV.CASCADE from its rounds and LEV.CASCADE.LEVELS from the levels range (rc#41, rc#49)", () => {
    const ev = new FormulaEvaluator(L1 as unknown[][]);
    try {
      const t = ev.evaluate("=LEV.CASCADE(100,-0.04,A1:C8,2000000)") as unknown[][];
      assert.equal(t.length, 5);
      assert.ok(Math.abs((t[4][6] as number) - 93.84) < 1e-9);
      const noHeader = ev.evaluate(
        '=LEV.CASCADE(100,-0.04,A1:C8,500000,{"headers",FALSE})'
      ) as unknown[][];
      assert.equal(noHeader.length, 5);
      assert.deepEqual(
        (ev.evaluate("=LEV.CASCADE.LEVELS(100,-0.04,A1:C8,500000)") as unknown[][]).map(
          (r) => r[0]
        ),
        [1, 2, 2, 3, 3, 4, 0, 0]
      );
      const s = ev.evaluate("=LEV.CASCADE.SUMMARY(100,-0.04,A1:C8,2000000)") as unknown[][];
      assert.deepEqual(s[9], ["status", "stable"]);
    } finally {
      ev.destroy();
    }
  });

  it('depth_per_1pct is required but may be left blank with impact "sqrt" (rc#47); blank with linear impact is #NUM! naming it', () => {
    const sqrt = [
      ["impact", "sqrt"],
      ["daily_volatility", 0.04],
      ["daily_volume", 1e9],
    ] as RawArg;
    const levels = [
      ["long", 97, 20e6],
      ["long", 95.6, 30e6],
      ["long", 95.2, 50e6],
      ["long", 92, 100e6],
    ] as RawArg;
    const o = evaluate("CASCADE.SUMMARY", [100, -0.04, levels, null, sqrt]);
    assert.ok(o.ok && Array.isArray(o.value), JSON.stringify(o));
    assert.ok(Math.abs((o.value[1][1] as number) - 94.78568537849534) <= 1e-12 * 95);
    const linear = evaluate("CASCADE.SUMMARY", [100, -0.04, levels, null]);
    assert.ok(
      !linear.ok && linear.code === "#NUM!" && linear.message.includes("depth_per_1pct"),
      JSON.stringify(linear)
    );
  });
});

describe("functions: LEV.LIQ.* risk arguments (docs/references/risk-cascades.md §1, §2)", () => {
  it("years left out is no horizon; a 0 (an empty cell on Windows/Mac) is #VALUE! saying so, not a probability of 0", () => {
    const o = evaluate("LIQ.PROB", ["short", 100, 110, 0.8, null]);
    assert.ok(o.ok && Math.abs((o.value as number) - 100 / 110) < 1e-12);
    const zero = evaluate("LIQ.PROB", ["long", 100, 90, 0.8, 0]);
    assert.ok(
      !zero.ok && zero.code === "#VALUE!" && zero.message.includes("empty cell"),
      JSON.stringify(zero)
    );
  });
  it("a volatility typed as a percentage is #VALUE! suggesting the decimal; max_probability typed as a percentage is #NUM! suggesting it", () => {
    const v = evaluate("LIQ.SAFE.LEVERAGE", ["long", 80, 1, 0.01]);
    assert.ok(
      !v.ok && v.code === "#VALUE!" && v.message.includes("did you mean 0.8"),
      JSON.stringify(v)
    );
    const p = evaluate("LIQ.SAFE.LEVERAGE", ["long", 0.8, 1, 5]);
    assert.ok(
      !p.ok && p.code === "#NUM!" && p.message.includes("did you mean 0.05"),
      JSON.stringify(p)
    );
  });
  it("LEV.LIQ.PROB chains with LEV.LIQ.LEVERAGE in the evaluator (rc#11)", () => {
    const ev = new FormulaEvaluator();
    try {
      const P = ev.evaluate(
        '=LEV.LIQ.PROB("long",60000,LEV.LIQ.LEVERAGE("long",60000,10,0.005),0.6,7/365)'
      );
      assert.ok(Math.abs((P as number) - 0.238734943627) <= 1e-9, JSON.stringify(P));
    } finally {
      ev.destroy();
    }
  });
});
