/**
 * The key numbers of each scenario template, declared once: label, display format, the LEV function and
 * its arguments bound by the function's parameter names. The pane's preview (preview.ts) evaluates these
 * declarations through the functions adapter — the same parsing, defaults and errors as Excel — and the
 * sheet layout (layout.ts) writes them as formulas generated from the same bindings, so the two cannot
 * drift apart (test/taskpane/sheet-formulas.test.ts evaluates the written sheet with HyperFormula and
 * compares every metric).
 *
 * The model:
 *   - a Binding is what an argument is bound to: an input of the scenario (`in_<key>` on the sheet), a
 *     literal number/text/logical, a named value the sheet defines once (a derived value, a named
 *     result, an options block), or one of the sheet's tables (the illustrative prices, the brackets);
 *   - an Expr is a binding or plain arithmetic/IF over bindings — for derived values, options rows and the
 *     few results that are not a LEV function (collateral value, loan-to-value, …);
 *   - a metric is a LEV call (`fn` + `args`, optionally one number picked from a spilled table) or an Expr;
 *     `name` makes its result cell a named value other metrics can bind to.
 * Argument order comes from the functions layer (`getFunction(fn).params`): trailing omitted optionals are
 * dropped, inner omitted ones are empty arguments (`LEV.DECAY(3,0.8,,0.1)`), as Excel reads them.
 */
import { getFunction } from "../../functions/registry";
import { CASCADE_COLUMNS, CASCADE_SUMMARY_ROWS } from "../engine/cascade";
import { CPPI_PATH_COLUMNS } from "../engine/cppi-path";
import { pathColumns } from "../engine/path";
import { PERF_STATISTICS } from "../engine/performance";
import { tickLabel } from "./axes";
import { illustrativePrices } from "./illustrative";
import {
  venueLabel,
  type BracketRow,
  type ScenarioInputs,
  type TableRow,
  type TemplateId,
} from "./scenarios";

/**
 * Display formats: pct a return or rate (0.05 = 5.00%), prob a probability (tiny values shown as
 * "< 0.01%" in the pane and in scientific notation on the sheet, never as 0.0000%), num money or a
 * price, ratio a value per 1 of start, lev a multiple, int a count, years a time in years (the pane says
 * days below a year), notional an amount of money too large for cents (axis ticks 600M, 1.5B).
 */
export type MetricFormat = "pct" | "prob" | "num" | "ratio" | "lev" | "int" | "years" | "notional";

// ---- model ---------------------------------------------------------------------------------------

/**
 * The sheet's tables a binding can read: the illustrative prices, the maintenance brackets, the liquidation
 * levels (and the leverage buckets they are generated from), the collaterals of a lending account.
 */
export type SheetTable = "prices" | "brackets" | "levels" | "buckets" | "collaterals";

/** What an argument (or a term of an expression) is bound to. */
export type Binding =
  | { readonly kind: "input"; readonly key: string }
  | { readonly kind: "literal"; readonly value: number | string | boolean }
  | { readonly kind: "name"; readonly name: string }
  /** A table's data body, or one of its columns. */
  | { readonly kind: "table"; readonly table: SheetTable; readonly column?: string }
  /** A LEV call nested in the argument (`LEV.APY(LEV.RATE.AAVE(…))`). */
  | { readonly kind: "call"; readonly call: LevCall }
  /**
   * A column of the template's path spill (`path`, beside the price table): its data rows, row-aligned
   * with the prices (on the sheet the range under the spill's header, as the NAV chart reads it).
   */
  | { readonly kind: "spill"; readonly column: string };

export type Operator = "+" | "-" | "*" | "/" | "=" | ">" | "<";

/** Excel worksheet functions an expression may call (the pane evaluates them the same way). */
export type SheetFunction = "EXP" | "LN";

/** A binding, or Excel arithmetic, comparison, IF and a few worksheet functions over bindings. */
export type Expr =
  | Binding
  | { readonly kind: "op"; readonly op: Operator; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "if"; readonly test: Expr; readonly then: Expr; readonly otherwise: Expr }
  | { readonly kind: "fn"; readonly fn: SheetFunction; readonly arg: Expr };

/** Arguments by the function's snake_case parameter names; a parameter left out is omitted. */
export type Args = Readonly<Record<string, Binding>>;

/** A LEV function call (fn without the "LEV." namespace). */
export interface LevCall {
  readonly fn: string;
  readonly args: Args;
}

/**
 * One value out of a spilled table (its header row first): a column's first or last data row, or the
 * number of cells equal to a text (case-insensitive, as COUNTIF).
 */
export type Pick =
  | { readonly kind: "cell"; readonly row: "first" | "last"; readonly column: string }
  | { readonly kind: "count"; readonly equals: string }
  /** The value of a (statistic, value) table's row (LEV.CASCADE.SUMMARY). */
  | { readonly kind: "stat"; readonly statistic: string };

interface MetricCommon {
  readonly label: string;
  readonly format: MetricFormat;
  /** The sheet's "Formula" note beside the result. */
  readonly how: string;
  /** Names the result cell on the sheet, so other metrics can bind to it with `named(name)`. */
  readonly name?: string;
  /** The pane's label when it depends on the inputs (the sheet keeps `label`, which stays true on edits). */
  readonly paneLabel?: (inputs: ScenarioInputs) => string;
  /** Starts a group of the pane's key numbers under this heading ("Position", "Market"). */
  readonly section?: string;
}
export interface LevMetric extends MetricCommon, LevCall {
  readonly pick?: Pick;
  /**
   * Only where `test` holds: elsewhere the metric is `otherwise`, or #N/A with `message` (the sheet writes
   * `IF(test, call, NA())`), e.g. a Binance bracket table is not applied to a Hyperliquid position.
   */
  readonly when?:
    | { readonly test: Expr; readonly message: string }
    | { readonly test: Expr; readonly otherwise: Expr };
}
export interface ExprMetric extends MetricCommon {
  readonly expr: Expr;
}
export type MetricSpec = LevMetric | ExprMetric;

export const isLevMetric = (m: MetricSpec): m is LevMetric => "fn" in m;

/** An intermediate value the sheet defines once, as a named cell (not shown in the pane). */
export interface DerivedValue {
  readonly name: string;
  readonly label: string;
  readonly format: MetricFormat;
  readonly how: string;
  readonly expr: Expr;
}

/** One row of an options block: the option's name (usually a text) and its value. */
export interface OptionRow {
  readonly key: string | Expr;
  readonly value: Expr;
}
/** Name/value rows passed as a LEV function's `options` argument; the sheet names the range. */
export interface OptionsBlock {
  readonly name: string;
  readonly title: string;
  readonly rows: readonly OptionRow[];
}

/** A small table of live cells (each an expression) the sheet writes as an Excel table. */
export interface TableDecl {
  readonly title: string;
  readonly columns: readonly string[];
  /** The sheet's number format per column (undefined: General, e.g. a label). */
  readonly formats: readonly (MetricFormat | undefined)[];
  readonly rows: readonly (readonly Expr[])[];
}

