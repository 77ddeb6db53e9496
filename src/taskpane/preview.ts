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
import {
  SIMULATE_OPTION_KEYS,
  type SimulateOptions,
  type SimulationParams,
} from "../engine/simulate";
import { clean, niceAxis, tickLabel, type AxisOptions, type Bounds, type LinearAxis } from "./axes";
import {
  CASCADE_CALL,
  CHART_DECLS,
  DECAY_GRID_LEVERAGES,
  DECAY_GRID_VOLATILITIES,
  DECLARATIONS,
  LENDING_MOVES,
  LIQUIDATION_HEALTH,
  LIQ_AT_LEVERAGE_FROM_MARK,
  LIQ_PROB_FROM_MARK,
  LOOP_HEALTH,
  LOOP_NET_APY,
  LOOP_SWEEP_STEPS,
  PERP_DISTANCE_FROM_ENTRY,
  PERP_LIQ_AT_LEVERAGE,
  TEMPLATE_CHARTS,
  TOKEN_FLAT_RETURN,
  horizonText,
  leverageName,
  loopSweepLeverage,
  named,
  perpSweepLeverages,
  rowsInput,
  type ChartDecl,
  type ChartId,
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
  type SheetTable,
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
  /** The heading of the group this metric starts in the pane (metrics.ts `section`). */
  section?: string;
}
export interface ChartSeries {
  name: string;
  points: Array<[number, number]>;
  /** main: the scenario's own line; context: comparison lines; reference: a threshold (dashed). */
  role: "main" | "context" | "reference";
  /** "y2": drawn against the right-hand axis (the sheet's secondary axis). */
  axis?: "y2";
}
/** One price bin of the liquidation map: [from, to) (the last one [from, to]) and its middle. */
export interface MapBin {
  from: number;
  to: number;
  mid: number;
}
export interface PreviewChart extends ChartDecl {
  id: ChartId;
  series: ChartSeries[];
  /** The right-hand axis of the series with `axis: "y2"` (ChartDecl's y2Label and y2Format). */
  y2Axis?: LinearAxis;
  /** A bar chart's bins (the sheet's map table rows); each series has one point per bin, at its middle. */
  bins?: MapBin[];
  /** A highlighted x position (the scenario's own value) and what it is. */
  marker?: { x: number; label: string };
  /** The axes, computed once from the data and the quantity's possible range; the sheet's chart
   * gets the same (layout.ts). */
  xAxis: LinearAxis;
  yAxis: LinearAxis;
  /** Where an axis stops at a bound of the quantity, why (shown under the chart). */
  notes: string[];
}
/** The LEV.PERF comparison (metrics.ts `perf`): one row per statistic, one cell per series. */
export interface PerfPreview {
  title: string;
  series: string[];
  /** A cell's value; `error` its text when it is not a number ("n/a: no drawdown", or the call's error). */
  rows: Array<{ statistic: string; label: string; cells: Metric[] }>;
}
export interface Preview {
  metrics: Metric[];
  /** LEV.PERF of the underlying and of the token side by side (path templates). */
  performance?: PerfPreview;
  /** The template's charts (TEMPLATE_CHARTS), each the one the sheet writes. */
  charts: PreviewChart[];
  chartError?: string;
  /** Monte Carlo parameters for the worker (token templates only): the sheet's sim_options. */
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
  if (pick.kind === "stat") {
    const row = t.find((r, i) => i > 0 && r[0] === pick.statistic);
    return row === undefined ? fail("#REF!", `no statistic ${pick.statistic}`) : ok(row[1] ?? null);
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
        return this.table(b.table, b.column);
      case "call":
        return this.call(b.call);
      case "spill":
        return this.spillColumn(b.column);
    }
  }

  /** A column of the path spill's data rows (the header row left out), as a column of cells. */
  spillColumn(column: string): Value {
    if (!this.decl.path) throw new Error(`no path spill for column ${column}`);
    const v = this.call(this.decl.path);
    if (!v.ok) return v;
    const t = v.value;
    if (!Array.isArray(t) || t.length === 0) return fail("#VALUE!", "not a table");
    const c = t[0].indexOf(column);
    if (c < 0) throw new Error(`the path spill has no column ${column}`);
    return ok(t.slice(1).map((r) => [r[c] ?? null]));
  }

  /** A table's data body (rows of cells), or one column of it as a column of cells. */
  table(t: SheetTable, column?: string): Value {
    const body = this.tableBody(t);
    if (!body.ok || column === undefined) return body;
    const c = this.tableColumns(t).indexOf(column);
    if (c < 0) throw new Error(`table ${t} has no column ${column}`);
    return ok((body.value as Scalar[][]).map((r) => [r[c]]));
  }

  private tableColumns(t: SheetTable): readonly string[] {
    const decl = this.decl.tables?.[t];
    if (decl) return decl.columns;
    return TABLE_COLUMNS[t];
  }

  private tableBody(t: SheetTable): Value {
    const decl = this.decl.tables?.[t];
    if (decl) {
      // the cells are live formulas on the sheet: an error in one is the error of the table
      const rows: Scalar[][] = [];
      for (const r of decl.rows) {
        const row: Scalar[] = [];
        for (const e of r) {
          const x = this.expr(e);
          if (!x.ok) return x;
          if (Array.isArray(x.value)) return fail("#VALUE!", `table ${t}: a range in a cell`);
          row.push(x.value);
        }
        rows.push(row);
      }
      return ok(rows);
    }
    switch (t) {
      case "prices":
        return ok(this.prices().map((p) => [p]));
      case "brackets":
        return ok(
          bracketsInput(this.inputs).map((r) => [
            r.notionalFloor,
            r.notionalCap,
            r.maintenanceRate,
            r.maintenanceAmount,
          ])
        );
      case "buckets":
        return ok(rowsInput(this.inputs, "buckets").map((r) => [r.side, r.leverage, r.notional]));
      case "levels":
        return this.levels();
      case "collaterals":
        throw new Error("no collaterals table declared");
    }
  }

  /**
   * The liquidation levels (side, liquidation price, notional): the pasted levels, else one per leverage
   * bucket at LEV.LIQ.LEVERAGE's price of a position opened at the mark (the sheet's Levels formulas).
   */
  levels(): Value {
    const pasted = rowsInput(this.inputs, "levels");
    if (pasted.length > 0) return ok(pasted.map((r) => [r.side, r.liquidation_price, r.notional]));
    const rows: Scalar[][] = [];
    for (const b of rowsInput(this.inputs, "buckets")) {
      const price = this.call(LIQ_AT_LEVERAGE_FROM_MARK, {
        side: lit(b.side),
        leverage: lit(b.leverage),
      });
      if (!price.ok) return price; // an error cell in the range: the cascade returns it
      rows.push([b.side, price.value as Scalar, b.notional]);
    }
    return ok(rows);
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
        const t = this.truth(e.test);
        if (typeof t !== "boolean") return t;
        return this.expr(t ? e.then : e.otherwise);
      }
      case "fn": {
        const a = this.expr(e.arg);
        if (!a.ok) return a;
        if (Array.isArray(a.value)) return fail("#VALUE!", `a range in ${e.fn}`);
        const x = toNumber(a.value);
        if (typeof x !== "number") return x;
        if (e.fn === "LN" && !(x > 0)) return fail("#NUM!", "LN of a number ≤ 0");
        const r = e.fn === "EXP" ? Math.exp(x) : Math.log(x);
        return Number.isFinite(r) ? ok(r) : fail("#NUM!", "the result is too large");
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

  /** IF's test as Excel reads it: a logical or a number (≠ 0 is TRUE); an error passes on. */
  truth(e: Expr): boolean | Failure {
    const t = this.expr(e);
    if (!t.ok) return t;
    const x = Array.isArray(t.value) ? NaN : toNumber(t.value);
    if (typeof x !== "number" || Number.isNaN(x) || typeof t.value === "string")
      return fail("#VALUE!", "IF needs a logical test");
    return x !== 0;
  }

  metricValue(m: MetricSpec): Value {
    if (!isLevMetric(m)) return this.expr(m.expr);
    if (m.when) {
      const t = this.truth(m.when.test);
      if (typeof t !== "boolean") return t;
      if (!t)
        return "otherwise" in m.when ? this.expr(m.when.otherwise) : fail("#N/A", m.when.message);
    }
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
    const section = m.section ? { section: m.section } : {};
    const v = m.name ? this.named(m.name) : this.metricValue(m);
    if (!v.ok)
      return {
        label,
        value: null,
        format: m.format,
        error: v.message || v.code,
        code: v.code,
        ...section,
      };
    if (typeof v.value === "number" && Number.isFinite(v.value))
      return { label, value: v.value, format: m.format, ...section };
    return {
      label,
      value: null,
      format: m.format,
      error: `not a number: ${JSON.stringify(v.value)}`,
      code: "#VALUE!",
      ...section,
    };
  }
}

