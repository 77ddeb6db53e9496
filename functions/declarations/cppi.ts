import {
  type CppiExposureInput,
  type CppiGapRiskInput,
  type CppiLeverageInput,
  type CppiPathInput,
  type CppiValueInput,
  cppiExposure,
  cppiGapRisk,
  cppiLeverage,
  cppiPath,
  cppiValue,
  CPPI_PATH_COLUMNS,
  CPPI_PATH_OPTION_NAMES,
  keptRowCount,
  runCppiPath,
  writeCppiPathRows,
} from "../../src/engine";
import { optionsOf } from "./kinds";
import { defineFunction, opt, req, nonNegative, positive } from "../declare";
import {
  ANNUAL_DRIFT,
  ANNUAL_RATE,
  FRACTION,
  MAX_LEVERAGE,
  MULTIPLIER,
  PRICE_RATIO,
  REBALANCE_INTERVAL,
  VOLATILITY,
  YEARS,
} from "./plausible";
import { BLANK_IS_ERROR, BLANK_IS_ZERO, HORIZON_YEARS } from "./params";

/** The multiplier m of LEV.CPPI.EXPOSURE, LEV.CPPI.LEVERAGE and LEV.CPPI.PATH. */
const CUSHION_MULTIPLIER = req.number("Multiplier m (a multiple, > 0).", {
  unit: "multiple",
  domain: nonNegative,
  plausible: MULTIPLIER,
});

/**
 * V, F and m, the first arguments of LEV.CPPI.EXPOSURE and LEV.CPPI.LEVERAGE. A floor is an amount; the
 * engine rejects a fraction typed for it (src/engine/cppi.ts checkFloorUnits).
 */
const VALUE_FLOOR_MULTIPLIER = {
  value: req.number("Portfolio value V (currency).", { unit: "currency", domain: positive }),
  floor: req.number("Floor F (currency, like value: 90000 for 90% of 100000).", {
    unit: "currency",
    domain: nonNegative,
  }),
  multiplier: CUSHION_MULTIPLIER,
};

export const CPPI_EXPOSURE = defineFunction<CppiExposureInput>()({
  id: "CPPI.EXPOSURE",
  jsName: "cppiExposure",
  summary: "CPPI exposure to the risky asset: clip(m·max(V−F,0), min_exposure, max_leverage·V).",
  params: {
    ...VALUE_FLOOR_MULTIPLIER,
    maxLeverage: opt.number(`Cap on exposure as a multiple of V. ${BLANK_IS_ERROR}`, {
      unit: "multiple",
      default: "no cap",
      domain: positive,
      plausible: MAX_LEVERAGE,
      zeroMeansBlank: true,
    }),
    minExposure: opt.number(`Lower bound on exposure (currency). ${BLANK_IS_ZERO}`, {
      unit: "currency",
      default: 0,
      domain: nonNegative,
    }),
  },
  result: "Exposure to the risky asset (currency).",
  run: cppiExposure,
  examples: [
    {
      formula: "=LEV.CPPI.EXPOSURE(100000,90000,5)",
      note: "V 100,000, floor 90,000, m 5",
      expected: 50000,
      tolerance: 1e-9,
      source: "docs/references/vectors.md cppi#1 (Investopedia, CPPI)",
    },
  ],
});

export const CPPI_LEVERAGE = defineFunction<CppiLeverageInput>()({
  id: "CPPI.LEVERAGE",
  jsName: "cppiLeverage",
  summary: "CPPI leverage: exposure divided by portfolio value.",
  params: {
    ...VALUE_FLOOR_MULTIPLIER,
    maxLeverage: opt.number(`Cap on leverage (a multiple). ${BLANK_IS_ERROR}`, {
      unit: "multiple",
      default: "no cap",
      domain: positive,
      plausible: MAX_LEVERAGE,
      zeroMeansBlank: true,
    }),
  },
  result: "Exposure / value (a multiple).",
  run: cppiLeverage,
  examples: [
    {
      formula: "=LEV.CPPI.LEVERAGE(100,70,4)",
      note: "V 100, floor 70, m 4, no cap",
      expected: 1.2,
      tolerance: 1e-12,
      source: "docs/references/vectors.md cppi#5",
    },
  ],
});

