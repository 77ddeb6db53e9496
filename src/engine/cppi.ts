/**
 * CPPI (constant proportion portfolio insurance): exposure rule, leverage, the closed form under
 * GBM with continuous rebalancing, and the gap risk of discrete rebalancing.
 *
 * Formulas and sources: docs/references/cppi.md
 *   §1.1/§1.3  exposure rule E = m·(V − F) clamped to [min_exposure, b·V]
 *              (Black & Jones 1987; Black & Perold 1992, "up to a borrowing limit")
 *   §2         closed form V_T = F·e^{rT} + (V − F)·(S_T/S_0)^m·e^{βT}, β = −(m−1)(r + m·σ²/2)
 *              (Bertrand & Prigent, "Portfolio insurance strategies: OBPI versus CPPI", SSRN 299688)
 *   §3.1       discrete-rebalancing gap risk (setup of Balder, Brandl & Mahayni 2009, JEDC 33(1)):
 *              breach iff S_{k+1}/S_k < K = (1 − 1/m)·e^{rΔt};
 *              p = Φ((ln K − (μ − σ²/2)Δt)/(σ√Δt)); P(breach by T) = 1 − (1 − p)^N
 *
 * Precision: `cppiExposure` / `cppiLeverage` turn user money amounts (value, floor) into a notional,
 * so they use decimal.js through ./money (34 digits, one rounding at the end). `cppiValue` and
 * `cppiGapRisk` are closed forms over exp/log/Φ and use float64; they are evaluated in log space
 * (power and exp of large arguments) and with the normal CDF of ./normal.ts, which keeps full relative
 * precision deep in the lower tail (probabilities down to ~1e-300), so no result is NaN/±Infinity.
 */
import { naError, requireFinite, requireNonNegative, requirePositive, valueError } from "./errors";
import { dec, num } from "./money";
import { normCdf } from "./normal";

// ---------------------------------------------------------------------------------------------
// Exposure and leverage
// ---------------------------------------------------------------------------------------------

export interface CppiExposureInput {
  /** V: portfolio value (> 0). */
  value: number;
  /** F: floor (≥ 0). */
  floor: number;
  /** m: multiplier (≥ 0). */
  multiplier: number;
  /** b: cap on exposure as a multiple of value (> 0); undefined = no cap. */
  maxLeverage?: number;
  /** Lower clamp on exposure (≥ 0, default 0). */
  minExposure?: number;
}

export interface CppiLeverageInput {
  value: number;
  floor: number;
  multiplier: number;
  maxLeverage?: number;
}

/** Up to 12 significant digits, no trailing zeros: for numbers quoted in messages. */
const show = (x: number) => String(Number(x.toPrecision(12)));

/**
 * @internal A floor given as a fraction of the value (0.9 for 90%) where an amount in the value's currency
 * belongs: a floor of at most 1 under a value of 10 or more would be a floor below 10% of the value, which
 * no CPPI uses. LevError "VALUE" with the amount that was probably meant.
 */
export function checkFloorUnits(value: number, floor: number): void {
  if (floor > 0 && floor <= 1 && value >= 10) {
    throw valueError(
      "floor",
      `floor is ${show(floor)} with value ${show(value)}: floor is an amount in the currency of value, not a fraction — did you mean ${show(floor)} × value = ${show(floor * value)}?`
    );
  }
}

function validateExposureInputs(
  value: number,
  floor: number,
  multiplier: number,
  maxLeverage: number | undefined
): void {
  requirePositive("value", value);
  requireNonNegative("floor", floor);
  requireNonNegative("multiplier", multiplier);
  if (maxLeverage !== undefined) requirePositive("max_leverage", maxLeverage);
  checkFloorUnits(value, floor);
}

/**
 * E = clip(m·max(V − F, 0), min_exposure, b·V)  (docs/references/cppi.md §1.3). No cap when `maxLeverage` is
 * undefined. If `minExposure` exceeds the cap b·V, the cap wins (the borrowing limit is a hard limit).
 */
export function cppiExposure(input: CppiExposureInput): number {
  const { value, floor, multiplier, maxLeverage } = input;
  validateExposureInputs(value, floor, multiplier, maxLeverage);
  const minExposure =
    input.minExposure === undefined ? 0 : requireNonNegative("min_exposure", input.minExposure);
  const V = dec(value);
  const cushion = V.minus(dec(floor)); // C = V − F
  let E = cushion.isPositive() && !cushion.isZero() ? cushion.times(dec(multiplier)) : dec(0); // m·max(C, 0)
  const lo = dec(minExposure);
  if (E.lessThan(lo)) E = lo;
  if (maxLeverage !== undefined) {
    const cap = V.times(dec(maxLeverage)); // b·V
    if (E.greaterThan(cap)) E = cap;
  }
  const out = num(E);
  if (!Number.isFinite(out))
    throw naError("value", "no finite exposure: multiplier·(value − floor) overflows a number");
  return out;
}

