import {
  type AprInput,
  type ApyInput,
  type LoopApyInput,
  type LoopHealthInput,
  type LoopLeverageInput,
  type LoopLiqRatioInput,
  type LoopRunwayInput,
  type RateAaveInput,
  type RateCometInput,
  AAVE_SIDES,
  apr,
  apy,
  loopApy,
  loopHealth,
  loopLeverage,
  loopLiqRatio,
  loopRunway,
  rateAave,
  rateComet,
} from "../../src/engine";
import {
  type Domain,
  type Plausible,
  defineFunction,
  opt,
  req,
  nonNegative,
  positive,
} from "../declare";
import { SIGNED_ANNUAL_RATE } from "./plausible";

const REF = "docs/references/funding-defi.md";

/**
 * A fraction whose values above 1 are read as percentages: the declared domain is its lower end only, and
 * `FRACTION` (plausible max 1) answers #VALUE! "did you mean 0.8 (80%)?" above 1 (the engine still answers
 * #NUM! there when called directly).
 */
const fraction: Domain = nonNegative;
/** A fraction typed as a percentage: 80 → "did you mean 0.8 (80%)?". */
const FRACTION: Plausible = { max: 1, percent: true, why: "a fraction above 100%" };
const BORROW_RATE: Plausible = {
  min: -1,
  max: 2,
  percent: true,
  why: "an annual borrow rate beyond 200%",
};
const LOOP_LEVERAGE_RANGE: Plausible = {
  max: 100,
  why: "a loop leverage above 100x (an LTV above 99%)",
};
const atLeastOne: Domain = { min: { value: 1, inclusive: true } };
/** A threshold is in (0, 1]; the engine answers #NUM! above 1 up to 2, where THRESHOLD takes over. */
const threshold: Domain = positive;
/** Above 2 a threshold reads as a percentage (82.5 → 0.825); 1–2 is left to the engine's #NUM!. */
const THRESHOLD: Plausible = { max: 2, percent: true, why: "a liquidation threshold above 200%" };
/** A rate curve's base rate and its slope below the kink (Aave and Comet). */
const BASE_RATE: Plausible = { max: 1, percent: true, why: "a base rate above 100% a year" };
const SLOPE_BELOW_KINK: Plausible = {
  max: 1,
  percent: true,
  why: "a slope below the kink above 100% a year",
};

/** n of LEV.APY and LEV.APR. */
const COMPOUNDING_PERIODS = opt.number(
  "Compounding periods per year (31,536,000 = every second).",
  {
    unit: "per year",
    default: 31536000,
    domain: positive,
  }
);

/** The leverage of a loop (LEV.LOOP.APY, LEV.LOOP.HEALTH, LEV.LOOP.LIQRATIO). */
const LOOP_MULTIPLE = req.number("Loop leverage: collateral / equity (≥ 1).", {
  unit: "multiple",
  domain: atLeastOne,
  plausible: LOOP_LEVERAGE_RANGE,
});
/** L and LT, the arguments LEV.LOOP.HEALTH and LEV.LOOP.LIQRATIO start with. */
const LOOP_AND_THRESHOLD = {
  leverage: LOOP_MULTIPLE,
  liquidationThreshold: req.number("Liquidation threshold of the collateral (decimal).", {
    unit: "decimal",
    domain: threshold,
    plausible: THRESHOLD,
  }),
};

