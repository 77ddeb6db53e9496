/**
 * Venue conventions for the isolated liquidation price of a linear perp (LEV.LIQ.VENUE).
 *
 * Source: docs/references/liquidation.md §0 (shared formula), §1 Binance USDⓈ-M FAQ, §3.1 Bybit
 * "Liquidation Price (USDT Contract)", §4 OKX/Gate isolated margin ratio, §6 dYdX v4 liquidations.mdx,
 * §7 Hyperliquid liquidations / freqtrade hyperliquid.py, §13.1 (entry- vs liquidation-valued MM).
 *
 * Precision: decimal.js (money.ts) for every price, margin and fee; plain number out.
 *
 * | venue        | rate means             | m in LP = (WB + D − q·E)/(|q|·m − q)                        |
 * |--------------|------------------------|--------------------------------------------------------------|
 * | binance      | maintenance rate       | mmr (+ close_fee_rate if given; Binance itself charges none) |
 * | okx          | maintenance rate       | mmr + close_fee_rate, close fee 0.0005 when omitted          |
 * | hyperliquid  | max leverage Λ         | 1/(2·Λ) (+ close_fee_rate if given)                          |
 * | dydx         | maintenance fraction   | MMF (+ close_fee_rate if given); margin = equity e at entry  |
 * | bybit        | maintenance rate       | MM valued at ENTRY: LP = E − side·(IM − MM)/|q|,             |
 * |              |                        | IM = margin, MM = |q|·E·(mmr + close_fee_rate)               |
 *
 * Defaults when `rate` is omitted: 0.005 for binance, bybit and okx (the LEV.LIQ.PRICE default);
 * hyperliquid and dydx have no sensible default (max leverage and MMF vary per market), so `rate`
 * is required there. `maintenance_amount` D (Binance "cum", default 0 = the first bracket) is deducted
 * from the maintenance margin on every venue: MM = |q|·P·m − D (Bybit: |q|·E·m − D); LEV.LIQ.TIERED
 * picks the bracket itself.
 *
 * A position whose margin (+ D) does not exceed its maintenance margin at entry is LevError "NA"
 * "liquidated at entry: …" (liquidation.ts), on every venue.
 */
import { naError, numError, valueError } from "./errors";
import type { Side } from "./types";
import { dec, num, ratio } from "./money";
import {
  checkLinearEntry,
  checkLiqNonNegative,
  checkLiqPositive,
  checkLiqRate,
  checkLiqSide,
  checkLiqSize,
  linearEntryHints,
  liqCombinedRate,
  LIQ_DEFAULT_MAINTENANCE_RATE,
  liqLinearSolve,
  liquidatedAtEntry,
} from "./liquidation";

export const VENUES = ["binance", "bybit", "okx", "hyperliquid", "dydx"] as const;
export type Venue = (typeof VENUES)[number];

/** OKX close (taker) fee used when close_fee_rate is omitted (formula contract). */
export const OKX_DEFAULT_CLOSE_FEE_RATE = 0.0005;

export interface LiqVenueInput {
  venue: Venue;
  side: Side;
  entryPrice: number;
  quantity: number;
  margin: number;
  rate?: number;
  closeFeeRate?: number;
  /** Maintenance amount D deducted from the maintenance margin (Binance "cum"); default 0 */
  maintenanceAmount?: number;
}

/** Up to 12 significant digits, no trailing zeros: for numbers quoted in messages. */
const show = (x: number) => String(Number(x.toPrecision(12)));

function checkVenue(x: unknown): Venue {
  if (typeof x === "string" && (VENUES as readonly string[]).includes(x)) return x as Venue;
  throw valueError(
    "venue",
    `venue must be one of ${VENUES.map((v) => `"${v}"`).join(", ")} (got ${JSON.stringify(x)})`
  );
}