/** Column names of the tables whose columns are fixed (a declared table names its own). */
const TABLE_COLUMNS: Readonly<Record<SheetTable, readonly string[]>> = {
  prices: ["Price"],
  brackets: ["Notional floor", "Notional cap", "Maintenance rate", "Maintenance amount"],
  buckets: ["Side", "Leverage", "Notional"],
  levels: ["Side", "Liquidation price", "Notional"],
  collaterals: [],
};
export const LEVELS_COLUMNS = TABLE_COLUMNS.levels;
export const BUCKETS_COLUMNS = TABLE_COLUMNS.buckets;

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
  charts: PreviewChart[];
  chartError?: string;
}

export function computePreview(template: TemplateId, inputs: ScenarioInputs): Preview {
  const decl = DECLARATIONS[template];
  const scope = new Scope(decl, inputs);
  const metrics = decl.metrics.map((m) => scope.metric(m));
  const charted = chartsOf(scope, template);
  const simulation = simulationOf(scope, decl);
  const performance = performanceOf(scope, decl);
  return {
    metrics,
    ...(performance ? { performance } : {}),
    ...charted,
    ...(simulation ? { simulation } : {}),
  };
}

/** The declared LEV.PERF tables, evaluated: each statistic of each series (a text as the sheet shows it). */
function performanceOf(scope: Scope, decl: TemplateDeclarations): PerfPreview | undefined {
  const perf = decl.perf;
  if (!perf) return undefined;
  const tables = perf.series.map((s) => scope.call(s.call));
  return {
    title: perf.title,
    series: perf.series.map((s) => s.label),
    rows: perf.rows.map((r) => ({
      statistic: r.statistic,
      label: r.label,
      cells: tables.map((t, j): Metric => {
        const label = `${r.label}: ${perf.series[j].label}`;
        const v = applyPick(t, { kind: "stat", statistic: r.statistic });
        if (!v.ok)
          return { label, value: null, format: r.format, error: v.message || v.code, code: v.code };
        if (typeof v.value === "number" && Number.isFinite(v.value))
          return { label, value: v.value, format: r.format };
        return { label, value: null, format: r.format, error: String(v.value) };
      }),
    })),
  };
}

