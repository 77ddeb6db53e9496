import {
  type BasisInput,
  type FundingAnnualizeInput,
  type FundingAverageInput,
  type FundingCapInput,
  type FundingImpactNotionalInput,
  type FundingImpliedPremiumInput,
  type FundingInterestInput,
  type FundingPaymentInput,
  type FundingPremiumInput,
  type FundingRateInput,
  ANNUALIZE_METHODS,
  BASIS_METHODS,
  FUNDING_VENUES,
  FUNDING_WEIGHTINGS,
  basis,
  fundingAnnualize,
  fundingAverage,
  fundingCap,
  fundingImpactNotional,
  fundingImpliedPremium,
  fundingInterest,
  fundingPayment,
  fundingPremium,
  fundingRate,
} from "../../src/engine";
import { type Plausible, defineFunction, opt, req, nonNegative, positive } from "../declare";

const REF = "docs/references/funding-defi.md";
const VENUE_LIST = '"binance", "bybit", "okx", "dydx", "hyperliquid" or "lighter"';

/** A funding rate per settlement: the largest venue bound is 4% an hour. */
const RATE_PLAUSIBLE: Plausible = {
  min: -0.1,
  max: 0.1,
  percent: true,
  why: "a funding rate beyond ±10% per settlement",
};
/** An 8-hour interest component (0.0001 = 0.01% by default). */
const INTEREST_PLAUSIBLE: Plausible = {
  min: -0.01,
  max: 0.01,
  percent: true,
  why: "an interest component beyond ±1% per 8 hours",
};
const CLAMP_PLAUSIBLE: Plausible = {
  max: 0.01,
  percent: true,
  why: "a dead band wider than ±1% per 8 hours",
};
const INTERVAL_PLAUSIBLE: Plausible = { max: 24, why: "a funding interval longer than a day" };
/** An interest rate per day of LEV.FUNDING.INTEREST's two currencies. */
const DAILY_RATE_PLAUSIBLE: Plausible = {
  min: -0.01,
  max: 0.01,
  percent: true,
  why: "a daily rate beyond ±1%",
};
/** LEV.FUNDING.CAP's margin rates and fractions (LEV.FUNDING.IMPACTNOTIONAL's reason names the initial rate). */
const MARGIN_RATE_PLAUSIBLE: Plausible = { max: 1, percent: true, why: "a margin rate above 100%" };

export const FUNDING_PREMIUM = defineFunction<FundingPremiumInput>()({
  id: "FUNDING.PREMIUM",
  jsName: "fundingPremium",
  summary:
    "Premium index of a perpetual: how far the impact bid is above, or the impact ask below, the index price.",
  params: {
    impactBid: req.number(
      "Impact bid: average fill price of a market sell of the impact notional.",
      {
        unit: "price",
        domain: positive,
      }
    ),
    impactAsk: req.number(
      "Impact ask: average fill price of a market buy of the impact notional.",
      {
        unit: "price",
        domain: positive,
      }
    ),
    indexPrice: req.number("Index (or oracle) price.", { unit: "price", domain: positive }),
  },
  result: "Premium (decimal, 0.001 = 0.1%): [max(0, bid − index) − max(0, index − ask)] / index.",
  run: fundingPremium,
  examples: [
    {
      formula: "=LEV.FUNDING.PREMIUM(30030,30045,30000)",
      note: "both impact prices above the index: premium 0.1%",
      expected: 0.001,
      tolerance: 1e-15,
      source: `${REF} fdp#FC-01`,
    },
    {
      formula: "=LEV.FUNDING.PREMIUM(29990,30010,30000)",
      note: "index inside the impact spread: no premium",
      expected: 0,
      tolerance: 1e-15,
      source: `${REF} fdp#FC-03`,
    },
  ],
});

