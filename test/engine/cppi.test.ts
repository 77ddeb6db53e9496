import { strict as assert } from "assert";
import fc from "fast-check";
import {
  cppiBreachThreshold,
  cppiExposure,
  cppiGapRisk,
  cppiLeverage,
  cppiValue,
} from "../../src/engine/cppi";
import { LevError } from "../../src/engine/errors";

/** |actual − expected| ≤ half a unit of the last digit shown in the source. */
function assertDigits(actual: number, expected: number, lastDigit: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= lastDigit / 2 + 1e-15 * Math.abs(expected),
    `${what}: got ${actual}, expected ${expected} (±${lastDigit / 2})`
  );
}

/** Same to a number of significant digits (for tiny probabilities). */
function assertSig(actual: number, expected: number, digits: number, what: string): void {
  const scale = Math.pow(10, Math.floor(Math.log10(Math.abs(expected))) - digits + 1);
  assertDigits(actual, expected, scale, what);
}

function throwsLev(fn: () => unknown, kind: "NUM" | "VALUE" | "NA", arg: string): void {
  assert.throws(
    fn,
    (e: unknown) =>
      e instanceof LevError && e.kind === kind && e.arg === arg && e.message.includes(arg)
  );
}

describe("engine/cppi: exposure and leverage", () => {
  it("V=100,000, F=90,000, m=5 gives E=50,000 and L=0.5 (investopedia.com/terms/c/cppi.asp, docs/references/vectors.md cppi#1)", () => {
    assert.equal(cppiExposure({ value: 100_000, floor: 90_000, multiplier: 5 }), 50_000);
    assert.equal(cppiLeverage({ value: 100_000, floor: 90_000, multiplier: 5 }), 0.5);
  });

  it("V=1M, F=850k, m=3 gives 450,000 (45%); V=1.1M → 750,000 (68.2%); V=0.95M → 300,000 (31.6%) (money365.market/glossary/cppi, docs/references/vectors.md cppi#2)", () => {
    const cases: [number, number, number][] = [
      [1_000_000, 450_000, 0.45],
      [1_100_000, 750_000, 0.682],
      [950_000, 300_000, 0.316],
    ];
    for (const [value, e, l] of cases) {
      assert.equal(cppiExposure({ value, floor: 850_000, multiplier: 3 }), e);
      assertDigits(
        cppiLeverage({ value, floor: 850_000, multiplier: 3 }),
        l,
        0.001,
        `leverage at V=${value}`
      );
    }
  });

  it("uncapped V=100, F=70, m=4 borrows: E=120, L=1.2, cash V−E=−20 (derived, docs/references/vectors.md cppi#5)", () => {
    const E = cppiExposure({ value: 100, floor: 70, multiplier: 4 });
    assert.equal(E, 120);
    assert.equal(100 - E, -20);
    assert.equal(cppiLeverage({ value: 100, floor: 70, multiplier: 4 }), 1.2);
  });

  it("cap b=2 binds for V=100, F=60, m=6: m·C=240 → E=200, L=2, cash −100 (derived, docs/references/vectors.md cppi#6)", () => {
    assert.equal(cppiExposure({ value: 100, floor: 60, multiplier: 6 }), 240);
    const E = cppiExposure({ value: 100, floor: 60, multiplier: 6, maxLeverage: 2 });
    assert.equal(E, 200);
    assert.equal(100 - E, -100);
    assert.equal(cppiLeverage({ value: 100, floor: 60, multiplier: 6, maxLeverage: 2 }), 2);
  });

  it("bond floor F0=77.8800783071 on V0=100, m=4 gives E0=88.4796867714, L=0.8848 (derived, docs/references/vectors.md cppi#8)", () => {
    const E = cppiExposure({ value: 100, floor: 77.8800783071, multiplier: 4 });
    assertDigits(E, 88.4796867714, 1e-9, "E0");
    assertDigits(
      cppiLeverage({ value: 100, floor: 77.8800783071, multiplier: 4 }),
      0.8848,
      1e-4,
      "L0"
    );
  });

  it("below the floor (V=79, F=80) exposure and leverage are 0 for any multiplier (definition, docs/references/vectors.md cppi#9)", () => {
    for (const m of [0, 1, 3, 5, 10, 100]) {
      assert.equal(cppiExposure({ value: 79, floor: 80, multiplier: m }), 0);
      assert.equal(cppiExposure({ value: 79, floor: 80, multiplier: m, maxLeverage: 3 }), 0);
      assert.equal(cppiLeverage({ value: 79, floor: 80, multiplier: m }), 0);
    }
  });

  it("min_exposure lifts the exposure but the max_leverage cap still wins", () => {
    assert.equal(cppiExposure({ value: 79, floor: 80, multiplier: 3, minExposure: 5 }), 5);
    assert.equal(cppiExposure({ value: 100, floor: 95, multiplier: 3, minExposure: 20 }), 20);
    assert.equal(cppiExposure({ value: 100, floor: 95, multiplier: 3, minExposure: 10 }), 15);
    assert.equal(
      cppiExposure({ value: 100, floor: 95, multiplier: 3, maxLeverage: 0.1, minExposure: 20 }),
      10
    );
  });

  it("decimal arithmetic: V=0.3, F=0.1, m=3 gives exactly 0.6 (float64 would give 0.6000000000000001)", () => {
    assert.equal(cppiExposure({ value: 0.3, floor: 0.1, multiplier: 3 }), 0.6);
  });

  it("rejects out-of-domain arguments with #NUM! naming the argument", () => {
    throwsLev(() => cppiExposure({ value: 0, floor: 0, multiplier: 3 }), "NUM", "value");
    throwsLev(() => cppiExposure({ value: 100, floor: -1, multiplier: 3 }), "NUM", "floor");
    throwsLev(() => cppiExposure({ value: 100, floor: 80, multiplier: -3 }), "NUM", "multiplier");
    throwsLev(
      () => cppiExposure({ value: 100, floor: 80, multiplier: 3, maxLeverage: 0 }),
      "NUM",
      "max_leverage"
    );
    throwsLev(
      () => cppiExposure({ value: 100, floor: 80, multiplier: 3, minExposure: -1 }),
      "NUM",
      "min_exposure"
    );
    throwsLev(() => cppiExposure({ value: NaN, floor: 80, multiplier: 3 }), "NUM", "value");
    throwsLev(
      () => cppiLeverage({ value: 100, floor: 80, multiplier: Infinity }),
      "NUM",
      "multiplier"
    );
  });

  it("property: exposure is never negative, never above max_leverage·V, and 0 whenever V ≤ F (fast-check, seed 20261125)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 1e-3, max: 20, noNaN: true }),
        (value, floorRatio, multiplier, maxLeverage) => {
          const floor = floorRatio * value;
          fc.pre(!(floor > 0 && floor <= 1 && value >= 10)); // a floor typed as a fraction: #VALUE! (below)
          const E = cppiExposure({ value, floor, multiplier, maxLeverage });
          assert.ok(E >= 0, `E=${E} < 0`);
          assert.ok(
            E <= maxLeverage * value * (1 + Number.EPSILON),
            `E=${E} above cap ${maxLeverage * value}`
          );
          if (value <= floor) assert.equal(E, 0);
          const L = cppiLeverage({ value, floor, multiplier, maxLeverage });
          assert.ok(
            L >= 0 &&
              L <= maxLeverage * (1 + Number.EPSILON) &&
              L <= multiplier * (1 + Number.EPSILON),
            `L=${L}`
          );
          const Eu = cppiExposure({ value, floor, multiplier });
          assert.ok(Eu >= E, "the cap can only lower exposure");
        }
      ),
      { seed: 20261125, numRuns: 500 }
    );
  });
});

