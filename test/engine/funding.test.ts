// Funding rates, premiums, caps, annualisation, payments and basis (src/engine/funding.ts).
// Vectors: docs/references/funding-defi.md §3 (ids fdp#FP-… published, fdp#FC-… computed there); formulas
// and venue conventions: docs/references/funding-defi.md §1.
import { strict as assert } from "assert";
import fc from "fast-check";
import {
  FUNDING_CONVENTIONS,
  FUNDING_VENUES,
  basis,
  fundingAnnualize,
  fundingAverage,
  fundingCap,
  fundingImpactNotional,
  fundingImpliedPremium,
  fundingInterest,
  fundingPayment,
  fundingPremium,
  fundingRate,
  type FundingVenue,
} from "../../src/engine/funding";
import { isLev } from "./liq-helpers";

/** |actual − expected| ≤ rel·|expected| (or ≤ abs when given). */
function near(actual: number, expected: number, rel: number, abs = 0): void {
  const tol = Math.max(abs, rel * Math.abs(expected));
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${actual} vs ${expected} (tolerance ${tol.toExponential(2)})`
  );
}

const rate = (averagePremium: number, venue?: FundingVenue, more: object = {}) =>
  fundingRate({ averagePremium, venue, ...more });

describe("engine/funding: published vectors (docs/references/funding-defi.md §3)", () => {
  it("fdp#FP-01: Binance FAQ example 2020-08-28 08:00 UTC, P = 0.0429% → 0.0100% (Binance funding FAQ 360033525031)", () => {
    near(rate(0.000429, "binance", { intervalHours: 8 }), 0.0001, 0, 1e-12);
  });
  it('fdp#FP-02, fdp#FP-03: "between −0.04% and 0.06% … equal 0.01%": both edges of the dead band give the interest exactly', () => {
    assert.equal(rate(-0.0004, "binance"), 0.0001);
    assert.equal(rate(0.0006, "binance"), 0.0001);
  });
  it("fdp#FP-04, fdp#FP-05: impact notional 200 USDT / 0.8% = 25,000; 200 / 5% = 4,000 (Binance FAQ)", () => {
    near(fundingImpactNotional({ margin: 200, initialMarginRate: 0.008 }), 25_000, 1e-12);
    near(fundingImpactNotional({ margin: 200, initialMarginRate: 0.05 }), 4_000, 1e-12);
  });
  it("fdp#FP-06: Binance cap 0.75 × MMR 0.4% = ±0.3% (BTCUSDT, Binance FAQ)", () => {
    near(fundingCap({ venue: "binance", rate1: 0.004 }), 0.003, 1e-12);
  });
  it("fdp#FP-07: Bybit interest (0.06% − 0.03%)/3 = 0.01% (help.bybit.com 360039261114)", () => {
    near(
      fundingInterest({ quoteRateDaily: 0.0006, baseRateDaily: 0.0003, intervalHours: 8 }),
      0.0001,
      1e-12
    );
  });
  it('fdp#FP-08: OKX interest 0.03%/(24/8) = 0.01% (OKX "Funding fee mechanism", BTCUSD 8 h)', () => {
    near(
      fundingInterest({ quoteRateDaily: 0.0003, baseRateDaily: 0, intervalHours: 8 }),
      0.0001,
      1e-12
    );
  });
  it("fdp#FP-09: dYdX cap 600% × (5% − 3%) = 12% per 8 hours (dydxprotocol/v4-documentation funding.mdx)", () => {
    near(fundingCap({ venue: "dydx", rate1: 0.05, rate2: 0.03 }), 0.12, 1e-12);
  });
  it("fdp#FP-10: dYdX impact notional 500 USDC / 10% = 5,000 (same page)", () => {
    near(fundingImpactNotional({ margin: 500, initialMarginRate: 0.1 }), 5_000, 1e-12);
  });
  it("fdp#FP-11: Hyperliquid docs example P = 1% → the 8-hour rate 0.95%, paid hourly as 0.11875% (the docs omit their own /8)", () => {
    const hourly = rate(0.01, "hyperliquid");
    near(hourly, 0.0011875, 1e-12);
    near(hourly * 8, 0.0095, 1e-12); // the page's 0.95% is the 8-hour rate
  });
  it('fdp#FP-12: Hyperliquid baseline "0.00125% every hour"', () => {
    near(rate(0, "hyperliquid"), 1.25e-5, 1e-12);
  });
  it("fdp#FP-13: Hyperliquid fundingHistory row: premium −0.0005591732 settled −0.0000073966", () => {
    near(rate(-0.0005591732, "hyperliquid"), -7.39665e-6, 0, 1e-10);
    near(rate(-0.0005591732, "hyperliquid"), -0.0000073966, 0, 1e-10); // the API prints 10 decimals
  });
  it("fdp#FP-14: Lighter worked example P = 0.1% → 0.00625% per hour (docs.lighter.xyz/trading/funding)", () => {
    near(rate(0.001, "lighter"), 6.25e-5, 1e-12);
  });
  it("fdp#FP-15: OKX legacy method (no interest, no dead band) P = 0.5% bounded at BTC's ±0.375% (okx.com/help/360053909272)", () => {
    const legacy = { interest8h: 0, clamp: 0, cap: 0.00375, floor: -0.00375 };
    near(rate(0.005, "okx", legacy), 0.00375, 1e-12);
    near(rate(-0.005, "okx", legacy), -0.00375, 1e-12);
    near(rate(0.001, "okx", legacy), 0.001, 1e-12); // inside the bound the rate is the premium
  });
});

describe("engine/funding: computed vectors (docs/references/funding-defi.md §3)", () => {
  it("fdp#FC-01..03: premium 0.1%, −0.1%, and 0 with the index inside the impact spread", () => {
    near(fundingPremium({ impactBid: 30030, impactAsk: 30045, indexPrice: 30000 }), 0.001, 1e-12);
    near(fundingPremium({ impactBid: 29955, impactAsk: 29970, indexPrice: 30000 }), -0.001, 1e-12);
    assert.equal(fundingPremium({ impactBid: 29990, impactAsk: 30010, indexPrice: 30000 }), 0);
  });
  it("fdp#FC-04, fdp#FC-05: average of {1, 2, 3, 6} bp: linear 3.8 bp, equal 3 bp", () => {
    const premiums = [1e-4, 2e-4, 3e-4, 6e-4];
    near(fundingAverage({ premiums }), 3.8e-4, 1e-12);
    near(fundingAverage({ premiums, weighting: "linear" }), 3.8e-4, 1e-12);
    near(
      fundingAverage({ premiums: Float64Array.from(premiums), weighting: "equal" }),
      3e-4,
      1e-12
    );
  });
  it("fdp#FC-06..09: Binance P = 0.2% at 8 h 0.15%, at 4 h 0.075%; P = −0.3% at 1 h −0.03125%; P = 1% capped at 0.3%", () => {
    near(rate(0.002, "binance", { intervalHours: 8 }), 0.0015, 1e-12);
    near(rate(0.002, "binance", { intervalHours: 4 }), 0.00075, 1e-12);
    near(rate(-0.003, "binance", { intervalHours: 1 }), -0.0003125, 1e-12);
    near(rate(0.01, "binance", { intervalHours: 8, cap: 0.003, floor: -0.003 }), 0.003, 1e-12);
  });
  it("fdp#FC-10, fdp#FC-11: Bybit P = 0.2% at 4 h 0.15% (interest 0.005%, premium unscaled); OKX at 8 h 0.15%", () => {
    near(rate(0.002, "bybit", { intervalHours: 4 }), 0.0015, 1e-12);
    near(rate(0.002, "okx", { intervalHours: 8 }), 0.0015, 1e-12);
  });
  it("fdp#FC-12, fdp#FC-13: dYdX P = 0.08% per 8 h on a cross market → 0.01% per hour; isolated market P = 0, I = 1 bp → 0.00125% per hour", () => {
    near(rate(0.0008, "dydx"), 0.0001, 1e-12);
    near(rate(0, "dydx", { interest8h: 0.0001 }), 1.25e-5, 1e-12);
  });
  it("fdp#FC-14: Hyperliquid P = 50% hits the 4% per hour bound", () => {
    near(rate(0.5, "hyperliquid"), 0.04, 1e-12);
    near(rate(-0.5, "hyperliquid"), -0.04, 1e-12);
  });
  it("fdp#FC-15, fdp#FC-16: a 1.5 BTC long at 60,000 pays 9 at 0.01%; a 2 ETH short at 3,000 receives 0.075 at 0.00125%", () => {
    near(fundingPayment({ quantity: 1.5, price: 60_000, rate: 0.0001 }), -9, 1e-12);
    near(fundingPayment({ quantity: -2, price: 3_000, rate: 1.25e-5 }), 0.075, 1e-12);
  });
  it("fdp#FC-17..20: 0.01% per 8 h is 10.95% simple, 11.5713963% compound, 10.9494525% continuous; 0.00125% per hour compounds to 11.5719307%", () => {
    near(fundingAnnualize({ rate: 0.0001, intervalHours: 8 }), 0.1095, 1e-12);
    near(fundingAnnualize({ rate: 0.0001, intervalHours: 8, method: "simple" }), 0.1095, 1e-12);
    near(
      fundingAnnualize({ rate: 0.0001, intervalHours: 8, method: "compound" }),
      0.11571396279168664,
      1e-9
    );
    near(
      fundingAnnualize({ rate: 1.25e-5, intervalHours: 1, method: "compound" }),
      0.11571930737084854,
      1e-9
    );
    near(
      fundingAnnualize({ rate: 0.0001, intervalHours: 8, method: "continuous" }),
      0.10949452536497263,
      1e-9
    );
  });
  it("fdp#FC-21: implied premium of 0.15% is 0.2%, of −0.03% is −0.08%; a rate at the interest is #N/A (dead band)", () => {
    near(fundingImpliedPremium({ rate: 0.0015 }), 0.002, 1e-12);
    near(fundingImpliedPremium({ rate: -0.0003 }), -0.0008, 1e-12);
    assert.throws(
      () => fundingImpliedPremium({ rate: 0.0001 }),
      isLev("NA", "rate", /not identifiable/)
    );
  });
  it("fdp#FC-22: basis 61,000 over 60,000 with 90 days: 6.7592593% simple, 6.9334414% compound", () => {
    near(basis({ futurePrice: 61_000, spotPrice: 60_000, days: 90 }), 0.06759259259259259, 1e-9);
    near(
      basis({ futurePrice: 61_000, spotPrice: 60_000, days: 90, method: "compound" }),
      0.06933344135902704,
      1e-9
    );
    near(basis({ futurePrice: 61_000, spotPrice: 60_000 }), 1 / 60, 1e-12);
  });
  it("funding-defi.md §1.8: Binance at 4 h (0.005% per 4 h) compounds to 11.5717017% a year", () => {
    const r = rate(0, "binance", { intervalHours: 4 });
    near(r, 5e-5, 1e-12);
    near(
      fundingAnnualize({ rate: r, intervalHours: 4, method: "compound" }),
      0.1157170167574395,
      1e-9
    );
  });
});

describe("engine/funding: known disagreements between sources (docs/references/funding-defi.md §1.12)", () => {
  it("Hyperliquid's docs example prints 0.95% without the /8 its own text requires; the settled data (fdp#FP-13) follow the /8", () => {
    const hourly = rate(0.01, "hyperliquid");
    assert.notEqual(hourly, 0.0095);
    near(hourly, 0.0095 / 8, 1e-12);
  });
  it("Bybit (only the interest scaled) vs Binance (the whole rate scaled) under 8 h: the same premium costs 0.15% vs 0.075% per 4 h (fdp#FC-07 vs fdp#FC-10)", () => {
    const binance = rate(0.002, "binance", { intervalHours: 4 });
    const bybit = rate(0.002, "bybit", { intervalHours: 4 });
    near(bybit / binance, 2, 1e-12);
    // at 8 h the two rules agree
    assert.equal(rate(0.002, "binance"), rate(0.002, "bybit"));
  });
  it('"~11.6% APR" for 0.00125% per hour (Hyperliquid community docs) is the compounded figure; the simple APR is 10.95%', () => {
    near(fundingAnnualize({ rate: 1.25e-5, intervalHours: 1 }), 0.1095, 1e-12);
    const compounded = fundingAnnualize({ rate: 1.25e-5, intervalHours: 1, method: "compound" });
    assert.equal(compounded.toFixed(3), "0.116");
  });
});

describe("engine/funding: the venue conventions are data (docs/references/funding-defi.md §1.8)", () => {
  it("every venue of the contract has one convention row, and no other venue is accepted", () => {
    assert.deepEqual(Object.keys(FUNDING_CONVENTIONS).sort(), [...FUNDING_VENUES].sort());
    assert.throws(() => rate(0.001, "ftx" as FundingVenue), isLev("VALUE", "venue"));
  });
  it("the contract's defaults: interest 0.0001 per 8 h (dYdX 0), clamp 0.0005, 8-hour settlements (dYdX, Hyperliquid, Lighter hourly)", () => {
    for (const v of FUNDING_VENUES) {
      const c = FUNDING_CONVENTIONS[v];
      assert.equal(c.interest8h, v === "dydx" ? 0 : 0.0001, v);
      assert.equal(c.clamp, v === "dydx" ? undefined : 0.0005, v);
      assert.equal(c.intervalHours, ["dydx", "hyperliquid", "lighter"].includes(v) ? 1 : 8, v);
      assert.equal(c.paymentPrice, ["dydx", "hyperliquid"].includes(v) ? "oracle" : "mark", v);
    }
    assert.equal(rate(0.0001), rate(0.0001, "binance", { intervalHours: 8, interest8h: 0.0001 }));
  });

  /** The contract's venue table (docs/spec/functions.md "Funding"), written out per venue. */
  function contractRate(v: FundingVenue, P: number, N: number, I: number, c: number): number {
    const cl = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
    switch (v) {
      case "binance":
        return (P + cl(I - P, -c, c)) / (8 / N);
      case "bybit":
      case "okx":
        return P + cl((I * N) / 8 - P, -c, c);
      case "hyperliquid":
        return cl((P + cl(I - P, -c, c)) / 8, -0.04, 0.04);
      case "lighter":
        return cl(P + cl(I - P, -c, c), -0.04, 0.04) / 8;
      case "dydx":
        return (P + I) / 8;
    }
  }

  it("property: for every venue the data-driven rate equals the contract's formula written out per venue (seeded)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FUNDING_VENUES),
        fc.double({ min: -0.6, max: 0.6, noNaN: true }),
        fc.constantFrom(1, 2, 4, 8),
        fc.double({ min: -0.001, max: 0.001, noNaN: true }),
        fc.double({ min: 0, max: 0.002, noNaN: true }),
        (v, P, N, I, c) => {
          const hourly = FUNDING_CONVENTIONS[v].fixedInterval;
          const n = hourly ? 1 : N;
          const got = rate(P, v, {
            intervalHours: n,
            interest8h: I,
            clamp: v === "dydx" ? undefined : c,
          });
          const want = contractRate(v, P, n, I, c);
          return Math.abs(got - want) <= 1e-15 + 1e-13 * Math.abs(want);
        }
      ),
      { seed: 18, numRuns: 2000 }
    );
  });

  it("cap and floor clamp the rate per settlement after the venue's own bound", () => {
    near(rate(0.01, "hyperliquid", { cap: 0.001 }), 0.001, 1e-12);
    near(rate(-0.01, "binance", { floor: -0.003 }), -0.003, 1e-12);
    near(rate(0.0001, "binance", { cap: 0.003, floor: -0.003 }), 0.0001, 1e-12);
  });
});

describe("engine/funding: independent checks", () => {
  it("premium: zero whenever the index lies within the impact spread; its sign follows the side the index is on (seeded)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.double({ min: -0.05, max: 0.05, noNaN: true }),
        (idx, spread, shift) => {
          const bid = idx * (1 + shift);
          const ask = bid * (1 + spread);
          const p = fundingPremium({ impactBid: bid, impactAsk: ask, indexPrice: idx });
          if (bid <= idx && idx <= ask) return p === 0;
          if (bid > idx) return p > 0 && Math.abs(p - (bid - idx) / idx) <= 1e-12;
          return p < 0 && Math.abs(p + (idx - ask) / idx) <= 1e-12;
        }
      ),
      { seed: 7, numRuns: 500 }
    );
  });
  it("average: linear weights equal the explicit Σ k·p_k / Σ k; a constant series averages to itself", () => {
    const p = [0.0003, -0.0001, 0.0002, 0.0005, 0.0001];
    const explicit = p.reduce((s, x, k) => s + (k + 1) * x, 0) / 15;
    near(fundingAverage({ premiums: p }), explicit, 1e-14);
    near(fundingAverage({ premiums: new Array(720).fill(0.00042) }), 0.00042, 1e-12);
    near(
      fundingAverage({ premiums: new Array(720).fill(0.00042), weighting: "equal" }),
      0.00042,
      1e-12
    );
  });
  it("dead band: F8 = P − c above the band, P + c below, the interest inside (funding-defi.md §1.1)", () => {
    near(rate(0.003), 0.0025, 1e-12);
    near(rate(-0.003), -0.0025, 1e-12);
    assert.equal(rate(0.00011), 0.0001);
  });
  it("interest: 24/N settlements a day; 4 h → a sixth of the daily gap (Bybit 4 h: 0.005%)", () => {
    near(
      fundingInterest({ quoteRateDaily: 0.0006, baseRateDaily: 0.0003, intervalHours: 4 }),
      0.00005,
      1e-12
    );
    near(fundingInterest({ quoteRateDaily: 0.0006, baseRateDaily: 0.0003 }), 0.0001, 1e-12);
    near(
      fundingInterest({ quoteRateDaily: 0.0006, baseRateDaily: 0.0003, intervalHours: 24 }),
      0.0003,
      1e-12
    );
  });
  it("annualise: compound = expm1(continuous); simple ≥ continuous for a positive rate (seeded)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.05, max: 0.05, noNaN: true }),
        fc.constantFrom(1, 2, 4, 8),
        (r, N) => {
          const cont = fundingAnnualize({ rate: r, intervalHours: N, method: "continuous" });
          const comp = fundingAnnualize({ rate: r, intervalHours: N, method: "compound" });
          const simple = fundingAnnualize({ rate: r, intervalHours: N });
          return (
            Math.abs(comp - Math.expm1(cont)) <= 1e-12 * Math.max(1, Math.abs(comp)) &&
            (r <= 0 || simple >= cont)
          );
        }
      ),
      { seed: 3, numRuns: 500 }
    );
    near(fundingAnnualize({ rate: 0.0001, intervalHours: 8, daysPerYear: 366 }), 0.1098, 1e-12);
  });
  it("payment: a long pays what a short of the same size receives; zero funding pays nothing", () => {
    const long = fundingPayment({ quantity: 3, price: 2_500, rate: 0.0002 });
    const short = fundingPayment({ quantity: -3, price: 2_500, rate: 0.0002 });
    assert.equal(long, -short);
    assert.ok(Object.is(fundingPayment({ quantity: 3, price: 2_500, rate: 0 }), 0));
  });
  it("basis: compound and simple agree at 365 days; a future below spot has a negative basis", () => {
    const s = basis({ futurePrice: 105, spotPrice: 100, days: 365 });
    const c = basis({ futurePrice: 105, spotPrice: 100, days: 365, method: "compound" });
    near(s, 0.05, 1e-12);
    near(c, 0.05, 1e-12);
    assert.ok(basis({ futurePrice: 99, spotPrice: 100, days: 30 }) < 0);
  });
  it("implied premium inverts the rate outside the dead band (seeded)", () => {
    fc.assert(
      fc.property(fc.double({ min: -0.01, max: 0.01, noNaN: true }), (P) => {
        const F = rate(P); // Binance 8 h
        if (F === 0.0001) return P >= -0.0004 - 1e-15 && P <= 0.0006 + 1e-15;
        return Math.abs(fundingImpliedPremium({ rate: F }) - P) <= 1e-15;
      }),
      { seed: 5, numRuns: 500 }
    );
    assert.equal(fundingImpliedPremium({ rate: 0.0001, clamp: 0 }), 0.0001); // no band: rate = premium
  });
});

describe("engine/funding: errors name the argument", () => {
  it("#NUM! for out-of-domain numbers", () => {
    assert.throws(
      () => fundingPremium({ impactBid: 101, impactAsk: 100, indexPrice: 100 }),
      isLev("NUM", "impact_bid")
    );
    assert.throws(
      () => fundingPremium({ impactBid: 99, impactAsk: 100, indexPrice: 0 }),
      isLev("NUM", "index_price")
    );
    assert.throws(
      () => rate(0.001, "binance", { intervalHours: 0 }),
      isLev("NUM", "interval_hours", /empty cell/)
    );
    assert.throws(
      () => rate(0.001, "lighter", { intervalHours: 8 }),
      isLev("NUM", "interval_hours")
    );
    assert.throws(() => rate(0.001, "binance", { clamp: -0.0005 }), isLev("NUM", "clamp"));
    assert.throws(() => rate(0.001, "binance", { cap: -0.01, floor: 0.01 }), isLev("NUM", "cap"));
    assert.throws(() => rate(NaN), isLev("NUM", "average_premium"));
    assert.throws(
      () => fundingInterest({ quoteRateDaily: 0.0006, baseRateDaily: 0, intervalHours: 5 }),
      isLev("NUM", "interval_hours")
    );
    assert.throws(
      () => fundingInterest({ quoteRateDaily: 0.0006, baseRateDaily: 0, intervalHours: 48 }),
      isLev("NUM", "interval_hours")
    );
    assert.throws(() => fundingCap({ venue: "binance", rate1: 0 }), isLev("NUM", "rate1"));
    assert.throws(
      () => fundingCap({ venue: "dydx", rate1: 0.03, rate2: 0.05 }),
      isLev("NUM", "rate2")
    );
    assert.throws(
      () => fundingImpactNotional({ margin: 200, initialMarginRate: 1.5 }),
      isLev("NUM", "initial_margin_rate")
    );
    assert.throws(
      () => fundingAnnualize({ rate: -1, intervalHours: 8, method: "compound" }),
      isLev("NUM", "rate")
    );
    assert.throws(
      () => fundingAnnualize({ rate: 0.01, intervalHours: 1e-300, method: "compound" }),
      isLev("NUM")
    );
    assert.throws(
      () => fundingPayment({ quantity: 1, price: -5, rate: 0.0001 }),
      isLev("NUM", "price")
    );
    assert.throws(() => basis({ futurePrice: 100, spotPrice: 100, days: 0 }), isLev("NUM", "days"));
    assert.throws(
      () => basis({ futurePrice: 1e10, spotPrice: 1, days: 1e-6, method: "compound" }),
      isLev("NUM", "days")
    );
  });
  it("#VALUE! for a bad choice or a venue rule that does not apply", () => {
    assert.throws(() => rate(0.001, "dydx", { clamp: 0.0005 }), isLev("VALUE", "clamp"));
    assert.throws(() => fundingCap({ venue: "okx", rate1: 0.004 }), isLev("VALUE", "venue"));
    assert.throws(
      () => fundingCap({ venue: "hyperliquid", rate1: 0.004 }),
      isLev("VALUE", "venue")
    );
    assert.throws(() => fundingCap({ venue: "dydx", rate1: 0.05 }), isLev("VALUE", "rate2"));
    assert.throws(
      () => fundingCap({ venue: "binance", rate1: 0.004, rate2: 0.001 }),
      isLev("VALUE", "rate2")
    );
    assert.throws(() => fundingAverage({ premiums: [] }), isLev("VALUE", "premiums"));
    assert.throws(
      () => fundingAverage({ premiums: [0.001], weighting: "twap" as "linear" }),
      isLev("VALUE", "weighting")
    );
    assert.throws(
      () => basis({ futurePrice: 101, spotPrice: 100, method: "compound" }),
      isLev("VALUE", "method")
    );
    assert.throws(
      () => fundingAnnualize({ rate: 0.0001, intervalHours: 8, method: "apy" as "simple" }),
      isLev("VALUE", "method")
    );
  });
});