/**
 * LEV.PERF tables side by side (the underlying's prices and the token's NAV on the same rows): the sheet
 * spills each call under `title`, the pane shows the same statistics in one table, a column per series.
 */
export interface PerfComparison {
  readonly title: string;
  readonly series: readonly {
    readonly label: string;
    readonly how: string;
    readonly call: LevCall;
  }[];
  /** LEV.PERF's rows in its order, with the pane's label and format. */
  readonly rows: readonly {
    readonly statistic: string;
    readonly label: string;
    readonly format: MetricFormat;
  }[];
}

export interface TemplateDeclarations {
  readonly metrics: readonly MetricSpec[];
  readonly derived: readonly DerivedValue[];
  readonly options: readonly OptionsBlock[];
  /** Tables of expressions (the lending account's collaterals). */
  readonly tables?: Partial<Record<SheetTable, TableDecl>>;
  /** LEV.PATH / LEV.CPPI.PATH on the illustrative prices, spilled beside the price table. */
  readonly path?: LevCall;
  /** LEV.SIMULATE, spilled below the results. */
  readonly simulate?: LevCall;
  /** LEV.PERF of the underlying and of the path's NAV, side by side. */
  readonly perf?: PerfComparison;
}

// ---- constructors --------------------------------------------------------------------------------

export const input = (key: string): Binding => ({ kind: "input", key });
export const lit = (value: number | string | boolean): Binding => ({ kind: "literal", value });
export const named = (name: string): Binding => ({ kind: "name", name });
export const table = (t: SheetTable, column?: string): Binding =>
  column === undefined ? { kind: "table", table: t } : { kind: "table", table: t, column };
export const call = (fn: string, args: Args): Binding => ({ kind: "call", call: { fn, args } });
const op =
  (o: Operator) =>
  (left: Expr, right: Expr): Expr => ({ kind: "op", op: o, left, right });
export const add = op("+");
export const sub = op("-");
export const mul = op("*");
export const div = op("/");
export const eq = op("=");
export const gt = op(">");
export const lt = op("<");
export const ifThen = (test: Expr, then: Expr, otherwise: Expr): Expr => ({
  kind: "if",
  test,
  then,
  otherwise,
});
export const exp = (arg: Expr): Expr => ({ kind: "fn", fn: "EXP", arg });
export const ln = (arg: Expr): Expr => ({ kind: "fn", fn: "LN", arg });
/** A per-period rate compounding to the annual continuous rate `annual` over `perYear` periods. */
export const perPeriodRate = (annual: Expr, perYear: Expr): Expr =>
  sub(exp(div(annual, perYear)), lit(1));

/** Inputs bound under the parameter of the same name. */
const inputs = (...keys: string[]): Record<string, Binding> =>
  Object.fromEntries(keys.map((k) => [k, input(k)]));

// ---- argument order ------------------------------------------------------------------------------

/** The function's parameter names in formula order (snake_case), from the functions layer. */
export function parameterNames(fn: string): string[] {
  const spec = getFunction(fn);
  if (!spec) throw new Error(`unknown function LEV.${fn}`);
  return spec.params.map((p) => p.name);
}

/**
 * Values by parameter name → positional arguments: an omitted parameter is `undefined`, trailing omitted
 * ones are dropped. A name that is not a parameter of the function throws (a declaration error).
 */
export function positional<T>(fn: string, byName: Readonly<Record<string, T>>): (T | undefined)[] {
  const names = parameterNames(fn);
  for (const k of Object.keys(byName))
    if (!names.includes(k))
      throw new Error(`LEV.${fn} has no parameter ${k} (parameters: ${names.join(", ")})`);
  const out = names.map((n) =>
    Object.prototype.hasOwnProperty.call(byName, n) ? byName[n] : undefined
  );
  while (out.length > 0 && out[out.length - 1] === undefined) out.pop();
  return out;
}

/** Column names of the spilled tables a metric picks from (the header row each returns). */
const SPILL_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  PATH: pathColumns(true),
  "CPPI.PATH": CPPI_PATH_COLUMNS,
  "BAND.TRIGGERS": ["to_band_high", "to_band_low"],
  CASCADE: CASCADE_COLUMNS,
};

/** The columns of the path spill a `spill` binding can read (LEV.PATH's, status column included). */
export const PATH_SPILL_COLUMNS: readonly string[] = SPILL_COLUMNS.PATH;

/** Row names of the (statistic, value) tables a metric picks from. */
const SPILL_STATISTICS: Readonly<Record<string, readonly string[]>> = {
  "CASCADE.SUMMARY": CASCADE_SUMMARY_ROWS,
  PERF: PERF_STATISTICS,
};

/** 1-based row (after the header) of `statistic` in the table LEV.`fn` spills. */
export function spillStatisticRow(fn: string, statistic: string): number {
  const i = SPILL_STATISTICS[fn]?.indexOf(statistic) ?? -1;
  if (i < 0) throw new Error(`LEV.${fn} has no statistic ${statistic}`);
  return i + 1;
}

/** 1-based column of `column` in the table LEV.`fn` spills. */
export function spillColumn(fn: string, column: string): number {
  const i = SPILL_COLUMNS[fn]?.indexOf(column) ?? -1;
  if (i < 0) throw new Error(`LEV.${fn} has no column ${column}`);
  return i + 1;
}

// ---- formulas ------------------------------------------------------------------------------------

/** Where the bindings live on a sheet: the table-name suffix of this insert. */
export interface SheetContext {
  readonly tag: string;
  /** The range of a column of the path spill's data rows (`spill` bindings; the layout knows where). */
  readonly spillColumn?: (column: string) => string;
}

/** Sheet-scoped name of an input's Value cell. */
export const inName = (key: string): string => `in_${key}`;

/** Excel table names (workbook-wide, hence the tag). */
export const pricesTableName = (tag: string): string => `Prices_${tag}`;
export const bracketsTableName = (tag: string): string => `Brackets_${tag}`;
const TABLE_PREFIX: Readonly<Record<SheetTable, string>> = {
  prices: "Prices",
  brackets: "Brackets",
  levels: "Levels",
  buckets: "Buckets",
  collaterals: "Collaterals",
};
/** The Excel table name of one of the sheet's tables. */
export const sheetTableName = (t: SheetTable, tag: string): string => `${TABLE_PREFIX[t]}_${tag}`;

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

function literalText(v: number | string | boolean): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return quote(v);
}

