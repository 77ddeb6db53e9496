/**
 * Instant preview of a scenario in the pane: key numbers and one small chart, computed in the page
 * through the functions adapter (functions/adapter.ts `evaluate`, exactly what Excel gets: the same
 * argument parsing, defaults and error messages) from the template's declarations (metrics.ts), the same
 * declarations the inserted sheet's formulas are generated from; the path templates run on the same
 * seeded illustrative prices that the sheet's price table receives.
 *
 * Every metric is computed separately: an error on one metric (a LEV function's #NUM!/#VALUE!/#N/A, or an
 * error it receives from a named value it binds to, as Excel passes it on) shows its message in place of
 * that number and leaves the others intact.
 */
import { evaluate } from "../../functions/adapter";
import { liqDistance, liqLeverage } from "../engine/liquidation";
import type { SimulationParams } from "../engine/simulate";
import type { Side } from "../engine/types";
import {
  DECLARATIONS,
  LENDING_HEALTH,
  TOKEN_FLAT_RETURN,
  bracketsInput,
  isLevMetric,
  lit,
  numberInput,
  positional,
  scenarioPrices,
  type Binding,
  type Expr,
  type LevCall,
  type MetricFormat,
  type MetricSpec,
  type Operator,
  type Pick,
  type TemplateDeclarations,
} from "./metrics";
import type { ScenarioInputs, TemplateId } from "./scenarios";

export type { MetricFormat } from "./metrics";

export interface Metric {
  label: string;
  value: number | null;
  format: MetricFormat;
  /** The message when the value could not be computed. */
  error?: string;
  /** The error code the sheet shows for it (#NUM!, #VALUE!, #N/A, #DIV/0!). */
  code?: string;
}
export interface ChartSeries {
  name: string;
  points: Array<[number, number]>;
}
export interface PreviewChart {
  title: string;
  xLabel: string;
  yLabel: string;
  xFormat: MetricFormat;
  yFormat: MetricFormat;
  series: ChartSeries[];
  /** A highlighted x position (the scenario's own value). */
  markerX?: number;
}
export interface Preview {
  metrics: Metric[];
  chart: PreviewChart | null;
  chartError?: string;
  /** Monte Carlo parameters for the worker (token templates only). */
  simulation?: SimulationParams;
}

// ---- values as a sheet holds them ----------------------------------------------------------------

/** An argument as the adapter takes it (a scalar or a 2-D block). */
type RawArg = Parameters<typeof evaluate>[1][number];
type Scalar = Exclude<RawArg, unknown[]>;
interface Failure {
  ok: false;
  code: string;
  message: string;
}
/** A cell's value or error, as a formula on the sheet would see it. */
type Value = { ok: true; value: RawArg } | Failure;

const ok = (value: RawArg): Value => ({ ok: true, value });
const fail = (code: string, message: string): Failure => ({ ok: false, code, message });

/** Excel's coercion of an operand of + − × ÷ (a logical counts 1/0, an empty cell 0). */
function toNumber(v: RawArg): number | Failure {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === null || v === undefined) return 0;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return fail("#VALUE!", `not a number: ${JSON.stringify(v)}`);
}

/** Excel's order for comparisons: numbers < text (case-insensitive) < logicals. */
function compare(a: Scalar, b: Scalar): number {
  const rank = (x: Scalar) => (typeof x === "boolean" ? 2 : typeof x === "string" ? 1 : 0);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "string" && typeof b === "string") {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = Number(a ?? 0);
  const y = Number(b ?? 0);
  return x < y ? -1 : x > y ? 1 : 0;
}

function apply(op: Operator, a: RawArg, b: RawArg): Value {
  if (op === "=" || op === ">" || op === "<") {
    if (Array.isArray(a) || Array.isArray(b)) return fail("#VALUE!", "a range in a comparison");
    const c = compare(a, b);
    return ok(op === "=" ? c === 0 : op === ">" ? c > 0 : c < 0);
  }
  if (Array.isArray(a) || Array.isArray(b)) return fail("#VALUE!", "a range in arithmetic");
  const x = toNumber(a);
  if (typeof x !== "number") return x;
  const y = toNumber(b);
  if (typeof y !== "number") return y;
  if (op === "/" && y === 0) return fail("#DIV/0!", "division by zero");
  const r = op === "+" ? x + y : op === "-" ? x - y : op === "*" ? x * y : x / y;
  return Number.isFinite(r) ? ok(r) : fail("#NUM!", "the result is too large");
}

