/**
 * Seeded, reproducible normal draws for the Monte Carlo engine (LEV.SIMULATE).
 *
 * Generator: xoroshiro128+ (D. Blackman, S. Vigna, "Scrambled Linear Pseudorandom Number Generators",
 * ACM TOMS 47 (2021); reference code https://prng.di.unimi.it/xoroshiro128plus.c, parameters a=24, b=16,
 * c=37), seeded exactly as pure-rand's `xoroshiro128plus(seed)` (its initial state is read from the package).
 * The step is written here in 32-bit halves, as in pure-rand 8 (src/generator/xoroshiro128plus.ts), so the
 * state lives in local variables of the hot loop instead of object fields; each step yields the full 64-bit
 * output s0 + s1: its low 32 bits are pure-rand's `next()` value for the same seed, the high 32 bits the
 * carry-propagated upper half (test/engine/rng.test.ts checks both against pure-rand and a BigInt
 * transcription of the reference C code).
 *
 * Normals: the ziggurat method (G. Marsaglia, W. W. Tsang, "The Ziggurat Method for Generating Random
 * Variables", J. Statistical Software 5(8), 2000) with 256 layers, and, as J. A. Doornik recommends ("An
 * Improved Ziggurat Method to Generate Normal Random Samples", 2005), the layer index and the value taken from
 * different bits of one 64-bit output (layout as numpy's `random_standard_normal`):
 *   bits 63…56 → layer i, bit 55 → sign, bits 54…3 → 52-bit magnitude m (the weak low bits 2…0 of
 *   xoroshiro128+ are not used);  x = m·w_i;  accept at once if m < k_i (98.5% of draws), otherwise
 *   layer 0: tail beyond r by Marsaglia's method (1964): x = −ln(U₁)/r, y = −ln(U₂) until 2y > x², return r + x;
 *   layer i ≥ 1: accept x if f_i + U·(f_{i−1} − f_i) < exp(−x²/2), else draw again.
 * Tables (r = 3.6541528853610088, layer area v = 0.00492867323399) are built on first use, not at load.
 * One normal per generator step in the fast path; the sequence depends only on the seed.
 *
 * Precision: float64 throughout (uniforms with 53 bits, magnitudes with 52).
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/** Ziggurat: k = acceptance thresholds on the 52-bit magnitude, w = x_i/2⁵², f = exp(−x_i²/2). */
interface ZigguratTables {
  k: Float64Array;
  w: Float64Array;
  f: Float64Array;
  /** Indexed by j = 2i + s (the output's bits 63…55: layer i, sign bit s): ws[j] = ±w_i, k2[j] = k_i. So the
   * fast path needs one index and one multiply: m·ws[j] is exactly m·w_i·(±1) (a sign flip is exact). */
  ws: Float64Array;
  k2: Float64Array;
}

const ZIG_LAYERS = 256;
/** Start of the tail (x of the widest layer) for 256 layers. */
export const ZIG_R = 3.6541528853610088;
/** Area of each layer (and of the base strip with the tail) under exp(−x²/2). */
const ZIG_V = 0.00492867323399;
const TWO52 = 4503599627370496;
const TWO21 = 2097152;
const TWO_M53 = 1.1102230246251565e-16;

let tables: ZigguratTables | undefined;

/** Marsaglia–Tsang's `zigset` for 256 layers and 52-bit magnitudes. */
function zigguratTables(): ZigguratTables {
  if (tables !== undefined) return tables;
  const k = new Float64Array(ZIG_LAYERS);
  const w = new Float64Array(ZIG_LAYERS);
  const f = new Float64Array(ZIG_LAYERS);
  const top = ZIG_LAYERS - 1;
  let dn = ZIG_R;
  let tn = dn;
  const q = ZIG_V / Math.exp(-0.5 * dn * dn); // width of the base strip's rectangle of area v
  k[0] = (dn / q) * TWO52;
  k[1] = 0;
  w[0] = q / TWO52;
  w[top] = dn / TWO52;
  f[0] = 1;
  f[top] = Math.exp(-0.5 * dn * dn);
  for (let i = top - 1; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(ZIG_V / dn + Math.exp(-0.5 * dn * dn)));
    k[i + 1] = (dn / tn) * TWO52;
    tn = dn;
    f[i] = Math.exp(-0.5 * dn * dn);
    w[i] = dn / TWO52;
  }
  const ws = new Float64Array(2 * ZIG_LAYERS);
  const k2 = new Float64Array(2 * ZIG_LAYERS);
  for (let i = 0; i < ZIG_LAYERS; i++) {
    ws[2 * i] = w[i];
    ws[2 * i + 1] = -w[i];
    k2[2 * i] = k[i];
    k2[2 * i + 1] = k[i];
  }
  tables = { k, w, f, ws, k2 };
  return tables;
}

/** A seeded stream of standard normal draws (xoroshiro128+ → ziggurat). */
export class NormalStream {
  /** xoroshiro128+ state in pure-rand's order [s01, s00, s11, s10]: s0 = (s01:s00), s1 = (s11:s10), high:low
   * 32-bit halves (an Int32Array, so the halves are stored unboxed). */
  private readonly s = new Int32Array(4);
  /** Low 32 bits of the last output of step64(). */
  private lo = 0;
  private readonly t: ZigguratTables;

  /** `seed`: an integer; only its low 32 bits are used (the simulation accepts 0 … 2³²−1). `jumps`: the
   * stream starts 2⁶⁴·jumps outputs later (pure-rand's `jump()`, Blackman–Vigna's jump polynomial), giving
   * non-overlapping streams for blocks of simulated paths. */
  constructor(seed: number, jumps = 0) {
    const g = xoroshiro128plus(seed | 0);
    for (let j = 0; j < jumps; j++) g.jump();
    this.setState(g.getState());
    this.t = zigguratTables();
  }

