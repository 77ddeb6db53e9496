/**
 * Deterministic benchmark inputs (no Math.random: every run times the same work).
 * A small xorshift-style generator (mulberry32) is enough here: the inputs only need to vary so that
 * nothing is trivially cached, not to be statistically perfect.
 */

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller from a uniform generator. */
function normal(u: () => number): number {
  const u1 = 1 - u();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u());
}

/** A GBM price path of `n` prices starting at 100 (daily steps of annual volatility `sigma`). */
export function gbmPrices(n: number, sigma: number, seed: number): number[] {
  const u = mulberry32(seed);
  const dt = 1 / 365;
  const a = -0.5 * sigma * sigma * dt;
  const b = sigma * Math.sqrt(dt);
  const out = new Array<number>(n);
  let p = 100;
  for (let i = 0; i < n; i++) {
    out[i] = p;
    p *= Math.exp(a + b * normal(u));
  }
  return out;
}

/** `n` simple daily returns of annual volatility `sigma` (drift 0). */
export function dailyReturns(n: number, sigma: number, seed: number): number[] {
  const u = mulberry32(seed);
  const dt = 1 / 252;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++)
    out[i] = Math.expm1(-0.5 * sigma * sigma * dt + sigma * Math.sqrt(dt) * normal(u));
  return out;
}

/** A series as Excel passes a single-column range: an n×1 array of rows. */
export function asColumn(xs: readonly number[]): number[][] {
  return xs.map((x) => [x]);
}

/** Arguments for LEV.LIQ.PRICE in Excel form and in engine form (same values). */
export interface LiqPriceCases {
  n: number;
  /** Excel: "long"/"short" text (as typed in a cell), engine: 1/−1. */
  sideText: string[];
  side: Int8Array;
  entryPrice: Float64Array;
  quantity: Float64Array;
  margin: Float64Array;
  /** NaN = omitted (Excel null, engine undefined). */
  maintenanceRate: Float64Array;
  closeFeeRate: Float64Array;
}

/**
 * Varied, realistic isolated positions: entry 100–60,000, 2x–50x, maintenance rate given or omitted,
 * close fee given or omitted. About 1% are longs margined beyond their notional (no liquidation → #N/A),
 * so the error path is exercised too.
 */
export function liqPriceCases(n: number, seed: number): LiqPriceCases {
  const u = mulberry32(seed);
  const c: LiqPriceCases = {
    n,
    sideText: new Array<string>(n),
    side: new Int8Array(n),
    entryPrice: new Float64Array(n),
    quantity: new Float64Array(n),
    margin: new Float64Array(n),
    maintenanceRate: new Float64Array(n),
    closeFeeRate: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const long = u() < 0.5;
    c.side[i] = long ? 1 : -1;
    c.sideText[i] = long ? (u() < 0.5 ? "long" : "Long") : u() < 0.5 ? "short" : "SHORT";
    const E = Math.round((100 + u() * 59_900) * 100) / 100;
    const q = Math.round((0.001 + u() * 10) * 1000) / 1000;
    const lev = 2 + Math.floor(u() * 49);
    const overCollateralised = long && u() < 0.02;
    c.entryPrice[i] = E;
    c.quantity[i] = q;
    c.margin[i] = Math.round(((E * q) / (overCollateralised ? 0.5 : lev)) * 100) / 100;
    c.maintenanceRate[i] = u() < 0.5 ? NaN : [0.004, 0.005, 0.01, 0.025][Math.floor(u() * 4)];
    c.closeFeeRate[i] = u() < 0.7 ? NaN : 0.0005;
  }
  return c;
}

/** Arguments for LEV.DECAY (leverage, volatility, years, fee_rate, financing_rate, funding_rate). */
export interface DecayCases {
  n: number;
  leverage: Float64Array;
  volatility: Float64Array;
  /** NaN = omitted. */
  years: Float64Array;
  feeRate: Float64Array;
  financingRate: Float64Array;
  fundingRate: Float64Array;
}

export function decayCases(n: number, seed: number): DecayCases {
  const u = mulberry32(seed);
  const pick = (xs: number[]): number => xs[Math.floor(u() * xs.length)];
  const c: DecayCases = {
    n,
    leverage: new Float64Array(n),
    volatility: new Float64Array(n),
    years: new Float64Array(n),
    feeRate: new Float64Array(n),
    financingRate: new Float64Array(n),
    fundingRate: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    c.leverage[i] = pick([-3, -2, -1, 1.5, 2, 3, 5]);
    c.volatility[i] = Math.round(u() * 150) / 100;
    // never 0: the Excel surface answers a 0 year count as an empty cell (#VALUE!), the engine with 0
    c.years[i] = u() < 0.3 ? NaN : Math.max(1, Math.round(u() * 500)) / 100;
    c.feeRate[i] = u() < 0.5 ? NaN : pick([0.0095, 0.01, 0.0365]);
    c.financingRate[i] = u() < 0.6 ? NaN : Math.round(u() * 800) / 10000;
    c.fundingRate[i] = u() < 0.7 ? NaN : Math.round((u() - 0.3) * 3000) / 10000;
  }
  return c;
}
