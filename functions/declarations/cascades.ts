/**
 * Liquidation cascades and market leverage (docs/spec/functions.md Part 2): the cascade of liquidations a
 * price shock sets off through price impact, and the estimated leverage ratio and long/short skew.
 * Formulas and worked examples: docs/references/risk-cascades.md (ids rc#…).
 */
import {
  type CascadeInput,
  type CascadeLevel,
  type CascadeOptions,
  type MarketLeverageInput,
  type SkewInput,
  CASCADE_COLUMNS,
  CASCADE_IMPACTS,
  CASCADE_SUMMARY_ROWS,
  cascade,
  cascadeLevels,
  cascadeSummary,
  marketLeverage,
  runCascade,
  skew,
  SKEW_ROWS,
} from "../../src/engine";
import type { OptionType } from "../args";
import { defineFunction, opt, req, nonNegative, positive, type ParamKind } from "../declare";

/** Most rows of `levels` (a liquidation heatmap exported bin by bin, or one row per position). */
export const MAX_LEVEL_ROWS = 100_000;

/** `levels`: side, liquidation price, notional; blank rows kept so LEV.CASCADE.LEVELS lines up. */
export const LEVELS: ParamKind & { kind: "table" } = {
  kind: "table",
  columns: [
    { name: "side", kind: "side" },
    { name: "liquidation price", kind: "number" },
    { name: "notional", kind: "number" },
  ],
  toRow: (cells): CascadeLevel | null =>
    cells.length === 0
      ? null
      : { side: cells[0] as 1 | -1, liquidationPrice: cells[1], notional: cells[2] },
  maxRows: MAX_LEVEL_ROWS,
  blankRows: "keep",
};

const NUMBER = { kind: "number" } as const;
const CASCADE_OPTION_TYPES: Readonly<Record<string, OptionType>> = {
  impact: { kind: "choice", choices: CASCADE_IMPACTS },
  ask_depth_per_1pct: NUMBER,
  daily_volatility: NUMBER,
  daily_volume: NUMBER,
  impact_coefficient: NUMBER,
  price_floor: NUMBER,
};
const CASCADE_OPTIONS: ParamKind & { kind: "options" } = {
  kind: "options",
  names: Object.keys(CASCADE_OPTION_TYPES),
  types: CASCADE_OPTION_TYPES,
};

const params = {
  startPrice: req.number("Price before the shock (> 0).", { unit: "price", domain: positive }),
  shock: req.number("Exogenous move as a fraction (−0.04 = 4% down; > −1).", {
    unit: "decimal",
    domain: { min: { value: -1, inclusive: false } },
    plausible: { max: 2, percent: true, why: "a shock above +200%" },
  }),
  levels: req.table(
    LEVELS,
    "Range with 3 columns: side, liquidation price, notional in quote currency (the market order a liquidation there sends); up to 100,000 rows, blank rows ignored."
  ),
  depthPer1pct: req.blankableNumber(
    'Quote notional of market sells that moves the price down 1% (bid depth per 1%); may be left blank with option impact "sqrt".',
    { name: "depth_per_1pct", unit: "currency", domain: positive }
  ),
  options: opt.options(
    CASCADE_OPTIONS,
    'Two-column name/value pairs: impact ("linear" default or "sqrt"), ask_depth_per_1pct (= depth_per_1pct), daily_volatility and daily_volume (for "sqrt"), impact_coefficient (1), price_floor (0), headers (TRUE).'
  ),
};

/** The adapter's parsed input for these params (its keys are CascadeInput's, see defineFunction). */
const cascadeInputOf = (input: Readonly<Record<string, unknown>>): CascadeInput => ({
  startPrice: input.startPrice as number,
  shock: input.shock as number,
  levels: input.levels as CascadeInput["levels"],
  depthPer1pct: input.depthPer1pct as number | undefined,
  options: input.options as CascadeOptions | undefined,
});

/** C1 of docs/references/risk-cascades.md §3.7 (level set L1, bid depth 2,000,000). */
const L1 =
  '{"long",97,1000000;"long",95.6,2000000;"long",94.8,1500000;"long",92,3000000;"long",88,4000000;"long",80,5000000;"short",104,2500000;"short",110,3000000}';

export const CASCADE = defineFunction<CascadeInput>()({
  id: "CASCADE",
  jsName: "cascade",
  summary:
    "Liquidation cascade after a price shock, one row per round: synchronous rounds, cumulative price impact referenced to the shocked price.",
  params,
  result:
    "A table under a header row (round, trigger_price, levels_liquidated, long_notional, short_notional, cumulative_notional, price_after); round 0 is the shock.",
  run: cascade,
  // one row per round: known only once the cascade has run
  spill: {
    fromInput: true,
    dataRows: (_n, _o, input) => runCascade(cascadeInputOf(input)).rounds.length,
    columns: CASCADE_COLUMNS.length,
  },
  examples: [
    {
      formula: `=LEV.CASCADE(100,-0.04,${L1},2000000)`,
      note: "a 4% drop liquidates A, B and C in three rounds and stops at 93.84, above D",
      expected: 93.84,
      tolerance: 1e-9,
      cell: [4, 6],
      source: "docs/references/risk-cascades.md rc#41 (C1, exact rational arithmetic)",
    },
    {
      formula: '=LEV.CASCADE(100,-0.04,{"long",101,1000000},2000000)',
      note: "a long liquidation price above the start price is already crossed",
      error: "#NUM!",
    },
  ],
});