  private setState(st: readonly number[]): void {
    for (let i = 0; i < 4; i++) this.s[i] = st[i];
  }

  /** Restarts this stream at the state of a pure-rand xoroshiro128plus generator (used by blockStreams). */
  static fromState(st: readonly number[]): NormalStream {
    const s = new NormalStream(0);
    s.setState(st);
    return s;
  }

  /** One generator step; returns the high 32 bits of the output and leaves the low 32 bits in `lo`. */
  private step64(): number {
    const st = this.s;
    const s01 = st[0];
    const s00 = st[1];
    const s11 = st[2];
    const s10 = st[3];
    const lo = (s00 + s10) | 0;
    // high half with the carry out of the low half, computed without a branch (it is random)
    const hi = (s01 + s11 + (((s00 >>> 1) + (s10 >>> 1) + (s00 & s10 & 1)) >>> 31)) | 0;
    const a0 = s10 ^ s00;
    const a1 = s11 ^ s01;
    st[1] = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
    st[0] = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
    st[3] = (a1 << 5) ^ (a0 >>> 27);
    st[2] = (a0 << 5) ^ (a1 >>> 27);
    this.lo = lo;
    return hi;
  }

  /** The next raw 64-bit output as [high, low] unsigned 32-bit halves (for tests against the reference). */
  nextUint64(): [number, number] {
    const hi = this.step64();
    return [hi >>> 0, this.lo >>> 0];
  }

  /** Uniform in [0, 1) from the top 53 bits of one output. */
  private uniform(): number {
    const hi = this.step64();
    return ((hi >>> 0) * TWO21 + (this.lo >>> 11)) * TWO_M53;
  }

  /** The slow path of the ziggurat for a rejected draw x = sign·m·w_i of layer i: the tail, a wedge, or a new draw. */
  private slow(i: number, x: number, sign: number): number {
    const { k, w, f } = this.t;
    for (;;) {
      if (i === 0) {
        let xt: number;
        let yt: number;
        do {
          xt = -Math.log1p(-this.uniform()) / ZIG_R; // −ln(U₁)/r with U₁ = 1 − uniform ∈ (0, 1]
          yt = -Math.log1p(-this.uniform());
        } while (!(yt + yt > xt * xt));
        return sign * (ZIG_R + xt);
      }
      if (f[i] + this.uniform() * (f[i - 1] - f[i]) < Math.exp(-0.5 * x * x)) return x;
      const hi = this.step64();
      i = hi >>> 24;
      const m = (hi & 0x7fffff) * 536870912 + (this.lo >>> 3);
      sign = 1 - ((hi >>> 22) & 2);
      x = m * w[i] * sign;
      if (m < k[i]) return x;
    }
  }

  /** The next N(0, 1) draw. */
  next(): number {
    const hi = this.step64();
    const ls = hi >>> 23; // layer i = ls >>> 1, sign bit 55 = ls & 1 (0 → +1, 1 → −1)
    const m = (hi & 0x7fffff) * 536870912 + (this.lo >>> 3);
    const x = m * this.t.ws[ls];
    if (m < this.t.k2[ls]) return x;
    return this.slow(ls >>> 1, x, 1 - ((ls & 1) << 1));
  }

  /** Fills `out` with the next out.length draws (same sequence as calling next() repeatedly; no allocation). */
  fill(out: Float64Array): void {
    const k2 = this.t.k2;
    const ws = this.t.ws;
    const n = out.length;
    const st = this.s;
    let s01 = st[0];
    let s00 = st[1];
    let s11 = st[2];
    let s10 = st[3];
    for (let j = 0; j < n; j++) {
      // xoroshiro128+ step (as step64), inlined
      const lo = (s00 + s10) | 0;
      const hi = (s01 + s11 + (((s00 >>> 1) + (s10 >>> 1) + (s00 & s10 & 1)) >>> 31)) | 0;
      const a0 = s10 ^ s00;
      const a1 = s11 ^ s01;
      const t00 = s00;
      s00 = (t00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
      s01 = (s01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      s10 = (a1 << 5) ^ (a0 >>> 27);
      s11 = (a0 << 5) ^ (a1 >>> 27);
      // ziggurat fast path: layer and sign together (bits 63…55), branch-free sign through the table
      const ls = hi >>> 23;
      const m = (hi & 0x7fffff) * 536870912 + (lo >>> 3);
      const x = m * ws[ls];
      if (m < k2[ls]) {
        out[j] = x;
      } else {
        st[0] = s01;
        st[1] = s00;
        st[2] = s11;
        st[3] = s10;
        out[j] = this.slow(ls >>> 1, x, 1 - ((ls & 1) << 1));
        s01 = st[0];
        s00 = st[1];
        s11 = st[2];
        s10 = st[3];
      }
    }
    st[0] = s01;
    st[1] = s00;
    st[2] = s11;
    st[3] = s10;
  }
}

/**
 * Successive streams for blocks of paths: the k-th call returns normalStream(seed, firstBlock + k − 1)
 * (one jump per call instead of firstBlock + k − 1).
 */
export function blockStreams(seed: number, firstBlock: number): () => NormalStream {
  const g = xoroshiro128plus(seed | 0);
  for (let j = 0; j < firstBlock; j++) g.jump();
  let first = true;
  return () => {
    if (first) first = false;
    else g.jump();
    return NormalStream.fromState(g.getState());
  };
}

/** A standard normal stream for `seed` (advanced by 2⁶⁴·`jumps` generator outputs). */
export function normalStream(seed: number, jumps = 0): NormalStream {
  return new NormalStream(seed, jumps);
}
