/**
 * Shared internals of the leveraged-token modules (decay, rebalance, path, simulate, carry):
 * argument helpers and the one-period NAV step used by both LEV.PATH and LEV.SIMULATE.
 * Not re-exported from src/engine/index.ts.
 *
 * Source of the step: docs/references/leveraged-tokens.md §2.1 (discrete NAV recursion), §2.2 (leverage drift
 * of a static position), §2.6 (band rebalancing, destination "target" or "edge"), §2.7 (funding),
 * §2.8 (cost on traded notional).
 *
 * Precision: float64. The step runs millions of times inside the Monte Carlo loop and 10⁵ times per
 * LEV.PATH call; every quantity is a ratio of NAV, so float64 (15–16 digits) is far below any input's
 * accuracy. Money amounts from single user inputs (LEV.REBALANCE.TRADE) use decimal.js instead.
 */
import { numError, requireFinite, valueError } from "./errors";
import type { Series } from "./types";

/** An optional numeric argument: `undefined`/`null` means "use the spec default". */
export function optNumber(arg: string, x: number | undefined | null, dflt: number): number {
  if (x === undefined || x === null) return dflt;
  return requireFinite(arg, x);
}

/** Leverage: finite and ≠ 0 (signed: negative = short). */
export function requireLeverage(x: number): number {
  requireFinite("leverage", x);
  if (x === 0)
    throw numError(
      "leverage",
      "leverage must be a non-zero number (e.g. 3 for 3x long, -3 for 3x short) (got 0)"
    );
  return x;
}

/** Throws #NUM! unless lo ≤ x < hi. */
export function requireHalfOpen(arg: string, x: number, lo: number, hi: number): number {
  requireFinite(arg, x);
  if (!(x >= lo && x < hi)) throw numError(arg, `${arg} must be ≥ ${lo} and < ${hi} (got ${x})`);
  return x;
}

/** Rejects option keys that are not values of `keys` (snake_case name → camelCase key); the message
 * uses snake_case names. Keys whose value is `undefined` are ignored. */
export function rejectUnknownKeys(options: object, keys: Readonly<Record<string, string>>): void {
  const allowed = Object.values(keys);
  for (const key of Object.keys(options)) {
    if ((options as Record<string, unknown>)[key] === undefined) continue;
    if (allowed.indexOf(key) < 0) {
      if (Object.prototype.hasOwnProperty.call(keys, key) && keys[key] !== key) {
        throw valueError(
          key,
          `option "${key}" must be passed to the engine under its camelCase key "${keys[key]}"`
        );
      }
      const name = key.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
      throw valueError(
        name,
        `unknown option "${name}"; accepted options: ${Object.keys(keys).join(", ")}`
      );
    }
  }
}

/** Reads a string choice case-insensitively; `undefined` → default. */
export function optChoice<T extends string>(
  arg: string,
  x: unknown,
  choices: readonly T[],
  dflt: T
): T {
  if (x === undefined || x === null) return dflt;
  if (typeof x === "string") {
    const lower = x.trim().toLowerCase();
    for (const c of choices) if (c === lower) return c;
  }
  throw valueError(
    arg,
    `${arg} must be one of ${choices.map((c) => `"${c}"`).join(", ")} (got ${JSON.stringify(x)})`
  );
}

