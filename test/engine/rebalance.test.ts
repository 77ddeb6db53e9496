import { strict as assert } from "assert";
import fc from "fast-check";
import {
  bandTriggers,
  NEVER,
  rebalanceCost,
  rebalanceTrade,
  turnover,
} from "../../src/engine/rebalance";
import { leveragedPath } from "../../src/engine/path";
import { assertLevError, pct } from "./lt-helpers";

describe("engine/rebalance — LEV.REBALANCE.TRADE / LEV.TURNOVER / LEV.REBALANCE.COST / LEV.BAND.TRIGGERS", () => {
  describe("LEV.REBALANCE.TRADE (Cheng–Madhavan nav·(L²−L)·r)", () => {
    it("NAV 200, 3x, ETH +5% → buy $60 (position 630 → 690) (Poloniex FTX page; docs/references/vectors.md lt#15)", () => {
      assert.equal(rebalanceTrade({ nav: 200, leverage: 3, underlyingReturn: 0.05 }), 60);
    });
    it("long (L>1) and inverse (L<0) funds both trade with the move; a 0.5x fund trades against it (docs/references/leveraged-tokens.md §2.5)", () => {
      assert.ok(rebalanceTrade({ nav: 100, leverage: 2, underlyingReturn: -0.1 }) < 0);
      assert.equal(rebalanceTrade({ nav: 100, leverage: -1, underlyingReturn: 0.1 }), 20);
      assert.equal(rebalanceTrade({ nav: 100, leverage: 0.5, underlyingReturn: 0.1 }), -2.5);
    });
    it("is exact in decimal: NAV 1,000,000.01, 3x, r 0.1 → 600,000.006 (no float64 noise in money)", () => {
      assert.equal(
        rebalanceTrade({ nav: 1000000.01, leverage: 3, underlyingReturn: 0.1 }),
        600000.006
      );
    });
    it("equals the trade of LEV.PATH's first rebalance for any leverage and move (property, seeded)", () => {
      fc.assert(
        fc.property(
          fc.double({ min: -5, max: 5, noNaN: true }).filter((L) => Math.abs(L) > 1e-3),
          fc.double({ min: -0.15, max: 0.15, noNaN: true }),
          fc.double({ min: 1, max: 1e6, noNaN: true }),
          (L, r, nav) => {
            const trade = rebalanceTrade({ nav, leverage: L, underlyingReturn: r });
            const row = leveragedPath({
              prices: [100, 100 * (1 + r)],
              leverage: L,
              options: { startNav: nav },
            }).rows[1];
            return Math.abs((row[3] as number) - trade) <= 1e-9 * nav * (1 + Math.abs(L * L * r));
          }
        ),
        { seed: 7, numRuns: 300 }
      );
    });
    it("a move that wipes out the product is #N/A (no trade back to target)", () => {
      assertLevError(
        () => rebalanceTrade({ nav: 100, leverage: 3, underlyingReturn: -0.4 }),
        "NA",
        "underlying_return"
      );
    });
    it("bad nav / leverage 0 are #NUM! naming the argument", () => {
      assertLevError(
        () => rebalanceTrade({ nav: -5, leverage: 3, underlyingReturn: 0.1 }),
        "NUM",
        "nav"
      );
      assertLevError(
        () => rebalanceTrade({ nav: 100, leverage: 0, underlyingReturn: 0.1 }),
        "NUM",
        "leverage"
      );
    });
  });

  describe("LEV.TURNOVER and LEV.REBALANCE.COST", () => {
    it("3x at σ = 80%, daily: E[turnover] = 20.05% of NAV per day (docs/references/leveraged-tokens.md §2.5; docs/references/vectors.md lt#42)", () => {
      assert.equal(pct(turnover({ leverage: 3, volatility: 0.8 }), 2), "20.05");
      assert.equal(
        pct(turnover({ leverage: 3, volatility: 0.8, rebalancesPerYear: 365 }), 2),
        "20.05"
      );
    });
    it("3x at σ = 80%, daily: annual cost 5.12% at c = 0.07%, 3.66% at c = 0.05%; hourly at 0.07%: 25.1% (docs/references/leveraged-tokens.md §2.8; docs/references/vectors.md lt#43)", () => {
      assert.equal(
        pct(rebalanceCost({ leverage: 3, volatility: 0.8, costRate: 0.0007 }), 2),
        "5.12"
      );
      assert.equal(
        pct(rebalanceCost({ leverage: 3, volatility: 0.8, costRate: 0.0005 }), 2),
        "3.66"
      );
      assert.equal(
        pct(
          rebalanceCost({
            leverage: 3,
            volatility: 0.8,
            costRate: 0.0007,
            rebalancesPerYear: 8760,
          }),
          1
        ),
        "25.1"
      );
    });
    it("annual cost = cost_rate × turnover × rebalances per year × years (the two formulas agree)", () => {
      const t = turnover({ leverage: -2, volatility: 0.6, rebalancesPerYear: 52 });
      const c = rebalanceCost({
        leverage: -2,
        volatility: 0.6,
        costRate: 0.001,
        rebalancesPerYear: 52,
        years: 2,
      });
      assert.ok(Math.abs(c - 0.001 * t * 52 * 2) < 1e-15);
    });
    it("a 1x product never trades: turnover and cost are 0", () => {
      assert.equal(turnover({ leverage: 1, volatility: 0.8 }), 0);
      assert.equal(rebalanceCost({ leverage: 1, volatility: 0.8, costRate: 0.001 }), 0);
    });
    it("errors name the argument: negative volatility, rebalances_per_year 0, negative cost_rate, leverage 0", () => {
      assertLevError(() => turnover({ leverage: 3, volatility: -0.2 }), "NUM", "volatility");
      assertLevError(
        () => turnover({ leverage: 3, volatility: 0.2, rebalancesPerYear: 0 }),
        "NUM",
        "rebalances_per_year"
      );
      assertLevError(
        () => rebalanceCost({ leverage: 3, volatility: 0.2, costRate: -0.001 }),
        "NUM",
        "cost_rate"
      );
      assertLevError(
        () => rebalanceCost({ leverage: 0, volatility: 0.2, costRate: 0.001 }),
        "NUM",
        "leverage"
      );
    });
  });

  describe("LEV.BAND.TRIGGERS (docs/references/leveraged-tokens.md §2.3: S/S₀ = L_b(L−1)/(L(L_b−1)))", () => {
    it("FTX BULL 3x → 4x at −11.11% (8/9); BEAR −3x → −4x at +6.67% (16/15) (FTX rebalance page; docs/references/vectors.md lt#19)", () => {
      const bull = bandTriggers({ leverage: 3, bandLow: 2, bandHigh: 4 });
      assert.deepEqual(bull.columns, ["to_band_high", "to_band_low"]);
      assert.equal(bull.rows.length, 1);
      assert.ok(Math.abs((bull.rows[0][0] as number) - (8 / 9 - 1)) < 1e-15);
      assert.equal(pct(bull.rows[0][0] as number, 2), "-11.11");
      const bear = bandTriggers({ leverage: -3, bandLow: 2, bandHigh: 4 });
      assert.ok(Math.abs((bear.rows[0][0] as number) - (16 / 15 - 1)) < 1e-15);
      assert.equal(pct(bear.rows[0][0] as number, 2), "6.67");
    });
    it("Bybit 3L lower edge 2x at +33.33% (4/3) (docs/references/leveraged-tokens.md §2.3 table)", () => {
      assert.equal(
        pct(bandTriggers({ leverage: 3, bandLow: 2, bandHigh: 4 }).rows[0][1] as number, 2),
        "33.33"
      );
    });
    it("ETH2x-FLI: max 2.3 at −11.54%, min 1.7 at +21.43%, ripcord 2.7 at −20.59% (docs/references/leveraged-tokens.md §2.3 table)", () => {
      const fli = bandTriggers({ leverage: 2, bandLow: 1.7, bandHigh: 2.3 }).rows[0];
      assert.equal(pct(fli[0] as number, 2), "-11.54");
      assert.equal(pct(fli[1] as number, 2), "21.43");
      assert.equal(
        pct(bandTriggers({ leverage: 2, bandLow: 1.7, bandHigh: 2.7 }).rows[0][0] as number, 2),
        "-20.59"
      );
    });
    it('an edge no positive price reaches is the text "never": band_low 0 (only de-lever), any band of a 1x product', () => {
      assert.deepEqual(bandTriggers({ leverage: 3, bandLow: 0, bandHigh: 4 }).rows[0][1], NEVER);
      assert.deepEqual(bandTriggers({ leverage: 1, bandLow: 0.5, bandHigh: 2 }).rows, [
        [NEVER, NEVER],
      ]);
      // a 0.5x product's leverage stays below 1: band_high 1.2 is never reached
      assert.equal(bandTriggers({ leverage: 0.5, bandLow: 0.4, bandHigh: 1.2 }).rows[0][0], NEVER);
    });
    it("a reachable trigger return really puts the static position's leverage L(1+r)/(1+L·r) on the edge (property, seeded)", () => {
      fc.assert(
        fc.property(
          fc
            .double({ min: -8, max: 8, noNaN: true })
            .filter((L) => Math.abs(L) > 0.05 && Math.abs(L - 1) > 0.05),
          fc.double({ min: 0.05, max: 0.95, noNaN: true }),
          fc.double({ min: 1.05, max: 3, noNaN: true }),
          (L, fLow, fHigh) => {
            const a = Math.abs(L);
            const row = bandTriggers({ leverage: L, bandLow: a * fLow, bandHigh: a * fHigh })
              .rows[0];
            return [row[0], row[1]].every((r, i) => {
              if (r === NEVER) return true;
              const rr = r as number;
              const lev = (L * (1 + rr)) / (1 + L * rr);
              const edge = i === 0 ? a * fHigh : a * fLow;
              return rr > -1 && 1 + L * rr > 0 && Math.abs(Math.abs(lev) - edge) <= 1e-9 * edge;
            });
          }
        ),
        { seed: 11, numRuns: 500 }
      );
    });
    it("a short product's band may be written in its natural signs, in either order: (−4, −2) and (−2, −4) are the band 2–4 (issue #14); mixed signs are #VALUE! saying how to write it", () => {
      const magnitudes = bandTriggers({ leverage: -3, bandLow: 2, bandHigh: 4 });
      assert.deepEqual(bandTriggers({ leverage: -3, bandLow: -4, bandHigh: -2 }), magnitudes);
      assert.deepEqual(bandTriggers({ leverage: -3, bandLow: -2, bandHigh: -4 }), magnitudes);
      assert.deepEqual(
        bandTriggers({ leverage: -3, bandLow: 0, bandHigh: -4 }),
        bandTriggers({ leverage: -3, bandLow: 0, bandHigh: 4 })
      );
      // −4x is reached after +1/15 (S/S₀ = L_b(L−1)/(L(L_b−1)) = 16/15), −2x after −1/9
      assert.ok(Math.abs((magnitudes.rows[0][0] as number) - 1 / 15) < 1e-15);
      assert.ok(Math.abs((magnitudes.rows[0][1] as number) + 1 / 9) < 1e-15);
      assertLevError(
        () => bandTriggers({ leverage: -3, bandLow: 2, bandHigh: -4 }),
        "VALUE",
        "band_high"
      );
    });
    it("bands must bracket |leverage|: #NUM! naming band_low / band_high", () => {
      assertLevError(
        () => bandTriggers({ leverage: 3, bandLow: 3, bandHigh: 4 }),
        "NUM",
        "band_low"
      );
      assertLevError(
        () => bandTriggers({ leverage: -3, bandLow: 3, bandHigh: 4 }),
        "NUM",
        "band_low"
      );
      assertLevError(
        () => bandTriggers({ leverage: 3, bandLow: -2, bandHigh: 4 }),
        "NUM",
        "band_low"
      );
      assertLevError(
        () => bandTriggers({ leverage: 3, bandLow: 2, bandHigh: 2.5 }),
        "NUM",
        "band_high"
      );
      assertLevError(
        () => bandTriggers({ leverage: 0, bandLow: 2, bandHigh: 4 }),
        "NUM",
        "leverage"
      );
    });
  });
});
