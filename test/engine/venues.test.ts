import { strict as assert } from "assert";
import fc from "fast-check";
import { liqPrice } from "../../src/engine/liquidation";
import { liqVenue, VENUES, type Venue } from "../../src/engine/venues";
import { assertShown, isLev } from "./liq-helpers";

describe("engine/venues: Bybit (MM valued at entry)", () => {
  it("long 1 BTC @ 10,000, 50x, MMR 0.5% → 9,850 (help.bybit.com 900000181046, docs/references/vectors.md liq#18)", () => {
    assertShown(
      liqVenue({
        venue: "bybit",
        side: 1,
        entryPrice: 10_000,
        quantity: 1,
        margin: 10_000 / 50,
        rate: 0.005,
      }),
      "9,850"
    );
  });
  it("short 1 BTC @ 8,000, 40x, MMR 0.5% → 8,160 (same page, docs/references/vectors.md liq#19)", () => {
    assertShown(
      liqVenue({
        venue: "bybit",
        side: -1,
        entryPrice: 8_000,
        quantity: 1,
        margin: 8_000 / 40,
        rate: 0.005,
      }),
      "8,160"
    );
  });
  it("long 1 BTC @ 20,000, 50x (IM 400, MM 100) → 19,700 (testnet.bybit.com Liquidation-Price-USDT-Contract, docs/references/vectors.md liq#20 and the entry-valued half of #61)", () => {
    assertShown(
      liqVenue({
        venue: "bybit",
        side: 1,
        entryPrice: 20_000,
        quantity: 1,
        margin: 400,
        rate: 0.005,
      }),
      "19,700.00"
    );
  });
  it("row 61 convention gap: entry-valued 19,700.00 vs liquidation-valued 19,698.49 for the same position (derived, docs/references/liquidation.md §0; docs/references/vectors.md liq#61)", () => {
    const entryValued = liqVenue({
      venue: "bybit",
      side: 1,
      entryPrice: 20_000,
      quantity: 1,
      margin: 400,
      rate: 0.005,
    });
    const liqValued = liqVenue({
      venue: "binance",
      side: 1,
      entryPrice: 20_000,
      quantity: 1,
      margin: 400,
      rate: 0.005,
    });
    assertShown(entryValued, "19,700.00");
    assertShown(liqValued, "19,698.49");
  });
  it("same page continuations: short with 3,000 USDT extra margin → 23,300; long after a 200 USDT funding fee → 19,900 (Bybit examples as copied by wuyelx.com/gate.com, docs/references/liquidation.md §3.1)", () => {
    assertShown(
      liqVenue({
        venue: "bybit",
        side: -1,
        entryPrice: 20_000,
        quantity: 1,
        margin: 400 + 3_000,
        rate: 0.005,
      }),
      "23,300"
    );
    assertShown(
      liqVenue({
        venue: "bybit",
        side: 1,
        entryPrice: 20_000,
        quantity: 1,
        margin: 400 - 200,
        rate: 0.005,
      }),
      "19,900"
    );
  });
  it("freqtrade Bybit, MMR 1%, E 10: long 1x/3x/5x/10x = 0.1 / 6.766667 / 8.1 / 9.1; short 19.9 / 13.233333 / 11.9 / 10.9 (freqtrade test_exchange.py, docs/references/vectors.md liq#24)", () => {
    const expected: Record<string, string[]> = {
      "1": ["0.1", "6.766667", "8.1", "9.1"],
      "-1": ["19.9", "13.233333", "11.9", "10.9"],
    };
    for (const side of [1, -1] as const) {
      [1, 3, 5, 10].forEach((L, i) => {
        assertShown(
          liqVenue({
            venue: "bybit",
            side,
            entryPrice: 10,
            quantity: 1,
            margin: 10 / L,
            rate: 0.01,
          }),
          expected[String(side)][i]
        );
      });
    }
  });
});

