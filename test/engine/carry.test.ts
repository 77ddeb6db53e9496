import { strict as assert } from "assert";
import fc from "fast-check";
import { carry } from "../../src/engine/carry";
import { decay, leveragedReturn } from "../../src/engine/decay";
import { leveragedPath } from "../../src/engine/path";
import { assertLevError } from "./lt-helpers";

describe("engine/carry — LEV.CARRY (continuously compounded financing, funding and fees)", () => {
  it("3x perp long paying the baseline 0.01%/8h funding for a year keeps 0.7200 of equity continuously compounded; LEV.PATH's daily compounding gives the 0.7199 of docs/references/leveraged-tokens.md §2.7", () => {
    const annualFunding = 0.0003 * 365; // 0.01% per 8 h = 0.03% per day
    const kept = 1 - carry({ leverage: 3, fundingRate: annualFunding });
    assert.equal(kept.toFixed(4), "0.7200");
    const daily = leveragedPath({
      prices: new Array(366).fill(1),
      leverage: 3,
      options: { fundingPerPeriod: 0.0003 },
    }).rows[365][1] as number;
    assert.equal(daily.toFixed(4), "0.7199");
    // the two compounding bases differ by 365·(−L·F_d − ln(1 − L·F_d)) ≈ 365·(L·F_d)²/2 in the log
    assert.ok(
      Math.abs(Math.log(kept) - Math.log(daily) - 365 * (-0.0009 - Math.log1p(-0.0009))) < 1e-12
    );
  });
  it("a −3x short receives positive funding: the carry is a gain (negative loss) (docs/references/leveraged-tokens.md §2.7)", () => {
    const c = carry({ leverage: -3, fundingRate: 0.1095 });
    assert.ok(c < 0);
    assert.ok(Math.abs(c - -Math.expm1(3 * 0.1095)) < 1e-15);
  });
  it("borrow: a 3x margin long borrows 2× equity, a −1x short borrows 1× equity of the asset, a 0.5x position borrows nothing", () => {
    assert.ok(Math.abs(carry({ leverage: 3, borrowRate: 0.05 }) - -Math.expm1(-0.1)) < 1e-15);
    assert.ok(Math.abs(carry({ leverage: -1, borrowRate: 0.05 }) - -Math.expm1(-0.05)) < 1e-15);
    assert.equal(carry({ leverage: 0.5, borrowRate: 0.05 }), 0);
  });
  it("fees add to the rate and years scale it: 2x, borrow 4%, fee 1%, 2 years → 1 − e^{−(0.04 + 0.01)·2}", () => {
    assert.ok(
      Math.abs(
        carry({ leverage: 2, borrowRate: 0.04, feeRate: 0.01, years: 2 }) - -Math.expm1(-0.1)
      ) < 1e-15
    );
    assert.equal(carry({ leverage: 3, borrowRate: 0.05, years: 0 }), 0);
  });
  it("one financing convention with LEV.DECAY / LEV.RETURN (issue #14): the carry parts agree for every leverage — long, 0 < L ≤ 1, short — 1 − LEV.CARRY = 1 + LEV.DECAY at zero volatility with financing = borrow rate (property, seeded)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }).filter((L) => L !== 0),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (L, b, f, F, T) => {
          const c = carry({ leverage: L, borrowRate: b, feeRate: f, fundingRate: F, years: T });
          const d = decay({
            leverage: L,
            volatility: 0,
            financingRate: b,
            feeRate: f,
            fundingRate: F,
            years: T,
          });
          return Math.abs(c + d) <= 1e-12 * (1 + Math.abs(d));
        }
      ),
      { seed: 61, numRuns: 300 }
    );
  });
  it("the issue's pair: =LEV.DECAY(-3,0,1,0,0.05) and =LEV.CARRY(-3,1,0.05) both pay 5% on the 3× equity a −3x short borrows (−0.1393)", () => {
    const d = decay({ leverage: -3, volatility: 0, years: 1, feeRate: 0, financingRate: 0.05 });
    const c = carry({ leverage: -3, years: 1, borrowRate: 0.05 });
    assert.equal(d.toFixed(4), "-0.1393");
    assert.ok(Math.abs(c + d) < 1e-15);
    // and LEV.RETURN carries the same term: at R = 0 it is LEV.DECAY
    assert.equal(
      leveragedReturn({ leverage: -3, underlyingReturn: 0, volatility: 0, financingRate: 0.05 }),
      d
    );
  });
  it("errors name the argument: leverage 0, negative borrow_rate / fee_rate / years, NaN funding_rate", () => {
    assertLevError(() => carry({ leverage: 0 }), "NUM", "leverage");
    assertLevError(() => carry({ leverage: 3, borrowRate: -0.01 }), "NUM", "borrow_rate");
    assertLevError(() => carry({ leverage: 3, feeRate: -0.01 }), "NUM", "fee_rate");
    assertLevError(() => carry({ leverage: 3, years: -1 }), "NUM", "years");
    assertLevError(() => carry({ leverage: 3, fundingRate: NaN }), "NUM", "funding_rate");
  });
});
