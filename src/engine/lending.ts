/**
 * Lending positions: health factor and collateral liquidation price (LEV.HEALTH, LEV.LIQ.LENDING).
 *
 * Source: docs/references/liquidation.md §9 (Aave v3 GenericLogic.calculateUserAccountData,
 * https://aave.com/docs/developers/liquidations) and §11 (MakerDAO makerdao/community faqs/liquidation.md).
 *
 * Precision: decimal.js (money.ts): collateral values, debts and prices are money from user amounts.
 *
 *   HF = C·LT / Debt          C collateral value, LT liquidation threshold, Debt debt value (same currency)
 *   P_liq = Debt / (Q·LT)     collateral price at HF = 1 for Q units of collateral and a stable debt
 * Maker vaults: LT = 1/liquidation_ratio, so P_liq = Debt·LR/Q (the "mat" of dss spot.sol).
 * With no debt there is no finite health factor and no liquidation price: LevError "NA".
 */
import { naError, numError } from "./errors";
import { dec, ratio } from "./money";

export interface HealthInput {
  collateralValue: number;
  liquidationThreshold: number;
  debtValue: number;
}

export interface LiqLendingInput {
  collateralQuantity: number;
  liquidationThreshold: number;
  debtValue: number;
}

function finite(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

function checkThreshold(x: unknown): number {
  if (!finite(x) || !(x > 0 && x <= 1)) {
    throw numError(
      "liquidation_threshold",
      `liquidation_threshold must be > 0 and ≤ 1 (got ${String(x)}); for Maker use 1/liquidation_ratio`
    );
  }
  return x;
}

function checkNonNegative(arg: string, x: unknown): number {
  if (!finite(x) || !(x >= 0))
    throw numError(arg, `${arg} must be a finite number ≥ 0 (got ${String(x)})`);
  return x;
}

/** Aave health factor HF = C·LT/Debt; liquidatable when HF < 1. */
export function health(input: HealthInput): number {
  const C = checkNonNegative("collateral_value", input.collateralValue);
  const LT = checkThreshold(input.liquidationThreshold);
  const debt = checkNonNegative("debt_value", input.debtValue);
  if (debt === 0) throw naError("debt_value", "no debt: the health factor is infinite");
  return ratio(dec(C).times(LT), dec(debt));
}

/** Collateral price at which HF = 1: P_liq = Debt/(Q·LT). */
export function liqLending(input: LiqLendingInput): number {
  const Q = input.collateralQuantity;
  if (!finite(Q) || !(Q > 0))
    throw numError(
      "collateral_quantity",
      `collateral_quantity must be a finite number > 0 (got ${String(Q)})`
    );
  const LT = checkThreshold(input.liquidationThreshold);
  const debt = checkNonNegative("debt_value", input.debtValue);
  if (debt === 0) throw naError("debt_value", "no liquidation: there is no debt");
  return ratio(dec(debt), dec(Q).times(LT));
}
