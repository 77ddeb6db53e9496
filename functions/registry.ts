/**
 * The adapter table: one row per LEV function — its id (without the LEV namespace), its parameters in the
 * formula contract's order (docs/spec/functions.md) with their snake_case names and kinds, and the engine
 * call. Every surface (the Excel custom functions in functions.ts, the HyperFormula plugin used by the
 * formula evaluator and the tests, the generated reference) is driven by this one table, so the argument
 * handling and error mapping cannot differ between them.
 *
 * A parameter named `fee_rate` becomes the engine input key `feeRate` (docs/dev/engine-contract.md); an
 * omitted optional becomes `undefined` and the engine applies the contract's default.
 */
import {
  bandTriggers,
  bankruptcyPrice,
  carry,
  cppiExposure,
  cppiGapRisk,
  cppiLeverage,
  cppiPath,
  cppiValue,
  CPPI_PATH_COLUMNS,
  CPPI_PATH_OPTION_NAMES,
  decay,
  health,
  leveragedPath,
  leveragedReturn,
  liqCross,
  liqDistance,
  liqInverse,
  liqLending,
  liqLeverage,
  liqPrice,
  liqTiered,
  liqVenue,
  pathColumns,
  PATH_OPTION_NAMES,
  rebalanceCost,
  rebalanceTrade,
  runCppiPath,
  runPath,
  simulate,
  SIMULATE_COLUMNS,
  SIMULATE_OPTION_NAMES,
  turnover,
  VENUES,
  writeCppiPathRows,
  writePathRows,
  type CppiPathInput,
  type LeveragedPathInput,
} from "../src/engine";
import type { Table } from "../src/engine/types";
import type { CellKind, OptionType } from "./args";

/** What a parameter accepts (see args.ts for the rules of each kind). */
export type ParamKind =
  | { kind: "number" }
  | { kind: "integer" }
  | { kind: "side" }
  | { kind: "choice"; choices: readonly string[] }
  | { kind: "series" }
  | {
      kind: "table";
      columns: readonly { name: string; kind: CellKind }[];
      toRow: (cells: (number | 1 | -1)[]) => unknown;
    }
  | { kind: "options"; names: readonly string[]; types: Readonly<Record<string, OptionType>> };

export interface ParamSpec {
  /** The contract's snake_case name (also the name in functions.ts and in every error message). */
  name: string;
  optional: boolean;
  type: ParamKind;
}

/**
 * How many rows and columns a spilled result has, known from the arguments' shapes alone (HyperFormula
 * sizes an array formula before evaluating it: research note office-addin.md §3.5, hyperformula#1253).
 */
export interface SpillShape {
  /** The series parameter whose length sets the row count, if any. */
  series?: string;
  /** Data rows (without the header) from that series' length and the parsed options (camelCase keys). */
  dataRows: (seriesLength: number, options: Readonly<Record<string, unknown>>) => number;
  /** Columns: a number, or from the parsed options (LEV.PATH's `status` adds one). */
  columns: number | ((options: Readonly<Record<string, unknown>>) => number);
}

/**
 * A spilled table as typed columns, for the long-path functions: the adapter checks the numeric columns
 * and writes the rows straight into the array Excel receives (after the header row), so the rows are
 * allocated once, with no intermediate Table and no copy.
 */
export interface SpillColumns {
  columns: readonly string[];
  /** Data rows. */
  rows: number;
  /** The numeric columns (index into `columns`, values): checked for non-finite values before writing. */
  numeric: readonly (readonly [number, ArrayLike<number>])[];
  /** Writes the data rows into `out` from index `offset` (out is preallocated with its final length). */
  write: (out: (number | string)[][], offset: number) => void;
}

export interface FunctionSpec {
  /** Id and name after the LEV namespace, e.g. "LIQ.PRICE" for LEV.LIQ.PRICE. */
  id: string;
  params: readonly ParamSpec[];
  /** Calls the engine with the typed input object (camelCase keys). */
  run: (input: any) => number | Table;
  /**
   * For functions whose parameters are all scalars (number, integer, side, choice): builds the engine's
   * input object from the parsed values in parameter order, as ONE object literal with the camelCase keys
   * of `params` in the same order (test/functions/compiled-parser.test.ts checks the keys). A literal gives
   * every call of a function the same object shape, so the engine's property reads stay monomorphic; the
   * adapter's compiled parser (adapter.ts) calls it with the values read by typeof checks.
   */
  build?: (...values: any[]) => Record<string, unknown>;
  /** For the long-path functions: the same result as `run`, as typed columns (see SpillColumns). */
  columns?: (input: any) => SpillColumns;
  /** Present when the result spills as a table. */
  spill?: SpillShape;
  /** True for LEV.SIMULATE: async in Excel (worker when available), synchronous elsewhere. */
  async?: boolean;
}

