// Leverage loops on a lending market (src/engine/loop.ts).
// Vectors: docs/references/funding-defi.md §3 (fdp#FC-34..40); formulas: §2.5.
import { strict as assert } from "assert";
import fc from "fast-check";
import { health } from "../../src/engine/lending";
import { loopApy, loopHealth, loopLeverage, loopLiqRatio, loopRunway } from "../../src/engine/loop";
import { isLev } from "./liq-helpers";

function near(actual: number, expected: number, rel: number, abs = 0): void {
  const tol = Math.max(abs, rel * Math.abs(expected));
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${actual} vs ${expected} (tolerance ${tol.toExponential(2)})`
  );
}

describe("engine/loop: vectors (docs/references/funding-defi.md §3)", () => {
  it("fdp#FC-34: e-mode LTV 93% → maximum leverage 14.2857143", () => {
    near(loopLeverage({ ltv: 0.93 }), 14.285714285714286, 1e-12);
  });
  it("fdp#FC-35 and §2.5: after 1, 5, 10, 50 loops 1.93, 5.04299738, 7.8556636, 13.932911", () => {
    near(loopLeverage({ ltv: 0.93, loops: 1 }), 1.93, 1e-12);
    near(loopLeverage({ ltv: 0.93, loops: 5 }), 5.0429973793, 1e-10);
    near(loopLeverage({ ltv: 0.93, loops: 10 }), 7.85566363318939, 1e-12);
    near(loopLeverage({ ltv: 0.93, loops: 50 }), 13.932911231438904, 1e-12);
  });
  it("fdp#FC-36: wstETH/WETH at 10x, yield 2.9%, borrow 2.5% → 6.5%; with a 0.1% incentive on collateral → 7.5%", () => {
    near(loopApy({ leverage: 10, collateralYield: 0.029, borrowApy: 0.025 }), 0.065, 1e-12);
    near(
      loopApy({ leverage: 10, collateralYield: 0.029, borrowApy: 0.025, incentiveApy: 0.001 }),
      0.075,
      1e-12
    );
  });
  it("fdp#FC-37: 10x at LT 95% → health factor 1.0555556", () => {
    near(loopHealth({ leverage: 10, liquidationThreshold: 0.95 }), 1.0555555555555556, 1e-12);
  });
  it("fdp#FC-38: 10x at LT 95% → liquidated when the ratio falls to 0.94736842 (−5.2631579%)", () => {
    const p = loopLiqRatio({ leverage: 10, liquidationThreshold: 0.95 });
    near(p, 0.9473684210526315, 1e-12);
    near(p - 1, -0.05263157894736842, 1e-10);
  });
  it("fdp#FC-39: ETH collateral / USDC debt at 3x, LT 83%, from ETH 3,000 → liquidation at 2,409.63855", () => {
    near(
      3_000 * loopLiqRatio({ leverage: 3, liquidationThreshold: 0.83 }),
      2409.6385542168673,
      1e-9
    );
  });
  it("fdp#FC-40: HF 10·0.95/9 with borrow 3.5% and yield 2.9% → 9.0112035 years", () => {
    near(
      loopRunway({ healthFactor: (10 * 0.95) / 9, collateralYield: 0.029, borrowRate: 0.035 }),
      9.01120354504596,
      1e-9
    );
  });
});

describe("engine/loop: independent checks (docs/references/funding-defi.md §2.5)", () => {
  it("at the maximum leverage the health factor is LT/LTV (0.95/0.93 = 1.0215054)", () => {
    const L = loopLeverage({ ltv: 0.93 });
    near(loopHealth({ leverage: L, liquidationThreshold: 0.95 }), 0.95 / 0.93, 1e-12);
  });
  it("zero loops is no leverage; LTV 0 is no leverage; many loops reach the maximum", () => {
    assert.equal(loopLeverage({ ltv: 0.93, loops: 0 }), 1);
    assert.equal(loopLeverage({ ltv: 0, loops: 7 }), 1);
    assert.equal(loopLeverage({ ltv: 0 }), 1);
    near(loopLeverage({ ltv: 0.93, loops: 10_000 }), loopLeverage({ ltv: 0.93 }), 1e-14);
  });
  it("property: the loop leverage equals the explicit sum 1 + λ + … + λ^n (seeded)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.integer({ min: 0, max: 60 }),
        (ltv, n) => {
          let s = 0;
          for (let k = n; k >= 0; k--) s = s * ltv + 1; // Horner
          return Math.abs(loopLeverage({ ltv, loops: n }) - s) <= 1e-12 * s;
        }
      ),
      { seed: 31, numRuns: 500 }
    );
  });
  it("property: a loop's health factor is LEV.HEALTH with collateral L and debt L − 1, and is 1 at the liquidation ratio (seeded)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.01, max: 50, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        (L, LT, p) => {
          const hf = loopHealth({ leverage: L, liquidationThreshold: LT, priceRatio: p });
          const direct = health({
            collateralValue: L * p,
            liquidationThreshold: LT,
            debtValue: L - 1,
          });
          const atLiq = loopHealth({
            leverage: L,
            liquidationThreshold: LT,
            priceRatio: loopLiqRatio({ leverage: L, liquidationThreshold: LT }),
          });
          return Math.abs(hf - direct) <= 1e-12 * hf && Math.abs(atLiq - 1) <= 1e-12;
        }
      ),
      { seed: 32, numRuns: 500 }
    );
  });
  it("property: after the runway the carry HF₀·e^{(y − b)T} is 1 (seeded)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.0001, max: 5, noNaN: true }),
        fc.double({ min: -0.1, max: 0.2, noNaN: true }),
        fc.double({ min: 0.0001, max: 0.3, noNaN: true }),
        (hf, y, gap) => {
          const b = y + gap;
          const T = loopRunway({ healthFactor: hf, collateralYield: y, borrowRate: b });
          return Math.abs(hf * Math.exp((y - b) * T) - 1) <= 1e-12;
        }
      ),
      { seed: 33, numRuns: 500 }
    );
  });
  it("runway is 0 for a health factor at or below 1, even with a positive carry", () => {
    assert.equal(loopRunway({ healthFactor: 1, collateralYield: 0.029, borrowRate: 0.035 }), 0);
    assert.equal(loopRunway({ healthFactor: 0.9, collateralYield: 0.05, borrowRate: 0.035 }), 0);
  });
  it("break-even borrow rate b* = L·y/(L − 1) makes the net APY zero", () => {
    const L = 10;
    const y = 0.029;
    near(loopApy({ leverage: L, collateralYield: y, borrowApy: (L * y) / (L - 1) }), 0, 0, 1e-15);
  });
});

describe("engine/loop: errors name the argument", () => {
  it("#NUM! outside the domains, #N/A without debt or with a carry that never liquidates", () => {
    assert.throws(() => loopLeverage({ ltv: 1 }), isLev("NUM", "ltv"));
    assert.throws(() => loopLeverage({ ltv: -0.1 }), isLev("NUM", "ltv"));
    assert.throws(() => loopLeverage({ ltv: 0.9, loops: 2.5 }), isLev("NUM", "loops"));
    assert.throws(() => loopLeverage({ ltv: 0.9, loops: -1 }), isLev("NUM", "loops"));
    assert.throws(
      () => loopApy({ leverage: 0.5, collateralYield: 0, borrowApy: 0 }),
      isLev("NUM", "leverage")
    );
    assert.throws(
      () => loopHealth({ leverage: 3, liquidationThreshold: 1.5 }),
      isLev("NUM", "liquidation_threshold")
    );
    assert.throws(
      () => loopHealth({ leverage: 3, liquidationThreshold: 0.8, priceRatio: 0 }),
      isLev("NUM", "price_ratio")
    );
    assert.throws(
      () => loopHealth({ leverage: 1, liquidationThreshold: 0.8 }),
      isLev("NA", "leverage", /no debt/)
    );
    assert.throws(
      () => loopLiqRatio({ leverage: 1, liquidationThreshold: 0.8 }),
      isLev("NA", "leverage")
    );
    assert.throws(
      () => loopRunway({ healthFactor: 0, collateralYield: 0, borrowRate: 0.1 }),
      isLev("NUM", "health_factor")
    );
    assert.throws(
      () => loopRunway({ healthFactor: 1.2, collateralYield: 0.04, borrowRate: 0.04 }),
      isLev("NA", "borrow_rate", /carry never liquidates/)
    );
  });
});
