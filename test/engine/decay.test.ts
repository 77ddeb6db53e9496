import { strict as assert } from "assert";
import fc from "fast-check";
import { decay, leveragedReturn } from "../../src/engine/decay";
import { assertLevError, pct } from "./lt-helpers";

describe("engine/decay — LEV.DECAY / LEV.RETURN (Avellaneda–Zhang)", () => {
  describe("reference vectors", () => {
    it("2x daily-reset LETF, index flat, σ = 10/25/50/75/100% → −1.0/−6.1/−22.1/−43.0/−63.2% (SEC 1424958/000119312520267218 Direxion table; docs/references/vectors.md lt#33)", () => {
      const expected = ["-1.0", "-6.1", "-22.1", "-43.0", "-63.2"];
      [0.1, 0.25, 0.5, 0.75, 1].forEach((sigma, i) => {
        assert.equal(pct(decay({ leverage: 2, volatility: sigma }), 1), expected[i], `σ=${sigma}`);
        assert.equal(
          pct(leveragedReturn({ leverage: 2, underlyingReturn: 0, volatility: sigma }), 1),
          expected[i]
        );
      });
    });
    it("3x daily-reset LETF, index flat, σ = 25/75/100% → −17.1/−81.5/−95.0% (SEC 1424958/000119312524050353 and …16485548; docs/references/vectors.md lt#35)", () => {
      const expected = ["-17.1", "-81.5", "-95.0"];
      [0.25, 0.75, 1].forEach((sigma, i) =>
        assert.equal(pct(decay({ leverage: 3, volatility: sigma, years: 1 }), 1), expected[i])
      );
    });
    it("crypto decay, σ = 80%, flat, 1 year: L = 2/3/−1/−3 → −47.27/−85.34/−47.27/−97.85% (AZ formula, docs/references/leveraged-tokens.md §2.4; docs/references/vectors.md lt#38)", () => {
      const expected: [number, string][] = [
        [2, "-47.27"],
        [3, "-85.34"],
        [-1, "-47.27"],
        [-3, "-97.85"],
      ];
      for (const [L, e] of expected)
        assert.equal(pct(decay({ leverage: L, volatility: 0.8 }), 2), e, `L=${L}`);
    });
    it("LEV.DECAY(3,0.8,1) ≈ −0.8534 (docs/spec/functions.md example)", () => {
      assert.equal(decay({ leverage: 3, volatility: 0.8, years: 1 }).toFixed(4), "-0.8534");
    });
  });

  describe("formula terms", () => {
    it("with zero volatility a continuously rebalanced 3x product returns (1+R)^3 − 1: 1.1³ − 1 = 0.331 (Avellaneda–Zhang, docs/references/leveraged-tokens.md §2.4)", () => {
      assert.ok(
        Math.abs(leveragedReturn({ leverage: 3, underlyingReturn: 0.1, volatility: 0 }) - 0.331) <
          1e-15
      );
    });
    it("the fee is an annual expense ratio: 1x, fee 2%, 1 year → e^−0.02 − 1", () => {
      assert.ok(
        Math.abs(decay({ leverage: 1, volatility: 0.5, feeRate: 0.02 }) - Math.expm1(-0.02)) < 1e-15
      );
    });
    it("financing is paid on the borrowed part (one convention with LEV.CARRY, src/engine/decay.ts): a 3x fund pays r on 2·NAV (Avellaneda–Zhang's (1−L)·r for L > 1), a −1x fund on the 1·NAV of asset it borrows, a 0.5x fund nothing", () => {
      assert.ok(
        Math.abs(decay({ leverage: 3, volatility: 0, financingRate: 0.05 }) - Math.expm1(-0.1)) <
          1e-15
      );
      assert.ok(
        Math.abs(decay({ leverage: -1, volatility: 0, financingRate: 0.05 }) - Math.expm1(-0.05)) <
          1e-15
      );
      assert.equal(decay({ leverage: 0.5, volatility: 0, financingRate: 0.05 }), 0);
      // issue #14: =LEV.DECAY(-3,0,1,0,0.05) paid 3 × 5%, as =LEV.CARRY(-3,1,0.05) (0.1393 lost)
      assert.ok(
        Math.abs(
          decay({ leverage: -3, volatility: 0, years: 1, feeRate: 0, financingRate: 0.05 }) -
            Math.expm1(-0.15)
        ) < 1e-15
      );
    });
    it("funding: a 3x long pays L·F, a −3x short receives it (docs/references/leveraged-tokens.md §2.4, §2.7)", () => {
      assert.ok(
        Math.abs(decay({ leverage: 3, volatility: 0, fundingRate: 0.1 }) - Math.expm1(-0.3)) < 1e-15
      );
      assert.ok(
        Math.abs(decay({ leverage: -3, volatility: 0, fundingRate: 0.1 }) - Math.expm1(0.3)) < 1e-15
      );
    });
    it("decay scales with years: two years of decay compound one year's", () => {
      const one = 1 + decay({ leverage: 3, volatility: 0.8, years: 1 });
      const two = 1 + decay({ leverage: 3, volatility: 0.8, years: 2 });
      assert.ok(Math.abs(two - one * one) < 1e-15);
    });
    it("years 0 gives 0 for any leverage", () => {
      assert.equal(decay({ leverage: -3, volatility: 2, years: 0 }), 0);
    });
  });

  describe("properties (fast-check, seeded)", () => {
    const leverageOutside01 = fc.oneof(
      fc.double({ min: 1, max: 10, noNaN: true }),
      fc.double({ min: -10, max: -1e-3, noNaN: true })
    );
    it("with no costs and a flat underlying the decay is ≤ 0 for every L ≥ 1 or L < 0 (L² − L ≥ 0)", () => {
      fc.assert(
        fc.property(
          leverageOutside01,
          fc.double({ min: 0, max: 3, noNaN: true }),
          fc.double({ min: 0, max: 10, noNaN: true }),
          (L, sigma, T) => {
            const d = decay({ leverage: L, volatility: sigma, years: T });
            return Number.isFinite(d) && d <= 0 && d >= -1;
          }
        ),
        { seed: 42, numRuns: 500 }
      );
    });
    it("for 0 < L < 1 (e.g. a HALF token) the same formula gives a gain ≥ 0, not a decay", () => {
      fc.assert(
        fc.property(
          fc.double({ min: 1e-3, max: 0.999, noNaN: true }),
          fc.double({ min: 0, max: 3, noNaN: true }),
          (L, sigma) => decay({ leverage: L, volatility: sigma }) >= 0
        ),
        { seed: 43, numRuns: 300 }
      );
    });
    it("L and 1 − L decay alike, e.g. (2, −1) and (3, −2) (docs/references/leveraged-tokens.md §2.4)", () => {
      fc.assert(
        fc.property(
          fc.double({ min: -5, max: 5, noNaN: true }).filter((L) => L !== 0 && L !== 1),
          fc.double({ min: 0, max: 2, noNaN: true }),
          (L, sigma) => {
            const a = decay({ leverage: L, volatility: sigma });
            const b = decay({ leverage: 1 - L, volatility: sigma });
            return Math.abs(a - b) <= 1e-12;
          }
        ),
        { seed: 44, numRuns: 300 }
      );
    });
  });

  describe("errors", () => {
    it("leverage 0 is #NUM! naming leverage", () => {
      assertLevError(() => decay({ leverage: 0, volatility: 0.8 }), "NUM", "leverage");
      assertLevError(
        () => leveragedReturn({ leverage: 0, underlyingReturn: 0.1, volatility: 0.8 }),
        "NUM",
        "leverage"
      );
    });
    it("negative volatility is #NUM! naming volatility", () => {
      assertLevError(() => decay({ leverage: 3, volatility: -0.2 }), "NUM", "volatility", /≥ 0/);
    });
    it("underlying_return ≤ −1, negative years or fee, and NaN are #NUM! naming the argument", () => {
      assertLevError(
        () => leveragedReturn({ leverage: 3, underlyingReturn: -1, volatility: 0.2 }),
        "NUM",
        "underlying_return",
        /> -1/
      );
      assertLevError(() => decay({ leverage: 3, volatility: 0.2, years: -1 }), "NUM", "years");
      assertLevError(
        () => decay({ leverage: 3, volatility: 0.2, feeRate: -0.01 }),
        "NUM",
        "fee_rate"
      );
      assertLevError(
        () => decay({ leverage: 3, volatility: 0.2, fundingRate: NaN }),
        "NUM",
        "funding_rate"
      );
    });
    it("a return that overflows float64 is #NUM!, never Infinity", () => {
      assertLevError(
        () => leveragedReturn({ leverage: 1000, underlyingReturn: 10, volatility: 0 }),
        "NUM",
        "leverage",
        /overflow/
      );
    });
  });
});