export function bindingText(b: Binding, ctx: SheetContext): string {
  switch (b.kind) {
    case "input":
      return inName(b.key);
    case "literal":
      return literalText(b.value);
    case "name":
      return b.name;
    case "table": {
      // the prices binding is the Price column (LEV.PATH's series)
      const column = b.column ?? (b.table === "prices" ? "Price" : undefined);
      const name = sheetTableName(b.table, ctx.tag);
      return column === undefined ? name : `${name}[${column}]`;
    }
    case "call":
      return levCallText(b.call, ctx);
    case "spill":
      if (!ctx.spillColumn) throw new Error(`no path spill on this sheet for column ${b.column}`);
      return ctx.spillColumn(b.column);
  }
}

const PRECEDENCE: Readonly<Record<Operator, number>> = {
  "=": 1,
  ">": 1,
  "<": 1,
  "+": 2,
  "-": 2,
  "*": 3,
  "/": 3,
};
const precedenceOf = (e: Expr): number => (e.kind === "op" ? PRECEDENCE[e.op] : 9);

/** Formula text of an expression (no leading "="), parenthesised only where Excel needs it. */
export function exprText(e: Expr, ctx: SheetContext): string {
  switch (e.kind) {
    case "op": {
      const p = PRECEDENCE[e.op];
      const l = exprText(e.left, ctx);
      const r = exprText(e.right, ctx);
      // left-associative: a right operand of the same precedence keeps its parentheses (a-(b-c))
      const left = precedenceOf(e.left) < p ? `(${l})` : l;
      const right = precedenceOf(e.right) <= p && e.right.kind === "op" ? `(${r})` : r;
      return `${left}${e.op}${right}`;
    }
    case "if":
      return `IF(${exprText(e.test, ctx)},${exprText(e.then, ctx)},${exprText(e.otherwise, ctx)})`;
    case "fn":
      return `${e.fn}(${exprText(e.arg, ctx)})`;
    default:
      return bindingText(e, ctx);
  }
}

/** `LEV.FN(a,b,,d)` from argument texts by parameter name. */
export function callText(fn: string, argTexts: Readonly<Record<string, string>>): string {
  return `LEV.${fn}(${positional(fn, argTexts)
    .map((a) => a ?? "")
    .join(",")})`;
}

/**
 * Formula text of a call (no "="), its bindings written as names; `overrides` replaces some arguments by
 * formula text (a sensitivity grid's row or column header cell).
 */
export function levCallText(
  call: LevCall,
  ctx: SheetContext,
  overrides: Readonly<Record<string, string>> = {}
): string {
  const texts: Record<string, string> = {};
  for (const [k, b] of Object.entries(call.args)) texts[k] = bindingText(b, ctx);
  return callText(call.fn, { ...texts, ...overrides });
}

function pickText(call: string, fn: string, pick: Pick): string {
  if (pick.kind === "count") return `COUNTIF(${call},${quote(pick.equals)})`;
  if (pick.kind === "stat") return `INDEX(${call},${spillStatisticRow(fn, pick.statistic) + 1},2)`;
  const col = spillColumn(fn, pick.column);
  return pick.row === "first" ? `INDEX(${call},2,${col})` : `INDEX(${call},ROWS(${call}),${col})`;
}

/** The formula a metric's result cell gets ("=…"). */
export function metricFormula(m: MetricSpec, ctx: SheetContext): string {
  if (!isLevMetric(m)) return `=${exprText(m.expr, ctx)}`;
  const call = levCallText(m, ctx);
  const value = m.pick ? pickText(call, m.fn, m.pick) : call;
  if (!m.when) return `=${value}`;
  const otherwise = "otherwise" in m.when ? exprText(m.when.otherwise, ctx) : "NA()";
  return `=IF(${exprText(m.when.test, ctx)},${value},${otherwise})`;
}

// ---- inputs the sheet and the pane both read -----------------------------------------------------

/** A number input (throws if the template has no such number field: a declaration error). */
export function numberInput(v: ScenarioInputs, key: string): number {
  const x = v[key];
  if (typeof x !== "number") throw new Error(`input ${key} is not a number`);
  return x;
}

/** The maintenance brackets input ([] when the template has none). */
export function bracketsInput(v: ScenarioInputs): BracketRow[] {
  const x = v.brackets;
  return Array.isArray(x) ? (x as BracketRow[]) : [];
}

/** A rows input ([] when the template has no such field). */
export function rowsInput(v: ScenarioInputs, key: string): TableRow[] {
  const x = v[key];
  return Array.isArray(x) ? (x as TableRow[]) : [];
}

/** A horizon in words: "3 months" (a whole number of months below a year), "30 days", "2 years". */
export function horizonText(years: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (years >= 1) return plural(Number(years.toPrecision(4)), "year");
  const months = years * 12;
  if (Math.abs(months - Math.round(months)) < 1e-9) return plural(Math.round(months), "month");
  return plural(Math.round(years * 365 * 10) / 10, "day");
}

/** The seeded illustrative prices written to the sheet's price table and used by the pane. */
export function scenarioPrices(v: ScenarioInputs): number[] {
  return illustrativePrices({
    start: numberInput(v, "start_price"),
    volatility: numberInput(v, "volatility"),
    days: numberInput(v, "days"),
    seed: numberInput(v, "seed"),
  });
}

// ---- the declarations ----------------------------------------------------------------------------

const COSTS = inputs("fee_rate", "financing_rate", "funding_rate");

/** LEV.DECAY at the scenario's inputs (also the decay grid and the pane's volatility curve). */
export const TOKEN_FLAT_RETURN: LevMetric = {
  label: "Return if the underlying ends flat",
  format: "pct",
  how: "LEV.DECAY: volatility decay + fee, financing, funding",
  fn: "DECAY",
  args: { ...inputs("leverage", "volatility", "years"), ...COSTS },
};

/**
 * The borrowed amount per unit of NAV on which the financing rate is paid (LEV.CARRY's and LEV.DECAY's
 * convention): L − 1 for L > 1 (cash borrowed), |L| for L < 0 (the asset borrowed to short), else 0.
 */
const BORROWED_PER_NAV: Expr = ifThen(
  gt(input("leverage"), lit(1)),
  sub(input("leverage"), lit(1)),
  ifThen(lt(input("leverage"), lit(0)), sub(lit(0), input("leverage")), lit(0))
);

/**
 * Funding per rebalance for LEV.PATH and LEV.SIMULATE, with the financing rate folded in: financing r on
 * the borrowed B·NAV is funding of r·B/L on the notional L·NAV, so the path's drift −L·funding·n is
 * −B·r − L·F, LEV.CARRY's (and LEV.DECAY's) carry.
 */
const TOKEN_FUNDING_PER_PERIOD: Expr = div(
  add(
    input("funding_rate"),
    div(mul(input("financing_rate"), BORROWED_PER_NAV), input("leverage"))
  ),
  input("rebalances_per_year")
);

/** The illustrative path's periods per year (daily prices), LEV.PERF's annualisation. */
const PATH_PERIODS_PER_YEAR = 365;

/**
 * LEV.PERF over the price table's Price column and over the path spill's nav column (the same rows): the
 * leverage-adjusted picture beside the underlying's (risk-free rate 0).
 */
