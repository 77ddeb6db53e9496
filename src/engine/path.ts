/**
 * LEV.PATH: the exact NAV path of a rebalanced leveraged product over a price series.
 *
 * Source: docs/references/leveraged-tokens.md §2.1 (discrete NAV recursion, exact for a perfectly executed
 * reset product; reproduces the FTX / KuCoin / ProShares published examples), §2.2 (static position
 * between rebalances), §2.6 (band rebalancing; destination "target" as FTX/Bybit/Gate/KuCoin, "edge" as
 * Toros), §2.7 (funding on the notional held), §2.8 (cost = c·|traded notional|).
 *
 * Per period t = 1…n−1 (r_t = S_t/S_{t−1} − 1; X = exposure held, V = NAV):
 *   V' = (V + X·r_t − F_t·X)·(1 − m)          F_t = funding_per_period (longs pay when > 0), m = fee_per_period
 *   X' = X·(1 + r_t)                           L_act = X'/V' (the "leverage_before" column)
 *   rebalance "period": every period to L. "band" with rebalance_to "target": when |L_act| ≥ band_high or
 *   ≤ band_low, back to L (Bybit, FTX); with "edge": when |L_act| is strictly outside the band, to the
 *   crossed edge (Toros). The cost comes out of NAV and the trade is sized so that leverage after the
 *   rebalance is exactly L_dest:  trade = (L_dest·V' − X')/(1 + c·L_dest·sign(trade)),  cost = c·|trade|,
 *   V_t = V' − cost  (to first order §2.1's V·(1 + L·r − c·|L²−L|·|r|); needs cost_rate·|L_dest| < 1).
 *   V' ≤ 0 ⇒ wiped out: NAV 0 from that row on (losses beyond the equity are not carried).
 * Row 0 is the start: the product holds L·start_nav at prices[0]; no trade.
 *
 * Output columns (one row per price):
 *   price            the input price
 *   nav              NAV after the period's rebalance (and cost)
 *   leverage_before  actual leverage after the move, fee and funding, before rebalancing (row 0: L;
 *                    0 on wiped-out rows)
 *   trade            signed traded notional (+ buy, − sell), in NAV units (0 when not rebalanced)
 *   trade_fraction   trade / NAV before the trade
 *   cost             cost paid this period (cost_rate·|trade|)
 *   cumulative_cost  sum of cost up to this row
 * These seven are the contract's columns (PATH_COLUMNS). With the option `status` TRUE an eighth column
 * (PATH_STATUS_COLUMN) says what happened: "start" (row 0), "ok" (no rebalance), "rebalanced", "wiped out".
 * It is opt-in because text in a row makes every number of that row a separate heap object in JavaScript:
 * a 100,000-row spill builds 2–3× slower with it (bench/diagnosis/README.md §3).
 *
 * Options `step` k and `rows` "last" sample the output rows (keptRows): every k-th row and the last, or the
 * last only, so that a long series fits Excel's result payload; the path itself is always computed in full.
 *
 * funding_per_period: one number for every period, or a series aligned with prices (same length);
 * element t is the funding of the period ending at price t (element 0 is not used).
 *
 * `runPath` returns the same columns as typed arrays (no per-row objects): the recursion over 10⁵ prices
 * takes a few ms; building the 10⁵-row Table of JS arrays for LEV.PATH costs more (all-number rows ≈ 10–30
 * ms in Node 20, rows with the status text ≈ 40–100 ms, mostly garbage collection of the boxed cells).
 *
 * Precision: float64 — long paths; every value is a ratio of start_nav, far more precise than any price feed.
 */
import { numError, requirePositive, valueError } from "./errors";
import {
  optChoice,
  optNumber,
  readScheme,
  rejectUnknownKeys,
  requireHalfOpen,
  requireLeverage,
  requirePrices,
  step,
  ST_OVERFLOW,
  ST_WIPED,
  STATUS_TEXT,
  ST_START,
} from "./lt-core";
import type { Series, Table } from "./types";

export type RebalanceMode = "period" | "band";
export type RebalanceTo = "target" | "edge";

