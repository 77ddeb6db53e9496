/**
 * Risk of total loss: probability and expected time of liquidation under GBM, the safe distance and safe
 * leverage that invert it, and the loss probability of a continuously rebalanced product
 * (LEV.LIQ.PROB, LEV.LIQ.TIME, LEV.LIQ.SAFE.DISTANCE, LEV.LIQ.SAFE.LEVERAGE, LEV.LOSS.PROB).
 *
 * Source: docs/references/risk-cascades.md §1 (first passage of GBM, §1.2; discrete-monitoring shift,
 * §1.3; expected time, §1.4; leveraged-product loss, §1.5; numerics, §1.6), §2 (safe distance and
 * leverage).
 *
 * Symbols (docs/references/risk-cascades.md §1.1):
 *   s = +1 long / −1 short;  S₀ price;  B liquidation price;  σ volatility;  μ arithmetic drift;  T years;
 *   ν = μ − σ²/2 (drift of ln S);  h = s·ln(S₀/B) > 0 (log-distance to B);  a = −s·ν (drift toward B);
 *   τ = first time the price touches B.  The log-distance D_t = h − a·t − σ·W_t is a Brownian motion with
 *   drift −a started at h, and τ = inf{t : D_t ≤ 0}.
 *
 *   P(τ ≤ T) = Φ((−h + aT)/(σ√T)) + e^{2ah/σ²}·Φ((−h − aT)/(σ√T))                               (§1.2)
 *   T → ∞:  1 if a ≥ 0, e^{2ah/σ²} if a < 0
 *   discrete monitoring every Δt: h → h + β·σ·√Δt, β = 0.5826 (Broadie–Glasserman–Kou)        (§1.3)
 *   E[τ] = h/a (a > 0; infinite otherwise);  E[min(τ, T)] = E[τ; τ ≤ T] + T·(1 − P(τ ≤ T))      (§1.4)
 *   E[τ; τ ≤ T] = (h/a)·[Φ((aT − h)/(σ√T)) − e^{2ah/σ²}·Φ(−(aT + h)/(σ√T))]
 *
 * Numerics (docs/references/risk-cascades.md §1.6):
 * - the second term of P is exp(2ah/σ² + ln Φ(z₂)), so e^{2ah/σ²} never overflows against a tiny Φ;
 * - E[τ; τ ≤ T] divides by a and cancels as a → 0. With c = h/(σ√T), u = aT/(σ√T) it equals
 *   (2hT/(σ√T))·φ(c − u)·mean_{x ∈ [c−u, c+u]} (1 − x·R(x)),  R(x) = Φ(−x)/φ(x) (Mills ratio),
 *   which has no division by a; for |u| ≤ 1 the mean is a 16-point Gauss–Legendre rule (exact to
 *   rounding for this entire integrand on so short an interval), beyond it the closed form is used
 *   (its cancellation is then at most a factor c/2). This replaces the a = 0 switch of §1.4, whose own
 *   error is ≈ ah/σ² relative (§1.6);
 * - Φ, ln Φ, Φ⁻¹: ./normal.ts.
 */
import {
  naError,
  numError,
  requireFinite as finite,
  requirePositive as positive,
  requireNonNegative as nonNegative,
} from "./errors";
import { checkLiqRate, checkLiqSide } from "./liquidation";
import { logNormCdf, millsRatio, normCdf, normInv, normPdf } from "./normal";
import type { Side } from "./types";

/** Broadie–Glasserman–Kou continuity correction −ζ(½)/√(2π), rounded as BGK and Haug print it. */
export const BGK_BETA = 0.5826;

// ---------------------------------------------------------------------------------------------
// Input types
// ---------------------------------------------------------------------------------------------

export interface LiqProbInput {
  side: Side;
  /** S₀, current (mark) price > 0. */
  price: number;
  /** B ≥ 0, from any LEV.LIQ.* function. */
  liquidationPrice: number;
  /** σ ≥ 0, annual. */
  volatility: number;
  /** T ≥ 0; undefined = no horizon. */
  years?: number;
  /** μ, annual arithmetic drift; default 0. */
  drift?: number;
  /** Δt ≥ 0 between price checks; default 0 (continuous). */
  monitoringIntervalYears?: number;
}

export interface LiqTimeInput {
  side: Side;
  price: number;
  liquidationPrice: number;
  volatility: number;
  years?: number;
  drift?: number;
}

