// The error-free transformations of src/engine/exact.ts, checked exactly: every double is an integer
// times a power of two, so a + b and a·b are compared with s + e and p + e in BigInt arithmetic.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { twoProduct, twoSum } from "../../src/engine/exact";

/** x = m · 2^e exactly, m a BigInt (x finite). */
function exact(x: number): { m: bigint; e: number } {
  if (x === 0) return { m: 0n, e: 0 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const m = expBits === 0 ? frac : frac | (1n << 52n);
  return { m: sign * m, e: (expBits === 0 ? 1 : expBits) - 1075 };
}

/** The exact sum of doubles as m · 2^e with a common exponent. */
function sum(...xs: { m: bigint; e: number }[]): { m: bigint; e: number } {
  const e = Math.min(...xs.map((x) => x.e));
  return { m: xs.reduce((a, x) => a + (x.m << BigInt(x.e - e)), 0n), e };
}
const same = (a: { m: bigint; e: number }, b: { m: bigint; e: number }) => {
  const e = Math.min(a.e, b.e);
  return a.m << BigInt(a.e - e) === b.m << BigInt(b.e - e);
};

const moderate = fc.double({ min: -1e30, max: 1e30, noNaN: true, noDefaultInfinity: true });

describe("engine exact: error-free float64 transformations", () => {
  const out = new Float64Array(1);

  it("twoSum: a + b equals s + e exactly (5,000 seeded pairs, Knuth's TwoSum)", () => {
    fc.assert(
      fc.property(moderate, moderate, (a, b) => {
        const s = twoSum(a, b, out);
        assert.ok(same(sum(exact(a), exact(b)), sum(exact(s), exact(out[0]))), `${a} + ${b}`);
        assert.equal(s, a + b, "s is the rounded sum");
      }),
      { seed: 20261128, numRuns: 5000 }
    );
  });

  it("twoProduct: a · b equals p + e exactly (5,000 seeded pairs, Dekker's TwoProduct)", () => {
    const mul = (x: { m: bigint; e: number }, y: { m: bigint; e: number }) => ({
      m: x.m * y.m,
      e: x.e + y.e,
    });
    const range = fc.double({ min: -1e100, max: 1e100, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(range, range, (a, b) => {
        const ab = a * b;
        // the error term underflows for tiny products: outside the documented range
        fc.pre(a === 0 || b === 0 || Math.abs(ab) > 1e-200);
        const p = twoProduct(a, b, out);
        assert.ok(same(mul(exact(a), exact(b)), sum(exact(p), exact(out[0]))), `${a} · ${b}`);
        assert.equal(p, ab, "p is the rounded product");
      }),
      { seed: 20261128, numRuns: 5000 }
    );
  });
});
