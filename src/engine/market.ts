/**
 * Market leverage indicators: the estimated leverage ratio and the long/short skew (LEV.MARKET.LEVERAGE,
 * LEV.SKEW).
 *
 * Source: docs/references/risk-cascades.md §4 (estimated leverage ratio, §4.1; long/short ratio, §4.2).
 *
 *   ELR = OI / reserve                 (OI and the exchange reserve in coins)
 *   ELR = OI / (reserve · price)       (OI in quote currency, reserve in coins)
 *   long_short_ratio = long / short;  imbalance = (long − short)/(long + short);  long_share = long/(long + short)
 */
import { numError, requireFinite as finite } from "./errors";
import type { Table } from "./types";

export interface MarketLeverageInput {
  /** Open interest: coins, or quote currency when `price` is given (≥ 0). */
  openInterest: number;
  /** Coins held on the exchange (> 0). */
  exchangeReserve: number;
  /** Price of one coin in the quote currency (> 0); undefined when OI is in coins. */
  price?: number;
}

export interface SkewInput {
  /** Long open interest, accounts or share (≥ 0). */
  long: number;
  /** Short open interest, accounts or share (> 0). */
  short: number;
}

export const SKEW_ROWS = ["long_short_ratio", "imbalance", "long_share"] as const;

/** Estimated leverage ratio (docs/references/risk-cascades.md §4.1). */
export function marketLeverage(input: MarketLeverageInput): number {
  const oi = finite("open_interest", input.openInterest);
  if (!(oi >= 0)) throw numError("open_interest", `open_interest must be ≥ 0 (got ${oi})`);
  const reserve = finite("exchange_reserve", input.exchangeReserve);
  if (!(reserve > 0))
    throw numError("exchange_reserve", `exchange_reserve must be > 0 (got ${reserve})`);
  if (input.price === undefined) return oi / reserve;
  const price = finite("price", input.price);
  if (!(price > 0)) throw numError("price", `price must be > 0 (got ${price})`);
  const out = oi / reserve / price;
  if (!Number.isFinite(out))
    throw numError("price", "open_interest / (exchange_reserve · price) is not a finite number");
  return out;
}

/** Long/short ratio, imbalance and long share (docs/references/risk-cascades.md §4.2). */
export function skew(input: SkewInput): Table {
  const L = finite("long", input.long);
  if (!(L >= 0)) throw numError("long", `long must be ≥ 0 (got ${L})`);
  const S = finite("short", input.short);
  if (!(S > 0))
    throw numError("short", `short must be > 0: the long/short ratio divides by it (got ${S})`);
  const ratio = L / S;
  if (!Number.isFinite(ratio))
    throw numError("short", "long / short is not a finite number: short is too small");
  // (L − S)/(L + S) and L/(L + S) as functions of the ratio r = L/S, so a huge L + S cannot overflow
  const imbalance = (ratio - 1) / (ratio + 1);
  const share = ratio / (ratio + 1);
  return {
    columns: ["statistic", "value"],
    rows: [
      [SKEW_ROWS[0], ratio],
      [SKEW_ROWS[1], Number.isFinite(imbalance) ? imbalance : 1],
      [SKEW_ROWS[2], Number.isFinite(share) ? share : 1],
    ],
  };
}
