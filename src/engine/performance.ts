/**
 * Leverage-adjusted performance of a price, NAV or return series: LEV.VOL, LEV.SHARPE, LEV.SORTINO,
 * LEV.MAXDD, LEV.CALMAR, LEV.PERF, and of one position: LEV.ROE, LEV.LEVADJ.
 *
 * Source: docs/references/performance.md (§ numbers below; worked examples `perf#…` in its §12).
 *
 *   log return      ℓ_t = ln(P_t/P_{t−1}) = log1p((P_t − P_{t−1})/P_{t−1})                      (§2.1)
 *   simple return   r_t = (V_t − V_{t−1})/V_{t−1}                                                 (§2.1)
 *   mean, sample sd m = Σx/n,  s = √(Σ(x − m)²/(n − 1))   (two passes, compensated sums: §2.2)
 *   LEV.VOL         s(ℓ)·√P, P = periods_per_year                                                 (§3)
 *   LEV.SHARPE      (m(r) − r_f)/s(r)·√P                                                          (§4)
 *   LEV.SORTINO     (m(r) − T)/TDD·√P,  TDD = √(Σ min(r_t − T, 0)²/N) over all N returns          (§5)
 *   LEV.MAXDD       max_t (M_t − V_t)/M_t,  M_t = max_{s≤t} V_s                                   (§6)
 *   LEV.CALMAR      CAGR/MDD,  CAGR = (V_n/V_0)^(P/n) − 1 over n periods                          (§6)
 *   LEV.PERF        the rows above on one series, r_f = T = risk_free_rate/P                      (§7)
 *   LEV.ROE         L·r − L·c − (L − 1)·b                                                         (§1)
 *   LEV.LEVADJ      R / L̄,  L̄ = Σ|L_i|·Δt_i / ΣΔt_i                                               (§8)
 *
 * Precision: float64. Series of up to 1,000,000 values are summed with Neumaier's compensated sum and
 * the sample variance uses the corrected two-pass formula (Σd² − (Σd)²/n)/(n − 1), d = x − m̂, whose
 * error does not grow with the level of the values (a series and a shifted copy give the same standard
 * deviation to ~1e-15 relative). Squares are scaled by a power of two when the deviations are huge or
 * tiny, so no intermediate overflows or underflows while the answer is representable.
 */
import { naError, numError, requireFinite, requireNonNegative, valueError } from "./errors";
import type { Series, Table } from "./types";

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

export interface VolInput {
  prices: Series;
  periodsPerYear?: number;
}

export interface SharpeInput {
  returns: Series;
  rfPerPeriod?: number;
  periodsPerYear?: number;
}

export interface SortinoInput {
  returns: Series;
  targetPerPeriod?: number;
  periodsPerYear?: number;
}

export interface MaxDrawdownInput {
  values: Series;
}

export interface CalmarInput {
  values: Series;
  periodsPerYear: number;
}

export interface PerfInput {
  values: Series;
  periodsPerYear?: number;
  riskFreeRate?: number;
}

export interface RoeInput {
  priceReturn: number;
  leverage: number;
  costOnNotional?: number;
  financingOnDebt?: number;
}

export interface LevAdjInput {
  totalReturn: number;
  leverages: Series;
  durations?: Series;
}

/** LEV.VOL's default periods per year (daily crypto prices). */
export const VOL_PERIODS_PER_YEAR = 365;
/** LEV.PERF's default periods per year. */
export const PERF_PERIODS_PER_YEAR = 365;

/** LEV.PERF's columns and the statistics of its rows, in order. */
export const PERF_COLUMNS = ["statistic", "value"] as const;
export const PERF_STATISTICS = [
  "periods",
  "total_return",
  "cagr",
  "volatility",
  "sharpe",
  "sortino",
  "max_drawdown",
  "calmar",
] as const;

// ---------------------------------------------------------------------------------------------
// Numerics (docs/references/performance.md §2.2)
// ---------------------------------------------------------------------------------------------