export const FUNDING_AVERAGE = defineFunction<FundingAverageInput>()({
  id: "FUNDING.AVERAGE",
  jsName: "fundingAverage",
  summary:
    'Average of premium samples over a funding window: "linear" weights 1…n (Binance, Bybit, OKX) or "equal" (dYdX, Hyperliquid, Lighter).',
  params: {
    premiums: req.series("Premium samples, oldest first (one row or column)."),
    weighting: opt.choice(FUNDING_WEIGHTINGS, '"linear" (weights 1, 2, …, n) or "equal".', {
      default: '"linear"',
    }),
  },
  result: "Average premium (decimal).",
  run: fundingAverage,
  examples: [
    {
      formula: "=LEV.FUNDING.AVERAGE({0.0001;0.0002;0.0003;0.0006})",
      note: "linear weights favour the latest samples",
      expected: 0.00038,
      tolerance: 1e-15,
      source: `${REF} fdp#FC-04`,
    },
    {
      formula: '=LEV.FUNDING.AVERAGE({0.0001;0.0002;0.0003;0.0006},"equal")',
      note: "plain mean",
      expected: 0.0003,
      tolerance: 1e-15,
      source: `${REF} fdp#FC-05`,
    },
  ],
});

export const FUNDING_RATE = defineFunction<FundingRateInput>()({
  id: "FUNDING.RATE",
  jsName: "fundingRate",
  summary:
    "Funding rate of one settlement under a venue's rule (dead band, interval scaling, venue bound); dYdX, Hyperliquid and Lighter settle hourly.",
  params: {
    averagePremium: req.number("Average premium over the window (decimal, LEV.FUNDING.AVERAGE).", {
      unit: "decimal",
      plausible: {
        min: -1,
        max: 1,
        percent: true,
        why: "a premium beyond ±100% of the index",
      },
    }),
    venue: opt.choice(FUNDING_VENUES, `${VENUE_LIST}.`, { default: '"binance"' }),
    intervalHours: opt.number(
      "Hours between settlements (Binance, Bybit, OKX: 1, 2, 4 or 8; the hourly venues: 1).",
      {
        default: "8 (dydx, hyperliquid, lighter: 1)",
        domain: positive,
        plausible: INTERVAL_PLAUSIBLE,
      }
    ),
    interest8h: opt.number("Interest component per 8 hours (decimal, 0.0001 = 0.01%).", {
      name: "interest_8h",
      unit: "decimal",
      default: "the venue's: 0.0001 (dydx: 0, its cross markets)",
      plausible: INTEREST_PLAUSIBLE,
    }),
    clamp: opt.number(
      "Half-width of the dead band around the interest, per 8 hours (decimal; not for dydx).",
      { unit: "decimal", default: 0.0005, domain: nonNegative, plausible: CLAMP_PLAUSIBLE }
    ),
    cap: opt.number("Largest rate per settlement (decimal); for dydx, LEV.FUNDING.CAP / 8.", {
      unit: "decimal",
      default: "no cap",
      plausible: RATE_PLAUSIBLE,
      zeroMeansBlank: true,
    }),
    floor: opt.number("Smallest rate per settlement (decimal, usually −cap).", {
      unit: "decimal",
      default: "no floor",
      plausible: RATE_PLAUSIBLE,
      zeroMeansBlank: true,
    }),
  },
  result: "Funding rate per settlement (decimal; longs pay shorts when positive).",
  run: fundingRate,
  examples: [
    {
      formula: '=LEV.FUNDING.RATE(0.000429,"binance",8)',
      note: "Binance FAQ, 2020-08-28 08:00 UTC: a premium inside the dead band gives the interest 0.01%",
      expected: 0.0001,
      tolerance: 1e-12,
      source: `${REF} fdp#FP-01 (Binance funding FAQ 360033525031)`,
    },
    {
      formula: '=LEV.FUNDING.RATE(0.002,"binance",4)',
      note: "Binance scales the whole 8-hour rate by 4/8",
      expected: 0.00075,
      tolerance: 1e-15,
      source: `${REF} fdp#FC-07`,
    },
    {
      formula: '=LEV.FUNDING.RATE(0.002,"bybit",4)',
      note: "Bybit scales only the interest: the same premium costs twice as much per 4 hours",
      expected: 0.0015,
      tolerance: 1e-15,
      source: `${REF} fdp#FC-10`,
    },
    {
      formula: '=LEV.FUNDING.RATE(-0.0005591732,"hyperliquid")',
      note: "Hyperliquid: one eighth of the 8-hour rate every hour (API fundingHistory row −0.0000073966)",
      expected: -7.39665e-6,
      tolerance: 1e-10,
      source: `${REF} fdp#FP-13`,
    },
    {
      formula: '=LEV.FUNDING.RATE(0.005,"okx",8,0,0,0.00375,-0.00375)',
      note: "OKX legacy method: no interest, no dead band, BTC bound ±0.375%",
      expected: 0.00375,
      tolerance: 1e-15,
      source: `${REF} fdp#FP-15 (okx.com/help/360053909272)`,
    },
  ],
});

