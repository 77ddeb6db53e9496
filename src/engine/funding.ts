/**
 * Perpetual-futures funding: premium index, its average, each venue's funding rate, the interest
 * component, caps, impact notional, the premium implied by a rate, annualisation, payments and the
 * dated-futures basis (LEV.FUNDING.*, LEV.BASIS).
 *
 * Source: docs/references/funding-defi.md §1 (§1.1 common structure, §1.2–§1.7 venues, §1.8 the venue
 * conventions as data, §1.9 annualisation, §1.10 payment, §1.11 basis and implied premium, §1.12 the
 * known disagreements between sources).
 *
 * Precision: float64. Every formula is a handful of additions and one product or quotient of user rates;
 * annualisation uses log1p/expm1 so small per-settlement rates keep their digits.
 *
 *   premium        p = [max(0, bid − idx) − max(0, idx − ask)] / idx
 *   average        P = Σ w_k·p_k / Σ w_k          w_k = k ("linear") or 1 ("equal")
 *   8-hour rate    F8 = P + clamp(I − P, −c, c)   (dead band: F8 = I while I − c ≤ P ≤ I + c)
 *                  F8 = P + I                     (dYdX: no dead band)
 *   per settlement F = F8·N/8 (Binance, and the hourly venues with N = 1), or
 *                  F = P + clamp(I·N/8 − P, −c, c) (Bybit, OKX: only the interest is scaled)
 *   then the venue's own bound (Hyperliquid and Lighter ±4%), then the caller's cap and floor.
 *
 * Each venue is one row of FUNDING_CONVENTIONS (interval, interest default, dead band, what an interval
 * under 8 h scales, venue bound, averaging, payment price, cap formula): a venue is added as data.
 */
import { naError, numError, valueError } from "./errors";
import type { Series } from "./types";
import {
  choiceArg,
  finiteArg,
  finiteResult,
  intervalArg,
  nonNegativeArg,
  optArg,
  positiveArg,
} from "./defi-checks";

// ---- venue conventions ------------------------------------------------------------------------------

export const FUNDING_VENUES = [
  "binance",
  "bybit",
  "okx",
  "dydx",
  "hyperliquid",
  "lighter",
] as const;
export type FundingVenue = (typeof FUNDING_VENUES)[number];

/** How a venue turns its average premium into the rate of one settlement (funding-defi.md §1.8). */
export interface FundingConvention {
  /** Hours between settlements when interval_hours is left out. */
  intervalHours: number;
  /** The venue settles every `intervalHours` and nothing else: interval_hours may only be left out or equal it. */
  fixedInterval: boolean;
  /** Interest component per 8 hours when interest_8h is left out. */
  interest8h: number;
  /** Half-width c of the dead band when clamp is left out; undefined: no dead band (F8 = P + I). */
  clamp?: number;
  /**
   * What an interval of N hours multiplies by N/8: the whole 8-hour rate ("rate": Binance since
   * 2025-09-18, and the hourly venues, whose N = 1 gives the /8), or only the interest ("interest": Bybit
   * and OKX as documented, premium and band unscaled).
   */
  intervalScaling: "rate" | "interest";
  /** The venue's own bound ±limit, applied to the 8-hour rate before the scaling or to the rate per settlement. */
  venueBound?: { limit: number; on: "8h" | "settlement" };
  /** How the venue averages its premium samples (LEV.FUNDING.AVERAGE's weighting). */
  averaging: "linear" | "equal";
  /** How often the premium is sampled (documentation). */
  sampling: string;
  /** The price a funding payment is valued at (LEV.FUNDING.PAYMENT's `price`). */
  paymentPrice: "mark" | "oracle";
  /** LEV.FUNDING.CAP: cap = factor × (rate1 − rate2), rate2 only when named; or why there is no formula. */
  cap: { factor: number; rate1: string; rate2?: string; per: string } | { none: string };
  /** Section of docs/references/funding-defi.md. */
  source: string;
}

