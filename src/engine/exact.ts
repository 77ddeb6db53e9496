/**
 * Error-free transformations of float64 arithmetic (Dekker 1971, Knuth TAOCP vol. 2 §4.2.2; Ogita, Rump
 * & Oishi, "Accurate sum and dot product", SIAM J. Sci. Comput. 26(6), 2005): a sum or a product of two
 * doubles written exactly as an unevaluated sum hi + lo of two doubles. They let a money formula run in
 * plain floats with a rounding error that is known, not guessed (see docs/references/liquidation.md §14).
 *
 * u = 2⁻⁵³ is the unit roundoff: fl(x ∘ y) = (x ∘ y)(1 + δ), |δ| ≤ u, away from overflow and underflow.
 */

/** The unit roundoff of float64 (half an ulp of 1). */
export const U = 2 ** -53;

/** Dekker's splitter for 53-bit doubles: 2^27 + 1. */
const SPLITTER = 134217729;

/** a + b = s + e exactly (Knuth's TwoSum: no condition on |a|, |b|). Returns s; e goes to `out[0]`. */
export function twoSum(a: number, b: number, out: Float64Array): number {
  const s = a + b;
  const bb = s - a;
  out[0] = a - (s - bb) + (b - bb);
  return s;
}

/**
 * a · b = p + e exactly (Dekker's TwoProduct with Veltkamp splitting), for |a|, |b| < 2^996 and a product
 * whose error term does not underflow. Returns p; e goes to `out[0]`.
 */
export function twoProduct(a: number, b: number, out: Float64Array): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  out[0] = al * bl - (p - ah * bh - al * bh - ah * bl);
  return p;
}
