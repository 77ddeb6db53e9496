/**
 * Plausible ranges shared by several declarations (functions/declare.ts `Plausible`): values that are legal
 * but almost surely a unit slip — a percentage typed as a whole number (volatility 80), a count per year where
 * an interval in years belongs (252 for 1/252), days where years belong. Outside its range (and inside its
 * domain) an argument is #VALUE! with a message naming the likely slip (functions/adapter.ts `checkOf`);
 * test/functions/unit-slips.test.ts holds the formulas. The bounds are wide on purpose: a value a desk could
 * really use passes (a 120%/year fee: Gate charges 0.3% a day; 500%/year of perp funding in one-sided
 * markets, docs/references/leveraged-tokens.md §2.7).
 */
import type { Plausible } from "../declare";

/** Up to 6 significant digits, no trailing zeros. */
const show = (x: number) => String(Number(x.toPrecision(6)));

/** "did you mean 1/x = …?" for a count per year typed where an interval in years belongs, or the reverse. */
const reciprocal = (x: number) => `did you mean 1/${show(x)} = ${show(1 / x)}?`;

/** A horizon in years: a value above 100 reads as days. */
export const YEARS: Plausible = {
  min: 0,
  max: 100,
  why: "a horizon in years: 0.5 = six months",
  hint: (x) =>
    x > 100 && x <= 36_500 ? `did you mean ${show(x / 365)} (${show(x)} days)?` : undefined,
};

/** Annualised volatility (decimal). */
export const VOLATILITY: Plausible = {
  min: 0,
  max: 5,
  percent: true,
  why: "an annual volatility above 500%",
};

/** The leverage of a rebalanced product (signed multiple). */
export const PRODUCT_LEVERAGE: Plausible = {
  min: -125,
  max: 125,
  why: "a multiple: 3 for 3x long, −3 for 3x short; no venue offers more than 125x on a product",
};

/** The leverage of a position (a multiple; venues offer up to a few hundred x). */
export const POSITION_LEVERAGE: Plausible = {
  min: -1000,
  max: 1000,
  why: "a multiple: 10 for 10x; no venue offers more than 1000x",
};

/** An annual management fee (decimal). */
export const ANNUAL_FEE: Plausible = {
  min: 0,
  max: 1.2,
  percent: true,
  why: "an annual fee above 120% (Gate's 0.3% a day is 110%)",
};

/** An annual financing, borrow or risk-free rate (decimal). */
export const ANNUAL_RATE: Plausible = {
  min: -0.2,
  max: 1,
  percent: true,
  why: "an annual rate beyond −20% to 100%",
};

/**
 * An annual rate or yield allowed down to −100% (LEV.PERF's and LEV.KELLY's risk-free rate, a loop's
 * yield): wider below than ANNUAL_RATE.
 */
export const SIGNED_ANNUAL_RATE: Plausible = {
  min: -1,
  max: 1,
  percent: true,
  why: "an annual rate beyond ±100%",
};

/** Annual perp funding (decimal; one-sided markets can pay several hundred percent a year). */
export const ANNUAL_FUNDING: Plausible = {
  min: -5,
  max: 5,
  percent: true,
  why: "annual funding beyond ±500%",
};

/** An annual drift of a price (decimal). */
export const ANNUAL_DRIFT: Plausible = {
  min: -5,
  max: 5,
  percent: true,
  why: "an annual drift beyond ±500%",
};

/** A total return over a horizon (decimal, > −1 by domain). */
export const TOTAL_RETURN: Plausible = {
  max: 100,
  percent: true,
  why: "a total return above +10,000%",
};

/** A return over one rebalancing period (decimal; a day's move above +200% is not plausible). */
export const PERIOD_RETURN: Plausible = {
  max: 2,
  percent: true,
  why: "a one-period return above +200%",
};

/** A cost per unit of traded notional (fee + half-spread + impact; decimal, often quoted in basis points). */
export const COST_RATE: Plausible = {
  min: 0,
  max: 0.1,
  why: "a cost above 10% of the traded notional",
  hint: (x) =>
    x > 0.1 && x / 100 <= 0.1
      ? `costs are decimals: did you mean ${show(x / 100)} (${show(x)}%) or ${show(x / 10000)} (${show(x)} bp)?`
      : undefined,
};

/** A closing fee rate charged at liquidation (decimal; taker fees are a few basis points). */
export const CLOSE_FEE_RATE: Plausible = {
  min: 0,
  max: 0.05,
  why: "a closing fee above 5%",
  hint: (x) =>
    x > 0.05 && x / 100 <= 0.05
      ? `fees are decimals: did you mean ${show(x / 100)} (${show(x)}%) or ${show(x / 10000)} (${show(x)} bp)?`
      : undefined,
};

/** Rebalances per year: 365 daily, 8,760 hourly, 525,600 every minute. */
export const REBALANCES_PER_YEAR: Plausible = {
  min: 1,
  max: 525_600,
  why: "a count per year: 365 for daily, 8760 for hourly",
  hint: (x) => (x > 0 && x < 1 && 1 / x <= 525_600 ? reciprocal(x) : undefined),
};

/** The time between rebalances in years: at most a year. */
export const REBALANCE_INTERVAL: Plausible = {
  max: 1,
  why: "the time between rebalances in years: 1/252 for daily",
  hint: (x) => (x > 1 ? reciprocal(x) : undefined),
};

/** A CPPI multiplier. */
export const MULTIPLIER: Plausible = {
  min: 0,
  max: 50,
  why: "CPPI multipliers are typically 2 to 10",
};

/** A cap on exposure or leverage as a multiple of value. */
export const MAX_LEVERAGE: Plausible = {
  max: 100,
  percent: true,
  why: "a multiple of value: 1.5 = 150%",
};

/** A fraction in [0, 1] (a floor as a fraction of the start value). */
export const FRACTION: Plausible = {
  min: 0,
  max: 1,
  percent: true,
  why: "a fraction: 0.8 = 80%",
};

/** A risky price ratio S_T/S_0. */
export const PRICE_RATIO: Plausible = {
  max: 100,
  percent: true,
  why: "a ratio of prices: 1.2 = +20%",
};

/** A maintenance margin rate (decimal; the highest venue brackets charge 50%). */
export const MAINTENANCE_RATE: Plausible = {
  min: 0,
  max: 0.5,
  percent: true,
  why: "a maintenance margin rate above 50%",
};

/** A liquidation threshold (decimal ≤ 1; Maker: 1/liquidation_ratio). */
export const LIQUIDATION_THRESHOLD: Plausible = {
  min: 0,
  max: 1,
  why: "a fraction ≤ 1: 0.825 = 82.5%",
  hint: (x) =>
    x > 1 && x <= 5
      ? `did you mean 1/${show(x)} = ${show(1 / x)} (a Maker liquidation ratio of ${show(x * 100)}%) or ${show(x / 100)} (${show(x)}%)?`
      : x > 5 && x <= 100
        ? `thresholds are decimals: did you mean ${show(x / 100)} (${show(x)}%)?`
        : undefined,
};