/** Prices: at least 2, every one finite and > 0. */
export function requirePrices(prices: Series): void {
  if (
    prices === null ||
    prices === undefined ||
    typeof (prices as ArrayLike<number>).length !== "number"
  ) {
    throw valueError("prices", "prices must be a single row or column of numbers");
  }
  const n = prices.length;
  if (n < 2) throw valueError("prices", `prices needs at least 2 values (got ${n})`);
  for (let i = 0; i < n; i++) {
    const p = prices[i];
    if (typeof p !== "number" || !Number.isFinite(p) || !(p > 0)) {
      throw numError(
        "prices",
        `prices must all be finite numbers > 0 (value ${i + 1} is ${String(p)})`
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The rebalancing scheme and the one-period step
// ---------------------------------------------------------------------------------------------

/** A validated rebalancing scheme (all rates per period). */
export interface Scheme {
  /** Target leverage L (signed). */
  target: number;
  /** false: rebalance to L after every period; true: only when |L_act| leaves [bandLow, bandHigh]. */
  band: boolean;
  bandLow: number;
  bandHigh: number;
  /** Band mode: rebalance to the crossed edge (Toros) instead of to the target. */
  toEdge: boolean;
  /** Management fee per period m, charged multiplicatively after the period's return. */
  fee: number;
  /** Cost c per unit of traded notional. */
  costRate: number;
  /** Band mode: a rebalance triggers when |leverage| ≥ triggerHigh or ≤ triggerLow ("target"), or > and <
   * ("edge"): the band's edges moved by the relative tolerance EDGE_TOL to the inside ("target") or the
   * outside ("edge") of the band, computed once. Period mode: ∞ and 0 (unused). */
  triggerHigh: number;
  /** See triggerHigh. */
  triggerLow: number;
}

/** Status codes of one step (see STATUS_TEXT). */
export const ST_START = 0;
export const ST_OK = 1;
export const ST_REBALANCED = 2;
export const ST_WIPED = 3;
/** The NAV left the float64 range (only for absurd inputs); callers turn this into an error. */
export const ST_OVERFLOW = 4;
export const STATUS_TEXT = ["start", "ok", "rebalanced", "wiped out"] as const;

/** Relative tolerance for "leverage is at a band edge", so that float64 noise in a price ratio such as
 * 8/9 does not decide whether a rebalance triggered at exactly the edge. */
export const EDGE_TOL = 1e-12;

/**
 * Advances one period. `st` is a caller-owned scratch buffer (no allocation):
 *   in:  st[0] = NAV V_{t−1} (after the previous rebalance), st[1] = exposure X_{t−1} (signed notional)
 *   out: st[0] = V_t, st[1] = X_t, st[2] = leverage before rebalance, st[3] = trade (signed notional,
 *        + = buy), st[4] = cost paid, st[5] = NAV before the trade (after return, funding and fee).
 * `growth` = S_t/S_{t−1} (> 0); `funding` = funding rate of the period (longs pay when > 0).
 *
 *   V'  = (V + X·r − F·X)·(1 − m)       price P&L, funding on the notional held, then the fee (§2.1)
 *   X'  = X·(1 + r)                     the position is static within the period (§2.2)
 *   L_act = X'/V'
 *   rebalance to L_dest with the cost paid out of NAV and the trade sized so that leverage after the
 *   rebalance is exactly L_dest (§2.8 cost = c·|trade|):
 *     X' + trade = L_dest·(V' − c·|trade|)  ⇒  trade = (L_dest·V' − X') / (1 + c·L_dest·sign(trade))
 *     cost = c·|trade|, V_t = V' − cost, X_t = X' + trade
 *   (to first order this is §2.1's V·(1 + L·r − c·|L²−L|·|r|); readScheme ensures c·|L_dest| < 1).
 * Band triggers: "target" mode rebalances when |L_act| ≥ band_high or ≤ band_low (Bybit: "≥ 4x or ≤ 2x");
 * "edge" mode when |L_act| is strictly outside the band (Toros: "goes outside of the target range"), so
 * a product parked on an edge does not rebalance again.
 * NAV ≤ 0 ⇒ wiped out: NAV and exposure become 0 and stay 0 (no negative NAV is carried).
 */
export function step(s: Scheme, st: Float64Array, growth: number, funding: number): number {
  const v0 = st[0];
  if (!(v0 > 0)) return wipe(st);
  const x0 = st[1];
  const v = navAfterPeriod(s, v0, x0, growth, funding);
  if (!(v > 0)) return v === v ? wipe(st) : ST_OVERFLOW;
  const x = exposureAfterPeriod(x0, growth);
  st[2] = x / v;
  st[5] = v;
  const dest = rebalanceDest(s, v, x);
  if (dest !== dest) {
    // band mode, leverage inside the band: no trade
    if (navHeld(v, x) !== v) return ST_OVERFLOW;
    st[0] = v;
    st[1] = x;
    st[3] = 0;
    st[4] = 0;
    return ST_OK;
  }
  const trade = rebalanceTrade(dest, s.costRate, v, x);
  const vAfter = navAfterTrade(s.costRate, v, trade);
  if (!(vAfter > 0)) return vAfter === vAfter ? wipe(st) : ST_OVERFLOW;
  st[0] = vAfter;
  st[1] = exposureAfterTrade(vAfter, x, trade);
  st[3] = trade;
  st[4] = tradeCost(s.costRate, trade);
  return ST_REBALANCED;
}

function wipe(st: Float64Array): number {
  st[0] = 0;
  st[1] = 0;
  st[2] = 0;
  st[3] = 0;
  st[4] = 0;
  st[5] = 0;
  return ST_WIPED;
}

// The pieces of step(). LEV.SIMULATE's loops (simulate.ts) call them directly, in step()'s order, with the
// paths' V and X in local variables:
//   V' = navAfterPeriod(…), X' = exposureAfterPeriod(…), dest = rebalanceDest(…), then
//   trade = rebalanceTrade(…), V_t = navAfterTrade(…), X_t = exposureAfterTrade(…), or if dest is NaN
//   V_t = navHeld(…), X_t = X'.
// Each piece is small enough for V8 to inline at every call site. Keep them small: the 4-path loop inlines
// the pieces 4 times (~210 bytes of bytecode per path now, against V8's budget of 920 per function), and
// past the budget V8 stops inlining one path's pieces, which costs ~20% of the Monte Carlo (step() as one
// function is already too large to be inlined 4 times). In the loops a wipe-out and an overflow travel as values,
// which the pieces keep: 0 once wiped out, NaN once the NAV left the float64 range; step() turns them into
// its status codes. (NaN is written 0 / 0, a literal: the global NaN would be looked up, and make V8 box
// the loops' numbers.)

/**
 * V': the NAV after the period's price P&L, funding and fee, (V + X·r − F·X)·(1 − m) with r = growth − 1;
 * 0 if the NAV before the fee is ≤ 0 (wiped out); NaN if it is not a number (∞ − ∞, or NaN in). An overflow
 * of V' (∞) or X' shows in the trade (navAfterTrade) or in navHeld.
 */
export function navAfterPeriod(
  s: Scheme,
  nav: number,
  exposure: number,
  growth: number,
  funding: number
): number {
  const v = nav + exposure * (growth - 1) - funding * exposure;
  return v > 0 ? v * (1 - s.fee) : v === v ? 0 : v;
}

/** X': the exposure after the period's price move, X·(1 + r) (the position is static within the period). */
export function exposureAfterPeriod(exposure: number, growth: number): number {
  return exposure * growth;
}

/**
 * The leverage to rebalance to at NAV V' and exposure X': the target, or in band mode the target or the
 * crossed edge when leverage X'/V' triggers a rebalance; NaN when it does not (no trade: V' and X' carry on).
 */
export function rebalanceDest(s: Scheme, nav: number, exposure: number): number {
  return s.band ? bandDest(s, exposure / nav) : s.target;
}

/**
 * The trade from NAV V' and exposure X' to leverage `dest`, sized so that leverage is exactly `dest` after
 * paying the cost c·|trade| out of NAV: (dest·V' − X') / (1 + c·dest·sign(trade)). With c = 0 that is the gap
 * dest·V' − X' itself (the same number as dividing by 1, without a division on the NAV's dependency chain).
 */
export function rebalanceTrade(
  dest: number,
  costRate: number,
  nav: number,
  exposure: number
): number {
  const gap = dest * nav - exposure;
  return costRate === 0 ? gap : gap / (1 + costRate * dest * (gap < 0 ? -1 : 1));
}

/** The cost c·|trade| of a trade. */
function tradeCost(costRate: number, trade: number): number {
  return costRate * (trade < 0 ? -trade : trade);
}

/**
 * The NAV after the trade, V' − c·|trade|; 0 if that is ≤ 0 (wiped out); NaN if the trade is not finite
 * (V' or X' left the float64 range, or V' is NaN).
 */
export function navAfterTrade(costRate: number, nav: number, trade: number): number {
  if (!Number.isFinite(trade)) return 0 / 0;
  const v = costRate === 0 ? nav : nav - tradeCost(costRate, trade);
  return v > 0 ? v : 0;
}

/** The exposure after the trade, X' + trade; 0 once wiped out (`navAfter` is navAfterTrade's result). */
export function exposureAfterTrade(navAfter: number, exposure: number, trade: number): number {
  return navAfter > 0 ? exposure + trade : 0;
}

/** The NAV when not trading (dest NaN): V' itself; NaN if V' or X' left the float64 range. */
export function navHeld(nav: number, exposure: number): number {
  return nav !== Infinity && Number.isFinite(exposure) ? nav : 0 / 0;
}

/** Band mode: the leverage to rebalance to when leverage `lev` triggers a rebalance, NaN when it does not. */
function bandDest(s: Scheme, lev: number): number {
  const a = lev < 0 ? -lev : lev;
  if (s.toEdge) {
    // Toros: only strictly outside the band, back to the crossed edge
    const above = a > s.triggerHigh;
    if (!(above || a < s.triggerLow)) return 0 / 0;
    return (s.target < 0 ? -1 : 1) * (above ? s.bandHigh : s.bandLow);
  }
  // Bybit/FTX: at or beyond an edge, back to the target
  return a >= s.triggerHigh || a <= s.triggerLow ? s.target : 0 / 0;
}

/** The scheme-related options of LEV.PATH / LEV.SIMULATE (camelCase keys). */
export interface SchemeOptions {
  rebalance?: string;
  bandLow?: number;
  bandHigh?: number;
  rebalanceTo?: string;
  feePerPeriod?: number;
  costRate?: number;
}

/** The cost-inclusive trade size needs c·|L_dest| < 1 (a cost that large would eat the whole trade). */
function requireCostBelow(costRate: number, maxDest: number): void {
  if (!(costRate * maxDest < 1)) {
    throw numError(
      "cost_rate",
      `cost_rate must be < 1/${maxDest} (1 / the largest leverage rebalanced to) (got ${costRate})`
    );
  }
}

/**
 * Validates the scheme options shared by LEV.PATH and LEV.SIMULATE (all except funding and start_nav).
 */
export function readScheme(L: number, o: SchemeOptions): Scheme {
  const mode = optChoice<"period" | "band">("rebalance", o.rebalance, ["period", "band"], "period");
  const fee = requireHalfOpen(
    "fee_per_period",
    optNumber("fee_per_period", o.feePerPeriod, 0),
    0,
    1
  );
  const costRate = requireHalfOpen("cost_rate", optNumber("cost_rate", o.costRate, 0), 0, 1);
  if (mode === "period") {
    if (o.bandLow != null || o.bandHigh != null) {
      throw valueError(
        o.bandLow != null ? "band_low" : "band_high",
        'band_low and band_high apply only with rebalance "band"'
      );
    }
    const to = optChoice<"target" | "edge">(
      "rebalance_to",
      o.rebalanceTo,
      ["target", "edge"],
      "target"
    );
    if (to === "edge")
      throw valueError("rebalance_to", 'rebalance_to "edge" applies only with rebalance "band"');
    requireCostBelow(costRate, Math.abs(L));
    return {
      target: L,
      band: false,
      bandLow: 0,
      bandHigh: Infinity,
      toEdge: false,
      fee,
      costRate,
      triggerHigh: Infinity,
      triggerLow: 0,
    };
  }
  if (o.bandLow == null || o.bandHigh == null) {
    throw valueError(
      o.bandLow == null ? "band_low" : "band_high",
      'rebalance "band" needs both band_low and band_high (bounds on |leverage|, e.g. 2 and 4 for 3x)'
    );
  }
  const a = Math.abs(L);
  const lo = requireFinite("band_low", o.bandLow);
  const hi = requireFinite("band_high", o.bandHigh);
  if (!(lo >= 0 && lo < a))
    throw numError(
      "band_low",
      `band_low must be ≥ 0 and < |leverage| = ${a} (got ${lo}); bands are magnitudes of leverage`
    );
  if (!(hi > a))
    throw numError(
      "band_high",
      `band_high must be > |leverage| = ${a} (got ${hi}); bands are magnitudes of leverage`
    );
  const to = optChoice<"target" | "edge">(
    "rebalance_to",
    o.rebalanceTo,
    ["target", "edge"],
    "target"
  );
  requireCostBelow(costRate, to === "edge" ? hi : a);
  const toEdge = to === "edge";
  return {
    target: L,
    band: true,
    bandLow: lo,
    bandHigh: hi,
    toEdge,
    fee,
    costRate,
    triggerHigh: toEdge ? hi * (1 + EDGE_TOL) : hi * (1 - EDGE_TOL),
    triggerLow: toEdge ? lo * (1 - EDGE_TOL) : lo * (1 + EDGE_TOL),
  };
}