function perfComparison(token: string): PerfComparison {
  const perf = (values: Binding): LevCall => ({
    fn: "PERF",
    args: { values, periods_per_year: lit(PATH_PERIODS_PER_YEAR) },
  });
  return {
    title: `Performance: underlying vs ${token}`,
    series: [
      {
        label: "Underlying",
        how: "LEV.PERF on the price table's Price column",
        call: perf(table("prices")),
      },
      {
        label: "Token",
        how: "LEV.PERF on the nav column of the LEV.PATH spill (same rows)",
        call: perf({ kind: "spill", column: "nav" }),
      },
    ],
    rows: [
      { statistic: "periods", label: "Periods (days)", format: "int" },
      { statistic: "total_return", label: "Total return", format: "pct" },
      { statistic: "cagr", label: "CAGR", format: "pct" },
      { statistic: "volatility", label: "Volatility (annualised)", format: "pct" },
      { statistic: "sharpe", label: "Sharpe ratio", format: "ratio" },
      { statistic: "sortino", label: "Sortino ratio", format: "ratio" },
      { statistic: "max_drawdown", label: "Max drawdown", format: "pct" },
      { statistic: "calmar", label: "Calmar ratio", format: "ratio" },
    ],
  };
}

const token: TemplateDeclarations = {
  metrics: [
    TOKEN_FLAT_RETURN,
    {
      label: "Return if the underlying gains 20%",
      format: "pct",
      how: "LEV.RETURN with underlying_return 0.2",
      fn: "RETURN",
      args: {
        leverage: input("leverage"),
        underlying_return: lit(0.2),
        ...inputs("volatility", "years"),
        ...COSTS,
      },
    },
    {
      label: "Carry over the horizon",
      format: "pct",
      how: "LEV.CARRY: financing + funding + fee",
      fn: "CARRY",
      args: {
        ...inputs("leverage", "years"),
        borrow_rate: input("financing_rate"),
        ...inputs("funding_rate", "fee_rate"),
      },
    },
    {
      label: "Turnover per rebalance",
      format: "pct",
      how: "LEV.TURNOVER: traded notional / NAV",
      fn: "TURNOVER",
      args: inputs("leverage", "volatility", "rebalances_per_year"),
    },
    {
      label: "Rebalancing cost over the horizon",
      format: "pct",
      how: "LEV.REBALANCE.COST",
      fn: "REBALANCE.COST",
      args: inputs("leverage", "volatility", "cost_rate", "rebalances_per_year", "years"),
    },
    {
      label: "Trade after a +1% period (per 1 of NAV)",
      format: "ratio",
      how: "LEV.REBALANCE.TRADE: nav·(L²−L)·r",
      fn: "REBALANCE.TRADE",
      args: { nav: lit(1), leverage: input("leverage"), underlying_return: lit(0.01) },
    },
  ],
  derived: [],
  options: [
    {
      name: "path_options",
      title: "LEV.PATH options",
      rows: [
        { key: "rebalance", value: lit("period") },
        { key: "fee_per_period", value: div(input("fee_rate"), input("rebalances_per_year")) },
        { key: "funding_per_period", value: TOKEN_FUNDING_PER_PERIOD },
        { key: "cost_rate", value: input("cost_rate") },
        { key: "start_nav", value: lit(1) },
      ],
    },
    {
      name: "sim_options",
      title: "LEV.SIMULATE options",
      rows: [
        { key: "rebalance", value: lit("period") },
        { key: "fee_per_period", value: div(input("fee_rate"), input("rebalances_per_year")) },
        { key: "funding_per_period", value: TOKEN_FUNDING_PER_PERIOD },
        { key: "cost_rate", value: input("cost_rate") },
        { key: "paths", value: input("paths") },
        { key: "steps_per_year", value: input("rebalances_per_year") },
        { key: "seed", value: input("seed") },
      ],
    },
  ],
  path: {
    fn: "PATH",
    args: { prices: table("prices"), leverage: input("leverage"), options: named("path_options") },
  },
  simulate: {
    fn: "SIMULATE",
    args: { ...inputs("leverage", "volatility", "years"), options: named("sim_options") },
  },
  perf: perfComparison("token"),
};

/** The band scheme, shared by LEV.PATH's and LEV.SIMULATE's options (fees and funding taken daily). */
const BAND_SCHEME: readonly OptionRow[] = [
  { key: "rebalance", value: lit("band") },
  { key: "band_low", value: input("band_low") },
  { key: "band_high", value: input("band_high") },
  { key: "rebalance_to", value: input("rebalance_to") },
  { key: "fee_per_period", value: div(input("fee_rate"), lit(365)) },
  { key: "funding_per_period", value: div(input("funding_rate"), lit(365)) },
  { key: "cost_rate", value: input("cost_rate") },
];

const BAND_PATH: LevCall = {
  fn: "PATH",
  args: { prices: table("prices"), leverage: input("leverage"), options: named("path_options") },
};

const BAND_TRIGGERS: LevCall = {
  fn: "BAND.TRIGGERS",
  args: inputs("leverage", "band_low", "band_high"),
};

const band: TemplateDeclarations = {
  metrics: [
    {
      label: "Underlying move to band high (from last rebalance)",
      format: "pct",
      how: "LEV.BAND.TRIGGERS, column to_band_high",
      ...BAND_TRIGGERS,
      pick: { kind: "cell", row: "first", column: "to_band_high" },
    },
    {
      label: "Underlying move to band low (from last rebalance)",
      format: "pct",
      how: "LEV.BAND.TRIGGERS, column to_band_low",
      ...BAND_TRIGGERS,
      pick: { kind: "cell", row: "first", column: "to_band_low" },
    },
    {
      label: "Rebalances on the illustrative path",
      format: "int",
      how: "LEV.PATH on the price table: count of status = rebalanced",
      ...BAND_PATH,
      pick: { kind: "count", equals: "rebalanced" },
    },
    {
      label: "Token NAV at the end of the path",
      format: "ratio",
      how: "LEV.PATH on the price table: last nav (start = 1)",
      ...BAND_PATH,
      pick: { kind: "cell", row: "last", column: "nav" },
    },
  ],
  derived: [],
  options: [
    {
      name: "path_options",
      title: "LEV.PATH options",
      // status: the text column the rebalance count reads
      rows: [
        ...BAND_SCHEME,
        { key: "start_nav", value: lit(1) },
        { key: "status", value: lit(true) },
      ],
    },
    {
      name: "sim_options",
      title: "LEV.SIMULATE options",
      rows: [
        ...BAND_SCHEME,
        { key: "paths", value: input("paths") },
        { key: "steps_per_year", value: lit(365) },
        { key: "seed", value: input("seed") },
      ],
    },
  ],
  path: BAND_PATH,
  simulate: {
    fn: "SIMULATE",
    args: { ...inputs("leverage", "volatility", "years"), options: named("sim_options") },
  },
  perf: perfComparison("token"),
};

