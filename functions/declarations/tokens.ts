import {
  type BandTriggersInput,
  type DecayInput,
  type LeveragedPathInput,
  type LeveragedReturnInput,
  type RebalanceCostInput,
  type RebalanceTradeInput,
  type SimulationParams,
  type TurnoverInput,
  bandTriggers,
  decay,
  leveragedPath,
  leveragedReturn,
  rebalanceCost,
  rebalanceTrade,
  simulate,
  turnover,
  keptRowCount,
  pathColumns,
  pathRows,
  writePathRows,
  PATH_OPTION_NAMES,
  SIMULATE_COLUMNS,
  SIMULATE_OPTION_NAMES,
} from "../../src/engine";
import { runSimulation } from "../simulate-runner";
import { optionsOf } from "./kinds";
import { defineFunction, opt, req, nonNegative, positive, nonZero } from "../declare";
import {
  ANNUAL_FEE,
  ANNUAL_FUNDING,
  ANNUAL_RATE,
  COST_RATE,
  PERIOD_RETURN,
  PRODUCT_LEVERAGE,
  REBALANCES_PER_YEAR,
  TOTAL_RETURN,
  VOLATILITY,
  YEARS,
} from "./plausible";
import { BLANK_IS_ERROR, BLANK_IS_ZERO, HORIZON_YEARS } from "./params";

/** The financing convention shared with LEV.CARRY's borrow_rate (src/engine/decay.ts). */
const FINANCING_HELP = `Annual financing rate (decimal) paid on the borrowed part: L − 1 of NAV for L > 1, |L| for a short, none for 0 < L ≤ 1 (as LEV.CARRY's borrow_rate). ${BLANK_IS_ZERO}`;

/** The target leverage of a product, in the functions whose help needs no more than "(a multiple)". */
const TARGET_LEVERAGE = req.number("Target leverage L (a multiple).", {
  unit: "multiple",
  domain: nonZero,
  plausible: PRODUCT_LEVERAGE,
});

/** The underlying's volatility (LEV.RETURN's is the realised one, with its own help). */
const UNDERLYING_VOLATILITY = req.number(
  "Annualised volatility of the underlying (decimal, 0.8 = 80%).",
  { unit: "decimal/year", domain: nonNegative, plausible: VOLATILITY }
);

/**
 * LEV.DECAY's and LEV.RETURN's fee and financing; their funding_rate helps differ by a word ("paid on the
 * notional", "on the notional"), so each declares its own.
 */
const FEE_AND_FINANCING = {
  feeRate: opt.number(`Annual management fee (decimal). ${BLANK_IS_ZERO}`, {
    unit: "decimal/year",
    default: 0,
    domain: nonNegative,
    plausible: ANNUAL_FEE,
  }),
  financingRate: opt.number(FINANCING_HELP, {
    unit: "decimal/year",
    default: 0,
    plausible: ANNUAL_RATE,
  }),
};

/** Rebalances per year N of LEV.TURNOVER and LEV.REBALANCE.COST. */
const REBALANCE_FREQUENCY = opt.number(`Rebalances per year N (365 = daily). ${BLANK_IS_ERROR}`, {
  default: 365,
  domain: positive,
  plausible: REBALANCES_PER_YEAR,
  zeroMeansBlank: true,
});

/** LEV.SIMULATE's rows: mean, p5, p25, median, p75, p95, prob_loss, stderr_mean, var_95, es_95 (src/engine/simulate.ts). */
const SIMULATE_ROW_COUNT = 10;

