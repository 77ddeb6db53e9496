/**
 * LEV.DECAY and LEV.RETURN: return of a continuously rebalanced L× product (Avellaneda–Zhang).
 *
 * Source: M. Avellaneda, S. Zhang, "Path-dependence of leveraged ETF returns", SIAM J. Financial Math. 1
 * (2010) 586–603 (SSRN 1404708); docs/references/leveraged-tokens.md §2.4, with the perp-funding term
 * derived there by the same Itô step.
 *
 *   NAV_T/NAV_0 = (S_T/S_0)^L · exp( (−B(L)·r − f − L·F)·T + ((L − L²)/2)·σ²·T )
 *
 *   L  leverage (signed; −3 = 3x short)         r  financing_rate (annual), paid on the borrowed part
 *   σ  volatility (annual, of log returns)      B(L) borrowed amount per unit of NAV: L − 1 for L > 1
 *   T  years                                         (cash borrowed), |L| for L < 0 (the asset borrowed
 *   f  fee_rate (annual expense ratio)               to short), 0 for 0 < L ≤ 1
 *   F  funding_rate (annual perp funding, longs pay when F > 0; a short product (L<0) receives it)
 *
 * Financing convention (one for LEV.DECAY, LEV.RETURN and LEV.CARRY, whose carry parts agree: at σ = 0 and
 * R = 0, 1 + LEV.DECAY = 1 − LEV.CARRY with borrow_rate = financing_rate; test/engine/carry.test.ts): the
 * rate is paid on the borrowed part B(L), and no interest is earned on cash. For L > 1 this is Avellaneda
 * and Zhang's (1−L)·r; for L < 1 their model lets the fund's cash, (1−L)·NAV, earn r (an inverse ETF
 * holding T-bills), which this convention leaves out: for such a fund multiply 1 + LEV.DECAY by
 * e^((1−L)·r·T) by hand (docs/references/leveraged-tokens.md §2.4).
 *
 * LEV.RETURN = NAV_T/NAV_0 − 1 with S_T/S_0 = 1 + underlying_return; LEV.DECAY is LEV.RETURN with the
 * underlying ending flat. With r = f = F = 0 this reproduces the daily-reset LETF prospectus tables
 * (`(1+R)^L·exp((L−L²)σ²/2) − 1`).
 *
 * Precision: float64 — a closed form over exp/log; inputs (σ, rates) carry far fewer digits.
 */
import { numError, requireFinite, requireNonNegative } from "./errors";
import { optNumber, requireLeverage } from "./lt-core";

export interface DecayInput {
  leverage: number;
  volatility: number;
  /** Horizon in years (default 1). */
  years?: number;
  /** Annual fee / expense ratio f (default 0). */
  feeRate?: number;
  /** Annual financing rate r (default 0). */
  financingRate?: number;
  /** Annual perp funding rate F (default 0); longs pay when F > 0. */
  fundingRate?: number;
}

export interface LeveragedReturnInput extends DecayInput {
  /** Total return of the underlying over the horizon (> −1). */
  underlyingReturn: number;
}

/** B(L): the borrowed amount per unit of NAV on which the financing rate is paid (see the header). */
export function borrowedPerUnit(L: number): number {
  if (L > 1) return L - 1;
  if (L < 0) return -L;
  return 0;
}

/** log(NAV_T/NAV_0) under Avellaneda–Zhang with the financing convention above; arguments validated. */
function logGrowth(
  L: number,
  logPriceRatio: number,
  sigma: number,
  T: number,
  f: number,
  r: number,
  F: number
): number {
  return (
    L * logPriceRatio +
    (-borrowedPerUnit(L) * r - f - L * F) * T +
    ((L - L * L) / 2) * sigma * sigma * T
  );
}

function finishReturn(g: number): number {
  // expm1 keeps digits for small returns; g > 709 would overflow exp.
  if (!(g <= 709))
    throw numError(
      "leverage",
      `the product's return overflows (log growth ${g.toPrecision(4)}): reduce leverage, years or rates`
    );
  return Math.expm1(g);
}

interface Common {
  L: number;
  sigma: number;
  T: number;
  f: number;
  r: number;
  F: number;
}

function readCommon(input: DecayInput): Common {
  return {
    L: requireLeverage(input.leverage),
    sigma: requireNonNegative("volatility", input.volatility),
    T: requireNonNegative("years", optNumber("years", input.years, 1)),
    f: requireNonNegative("fee_rate", optNumber("fee_rate", input.feeRate, 0)),
    r: optNumber("financing_rate", input.financingRate, 0),
    F: optNumber("funding_rate", input.fundingRate, 0),
  };
}

/** LEV.DECAY: return of the L× product over `years` when the underlying ends flat. */
export function decay(input: DecayInput): number {
  const c = readCommon(input);
  return finishReturn(logGrowth(c.L, 0, c.sigma, c.T, c.f, c.r, c.F));
}

/** LEV.RETURN: expected product return given the underlying's total return and realised volatility. */
export function leveragedReturn(input: LeveragedReturnInput): number {
  const c = readCommon(input);
  const R = requireFinite("underlying_return", input.underlyingReturn);
  if (!(R > -1))
    throw numError(
      "underlying_return",
      `underlying_return must be > -1 (the price must stay positive) (got ${R})`
    );
  return finishReturn(logGrowth(c.L, Math.log1p(R), c.sigma, c.T, c.f, c.r, c.F));
}