describe("engine/cppi: closed form under GBM (cppiValue)", () => {
  const base = { value: 100, floor: 90, multiplier: 5, rate: 0.05, volatility: 0.2, years: 1 };

  it("V_T for S_T/S_0 = 0.5/0.8/1.0/1.2/1.5 (Bertrand–Prigent form, docs/references/vectors.md cppi#26)", () => {
    const cases: [number, number][] = [
      [0.5, 94.7859023101],
      [0.8, 96.412744643],
      [1.0, 100.1025150348],
      [1.2, 108.2705883771],
      [1.5, 136.2897822897],
    ];
    for (const [priceRatio, expected] of cases) {
      assertDigits(
        cppiValue({ ...base, priceRatio }),
        expected,
        1e-10,
        `V_T at S_T/S_0=${priceRatio}`
      );
    }
  });

  it("β = −0.6 and F_T = 94.6143986738 for the same inputs (docs/references/vectors.md cppi#26)", () => {
    // F_T: with V = F the cushion is 0, so the value is the accrued floor F·e^{rT}
    assertDigits(cppiValue({ ...base, value: 90, priceRatio: 1.3 }), 94.6143986738, 1e-10, "F_T");
    // β: at S_T = S_0, C_T = C_0·e^{βT}
    const CT = cppiValue({ ...base, priceRatio: 1 }) - 94.6143986738;
    assertDigits(Math.log(CT / 10), -0.6, 1e-9, "β");
  });

  it("E[V_T] under μ=8% is 106.8284262554 (integrating cppiValue over the lognormal S_T/S_0; docs/references/vectors.md cppi#26)", () => {
    // E[V_T] = ∫ cppiValue(exp((μ − σ²/2)T + σ√T·z)) φ(z) dz, trapezoid rule on z ∈ [−12, 12]
    // (spectrally accurate for a smooth integrand decaying like a Gaussian)
    const mu = 0.08;
    const h = 0.005;
    let sum = 0;
    for (let z = -12; z <= 12 + 1e-12; z += h) {
      const ratio = Math.exp(mu - 0.02 + 0.2 * z);
      sum += cppiValue({ ...base, priceRatio: ratio }) * Math.exp((-z * z) / 2);
    }
    const mean = (sum * h) / Math.sqrt(2 * Math.PI);
    assertDigits(mean, 106.8284262554, 1e-9, "E[V_T]");
  });

  it("σ=80%, m=4, flat market: β = −3.90/yr and the cushion goes 20 → 0.405 in a year (docs/references/cppi.md §2/§4, docs/references/vectors.md cppi#27)", () => {
    // cppi#27's β = −(m−1)(r + mσ²/2) = −3.90 implies r = 2% (−3·(0.02 + 1.28))
    const v = cppiValue({
      value: 100,
      floor: 80,
      multiplier: 4,
      rate: 0.02,
      volatility: 0.8,
      years: 1,
      priceRatio: 1,
    });
    const cushion = v - 80 * Math.exp(0.02);
    assertDigits(cushion, 0.405, 0.001, "cushion");
    assertDigits(Math.log(cushion / 20), -3.9, 0.01, "β");
  });

  it("at or below the floor the strategy is all cash: V_T = V·e^{rT}", () => {
    assert.equal(cppiValue({ ...base, value: 80, priceRatio: 3 }), 80 * Math.exp(0.05));
  });

  it("rejects bad inputs naming the argument; an overflowing value is #N/A, never Infinity", () => {
    throwsLev(() => cppiValue({ ...base, value: -1, priceRatio: 1 }), "NUM", "value");
    throwsLev(() => cppiValue({ ...base, floor: -1, priceRatio: 1 }), "NUM", "floor");
    throwsLev(() => cppiValue({ ...base, multiplier: -1, priceRatio: 1 }), "NUM", "multiplier");
    throwsLev(() => cppiValue({ ...base, rate: NaN, priceRatio: 1 }), "NUM", "rate");
    throwsLev(() => cppiValue({ ...base, volatility: -0.2, priceRatio: 1 }), "NUM", "volatility");
    throwsLev(() => cppiValue({ ...base, years: -1, priceRatio: 1 }), "NUM", "years");
    throwsLev(() => cppiValue({ ...base, priceRatio: 0 }), "NUM", "price_ratio");
    throwsLev(
      () => cppiValue({ ...base, multiplier: 500, volatility: 0, priceRatio: 10 }),
      "NA",
      "price_ratio"
    );
  });
});

