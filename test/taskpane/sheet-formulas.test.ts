// The sheet the pane inserts, evaluated with HyperFormula and the LEV plugin (test/support/hf-sheet.ts:
// the same functions adapter as Excel), against the pane's preview: for every template, for edited
// inputs and for inputs edited on the sheet itself, every number the pane shows is a cell of the sheet —
// every declared metric (src/taskpane/metrics.ts, the same number or the same error), every point of
// every chart (the native chart's series ranges, point for point, with the same axis ranges) and the
// Monte Carlo (the pane's worker parameters give the LEV.SIMULATE spill's table).
import { strict as assert } from "assert";
import { evaluate } from "../../functions/adapter";
import { simulate } from "../../src/engine/simulate";
import { planScenarioSheet, type SheetPlan } from "../../src/taskpane/layout";
import { DECLARATIONS, metricFormula } from "../../src/taskpane/metrics";
import { computePreview, type Metric, type Preview } from "../../src/taskpane/preview";
import {
  TEMPLATE_IDS,
  defaultInputs,
  validateInputs,
  type ScenarioInputs,
  type TemplateId,
} from "../../src/taskpane/scenarios";
import { PlanSheet, type SheetValue } from "../support/hf-sheet";

const isError = (v: SheetValue): v is { error: string; message: string } =>
  typeof v === "object" && v !== null;

/** The sheet's value equals the preview's (1e-12 relative), or both are the same error. */
function assertSame(where: string, sheet: SheetValue, m: Metric): "value" | "error" {
  if (m.value === null) {
    assert.ok(
      isError(sheet),
      `${where}: the pane shows ${m.code} (${m.error}), the sheet ${JSON.stringify(sheet)}`
    );
    assert.equal(sheet.error, m.code, `${where}: error code (${sheet.message} / ${m.error})`);
    if (sheet.message) assert.equal(m.error, sheet.message, `${where}: error message`);
    return "error";
  }
  assert.equal(
    typeof sheet,
    "number",
    `${where}: the pane shows ${m.value}, the sheet ${JSON.stringify(sheet)}`
  );
  const x = sheet as number;
  assert.ok(
    Math.abs(x - m.value) <= 1e-12 * Math.max(1, Math.abs(m.value)),
    `${where}: sheet ${x} vs pane ${m.value}`
  );
  return "value";
}

const planOf = (t: TemplateId, inputs: ScenarioInputs) =>
  planScenarioSheet({ name: "F", template: t, inputs }, "LEV F", "F_1");

const num = (v: SheetValue): number | null => (typeof v === "number" ? v : null);

/**
 * Every chart of the pane against the native chart the plan writes: same title and series, each series'
 * (x, y) points read from the sheet's ranges (a #N/A cell is a point Excel skips, and the pane has none),
 * and the same axis ranges. Returns the number of points compared.
 */
