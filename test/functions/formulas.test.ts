import { strict as assert } from "node:assert";
import {
  EXCEL_WEB,
  FormulaEvaluator,
  evaluateFormula,
  type JsonResult,
} from "../../scripts/hf/evaluator";
import { cppiPath, decay, leveragedPath, simulate } from "../../src/engine";

/** Values of a spilled block on sheet 0 starting at (row, col). */
function block(
  ev: FormulaEvaluator,
  row: number,
  col: number,
  height: number,
  width: number
): unknown[][] {
  return ev.engine.getRangeValues({
    start: { sheet: 0, row, col },
    end: { sheet: 0, row: row + height - 1, col: col + width - 1 },
  });
}

const errorOf = (v: JsonResult) => {
  assert.ok(
    v !== null && typeof v === "object" && !Array.isArray(v),
    `expected an error, got ${JSON.stringify(v)}`
  );
  return v as { error: string; message: string };
};

describe("formulas through HyperFormula (same adapter table as Excel)", function () {
  this.timeout(60000);

  it("=LEV.DECAY(3,0.8,1) is −0.8534 (docs/references/vectors.md lt#38, Avellaneda–Zhang) and equals the engine", () => {
    const v = evaluateFormula("=LEV.DECAY(3,0.8,1)") as number;
    assert.equal(v, decay({ leverage: 3, volatility: 0.8, years: 1 }));
    assert.ok(Math.abs(v - -0.8534) < 5e-5);
  });

  it("names are case-insensitive and arithmetic inside arguments works", () => {
    assert.equal(evaluateFormula("=lev.decay(1+2, 8/10)"), decay({ leverage: 3, volatility: 0.8 }));
  });

  it("an empty argument gives the default; an empty cell too on the web (Excel on the web sends null), on desktop it is 0 (office-js#4702)", () => {
    const web = new FormulaEvaluator([[3, 0.8, null]], EXCEL_WEB);
    const d = decay({ leverage: 3, volatility: 0.8 });
    assert.equal(web.evaluate("=LEV.DECAY(A1,B1,)"), d);
    assert.equal(web.evaluate("=LEV.DECAY(A1,B1,C1)"), d);
    web.destroy();
    const desktop = new FormulaEvaluator([[3, 0.8, null]]);
    assert.equal(desktop.evaluate("=LEV.DECAY(A1,B1,)"), d);
    const e = errorOf(desktop.evaluate("=LEV.DECAY(A1,B1,C1)"));
    assert.equal(e.error, "#VALUE!");
    assert.match(e.message, /years is 0.*empty cell as 0/);
    desktop.destroy();
  });

  it("error values carry the code and the message naming the argument", () => {
    const e1 = errorOf(evaluateFormula("=LEV.DECAY(3,-0.2)"));
    assert.equal(e1.error, "#NUM!");
    assert.match(e1.message, /volatility/);
    const e2 = errorOf(evaluateFormula('=LEV.LIQ.PRICE("up",100,1,10)'));
    assert.equal(e2.error, "#VALUE!");
    assert.match(e2.message, /side/);
    const e3 = errorOf(evaluateFormula('=LEV.LIQ.PRICE("long",100,1,200)'));
    assert.equal(e3.error, "#N/A");
  });

  it("an error value in an argument propagates unchanged", () => {
    const e = errorOf(evaluateFormula("=LEV.DECAY(1/0,0.8)"));
    assert.equal(e.error, "#DIV/0!");
  });

  it("LEV.PATH over an array constant spills with a header row; the FTX 10k→11k→10k NAV is 0.945454 (docs/references/vectors.md lt#1)", () => {
    const v = evaluateFormula("=LEV.PATH({10000;11000;10000},3)") as unknown[][];
    const t = leveragedPath({ prices: [10000, 11000, 10000], leverage: 3 });
    assert.deepEqual(v, [t.columns, ...t.rows]);
    assert.ok(Math.abs((v[3][1] as number) - (1 - 0.054545)) < 1e-6);
  });

  it('options "headers",FALSE as an array constant drops the header row', () => {
    const v = evaluateFormula('=LEV.PATH({100;110;100},3,{"headers",FALSE})') as unknown[][];
    const t = leveragedPath({ prices: [100, 110, 100], leverage: 3 });
    assert.deepEqual(v, t.rows);
  });

  it("LEV.PATH spills into the sheet from a price column, sized series length + header", () => {
    const ev = new FormulaEvaluator([[100, null, "=LEV.PATH(A1:A4,3)"], [110], [99], [104]]);
    const t = leveragedPath({ prices: [100, 110, 99, 104], leverage: 3 });
    assert.deepEqual(block(ev, 0, 2, 5, t.columns.length), [t.columns, ...t.rows]);
    // nothing spills beyond the table
    assert.equal(ev.engine.getCellValue({ sheet: 0, row: 5, col: 2 }), null);
    assert.equal(ev.engine.getCellValue({ sheet: 0, row: 0, col: 2 + t.columns.length }), null);
    ev.destroy();
  });

  it("options from a 2-column cell range (band rebalancing, no header row)", () => {
    const data = [
      [100, "rebalance", "band", "=LEV.PATH(A1:A4,3,B1:C4)"],
      [115, "band_low", 2],
      [90, "band_high", 4],
      [95, "headers", false],
    ];
    const ev = new FormulaEvaluator(data);
    const t = leveragedPath({
      prices: [100, 115, 90, 95],
      leverage: 3,
      options: { rebalance: "band", bandLow: 2, bandHigh: 4 },
    });
    assert.deepEqual(block(ev, 0, 3, 4, t.columns.length), t.rows);
    ev.destroy();
  });

  it("an unknown option from cells is #VALUE! naming it", () => {
    const ev = new FormulaEvaluator([[100, "fees", 0.01], [110]]);
    const e = errorOf(ev.evaluate("=LEV.PATH(A1:A2,3,B1:C1)"));
    assert.equal(e.error, "#VALUE!");
    assert.match(e.message, /unknown option "fees"/);
    ev.destroy();
  });

  it("a blank inside a referenced series is #VALUE! naming its position", () => {
    const ev = new FormulaEvaluator([[100], [null], [100]]);
    const e = errorOf(ev.evaluate("=LEV.PATH(A1:A3,3)"));
    assert.equal(e.error, "#VALUE!");
    assert.match(e.message, /prices has a blank at position 2/);
    ev.destroy();
  });

  it("a CPPI path from a returns column reproduces the EDHEC run_cppi wealth (docs/references/vectors.md cppi#10)", () => {
    const returns = [0.1, -0.05, -0.2, 0.15, 0.05];
    const data: unknown[][] = returns.map((r) => [r]);
    data[0].push(null, '=LEV.CPPI.PATH(A1:A5,3,0.8,{"safe_rate_per_period",0.0025})');
    const ev = new FormulaEvaluator(data);
    const t = cppiPath({
      returns,
      multiplier: 3,
      floorFraction: 0.8,
      options: { safeRatePerPeriod: 0.0025 },
    });
    const got = block(ev, 0, 2, 6, t.columns.length);
    assert.deepEqual(got, [t.columns, ...t.rows]);
    const wealth = got.slice(1).map((r) => r[t.columns.indexOf("value")] as number);
    const published = [1061, 1022.545, 889.905275, 931.913122375, 953.0405251194];
    wealth.forEach((w, i) =>
      assert.ok(Math.abs(w - published[i]) < 1e-6, `period ${i + 1}: ${w} vs ${published[i]}`)
    );
    ev.destroy();
  });

  it('CPPI.PATH with input "prices" spills one row fewer than the prices', () => {
    const ev = new FormulaEvaluator([
      [100, null, '=LEV.CPPI.PATH(A1:A3,3,0.8,{"input","prices"})'],
      [101],
      [99],
    ]);
    const t = cppiPath({
      returns: [100, 101, 99],
      multiplier: 3,
      floorFraction: 0.8,
      options: { input: "prices" },
    });
    assert.equal(t.rows.length, 2);
    assert.deepEqual(block(ev, 0, 2, 3, t.columns.length), [t.columns, ...t.rows]);
    ev.destroy();
  });

  it("a LEV.DECAY grid: leverage down a column, volatility across a row, one formula per cell", () => {
    const lev = [2, 3, -1];
    const vol = [0.2, 0.5, 0.8];
    const data: unknown[][] = [[null, ...vol]];
    lev.forEach((L, i) =>
      data.push([
        L,
        ...vol.map((_, j) => `=LEV.DECAY($A${i + 2},${String.fromCharCode(66 + j)}$1)`),
      ])
    );
    const ev = new FormulaEvaluator(data);
    lev.forEach((L, i) =>
      vol.forEach((s, j) =>
        assert.equal(
          ev.engine.getCellValue({ sheet: 0, row: i + 1, col: j + 1 }),
          decay({ leverage: L, volatility: s })
        )
      )
    );
    ev.destroy();
  });

  it("LEV.BAND.TRIGGERS spills a header row and one row; 3x to 4x after −11.11% (docs/references/vectors.md lt#19, FTX)", () => {
    const v = evaluateFormula("=LEV.BAND.TRIGGERS(3,2,4)") as unknown[][];
    assert.deepEqual(v[0], ["to_band_high", "to_band_low"]);
    assert.equal(v.length, 2);
    assert.ok(Math.abs((v[1][0] as number) - (8 / 9 - 1)) < 1e-12);
  });

  it("LEV.SIMULATE runs synchronously and equals the engine for the same seed", () => {
    const v = evaluateFormula(
      '=LEV.SIMULATE(3,0.8,1,{"paths",500;"steps_per_year",52;"seed",3})'
    ) as unknown[][];
    const t = simulate({
      leverage: 3,
      volatility: 0.8,
      years: 1,
      options: { paths: 500, stepsPerYear: 52, seed: 3 },
    });
    assert.deepEqual(v, [t.columns, ...t.rows]);
  });

  it("LEV.SIMULATE spills in a sheet with its fixed shape (10 statistics + header)", () => {
    const ev = new FormulaEvaluator([['=LEV.SIMULATE(2,0.5,1,{"paths",200;"steps_per_year",12})']]);
    const got = block(ev, 0, 0, 11, 2);
    assert.deepEqual(got[0], ["statistic", "value"]);
    assert.deepEqual(
      got.slice(1).map((r) => r[0]),
      ["mean", "p5", "p25", "median", "p75", "p95", "prob_loss", "stderr_mean", "var_95", "es_95"]
    );
    assert.equal(ev.engine.getCellValue({ sheet: 0, row: 11, col: 0 }), null);
    ev.destroy();
  });

  it("tables from cells: tiered brackets and cross positions", () => {
    const ev = new FormulaEvaluator([
      [0, 50000, 0.004, 0],
      [50000, 250000, 0.005, 50],
      ["long", 1, 100, 100, 0.005, 0],
      ["short", 2, 50, 50, 0.005, 0],
    ]);
    const tiered = ev.evaluate('=LEV.LIQ.TIERED("long",100,1,10,A1:D2)');
    assert.equal(typeof tiered, "number");
    assert.equal(
      ev.evaluate('=LEV.LIQ.TIERED("long",100,1,10,{0,50000,0.004,0;50000,250000,0.005,50})'),
      tiered
    );
    const cross = ev.evaluate("=LEV.LIQ.CROSS(1000,A3:F4,2)");
    assert.equal(
      cross,
      ev.evaluate('=LEV.LIQ.CROSS(1000,{"long",1,100,100,0.005,0;"short",2,50,50,0.005,0},2)')
    );
    assert.equal(typeof cross, "number");
    ev.destroy();
  });

  it("a spill whose options are computed after it was sized returns #VALUE! explaining why (no truncated table)", () => {
    // C5 is a formula set after D1 is parsed (the evaluator adds formulas row by row), so HyperFormula sized
    // D1 with the default header row; the computed table has none → #VALUE!, never a cut or padded spill
    const ev = new FormulaEvaluator([
      [100, null, null, "=LEV.PATH(A1:A3,3,B5:C5)"],
      [110],
      [100],
      [],
      [null, "headers", "=1=0"],
    ]);
    const top = ev.engine.getCellValue({ sheet: 0, row: 0, col: 3 }) as any;
    assert.equal(top?.value, "#VALUE!");
    assert.match(top.message, /spill was sized 4×7/);
    ev.destroy();
  });
});