const CPPI_PATH: LevCall = {
  fn: "CPPI.PATH",
  args: {
    returns: table("prices"),
    ...inputs("multiplier", "floor_fraction"),
    options: named("cppi_options"),
  },
};
const CPPI_START = {
  value: input("start_value"),
  floor: named("start_floor"),
  multiplier: input("multiplier"),
};

const cppi: TemplateDeclarations = {
  metrics: [
    {
      label: "Exposure at the start",
      format: "num",
      how: "LEV.CPPI.EXPOSURE: m·(V−F) capped at max_leverage·V",
      fn: "CPPI.EXPOSURE",
      args: { ...CPPI_START, max_leverage: input("max_leverage") },
    },
    {
      label: "Leverage at the start",
      format: "ratio",
      how: "LEV.CPPI.LEVERAGE: exposure / value",
      fn: "CPPI.LEVERAGE",
      args: { ...CPPI_START, max_leverage: input("max_leverage") },
    },
    {
      label: "Gap risk over the horizon",
      format: "prob",
      how: "LEV.CPPI.GAPRISK: P(floor breached between rebalances)",
      fn: "CPPI.GAPRISK",
      args: {
        ...inputs("multiplier", "volatility"),
        rebalance_interval_years: named("rebalance_interval_years"),
        years: input("years"),
        drift: lit(0),
        rate: input("safe_rate"),
      },
    },
    {
      label: "Value if the risky asset ends flat (continuous CPPI)",
      paneLabel: (v) =>
        Number(v.drawdown) > 0
          ? "Value if the risky asset ends flat (continuous CPPI; without the drawdown floor)"
          : "Value if the risky asset ends flat (continuous CPPI)",
      format: "num",
      how: "LEV.CPPI.VALUE with price_ratio 1 (no cap); its floor grows at the safe rate, as the path's",
      fn: "CPPI.VALUE",
      args: {
        ...CPPI_START,
        rate: input("safe_rate"),
        ...inputs("volatility", "years"),
        price_ratio: lit(1),
      },
    },
    {
      label: "Value at the end of the path",
      format: "num",
      how: "LEV.CPPI.PATH on the price table: last value",
      ...CPPI_PATH,
      pick: { kind: "cell", row: "last", column: "value" },
    },
    {
      label: "Floor at the end of the path",
      format: "num",
      how: "LEV.CPPI.PATH on the price table: last floor",
      ...CPPI_PATH,
      pick: { kind: "cell", row: "last", column: "floor" },
    },
  ],
  derived: [
    {
      name: "start_floor",
      label: "Floor at the start",
      format: "num",
      how: "start value × floor fraction",
      expr: mul(input("start_value"), input("floor_fraction")),
    },
    {
      name: "rebalance_interval_years",
      label: "Rebalance interval in years",
      format: "ratio",
      how: "rebalance interval (days) / 365",
      expr: div(input("rebalance_every"), lit(365)),
    },
  ],
  options: [
    {
      name: "cppi_options",
      title: "LEV.CPPI.PATH options",
      rows: [
        { key: "input", value: lit("prices") },
        { key: "start_value", value: input("start_value") },
        // daily rates compounding to the annual continuous rates LEV.CPPI.VALUE uses (e^{r/365} − 1)
        { key: "safe_rate_per_period", value: perPeriodRate(input("safe_rate"), lit(365)) },
        { key: "borrow_rate_per_period", value: perPeriodRate(input("borrow_rate"), lit(365)) },
        { key: "max_leverage", value: input("max_leverage") },
        { key: "rebalance_every", value: input("rebalance_every") },
        // drawdown 0: a bond floor growing at the safe rate, as LEV.CPPI.VALUE's floor F·e^{rT}
        // (docs/references/cppi.md §5.2); drawdown > 0: the ratcheting floor instead. One row, so it
        // stays live when the analyst switches the drawdown floor on or off.
        {
          key: ifThen(gt(input("drawdown"), lit(0)), lit("drawdown"), lit("floor_rate_per_period")),
          value: ifThen(
            gt(input("drawdown"), lit(0)),
            input("drawdown"),
            perPeriodRate(input("safe_rate"), lit(365))
          ),
        },
      ],
    },
  ],
  path: CPPI_PATH,
};

const POSITION = inputs("side", "entry_price", "quantity", "margin");

/** Venues whose brackets LEV.LIQ.TIERED's formula (maintenance valued at the liquidation price, minus the
 * bracket's amount, Binance's "cum") describes; the other venues derive maintenance otherwise. */
export const BRACKET_VENUES = ["binance"] as const;

/** LEV.LIQ.VENUE on the position, named `liquidation_price` (perp and liquidation risk templates). */
const VENUE_LIQUIDATION: LevMetric = {
  label: "Liquidation price (venue convention)",
  paneLabel: (v) => `Liquidation price (${venueLabel(String(v.venue))} convention)`,
  format: "num",
  how: "LEV.LIQ.VENUE (Hyperliquid: rate = max leverage); the distance below is to this price",
  name: "liquidation_price",
  fn: "LIQ.VENUE",
  args: {
    venue: input("venue"),
    ...POSITION,
    rate: named("venue_rate"),
    close_fee_rate: input("close_fee_rate"),
  },
};

const EFFECTIVE_LEVERAGE: ExprMetric = {
  label: "Effective leverage",
  format: "lev",
  how: "notional / margin",
  name: "effective_leverage",
  expr: div(mul(input("entry_price"), input("quantity")), input("margin")),
};

const DISTANCE_FROM_MARK: LevMetric = {
  label: "Distance to liquidation from mark",
  format: "pct",
  how: "LEV.LIQ.DISTANCE from the mark to the venue's liquidation price",
  fn: "LIQ.DISTANCE",
  args: { ...inputs("side", "mark_price"), liquidation_price: named("liquidation_price") },
};

/** The venue's rate argument and maintenance rate (Hyperliquid: from the maximum leverage). */
const VENUE_DERIVED: readonly DerivedValue[] = [
  {
    name: "venue_rate",
    label: "Rate argument of LEV.LIQ.VENUE",
    format: "num",
    how: "Hyperliquid: max leverage; other venues: maintenance rate",
    expr: ifThen(
      eq(input("venue"), lit("hyperliquid")),
      input("max_leverage"),
      input("maintenance_rate")
    ),
  },
  {
    name: "maintenance_rate_used",
    label: "Maintenance rate of the venue",
    format: "pct",
    how: "Hyperliquid: 1 / (2 × max leverage); other venues: the maintenance rate input",
    expr: ifThen(
      eq(input("venue"), lit("hyperliquid")),
      div(lit(1), mul(lit(2), input("max_leverage"))),
      input("maintenance_rate")
    ),
  },
];

