import { strict as assert } from "assert";
import fc from "fast-check";
import { LevError } from "../../src/engine/errors";
import {
  bankruptcyPrice,
  liqCross,
  liqDistance,
  liqInverse,
  liqLeverage,
  liqPrice,
  liqPriceDecimal,
  liqTiered,
  type Bracket,
  type CrossPosition,
} from "../../src/engine/liquidation";
import { assertShown, isLev } from "./liq-helpers";

/** Historical Binance BTCUSDT brackets (docs/references/liquidation.md §1.2, gist highfestiva/b71e76f51eed84d56c1be8ebbcc286b5). */
const BTCUSDT_BRACKETS: Bracket[] = [
  [0, 50_000, 0.004, 0],
  [50_000, 250_000, 0.005, 50],
  [250_000, 1_000_000, 0.01, 1_300],
  [1_000_000, 10_000_000, 0.025, 16_300],
  [10_000_000, 20_000_000, 0.05, 266_300],
  [20_000_000, 50_000_000, 0.1, 1_266_300],
  [50_000_000, 100_000_000, 0.125, 2_516_300],
  [100_000_000, 200_000_000, 0.15, 5_016_300],
  [200_000_000, 300_000_000, 0.25, 25_016_300],
  [300_000_000, 500_000_000, 0.5, 100_016_300],
].map(([notionalFloor, notionalCap, maintenanceRate, maintenanceAmount]) => ({
  notionalFloor,
  notionalCap,
  maintenanceRate,
  maintenanceAmount,
}));

/** Binance FAQ calculation example (docs/references/liquidation.md §1.4, freqtrade tests/exchange/test_binance.py "From calc example"). */
const FAQ_WALLET = 1_535_443.01;
const FAQ_BTC: CrossPosition = {
  side: 1,
  quantity: 109.488,
  entryPrice: 32_481.98,
  markPrice: 31_967.27,
  maintenanceRate: 0.025,
  maintenanceAmount: 16_300,
};
const FAQ_ETH: CrossPosition = {
  side: 1,
  quantity: 3_683.979,
  entryPrice: 1_456.84,
  markPrice: 1_335.18,
  maintenanceRate: 0.1,
  maintenanceAmount: 135_365,
};

const SEED = { seed: 20240607, numRuns: 300 };