describe("engine/cppi: gap risk with discrete rebalancing (cppiGapRisk)", () => {
  it("breach threshold K = 0.8 (m=5, r=0) and 0.6683354184 (m=3, r=3%, Δt=1/12) (BBM setup, docs/references/vectors.md cppi#29)", () => {
    assertDigits(
      cppiBreachThreshold({ multiplier: 5, rebalanceIntervalYears: 1 / 12 }),
      0.8,
      1e-10,
      "K m=5"
    );
    assertDigits(
      cppiBreachThreshold({ multiplier: 3, rate: 0.03, rebalanceIntervalYears: 1 / 12 }),
      0.6683354184,
      1e-10,
      "K m=3"
    );
  });

  it("cppiGapRisk breaches exactly at that threshold: p = 1/2 when the median gross return is K, and with σ=0 the breach flips at K (docs/references/vectors.md cppi#29)", () => {
    const sigma = 0.15;
    const dt = 1 / 12;
    // median of S_{Δt}/S_0 is exp((μ − σ²/2)Δt); set it to K = 0.6683354184
    const driftAtK = Math.log(0.6683354184) / dt + (sigma * sigma) / 2;
    const p = cppiGapRisk({
      multiplier: 3,
      volatility: sigma,
      rebalanceIntervalYears: dt,
      years: dt,
      drift: driftAtK,
      rate: 0.03,
    });
    assertDigits(p, 0.5, 2e-9, "p at K");
    const lnK = Math.log(0.8);
    assert.equal(
      cppiGapRisk({
        multiplier: 5,
        volatility: 0,
        rebalanceIntervalYears: dt,
        years: dt,
        drift: (lnK - 1e-9) / dt,
      }),
      1
    );
    assert.equal(
      cppiGapRisk({
        multiplier: 5,
        volatility: 0,
        rebalanceIntervalYears: dt,
        years: dt,
        drift: (lnK + 1e-9) / dt,
      }),
      0
    );
  });

  it("reproduces the σ=80%, μ=r=0 table of docs/references/cppi.md §3.1 (derived; weekly = 7 days, monthly = 30 days, 1y = whole periods)", () => {
    // [m, Δt, whole periods in the year, p per period, P(breach within the year)]
    const rows: [number, number, number, number, number][] = [
      [5, 1 / 365, 365, 5.54e-8, 2.02e-5],
      [5, 7 / 365, 52, 2.507e-2, 0.7329],
      [5, 30 / 365, 12, 0.1954, 0.9264],
      [8, 1 / 365, 365, 7.68e-4, 0.2444],
      [10, 1 / 365, 365, 6.29e-3, 0.9002],
    ];
    for (const [m, dt, N, p, P] of rows) {
      const base = { multiplier: m, volatility: 0.8, rebalanceIntervalYears: dt };
      const sig = (x: number) => (x < 0.1 ? 3 : 4);
      assertSig(cppiGapRisk({ ...base, years: dt }), p, sig(p), `p m=${m} Δt=${dt}`);
      assertSig(cppiGapRisk({ ...base, years: N * dt }), P, 3, `P m=${m} Δt=${dt}`);
    }
    // hourly m=5: ≈1.7e−150 per period — the normal tail keeps its relative precision
    assertSig(
      cppiGapRisk({
        multiplier: 5,
        volatility: 0.8,
        rebalanceIntervalYears: 1 / 8760,
        years: 1 / 8760,
      }),
      1.7e-150,
      2,
      "p hourly"
    );
  });

  it("EDHEC defaults (m=3, μ=7%, σ=15%, r=3%, monthly) give p ≈ 2.3e−21 per month (docs/references/cppi.md §3.1)", () => {
    const p = cppiGapRisk({
      multiplier: 3,
      volatility: 0.15,
      rebalanceIntervalYears: 1 / 12,
      years: 1 / 12,
      drift: 0.07,
      rate: 0.03,
    });
    assertSig(p, 2.3e-21, 2, "p EDHEC");
  });

  it("no breach is possible for m ≤ 1 or a zero horizon", () => {
    assert.equal(cppiGapRisk({ multiplier: 1, volatility: 2, rebalanceIntervalYears: 1 }), 0);
    assert.equal(cppiGapRisk({ multiplier: 0.5, volatility: 2, rebalanceIntervalYears: 1 }), 0);
    assert.equal(
      cppiGapRisk({ multiplier: 5, volatility: 0.8, rebalanceIntervalYears: 1 / 12, years: 0 }),
      0
    );
  });

  it("rejects bad inputs with #NUM! naming the argument", () => {
    const ok = { multiplier: 5, volatility: 0.8, rebalanceIntervalYears: 1 / 365 };
    throwsLev(() => cppiGapRisk({ ...ok, multiplier: -1 }), "NUM", "multiplier");
    throwsLev(() => cppiGapRisk({ ...ok, volatility: -0.1 }), "NUM", "volatility");
    throwsLev(
      () => cppiGapRisk({ ...ok, rebalanceIntervalYears: 0 }),
      "NUM",
      "rebalance_interval_years"
    );
    throwsLev(() => cppiGapRisk({ ...ok, years: -1 }), "NUM", "years");
    throwsLev(() => cppiGapRisk({ ...ok, drift: NaN }), "NUM", "drift");
    throwsLev(() => cppiGapRisk({ ...ok, rate: Infinity }), "NUM", "rate");
  });

  it("property: a probability in [0, 1], increasing in the multiplier and in the horizon (fast-check, seed 7)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.01, max: 20, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.double({ min: 1e-4, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        (m, sigma, dt, years, drift, rate) => {
          fc.pre(years === 0 || dt <= years); // an interval longer than the horizon: #VALUE! (below)
          const P = cppiGapRisk({
            multiplier: m,
            volatility: sigma,
            rebalanceIntervalYears: dt,
            years,
            drift,
            rate,
          });
          assert.ok(P >= 0 && P <= 1, `P=${P}`);
          const Pm = cppiGapRisk({
            multiplier: m * 1.5,
            volatility: sigma,
            rebalanceIntervalYears: dt,
            years,
            drift,
            rate,
          });
          assert.ok(Pm >= P - 1e-12, `higher multiplier lowered P: ${Pm} < ${P}`);
          const Py = cppiGapRisk({
            multiplier: m,
            volatility: sigma,
            rebalanceIntervalYears: dt,
            years: years + dt,
            drift,
            rate,
          });
          assert.ok(Py >= P - 1e-12, `longer horizon lowered P: ${Py} < ${P}`);
        }
      ),
      { seed: 7, numRuns: 300 }
    );
  });
});
