/**
 * LEV.MARKET.LEVERAGE and LEV.SKEW (src/engine/market.ts) against docs/references/risk-cascades.md §4 and
 * its published vectors rc#51–rc#53.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { LevError } from "../../src/engine/errors";
import { marketLeverage, skew } from "../../src/engine/market";

const stats = (long: number, short: number) =>
  Object.fromEntries(skew({ long, short }).rows.map(([k, v]) => [k as string, v as number]));

function throwsNum(f: () => unknown, mention: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof LevError && e.kind === "NUM", String(e));
    assert.ok(e.message.includes(mention), e.message);
    return true;
  });
}

describe("engine/market: estimated leverage ratio (docs/references/risk-cascades.md §4.1)", () => {
  it("rc#51 (published, wickra-core docs): 25,000 coins of OI against a 100,000-coin reserve → 0.25; in quote currency at price 100,000 → 0.25", () => {
    assert.equal(marketLeverage({ openInterest: 25_000, exchangeReserve: 100_000 }), 0.25);
    assert.ok(
      Math.abs(
        marketLeverage({ openInterest: 2.5e9, exchangeReserve: 100_000, price: 100_000 }) - 0.25
      ) <= 1e-15
    );
  });
  it("reserve ≤ 0, OI < 0, price ≤ 0 are #NUM! naming the argument; OI 0 → 0", () => {
    throwsNum(() => marketLeverage({ openInterest: 1, exchangeReserve: 0 }), "exchange_reserve");
    throwsNum(() => marketLeverage({ openInterest: -1, exchangeReserve: 1 }), "open_interest");
    throwsNum(() => marketLeverage({ openInterest: 1, exchangeReserve: 1, price: 0 }), "price");
    assert.equal(marketLeverage({ openInterest: 0, exchangeReserve: 5 }), 0);
  });
});

describe("engine/market: long/short skew (docs/references/risk-cascades.md §4.2)", () => {
  it("rc#52 (published, Binance topLongShortAccountRatio): 0.6442/0.3558 → 1.8105 (to 1e-4), 1.81056773468 computed (to 1e-10)", () => {
    const s = stats(0.6442, 0.3558);
    assert.ok(Math.abs(s.long_short_ratio - 1.8105) <= 1e-4);
    assert.ok(Math.abs(s.long_short_ratio - 1.81056773468) <= 1e-10);
    assert.ok(Math.abs(s.imbalance - 0.2884) <= 1e-12);
    assert.ok(Math.abs(s.long_share - 0.6442) <= 1e-12);
  });
  it("rc#53 (published, same page): 0.3580/0.6420 → 0.5576 (to 1e-4), 0.557632398754 computed", () => {
    const s = stats(0.358, 0.642);
    assert.ok(Math.abs(s.long_short_ratio - 0.5576) <= 1e-4);
    assert.ok(Math.abs(s.long_short_ratio - 0.557632398754) <= 1e-10);
  });
  it("counts work as shares; long share = r/(1 + r) and imbalance = (r − 1)/(r + 1) with r the ratio (fast-check, seed 53)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e12, noNaN: true }),
        (L, S) => {
          const s = stats(L, S);
          const r = L / S;
          assert.ok(Math.abs(s.long_share - r / (1 + r)) <= 1e-12);
          assert.ok(Math.abs(s.imbalance - (L - S) / (L + S)) <= 1e-12);
          assert.ok(
            s.long_share >= 0 && s.long_share <= 1 && s.imbalance >= -1 && s.imbalance <= 1
          );
        }
      ),
      { seed: 53, numRuns: 500 }
    );
  });
  it("short 0 is #NUM! (the ratio divides by it); a negative long is #NUM!; long 0 → ratio 0, imbalance −1, share 0", () => {
    throwsNum(() => skew({ long: 1, short: 0 }), "short");
    throwsNum(() => skew({ long: -1, short: 1 }), "long");
    assert.deepEqual(stats(0, 3), { long_short_ratio: 0, imbalance: -1, long_share: 0 });
    assert.deepEqual(skew({ long: 1, short: 1 }).columns, ["statistic", "value"]);
  });
});