describe("engine/venues: OKX (mmr + taker fee at the liquidation price)", () => {
  it("E 10, margin 2, 1 unit, MMR 1%, taker 0.06%: long 8.0857085, short 11.8741342 (freqtrade test_exchange.py, docs/references/vectors.md liq#28, #29)", () => {
    assertShown(
      liqVenue({
        venue: "okx",
        side: 1,
        entryPrice: 10,
        quantity: 1,
        margin: 2,
        rate: 0.01,
        closeFeeRate: 0.0006,
      }),
      "8.0857085"
    );
    assertShown(
      liqVenue({
        venue: "okx",
        side: -1,
        entryPrice: 10,
        quantity: 1,
        margin: 2,
        rate: 0.01,
        closeFeeRate: 0.0006,
      }),
      "11.8741342"
    );
  });
  it("3x: long 6.7380904, short 13.1934824 (freqtrade test_exchange.py, docs/references/liquidation.md §4)", () => {
    assertShown(
      liqVenue({
        venue: "okx",
        side: 1,
        entryPrice: 10,
        quantity: 1,
        margin: 10 / 3,
        rate: 0.01,
        closeFeeRate: 0.0006,
      }),
      "6.7380904"
    );
    assertShown(
      liqVenue({
        venue: "okx",
        side: -1,
        entryPrice: 10,
        quantity: 1,
        margin: 10 / 3,
        rate: 0.01,
        closeFeeRate: 0.0006,
      }),
      "13.1934824"
    );
  });
  it("uses a 0.0005 close fee when close_fee_rate is omitted (formula contract)", () => {
    assert.equal(
      liqVenue({ venue: "okx", side: 1, entryPrice: 10, quantity: 1, margin: 2, rate: 0.01 }),
      liqPrice({
        side: 1,
        entryPrice: 10,
        quantity: 1,
        margin: 2,
        maintenanceRate: 0.01,
        closeFeeRate: 0.0005,
      })
    );
    assert.notEqual(
      liqVenue({ venue: "okx", side: 1, entryPrice: 10, quantity: 1, margin: 2, rate: 0.01 }),
      liqVenue({
        venue: "okx",
        side: 1,
        entryPrice: 10,
        quantity: 1,
        margin: 2,
        rate: 0.01,
        closeFeeRate: 0,
      })
    );
  });
});

describe("engine/venues: dYdX v4 and Hyperliquid", () => {
  it("dYdX isolated short: e 1,000, s −3 ETH, p 3,000, MMF 5% → 3,174.60 (dydxprotocol/v4-documentation liquidations.mdx, docs/references/vectors.md liq#36)", () => {
    assertShown(
      liqVenue({
        venue: "dydx",
        side: -1,
        entryPrice: 3_000,
        quantity: 3,
        margin: 1_000,
        rate: 0.05,
      }),
      "3,174.60"
    );
  });
  it("Hyperliquid SOL long 0.6 @ 173.06, collateral 20.735658, max leverage 20 → 142.051867 (HL API value in freqtrade test_hyperliquid.py, docs/references/vectors.md liq#42)", () => {
    assertShown(
      liqVenue({
        venue: "hyperliquid",
        side: 1,
        entryPrice: 173.06,
        quantity: 0.6,
        margin: 20.735658,
        rate: 20,
      }),
      "142.051867"
    );
  });
  it("Hyperliquid ETH short 0.019 @ 2,642.8, collateral 25.091876, max leverage 50 → 3,924.18322 (freqtrade test_hyperliquid.py, docs/references/liquidation.md §7)", () => {
    assertShown(
      liqVenue({
        venue: "hyperliquid",
        side: -1,
        entryPrice: 2_642.8,
        quantity: 0.019,
        margin: 25.091876,
        rate: 50,
      }),
      "3,924.18322"
    );
  });
  it("Hyperliquid BTC long 0.00077 @ 62,739, collateral 24.137992, max leverage 50: the API's 31,708.0384 lies inside the range spanned by the collateral's 6-decimal rounding (freqtrade test_hyperliquid.py, docs/references/vectors.md liq#38)", () => {
    // The published collateral is rounded to 1e-6 USDC; with |q|·(1 − 1/100) = 0.0007623 that rounding alone moves the
    // liquidation price by ±0.5e-6/0.0007623 = ±6.6e-4, more than the 4th decimal shown. The formula at the rounded
    // collateral gives 31,708.0388; the API value must be reachable from some collateral in [24.1379915, 24.1379925].
    const at = (margin: number) =>
      liqVenue({
        venue: "hyperliquid",
        side: 1,
        entryPrice: 62_739,
        quantity: 0.00077,
        margin,
        rate: 50,
      });
    const hi = at(24.137992 - 0.5e-6); // less margin → higher LP for a long
    const lo = at(24.137992 + 0.5e-6);
    assert.ok(lo <= 31_708.0384 && 31_708.0384 <= hi, `31,708.0384 not in [${lo}, ${hi}]`);
    assertShown(at(24.137992), "31,708.0388");
  });
  it("Hyperliquid maintenance rate is 1/(2·max leverage): max leverage 50 equals Binance with mmr 1%", () => {
    assert.equal(
      liqVenue({
        venue: "hyperliquid",
        side: 1,
        entryPrice: 62_739,
        quantity: 0.00077,
        margin: 24.137992,
        rate: 50,
      }),
      liqVenue({
        venue: "binance",
        side: 1,
        entryPrice: 62_739,
        quantity: 0.00077,
        margin: 24.137992,
        rate: 0.01,
      })
    );
  });
});