export const FUNDING_INTEREST = defineFunction<FundingInterestInput>()({
  id: "FUNDING.INTEREST",
  jsName: "fundingInterest",
  summary:
    "Interest component of a funding rate: the daily quote-minus-base rate gap spread over the settlements of a day.",
  params: {
    quoteRateDaily: req.number("Quote-currency interest rate per day (decimal, 0.0006 = 0.06%).", {
      unit: "decimal/period",
      plausible: DAILY_RATE_PLAUSIBLE,
    }),
    baseRateDaily: req.number("Base-currency interest rate per day (decimal).", {
      unit: "decimal/period",
      plausible: DAILY_RATE_PLAUSIBLE,
    }),
    intervalHours: opt.number("Hours between settlements (24 must be a whole multiple of it).", {
      default: 8,
      domain: positive,
      plausible: INTERVAL_PLAUSIBLE,
    }),
  },
  result: "Interest per settlement (decimal).",
  run: fundingInterest,
  examples: [
    {
      formula: "=LEV.FUNDING.INTEREST(0.0006,0.0003,8)",
      note: "Bybit's example: 0.06% − 0.03% a day over 3 settlements",
      expected: 0.0001,
      tolerance: 1e-15,
      source: `${REF} fdp#FP-07 (help.bybit.com 360039261114)`,
    },
  ],
});

export const FUNDING_CAP = defineFunction<FundingCapInput>()({
  id: "FUNDING.CAP",
  jsName: "fundingCap",
  summary:
    "Funding cap from a venue's formula: Binance 0.75 × maintenance rate (per settlement); dYdX 6 × (IMF − MMF) per 8 hours.",
  params: {
    venue: req.choice(FUNDING_VENUES, '"binance" or "dydx" (the venues with a cap formula).'),
    rate1: req.number(
      "binance: maintenance rate at the maximum-leverage tier; dydx: initial margin fraction (decimal).",
      {
        unit: "decimal",
        domain: positive, // and ≤ 1: above 1 the plausible range answers with a percentage hint
        plausible: MARGIN_RATE_PLAUSIBLE,
      }
    ),
    rate2: opt.number("dydx: maintenance margin fraction (decimal); leave out for binance.", {
      unit: "decimal",
      default: "none (binance)",
      domain: nonNegative, // and ≤ 1, as rate1
      plausible: MARGIN_RATE_PLAUSIBLE,
      zeroMeansBlank: true,
    }),
  },
  result: "Cap on the funding rate (decimal; the floor is its negative).",
  run: fundingCap,
  examples: [
    {
      formula: '=LEV.FUNDING.CAP("dydx",0.05,0.03)',
      note: "dYdX large-cap market (IMF 5%, MMF 3%): 12% per 8 hours",
      expected: 0.12,
      tolerance: 1e-15,
      source: `${REF} fdp#FP-09 (dydxprotocol/v4-documentation funding.mdx)`,
    },
    {
      formula: '=LEV.FUNDING.CAP("binance",0.004)',
      note: "BTCUSDT, maintenance rate 0.4%: ±0.3%",
      expected: 0.003,
      tolerance: 1e-15,
      source: `${REF} fdp#FP-06 (Binance funding FAQ)`,
    },
    {
      formula: '=LEV.FUNDING.CAP("bybit",0.005)',
      note: "Bybit publishes cap values, not a formula",
      error: "#VALUE!",
    },
  ],
});

