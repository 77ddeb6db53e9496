/**
 * DeFi lending rates: the Aave v3 and Compound v3 (Comet) kinked interest-rate curves and the APR ↔ APY
 * conversion (LEV.RATE.AAVE, LEV.RATE.COMET, LEV.APY, LEV.APR).
 *
 * Source: docs/references/funding-defi.md §2.1 (Aave v3 DefaultReserveInterestRateStrategy), §2.2 (APR →
 * APY, Aave's accrual), §2.4 (Comet getSupplyRate/getBorrowRate).
 *
 * Precision: float64. The curves are two products and a sum (the on-chain ray arithmetic reproduces them
 * to 8 digits, §2.1); APY = expm1(n·log1p(apr/n)) and its inverse APR = n·expm1(log1p(apy)/n) keep every
 * digit at n = 31,536,000 where the naive (1 + apr/n)^n − 1 loses about 9 of them (§2.2).
 *
 *   Aave borrow   R = R0 + S1·U/U*                       U ≤ U*
 *                 R = R0 + S1 + S2·(U − U*)/(1 − U*)     U > U*
 *   Aave supply   R_s = R·U·(1 − RF)
 *   Comet         R = base + slopeLow·U                   U ≤ kink
 *                 R = base + slopeLow·kink + slopeHigh·(U − kink)   U > kink
 *   APY           expm1(n·log1p(apr/n))        APR  n·expm1(log1p(apy)/n)
 */
import { numError } from "./errors";
import {
  choiceArg,
  finiteResult,
  intervalArg,
  nonNegativeArg,
  finiteArg,
  positiveArg,
} from "./defi-checks";

/** Seconds in Aave's and Compound's 365-day year (MathUtils.SECONDS_PER_YEAR): LEV.APY's default n. */
export const SECONDS_PER_YEAR = 31_536_000;

const UTILIZATION_HINT = "a decimal: 0.8 = 80%";

// ---- LEV.RATE.AAVE ----------------------------------------------------------------------------------

export const AAVE_SIDES = ["borrow", "supply"] as const;
export type AaveSide = (typeof AAVE_SIDES)[number];

export interface RateAaveInput {
  utilization: number;
  optimal: number;
  base: number;
  slope1: number;
  slope2: number;
  reserveFactor?: number;
  side?: AaveSide;
}

/** Aave v3 variable borrow APR at utilization U, or the supply APR borrow·U·(1 − RF) (§2.1). */
export function rateAave(input: RateAaveInput): number {
  const U = intervalArg("utilization", input.utilization, 0, true, 1, true, UTILIZATION_HINT);
  const Uopt = intervalArg("optimal", input.optimal, 0, false, 1, false, UTILIZATION_HINT);
  const R0 = nonNegativeArg("base", input.base);
  const S1 = nonNegativeArg("slope1", input.slope1);
  const S2 = nonNegativeArg("slope2", input.slope2);
  const RF =
    input.reserveFactor === undefined || input.reserveFactor === null
      ? 0
      : intervalArg("reserve_factor", input.reserveFactor, 0, true, 1, true, "a decimal");
  const side = choiceArg("side", input.side, AAVE_SIDES, "borrow");
  const borrow = U <= Uopt ? R0 + (S1 * U) / Uopt : R0 + S1 + (S2 * (U - Uopt)) / (1 - Uopt);
  const rate = side === "borrow" ? borrow : borrow * U * (1 - RF);
  return finiteResult("base", rate, "the rate");
}

// ---- LEV.RATE.COMET ---------------------------------------------------------------------------------

export interface RateCometInput {
  utilization: number;
  kink: number;
  base: number;
  slopeLow: number;
  slopeHigh: number;
}

/** Compound v3 kinked APR (the same function for the supply and the borrow curve) (§2.4). */
export function rateComet(input: RateCometInput): number {
  const U = intervalArg("utilization", input.utilization, 0, true, 1, true, UTILIZATION_HINT);
  const kink = intervalArg("kink", input.kink, 0, true, 1, true, UTILIZATION_HINT);
  const base = nonNegativeArg("base", input.base);
  const low = nonNegativeArg("slope_low", input.slopeLow);
  const high = nonNegativeArg("slope_high", input.slopeHigh);
  const rate = U <= kink ? base + low * U : base + low * kink + high * (U - kink);
  return finiteResult("base", rate, "the rate");
}

// ---- LEV.APY / LEV.APR ------------------------------------------------------------------------------

export interface ApyInput {
  apr: number;
  periodsPerYear?: number;
}

export interface AprInput {
  apy: number;
  periodsPerYear?: number;
}

function periodsOf(x: number | undefined): number {
  return x === undefined || x === null
    ? SECONDS_PER_YEAR
    : positiveArg("periods_per_year", x, true);
}

/** APY of an APR compounded n times a year: expm1(n·log1p(apr/n)) (§2.2). */
export function apy(input: ApyInput): number {
  const a = finiteArg("apr", input.apr);
  const n = periodsOf(input.periodsPerYear);
  const perPeriod = a / n;
  if (!(perPeriod > -1))
    throw numError("apr", `apr must be > -periods_per_year (got ${a} with ${n} periods a year)`);
  return finiteResult("apr", Math.expm1(n * Math.log1p(perPeriod)), "the APY");
}

/** The exact inverse of LEV.APY: n·expm1(log1p(apy)/n) (§2.2). */
export function apr(input: AprInput): number {
  const y = finiteArg("apy", input.apy);
  const n = periodsOf(input.periodsPerYear);
  if (!(y > -1)) throw numError("apy", `apy must be > -1 (got ${y})`);
  return finiteResult("apy", n * Math.expm1(Math.log1p(y) / n), "the APR");
}

/**
 * Aave's borrow-index growth over `seconds` at `apr` (MathUtils.calculateCompoundedInterest): the
 * three-term binomial approximation of (1 + apr/SPY)^seconds, which undercharges borrowers a little;
 * exposed for comparisons with LEV.APY (§2.2). Not an Excel function.
 */
export function aaveCompoundedInterest(aprValue: number, seconds: number): number {
  const r = finiteArg("apr", aprValue) / SECONDS_PER_YEAR;
  const n = nonNegativeArg("seconds", seconds);
  if (n === 0) return 1;
  return 1 + r * n + ((n * (n - 1)) / 2) * r * r + ((n * (n - 1) * (n - 2)) / 6) * r * r * r;
}