describe("engine/venues: Binance and validation", () => {
  it("binance is the docs/references/liquidation.md §0 formula with no maintenance amount (equals LEV.LIQ.PRICE)", () => {
    assert.equal(
      liqVenue({ venue: "binance", side: -1, entryPrice: 10, quantity: 1, margin: 2, rate: 0.01 }),
      liqPrice({ side: -1, entryPrice: 10, quantity: 1, margin: 2, maintenanceRate: 0.01 })
    );
  });
  it("rate defaults to 0.005 for binance, bybit and okx", () => {
    for (const venue of ["binance", "bybit", "okx"] as const) {
      assert.equal(
        liqVenue({ venue, side: 1, entryPrice: 20_000, quantity: 1, margin: 400 }),
        liqVenue({ venue, side: 1, entryPrice: 20_000, quantity: 1, margin: 400, rate: 0.005 })
      );
    }
  });
  it("rate is required for hyperliquid (max leverage) and dydx (maintenance fraction)", () => {
    assert.throws(
      () => liqVenue({ venue: "hyperliquid", side: 1, entryPrice: 100, quantity: 1, margin: 10 }),
      isLev("VALUE", "rate", /max leverage/)
    );
    assert.throws(
      () => liqVenue({ venue: "dydx", side: 1, entryPrice: 100, quantity: 1, margin: 10 }),
      isLev("VALUE", "rate", /maintenance margin fraction/)
    );
  });
  it("an unknown venue is #VALUE! naming venue and listing the accepted names", () => {
    assert.throws(
      () => liqVenue({ venue: "ftx" as Venue, side: 1, entryPrice: 100, quantity: 1, margin: 10 }),
      isLev("VALUE", "venue", /"binance", "bybit", "okx", "hyperliquid", "dydx"/)
    );
    assert.throws(
      () =>
        liqVenue({ venue: "Binance" as Venue, side: 1, entryPrice: 100, quantity: 1, margin: 10 }),
      isLev("VALUE", "venue")
    );
  });
  it("out-of-domain rates are #NUM! naming rate; a rate in the other venue's units is #VALUE! with what was meant", () => {
    assert.throws(
      () =>
        liqVenue({
          venue: "binance",
          side: 1,
          entryPrice: 100,
          quantity: 1,
          margin: 10,
          rate: 1.5,
        }),
      isLev("VALUE", "rate", /did you mean 0\.015 \(1\.5%\)\?/)
    );
    assert.throws(
      () =>
        liqVenue({
          venue: "binance",
          side: 1,
          entryPrice: 100,
          quantity: 1,
          margin: 10,
          rate: 60,
        }),
      isLev("NUM", "rate")
    );
    assert.throws(
      () =>
        liqVenue({
          venue: "hyperliquid",
          side: 1,
          entryPrice: 100,
          quantity: 1,
          margin: 10,
          rate: 0.01,
        }),
      isLev("VALUE", "rate", /max leverage .* did you mean 50/)
    );
    assert.throws(
      () =>
        liqVenue({
          venue: "hyperliquid",
          side: 1,
          entryPrice: 100,
          quantity: 1,
          margin: 10,
          rate: -1,
        }),
      isLev("NUM", "rate")
    );
    assert.throws(
      () =>
        liqVenue({
          venue: "okx",
          side: 1,
          entryPrice: 100,
          quantity: 1,
          margin: 10,
          closeFeeRate: -0.1,
        }),
      isLev("NUM", "close_fee_rate")
    );
  });
  it("a fully collateralised long has no liquidation on any venue (#N/A); Bybit's entry-valued MM needs margin ≥ notional·(1 + mmr)", () => {
    for (const venue of VENUES) {
      const rate = venue === "hyperliquid" ? 50 : 0.01;
      const margin = venue === "bybit" ? 101 : 100;
      assert.throws(
        () => liqVenue({ venue, side: 1, entryPrice: 100, quantity: 1, margin, rate }),
        isLev("NA", undefined, /no liquidation/),
        venue
      );
    }
    // Bybit at 1x (margin = notional) still liquidates at E·mmr, as in docs/references/vectors.md liq#24 (0.1 for E 10, MMR 1%)
    assertShown(
      liqVenue({ venue: "bybit", side: 1, entryPrice: 100, quantity: 1, margin: 100, rate: 0.01 }),
      "1"
    );
  });
  it("property: on every venue a long liquidates below entry and a short above when margin exceeds MM (seeded)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VENUES),
        fc.double({ min: 0.01, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
        fc.double({ min: 1.5, max: 40, noNaN: true }),
        (venue, E, q, L) => {
          const rate = venue === "hyperliquid" ? 50 : 0.005; // MM 1% / 0.5%(+0.05% fee) of notional, below the 1/L ≥ 2.5% margin
          const margin = (q * E) / L;
          const long = liqVenue({ venue, side: 1, entryPrice: E, quantity: q, margin, rate });
          const short = liqVenue({ venue, side: -1, entryPrice: E, quantity: q, margin, rate });
          return long < E && E < short;
        }
      ),
      { seed: 7, numRuns: 300 }
    );
  });
});