/** The template's charts alone (the sheet layout takes their axes from here). */
export function computeCharts(template: TemplateId, inputs: ScenarioInputs): ChartResult {
  return chartsOf(new Scope(DECLARATIONS[template], inputs), template);
}

/** Every chart that can be drawn; the first failure's message (a chart that cannot is left out). */
function chartsOf(scope: Scope, template: TemplateId): ChartResult {
  const charts: PreviewChart[] = [];
  let chartError: string | undefined;
  for (const id of TEMPLATE_CHARTS[template]) {
    try {
      charts.push(CHARTS[id](scope, DECLARATIONS[template]));
    } catch (e) {
      chartError ??= e instanceof Error ? e.message : String(e);
    }
  }
  return chartError === undefined ? { charts } : { charts, chartError };
}

/** A value of a call that must be a number (a chart point); throws the error's message otherwise. */
function numberOf(v: Value): number {
  if (!v.ok) throw new Error(v.message || v.code);
  const x = v.value;
  if (typeof x !== "number" || !Number.isFinite(x))
    throw new Error(`not a number: ${JSON.stringify(x)}`);
  return x;
}

const extent = (series: readonly ChartSeries[], i: 0 | 1): [number, number] => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series)
    for (const p of s.points) {
      lo = Math.min(lo, p[i]);
      hi = Math.max(hi, p[i]);
    }
  return [lo, hi];
};

const RETURN_BOUNDS: Bounds = { min: -1 };
const VALUE_BOUNDS: Bounds = { min: 0 };