// ---- parameter kinds (shared) ---------------------------------------------------------------------
const NUMBER = { kind: "number" } as const;
const INTEGER = { kind: "integer" } as const;
const SIDE = { kind: "side" } as const;
const SERIES = { kind: "series" } as const;

const req = (name: string, type: ParamKind = NUMBER): ParamSpec => ({
  name,
  optional: false,
  type,
});
const opt = (name: string, type: ParamKind = NUMBER): ParamSpec => ({ name, optional: true, type });

// ---- option value types ---------------------------------------------------------------------------
/** The type of every option value the contract names; an engine option missing here is passed through. */
export const OPTION_TYPES: Readonly<Record<string, OptionType>> = {
  // LEV.PATH and LEV.SIMULATE
  rebalance: { kind: "choice", choices: ["period", "band"] },
  status: { kind: "boolean" }, // LEV.PATH only
  band_low: NUMBER,
  band_high: NUMBER,
  rebalance_to: { kind: "choice", choices: ["target", "edge"] },
  fee_per_period: NUMBER,
  funding_per_period: NUMBER,
  cost_rate: NUMBER,
  start_nav: NUMBER,
  // LEV.SIMULATE only
  paths: INTEGER,
  steps_per_year: INTEGER,
  drift: NUMBER,
  seed: INTEGER,
  // LEV.CPPI.PATH
  start_value: NUMBER,
  safe_rate_per_period: NUMBER,
  borrow_rate_per_period: NUMBER,
  floor_rate_per_period: NUMBER,
  drawdown: NUMBER,
  max_leverage: NUMBER,
  rebalance_every: INTEGER,
  input: { kind: "choice", choices: ["returns", "prices"] },
};

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
const optionsOf = (names: readonly string[]): ParamKind => ({
  kind: "options",
  names: names.map(snake),
  types: OPTION_TYPES,
});

// ---- tables ---------------------------------------------------------------------------------------
const BRACKETS: ParamKind = {
  kind: "table",
  columns: [
    { name: "notional floor", kind: "number" },
    { name: "notional cap", kind: "number" },
    { name: "maintenance rate", kind: "number" },
    { name: "maintenance amount", kind: "number" },
  ],
  toRow: ([notionalFloor, notionalCap, maintenanceRate, maintenanceAmount]) => ({
    notionalFloor,
    notionalCap,
    maintenanceRate,
    maintenanceAmount,
  }),
};

const POSITIONS: ParamKind = {
  kind: "table",
  columns: [
    { name: "side", kind: "side" },
    { name: "quantity", kind: "number" },
    { name: "entry price", kind: "number" },
    { name: "mark price", kind: "number" },
    { name: "maintenance rate", kind: "number" },
    { name: "maintenance amount", kind: "number" },
  ],
  toRow: ([side, quantity, entryPrice, markPrice, maintenanceRate, maintenanceAmount]) => ({
    side,
    quantity,
    entryPrice,
    markPrice,
    maintenanceRate,
    maintenanceAmount,
  }),
};

/** LEV.SIMULATE's rows: mean, p5, p25, median, p75, p95, prob_loss (src/engine/simulate.ts). */
const SIMULATE_ROWS = 7;

