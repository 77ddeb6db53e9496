/**
 * Leverage loops on a lending market (supply collateral, borrow against it, re-supply): leverage, net
 * return on equity, health factor, liquidation price ratio and carry-only runway (LEV.LOOP.*).
 *
 * Source: docs/references/funding-defi.md §2.5 (derived there from the Aave health factor of
 * docs/references/liquidation.md §9).
 *
 * Precision: float64 closed forms; the partial geometric sum uses expm1/log so that LTV^(n+1) close to 1
 * keeps its digits.
 *
 * E equity, λ LTV, LT liquidation threshold, L = collateral/equity, debt D = (L − 1)·E at entry prices,
 * p the collateral/debt price ratio relative to entry, y collateral yield, b borrow rate, i incentive.
 *   maximum leverage   L = 1/(1 − λ)                  after n loops   L_n = (1 − λ^(n+1))/(1 − λ)
 *   net APY on equity  r_E = L·y − (L − 1)·b + L·i
 *   health factor      HF = L·LT·p/(L − 1)            liquidation at p = (L − 1)/(L·LT)
 *   runway             HF(t) = HF₀·e^{(y − b)t}  →  T = ln(HF₀)/(b − y)
 */
import { naError, numError } from "./errors";
import { finiteArg, finiteResult, intervalArg, positiveArg } from "./defi-checks";

const THRESHOLD_HINT = "a decimal: 0.95 = 95%";

function leverageOf(x: unknown): number {
  const L = finiteArg("leverage", x);
  if (!(L >= 1))
    throw numError("leverage", `leverage must be ≥ 1 (collateral / equity of the loop; got ${L})`);
  return L;
}

function thresholdOf(x: unknown): number {
  return intervalArg("liquidation_threshold", x, 0, false, 1, true, THRESHOLD_HINT);
}

// ---- LEV.LOOP.LEVERAGE ------------------------------------------------------------------------------

export interface LoopLeverageInput {
  ltv: number;
  loops?: number;
}

/** 1/(1 − λ); after `loops` loops (1 − λ^(n+1))/(1 − λ). */
export function loopLeverage(input: LoopLeverageInput): number {
  const ltv = intervalArg("ltv", input.ltv, 0, true, 1, false, "a decimal: 0.93 = 93%");
  if (input.loops === undefined || input.loops === null) return 1 / (1 - ltv);
  const n = finiteArg("loops", input.loops);
  if (!(Number.isInteger(n) && n >= 0))
    throw numError("loops", `loops must be a whole number ≥ 0 (got ${n})`);
  if (ltv === 0) return 1;
  // 1 − λ^(n+1) = −expm1((n+1)·ln λ)
  return -Math.expm1((n + 1) * Math.log(ltv)) / (1 - ltv);
}

// ---- LEV.LOOP.APY -----------------------------------------------------------------------------------

export interface LoopApyInput {
  leverage: number;
  collateralYield: number;
  borrowApy: number;
  incentiveApy?: number;
}

/** Net return on equity L·y − (L − 1)·b + L·i. */
export function loopApy(input: LoopApyInput): number {
  const L = leverageOf(input.leverage);
  const y = finiteArg("collateral_yield", input.collateralYield);
  const b = finiteArg("borrow_apy", input.borrowApy);
  const i =
    input.incentiveApy === undefined || input.incentiveApy === null
      ? 0
      : finiteArg("incentive_apy", input.incentiveApy);
  return finiteResult("leverage", L * y - (L - 1) * b + L * i, "the net APY");
}

// ---- LEV.LOOP.HEALTH --------------------------------------------------------------------------------

export interface LoopHealthInput {
  leverage: number;
  liquidationThreshold: number;
  priceRatio?: number;
}

/** HF = L·LT·p/(L − 1); #N/A at L = 1 (no debt). */
export function loopHealth(input: LoopHealthInput): number {
  const L = leverageOf(input.leverage);
  const LT = thresholdOf(input.liquidationThreshold);
  const p =
    input.priceRatio === undefined || input.priceRatio === null
      ? 1
      : positiveArg("price_ratio", input.priceRatio);
  if (L === 1) throw naError("leverage", "no debt at leverage 1: the health factor is infinite");
  return finiteResult("leverage", (L * LT * p) / (L - 1), "the health factor");
}

// ---- LEV.LOOP.LIQRATIO ------------------------------------------------------------------------------

export interface LoopLiqRatioInput {
  leverage: number;
  liquidationThreshold: number;
}

/** Collateral/debt price ratio (relative to entry) at health factor 1: (L − 1)/(L·LT). */
export function loopLiqRatio(input: LoopLiqRatioInput): number {
  const L = leverageOf(input.leverage);
  const LT = thresholdOf(input.liquidationThreshold);
  if (L === 1) throw naError("leverage", "no liquidation at leverage 1: there is no debt");
  return finiteResult("leverage", (L - 1) / (L * LT), "the liquidation ratio");
}

// ---- LEV.LOOP.RUNWAY --------------------------------------------------------------------------------

export interface LoopRunwayInput {
  healthFactor: number;
  collateralYield: number;
  borrowRate: number;
}

/** Years until the carry alone takes the health factor to 1: ln(HF)/(b − y); 0 when HF ≤ 1. */
export function loopRunway(input: LoopRunwayInput): number {
  const hf = positiveArg("health_factor", input.healthFactor);
  const y = finiteArg("collateral_yield", input.collateralYield);
  const b = finiteArg("borrow_rate", input.borrowRate);
  if (hf <= 1) return 0;
  if (!(b > y))
    throw naError(
      "borrow_rate",
      `carry never liquidates: collateral_yield ${y} ≥ borrow_rate ${b}, so the health factor does not fall`
    );
  return finiteResult("borrow_rate", Math.log(hf) / (b - y), "the runway");
}