/** LEV.LIQ.PROB from the mark to the venue's liquidation price within `years` (drift when the template has one). */
function liquidationProbability(
  label: string,
  years: Binding,
  withDrift: boolean,
  extra: Partial<MetricCommon> = {}
): LevMetric {
  return {
    label,
    format: "prob",
    how: "LEV.LIQ.PROB: P(the mark touches the liquidation price), GBM first passage",
    fn: "LIQ.PROB",
    args: {
      side: input("side"),
      price: input("mark_price"),
      liquidation_price: named("liquidation_price"),
      volatility: input("volatility"),
      years,
      ...(withDrift ? { drift: input("drift") } : {}),
    },
    ...extra,
  };
}

/** LEV.LIQ.SAFE.LEVERAGE over the horizon at the chosen probability, the venue's maintenance and close fee. */
function safeLeverage(withDrift: boolean): LevMetric {
  return {
    label: "Safe leverage (at most the acceptable chance over the horizon)",
    paneLabel: (v) =>
      `Safe leverage: at most a ${tickLabel(Number(v.max_probability), "prob")} chance in ${horizonText(Number(v.years))}`,
    format: "lev",
    how: "LEV.LIQ.SAFE.LEVERAGE: the largest leverage opened now whose liquidation price (LEV.LIQ.LEVERAGE) is touched with at most that probability",
    name: "safe_leverage",
    fn: "LIQ.SAFE.LEVERAGE",
    args: {
      ...inputs("side", "volatility", "years", "max_probability"),
      ...(withDrift ? { drift: input("drift") } : {}),
      maintenance_rate: named("maintenance_rate_used"),
      close_fee_rate: input("close_fee_rate"),
    },
  };
}

const perp: TemplateDeclarations = {
  metrics: [
    VENUE_LIQUIDATION,
    {
      label: "Liquidation price (maintenance rate and amount)",
      format: "num",
      how: "LEV.LIQ.PRICE: isolated, MM valued at the liquidation price (Hyperliquid: rate 1/(2·max leverage))",
      fn: "LIQ.PRICE",
      args: {
        ...POSITION,
        maintenance_rate: named("maintenance_rate_used"),
        ...inputs("maintenance_amount", "close_fee_rate"),
      },
    },
    {
      label: "Liquidation price (brackets)",
      format: "num",
      how: "LEV.LIQ.TIERED with the Brackets table (Binance's bracket formula; #N/A on other venues)",
      fn: "LIQ.TIERED",
      args: { ...POSITION, brackets: table("brackets") },
      when: {
        test: eq(input("venue"), lit("binance")),
        message:
          "not for this venue: LEV.LIQ.TIERED applies Binance's bracket formula (choose Binance to use the brackets)",
      },
    },
    EFFECTIVE_LEVERAGE,
    {
      label: "Bankruptcy price",
      format: "num",
      how: "LEV.BANKRUPTCY.PRICE: equity = 0",
      fn: "BANKRUPTCY.PRICE",
      args: { ...inputs("side", "entry_price"), leverage: named("effective_leverage") },
    },
    DISTANCE_FROM_MARK,
    liquidationProbability("Probability of liquidation within the horizon", input("years"), false, {
      paneLabel: (v) => `Probability of liquidation within ${horizonText(Number(v.years))}`,
    }),
    safeLeverage(false),
  ],
  derived: VENUE_DERIVED,
  options: [],
};

/** Leverages of the perp sweep: round multiples up to the venue's maximum leverage, which ends it. */
export function perpSweepLeverages(maxLeverage: number): number[] {
  const steps = [1, 2, 3, 5, 7.5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 125, 150, 200];
  return [...steps.filter((L) => L < maxLeverage), maxLeverage];
}

/** Liquidation price opened at a given leverage (the perp sweep; `leverage` is overridden per row). */
export const PERP_LIQ_AT_LEVERAGE: LevCall = {
  fn: "LIQ.LEVERAGE",
  args: {
    ...inputs("side", "entry_price"),
    leverage: lit(1),
    maintenance_rate: named("maintenance_rate_used"),
    close_fee_rate: input("close_fee_rate"),
  },
};
/** Distance from entry to a liquidation price (the perp sweep; `liquidation_price` is overridden). */
export const PERP_DISTANCE_FROM_ENTRY: LevCall = {
  fn: "LIQ.DISTANCE",
  args: {
    side: input("side"),
    mark_price: input("entry_price"),
    liquidation_price: named("liquidation_price"),
  },
};

// ---- liquidation risk ----------------------------------------------------------------------------

/**
 * The liquidation price of a position opened now, at the mark, with a given leverage (the probability
 * sweep and the leverage buckets; `side` and `leverage` are overridden per row).
 */
export const LIQ_AT_LEVERAGE_FROM_MARK: LevCall = {
  fn: "LIQ.LEVERAGE",
  args: {
    side: input("side"),
    entry_price: input("mark_price"),
    leverage: lit(1),
    maintenance_rate: named("maintenance_rate_used"),
    close_fee_rate: input("close_fee_rate"),
  },
};
/** LEV.LIQ.PROB from the mark (the sweep: `liquidation_price` and `years` are overridden per cell). */
export const LIQ_PROB_FROM_MARK: LevCall = liquidationProbability("", input("years"), true);

/** The cascade's arguments: the mark price, the shock, the Levels table, the depth per 1%. */
const CASCADE_ARGS: Args = {
  start_price: input("mark_price"),
  shock: input("shock"),
  levels: table("levels"),
  depth_per_1pct: input("depth_per_1pct"),
};
export const CASCADE_CALL: LevCall = { fn: "CASCADE", args: CASCADE_ARGS };
export const CASCADE_SUMMARY_CALL: LevCall = { fn: "CASCADE.SUMMARY", args: CASCADE_ARGS };
export const CASCADE_LEVELS_CALL: LevCall = { fn: "CASCADE.LEVELS", args: CASCADE_ARGS };

const cascadeStat = (
  label: string,
  statistic: string,
  format: MetricFormat,
  extra: Partial<MetricCommon> = {}
): LevMetric => ({
  label,
  format,
  how: `LEV.CASCADE.SUMMARY on the Levels table: ${statistic}`,
  ...CASCADE_SUMMARY_CALL,
  pick: { kind: "stat", statistic },
  ...extra,
});

/** The horizons of the probability rows, in years: 1 day, 1 week, 30 days. */
const HORIZONS: readonly DerivedValue[] = [
  {
    name: "day_years",
    label: "1 day in years",
    format: "ratio",
    how: "1 / 365",
    expr: div(lit(1), lit(365)),
  },
  {
    name: "week_years",
    label: "1 week in years",
    format: "ratio",
    how: "7 / 365",
    expr: div(lit(7), lit(365)),
  },
  {
    name: "month_years",
    label: "30 days in years",
    format: "ratio",
    how: "30 / 365",
    expr: div(lit(30), lit(365)),
  },
];