export const DECAY = defineFunction<DecayInput>()({
  id: "DECAY",
  jsName: "decay",
  summary:
    "Return of a continuously rebalanced leveraged product over the horizon when the underlying ends flat (volatility decay, with fees, financing and funding).",
  params: {
    leverage: req.number("Target leverage L (a multiple, e.g. 3 for 3x long, -3 for 3x short).", {
      unit: "multiple",
      domain: nonZero,
      plausible: PRODUCT_LEVERAGE,
    }),
    volatility: UNDERLYING_VOLATILITY,
    years: opt.number(`Horizon in years (year fraction). ${BLANK_IS_ERROR}`, {
      unit: "years",
      default: 1,
      domain: nonNegative,
      plausible: YEARS,
      zeroMeansBlank: true,
    }),
    ...FEE_AND_FINANCING,
    fundingRate: opt.number(
      `Annual perpetual funding rate paid on the notional (decimal; a short receives it). ${BLANK_IS_ZERO}`,
      { unit: "decimal/year", default: 0, plausible: ANNUAL_FUNDING }
    ),
  },
  result: "Total return of the product over the horizon (decimal, -0.85 = -85%).",
  run: decay,
  examples: [
    {
      formula: "=LEV.DECAY(3,0.8,1)",
      note: "3x product, 80% volatility, one year, underlying flat",
      expected: -0.8534,
      tolerance: 0.00005,
      source: "docs/references/vectors.md lt#38 (Avellaneda–Zhang)",
    },
    {
      formula: "=LEV.DECAY(0,0.8)",
      note: "leverage 0 is out of domain",
      error: "#NUM!",
    },
  ],
});

export const RETURN = defineFunction<LeveragedReturnInput>()({
  id: "RETURN",
  jsName: "leveragedReturn",
  summary:
    "Expected return of a leveraged product given the underlying's total return and realised volatility.",
  params: {
    leverage: req.number("Target leverage L (a multiple; negative for inverse products).", {
      unit: "multiple",
      domain: nonZero,
      plausible: PRODUCT_LEVERAGE,
    }),
    underlyingReturn: req.number(
      "Total return of the underlying over the horizon (decimal, 0.1 = +10%).",
      { unit: "decimal", plausible: TOTAL_RETURN }
    ),
    volatility: req.number("Annualised realised volatility of the underlying (decimal).", {
      unit: "decimal/year",
      domain: nonNegative,
      plausible: VOLATILITY,
    }),
    years: HORIZON_YEARS,
    ...FEE_AND_FINANCING,
    fundingRate: opt.number(
      `Annual perpetual funding rate on the notional (decimal; a short receives it). ${BLANK_IS_ZERO}`,
      { unit: "decimal/year", default: 0, plausible: ANNUAL_FUNDING }
    ),
  },
  result: "Expected total return of the product (decimal).",
  run: leveragedReturn,
  examples: [
    {
      formula: "=LEV.RETURN(2,0,0.25,1)",
      note: "2x daily-reset fund, index flat, 25% volatility",
      expected: -0.061,
      tolerance: 0.0005,
      source: "docs/references/vectors.md lt#33 (Direxion prospectus table, SEC 1424958)",
    },
  ],
});

export const PATH = defineFunction<LeveragedPathInput>()({
  id: "PATH",
  jsName: "path",
  summary:
    "Spills the exact path of a rebalanced leveraged product over a price series: price, NAV, leverage, rebalance trade and costs per row.",
  params: {
    prices: req.series(
      "Prices of the underlying, one row or one column, oldest first (no blanks)."
    ),
    leverage: TARGET_LEVERAGE,
    options: opt.options(
      optionsOf(PATH_OPTION_NAMES),
      'Two-column range or array constant of name/value pairs: rebalance ("period" default or "band"), band_low, band_high, rebalance_to ("target" or "edge"), fee_per_period, funding_per_period, cost_rate, start_nav (1), status (FALSE; TRUE adds a status column: start, ok, rebalanced, wiped out), step (1: every k-th row and the last), rows ("all" or "last"), headers (TRUE). Excel takes about 5 MB from one function: about 22,000 rows here; use step or rows for longer series.'
    ),
  },
  result:
    "A table under a header row, one row per price: price, nav, leverage_before, trade, trade_fraction, cost, cumulative_cost (and status with the option).",
  run: leveragedPath,
  columns: (input) => {
    const { prices, columns: c } = pathRows(input);
    const withStatus = input.options?.status === true;
    return {
      columns: pathColumns(withStatus),
      rows: c.nav.length,
      numeric: [
        [0, prices],
        [1, c.nav],
        [2, c.leverageBefore],
        [3, c.trade],
        [4, c.tradeFraction],
        [5, c.cost],
        [6, c.cumulativeCost],
      ],
      write: (out, offset) => writePathRows(out, offset, prices, c, withStatus),
    };
  },
  spill: {
    series: "prices",
    dataRows: (n, o) => keptRowCount(n, o.step, o.rows),
    columns: (o) => pathColumns(o.status === true).length,
  },
  examples: [
    {
      formula: "=LEV.PATH({10000;11000;10000},3)",
      note: "3x token, BTC 10k → 11k → 10k: NAV ends at 0.945454 (−5.4545%)",
      expected: 0.9454545454545455,
      tolerance: 1e-12,
      cell: [3, 1],
      source: "docs/references/vectors.md lt#1 (FTX Leveraged Token FAQ)",
    },
    {
      formula: '=LEV.PATH({100;110;100},3,{"cost_rate",0.001;"headers",FALSE})',
      note: "10 bp cost on traded notional, no header row",
    },
    {
      formula:
        '=LEV.PATH({100;90;85;120},3,{"rebalance","band";"band_low",2;"band_high",4;"status",TRUE})',
      note: "band 2–4 with the status column: which days rebalanced",
    },
    {
      formula: "=LEV.PATH({100,110;99,101},3)",
      note: "a 2-D block is not a series",
      error: "#VALUE!",
    },
  ],
});