describe("engine/liquidation: reference vectors", () => {
  it("Binance isolated long ETH 3,683.979 @ 1,456.84, MMR 10%, cum 135,365, WB 1,535,443.01 → 1,114.78 (freqtrade test_binance.py, docs/references/vectors.md liq#3; inputs of liq#1 from docs/references/liquidation.md §1.4)", () => {
    assertShown(
      liqPrice({
        side: 1,
        entryPrice: 1_456.84,
        quantity: 3_683.979,
        margin: FAQ_WALLET,
        maintenanceRate: 0.1,
        maintenanceAmount: 135_365,
      }),
      "1,114.78"
    );
  });
  it("Binance isolated long BTC 109.488 @ 32,481.98, MMR 2.5%, cum 16,300, WB 1,535,443.01 → 18,778.73 (freqtrade test_binance.py, docs/references/vectors.md liq#4)", () => {
    assertShown(
      liqPrice({
        side: 1,
        entryPrice: 32_481.98,
        quantity: 109.488,
        margin: FAQ_WALLET,
        maintenanceRate: 0.025,
        maintenanceAmount: 16_300,
      }),
      "18,778.73"
    );
  });
  it("Binance isolated short E 10, WB 2, 1 unit, MMR 1%, cum 0.01 → 11.8910891 (freqtrade test_exchange.py::test_get_liquidation_price, docs/references/vectors.md liq#5)", () => {
    assertShown(
      liqPrice({
        side: -1,
        entryPrice: 10,
        quantity: 1,
        margin: 2,
        maintenanceRate: 0.01,
        maintenanceAmount: 0.01,
      }),
      "11.8910891"
    );
  });
  it("Binance isolated long E 10, WB 2, 1 unit (MMR 1%, cum 0.01 as liq#5) → 8.0707071 (freqtrade test_exchange.py, docs/references/vectors.md liq#8)", () => {
    assertShown(
      liqPrice({
        side: 1,
        entryPrice: 10,
        quantity: 1,
        margin: 2,
        maintenanceRate: 0.01,
        maintenanceAmount: 0.01,
      }),
      "8.0707071"
    );
  });
  it("OKX/Gate isolated linear E 10, 5x (margin 2), 1 unit, MMR 1%, taker 0.06%: long 8.0857085, short 11.8741342 (freqtrade test_exchange.py, docs/references/vectors.md liq#28, #29)", () => {
    assertShown(
      liqPrice({
        side: 1,
        entryPrice: 10,
        quantity: 1,
        margin: 2,
        maintenanceRate: 0.01,
        closeFeeRate: 0.0006,
      }),
      "8.0857085"
    );
    assertShown(
      liqPrice({
        side: -1,
        entryPrice: 10,
        quantity: 1,
        margin: 2,
        maintenanceRate: 0.01,
        closeFeeRate: 0.0006,
      }),
      "11.8741342"
    );
  });
  it("generic linear 1 BTC @ 20,000, 50x, mmr 0.5%, MM valued at the liquidation price → 19,698.49 (derived, docs/references/liquidation.md §0; docs/references/vectors.md liq#61)", () => {
    assertShown(
      liqLeverage({ side: 1, entryPrice: 20_000, leverage: 50, maintenanceRate: 0.005 }),
      "19,698.49"
    );
    assertShown(
      liqPrice({ side: 1, entryPrice: 20_000, quantity: 1, margin: 400, maintenanceRate: 0.005 }),
      "19,698.49"
    );
  });
  it("Bybit bankruptcy price of a 1 BTC long @ 10,000 at 50x is 9,800 (Bybit text copied at mobie.io, docs/references/liquidation.md §3.1)", () => {
    assertShown(bankruptcyPrice({ side: 1, entryPrice: 10_000, leverage: 50 }), "9,800");
  });
  it("a short opened at 5x @ 10 is bankrupt at E·(1 + 1/L) = 12 (docs/references/liquidation.md §0 bankruptcy price)", () => {
    assertShown(bankruptcyPrice({ side: -1, entryPrice: 10, leverage: 5 }), "12");
  });
});

describe("engine/liquidation: cross margin (Binance FAQ example, dYdX)", () => {
  it("ETHUSDT cross LP with BTC at mark = 1,153.26 (Binance FAQ calc example as asserted in freqtrade test_binance.py, docs/references/liquidation.md §1.4)", () => {
    assertShown(
      liqCross({ walletBalance: FAQ_WALLET, positions: [FAQ_BTC, FAQ_ETH], row: 2 }),
      "1,153.26"
    );
  });
  it("BTCUSDT cross LP with ETH at mark = 26,316.89 (same source)", () => {
    assertShown(
      liqCross({ walletBalance: FAQ_WALLET, positions: [FAQ_BTC, FAQ_ETH] }),
      "26,316.89"
    );
  });
  it("dYdX v4 cross: short 1.5 ETH @ 3,000 (MMF 5%) with 1,000 STRK @ 1.75 (MMF 10%), equity 1,000 → 3,380.95 (v4-documentation liquidations.mdx, docs/references/liquidation.md §6)", () => {
    const positions: CrossPosition[] = [
      {
        side: -1,
        quantity: 1.5,
        entryPrice: 3_000,
        markPrice: 3_000,
        maintenanceRate: 0.05,
        maintenanceAmount: 0,
      },
      {
        side: 1,
        quantity: 1_000,
        entryPrice: 1.75,
        markPrice: 1.75,
        maintenanceRate: 0.1,
        maintenanceAmount: 0,
      },
    ];
    assertShown(liqCross({ walletBalance: 1_000, positions, row: 1 }), "3,380.95");
  });
  it("a single cross position is the isolated position (row 1 equals liqPrice's decimal computation; the float kernel within 1e-13)", () => {
    const lp = liqCross({ walletBalance: FAQ_WALLET, positions: [FAQ_ETH] });
    const isolated = {
      side: 1 as const,
      entryPrice: 1_456.84,
      quantity: 3_683.979,
      margin: FAQ_WALLET,
      maintenanceRate: 0.1,
      maintenanceAmount: 135_365,
    };
    assert.equal(lp, liqPriceDecimal(isolated));
    assert.ok(Math.abs(liqPrice(isolated) / lp - 1) <= 1e-13);
  });
  it("rejects a row outside the table and a bad side with errors naming the argument", () => {
    assert.throws(
      () => liqCross({ walletBalance: 100, positions: [FAQ_BTC], row: 2 }),
      isLev("NUM", "row", /between 1 and 1/)
    );
    assert.throws(
      () => liqCross({ walletBalance: 100, positions: [{ ...FAQ_BTC, side: 0 as unknown as 1 }] }),
      isLev("VALUE", "positions", /row 1 side/)
    );
    assert.throws(
      () => liqCross({ walletBalance: 100, positions: [] }),
      isLev("VALUE", "positions")
    );
    assert.throws(
      () => liqCross({ walletBalance: 100, positions: [{ ...FAQ_BTC, maintenanceRate: 1 }] }),
      isLev("NUM", "positions", /maintenance rate/)
    );
    assert.throws(
      () => liqCross({ walletBalance: -1, positions: [FAQ_BTC] }),
      isLev("NUM", "wallet_balance")
    );
  });
});

