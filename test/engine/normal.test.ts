/**
 * The standard normal functions of src/engine/normal.ts (docs/references/risk-cascades.md §6): Φ and ln Φ
 * to ~1e-15 relative, deep in the lower tail included; Φ⁻¹ to ~1e-15. Reference values computed with
 * mpmath at 50 significant digits (mp.ncdf, and Φ⁻¹ by root-finding on mp.ncdf), as listed in
 * docs/references/risk-cascades.md §6.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { logNormCdf, millsRatio, normCdf, normInv, normPdf } from "../../src/engine/normal";

const rel = (x: number, e: number) => (e === 0 ? Math.abs(x) : Math.abs(x - e) / Math.abs(e));

// [x, Φ(x), ln Φ(x)] (mpmath, 50 digits, rounded to 17 significant digits)
const PHI: [number, number, number][] = [
  [-37.5, 4.605353009581955e-308, -707.6689893175072],
  [-30, 4.906713927148187e-198, -454.3212439563432],
  [-20, 2.7536241186062337e-89, -203.91715537109727],
  [-10, 7.619853024160525e-24, -53.23128515051247],
  [-8, 6.220960574271784e-16, -35.01343715991455],
  [-5.6568, 7.711064856975537e-9, -18.680609545162792],
  [-3, 0.0013498980316300946, -6.607726221510349],
  [-1.5, 0.06680720126885807, -2.7059444008238898],
  [-0.67448975, 0.25000000006231016, -1.3862943608706499],
  [-0.3, 0.3820885778110474, -0.9621028181688507],
  [0, 0.5, -0.6931471805599453],
  [0.5, 0.6914624612740131, -0.3689464152886564],
  [1, 0.8413447460685429, -0.17275377902344988],
  [1.96, 0.9750021048517795, -0.02531564916428211],
  [3, 0.9986501019683699, -0.0013508099647481938],
  [6, 0.9999999990134123, -9.865876455243758e-10],
];

describe("engine/normal: Φ, ln Φ, φ, Φ⁻¹ against 50-digit values (docs/references/risk-cascades.md §6)", () => {
  for (const [x, p, lp] of PHI) {
    it(`Φ(${x}) = ${p} and ln Φ(${x}) = ${lp} to 4e-15 relative (mpmath)`, () => {
      assert.ok(rel(normCdf(x), p) <= 4e-15, `Φ: ${normCdf(x)}`);
      assert.ok(rel(logNormCdf(x), lp) <= 2e-15, `ln Φ: ${logNormCdf(x)}`);
    });
  }

  it("ln Φ stays finite where Φ underflows: ln Φ(−40), ln Φ(−100), ln Φ(−1000) to 1e-15 relative (mpmath)", () => {
    for (const [x, lp] of [
      [-40, -804.6084420137538],
      [-100, -5005.524208694205],
      [-1000, -500007.82669481216],
    ]) {
      assert.equal(normCdf(x), 0);
      assert.ok(rel(logNormCdf(x), lp) <= 1e-15, `${x}: ${logNormCdf(x)}`);
    }
  });

  it("Φ⁻¹ at 9 probabilities from 1e-300 to 0.995 to 1e-15 relative (mpmath root of Φ)", () => {
    const cases: [number, number][] = [
      [1e-300, -37.0470962993612],
      [1e-20, -9.262340089798407],
      [1e-10, -6.361340902404057],
      [0.005, -2.5758293035489008],
      [0.025, -1.9599639845400543],
      [0.3, -0.52440051270804078],
      [0.5, 0],
      [0.975, 1.9599639845400543],
      [0.995, 2.5758293035489008],
    ];
    for (const [p, q] of cases) assert.ok(rel(normInv(p), q) <= 1e-15, `Φ⁻¹(${p}) = ${normInv(p)}`);
    assert.equal(normInv(0), -Infinity);
    assert.equal(normInv(1), Infinity);
    assert.ok(Number.isNaN(normInv(1.5)) && Number.isNaN(normInv(-0.1)));
  });

  it("Mills ratio Φ(−x)/φ(x) at 0.5, 2, 10, 40 to 1e-15 relative (mpmath), with no underflow at 40", () => {
    const cases: [number, number][] = [
      [0.5, 0.8763644564536923],
      [2, 0.4213692292880545],
      [10, 0.09902859647173193],
      [40, 0.024984404205720571],
    ];
    for (const [x, r] of cases) assert.ok(rel(millsRatio(x), r) <= 1e-15, `R(${x})`);
  });

  it("Φ(x) + Φ(−x) = 1, Φ is increasing, φ = Φ' and Φ⁻¹(Φ(−|x|)) = −|x| (fast-check, seed 7)", () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => {
        assert.ok(Math.abs(normCdf(x) + normCdf(-x) - 1) <= 2e-16);
        assert.ok(normCdf(-Math.abs(x) - 1e-3) < normCdf(-Math.abs(x)));
        const d = 1e-5;
        const slope = (normCdf(x + d) - normCdf(x - d)) / (2 * d);
        assert.ok(Math.abs(slope - normPdf(x)) <= 1e-9);
        // the lower tail, where p = Φ(−|x|) carries all its digits (1 − tiny would not)
        const y = -Math.abs(x);
        assert.ok(Math.abs(normInv(normCdf(y)) - y) <= 1e-14 * Math.max(1, -y), `${x}`);
      }),
      { seed: 7, numRuns: 2000 }
    );
  });

  it("the lower tail keeps its relative precision: Φ(x)·(−x)/φ(x) = 1 − 1/x² + 3/x⁴ − … (asymptotic series to x⁻¹⁴, x = −30)", () => {
    const x = -30;
    let series = 0;
    let term = 1;
    for (let k = 0; k <= 7; k++) {
      series += term; // (−1)^k·(2k − 1)!!/x^{2k}
      term *= -(2 * k + 1) / (x * x);
    }
    assert.ok(rel((normCdf(x) * -x) / normPdf(x), series) <= 1e-14);
  });
});