/** Neumaier's compensated sum of x[from … to−1]. */
export function compensatedSum(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  let c = 0;
  for (let i = from; i < to; i++) {
    const v = x[i];
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

/** A power of two p with p·maxAbs in [2⁻⁵⁰⁰, 2⁵⁰⁰] when maxAbs is outside it (1 otherwise): squares stay finite. */
function squareScale(maxAbs: number): number {
  if (!(maxAbs > 0) || (maxAbs <= 2 ** 500 && maxAbs >= 2 ** -500)) return 1;
  const k = Math.max(-1000, Math.min(1000, -Math.round(Math.log2(maxAbs))));
  return 2 ** k;
}

/** Mean and sample standard deviation (n − 1) of a series, as the corrected two-pass algorithm gives them. */
export interface Moments {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); exactly 0 when every value is equal; NaN when n < 2. */
  sd: number;
}

/**
 * Mean and sample standard deviation of x (any order, not modified): pass 1 a compensated mean m̂, pass 2
 * the compensated sums of d = x − m̂ and d², var = (Σd² − (Σd)²/n)/(n − 1) (Chan, Golub & LeVeque 1983).
 */
export function moments(x: ArrayLike<number>): Moments {
  const n = x.length;
  if (n === 0) return { n, mean: NaN, sd: NaN };
  let lo = x[0];
  let hi = x[0];
  for (let i = 1; i < n; i++) {
    const v = x[i];
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  const mean = lo === hi ? lo : compensatedSum(x) / n;
  if (n < 2) return { n, mean, sd: NaN };
  if (lo === hi) return { n, mean, sd: 0 };
  const scale = squareScale(Math.max(hi - mean, mean - lo));
  let s1 = 0; // Σd (compensated)
  let c1 = 0;
  let s2 = 0; // Σ(d·scale)² (compensated)
  let c2 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    let t = s1 + d;
    c1 += Math.abs(s1) >= Math.abs(d) ? s1 - t + d : d - t + s1;
    s1 = t;
    const ds = d * scale;
    const q = ds * ds;
    t = s2 + q;
    c2 += s2 >= q ? s2 - t + q : q - t + s2;
    s2 = t;
  }
  const sumD = (s1 + c1) * scale;
  const ss = s2 + c2 - (sumD * sumD) / n;
  return { n, mean, sd: Math.sqrt(Math.max(0, ss) / (n - 1)) / scale };
}

/** √(Σ min(x_i − T, 0)²/N): the target downside deviation over all N values (Sortino & Price). */
export function downsideDeviation(x: ArrayLike<number>, target: number): number {
  const n = x.length;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - target;
    if (d < worst) worst = d;
  }
  if (worst === 0) return 0;
  const scale = squareScale(-worst);
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - target;
    if (!(d < 0)) continue;
    const ds = d * scale;
    const q = ds * ds;
    const t = s + q;
    c += s >= q ? s - t + q : q - t + s;
    s = t;
  }
  return Math.sqrt((s + c) / n) / scale;
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

function periodsOf(x: number | undefined, dflt: number): number {
  const p = x ?? dflt;
  requireFinite("periods_per_year", p);
  if (!(p > 0)) {
    throw numError(
      "periods_per_year",
      `periods_per_year must be > 0 (got ${p}): 365 for daily, 52 weekly, 12 monthly, 1 yearly`
    );
  }
  return p;
}

function requireCount(arg: string, x: Series, min: number, what: string): void {
  if (x.length < min) {
    throw naError(arg, `${arg} has ${x.length} value${x.length === 1 ? "" : "s"}: ${what}`);
  }
}

function requireFiniteSeries(arg: string, x: Series): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]))
      throw numError(arg, `${arg} must contain finite numbers (position ${i + 1})`);
  }
}

/** Prices: every value > 0. */
function requirePositiveSeries(arg: string, x: Series): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(v > 0) || v === Infinity)
      throw numError(arg, `${arg} must be > 0 (position ${i + 1} is ${v})`);
  }
}

/**
 * NAVs: every value > 0, except that a NAV which reached 0 may stay at 0 to the end (a wiped-out product,
 * as LEV.PATH shows it) when `zeroTail` allows it.
 */
