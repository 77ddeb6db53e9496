/**
 * Liquidation and bankruptcy prices of leveraged perp/futures positions (LEV.LIQ.*, LEV.BANKRUPTCY.PRICE).
 *
 * Source: docs/references/liquidation.md §0 (the shared formula, derived from the Binance USDⓈ-M FAQ
 * https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93 and its COIN-M twin),
 * §1.2 (brackets and the tier rule), §1.4 (cross margin), §14 (implementation notes).
 *
 * Precision: every price, margin, notional and fee is computed in decimal.js (34 digits, see
 * money.ts) because the results are money derived from user amounts; the result is returned as a
 * plain number.
 *
 * Symbols (docs/references/liquidation.md §0):
 *   side +1 long / −1 short;  q = side·|q| signed size in base units;  E entry price;  P mark price;
 *   WB wallet balance (isolated margin) excluding the position's own unrealised PnL;
 *   m = maintenance rate (+ close fee rate where the venue charges it at the liquidation price);
 *   D maintenance amount ("cum");  MM = |q|·P·m − D.
 * Liquidation is equity = MM:  WB + q·(P − E) = |q|·P·m − D, so
 *   LP = (WB + D − q·E) / (|q|·m − q)
 * Inverse (coin-margined) contracts, N contracts of CM quote each, WB in coin:
 *   LP = N·CM·(m + side) / (WB + D + side·N·CM/E)
 * Bankruptcy price (equity = 0, m = D = 0) at leverage L: BP = E·(1 − side/L).
 *
 * "No liquidation" (a long whose margin covers the position down to price 0, an inverse short whose
 * margin covers its whole coin value) is a distinct outcome: LevError kind "NA", never a price ≤ 0.
 *
 * "Liquidated at entry" (formula contract, "Changes to Part 1 functions"): a position whose equity at its
 * entry price does not exceed its maintenance margin there (WB + D ≤ |q|·E·m) would be liquidated as soon
 * as it opens; its LP lies on the wrong side of entry (a long's LP ≥ E, a short's LP ≤ E — for the linear
 * formula the two conditions are the same). Every LEV.LIQ.* function answers it with LevError "NA"
 * "liquidated at entry: …", never a price, and the message names the likely slip (a rate typed as a
 * percentage, a margin of 0 from an empty cell, a leverage typed where the margin belongs).
 *
 * Sizes may be signed as exchange exports write them (+ long, − short): a negative quantity agrees with
 * side "short"; a negative quantity with side "long" is LevError "VALUE". 0 is out of domain.
 */
import { naError, numError, valueError } from "./errors";
import type { Side } from "./types";
import { dec, num, one, ratio, type Decimal } from "./money";
import { twoProduct, twoSum, U } from "./exact";

// ---------------------------------------------------------------------------------------------
// Input types
// ---------------------------------------------------------------------------------------------

export interface LiqPriceInput {
  side: Side;
  entryPrice: number;
  quantity: number;
  margin: number;
  /** default 0.005 */
  maintenanceRate?: number;
  /** default 0 */
  maintenanceAmount?: number;
  /** default 0 */
  closeFeeRate?: number;
}

export interface LiqLeverageInput {
  side: Side;
  entryPrice: number;
  leverage: number;
  maintenanceRate?: number;
  closeFeeRate?: number;
}

export interface LiqInverseInput {
  side: Side;
  entryPrice: number;
  contracts: number;
  contractSize: number;
  marginCoin: number;
  maintenanceRate?: number;
  maintenanceAmount?: number;
  closeFeeRate?: number;
}

/** One maintenance-margin bracket (Binance `leverageBracket`: notionalFloor, notionalCap, maintMarginRatio, cum). */
export interface Bracket {
  notionalFloor: number;
  notionalCap: number;
  maintenanceRate: number;
  maintenanceAmount: number;
}

export interface LiqTieredInput {
  side: Side;
  entryPrice: number;
  quantity: number;
  margin: number;
  brackets: Bracket[];
  /** Closing fee rate charged at the liquidation price, added to every bracket's rate; default 0 */
  closeFeeRate?: number;
}

/** One position of a cross-margin account (`side` gives the sign; a negative quantity must agree with it). */
export interface CrossPosition {
  side: Side;
  quantity: number;
  entryPrice: number;
  markPrice: number;
  maintenanceRate: number;
  maintenanceAmount: number;
}

export interface LiqCrossInput {
  walletBalance: number;
  positions: CrossPosition[];
  /** 1-based row of the position to price; default 1 */
  row?: number;
}

export interface BankruptcyPriceInput {
  side: Side;
  entryPrice: number;
  leverage: number;
}

