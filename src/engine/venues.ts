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
 * is required there. The maintenance amount D is 0 (first bracket); use LEV.LIQ.TIERED for brackets.
 */
import { naError, numError, valueError } from "./errors";
import type { Side } from "./types";
import { dec, num, ratio } from "./money";
import {
  checkLiqNonNegative,
  checkLiqPositive,
  checkLiqRate,
  checkLiqSide,
  liqCombinedRate,
  LIQ_DEFAULT_MAINTENANCE_RATE,
  liqLinearSolve,
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
}

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
  const qty = checkLiqPositive("quantity", input.quantity);
  const WB = checkLiqNonNegative("margin", input.margin);
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

  const absQ = dec(qty);
  const wb = dec(WB);

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
    return liqLinearSolve(side, E, absQ, wb, m);
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
    const cushion = wb.minus(qe.times(m)); // IM − MM
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
  return liqLinearSolve(side, E, absQ, wb, m);
}