describe("engine/liquidation: brackets (LEV.LIQ.TIERED)", () => {
  it("9 BTC long @ 30,000, WB 27,000 moves from the entry bracket (27,126.82) to the 0.5%/50 bracket: 27,130.09 (derived, docs/references/liquidation.md §1.2)", () => {
    assertShown(
      liqPrice({
        side: 1,
        entryPrice: 30_000,
        quantity: 9,
        margin: 27_000,
        maintenanceRate: 0.01,
        maintenanceAmount: 1_300,
      }),
      "27,126.82"
    );
    assertShown(
      liqTiered({
        side: 1,
        entryPrice: 30_000,
        quantity: 9,
        margin: 27_000,
        brackets: BTCUSDT_BRACKETS,
      }),
      "27,130.09"
    );
  });
  it("the FAQ BTC position (docs/references/vectors.md liq#4) stays in its 2.5%/16,300 bracket: 18,778.73 through the bracket table", () => {
    assertShown(
      liqTiered({
        side: 1,
        entryPrice: 32_481.98,
        quantity: 109.488,
        margin: FAQ_WALLET,
        brackets: BTCUSDT_BRACKETS,
      }),
      "18,778.73"
    );
  });
  it("a table whose MM jumps at a boundary makes the iteration cycle; the liquidation price is then the first price reached from the safe side (derived by hand: 91)", () => {
    // long 1 @ 100, WB 10. Bracket [0,91): m 2%, D 0 → root 91.84 (in bracket 2); bracket [91,1000): m 2%, D 2 → root 89.80 (in bracket 1).
    // Equity − MM = 0.98·P − 88 > 0 on [91, 1000) and 0.98·P − 90 ≤ 0 on [0, 91): liquidation as the price reaches 91.
    const brackets: Bracket[] = [
      { notionalFloor: 0, notionalCap: 91, maintenanceRate: 0.02, maintenanceAmount: 0 },
      { notionalFloor: 91, notionalCap: 1_000, maintenanceRate: 0.02, maintenanceAmount: 2 },
    ];
    assert.equal(liqTiered({ side: 1, entryPrice: 100, quantity: 1, margin: 10, brackets }), 91);
  });
  it("validates brackets: empty, overlapping, unsorted, cap ≤ floor, rate ≥ 1, position above the last cap", () => {
    const base = { side: 1 as const, entryPrice: 100, quantity: 1, margin: 10 };
    assert.throws(() => liqTiered({ ...base, brackets: [] }), isLev("VALUE", "brackets"));
    assert.throws(
      () =>
        liqTiered({
          ...base,
          brackets: [BTCUSDT_BRACKETS[0], { ...BTCUSDT_BRACKETS[1], notionalFloor: 40_000 }],
        }),
      isLev("NUM", "brackets", /sorted by notional and must not overlap/)
    );
    assert.throws(
      () => liqTiered({ ...base, brackets: [BTCUSDT_BRACKETS[1], BTCUSDT_BRACKETS[0]] }),
      isLev("NUM", "brackets", /row 2/)
    );
    assert.throws(
      () => liqTiered({ ...base, brackets: [{ ...BTCUSDT_BRACKETS[0], notionalCap: 0 }] }),
      isLev("NUM", "brackets", /notional cap/)
    );
    assert.throws(
      () => liqTiered({ ...base, brackets: [{ ...BTCUSDT_BRACKETS[0], maintenanceRate: 1 }] }),
      isLev("NUM", "brackets", /maintenance rate/)
    );
    assert.throws(
      () => liqTiered({ ...base, quantity: 1_000, brackets: [BTCUSDT_BRACKETS[0]] }),
      isLev("NUM", "quantity", /largest bracket cap/)
    );
  });
  it("property: with brackets built by the docs/references/liquidation.md §1.2 cum recursion the result is self-consistent (its bracket reproduces it)", () => {
    const table = fc
      .array(
        fc.tuple(
          fc.double({ min: 1_000, max: 1e6, noNaN: true }),
          fc.double({ min: 0.001, max: 0.05, noNaN: true })
        ),
        { minLength: 1, maxLength: 6 }
      )
      .map((steps) => {
        const brackets: Bracket[] = [];
        let floor = 0;
        let rate = 0;
        let cum = 0;
        for (const [width, dRate] of steps) {
          const r = rate + dRate;
          if (r >= 0.9) break;
          cum = floor * (r - rate) + cum; // cum(n) = floor(n)·(MMR(n) − MMR(n−1)) + cum(n−1)
          brackets.push({
            notionalFloor: floor,
            notionalCap: floor + width,
            maintenanceRate: r,
            maintenanceAmount: cum,
          });
          floor += width;
          rate = r;
        }
        brackets[brackets.length - 1] = { ...brackets[brackets.length - 1], notionalCap: Infinity };
        return brackets;
      });
    fc.assert(
      fc.property(
        table,
        fc.constantFrom(1 as const, -1 as const),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        fc.double({ min: 1.1, max: 100, noNaN: true }),
        (brackets, side, E, qty, L) => {
          let lp: number;
          try {
            lp = liqTiered({ side, entryPrice: E, quantity: qty, margin: (qty * E) / L, brackets });
          } catch (e) {
            // no liquidation (a long only), or liquidated at entry: margin ≤ MM of the entry bracket
            if (!(e instanceof LevError && e.kind === "NA")) return false;
            if (!/^liquidated at entry/.test(e.message)) return side === 1;
            let k0 = 0;
            for (let i = 1; i < brackets.length; i++)
              if (brackets[i].notionalFloor <= qty * E) k0 = i;
            const b = brackets[k0];
            return (
              (qty * E) / L <= qty * E * b.maintenanceRate - b.maintenanceAmount + 1e-6 * qty * E
            );
          }
          const notional = qty * lp;
          let k = 0;
          for (let i = 1; i < brackets.length; i++)
            if (brackets[i].notionalFloor <= notional) k = i;
          const again = liqPrice({
            side,
            entryPrice: E,
            quantity: qty,
            margin: (qty * E) / L,
            maintenanceRate: brackets[k].maintenanceRate,
            maintenanceAmount: brackets[k].maintenanceAmount,
          });
          return Math.abs(again - lp) <= 1e-9 * lp;
        }
      ),
      SEED
    );
  });
});

