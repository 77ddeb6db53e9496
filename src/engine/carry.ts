/**
 * LEV.CARRY: fraction of equity lost to financing, funding and fees over a horizon, compounded
 * continuously.
 *
 * Source: docs/references/leveraged-tokens.md §2.1 (financing terms of the NAV recursion), §2.4 (drift of
 * the Avellaneda–Zhang / perp-token formula: −L·F for funding, −f for fees), §2.7 (funding is paid on the
 * notional L·E; longs pay when F > 0, shorts receive).
 *
 * Per unit of equity E, holding notional L·E (signed):
 *   borrowed amount  B = (L − 1)·E   for L > 1 (cash borrowed to buy more than the equity)
 *                    B = |L|·E       for L < 0 (the shorted asset is borrowed)
 *                    B = 0           for 0 < L ≤ 1
 *   annual carry     k = b·B/E + L·F + f
 *   lost fraction    1 − exp(−k·T)     (negative = a gain, e.g. a short receiving positive funding)
 *
 *   b borrow_rate (annual)   F funding_rate (annual perp funding)   f fee_rate (annual)   T years
 *
 * A perp position normally has funding and no borrow; a margin-loan position has borrow and no funding;
 * give both only if both apply.
 *
 * One financing convention with LEV.DECAY and LEV.RETURN (src/engine/decay.ts): their financing_rate is
 * this borrow_rate, paid on the same borrowed part B(L) (decay.ts `borrowedPerUnit`), with no interest
 * earned on cash; at zero volatility 1 + LEV.DECAY = 1 − LEV.CARRY for every leverage
 * (test/engine/carry.test.ts).
 *
 * Precision: float64 — a closed form over exp.
 */
import { borrowedPerUnit } from "./decay";
import { numError, requireNonNegative } from "./errors";
import { optNumber, requireLeverage } from "./lt-core";

export interface CarryInput {
  leverage: number;
  years?: number;
  borrowRate?: number;
  fundingRate?: number;
  feeRate?: number;
}

/** LEV.CARRY: 1 − exp(−(b·B/E + L·F + f)·T). */
export function carry(input: CarryInput): number {
  const L = requireLeverage(input.leverage);
  const T = requireNonNegative("years", optNumber("years", input.years, 1));
  const b = requireNonNegative("borrow_rate", optNumber("borrow_rate", input.borrowRate, 0));
  const F = optNumber("funding_rate", input.fundingRate, 0);
  const f = requireNonNegative("fee_rate", optNumber("fee_rate", input.feeRate, 0));
  const k = b * borrowedPerUnit(L) + L * F + f;
  const kT = k * T;
  // A gain above e^709 overflows; no real carry gets near it.
  if (!(kT >= -709))
    throw numError(
      "funding_rate",
      `the carry gain overflows (rate × years = ${kT.toPrecision(4)})`
    );
  const out = -Math.expm1(-kT);
  return out === 0 ? 0 : out;
}
