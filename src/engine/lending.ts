/**
 * Lending positions: health factor and collateral liquidation price (LEV.HEALTH, LEV.LIQ.LENDING).
 *
 * Source: docs/references/liquidation.md §9 (Aave v3 GenericLogic.calculateUserAccountData,
 * https://aave.com/docs/developers/liquidations) and §11 (MakerDAO makerdao/community faqs/liquidation.md).
 *
 * Several collaterals: docs/references/funding-defi.md §2.6 (Aave's GenericLogic sums every collateral's
 * value × its own threshold).
 *
 * Precision: decimal.js (money.ts): collateral values, debts and prices are money from user amounts.
 *
 *   HF = C·LT / Debt          C collateral value, LT liquidation threshold, Debt debt value (same currency)
 *   HF = Σ Cᵢ·LTᵢ / Debt      several collaterals; one threshold applies to every Cᵢ
 *   P_liq = Debt / (Q·LT)     collateral price at HF = 1 for Q units of collateral and a stable debt
 * Maker vaults: LT = 1/liquidation_ratio, so P_liq = Debt·LR/Q (the "mat" of dss spot.sol).
 * With no debt there is no finite health factor and no liquidation price: LevError "NA".
 */
import { naError, numError, valueError } from "./errors";
import { dec, ratio } from "./money";
import type { Series } from "./types";

export interface HealthInput {
  /** One collateral value, or one per collateral (a series). */
  collateralValue: number | Series;
  /** One threshold for every collateral, or one per collateral (as many as collateral_value). */
  liquidationThreshold: number | Series;
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

/** The values of a number-or-series argument (a number is a list of one). */
function valuesOf(x: number | Series): ArrayLike<unknown> {
  return typeof x === "number" ? [x] : x;
}

/** Aave health factor HF = Σ Cᵢ·LTᵢ/Debt; liquidatable when HF < 1. */
export function health(input: HealthInput): number {
  const C = valuesOf(input.collateralValue);
  const LT = valuesOf(input.liquidationThreshold);
  if (C === null || C === undefined || typeof C.length !== "number" || C.length === 0)
    throw valueError(
      "collateral_value",
      "collateral_value is empty: give a value or a range of values"
    );
  if (LT === null || LT === undefined || typeof LT.length !== "number" || LT.length === 0)
    throw valueError(
      "liquidation_threshold",
      "liquidation_threshold is empty: give one threshold or one per collateral"
    );
  if (LT.length !== 1 && LT.length !== C.length)
    throw valueError(
      "liquidation_threshold",
      `liquidation_threshold has ${LT.length} values but collateral_value has ${C.length}: give one threshold per collateral, or a single threshold for all`
    );
  const many = C.length > 1;
  const at = (i: number) => (many ? ` (position ${i + 1})` : "");
  const values: number[] = [];
  for (let i = 0; i < C.length; i++) {
    const ci = C[i];
    if (!finite(ci) || !(ci >= 0))
      throw numError(
        "collateral_value",
        `collateral_value${at(i)} must be a finite number ≥ 0 (got ${String(ci)})`
      );
    values.push(ci);
  }
  const thresholds = LT.length === 1 ? [checkThreshold(LT[0])] : Array.from(LT, checkThreshold);
  let sum = dec(0);
  for (let i = 0; i < values.length; i++)
    sum = sum.plus(dec(values[i]).times(thresholds[LT.length === 1 ? 0 : i]));
  const debt = checkNonNegative("debt_value", input.debtValue);
  if (debt === 0) throw naError("debt_value", "no debt: the health factor is infinite");
  return ratio(sum, dec(debt));
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
