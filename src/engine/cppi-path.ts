/**
 * LEV.CPPI.PATH: per-period backtest of a CPPI strategy over a return (or price) series.
 *
 * Source: docs/references/cppi.md §7 (generic step order, the EDHEC order), §5.1 (EDHEC risk kit
 * `run_cppi`, which `max_leverage` = 1 with the default options reproduces), §5.2 (NMOF `CPPI()`:
 * a bond floor is obtained with `floor_fraction` = G·e^{−rT}/start_value and
 * `floor_rate_per_period` = `safe_rate_per_period` = e^{rΔt} − 1), §1.2 (floor variants),
 * §1.3 (clamps), §4 (borrow rate on negative cash).
 *
 * A return series whose every value is above 1 is taken for prices given without `input` "prices" and is
 * LevError "VALUE" saying so (checkNotPrices). Options `step` and `rows` sample the output rows as LEV.PATH's
 * do (path.ts keptRows), so that a long series fits Excel's result payload.
 *
 * Step order for period k (k = 1..n; V is the value at the start of the period):
 *   1. floor update:  F ← F·(1 + floor_rate_per_period) (not in period 1); with `drawdown` d:
 *                     peak ← max(peak, V), F ← max(F, (1 − d)·peak)   (EDHEC: peak includes V)
 *   2. cushion:       C = V − F   (signed; negative below the floor)
 *   3. exposure:      on a rebalancing period (k − 1 divisible by `rebalance_every`):
 *                     E = clip(m·max(C, 0), 0, max_leverage·V); otherwise E = the drifted
 *                     risky holding. If V ≤ 0 the account is wiped out: E = 0.
 *   4. cash:          B = V − E   (negative = borrowing)
 *   5. returns:       V' = E·(1 + R_k) + B·(1 + (B ≥ 0 ? safe_rate : borrow_rate))
 *   6. costs:         V' −= cost_rate·|E − drifted risky holding| (paid from cash at period end;
 *                     the first period buys E from all-cash, so it pays cost_rate·E)
 *
 * Output columns (one row per period, in this order) — CPPI_PATH_COLUMNS:
 *   period        k (1-based)
 *   risky_return  R_k (for input "prices": P_k/P_{k−1} − 1)
 *   floor         F at the start of period k (after step 1)
 *   cushion       C = V − F at the start of period k (money, signed; EDHEC's "Risk Budget" is C/V)
 *   exposure      E held during period k (after rebalancing)
 *   leverage      E/V at the start of period k (EDHEC's "Risky Allocation" w; 0 when V ≤ 0)
 *   cash          B = V − E at the start of period k
 *   cost          transaction cost paid in period k
 *   value         V at the end of period k (after returns and costs; EDHEC's "Wealth")
 *   risky_value   start_value·Π(1 + R) — buy-and-hold of the risky asset (EDHEC's "Risky Wealth")
 * The value at the start of period k equals exposure + cash.
 *
 * Precision: float64 throughout. This is a long path (up to ~10⁵ periods) of compounded products,
 * where decimal arithmetic would cost orders of magnitude more time for no meaningful gain (each
 * step rounds at 1e-16 relative; the compounded error stays far below the displayed digits).
 * One pass into preallocated Float64Array columns (`runCppiPath`); `cppiPath` then builds the
 * Table rows the contract requires (that row allocation dominates the time of long paths).
 */
import { naError, numError, valueError } from "./errors";
import { keptRows, pick, readRowOptions } from "./path";
import type { Series, Table } from "./types";

export interface CppiPathOptions {
  /** Initial portfolio value (> 0, default 1000). */
  startValue?: number;
  /** Return on positive cash per period (> −1, default 0). */
  safeRatePerPeriod?: number;
  /** Rate paid on negative cash (borrowing) per period (> −1, default = safe rate). */
  borrowRatePerPeriod?: number;
  /** Floor growth per period (> −1, default 0: fixed floor as the EDHEC kit). */
  floorRatePerPeriod?: number;
  /** Drawdown floor d in [0, 1]: F = (1 − d)·running peak of V, replacing floor_fraction (EDHEC). */
  drawdown?: number;
  /** Cap b on exposure as a multiple of V (> 0, default 1: no borrowing, as EDHEC). Use b ≥ m for an uncapped CPPI. */
  maxLeverage?: number;
  /** Rebalance every k periods (integer ≥ 1, default 1). */
  rebalanceEvery?: number;
  /** Proportional cost on traded exposure, in [0, 1) (default 0). */
  costRate?: number;
  /** "returns" (default): the series holds per-period simple returns; "prices": a price series. */
  input?: string;
  /** Show every step-th period (periods 1, 1 + step, … and always the last); default 1 (path.ts keptRows). */
  step?: number;
  /** "all" periods (default) or only the "last" one (path.ts keptRows). */
  rows?: string;
}

