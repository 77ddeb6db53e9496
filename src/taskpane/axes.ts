/**
 * Chart axes: "nice" ranges and ticks (steps of 1, 2 or 5 × 10ᵏ), clipped to what the quantity can
 * possibly be (a return is never below −100%, a long's distance to liquidation never above 0, a value
 * never below 0). The pane's SVG charts and the native charts written to the workbook take their ranges
 * from here, computed once per chart from its data (preview.ts), so both show the same axis.
 *
 * An axis is computed without knowing the pixel width: its range and step are data, not layout. A narrow
 * pane may label every other tick (render.ts), never a different range.
 */
import type { MetricFormat } from "./metrics";

/** What a quantity can possibly be: the axis never extends past these. */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

export interface AxisOptions {
  /** At most this many ticks (default 6). */
  readonly maxTicks?: number;
  /** The possible range of the quantity. */
  readonly bounds?: Bounds;
  /** Values the range must show even without data there (e.g. health factor 1). */
  readonly include?: readonly number[];
  /** "right": the range ends at the data's maximum (a day or leverage axis); "none": both ends nice. */
  readonly tight?: "none" | "right";
  /** The smallest step (1 for a count such as a cascade's rounds: no tick between two whole numbers). */
  readonly minStep?: number;
}

/** A linear axis: range [min, max], ticks at the multiples of `step` inside it. */
export interface LinearAxis {
  readonly scale: "linear";
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly ticks: readonly number[];
}

/** A log₁₀ axis: range [min, max] (> 0), ticks at 1, 2, 5 × 10ᵏ (or whole decades when crowded). */
export interface LogAxis {
  readonly scale: "log";
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
}

export type Axis = LinearAxis | LogAxis;

/** Drops float noise: 0.30000000000000004 → 0.3. */
export const clean = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(12)));

/** The smallest step of the form 1, 2 or 5 × 10ᵏ that is ≥ `rough` (> 0). */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const e = Math.floor(Math.log10(rough));
  for (let k = e - 1; k <= e + 1; k++)
    for (const m of [1, 2, 5]) {
      const s = clean(m * 10 ** k);
      if (s >= rough * (1 - 1e-9)) return s;
    }
  return clean(10 ** (e + 1));
}

/** The next 1–2–5 step after `step`. */
function nextStep(step: number): number {
  return niceStep(step * 1.0001);
}

const isMultiple = (x: number, step: number) => Math.abs(x / step - Math.round(x / step)) < 1e-9;

/**
 * A linear axis over data in [lo, hi]: ends on multiples of a 1–2–5 step (the right end at the data's
 * maximum with `tight: "right"`), within `bounds`, with at most `maxTicks` ticks.
 */
export function niceAxis(lo: number, hi: number, options: AxisOptions = {}): LinearAxis {
  const maxTicks = Math.max(2, options.maxTicks ?? 6);
  const bMin = options.bounds?.min ?? -Infinity;
  const bMax = options.bounds?.max ?? Infinity;
  for (const x of options.include ?? []) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = Number.isFinite(bMin) ? bMin : 0;
    hi = Number.isFinite(bMax) ? bMax : lo + 1;
  }
  lo = Math.max(lo, bMin);
  hi = Math.min(hi, bMax);
  if (!(hi - lo > 1e-12 * Math.max(1, Math.abs(hi), Math.abs(lo)))) {
    // one value: a range around it, inside the bounds
    const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo = Math.max(bMin, lo - d);
    hi = Math.min(bMax, hi + d);
    if (!(hi > lo)) hi = lo + 1;
  }
  const tightRight = options.tight === "right";
  let step = Math.max(niceStep((hi - lo) / (maxTicks - 1)), options.minStep ?? 0);
  for (let guard = 0; guard < 40; guard++) {
    let min = Math.floor(lo / step + 1e-9) * step;
    let max = tightRight ? hi : Math.ceil(hi / step - 1e-9) * step;
    min = Math.max(clean(min), bMin);
    // a tight end is the data's maximum itself (cleaning 5.000000000000001 to 5 would leave it outside)
    max = Math.min(tightRight ? Math.max(clean(max), max) : clean(max), bMax);
    const ticks = ticksOf(min, max, step);
    if (ticks.length <= maxTicks) return { scale: "linear", min, max, step, ticks };
    step = nextStep(step);
  }
  return { scale: "linear", min: lo, max: hi, step: hi - lo, ticks: [lo, hi] };
}

function ticksOf(min: number, max: number, step: number): number[] {
  const out: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  for (let k = first; k <= last; k++) out.push(clean(k * step));
  return out;
}

/** True when Excel, which places ticks at minimum + k·majorUnit, would put them where `axis` does. */
export function excelTicksMatch(axis: LinearAxis): boolean {
  return isMultiple(axis.min, axis.step);
}