function chart(
  id: ChartId,
  series: ChartSeries[],
  axes: { x: AxisOptions; y: AxisOptions; y2?: AxisOptions },
  extra: { marker?: { x: number; label: string }; notes?: string[]; bins?: MapBin[] } = {}
): PreviewChart {
  const left = series.filter((s) => s.axis !== "y2");
  const right = series.filter((s) => s.axis === "y2");
  const [x0, x1] = extent(series, 0);
  const [y0, y1] = extent(left, 1);
  if (!Number.isFinite(x0) || !Number.isFinite(y0)) throw new Error("no point to draw");
  const xAxis = niceAxis(x0, x1, { maxTicks: 7, ...axes.x });
  const yAxis = niceAxis(y0, y1, { maxTicks: 6, ...axes.y });
  const y2Axis =
    right.length > 0 ? niceAxis(...extent(right, 1), { maxTicks: 6, ...axes.y2 }) : undefined;
  const notes = [...(extra.notes ?? [])];
  const b = axes.y.bounds;
  if (b?.min !== undefined && yAxis.min === b.min && y0 - b.min < (yAxis.max - yAxis.min) * 0.1)
    notes.push(
      `The ${CHART_DECLS[id].yLabel.toLowerCase()} axis stops at ${tickLabel(b.min, CHART_DECLS[id].yFormat)}: ${BOUND_WHY[id] ?? "lower values are impossible"}.`
    );
  if (b?.max !== undefined && yAxis.max === b.max && b.max - y1 < (yAxis.max - yAxis.min) * 0.1)
    notes.push(
      `The ${CHART_DECLS[id].yLabel.toLowerCase()} axis stops at ${tickLabel(b.max, CHART_DECLS[id].yFormat)}: ${BOUND_WHY[id] ?? "higher values are impossible"}.`
    );
  return {
    id,
    ...CHART_DECLS[id],
    series,
    xAxis,
    yAxis,
    ...(y2Axis ? { y2Axis } : {}),
    notes,
    ...(extra.marker ? { marker: extra.marker } : {}),
    ...(extra.bins ? { bins: extra.bins } : {}),
  };
}

/** Why an axis stops where it does (the quantity's possible range). */
const BOUND_WHY: Partial<Record<ChartId, string>> = {
  decay: "a product cannot lose more than everything (−100%)",
  "token-path": "a value cannot fall below 0",
  "band-path": "a value cannot fall below 0",
  "cppi-path": "a value cannot fall below 0",
  "perp-sweep": "a long is liquidated below its entry, a short above it",
  cascade: "a price cannot fall below 0",
  health: "a health factor cannot be negative",
};

const CHARTS: Record<ChartId, (scope: Scope, decl: TemplateDeclarations) => PreviewChart> = {
  decay: decayChart,
  "token-path": (scope, decl) => pathChart("token-path", scope, decl),
  "band-path": (scope, decl) => pathChart("band-path", scope, decl),
  "cppi-path": cppiChart,
  "perp-sweep": perpChart,
  "liq-prob": liqProbChart,
  cascade: cascadeChart,
  "liq-map": liqMapChart,
  health: healthChart,
  "loop-sweep": loopSweepChart,
};

/** LEV.DECAY (the first metric's call) on the sheet's decay grid: fixed leverages and the analyst's. */
function decayChart(scope: Scope): PreviewChart {
  const v = scope.inputs;
  const volatility = numberInput(v, "volatility");
  const leverage = numberInput(v, "leverage");
  const line = (L: number): Array<[number, number]> =>
    DECAY_GRID_VOLATILITIES.map((s) => [
      s,
      numberOf(scope.call(TOKEN_FLAT_RETURN, { leverage: lit(L), volatility: lit(s) })),
    ]);
  const series: ChartSeries[] = [
    ...DECAY_GRID_LEVERAGES.map((L): ChartSeries => ({
      name: leverageName(L),
      points: line(L),
      role: "context",
    })),
    { name: "Your leverage", points: line(leverage), role: "main" },
  ];
  return chart(
    "decay",
    series,
    { x: { bounds: VALUE_BOUNDS, tight: "right" }, y: { bounds: RETURN_BOUNDS } },
    { marker: { x: volatility, label: `Your volatility (${tickLabel(volatility, "pct")})` } }
  );
}

/** The NAV column of the sheet's LEV.PATH against the rebased prices, by day. */
function pathChart(id: "token-path" | "band-path", scope: Scope, decl: TemplateDeclarations) {
  const prices = scope.prices();
  const nav = columnOf(scope.call(decl.path!), "nav");
  return chart(
    id,
    [
      {
        name: "Underlying (rebased)",
        points: prices.map((p, i) => [i, p / prices[0]]),
        role: "context",
      },
      { name: "Token NAV", points: nav.map((n, i) => [i, n]), role: "main" },
    ],
    { x: { bounds: VALUE_BOUNDS, tight: "right" }, y: { bounds: VALUE_BOUNDS } }
  );
}