/** Option names as written in the formula contract (snake_case), in the order of the spec. */
export const CPPI_PATH_OPTION_NAMES = [
  "start_value",
  "safe_rate_per_period",
  "borrow_rate_per_period",
  "floor_rate_per_period",
  "drawdown",
  "max_leverage",
  "rebalance_every",
  "cost_rate",
  "input",
  "step",
  "rows",
] as const;

export type CppiPathOptionName = (typeof CPPI_PATH_OPTION_NAMES)[number];

/** snake_case contract name → camelCase key of `CppiPathOptions`. */
export const CPPI_PATH_OPTION_KEYS: Readonly<Record<CppiPathOptionName, keyof CppiPathOptions>> = {
  start_value: "startValue",
  safe_rate_per_period: "safeRatePerPeriod",
  borrow_rate_per_period: "borrowRatePerPeriod",
  floor_rate_per_period: "floorRatePerPeriod",
  drawdown: "drawdown",
  max_leverage: "maxLeverage",
  rebalance_every: "rebalanceEvery",
  cost_rate: "costRate",
  input: "input",
  step: "step",
  rows: "rows",
};

/** Column names of the `cppiPath` table, in order. */
export const CPPI_PATH_COLUMNS = [
  "period",
  "risky_return",
  "floor",
  "cushion",
  "exposure",
  "leverage",
  "cash",
  "cost",
  "value",
  "risky_value",
] as const;

export interface CppiPathInput {
  /** Per-period simple returns (or prices with options.input = "prices"). */
  returns: Series;
  /** m (≥ 0). */
  multiplier: number;
  /** Initial floor as a fraction of start_value (≥ 0); ignored when `drawdown` is set. */
  floorFraction: number;
  options?: CppiPathOptions;
}

interface ResolvedOptions {
  startValue: number;
  safeRate: number;
  borrowRate: number;
  floorRate: number;
  drawdown: number | undefined;
  maxLeverage: number;
  rebalanceEvery: number;
  costRate: number;
  prices: boolean;
  step: number;
  last: boolean;
}

const CAMEL_KEYS = new Set<string>(Object.values(CPPI_PATH_OPTION_KEYS));

function optNumber(name: CppiPathOptionName, x: unknown): number | undefined {
  if (x === undefined) return undefined;
  if (typeof x !== "number") throw valueError(name, `${name} must be a number (got ${typeof x})`);
  if (!Number.isFinite(x))
    throw numError(name, `${name} must be a finite number (got ${String(x)})`);
  return x;
}

function rateAboveMinusOne(name: CppiPathOptionName, x: number | undefined, dflt: number): number {
  if (x === undefined) return dflt;
  if (!(x > -1)) throw numError(name, `${name} must be > −1 (got ${x})`);
  return x;
}

function resolveOptions(options: CppiPathOptions | undefined): ResolvedOptions {
  const o: CppiPathOptions = options ?? {};
  if (typeof o !== "object" || o === null)
    throw valueError("options", "options must be an object of name/value pairs");
  for (const key of Object.keys(o)) {
    if (!CAMEL_KEYS.has(key) && (o as Record<string, unknown>)[key] !== undefined) {
      throw valueError(
        "options",
        `unknown option "${key}"; accepted: ${CPPI_PATH_OPTION_NAMES.join(", ")}`
      );
    }
  }

  const startValue = optNumber("start_value", o.startValue) ?? 1000;
  if (!(startValue > 0))
    throw numError("start_value", `start_value must be > 0 (got ${startValue})`);

  const safeRate = rateAboveMinusOne(
    "safe_rate_per_period",
    optNumber("safe_rate_per_period", o.safeRatePerPeriod),
    0
  );
  const borrowRate = rateAboveMinusOne(
    "borrow_rate_per_period",
    optNumber("borrow_rate_per_period", o.borrowRatePerPeriod),
    safeRate
  );
  const floorRate = rateAboveMinusOne(
    "floor_rate_per_period",
    optNumber("floor_rate_per_period", o.floorRatePerPeriod),
    0
  );

  const drawdown = optNumber("drawdown", o.drawdown);
  if (drawdown !== undefined && !(drawdown >= 0 && drawdown <= 1)) {
    throw numError("drawdown", `drawdown must be between 0 and 1 (got ${drawdown})`);
  }

  const maxLeverage = optNumber("max_leverage", o.maxLeverage) ?? 1;
  if (!(maxLeverage > 0))
    throw numError("max_leverage", `max_leverage must be > 0 (got ${maxLeverage})`);

  const rebalanceEvery = optNumber("rebalance_every", o.rebalanceEvery) ?? 1;
  if (!(Number.isInteger(rebalanceEvery) && rebalanceEvery >= 1)) {
    throw numError(
      "rebalance_every",
      `rebalance_every must be a whole number ≥ 1 (got ${rebalanceEvery})`
    );
  }

  const costRate = optNumber("cost_rate", o.costRate) ?? 0;
  if (!(costRate >= 0 && costRate < 1))
    throw numError("cost_rate", `cost_rate must be ≥ 0 and < 1 (got ${costRate})`);

  let prices = false;
  if (o.input !== undefined) {
    const mode = typeof o.input === "string" ? o.input.trim().toLowerCase() : "";
    if (mode === "prices") prices = true;
    else if (mode !== "returns") {
      throw valueError(
        "input",
        `input must be "returns" or "prices" (got ${JSON.stringify(o.input)})`
      );
    }
  }

  const [step, last] = readRowOptions(o.step, o.rows);

  return {
    startValue,
    safeRate,
    borrowRate,
    floorRate,
    drawdown,
    maxLeverage,
    rebalanceEvery,
    costRate,
    prices,
    step,
    last,
  };
}

