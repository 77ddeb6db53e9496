/**
 * Scenario templates: one declarative table per template (fields, defaults, units, per-field help)
 * from which the zod schemas, the form, the preview and the sheet layout are all derived.
 *
 * Units follow the formula contract (docs/spec/functions.md): rates and returns are decimals
 * (0.8 = 80%), `years` is a year fraction, per-period rates say so in their name. Field keys are the
 * contract's snake_case argument names where one exists, so the sheet's names (`in_<key>`) read like
 * the formulas they feed (`=LEV.DECAY(in_leverage, in_volatility, ...)`).
 *
 * Precision: form values are plain float64 numbers; they are only validated here, never computed on.
 */
// zod/mini: the tree-shakable build of zod 4 (the classic API would add ~40 KB gzipped to the pane).
import * as z from "zod/mini";
import { MAX_PATH_STEPS, MAX_PATHS } from "../engine/simulate";
import { VENUES, type Venue } from "../engine/venues";

/** Display names of the engine's venues; a Record so a venue added to the engine must get a label here. */
const VENUE_LABELS: Record<Venue, string> = {
  binance: "Binance",
  bybit: "Bybit",
  okx: "OKX",
  hyperliquid: "Hyperliquid",
  dydx: "dYdX",
};

/** The display name of a venue ("hyperliquid" → "Hyperliquid"); an unknown value as it is. */
export function venueLabel(venue: string): string {
  return (VENUE_LABELS as Record<string, string>)[venue] ?? venue;
}

export type TemplateId = "token" | "band" | "cppi" | "perp" | "liquidation" | "lending";
/** The pane's tab order (the liquidation risk template beside the perp it extends). */
export const TEMPLATE_IDS = ["token", "band", "cppi", "perp", "liquidation", "lending"] as const;

/** One row of a Binance-style maintenance bracket table (LEV.LIQ.TIERED). */
export interface BracketRow {
  notionalFloor: number;
  notionalCap: number;
  maintenanceRate: number;
  maintenanceAmount: number;
}

interface FieldBase {
  key: string;
  label: string;
  /** One or two sentences shown under the field and written to the sheet's "Meaning" column. */
  help: string;
}
export interface NumberField extends FieldBase {
  kind: "number";
  default: number;
  min?: number;
  /** true: value must be strictly greater than `min`. */
  minExclusive?: boolean;
  max?: number;
  integer?: boolean;
  /** Shown as a percentage in the sheet (number format 0.00%) and beside the field. */
  percent?: boolean;
  unit?: string;
}
export interface ChoiceField extends FieldBase {
  kind: "choice";
  default: string;
  choices: readonly { value: string; label: string }[];
}
export interface TextField extends FieldBase {
  kind: "text";
  default: string;
  maxLength: number;
}
/** Maintenance brackets entered as lines "floor, cap, rate, amount". */
export interface BracketsField extends FieldBase {
  kind: "brackets";
  default: BracketRow[];
}
/** A column of a rows field: a side ("long"/"short") or a number. */
export interface RowColumn {
  key: string;
  label: string;
  kind: "side" | "number";
  /** A number column: > 0 (else ≥ 0). */
  positive?: boolean;
  /** A number column that accepts a trailing "x" (a leverage: 10x). */
  leverage?: boolean;
}
/** One row of a rows field: the columns' values by key. */
export type TableRow = Record<string, number | string>;
/** A small table entered as lines of values (e.g. "long, 10x, 200000000"), written to the sheet as an Excel table. */
export interface RowsField extends FieldBase {
  kind: "rows";
  columns: readonly RowColumn[];
  default: TableRow[];
  minRows: number;
  maxRows: number;
}
export type FieldSpec = NumberField | ChoiceField | TextField | BracketsField | RowsField;

export type InputValue = number | string | BracketRow[] | TableRow[];
export type ScenarioInputs = Record<string, InputValue>;

/** A cross-field rule: returns an error message for `field`, or null when satisfied. */
export interface CrossRule {
  field: string;
  check(v: Readonly<ScenarioInputs>): string | null;
}

export interface TemplateSpec {
  id: TemplateId;
  title: string;
  /** Default scenario name. */
  defaultName: string;
  summary: string;
  fields: readonly FieldSpec[];
  rules: readonly CrossRule[];
  /** Written to the sheet's assumptions note and shown in the pane. */
  assumptions: readonly string[];
  /** Published parameter sets the form can fill in at once (the pane's "Preset" list). */
  presets?: readonly Preset[];
}

/** A named set of field values (a dated, sourced parameter set). */
export interface Preset {
  id: string;
  label: string;
  values: Readonly<Record<string, number | string>>;
}

const labelField: TextField = {
  kind: "text",
  key: "underlying",
  label: "Underlying",
  help: "Label of the underlying asset, used in titles only (e.g. BTC).",
  default: "BTC",
  maxLength: 20,
};
const seedField: NumberField = {
  kind: "number",
  key: "seed",
  label: "Seed",
  help: "Seed of the illustrative price path and of the Monte Carlo: the same seed gives the same numbers.",
  default: 1,
  min: 1,
  max: 2147483647,
  integer: true,
};
const daysField: NumberField = {
  kind: "number",
  key: "days",
  label: "Illustrative path length",
  help: "Number of daily prices in the illustrative path written to the sheet (paste your own prices over them).",
  default: 180,
  min: 5,
  max: 2000,
  integer: true,
  unit: "days",
};
const startPriceField: NumberField = {
  kind: "number",
  key: "start_price",
  label: "Start price",
  help: "First price of the illustrative path.",
  default: 60000,
  min: 0,
  minExclusive: true,
};
const mcPathsField: NumberField = {
  kind: "number",
  key: "paths",
  label: "Monte Carlo paths",
  help: "Number of simulated paths for LEV.SIMULATE (more paths: smoother percentiles, slower).",
  default: 2000,
  min: 100,
  // LEV.SIMULATE's own cap, so the pane accepts exactly the runs the sheet's formula accepts
  max: MAX_PATHS,
  integer: true,
};

/** LEV.SIMULATE's steps per path: max(1, round(years × steps per year)) (src/engine/simulate.ts). */
export const simulationSteps = (years: number, stepsPerYear: number): number =>
  Math.max(1, Math.round(years * stepsPerYear));