function compareCharts(
  t: TemplateId,
  plan: SheetPlan,
  sheet: PlanSheet,
  preview: Preview,
  axes: boolean
): number {
  if (preview.chartError) {
    // no chart in the pane: the sheet's chart has no point either (every value an error)
    for (const c of plan.charts)
      assert.ok(
        sheet.range(c.series[0].values).every((r) => isError(r[0])),
        `${t} "${c.title}": the pane has no chart (${preview.chartError}), the sheet has points`
      );
    return 0;
  }
  assert.equal(plan.charts.length, preview.charts.length, `${t}: number of charts`);
  let points = 0;
  plan.charts.forEach((c, i) => {
    const pane = preview.charts[i];
    const where = `${t} "${c.title}"`;
    assert.equal(c.title, pane.title, where);
    assert.equal(c.series.length, pane.series.length, `${where}: series`);
    if (axes) {
      assert.deepEqual(c.yAxis, {
        minimum: pane.yAxis.min,
        maximum: pane.yAxis.max,
        majorUnit: pane.yAxis.step,
      });
      assert.deepEqual(c.xAxis, {
        minimum: pane.xAxis.min,
        maximum: pane.xAxis.max,
        majorUnit: pane.xAxis.step,
      });
    }
    c.series.forEach((ser, j) => {
      assert.equal(ser.name, pane.series[j].name, where);
      assert.ok(ser.x, `${where}: an XY series`);
      const ys = sheet.range(ser.values).map((r) => r[0]);
      const xs = sheet.range(ser.x!).map((r) => r[0]);
      assert.equal(xs.length, ys.length, `${where} ${ser.name}: x and y ranges`);
      const drawn: Array<[number, number]> = [];
      xs.forEach((x, k) => {
        const y = ys[k];
        if (isError(y)) {
          assert.equal(y.error, "#N/A", `${where} ${ser.name} row ${k}: ${y.message}`);
          return;
        }
        assert.ok(num(x) !== null && num(y) !== null, `${where} ${ser.name} row ${k}: ${x}, ${y}`);
        drawn.push([x as number, y as number]);
      });
      const want = pane.series[j].points;
      assert.equal(drawn.length, want.length, `${where} ${ser.name}: points`);
      drawn.forEach(([x, y], k) => {
        const [px, py] = want[k];
        const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
        assert.ok(
          close(x, px) && close(y, py),
          `${where} ${ser.name} point ${k}: sheet (${x}, ${y}) vs pane (${px}, ${py})`
        );
      });
      points += drawn.length;
    });
  });
  return points;
}

/** The LEV.SIMULATE spill equals the engine's table for the pane's worker parameters. */
function compareSimulation(t: TemplateId, plan: SheetPlan, sheet: PlanSheet, preview: Preview) {
  const anchor = plan.cells.find((c) => c.formulas?.[0][0].startsWith("=LEV.SIMULATE("));
  if (!preview.simulation) {
    assert.equal(anchor, undefined, `${t}: LEV.SIMULATE without a Monte Carlo in the pane`);
    return;
  }
  assert.ok(anchor, `${t}: the pane runs a Monte Carlo the sheet does not have`);
  const pane = simulate(preview.simulation);
  const expected = [pane.columns, ...pane.rows];
  assert.deepEqual(sheet.block(anchor.address, expected.length, expected[0].length), expected);
}

/**
 * Compares every declared metric, chart point and the Monte Carlo of the plan's sheet with the preview
 * of `inputs`; `axes`: the chart axes too (they are fixed at insert: an edit on the sheet keeps them).
 */
function compareAll(
  t: TemplateId,
  plan: SheetPlan,
  sheet: PlanSheet,
  inputs: ScenarioInputs,
  axes = true
) {
  const preview = computePreview(t, inputs);
  const declared = DECLARATIONS[t].metrics;
  assert.equal(plan.metricCells.length, declared.length);
  assert.equal(preview.metrics.length, declared.length);
  const counts = { value: 0, error: 0 };
  plan.metricCells.forEach((cell, i) => {
    assert.equal(cell.label, declared[i].label);
    counts[assertSame(`${t} ${cell.label}`, sheet.value(cell.address), preview.metrics[i])]++;
  });
  const points = compareCharts(t, plan, sheet, preview, axes);
  compareSimulation(t, plan, sheet, preview);
  return { ...counts, points };
}

/** Valid edits of each template's inputs (path inputs included: the plan is rebuilt for them). */
const EDITS: Record<TemplateId, ScenarioInputs[]> = {
  token: [
    { leverage: -3, volatility: 1.2 },
    { leverage: 5, financing_rate: 0.08, paths: 500, years: 2, days: 30 },
    {
      leverage: 2,
      years: 0.25,
      funding_rate: -0.05,
      financing_rate: 0.03,
      rebalances_per_year: 52,
      cost_rate: 0.001,
    },
  ],
  band: [
    { rebalance_to: "edge", band_low: 2.5, band_high: 3.5, fee_rate: 0 },
    { leverage: 2, band_low: 1.5, band_high: 2.5, volatility: 1, seed: 7, days: 60 },
  ],
  cppi: [
    { drawdown: 0.2 },
    {
      multiplier: 6,
      max_leverage: 2,
      floor_fraction: 0.95,
      volatility: 0.9,
      rebalance_every: 7,
      seed: 3,
    },
  ],
  perp: [
    { venue: "hyperliquid" },
    { venue: "hyperliquid", max_leverage: 125, side: "short" },
    { max_leverage: 20, margin: 1000 },
    { side: "short", venue: "bybit", mark_price: 62000 },
    { venue: "dydx", maintenance_rate: 0.5 },
    { quantity: 0.05 },
  ],
  lending: [
    { collateral_price: 2345.6, debt_value: 9000 },
    { debt_value: 28000 },
    { liquidation_threshold: 0.5, collateral_quantity: 2.5 },
  ],
};