function applyPick(v: Value, pick: Pick): Value {
  if (!v.ok) return v;
  const t = v.value;
  if (!Array.isArray(t) || t.length === 0) return fail("#VALUE!", "not a table");
  if (pick.kind === "count") {
    const want = pick.equals.toLowerCase();
    let n = 0;
    for (const row of t)
      for (const c of row) if (typeof c === "string" && c.toLowerCase() === want) n++;
    return ok(n);
  }
  const col = t[0].indexOf(pick.column);
  if (col < 0) return fail("#REF!", `no column ${pick.column}`);
  const row = pick.row === "first" ? t[1] : t[t.length - 1];
  return row === undefined ? fail("#REF!", "no data row") : ok(row[col] ?? null);
}

// ---- the declarations, evaluated -----------------------------------------------------------------

/** Evaluates one template's declarations for one set of inputs (named values and calls memoised). */
class Scope {
  private readonly names = new Map<string, Value>();
  private readonly pending = new Set<string>();
  private readonly calls = new Map<string, Value>();
  private pricesCache: number[] | undefined;

  constructor(
    private readonly decl: TemplateDeclarations,
    readonly inputs: ScenarioInputs
  ) {}

  prices(): number[] {
    return (this.pricesCache ??= scenarioPrices(this.inputs));
  }

  binding(b: Binding): Value {
    switch (b.kind) {
      case "input": {
        const x = this.inputs[b.key];
        if (typeof x !== "number" && typeof x !== "string")
          throw new Error(`input ${b.key} is not a number or text`);
        return ok(x);
      }
      case "literal":
        return ok(b.value);
      case "name":
        return this.named(b.name);
      case "table":
        return b.table === "prices"
          ? ok(this.prices().map((p) => [p]))
          : ok(
              bracketsInput(this.inputs).map((r) => [
                r.notionalFloor,
                r.notionalCap,
                r.maintenanceRate,
                r.maintenanceAmount,
              ])
            );
    }
  }

  expr(e: Expr): Value {
    switch (e.kind) {
      case "op": {
        const a = this.expr(e.left);
        if (!a.ok) return a;
        const b = this.expr(e.right);
        if (!b.ok) return b;
        return apply(e.op, a.value, b.value);
      }
      case "if": {
        const t = this.expr(e.test);
        if (!t.ok) return t;
        const x = Array.isArray(t.value) ? NaN : toNumber(t.value);
        if (typeof x !== "number" || Number.isNaN(x) || typeof t.value === "string")
          return fail("#VALUE!", "IF needs a logical test");
        return this.expr(x !== 0 ? e.then : e.otherwise);
      }
      default:
        return this.binding(e);
    }
  }

  /** A LEV call through the adapter; an error value among its arguments is its result, as in Excel. */
  call(c: LevCall, overrides: Readonly<Record<string, Binding>> = {}): Value {
    const raw: RawArg[] = [];
    for (const b of positional(c.fn, { ...c.args, ...overrides })) {
      if (b === undefined) {
        raw.push(null); // an empty argument: the optional's default
        continue;
      }
      const v = this.binding(b);
      if (!v.ok) return v;
      raw.push(v.value);
    }
    const key = `${c.fn}|${JSON.stringify(raw)}`;
    let out = this.calls.get(key);
    if (!out) {
      const r = evaluate(c.fn, raw);
      out = r.ok ? ok(r.value) : fail(r.code, r.message);
      this.calls.set(key, out);
    }
    return out;
  }

  metricValue(m: MetricSpec): Value {
    if (!isLevMetric(m)) return this.expr(m.expr);
    const v = this.call(m);
    return m.pick ? applyPick(v, m.pick) : v;
  }

  /** A named value: a derived value, a named metric or an options block (a 2-D block of rows). */
  named(name: string): Value {
    const known = this.names.get(name);
    if (known) return known;
    if (this.pending.has(name)) throw new Error(`named value ${name} refers to itself`);
    this.pending.add(name);
    try {
      const v = this.define(name);
      this.names.set(name, v);
      return v;
    } finally {
      this.pending.delete(name);
    }
  }

