/**
 * Parameter kinds shared by several declarations: the option names and value types of the functions that
 * take `options`, and the columns of the brackets and positions tables.
 */
import type { OptionType } from "../args";
import { snakeOf, type ParamKind } from "../declare";

const NUMBER = { kind: "number" } as const;
const INTEGER = { kind: "integer" } as const;

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

/** An `options` parameter accepting the engine's option keys (camelCase) under their snake_case names. */
export const optionsOf = (keys: readonly string[]): ParamKind & { kind: "options" } => ({
  kind: "options",
  names: keys.map(snakeOf),
  types: OPTION_TYPES,
});

export const BRACKETS: ParamKind & { kind: "table" } = {
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

export const POSITIONS: ParamKind & { kind: "table" } = {
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