/** L = E/V = m·(1 − F/V), clamped as `cppiExposure` (docs/references/cppi.md §1.1). */
export function cppiLeverage(input: CppiLeverageInput): number {
  const { value, floor, multiplier, maxLeverage } = input;
  validateExposureInputs(value, floor, multiplier, maxLeverage);
  const V = dec(value);
  const cushion = V.minus(dec(floor));
  if (!(cushion.isPositive() && !cushion.isZero())) return 0;
  let E = cushion.times(dec(multiplier));
  if (maxLeverage !== undefined) {
    const cap = V.times(dec(maxLeverage));
    if (E.greaterThan(cap)) E = cap;
  }
  const out = num(E.dividedBy(V));
  if (!Number.isFinite(out))
    throw naError("value", "no finite leverage for this value, floor and multiplier");
  return out;
}

// ---------------------------------------------------------------------------------------------
// Closed form under GBM, continuous rebalancing (docs/references/cppi.md §2)
// ---------------------------------------------------------------------------------------------

export interface CppiValueInput {
  /** V_0 (> 0). */
  value: number;
  /** F_0, floor at t = 0 (≥ 0); it accrues at `rate`. */
  floor: number;
  /** m (≥ 0). */
  multiplier: number;
  /** r, continuous safe rate per year. */
  rate: number;
  /** σ, annual volatility (≥ 0). */
  volatility: number;
  /** T in years (≥ 0). */
  years: number;
  /** S_T/S_0 (> 0). */
  priceRatio: number;
}

/**
 * V_T = F_0·e^{rT} + C_0·(S_T/S_0)^m·e^{βT}, C_0 = V_0 − F_0, β = −(m−1)(r + m·σ²/2).
 * When V_0 ≤ F_0 the exposure E = m·max(C, 0) is 0 from the start (cash-lock), so the whole
 * value earns the safe rate: V_T = V_0·e^{rT}.
 */