  private define(name: string): Value {
    const d = this.decl.derived.find((x) => x.name === name);
    if (d) return this.expr(d.expr);
    const m = this.decl.metrics.find((x) => x.name === name);
    if (m) return this.metricValue(m);
    const block = this.decl.options.find((x) => x.name === name);
    if (!block) throw new Error(`no named value ${name}`);
    const rows: Scalar[][] = [];
    for (const r of block.rows) {
      const k = typeof r.key === "string" ? ok(r.key) : this.expr(r.key);
      if (!k.ok) return k;
      const v = this.expr(r.value);
      if (!v.ok) return v;
      if (Array.isArray(k.value) || Array.isArray(v.value))
        return fail("#VALUE!", `options ${name}: a range in a row`);
      rows.push([k.value, v.value]);
    }
    return ok(rows);
  }

  metric(m: MetricSpec): Metric {
    const label = m.paneLabel ? m.paneLabel(this.inputs) : m.label;
    const v = m.name ? this.named(m.name) : this.metricValue(m);
    if (!v.ok)
      return { label, value: null, format: m.format, error: v.message || v.code, code: v.code };
    if (typeof v.value === "number" && Number.isFinite(v.value))
      return { label, value: v.value, format: m.format };
    return {
      label,
      value: null,
      format: m.format,
      error: `not a number: ${JSON.stringify(v.value)}`,
      code: "#VALUE!",
    };
  }
}

/** The column `name` of a table value (header row first), as numbers. */
function columnOf(v: Value, name: string): number[] {
  if (!v.ok) throw new Error(v.message || v.code);
  if (!Array.isArray(v.value)) throw new Error("not a table");
  const [header, ...rows] = v.value;
  const c = header.indexOf(name);
  if (c < 0) throw new Error(`no column ${name}`);
  return rows.map((r) => Number(r[c]));
}

// ---- the preview ---------------------------------------------------------------------------------

interface ChartResult {
  chart: PreviewChart | null;
  chartError?: string;
}

export function computePreview(template: TemplateId, inputs: ScenarioInputs): Preview {
  const decl = DECLARATIONS[template];
  const scope = new Scope(decl, inputs);
  const metrics = decl.metrics.map((m) => scope.metric(m));
  let charted: ChartResult;
  try {
    charted = CHARTS[template](scope, decl);
  } catch (e) {
    charted = { chart: null, chartError: e instanceof Error ? e.message : String(e) };
  }
  const simulation = simulationOf(template, inputs);
  return { metrics, ...charted, ...(simulation ? { simulation } : {}) };
}

const CHARTS: Record<TemplateId, (scope: Scope, decl: TemplateDeclarations) => ChartResult> = {
  token: tokenChart,
  band: bandChart,
  cppi: cppiChart,
  perp: perpChart,
  lending: lendingChart,
};

/** The flat-underlying return (the first metric's call) over a range of volatilities. */
function tokenChart(scope: Scope): ChartResult {
  const v = scope.inputs;
  const volatility = numberInput(v, "volatility");
  const maxVol = Math.max(1.5, volatility * 1.25);
  const points: Array<[number, number]> = [];
  for (let i = 0; i <= 30; i++) {
    const s = (maxVol * i) / 30;
    const r = scope.call(TOKEN_FLAT_RETURN, { volatility: lit(s) });
    if (!r.ok) return { chart: null, chartError: r.message || r.code };
    points.push([s, Number(r.value)]);
  }
  return {
    chart: {
      title: "Return over the horizon vs volatility (underlying flat)",
      xLabel: "Volatility",
      yLabel: "Return",
      xFormat: "pct",
      yFormat: "pct",
      series: [{ name: `${numberInput(v, "leverage")}x`, points }],
      markerX: volatility,
    },
  };
}

/** The NAV column of the sheet's LEV.PATH against the rebased prices. */
function bandChart(scope: Scope, decl: TemplateDeclarations): ChartResult {
  const prices = scope.prices();
  const nav = columnOf(scope.call(decl.path!), "nav");
  return {
    chart: {
      title: "Band token NAV vs underlying (illustrative path)",
      xLabel: "Day",
      yLabel: "Value (start = 1)",
      xFormat: "int",
      yFormat: "ratio",
      series: [
        { name: "Underlying (rebased)", points: prices.map((p, i) => [i, p / prices[0]]) },
        { name: "Token NAV", points: nav.map((n, i) => [i, n]) },
      ],
    },
  };
}