/** LEV.SIMULATE refuses paths × steps above MAX_PATH_STEPS: so does the form, with the same cap. */
function pathStepsRule(stepsPerYear: (v: Readonly<ScenarioInputs>) => number): CrossRule {
  return {
    field: "paths",
    check: (v) => {
      if (typeof v.paths !== "number" || typeof v.years !== "number") return null;
      const steps = simulationSteps(v.years, stepsPerYear(v));
      return v.paths * steps > MAX_PATH_STEPS
        ? `Paths × steps (${steps.toLocaleString("en-US")} a path) must be at most ${MAX_PATH_STEPS.toLocaleString("en-US")}, LEV.SIMULATE's limit: at most ${Math.floor(MAX_PATH_STEPS / steps).toLocaleString("en-US")} paths.`
        : null;
    },
  };
}

/** The position of the perp and liquidation risk templates (venue, side, size, margin, mark, maintenance). */
const POSITION_FIELDS: readonly FieldSpec[] = [
  {
    kind: "choice",
    key: "venue",
    label: "Venue",
    help: "Exchange whose liquidation convention LEV.LIQ.VENUE applies.",
    default: "binance",
    choices: VENUES.map((v) => ({ value: v, label: VENUE_LABELS[v] })),
  },
  {
    kind: "choice",
    key: "side",
    label: "Side",
    help: "Long profits when the price rises; short when it falls.",
    default: "long",
    choices: [
      { value: "long", label: "Long" },
      { value: "short", label: "Short" },
    ],
  },
  {
    kind: "number",
    key: "entry_price",
    label: "Entry price",
    help: "Average entry price.",
    default: 60000,
    min: 0,
    minExclusive: true,
  },
  {
    kind: "number",
    key: "quantity",
    label: "Size",
    help: "Position size in coins (positive).",
    default: 0.5,
    min: 0,
    minExclusive: true,
  },
  {
    kind: "number",
    key: "margin",
    label: "Margin",
    help: "Isolated margin posted, in quote currency.",
    default: 3000,
    min: 0,
    minExclusive: true,
  },
  {
    kind: "number",
    key: "mark_price",
    label: "Mark price",
    help: "Current mark price, for the distance to liquidation.",
    default: 60000,
    min: 0,
    minExclusive: true,
  },
  {
    kind: "number",
    key: "maintenance_rate",
    label: "Maintenance rate",
    help: "Maintenance margin rate of the position's bracket (0.004 = 0.4%).",
    default: 0.004,
    min: 0,
    max: 0.5,
    percent: true,
  },
];
const closeFeeField: NumberField = {
  kind: "number",
  key: "close_fee_rate",
  label: "Close fee",
  help: "Taker fee charged on closing at the liquidation price.",
  default: 0.0005,
  min: 0,
  max: 0.05,
  percent: true,
};
const maxLeverageField: NumberField = {
  kind: "number",
  key: "max_leverage",
  label: "Venue max leverage",
  help: "Hyperliquid's rate argument (maintenance = 1 / (2 × max leverage)) and the end of the leverage sweep.",
  default: 50,
  min: 1,
  max: 200,
};
const volatilityField: NumberField = {
  kind: "number",
  key: "volatility",
  label: "Volatility",
  help: "Annualised volatility of the price (0.6 = 60%), for the probability of liquidation.",
  default: 0.6,
  min: 0,
  minExclusive: true,
  max: 5,
  percent: true,
};
const horizonField: NumberField = {
  kind: "number",
  key: "years",
  label: "Horizon",
  help: "Holding period in years (0.25 = 3 months) for the probability of liquidation and the safe leverage.",
  default: 0.25,
  min: 0,
  minExclusive: true,
  max: 30,
  unit: "years",
};
const maxProbabilityField: NumberField = {
  kind: "number",
  key: "max_probability",
  label: "Acceptable chance of liquidation",
  help: "Over the horizon; the safe leverage keeps the probability of liquidation at or below it (0.01 = 1%).",
  default: 0.01,
  min: 0,
  minExclusive: true,
  max: 0.99,
  percent: true,
};

const overCollateralisedRule: CrossRule = {
  field: "margin",
  check: (v) =>
    typeof v.margin === "number" &&
    typeof v.entry_price === "number" &&
    typeof v.quantity === "number" &&
    v.margin > v.entry_price * v.quantity
      ? "Margin above the notional: the position is over-collateralised and never liquidates."
      : null,
};

/** The venue's maintenance rate as the templates use it: 1 / (2 × max leverage) on Hyperliquid. */
export function maintenanceRateUsed(v: Readonly<ScenarioInputs>): number {
  return v.venue === "hyperliquid" ? 1 / (2 * Number(v.max_leverage)) : Number(v.maintenance_rate);
}

/** Aave v3 rate-model parameters of one reserve (LEV.RATE.AAVE). */
interface AaveParams {
  optimal: number;
  base: number;
  slope1: number;
  slope2: number;
}

/** The `<prefix>_utilization`, `_optimal`, `_base`, `_slope1`, `_slope2` fields of a reserve. */
function aaveFields(
  prefix: "supply" | "borrow",
  what: "collateral" | "debt",
  d: AaveParams & { utilization: number }
): NumberField[] {
  const reserve = what === "collateral" ? "Collateral reserve" : "Debt reserve";
  const rate = (key: keyof AaveParams, label: string, help: string, max: number): NumberField => ({
    kind: "number",
    key: `${prefix}_${key}`,
    label: `${reserve}: ${label}`,
    help,
    default: d[key],
    min: 0,
    max,
    percent: true,
  });
  return [
    {
      kind: "number",
      key: `${prefix}_utilization`,
      label: `${reserve}: utilization`,
      help: `Borrowed share of the ${what} asset's reserve, which sets its ${what === "collateral" ? "supply" : "borrow"} rate.`,
      default: d.utilization,
      min: 0,
      max: 0.999,
      percent: true,
    },
    {
      ...rate(
        "optimal",
        "optimal utilization",
        `The kink U* of the rate curve. Defaults: ${what === "collateral" ? "WETH" : "USDC"}, Aave v3 Ethereum Core, 2024-09-11 (docs/references/funding-defi.md §2.3).`,
        0.999
      ),
      min: 0.001,
    },
    rate("base", "base rate", "Borrow APR at zero utilization.", 1),
    rate("slope1", "slope below the kink", "Borrow APR added from 0 to U*.", 1),
    rate("slope2", "slope above the kink", "Borrow APR added from U* to 100%.", 10),
  ];
}