function requireNavSeries(arg: string, x: Series, zeroTail: "tail" | "last"): void {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v > 0 && v !== Infinity) continue;
    if (v === 0 && i > 0) {
      if (zeroTail === "last" && i === n - 1) return;
      if (zeroTail === "tail") {
        let j = i + 1;
        while (j < n && x[j] === 0) j++;
        if (j === n) return;
        throw numError(
          arg,
          `${arg} must be > 0: position ${i + 1} is 0 and a later value (position ${j + 1}) is not (a NAV that reached 0 cannot recover)`
        );
      }
      throw numError(
        arg,
        `${arg} must be > 0 (position ${i + 1} is 0; only the last value may be 0, a wiped-out NAV)`
      );
    }
    throw numError(arg, `${arg} must be > 0 (position ${i + 1} is ${v})`);
  }
}

function finiteOr(arg: string, x: number, what: string): number {
  if (!Number.isFinite(x)) throw naError(arg, `${what} is outside the number range: check ${arg}`);
  return x;
}

/**
 * The largest dispersion that is only rounding: returns computed from prices carry errors of about
 * ε·(1 + |r|) each, so a standard or downside deviation at or below 8ε·(1 + max|r|) is treated as 0 (§2.2).
 */
export function roundingNoise(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > m) m = a;
  }
  return 8 * Number.EPSILON * (1 + m);
}

// ---------------------------------------------------------------------------------------------
// Series statistics on arrays (shared by the scalar functions and LEV.PERF)
// ---------------------------------------------------------------------------------------------

/** Simple returns r_t = (V_t − V_{t−1})/V_{t−1}, t = 1 … n−1 (§2.1). */
export function simpleReturns(values: Series): Float64Array {
  const n = values.length;
  const r = new Float64Array(Math.max(0, n - 1));
  for (let t = 1; t < n; t++) r[t - 1] = (values[t] - values[t - 1]) / values[t - 1];
  return r;
}

/** Log returns ℓ_t = log1p((P_t − P_{t−1})/P_{t−1}) (§2.1). */
export function logReturns(prices: Series): Float64Array {
  const n = prices.length;
  const r = new Float64Array(Math.max(0, n - 1));
  for (let t = 1; t < n; t++) r[t - 1] = Math.log1p((prices[t] - prices[t - 1]) / prices[t - 1]);
  return r;
}

/** The sample standard deviation of x (moments m), 0 when it is only rounding noise (§2.2). */
function dispersion(m: Moments, x: ArrayLike<number>): number {
  return m.sd > roundingNoise(x) ? m.sd : 0;
}

/** The target downside deviation of x, 0 when it is only rounding noise (§2.2, §5). */
function downside(x: ArrayLike<number>, target: number): number {
  const tdd = downsideDeviation(x, target);
  return tdd > roundingNoise(x) ? tdd : 0;
}

/** Sharpe ratio from the mean and the standard deviation sd > 0: (mean − rf)/sd·√P. */
function sharpeOf(mean: number, sd: number, rf: number, P: number): number {
  return ((mean - rf) / sd) * Math.sqrt(P);
}

/** Sortino ratio from the mean and the target downside deviation: (mean − T)/TDD·√P (TDD > 0). */
function sortinoOf(mean: number, tdd: number, T: number, P: number): number {
  return ((mean - T) / tdd) * Math.sqrt(P);
}

/** Largest peak-to-trough loss max_t (M_t − V_t)/M_t (§6). */
function maxDrawdownOf(v: Series): number {
  let peak = v[0];
  let mdd = 0;
  for (let t = 1; t < v.length; t++) {
    const x = v[t];
    if (x > peak) peak = x;
    else {
      const dd = (peak - x) / peak;
      if (dd > mdd) mdd = dd;
    }
  }
  return mdd;
}

/** CAGR = (V_n/V_0)^(P/n) − 1 = expm1((P/n)·ln(V_n/V_0)); −1 when V_n = 0 (§6). */
function cagrOf(v: Series, P: number): number {
  const n = v.length - 1;
  const first = v[0];
  const last = v[n];
  if (last === 0) return -1;
  const q = last / first;
  // ln(V_n/V_0) from the ratio (accurate when the values are close); from the logs if the ratio over/underflows
  const lnq = q > 1e-300 && q < 1e300 ? Math.log(q) : Math.log(last) - Math.log(first);
  return Math.expm1((P / n) * lnq);
}