function seriesValue(series: Series, i: number): number {
  const x = series[i];
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw valueError(
      "returns",
      `returns must hold only numbers (item ${i + 1} is ${x === undefined ? "blank" : String(x)})`
    );
  }
  return x;
}

/**
 * A return series whose every value is above 1 (+100% or more in every period) is a price series given
 * without the option input "prices" (`=LEV.CPPI.PATH({100;110;105},3,0.8)` would otherwise compound
 * returns of +10,000%): LevError "VALUE" saying to add the option. Needs at least 2 values (one return
 * above 100% is possible).
 */
function checkNotPrices(series: Series): void {
  const n = series.length;
  if (n < 2) return;
  for (let i = 0; i < n; i++) {
    const x = series[i];
    if (!(typeof x === "number" && x > 1)) return;
  }
  const head = Array.from({ length: Math.min(n, 3) }, (_, i) => String(series[i])).join(", ");
  throw valueError(
    "returns",
    `returns holds ${n} values all above 1 (${head}${n > 3 ? ", …" : ""}): those are prices, not per-period returns (a return of 1 is +100%) — add the option "input","prices", e.g. {"input","prices"}`
  );
}

/** The path as one Float64Array per column (same names and order as CPPI_PATH_COLUMNS). */
export interface CppiPathColumns {
  period: Float64Array;
  risky_return: Float64Array;
  floor: Float64Array;
  cushion: Float64Array;
  exposure: Float64Array;
  leverage: Float64Array;
  cash: Float64Array;
  cost: Float64Array;
  value: Float64Array;
  risky_value: Float64Array;
}

/**
 * Writes the `cppiPath` rows (one per period; columns CPPI_PATH_COLUMNS) from the typed columns into
 * `out`, starting at index `offset`. `out` is preallocated by the caller: the Table below (offset 0) or
 * the Excel spill with its header row at index 0 (functions/registry.ts, offset 1): rows are built once.
 * Every cell is a number, so each row literal is an unboxed double array (no per-cell allocation).
 */
export function writeCppiPathRows(
  out: (number | string)[][],
  offset: number,
  cols: CppiPathColumns
): void {
  const {
    period,
    risky_return,
    floor,
    cushion,
    exposure,
    leverage,
    cash,
    cost,
    value,
    risky_value,
  } = cols;
  const n = period.length;
  for (let k = 0; k < n; k++) {
    out[offset + k] = [
      period[k],
      risky_return[k],
      floor[k],
      cushion[k],
      exposure[k],
      leverage[k],
      cash[k],
      cost[k],
      value[k],
      risky_value[k],
    ];
  }
}

/** Per-period CPPI backtest as a Table (one row per period); see the module comment. */
export function cppiPath(input: CppiPathInput): Table {
  const cols = runCppiPath(input);
  const rows: (number | string)[][] = new Array(cols.period.length);
  writeCppiPathRows(rows, 0, cols);
  return { columns: [...CPPI_PATH_COLUMNS], rows };
}

/**
 * Lower level: the same backtest written into typed columns, without building per-row arrays
 * (for the benchmark, charts and long paths). Validates exactly as `cppiPath`.
 */