/** A preset's rate-model values for the `<prefix>_…` fields. */
function aaveValues(prefix: "supply" | "borrow", p: AaveParams): Record<string, number> {
  return {
    [`${prefix}_optimal`]: p.optimal,
    [`${prefix}_base`]: p.base,
    [`${prefix}_slope1`]: p.slope1,
    [`${prefix}_slope2`]: p.slope2,
  };
}

export const TEMPLATES: Record<TemplateId, TemplateSpec> = {
  token: {
    id: "token",
    title: "Daily-reset leveraged token",
    defaultName: "3x BTC daily token",
    summary:
      "A token rebalanced back to its target leverage every day: volatility decay, carry and rebalancing cost.",
    fields: [
      labelField,
      {
        kind: "number",
        key: "leverage",
        label: "Leverage",
        help: "Target leverage L (3 = 3x long, −3 = 3x short).",
        default: 3,
        min: -10,
        max: 10,
      },
      {
        kind: "number",
        key: "volatility",
        label: "Volatility",
        help: "Annualised volatility σ of the underlying (0.6 = 60%).",
        default: 0.6,
        min: 0,
        max: 5,
        percent: true,
      },
      {
        kind: "number",
        key: "years",
        label: "Horizon",
        help: "Holding period in years (0.25 = 3 months).",
        default: 1,
        min: 0,
        minExclusive: true,
        max: 30,
        unit: "years",
      },
      {
        kind: "number",
        key: "fee_rate",
        label: "Management fee",
        help: "Annual fee charged by the token issuer (0.0365 = 0.01% a day).",
        default: 0.0365,
        min: 0,
        max: 1,
        percent: true,
      },
      {
        kind: "number",
        key: "financing_rate",
        label: "Financing rate",
        help: "Annual rate paid on the borrowed part of the exposure.",
        default: 0,
        min: -1,
        max: 1,
        percent: true,
      },
      {
        kind: "number",
        key: "funding_rate",
        label: "Funding rate",
        help: "Annualised perpetual funding paid on the exposure (positive: longs pay).",
        default: 0.1,
        min: -2,
        max: 2,
        percent: true,
      },
      {
        kind: "number",
        key: "cost_rate",
        label: "Trading cost",
        help: "Cost per unit of notional traded at each rebalance (0.0005 = 5 bp).",
        default: 0.0005,
        min: 0,
        max: 0.1,
        percent: true,
      },
      {
        kind: "number",
        key: "rebalances_per_year",
        label: "Rebalances per year",
        help: "365 for a daily reset.",
        default: 365,
        min: 1,
        max: 100000,
        integer: true,
      },
      mcPathsField,
      startPriceField,
      daysField,
      seedField,
    ],
    rules: [
      { field: "leverage", check: (v) => (v.leverage === 0 ? "Leverage must not be 0." : null) },
      pathStepsRule((v) => Number(v.rebalances_per_year)),
    ],
    assumptions: [
      "Underlying follows geometric Brownian motion with constant volatility (Avellaneda–Zhang decay formula).",
      "The token rebalances to the target leverage at every reset; fees, financing and funding accrue continuously.",
      "LEV.PATH and LEV.SIMULATE charge the fee and funding per rebalance (annual rate / rebalances per year); the financing rate on the borrowed part B·NAV (B = L − 1 above 1x, |L| for a short, as LEV.CARRY) is added to the funding as financing·B/L, so their carry equals LEV.CARRY's.",
      "The illustrative price path is a seeded simulation, not market data: paste real prices over it to backtest.",
    ],
  },
  band: {
    id: "band",
    title: "Band-rebalanced token",
    defaultName: "3x BTC band token",
    summary: "A token that only rebalances when its leverage leaves a band around the target.",
    fields: [
      labelField,
      {
        kind: "number",
        key: "leverage",
        label: "Target leverage",
        help: "Leverage the token returns to (or towards) when it rebalances.",
        default: 3,
        min: 0,
        minExclusive: true,
        max: 10,
      },
      {
        kind: "number",
        key: "band_low",
        label: "Band low",
        help: "Rebalance when leverage falls below this (must be below the target).",
        default: 2,
        min: 0,
        minExclusive: true,
        max: 10,
      },
      {
        kind: "number",
        key: "band_high",
        label: "Band high",
        help: "Rebalance when leverage rises above this (must be above the target).",
        default: 4,
        min: 0,
        minExclusive: true,
        max: 20,
      },
      {
        kind: "choice",
        key: "rebalance_to",
        label: "Rebalance to",
        help: "Where a triggered rebalance takes leverage: back to the target, or only to the band edge it crossed.",
        default: "target",
        choices: [
          { value: "target", label: "Target leverage" },
          { value: "edge", label: "Band edge" },
        ],
      },
      {
        kind: "number",
        key: "volatility",
        label: "Volatility",
        help: "Annualised volatility of the underlying, used for the illustrative path and the Monte Carlo.",
        default: 0.6,
        min: 0,
        max: 5,
        percent: true,
      },
      {
        kind: "number",
        key: "years",
        label: "Horizon (Monte Carlo)",
        help: "Simulated holding period in years.",
        default: 1,
        min: 0,
        minExclusive: true,
        max: 30,
        unit: "years",
      },
      {
        kind: "number",
        key: "fee_rate",
        label: "Management fee",
        help: "Annual fee charged by the issuer, taken daily.",
        default: 0.0365,
        min: 0,
        max: 1,
        percent: true,
      },
      {
        kind: "number",
        key: "funding_rate",
        label: "Funding rate",
        help: "Annualised funding paid on the exposure, taken daily.",
        default: 0.1,
        min: -2,
        max: 2,
        percent: true,
      },
      {
        kind: "number",
        key: "cost_rate",
        label: "Trading cost",
        help: "Cost per unit of notional traded at each rebalance.",
        default: 0.0005,
        min: 0,
        max: 0.1,
        percent: true,
      },
      mcPathsField,
      startPriceField,
      daysField,
      seedField,
    ],
    rules: [
      {
        field: "band_low",
        check: (v) =>
          v.band_low < v.leverage ? null : "Band low must be below the target leverage.",
      },
      {
        field: "band_high",
        check: (v) =>
          v.band_high > v.leverage ? null : "Band high must be above the target leverage.",
      },
      pathStepsRule(() => 365),
    ],
    assumptions: [
      "Leverage drifts with the underlying between rebalances and is checked once a day against the band.",
      "Fees and funding are charged per day (annual rate / 365); trading cost applies to the rebalanced notional.",
      "The illustrative price path is a seeded simulation, not market data: paste real prices over it to backtest.",
    ],
  },
  cppi: {
    id: "cppi",
    title: "CPPI vault",
    defaultName: "CPPI vault",
    summary:
      "Constant-proportion portfolio insurance: exposure = multiplier × (value − floor), capped by max leverage.",
    fields: [
      labelField,
      {
        kind: "number",
        key: "start_value",
        label: "Start value",
        help: "Vault value at the start.",
        default: 1000,
        min: 0,
        minExclusive: true,
      },
      {
        kind: "number",
        key: "floor_fraction",
        label: "Floor",
        help: "Protected floor as a fraction of the start value (0.8 = 80%).",
        default: 0.8,
        min: 0,
        max: 1,
        minExclusive: true,
        percent: true,
      },
      {
        kind: "number",
        key: "multiplier",
        label: "Multiplier",
        help: "CPPI multiplier m: exposure = m × cushion.",
        default: 4,
        min: 0,
        minExclusive: true,
        max: 50,
      },
      {
        kind: "number",
        key: "max_leverage",
        label: "Max leverage",
        help: "Cap on exposure / value (1 = no borrowing).",
        default: 1,
        min: 0,
        minExclusive: true,
        max: 20,
      },
      {
        kind: "number",
        key: "safe_rate",
        label: "Safe rate",
        help: "Annual rate earned on the safe (cash) part.",
        default: 0.04,
        min: -0.5,
        max: 1,
        percent: true,
      },
      {
        kind: "number",
        key: "borrow_rate",
        label: "Borrow rate",
        help: "Annual rate paid when exposure exceeds value.",
        default: 0.06,
        min: -0.5,
        max: 1,
        percent: true,
      },
      {
        kind: "number",
        key: "rebalance_every",
        label: "Rebalance interval",
        help: "Days between rebalances.",
        default: 1,
        min: 1,
        max: 365,
        integer: true,
        unit: "days",
      },
      {
        kind: "number",
        key: "drawdown",
        label: "Drawdown floor",
        help: "0 = fixed floor. Above 0: the floor ratchets to (1 − drawdown) × peak value, replacing the floor fraction.",
        default: 0,
        min: 0,
        max: 0.99,
        percent: true,
      },
      {
        kind: "number",
        key: "volatility",
        label: "Volatility",
        help: "Annualised volatility of the risky asset (illustrative path and gap risk).",
        default: 0.6,
        min: 0,
        max: 5,
        percent: true,
      },
      {
        kind: "number",
        key: "years",
        label: "Horizon",
        help: "Horizon for the gap-risk probability, in years.",
        default: 1,
        min: 0,
        minExclusive: true,
        max: 30,
        unit: "years",
      },
      startPriceField,
      daysField,
      seedField,
    ],
    rules: [],
    assumptions: [
      "Exposure is rebalanced to m × (value − floor) at each rebalance, between min exposure 0 and max leverage × value.",
      "Cash earns the safe rate; borrowing (exposure above value) pays the borrow rate; both compound daily (e^(rate/365) − 1), as the continuous rates of LEV.CPPI.VALUE.",
      "The floor grows at the safe rate (a bond floor, as in LEV.CPPI.VALUE) unless a drawdown floor is set, which replaces it.",
      "Gap risk: probability that the floor is breached between two rebalances under GBM.",
      "The illustrative return path is a seeded simulation, not market data: paste real returns over it to backtest.",
    ],
  },
  perp: {
    id: "perp",
    title: "Perpetual futures position",
    defaultName: "BTC perp",
    summary:
      "Isolated-margin perp: liquidation price by venue convention and by maintenance brackets, distance to liquidation, probability of liquidation and safe leverage.",
    fields: [
      labelField,
      ...POSITION_FIELDS,
      {
        kind: "number",
        key: "maintenance_amount",
        label: "Maintenance amount",
        help: "Bracket deduction (Binance 'cum'), in quote currency.",
        default: 0,
        min: 0,
      },
      closeFeeField,
      maxLeverageField,
      volatilityField,
      { ...horizonField, default: 0.25 },
      maxProbabilityField,
      {
        kind: "brackets",
        key: "brackets",
        label: "Maintenance brackets",
        help: "One bracket per line: notional floor, notional cap, maintenance rate, maintenance amount. Default: historical Binance BTCUSDT table (Binance USDS-M futures FAQ).",
        default: [
          { notionalFloor: 0, notionalCap: 50000, maintenanceRate: 0.004, maintenanceAmount: 0 },
          {
            notionalFloor: 50000,
            notionalCap: 250000,
            maintenanceRate: 0.005,
            maintenanceAmount: 50,
          },
          {
            notionalFloor: 250000,
            notionalCap: 1000000,
            maintenanceRate: 0.01,
            maintenanceAmount: 1300,
          },
          {
            notionalFloor: 1000000,
            notionalCap: 10000000,
            maintenanceRate: 0.025,
            maintenanceAmount: 16300,
          },
          {
            notionalFloor: 10000000,
            notionalCap: 20000000,
            maintenanceRate: 0.05,
            maintenanceAmount: 266300,
          },
        ],
      },
    ],
    rules: [overCollateralisedRule],
    assumptions: [
      "Isolated margin, linear (USDⓈ-margined) contract; maintenance margin valued at the liquidation price.",
      "Venue conventions as in LEV.LIQ.VENUE, whose price the distance and the sweep use; brackets (LEV.LIQ.TIERED, chosen at the liquidation notional) follow Binance's formula and apply to Binance only.",
      "Hyperliquid: the maintenance rate is 1 / (2 × max leverage) wherever a maintenance rate is used.",
      "Probability of liquidation and safe leverage: the mark price follows a driftless geometric Brownian motion, watched continuously (LEV.LIQ.PROB, LEV.LIQ.SAFE.LEVERAGE).",
      "Funding and unrealised PnL of other positions are ignored.",
    ],
  },
  liquidation: {
    id: "liquidation",
    title: "Liquidation risk",
    defaultName: "BTC liquidation risk",
    summary:
      "One position: its liquidation price, the chance of reaching it within a day, a week, a month and your horizon, and the leverage that keeps that chance below your limit. A market: a shock, the liquidation cascade it sets off through price impact, and the liquidation map.",
    fields: [
      labelField,
      ...POSITION_FIELDS,
      closeFeeField,
      maxLeverageField,
      volatilityField,
      {
        kind: "number",
        key: "drift",
        label: "Drift",
        help: "Annual drift of the price (0 = no trend, as a martingale price).",
        default: 0,
        min: -2,
        max: 2,
        percent: true,
      },
      horizonField,
      maxProbabilityField,
      {
        kind: "number",
        key: "shock",
        label: "Price shock",
        help: "Sudden move of the price that starts the cascade (−0.05 = a 5% drop).",
        default: -0.05,
        min: -0.95,
        max: 2,
        percent: true,
      },
      {
        kind: "number",
        key: "depth_per_1pct",
        label: "Order-book depth per 1%",
        help: "Quote notional of market sells that moves the price 1% (and of buys, up): the cascade's price impact.",
        default: 150000000,
        min: 0,
        minExclusive: true,
      },
      {
        kind: "rows",
        key: "buckets",
        label: "Leverage buckets",
        help: "One bucket per line: side, leverage, open notional (e.g. long, 10x, 600000000). Each bucket is a level at LEV.LIQ.LEVERAGE's liquidation price of a position opened at the mark price. Illustrative, not market data.",
        columns: [
          { key: "side", label: "Side", kind: "side" },
          { key: "leverage", label: "Leverage", kind: "number", positive: true, leverage: true },
          { key: "notional", label: "Notional", kind: "number" },
        ],
        default: [
          { side: "long", leverage: 3, notional: 300000000 },
          { side: "long", leverage: 5, notional: 400000000 },
          { side: "long", leverage: 10, notional: 600000000 },
          { side: "long", leverage: 25, notional: 500000000 },
          { side: "long", leverage: 50, notional: 300000000 },
          { side: "short", leverage: 3, notional: 200000000 },
          { side: "short", leverage: 5, notional: 300000000 },
          { side: "short", leverage: 10, notional: 500000000 },
          { side: "short", leverage: 25, notional: 400000000 },
          { side: "short", leverage: 50, notional: 250000000 },
        ],
        minRows: 1,
        maxRows: 40,
      },
      {
        kind: "rows",
        key: "levels",
        label: "Liquidation levels (optional, pasted)",
        help: "Leave empty to use the buckets, or paste your own levels, one per line: side, liquidation price, notional (e.g. a liquidation heatmap's bins). Longs below the mark price, shorts above it.",
        columns: [
          { key: "side", label: "Side", kind: "side" },
          { key: "liquidation_price", label: "Liquidation price", kind: "number", positive: true },
          { key: "notional", label: "Notional", kind: "number" },
        ],
        default: [],
        minRows: 0,
        maxRows: 2000,
      },
    ],
    rules: [
      overCollateralisedRule,
      {
        field: "buckets",
        check: (v) => {
          const rows = Array.isArray(v.buckets) ? (v.buckets as TableRow[]) : [];
          const long = rows.findIndex((r) => r.side === "long" && Number(r.leverage) <= 1);
          if (long >= 0)
            return `Line ${long + 1}: a long at 1x or less is never liquidated (no level): use more than 1x.`;
          const mm = maintenanceRateUsed(v) + Number(v.close_fee_rate);
          const i = rows.findIndex((r) => Number(r.leverage) * mm >= 1);
          return i < 0
            ? null
            : `Line ${i + 1}: at ${rows[i].leverage}x the maintenance margin and close fee (${(mm * 100).toPrecision(3)}%) take the whole margin: the level would sit at the price. Use at most ${Math.floor((1 / mm) * 0.99)}x.`;
        },
      },
      {
        field: "levels",
        check: (v) => {
          const rows = Array.isArray(v.levels) ? (v.levels as TableRow[]) : [];
          const mark = Number(v.mark_price);
          const i = rows.findIndex((r) =>
            r.side === "long"
              ? Number(r.liquidation_price) >= mark
              : Number(r.liquidation_price) <= mark
          );
          return i < 0
            ? null
            : `Line ${i + 1}: a ${rows[i].side} liquidation price ${rows[i].liquidation_price} is already crossed at the mark price ${mark} (longs below it, shorts above).`;
        },
      },
    ],
    assumptions: [
      "Isolated margin, linear contract; liquidation prices by venue convention (LEV.LIQ.VENUE) and, for the sweep and the buckets, LEV.LIQ.LEVERAGE at the venue's maintenance rate (Hyperliquid: 1 / (2 × max leverage)) and the close fee.",
      "Probabilities: the mark price follows geometric Brownian motion with the given volatility and drift, watched continuously (first passage, closed form); expected time without a horizon is #N/A when the drift carries the price away from the liquidation price.",
      "Cascade: every level crossed by the price is liquidated at once, each round's market orders move the price linearly by the depth per 1% (cumulative, from the shocked price), until a round crosses nothing (LEV.CASCADE).",
      "The bucket levels are illustrative (every position opened at the mark price); paste real levels (a liquidation heatmap) to study a real market.",
    ],
  },
  lending: {
    id: "lending",
    title: "Lending loop",
    defaultName: "ETH lending loop",
    summary:
      "Supply, borrow, re-supply: loop leverage from the LTV and the number of loops (or a target), net APY from Aave's rate model, health factor, the price at liquidation and the runway.",
    fields: [
      {
        ...labelField,
        label: "Collateral asset",
        default: "ETH",
        help: "Label of the collateral asset.",
      },
      {
        ...labelField,
        key: "debt_asset",
        label: "Debt asset",
        default: "USDC",
        help: "Label of the borrowed asset, in which prices and debt are counted.",
      },
      {
        kind: "number",
        key: "collateral_price",
        label: "Collateral price",
        help: "Price of one unit of collateral in the debt asset.",
        default: 3000,
        min: 0,
        minExclusive: true,
      },
      {
        kind: "number",
        key: "deposit",
        label: "Own deposit",
        help: "Units of collateral you put in before looping (your equity).",
        default: 10,
        min: 0,
        minExclusive: true,
      },
      {
        kind: "choice",
        key: "sizing",
        label: "Size the loop by",
        help: "The number of borrow-and-resupply loops at the LTV, or a target leverage.",
        default: "loops",
        choices: [
          { value: "loops", label: "Number of loops" },
          { value: "leverage", label: "Target leverage" },
        ],
      },
      {
        kind: "number",
        key: "loops",
        label: "Loops",
        help: "Borrow LTV × the last deposit and supply it again, this many times (sizing by loops).",
        default: 3,
        min: 1,
        max: 100,
        integer: true,
      },
      {
        kind: "number",
        key: "target_leverage",
        label: "Target leverage",
        help: "Collateral / equity (sizing by target leverage); at most 1 / (1 − LTV).",
        default: 3,
        min: 1,
        max: 100,
      },
      {
        kind: "number",
        key: "ltv",
        label: "LTV",
        help: "Loan-to-value of each borrow (Aave's LTV of the collateral).",
        default: 0.8,
        min: 0,
        max: 0.99,
        percent: true,
      },
      {
        kind: "number",
        key: "liquidation_threshold",
        label: "Liquidation threshold",
        help: "Aave liquidation threshold (0.83 = 83%); Maker: 1 / liquidation ratio.",
        default: 0.83,
        min: 0,
        minExclusive: true,
        max: 1,
        percent: true,
      },
      ...aaveFields("supply", "collateral", {
        utilization: 0.8,
        optimal: 0.9,
        base: 0,
        slope1: 0.027,
        slope2: 0.8,
      }),
      {
        kind: "number",
        key: "supply_reserve_factor",
        label: "Collateral reserve factor",
        help: "Share of the collateral reserve's interest kept by the protocol (Aave reserve factor).",
        default: 0.15,
        min: 0,
        max: 0.99,
        percent: true,
      },
      ...aaveFields("borrow", "debt", {
        utilization: 0.9,
        optimal: 0.92,
        base: 0,
        slope1: 0.055,
        slope2: 0.6,
      }),
      {
        kind: "number",
        key: "staking_yield",
        label: "Collateral's own yield",
        help: "Yield the collateral earns by itself, as an APY (staking yield of an LST such as wstETH; 0 for ETH).",
        default: 0,
        min: -0.5,
        max: 1,
        percent: true,
      },
      {
        kind: "number",
        key: "incentive_apy",
        label: "Incentives",
        help: "Incentive APY paid on the collateral (reward tokens), 0 if none.",
        default: 0,
        min: -0.5,
        max: 1,
        percent: true,
      },
      {
        kind: "number",
        key: "other_collateral_value",
        label: "Other collateral",
        help: "Value of other collateral in the same account, in the debt asset (0 if none): LEV.HEALTH sums every collateral × its threshold.",
        default: 0,
        min: 0,
      },
      {
        kind: "number",
        key: "other_threshold",
        label: "Other collateral's threshold",
        help: "Liquidation threshold of the other collateral.",
        default: 0.75,
        min: 0,
        minExclusive: true,
        max: 1,
        percent: true,
      },
    ],
    rules: [
      {
        field: "target_leverage",
        check: (v) => {
          if (v.sizing !== "leverage") return null;
          const max = 1 / (1 - Number(v.ltv));
          return Number(v.target_leverage) <= max * (1 + 1e-12)
            ? null
            : `Above the most a loop reaches at LTV ${(Number(v.ltv) * 100).toFixed(1)}%: 1 / (1 − LTV) = ${max.toFixed(2)}x.`;
        },
      },
    ],
    assumptions: [
      "Loop: supply the deposit, borrow LTV × the last deposit, supply it again; leverage L = collateral / equity = (1 − LTV^(n+1)) / (1 − LTV) after n loops (LEV.LOOP.LEVERAGE), debt = (L − 1) × deposit × price.",
      "Rates: Aave v3's kinked model at the given utilizations (LEV.RATE.AAVE), compounded every second (LEV.APY); net APY = L × (supply APY + own yield + incentives) − (L − 1) × borrow APY on the equity, prices unchanged (LEV.LOOP.APY).",
      "Health factor = L × threshold × price ratio / (L − 1) (LEV.LOOP.HEALTH), liquidation below 1; the account's health with other collateral sums each collateral × its threshold (LEV.HEALTH).",
      "Runway: years until the carry alone (borrow rate above the collateral's yield, continuously compounded) takes the health factor to 1 (LEV.LOOP.RUNWAY); #N/A when the yield covers the borrow rate.",
      "Rate parameters change often: the defaults and presets are dated snapshots (Aave v3 Ethereum, docs/references/funding-defi.md §2.3).",
    ],
    presets: [
      {
        id: "eth-usdc",
        label: "ETH / USDC: Aave v3 Ethereum rates, 2024-09-11",
        values: {
          underlying: "ETH",
          debt_asset: "USDC",
          ...aaveValues("supply", { optimal: 0.9, base: 0, slope1: 0.027, slope2: 0.8 }),
          supply_reserve_factor: 0.15,
          ...aaveValues("borrow", { optimal: 0.92, base: 0, slope1: 0.055, slope2: 0.6 }),
        },
      },
      {
        id: "eth-usdt",
        label: "ETH / USDT: Aave v3 Ethereum rates, 2024-09-11",
        values: {
          underlying: "ETH",
          debt_asset: "USDT",
          ...aaveValues("supply", { optimal: 0.9, base: 0, slope1: 0.027, slope2: 0.8 }),
          supply_reserve_factor: 0.15,
          ...aaveValues("borrow", { optimal: 0.92, base: 0, slope1: 0.055, slope2: 0.75 }),
        },
      },
      {
        id: "wsteth-weth",
        label:
          "wstETH / WETH e-mode: LTV 93%, LT 95% (2025-05-19); wstETH rates 2025-07-21, WETH 2024-09-11",
        values: {
          underlying: "wstETH",
          debt_asset: "WETH",
          ltv: 0.93,
          liquidation_threshold: 0.95,
          ...aaveValues("supply", { optimal: 0.8, base: 0, slope1: 0.01, slope2: 0.4 }),
          supply_reserve_factor: 0.35,
          ...aaveValues("borrow", { optimal: 0.9, base: 0, slope1: 0.027, slope2: 0.8 }),
        },
      },
    ],
  },
};