export interface LiqSafeDistanceInput {
  side: Side;
  volatility: number;
  /** T > 0. */
  years: number;
  /** ε ∈ (0, 1). */
  maxProbability: number;
  drift?: number;
  monitoringIntervalYears?: number;
}

export interface LiqSafeLeverageInput {
  side: Side;
  volatility: number;
  years: number;
  maxProbability: number;
  drift?: number;
  /** default 0.005 (as LEV.LIQ.LEVERAGE) */
  maintenanceRate?: number;
  monitoringIntervalYears?: number;
  /** default 0 */
  closeFeeRate?: number;
}

export interface LossProbInput {
  /** L ≠ 0 (negative: inverse product). */
  leverage: number;
  volatility: number;
  /** T ≥ 0. */
  years: number;
  /** X ∈ [0, 1]: the fraction of value lost. */
  loss: number;
  drift?: number;
  /** c, continuous annual cost (fees + financing); default 0. */
  costRate?: number;
}

// ---------------------------------------------------------------------------------------------
// Validation (messages name the contract's snake_case argument)
// ---------------------------------------------------------------------------------------------

/** " — did you mean 0.05 (5%)?" for a fraction typed as a percentage. */
const asPercent = (v: number) =>
  v > 1 && v <= 100 ? ` — did you mean ${String(Number((v / 100).toPrecision(12)))} (${v}%)?` : "";

function probability(arg: string, x: unknown): number {
  const v = finite(arg, x);
  if (!(v > 0 && v < 1))
    throw numError(arg, `${arg} must be a probability > 0 and < 1 (got ${v})${asPercent(v)}`);
  return v;
}

/** Δt, checked against the horizon T (Infinity when there is none). */
function monitoring(x: number | undefined, T: number): number {
  if (x === undefined) return 0;
  const dt = nonNegative("monitoring_interval_years", x);
  if (dt > T)
    throw numError(
      "monitoring_interval_years",
      `monitoring_interval_years (${dt}) must not exceed years (${T})`
    );
  return dt;
}

/** a = −s·ν, ν = μ − σ²/2: the log-price's drift toward the liquidation price. */
const driftToward = (side: Side, mu: number, sigma: number): number =>
  -side * (mu - 0.5 * sigma * sigma);

interface Distance {
  side: Side;
  /** h = s·ln(S₀/B); 0 at the liquidation price, Infinity for a long with B = 0. */
  h: number;
}

/** Checks side, price and liquidation price and returns the log-distance (§1.1). */
function logDistance(sideIn: unknown, priceIn: unknown, lpIn: unknown): Distance {
  const side = checkLiqSide(sideIn);
  const S0 = positive("price", priceIn);
  const B = nonNegative("liquidation_price", lpIn);
  if (side === 1 && B > S0)
    throw numError(
      "liquidation_price",
      `liquidation_price ${B} is above the price ${S0}: already past liquidation for a long (check side)`
    );
  if (side === -1 && B < S0)
    throw numError(
      "liquidation_price",
      `liquidation_price ${B} is below the price ${S0}: already past liquidation for a short (check side)`
    );
  if (B === S0) return { side, h: 0 };
  if (B === 0) return { side, h: Infinity }; // a long with B = 0 is never liquidated
  return { side, h: side === 1 ? Math.log(S0 / B) : Math.log(B / S0) };
}

// ---------------------------------------------------------------------------------------------
// The first-passage law (lower level, exported for the tests and the task pane)
// ---------------------------------------------------------------------------------------------

/**
 * P(τ ≤ T) for a log-distance h > 0, drift toward the barrier a, volatility σ > 0 and horizon T > 0
 * (T = Infinity: no horizon). docs/references/risk-cascades.md §1.2, overflow-safe form of §1.6.
 */
export function touchProbability(h: number, a: number, sigma: number, T: number): number {
  if (!(h > 0)) return 1;
  if (T === Infinity) return a >= 0 ? 1 : Math.exp((2 * a * h) / (sigma * sigma));
  const s = sigma * Math.sqrt(T);
  const k = (2 * a * h) / (sigma * sigma); // ln e^{2ah/σ²}
  if (!(s > 0) || !Number.isFinite(k)) return a > 0 && a * T >= h ? 1 : 0; // σ√T too small: deterministic
  const z1 = (-h + a * T) / s;
  const z2 = (-h - a * T) / s;
  const p = normCdf(z1) + Math.exp(k + logNormCdf(z2));
  return Math.min(1, Math.max(0, p));
}