export interface LiqDistanceInput {
  side: Side;
  markPrice: number;
  liquidationPrice: number;
}

/** LEV.LIQ.PRICE default maintenance rate (formula contract). */
export const LIQ_DEFAULT_MAINTENANCE_RATE = 0.005;

// ---------------------------------------------------------------------------------------------
// Validation (messages use the contract's snake_case argument names)
// ---------------------------------------------------------------------------------------------

/** @internal */
export function checkLiqSide(x: unknown, arg = "side"): Side {
  if (x === 1 || x === -1) return x;
  throw valueError(arg, `${arg} must be "long"/"short" or 1/-1 (got ${String(x)})`);
}

function isNum(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/** @internal finite and > 0 */
export function checkLiqPositive(arg: string, x: unknown, label = arg): number {
  if (!isNum(x) || !(x > 0))
    throw numError(arg, `${label} must be a finite number > 0 (got ${String(x)})`);
  return x;
}

/** @internal finite and ≥ 0 */
export function checkLiqNonNegative(arg: string, x: unknown, label = arg): number {
  if (!isNum(x) || !(x >= 0))
    throw numError(arg, `${label} must be a finite number ≥ 0 (got ${String(x)})`);
  return x;
}

/**
 * @internal A position size, signed as exchange exports write it (+ long, − short) or unsigned: returns
 * |x|. 0 is #NUM!; a negative size with side long contradicts the side: #VALUE!.
 */
export function checkLiqSize(side: Side, arg: string, x: unknown, label = arg): number {
  if (!isNum(x) || x === 0)
    throw numError(
      arg,
      `${label} must be a finite number other than 0 (got ${String(x)}); a short may give it as a negative size`
    );
  if (x < 0 && side === 1)
    throw valueError(
      arg,
      `${label} is ${x} but side is long: a negative size means a short (exchange exports sign sizes + long, − short). Give side "short", or a positive ${label}`
    );
  return Math.abs(x);
}

/** @internal a rate in [0, 1) */
export function checkLiqRate(arg: string, x: unknown, label = arg): number {
  if (!isNum(x) || !(x >= 0 && x < 1))
    throw numError(arg, `${label} must be ≥ 0 and < 1 (got ${String(x)})`);
  return x;
}

function optional(x: number | undefined, dflt: number): number {
  return x === undefined ? dflt : x;
}

/** @internal m = maintenance rate + close fee rate, which must stay < 1 for the equation to have a root. */
export function liqCombinedRate(rate: number, fee: number, rateArg = "maintenance_rate"): Decimal {
  const m = fee === 0 ? dec(rate) : dec(rate).plus(fee);
  if (rate + fee > 0.999 && m.gte(1)) {
    throw numError(
      "close_fee_rate",
      `${rateArg} + close_fee_rate must be < 1 (got ${rate} + ${fee})`
    );
  }
  return m;
}

const OVER_COLLATERALISED =
  "no liquidation: position is over-collateralised (its margin covers a fall of the price to 0)";

/** Up to 12 significant digits, no trailing zeros: for numbers quoted in messages. */
const show = (x: number | Decimal): string =>
  String(Number((typeof x === "number" ? x : num(x)).toPrecision(12)));

/**
 * @internal The #N/A of a position liquidated at entry, with the likely slip: `hints` are tried in order and
 * the first that applies is appended ("— did you mean …").
 */
export function liquidatedAtEntry(what: string, hints: readonly (string | undefined)[] = []) {
  const hint = hints.find((h) => h !== undefined);
  return naError(
    undefined,
    `liquidated at entry: ${what}, so the position would be liquidated as soon as it opens${hint ? ` — ${hint}` : ""}`
  );
}

/**
 * @internal Hints for a linear isolated position liquidated at entry (WB + D ≤ |q|·E·(mmr + f)): which
 * single change of units would open it safely. `rateArg` names the maintenance rate argument (undefined:
 * the rate is not a percentage that could have been mistyped, e.g. Hyperliquid's max leverage).
 */
export function linearEntryHints(
  absQ: Decimal,
  E: number,
  WB: number,
  D: number,
  mmr: number,
  f: number,
  rateArg: string | undefined = "maintenance_rate"
): (string | undefined)[] {
  const notional = absQ.times(E);
  const safe = (rate: number, fee: number, wb: number) =>
    dec(wb)
      .plus(D)
      .gt(notional.times(dec(rate).plus(fee)));
  const hints: (string | undefined)[] = [];
  if (WB === 0)
    hints.push(
      "margin is 0: Excel on Windows and Mac passes an empty cell as 0; give the isolated margin in quote currency"
    );
  if (rateArg !== undefined && mmr >= 0.01 && safe(mmr / 100, f, WB))
    hints.push(`did you mean ${rateArg} ${show(mmr / 100)} (${show(mmr)}%)?`);
  if (f >= 0.01 && safe(mmr, f / 100, WB))
    hints.push(`did you mean close_fee_rate ${show(f / 100)} (${show(f)}%)?`);
  if (WB >= 1 && WB <= 125) {
    const margin = notional.div(WB);
    if (safe(mmr, f, num(margin)))
      hints.push(
        `if ${show(WB)} is the leverage, the margin is quantity × entry_price / ${show(WB)} = ${show(margin)}`
      );
  }
  return hints;
}

// ---------------------------------------------------------------------------------------------
// Core solver
// ---------------------------------------------------------------------------------------------

/**
 * §0 multiplied through by −side so that numerator and denominator are exact Decimals and the
 * denominator is > 0 (m < 1 is validated):
 *   LP = (WB + D − q·E)/(|q|·m − q) = (|q|·E − side·(WB + D)) / (|q|·(1 − side·m))
 * `cover` = WB + D. Returns [numerator, denominator].
 * @internal
 */
export function liqLinearParts(
  side: Side,
  E: number,
  absQ: Decimal,
  cover: Decimal,
  m: Decimal
): [Decimal, Decimal] {
  const qe = absQ.times(E);
  const numerator = side === 1 ? qe.minus(cover) : qe.plus(cover);
  const denominator = (side === 1 ? one().minus(m) : m.plus(1)).times(absQ);
  return [numerator, denominator];
}

/**
 * The linear liquidation price; throws NA when LP ≤ 0 (only possible for a long whose margin covers
 * the whole fall of the price to 0).
 * @internal
 */
export function liqLinearSolve(
  side: Side,
  E: number,
  absQ: Decimal,
  cover: Decimal,
  m: Decimal
): number {
  const [numerator, denominator] = liqLinearParts(side, E, absQ, cover, m);
  if (numerator.isNeg() || numerator.isZero()) throw naError(undefined, OVER_COLLATERALISED);
  return ratio(numerator, denominator);
}

/**
 * @internal Throws "liquidated at entry" when the equity at entry plus the maintenance amount,
 * `cover` = WB + D, does not exceed |q|·E·m (then LP is on the wrong side of entry, §0).
 */
export function checkLinearEntry(
  absQ: Decimal,
  E: number,
  cover: Decimal,
  m: Decimal,
  what: () => string,
  hints: () => (string | undefined)[]
): void {
  const mmAtEntry = absQ.times(E).times(m);
  if (cover.lte(mmAtEntry)) throw liquidatedAtEntry(what(), hints());
}

// ---------------------------------------------------------------------------------------------
// LEV.LIQ.PRICE
// ---------------------------------------------------------------------------------------------

/**
 * Isolated linear position, maintenance margin valued at the liquidation price (§0). The answer comes from
 * the float kernel `liqPriceFloat` when its error bound proves it equal to the 34-digit decimal result to
 * 1e-13 relative; otherwise (and for every error outcome) from the decimal computation.
 */
export function liqPrice(input: LiqPriceInput): number {
  const side = checkLiqSide(input.side);
  const E = checkLiqPositive("entry_price", input.entryPrice);
  const qty = checkLiqSize(side, "quantity", input.quantity);
  const WB = checkLiqNonNegative("margin", input.margin);
  const mmr = checkLiqRate(
    "maintenance_rate",
    optional(input.maintenanceRate, LIQ_DEFAULT_MAINTENANCE_RATE)
  );
  const D = checkLiqNonNegative("maintenance_amount", optional(input.maintenanceAmount, 0));
  const f = checkLiqRate("close_fee_rate", optional(input.closeFeeRate, 0));
  const lp = liqPriceFloat(side, E, qty, WB, D, mmr, f);
  return lp === undefined ? liqPriceDecimal(input) : lp;
}

/** Largest relative error bound for which the float kernel answers (1e-13: ten times below 1e-12). */
const FLOAT_BOUND = 1e-13;
const EFT = new Float64Array(1); // the error term of twoSum / twoProduct

/**
 * LP = (|q|·E − side·(WB + D)) / (|q|·(1 − side·m)), m = maintenance_rate + close_fee_rate, in float64
 * with error-free transformations (src/engine/exact.ts), or undefined when the decimal computation must
 * answer: an error outcome (liquidated at entry, over-collateralised, m ≥ 1) or a result whose bound
 * exceeds FLOAT_BOUND. Inputs are validated, |q| > 0.
 *
 * Error bound, relative to the 34-digit decimal result (u = 2⁻⁵³, S = |q|·E + WB + D, N the numerator,
 * d = 1 − side·m; the decimal path reads each input as its shortest decimal string, which differs from
 * the double by at most u relative, and its own result is within 1.5 ulp of exact, money.ts):
 * - numerator: |q|·E = ph + pl and WB + D = ch + cl exactly; N = fl(t + (pl ∓ cl + te)) with ph ∓ ch = t + te
 *   exactly, so |Nf − N| ≤ u·|N| + 4u²·S; the inputs' decimal reading moves N by ≤ 2u·S;
 * - denominator: 1 ∓ (mmr + f) formed from exact pieces, then × |q|: ≤ 2u + 3u² relative, and the
 *   decimal reading of mmr and f moves d by ≤ u·(mmr + f)/|d|, of |q| by ≤ u;
 * - the division, ≤ u; the decimal path's own rounding, ≤ 1.5u.
 * Altogether ≤ u·(7 + 3·S/|N| + (mmr + f)/|d|) + 4u²·S/|N|, evaluated below with the computed values
 * (their own relative error is far below the margin between this bound and FLOAT_BOUND).
 */
export function liqPriceFloat(
  side: Side,
  E: number,
  absQ: number,
  WB: number,
  D: number,
  mmr: number,
  f: number
): number | undefined {
  if (mmr + f > 0.999) return undefined; // m near or above 1: the decimal path decides and explains
  const ph = twoProduct(absQ, E, EFT);
  const pl = EFT[0];
  const ch = twoSum(WB, D, EFT);
  const cl = EFT[0];
  const t = twoSum(ph, -side * ch, EFT);
  const N = t + (pl - side * cl + EFT[0]);
  const mh = twoSum(mmr, f, EFT);
  const ml = EFT[0];
  const dh = twoSum(1, -side * mh, EFT);
  const d = dh + (EFT[0] - side * ml);
  const S = ph + ch;
  const bound =
    U * (7 + (3 * S) / Math.abs(N) + (mmr + f) / Math.abs(d)) + (4 * U * U * S) / Math.abs(N);
  if (!(bound <= FLOAT_BOUND)) return undefined; // also N = 0 (bound ∞) or NaN
  // liquidated at entry (cover ≤ |q|·E·m) or over-collateralised (N ≤ 0): the decimal path's message
  if (!(N > 0) || !(WB + D > ph * (mmr + f) * (1 + 1e-12))) return undefined;
  return N / (absQ * d);
}

/** LEV.LIQ.PRICE computed in 34-digit decimals throughout (the reference of the float kernel). @internal */
export function liqPriceDecimal(input: LiqPriceInput): number {
  const side = checkLiqSide(input.side);
  const E = checkLiqPositive("entry_price", input.entryPrice);
  const qty = checkLiqSize(side, "quantity", input.quantity);
  const WB = checkLiqNonNegative("margin", input.margin);
  const mmr = checkLiqRate(
    "maintenance_rate",
    optional(input.maintenanceRate, LIQ_DEFAULT_MAINTENANCE_RATE)
  );
  const D = checkLiqNonNegative("maintenance_amount", optional(input.maintenanceAmount, 0));
  const f = checkLiqRate("close_fee_rate", optional(input.closeFeeRate, 0));
  const m = liqCombinedRate(mmr, f);
  const cover = D === 0 ? dec(WB) : dec(WB).plus(D); // WB + D
  const absQ = dec(qty);
  checkLinearEntry(
    absQ,
    E,
    cover,
    m,
    () =>
      `margin ${show(WB)}${D ? ` + maintenance_amount ${show(D)}` : ""} does not exceed the maintenance margin at entry, quantity × entry_price × ${f ? "(maintenance_rate + close_fee_rate)" : "maintenance_rate"} = ${show(absQ.times(E).times(m))}`,
    () => linearEntryHints(absQ, E, WB, D, mmr, f)
  );
  return liqLinearSolve(side, E, absQ, cover, m);
}

// ---------------------------------------------------------------------------------------------
// LEV.LIQ.LEVERAGE
// ---------------------------------------------------------------------------------------------

/**
 * Position opened at leverage L with margin = notional/L and no maintenance amount; per unit of size
 * (|q| = 1, WB = E/L):  LP = E·(1 − side/L)/(1 − side·m) = E·(L − side) / (L·(1 − side·m)),
 * i.e. long E·(1 − 1/L)/(1 − m), short E·(1 + 1/L)/(1 + m).
 */
export function liqLeverage(input: LiqLeverageInput): number {
  const side = checkLiqSide(input.side);
  const E = checkLiqPositive("entry_price", input.entryPrice);
  const L = checkLiqPositive("leverage", input.leverage);
  const mmr = checkLiqRate(
    "maintenance_rate",
    optional(input.maintenanceRate, LIQ_DEFAULT_MAINTENANCE_RATE)
  );
  const f = checkLiqRate("close_fee_rate", optional(input.closeFeeRate, 0));
  const m = liqCombinedRate(mmr, f);
  const numerator = dec(L).minus(side).times(E); // E·(L − side)
  if (numerator.isNeg() || numerator.isZero()) throw naError(undefined, OVER_COLLATERALISED);
  // per unit of size WB = E/L: liquidated at entry iff 1/L ≤ m, i.e. L·m ≥ 1
  if (dec(L).times(m).gte(1)) {
    const safe = (rate: number, fee: number) => dec(L).times(dec(rate).plus(fee)).lt(1);
    throw liquidatedAtEntry(
      `the initial margin at leverage ${show(L)} (1/leverage = ${show(1 / L)} of the notional) does not exceed ${f ? `maintenance_rate + close_fee_rate = ${show(m)}` : `maintenance_rate ${show(m)}`}`,
      [
        mmr >= 0.01 && safe(mmr / 100, f)
          ? `did you mean maintenance_rate ${show(mmr / 100)} (${show(mmr)}%)?`
          : undefined,
        f >= 0.01 && safe(mmr, f / 100)
          ? `did you mean close_fee_rate ${show(f / 100)} (${show(f)}%)?`
          : undefined,
      ]
    );
  }
  const denominator = (side === 1 ? one().minus(m) : m.plus(1)).times(L); // L·(1 − side·m)
  return ratio(numerator, denominator);
}

// ---------------------------------------------------------------------------------------------
// LEV.LIQ.INVERSE
// ---------------------------------------------------------------------------------------------

/**
 * Inverse (coin-margined) contract, margin in coin (§0 inverse analogue, Binance COIN-M §2, Bybit §3.3):
 *   LP = N·CM·(m + side) / (WB + D + side·N·CM/E)
 * A short whose margin (plus D) is at least its coin value N·CM/E is never liquidated → NA.
 */
export function liqInverse(input: LiqInverseInput): number {
  const side = checkLiqSide(input.side);
  const E = checkLiqPositive("entry_price", input.entryPrice);
  const N = checkLiqSize(side, "contracts", input.contracts);
  const CM = checkLiqPositive("contract_size", input.contractSize);
  const WB = checkLiqNonNegative("margin_coin", input.marginCoin);
  const mmr = checkLiqRate(
    "maintenance_rate",
    optional(input.maintenanceRate, LIQ_DEFAULT_MAINTENANCE_RATE)
  );
  const D = checkLiqNonNegative("maintenance_amount", optional(input.maintenanceAmount, 0));
  const f = checkLiqRate("close_fee_rate", optional(input.closeFeeRate, 0));
  const m = liqCombinedRate(mmr, f);
  // × side·E:  LP = N·CM·E·(1 + side·m) / (N·CM + side·E·(WB + D))
  const face = dec(N).times(CM); // N·CM, quote currency
  // liquidated at entry iff the coin margin (+ D) does not exceed the maintenance margin in coin N·CM·m/E
  const mmCoin = face.times(m).div(E);
  if (dec(WB).plus(D).lte(mmCoin)) {
    const safe = (rate: number, fee: number) =>
      dec(WB)
        .plus(D)
        .gt(face.times(dec(rate).plus(fee)).div(E));
    throw liquidatedAtEntry(
      `margin_coin ${show(WB)}${D ? ` + maintenance_amount ${show(D)}` : ""} does not exceed the maintenance margin at entry in coin, contracts × contract_size × ${f ? "(maintenance_rate + close_fee_rate)" : "maintenance_rate"} / entry_price = ${show(mmCoin)}`,
      [
        WB === 0
          ? "margin_coin is 0: Excel on Windows and Mac passes an empty cell as 0; give the isolated margin in coin"
          : undefined,
        mmr >= 0.01 && safe(mmr / 100, f)
          ? `did you mean maintenance_rate ${show(mmr / 100)} (${show(mmr)}%)?`
          : undefined,
        f >= 0.01 && safe(mmr, f / 100)
          ? `did you mean close_fee_rate ${show(f / 100)} (${show(f)}%)?`
          : undefined,
      ]
    );
  }
  const numerator = face.times(E).times(side === 1 ? m.plus(1) : one().minus(m));
  const coinCover = dec(WB).plus(D).times(E); // E·(WB + D), quote currency
  const denominator = side === 1 ? face.plus(coinCover) : face.minus(coinCover);
  if (denominator.isNeg() || denominator.isZero()) {
    throw naError(
      undefined,
      "no liquidation: position is over-collateralised (margin_coin covers the short's whole coin value)"
    );
  }
  return ratio(numerator, denominator);
}

// ---------------------------------------------------------------------------------------------
// LEV.LIQ.TIERED
// ---------------------------------------------------------------------------------------------

interface PreparedBracket {
  floor: Decimal;
  m: Decimal;
  D: Decimal;
}

function validateBrackets(brackets: unknown): Bracket[] {
  if (!Array.isArray(brackets) || brackets.length === 0) {
    throw valueError(
      "brackets",
      "brackets must be a non-empty table with columns notional floor, notional cap, maintenance rate, maintenance amount"
    );
  }
  let prevCap = -Infinity;
  for (let i = 0; i < brackets.length; i++) {
    const b = brackets[i] as Bracket;
    const where = `brackets row ${i + 1}`;
    if (b === null || typeof b !== "object")
      throw valueError(
        "brackets",
        `${where} must have notional floor, notional cap, maintenance rate, maintenance amount`
      );
    const floor = checkLiqNonNegative("brackets", b.notionalFloor, `${where} notional floor`);
    const cap = b.notionalCap;
    const capOk =
      typeof cap === "number" &&
      (Number.isFinite(cap) || (cap === Infinity && i === brackets.length - 1));
    if (!capOk || !(cap > floor)) {
      throw numError(
        "brackets",
        `${where} notional cap must be a finite number > notional floor ${floor} (got ${String(cap)}); only the last cap may be unbounded`
      );
    }
    checkLiqRate("brackets", b.maintenanceRate, `${where} maintenance rate`);
    checkLiqNonNegative("brackets", b.maintenanceAmount, `${where} maintenance amount`);
    if (floor < prevCap) {
      throw numError(
        "brackets",
        `${where}: brackets must be sorted by notional and must not overlap (floor ${floor} < previous cap ${prevCap})`
      );
    }
    prevCap = cap;
  }
  return brackets as Bracket[];
}

/** Index of the bracket holding `notional`: the last k with floor_k ≤ notional (bracket 0 below the first floor). */
function bracketOf(prepared: PreparedBracket[], notional: Decimal): number {
  // Floors are strictly increasing (validateBrackets), so binary search: O(log n) per lookup keeps a
  // 10,000-row table that walks bracket by bracket at O(n log n) instead of O(n²) (≈2.5 s before).
  let lo = 0;
  let hi = prepared.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (prepared[mid].floor.lte(notional)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Binance-style brackets (§1.2 tier rule): the bracket is the one holding the notional |q|·LP at the
 * liquidation price. Start from the bracket of the entry notional, solve, move to the bracket of the
 * notional at the solution, and repeat until the bracket is consistent (at most one visit per bracket).
 * With a continuous maintenance margin (cum from the §1.2 recursion) exactly one bracket is consistent
 * and the iteration reaches it. If it cycles (a table whose MM jumps at a bracket boundary), the
 * liquidation price is the first price reached from the position's safe side at which equity ≤ MM:
 * the highest such price for a long, the lowest for a short (found by scanning every bracket's
 * price interval). Bracket k covers notionals [floor_k, floor_{k+1}); the last bracket extends past its cap.
 */
export function liqTiered(input: LiqTieredInput): number {
  const side = checkLiqSide(input.side);
  const E = checkLiqPositive("entry_price", input.entryPrice);
  const qty = checkLiqSize(side, "quantity", input.quantity);
  const WB = checkLiqNonNegative("margin", input.margin);
  const brackets = validateBrackets(input.brackets);
  const f = checkLiqRate("close_fee_rate", optional(input.closeFeeRate, 0));
  const e = dec(E);
  const absQ = dec(qty);
  const wb = dec(WB);
  const entryNotional = absQ.times(e);
  const lastCap = brackets[brackets.length - 1].notionalCap;
  if (entryNotional.gt(lastCap)) {
    throw numError(
      "quantity",
      `quantity × entry_price = ${num(entryNotional)} exceeds the largest bracket cap ${lastCap}`
    );
  }
  const prepared: PreparedBracket[] = brackets.map((b, i) => ({
    floor: dec(b.notionalFloor),
    m:
      f === 0
        ? dec(b.maintenanceRate)
        : liqCombinedRate(b.maintenanceRate, f, `brackets row ${i + 1} maintenance rate`),
    D: dec(b.maintenanceAmount),
  }));
  const n = prepared.length;
  // liquidated at entry: equity at entry (WB) ≤ MM of the entry bracket, |q|·E·(m_k + f) − D_k
  const k0 = bracketOf(prepared, entryNotional);
  const entryBracket = prepared[k0];
  checkLinearEntry(
    absQ,
    E,
    wb.plus(entryBracket.D),
    entryBracket.m,
    () =>
      `margin ${show(WB)} does not exceed the maintenance margin at entry, quantity × entry_price × ${f ? "(maintenance rate + close_fee_rate)" : "maintenance rate"} − maintenance amount = ${show(entryNotional.times(entryBracket.m).minus(entryBracket.D))} (brackets row ${k0 + 1})`,
    () =>
      linearEntryHints(
        absQ,
        E,
        WB,
        brackets[k0].maintenanceAmount,
        brackets[k0].maintenanceRate,
        f,
        `the maintenance rate of brackets row ${k0 + 1}`
      )
  );
  const root = (k: number): Decimal => {
    const [numerator, denominator] = liqLinearParts(
      side,
      E,
      absQ,
      wb.plus(prepared[k].D),
      prepared[k].m
    );
    return numerator.div(denominator);
  };

  const visited: boolean[] = new Array<boolean>(n).fill(false);
  let k = k0;
  for (let iter = 0; iter <= n; iter++) {
    const lp = root(k);
    const next = lp.gt(0) ? bracketOf(prepared, absQ.times(lp)) : 0;
    if (next === k) {
      if (lp.lte(0)) throw naError(undefined, OVER_COLLATERALISED);
      return ratio(lp, one());
    }
    visited[k] = true;
    if (visited[next]) break; // cycle: fall back to the first-crossing scan
    k = next;
  }
  return ratio(firstCrossing(side, absQ, prepared, root), one());
}

/**
 * Scan of every bracket's price interval [floor_k/|q|, floor_{k+1}/|q|): equity − MM is increasing in P
 * for a long (slope |q|·(1 − m_k) > 0) and decreasing for a short, so inside bracket k the set where
 * equity ≤ MM is P ≤ root_k (long) or P ≥ root_k (short). Long: LP = the highest point of those sets;
 * short: the lowest.
 */
function firstCrossing(
  side: Side,
  absQ: Decimal,
  prepared: PreparedBracket[],
  root: (k: number) => Decimal
): Decimal {
  const n = prepared.length;
  let best: Decimal | undefined;
  for (let k = 0; k < n; k++) {
    const lo = k === 0 ? dec(0) : prepared[k].floor.div(absQ);
    const hi = k === n - 1 ? undefined : prepared[k + 1].floor.div(absQ);
    const r = root(k);
    let cand: Decimal | undefined;
    if (side === 1) {
      if (hi !== undefined && r.gte(hi)) cand = hi;
      else if (r.gte(lo)) cand = r;
      if (cand !== undefined && (best === undefined || cand.gt(best))) best = cand;
    } else {
      if (r.lt(lo)) cand = lo;
      else if (hi === undefined || r.lt(hi)) cand = r;
      if (cand !== undefined && (best === undefined || cand.lt(best))) best = cand;
    }
  }
  if (best === undefined || best.lte(0)) throw naError(undefined, OVER_COLLATERALISED);
  return best;
}

// ---------------------------------------------------------------------------------------------
// LEV.LIQ.CROSS
// ---------------------------------------------------------------------------------------------

function validatePositions(positions: unknown): CrossPosition[] {
  if (!Array.isArray(positions) || positions.length === 0) {
    throw valueError(
      "positions",
      "positions must be a non-empty table with columns side, quantity, entry price, mark price, maintenance rate, maintenance amount"
    );
  }
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i] as CrossPosition;
    const where = `positions row ${i + 1}`;
    if (p === null || typeof p !== "object")
      throw valueError(
        "positions",
        `${where} must have side, quantity, entry price, mark price, maintenance rate, maintenance amount`
      );
    if (p.side !== 1 && p.side !== -1)
      throw valueError(
        "positions",
        `${where} side must be "long"/"short" or 1/-1 (got ${String(p.side)})`
      );
    checkLiqSize(p.side, "positions", p.quantity, `${where} quantity`);
    checkLiqPositive("positions", p.entryPrice, `${where} entry price`);
    checkLiqPositive("positions", p.markPrice, `${where} mark price`);
    checkLiqRate("positions", p.maintenanceRate, `${where} maintenance rate`);
    checkLiqNonNegative("positions", p.maintenanceAmount, `${where} maintenance amount`);
  }
  // sizes as magnitudes (a short may be given with a negative size); the input is not mutated
  return (positions as CrossPosition[]).map((p) =>
    p.quantity < 0 ? { ...p, quantity: -p.quantity } : p
  );
}

/**
 * Cross margin (Binance FAQ §1.1/§14): the other positions enter at their mark price,
 *   WB' = WB − TMM1 + UPNL1,  TMM1 = Σ_{i≠r} (|q_i|·mark_i·mmr_i − cum_i),  UPNL1 = Σ_{i≠r} q_i·(mark_i − E_i),
 * and position r is solved with the linear formula at its own entry price, mmr and cum
 * (its mark price does not enter: LP does not depend on it, §0). Each row is treated as a separate
 * instrument (hedge-mode legs of one symbol sharing one price are not modelled).
 */
export function liqCross(input: LiqCrossInput): number {
  const WB = checkLiqNonNegative("wallet_balance", input.walletBalance);
  const positions = validatePositions(input.positions);
  const row = input.row === undefined ? 1 : input.row;
  if (!Number.isInteger(row) || row < 1 || row > positions.length) {
    throw numError(
      "row",
      `row must be a whole number between 1 and ${positions.length} (got ${String(row)})`
    );
  }
  const r = row - 1;
  let wb = dec(WB);
  for (let i = 0; i < positions.length; i++) {
    if (i === r) continue;
    const p = positions[i];
    const absQi = dec(p.quantity);
    const mark = dec(p.markPrice);
    const tmm = absQi.times(mark).times(p.maintenanceRate).minus(p.maintenanceAmount); // |q_i|·mark_i·mmr_i − cum_i
    const upnl = absQi.times(mark.minus(p.entryPrice)); // |q_i|·(mark_i − E_i), signed below
    wb = wb.minus(tmm).plus(p.side === 1 ? upnl : upnl.neg());
  }
  const pr = positions[r];
  const absQ = dec(pr.quantity);
  const cover = wb.plus(pr.maintenanceAmount);
  const m = dec(pr.maintenanceRate);
  checkLinearEntry(
    absQ,
    pr.entryPrice,
    cover,
    m,
    () =>
      `the wallet balance left with the other positions at their mark prices, ${show(wb)}${pr.maintenanceAmount ? ` + maintenance amount ${show(pr.maintenanceAmount)}` : ""}, does not exceed the maintenance margin of positions row ${row} at its entry price, ${show(absQ.times(pr.entryPrice).times(m))}`,
    () => [
      WB === 0
        ? "wallet_balance is 0: Excel on Windows and Mac passes an empty cell as 0"
        : undefined,
      pr.maintenanceRate >= 0.01 &&
      cover.gt(absQ.times(pr.entryPrice).times(pr.maintenanceRate / 100))
        ? `did you mean the maintenance rate ${show(pr.maintenanceRate / 100)} (${show(pr.maintenanceRate)}%) in positions row ${row}?`
        : undefined,
    ]
  );
  return liqLinearSolve(pr.side, pr.entryPrice, absQ, cover, m);
}

// ---------------------------------------------------------------------------------------------
// LEV.BANKRUPTCY.PRICE
// ---------------------------------------------------------------------------------------------

/** Price at which equity is zero for a linear position at leverage L: BP = E·(1 − side/L) (§0). */
export function bankruptcyPrice(input: BankruptcyPriceInput): number {
  const side = checkLiqSide(input.side);
  const E = checkLiqPositive("entry_price", input.entryPrice);
  const L = checkLiqPositive("leverage", input.leverage);
  const numerator = dec(L).minus(side).times(E); // BP = E·(L − side)/L
  if (numerator.isNeg() || numerator.isZero()) {
    throw naError(
      undefined,
      "no bankruptcy: a long at leverage ≤ 1 keeps positive equity down to a price of 0"
    );
  }
  return ratio(numerator, dec(L));
}

// ---------------------------------------------------------------------------------------------
// LEV.LIQ.DISTANCE
// ---------------------------------------------------------------------------------------------

/**
 * Signed fraction the mark must move to reach the liquidation price: (LP − P)/P.
 * Negative for a long (the price must fall), positive for a short (it must rise); 0 at the liquidation
 * price. A mark already beyond it (a long's mark below its LP, a short's above) is a position that has
 * been liquidated — or, far more often, side or the order of the arguments is wrong — so it is LevError
 * "NA" "past liquidation: …" naming both, never a distance (the convention of "liquidated at entry").
 */
export function liqDistance(input: LiqDistanceInput): number {
  const side = checkLiqSide(input.side);
  const P = checkLiqPositive("mark_price", input.markPrice);
  const LP = checkLiqPositive("liquidation_price", input.liquidationPrice);
  if (side === 1 ? P < LP : P > LP) {
    const [pos, where] = side === 1 ? ["long", "below"] : ["short", "above"];
    throw naError(
      "liquidation_price",
      `past liquidation: a ${pos}'s mark_price ${show(P)} is already ${where} its liquidation_price ${show(LP)}, so the position has been liquidated — check side, and the order of the arguments (mark_price first, then liquidation_price)`
    );
  }
  if (P === LP) return 0;
  return ratio(dec(LP).minus(P), dec(P));
}