export const CPPI_PATH = defineFunction<CppiPathInput>()({
  id: "CPPI.PATH",
  jsName: "cppiPath",
  summary:
    "Spills a per-period CPPI backtest (value, floor, cushion, exposure, leverage, cash) from a return or price series.",
  params: {
    returns: req.series(
      'Per-period returns of the risky asset (decimal), one row or one column, no blanks (prices with option input "prices"; a column of values all above 1 is taken for prices and is an error without it).'
    ),
    multiplier: CUSHION_MULTIPLIER,
    floorFraction: req.number(
      "Initial floor as a fraction of the start value (decimal, 0.8 = 80%).",
      { unit: "decimal", domain: nonNegative, plausible: FRACTION }
    ),
    options: opt.options(
      optionsOf(CPPI_PATH_OPTION_NAMES),
      'Two-column name/value pairs: start_value (1000), safe_rate_per_period (0), borrow_rate_per_period (= safe rate), floor_rate_per_period (0), drawdown, max_leverage (1), rebalance_every (1), cost_rate (0), input ("returns" or "prices"), step (1: every k-th period and the last), rows ("all" or "last"), headers (TRUE). Excel takes about 5 MB from one function: about 15,000 rows here; use step or rows for longer series.'
    ),
  },
  result: "A table under a header row, one row per period.",
  run: cppiPath,
  columns: (input) => {
    const c = runCppiPath(input);
    return {
      columns: CPPI_PATH_COLUMNS,
      rows: c.period.length,
      numeric: CPPI_PATH_COLUMNS.map((name, i) => [i, c[name]] as const),
      write: (out, offset) => writeCppiPathRows(out, offset, c),
    };
  },
  // one row per period: n returns, or n prices → n − 1 returns; then the options step / rows
  spill: {
    series: "returns",
    dataRows: (n, o) => keptRowCount(o.input === "prices" ? n - 1 : n, o.step, o.rows),
    columns: CPPI_PATH_COLUMNS.length,
  },
  examples: [
    {
      formula: '=LEV.CPPI.PATH({0.1;-0.05;-0.2;0.15;0.05},3,0.8,{"safe_rate_per_period",0.0025})',
      note: "EDHEC run_cppi example: final wealth 953.04",
      expected: 953.0405251194,
      tolerance: 0.000001,
      cell: [5, 8],
      source: "docs/references/vectors.md cppi#10 (EDHEC run_cppi)",
    },
  ],
});

export const CPPI_VALUE = defineFunction<CppiValueInput>()({
  id: "CPPI.VALUE",
  jsName: "cppiValue",
  summary:
    "Closed-form CPPI portfolio value under GBM with continuous rebalancing: F·e^(rT) + (V−F)·(S_T/S_0)^m·e^(βT).",
  params: {
    value: req.number("Initial portfolio value V (currency).", {
      unit: "currency",
      domain: positive,
    }),
    floor: req.number("Initial floor F (currency, like value).", {
      unit: "currency",
      domain: nonNegative,
    }),
    multiplier: req.number("Multiplier m (a multiple).", {
      unit: "multiple",
      domain: nonNegative,
      plausible: MULTIPLIER,
    }),
    rate: req.number("Continuously compounded risk-free rate r (annual, decimal).", {
      unit: "decimal",
      plausible: ANNUAL_RATE,
    }),
    volatility: req.number("Annualised volatility σ of the risky asset (decimal, 0.2 = 20%).", {
      unit: "decimal/year",
      domain: nonNegative,
      plausible: VOLATILITY,
    }),
    years: req.number("Horizon T in years.", {
      unit: "years",
      domain: nonNegative,
      plausible: YEARS,
    }),
    priceRatio: req.number("Risky asset price ratio S_T/S_0 (> 0; 1.2 = +20%).", {
      unit: "price",
      domain: positive,
      plausible: PRICE_RATIO,
    }),
  },
  result: "Portfolio value at T (currency).",
  run: cppiValue,
  examples: [
    {
      formula: "=LEV.CPPI.VALUE(100,90,5,0.05,0.2,1,1.2)",
      note: "closed form, risky asset +20% over one year",
      expected: 108.2705883771,
      tolerance: 1e-8,
      source: "docs/references/vectors.md cppi#26 (Bertrand–Prigent)",
    },
  ],
});

export const CPPI_GAPRISK = defineFunction<CppiGapRiskInput>()({
  id: "CPPI.GAPRISK",
  jsName: "cppiGapRisk",
  summary:
    "Probability that a discretely rebalanced CPPI breaches its floor at least once within the horizon (GBM).",
  params: {
    multiplier: req.number("Multiplier m (a multiple, > 1).", {
      unit: "multiple",
      domain: nonNegative,
      plausible: MULTIPLIER,
    }),
    volatility: req.number("Annualised volatility of the risky asset (decimal, 0.8 = 80%).", {
      unit: "decimal/year",
      domain: nonNegative,
      plausible: VOLATILITY,
    }),
    rebalanceIntervalYears: req.number(
      "Time between rebalances in years (1/252 for daily), at most the horizon.",
      { unit: "years", domain: positive, plausible: REBALANCE_INTERVAL }
    ),
    years: HORIZON_YEARS,
    drift: opt.number(`Annual drift of the risky asset (decimal). ${BLANK_IS_ZERO}`, {
      unit: "decimal/year",
      default: 0,
      plausible: ANNUAL_DRIFT,
    }),
    rate: opt.number(`Annual risk-free rate (decimal). ${BLANK_IS_ZERO}`, {
      unit: "decimal/year",
      default: 0,
      plausible: ANNUAL_RATE,
    }),
  },
  result: "Probability between 0 and 1.",
  run: cppiGapRisk,
  examples: [
    {
      formula: "=LEV.CPPI.GAPRISK(5,0.8,1/252,1)",
      note: "m 5, 80% volatility, daily rebalancing, one year",
    },
  ],
});
