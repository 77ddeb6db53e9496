/**
 * Growth-optimal (Kelly) leverage, expected log growth and the drawdown probability of fractional Kelly
 * under geometric Brownian motion: LEV.KELLY, LEV.GROWTH, LEV.KELLY.RUIN.
 *
 * Source: docs/references/performance.md §9 (Kelly 1956; Thorp 2006 §7.1; Merton 1969) and §10 (first
 * passage of a Brownian motion with drift); worked examples perf#6 … perf#9 in its §12.
 *
 *   g(L)  = r + L(μ − r) − (L − 1)⁺·s − L²σ²/2      expected log growth per year              (§9.1)
 *   L*    = (μ − r)/σ²                               s = 0                                      (§9.1)
 *   L*    = (μ − r)/σ² if that is ≤ 1, else max(1, (μ − r − s)/σ²)   s > 0, spread on (L − 1)⁺   (§9.2)
 *   P(W ever ≤ x·W₀) = x^(2/c − 1) at c × Kelly (c < 2); 1 when c ≥ 2                          (§10)
 * μ = drift (annual arithmetic drift of the asset, as LEV.SIMULATE's), r = rate, σ = volatility, s = the
 * borrow spread over r paid on the borrowed part (L − 1)⁺.
 *
 * Precision: float64, a handful of operations per call.
 */
import { naError, numError, requireFinite } from "./errors";

export interface KellyInput {
  drift: number;
  rate: number;
  volatility: number;
  borrowSpread?: number;
}

export interface GrowthInput {
  leverage: number;
  drift: number;
  rate: number;
  volatility: number;
  borrowSpread?: number;
}

export interface KellyRuinInput {
  kellyFraction: number;
  wealthFraction: number;
}

function spreadOf(x: number | undefined): number {
  const s = requireFinite("borrow_spread", x ?? 0);
  if (!(s >= 0)) throw numError("borrow_spread", `borrow_spread must be ≥ 0 (got ${s})`);
  return s;
}

function finiteOr(arg: string, x: number, what: string): number {
  if (!Number.isFinite(x)) throw naError(arg, `${what} is outside the number range: check ${arg}`);
  return x;
}

/** LEV.KELLY: growth-optimal leverage (μ − r)/σ², kinked at L = 1 by a borrow spread (§9.1–§9.2). */
export function kelly(input: KellyInput): number {
  const mu = requireFinite("drift", input.drift);
  const r = requireFinite("rate", input.rate);
  const sigma = requireFinite("volatility", input.volatility);
  if (!(sigma > 0))
    throw numError(
      "volatility",
      `volatility must be > 0 (got ${sigma}): with none, leverage has no optimum`
    );
  const s = spreadOf(input.borrowSpread);
  const v = sigma * sigma;
  const unlevered = (mu - r) / v;
  // g is concave on each side of L = 1 and its slope drops by s there: the optimum is left of 1, at 1, or right.
  const L = s === 0 || unlevered <= 1 ? unlevered : Math.max(1, (mu - r - s) / v);
  return finiteOr("volatility", L, "the Kelly leverage");
}

/** LEV.GROWTH: expected log growth rate r + L(μ − r) − (L − 1)⁺·s − L²σ²/2 per year (§9.1). */
export function growth(input: GrowthInput): number {
  const L = requireFinite("leverage", input.leverage);
  const mu = requireFinite("drift", input.drift);
  const r = requireFinite("rate", input.rate);
  const sigma = requireFinite("volatility", input.volatility);
  if (!(sigma >= 0)) throw numError("volatility", `volatility must be ≥ 0 (got ${sigma})`);
  const s = spreadOf(input.borrowSpread);
  const g = r + L * (mu - r) - Math.max(L - 1, 0) * s - (L * L * sigma * sigma) / 2;
  return finiteOr("leverage", g, "the growth rate");
}

/** LEV.KELLY.RUIN: probability of ever falling to wealth_fraction of wealth at c × Kelly, x^(2/c − 1) (§10). */
export function kellyRuin(input: KellyRuinInput): number {
  const c = requireFinite("kelly_fraction", input.kellyFraction);
  if (!(c > 0))
    throw numError(
      "kelly_fraction",
      `kelly_fraction must be > 0 (got ${c}): 1 is full Kelly, 0.5 half Kelly`
    );
  const x = requireFinite("wealth_fraction", input.wealthFraction);
  if (!(x > 0 && x <= 1)) {
    throw numError(
      "wealth_fraction",
      `wealth_fraction must be > 0 and ≤ 1 (got ${x}): 0.5 = falling to half of today's wealth`
    );
  }
  if (c >= 2 || x === 1) return 1; // drift of log wealth ≤ 0: every level below is reached
  return Math.pow(x, 2 / c - 1);
}