export function cppiValue(input: CppiValueInput): number {
  const V0 = requirePositive("value", input.value);
  const F0 = requireNonNegative("floor", input.floor);
  const m = requireNonNegative("multiplier", input.multiplier);
  const r = requireFinite("rate", input.rate);
  const sigma = requireNonNegative("volatility", input.volatility);
  const T = requireNonNegative("years", input.years);
  const ratio = requirePositive("price_ratio", input.priceRatio);
  checkFloorUnits(V0, F0);

  const C0 = V0 - F0;
  let out: number;
  if (!(C0 > 0)) {
    out = V0 * Math.exp(r * T); // cash-lock: everything in the safe asset
  } else {
    const beta = -(m - 1) * (r + (m * sigma * sigma) / 2); // β
    // C_T = C_0·(S_T/S_0)^m·e^{βT}, in log space so large m or T cannot overflow an intermediate
    const logCT = Math.log(C0) + m * Math.log(ratio) + beta * T;
    out = F0 * Math.exp(r * T) + Math.exp(logCT);
  }
  if (!Number.isFinite(out)) {
    throw naError(
      "price_ratio",
      "no finite CPPI value: price_ratio^multiplier·e^{βT} overflows a number for these inputs"
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Gap risk with discrete rebalancing (docs/references/cppi.md §3.1)
// ---------------------------------------------------------------------------------------------

export interface CppiGapRiskInput {
  /** m (≥ 0). */
  multiplier: number;
  /** σ, annual volatility of the risky asset (≥ 0). */
  volatility: number;
  /** Δt, time between rebalances in years (> 0). */
  rebalanceIntervalYears: number;
  /** Horizon T in years (≥ 0, default 1). */
  years?: number;
  /** μ, annual drift of the GBM, dS/S = μdt + σdW (default 0). */
  drift?: number;
  /** r, continuous safe rate per year at which the floor and cash accrue (default 0). */
  rate?: number;
}

export interface CppiBreachThresholdInput {
  multiplier: number;
  rebalanceIntervalYears: number;
  rate?: number;
}

/**
 * Gross risky return over one rebalancing period below which the floor is breached:
 * K = (1 − 1/m)·e^{rΔt} (docs/references/cppi.md §3.1, from C_{k+1} = C_k·[m·S_{k+1}/S_k − (m−1)·e^{rΔt}]).
 * K ≤ 0 (m ≤ 1: no breach is possible) is returned as 0.
 */
export function cppiBreachThreshold(input: CppiBreachThresholdInput): number {
  const m = requireNonNegative("multiplier", input.multiplier);
  const dt = requirePositive("rebalance_interval_years", input.rebalanceIntervalYears);
  const r = input.rate === undefined ? 0 : requireFinite("rate", input.rate);
  if (!(m > 1)) return 0;
  const K = (1 - 1 / m) * Math.exp(r * dt);
  if (!Number.isFinite(K))
    throw naError("rate", "no finite breach threshold: rate·rebalance_interval_years is too large");
  return K;
}

/**
 * Probability that the floor is breached at least once within `years` under GBM, with the
 * uncapped CPPI rebalanced every Δt (floor and cash accrue at r, exposure m·max(C,0): after a
 * breach the strategy is cash-locked and stays below the floor, so this is also P(V_T < F_T)).
 *
 * An interval longer than a positive horizon (Δt > T) is LevError "VALUE" naming rebalance_interval_years:
 * no rebalance would happen within the horizon, and the value is almost surely 252 typed for 1/252.
 *
 * Periods are iid: with N = ⌊T/Δt⌋ full periods and a last partial period of length τ = T − N·Δt
 * (observed at the horizon T with its own threshold (1 − 1/m)·e^{rτ}),
 *   P = 1 − (1 − p_Δt)^N·(1 − p_τ),  p_h = Φ((ln K_h − (μ − σ²/2)h)/(σ√h)).
 * Evaluated as −expm1(N·log1p(−p) + …) so tiny probabilities keep their digits.
 */
export function cppiGapRisk(input: CppiGapRiskInput): number {
  const m = requireNonNegative("multiplier", input.multiplier);
  const sigma = requireNonNegative("volatility", input.volatility);
  const dt = requirePositive("rebalance_interval_years", input.rebalanceIntervalYears);
  const T = input.years === undefined ? 1 : requireNonNegative("years", input.years);
  const mu = input.drift === undefined ? 0 : requireFinite("drift", input.drift);
  const r = input.rate === undefined ? 0 : requireFinite("rate", input.rate);
  if (T > 0 && dt > T) {
    // an interval longer than the horizon: no rebalance happens within it — almost surely a count of
    // periods per year typed where the interval in years belongs (252 for 1/252)
    const recip = 1 / dt;
    throw valueError(
      "rebalance_interval_years",
      `rebalance_interval_years ${show(dt)} is longer than the horizon years ${show(T)}: it is the time between rebalances in years${recip <= T ? ` — did you mean 1/${show(dt)} = ${show(recip)}?` : ""}`
    );
  }
  if (!(m > 1) || T === 0) return 0; // m ≤ 1: the cushion can never turn negative (gross return > 0)

  // N full periods; guard the float division (1/(1/365) is 364.99999999999994)
  let N = Math.floor(T / dt + 1e-9);
  let tau = T - N * dt;
  if (tau < 1e-12 * Math.max(T, dt)) tau = 0;
  if (tau < 0) {
    N -= 1;
    tau += dt;
  }

  const logOneMinusInvM = Math.log1p(-1 / m); // ln(1 − 1/m)
  let logSurvival = 0; // ln P(no breach)
  if (N > 0) logSurvival += N * logNoBreach(logOneMinusInvM, mu, sigma, r, dt);
  if (tau > 0) logSurvival += logNoBreach(logOneMinusInvM, mu, sigma, r, tau);
  const P = -Math.expm1(logSurvival);
  if (!Number.isFinite(P))
    throw naError("years", "the breach probability cannot be evaluated for these years and rates");
  return Math.min(1, Math.max(0, P));
}

/** ln(1 − p_h), p_h = P(S_{t+h}/S_t < K_h), ln K_h = ln(1 − 1/m) + r·h. */
function logNoBreach(
  logOneMinusInvM: number,
  mu: number,
  sigma: number,
  r: number,
  h: number
): number {
  const logK = logOneMinusInvM + r * h;
  const meanLog = (mu - (sigma * sigma) / 2) * h; // E[ln(S_{t+h}/S_t)]
  if (sigma === 0) return meanLog < logK ? -Infinity : 0; // deterministic path: breach for sure or never
  const z = (logK - meanLog) / (sigma * Math.sqrt(h));
  if (z <= 0) return Math.log1p(-normCdf(z)); // p ≤ 1/2: log1p keeps tiny p
  return Math.log(normCdf(-z)); // p > 1/2: 1 − p = Φ(−z) computed directly
}