const MANTISSAS = [1, 2, 5];

/** Largest 1/2/5 × 10ᵏ ≤ x (x > 0). */
function niceFloor(x: number): number {
  const e = Math.floor(Math.log10(x));
  for (let k = e; k >= e - 1; k--)
    for (let i = MANTISSAS.length - 1; i >= 0; i--) {
      const v = clean(MANTISSAS[i] * 10 ** k);
      if (v <= x * (1 + 1e-9)) return v;
    }
  return clean(10 ** (e - 1));
}

/** Smallest 1/2/5 × 10ᵏ ≥ x (x > 0). */
function niceCeil(x: number): number {
  const e = Math.floor(Math.log10(x));
  for (let k = e; k <= e + 1; k++)
    for (const m of MANTISSAS) {
      const v = clean(m * 10 ** k);
      if (v >= x * (1 - 1e-9)) return v;
    }
  return clean(10 ** (e + 1));
}

/** A log axis over positive data in [lo, hi]: ends at 1/2/5 × 10ᵏ, ticks at 1–2–5 or decades. */
export function logAxis(lo: number, hi: number, maxTicks = 7): LogAxis {
  if (!(lo > 0)) lo = hi > 0 ? hi / 10 : 0.1;
  if (!(hi > lo)) hi = lo * 10;
  const min = niceFloor(lo);
  const max = niceCeil(hi);
  const e0 = Math.floor(Math.log10(min) + 1e-9);
  const e1 = Math.ceil(Math.log10(max) - 1e-9);
  const inRange = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  const candidates = (mantissas: number[], every: number) => {
    const out: number[] = [];
    for (let e = e0; e <= e1; e++)
      if ((e - e0) % every === 0)
        for (const m of mantissas) {
          const v = clean(m * 10 ** e);
          if (inRange(v)) out.push(v);
        }
    return out;
  };
  for (const [ms, every] of [
    [[1, 2, 5], 1],
    [[1, 3], 1],
    [[1], 1],
    [[1], 2],
    [[1], 3],
  ] as Array<[number[], number]>) {
    const t = candidates(ms, every);
    if (t.length <= maxTicks && t.length >= 2) return { scale: "log", min, max, ticks: t };
  }
  return { scale: "log", min, max, ticks: [min, max] };
}

/** Position of x in [0, 1] along the axis. */
export function axisFraction(axis: Axis, x: number): number {
  if (axis.scale === "log") {
    const v = Math.max(x, axis.min);
    return Math.log(v / axis.min) / Math.log(axis.max / axis.min);
  }
  return (x - axis.min) / (axis.max - axis.min);
}

/** Decimals that show every tick of a step distinctly (0.25 → 2, 5 → 0). */
function decimalsFor(step: number): number {
  if (step === 0) return 0;
  if (!(step > 0)) return 2;
  let d = 0;
  while (d < 8 && !isMultiple(step * 10 ** d, 1)) d++;
  return d;
}

/** A tick's label: as few digits as the step needs, in the quantity's format. */
export function tickLabel(x: number, format: MetricFormat, step?: number): string {
  const v = clean(x);
  const sign = v < 0 ? "−" : "";
  const a = Math.abs(v);
  const group = (n: number, d: number) =>
    n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
  switch (format) {
    case "pct":
    case "prob": {
      const d = step === undefined ? decimalsFor(clean(a * 100)) : decimalsFor(clean(step * 100));
      return `${sign}${group(a * 100, Math.min(d, step === undefined ? 2 : 4))}%`;
    }
    case "lev": {
      const d = step === undefined ? Math.min(decimalsFor(a), 2) : decimalsFor(step);
      return `${sign}${group(a, d)}x`;
    }
    case "int":
      return `${sign}${group(Math.round(a), 0)}`;
    case "notional": {
      // compact: 250k, 600M, 1.5B (the digits the step needs in the tick's own unit)
      const unit = a >= 1e9 ? 1e9 : a >= 1e6 ? 1e6 : a >= 1e3 ? 1e3 : 1;
      const suffix = unit === 1e9 ? "B" : unit === 1e6 ? "M" : unit === 1e3 ? "k" : "";
      const d =
        step === undefined
          ? Math.min(decimalsFor(clean(a / unit)), 2)
          : Math.min(decimalsFor(clean(step / unit)), 3);
      return `${sign}${group(a / unit, d)}${suffix}`;
    }
    default: {
      // no step (a log tick, a marker): the number's own digits, at most 4 decimals
      const d = step === undefined ? Math.min(decimalsFor(a), a >= 100 ? 2 : 4) : decimalsFor(step);
      return `${sign}${group(a, Math.min(d, 6))}`;
    }
  }
}
