// The sheet the pane inserts, evaluated with HyperFormula and the LEV plugin (test/support/hf-sheet.ts:
// the same functions adapter as Excel), against the pane's preview: for every template, for edited
// inputs and for inputs edited on the sheet itself, every number the pane shows is a cell of the sheet —
// every declared metric (src/taskpane/metrics.ts, the same number or the same error), every point of
// every chart (the native chart's series ranges, point for point, with the same axis ranges) and the
// Monte Carlo (the pane's worker parameters give the LEV.SIMULATE spill's table).
import { strict as assert } from "assert";
import { evaluate } from "../../functions/adapter";
import { simulate } from "../../src/engine/simulate";
import { colIndex, colLetter, planScenarioSheet, type SheetPlan } from "../../src/taskpane/layout";
import { DECLARATIONS, metricFormula } from "../../src/taskpane/metrics";
import { excelTicksMatch, type LinearAxis } from "../../src/taskpane/axes";
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
 * (x, y) points read from the sheet's ranges (a #N/A cell is a point Excel skips, and the pane has none;
 * so is an empty row past the end of a spill, e.g. a cascade's last round), and the same axis ranges (the
 * secondary axis too; a column chart's category axis has none). A chart the pane cannot draw (its
 * chartError) has no point on the sheet either. Returns the number of points compared.
 */