export const RATE_AAVE = defineFunction<RateAaveInput>()({
  id: "RATE.AAVE",
  jsName: "rateAave",
  summary:
    "Aave v3 variable borrow APR at a utilization (kinked at the optimal usage ratio), or the supply APR.",
  params: {
    utilization: req.number("Utilization: debt / (available liquidity + debt) (decimal).", {
      unit: "decimal",
      domain: fraction,
      plausible: FRACTION,
    }),
    optimal: req.number("Optimal usage ratio U* (decimal, 0.9 = 90%).", {
      unit: "decimal",
      domain: positive, // and < 1: FRACTION above 1, the engine's #NUM! at 1
      plausible: FRACTION,
    }),
    base: req.number("Base variable borrow rate R0 (annual, decimal).", {
      unit: "decimal/year",
      domain: nonNegative,
      plausible: BASE_RATE,
    }),
    slope1: req.number("Slope below U* (annual, decimal).", {
      unit: "decimal/year",
      domain: nonNegative,
      plausible: SLOPE_BELOW_KINK,
    }),
    slope2: req.number("Slope above U* (annual, decimal).", {
      unit: "decimal/year",
      domain: nonNegative,
      plausible: {
        max: 10,
        percent: true,
        why: "a slope above 1000% a year (Aave's largest borrow rate)",
      },
    }),
    reserveFactor: opt.number("Reserve factor: share of interest kept by the protocol (decimal).", {
      unit: "decimal",
      default: 0,
      domain: fraction,
      plausible: FRACTION,
    }),
    side: opt.choice(AAVE_SIDES, '"borrow" or "supply" (borrow APR × utilization × (1 − RF)).', {
      default: '"borrow"',
    }),
  },
  result: "APR (annual, simple, decimal): convert with LEV.APY.",
  run: rateAave,
  examples: [
    {
      formula: "=LEV.RATE.AAVE(0.8,0.9,0,0.027,0.8,0.15)",
      note: "WETH on Aave v3 Ethereum (90% / 0 / 2.7% / 80%), 80% utilized",
      expected: 0.024,
      tolerance: 1e-15,
      source: `${REF} fdp#FC-25`,
    },
    {
      formula: '=LEV.RATE.AAVE(0.95,0.9,0,0.027,0.8,0.15,"supply")',
      note: "past the kink: supply APR at 95% utilization",
      expected: 0.3448025,
      tolerance: 1e-12,
      source: `${REF} fdp#FC-26`,
    },
  ],
});

export const RATE_COMET = defineFunction<RateCometInput>()({
  id: "RATE.COMET",
  jsName: "rateComet",
  summary:
    "Compound v3 (Comet) kinked APR at a utilization; the same function gives the supply and the borrow curve.",
  params: {
    utilization: req.number("Utilization: total borrow / total supply (decimal).", {
      unit: "decimal",
      domain: fraction,
      plausible: FRACTION,
    }),
    kink: req.number("Utilization at the kink (decimal).", {
      unit: "decimal",
      domain: fraction,
      plausible: FRACTION,
    }),
    base: req.number("Rate at zero utilization (annual, decimal).", {
      unit: "decimal/year",
      domain: nonNegative,
      plausible: BASE_RATE,
    }),
    slopeLow: req.number("Slope below the kink (annual, decimal).", {
      unit: "decimal/year",
      domain: nonNegative,
      plausible: SLOPE_BELOW_KINK,
    }),
    slopeHigh: req.number("Slope above the kink (annual, decimal).", {
      unit: "decimal/year",
      domain: nonNegative,
      plausible: { max: 10, percent: true, why: "a slope above 1000% a year" },
    }),
  },
  result: "APR (annual, simple, decimal).",
  run: rateComet,
  examples: [
    {
      formula: "=LEV.RATE.COMET(0.9,0.8,0.015,0.035,0.25)",
      note: "cUSDCv3 launch borrow curve at 90% utilization",
      expected: 0.068,
      tolerance: 1e-15,
      source: `${REF} fdp#FC-33`,
    },
  ],
});