/** Field specs by key for a template. */
export function fieldOf(template: TemplateId, key: string): FieldSpec | undefined {
  return TEMPLATES[template].fields.find((f) => f.key === key);
}

function fmt(x: number): string {
  return String(x);
}

function numberSchema(f: NumberField) {
  const checks: z.core.$ZodCheck<number>[] = [];
  if (f.min !== undefined) {
    const min = f.min;
    checks.push(
      f.minExclusive
        ? z.refine((x: number) => x > min, { error: `Must be greater than ${fmt(min)}.` })
        : z.refine((x: number) => x >= min, { error: `Must be at least ${fmt(min)}.` })
    );
  }
  if (f.max !== undefined) {
    const max = f.max;
    checks.push(z.refine((x: number) => x <= max, { error: `Must be at most ${fmt(max)}.` }));
  }
  if (f.integer)
    checks.push(z.refine((x: number) => Number.isInteger(x), { error: "Must be a whole number." }));
  return z
    .number({ error: "Enter a number." })
    .check(z.refine(Number.isFinite, { error: "Enter a finite number." }), ...checks);
}

export const bracketRowSchema = z
  .object({
    notionalFloor: z.number().check(z.gte(0)),
    notionalCap: z.number().check(z.positive()),
    maintenanceRate: z.number().check(z.gte(0), z.lte(1)),
    maintenanceAmount: z.number().check(z.gte(0)),
  })
  .check(
    z.refine((b) => b.notionalCap > b.notionalFloor, {
      error: "Each bracket's cap must exceed its floor.",
    })
  );