// ---------------------------------------------------------------------------------------------
// LEV functions
// ---------------------------------------------------------------------------------------------

/** LEV.VOL: annualised realised volatility, sample sd (n − 1) of log returns × √periods_per_year (§3). */
export function vol(input: VolInput): number {
  const { prices } = input;
  const P = periodsOf(input.periodsPerYear, VOL_PERIODS_PER_YEAR);
  requireCount("prices", prices, 3, "a volatility needs at least 3 prices (2 returns)");
  requirePositiveSeries("prices", prices);
  const r = logReturns(prices);
  return finiteOr("prices", dispersion(moments(r), r) * Math.sqrt(P), "the volatility");
}

/** LEV.SHARPE: (mean − rf)/sample sd × √periods_per_year (§4). */
export function sharpe(input: SharpeInput): number {
  const { returns } = input;
  const rf = requireFinite("rf_per_period", input.rfPerPeriod ?? 0);
  const P = periodsOf(input.periodsPerYear, 1);
  requireCount("returns", returns, 2, "a Sharpe ratio needs at least 2 returns");
  requireFiniteSeries("returns", returns);
  const m = moments(returns);
  const sd = dispersion(m, returns);
  if (sd === 0)
    throw naError(
      "returns",
      "returns are all equal (to rounding): the standard deviation is 0 (no Sharpe ratio)"
    );
  return finiteOr("returns", sharpeOf(m.mean, sd, rf, P), "the Sharpe ratio");
}

/** LEV.SORTINO: (mean − T)/target downside deviation (over all N) × √periods_per_year (§5). */
export function sortino(input: SortinoInput): number {
  const { returns } = input;
  const T = requireFinite("target_per_period", input.targetPerPeriod ?? 0);
  const P = periodsOf(input.periodsPerYear, 1);
  requireCount("returns", returns, 1, "a Sortino ratio needs at least 1 return");
  requireFiniteSeries("returns", returns);
  const tdd = downside(returns, T);
  if (tdd === 0) {
    throw naError(
      "target_per_period",
      `no return is below target_per_period (${T}) beyond rounding: the downside deviation is 0 (no Sortino ratio)`
    );
  }
  return finiteOr("returns", sortinoOf(moments(returns).mean, tdd, T, P), "the Sortino ratio");
}

/** LEV.MAXDD: largest peak-to-trough loss of prices or NAVs (§6). A NAV may end in a run of zeros (→ 1). */
export function maxDrawdown(input: MaxDrawdownInput): number {
  const { values } = input;
  requireCount("values", values, 1, "give at least 1 value");
  requireNavSeries("values", values, "tail");
  return maxDrawdownOf(values);
}

/** LEV.CALMAR: CAGR / max drawdown (§6); #N/A with no drawdown. */
export function calmar(input: CalmarInput): number {
  const { values } = input;
  const P = requireFinite("periods_per_year", input.periodsPerYear);
  if (!(P > 0))
    throw numError(
      "periods_per_year",
      `periods_per_year must be > 0 (got ${P}): 365 for daily, 12 monthly, 1 yearly`
    );
  requireCount("values", values, 2, "a Calmar ratio needs at least 2 values (1 period)");
  requireNavSeries("values", values, "tail");
  const mdd = maxDrawdownOf(values);
  if (mdd === 0)
    throw naError(
      "values",
      "values never fall below an earlier peak: no drawdown (no Calmar ratio)"
    );
  const cagr = cagrOf(values, P);
  if (!Number.isFinite(cagr))
    throw naError(
      "periods_per_year",
      "the annualised growth (CAGR) is outside the number range: check periods_per_year and values"
    );
  return finiteOr("values", cagr / mdd, "the Calmar ratio");
}

/**
 * LEV.PERF: the statistics of one price or NAV series as a 2-column table (§7): periods, total_return, cagr,
 * volatility (of simple returns), sharpe, sortino, max_drawdown, calmar — each by the same definition (and
 * the same code) as its scalar function, with rf = T = risk_free_rate/periods_per_year. A statistic with no
 * finite value is the text "n/a: <reason>" (the scalar function answers #N/A there).
 */