// ---- the table ------------------------------------------------------------------------------------
export const FUNCTIONS: readonly FunctionSpec[] = [
  // Leveraged tokens
  {
    id: "DECAY",
    params: [
      req("leverage"),
      req("volatility"),
      opt("years"),
      opt("fee_rate"),
      opt("financing_rate"),
      opt("funding_rate"),
    ],
    run: decay,
    build: (leverage, volatility, years, feeRate, financingRate, fundingRate) => ({
      leverage,
      volatility,
      years,
      feeRate,
      financingRate,
      fundingRate,
    }),
  },
  {
    id: "RETURN",
    params: [
      req("leverage"),
      req("underlying_return"),
      req("volatility"),
      opt("years"),
      opt("fee_rate"),
      opt("financing_rate"),
      opt("funding_rate"),
    ],
    run: leveragedReturn,
    build: (
      leverage,
      underlyingReturn,
      volatility,
      years,
      feeRate,
      financingRate,
      fundingRate
    ) => ({ leverage, underlyingReturn, volatility, years, feeRate, financingRate, fundingRate }),
  },
  {
    id: "PATH",
    params: [req("prices", SERIES), req("leverage"), opt("options", optionsOf(PATH_OPTION_NAMES))],
    run: leveragedPath,
    columns: (input: LeveragedPathInput): SpillColumns => {
      const c = runPath(input);
      const withStatus = input.options?.status === true;
      return {
        columns: pathColumns(withStatus),
        rows: c.nav.length,
        numeric: [
          [0, input.prices],
          [1, c.nav],
          [2, c.leverageBefore],
          [3, c.trade],
          [4, c.tradeFraction],
          [5, c.cost],
          [6, c.cumulativeCost],
        ],
        write: (out, offset) => writePathRows(out, offset, input.prices, c, withStatus),
      };
    },
    spill: {
      series: "prices",
      dataRows: (n) => n,
      columns: (o) => pathColumns(o.status === true).length,
    },
  },
  {
    id: "REBALANCE.TRADE",
    params: [req("nav"), req("leverage"), req("underlying_return")],
    run: rebalanceTrade,
    build: (nav, leverage, underlyingReturn) => ({ nav, leverage, underlyingReturn }),
  },
  {
    id: "TURNOVER",
    params: [req("leverage"), req("volatility"), opt("rebalances_per_year")],
    run: turnover,
    build: (leverage, volatility, rebalancesPerYear) => ({
      leverage,
      volatility,
      rebalancesPerYear,
    }),
  },
  {
    id: "REBALANCE.COST",
    params: [
      req("leverage"),
      req("volatility"),
      req("cost_rate"),
      opt("rebalances_per_year"),
      opt("years"),
    ],
    run: rebalanceCost,
    build: (leverage, volatility, costRate, rebalancesPerYear, years) => ({
      leverage,
      volatility,
      costRate,
      rebalancesPerYear,
      years,
    }),
  },
  {
    id: "BAND.TRIGGERS",
    params: [req("leverage"), req("band_low"), req("band_high")],
    run: bandTriggers,
    build: (leverage, bandLow, bandHigh) => ({ leverage, bandLow, bandHigh }),
    spill: { dataRows: () => 1, columns: 2 },
  },
  {
    id: "SIMULATE",
    params: [
      req("leverage"),
      req("volatility"),
      req("years"),
      opt("options", optionsOf(SIMULATE_OPTION_NAMES)),
    ],
    run: simulate,
    spill: { dataRows: () => SIMULATE_ROWS, columns: SIMULATE_COLUMNS.length },
    async: true,
  },
  // CPPI
  {
    id: "CPPI.EXPOSURE",
    params: [
      req("value"),
      req("floor"),
      req("multiplier"),
      opt("max_leverage"),
      opt("min_exposure"),
    ],
    run: cppiExposure,
    build: (value, floor, multiplier, maxLeverage, minExposure) => ({
      value,
      floor,
      multiplier,
      maxLeverage,
      minExposure,
    }),
  },
  {
    id: "CPPI.LEVERAGE",
    params: [req("value"), req("floor"), req("multiplier"), opt("max_leverage")],
    run: cppiLeverage,
    build: (value, floor, multiplier, maxLeverage) => ({ value, floor, multiplier, maxLeverage }),
  },
  {
    id: "CPPI.PATH",
    params: [
      req("returns", SERIES),
      req("multiplier"),
      req("floor_fraction"),
      opt("options", optionsOf(CPPI_PATH_OPTION_NAMES)),
    ],
    run: cppiPath,
    columns: (input: CppiPathInput): SpillColumns => {
      const c = runCppiPath(input);
      return {
        columns: CPPI_PATH_COLUMNS,
        rows: c.period.length,
        numeric: CPPI_PATH_COLUMNS.map((name, i) => [i, c[name]] as const),
        write: (out, offset) => writeCppiPathRows(out, offset, c),
      };
    },
    // one row per period: n returns, or n prices → n − 1 returns
    spill: {
      series: "returns",
      dataRows: (n, o) => (o.input === "prices" ? n - 1 : n),
      columns: CPPI_PATH_COLUMNS.length,
    },
  },
  {
    id: "CPPI.VALUE",
    params: [
      req("value"),
      req("floor"),
      req("multiplier"),
      req("rate"),
      req("volatility"),
      req("years"),
      req("price_ratio"),
    ],
    run: cppiValue,
    build: (value, floor, multiplier, rate, volatility, years, priceRatio) => ({
      value,
      floor,
      multiplier,
      rate,
      volatility,
      years,
      priceRatio,
    }),
  },
  {
    id: "CPPI.GAPRISK",
    params: [
      req("multiplier"),
      req("volatility"),
      req("rebalance_interval_years"),
      opt("years"),
      opt("drift"),
      opt("rate"),
    ],
    run: cppiGapRisk,
    build: (multiplier, volatility, rebalanceIntervalYears, years, drift, rate) => ({
      multiplier,
      volatility,
      rebalanceIntervalYears,
      years,
      drift,
      rate,
    }),
  },
  // Liquidation
  {
    id: "LIQ.PRICE",
    params: [
      req("side", SIDE),
      req("entry_price"),
      req("quantity"),
      req("margin"),
      opt("maintenance_rate"),
      opt("maintenance_amount"),
      opt("close_fee_rate"),
    ],
    run: liqPrice,
    build: (
      side,
      entryPrice,
      quantity,
      margin,
      maintenanceRate,
      maintenanceAmount,
      closeFeeRate
    ) => ({ side, entryPrice, quantity, margin, maintenanceRate, maintenanceAmount, closeFeeRate }),
  },
  {
    id: "LIQ.LEVERAGE",
    params: [
      req("side", SIDE),
      req("entry_price"),
      req("leverage"),
      opt("maintenance_rate"),
      opt("close_fee_rate"),
    ],
    run: liqLeverage,
    build: (side, entryPrice, leverage, maintenanceRate, closeFeeRate) => ({
      side,
      entryPrice,
      leverage,
      maintenanceRate,
      closeFeeRate,
    }),
  },
  {
    id: "LIQ.INVERSE",
    params: [
      req("side", SIDE),
      req("entry_price"),
      req("contracts"),
      req("contract_size"),
      req("margin_coin"),
      opt("maintenance_rate"),
      opt("maintenance_amount"),
      opt("close_fee_rate"),
    ],
    run: liqInverse,
    build: (
      side,
      entryPrice,
      contracts,
      contractSize,
      marginCoin,
      maintenanceRate,
      maintenanceAmount,
      closeFeeRate
    ) => ({
      side,
      entryPrice,
      contracts,
      contractSize,
      marginCoin,
      maintenanceRate,
      maintenanceAmount,
      closeFeeRate,
    }),
  },
  {
    id: "LIQ.TIERED",
    params: [
      req("side", SIDE),
      req("entry_price"),
      req("quantity"),
      req("margin"),
      req("brackets", BRACKETS),
    ],
    run: liqTiered,
  },
  {
    id: "LIQ.CROSS",
    params: [req("wallet_balance"), req("positions", POSITIONS), opt("row", INTEGER)],
    run: liqCross,
  },
  {
    id: "LIQ.VENUE",
    params: [
      req("venue", { kind: "choice", choices: VENUES }),
      req("side", SIDE),
      req("entry_price"),
      req("quantity"),
      req("margin"),
      opt("rate"),
      opt("close_fee_rate"),
    ],
    run: liqVenue,
    build: (venue, side, entryPrice, quantity, margin, rate, closeFeeRate) => ({
      venue,
      side,
      entryPrice,
      quantity,
      margin,
      rate,
      closeFeeRate,
    }),
  },
  {
    id: "BANKRUPTCY.PRICE",
    params: [req("side", SIDE), req("entry_price"), req("leverage")],
    run: bankruptcyPrice,
    build: (side, entryPrice, leverage) => ({ side, entryPrice, leverage }),
  },
  {
    id: "LIQ.DISTANCE",
    params: [req("side", SIDE), req("mark_price"), req("liquidation_price")],
    run: liqDistance,
    build: (side, markPrice, liquidationPrice) => ({ side, markPrice, liquidationPrice }),
  },
  {
    id: "HEALTH",
    params: [req("collateral_value"), req("liquidation_threshold"), req("debt_value")],
    run: health,
    build: (collateralValue, liquidationThreshold, debtValue) => ({
      collateralValue,
      liquidationThreshold,
      debtValue,
    }),
  },
  {
    id: "LIQ.LENDING",
    params: [req("collateral_quantity"), req("liquidation_threshold"), req("debt_value")],
    run: liqLending,
    build: (collateralQuantity, liquidationThreshold, debtValue) => ({
      collateralQuantity,
      liquidationThreshold,
      debtValue,
    }),
  },
  // Cost of leverage
  {
    id: "CARRY",
    params: [
      req("leverage"),
      opt("years"),
      opt("borrow_rate"),
      opt("funding_rate"),
      opt("fee_rate"),
    ],
    run: carry,
    build: (leverage, years, borrowRate, fundingRate, feeRate) => ({
      leverage,
      years,
      borrowRate,
      fundingRate,
      feeRate,
    }),
  },
];

const BY_ID = new Map<string, FunctionSpec>();
/** The spec of a LEV function by id (case-insensitive, with or without the "LEV." prefix). */
export function getFunction(id: string): FunctionSpec | undefined {
  if (BY_ID.size === 0) for (const f of FUNCTIONS) BY_ID.set(f.id, f);
  const exact = BY_ID.get(id); // the Excel wrappers pass the exact id: no string work per call
  if (exact !== undefined) return exact;
  const key = id.toUpperCase().replace(/^LEV\./, "");
  return BY_ID.get(key);
}