/** Value, floor and risky asset columns of the sheet's LEV.CPPI.PATH (period k ends on day k). */
function cppiChart(scope: Scope, decl: TemplateDeclarations): PreviewChart {
  const t = scope.call(decl.path!);
  const series = (name: string, column: string, role: ChartSeries["role"]): ChartSeries => ({
    name,
    points: columnOf(t, column).map((y, i) => [i + 1, y]),
    role,
  });
  return chart(
    "cppi-path",
    [
      series("CPPI value", "value", "main"),
      series("Floor", "floor", "reference"),
      series("Risky asset (buy and hold)", "risky_value", "context"),
    ],
    {
      x: { bounds: VALUE_BOUNDS, tight: "right", include: [0] },
      y: { bounds: VALUE_BOUNDS },
    }
  );
}

/** The sheet's sweep: LEV.LIQ.LEVERAGE then LEV.LIQ.DISTANCE from entry, up to the venue's max leverage. */
function perpChart(scope: Scope): PreviewChart {
  const v = scope.inputs;
  const long = v.side !== "short";
  const maxLeverage = numberInput(v, "max_leverage");
  const points: Array<[number, number]> = [];
  for (const L of perpSweepLeverages(maxLeverage)) {
    const lp = scope.call(PERP_LIQ_AT_LEVERAGE, { leverage: lit(L) });
    if (!lp.ok) continue; // never liquidated at this leverage: the sheet shows #N/A, Excel skips it
    const d = scope.call(PERP_DISTANCE_FROM_ENTRY, { liquidation_price: lit(numberOf(lp)) });
    if (d.ok) points.push([L, numberOf(d)]);
  }
  const effective =
    (numberInput(v, "entry_price") * numberInput(v, "quantity")) / numberInput(v, "margin");
  return chart(
    "perp-sweep",
    [{ name: "Distance from entry", points, role: "main" }],
    {
      x: { bounds: VALUE_BOUNDS, tight: "right", include: [0, maxLeverage] },
      y: { bounds: long ? { min: -1, max: 0 } : { min: 0 } },
    },
    {
      marker: { x: effective, label: `Your leverage (${tickLabel(effective, "lev")})` },
      notes: [`The sweep ends at the venue's maximum leverage (${tickLabel(maxLeverage, "lev")}).`],
    }
  );
}

/** The loop's health factor (LEV.LOOP.HEALTH at the price ratio) at the sheet's price moves, and the line at 1. */
function healthChart(scope: Scope): PreviewChart {
  const v = scope.inputs;
  const price0 = numberInput(v, "collateral_price");
  const points: Array<[number, number]> = LENDING_MOVES.map((m) => [
    price0 * (1 + m),
    numberOf(scope.call(LOOP_HEALTH, { price_ratio: lit(1 + m) })),
  ]);
  return chart(
    "health",
    [
      { name: "Health factor", points, role: "main" },
      {
        name: `Liquidation (health ${LIQUIDATION_HEALTH})`,
        points: points.map(([x]) => [x, LIQUIDATION_HEALTH]),
        role: "reference",
      },
    ],
    { x: { bounds: VALUE_BOUNDS }, y: { bounds: VALUE_BOUNDS, include: [0, LIQUIDATION_HEALTH] } },
    { marker: { x: price0, label: `Current price (${tickLabel(price0, "num")})` } }
  );
}

/** Net APY (left axis) and health factor (right axis) from 1x to the LTV's maximum leverage. */
function loopSweepChart(scope: Scope): PreviewChart {
  const max = numberOf(scope.named("max_loop_leverage"));
  const apy: Array<[number, number]> = [];
  const health: Array<[number, number]> = [];
  for (let k = 0; k <= LOOP_SWEEP_STEPS; k++) {
    const L = loopSweepLeverage(max, k);
    const a = scope.call(LOOP_NET_APY, { leverage: lit(L) });
    if (a.ok) apy.push([L, numberOf(a)]);
    const h = scope.call(LOOP_HEALTH, { leverage: lit(L) });
    if (h.ok) health.push([L, numberOf(h)]); // none at 1x: no debt (the sheet's #N/A)
  }
  const leverage = scope.named("leverage");
  const L = leverage.ok && typeof leverage.value === "number" ? leverage.value : undefined;
  return chart(
    "loop-sweep",
    [
      { name: "Net APY on equity", points: apy, role: "main" },
      { name: "Health factor", points: health, role: "context", axis: "y2" },
    ],
    {
      x: { bounds: { min: 1 }, tight: "right", include: [1] },
      y: { include: [0] },
      y2: { bounds: VALUE_BOUNDS, include: [LIQUIDATION_HEALTH] },
    },
    {
      ...(L !== undefined
        ? { marker: { x: L, label: `Your leverage (${tickLabel(L, "lev")})` } }
        : {}),
      notes: [
        `The sweep ends at the most a loop reaches at this LTV (${tickLabel(max, "lev")}); the health factor reads on the right-hand axis.`,
      ],
    }
  );
}