const liquidation: TemplateDeclarations = {
  metrics: [
    { ...VENUE_LIQUIDATION, section: "Position" },
    EFFECTIVE_LEVERAGE,
    DISTANCE_FROM_MARK,
    liquidationProbability("Probability of liquidation within 1 day", named("day_years"), true),
    liquidationProbability("Probability of liquidation within 1 week", named("week_years"), true),
    liquidationProbability("Probability of liquidation within 30 days", named("month_years"), true),
    liquidationProbability("Probability of liquidation within the horizon", input("years"), true, {
      paneLabel: (v) => `Probability of liquidation within ${horizonText(Number(v.years))}`,
    }),
    {
      label: "Expected time to liquidation (no horizon)",
      format: "years",
      how: "LEV.LIQ.TIME without a horizon: E[τ] under GBM (#N/A when it is infinite)",
      fn: "LIQ.TIME",
      args: {
        side: input("side"),
        price: input("mark_price"),
        liquidation_price: named("liquidation_price"),
        volatility: input("volatility"),
        drift: input("drift"),
      },
    },
    safeLeverage(true),
    {
      label: "Liquidation price at the safe leverage",
      format: "num",
      how: "LEV.LIQ.LEVERAGE opened at the mark with the safe leverage",
      ...LIQ_AT_LEVERAGE_FROM_MARK,
      args: { ...LIQ_AT_LEVERAGE_FROM_MARK.args, leverage: named("safe_leverage") },
    },
    {
      section: "Market",
      label: "Price after the shock",
      format: "num",
      how: "mark price × (1 + shock)",
      expr: mul(input("mark_price"), add(lit(1), input("shock"))),
    },
    cascadeStat("Price after the cascade", "final_price", "num", { name: "cascade_price" }),
    {
      label: "Move after the cascade (shock included)",
      format: "pct",
      how: "price after the cascade / mark price − 1",
      expr: sub(div(named("cascade_price"), input("mark_price")), lit(1)),
    },
    cascadeStat("Notional liquidated in the cascade", "total_liquidated", "notional"),
    cascadeStat("Rounds of liquidations", "rounds", "int"),
    cascadeStat("Amplification (cascade move / shock)", "amplification", "lev"),
  ],
  derived: [...VENUE_DERIVED, ...HORIZONS],
  options: [],
};

// ---- lending loop --------------------------------------------------------------------------------

/** Aave's supply APR of the collateral's reserve / borrow APR of the debt's reserve (LEV.RATE.AAVE). */
const aaveApr = (prefix: "supply" | "borrow"): Binding =>
  call("RATE.AAVE", {
    utilization: input(`${prefix}_utilization`),
    optimal: input(`${prefix}_optimal`),
    base: input(`${prefix}_base`),
    slope1: input(`${prefix}_slope1`),
    slope2: input(`${prefix}_slope2`),
    ...(prefix === "supply"
      ? { reserve_factor: input("supply_reserve_factor"), side: lit("supply") }
      : {}),
  });

/** Net APY on equity at a leverage (the metric; the sweep overrides `leverage`). */
export const LOOP_NET_APY: LevMetric = {
  label: "Net APY on your equity",
  format: "pct",
  how: "LEV.LOOP.APY: L·(supply APY + own yield) − (L − 1)·borrow APY + L·incentives",
  fn: "LOOP.APY",
  args: {
    leverage: named("leverage"),
    collateral_yield: named("collateral_yield"),
    borrow_apy: named("borrow_apy"),
    incentive_apy: input("incentive_apy"),
  },
};
/** The loop's health factor at a leverage and a price ratio (the metric; the sweeps override them). */
export const LOOP_HEALTH: LevMetric = {
  label: "Health factor",
  format: "ratio",
  how: "LEV.LOOP.HEALTH: L·LT/(L − 1)",
  name: "health",
  fn: "LOOP.HEALTH",
  args: { leverage: named("leverage"), liquidation_threshold: input("liquidation_threshold") },
};

const lending: TemplateDeclarations = {
  metrics: [
    {
      section: "Loop",
      label: "Leverage (collateral / equity)",
      format: "lev",
      how: "LEV.LOOP.LEVERAGE(LTV, loops); sizing by target leverage: the target",
      name: "leverage",
      fn: "LOOP.LEVERAGE",
      args: inputs("ltv", "loops"),
      when: { test: eq(input("sizing"), lit("loops")), otherwise: input("target_leverage") },
    },
    {
      label: "Most leverage at this LTV",
      format: "lev",
      how: "LEV.LOOP.LEVERAGE(LTV): 1 / (1 − LTV), infinitely many loops",
      name: "max_loop_leverage",
      fn: "LOOP.LEVERAGE",
      args: inputs("ltv"),
    },
    {
      label: "Collateral supplied",
      paneLabel: (v) => `Collateral supplied (${String(v.underlying)})`,
      format: "num",
      how: "leverage × deposit",
      name: "collateral_quantity",
      expr: mul(named("leverage"), input("deposit")),
    },
    {
      label: "Debt",
      paneLabel: (v) => `Debt (${String(v.debt_asset)})`,
      format: "num",
      how: "(leverage − 1) × deposit × price",
      name: "debt_value",
      expr: mul(mul(sub(named("leverage"), lit(1)), input("deposit")), input("collateral_price")),
    },
    {
      section: "Return",
      label: "Supply APY of the collateral",
      format: "pct",
      how: 'LEV.APY(LEV.RATE.AAVE(…,"supply")): Aave\'s supply APR at the utilization, compounded every second',
      name: "supply_apy",
      fn: "APY",
      args: { apr: aaveApr("supply") },
    },
    {
      label: "Borrow APY of the debt",
      format: "pct",
      how: "LEV.APY(LEV.RATE.AAVE(…)): Aave's borrow APR at the utilization, compounded every second",
      name: "borrow_apy",
      fn: "APY",
      args: { apr: aaveApr("borrow") },
    },
    LOOP_NET_APY,
    {
      label: "Runway: years until the carry alone liquidates",
      format: "years",
      how: "LEV.LOOP.RUNWAY(health, LN(1 + collateral yield), LN(1 + borrow APY)); #N/A when the yield covers the borrow rate",
      fn: "LOOP.RUNWAY",
      args: {
        health_factor: named("health"),
        collateral_yield: named("yield_continuous"),
        borrow_rate: named("borrow_continuous"),
      },
    },
    { ...LOOP_HEALTH, section: "Risk" },
    {
      label: "Health factor of the account (with the other collateral)",
      format: "ratio",
      how: "LEV.HEALTH on the Collaterals table: Σ value × threshold / debt",
      fn: "HEALTH",
      args: {
        collateral_value: table("collaterals", "Value"),
        liquidation_threshold: table("collaterals", "Liquidation threshold"),
        debt_value: named("debt_value"),
      },
    },
    {
      label: "Price ratio at liquidation",
      format: "ratio",
      how: "LEV.LOOP.LIQRATIO: (L − 1)/(L·LT), collateral/debt price relative to now",
      name: "liquidation_ratio",
      fn: "LOOP.LIQRATIO",
      args: { leverage: named("leverage"), liquidation_threshold: input("liquidation_threshold") },
    },
    {
      label: "Liquidation price of the collateral",
      format: "num",
      how: "price × price ratio at liquidation",
      expr: mul(input("collateral_price"), named("liquidation_ratio")),
    },
    {
      label: "Price drop to liquidation",
      format: "pct",
      how: "price ratio at liquidation − 1",
      expr: sub(named("liquidation_ratio"), lit(1)),
    },
  ],
  derived: [
    {
      name: "collateral_yield",
      label: "Collateral yield (APY)",
      format: "pct",
      how: "supply APY + the collateral's own yield",
      expr: add(named("supply_apy"), input("staking_yield")),
    },
    {
      name: "yield_continuous",
      label: "Collateral yield, continuous",
      format: "pct",
      how: "LN(1 + collateral yield)",
      expr: ln(add(lit(1), named("collateral_yield"))),
    },
    {
      name: "borrow_continuous",
      label: "Borrow rate, continuous",
      format: "pct",
      how: "LN(1 + borrow APY)",
      expr: ln(add(lit(1), named("borrow_apy"))),
    },
  ],
  options: [],
  tables: {
    collaterals: {
      title: "Collaterals of the account (LEV.HEALTH sums value × threshold; add rows for more)",
      columns: ["Collateral", "Value", "Liquidation threshold"],
      formats: [undefined, "num", "pct"],
      rows: [
        [
          input("underlying"),
          mul(named("collateral_quantity"), input("collateral_price")),
          input("liquidation_threshold"),
        ],
        [lit("Other collateral"), input("other_collateral_value"), input("other_threshold")],
      ],
    },
  },
};