let GL: { x: Float64Array; w: Float64Array } | undefined;
/** Gauss–Legendre nodes and weights on [−1, 1], 16 points (Newton on P₁₆, computed once). */
function gaussLegendre16(): { x: Float64Array; w: Float64Array } {
  if (GL !== undefined) return GL;
  const n = 16;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n / 2; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      dp = (n * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  GL = { x, w };
  return GL;
}

/** 1 − x·R(x), R(x) = Φ(−x)/φ(x) the Mills ratio (R' = x·R − 1). */
function oneMinusXMills(x: number): number {
  return 1 - x * millsRatio(x);
}

/**
 * E[τ; τ ≤ T] (years) for h > 0, σ > 0, 0 < T < ∞: docs/references/risk-cascades.md §1.4, evaluated without
 * a division by a (module header, §1.6).
 */
export function partialExpectation(h: number, a: number, sigma: number, T: number): number {
  const s = sigma * Math.sqrt(T);
  const c = h / s;
  const u = (a * T) / s;
  if (Math.abs(u) <= 1) {
    const { x, w } = gaussLegendre16();
    let mean = 0;
    for (let i = 0; i < x.length; i++) mean += w[i] * oneMinusXMills(c + u * x[i]);
    mean *= 0.5;
    const out = ((2 * h * T) / s) * normPdf(c - u) * mean;
    return Number.isFinite(out) ? Math.max(0, out) : 0;
  }
  const k = (2 * a * h) / (sigma * sigma);
  const g = normCdf(u - c) - Math.exp(k + logNormCdf(-(u + c)));
  return Math.max(0, (h / a) * g);
}

/** E[min(τ, T)] for h > 0, σ > 0, 0 < T < ∞. */
export function expectedTimeCapped(h: number, a: number, sigma: number, T: number): number {
  const P = touchProbability(h, a, sigma, T);
  return Math.min(T, partialExpectation(h, a, sigma, T) + T * (1 - P));
}

/** E[τ | τ ≤ T] (docs/references/risk-cascades.md §1.4); undefined when P(τ ≤ T) = 0. */
export function expectedTimeGivenHit(
  h: number,
  a: number,
  sigma: number,
  T: number
): number | undefined {
  const P = touchProbability(h, a, sigma, T);
  if (!(P > 0)) return undefined;
  return partialExpectation(h, a, sigma, T) / P;
}

// ---------------------------------------------------------------------------------------------
// LEV.LIQ.PROB
// ---------------------------------------------------------------------------------------------

/**
 * Probability that the price touches the liquidation price within `years` (no horizon when undefined):
 * docs/references/risk-cascades.md §1.2, with the BGK shift of §1.3 when `monitoringIntervalYears` > 0.
 * B = S₀ → 1; a long with B = 0 → 0; years = 0 → 0; σ = 0 → 1 if a > 0 and a·T ≥ h, else 0.
 */
export function liqProb(input: LiqProbInput): number {
  const { side, h } = logDistance(input.side, input.price, input.liquidationPrice);
  const sigma = nonNegative("volatility", input.volatility);
  const T = input.years === undefined ? Infinity : nonNegative("years", input.years);
  const mu = input.drift === undefined ? 0 : finite("drift", input.drift);
  const dt = monitoring(input.monitoringIntervalYears, T);
  if (h === 0) return 1;
  if (h === Infinity || T === 0) return 0;
  const a = driftToward(side, mu, sigma);
  if (sigma === 0) return a > 0 && a * T >= h ? 1 : 0;
  return touchProbability(h + BGK_BETA * sigma * Math.sqrt(dt), a, sigma, T);
}

// ---------------------------------------------------------------------------------------------
// LEV.LIQ.TIME
// ---------------------------------------------------------------------------------------------

/** Below this drift toward the barrier (per year) E[τ] counts as infinite (drift = σ²/2 up to rounding). */
export const ZERO_DRIFT = 1e-12;

/**
 * Expected time to liquidation in years: E[τ] without a horizon (#N/A when infinite, with the reason),
 * E[min(τ, years)] with one (docs/references/risk-cascades.md §1.4).
 */
export function liqTime(input: LiqTimeInput): number {
  const { side, h } = logDistance(input.side, input.price, input.liquidationPrice);
  const sigma = nonNegative("volatility", input.volatility);
  const T = input.years === undefined ? Infinity : nonNegative("years", input.years);
  const mu = input.drift === undefined ? 0 : finite("drift", input.drift);
  if (h === 0 || T === 0) return 0;
  const a = driftToward(side, mu, sigma);
  if (T === Infinity) {
    if (h === Infinity)
      throw naError(
        "liquidation_price",
        "never liquidated: a long with liquidation_price 0 cannot reach it, so the expected time is infinite"
      );
    if (a > ZERO_DRIFT) return h / a;
    if (sigma === 0)
      throw naError(
        "volatility",
        "never liquidated: with volatility 0 the price does not move toward the liquidation price"
      );
    if (a < -ZERO_DRIFT) {
      const pEver = Math.exp((2 * a * h) / (sigma * sigma));
      throw naError(
        "drift",
        `the expected time is infinite: the drift is away from the liquidation price, which is reached with probability ${pEver.toPrecision(6)} and otherwise never; give years for E[min(τ, years)]`
      );
    }
    throw naError(
      "drift",
      "the expected time is infinite: with no drift toward the liquidation price (drift = volatility²/2 for a long, −volatility²/2 for a short) it is reached for sure, but its expected time is infinite; give years for E[min(τ, years)]"
    );
  }
  if (h === Infinity) return T;
  if (sigma === 0) return a > 0 ? Math.min(h / a, T) : T;
  return expectedTimeCapped(h, a, sigma, T);
}

// ---------------------------------------------------------------------------------------------
// LEV.LIQ.SAFE.DISTANCE / LEV.LIQ.SAFE.LEVERAGE
// ---------------------------------------------------------------------------------------------

/**
 * The log-distance h* with P(τ ≤ T) = ε (σ > 0, 0 < T < ∞, 0 < ε < 1): docs/references/risk-cascades.md §2.1.
 *
 * a = 0 (to rounding): h* = σ√T·Φ⁻¹(1 − ε/2) = −σ√T·Φ⁻¹(ε/2).
 * Otherwise bisection on f(h) = P(h) − ε. Bracket: f(0) = 1 − ε > 0; P is continuous and strictly
 * decreasing in h with P(h) → 0 as h → ∞ (both terms of §1.2 are Φ of arguments → −∞, the second times
 * e^{2ah/σ²}·Φ(−(h + aT)/(σ√T)) ≤ e^{2ah/σ²}·e^{−(h+aT)²/(2σ²T)} = e^{−(h−aT)²/(2σ²T)}·… → 0), so
 * doubling hi from h₀ > 0 finds f(hi) < 0 after finitely many steps. Each bisection step keeps
 * f(lo) ≥ 0 > f(hi) and halves the bracket; it stops when the midpoint is no longer strictly inside
 * (adjacent doubles), which happens within ~2,100 steps whatever the bracket. The result is hi, the
 * smallest double found with P < ε.
 */
export function safeLogDistance(a: number, sigma: number, T: number, eps: number): number {
  const s = sigma * Math.sqrt(T);
  const h0 = -s * normInv(eps / 2); // the a = 0 root
  if (Math.abs(a) * T <= 1e-15 * s) return h0;
  const f = (h: number) => touchProbability(h, a, sigma, T) - eps;
  let lo = 0;
  let hi = h0 > 0 ? h0 : s;
  for (let i = 0; i < 2100 && f(hi) >= 0; i++) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 2200; i++) {
    const mid = lo + (hi - lo) / 2;
    if (!(mid > lo && mid < hi)) break;
    if (f(mid) >= 0) lo = mid;
    else hi = mid;
  }
  return hi;
}