describe("engine/liquidation: inverse contracts (LEV.LIQ.INVERSE)", () => {
  it("Binance COIN-M: 100,000 BTCUSD contracts (100 USD) long @ 45,000, WB 101 BTC, MMR 12.5%, cum 11.81 → 33,578.859744834 (poster's code, dev.binance.vision/t/6292; docs/references/liquidation.md §2)", () => {
    assertShown(
      liqInverse({
        side: 1,
        entryPrice: 45_000,
        contracts: 100_000,
        contractSize: 100,
        marginCoin: 101,
        maintenanceRate: 0.125,
        maintenanceAmount: 11.81,
      }),
      "33,578.859744834"
    );
  });
  it("same position with the current cum 11.605 → 33,599.4186 (derived, docs/references/liquidation.md §2; Binance calculator shows 33,599.40)", () => {
    const lp = liqInverse({
      side: 1,
      entryPrice: 45_000,
      contracts: 100_000,
      contractSize: 100,
      marginCoin: 101,
      maintenanceRate: 0.125,
      maintenanceAmount: 11.605,
    });
    assertShown(lp, "33,599.4186");
    assert.ok(Math.abs(lp - 33_599.4) < 0.05, "within 0.05 of the calculator's 33,599.40");
  });
  it("Bybit inverse (current text, MM at LP): 60,000 USD @ 50,000, 10x, MMR 0.5% → long 45,681.82, short 55,277.78 (derived, docs/references/liquidation.md §3.3)", () => {
    assertShown(
      liqInverse({
        side: 1,
        entryPrice: 50_000,
        contracts: 60_000,
        contractSize: 1,
        marginCoin: 0.12,
        maintenanceRate: 0.005,
      }),
      "45,681.82"
    );
    assertShown(
      liqInverse({
        side: -1,
        entryPrice: 50_000,
        contracts: 60_000,
        contractSize: 1,
        marginCoin: 0.12,
        maintenanceRate: 0.005,
      }),
      "55,277.78"
    );
  });
  it("OKX inverse: 100 contracts × 100 USD @ 50,000, margin 0.02 BTC, MMR 0.5%, fee 0.05% → long 45,704.55, short 55,250.00 (derived, docs/references/liquidation.md §4)", () => {
    assertShown(
      liqInverse({
        side: 1,
        entryPrice: 50_000,
        contracts: 100,
        contractSize: 100,
        marginCoin: 0.02,
        maintenanceRate: 0.005,
        closeFeeRate: 0.0005,
      }),
      "45,704.55"
    );
    assertShown(
      liqInverse({
        side: -1,
        entryPrice: 50_000,
        contracts: 100,
        contractSize: 100,
        marginCoin: 0.02,
        maintenanceRate: 0.005,
        closeFeeRate: 0.0005,
      }),
      "55,250.00"
    );
  });
  it("a short whose coin margin covers its whole coin value has no liquidation (#N/A)", () => {
    assert.throws(
      () =>
        liqInverse({
          side: -1,
          entryPrice: 50_000,
          contracts: 100,
          contractSize: 100,
          marginCoin: 0.2,
          maintenanceRate: 0.005,
        }),
      isLev("NA", undefined, /no liquidation/)
    );
  });
  it("rejects non-positive contracts and contract size", () => {
    assert.throws(
      () => liqInverse({ side: 1, entryPrice: 1, contracts: 0, contractSize: 100, marginCoin: 1 }),
      isLev("NUM", "contracts")
    );
    assert.throws(
      () => liqInverse({ side: 1, entryPrice: 1, contracts: 1, contractSize: -1, marginCoin: 1 }),
      isLev("NUM", "contract_size")
    );
    assert.throws(
      () => liqInverse({ side: 1, entryPrice: 1, contracts: 1, contractSize: 1, marginCoin: -1 }),
      isLev("NUM", "margin_coin")
    );
  });
});