function fieldSchema(f: FieldSpec): z.ZodMiniType<InputValue> {
  switch (f.kind) {
    case "number":
      return numberSchema(f);
    case "choice": {
      const values = f.choices.map((c) => c.value);
      return z
        .string({ error: "Choose a value." })
        .check(
          z.refine((x) => values.includes(x), { error: `Choose one of: ${values.join(", ")}.` })
        );
    }
    case "text":
      return z.string({ error: "Enter a label." }).check(
        z.trim(),
        z.minLength(1, "Enter a label."),
        z.maxLength(f.maxLength, `At most ${f.maxLength} characters.`),
        z.refine((x) => /^[\p{L}\p{N} ._\-/]+$/u.test(x), {
          error: "Letters, digits, spaces and . _ - / only.",
        })
      );
    case "rows":
      return rowsSchema(f);
    case "brackets":
      return z.array(bracketRowSchema, { error: "Enter the brackets." }).check(
        z.minLength(1, "Enter at least one bracket."),
        z.maxLength(30, "At most 30 brackets."),
        z.refine(
          (rows) =>
            rows.every((r, i) => i === 0 || r.notionalFloor >= rows[i - 1].notionalCap - 1e-9),
          {
            error: "Brackets must be sorted by notional and must not overlap.",
          }
        )
      );
  }
}