export function runCppiPath(input: CppiPathInput): CppiPathColumns {
  const { returns } = input;
  const m = input.multiplier;
  if (typeof m !== "number" || !Number.isFinite(m) || !(m >= 0)) {
    throw numError("multiplier", `multiplier must be a finite number ≥ 0 (got ${String(m)})`);
  }
  const f = input.floorFraction;
  if (typeof f !== "number" || !Number.isFinite(f) || !(f >= 0)) {
    throw numError(
      "floor_fraction",
      `floor_fraction must be a finite number ≥ 0 (got ${String(f)})`
    );
  }
  const opt = resolveOptions(input.options);
  if (returns === null || typeof returns !== "object" || typeof returns.length !== "number") {
    throw valueError("returns", "returns must be a single row or column of numbers");
  }
  const n = opt.prices ? returns.length - 1 : returns.length;
  if (!opt.prices) checkNotPrices(returns);
  if (n < 1) {
    throw valueError(
      "returns",
      opt.prices
        ? 'returns must hold at least 2 prices (input "prices")'
        : "returns must hold at least 1 return"
    );
  }

  const {
    startValue,
    safeRate,
    borrowRate,
    floorRate,
    drawdown,
    maxLeverage: b,
    rebalanceEvery,
    costRate: c,
  } = opt;
  const safeGross = 1 + safeRate;
  const borrowGross = 1 + borrowRate;
  const floorGross = 1 + floorRate;
  const ddKeep = drawdown === undefined ? 0 : 1 - drawdown; // (1 − d)

  let V = startValue; // value at the start of the period
  let F = drawdown === undefined ? f * startValue : ddKeep * startValue; // floor
  let peak = startValue;
  let risky = 0; // drifted risky holding carried into the period (start: all cash)
  let riskyValue = startValue;
  let prevPrice = 0;
  if (opt.prices) {
    prevPrice = seriesValue(returns, 0);
    if (!(prevPrice > 0))
      throw numError(
        "returns",
        `returns holds prices (input "prices"): each must be > 0 (item 1 is ${prevPrice})`
      );
  }

  const cPeriod = new Float64Array(n);
  const cReturn = new Float64Array(n);
  const cFloor = new Float64Array(n);
  const cCushion = new Float64Array(n);
  const cExposure = new Float64Array(n);
  const cLeverage = new Float64Array(n);
  const cCash = new Float64Array(n);
  const cCost = new Float64Array(n);
  const cValue = new Float64Array(n);
  const cRiskyValue = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let R: number;
    if (opt.prices) {
      const p = seriesValue(returns, k + 1);
      if (!(p > 0))
        throw numError(
          "returns",
          `returns holds prices (input "prices"): each must be > 0 (item ${k + 2} is ${p})`
        );
      R = p / prevPrice - 1;
      prevPrice = p;
    } else {
      R = seriesValue(returns, k);
      if (!(R > -1)) throw numError("returns", `returns must be > −1 (item ${k + 1} is ${R})`);
    }

    // 1. floor update
    if (k > 0) F *= floorGross;
    if (drawdown !== undefined) {
      if (V > peak) peak = V;
      const ddFloor = ddKeep * peak;
      if (ddFloor > F) F = ddFloor;
    }
    if (!Number.isFinite(F))
      throw naError(
        "floor_rate_per_period",
        `no finite path: the floor overflows a number at period ${k + 1} (floor_rate_per_period too large for this many periods)`
      );
    // 2. cushion
    const C = V - F;
    // 3. exposure with clamps
    let E: number;
    if (!(V > 0)) {
      E = 0; // wiped out (only possible with borrowing or costs)
    } else if (k % rebalanceEvery === 0) {
      E = C > 0 ? m * C : 0;
      const cap = b * V;
      if (E > cap) E = cap;
    } else {
      E = risky;
    }
    // 4. cash
    const B = V - E;
    const leverage = V > 0 ? E / V : 0;
    const cost = c * Math.abs(E - risky);
    // 5. returns, 6. costs
    risky = E * (1 + R);
    const cashEnd = B * (B >= 0 ? safeGross : borrowGross) - cost;
    V = risky + cashEnd;
    riskyValue *= 1 + R;
    if (!Number.isFinite(V) || !Number.isFinite(riskyValue)) {
      throw naError(
        "returns",
        `no finite path: the value overflows a number at period ${k + 1} of returns`
      );
    }
    cPeriod[k] = k + 1;
    cReturn[k] = R;
    cFloor[k] = F;
    cCushion[k] = C;
    cExposure[k] = E;
    cLeverage[k] = leverage;
    cCash[k] = B;
    cCost[k] = cost;
    cValue[k] = V;
    cRiskyValue[k] = riskyValue;
  }
  const cols: CppiPathColumns = {
    period: cPeriod,
    risky_return: cReturn,
    floor: cFloor,
    cushion: cCushion,
    exposure: cExposure,
    leverage: cLeverage,
    cash: cCash,
    cost: cCost,
    value: cValue,
    risky_value: cRiskyValue,
  };
  // options step / rows: the output rows only (the path is computed in full)
  const idx = keptRows(n, opt.step, opt.last);
  if (idx === undefined) return cols;
  const out = {} as CppiPathColumns;
  for (const name of CPPI_PATH_COLUMNS) out[name] = pick(cols[name], idx);
  return out;
}
