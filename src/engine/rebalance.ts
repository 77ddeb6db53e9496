/**
 * Rebalancing of a leveraged product: trade size, expected turnover and cost, band trigger returns.
 * LEV.REBALANCE.TRADE, LEV.TURNOVER, LEV.REBALANCE.COST, LEV.BAND.TRIGGERS.
 *
 * Sources: M. Cheng, A. Madhavan, "The Dynamics of Leveraged and Inverse Exchange-Traded Funds",
 * J. Investment Management 7(4) 2009 (trade Δ = A·(L²−L)·r); docs/references/leveraged-tokens.md §2.2–§2.3
 * (leverage drift, band trigger prices), §2.5 (turnover), §2.8 (annual cost, derived there).
 *
 *   trade            Δ = NAV·(L² − L)·r                      (+ = buy; signed notional)
 *   turnover         E|Δ|/NAV = |L² − L|·σ·√(2/(π·N))         (normal returns, σ_d = σ/√N)
 *   annual cost      c·|L² − L|·σ·√(2N/π)·years
 *   band trigger     S/S₀ = L_b·(L − 1) / (L·(L_b − 1)), return = S/S₀ − 1, for the signed edge
 *                    L_b = sign(L)·band (bands are magnitudes of leverage, e.g. [2, 4] for ±3x; a short
 *                    product may give them signed, −4 and −2 in either order)
 *
 * Precision: LEV.REBALANCE.TRADE is money computed from user amounts (NAV) → decimal.js. Turnover,
 * cost and triggers are closed forms over sqrt / ratios of leverage → float64.
 */
import Decimal from "decimal.js";
import {
  naError,
  numError,
  requireFinite,
  requireNonNegative,
  requirePositive,
  valueError,
} from "./errors";
import { optNumber, requireLeverage } from "./lt-core";
import type { Table } from "./types";

export interface RebalanceTradeInput {
  /** NAV (assets under management) at the last rebalance, > 0. */
  nav: number;
  leverage: number;
  /** Underlying return since the last rebalance (> −1). */
  underlyingReturn: number;
}

/** LEV.REBALANCE.TRADE: signed notional to trade back to target after one period, nav·(L²−L)·r. */
export function rebalanceTrade(input: RebalanceTradeInput): number {
  const nav = requirePositive("nav", input.nav);
  const L = requireLeverage(input.leverage);
  const r = requireFinite("underlying_return", input.underlyingReturn);
  if (!(r > -1)) throw numError("underlying_return", `underlying_return must be > -1 (got ${r})`);
  const dL = new Decimal(L);
  const dr = new Decimal(r);
  // NAV after the move: A·(1 + L·r). At or below 0 the product is wiped out and there is nothing to rebalance.
  if (!new Decimal(1).plus(dL.times(dr)).gt(0)) {
    throw naError(
      "underlying_return",
      `no rebalance: underlying_return ${r} wipes out a ${L}x product (1 + L·r ≤ 0)`
    );
  }
  const trade = new Decimal(nav).times(dL.times(dL).minus(dL)).times(dr);
  const out = trade.toNumber();
  if (!Number.isFinite(out))
    throw numError(
      "nav",
      "the trade nav·(L²−L)·r exceeds the number range: nav, leverage or underlying_return is too large"
    );
  return out === 0 ? 0 : out; // no −0 in a cell
}

export interface TurnoverInput {
  leverage: number;
  volatility: number;
  /** N, rebalances per year (default 365). */
  rebalancesPerYear?: number;
}

/** LEV.TURNOVER: expected traded notional per rebalance as a fraction of NAV, |L²−L|·σ·√(2/(π·N)). */
export function turnover(input: TurnoverInput): number {
  const L = requireLeverage(input.leverage);
  const sigma = requireNonNegative("volatility", input.volatility);
  const N = requirePositive(
    "rebalances_per_year",
    optNumber("rebalances_per_year", input.rebalancesPerYear, 365)
  );
  const out = Math.abs(L * L - L) * sigma * Math.sqrt(2 / (Math.PI * N));
  if (!Number.isFinite(out)) {
    throw numError(
      "rebalances_per_year",
      "the turnover exceeds the number range: leverage or volatility too large, or rebalances_per_year too small"
    );
  }
  return out;
}