/** Isolated liquidation price under the conventions of `venue` (table above). */
export function liqVenue(input: LiqVenueInput): number {
  const venue = checkVenue(input.venue);
  const side = checkLiqSide(input.side);
  const E = checkLiqPositive("entry_price", input.entryPrice);
  const qty = checkLiqSize(side, "quantity", input.quantity);
  const WB = checkLiqNonNegative("margin", input.margin);
  const D = checkLiqNonNegative(
    "maintenance_amount",
    input.maintenanceAmount === undefined ? 0 : input.maintenanceAmount
  );
  const f = checkLiqRate(
    "close_fee_rate",
    input.closeFeeRate === undefined
      ? venue === "okx"
        ? OKX_DEFAULT_CLOSE_FEE_RATE
        : 0
      : input.closeFeeRate
  );

  let rate = input.rate;
  if (rate === undefined) {
    if (venue === "hyperliquid")
      throw valueError(
        "rate",
        'rate is required for venue "hyperliquid": the market\'s max leverage (e.g. 50)'
      );
    if (venue === "dydx")
      throw valueError(
        "rate",
        'rate is required for venue "dydx": the market\'s maintenance margin fraction (e.g. 0.03)'
      );
    rate = LIQ_DEFAULT_MAINTENANCE_RATE;
  }

  if (venue === "hyperliquid" && rate > 0 && rate < 1)
    throw valueError(
      "rate",
      `rate is ${show(rate)} for venue "hyperliquid", where it is the market's max leverage (e.g. 50), not a rate — did you mean ${show(1 / (2 * rate))} (the max leverage whose maintenance rate 1/(2·max leverage) is ${show(rate)})?`
    );
  if (venue !== "hyperliquid" && rate >= 1 && rate / 100 < 0.5)
    throw valueError(
      "rate",
      `rate is ${show(rate)} for venue "${venue}", a ${venue === "dydx" ? "maintenance margin fraction" : "maintenance rate"} (decimal): rates are decimals — did you mean ${show(rate / 100)} (${show(rate)}%)?`
    );

  const absQ = dec(qty);
  const wb = dec(WB);
  const cover = D === 0 ? wb : wb.plus(D); // WB + D
  const plusD = D ? ` + maintenance_amount ${show(D)}` : "";

  if (venue === "hyperliquid") {
    // maintenance margin = half the initial margin at max leverage Λ: m = 1/(2·Λ)   (§7)
    const maxLev = checkLiqPositive("rate", rate, "rate (max leverage)");
    if (!(maxLev >= 1))
      throw numError(
        "rate",
        `rate for venue "hyperliquid" is the max leverage and must be ≥ 1 (got ${maxLev})`
      );
    const mmr = dec(1).div(dec(2).times(maxLev));
    const m = mmr.plus(f);
    if (m.gte(1))
      throw numError(
        "close_fee_rate",
        `1/(2·max leverage) + close_fee_rate must be < 1 (got ${num(m)})`
      );
    checkLinearEntry(
      absQ,
      E,
      cover,
      m,
      () =>
        `margin ${show(WB)}${plusD} does not exceed the maintenance margin at entry, quantity × entry_price × (1/(2·max leverage)${f ? " + close_fee_rate" : ""}) = ${show(num(absQ.times(E).times(m)))}`,
      () => linearEntryHints(absQ, E, WB, D, num(mmr), f, undefined)
    );
    return liqLinearSolve(side, E, absQ, cover, m);
  }

  const mmr = checkLiqRate(
    "rate",
    rate,
    venue === "dydx" ? "rate (maintenance margin fraction)" : "rate (maintenance rate)"
  );

  if (venue === "bybit") {
    // MM valued at entry (§3.1): LP = E − side·(IM − MM)/|q| = (|q|·E − side·(IM − MM))/|q|,  MM = |q|·E·(mmr + f)
    const m = liqCombinedRate(mmr, f, "rate");
    const qe = absQ.times(E);
    const mm = D === 0 ? qe.times(m) : qe.times(m).minus(D); // MM = |q|·E·m − D
    if (wb.lte(mm))
      throw liquidatedAtEntry(
        `margin ${show(WB)} does not exceed the maintenance margin valued at entry, quantity × entry_price × ${f ? "(rate + close_fee_rate)" : "rate"}${D ? " − maintenance_amount" : ""} = ${show(num(mm))}`,
        linearEntryHints(absQ, E, WB, D, mmr, f, "rate")
      );
    const cushion = wb.minus(mm); // IM − MM
    const numerator = side === 1 ? qe.minus(cushion) : qe.plus(cushion);
    if (numerator.isNeg() || numerator.isZero()) {
      throw naError(
        undefined,
        "no liquidation: position is over-collateralised (its margin covers a fall of the price to 0)"
      );
    }
    return ratio(numerator, absQ);
  }

  // binance, okx, dydx: MM valued at the liquidation price (§0), m = rate + close fee
  const m = liqCombinedRate(mmr, f, "rate");
  checkLinearEntry(
    absQ,
    E,
    cover,
    m,
    () =>
      `margin ${show(WB)}${plusD} does not exceed the maintenance margin at entry, quantity × entry_price × ${f ? "(rate + close_fee_rate)" : "rate"} = ${show(num(absQ.times(E).times(m)))}${venue === "okx" && input.closeFeeRate === undefined ? " (okx: close_fee_rate 0.0005 when left out)" : ""}`,
    () => linearEntryHints(absQ, E, WB, D, mmr, f, "rate")
  );
  return liqLinearSolve(side, E, absQ, cover, m);
}