/**
 * LEV.LIQ.PROB of a position opened at the mark with each leverage of the sweep (LEV.LIQ.LEVERAGE's
 * price): within 1 week and within the horizon, and the acceptable probability as a line.
 */
function liqProbChart(scope: Scope): PreviewChart {
  const v = scope.inputs;
  const maxLeverage = numberInput(v, "max_leverage");
  const limit = numberInput(v, "max_probability");
  const week: Array<[number, number]> = [];
  const horizon: Array<[number, number]> = [];
  const line: Array<[number, number]> = [];
  for (const L of perpSweepLeverages(maxLeverage)) {
    line.push([L, limit]);
    const lp = scope.call(LIQ_AT_LEVERAGE_FROM_MARK, { leverage: lit(L) });
    if (!lp.ok) continue; // never liquidated at this leverage: the sheet shows #N/A, Excel skips it
    const at = lit(numberOf(lp));
    const w = scope.call(LIQ_PROB_FROM_MARK, { liquidation_price: at, years: named("week_years") });
    if (w.ok) week.push([L, numberOf(w)]);
    const h = scope.call(LIQ_PROB_FROM_MARK, { liquidation_price: at });
    if (h.ok) horizon.push([L, numberOf(h)]);
  }
  const effective =
    (numberInput(v, "entry_price") * numberInput(v, "quantity")) / numberInput(v, "margin");
  return chart(
    "liq-prob",
    [
      { name: "Within 1 week", points: week, role: "context" },
      { name: "Within the horizon", points: horizon, role: "main" },
      { name: "Acceptable chance", points: line, role: "reference" },
    ],
    {
      x: { bounds: VALUE_BOUNDS, tight: "right", include: [0, maxLeverage] },
      // probabilities: a nice range from 0 never passes 100% (no bound, so no note saying so)
      y: { include: [0] },
    },
    {
      marker: { x: effective, label: `Your leverage (${tickLabel(effective, "lev")})` },
      notes: [
        `Each leverage is a position opened now at the mark; the horizon is ${horizonText(numberInput(v, "years"))}. The safe leverage is where its line crosses the acceptable chance.`,
      ],
    }
  );
}

/** LEV.CASCADE's rounds: the price after each (left axis) and the notional liquidated so far (right axis). */
function cascadeChart(scope: Scope): PreviewChart {
  const t = scope.call(CASCADE_CALL);
  const rounds = columnOf(t, "round");
  const price = columnOf(t, "price_after");
  const cumulative = columnOf(t, "cumulative_notional");
  const mark = numberInput(scope.inputs, "mark_price");
  return chart(
    "cascade",
    [
      { name: "Price after the round", points: rounds.map((r, i) => [r, price[i]]), role: "main" },
      {
        name: "Liquidated so far",
        points: rounds.map((r, i) => [r, cumulative[i]]),
        role: "context",
        axis: "y2",
      },
    ],
    {
      x: { bounds: VALUE_BOUNDS, tight: "right", include: [0], minStep: 1 },
      y: { bounds: VALUE_BOUNDS },
      y2: { bounds: VALUE_BOUNDS, include: [0] },
    },
    {
      notes: [
        `Price before the shock: ${tickLabel(mark, "num")}; round 0 is the shock itself. The notional reads on the right-hand axis.`,
      ],
    }
  );
}

/** Most bins of the liquidation map. */
export const MAP_MAX_BINS = 24;

/**
 * The liquidation map's price bins: a 1–2–5 step over the levels' prices, at most MAP_MAX_BINS bins
 * (edges are multiples of the step, so the sheet's SUMIFS criteria read them exactly).
 */