export interface RebalanceCostInput {
  leverage: number;
  volatility: number;
  /** c, all-in cost per unit of traded notional (fee + half-spread + impact), ≥ 0. */
  costRate: number;
  rebalancesPerYear?: number;
  years?: number;
}

/** LEV.REBALANCE.COST: expected fraction of NAV lost to rebalancing costs, c·|L²−L|·σ·√(2N/π)·years. */
export function rebalanceCost(input: RebalanceCostInput): number {
  const L = requireLeverage(input.leverage);
  const sigma = requireNonNegative("volatility", input.volatility);
  const c = requireNonNegative("cost_rate", input.costRate);
  const N = requirePositive(
    "rebalances_per_year",
    optNumber("rebalances_per_year", input.rebalancesPerYear, 365)
  );
  const T = requireNonNegative("years", optNumber("years", input.years, 1));
  const out = c * Math.abs(L * L - L) * sigma * Math.sqrt((2 * N) / Math.PI) * T;
  if (!Number.isFinite(out))
    throw numError(
      "cost_rate",
      "the cost exceeds the number range: cost_rate, leverage, volatility, rebalances_per_year or years is too large"
    );
  return out;
}

export interface BandTriggersInput {
  leverage: number;
  /**
   * Lower band on |leverage| (≥ 0, < |leverage|). 0 = never re-lever. A short product (leverage < 0) may
   * give both edges in their natural signs, in either order (−4, −2 for −3x): they are read as magnitudes.
   */
  bandLow: number;
  /** Upper band on |leverage| (> |leverage|); negative with band_low for a short product (above). */
  bandHigh: number;
}

/** Text shown in a LEV.BAND.TRIGGERS cell when no price move can bring leverage to that edge. */
export const NEVER = "never";

/**
 * Underlying return from the last rebalance at which a static L× position reaches the signed edge
 * L_b, or NEVER. Reachable iff the price ratio u is > 0 and the NAV there, (L−1)/(L_b−1), is > 0.
 */
function triggerReturn(L: number, Lb: number): number | string {
  if (Lb === 1 || Lb === 0) return NEVER; // leverage 1 only as S → ∞; 0 only as S → 0 (or never for L > 1)
  const u = (Lb * (L - 1)) / (L * (Lb - 1));
  const navAtEdge = (L - 1) / (Lb - 1);
  if (!(u > 0) || !(navAtEdge > 0) || !Number.isFinite(u)) return NEVER;
  return u - 1;
}

/**
 * LEV.BAND.TRIGGERS: one row, columns `to_band_high`, `to_band_low`: the underlying returns since the
 * last rebalance that push |leverage| to band_high and to band_low. A cell is the text "never" when
 * no positive price reaches that edge before the NAV hits 0 (e.g. band_low = 0, or a 1x product).
 * Example: leverage 3, band [2, 4] → to_band_high −0.1111 (8/9), to_band_low +0.3333 (4/3).
 */
export function bandTriggers(input: BandTriggersInput): Table {
  const L = requireLeverage(input.leverage);
  let lo = requireFinite("band_low", input.bandLow);
  let hi = requireFinite("band_high", input.bandHigh);
  if (L < 0 && (lo < 0 || hi < 0)) {
    // a short product's band in its natural signs: both edges ≤ 0, in either order (−4, −2 for −3x)
    if (lo > 0 || hi > 0)
      throw valueError(
        lo > 0 ? "band_high" : "band_low",
        `band_low ${lo} and band_high ${hi} have opposite signs: for a short product (leverage ${L}) give both edges as magnitudes (band_low 2, band_high 4 for −3x) or both as signed leverages (−4, −2)`
      );
    [lo, hi] = [Math.min(-lo, -hi), Math.max(-lo, -hi)];
  }
  requireNonNegative("band_low", lo);
  const a = Math.abs(L);
  if (!(lo < a))
    throw numError(
      "band_low",
      `band_low must be ≥ 0 and < |leverage| = ${a} (got ${lo}); bands are magnitudes of leverage`
    );
  if (!(hi > a))
    throw numError(
      "band_high",
      `band_high must be > |leverage| = ${a} (got ${hi}); bands are magnitudes of leverage`
    );
  const sign = L < 0 ? -1 : 1;
  return {
    columns: ["to_band_high", "to_band_low"],
    rows: [[triggerReturn(L, sign * hi), triggerReturn(L, sign * lo)]],
  };
}
