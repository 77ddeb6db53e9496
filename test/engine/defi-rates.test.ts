// Aave v3 and Compound v3 rate curves, APR ↔ APY (src/engine/defi-rates.ts).
// Vectors: docs/references/funding-defi.md §3 (fdp#FC-…); formulas and parameter sets: §2.1–§2.4.
import { strict as assert } from "assert";
import fc from "fast-check";
import {
  SECONDS_PER_YEAR,
  aaveCompoundedInterest,
  apr,
  apy,
  rateAave,
  rateComet,
} from "../../src/engine/defi-rates";
import { isLev } from "./liq-helpers";

function near(actual: number, expected: number, rel: number, abs = 0): void {
  const tol = Math.max(abs, rel * Math.abs(expected));
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${actual} vs ${expected} (tolerance ${tol.toExponential(2)})`
  );
}

/** Aave v3 Ethereum Core WETH (state at 2024-09-11), funding-defi.md §2.3: U* 90%, R0 0, S1 2.7%, S2 80%, RF 15%. */
const WETH = { optimal: 0.9, base: 0, slope1: 0.027, slope2: 0.8, reserveFactor: 0.15 };
const borrowAt = (utilization: number) => rateAave({ utilization, ...WETH });
const supplyAt = (utilization: number) => rateAave({ utilization, ...WETH, side: "supply" });

/** cUSDCv3 launch configuration, funding-defi.md §2.3. */
const COMET_SUPPLY = { kink: 0.8, base: 0, slopeLow: 0.0325, slopeHigh: 0.4 };
const COMET_BORROW = { kink: 0.8, base: 0.015, slopeLow: 0.035, slopeHigh: 0.25 };

describe("engine/defi-rates: Aave v3 (docs/references/funding-defi.md §2.1)", () => {
  it("fdp#FC-25: WETH at U = 80%: borrow 2.4%, supply 1.632%", () => {
    near(borrowAt(0.8), 0.024, 1e-12);
    near(supplyAt(0.8), 0.01632, 1e-12);
  });
  it("fdp#FC-26: WETH at U = 95% (past the kink): borrow 42.7%, supply 34.48025%", () => {
    near(borrowAt(0.95), 0.427, 1e-12);
    near(supplyAt(0.95), 0.3448025, 1e-12);
  });
  it("fdp#FC-27: WETH at U = 100%: borrow R0 + S1 + S2 = 82.7%", () => {
    near(borrowAt(1), 0.827, 1e-12);
  });
  it("fdp#FC-29: wstETH Core 2025-07 set (80% / 0 / 1% / 40%, RF 35%) at U = 30%: borrow 0.375%, supply 0.073125%", () => {
    const wst = { optimal: 0.8, base: 0, slope1: 0.01, slope2: 0.4, reserveFactor: 0.35 };
    near(rateAave({ utilization: 0.3, ...wst }), 0.00375, 1e-12);
    near(rateAave({ utilization: 0.3, ...wst, side: "supply" }), 0.00073125, 1e-12);
    // §2.4: U = 85% → borrow 11%, supply 6.0775%
    near(rateAave({ utilization: 0.85, ...wst }), 0.11, 1e-12);
    near(rateAave({ utilization: 0.85, ...wst, side: "supply" }), 0.060775, 1e-12);
  });
  it("fdp#FC-30: USDC 2024-09 set (92% / 0 / 5.5% / 60%) at U = 90%: 5.3804348%; at 96%: 35.5% (§2.4)", () => {
    const usdc = { optimal: 0.92, base: 0, slope1: 0.055, slope2: 0.6 };
    near(rateAave({ utilization: 0.9, ...usdc }), 0.05380434782608696, 1e-9);
    near(rateAave({ utilization: 0.96, ...usdc }), 0.355, 1e-12);
  });
  it("§2.4 table: WETH borrow and supply APR at U = 0.5, 0.9, 1.0", () => {
    near(borrowAt(0.5), 0.015, 1e-12);
    near(supplyAt(0.5), 0.006375, 1e-12);
    near(borrowAt(0.9), 0.027, 1e-12);
    near(supplyAt(0.9), 0.020655, 1e-12);
    near(supplyAt(1), 0.70295, 1e-12);
  });
  it("the curve is continuous at the kink, non-decreasing in U, and supply ≤ borrow (seeded)", () => {
    near(borrowAt(0.9), borrowAt(0.9 + 1e-12), 1e-9);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          return borrowAt(lo) <= borrowAt(hi) + 1e-15 && supplyAt(hi) <= borrowAt(hi);
        }
      ),
      { seed: 21, numRuns: 500 }
    );
  });
  it("reserve factor 0 and side borrow are the defaults", () => {
    const noRf = { optimal: 0.9, base: 0, slope1: 0.027, slope2: 0.8 };
    assert.equal(
      rateAave({ utilization: 0.8, ...noRf }),
      rateAave({ utilization: 0.8, ...noRf, reserveFactor: 0, side: "borrow" })
    );
    near(rateAave({ utilization: 0.8, ...noRf, side: "supply" }), 0.024 * 0.8, 1e-12);
  });
});

describe("engine/defi-rates: Compound v3 Comet (docs/references/funding-defi.md §2.4)", () => {
  it("fdp#FC-32: cUSDCv3 launch curves at U = 50%: supply 1.625%, borrow 3.25%", () => {
    near(rateComet({ utilization: 0.5, ...COMET_SUPPLY }), 0.01625, 1e-12);
    near(rateComet({ utilization: 0.5, ...COMET_BORROW }), 0.0325, 1e-12);
  });
  it("fdp#FC-33: at U = 90%: supply 6.6%, borrow 6.8%", () => {
    near(rateComet({ utilization: 0.9, ...COMET_SUPPLY }), 0.066, 1e-12);
    near(rateComet({ utilization: 0.9, ...COMET_BORROW }), 0.068, 1e-12);
  });
  it("§2.4 table: at the kink (U = 80%): supply 2.6%, borrow 4.3%", () => {
    near(rateComet({ utilization: 0.8, ...COMET_SUPPLY }), 0.026, 1e-12);
    near(rateComet({ utilization: 0.8, ...COMET_BORROW }), 0.043, 1e-12);
  });
});

describe("engine/defi-rates: APR ↔ APY (docs/references/funding-defi.md §2.2)", () => {
  it("fdp#FC-28: per-second APY of 2.4%, 42.7% and 1.632% (40-digit reference values)", () => {
    near(apy({ apr: 0.024 }), 0.024290317881267284, 1e-12);
    near(apy({ apr: 0.427 }), 0.5326526572934153, 1e-12);
    near(apy({ apr: 0.01632 }), 0.016453898612471013, 1e-12);
  });
  it("§2.4 table: APY of the WETH borrow and supply APRs (1.5113065%, 0.6395364%, 2.7367803%, 2.0869791%, 41.171108%, 128.64491%, 101.97020%)", () => {
    near(apy({ apr: 0.015 }), 0.015113065, 0, 5e-10);
    near(apy({ apr: 0.006375 }), 0.006395364, 0, 5e-10);
    near(apy({ apr: 0.027 }), 0.027367803, 0, 5e-10);
    near(apy({ apr: 0.020655 }), 0.020869791, 0, 5e-10);
    near(apy({ apr: 0.3448025 }), 0.41171108, 0, 5e-9);
    near(apy({ apr: 0.827 }), 1.2864491, 0, 5e-8);
    near(apy({ apr: 0.70295 }), 1.019702, 0, 5e-7);
  });
  it("fdp §4c.5: the naive (1 + apr/n)^n − 1 is wrong at the 9th digit for 42.7% per second; expm1(n·log1p(apr/n)) is not", () => {
    const exact = 0.5326526572934153; // mpmath, 40 digits
    const naive = Math.pow(1 + 0.427 / SECONDS_PER_YEAR, SECONDS_PER_YEAR) - 1;
    assert.ok(Math.abs(naive - exact) > 1e-9, `naive ${naive} should be off by > 1e-9`);
    assert.ok(Math.abs(apy({ apr: 0.427 }) - exact) < 1e-15);
  });
  it("other compounding frequencies: monthly 5% → 5.1161898%; n = 1 gives the APR back", () => {
    near(apy({ apr: 0.05, periodsPerYear: 12 }), 0.05116189788173319, 1e-12);
    near(apy({ apr: 0.05, periodsPerYear: 1 }), 0.05, 1e-14);
    near(apr({ apy: 0.05116189788173319, periodsPerYear: 12 }), 0.05, 1e-12);
  });
  it("fdp#FC-31: Aave's three-term borrow accrual after a year untouched at 42.7%: 1.53114024 vs exact e^0.427 = 1.53265266", () => {
    near(aaveCompoundedInterest(0.427, SECONDS_PER_YEAR), 1.53114024304148, 1e-9);
    near(Math.exp(0.427), 1.5326526617240188, 1e-12);
    // over a day at 2.4% it is negligible: 1.0000657555864 vs 1.0000657555869
    near(aaveCompoundedInterest(0.024, 86_400), 1.0000657555864, 0, 5e-13);
    near(Math.exp(86_400 * Math.log1p(0.024 / SECONDS_PER_YEAR)), 1.0000657555869, 0, 5e-13);
  });
  it("property: LEV.APR is the exact inverse of LEV.APY — round trip within 1e-12 (seed 20261128)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.99, max: 10, noNaN: true }),
        fc.oneof(
          fc.constant(SECONDS_PER_YEAR),
          fc.constantFrom(1, 2, 4, 12, 52, 365, 8760),
          fc.double({ min: 1, max: 1e8, noNaN: true })
        ),
        (a, n) => {
          const y = apy({ apr: a, periodsPerYear: n });
          const back = apr({ apy: y, periodsPerYear: n });
          return Math.abs(back - a) <= 1e-12 * Math.max(1, Math.abs(a));
        }
      ),
      { seed: 20261128, numRuns: 5000 }
    );
  });
  it("property: APY ≥ APR for every compounding frequency, equality only at 0 (seeded)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.5, max: 5, noNaN: true }),
        fc.double({ min: 1, max: 1e8, noNaN: true }),
        (a, n) => apy({ apr: a, periodsPerYear: n }) >= a - 1e-15
      ),
      { seed: 9, numRuns: 500 }
    );
  });
});

describe("engine/defi-rates: errors name the argument", () => {
  it("#NUM! outside the domains", () => {
    assert.throws(() => borrowAt(1.01), isLev("NUM", "utilization"));
    assert.throws(() => borrowAt(-0.01), isLev("NUM", "utilization"));
    assert.throws(
      () => rateAave({ utilization: 0.5, ...WETH, optimal: 1 }),
      isLev("NUM", "optimal")
    );
    assert.throws(
      () => rateAave({ utilization: 0.5, ...WETH, optimal: 0 }),
      isLev("NUM", "optimal")
    );
    assert.throws(
      () => rateAave({ utilization: 0.5, ...WETH, slope2: -1 }),
      isLev("NUM", "slope2")
    );
    assert.throws(
      () => rateAave({ utilization: 0.5, ...WETH, reserveFactor: 1.5 }),
      isLev("NUM", "reserve_factor")
    );
    assert.throws(
      () => rateComet({ utilization: 0.5, ...COMET_BORROW, kink: 2 }),
      isLev("NUM", "kink")
    );
    assert.throws(
      () => rateComet({ utilization: 0.5, ...COMET_BORROW, slopeHigh: NaN }),
      isLev("NUM", "slope_high")
    );
    assert.throws(() => apy({ apr: -12, periodsPerYear: 12 }), isLev("NUM", "apr"));
    assert.throws(
      () => apy({ apr: 0.05, periodsPerYear: 0 }),
      isLev("NUM", "periods_per_year", /empty cell/)
    );
    assert.throws(() => apy({ apr: 1000, periodsPerYear: 1e6 }), isLev("NUM", "apr"));
    assert.throws(() => apr({ apy: -1 }), isLev("NUM", "apy"));
  });
  it("#VALUE! for an unknown side", () => {
    assert.throws(
      () => rateAave({ utilization: 0.5, ...WETH, side: "lend" as "supply" }),
      isLev("VALUE", "side")
    );
  });
});
