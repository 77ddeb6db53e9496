/**
 * Liquidation cascades: a price shock, the liquidation levels it crosses, the market orders they send
 * and the further levels that price impact crosses in turn (LEV.CASCADE, LEV.CASCADE.SUMMARY,
 * LEV.CASCADE.LEVELS).
 *
 * Source: docs/references/risk-cascades.md §3 (model §3.2, edge cases §3.4, properties §3.5, defaults §3.6).
 *
 * Symbols: p₀ start price; s shock; p₁ = p₀·(1 + s) the shocked price; level i has side, liquidation
 * price Pᵢ > 0 and notional Nᵢ ≥ 0 (the market order its liquidation sends: a long sells, a short buys);
 * Q_s, Q_b the cumulative sell and buy notional liquidated since the shock; D_b, D_a the bid and ask depth
 * per 1% (quote notional that moves the price 1%).
 *
 * Impact of the cumulative forced flow, referenced to p₁ (§3.2):
 *   linear  p(Q_s, Q_b) = p₁·(1 − Q_s/(100·D_b) + Q_b/(100·D_a))
 *   sqrt    p(Q_s, Q_b) = p₁·(1 − Y·σ_d·√(Q_s/V_d) + Y·σ_d·√(Q_b/V_d))
 * and p is clamped at `price_floor` (status "floor").
 * Synchronous rounds: every level not yet liquidated and crossed at the current price p (long:
 * p ≤ Pᵢ·(1 + 10⁻¹²), short: p ≥ Pᵢ·(1 − 10⁻¹²), inclusive) is liquidated in the same round; the new price
 * is p(Q_s, Q_b); the cascade stops when a round crosses nothing. Each round liquidates at least one level,
 * so there are at most n rounds.
 *
 * Implementation (§3.2 "efficient implementation"): longs sorted by Pᵢ descending and shorts ascending,
 * one pointer per side. The levels crossed at p are exactly a prefix of each sorted list from its pointer
 * (a long crossed at p has every higher long crossed too), so a round advances the pointers past the
 * crossed levels: O(n log n) for the sort, O(n) for the rounds. test/engine/cascade.test.ts checks it
 * against the naive round-by-round loop.
 */
import {
  numError,
  valueError,
  requireFinite as finite,
  requirePositive as positive,
  requireNonNegative as nonNegative,
} from "./errors";
import type { Side, Table } from "./types";
import { sortByPositivePrice } from "./sort";

/** One row of `levels`; null is a blank row of the range (no level; its LEVELS cell is blank). */
export interface CascadeLevel {
  side: Side;
  liquidationPrice: number;
  notional: number;
}

export interface CascadeOptions {
  /** "linear" (default) or "sqrt". */
  impact?: string;
  /** D_a; default depth_per_1pct. */
  askDepthPer1pct?: number;
  /** σ_d, for "sqrt". */
  dailyVolatility?: number;
  /** V_d (quote currency), for "sqrt". */
  dailyVolume?: number;
  /** Y; default 1. */
  impactCoefficient?: number;
  /** default 0 */
  priceFloor?: number;
}

/** The option names (camelCase keys; snake_case in Excel). */
export const CASCADE_OPTION_NAMES = [
  "impact",
  "askDepthPer1pct",
  "dailyVolatility",
  "dailyVolume",
  "impactCoefficient",
  "priceFloor",
] as const;
export const CASCADE_IMPACTS = ["linear", "sqrt"] as const;

export interface CascadeInput {
  startPrice: number;
  /** Fractional move, > −1 (−0.04 = 4% down). */
  shock: number;
  levels: readonly (CascadeLevel | null)[];
  /** D_b > 0; may be undefined with "sqrt" impact. */
  depthPer1pct?: number;
  options?: CascadeOptions;
}

/** Relative tolerance of the inclusive trigger (§3.2). */
export const TRIGGER_TOLERANCE = 1e-12;

export const CASCADE_COLUMNS = [
  "round",
  "trigger_price",
  "levels_liquidated",
  "long_notional",
  "short_notional",
  "cumulative_notional",
  "price_after",
] as const;

export const CASCADE_SUMMARY_ROWS = [
  "final_price",
  "total_liquidated",
  "long_liquidated",
  "short_liquidated",
  "rounds",
  "amplification",
  "remaining_long",
  "remaining_short",
  "status",
] as const;

export type CascadeStatus = "none" | "stable" | "all" | "floor";

export interface CascadeRound {
  round: number;
  triggerPrice: number;
  levelsLiquidated: number;
  longNotional: number;
  shortNotional: number;
  cumulativeNotional: number;
  priceAfter: number;
}

export interface CascadeResult {
  /** Round 0 (the shock) and one entry per round of liquidations. */
  rounds: CascadeRound[];
  /** Per row of `levels`: the round that liquidated it, 0 if it survives, −1 for a blank row. */
  levelRound: Int32Array;
  finalPrice: number;
  longLiquidated: number;
  shortLiquidated: number;
  remainingLong: number;
  remainingShort: number;
  /** (p* − p₀)/(p₁ − p₀); 1 when nothing is liquidated. */
  amplification: number;
  status: CascadeStatus;
}

