/**
 * The standard normal distribution for the closed forms of the engine (CPPI gap risk, liquidation
 * probabilities, loss probabilities): Φ, log Φ, φ and Φ⁻¹, in float64.
 *
 * Source: docs/references/risk-cascades.md §6 (accuracy requirements: an erfc-type Φ with ≲ 1e-15
 * relative error deep in the lower tail, a log Φ that never underflows, an inverse accurate to ~1e-14).
 *
 * Φ: W. J. Cody's rational Chebyshev approximations of erf/erfc ("Rational Chebyshev approximations for
 * the error function", Math. Comp. 23 (1969) 631–637; SPECFUN, ACM TOMS 715, 1993), in the three ranges
 *   |x| ≤ 0.67448975        Φ(x) = ½ + x·A(x²)/B(x²)
 *   0.67448975 < |x| ≤ √32  Φ(−|x|) = e^{−x²/2}·C(|x|)/D(|x|)
 *   |x| > √32               Φ(−|x|) = e^{−x²/2}·(1/√(2π) − P(1/x²)/(x²·Q(1/x²)))/|x|
 * The tail ranges are always computed for −|x| (no 1 − Φ cancellation), and e^{−x²/2} is split as
 * e^{−s²/2}·e^{−(x−s)(x+s)/2} with s = x rounded down to a multiple of 1/16 (s² is exact), so the
 * large exponent keeps full relative precision: ~1e-16 relative error down to Φ ≈ 1e-308.
 * log Φ uses the same pieces in log space, so it is finite for every finite x (≈ −x²/2 far in the tail).
 *
 * Φ⁻¹: M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution", Applied
 * Statistics 37(3) (1988) 477–484, PPND16 (rational approximations in q = p − ½ near the centre and in
 * r = √(−ln min(p, 1 − p)) in the tails; about 1e-16 relative).
 *
 * The coefficients are the published ones written as the nearest doubles (the shortest decimal that
 * rounds to the same double, so the values at run time are the published ones); the implementations
 * are checked against 50-digit values in test/engine/normal.test.ts.
 */

/** 1/√(2π) */
export const INV_SQRT_2PI = 0.3989422804014327;
/** ln √(2π) */
const LN_SQRT_2PI = 0.9189385332046728;
const SQRT_32 = 5.656854249492381;

// Cody: |x| ≤ 0.67448975
const A = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356,
  0.06568233791820745,
];
const B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
// Cody: 0.67448975 < |x| ≤ √32
const C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
];
const D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
// Cody: |x| > √32
const P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934,
  2.9112874951168793e-5, 0.023073441764940174,
];
const Q = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824,
  7.297515550839662e-5,
];

/** Central range: Φ(x) − ½ for |x| ≤ 0.67448975. */
function central(x: number): number {
  const x2 = x * x;
  let num = A[4] * x2;
  let den = x2;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]) * x2;
    den = (den + B[i]) * x2;
  }
  return (x * (num + A[3])) / (den + B[3]);
}

/**
 * The lower tail Φ(−y) for y > 0.67448975 as [e1, e2, r] with Φ(−y) = e^{e1}·e^{e2}·r: e1 = −s²/2 is exact
 * (s = y rounded down to a multiple of 1/16) and e2 = −(y − s)(y + s)/2 is small, so the product of the
 * two exponentials keeps full relative precision where e^{−y²/2} computed at once would not.
 */
function tailParts(y: number): [number, number, number] {
  let r: number;
  if (y <= SQRT_32) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    r = (num + C[7]) / (den + D[7]);
  } else {
    const z = 1 / (y * y);
    let num = P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * z;
      den = (den + Q[i]) * z;
    }
    r = (INV_SQRT_2PI - (z * (num + P[4])) / (den + Q[4])) / y;
  }
  const s = Math.trunc(y * 16) / 16;
  return [-s * s * 0.5, -(y - s) * (y + s) * 0.5, r];
}

/** Φ(x), the standard normal CDF: relative error ≲ 1e-15 wherever Φ(x) is a normal double. */
export function normCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) return 0.5 + central(x);
  if (y > 38.5) return x > 0 ? 1 : 0; // Φ(−38.5) < 1e-323
  const [e1, e2, r] = tailParts(y);
  const lower = Math.exp(e1) * Math.exp(e2) * r; // Φ(−|x|)
  return x > 0 ? 1 - lower : lower;
}

/** ln Φ(x): finite for every finite x (≈ −x²/2 − ln(−x) − ln√(2π) far in the lower tail). */
export function logNormCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) return Math.log(0.5 + central(x));
  if (x > 0) return Math.log1p(-normCdf(-x)); // Φ(x) > ¾: ln(1 − Φ(−x))
  if (y > 1e150) return -Infinity; // −x²/2 is not a double
  const [e1, e2, r] = tailParts(y);
  return e1 + e2 + Math.log(r);
}

/**
 * The Mills ratio R(x) = Φ(−x)/φ(x), without underflow for large x (the rational factor of Cody's tail
 * ranges is R(x)/√(2π) there).
 */
export function millsRatio(x: number): number {
  if (x > 0.67448975) return tailParts(x)[2] / INV_SQRT_2PI;
  return normCdf(-x) / normPdf(x);
}

/** φ(x), the standard normal density. */
export function normPdf(x: number): number {
  const y = Math.abs(x);
  const s = Math.trunc(y * 16) / 16;
  return INV_SQRT_2PI * Math.exp(-s * s * 0.5) * Math.exp(-(y - s) * (y + s) * 0.5);
}

/** ln φ(x). */
export function logNormPdf(x: number): number {
  return -0.5 * x * x - LN_SQRT_2PI;
}

// Wichura AS 241 (PPND16)
const WA = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const WB = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
];
const WC = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const WD = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008,
  0.015198666563616457, 0.0005475938084995345, 1.0507500716444169e-9,
];
const WE = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487,
  0.026532189526576124, 0.0012426609473880784, 2.7115555687434876e-5, 2.0103343992922881e-7,
];
const WF = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  1.8463183175100548e-5, 1.421511758316446e-7, 2.0442631033899397e-15,
];

/** c[0] + c[1]·x + … + c[7]·x⁷ (Horner). */
function poly7(c: readonly number[], x: number): number {
  let s = c[7];
  for (let i = 6; i >= 0; i--) s = s * x + c[i];
  return s;
}

/**
 * Φ⁻¹(p) for 0 < p < 1 (−∞ at 0, +∞ at 1, NaN outside [0, 1]). For a small upper-tail probability ε,
 * call −normInv(ε) rather than normInv(1 − ε): 1 − ε rounds away ε's digits.
 */
export function normInv(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly7(WA, r)) / poly7(WB, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let v: number;
  if (r <= 5) {
    r -= 1.6;
    v = poly7(WC, r) / poly7(WD, r);
  } else {
    r -= 5;
    v = poly7(WE, r) / poly7(WF, r);
  }
  return q < 0 ? -v : v;
}