export const FUNDING_IMPACTNOTIONAL = defineFunction<FundingImpactNotionalInput>()({
  id: "FUNDING.IMPACTNOTIONAL",
  jsName: "fundingImpactNotional",
  summary:
    "Impact notional: the order size whose average fill defines the impact bid and ask (margin / initial margin rate).",
  params: {
    margin: req.number("Impact margin (Binance 200 USDT, dYdX 500 USDC).", {
      unit: "currency",
      domain: positive,
    }),
    initialMarginRate: req.number("Initial margin rate at the maximum leverage (decimal).", {
      unit: "decimal",
      domain: positive, // and ≤ 1: above 1 the plausible range answers with a percentage hint
      plausible: { max: 1, percent: true, why: "an initial margin rate above 100%" },
    }),
  },
  result: "Impact notional (currency).",
  run: fundingImpactNotional,
  examples: [
    {
      formula: "=LEV.FUNDING.IMPACTNOTIONAL(200,0.008)",
      note: "Binance, 125x (IMR 0.8%)",
      expected: 25000,
      tolerance: 1e-9,
      source: `${REF} fdp#FP-04 (Binance funding FAQ)`,
    },
    {
      formula: "=LEV.FUNDING.IMPACTNOTIONAL(500,0.1)",
      note: "dYdX, IMF 10%",
      expected: 5000,
      tolerance: 1e-9,
      source: `${REF} fdp#FP-10 (dYdX funding.mdx)`,
    },
  ],
});

export const FUNDING_IMPLIEDPREMIUM = defineFunction<FundingImpliedPremiumInput>()({
  id: "FUNDING.IMPLIEDPREMIUM",
  jsName: "fundingImpliedPremium",
  summary:
    "Average premium implied by an observed 8-hour funding rate (Binance/Bybit dead band); #N/A inside the band.",
  params: {
    rate: req.number("Observed 8-hour funding rate (decimal).", {
      unit: "decimal",
      plausible: RATE_PLAUSIBLE,
    }),
    interest: opt.number("Interest component per 8 hours (decimal).", {
      unit: "decimal",
      default: 0.0001,
      plausible: INTEREST_PLAUSIBLE,
    }),
    clamp: opt.number("Half-width of the dead band (decimal).", {
      unit: "decimal",
      default: 0.0005,
      domain: nonNegative,
      plausible: CLAMP_PLAUSIBLE,
    }),
  },
  result: "Implied average premium (decimal).",
  run: fundingImpliedPremium,
  examples: [
    {
      formula: "=LEV.FUNDING.IMPLIEDPREMIUM(0.0015)",
      note: "a rate above the interest: premium = rate + 0.05%",
      expected: 0.002,
      tolerance: 1e-15,
      source: `${REF} fdp#FC-21`,
    },
    {
      formula: "=LEV.FUNDING.IMPLIEDPREMIUM(0.0001)",
      note: "a rate equal to the interest says only that the premium is in the dead band",
      error: "#N/A",
    },
  ],
});