/** A rows field: each line's columns checked, messages naming the line (validateInputs adds "Line n: "). */
function rowsSchema(f: RowsField): z.ZodMiniType<InputValue> {
  const keys = f.columns.map((c) => c.key);
  return z
    .array(z.record(z.string(), z.union([z.number(), z.string()])), {
      error: `Enter the ${f.label.toLowerCase()}.`,
    })
    .check(
      z.minLength(f.minRows, `Enter at least ${f.minRows} line${f.minRows === 1 ? "" : "s"}.`),
      z.maxLength(f.maxRows, `At most ${f.maxRows} lines.`),
      z.superRefine((rows, ctx) => {
        rows.forEach((row, i) => {
          const issue = (message: string) =>
            ctx.addIssue({ code: "custom", path: [i], message, input: row });
          const extra = Object.keys(row).filter((k) => !keys.includes(k));
          if (extra.length) return issue(`unknown column ${extra.join(", ")}.`);
          for (const c of f.columns) {
            const x = row[c.key];
            if (c.kind === "side") {
              if (x !== "long" && x !== "short") return issue(`${c.label}: long or short.`);
            } else if (typeof x !== "number" || !Number.isFinite(x))
              return issue(`${c.label}: enter a number.`);
            else if (c.positive ? !(x > 0) : !(x >= 0))
              return issue(`${c.label} must be ${c.positive ? "greater than 0" : "at least 0"}.`);
          }
        });
      })
    );
}