/** Default half-width of the dead band (0.05% per 8 hours) at every venue that has one. */
export const DEFAULT_FUNDING_CLAMP = 0.0005;

export const FUNDING_CONVENTIONS: Readonly<Record<FundingVenue, Readonly<FundingConvention>>> = {
  binance: {
    intervalHours: 8,
    fixedInterval: false,
    interest8h: 0.0001,
    clamp: DEFAULT_FUNDING_CLAMP,
    intervalScaling: "rate",
    averaging: "linear", // equal weights on 1-hour contracts
    sampling: "every 5 s",
    paymentPrice: "mark",
    cap: {
      factor: 0.75,
      rate1: "maintenance rate at the maximum-leverage tier",
      per: "settlement",
    },
    source: "§1.2",
  },
  bybit: {
    intervalHours: 8,
    fixedInterval: false,
    interest8h: 0.0001,
    clamp: DEFAULT_FUNDING_CLAMP,
    intervalScaling: "interest",
    averaging: "linear",
    sampling: "every minute",
    paymentPrice: "mark",
    cap: { none: "bybit publishes a cap value per symbol (instrument info), not a formula" },
    source: "§1.3",
  },
  okx: {
    intervalHours: 8,
    fixedInterval: false,
    interest8h: 0.0001,
    clamp: DEFAULT_FUNDING_CLAMP,
    intervalScaling: "interest",
    averaging: "linear",
    sampling: "every minute",
    paymentPrice: "mark",
    cap: {
      none: "okx publishes its caps per contract (maxFundingRate/minFundingRate), not a formula",
    },
    source: "§1.4",
  },
  dydx: {
    intervalHours: 1,
    fixedInterval: true,
    interest8h: 0,
    intervalScaling: "rate",
    averaging: "equal",
    sampling: "every minute (median of validator votes)",
    paymentPrice: "oracle",
    cap: {
      factor: 6,
      rate1: "initial margin fraction",
      rate2: "maintenance margin fraction",
      per: "8 hours",
    },
    source: "§1.5",
  },
  hyperliquid: {
    intervalHours: 1,
    fixedInterval: true,
    interest8h: 0.0001,
    clamp: DEFAULT_FUNDING_CLAMP,
    intervalScaling: "rate",
    venueBound: { limit: 0.04, on: "settlement" },
    averaging: "equal",
    sampling: "every 5 s",
    paymentPrice: "oracle",
    cap: {
      none: "hyperliquid bounds every asset at 0.04 per hour, already applied by LEV.FUNDING.RATE",
    },
    source: "§1.6",
  },
  lighter: {
    intervalHours: 1,
    fixedInterval: true,
    interest8h: 0.0001,
    clamp: DEFAULT_FUNDING_CLAMP,
    intervalScaling: "rate",
    venueBound: { limit: 0.04, on: "8h" },
    averaging: "equal",
    sampling: "every minute",
    paymentPrice: "mark",
    cap: {
      none: "lighter bounds the 8-hour rate at ±0.04 (0.005 per hour), already applied by LEV.FUNDING.RATE",
    },
    source: "§1.7",
  },
};

const clampTo = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/** A number for a message, without float noise (0.0006000000000000001 → 0.0006). */
const fmt = (x: number) => String(Number(x.toPrecision(12)));

/**
 * The dead band: P + clamp(I − P, −c, c), written so that inside the band the result is I exactly
 * (P + (I − P) is not I in floating point).
 */
function deadBand(P: number, I: number, c: number): number {
  const d = I - P;
  if (d > c) return P + c;
  if (d < -c) return P - c;
  return I;
}

// ---- LEV.FUNDING.PREMIUM ----------------------------------------------------------------------------

export interface FundingPremiumInput {
  impactBid: number;
  impactAsk: number;
  indexPrice: number;
}

