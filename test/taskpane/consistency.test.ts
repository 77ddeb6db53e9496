// Numbers inside one template that must agree (issue #17): each inconsistency the analyst found has a test
// here, on the declarations the pane and the sheet share (src/taskpane/metrics.ts).
import { strict as assert } from "assert";
import { evaluate } from "../../functions/adapter";
import {
  MAX_PATH_STEPS,
  MAX_PATHS,
  simulate,
  simulatePathRange,
  type SimulationParams,
} from "../../src/engine/simulate";
import { axisFraction } from "../../src/taskpane/axes";
import { exactValue, formatValue } from "../../src/taskpane/format";
import { planScenarioSheet } from "../../src/taskpane/layout";
import { DECLARATIONS, perpSweepLeverages } from "../../src/taskpane/metrics";
import { computePreview, type Preview } from "../../src/taskpane/preview";
import {
  TEMPLATES,
  defaultInputs,
  validateInputs,
  type NumberField,
  type ScenarioInputs,
  type TemplateId,
} from "../../src/taskpane/scenarios";
import { PlanSheet } from "../support/hf-sheet";

const metric = (p: Preview, label: string) => {
  const m = p.metrics.find((x) => x.label.startsWith(label));
  assert.ok(m, `metric ${label}`);
  return m;
};
const value = (p: Preview, label: string) => {
  const m = metric(p, label);
  assert.ok(m.value !== null, `${label}: ${m.error}`);
  return m.value;
};
const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.abs(b);
/** Edits of a template's defaults, typed as inputs. */
const edits = (...e: ScenarioInputs[]): ScenarioInputs[] => e;