interface SafeArgs {
  side: Side;
  volatility: number;
  years: number;
  maxProbability: number;
  drift?: number;
  monitoringIntervalYears?: number;
}

/** h_req: the log-distance whose touch probability within T is ε, after the BGK shift (§2.1 steps 1–2). */
function requiredLogDistance(input: SafeArgs): { side: Side; h: number } {
  const side = checkLiqSide(input.side);
  const sigma = nonNegative("volatility", input.volatility);
  const T = positive("years", input.years);
  const eps = probability("max_probability", input.maxProbability);
  const mu = input.drift === undefined ? 0 : finite("drift", input.drift);
  const dt = monitoring(input.monitoringIntervalYears, T);
  const a = driftToward(side, mu, sigma);
  if (sigma === 0) {
    if (!(a > 0))
      throw naError(
        "volatility",
        "no volatility and no drift toward liquidation: the probability is 0 at any distance or leverage"
      );
    return { side, h: a * T }; // liquidated at T exactly at this distance; safe beyond it
  }
  const h = safeLogDistance(a, sigma, T, eps) - BGK_BETA * sigma * Math.sqrt(dt);
  if (!(h > 0))
    throw naError(
      "max_probability",
      "max_probability is too high for the discrete-monitoring approximation: it would allow a liquidation price at the current price"
    );
  return { side, h };
}