/** Premium index [max(0, bid − idx) − max(0, idx − ask)]/idx (§1.1). */
export function fundingPremium(input: FundingPremiumInput): number {
  const bid = positiveArg("impact_bid", input.impactBid);
  const ask = positiveArg("impact_ask", input.impactAsk);
  const idx = positiveArg("index_price", input.indexPrice);
  if (bid > ask)
    throw numError(
      "impact_bid",
      `impact_bid must be ≤ impact_ask (got ${bid} > ${ask}): the impact bid is the average fill of a market sell`
    );
  const up = bid > idx ? bid - idx : 0;
  const down = idx > ask ? idx - ask : 0;
  return finiteResult("index_price", (up - down) / idx, "the premium");
}

// ---- LEV.FUNDING.AVERAGE ----------------------------------------------------------------------------

export const FUNDING_WEIGHTINGS = ["linear", "equal"] as const;
export type FundingWeighting = (typeof FUNDING_WEIGHTINGS)[number];

export interface FundingAverageInput {
  premiums: Series;
  weighting?: FundingWeighting;
}

/** Weighted average Σ w_k·p_k / Σ w_k, w_k = k ("linear", oldest first) or 1 ("equal") (§1.1). */
export function fundingAverage(input: FundingAverageInput): number {
  const weighting = choiceArg("weighting", input.weighting, FUNDING_WEIGHTINGS, "linear");
  const p = input.premiums;
  const n = p?.length;
  if (typeof n !== "number" || n === 0)
    throw valueError("premiums", "premiums is empty: give a row or column of premium samples");
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const x = p[k];
    if (typeof x !== "number" || !Number.isFinite(x))
      throw numError("premiums", `premiums must be finite numbers (position ${k + 1} is ${x})`);
    sum += weighting === "linear" ? (k + 1) * x : x;
  }
  const avg = weighting === "linear" ? sum / n / ((n + 1) / 2) : sum / n;
  return finiteResult("premiums", avg, "the weighted sum of premiums");
}

// ---- LEV.FUNDING.RATE -------------------------------------------------------------------------------

export interface FundingRateInput {
  averagePremium: number;
  venue?: FundingVenue;
  intervalHours?: number;
  interest8h?: number;
  clamp?: number;
  cap?: number;
  floor?: number;
}

/** The venue's funding rate for one settlement (§1.8; formulas in the module header). */
export function fundingRate(input: FundingRateInput): number {
  const venue = choiceArg("venue", input.venue, FUNDING_VENUES, "binance");
  const conv = FUNDING_CONVENTIONS[venue];
  const P = finiteArg("average_premium", input.averagePremium);

  let N = conv.intervalHours;
  if (input.intervalHours !== undefined && input.intervalHours !== null) {
    N = positiveArg("interval_hours", input.intervalHours, true);
    if (conv.fixedInterval && N !== conv.intervalHours)
      throw numError(
        "interval_hours",
        `${venue} settles every ${conv.intervalHours} h: interval_hours must be ${conv.intervalHours} or left out (got ${N}); its rate per settlement is the 8-hour formula × ${conv.intervalHours}/8`
      );
  }
  const I = optArg("interest_8h", input.interest8h, conv.interest8h);

  let c: number | undefined = conv.clamp;
  if (input.clamp !== undefined && input.clamp !== null) {
    if (c === undefined)
      throw valueError(
        "clamp",
        `${venue} has no dead band (rate = (premium + interest)/8): leave clamp out`
      );
    c = nonNegativeArg("clamp", input.clamp);
  }

  const cap = optArg("cap", input.cap, Infinity);
  const floor = optArg("floor", input.floor, -Infinity);
  if (cap < floor) throw numError("cap", `cap must be ≥ floor (got cap ${cap} < floor ${floor})`);

  const scale = N / 8;
  const interest = conv.intervalScaling === "interest" ? I * scale : I;
  let F = c === undefined ? P + interest : deadBand(P, interest, c);
  const bound = conv.venueBound;
  if (bound?.on === "8h") F = clampTo(F, -bound.limit, bound.limit);
  if (conv.intervalScaling === "rate") F = F * scale;
  if (bound?.on === "settlement") F = clampTo(F, -bound.limit, bound.limit);
  F = clampTo(F, floor, cap);
  return finiteResult("average_premium", F, "the funding rate");
}

