/**
 * The engine's cross-argument slip checks (issue #14) and the "Changes to Part 1 functions" of the contract
 * (docs/spec/functions.md): liquidated at entry from every LEV.LIQ.* function, signed sizes, LEV.LIQ.TIERED's
 * close fee, LEV.LIQ.VENUE's maintenance amount, a CPPI floor typed as a fraction, a rebalance interval
 * longer than the horizon. The formula-level suite (through the evaluator) is test/functions/unit-slips.test.ts.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { cppiExposure, cppiGapRisk, cppiLeverage, cppiValue } from "../../src/engine/cppi";
import { LevError } from "../../src/engine/errors";
import {
  liqCross,
  liqInverse,
  liqLeverage,
  liqPrice,
  liqTiered,
  type Bracket,
} from "../../src/engine/liquidation";
import { liqVenue, VENUES } from "../../src/engine/venues";
import { isLev } from "./liq-helpers";

const LAE = /^liquidated at entry: /;
const BRACKETS: Bracket[] = [
  { notionalFloor: 0, notionalCap: 50_000, maintenanceRate: 0.004, maintenanceAmount: 0 },
  { notionalFloor: 50_000, notionalCap: 250_000, maintenanceRate: 0.005, maintenanceAmount: 50 },
  { notionalFloor: 250_000, notionalCap: 1e12, maintenanceRate: 0.01, maintenanceAmount: 1_300 },
];

describe("engine: liquidated at entry (#N/A from every LEV.LIQ.* function, never a price on the wrong side of entry)", () => {
  it("LEV.LIQ.PRICE: the issue's long 'liquidated' above its entry (0.5 meant 0.5%) names the slip", () => {
    assert.throws(
      () =>
        liqPrice({ side: 1, entryPrice: 60_000, quantity: 1, margin: 6_000, maintenanceRate: 0.5 }),
      isLev(
        "NA",
        undefined,
        /liquidated at entry: .*did you mean maintenance_rate 0\.005 \(0\.5%\)\?/
      )
    );
    // the same for a short
    assert.throws(
      () =>
        liqPrice({
          side: -1,
          entryPrice: 60_000,
          quantity: 1,
          margin: 6_000,
          maintenanceRate: 0.5,
        }),
      isLev("NA", undefined, LAE)
    );
  });
  it("LEV.LIQ.PRICE with margin 0 (an empty margin cell on desktop) says so", () => {
    assert.throws(
      () => liqPrice({ side: 1, entryPrice: 60_000, quantity: 1, margin: 0 }),
      isLev(
        "NA",
        undefined,
        /liquidated at entry: .*margin is 0: Excel on Windows and Mac passes an empty cell as 0/
      )
    );
  });
  it("LEV.LIQ.PRICE with a leverage typed where the margin belongs says what margin that leverage means", () => {
    assert.throws(
      () => liqPrice({ side: 1, entryPrice: 60_000, quantity: 1, margin: 10 }),
      isLev(
        "NA",
        undefined,
        /if 10 is the leverage, the margin is quantity × entry_price \/ 10 = 6000/
      )
    );
  });
  it("LEV.LIQ.LEVERAGE: maintenance rate ≥ 1/leverage (0.4 at 10x) is liquidated at entry — did you mean 0.004?", () => {
    assert.throws(
      () => liqLeverage({ side: 1, entryPrice: 60_000, leverage: 10, maintenanceRate: 0.4 }),
      isLev(
        "NA",
        undefined,
        /1\/leverage = 0\.1 .*did you mean maintenance_rate 0\.004 \(0\.4%\)\?/
      )
    );
    assert.throws(
      () => liqLeverage({ side: -1, entryPrice: 60_000, leverage: 10, maintenanceRate: 0.1 }),
      isLev("NA", undefined, LAE)
    );
    // just below 1/leverage: a price, on the right side
    assert.ok(
      liqLeverage({ side: 1, entryPrice: 100, leverage: 10, maintenanceRate: 0.099 }) < 100
    );
  });
  it("LEV.LIQ.INVERSE, LEV.LIQ.TIERED, LEV.LIQ.CROSS and LEV.LIQ.VENUE (every venue) answer it too", () => {
    assert.throws(
      () =>
        liqInverse({
          side: 1,
          entryPrice: 50_000,
          contracts: 100,
          contractSize: 100,
          marginCoin: 0,
        }),
      isLev("NA", undefined, /liquidated at entry: margin_coin 0 .*empty cell/)
    );
    assert.throws(
      () =>
        liqTiered({ side: 1, entryPrice: 30_000, quantity: 10, margin: 1_000, brackets: BRACKETS }),
      isLev("NA", undefined, /liquidated at entry: .*brackets row 3/)
    );
    assert.throws(
      () =>
        liqCross({
          walletBalance: 0.1,
          positions: [
            {
              side: 1,
              quantity: 1,
              entryPrice: 100,
              markPrice: 100,
              maintenanceRate: 0.005,
              maintenanceAmount: 0,
            },
          ],
        }),
      isLev("NA", undefined, LAE)
    );
    for (const venue of VENUES) {
      for (const side of [1, -1] as const) {
        assert.throws(
          () =>
            liqVenue({
              venue,
              side,
              entryPrice: 100,
              quantity: 1,
              margin: 0.001,
              rate: venue === "hyperliquid" ? 50 : 0.01,
            }),
          isLev("NA", undefined, LAE),
          `${venue} ${side}`
        );
      }
    }
  });
  it("property: a linear isolated position is liquidated at entry exactly when margin + D ≤ |q|·E·(m + f); otherwise a long's LP < E < a short's LP (seeded)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1 as const, -1 as const),
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        fc.double({ min: 1e-3, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 0.01, noNaN: true }),
        (side, E, q, marginShare, m, f) => {
          const margin = q * E * marginShare;
          const mm = q * E * (m + f);
          let lp: number;
          try {
            lp = liqPrice({
              side,
              entryPrice: E,
              quantity: q,
              margin,
              maintenanceRate: m,
              closeFeeRate: f,
            });
          } catch (e) {
            if (!(e instanceof LevError && e.kind === "NA")) return false;
            if (LAE.test(e.message)) return margin <= mm * (1 + 1e-12) + 1e-300;
            return side === 1; // a long over-collateralised to price 0
          }
          if (Math.abs(margin - mm) <= 1e-9 * mm) return true; // at the boundary either is right
          // (a margin of a few ulps of the notional puts the exact LP within rounding of E)
          const ulps = 4 * Number.EPSILON * E;
          return margin > mm && (side === 1 ? lp < E + ulps : lp > E - ulps);
        }
      ),
      { seed: 14, numRuns: 500 }
    );
  });
});

describe("engine: signed sizes and buy/sell (contract: a sign that agrees with side is accepted)", () => {
  it("a negative quantity with side short equals the positive one; with side long it is #VALUE! naming quantity", () => {
    const short = {
      side: -1 as const,
      entryPrice: 10,
      margin: 2,
      maintenanceRate: 0.01,
      maintenanceAmount: 0.01,
    };
    assert.equal(liqPrice({ ...short, quantity: -1 }), liqPrice({ ...short, quantity: 1 }));
    assert.throws(
      () => liqPrice({ ...short, side: 1, quantity: -1 }),
      isLev("VALUE", "quantity", /negative size means a short/)
    );
    assert.equal(
      liqInverse({
        side: -1,
        entryPrice: 50_000,
        contracts: -100,
        contractSize: 100,
        marginCoin: 0.02,
      }),
      liqInverse({
        side: -1,
        entryPrice: 50_000,
        contracts: 100,
        contractSize: 100,
        marginCoin: 0.02,
      })
    );
    assert.equal(
      liqVenue({ venue: "bybit", side: -1, entryPrice: 8_000, quantity: -1, margin: 200 }),
      liqVenue({ venue: "bybit", side: -1, entryPrice: 8_000, quantity: 1, margin: 200 })
    );
    const pos = { entryPrice: 100, markPrice: 100, maintenanceRate: 0.005, maintenanceAmount: 0 };
    assert.equal(
      liqCross({ walletBalance: 20, positions: [{ ...pos, side: -1, quantity: -2 }] }),
      liqCross({ walletBalance: 20, positions: [{ ...pos, side: -1, quantity: 2 }] })
    );
    assert.throws(
      () => liqCross({ walletBalance: 20, positions: [{ ...pos, side: 1, quantity: -2 }] }),
      isLev("VALUE", "positions", /row 1 quantity is -2 but side is long/)
    );
  });
});

describe("engine: LEV.LIQ.TIERED close_fee_rate and LEV.LIQ.VENUE maintenance_amount (contract changes)", () => {
  it("a close fee f on brackets is the same as adding f to every bracket's rate", () => {
    const withFee = liqTiered({
      side: 1,
      entryPrice: 30_000,
      quantity: 9,
      margin: 27_000,
      brackets: BRACKETS,
      closeFeeRate: 0.0005,
    });
    const added = liqTiered({
      side: 1,
      entryPrice: 30_000,
      quantity: 9,
      margin: 27_000,
      brackets: BRACKETS.map((b) => ({ ...b, maintenanceRate: b.maintenanceRate + 0.0005 })),
    });
    assert.ok(Math.abs(withFee - added) <= 1e-9 * added);
    assert.ok(
      withFee >
        liqTiered({ side: 1, entryPrice: 30_000, quantity: 9, margin: 27_000, brackets: BRACKETS })
    );
  });
  it("binance with maintenance_amount D equals LEV.LIQ.PRICE with the same D (Binance 'cum'); bybit deducts D from the entry-valued MM", () => {
    const p = { side: 1 as const, entryPrice: 32_481.98, quantity: 109.488, margin: 1_535_443.01 };
    assert.equal(
      liqVenue({ venue: "binance", ...p, rate: 0.025, maintenanceAmount: 16_300 }),
      liqPrice({ ...p, maintenanceRate: 0.025, maintenanceAmount: 16_300 })
    );
    // bybit: LP = E − (IM − (|q|·E·m − D))/|q|
    const b = liqVenue({
      venue: "bybit",
      side: 1,
      entryPrice: 20_000,
      quantity: 1,
      margin: 400,
      rate: 0.005,
      maintenanceAmount: 10,
    });
    assert.ok(Math.abs(b - (20_000 - (400 - (100 - 10)))) < 1e-9);
  });
});

describe("engine: CPPI unit slips", () => {
  it("a floor typed as a fraction (0.9 with value 100,000) is #VALUE! with the amount it probably means", () => {
    for (const f of [
      () => cppiExposure({ value: 100_000, floor: 0.9, multiplier: 5 }),
      () => cppiLeverage({ value: 100_000, floor: 0.9, multiplier: 5 }),
      () =>
        cppiValue({
          value: 100_000,
          floor: 0.9,
          multiplier: 5,
          rate: 0.05,
          volatility: 0.2,
          years: 1,
          priceRatio: 1.2,
        }),
    ])
      assert.throws(f, isLev("VALUE", "floor", /did you mean 0\.9 × value = 90000\?/));
    // a value in units of 1 with a floor of 0.9 is a floor of 90%: fine
    assert.equal(cppiExposure({ value: 1, floor: 0.9, multiplier: 5 }), 0.5);
  });
  it("a rebalance interval longer than the horizon (252 typed for 1/252) is #VALUE! with the reciprocal", () => {
    assert.throws(
      () => cppiGapRisk({ multiplier: 5, volatility: 0.8, rebalanceIntervalYears: 252, years: 1 }),
      isLev(
        "VALUE",
        "rebalance_interval_years",
        /longer than the horizon years 1: .*did you mean 1\/252 = 0\.00396825/
      )
    );
    assert.throws(
      () =>
        cppiGapRisk({ multiplier: 5, volatility: 0.8, rebalanceIntervalYears: 0.5, years: 0.25 }),
      isLev("VALUE", "rebalance_interval_years")
    );
    assert.ok(
      cppiGapRisk({ multiplier: 5, volatility: 0.8, rebalanceIntervalYears: 1 / 252, years: 1 }) > 0
    );
  });
});