interface Model {
  p0: number;
  p1: number;
  floor: number;
  /** The price after the cumulative flows (before the floor). */
  price: (sell: number, buy: number) => number;
}

const OPTION_SET: ReadonlySet<string> = new Set(CASCADE_OPTION_NAMES);

/** Validates the scalars and options and builds the impact function (§3.2, defaults §3.6). */
function modelOf(input: CascadeInput): Model {
  const p0 = positive("start_price", input.startPrice);
  const shock = finite("shock", input.shock);
  if (!(shock > -1)) throw numError("shock", `shock must be > −1 (−100%) (got ${shock})`);
  const o = input.options ?? {};
  for (const k of Object.keys(o))
    if (!OPTION_SET.has(k)) throw valueError("options", `unknown option ${k}`);
  const impact = o.impact ?? "linear";
  if (impact !== "linear" && impact !== "sqrt")
    throw valueError("impact", `option impact must be "linear" or "sqrt" (got ${String(impact)})`);
  const p1 = p0 * (1 + shock);
  if (!Number.isFinite(p1))
    throw numError("start_price", "start_price·(1 + shock) is not a finite number");
  const floor = o.priceFloor === undefined ? 0 : nonNegative("price_floor", o.priceFloor);
  if (!(floor < p1))
    throw numError(
      "price_floor",
      `price_floor (${floor}) must be below the shocked price start_price·(1 + shock) = ${p1}`
    );
  if (impact === "linear") {
    if (input.depthPer1pct === undefined)
      throw numError(
        "depth_per_1pct",
        'depth_per_1pct is required with linear impact (it may be left blank only with option impact "sqrt")'
      );
    const Db = positive("depth_per_1pct", input.depthPer1pct);
    const Da =
      o.askDepthPer1pct === undefined ? Db : positive("ask_depth_per_1pct", o.askDepthPer1pct);
    for (const k of ["dailyVolatility", "dailyVolume", "impactCoefficient"] as const)
      if (o[k] !== undefined)
        throw valueError(
          snake(k),
          `option ${snake(k)} applies to impact "sqrt" only (impact is "linear")`
        );
    return { p0, p1, floor, price: (qs, qb) => p1 * (1 - qs / (100 * Db) + qb / (100 * Da)) };
  }
  if (input.depthPer1pct !== undefined) positive("depth_per_1pct", input.depthPer1pct);
  if (o.askDepthPer1pct !== undefined)
    throw valueError(
      "ask_depth_per_1pct",
      'option ask_depth_per_1pct applies to impact "linear" only (impact is "sqrt")'
    );
  if (o.dailyVolatility === undefined)
    throw numError("daily_volatility", 'option daily_volatility is required with impact "sqrt"');
  if (o.dailyVolume === undefined)
    throw numError("daily_volume", 'option daily_volume is required with impact "sqrt"');
  const sd = nonNegative("daily_volatility", o.dailyVolatility);
  const Vd = positive("daily_volume", o.dailyVolume);
  const Y =
    o.impactCoefficient === undefined ? 1 : nonNegative("impact_coefficient", o.impactCoefficient);
  const k = Y * sd;
  return {
    p0,
    p1,
    floor,
    price: (qs, qb) => p1 * (1 - k * Math.sqrt(qs / Vd) + k * Math.sqrt(qb / Vd)),
  };
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

/** A long at P is crossed at price p (inclusive, relative tolerance §3.2). */
export const longCrossed = (p: number, P: number): boolean => p <= P * (1 + TRIGGER_TOLERANCE);
/** A short at P is crossed at price p. */
export const shortCrossed = (p: number, P: number): boolean => p >= P * (1 - TRIGGER_TOLERANCE);

/** Checks every level (row numbers are 1-based rows of the range) against the start price. */
function checkLevels(levels: readonly (CascadeLevel | null)[], p0: number): void {
  if (!Array.isArray(levels)) throw valueError("levels", "levels must be a range of rows");
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i];
    if (l === null) continue;
    const row = () => `levels row ${i + 1}`; // for the messages only: no string per valid level
    if (l.side !== 1 && l.side !== -1)
      throw valueError("levels", `${row()}: side must be "long"/"short" or 1/-1`);
    const P = l.liquidationPrice;
    if (typeof P !== "number" || !Number.isFinite(P) || !(P > 0))
      throw numError("levels", `${row()}: the liquidation price must be > 0 (got ${String(P)})`);
    const N = l.notional;
    if (typeof N !== "number" || !Number.isFinite(N) || !(N >= 0))
      throw numError("levels", `${row()}: the notional must be ≥ 0 (got ${String(N)})`);
    if (l.side === 1 ? longCrossed(p0, P) : shortCrossed(p0, P))
      throw numError(
        "levels",
        `${row()}: the ${l.side === 1 ? "long" : "short"} liquidation price ${P} is already crossed at start_price ${p0} (${l.side === 1 ? "at or above" : "at or below"} it): re-base the levels on the current price`
      );
  }
}

/**
 * Runs the cascade (docs/references/risk-cascades.md §3.2) with the sorted two-pointer sweep: each side's
 * levels in the order they cross (a radix sort, src/engine/sort.ts), one pointer per side.
 */
