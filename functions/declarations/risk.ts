/**
 * Risk of total loss (docs/spec/functions.md Part 2): liquidation probability and expected time under GBM,
 * safe distance and safe leverage, and the loss probability of a rebalanced product.
 * Formulas and worked examples: docs/references/risk-cascades.md (ids rc#…).
 */
import {
  type LiqProbInput,
  type LiqSafeDistanceInput,
  type LiqSafeLeverageInput,
  type LiqTimeInput,
  type LossProbInput,
  liqProb,
  liqSafeDistance,
  liqSafeLeverage,
  liqTime,
  lossProb,
} from "../../src/engine";
import {
  defineFunction,
  opt,
  req,
  nonNegative,
  positive,
  nonZero,
  type Domain,
  type Plausible,
} from "../declare";

import { VOLATILITY as PLAUSIBLE_VOLATILITY } from "./plausible";

const SIDE = req.side('"long" or "short" (or 1 / -1).');
const VOLATILITY = {
  unit: "decimal/year",
  domain: nonNegative,
  plausible: PLAUSIBLE_VOLATILITY,
} as const;
const DRIFT_PLAUSIBLE: Plausible = {
  min: -10,
  max: 10,
  percent: true,
  why: "an annual drift beyond ±1000%",
};
const YEARS_PLAUSIBLE: Plausible = { max: 100, why: "a horizon above 100 years" };
/** (0, 1), both ends excluded. */
const openUnit: Domain = {
  min: { value: 0, inclusive: false },
  max: { value: 1, inclusive: false },
};
const RATE: Domain = { min: { value: 0, inclusive: true }, max: { value: 1, inclusive: false } };

const DRIFT = opt.number(
  "Annual arithmetic drift μ of the price (decimal; 0 = a martingale price, as LEV.SIMULATE).",
  { unit: "decimal/year", default: 0, plausible: DRIFT_PLAUSIBLE }
);
const MONITORING = opt.number(
  "Time between price checks in years: 0 = continuous (exchange mark price); e.g. 1/365 for a daily close or an oracle's heartbeat (Broadie–Glasserman–Kou shift).",
  { unit: "years", default: 0, domain: nonNegative }
);
const HORIZON = opt.number("Horizon in years; leave it out for no horizon.", {
  unit: "years",
  default: "no horizon",
  domain: nonNegative,
  plausible: YEARS_PLAUSIBLE,
  zeroMeansBlank: true,
});
const MARK_PRICE = req.number("Current (mark) price (> 0).", { unit: "price", domain: positive });
const PRICE_VOLATILITY = req.number("Annualised volatility σ of the price (decimal).", VOLATILITY);
/**
 * The first arguments of LEV.LIQ.SAFE.DISTANCE and LEV.LIQ.SAFE.LEVERAGE: side, volatility, a horizon (> 0,
 * required), the acceptable probability and the drift.
 */
const SAFE_TARGET = {
  side: SIDE,
  volatility: PRICE_VOLATILITY,
  years: req.number("Horizon in years (> 0).", {
    unit: "years",
    domain: positive,
    plausible: YEARS_PLAUSIBLE,
  }),
  maxProbability: req.number("Acceptable probability of liquidation (between 0 and 1).", {
    unit: "decimal",
    domain: openUnit,
  }),
  drift: DRIFT,
};

export const LIQ_PROB = defineFunction<LiqProbInput>()({
  id: "LIQ.PROB",
  jsName: "liqProb",
  summary:
    "Probability that the price touches the liquidation price within the horizon (first passage of GBM, closed form).",
  params: {
    side: SIDE,
    price: MARK_PRICE,
    liquidationPrice: req.number(
      "Liquidation price (≥ 0), e.g. from LEV.LIQ.PRICE or LEV.LIQ.LEVERAGE.",
      { unit: "price", domain: nonNegative }
    ),
    volatility: req.number(
      "Annualised volatility σ of the price (decimal, 0.8 = 80%).",
      VOLATILITY
    ),
    years: HORIZON,
    drift: DRIFT,
    monitoringIntervalYears: MONITORING,
  },
  result: "Probability between 0 and 1.",
  run: liqProb,
  examples: [
    {
      formula: '=LEV.LIQ.PROB("long",100,90,0.8,30/365)',
      note: "a long 10% above its liquidation price, σ 80%, 30 days",
      expected: 0.679562669173,
      tolerance: 1e-9,
      source: "docs/references/risk-cascades.md rc#3 (computed, Monte Carlo checked)",
    },
    {
      formula: '=LEV.LIQ.PROB("long",105,100,0.2,0.5,0.1)',
      note: "Haug's down-and-in cash-at-expiry barrier: 9.3604/(15·e^(−0.05))",
      expected: 0.656021,
      tolerance: 4e-6,
      source: "docs/references/risk-cascades.md rc#1 (published: Haug 1998 p. 95)",
    },
    {
      formula: '=LEV.LIQ.PROB("short",100,110,0.8)',
      note: "no horizon, martingale price: a short is ever liquidated with probability S₀/B",
      expected: 0.909090909091,
      tolerance: 1e-12,
      source: "docs/references/risk-cascades.md rc#14 (optional stopping)",
    },
    {
      formula: '=LEV.LIQ.PROB("long",100,90,0.8,30/365,0,1/365)',
      note: "the same long checked on daily closes only",
      expected: 0.60846276641,
      tolerance: 1e-9,
      source: "docs/references/risk-cascades.md rc#7 (computed, BGK shift)",
    },
    {
      formula: '=LEV.LIQ.PROB("long",100,105,0.8,1)',
      note: "a long whose liquidation price is above the price: check side",
      error: "#NUM!",
    },
  ],
});