// ---- LEV.FUNDING.INTEREST ---------------------------------------------------------------------------

export interface FundingInterestInput {
  quoteRateDaily: number;
  baseRateDaily: number;
  intervalHours?: number;
}

/** Interest component (q − b)/(24/N): the daily rate gap spread over the settlements of a day (§1.3). */
export function fundingInterest(input: FundingInterestInput): number {
  const q = finiteArg("quote_rate_daily", input.quoteRateDaily);
  const b = finiteArg("base_rate_daily", input.baseRateDaily);
  const N =
    input.intervalHours === undefined || input.intervalHours === null
      ? 8
      : positiveArg("interval_hours", input.intervalHours, true);
  const perDay = 24 / N;
  const whole = Math.round(perDay);
  if (!(whole >= 1 && Math.abs(perDay - whole) <= 1e-9 * whole))
    throw numError(
      "interval_hours",
      `interval_hours must divide a day into whole settlements (24/interval_hours = ${Number(perDay.toPrecision(12))}); e.g. 1, 2, 4, 8`
    );
  return finiteResult("quote_rate_daily", (q - b) / whole, "the interest component");
}

// ---- LEV.FUNDING.CAP --------------------------------------------------------------------------------

export interface FundingCapInput {
  venue: FundingVenue;
  rate1: number;
  rate2?: number;
}

/** The venue's cap formula: Binance 0.75 × maintenance rate; dYdX 6 × (IMF − MMF) per 8 hours (§1.2, §1.5). */
export function fundingCap(input: FundingCapInput): number {
  const venue = choiceArg("venue", input.venue, FUNDING_VENUES);
  const rule = FUNDING_CONVENTIONS[venue].cap;
  if ("none" in rule)
    throw valueError("venue", `no cap formula for venue "${venue}": ${rule.none}`);
  const r1 = intervalArg("rate1", input.rate1, 0, false, 1, true, `the ${rule.rate1}, a decimal`);
  let r2 = 0;
  if (rule.rate2 === undefined) {
    if (input.rate2 !== undefined && input.rate2 !== null)
      throw valueError(
        "rate2",
        `${venue}'s cap takes one rate (rate1 = the ${rule.rate1}): leave rate2 out`
      );
  } else {
    if (input.rate2 === undefined || input.rate2 === null)
      throw valueError("rate2", `${venue}'s cap needs rate2 = the ${rule.rate2} (e.g. 0.03)`);
    r2 = intervalArg("rate2", input.rate2, 0, true, 1, true, `the ${rule.rate2}, a decimal`);
    if (r2 > r1)
      throw numError(
        "rate2",
        `rate2 (the ${rule.rate2}) must be ≤ rate1 (the ${rule.rate1}) (got ${r2} > ${r1})`
      );
  }
  return rule.factor * (r1 - r2);
}

// ---- LEV.FUNDING.IMPACTNOTIONAL ---------------------------------------------------------------------

export interface FundingImpactNotionalInput {
  margin: number;
  initialMarginRate: number;
}

/** Impact notional = margin / IMR (Binance 200 USDT, dYdX 500 USDC) (§1.2, §1.5). */
export function fundingImpactNotional(input: FundingImpactNotionalInput): number {
  const m = positiveArg("margin", input.margin);
  const imr = intervalArg(
    "initial_margin_rate",
    input.initialMarginRate,
    0,
    false,
    1,
    true,
    "a decimal: 0.008 = 0.8%"
  );
  return finiteResult("initial_margin_rate", m / imr, "the impact notional");
}

// ---- LEV.FUNDING.IMPLIEDPREMIUM ---------------------------------------------------------------------

export interface FundingImpliedPremiumInput {
  rate: number;
  interest?: number;
  clamp?: number;
}