const schemaCache = new Map<TemplateId, z.ZodMiniType<ScenarioInputs>>();

/** The zod schema of a template's inputs (fields plus cross-field rules). */
export function inputsSchema(template: TemplateId): z.ZodMiniType<ScenarioInputs> {
  const cached = schemaCache.get(template);
  if (cached) return cached;
  const spec = TEMPLATES[template];
  const shape: Record<string, z.ZodMiniType<InputValue>> = {};
  for (const f of spec.fields) shape[f.key] = fieldSchema(f);
  const schema: z.ZodMiniType<ScenarioInputs> = z.strictObject(shape).check(
    z.superRefine((v, ctx) => {
      for (const rule of spec.rules) {
        const msg = rule.check(v);
        if (msg) ctx.addIssue({ code: "custom", path: [rule.field], message: msg, input: v });
      }
    })
  );
  schemaCache.set(template, schema);
  return schema;
}

/** Default inputs of a template (a fresh copy). */
export function defaultInputs(template: TemplateId): ScenarioInputs {
  const out: ScenarioInputs = {};
  for (const f of TEMPLATES[template].fields)
    out[f.key] =
      f.kind === "brackets"
        ? f.default.map((b) => ({ ...b }))
        : f.kind === "rows"
          ? f.default.map((r) => ({ ...r }))
          : f.default;
  return out;
}

export type ValidationResult =
  | { ok: true; inputs: ScenarioInputs; errors: Record<string, never> }
  | { ok: false; errors: Record<string, string> };