function compareCharts(
  t: TemplateId,
  plan: SheetPlan,
  sheet: PlanSheet,
  preview: Preview,
  axes: boolean
): number {
  for (const pane of preview.charts)
    assert.ok(
      plan.charts.some((c) => c.title === pane.title),
      `${t} "${pane.title}": on the sheet`
    );
  // the major unit only where Excel's ticks (minimum + k·unit) land on the pane's (layout.ts)
  const range = (r: { minimum: number; maximum: number } & object, a: LinearAxis) =>
    assert.deepEqual(r, {
      minimum: a.min,
      maximum: a.max,
      ...(excelTicksMatch(a) ? { majorUnit: a.step } : {}),
    });
  let points = 0;
  plan.charts.forEach((c) => {
    const pane = preview.charts.find((p) => p.title === c.title);
    const where = `${t} "${c.title}"`;
    if (!pane) {
      // no chart in the pane: the sheet's chart has no point either (every value an error)
      assert.ok(preview.chartError, `${where}: not in the pane, and no chart error`);
      assert.ok(
        sheet.range(c.series[0].values).every((r) => isError(r[0])),
        `${where}: the pane has no chart (${preview.chartError}), the sheet has points`
      );
      return;
    }
    assert.equal(c.series.length, pane.series.length, `${where}: series`);
    if (axes) {
      range(c.yAxis!, pane.yAxis);
      if (c.type === "ColumnStacked") assert.equal(c.xAxis, undefined, `${where}: categories`);
      else range(c.xAxis!, pane.xAxis);
      if (pane.y2Axis) range(c.y2Axis!, pane.y2Axis);
      else assert.equal(c.y2Axis, undefined, where);
    }
    c.series.forEach((ser, j) =>
      assert.equal(
        ser.axis === "secondary",
        pane.series[j].axis === "y2",
        `${where} ${ser.name}: the axis it reads on`
      )
    );
    c.series.forEach((ser, j) => {
      assert.equal(ser.name, pane.series[j].name, where);
      assert.ok(ser.x, `${where}: an XY series`);
      const ys = sheet.range(ser.values).map((r) => r[0]);
      const xs = sheet.range(ser.x!).map((r) => r[0]);
      assert.equal(xs.length, ys.length, `${where} ${ser.name}: x and y ranges`);
      const drawn: Array<[number, number]> = [];
      xs.forEach((x, k) => {
        const y = ys[k];
        if (x === null && y === null) return; // past the end of a spill: Excel plots nothing
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

/**
 * The LEV.PERF spills (underlying and token side by side) equal the pane's performance table, cell by
 * cell: a number, a statistic's "n/a: …" text, or the call's error.
 */
function comparePerformance(t: TemplateId, plan: SheetPlan, sheet: PlanSheet, preview: Preview) {
  const perf = preview.performance;
  if (!perf) {
    assert.equal(plan.perfCells, undefined, `${t}: LEV.PERF cells without a pane table`);
    return;
  }
  assert.ok(plan.perfCells, `${t}: the pane shows LEV.PERF the sheet does not have`);
  assert.equal(plan.perfCells.length, perf.rows.length);
  perf.rows.forEach((row, i) => {
    assert.equal(plan.perfCells![i].length, perf.series.length);
    row.cells.forEach((m, j) => {
      const cell = plan.perfCells![i][j];
      assert.equal(cell.label, m.label);
      // the statistic's name beside its value, as LEV.PERF spills it
      const [name] = sheet.block(
        cell.address.replace(/^([A-Z]+)/, (c) => colLetter(colIndex(c) - 1)),
        1,
        1
      )[0];
      const v = sheet.value(cell.address);
      if (m.value === null && m.code === undefined) {
        assert.equal(name, row.statistic, `${t} ${m.label}: statistic`);
        assert.equal(v, m.error, `${t} ${m.label}: the statistic's text`);
      } else {
        if (m.value !== null) assert.equal(name, row.statistic, `${t} ${m.label}: statistic`);
        assertSame(`${t} ${m.label}`, v, m);
      }
    });
  });
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
  comparePerformance(t, plan, sheet, preview);
  const points = compareCharts(t, plan, sheet, preview, axes);
  compareSimulation(t, plan, sheet, preview);
  return { ...counts, points };
}

/** The level set L1 of docs/references/risk-cascades.md §3.7 (cascade C1: depth 2,000,000, shock −4%). */
const C1_LEVELS = [
  { side: "long", liquidation_price: 97, notional: 1000000 },
  { side: "long", liquidation_price: 95.6, notional: 2000000 },
  { side: "long", liquidation_price: 94.8, notional: 1500000 },
  { side: "long", liquidation_price: 92, notional: 3000000 },
  { side: "long", liquidation_price: 88, notional: 4000000 },
  { side: "long", liquidation_price: 80, notional: 5000000 },
  { side: "short", liquidation_price: 104, notional: 2500000 },
  { side: "short", liquidation_price: 110, notional: 3000000 },
];

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
  liquidation: [
    { side: "short" },
    { venue: "hyperliquid", max_leverage: 40, quantity: 0.4 },
    { drift: 0.3, years: 1, max_probability: 0.05, volatility: 1.2 },
    { shock: -0.01, depth_per_1pct: 500000000 },
    { shock: 0.08, venue: "okx", maintenance_rate: 0.01 },
    { shock: 0, close_fee_rate: 0 },
    // RC C1 (docs/references/risk-cascades.md rc#41): pasted levels around a price of 100
    {
      entry_price: 100,
      mark_price: 100,
      quantity: 1000,
      margin: 10000,
      shock: -0.04,
      depth_per_1pct: 2000000,
      levels: C1_LEVELS,
    },
  ],
  lending: [
    { sizing: "leverage", target_leverage: 4.5, collateral_price: 2345.6 },
    {
      ltv: 0.93,
      liquidation_threshold: 0.95,
      loops: 10,
      staking_yield: 0.029,
      supply_optimal: 0.8,
      supply_slope1: 0.01,
      supply_slope2: 0.4,
      supply_reserve_factor: 0.35,
      borrow_optimal: 0.9,
      borrow_slope1: 0.027,
      borrow_slope2: 0.8,
      borrow_utilization: 0.8,
    },
    { other_collateral_value: 20000, other_threshold: 0.7, loops: 1 },
    { supply_utilization: 0.95, borrow_utilization: 0.97, incentive_apy: 0.01 },
    { staking_yield: 0.1, sizing: "leverage", target_leverage: 1 },
  ],
};

/** Edits typed into the sheet's Inputs table (not the ones the illustrative prices are drawn from). */
const SHEET_EDITS: Record<TemplateId, ScenarioInputs> = {
  token: { leverage: -2, fee_rate: 0.01, rebalances_per_year: 12 },
  band: { leverage: 2.8, band_low: 2.5, rebalance_to: "edge", cost_rate: 0.002 },
  cppi: { drawdown: 0.15, multiplier: 3, max_leverage: 1.5 },
  perp: { venue: "hyperliquid", side: "short", margin: 6000, volatility: 0.9 },
  // the position's inputs: the levels (and so the cascade's rounds) stay as inserted
  liquidation: { side: "short", volatility: 0.8, max_probability: 0.05, drift: -0.1 },
  lending: {
    sizing: "leverage",
    target_leverage: 2,
    borrow_slope1: 0.07,
    other_collateral_value: 5000,
  },
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
          else
            assert.ok(
              JSON.stringify(inputs).includes('"maintenance_rate":0.5') ||
                (t === "lending" && inputs.target_leverage === 1),
              chartError
            );
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

  it("errors are compared too: a lending loop at 1x has no debt, so no health factor (#N/A), and the results derived from it pass the error on", () => {
    const inputs = { ...defaultInputs("lending"), sizing: "leverage", target_leverage: 1 };
    const plan = planOf("lending", inputs);
    const sheet = new PlanSheet(plan);
    try {
      const preview = computePreview("lending", inputs);
      // the health chart is left out (#N/A at every price: the sheet's chart is empty); the APY sweep is drawn
      assert.deepEqual(
        preview.charts.map((c) => c.id),
        ["loop-sweep"]
      );
      assert.match(preview.chartError ?? "", /L = 1|no debt|leverage 1/i);
      const declared = DECLARATIONS.lending.metrics;
      const counts = { value: 0, error: 0 };
      plan.metricCells.forEach((cell, i) => {
        assert.equal(cell.label, declared[i].label);
        counts[
          assertSame(`lending ${cell.label}`, sheet.value(cell.address), preview.metrics[i])
        ]++;
      });
      assert.ok(counts.error >= 3, JSON.stringify(counts));
      const health = preview.metrics.find((m) => m.label === "Health factor")!;
      const runway = preview.metrics.find((m) => m.label.startsWith("Runway"))!;
      assert.equal(health.code, "#N/A");
      assert.equal(runway.code, health.code);
      assert.equal(runway.error, health.error);
      assert.equal(compareCharts("lending", plan, sheet, preview, true) > 0, true);
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

  /** The errors a default sheet shows on purpose: a long opened at 1x is never liquidated (NA()), a loop at 1x has no debt. */
  const expectedErrors = (t: TemplateId, plan: SheetPlan): string[] => {
    const rowOf = (header: string) => {
      const hdr = plan.cells.find((c) => c.values?.[0][0] === header && /^F\d+$/.test(c.address));
      return Number(hdr!.address.slice(1)) + 1; // the first row of the sweep: leverage 1
    };
    if (t === "perp") {
      const r = rowOf("Leverage");
      assert.deepEqual(plan.cells.find((c) => c.address === `F${r}`)!.values, [[1]]);
      return [`G${r} #N/A`, `H${r} #N/A`];
    }
    if (t === "liquidation") {
      const r = rowOf("Leverage");
      return [`G${r} #N/A`, `H${r} #N/A`, `I${r} #N/A`];
    }
    if (t === "lending") {
      const sweep = plan.cells.find((c) => c.values?.[0][0] === "Leverage")!;
      return [`H${Number(sweep.address.slice(1)) + 1} #N/A`];
    }
    return [];
  };

  for (const t of TEMPLATE_IDS) {
    it(`${t}: no formula on the default sheet evaluates to an error${t === "perp" || t === "liquidation" ? " but the sweep at 1x (NA(): never liquidated)" : t === "lending" ? " but the health factor at 1x (no debt)" : ""}`, () => {
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
        assert.deepEqual(errors, expectedErrors(t, plan));
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