/** Value, floor and risky asset columns of the sheet's LEV.CPPI.PATH. */
function cppiChart(scope: Scope, decl: TemplateDeclarations): ChartResult {
  const t = scope.call(decl.path!);
  const series = (name: string, column: string): ChartSeries => ({
    name,
    points: columnOf(t, column).map((y, i) => [i + 1, y]),
  });
  return {
    chart: {
      title: "CPPI value vs floor (illustrative path)",
      xLabel: "Day",
      yLabel: "Value",
      xFormat: "int",
      yFormat: "num",
      series: [
        series("CPPI value", "value"),
        series("Floor", "floor"),
        series("Risky asset", "risky_value"),
      ],
    },
  };
}

/** Liquidation distance from entry by leverage (engine calls: a sweep, not a declared metric). */
function perpChart(scope: Scope): ChartResult {
  const v = scope.inputs;
  const side: Side = v.side === "short" ? -1 : 1;
  const entryPrice = numberInput(v, "entry_price");
  const points: Array<[number, number]> = [];
  const levs = [1, 1.5, 2, 3, 4, 5, 7.5, 10, 15, 20, 25, 35, 50, 75, 100, 125];
  for (const L of levs) {
    try {
      const lp = liqLeverage({
        side,
        entryPrice,
        leverage: L,
        maintenanceRate: numberInput(v, "maintenance_rate"),
        closeFeeRate: numberInput(v, "close_fee_rate"),
      });
      points.push([L, liqDistance({ side, markPrice: entryPrice, liquidationPrice: lp })]);
    } catch {
      // no liquidation at this leverage (over-collateralised): no point
    }
  }
  return {
    chart: {
      title: "Liquidation distance vs leverage (opened at entry)",
      xLabel: "Leverage",
      yLabel: "Price move to liquidation",
      xFormat: "lev",
      yFormat: "pct",
      series: [{ name: "Distance", points }],
      markerX: (entryPrice * numberInput(v, "quantity")) / numberInput(v, "margin"),
    },
  };
}

/** The health factor metric's call over collateral prices from −50% to +50%. */
function lendingChart(scope: Scope): ChartResult {
  const v = scope.inputs;
  const price0 = numberInput(v, "collateral_price");
  const quantity = numberInput(v, "collateral_quantity");
  const points: Array<[number, number]> = [];
  for (let i = 0; i <= 20; i++) {
    const price = price0 * (0.5 + i / 20);
    const h = scope.call(LENDING_HEALTH, { collateral_value: lit(quantity * price) });
    if (!h.ok) return { chart: null, chartError: h.message || h.code };
    points.push([price, Number(h.value)]);
  }
  return {
    chart: {
      title: "Health factor vs collateral price",
      xLabel: "Collateral price",
      yLabel: "Health factor",
      xFormat: "num",
      yFormat: "ratio",
      series: [{ name: "Health factor", points }],
      markerX: price0,
    },
  };
}

/** Monte Carlo parameters for the worker: the sheet's sim_options, in the engine's terms. */
function simulationOf(template: TemplateId, v: ScenarioInputs): SimulationParams | undefined {
  if (template !== "token" && template !== "band") return undefined;
  const n = (key: string) => numberInput(v, key);
  const base = { leverage: n("leverage"), volatility: n("volatility"), years: n("years") };
  if (template === "token") {
    const perYear = n("rebalances_per_year");
    return {
      ...base,
      options: {
        rebalance: "period",
        feePerPeriod: n("fee_rate") / perYear,
        fundingPerPeriod: n("funding_rate") / perYear,
        costRate: n("cost_rate"),
        paths: n("paths"),
        stepsPerYear: perYear,
        seed: n("seed"),
      },
    };
  }
  return {
    ...base,
    options: {
      rebalance: "band",
      bandLow: n("band_low"),
      bandHigh: n("band_high"),
      rebalanceTo: String(v.rebalance_to),
      feePerPeriod: n("fee_rate") / 365,
      fundingPerPeriod: n("funding_rate") / 365,
      costRate: n("cost_rate"),
      paths: n("paths"),
      stepsPerYear: 365,
      seed: n("seed"),
    },
  };
}
