// The sheet the pane inserts, evaluated with HyperFormula and the LEV plugin (test/support/hf-sheet.ts:
// the same functions adapter as Excel), against the pane's preview: for every template, for edited
// inputs and for inputs edited on the sheet itself, every declared metric (src/taskpane/metrics.ts) shows
// the same number in the sheet as in the pane, or the same error.
import { strict as assert } from "assert";
import { evaluate } from "../../functions/adapter";
import { simulate } from "../../src/engine/simulate";
import { planScenarioSheet, type SheetPlan } from "../../src/taskpane/layout";
import { DECLARATIONS, metricFormula } from "../../src/taskpane/metrics";
import { computePreview, type Metric } from "../../src/taskpane/preview";
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

/** Compares every declared metric of the plan's sheet with the preview of `inputs`. */
function compareAll(t: TemplateId, plan: SheetPlan, sheet: PlanSheet, inputs: ScenarioInputs) {
  const preview = computePreview(t, inputs);
  const declared = DECLARATIONS[t].metrics;
  assert.equal(plan.metricCells.length, declared.length);
  assert.equal(preview.metrics.length, declared.length);
  const counts = { value: 0, error: 0 };
  plan.metricCells.forEach((cell, i) => {
    assert.equal(cell.label, declared[i].label);
    counts[assertSame(`${t} ${cell.label}`, sheet.value(cell.address), preview.metrics[i])]++;
  });
  return counts;
}

/** Valid edits of each template's inputs (path inputs included: the plan is rebuilt for them). */
const EDITS: Record<TemplateId, ScenarioInputs[]> = {
  token: [
    { leverage: -3, volatility: 1.2 },
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
    { side: "short", venue: "bybit", mark_price: 62000 },
    { venue: "dydx", maintenance_rate: 0.5 },
    { quantity: 0.05 },
  ],
  lending: [
    { debt_value: 0 },
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
          compareAll(t, plan, sheet, inputs);
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
        const counts = compareAll(t, plan, sheet, edited);
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
      const counts = compareAll("lending", plan, sheet, inputs);
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