/** Edits typed into the sheet's Inputs table (not the ones the illustrative prices are drawn from). */
const SHEET_EDITS: Record<TemplateId, ScenarioInputs> = {
  token: { leverage: -2, fee_rate: 0.01, rebalances_per_year: 12 },
  band: { leverage: 2.8, band_low: 2.5, rebalance_to: "edge", cost_rate: 0.002 },
  cppi: { drawdown: 0.15, multiplier: 3, max_leverage: 1.5 },
  perp: { venue: "hyperliquid", side: "short", margin: 6000 },
  lending: { debt_value: 0 },
};

describe("taskpane sheet formulas (HyperFormula + LEV plugin) against the pane's preview", function () {
  this.timeout(120000);

  for (const t of TEMPLATE_IDS) {
    it(`${t}: every declared metric in the sheet equals the pane's, for the defaults and ${EDITS[t].length} edits`, () => {
      const cases = [defaultInputs(t), ...EDITS[t].map((e) => ({ ...defaultInputs(t), ...e }))];
      for (const inputs of cases) {
        const check = validateInputs(t, inputs);
        assert.ok(check.ok, `${t} ${JSON.stringify(inputs)}: ${JSON.stringify(check.errors)}`);
        const plan = planOf(t, inputs);
        const sheet = new PlanSheet(plan);
        try {
          const counts = compareAll(t, plan, sheet, inputs);
          const chartError = computePreview(t, inputs).chartError;
          if (chartError === undefined)
            assert.ok(counts.points >= 5, `${t}: ${counts.points} chart points compared`);
          else assert.ok(JSON.stringify(inputs).includes('"maintenance_rate":0.5'), chartError);
        } finally {
          sheet.destroy();
        }
      }
    });

    it(`${t}: inputs edited on the sheet recalculate every declared metric to the pane's numbers`, () => {
      const edits = SHEET_EDITS[t];
      const edited = { ...defaultInputs(t), ...edits };
      assert.ok(validateInputs(t, edited).ok);
      const plan = planOf(t, defaultInputs(t));
      const sheet = new PlanSheet(plan);
      try {
        for (const [k, x] of Object.entries(edits)) sheet.set(`in_${k}`, x as number | string);
        const counts = compareAll(t, plan, sheet, edited, false);
        assert.ok(counts.value + counts.error === DECLARATIONS[t].metrics.length);
      } finally {
        sheet.destroy();
      }
    });
  }

  it("errors are compared too: lending without debt has no health factor or liquidation price (#N/A), derived results pass the error on", () => {
    const inputs = { ...defaultInputs("lending"), debt_value: 0 };
    const plan = planOf("lending", inputs);
    const sheet = new PlanSheet(plan);
    try {
      const preview = computePreview("lending", inputs);
      // no chart either: the health factor is #N/A at every price, so the sheet's chart is empty
      assert.deepEqual(preview.charts, []);
      assert.match(preview.chartError ?? "", /health factor is infinite/);
      const declared = DECLARATIONS.lending.metrics;
      const counts = { value: 0, error: 0 };
      plan.metricCells.forEach((cell, i) => {
        assert.equal(cell.label, declared[i].label);
        counts[
          assertSame(`lending ${cell.label}`, sheet.value(cell.address), preview.metrics[i])
        ]++;
      });
      assert.ok(counts.error >= 3, JSON.stringify(counts));
      const p = computePreview("lending", inputs);
      const drop = p.metrics.find((m) => m.label === "Price drop to liquidation")!;
      const liq = p.metrics.find((m) => m.label === "Liquidation price of the collateral")!;
      assert.equal(drop.code, liq.code);
      assert.equal(drop.error, liq.error);
    } finally {
      sheet.destroy();
    }
  });

  it("each declared metric's cell holds the formula generated from its declaration: names only, no cell addresses", () => {
    for (const t of TEMPLATE_IDS) {
      const plan = planOf(t, defaultInputs(t));
      plan.metricCells.forEach((cell, i) => {
        const f = plan.cells.find((c) => c.address === cell.address)!.formulas![0][0];
        assert.equal(f, metricFormula(DECLARATIONS[t].metrics[i], { tag: "F_1" }));
        assert.doesNotMatch(
          f.replace(/"[^"]*"/g, ""),
          /(^|[^A-Za-z0-9_])\$?[A-Z]{1,3}\$?\d+\b/,
          `${t} ${cell.label}: ${f}`
        );
      });
    }
  });

  for (const t of TEMPLATE_IDS) {
    it(`${t}: no formula on the default sheet evaluates to an error${t === "perp" ? " but the sweep at 1x (NA(): never liquidated)" : ""}`, () => {
      const plan = planOf(t, defaultInputs(t));
      const sheet = new PlanSheet(plan);
      try {
        const errors: string[] = [];
        for (const c of plan.cells) {
          if (!c.formulas) continue;
          const [, col, row] = c.address.split(":")[0].match(/^([A-Z]+)(\d+)$/)!;
          c.formulas.forEach((r, i) =>
            r.forEach((_, j) => {
              const a = `${String.fromCharCode(col.charCodeAt(0) + j)}${Number(row) + i}`;
              const v = sheet.value(a);
              if (isError(v)) errors.push(`${a} ${v.error}`);
            })
          );
        }
        if (t === "perp") {
          const hdr = plan.cells.find((c) => c.values?.[0][0] === "Leverage")!.address;
          const r = Number(hdr.slice(1)) + 1; // the first sweep row: leverage 1
          assert.deepEqual(plan.cells.find((c) => c.address === `F${r}`)!.values, [[1]]);
          assert.deepEqual(errors, [`G${r} #N/A`, `H${r} #N/A`]);
        } else assert.deepEqual(errors, []);
      } finally {
        sheet.destroy();
      }
    });
  }

  it("token: LEV.SIMULATE with the written sim_options gives the same table as the pane's worker run", () => {
    const inputs = defaultInputs("token");
    const plan = planOf("token", inputs);
    const sheet = new PlanSheet(plan);
    try {
      const anchor = plan.cells.find((c) => c.formulas?.[0][0].startsWith("=LEV.SIMULATE("))!;
      const pane = simulate(computePreview("token", inputs).simulation!);
      const expected = [pane.columns, ...pane.rows];
      assert.deepEqual(sheet.block(anchor.address, expected.length, expected[0].length), expected);
    } finally {
      sheet.destroy();
    }
  });

  it("token: the decay grid's own-leverage column equals LEV.DECAY at the input leverage", () => {
    const inputs: ScenarioInputs = { ...defaultInputs("token"), leverage: 2.5 };
    const plan = planOf("token", inputs);
    const sheet = new PlanSheet(plan);
    try {
      const hdr = plan.cells.find((c) => c.values?.[0][0] === "Volatility \\ Leverage")!.address;
      const row = Number(hdr.slice(1));
      assert.equal(sheet.value(`L${row}`), 2.5);
      const sigma = sheet.value(`F${row + 3}`) as number;
      const out = evaluate("DECAY", [
        2.5,
        sigma,
        inputs.years as number,
        inputs.fee_rate as number,
        inputs.financing_rate as number,
        inputs.funding_rate as number,
      ]);
      assert.ok(out.ok);
      assert.equal(sheet.value(`L${row + 3}`), out.ok && out.value);
    } finally {
      sheet.destroy();
    }
  });
});
