/**
 * Illustrative price paths for the preview and for the price table written to the sheet.
 *
 * Daily prices under driftless geometric Brownian motion (risk-neutral with zero rates):
 *   S_{t+1} = S_t · exp(−σ²/2·Δt + σ·√Δt·Z_t),  Δt = 1/365,  Z_t ~ N(0,1)
 * Z from a 32-bit mulberry32 generator (seeded, so the pane's preview and the sheet show the same path)
 * and the Box–Muller transform. These paths are illustrations, not forecasts: the sheet says so.
 *
 * Precision: float64 (a simulated path; decimal arithmetic would add nothing).
 */
export interface IllustrativeInput {
  start: number;
  volatility: number;
  days: number;
  seed: number;
}

/** mulberry32: returns a function producing uniform numbers in (0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return u === 0 ? 2 ** -33 : u;
  };
}

/** days + 1 prices, the first equal to `start`, rounded to 2 decimals only where ≥ 1 (readability). */
export function illustrativePrices(input: IllustrativeInput): number[] {
  const { start, volatility, days, seed } = input;
  const rand = mulberry32(seed);
  const dt = 1 / 365;
  const drift = -0.5 * volatility * volatility * dt;
  const scale = volatility * Math.sqrt(dt);
  const out = new Array<number>(days + 1);
  out[0] = start;
  let s = start;
  for (let t = 1; t <= days; t++) {
    const z = Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
    s *= Math.exp(drift + scale * z);
    out[t] = s >= 1 ? Math.round(s * 100) / 100 : s;
  }
  return out;
}
