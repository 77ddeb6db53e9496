/**
 * The formula evaluator converts arguments as Excel does before it calls a custom function (issue #14,
 * docs/references/office-addin.md §2.1 "Argument conversion"), from the parameter types Excel reads in
 * functions.json: text numbers and logicals for `number` parameters, `1E9` written as Excel writes it, a
 * range given to a scalar parameter (lifted), an empty cell as 0 on Windows/Mac and as omitted on the web,
 * and empty cells inside `any` ranges passed as 0 by some builds (office-js#5262).
 */
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import { evaluate } from "../../functions/adapter";
import { FUNCTIONS } from "../../functions/registry";
import {
  EXCEL_DESKTOP,
  EXCEL_WEB,
  FormulaEvaluator,
  excelFormula,
  type JsonResult,
} from "../../scripts/hf/evaluator";
import { excelTypeOf } from "../../functions/declare";
import { cppiExposure, decay, leveragedPath, turnover } from "../../src/engine";

function errorOf(v: JsonResult): { error: string; message: string } {
  assert.ok(v !== null && typeof v === "object" && !Array.isArray(v), JSON.stringify(v));
  return v as { error: string; message: string };
}

describe("Excel's argument conversion in the formula evaluator", function () {
  this.timeout(60_000);
  const ev = new FormulaEvaluator([[null, "0.8", true, " 3 ", "abc"]]);
  after(() => ev.destroy());
  const d = decay({ leverage: 3, volatility: 0.8 });

  it('text that Excel reads as a number is converted for a number parameter (typed or from a cell): "0.8", " 3 ", "80%", "1E5", "$4"', () => {
    assert.equal(ev.evaluate('=LEV.DECAY(3,"0.8")'), d);
    assert.equal(ev.evaluate("=LEV.DECAY(D1,B1)"), d);
    assert.equal(ev.evaluate('=LEV.DECAY(3,"80%")'), d);
    assert.equal(
      ev.evaluate('=LEV.CPPI.EXPOSURE("1E5",90000,5)'),
      cppiExposure({ value: 1e5, floor: 90000, multiplier: 5 })
    );
    assert.equal(
      ev.evaluate('=LEV.CPPI.EXPOSURE("$100000",90000,5)'),
      cppiExposure({ value: 1e5, floor: 90000, multiplier: 5 })
    );
  });

  it("other text is #VALUE! before the function runs, with no LEV message in Excel (the evaluator says so)", () => {
    for (const f of [
      '=LEV.DECAY(3,"high")',
      "=LEV.DECAY(3,E1)",
      '=LEV.DECAY(3,"")',
      '=LEV.DECAY(3,"8+1")',
    ]) {
      const e = errorOf(ev.evaluate(f));
      assert.equal(e.error, "#VALUE!", f);
      assert.match(
        e.message,
        /Excel cannot convert text .* to a number for volatility of LEV\.DECAY/,
        f
      );
    }
  });

  it("TRUE and FALSE are 1 and 0 for a number parameter (typed or from a cell)", () => {
    assert.equal(ev.evaluate("=LEV.DECAY(TRUE,0.8)"), decay({ leverage: 1, volatility: 0.8 }));
    assert.equal(ev.evaluate("=LEV.DECAY(C1,0.8)"), decay({ leverage: 1, volatility: 0.8 }));
    assert.equal(
      ev.evaluate("=LEV.TURNOVER(3,0.8,TRUE)"),
      turnover({ leverage: 3, volatility: 0.8, rebalancesPerYear: 1 })
    );
  });

  it("numbers in scientific notation as Excel writes them (1E9, 1E+5, 8E-1) are numbers; text in quotes is left alone", () => {
    assert.equal(
      excelFormula('=LEV.X(1E9,1E+5,2.5E-3,"1E9",E9,AE9)'),
      '=LEV.X(1e9,1e+5,2.5e-3,"1E9",E9,AE9)'
    );
    assert.equal(ev.evaluate("=LEV.DECAY(3,8E-1)"), d);
    assert.equal(
      ev.evaluate("=LEV.CPPI.EXPOSURE(1E+5,9E4,5)"),
      cppiExposure({ value: 1e5, floor: 90000, multiplier: 5 })
    );
    assert.equal(errorOf(ev.evaluate("=LEV.DECAY(3,0.8,1E9)")).error, "#VALUE!"); // years 1E9: a slip
  });

  it("a number for a text parameter (venue) arrives as text, as Excel converts it", () => {
    const e = errorOf(ev.evaluate('=LEV.LIQ.VENUE(3,"long",100,1,10)'));
    assert.equal(e.error, "#VALUE!");
    assert.match(e.message, /venue must be one of .*got text "3"/);
  });

  it("a range given to a scalar parameter of a scalar function is lifted: one result per cell, spilled (as dynamic-array Excel lifts scalar arguments)", () => {
    const sheet = new FormulaEvaluator([[2], [3], [-1]]);
    assert.deepEqual(sheet.evaluate("=LEV.DECAY(A1:A3,0.8)"), [
      [decay({ leverage: 2, volatility: 0.8 })],
      [decay({ leverage: 3, volatility: 0.8 })],
      [decay({ leverage: -1, volatility: 0.8 })],
    ]);
    assert.deepEqual(sheet.evaluate("=LEV.DECAY(3,{0.5,0.8})"), [
      [decay({ leverage: 3, volatility: 0.5 }), d],
    ]);
    // in a sheet the results spill from the formula cell
    sheet.engine.setCellContents({ sheet: 0, row: 0, col: 2 }, "=LEV.DECAY(A1:A3,0.8)");
    assert.equal(
      sheet.engine.getCellValue({ sheet: 0, row: 2, col: 2 }),
      decay({ leverage: -1, volatility: 0.8 })
    );
    sheet.destroy();
  });

  it("a range given to a scalar parameter of a spilling function is #VALUE! naming the parameter (no nested spills)", () => {
    const e = errorOf(ev.evaluate("=LEV.PATH({100;110},{2;3})"));
    assert.equal(e.error, "#VALUE!");
    assert.match(e.message, /leverage must be a single value/);
  });

  it("an empty cell given to an optional parameter is 0 on Excel for Windows and Mac (office-js#4702): the default where 0 is meaningful, else #VALUE! saying so; on the web it is the default", () => {
    const desktop = new FormulaEvaluator([[3, 0.8, null]], EXCEL_DESKTOP);
    const web = new FormulaEvaluator([[3, 0.8, null]], EXCEL_WEB);
    const e = errorOf(desktop.evaluate("=LEV.DECAY(A1,B1,C1)"));
    assert.equal(e.error, "#VALUE!");
    assert.match(e.message, /years is 0.*empty cell as 0.*Leave years out/);
    assert.equal(web.evaluate("=LEV.DECAY(A1,B1,C1)"), d);
    // fee_rate: 0 is its default, so desktop's 0 and the web's blank agree
    assert.equal(desktop.evaluate("=LEV.DECAY(A1,B1,1,C1)"), d);
    assert.equal(web.evaluate("=LEV.DECAY(A1,B1,1,C1)"), d);
    // an argument left out is omitted on both
    assert.equal(desktop.evaluate("=LEV.DECAY(A1,B1,)"), d);
    // the issue's =LEV.LIQ.PRICE("long",100,1,10,A1): 90 was silently returned on desktop
    const liq = errorOf(desktop.evaluate('=LEV.LIQ.PRICE("long",100,1,10,C1)'));
    assert.match(liq.message, /maintenance_rate is 0.*empty cell as 0/);
    assert.ok(
      Math.abs((web.evaluate('=LEV.LIQ.PRICE("long",100,1,10,C1)') as number) - 90.45226130653266) <
        1e-9
    );
    desktop.destroy();
    web.destroy();
  });

  it("an options table with a blank row does not fail when the blank arrives as 0 (office-js#5262) or as a blank", () => {
    const data = [
      [100, "cost_rate", 0.001],
      [110, null, null],
      [100, "headers", false],
    ];
    const want = leveragedPath({
      prices: [100, 110, 100],
      leverage: 3,
      options: { costRate: 0.001 },
    }).rows;
    for (const platform of [EXCEL_DESKTOP, { ...EXCEL_DESKTOP, emptyInRange: "zero" as const }]) {
      const sheet = new FormulaEvaluator(data, platform);
      assert.deepEqual(sheet.evaluate("=LEV.PATH(A1:A3,3,B1:C3)"), want);
      sheet.destroy();
    }
    // through the adapter, as Excel passes it
    const o = evaluate("PATH", [
      [[100], [110], [100]],
      3,
      [
        ["cost_rate", 0.001],
        [0, 0],
        ["headers", false],
      ],
    ]);
    assert.ok(o.ok, JSON.stringify(o));
    const t = evaluate("LIQ.TIERED", [
      "long",
      30000,
      10,
      30000,
      [
        [0, 50000, 0.004, 0],
        [0, 0, 0, 0],
        [50000, 1e6, 0.005, 50],
      ],
    ]);
    assert.ok(t.ok, JSON.stringify(t));
  });

  it("the evaluator's parameter types are the ones Excel reads in functions.json (number, string, any scalar, any matrix)", async () => {
    const r = await generateCustomFunctionsMetadata(
      join(__dirname, "..", "..", "functions", "functions.ts"),
      false
    );
    const meta = new Map(
      (
        JSON.parse(r.metadataJson).functions as {
          id: string;
          parameters: { name: string; type?: string; dimensionality?: string }[];
        }[]
      ).map((f) => [f.id, f])
    );
    for (const spec of FUNCTIONS) {
      const f = meta.get(spec.id);
      assert.ok(f, spec.id);
      spec.params.forEach((p, i) => {
        const m = f.parameters[i];
        const excel = m.dimensionality === "matrix" ? "matrix" : (m.type ?? "any");
        assert.equal(excelTypeOf(p), excel, `LEV.${spec.id} ${p.name}`);
      });
    }
  });
});