export const FUNDING_ANNUALIZE = defineFunction<FundingAnnualizeInput>()({
  id: "FUNDING.ANNUALIZE",
  jsName: "fundingAnnualize",
  summary:
    'Funding rate per settlement as an annual rate: "simple" (the cost of a constant notional; what LEV.CARRY takes), "compound" or "continuous".',
  params: {
    rate: req.number("Funding rate per settlement (decimal).", {
      unit: "decimal/period",
      plausible: RATE_PLAUSIBLE,
    }),
    intervalHours: req.number("Hours between settlements (8, 4, 1, …).", {
      domain: positive,
      plausible: INTERVAL_PLAUSIBLE,
    }),
    method: opt.choice(
      ANNUALIZE_METHODS,
      '"simple" rate·n, "compound" (1 + rate)^n − 1 or "continuous" n·ln(1 + rate), n = days·24/interval_hours.',
      { default: '"simple"' }
    ),
    daysPerYear: opt.number("Days in a year (365, 365.25 or 366).", {
      default: 365,
      domain: positive,
      plausible: { max: 366, why: "a year longer than 366 days" },
    }),
  },
  result: "Annual rate (decimal).",
  run: fundingAnnualize,
  examples: [
    {
      formula: "=LEV.FUNDING.ANNUALIZE(0.0001,8)",
      note: "0.01% every 8 hours, 1,095 settlements: 10.95% a year (feed this to LEV.CARRY)",
      expected: 0.1095,
      tolerance: 1e-15,
      source: `${REF} fdp#FC-17`,
    },
    {
      formula: '=LEV.FUNDING.ANNUALIZE(0.0001,8,"compound")',
      note: "reinvested funding of a cash-and-carry position",
      expected: 0.115713963,
      tolerance: 1e-9,
      source: `${REF} fdp#FC-18`,
    },
  ],
});

export const FUNDING_PAYMENT = defineFunction<FundingPaymentInput>()({
  id: "FUNDING.PAYMENT",
  jsName: "fundingPayment",
  summary:
    "Funding cash flow to the position holder at one settlement: −quantity × price × rate (mark price on Binance, Bybit, OKX; oracle on dYdX, Hyperliquid).",
  params: {
    quantity: req.number("Signed position size in base units (+ long, − short).", {
      unit: "quantity",
    }),
    price: req.number("Mark or oracle price at settlement.", { unit: "price", domain: positive }),
    rate: req.number("Funding rate of the settlement (decimal).", {
      unit: "decimal/period",
      plausible: RATE_PLAUSIBLE,
    }),
  },
  result: "Cash received (negative = paid), quote currency.",
  run: fundingPayment,
  examples: [
    {
      formula: "=LEV.FUNDING.PAYMENT(1.5,60000,0.0001)",
      note: "a 1.5 BTC long pays 9 USDT at 0.01%",
      expected: -9,
      tolerance: 1e-9,
      source: `${REF} fdp#FC-15`,
    },
  ],
});

export const BASIS = defineFunction<BasisInput>()({
  id: "BASIS",
  jsName: "basis",
  summary:
    "Basis of a dated future over spot, F/S − 1; with days to expiry, annualised simple or compound.",
  params: {
    futurePrice: req.number("Futures price.", { unit: "price", domain: positive }),
    spotPrice: req.number("Spot (index) price.", { unit: "price", domain: positive }),
    days: opt.number("Days to expiry: annualises the basis.", {
      default: "not annualised",
      domain: positive,
    }),
    method: opt.choice(BASIS_METHODS, '"simple" (F/S − 1)·365/days or "compound".', {
      default: '"simple"',
    }),
  },
  result: "Basis (decimal), annualised when days is given.",
  run: basis,
  examples: [
    {
      formula: "=LEV.BASIS(61000,60000,90)",
      note: "90 days to expiry, simple annualised",
      expected: 0.0675925926,
      tolerance: 1e-10,
      source: `${REF} fdp#FC-22`,
    },
    {
      formula: '=LEV.BASIS(61000,60000,90,"compound")',
      note: "compounded",
      expected: 0.0693334414,
      tolerance: 1e-10,
      source: `${REF} fdp#FC-22`,
    },
  ],
});