export const APY = defineFunction<ApyInput>()({
  id: "APY",
  jsName: "apy",
  summary:
    "APY of an APR compounded n times a year, expm1(n·log1p(apr/n)); per second by default (Aave, Compound).",
  params: {
    apr: req.number("Annual percentage rate (simple, decimal, 0.05 = 5%).", {
      unit: "decimal/year",
      plausible: { min: -1, max: 10, percent: true, why: "an APR beyond 1000%" },
    }),
    periodsPerYear: COMPOUNDING_PERIODS,
  },
  result: "APY (decimal).",
  run: apy,
  examples: [
    {
      formula: "=LEV.APY(0.427)",
      note: "Aave WETH borrow APR at 95% utilization, compounded every second",
      expected: 0.532652657,
      tolerance: 1e-9,
      source: `${REF} fdp#FC-28`,
    },
    {
      formula: "=LEV.APY(0.05,12)",
      note: "monthly compounding",
      expected: 0.0511618979,
      tolerance: 1e-10,
      source: "(1 + 0.05/12)^12 − 1",
    },
  ],
});

export const APR = defineFunction<AprInput>()({
  id: "APR",
  jsName: "apr",
  summary: "APR that compounds n times a year to an APY: the exact inverse of LEV.APY.",
  params: {
    apy: req.number("Annual percentage yield (decimal).", {
      unit: "decimal/year",
      domain: { min: { value: -1, inclusive: false } },
      plausible: { max: 100, percent: true, why: "an APY above 10,000%" },
    }),
    periodsPerYear: COMPOUNDING_PERIODS,
  },
  result: "APR (annual, simple, decimal).",
  run: apr,
  examples: [
    {
      formula: "=LEV.APR(0.0242903179)",
      note: "back from LEV.APY(0.024)",
      expected: 0.024,
      tolerance: 1e-10,
      source: `${REF} fdp#FC-28 (inverse)`,
    },
  ],
});

export const LOOP_LEVERAGE = defineFunction<LoopLeverageInput>()({
  id: "LOOP.LEVERAGE",
  jsName: "loopLeverage",
  summary:
    "Leverage of a supply-borrow-resupply loop: 1/(1 − LTV) at the limit, (1 − LTV^(n+1))/(1 − LTV) after n loops.",
  params: {
    ltv: req.number("Loan-to-value ratio used for each borrow (decimal, 0.93 = 93%).", {
      unit: "decimal",
      domain: nonNegative, // and < 1: FRACTION above 1, the engine's #NUM! at 1
      plausible: FRACTION,
    }),
    loops: opt.integer("Number of borrow-and-resupply loops (whole number ≥ 0).", {
      unit: "count",
      default: "no limit: the maximum 1/(1 − ltv)",
      domain: nonNegative,
      zeroMeansBlank: true,
    }),
  },
  result: "Leverage: collateral / equity (a multiple).",
  run: loopLeverage,
  examples: [
    {
      formula: "=LEV.LOOP.LEVERAGE(0.93)",
      note: "Aave ETH-correlated e-mode, LTV 93%",
      expected: 14.2857142857,
      tolerance: 1e-9,
      source: `${REF} fdp#FC-34`,
    },
    {
      formula: "=LEV.LOOP.LEVERAGE(0.93,5)",
      note: "after 5 loops",
      expected: 5.04299738,
      tolerance: 1e-8,
      source: `${REF} fdp#FC-35`,
    },
  ],
});

export const LOOP_APY = defineFunction<LoopApyInput>()({
  id: "LOOP.APY",
  jsName: "loopApy",
  summary:
    "Net annual return on the equity of a loop: L·collateral yield − (L − 1)·borrow APY + L·incentive APY.",
  params: {
    leverage: LOOP_MULTIPLE,
    collateralYield: req.number(
      "Yield of the collateral: supply APY plus staking yield (decimal).",
      {
        unit: "decimal/year",
        plausible: SIGNED_ANNUAL_RATE,
      }
    ),
    borrowApy: req.number("Borrow APY of the debt (decimal).", {
      unit: "decimal/year",
      plausible: BORROW_RATE,
    }),
    incentiveApy: opt.number("Incentive APY paid on the collateral (decimal).", {
      unit: "decimal/year",
      default: 0,
      plausible: SIGNED_ANNUAL_RATE,
    }),
  },
  result: "Net APY on equity (decimal).",
  run: loopApy,
  examples: [
    {
      formula: "=LEV.LOOP.APY(10,0.029,0.025)",
      note: "wstETH/WETH loop at 10x: 2.9% yield, 2.5% borrow",
      expected: 0.065,
      tolerance: 1e-12,
      source: `${REF} fdp#FC-36`,
    },
  ],
});