export const CASCADE_SUMMARY = defineFunction<CascadeInput>()({
  id: "CASCADE.SUMMARY",
  jsName: "cascadeSummary",
  summary:
    "Summary of a liquidation cascade: final price, liquidated and remaining notional, rounds, amplification and status.",
  params,
  result: `Two columns (statistic, value) under a header row: ${CASCADE_SUMMARY_ROWS.join(", ")} (status none, stable, all or floor).`,
  run: cascadeSummary,
  spill: { dataRows: () => CASCADE_SUMMARY_ROWS.length, columns: 2 },
  examples: [
    {
      formula: `=LEV.CASCADE.SUMMARY(100,-0.04,${L1},500000)`,
      note: "with 500,000 of depth per 1% the cascade runs through every long: final 64.32",
      expected: 64.32,
      tolerance: 1e-9,
      cell: [1, 1],
      source: "docs/references/risk-cascades.md rc#42 (C2, exact rational arithmetic)",
    },
    {
      formula: `=LEV.CASCADE.SUMMARY(100,-0.04,${L1},2000000)`,
      note: "C1: amplification (93.84 − 100)/(96 − 100) = 1.54",
      expected: 1.54,
      tolerance: 1e-9,
      cell: [6, 1],
      source: "docs/references/risk-cascades.md rc#41 (C1)",
    },
    {
      formula:
        '=LEV.CASCADE.SUMMARY(100,-0.04,{"long",97,20000000;"long",95.6,30000000;"long",95.2,50000000;"long",92,100000000},,{"impact","sqrt";"daily_volatility",0.04;"daily_volume",1000000000})',
      note: "square-root impact (σ_d 4%, daily volume 1e9): depth_per_1pct left blank",
      expected: 94.78568537849534,
      tolerance: 1e-10,
      cell: [1, 1],
      source: "docs/references/risk-cascades.md rc#47 (C6)",
    },
  ],
});

export const CASCADE_LEVELS = defineFunction<CascadeInput>()({
  id: "CASCADE.LEVELS",
  jsName: "cascadeLevels",
  summary:
    "The round in which each level of a liquidation cascade is liquidated (0 if it survives), one cell per row of levels, for chaining a second shock.",
  params,
  result:
    "One column aligned with levels, no header row: the round that liquidates each level, 0 if it survives, blank for a blank row.",
  run: cascadeLevels,
  spill: {
    headers: false,
    fromInput: true,
    dataRows: (_n, _o, input) => (input.levels as readonly unknown[]).length,
    columns: 1,
  },
  examples: [
    {
      formula: `=LEV.CASCADE.LEVELS(100,-0.04,${L1},500000)`,
      note: "C2: rounds (1, 2, 2, 3, 3, 4, 0, 0); the shorts survive",
      expected: 4,
      tolerance: 0,
      cell: [5, 0],
      source: "docs/references/risk-cascades.md rc#49 (C2)",
    },
  ],
});

export const MARKET_LEVERAGE = defineFunction<MarketLeverageInput>()({
  id: "MARKET.LEVERAGE",
  jsName: "marketLeverage",
  summary:
    "Estimated leverage ratio of a market: open interest divided by the exchange's coin reserve (CryptoQuant).",
  params: {
    openInterest: req.number(
      "Open interest: in coins, or in quote currency when price is given (≥ 0).",
      { domain: nonNegative }
    ),
    exchangeReserve: req.number("Coins held on the exchange (> 0).", {
      unit: "quantity",
      domain: positive,
    }),
    price: opt.number("Price of one coin; give it when open_interest is in quote currency.", {
      unit: "price",
      default: "none (open interest in coins)",
      domain: nonNegative, // below 0 is #NUM!; 0 is #VALUE! (a blank cell on Windows/Mac)
      zeroMeansBlank: true,
    }),
  },
  result: "Leverage ratio (a multiple).",
  run: marketLeverage,
  examples: [
    {
      formula: "=LEV.MARKET.LEVERAGE(25000,100000)",
      note: "25,000 coins of open interest against a 100,000-coin reserve",
      expected: 0.25,
      tolerance: 1e-15,
      source: "docs/references/risk-cascades.md rc#51 (published: wickra-core docs)",
    },
    {
      formula: "=LEV.MARKET.LEVERAGE(2500000000,100000,100000)",
      note: "the same with open interest in quote currency at a price of 100,000",
      expected: 0.25,
      tolerance: 1e-15,
      source: "docs/references/risk-cascades.md rc#51",
    },
  ],
});

export const SKEW = defineFunction<SkewInput>()({
  id: "SKEW",
  jsName: "skew",
  summary:
    "Long/short skew: long/short ratio, imbalance (L−S)/(L+S) and long share of open interest, accounts or shares.",
  params: {
    long: req.number("Long open interest, number of accounts or share (≥ 0).", {
      domain: nonNegative,
    }),
    short: req.number("Short open interest, number of accounts or share (> 0).", {
      domain: positive,
    }),
  },
  result: `Two columns (statistic, value) under a header row: ${SKEW_ROWS.join(", ")}.`,
  run: skew,
  spill: { dataRows: () => SKEW_ROWS.length, columns: 2 },
  examples: [
    {
      formula: "=LEV.SKEW(0.6442,0.3558)",
      note: "Binance top-trader accounts 64.42% long: ratio 1.8105 as published",
      expected: 1.8105,
      tolerance: 1e-4,
      cell: [1, 1],
      source: "docs/references/risk-cascades.md rc#52 (published: Binance API example)",
    },
  ],
});