export const REBALANCE_TRADE = defineFunction<RebalanceTradeInput>()({
  id: "REBALANCE.TRADE",
  jsName: "rebalanceTrade",
  summary: "Signed notional to trade back to target leverage after one period: nav·(L²−L)·r.",
  params: {
    nav: req.number("Net asset value before the trade (currency).", {
      unit: "currency",
      domain: positive,
    }),
    leverage: TARGET_LEVERAGE,
    underlyingReturn: req.number("Underlying return over the period (decimal, 0.05 = +5%).", {
      unit: "decimal",
      plausible: PERIOD_RETURN,
    }),
  },
  result: "Notional to buy (positive) or sell (negative), in the currency of nav.",
  run: rebalanceTrade,
  examples: [
    {
      formula: "=LEV.REBALANCE.TRADE(200,3,0.05)",
      note: "NAV 200, 3x, underlying +5%: buy 60",
      expected: 60,
      tolerance: 1e-9,
      source: "docs/references/vectors.md lt#15 (Poloniex FTX page; Cheng–Madhavan)",
    },
  ],
});

export const TURNOVER = defineFunction<TurnoverInput>()({
  id: "TURNOVER",
  jsName: "turnover",
  summary: "Expected traded notional per rebalance as a fraction of NAV: |L²−L|·σ·√(2/(π·N)).",
  params: {
    leverage: TARGET_LEVERAGE,
    volatility: UNDERLYING_VOLATILITY,
    rebalancesPerYear: REBALANCE_FREQUENCY,
  },
  result: "Expected turnover per rebalance (fraction of NAV).",
  run: turnover,
  examples: [
    {
      formula: "=LEV.TURNOVER(3,0.8,365)",
      note: "3x, 80% volatility, daily rebalancing",
      expected: 0.2005,
      tolerance: 0.0005,
      source: "docs/references/vectors.md lt#42",
    },
  ],
});

export const REBALANCE_COST = defineFunction<RebalanceCostInput>()({
  id: "REBALANCE.COST",
  jsName: "rebalanceCost",
  summary:
    "Expected fraction of NAV lost to rebalancing costs over the horizon: c·|L²−L|·σ·√(2N/π)·years.",
  params: {
    leverage: TARGET_LEVERAGE,
    volatility: UNDERLYING_VOLATILITY,
    costRate: req.number("Cost per unit of traded notional (decimal, 0.001 = 10 bp).", {
      unit: "decimal",
      domain: nonNegative,
      plausible: COST_RATE,
    }),
    rebalancesPerYear: REBALANCE_FREQUENCY,
    years: HORIZON_YEARS,
  },
  result: "Expected cost over the horizon (fraction of NAV).",
  run: rebalanceCost,
  examples: [
    {
      formula: "=LEV.REBALANCE.COST(3,0.8,0.0007,365,1)",
      note: "7 bp per unit traded, daily, one year",
      expected: 0.0512,
      tolerance: 0.0005,
      source: "docs/references/vectors.md lt#43",
    },
  ],
});