export interface PathOptions {
  /** "period" (default): rebalance to L after every period; "band": only when |leverage| leaves the band. */
  rebalance?: RebalanceMode | string;
  /** Band mode: lower bound on |leverage| (≥ 0, < |L|; 0 = only de-lever). */
  bandLow?: number;
  /** Band mode: upper bound on |leverage| (> |L|). */
  bandHigh?: number;
  /** Band mode: "target" (default) or "edge" (back to the crossed band edge, Toros style). */
  rebalanceTo?: RebalanceTo | string;
  /** Management fee per period, charged on NAV after the period's return (default 0). */
  feePerPeriod?: number;
  /** Funding rate per period: a number, or a series aligned with prices (default 0). */
  fundingPerPeriod?: number | Series;
  /** Cost per unit of traded notional (default 0). */
  costRate?: number;
  /** NAV at the first price (default 1). */
  startNav?: number;
  /** LEV.PATH only: add the status text column (default false). */
  status?: boolean;
  /** LEV.PATH only: show every step-th row (rows 0, step, 2·step, … and always the last); default 1. */
  step?: number;
  /** LEV.PATH only: "all" rows (default) or only the "last" one (the end state). */
  rows?: string;
}

/**
 * Row sampling of a long spill (LEV.PATH, LEV.CPPI.PATH options `step` and `rows`), so that a long series fits
 * Excel's result payload (functions/adapter.ts, docs/references/office-addin.md §2.4): "rows","last" keeps
 * the last row only; `step` k keeps rows 0, k, 2k, … and always the last row. Every kept row is the full
 * row of the unsampled path (cumulative columns stay cumulative; a per-row trade or cost is that row's).
 */
export const ROW_OPTION_NAMES = ["step", "rows"] as const;
export const ROWS_CHOICES = ["all", "last"] as const;

/** Validated `step` (whole number ≥ 1) and `rows` ("all" | "last") options → [step, last only]. */
export function readRowOptions(stepOpt: unknown, rowsOpt: unknown): [number, boolean] {
  const step = stepOpt === undefined || stepOpt === null ? 1 : stepOpt;
  if (typeof step !== "number" || !Number.isInteger(step) || !(step >= 1))
    throw numError("step", `step must be a whole number ≥ 1 (got ${String(step)})`);
  const rows = optChoice("rows", rowsOpt, ROWS_CHOICES, "all");
  return [step, rows === "last"];
}

/** How many of n rows the sampling keeps (see ROW_OPTION_NAMES); n for invalid options (sizing only). */
export function keptRowCount(n: number, stepOpt?: unknown, rowsOpt?: unknown): number {
  let step: number;
  let last: boolean;
  try {
    [step, last] = readRowOptions(stepOpt, rowsOpt);
  } catch {
    return n;
  }
  if (n <= 0) return n;
  if (last) return 1;
  return Math.floor((n - 1) / step) + 1 + ((n - 1) % step === 0 ? 0 : 1);
}

/** The indices of the kept rows of n, in order (see keptRowCount), or undefined when all are kept. */
export function keptRows(n: number, step: number, last: boolean): Int32Array | undefined {
  if (!last && step === 1) return undefined;
  if (last) return Int32Array.of(n - 1);
  const out = new Int32Array(keptRowCount(n, step));
  let k = 0;
  for (let i = 0; i < n; i += step) out[k++] = i;
  if (k < out.length) out[k] = n - 1;
  return out;
}