describe("taskpane consistency inside a template (issue #17)", function () {
  this.timeout(60000);

  it("cppi: on a flat path the path's floor and value are LEV.CPPI.VALUE's (the floor grows at the safe rate in both)", () => {
    // volatility 0: the illustrative path is flat and LEV.CPPI.VALUE has no convexity term
    const extras: ScenarioInputs[] = [{}, { safe_rate: 0.1, multiplier: 3 }, { safe_rate: -0.02 }];
    for (const extra of extras) {
      const inputs: ScenarioInputs = {
        ...defaultInputs("cppi"),
        volatility: 0,
        days: 365,
        years: 1,
        ...extra,
      };
      const p = computePreview("cppi", inputs);
      const r = Number(inputs.safe_rate);
      const floor0 = Number(inputs.start_value) * Number(inputs.floor_fraction);
      // the path's last row is period 365, whose floor has grown for 364 days
      assert.ok(
        close(value(p, "Floor at the end of the path"), floor0 * Math.exp((r * 364) / 365), 1e-12)
      );
      // LEV.CPPI.VALUE over the same year: F·e^{rT} + C·e^{(1−m)rT}; daily rebalancing differs by O(ρ²)
      assert.ok(
        close(value(p, "Value at the end of the path"), value(p, "Value if the risky"), 1e-4),
        `${JSON.stringify(extra)}: path ${value(p, "Value at the end of the path")} vs continuous ${value(p, "Value if the risky")}`
      );
    }
  });

  it("cppi: a drawdown floor replaces the growing floor (one live option row on the sheet)", () => {
    const plan = planScenarioSheet(
      { name: "D", template: "cppi", inputs: defaultInputs("cppi") },
      "LEV D",
      "D_1"
    );
    const sheet = new PlanSheet(plan);
    try {
      const name = plan.names.find((n) => n.name === "cppi_options")!;
      const rows = () => sheet.range(name.address.replace(/\$/g, ""));
      const last = () => rows().at(-1)!;
      assert.deepEqual(last(), ["floor_rate_per_period", Math.exp(0.04 / 365) - 1]);
      assert.deepEqual(
        rows().find((r) => r[0] === "safe_rate_per_period"),
        ["safe_rate_per_period", Math.exp(0.04 / 365) - 1],
        "cash and floor grow at the same daily rate"
      );
      sheet.set("in_drawdown", 0.2);
      assert.deepEqual(last(), ["drawdown", 0.2]);
    } finally {
      sheet.destroy();
    }
    const p = computePreview("cppi", { ...defaultInputs("cppi"), drawdown: 0.2 });
    assert.match(metric(p, "Value if the risky").label, /without the drawdown floor/);
  });

  it("the pane's Monte Carlo path cap is LEV.SIMULATE's, and the form refuses exactly the runs LEV.SIMULATE refuses", () => {
    for (const t of ["token", "band"] as const) {
      const paths = TEMPLATES[t].fields.find((f) => f.key === "paths") as NumberField;
      assert.equal(paths.max, MAX_PATHS);
      const cases: ScenarioInputs[] = [
        { paths: MAX_PATHS, years: 0.1 },
        { paths: MAX_PATHS, years: 1 },
        { paths: 200000, years: 1 },
        { paths: 136986, years: 1 },
        { paths: 136987, years: 1 },
        { paths: 2000, years: 30 },
        { paths: MAX_PATHS + 1, years: 0.01 },
      ];
      for (const c of cases) {
        const inputs = { ...defaultInputs(t), ...c };
        const form = validateInputs(t, inputs);
        const params = computePreview(t, inputs).simulation!;
        let engine = true;
        try {
          simulatePathRange(params, 0, 0); // LEV.SIMULATE's validation, nothing simulated
        } catch {
          engine = false;
        }
        assert.equal(
          form.ok,
          engine,
          `${t} ${JSON.stringify(c)}: form ${JSON.stringify(form.errors)}`
        );
        if (!form.ok) assert.match(form.errors.paths ?? "", /paths|most/i);
      }
    }
    assert.equal(MAX_PATH_STEPS, 50_000_000);
  });

  it("token: the Monte Carlo takes the financing rate, with LEV.CARRY's carry (and LEV.DECAY's above 1x)", () => {
    const base = {
      ...defaultInputs("token"),
      volatility: 0,
      years: 1,
      fee_rate: 0,
      funding_rate: 0,
      cost_rate: 0,
      paths: 100,
    };
    for (const [leverage, financing] of [
      [3, 0.05],
      [-2, 0.05],
      [1.5, 0.02],
    ]) {
      const inputs = { ...base, leverage, financing_rate: financing };
      const p = computePreview("token", inputs);
      const params = p.simulation as SimulationParams;
      const mean = simulate(params).rows.find((r) => r[0] === "mean")![1] as number;
      // daily compounding of the same rate: (1 − k/365)^365 vs e^{−k}
      const carry = value(p, "Carry over the horizon");
      assert.notEqual(carry, 0);
      assert.ok(
        close(mean, 1 - carry, 1e-3),
        `L ${leverage}: MC ${mean} vs 1 − CARRY ${1 - carry}`
      );
      if (leverage > 1) {
        const decay = value(p, "Return if the underlying ends flat");
        assert.ok(close(mean, 1 + decay, 1e-3), `L ${leverage}: MC ${mean} vs DECAY ${1 + decay}`);
      }
      const without = simulate(
        computePreview("token", { ...inputs, financing_rate: 0 }).simulation!
      ).rows[0][1] as number;
      assert.ok(Math.abs(mean - without) > 1e-3, "financing changes the Monte Carlo");
    }
  });

  it("token and band: the pane's worker parameters are the sheet's sim_options, option for option", () => {
    for (const t of ["token", "band"] as const) {
      const inputs = { ...defaultInputs(t), seed: 7, paths: 300 };
      const p = computePreview(t, inputs);
      const plan = planScenarioSheet({ name: "C", template: t, inputs }, "LEV C", "C_1");
      const sheet = new PlanSheet(plan);
      try {
        const name = plan.names.find((n) => n.name === "sim_options")!;
        const [a, b] = name.address.replace(/\$/g, "").split(":");
        const rows = sheet.range(`${a}:${b}`);
        const opts = p.simulation!.options as Record<string, unknown>;
        assert.equal(Object.keys(opts).length, rows.length);
        for (const [k, v] of rows) {
          const camel = String(k).replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
          assert.equal(opts[camel], v, `${t} ${String(k)}`);
        }
      } finally {
        sheet.destroy();
      }
    }
  });

  it("perp: with Hyperliquid selected no Binance bracket price is shown, and every price follows the venue", () => {
    const hl = computePreview("perp", { ...defaultInputs("perp"), venue: "hyperliquid" });
    const brackets = metric(hl, "Liquidation price (brackets)");
    assert.equal(brackets.value, null);
    assert.equal(brackets.code, "#N/A");
    assert.match(brackets.error!, /Binance/);
    assert.equal(
      metric(hl, "Liquidation price (Hyperliquid convention)").label.includes("Hyperliquid"),
      true
    );
    // the generic price uses Hyperliquid's maintenance 1/(2·max leverage), so it equals the venue's
    assert.ok(
      close(
        value(hl, "Liquidation price (maintenance rate and amount)"),
        value(hl, "Liquidation price (Hyperliquid convention)"),
        1e-9
      )
    );
    // the distance is from the venue's price
    const mark = Number(defaultInputs("perp").mark_price);
    const liq = value(hl, "Liquidation price (Hyperliquid convention)");
    assert.ok(close(value(hl, "Distance to liquidation from mark"), liq / mark - 1, 1e-9));
    // on Binance the bracket price is there
    const bn = computePreview("perp", defaultInputs("perp"));
    assert.ok(value(bn, "Liquidation price (brackets)") > 0);
  });

  it("perp: the leverage sweep ends at the venue's maximum leverage, in the pane and on the sheet", () => {
    for (const max of [20, 50, 125]) {
      const inputs = { ...defaultInputs("perp"), max_leverage: max };
      const chart = computePreview("perp", inputs).charts[0];
      const xs = chart.series[0].points.map(([x]) => x);
      assert.equal(xs.at(-1), max);
      assert.equal(chart.xAxis.max, max);
      assert.deepEqual(perpSweepLeverages(max).at(-1), max);
      const plan = planScenarioSheet({ name: "P", template: "perp", inputs }, "LEV P", "P_1");
      const x = plan.charts[0].series[0].x!;
      const last = Number(x.split(":")[1].slice(1));
      assert.deepEqual(plan.cells.find((c) => c.address === `F${last}`)!.values, [[max]]);
      assert.equal(plan.charts[0].xAxis!.maximum, max);
    }
  });

  it("lending: the chart has the liquidation line at health 1, in the pane and on the sheet", () => {
    const p = computePreview("lending", defaultInputs("lending"));
    const line = p.charts[0].series.find((s) => s.role === "reference")!;
    assert.ok(line.points.every(([, y]) => y === 1));
    assert.ok(p.charts[0].yAxis.min <= 1 && p.charts[0].yAxis.max >= 1);
    const plan = planScenarioSheet(
      { name: "L", template: "lending", inputs: defaultInputs("lending") },
      "LEV L",
      "L_1"
    );
    assert.deepEqual(
      plan.charts[0].series.map((s) => s.name),
      ["Health factor", "Liquidation (health 1)"]
    );
  });

  it("gap risk: a tiny probability reads < 0.01% with its exact value, never 0.0000%; the sheet shows it in scientific", () => {
    const p = computePreview("cppi", defaultInputs("cppi"));
    const gap = metric(p, "Gap risk");
    assert.equal(gap.format, "prob");
    assert.ok(gap.value! > 0 && gap.value! < 1e-4);
    assert.equal(formatValue(gap.value!, "prob"), "< 0.01%");
    assert.match(exactValue(gap.value!, "prob")!, /^\d\.\d\dE-\d+$/);
    assert.equal(formatValue(0, "prob"), "0%");
    assert.equal(formatValue(0.0123, "prob"), "1.23%");
    const plan = planScenarioSheet(
      { name: "G", template: "cppi", inputs: defaultInputs("cppi") },
      "LEV G",
      "G_1"
    );
    const i = DECLARATIONS.cppi.metrics.findIndex((m) => m.label.startsWith("Gap risk"));
    const cell = plan.cells.find((c) => c.address === plan.metricCells[i].address)!;
    assert.equal(cell.numberFormat![0][0], "[<0.0001]0.00E+00;0.00%");
    // the same number as LEV.CPPI.GAPRISK gives in Excel
    const r = evaluate("CPPI.GAPRISK", [4, 0.6, 1 / 365, 1, 0, 0.04]);
    assert.ok(r.ok && r.value === gap.value);
  });

  it("every chart's data lies inside its axes, whose ranges stop at what is possible", () => {
    const cases: Array<[TemplateId, ScenarioInputs]> = [
      ["token", { leverage: 5, volatility: 2 }],
      ["token", { leverage: -3, funding_rate: 0.5 }],
      ["perp", { side: "short" }],
      ["perp", { side: "long", max_leverage: 125 }],
      ["cppi", { volatility: 2 }],
      ["band", { volatility: 1.5 }],
      ["lending", { sizing: "leverage", target_leverage: 4.9 }],
      ["lending", { ltv: 0.93, liquidation_threshold: 0.95, loops: 30 }],
      ["liquidation", { side: "short", volatility: 1.5, years: 2 }],
      ["liquidation", { shock: 0.1, depth_per_1pct: 50000000 }],
    ];
    for (const [t, edit] of cases) {
      const inputs = { ...defaultInputs(t), ...edit };
      for (const c of computePreview(t, inputs).charts) {
        const where = `${t} ${JSON.stringify(edit)} ${c.title}`;
        for (const s of c.series)
          for (const [x, y] of s.points) {
            const fx = axisFraction(c.xAxis, x);
            const fy = axisFraction(s.axis === "y2" ? c.y2Axis! : c.yAxis, y);
            assert.ok(fx >= -1e-9 && fx <= 1 + 1e-9, `${where}: x ${x}`);
            assert.ok(fy >= -1e-9 && fy <= 1 + 1e-9, `${where}: y ${y}`);
          }
        if (c.yFormat === "pct" && c.id === "decay") assert.ok(c.yAxis.min >= -1, where);
        if (c.id === "perp-sweep") {
          if (inputs.side === "long") assert.ok(c.yAxis.max <= 0 && c.yAxis.min >= -1, where);
          else assert.ok(c.yAxis.min >= 0, where);
        }
        if (["token-path", "band-path", "cppi-path", "health", "cascade", "liq-map"].includes(c.id))
          assert.ok(c.yAxis.min >= 0, where);
        if (c.id === "liq-prob") assert.ok(c.yAxis.min >= 0 && c.yAxis.max <= 1, where);
        if (c.y2Axis) assert.ok(c.y2Axis.min >= 0, `${where}: a notional or a health factor`);
      }
    }
  });

  it("liquidation: the safe leverage's position has exactly the acceptable chance over the horizon, where the chart's horizon line crosses that chance", () => {
    for (const edit of edits(
      {},
      { side: "short", max_probability: 0.05 },
      { drift: 0.2, years: 1 }
    )) {
      const inputs = { ...defaultInputs("liquidation"), ...edit };
      const p = computePreview("liquidation", inputs);
      const safe = value(p, "Safe leverage");
      const liq = value(p, "Liquidation price at the safe leverage");
      const r = evaluate("LIQ.PROB", [
        String(inputs.side),
        Number(inputs.mark_price),
        liq,
        Number(inputs.volatility),
        Number(inputs.years),
        Number(inputs.drift),
      ]);
      assert.ok(
        r.ok && close(r.value as number, Number(inputs.max_probability), 1e-9),
        JSON.stringify(r)
      );
      const horizon = p.charts.find((c) => c.id === "liq-prob")!.series[1].points;
      for (const [L, prob] of horizon)
        assert.equal(
          prob <= Number(inputs.max_probability),
          L <= safe,
          `${JSON.stringify(edit)} ${L}x`
        );
    }
  });

  it("perp and liquidation risk: the same position has the same liquidation price, probability within the horizon and safe leverage", () => {
    for (const edit of edits(
      {},
      { venue: "hyperliquid", side: "short" },
      { venue: "okx", margin: 6000 }
    )) {
      const shared = { ...edit, volatility: 0.7, years: 0.5, max_probability: 0.02 };
      const perp = computePreview("perp", { ...defaultInputs("perp"), ...shared });
      const liq = computePreview("liquidation", { ...defaultInputs("liquidation"), ...shared });
      assert.equal(perp.metrics[0].value, liq.metrics[0].value);
      assert.equal(
        value(perp, "Probability of liquidation within"),
        value(liq, "Probability of liquidation within 6 months")
      );
      assert.equal(value(perp, "Safe leverage"), value(liq, "Safe leverage"));
    }
  });

  it("liquidation: the cascade chart ends at the summary's final price and total; the map holds every level's notional (the sheet's 'outside the bins' is 0)", () => {
    for (const edit of edits({}, { shock: 0.08 }, { shock: -0.2, depth_per_1pct: 50000000 })) {
      const inputs = { ...defaultInputs("liquidation"), ...edit };
      const p = computePreview("liquidation", inputs);
      const cascade = p.charts.find((c) => c.id === "cascade")!;
      assert.equal(cascade.series[0].points.at(-1)![1], value(p, "Price after the cascade"));
      assert.equal(cascade.series[1].points.at(-1)![1], value(p, "Notional liquidated"));
      assert.equal(cascade.series[0].points.length - 1, value(p, "Rounds"));
      const map = p.charts.find((c) => c.id === "liq-map")!;
      const total = map.series.flatMap((s) => s.points).reduce((a, [, y]) => a + y, 0);
      const buckets = inputs.buckets as Array<{ notional: number }>;
      assert.equal(
        total,
        buckets.reduce((a, b) => a + b.notional, 0),
        JSON.stringify(edit)
      );
    }
    const plan = planScenarioSheet(
      { name: "M", template: "liquidation", inputs: defaultInputs("liquidation") },
      "LEV M",
      "M_1"
    );
    const sheet = new PlanSheet(plan);
    try {
      const outside = plan.cells.find(
        (c) => c.values?.[0][0] === "Outside the bins (levels edited or pasted since the insert)"
      )!;
      assert.equal(sheet.value(`I${outside.address.slice(1)}`), 0);
    } finally {
      sheet.destroy();
    }
  });

  it("liquidation: a bucket edited on the sheet moves its level, the map and the cascade to the pane's numbers for that bucket", () => {
    const inputs = defaultInputs("liquidation");
    const plan = planScenarioSheet({ name: "B", template: "liquidation", inputs }, "LEV B", "B_1");
    const sheet = new PlanSheet(plan);
    try {
      const buckets = plan.tables.find((t) => t.name === "Buckets_B_1")!;
      const first = Number(/^A(\d+)/.exec(buckets.address)![1]) + 1;
      // the 25x long bucket (4th row): twice the notional (the cascade keeps its 2 rounds)
      const row = first + 3;
      assert.deepEqual(sheet.range(`A${row}:C${row}`), [["long", 25, 500000000]]);
      sheet.set(`C${row}`, 1000000000);
      const edited = (inputs.buckets as Array<Record<string, number | string>>).map((b, i) =>
        i === 3 ? { ...b, notional: 1000000000 } : b
      );
      const p = computePreview("liquidation", { ...inputs, buckets: edited });
      const declared = DECLARATIONS.liquidation.metrics;
      plan.metricCells.forEach((cell, i) => {
        const m = p.metrics[i];
        const x = sheet.value(cell.address);
        assert.equal(cell.label, declared[i].label);
        if (m.value === null) assert.ok(typeof x === "object", cell.label);
        else
          assert.ok(
            close(x as number, m.value, 1e-12) || x === m.value,
            `${cell.label}: ${x} vs ${m.value}`
          );
      });
      assert.notEqual(
        value(p, "Notional liquidated"),
        value(computePreview("liquidation", inputs), "Notional liquidated")
      );
    } finally {
      sheet.destroy();
    }
  });

  it("lending: the loop sweep ends at 1/(1 − LTV), where the health factor is LT/LTV (docs/references/funding-defi.md §2.5); n loops give (1 − LTV^(n+1))/(1 − LTV)", () => {
    for (const edit of edits(
      {},
      { ltv: 0.93, liquidation_threshold: 0.95, loops: 5 },
      { ltv: 0.5, loops: 1 }
    )) {
      const inputs = { ...defaultInputs("lending"), ...edit };
      const p = computePreview("lending", inputs);
      const ltv = Number(inputs.ltv);
      const lt = Number(inputs.liquidation_threshold);
      const sweep = p.charts.find((c) => c.id === "loop-sweep")!;
      const [L, h] = sweep.series[1].points.at(-1)!;
      assert.ok(close(L, 1 / (1 - ltv), 1e-12) && close(L, value(p, "Most leverage"), 0));
      assert.ok(close(h, lt / ltv, 1e-12), `${h} vs ${lt / ltv}`);
      const n = Number(inputs.loops);
      assert.ok(close(value(p, "Leverage"), (1 - ltv ** (n + 1)) / (1 - ltv), 1e-12));
      // the marker is the scenario's leverage, on the sweep's range
      assert.equal(sweep.marker!.x, value(p, "Leverage"));
    }
  });

  it("lending: the health chart crosses 1 at the liquidation price; the account's health is LEV.HEALTH of the loop's and the other collateral", () => {
    const inputs: ScenarioInputs = {
      ...defaultInputs("lending"),
      other_collateral_value: 40000,
      other_threshold: 0.7,
    };
    const p = computePreview("lending", inputs);
    const liq = value(p, "Liquidation price of the collateral");
    const r = evaluate("LOOP.HEALTH", [
      value(p, "Leverage"),
      Number(inputs.liquidation_threshold),
      liq / Number(inputs.collateral_price),
    ]);
    assert.ok(r.ok && close(r.value as number, 1, 1e-12));
    const collateral = value(p, "Collateral supplied") * Number(inputs.collateral_price);
    const h = evaluate("HEALTH", [
      [[collateral], [40000]],
      [[Number(inputs.liquidation_threshold)], [0.7]],
      value(p, "Debt"),
    ]);
    assert.ok(h.ok && h.value === value(p, "Health factor of the account"));
    assert.ok(value(p, "Health factor of the account") > value(p, "Health factor"));
  });
});
