/**
 * Decimal arithmetic for money computed from user amounts (prices, margins, notionals, fees, PnL).
 *
 * Precision choice: a private decimal.js constructor with 34 significant digits (the size of an
 * IEEE-754 decimal128), ROUND_HALF_EVEN. Inputs arrive as float64 values, which decimal.js reads
 * through their shortest round-trip decimal string (0.1 → "0.1"), so a product of two inputs
 * (≤ 17 digits each) is exact and a sum/difference of such products loses nothing; only the final
 * division rounds, at the 34th digit, far below the float64 result it is converted back to.
 *
 * Each result is formed as an exact Decimal numerator and denominator, converted once to float64 and
 * divided there (`ratio`): the only roundings are those two conversions and the float division
 * (≤ 1.5 ulp of the result), while the cancellation-prone sums (|q|·E − WB − D …) are exact. This
 * keeps a call to a few microseconds: a decimal.js division at 34 digits costs more than the rest
 * of a liquidation-price evaluation.
 *
 * The constructor is a `Decimal.clone`, so other modules changing the global decimal.js
 * configuration cannot change these results. It is created on first use (no work at module load)
 * and reused by every call (no configuration object per call).
 */
import Decimal from "decimal.js";
import { naError } from "./errors";

let MoneyDecimal: typeof Decimal | undefined;
let One: Decimal | undefined;

/** The shared money constructor (created lazily, once). */
export function moneyDecimal(): typeof Decimal {
  if (MoneyDecimal === undefined) {
    MoneyDecimal = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN });
  }
  return MoneyDecimal;
}

/** The Decimal 1 (created once; Decimals are immutable). */
export function one(): Decimal {
  if (One === undefined) One = new (moneyDecimal())(1);
  return One;
}

/** A money amount as a Decimal (x must already be validated as finite). */
export function dec(x: number): Decimal {
  return new (moneyDecimal())(x);
}

/** Back to a plain number for the caller. */
export function num(x: Decimal): number {
  return x.toNumber();
}

const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * num/den as a plain number: both converted once (exact decimals → nearest float64), then divided.
 * If either conversion leaves the normal float64 range (extreme inputs such as 1e-320), the quotient
 * is formed in decimal.js instead; a quotient that itself cannot be a finite non-zero float64 is
 * reported as #N/A rather than returned as 0 or Infinity. `denominator` must be non-zero.
 */
export function ratio(numerator: Decimal, denominator: Decimal): number {
  const a = numerator.toNumber();
  const b = denominator.toNumber();
  const absA = Math.abs(a);
  const absB = Math.abs(b);
  const zero = numerator.isZero();
  if (absB >= MIN_NORMAL && absB < Infinity && (absA >= MIN_NORMAL || zero) && absA < Infinity) {
    const r = a / b;
    if (zero || (Math.abs(r) >= MIN_NORMAL && Math.abs(r) < Infinity)) return r;
  }
  const q = numerator.div(denominator);
  const r = q.toNumber();
  if (!Number.isFinite(r) || (r === 0 && !q.isZero())) {
    throw naError(
      undefined,
      `no finite answer: the result ${q.toString()} is outside the range of a number (inputs too extreme)`
    );
  }
  return r;
}

export type { Decimal };