export function runCascade(input: CascadeInput): CascadeResult {
  const model = modelOf(input);
  const { p0, p1, floor } = model;
  const levels = input.levels;
  checkLevels(levels, p0);
  const n = levels.length;
  const longs: number[] = [];
  const shorts: number[] = [];
  let remainingLong = 0;
  let remainingShort = 0;
  for (let i = 0; i < n; i++) {
    const l = levels[i];
    if (l === null) continue;
    if (l.side === 1) {
      longs.push(i);
      remainingLong += l.notional;
    } else {
      shorts.push(i);
      remainingShort += l.notional;
    }
  }
  const price = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const l = levels[i];
    if (l !== null) price[i] = l.liquidationPrice;
  }
  const longUp = sortByPositivePrice(longs, price); // a falling price crosses the highest first: read from the end
  const shortUp = sortByPositivePrice(shorts, price); // a rising price crosses the lowest first
  let il = longUp.length - 1;
  let is = 0;

  const levelRound = new Int32Array(n);
  for (let i = 0; i < n; i++) if (levels[i] === null) levelRound[i] = -1;
  const rounds: CascadeRound[] = [
    {
      round: 0,
      triggerPrice: p0,
      levelsLiquidated: 0,
      longNotional: 0,
      shortNotional: 0,
      cumulativeNotional: 0,
      priceAfter: p1,
    },
  ];
  let p = p1;
  let sell = 0;
  let buy = 0;
  let atFloor = false;
  for (let k = 1; ; k++) {
    let count = 0;
    let longN = 0;
    let shortN = 0;
    while (il >= 0 && longCrossed(p, price[longUp[il]])) {
      const i = longUp[il--];
      levelRound[i] = k;
      longN += (levels[i] as CascadeLevel).notional;
      count++;
    }
    while (is < shortUp.length && shortCrossed(p, price[shortUp[is]])) {
      const i = shortUp[is++];
      levelRound[i] = k;
      shortN += (levels[i] as CascadeLevel).notional;
      count++;
    }
    if (count === 0) break;
    sell += longN;
    buy += shortN;
    remainingLong -= longN;
    remainingShort -= shortN;
    const trigger = p;
    p = model.price(sell, buy);
    if (!Number.isFinite(p))
      throw numError("depth_per_1pct", "the price after the liquidations is not a finite number");
    if (p <= floor) {
      p = floor;
      atFloor = true;
    }
    rounds.push({
      round: k,
      triggerPrice: trigger,
      levelsLiquidated: count,
      longNotional: longN,
      shortNotional: shortN,
      cumulativeNotional: sell + buy,
      priceAfter: p,
    });
  }
  const liquidatedAny = rounds.length > 1;
  // the side the shock moves the price toward: longs for a fall, shorts for a rise
  const movingLeft = p1 < p0 ? il + 1 : p1 > p0 ? shortUp.length - is : 0;
  const status: CascadeStatus = atFloor
    ? "floor"
    : !liquidatedAny
      ? "none"
      : movingLeft > 0
        ? "stable"
        : "all";
  return {
    rounds,
    levelRound,
    finalPrice: p,
    longLiquidated: sell,
    shortLiquidated: buy,
    remainingLong: Math.max(0, remainingLong),
    remainingShort: Math.max(0, remainingShort),
    amplification: liquidatedAny ? (p - p0) / (p1 - p0) : 1,
    status,
  };
}

/** LEV.CASCADE: one row per round (round 0 is the shock), columns CASCADE_COLUMNS. */
export function cascade(input: CascadeInput): Table {
  const r = runCascade(input);
  return {
    columns: [...CASCADE_COLUMNS],
    rows: r.rounds.map((x) => [
      x.round,
      x.triggerPrice,
      x.levelsLiquidated,
      x.longNotional,
      x.shortNotional,
      x.cumulativeNotional,
      x.priceAfter,
    ]),
  };
}

/** LEV.CASCADE.SUMMARY: (statistic, value) rows CASCADE_SUMMARY_ROWS. */
export function cascadeSummary(input: CascadeInput): Table {
  const r = runCascade(input);
  const values: (number | string)[] = [
    r.finalPrice,
    r.longLiquidated + r.shortLiquidated,
    r.longLiquidated,
    r.shortLiquidated,
    r.rounds.length - 1,
    r.amplification,
    r.remainingLong,
    r.remainingShort,
    r.status,
  ];
  return {
    columns: ["statistic", "value"],
    rows: CASCADE_SUMMARY_ROWS.map((name, i) => [name, values[i]]),
  };
}

/**
 * LEV.CASCADE.LEVELS: one column aligned with `levels`: the round that liquidates each level, 0 if it
 * survives, a blank ("") for a blank row of the range.
 */
export function cascadeLevels(input: CascadeInput): Table {
  const r = runCascade(input);
  const rows: (number | string)[][] = new Array(r.levelRound.length);
  for (let i = 0; i < rows.length; i++) {
    const k = r.levelRound[i];
    rows[i] = [k < 0 ? "" : k];
  }
  return { columns: ["round"], rows };
}
