import { strict as assert } from "assert";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { blockStreams, NormalStream, normalStream, ZIG_R } from "../../src/engine/rng";

const M64 = (1n << 64n) - 1n;
const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (64n - k))) & M64;

/** xoroshiro128+ transcribed from the reference C code (https://prng.di.unimi.it/xoroshiro128plus.c, a=24, b=16, c=37). */
function referenceXoroshiro128plus(s0: bigint, s1: bigint): () => bigint {
  return () => {
    const result = (s0 + s1) & M64;
    s1 ^= s0;
    s0 = rotl(s0, 24n) ^ s1 ^ ((s1 << 16n) & M64);
    s1 = rotl(s1, 37n);
    return result;
  };
}

const u32 = (x: number): bigint => BigInt(x >>> 0);

/** Φ(x) at the quantiles used below, from Python 3 `0.5 * math.erfc(-x / math.sqrt(2))`. */
const PHI: [number, number][] = [
  [-4, 3.1671241833119965e-5],
  [-ZIG_R, 1.2901624382695065e-4], // the start of the ziggurat's tail
  [-3, 1.3498980316300957e-3],
  [-2, 2.275013194817922e-2],
  [-1, 0.15865525393145707],
  [-0.5, 0.3085375387259869],
  [0, 0.5],
];

describe("engine/rng — xoroshiro128+ and ziggurat normals", () => {
  describe("generator", () => {
    for (const seed of [0, 1, 42, 4294967295]) {
      it(`seed ${seed}: the low 32 bits of the first 2,000 outputs are pure-rand xoroshiro128plus(seed).next()`, () => {
        const ours = new NormalStream(seed);
        const theirs = xoroshiro128plus(seed | 0);
        for (let i = 0; i < 2000; i++) {
          const [, lo] = ours.nextUint64();
          assert.equal(lo | 0, theirs.next(), `output ${i}`);
        }
      });
    }
    it("normalStream(seed, b) starts where pure-rand's generator is after b jump()s (2⁶⁴ outputs each): low halves match for b = 1, 3", () => {
      for (const b of [1, 3]) {
        const theirs = xoroshiro128plus(99);
        for (let j = 0; j < b; j++) theirs.jump();
        const ours = normalStream(99, b);
        for (let i = 0; i < 500; i++)
          assert.equal(ours.nextUint64()[1] | 0, theirs.next(), `b = ${b}, output ${i}`);
      }
    });
    it("blockStreams(seed, 2) yields the streams normalStream(seed, 2), (seed, 3), (seed, 4) in turn", () => {
      const next = blockStreams(5, 2);
      for (const b of [2, 3, 4]) {
        const a = next();
        const ref = normalStream(5, b);
        for (let i = 0; i < 200; i++) assert.equal(a.next(), ref.next(), `block ${b}, draw ${i}`);
      }
    });
    it("the full 64-bit outputs equal the reference C algorithm run from pure-rand's initial state (seeds 7 and 2³²−1, 2,000 outputs)", () => {
      for (const seed of [7, 4294967295]) {
        const [s01, s00, s11, s10] = xoroshiro128plus(seed | 0).getState();
        const ref = referenceXoroshiro128plus(
          (u32(s01) << 32n) | u32(s00),
          (u32(s11) << 32n) | u32(s10)
        );
        const ours = new NormalStream(seed);
        for (let i = 0; i < 2000; i++) {
          const [hi, lo] = ours.nextUint64();
          assert.equal((BigInt(hi) << 32n) | BigInt(lo), ref(), `seed ${seed}, output ${i}`);
        }
      }
    });
  });

  describe("normal draws (ziggurat), 4,000,000 seeded draws", () => {
    const n = 4_000_000;
    const draws = new Float64Array(n);
    before(() => {
      const s = normalStream(20251125);
      const chunk = new Float64Array(1000);
      for (let i = 0; i < n; i += chunk.length) {
        s.fill(chunk);
        draws.set(chunk, i);
      }
    });

    it("mean 0, variance 1 and fourth moment 3, each within 5 standard errors", () => {
      let m1 = 0;
      let m2 = 0;
      let m4 = 0;
      for (let i = 0; i < n; i++) {
        const z = draws[i];
        m1 += z;
        m2 += z * z;
        m4 += z * z * z * z;
      }
      m1 /= n;
      m2 /= n;
      m4 /= n;
      assert.ok(Math.abs(m1) < 5 / Math.sqrt(n), `mean ${m1}`);
      assert.ok(Math.abs(m2 - 1) < 5 * Math.sqrt(2 / n), `variance ${m2}`); // Var(Z²) = 2
      assert.ok(Math.abs(m4 - 3) < 5 * Math.sqrt(96 / n), `E[Z⁴] ${m4}`); // Var(Z⁴) = 105 − 9
    });

    it("P(Z < q) and P(Z > −q) match Φ(q) at q = −4, −r, −3, −2, −1, −0.5, 0 within 5 binomial standard errors", () => {
      for (const [q, phi] of PHI) {
        let below = 0;
        let above = 0;
        for (let i = 0; i < n; i++) {
          if (draws[i] < q) below++;
          if (draws[i] > -q) above++;
        }
        const se = Math.sqrt((phi * (1 - phi)) / n);
        assert.ok(Math.abs(below / n - phi) < 5 * se, `P(Z < ${q}) = ${below / n} vs Φ = ${phi}`);
        assert.ok(Math.abs(above / n - phi) < 5 * se, `P(Z > ${-q}) = ${above / n} vs Φ = ${phi}`);
      }
    });

    it("beyond the tail start r the mean excess |Z| − r is φ(r)/(1 − Φ(r)) − r = 0.24289 (Mills ratio) within 5 standard errors", () => {
      let count = 0;
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const a = Math.abs(draws[i]);
        if (a > ZIG_R) {
          count++;
          sum += a - ZIG_R;
          sq += (a - ZIG_R) ** 2;
        }
      }
      const mean = sum / count;
      const se = Math.sqrt((sq / count - mean * mean) / count);
      assert.ok(count > 500, `only ${count} tail draws`);
      assert.ok(Math.abs(mean - 0.24288618628745917) < 5 * se, `mean excess ${mean} (se ${se})`);
    });

    it("no draw is NaN or infinite, and both signs occur equally often (5 standard errors)", () => {
      let pos = 0;
      for (let i = 0; i < n; i++) {
        const z = draws[i];
        assert.ok(Number.isFinite(z), `draw ${i} = ${z}`);
        if (z > 0) pos++;
      }
      assert.ok(Math.abs(pos / n - 0.5) < 5 * Math.sqrt(0.25 / n));
    });
  });
});