/** Validates inputs against the template; errors keyed by field (first message per field). */
export function validateInputs(template: TemplateId, raw: unknown): ValidationResult {
  const r = inputsSchema(template).safeParse(raw);
  if (r.success) return { ok: true, inputs: r.data, errors: {} };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "_form";
    if (!(key in errors))
      errors[key] =
        issue.path.length > 1 && typeof issue.path[1] === "number"
          ? `Line ${issue.path[1] + 1}: ${issue.message}`
          : issue.message;
  }
  return { ok: false, errors };
}

/** Parses the text of a number input ("0.8", "80%", "1e-3", "60,000"): NaN when it is not a number. */
export function parseNumberText(text: string): number {
  const t = text.trim().replace(/[\s,_]/g, "");
  if (t === "") return NaN;
  const pct = t.endsWith("%");
  const body = pct ? t.slice(0, -1) : t;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(body)) return NaN;
  const x = Number(body);
  return pct ? x / 100 : x;
}

/** Parses bracket lines "floor, cap, rate, amount" (rate may be written 0.4%). */
export function parseBracketsText(text: string): BracketRow[] | string {
  const rows: BracketRow[] = [];
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  for (let i = 0; i < lines.length; i++) {
    // Separators: ";", tab, ", " or spaces; "50,000" (no space after the comma) is one number.
    const cells = lines[i].split(/\s*[;\t]\s*|,\s+|\s+/).filter((c) => c !== "");
    if (cells.length !== 4)
      return `Line ${i + 1}: expected 4 values (floor, cap, rate, amount), got ${cells.length}.`;
    const nums = cells.map(parseNumberText);
    const bad = nums.findIndex((x) => Number.isNaN(x));
    if (bad >= 0) return `Line ${i + 1}: "${cells[bad]}" is not a number.`;
    rows.push({
      notionalFloor: nums[0],
      notionalCap: nums[1],
      maintenanceRate: nums[2],
      maintenanceAmount: nums[3],
    });
  }
  return rows;
}

export function formatBrackets(rows: readonly BracketRow[]): string {
  return rows
    .map(
      (b) => `${b.notionalFloor}; ${b.notionalCap}; ${b.maintenanceRate}; ${b.maintenanceAmount}`
    )
    .join("\n");
}

/** Parses the lines of a rows field ("long, 10x, 600,000,000"): rows, or a message naming the line. */
export function parseRowsText(f: RowsField, text: string): TableRow[] | string {
  const rows: TableRow[] = [];
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const n = f.columns.length;
  for (let i = 0; i < lines.length; i++) {
    // the bracket separators: ";", tab, ", " or spaces ("600,000,000" is one number)
    const cells = lines[i].split(/\s*[;\t]\s*|,\s+|\s+/).filter((c) => c !== "");
    if (cells.length !== n)
      return `Line ${i + 1}: expected ${n} values (${f.columns.map((c) => c.label.toLowerCase()).join(", ")}), got ${cells.length}.`;
    const row: TableRow = {};
    for (let j = 0; j < n; j++) {
      const c = f.columns[j];
      const cell = cells[j];
      if (c.kind === "side") {
        const side = cell.toLowerCase();
        if (side !== "long" && side !== "short")
          return `Line ${i + 1}: "${cell}" is not a side (long or short).`;
        row[c.key] = side;
      } else {
        const x = parseNumberText(c.leverage ? cell.replace(/x$/i, "") : cell);
        if (Number.isNaN(x)) return `Line ${i + 1}: "${cell}" is not a number.`;
        row[c.key] = x;
      }
    }
    rows.push(row);
  }
  return rows;
}

/** The text of a rows field's value: one line per row, values separated by "; ". */
export function formatRows(f: RowsField, rows: readonly TableRow[]): string {
  return rows.map((r) => f.columns.map((c) => String(r[c.key])).join("; ")).join("\n");
}

/** The text a form field shows for a stored value. */
export function fieldText(f: FieldSpec, value: unknown): string {
  if (Array.isArray(value))
    return f.kind === "rows"
      ? formatRows(f, value as TableRow[])
      : formatBrackets(value as BracketRow[]);
  return value === undefined || value === null ? "" : String(value);
}

// ---- saved scenarios of earlier releases -------------------------------------------------------------

/** Fields added to a template since scenarios were first saved: a record without them gets the default. */
const ADDED_FIELDS: Partial<Record<TemplateId, readonly string[]>> = {
  perp: ["volatility", "years", "max_probability"],
};

/**
 * Inputs saved by an earlier release of a template, in today's fields (library.ts applies it to every stored
 * or imported record before validating it):
 *   - perp: the probability-of-liquidation fields added later get their defaults;
 *   - lending: the first release was one position (collateral quantity and price, debt, threshold). It is
 *     the same position sized by a target leverage: deposit = quantity − debt / price, leverage L =
 *     collateral / (collateral − debt), an LTV of at least debt / collateral (so the loop can reach L), and
 *     the rate model's defaults. Its health factor, L·LT/(L − 1) = collateral·LT/debt, is unchanged.
 * Anything else is returned as it is (and validated as it is).
 */
export function upgradeInputs(template: string, inputs: Readonly<Record<string, unknown>>) {
  const out: Record<string, unknown> = { ...inputs };
  if (!(TEMPLATE_IDS as readonly string[]).includes(template)) return out;
  const id = template as TemplateId;
  const defaults = defaultInputs(id);
  for (const k of ADDED_FIELDS[id] ?? []) if (!(k in out)) out[k] = defaults[k];
  if (
    id === "lending" &&
    !("deposit" in out) &&
    typeof out.collateral_quantity === "number" &&
    typeof out.collateral_price === "number" &&
    typeof out.debt_value === "number"
  ) {
    const q = out.collateral_quantity;
    const p = out.collateral_price;
    const debt = out.debt_value;
    const collateral = q * p;
    const kept: Record<string, unknown> = { ...out };
    delete kept.collateral_quantity;
    delete kept.debt_value;
    const ltv = Math.max(Number(defaults.ltv), debt / collateral);
    return {
      ...defaults,
      ...kept,
      deposit: q - debt / p,
      sizing: "leverage",
      target_leverage: collateral / (collateral - debt),
      ltv,
    };
  }
  return out;
}