/**
 * Signed fractional move from the price to the liquidation price whose touch probability within `years`
 * is `maxProbability` (docs/references/risk-cascades.md §2.1 step 3): long e^{−h} − 1 < 0, short e^{h} − 1.
 */
export function liqSafeDistance(input: LiqSafeDistanceInput): number {
  const { side, h } = requiredLogDistance(input);
  return side === 1 ? Math.expm1(-h) : Math.expm1(h);
}

/**
 * Largest leverage whose LEV.LIQ.LEVERAGE liquidation price (entry = current price, m = maintenance rate
 * + close fee rate) has touch probability ≤ `maxProbability` within `years`
 * (docs/references/risk-cascades.md §2.1 step 4):
 *   long  L* = 1/(1 − (1 − m)·e^{−h}) = 1/(−expm1(−h) + m·e^{−h})
 *   short L* = 1/((1 + m)·e^{h} − 1)  = 1/(expm1(h) + m·e^{h})
 */
export function liqSafeLeverage(input: LiqSafeLeverageInput): number {
  const mmr = checkLiqRate(
    "maintenance_rate",
    input.maintenanceRate === undefined ? 0.005 : input.maintenanceRate
  );
  const fee = checkLiqRate(
    "close_fee_rate",
    input.closeFeeRate === undefined ? 0 : input.closeFeeRate
  );
  const m = mmr + fee;
  if (!(m < 1))
    throw numError(
      "close_fee_rate",
      `maintenance_rate + close_fee_rate must be < 1 (got ${mmr} + ${fee})`
    );
  const { side, h } = requiredLogDistance(input);
  const den = side === 1 ? -Math.expm1(-h) + m * Math.exp(-h) : Math.expm1(h) + m * Math.exp(h);
  const L = 1 / den;
  if (!Number.isFinite(L) || !(L > 0))
    throw naError("max_probability", "no finite leverage: the safe distance is too small");
  return L;
}

// ---------------------------------------------------------------------------------------------
// LEV.LOSS.PROB
// ---------------------------------------------------------------------------------------------

/**
 * P(V_T ≤ (1 − X)·V₀) for a continuously rebalanced L× product (docs/references/risk-cascades.md §1.5):
 *   ln(V_T/V₀) ~ N(m·T, L²σ²T),  m = L·μ − L²σ²/2 − c
 *   P = Φ((ln(1 − X) − m·T)/(|L|·σ·√T));  X = 1 → 0;  σ·√T = 0 → 1 if m·T ≤ ln(1 − X), else 0.
 */
export function lossProb(input: LossProbInput): number {
  const L = finite("leverage", input.leverage);
  if (L === 0) throw numError("leverage", "leverage must not be 0");
  const sigma = nonNegative("volatility", input.volatility);
  const T = nonNegative("years", input.years);
  const X = finite("loss", input.loss);
  if (!(X >= 0 && X <= 1))
    throw numError("loss", `loss must be a fraction between 0 and 1 (got ${X})${asPercent(X)}`);
  const mu = input.drift === undefined ? 0 : finite("drift", input.drift);
  const c = input.costRate === undefined ? 0 : finite("cost_rate", input.costRate);
  if (X === 1) return 0;
  const m = L * mu - 0.5 * L * L * sigma * sigma - c;
  const mean = m * T;
  const sd = Math.abs(L) * sigma * Math.sqrt(T);
  const threshold = Math.log1p(-X);
  if (!Number.isFinite(mean) || !Number.isFinite(sd))
    throw naError("leverage", "no finite probability: leverage·volatility or the drift overflows");
  if (!(sd > 0)) return mean <= threshold ? 1 : 0;
  return normCdf((threshold - mean) / sd);
}