export const DECLARATIONS: Readonly<Record<TemplateId, TemplateDeclarations>> = {
  token,
  band,
  cppi,
  perp,
  liquidation,
  lending,
};

// ---- the charts (the pane draws them, the sheet writes them, from the same data) -----------------

/** Volatilities of the token's decay grid (rows) and the fixed leverages beside the analyst's own. */
export const DECAY_GRID_VOLATILITIES: readonly number[] = Array.from(
  { length: 17 },
  (_, i) => i / 10
);
export const DECAY_GRID_LEVERAGES: readonly number[] = [-3, -2, 2, 3, 5];

/** A leverage as the charts name it: −3x, 2x, 7.5x. */
export const leverageName = (L: number): string => `${L < 0 ? "−" : ""}${Math.abs(L)}x`;

/** Collateral price moves of the lending sweep (−50% … +50%). */
export const LENDING_MOVES: readonly number[] = Array.from({ length: 11 }, (_, i) => (i - 5) / 10);
/** The health factor at which a lending position is liquidated (the lending chart's reference line). */
export const LIQUIDATION_HEALTH = 1;
/**
 * The loop sweep's steps: leverage 1 + (max − 1)·k/LOOP_SWEEP_STEPS for k = 0 … LOOP_SWEEP_STEPS, computed
 * as ((max − 1)·k)/steps on the sheet and in the pane alike (so both get the same number).
 */
export const LOOP_SWEEP_STEPS = 10;
export const loopSweepLeverage = (maxLeverage: number, k: number): number =>
  1 + ((maxLeverage - 1) * k) / LOOP_SWEEP_STEPS;

export type ChartId =
  | "decay"
  | "token-path"
  | "band-path"
  | "cppi-path"
  | "perp-sweep"
  | "liq-prob"
  | "cascade"
  | "liq-map"
  | "health"
  | "loop-sweep";

/** Title, axis titles and formats of a chart, shared by the pane's SVG and the sheet's native chart. */
export interface ChartDecl {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xFormat: MetricFormat;
  readonly yFormat: MetricFormat;
  /** A second value axis on the right (the sheet's secondary axis) for the series that say so. */
  readonly y2Label?: string;
  readonly y2Format?: MetricFormat;
  /** Stacked columns over price bins (the sheet's ColumnStacked chart) instead of lines. */
  readonly bars?: boolean;
}

export const CHART_DECLS: Readonly<Record<ChartId, ChartDecl>> = {
  decay: {
    title: "Decay vs volatility (underlying ends flat)",
    xLabel: "Volatility",
    yLabel: "Return over the horizon",
    xFormat: "pct",
    yFormat: "pct",
  },
  "token-path": {
    title: "Token NAV vs underlying (illustrative path)",
    xLabel: "Day",
    yLabel: "Value (start = 1)",
    xFormat: "int",
    yFormat: "ratio",
  },
  "band-path": {
    title: "Band token NAV vs underlying (illustrative path)",
    xLabel: "Day",
    yLabel: "Value (start = 1)",
    xFormat: "int",
    yFormat: "ratio",
  },
  "cppi-path": {
    title: "CPPI value vs floor (illustrative path)",
    xLabel: "Day",
    yLabel: "Value",
    xFormat: "int",
    yFormat: "num",
  },
  "perp-sweep": {
    title: "Liquidation distance vs leverage (opened at entry)",
    xLabel: "Leverage",
    yLabel: "Price move to liquidation",
    xFormat: "lev",
    yFormat: "pct",
  },
  "liq-prob": {
    title: "Probability of liquidation vs leverage (opened at the mark)",
    xLabel: "Leverage",
    yLabel: "Probability of liquidation",
    xFormat: "lev",
    yFormat: "prob",
  },
  cascade: {
    title: "Liquidation cascade: price after each round",
    xLabel: "Round (0 = the shock)",
    yLabel: "Price",
    xFormat: "int",
    yFormat: "num",
    y2Label: "Liquidated so far",
    y2Format: "notional",
  },
  "liq-map": {
    title: "Liquidation map: notional by liquidation price",
    xLabel: "Liquidation price",
    yLabel: "Notional liquidated",
    xFormat: "num",
    yFormat: "notional",
    bars: true,
  },
  health: {
    title: "Health factor vs collateral price",
    xLabel: "Collateral price",
    yLabel: "Health factor",
    xFormat: "num",
    yFormat: "ratio",
  },
  "loop-sweep": {
    title: "Net APY and health factor vs leverage",
    xLabel: "Leverage",
    yLabel: "Net APY on equity",
    xFormat: "lev",
    yFormat: "pct",
    y2Label: "Health factor",
    y2Format: "ratio",
  },
};

/** The charts of each template, in the order the pane shows them. */
export const TEMPLATE_CHARTS: Readonly<Record<TemplateId, readonly ChartId[]>> = {
  token: ["decay", "token-path"],
  band: ["band-path"],
  cppi: ["cppi-path"],
  perp: ["perp-sweep"],
  liquidation: ["liq-prob", "cascade", "liq-map"],
  lending: ["health", "loop-sweep"],
};