export const LIQ_TIME = defineFunction<LiqTimeInput>()({
  id: "LIQ.TIME",
  jsName: "liqTime",
  summary:
    "Expected time to liquidation in years under GBM: E[τ] with no horizon, E[min(τ, years)] with one.",
  params: {
    side: SIDE,
    price: MARK_PRICE,
    liquidationPrice: req.number("Liquidation price (≥ 0).", {
      unit: "price",
      domain: nonNegative,
    }),
    volatility: PRICE_VOLATILITY,
    years: HORIZON,
    drift: DRIFT,
  },
  result: "Years.",
  run: liqTime,
  examples: [
    {
      formula: '=LEV.LIQ.TIME("long",100,90,0.8,30/365)',
      note: "expected time to liquidation, capped at the 30-day horizon",
      expected: 0.0430479138439,
      tolerance: 1e-11,
      source:
        "docs/references/risk-cascades.md rc#19 (computed, quadrature and Monte Carlo checked)",
    },
    {
      formula: '=LEV.LIQ.TIME("long",100,90,0.8)',
      note: "no horizon: h/a with a = σ²/2 for a martingale price",
      expected: 0.329251611431,
      tolerance: 1e-12,
      source: "docs/references/risk-cascades.md rc#18",
    },
    {
      formula: '=LEV.LIQ.TIME("short",100,110,0.8)',
      note: "a short under a martingale price may never be liquidated: the mean is infinite",
      error: "#N/A",
    },
  ],
});

export const LIQ_SAFE_DISTANCE = defineFunction<LiqSafeDistanceInput>()({
  id: "LIQ.SAFE.DISTANCE",
  jsName: "liqSafeDistance",
  summary:
    "Signed fractional move to the liquidation price whose touch probability within the horizon equals max_probability.",
  params: {
    ...SAFE_TARGET,
    monitoringIntervalYears: MONITORING,
  },
  result: "Signed fraction of the price (negative for a long: −0.46 = 46% below).",
  run: liqSafeDistance,
  examples: [
    {
      formula: '=LEV.LIQ.SAFE.DISTANCE("long",0.8,30/365,0.01)',
      note: "a 1% chance in 30 days at σ 80%: liquidation price 45.9% below",
      expected: -0.458992292494,
      tolerance: 1e-10,
      source: "docs/references/risk-cascades.md rc#33 (computed)",
    },
  ],
});

export const LIQ_SAFE_LEVERAGE = defineFunction<LiqSafeLeverageInput>()({
  id: "LIQ.SAFE.LEVERAGE",
  jsName: "liqSafeLeverage",
  summary:
    "Largest leverage whose LEV.LIQ.LEVERAGE liquidation price has a touch probability within the horizon of at most max_probability.",
  params: {
    ...SAFE_TARGET,
    maintenanceRate: opt.number("Maintenance margin rate (decimal), as LEV.LIQ.LEVERAGE.", {
      unit: "decimal",
      default: 0.005,
      domain: RATE,
    }),
    monitoringIntervalYears: MONITORING,
    closeFeeRate: opt.number("Closing fee rate (decimal), as LEV.LIQ.LEVERAGE.", {
      unit: "decimal",
      default: 0,
      domain: RATE,
    }),
  },
  result: "Leverage (a multiple; below 1 for a short over a long horizon).",
  run: liqSafeLeverage,
  examples: [
    {
      formula: '=LEV.LIQ.SAFE.LEVERAGE("long",0.8,30/365,0.01)',
      note: "1% chance of liquidation in 30 days at σ 80%, maintenance 0.5%",
      expected: 2.16592111929,
      tolerance: 1e-8,
      source: "docs/references/risk-cascades.md rc#25 (computed, Monte Carlo checked)",
    },
    {
      formula: '=LEV.LIQ.SAFE.LEVERAGE("short",0.8,1,0.05)',
      note: "a short over a year: the safe leverage is below 1",
      expected: 0.367248783947,
      tolerance: 1e-9,
      source: "docs/references/risk-cascades.md rc#30 (computed)",
    },
  ],
});

export const LOSS_PROB = defineFunction<LossProbInput>()({
  id: "LOSS.PROB",
  jsName: "lossProb",
  summary:
    "Probability that a continuously rebalanced L× product loses at least the given fraction over the horizon (lognormal).",
  params: {
    leverage: req.number("Leverage L (a multiple; negative for an inverse product).", {
      unit: "multiple",
      domain: nonZero,
    }),
    volatility: req.number("Annualised volatility σ of the underlying (decimal).", VOLATILITY),
    years: req.number("Horizon in years.", {
      unit: "years",
      domain: nonNegative,
      plausible: YEARS_PLAUSIBLE,
    }),
    loss: req.number("Loss as a fraction of value, between 0 and 1 (0.5 = half).", {
      unit: "decimal",
      domain: { min: { value: 0, inclusive: true }, max: { value: 1, inclusive: true } },
    }),
    drift: DRIFT,
    costRate: opt.number(
      "Continuous annual cost (fees + financing, decimal), e.g. −ln(1 − LEV.CARRY(…, 1)).",
      {
        unit: "decimal/year",
        default: 0,
        plausible: { min: -1, max: 1, percent: true, why: "an annual cost beyond ±100%" },
      }
    ),
  },
  result: "Probability between 0 and 1.",
  run: lossProb,
  examples: [
    {
      formula: "=LEV.LOSS.PROB(3,0.8,1,0.5)",
      note: "a 3x product at σ 80% loses half its value within a year",
      expected: 0.818902014895,
      tolerance: 1e-10,
      source: "docs/references/risk-cascades.md rc#34 (computed, Monte Carlo checked)",
    },
  ],
});