describe("engine/liquidation: outcomes and domain errors", () => {
  it("a long whose margin covers the fall to 0 is over-collateralised: #N/A with a reason, never a price ≤ 0", () => {
    assert.throws(
      () => liqPrice({ side: 1, entryPrice: 100, quantity: 1, margin: 100 }),
      isLev("NA", undefined, /no liquidation: position is over-collateralised/)
    );
    assert.throws(
      () => liqLeverage({ side: 1, entryPrice: 100, leverage: 1 }),
      isLev("NA", undefined, /over-collateralised/)
    );
    assert.throws(() => bankruptcyPrice({ side: 1, entryPrice: 100, leverage: 0.5 }), isLev("NA"));
  });
  it("a short at 1x still has a liquidation price above 2× entry (MM valued at LP)", () => {
    assert.equal(liqLeverage({ side: -1, entryPrice: 10, leverage: 1, maintenanceRate: 0 }), 20);
  });
  it("rejects out-of-domain numbers with #NUM! naming the argument", () => {
    const ok = { side: 1 as const, entryPrice: 100, quantity: 1, margin: 10 };
    assert.throws(() => liqPrice({ ...ok, entryPrice: 0 }), isLev("NUM", "entry_price", /> 0/));
    assert.throws(() => liqPrice({ ...ok, quantity: 0 }), isLev("NUM", "quantity"));
    assert.throws(
      () => liqPrice({ ...ok, quantity: -1 }),
      isLev("VALUE", "quantity", /negative size means a short/)
    );
    assert.throws(() => liqPrice({ ...ok, margin: -1 }), isLev("NUM", "margin", /≥ 0/));
    assert.throws(() => liqPrice({ ...ok, margin: NaN }), isLev("NUM", "margin"));
    assert.throws(
      () => liqPrice({ ...ok, maintenanceRate: 1 }),
      isLev("NUM", "maintenance_rate", /< 1/)
    );
    assert.throws(
      () => liqPrice({ ...ok, maintenanceRate: -0.01 }),
      isLev("NUM", "maintenance_rate")
    );
    assert.throws(
      () => liqPrice({ ...ok, maintenanceAmount: -5 }),
      isLev("NUM", "maintenance_amount")
    );
    assert.throws(
      () => liqPrice({ ...ok, maintenanceRate: 0.6, closeFeeRate: 0.5 }),
      isLev("NUM", "close_fee_rate", /must be < 1/)
    );
    assert.throws(
      () => liqLeverage({ side: 1, entryPrice: 100, leverage: 0 }),
      isLev("NUM", "leverage")
    );
    assert.throws(
      () => bankruptcyPrice({ side: -1, entryPrice: 100, leverage: -2 }),
      isLev("NUM", "leverage")
    );
    assert.throws(
      () => liqDistance({ side: 1, markPrice: 0, liquidationPrice: 90 }),
      isLev("NUM", "mark_price")
    );
    assert.throws(
      () => liqDistance({ side: 1, markPrice: 100, liquidationPrice: -1 }),
      isLev("NUM", "liquidation_price")
    );
  });
  it("rejects a side other than ±1 with #VALUE!", () => {
    assert.throws(
      () => liqPrice({ side: 2 as unknown as 1, entryPrice: 100, quantity: 1, margin: 10 }),
      isLev("VALUE", "side", /long/)
    );
  });
  it("defaults: maintenance_rate 0.005, maintenance_amount 0, close_fee_rate 0", () => {
    assert.equal(
      liqPrice({ side: 1, entryPrice: 20_000, quantity: 1, margin: 400 }),
      liqPrice({
        side: 1,
        entryPrice: 20_000,
        quantity: 1,
        margin: 400,
        maintenanceRate: 0.005,
        maintenanceAmount: 0,
        closeFeeRate: 0,
      })
    );
  });
  it("distance: long at 20,000 with LP 19,698.49 must fall 1.50755%; short at 8,000 with LP 8,160 must rise 2%; at the LP → 0; already past → #N/A naming side and the argument order", () => {
    assertShown(
      liqDistance({ side: 1, markPrice: 20_000, liquidationPrice: 19_698.49 }),
      "-0.0150755"
    );
    assertShown(liqDistance({ side: -1, markPrice: 8_000, liquidationPrice: 8_160 }), "0.02");
    assert.equal(liqDistance({ side: 1, markPrice: 95, liquidationPrice: 95 }), 0);
    assert.throws(
      () => liqDistance({ side: 1, markPrice: 90, liquidationPrice: 95 }),
      isLev(
        "NA",
        "liquidation_price",
        /^past liquidation: .*check side, and the order of the arguments/
      )
    );
    assert.throws(
      () => liqDistance({ side: -1, markPrice: 100, liquidationPrice: 95 }),
      isLev("NA", "liquidation_price", /short's mark_price 100 is already above/)
    );
  });
  it("does not mutate its inputs", () => {
    const brackets = BTCUSDT_BRACKETS.map((b) => ({ ...b }));
    const before = JSON.stringify(brackets);
    liqTiered({ side: 1, entryPrice: 30_000, quantity: 9, margin: 27_000, brackets });
    assert.equal(JSON.stringify(brackets), before);
  });
});

describe("engine/liquidation: properties (fast-check, seeded)", () => {
  const side = fc.constantFrom(1 as const, -1 as const);
  const price = fc.double({ min: 0.01, max: 1e6, noNaN: true });
  const qty = fc.double({ min: 1e-4, max: 1e4, noNaN: true });
  const rate = fc.double({ min: 0, max: 0.2, noNaN: true });
  const lev = fc.double({ min: 1.01, max: 125, noNaN: true });

  it("long LP < entry < short LP whenever equity at entry exceeds MM at entry", () => {
    fc.assert(
      fc.property(price, qty, rate, lev, (E, q, m, L) => {
        const margin = (q * E) / L;
        fc.pre(margin > q * E * m * (1 + 1e-9));
        const long = liqPrice({ side: 1, entryPrice: E, quantity: q, margin, maintenanceRate: m });
        const short = liqPrice({
          side: -1,
          entryPrice: E,
          quantity: q,
          margin,
          maintenanceRate: m,
        });
        return long < E && E < short;
      }),
      SEED
    );
  });

  it("the liquidation price moves away from entry as margin grows", () => {
    fc.assert(
      fc.property(
        side,
        price,
        qty,
        rate,
        lev,
        fc.double({ min: 1.001, max: 3, noNaN: true }),
        (s, E, q, m, L, k) => {
          const m1 = (q * E) / L;
          let a: number;
          try {
            a = liqPrice({
              side: s,
              entryPrice: E,
              quantity: q,
              margin: m1 / k,
              maintenanceRate: m,
            });
          } catch (e) {
            // the smaller margin does not cover MM at entry: nothing to compare
            return e instanceof LevError && /^liquidated at entry/.test(e.message);
          }
          let b: number;
          try {
            b = liqPrice({ side: s, entryPrice: E, quantity: q, margin: m1, maintenanceRate: m });
          } catch (e) {
            return e instanceof LevError && e.kind === "NA" && s === 1; // more margin can make a long unliquidatable
          }
          return s === 1 ? b < a : b > a;
        }
      ),
      SEED
    );
  });

  it("the bankruptcy price lies beyond the liquidation price (long below, short above) when mmr > 0", () => {
    fc.assert(
      fc.property(
        side,
        price,
        fc.double({ min: 1e-4, max: 0.2, noNaN: true }),
        lev,
        (s, E, m, L) => {
          fc.pre(L * m < 1); // else liquidated at entry
          const lp = liqLeverage({ side: s, entryPrice: E, leverage: L, maintenanceRate: m });
          const bp = bankruptcyPrice({ side: s, entryPrice: E, leverage: L });
          return s === 1 ? bp < lp : bp > lp;
        }
      ),
      SEED
    );
  });

  it("liqLeverage agrees with liqPrice for margin = notional/leverage", () => {
    fc.assert(
      fc.property(
        side,
        price,
        qty,
        rate,
        fc.double({ min: 0, max: 0.002, noNaN: true }),
        lev,
        (s, E, q, m, f, L) => {
          // both answer a price, or both "liquidated at entry" (L·(m + f) ≥ 1, up to rounding of E/L)
          const outcome = (run: () => number): number | string => {
            try {
              return run();
            } catch (e) {
              if (e instanceof LevError && /^liquidated at entry/.test(e.message)) return "LAE";
              throw e;
            }
          };
          const a = outcome(() =>
            liqLeverage({
              side: s,
              entryPrice: E,
              leverage: L,
              maintenanceRate: m,
              closeFeeRate: f,
            })
          );
          const b = outcome(() =>
            liqPrice({
              side: s,
              entryPrice: E,
              quantity: q,
              margin: (q * E) / L,
              maintenanceRate: m,
              closeFeeRate: f,
            })
          );
          if (typeof a === "string" || typeof b === "string")
            return a === b || Math.abs(L * (m + f) - 1) < 1e-9;
          return Math.abs(a - b) <= 1e-12 * a;
        }
      ),
      SEED
    );
  });

  it("at the liquidation price equity equals the maintenance margin (the defining equation of docs/references/liquidation.md §0)", () => {
    fc.assert(
      fc.property(
        side,
        price,
        qty,
        rate,
        lev,
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (s, E, q, m, L, D) => {
          const WB = (q * E) / L;
          let lp: number;
          try {
            lp = liqPrice({
              side: s,
              entryPrice: E,
              quantity: q,
              margin: WB,
              maintenanceRate: m,
              maintenanceAmount: D,
            });
          } catch (e) {
            if (!(e instanceof LevError && e.kind === "NA")) return false;
            if (/^liquidated at entry/.test(e.message))
              return WB + D <= q * E * m * (1 + 1e-9) + 1e-9; // margin + D ≤ MM at entry
            return s === 1 && q * E - WB - D <= 0;
          }
          const equity = WB + s * q * (lp - E);
          const mm = q * lp * m - D;
          return Math.abs(equity - mm) <= 1e-9 * (WB + D + q * E + q * lp);
        }
      ),
      SEED
    );
  });

  it("distance sign: long ≤ 0, short ≥ 0, and mark·(1 + distance) is the liquidation price while not yet liquidated; past it #N/A", () => {
    fc.assert(
      fc.property(side, price, price, (s, P, LP) => {
        const past = s === 1 ? P < LP : P > LP;
        let d: number;
        try {
          d = liqDistance({ side: s, markPrice: P, liquidationPrice: LP });
        } catch (e) {
          return past && e instanceof LevError && e.kind === "NA";
        }
        if (past || (s === 1 ? d > 0 : d < 0)) return false;
        return Math.abs(P * (1 + d) - LP) <= 1e-12 * Math.max(P, LP);
      }),
      SEED
    );
  });

  it("any input returns a finite number (a price > 0) or throws a LevError (never NaN, Infinity, a price ≤ 0 or another error)", () => {
    const anyNum = fc.oneof(
      fc.double(),
      fc.constantFrom(0, -1, 1, 0.5, 1e308, -0, NaN, Infinity),
      fc.constant(undefined)
    );
    fc.assert(
      fc.property(
        fc.oneof(side, anyNum),
        anyNum,
        anyNum,
        anyNum,
        anyNum,
        anyNum,
        anyNum,
        (s, E, q, WB, m, D, f) => {
          const calls: [() => number, boolean][] = [
            [
              () =>
                liqPrice({
                  side: s as 1,
                  entryPrice: E as number,
                  quantity: q as number,
                  margin: WB as number,
                  maintenanceRate: m,
                  maintenanceAmount: D,
                  closeFeeRate: f,
                }),
              true,
            ],
            [
              () =>
                liqLeverage({
                  side: s as 1,
                  entryPrice: E as number,
                  leverage: q as number,
                  maintenanceRate: m,
                  closeFeeRate: f,
                }),
              true,
            ],
            [
              () =>
                liqInverse({
                  side: s as 1,
                  entryPrice: E as number,
                  contracts: q as number,
                  contractSize: WB as number,
                  marginCoin: D as number,
                  maintenanceRate: m,
                  closeFeeRate: f,
                }),
              true,
            ],
            [
              () =>
                bankruptcyPrice({ side: s as 1, entryPrice: E as number, leverage: q as number }),
              true,
            ],
            [
              () =>
                liqTiered({
                  side: s as 1,
                  entryPrice: E as number,
                  quantity: q as number,
                  margin: WB as number,
                  brackets: [
                    {
                      notionalFloor: 0,
                      notionalCap: Infinity,
                      maintenanceRate: m as number,
                      maintenanceAmount: D as number,
                    },
                  ],
                }),
              true,
            ],
            [
              () =>
                liqDistance({
                  side: s as 1,
                  markPrice: E as number,
                  liquidationPrice: q as number,
                }),
              false,
            ],
          ];
          for (const [call, isPrice] of calls) {
            try {
              const r = call();
              if (!Number.isFinite(r) || (isPrice && !(r > 0))) return false;
            } catch (e) {
              if (!(e instanceof LevError)) return false;
            }
          }
          return true;
        }
      ),
      SEED
    );
  });
});