/** The entries of `a` at `idx`, as a new typed array of the same kind. */
export function pick<T extends Float64Array | Uint8Array>(a: T, idx: Int32Array): T {
  const out = new (a.constructor as new (n: number) => T)(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = a[idx[i]];
  return out;
}

/** The contract's option names (snake_case), in spec order: the rebalancing scheme, shared with LEV.SIMULATE. */
export const SCHEME_OPTION_NAMES = [
  "rebalance",
  "band_low",
  "band_high",
  "rebalance_to",
  "fee_per_period",
  "funding_per_period",
  "cost_rate",
  "start_nav",
] as const;
export type SchemeOptionName = (typeof SCHEME_OPTION_NAMES)[number];

/** snake_case option name → camelCase key of PathOptions. */
export const SCHEME_OPTION_KEYS: Readonly<
  Record<SchemeOptionName, Exclude<keyof PathOptions, "status">>
> = {
  rebalance: "rebalance",
  band_low: "bandLow",
  band_high: "bandHigh",
  rebalance_to: "rebalanceTo",
  fee_per_period: "feePerPeriod",
  funding_per_period: "fundingPerPeriod",
  cost_rate: "costRate",
  start_nav: "startNav",
};

/** LEV.PATH's options: the contract's, plus `status` (add the status text column), `step` and `rows`. */
export const PATH_OPTION_NAMES = [...SCHEME_OPTION_NAMES, "status", ...ROW_OPTION_NAMES] as const;
export type PathOptionName = (typeof PATH_OPTION_NAMES)[number];
export const PATH_OPTION_KEYS: Readonly<Record<PathOptionName, keyof PathOptions>> = {
  ...SCHEME_OPTION_KEYS,
  status: "status",
  step: "step",
  rows: "rows",
};

/** The contract's columns of LEV.PATH. */
export const PATH_COLUMNS = [
  "price",
  "nav",
  "leverage_before",
  "trade",
  "trade_fraction",
  "cost",
  "cumulative_cost",
] as const;
/** The column added by the option `status` TRUE. */
export const PATH_STATUS_COLUMN = "status";

/** LEV.PATH's column names for the `status` option. */
export function pathColumns(status: boolean | undefined): string[] {
  return status === true ? [...PATH_COLUMNS, PATH_STATUS_COLUMN] : [...PATH_COLUMNS];
}

export interface LeveragedPathInput {
  prices: Series;
  leverage: number;
  options?: PathOptions;
}

function readFunding(f: number | Series | undefined | null, n: number): number | Float64Array {
  if (f === undefined || f === null) return 0;
  if (typeof f === "number") return requireHalfOpen("funding_per_period", f, -1, 1);
  if (typeof (f as ArrayLike<number>).length !== "number") {
    throw valueError(
      "funding_per_period",
      "funding_per_period must be a number or a series aligned with prices"
    );
  }
  if (f.length !== n) {
    throw valueError(
      "funding_per_period",
      `funding_per_period must have one value per price (${n}), got ${f.length}`
    );
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = f[i];
    if (typeof x !== "number" || !(x >= -1 && x < 1)) {
      throw numError(
        "funding_per_period",
        `funding_per_period values must be ≥ -1 and < 1 (value ${i + 1} is ${String(x)})`
      );
    }
    out[i] = x;
  }
  return out;
}

/** The path as typed columns (one entry per price), for callers that chart or post-process it without
 * building a Table (task pane, benchmark). Same values as LEV.PATH's columns. */
export interface PathColumns {
  nav: Float64Array;
  leverageBefore: Float64Array;
  trade: Float64Array;
  tradeFraction: Float64Array;
  cost: Float64Array;
  cumulativeCost: Float64Array;
  /** Index into PATH_STATUS: 0 start, 1 ok, 2 rebalanced, 3 wiped out. */
  status: Uint8Array;
}

/** Status texts of the `status` column, indexed by PathColumns.status. */
export const PATH_STATUS: readonly string[] = STATUS_TEXT;

/** Runs the LEV.PATH recursion (see the module header) and returns typed columns. */
export function runPath(input: LeveragedPathInput): PathColumns {
  const { prices } = input;
  const L = requireLeverage(input.leverage);
  requirePrices(prices);
  const o: PathOptions = input.options ?? {};
  rejectUnknownKeys(o, PATH_OPTION_KEYS);
  const scheme = readScheme(L, o);
  const n = prices.length;
  const funding = readFunding(o.fundingPerPeriod, n);
  const startNav = requirePositive("start_nav", optNumber("start_nav", o.startNav, 1));
  if (o.status != null && typeof o.status !== "boolean")
    throw valueError("status", `status must be TRUE or FALSE (got ${String(o.status)})`);
  readRowOptions(o.step, o.rows); // validated before the work; applied by `pathRows`

  const nav = new Float64Array(n);
  const lev = new Float64Array(n);
  const trade = new Float64Array(n);
  const frac = new Float64Array(n);
  const cost = new Float64Array(n);
  const cum = new Float64Array(n);
  const status = new Uint8Array(n);
  nav[0] = startNav;
  lev[0] = L;
  status[0] = ST_START;

  const st = new Float64Array(6);
  st[0] = startNav;
  st[1] = L * startNav;
  const fundingIsSeries = typeof funding !== "number";
  let total = 0;
  for (let t = 1; t < n; t++) {
    const F = fundingIsSeries ? (funding as Float64Array)[t] : (funding as number);
    const code = step(scheme, st, prices[t] / prices[t - 1], F);
    if (code === ST_OVERFLOW) {
      throw numError(
        "prices",
        `the NAV leaves the number range at value ${t + 1} of prices: leverage and price moves are too extreme`
      );
    }
    status[t] = code;
    nav[t] = st[0];
    cum[t] = total;
    if (code === ST_WIPED) continue; // leverage, trade, fraction, cost stay 0
    lev[t] = st[2];
    trade[t] = st[3] + 0; // + 0 turns −0 into 0 so no cell shows "-0"
    frac[t] = st[3] / st[5] + 0;
    cost[t] = st[4];
    total += st[4];
    cum[t] = total;
  }
  return {
    nav,
    leverageBefore: lev,
    trade,
    tradeFraction: frac,
    cost,
    cumulativeCost: cum,
    status,
  };
}

/** A cell from a typed column: −0 as 0 (and, in a row with text, exact zeros as the small-integer 0: no heap number for the many 0 cells). */
function cell(x: number): number {
  return x === 0 ? 0 : x;
}

/**
 * Writes LEV.PATH's rows (one per price; columns pathColumns(withStatus)) from the typed columns into `out`,
 * starting at index `offset`. `out` is preallocated with its final length by the caller: the Table below
 * (offset 0) or the Excel spill with its header row at index 0 (functions/registry.ts, offset 1), so the rows
 * are built once and never copied. Each row is one array literal of its final length; without the status
 * text a row holds only numbers, which V8 stores unboxed in one block (no object per cell).
 */
export function writePathRows(
  out: (number | string)[][],
  offset: number,
  prices: Series,
  c: PathColumns,
  withStatus = false
): void {
  const { nav, leverageBefore, trade, tradeFraction, cost, cumulativeCost, status } = c;
  const n = nav.length;
  if (withStatus) {
    for (let t = 0; t < n; t++) {
      out[offset + t] = [
        prices[t],
        nav[t],
        cell(leverageBefore[t]),
        cell(trade[t]),
        cell(tradeFraction[t]),
        cell(cost[t]),
        cell(cumulativeCost[t]),
        STATUS_TEXT[status[t]],
      ];
    }
    return;
  }
  for (let t = 0; t < n; t++) {
    out[offset + t] = [
      prices[t],
      nav[t],
      cell(leverageBefore[t]),
      cell(trade[t]),
      cell(tradeFraction[t]),
      cell(cost[t]),
      cell(cumulativeCost[t]),
    ];
  }
}

/**
 * LEV.PATH's rows after the options `step` and `rows` (ROW_OPTION_NAMES): the prices and typed columns of
 * the kept rows only (the whole path is computed; only the output is sampled).
 */
export function pathRows(input: LeveragedPathInput): { prices: Series; columns: PathColumns } {
  const c = runPath(input);
  const [step, last] = readRowOptions(input.options?.step, input.options?.rows);
  const idx = keptRows(c.nav.length, step, last);
  if (idx === undefined) return { prices: input.prices, columns: c };
  const prices = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) prices[i] = input.prices[idx[i]];
  return {
    prices,
    columns: {
      nav: pick(c.nav, idx),
      leverageBefore: pick(c.leverageBefore, idx),
      trade: pick(c.trade, idx),
      tradeFraction: pick(c.tradeFraction, idx),
      cost: pick(c.cost, idx),
      cumulativeCost: pick(c.cumulativeCost, idx),
      status: pick(c.status, idx),
    },
  };
}

/** LEV.PATH: see the module header for the recursion and the output columns. */
export function leveragedPath(input: LeveragedPathInput): Table {
  const { prices, columns: c } = pathRows(input);
  const withStatus = input.options?.status === true;
  const rows: (number | string)[][] = new Array(c.nav.length);
  writePathRows(rows, 0, prices, c, withStatus);
  return { columns: pathColumns(withStatus), rows };
}