export const LOOP_HEALTH = defineFunction<LoopHealthInput>()({
  id: "LOOP.HEALTH",
  jsName: "loopHealth",
  summary: "Health factor of a loop at leverage L: L·LT·p/(L − 1); #N/A at L = 1 (no debt).",
  params: {
    ...LOOP_AND_THRESHOLD,
    priceRatio: opt.number("Collateral/debt price ratio relative to entry (1 = unchanged).", {
      default: 1,
      domain: positive,
      plausible: {
        max: 100,
        why: "a price ratio relative to entry above 100: give price / entry price",
      },
    }),
  },
  result: "Health factor (liquidatable below 1).",
  run: loopHealth,
  examples: [
    {
      formula: "=LEV.LOOP.HEALTH(10,0.95)",
      note: "10x loop in e-mode (LT 95%)",
      expected: 1.05555555556,
      tolerance: 1e-10,
      source: `${REF} fdp#FC-37`,
    },
  ],
});

export const LOOP_LIQRATIO = defineFunction<LoopLiqRatioInput>()({
  id: "LOOP.LIQRATIO",
  jsName: "loopLiqRatio",
  summary:
    "Collateral/debt price ratio, relative to entry, at which a loop reaches health factor 1: (L − 1)/(L·LT).",
  params: {
    ...LOOP_AND_THRESHOLD,
  },
  result: "Price ratio at liquidation (multiply by the entry price for a price).",
  run: loopLiqRatio,
  examples: [
    {
      formula: "=LEV.LOOP.LIQRATIO(10,0.95)",
      note: "a 5.26% fall of the wstETH/ETH ratio liquidates a 10x loop",
      expected: 0.947368421053,
      tolerance: 1e-11,
      source: `${REF} fdp#FC-38`,
    },
    {
      formula: "=LEV.LOOP.LIQRATIO(3,0.83)",
      note: "ETH collateral, USDC debt, 3x (LT 83%): from ETH 3,000 liquidation at 3,000 × 0.8032 = 2,409.64",
      expected: 0.803212851406,
      tolerance: 1e-11,
      source: `${REF} fdp#FC-39`,
    },
  ],
});

export const LOOP_RUNWAY = defineFunction<LoopRunwayInput>()({
  id: "LOOP.RUNWAY",
  jsName: "loopRunway",
  summary:
    "Years until the carry alone (borrow rate above collateral yield) takes the health factor to 1: ln(HF)/(b − y).",
  params: {
    healthFactor: req.number("Current health factor.", { domain: positive }),
    collateralYield: req.number("Yield of the collateral (annual, continuous, decimal).", {
      unit: "decimal/year",
      plausible: SIGNED_ANNUAL_RATE,
    }),
    borrowRate: req.number("Borrow rate of the debt (annual, continuous, decimal).", {
      unit: "decimal/year",
      plausible: BORROW_RATE,
    }),
  },
  result: "Years (0 when the health factor is already ≤ 1).",
  run: loopRunway,
  examples: [
    {
      formula: "=LEV.LOOP.RUNWAY(10*0.95/9,0.029,0.035)",
      note: "the 10x loop above with borrow 3.5% and yield 2.9%",
      expected: 9.01120355,
      tolerance: 1e-8,
      source: `${REF} fdp#FC-40`,
    },
    {
      formula: "=LEV.LOOP.RUNWAY(1.2,0.04,0.03)",
      note: "yield above the borrow rate: the carry never liquidates",
      error: "#N/A",
    },
  ],
});
