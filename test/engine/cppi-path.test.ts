import { strict as assert } from "assert";
import fc from "fast-check";
import {
  CPPI_PATH_COLUMNS,
  CPPI_PATH_OPTION_KEYS,
  CPPI_PATH_OPTION_NAMES,
  cppiPath,
  runCppiPath,
  type CppiPathOptions,
} from "../../src/engine/cppi-path";
import { cppiExposure } from "../../src/engine/cppi";
import { LevError } from "../../src/engine/errors";
import type { Table } from "../../src/engine/types";

function col(t: Table, name: string): number[] {
  const j = t.columns.indexOf(name);
  assert.ok(j >= 0, `no column ${name}`);
  return t.rows.map((r) => r[j] as number);
}

function assertClose(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: got ${actual}, expected ${expected} (±${tol})`
  );
}

function throwsLev(fn: () => unknown, kind: "NUM" | "VALUE" | "NA", arg: string): void {
  assert.throws(
    fn,
    (e: unknown) =>
      e instanceof LevError &&
      e.kind === kind &&
      e.arg === arg &&
      e.message.includes(arg.replace("options", ""))
  );
}

describe("engine/cppi-path: LEV.CPPI.PATH", () => {
  it("has the documented columns, and option names matching the spec", () => {
    const t = cppiPath({ returns: [0.01], multiplier: 3, floorFraction: 0.8 });
    assert.deepEqual(t.columns, [...CPPI_PATH_COLUMNS]);
    assert.deepEqual(t.columns, [
      "period",
      "risky_return",
      "floor",
      "cushion",
      "exposure",
      "leverage",
      "cash",
      "cost",
      "value",
      "risky_value",
    ]);
    assert.deepEqual(
      [...CPPI_PATH_OPTION_NAMES],
      [
        "start_value",
        "safe_rate_per_period",
        "borrow_rate_per_period",
        "floor_rate_per_period",
        "drawdown",
        "max_leverage",
        "rebalance_every",
        "cost_rate",
        "input",
        "step",
        "rows",
      ]
    );
    assert.equal(CPPI_PATH_OPTION_KEYS.rebalance_every, "rebalanceEvery");
  });

  it('a return column whose every value is above 1 is prices given without input "prices": #VALUE! saying to add the option (issue #14)', () => {
    throwsLev(
      () => cppiPath({ returns: [100, 110, 105], multiplier: 3, floorFraction: 0.8 }),
      "VALUE",
      "returns"
    );
    assert.throws(
      () => cppiPath({ returns: [100, 110, 105], multiplier: 3, floorFraction: 0.8 }),
      /add the option "input","prices"/
    );
    // with the option it is the price path: returns +10%, −4.545%
    const t = cppiPath({
      returns: [100, 110, 105],
      multiplier: 3,
      floorFraction: 0.8,
      options: { input: "prices" },
    });
    assert.equal(t.rows.length, 2);
    // one value above 1 (+150% in one period) is possible: not taken for prices
    assert.equal(cppiPath({ returns: [1.5], multiplier: 3, floorFraction: 0.8 }).rows.length, 1);
    assert.equal(
      cppiPath({ returns: [1.5, 0.2], multiplier: 3, floorFraction: 0.8 }).rows.length,
      2
    );
  });

  it("options step and rows sample the output rows of the full path (every k-th period and the last; the last only)", () => {
    const returns = Array.from({ length: 10 }, (_, i) => 0.01 * Math.sin(i + 1));
    const full = cppiPath({ returns, multiplier: 3, floorFraction: 0.8 });
    const every4 = cppiPath({ returns, multiplier: 3, floorFraction: 0.8, options: { step: 4 } });
    assert.deepEqual(
      every4.rows.map((r) => r[0]),
      [1, 5, 9, 10]
    );
    assert.deepEqual(every4.rows, [full.rows[0], full.rows[4], full.rows[8], full.rows[9]]);
    const last = cppiPath({
      returns,
      multiplier: 3,
      floorFraction: 0.8,
      options: { rows: "last" },
    });
    assert.deepEqual(last.rows, [full.rows[9]]);
    throwsLev(
      () => cppiPath({ returns, multiplier: 3, floorFraction: 0.8, options: { step: 0 } }),
      "NUM",
      "step"
    );
    throwsLev(
      () => cppiPath({ returns, multiplier: 3, floorFraction: 0.8, options: { rows: "first" } }),
      "VALUE",
      "rows"
    );
  });

  describe("EDHEC risk kit run_cppi, 5 periods (docs/references/vectors.md cppi#10, docs/references/cppi.md §5.1)", () => {
    // R=[+10%, −5%, −20%, +15%, +5%], safe 0.25%/period, m=3, start=1000, floor=0.8; default max_leverage 1
    const t = cppiPath({
      returns: [0.1, -0.05, -0.2, 0.15, 0.05],
      multiplier: 3,
      floorFraction: 0.8,
      options: { safeRatePerPeriod: 0.0025 },
    });

    it("risky allocation w = [0.6, 0.7379830349, 0.6529150306, 0.3030837468, 0.4246526394]", () => {
      const w = [0.6, 0.7379830349, 0.6529150306, 0.3030837468, 0.4246526394];
      col(t, "leverage").forEach((x, i) => assertClose(x, w[i], 5e-11, `w[${i}]`));
    });

    it("Wealth = [1061, 1022.545, 889.905275, 931.913122375, 953.0405251194] and risky wealth 1009.47", () => {
      const wealth = [1061, 1022.545, 889.905275, 931.913122375, 953.0405251194];
      col(t, "value").forEach((x, i) => assertClose(x, wealth[i], 1e-9, `Wealth[${i}]`));
      assertClose(col(t, "risky_value")[4], 1009.47, 1e-9, "risky wealth");
    });

    it("step 2 in dollars: E = 3·(1061 − 800) = 783, safe = 278; the floor stays 800 (never accrues)", () => {
      assertClose(col(t, "exposure")[1], 783, 1e-9, "E step 2");
      assertClose(col(t, "cash")[1], 278, 1e-9, "safe step 2");
      assert.deepEqual(col(t, "floor"), [800, 800, 800, 800, 800]);
      // EDHEC's Risk Budget is the cushion as a fraction of the account: 0.2 at step 1
      assertClose(col(t, "cushion")[0] / 1000, 0.2, 1e-15, "risk budget step 1");
    });
  });

  describe("NMOF CPPI(), gap = 1 (docs/references/vectors.md cppi#21, port of cran/NMOF R/CPPIgap.R, docs/references/cppi.md §5.2)", () => {
    // S=[100, 110, 104.5, 83.6, 96.14, 100.947], multiplier 3, floor 0.8 paid at tau=5/12, r=0.03.
    // NMOF's bond floor F_t = 0.8·e^{−r·tau·(1 − t/T)} is floor_fraction = 0.8·e^{−r·tau} accruing at e^{rΔt} − 1
    // per period; cash earns the same. A 6th (arbitrary) price adds a row whose start-of-period floor and
    // E/V are NMOF's values at t = 5.
    const r = 0.03;
    const tau = 5 / 12;
    const perPeriod = Math.expm1((r * tau) / 5);
    const t = cppiPath({
      returns: [100, 110, 104.5, 83.6, 96.14, 100.947, 100],
      multiplier: 3,
      floorFraction: 0.8 * Math.exp(-r * tau),
      options: {
        input: "prices",
        startValue: 1,
        safeRatePerPeriod: perPeriod,
        floorRatePerPeriod: perPeriod,
      },
    });

    it("F = [0.7900622404 … 0.8]", () => {
      const F = col(t, "floor");
      assertClose(F[0], 0.7900622404, 5e-11, "F_0");
      assertClose(F[5], 0.8, 1e-12, "F_5");
    });

    it("V = [1, 1.0639079525, 1.0237492755, 0.8867506449, 0.9291221862, 0.9501312229]", () => {
      const V = [1.0639079525, 1.0237492755, 0.8867506449, 0.9291221862, 0.9501312229];
      const start = col(t, "exposure")[0] + col(t, "cash")[0];
      assertClose(start, 1, 1e-15, "V_0");
      V.forEach((v, i) => assertClose(col(t, "value")[i], v, 5e-11, `V_${i + 1}`));
    });

    it("E/V = [0.629813, 0.766612, 0.673193, 0.306988, 0.423366, 0.474033]", () => {
      const L = [0.629813, 0.766612, 0.673193, 0.306988, 0.423366, 0.474033];
      L.forEach((l, i) => assertClose(col(t, "leverage")[i], l, 5e-7, `E/V at t=${i}`));
    });
  });

  it("bond floor G=100, r=5%, T=5 on V0=100, m=4: E0=88.4796867714, L=0.8848, F(t=1)=81.8730753078 (derived, docs/references/vectors.md cppi#8)", () => {
    const t = cppiPath({
      returns: [0.02, 0.01],
      multiplier: 4,
      floorFraction: Math.exp(-0.05 * 5),
      options: {
        startValue: 100,
        floorRatePerPeriod: Math.expm1(0.05),
        safeRatePerPeriod: Math.expm1(0.05),
        maxLeverage: 4,
      },
    });
    assertClose(col(t, "floor")[0], 77.8800783071, 5e-11, "F0");
    assertClose(col(t, "cushion")[0], 22.1199216929, 5e-11, "C0");
    assertClose(col(t, "exposure")[0], 88.4796867714, 5e-10, "E0");
    assertClose(col(t, "leverage")[0], 0.8848, 5e-5, "L0");
    assertClose(col(t, "floor")[1], 81.8730753078, 5e-11, "F(t=1)");
  });

  it("levered exposure: V=100, F=70, m=4 → E=120, L=1.2, cash −20; borrow rate applies to negative cash (docs/references/vectors.md cppi#5)", () => {
    const t = cppiPath({
      returns: [0],
      multiplier: 4,
      floorFraction: 0.7,
      options: {
        startValue: 100,
        maxLeverage: 2,
        safeRatePerPeriod: 0.005,
        borrowRatePerPeriod: 0.01,
      },
    });
    assert.equal(col(t, "exposure")[0], 120);
    assert.equal(col(t, "leverage")[0], 1.2);
    assert.equal(col(t, "cash")[0], -20);
    assertClose(col(t, "value")[0], 120 - 20 * 1.01, 1e-12, "V1 = 120 − 20·1.01");
  });

  it("cap: V=100, F=60, m=6, max_leverage 2 → E=200, L=2, cash −100 (docs/references/vectors.md cppi#6)", () => {
    const t = cppiPath({
      returns: [0.05],
      multiplier: 6,
      floorFraction: 0.6,
      options: { startValue: 100, maxLeverage: 2 },
    });
    assert.equal(col(t, "exposure")[0], 200);
    assert.equal(col(t, "leverage")[0], 2);
    assert.equal(col(t, "cash")[0], -100);
    assertClose(col(t, "value")[0], 200 * 1.05 - 100, 1e-12, "V1");
  });

  it("default max_leverage 1: no borrowing even when m·C > V", () => {
    const t = cppiPath({
      returns: [0.1, 0.1],
      multiplier: 6,
      floorFraction: 0.6,
      options: { startValue: 100 },
    });
    assert.equal(col(t, "exposure")[0], 100);
    assert.equal(col(t, "cash")[0], 0);
  });

  it("below the floor exposure is 0 and comes back when the value recovers above it (EDHEC: no cash-lock state)", () => {
    // start 100, floor 80, m 3, cash earns 20%: period 1 E=60, cash 40; R=−50% → V1 = 30 + 48 = 78 < 80;
    // period 2 E=0, V2 = 78·1.2 = 93.6; period 3 E = 3·(93.6 − 80) = 40.8
    const t = cppiPath({
      returns: [-0.5, 0.3, 0.1],
      multiplier: 3,
      floorFraction: 0.8,
      options: { startValue: 100, safeRatePerPeriod: 0.2 },
    });
    const E = col(t, "exposure");
    assert.equal(E[0], 60);
    assert.equal(E[1], 0); // V=70 ≤ F=80 (docs/references/vectors.md cppi#9: below floor → E=0)
    assert.ok(col(t, "cushion")[1] < 0);
    assertClose(E[2], 40.8, 1e-12, "E after recovery");
  });

  it("costs: cost_rate on traded exposure, paid at the end of the period (hand computation)", () => {
    // start 1000, F 800, m 3, c 1%: period 1 buys E=600 → cost 6, V1 = 660 + 400 − 6 = 1054;
    // period 2: C=254, E=762, drifted 660 → cost 1.02, V2 = 762 + 292 − 1.02 = 1052.98
    const t = cppiPath({
      returns: [0.1, 0],
      multiplier: 3,
      floorFraction: 0.8,
      options: { costRate: 0.01 },
    });
    assertClose(col(t, "cost")[0], 6, 1e-12, "cost 1");
    assertClose(col(t, "value")[0], 1054, 1e-9, "V1");
    assertClose(col(t, "exposure")[1], 762, 1e-9, "E2");
    assertClose(col(t, "cost")[1], 1.02, 1e-12, "cost 2");
    assertClose(col(t, "value")[1], 1052.98, 1e-9, "V2");
  });

  it("rebalance_every 3: between rebalances the risky holding drifts and nothing is traded", () => {
    const R = [0.1, -0.05, 0.2, -0.1, 0.05, 0.03];
    const t = cppiPath({
      returns: R,
      multiplier: 4,
      floorFraction: 0.8,
      options: { rebalanceEvery: 3, costRate: 0.001, maxLeverage: 3 },
    });
    const E = col(t, "exposure");
    const cost = col(t, "cost");
    for (const k of [1, 2, 4, 5]) {
      assertClose(E[k], E[k - 1] * (1 + R[k - 1]), 1e-9, `drifted E[${k}]`);
      assert.equal(cost[k], 0);
    }
    const V3 = col(t, "value")[2];
    assertClose(
      E[3],
      cppiExposure({ value: V3, floor: 800, multiplier: 4, maxLeverage: 3 }),
      1e-9,
      "rebalanced E[3]"
    );
  });

  it("drawdown: floor = (1 − d)·running peak including the current value, floor_fraction ignored (EDHEC drawdown)", () => {
    const R = [0.1, -0.05, 0.2, -0.3, 0.1, 0.05];
    const d = 0.25;
    const t = cppiPath({
      returns: R,
      multiplier: 1 / d,
      floorFraction: 0.9,
      options: { drawdown: d },
    });
    const V = col(t, "value");
    const F = col(t, "floor");
    const L = col(t, "leverage");
    let peak = 1000;
    for (let k = 0; k < R.length; k++) {
      const start = k === 0 ? 1000 : V[k - 1];
      const newPeak = start >= peak;
      peak = Math.max(peak, start);
      assertClose(F[k], (1 - d) * peak, 1e-9, `floor[${k}]`);
      // with m = 1/d the strategy is 100% risky at every new peak (docs/references/cppi.md §1.2 item 5)
      if (newPeak) assertClose(L[k], 1, 1e-12, `w at new peak ${k}`);
    }
  });

  it('input "prices" equals the same path given as returns', () => {
    const P = [50, 55, 52, 60, 58];
    const R = P.slice(1).map((p, i) => p / P[i] - 1);
    const a = cppiPath({
      returns: P,
      multiplier: 3,
      floorFraction: 0.8,
      options: { input: "Prices" },
    });
    const b = cppiPath({ returns: R, multiplier: 3, floorFraction: 0.8 });
    assert.deepEqual(a, b);
  });

  it("wiped out with leverage: value ≤ 0 forces exposure 0 and every cell stays finite", () => {
    // start 1000, F 900, m 20, b 20 → E=2000, cash −1000 at 1% → V1 = 2000·0.4 − 1010 = −210
    const t = cppiPath({
      returns: [-0.6, 0.5, 0.1],
      multiplier: 20,
      floorFraction: 0.9,
      options: { maxLeverage: 20, borrowRatePerPeriod: 0.01 },
    });
    assertClose(col(t, "value")[0], -210, 1e-9, "V1");
    assert.equal(col(t, "exposure")[1], 0);
    assert.equal(col(t, "leverage")[1], 0);
    assertClose(col(t, "value")[1], -212.1, 1e-9, "V2 = −210·1.01");
    for (const row of t.rows) for (const x of row) assert.ok(Number.isFinite(x as number));
  });

  it("accepts a Float64Array and never mutates its input; runCppiPath gives the same numbers in columns", () => {
    const R = new Float64Array([0.01, -0.02, 0.03]);
    const copy = Float64Array.from(R);
    const t = cppiPath({ returns: R, multiplier: 3, floorFraction: 0.8 });
    assert.deepEqual(R, copy);
    const c = runCppiPath({ returns: R, multiplier: 3, floorFraction: 0.8 });
    CPPI_PATH_COLUMNS.forEach((name) => assert.deepEqual(Array.from(c[name]), col(t, name)));
  });

  it("handles 100,000 returns (long path, one pass)", () => {
    const n = 100_000;
    const R = new Float64Array(n);
    for (let i = 0; i < n; i++) R[i] = 0.02 * Math.sin(i * 0.7);
    const t = cppiPath({
      returns: R,
      multiplier: 4,
      floorFraction: 0.8,
      options: { maxLeverage: 3, costRate: 0.0005 },
    });
    assert.equal(t.rows.length, n);
    assert.equal(t.rows[n - 1][0], n);
    assert.ok(Number.isFinite(t.rows[n - 1][8] as number));
  });

  describe("validation", () => {
    const ok = { returns: [0.01, 0.02], multiplier: 3, floorFraction: 0.8 };
    it("#NUM! for out-of-domain numbers, naming the argument", () => {
      throwsLev(() => cppiPath({ ...ok, multiplier: -1 }), "NUM", "multiplier");
      throwsLev(() => cppiPath({ ...ok, floorFraction: -0.1 }), "NUM", "floor_fraction");
      throwsLev(() => cppiPath({ ...ok, returns: [0.1, -1] }), "NUM", "returns");
      throwsLev(
        () => cppiPath({ ...ok, returns: [100, 0], options: { input: "prices" } }),
        "NUM",
        "returns"
      );
      const bad: [keyof CppiPathOptions, number, string][] = [
        ["startValue", 0, "start_value"],
        ["safeRatePerPeriod", -1, "safe_rate_per_period"],
        ["borrowRatePerPeriod", -2, "borrow_rate_per_period"],
        ["floorRatePerPeriod", -1, "floor_rate_per_period"],
        ["drawdown", 1.5, "drawdown"],
        ["maxLeverage", 0, "max_leverage"],
        ["rebalanceEvery", 1.5, "rebalance_every"],
        ["rebalanceEvery", 0, "rebalance_every"],
        ["costRate", 1, "cost_rate"],
        ["costRate", NaN, "cost_rate"],
      ];
      for (const [key, v, name] of bad)
        throwsLev(() => cppiPath({ ...ok, options: { [key]: v } }), "NUM", name);
    });
    it("#VALUE! for a bad option value, an unknown option, blanks or an empty series", () => {
      throwsLev(() => cppiPath({ ...ok, options: { input: "foo" } }), "VALUE", "input");
      throwsLev(
        () => cppiPath({ ...ok, options: { startValue: "1000" as unknown as number } }),
        "VALUE",
        "start_value"
      );
      throwsLev(
        () => cppiPath({ ...ok, options: { fee: 1 } as unknown as CppiPathOptions }),
        "VALUE",
        "options"
      );
      throwsLev(() => cppiPath({ ...ok, returns: [0.1, NaN] }), "VALUE", "returns");
      throwsLev(
        () => cppiPath({ ...ok, returns: [0.1, undefined as unknown as number] }),
        "VALUE",
        "returns"
      );
      throwsLev(() => cppiPath({ ...ok, returns: [] }), "VALUE", "returns");
      throwsLev(
        () => cppiPath({ ...ok, returns: [100], options: { input: "prices" } }),
        "VALUE",
        "returns"
      );
    });
    it("#N/A when the path overflows a number", () => {
      throwsLev(
        // (one return ≤ 1 first: a series of values all above 1 is taken for prices, test below)
        () =>
          cppiPath({
            returns: [0, ...new Array(1999).fill(1e10)],
            multiplier: 3,
            floorFraction: 0,
          }),
        "NA",
        "returns"
      );
    });
  });

  describe("properties (fast-check, seeded)", () => {
    const returnsArb = fc.array(fc.double({ min: -0.6, max: 0.6, noNaN: true }), {
      minLength: 1,
      maxLength: 60,
    });

    it("exposure is never negative nor above max_leverage × start-of-period value; 0 when value ≤ floor (seed 11)", () => {
      fc.assert(
        fc.property(
          returnsArb,
          fc.double({ min: 0, max: 12, noNaN: true }),
          fc.double({ min: 0, max: 1.2, noNaN: true }),
          fc.double({ min: 0.1, max: 5, noNaN: true }),
          fc.integer({ min: 1, max: 4 }),
          fc.double({ min: 0, max: 0.01, noNaN: true }),
          (returns, m, f, b, every, c) => {
            const t = cppiPath({
              returns,
              multiplier: m,
              floorFraction: f,
              options: {
                maxLeverage: b,
                rebalanceEvery: every,
                costRate: c,
                safeRatePerPeriod: 0.001,
              },
            });
            const E = col(t, "exposure");
            const cash = col(t, "cash");
            const C = col(t, "cushion");
            for (let k = 0; k < E.length; k++) {
              const V = E[k] + cash[k];
              assert.ok(E[k] >= 0, `E<0 at ${k}`);
              if (k % every === 0) {
                assert.ok(E[k] <= b * Math.max(V, 0) * (1 + 1e-12), `E above cap at ${k}`);
                if (C[k] <= 0) assert.equal(E[k], 0, `E>0 below floor at ${k}`);
              }
            }
            for (const row of t.rows) for (const x of row) assert.ok(Number.isFinite(x as number));
          }
        ),
        { seed: 11, numRuns: 300 }
      );
    });

    it("multiplier 0 keeps everything in cash: exposure 0, value = start·(1 + safe)^k (seed 12)", () => {
      fc.assert(
        fc.property(
          returnsArb,
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: -0.01, max: 0.02, noNaN: true }),
          (returns, f, rs) => {
            const t = cppiPath({
              returns,
              multiplier: 0,
              floorFraction: f,
              options: { safeRatePerPeriod: rs, maxLeverage: 3 },
            });
            const V = col(t, "value");
            col(t, "exposure").forEach((e) => assert.equal(e, 0));
            col(t, "leverage").forEach((l) => assert.equal(l, 0));
            V.forEach((v, k) =>
              assertClose(
                v,
                1000 * Math.pow(1 + rs, k + 1),
                1e-9 * 1000 * Math.pow(1 + rs, k + 1),
                `V[${k}]`
              )
            );
          }
        ),
        { seed: 12, numRuns: 200 }
      );
    });

    it("with max_leverage 1 the path is the EDHEC recursion account·w·(1+R) + account·(1−w)·(1+safe), w = clip(m·(A−F)/A, 0, 1) (seed 13)", () => {
      fc.assert(
        fc.property(
          returnsArb,
          fc.double({ min: 0, max: 8, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (returns, m, f) => {
            const t = cppiPath({
              returns,
              multiplier: m,
              floorFraction: f,
              options: { safeRatePerPeriod: 0.0025 },
            });
            let account = 1000;
            const floorValue = 1000 * f;
            const V = col(t, "value");
            const W = col(t, "leverage");
            returns.forEach((R, k) => {
              const w = Math.min(Math.max((m * (account - floorValue)) / account, 0), 1);
              account = account * w * (1 + R) + account * (1 - w) * 1.0025;
              assertClose(W[k], w, 1e-12, `w[${k}]`);
              assertClose(V[k], account, 1e-10 * account, `Wealth[${k}]`);
            });
          }
        ),
        { seed: 13, numRuns: 200 }
      );
    });
  });
});