/** Premium implied by an observed 8-hour rate: F > I → F + c; F < I → F − c; F = I → #N/A (§1.11). */
export function fundingImpliedPremium(input: FundingImpliedPremiumInput): number {
  const F = finiteArg("rate", input.rate);
  const I = optArg("interest", input.interest, 0.0001);
  const c =
    input.clamp === undefined || input.clamp === null
      ? DEFAULT_FUNDING_CLAMP
      : nonNegativeArg("clamp", input.clamp);
  if (c === 0) return F; // no dead band: the rate is the premium
  if (F === I)
    throw naError(
      "rate",
      `premium not identifiable: the rate equals the interest (${I}), so the premium is anywhere in [${fmt(I - c)}, ${fmt(I + c)}] (dead band)`
    );
  return finiteResult("rate", F > I ? F + c : F - c, "the premium");
}

// ---- LEV.FUNDING.ANNUALIZE --------------------------------------------------------------------------

export const ANNUALIZE_METHODS = ["simple", "compound", "continuous"] as const;
export type AnnualizeMethod = (typeof ANNUALIZE_METHODS)[number];

export interface FundingAnnualizeInput {
  rate: number;
  intervalHours: number;
  method?: AnnualizeMethod;
  daysPerYear?: number;
}

/** n = days·24/N settlements a year: simple F·n, compound (1+F)^n − 1, continuous n·ln(1+F) (§1.9). */
export function fundingAnnualize(input: FundingAnnualizeInput): number {
  const F = finiteArg("rate", input.rate);
  const N = positiveArg("interval_hours", input.intervalHours);
  const method = choiceArg("method", input.method, ANNUALIZE_METHODS, "simple");
  const days =
    input.daysPerYear === undefined || input.daysPerYear === null
      ? 365
      : positiveArg("days_per_year", input.daysPerYear, true);
  const n = finiteResult("interval_hours", (days * 24) / N, "the number of settlements a year");
  if (method === "simple") return finiteResult("rate", F * n, "the annual rate");
  if (!(F > -1)) throw numError("rate", `rate must be > -1 for the "${method}" method (got ${F})`);
  const logGrowth = n * Math.log1p(F);
  if (method === "continuous") return finiteResult("rate", logGrowth, "the annual rate");
  return finiteResult("rate", Math.expm1(logGrowth), "the compounded annual rate");
}

// ---- LEV.FUNDING.PAYMENT ----------------------------------------------------------------------------

export interface FundingPaymentInput {
  quantity: number;
  price: number;
  rate: number;
}

/** Cash to the holder −quantity·price·rate (quantity signed: + long, − short) (§1.10). */
export function fundingPayment(input: FundingPaymentInput): number {
  const q = finiteArg("quantity", input.quantity);
  const p = positiveArg("price", input.price);
  const F = finiteArg("rate", input.rate);
  return finiteResult("quantity", -q * p * F, "the payment");
}

// ---- LEV.BASIS --------------------------------------------------------------------------------------

export const BASIS_METHODS = ["simple", "compound"] as const;
export type BasisMethod = (typeof BASIS_METHODS)[number];

export interface BasisInput {
  futurePrice: number;
  spotPrice: number;
  days?: number;
  method?: BasisMethod;
}

/** F/S − 1; with days: simple (F/S − 1)·365/days or compound (F/S)^(365/days) − 1 (§1.11). */
export function basis(input: BasisInput): number {
  const F = positiveArg("future_price", input.futurePrice);
  const S = positiveArg("spot_price", input.spotPrice);
  const premium = (F - S) / S;
  if (input.days === undefined || input.days === null) {
    if (input.method !== undefined && input.method !== null)
      throw valueError(
        "method",
        "method annualises the basis and needs days (the days to expiry): give days or leave method out"
      );
    return finiteResult("future_price", premium, "the basis");
  }
  const days = positiveArg("days", input.days, true);
  const method = choiceArg("method", input.method, BASIS_METHODS, "simple");
  const k = 365 / days;
  if (method === "simple") return finiteResult("days", premium * k, "the annualised basis");
  return finiteResult("days", Math.expm1(k * Math.log1p(premium)), "the compounded basis");
}
