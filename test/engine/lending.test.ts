import { strict as assert } from "assert";
import fc from "fast-check";
import { health, liqLending } from "../../src/engine/lending";
import { assertShown, isLev } from "./liq-helpers";

describe("engine/lending", () => {
  it("Aave: $10,000 of ETH at LT 80% against $6,000 of debt has HF 1.333 (aave.com/docs/developers/liquidations, docs/references/vectors.md liq#52)", () => {
    assertShown(
      health({ collateralValue: 10_000, liquidationThreshold: 0.8, debtValue: 6_000 }),
      "1.333"
    );
  });
  it("Aave: 1 ETH $3,000 at LT 82.5% against $1,500 has HF 1.65 (secondary, docs/references/liquidation.md §9)", () => {
    assertShown(
      health({ collateralValue: 3_000, liquidationThreshold: 0.825, debtValue: 1_500 }),
      "1.65"
    );
  });
  it("Aave: 1 ETH at LT 80% with 2,250 USDC debt liquidates at ETH 2,812.5 (lemonwheel Q&A, derived; docs/references/vectors.md liq#54)", () => {
    assertShown(
      liqLending({ collateralQuantity: 1, liquidationThreshold: 0.8, debtValue: 2_250 }),
      "2,812.5"
    );
  });
  it("Aave: 10 ETH, 16,000 USDC debt, LT 82.5% → P_liq 1,939.39 (derived from the v3 code formulas, docs/references/liquidation.md §9)", () => {
    assertShown(
      liqLending({ collateralQuantity: 10, liquidationThreshold: 0.825, debtValue: 16_000 }),
      "1,939.39"
    );
  });
  it("Maker: 1,000 DAI, LR 150%, 10 ETH → 150; add 2 ETH → 125; repay 400 → 90 (makerdao/community faqs/liquidation.md, docs/references/vectors.md liq#59)", () => {
    const lt = 1 / 1.5; // liquidation_threshold = 1/liquidation_ratio
    assertShown(
      liqLending({ collateralQuantity: 10, liquidationThreshold: lt, debtValue: 1_000 }),
      "150"
    );
    assertShown(
      liqLending({ collateralQuantity: 12, liquidationThreshold: lt, debtValue: 1_000 }),
      "125"
    );
    assertShown(
      liqLending({ collateralQuantity: 10, liquidationThreshold: lt, debtValue: 600 }),
      "90"
    );
  });
  it("Maker: 10 ETH @ 300 against 1,000 DAI is 300% collateralised, HF 2 at LR 150% (makerdao/community faqs/liquidation.md)", () => {
    assertShown(
      health({ collateralValue: 10 * 300, liquidationThreshold: 1 / 1.5, debtValue: 1_000 }),
      "2"
    );
  });
  it("no debt: HF and liquidation price have no finite value (#N/A)", () => {
    assert.throws(
      () => health({ collateralValue: 100, liquidationThreshold: 0.8, debtValue: 0 }),
      isLev("NA", "debt_value")
    );
    assert.throws(
      () => liqLending({ collateralQuantity: 1, liquidationThreshold: 0.8, debtValue: 0 }),
      isLev("NA", "debt_value")
    );
  });
  it("domain errors name the argument", () => {
    assert.throws(
      () => health({ collateralValue: -1, liquidationThreshold: 0.8, debtValue: 1 }),
      isLev("NUM", "collateral_value")
    );
    assert.throws(
      () => health({ collateralValue: 1, liquidationThreshold: 0, debtValue: 1 }),
      isLev("NUM", "liquidation_threshold")
    );
    assert.throws(
      () => health({ collateralValue: 1, liquidationThreshold: 1.5, debtValue: 1 }),
      isLev("NUM", "liquidation_threshold")
    );
    assert.throws(
      () => health({ collateralValue: 1, liquidationThreshold: 0.8, debtValue: -2 }),
      isLev("NUM", "debt_value")
    );
    assert.throws(
      () => liqLending({ collateralQuantity: 0, liquidationThreshold: 0.8, debtValue: 1 }),
      isLev("NUM", "collateral_quantity")
    );
    assert.throws(
      () => liqLending({ collateralQuantity: 1, liquidationThreshold: NaN, debtValue: 1 }),
      isLev("NUM", "liquidation_threshold")
    );
  });
  it("several collaterals: Σ cᵢ·LTᵢ / debt — ETH 10,000 at 80% and WBTC 5,000 at 70% against 6,000 → 1.91667 (docs/references/funding-defi.md §2.6)", () => {
    assertShown(
      health({
        collateralValue: [10_000, 5_000],
        liquidationThreshold: [0.8, 0.7],
        debtValue: 6_000,
      }),
      "1.91667"
    );
  });
  it("several collaterals with one threshold: it applies to each; a one-element range is the scalar call (docs/references/funding-defi.md §2.6)", () => {
    assert.equal(
      health({
        collateralValue: Float64Array.of(6_000, 4_000),
        liquidationThreshold: 0.8,
        debtValue: 6_000,
      }),
      health({ collateralValue: 10_000, liquidationThreshold: 0.8, debtValue: 6_000 })
    );
    assert.equal(
      health({ collateralValue: [10_000], liquidationThreshold: [0.8], debtValue: 6_000 }),
      health({ collateralValue: 10_000, liquidationThreshold: 0.8, debtValue: 6_000 })
    );
  });
  it("property: the health factor of several collaterals is the sum of each one's health factor (seeded)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1e7, noNaN: true })),
            fc.double({ min: 0.05, max: 1, noNaN: true })
          ),
          { minLength: 1, maxLength: 8 }
        ),
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        (rows, debt) => {
          const hf = health({
            collateralValue: rows.map((r) => r[0]),
            liquidationThreshold: rows.map((r) => r[1]),
            debtValue: debt,
          });
          const parts = rows.reduce(
            (s, [c, lt]) =>
              s + health({ collateralValue: c, liquidationThreshold: lt, debtValue: debt }),
            0
          );
          return Math.abs(hf - parts) <= 1e-12 * Math.max(1, hf);
        }
      ),
      { seed: 12, numRuns: 300 }
    );
  });
  it("several collaterals: mismatched lengths are #VALUE!, a bad value names its position", () => {
    assert.throws(
      () =>
        health({ collateralValue: [1, 2], liquidationThreshold: [0.8, 0.7, 0.6], debtValue: 1 }),
      isLev("VALUE", "liquidation_threshold")
    );
    assert.throws(
      () => health({ collateralValue: 5, liquidationThreshold: [0.8, 0.7], debtValue: 1 }),
      isLev("VALUE", "liquidation_threshold")
    );
    assert.throws(
      () => health({ collateralValue: [], liquidationThreshold: 0.8, debtValue: 1 }),
      isLev("VALUE", "collateral_value")
    );
    assert.throws(
      () => health({ collateralValue: [1, -2], liquidationThreshold: 0.8, debtValue: 1 }),
      isLev("NUM", "collateral_value", /position 2/)
    );
    assert.throws(
      () => health({ collateralValue: [1, 2], liquidationThreshold: [0.8, 1.2], debtValue: 1 }),
      isLev("NUM", "liquidation_threshold")
    );
  });
  it("property: at the liquidation price the health factor is 1 (seeded)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 1e9, noNaN: true }),
        (Q, LT, debt) => {
          const p = liqLending({
            collateralQuantity: Q,
            liquidationThreshold: LT,
            debtValue: debt,
          });
          const hf = health({ collateralValue: Q * p, liquidationThreshold: LT, debtValue: debt });
          return Math.abs(hf - 1) <= 1e-12;
        }
      ),
      { seed: 11, numRuns: 300 }
    );
  });
});