export function perf(input: PerfInput): Table {
  const { values } = input;
  const P = periodsOf(input.periodsPerYear, PERF_PERIODS_PER_YEAR);
  const rate = requireFinite("risk_free_rate", input.riskFreeRate ?? 0);
  requireCount("values", values, 3, "LEV.PERF needs at least 3 values (2 returns)");
  requireNavSeries("values", values, "last");
  const rf = rate / P;
  const r = simpleReturns(values);
  const m = moments(r);
  const n = r.length;
  const mdd = maxDrawdownOf(values);
  const cagr = cagrOf(values, P);
  const total = (values[n] - values[0]) / values[0];
  const cell = (x: number, why: string): number | string =>
    Number.isFinite(x) ? x : `n/a: ${why}`;
  const tooLarge = "outside the number range";
  const sd = dispersion(m, r);
  const sharpeValue = sd === 0 ? NaN : sharpeOf(m.mean, sd, rf, P);
  const tdd = downside(r, rf);
  const sortinoValue = tdd === 0 ? NaN : sortinoOf(m.mean, tdd, rf, P);
  return {
    columns: [...PERF_COLUMNS],
    rows: [
      ["periods", n],
      ["total_return", cell(total, tooLarge)],
      ["cagr", cell(cagr, tooLarge)],
      ["volatility", cell(sd * Math.sqrt(P), tooLarge)],
      ["sharpe", cell(sharpeValue, sd === 0 ? "returns all equal (volatility 0)" : tooLarge)],
      ["sortino", cell(sortinoValue, tdd === 0 ? "no return below the risk-free rate" : tooLarge)],
      ["max_drawdown", mdd],
      ["calmar", cell(cagr / mdd, mdd === 0 ? "no drawdown" : tooLarge)],
    ],
  };
}

/** LEV.ROE: return on margin L·r − L·c − (L − 1)·b of a position at leverage L (§1). */
export function roe(input: RoeInput): number {
  const r = requireFinite("price_return", input.priceReturn);
  if (!(r >= -1)) throw numError("price_return", `price_return must be ≥ -1 (−100%) (got ${r})`);
  const L = requireFinite("leverage", input.leverage);
  if (!(L > 0)) {
    throw numError(
      "leverage",
      `leverage must be > 0 (got ${L}): LEV.ROE is the return on margin of a position bought with margin (a long)`
    );
  }
  const c = requireNonNegative("cost_on_notional", input.costOnNotional ?? 0);
  const b = requireFinite("financing_on_debt", input.financingOnDebt ?? 0);
  return finiteOr("leverage", L * r - L * c - (L - 1) * b, "the return on margin");
}

/** LEV.LEVADJ: total return ÷ time-weighted average |leverage| (§8). */
export function levAdj(input: LevAdjInput): number {
  const R = requireFinite("total_return", input.totalReturn);
  const { leverages, durations } = input;
  requireCount("leverages", leverages, 1, "give at least 1 leverage");
  requireFiniteSeries("leverages", leverages);
  const n = leverages.length;
  const abs = new Float64Array(n);
  for (let i = 0; i < n; i++) abs[i] = Math.abs(leverages[i]);
  let avg: number;
  if (durations === undefined) {
    avg = compensatedSum(abs) / n;
  } else {
    if (durations.length !== n) {
      throw valueError(
        "durations",
        `durations has ${durations.length} values but leverages has ${n}: give one duration per leverage`
      );
    }
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const d = durations[i];
      if (!(d >= 0) || d === Infinity)
        throw numError("durations", `durations must be ≥ 0 (position ${i + 1} is ${d})`);
      w[i] = abs[i] * d;
    }
    const total = compensatedSum(durations);
    if (!(total > 0))
      throw numError("durations", "durations must not all be 0 (their sum is the holding time)");
    avg = compensatedSum(w) / total;
  }
  if (!Number.isFinite(avg))
    throw naError("leverages", "the average |leverage| of leverages is outside the number range");
  if (avg === 0)
    throw naError(
      "leverages",
      "leverages average 0 in absolute value: no exposure, so no leverage-adjusted return"
    );
  return finiteOr("leverages", R / avg, "the leverage-adjusted return");
}