export const BAND_TRIGGERS = defineFunction<BandTriggersInput>()({
  id: "BAND.TRIGGERS",
  jsName: "bandTriggers",
  summary:
    "Underlying returns since the last rebalance that push leverage to band_high and to band_low (two columns under a header row).",
  params: {
    leverage: req.number("Target leverage L at the last rebalance (a multiple).", {
      unit: "multiple",
      domain: nonZero,
      plausible: PRODUCT_LEVERAGE,
    }),
    bandLow: req.number(
      "Lower edge of the leverage band, as a magnitude (2 for a 2x–4x band). A short product may write both edges signed, in either order: -4, -2 for −3x.",
      { unit: "multiple", plausible: PRODUCT_LEVERAGE }
    ),
    bandHigh: req.number(
      "Upper edge of the leverage band, as a magnitude (4 for a 2x–4x band; -2 or -4 with a signed band_low for a short product).",
      { unit: "multiple", plausible: PRODUCT_LEVERAGE }
    ),
  },
  result: "Header row (to_band_high, to_band_low) and one row of underlying returns (decimal).",
  run: bandTriggers,
  spill: { dataRows: () => 1, columns: 2 },
  examples: [
    {
      formula: "=LEV.BAND.TRIGGERS(3,2,4)",
      note: "3x token rebalancing at 4x or 2x: 4x is reached after −11.11%",
      expected: -0.11111111111111116,
      tolerance: 1e-12,
      cell: [1, 0],
      source: "docs/references/vectors.md lt#19 (FTX rebalance page, S/S₀ = 8/9)",
    },
    {
      formula: "=LEV.BAND.TRIGGERS(-3,-4,-2)",
      note: "a −3x short product with its band in natural signs (the same as 2, 4): −4x is reached after +6.67%",
      expected: 0.06666666666666665,
      tolerance: 1e-12,
      cell: [1, 0],
      source:
        "derived, docs/references/leveraged-tokens.md §2.3: S/S₀ = L_b(L−1)/(L(L_b−1)) = 16/15 for L = −3, L_b = −4",
    },
  ],
});

export const SIMULATE = defineFunction<SimulationParams>()({
  id: "SIMULATE",
  jsName: "simulate",
  summary:
    "Monte Carlo (GBM, seeded) distribution of a leveraged product's NAV ratio: mean, percentiles and probability of loss.",
  params: {
    leverage: TARGET_LEVERAGE,
    volatility: UNDERLYING_VOLATILITY,
    years: req.number("Horizon in years.", {
      unit: "years",
      domain: nonNegative,
      plausible: YEARS,
    }),
    options: opt.options(
      optionsOf(SIMULATE_OPTION_NAMES),
      "Two-column name/value pairs: LEV.PATH's rebalancing options (not status) plus paths (10000), steps_per_year (365), drift (0), seed (1; the same seed gives the same result, to the last digits of the JavaScript engine's exp), headers (TRUE)."
    ),
  },
  result:
    "A table of distribution statistics under a header row: mean, p5, p25, median, p75, p95, prob_loss, stderr_mean (standard error of the mean: 4× the paths halve it), var_95 (1 − p5) and es_95 (1 − mean of the ratios at or below p5).",
  run: simulate,
  // mean, p5, p25, median, p75, p95, prob_loss, stderr_mean, var_95, es_95
  spill: { dataRows: () => SIMULATE_ROW_COUNT, columns: SIMULATE_COLUMNS.length },
  // in Excel: split across Web Workers when the page can start them (simulate-runner.ts)
  runAsync: runSimulation,
  examples: [
    {
      formula: '=LEV.SIMULATE(3,0.8,1,{"paths",2000;"steps_per_year",252;"seed",7})',
      note: "distribution of the NAV ratio of a 3x product over one year (2,000 seeded paths)",
    },
  ],
});