export function mapBins(prices: readonly number[]): MapBin[] {
  const lo = Math.min(...prices);
  const hi = Math.max(...prices);
  const axis = niceAxis(lo, hi, { maxTicks: MAP_MAX_BINS + 1, bounds: VALUE_BOUNDS });
  const edges = axis.ticks.length >= 2 ? [...axis.ticks] : [axis.min, axis.max];
  const bins: MapBin[] = [];
  for (let i = 0; i + 1 < edges.length; i++)
    bins.push({ from: edges[i], to: edges[i + 1], mid: clean((edges[i] + edges[i + 1]) / 2) });
  return bins;
}

/** The notional of the levels of one side in a bin ([from, to), the last bin [from, to]), in row order. */
export function binNotional(
  levels: ReadonlyArray<readonly Scalar[]>,
  side: "long" | "short",
  bin: MapBin,
  last: boolean
): number {
  let sum = 0;
  for (const [s, p, n] of levels) {
    if (typeof s !== "string" || s.toLowerCase() !== side) continue;
    if (typeof p !== "number" || typeof n !== "number") continue;
    if (p >= bin.from && (last ? p <= bin.to : p < bin.to)) sum += n;
  }
  return sum;
}

/** The liquidation map: long and short notional by liquidation price bin (the sheet's SUMIFS rows). */
function liqMapChart(scope: Scope): PreviewChart {
  const lv = scope.levels();
  if (!lv.ok) throw new Error(lv.message || lv.code);
  const levels = lv.value as Scalar[][];
  const prices = levels.map((r) => r[1]).filter((p): p is number => typeof p === "number");
  if (prices.length === 0) throw new Error("no liquidation level");
  const bins = mapBins(prices);
  const sums = (side: "long" | "short") =>
    bins.map((b, i): [number, number] => [
      b.mid,
      binNotional(levels, side, b, i === bins.length - 1),
    ]);
  const longs = sums("long");
  const shorts = sums("short");
  const top = Math.max(0, ...longs.map(([, y], i) => y + shorts[i][1]));
  const mark = numberInput(scope.inputs, "mark_price");
  const step = bins[0].to - bins[0].from;
  return chart(
    "liq-map",
    [
      { name: "Long liquidations (sell)", points: longs, role: "context" },
      { name: "Short liquidations (buy)", points: shorts, role: "main" },
    ],
    {
      x: { bounds: VALUE_BOUNDS, include: [bins[0].from, bins[bins.length - 1].to] },
      // sums of notionals: from 0 up (no bound, so no note saying it cannot be negative)
      y: { include: [0, top] },
    },
    {
      marker: { x: mark, label: `Mark price (${tickLabel(mark, "num")})` },
      notes: [
        `Bins of ${tickLabel(step, "num")} from ${tickLabel(bins[0].from, "num")} to ${tickLabel(bins[bins.length - 1].to, "num")}; on the sheet the bins are fixed at insert and the sums follow the Levels table.`,
      ],
      bins,
    }
  );
}

// ---- Monte Carlo ---------------------------------------------------------------------------------

/** snake_case option name → the engine's camelCase key (LEV.SIMULATE's table). */
const SIM_KEYS: Readonly<Record<string, string>> = SIMULATE_OPTION_KEYS;

/**
 * Monte Carlo parameters for the worker: the arguments and the evaluated sim_options block of the
 * sheet's LEV.SIMULATE, in the engine's terms (so the pane's run is the sheet's, option for option).
 */
function simulationOf(scope: Scope, decl: TemplateDeclarations): SimulationParams | undefined {
  const sim = decl.simulate;
  if (!sim) return undefined;
  const arg = (name: string): number => {
    const b = sim.args[name];
    if (!b) throw new Error(`LEV.SIMULATE without ${name}`);
    return numberOf(scope.binding(b));
  };
  const block = sim.args.options ? scope.binding(sim.args.options) : ok([]);
  if (!block.ok || !Array.isArray(block.value)) return undefined;
  const options: Record<string, number | string> = {};
  for (const [k, x] of block.value) {
    const key = SIM_KEYS[String(k).toLowerCase()];
    if (!key) throw new Error(`sim_options: unknown option ${String(k)}`);
    if (typeof x !== "number" && typeof x !== "string") return undefined;
    options[key] = x;
  }
  return {
    leverage: arg("leverage"),
    volatility: arg("volatility"),
    years: arg("years"),
    options: options as SimulateOptions,
  };
}
