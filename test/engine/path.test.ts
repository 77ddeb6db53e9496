import { strict as assert } from "assert";
import fc from "fast-check";
import {
  keptRowCount,
  leveragedPath,
  PATH_COLUMNS,
  PATH_OPTION_KEYS,
  PATH_OPTION_NAMES,
  PATH_STATUS,
  runPath,
  SCHEME_OPTION_NAMES,
  type LeveragedPathInput,
} from "../../src/engine/path";
import { leveragedReturn } from "../../src/engine/decay";
import { normalStream } from "../../src/engine/rng";
import type { Table } from "../../src/engine/types";
import { assertLevError, pct } from "./lt-helpers";

const COL = { price: 0, nav: 1, lev: 2, trade: 3, frac: 4, cost: 5, cum: 6, status: 7 };
/** LEV.PATH with the `status` option TRUE (most tests read the status column; the default omits it). */
const lp = (input: LeveragedPathInput): Table =>
  leveragedPath({ ...input, options: { ...input.options, status: true } });
const last = (t: Table) => t.rows[t.rows.length - 1];
const finalNav = (t: Table) => last(t)[COL.nav] as number;
const near = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b} (tol ${tol})`);
/** A band that a static position inside the test's price range can never reach: buy and hold. */
const noBand = { rebalance: "band", bandLow: 0, bandHigh: 1e9 } as const;

describe("engine/path — LEV.PATH exact NAV recursion", () => {
  describe("reference vectors (daily reset)", () => {
    it("3x BTC 10k→11k→10k: token −5.4545%, 3x static 0% (FTX Leveraged Token FAQ; docs/references/vectors.md lt#1)", () => {
      const t = lp({ prices: [10000, 11000, 10000], leverage: 3 });
      assert.equal(pct(finalNav(t) - 1, 4), "-5.4545");
      near(finalNav(t), 1.3 * (8 / 11));
      assert.equal(
        pct(finalNav(lp({ prices: [10000, 11000, 10000], leverage: 3, options: noBand })) - 1, 4),
        "0.0000"
      );
    });
    it("3x BTC 10k→11k→12.1k: token +69.00%, BTC +21%, 3x static +63% (FTX Leveraged Token FAQ; docs/references/vectors.md lt#2)", () => {
      const prices = [10000, 11000, 12100];
      assert.equal(pct(finalNav(lp({ prices, leverage: 3 })) - 1, 2), "69.00");
      assert.equal(pct(prices[2] / prices[0] - 1, 2), "21.00");
      assert.equal(pct(finalNav(lp({ prices, leverage: 3, options: noBand })) - 1, 2), "63.00");
    });
    it("3x BTC 10k→9.5k→9k: token −28.421%, BTC −10%, 3x static −30% (FTX Leveraged Token FAQ; docs/references/vectors.md lt#3)", () => {
      const prices = [10000, 9500, 9000];
      assert.equal(pct(finalNav(lp({ prices, leverage: 3 })) - 1, 3), "-28.421");
      assert.equal(pct(finalNav(lp({ prices, leverage: 3, options: noBand })) - 1, 2), "-30.00");
    });
    it("3x on +10% then −10%: NAV 0.91 (−9%), underlying −1%; 100→70→91 in the README's daily 3x backtest order (ProShares primer; EivindAamodt README; docs/references/vectors.md lt#4)", () => {
      near(finalNav(lp({ prices: [100, 110, 99], leverage: 3 })), 0.91);
      const t = lp({ prices: [100, 90, 99], leverage: 3, options: { startNav: 100 } });
      assert.deepEqual(
        t.rows.map((r) => Number((r[COL.nav] as number).toFixed(9))),
        [100, 70, 91]
      );
    });
    it("2x on +10% then −10%: NAV 0.96 (−4%) (docs/references/leveraged-tokens.md §2.1; docs/references/vectors.md lt#6)", () => {
      near(finalNav(lp({ prices: [100, 110, 99], leverage: 2 })), 0.96);
    });
    it("KuCoin 3L, four +10% days: 1.3⁴ = 2.8561 (+185.61%), spot +46.41% (kucoin.com/de/support/900004691986; docs/references/vectors.md lt#8)", () => {
      const prices = [1, 1.1, 1.21, 1.331, 1.4641];
      assert.equal(finalNav(lp({ prices, leverage: 3 })).toFixed(4), "2.8561");
      assert.equal(pct(prices[4] / prices[0] - 1, 2), "46.41");
    });
    it("3x after +5%: leverage before rebalance 2.7391 (Poloniex FTX page 2.74x; docs/references/leveraged-tokens.md §2.2; docs/references/vectors.md lt#14)", () => {
      assert.equal(
        (lp({ prices: [100, 105], leverage: 3 }).rows[1][COL.lev] as number).toFixed(4),
        "2.7391"
      );
      assert.equal(
        (
          lp({ prices: [100, 105], leverage: 3, options: noBand }).rows[1][COL.lev] as number
        ).toFixed(4),
        "2.7391"
      );
    });
    it("NAV 200, 3x, +5%: NAV 230 and buy $60 of notional (630 → 690) (Poloniex FTX page; docs/references/vectors.md lt#15)", () => {
      const row = lp({ prices: [210, 220.5], leverage: 3, options: { startNav: 200 } }).rows[1];
      near(row[COL.nav] as number, 230, 1e-9);
      near(row[COL.trade] as number, 60, 1e-9);
      near(row[COL.frac] as number, 60 / 230, 1e-12);
      assert.equal(row[COL.status], "rebalanced");
    });
    it("−3x 10k→11k→10k daily: (1 − 0.3)·(1 + 3/11) = 0.8909 (docs/references/leveraged-tokens.md §2.1)", () => {
      near(finalNav(lp({ prices: [10000, 11000, 10000], leverage: -3 })), 0.7 * (14 / 11));
    });
  });

  describe("band rebalancing (docs/references/leveraged-tokens.md §2.6)", () => {
    it("3x band [2,4]: a down-crossing (×8/9) then back to the start price leaves NAV × 2/3 × 1.375 = 0.91667", () => {
      const t = lp({
        prices: [90, 80, 90],
        leverage: 3,
        options: { rebalance: "band", bandLow: 2, bandHigh: 4 },
      });
      assert.deepEqual(
        t.rows.map((r) => r[COL.status]),
        ["start", "rebalanced", "ok"]
      );
      near(t.rows[1][COL.lev] as number, 4, 1e-12);
      near(t.rows[1][COL.nav] as number, 2 / 3);
      assert.equal(finalNav(t).toFixed(5), "0.91667");
    });
    it("−3x with the 4x de-lever rule (band_low 0): +6.67% then back gives 0.8 × 1.1875 = 0.95", () => {
      const t = lp({
        prices: [100, (100 * 16) / 15, 100],
        leverage: -3,
        options: { rebalance: "band", bandLow: 0, bandHigh: 4 },
      });
      assert.equal(t.rows[1][COL.status], "rebalanced");
      near(t.rows[1][COL.lev] as number, -4, 1e-12);
      near(finalNav(t), 0.95);
    });
    it('"edge" (Toros) rebalances 3x band [2.8, 3.2] to 3.2 after −5%, "target" to 3', () => {
      const opts = { rebalance: "band", bandLow: 2.8, bandHigh: 3.2 };
      const edge = lp({ prices: [100, 95], leverage: 3, options: { ...opts, rebalanceTo: "edge" } })
        .rows[1];
      const target = lp({
        prices: [100, 95],
        leverage: 3,
        options: { ...opts, rebalanceTo: "target" },
      }).rows[1];
      near(edge[COL.lev] as number, 2.85 / 0.85); // 3.3529 > 3.2
      near(edge[COL.trade] as number, 3.2 * 0.85 - 2.85);
      near(target[COL.trade] as number, 3 * 0.85 - 2.85);
      // the next period starts from the new exposure: leverage 3.2 at the same price, parked on the edge
      // without rebalancing again (Toros rebalances only when leverage goes outside the range)
      const next = lp({
        prices: [100, 95, 95],
        leverage: 3,
        options: { ...opts, rebalanceTo: "edge", costRate: 0.002 },
      }).rows[2];
      near(next[COL.lev] as number, 3.2);
      assert.equal(next[COL.status], "ok");
    });
    it("edge mode below the band re-levers to band_low", () => {
      const row = lp({
        prices: [100, 120],
        leverage: 3,
        options: { rebalance: "band", bandLow: 2.8, bandHigh: 3.2, rebalanceTo: "edge" },
      }).rows[1];
      near(row[COL.lev] as number, 3.6 / 1.6); // 2.25 < 2.8
      near(row[COL.trade] as number, 2.8 * 1.6 - 3.6);
    });
    it("a band that never triggers equals buy-and-hold: NAV_t = 1 + L·(S_t/S_0 − 1) on every row (property, seeded)", () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.double({ min: 1, max: 5, noNaN: true }),
            fc.double({ min: -5, max: -0.1, noNaN: true }),
            fc.double({ min: 0.1, max: 1, noNaN: true })
          ),
          fc.array(fc.double({ min: 0.85, max: 1.15, noNaN: true }), {
            minLength: 1,
            maxLength: 40,
          }),
          (L, ratios) => {
            // static NAV stays > 0 for price ratios u with 1 + L(u − 1) > 0: keep u in (1 − 0.9/|L|, 1 + 0.9/|L|)
            const lo = 1 - 0.9 / Math.abs(L);
            const hi = 1 + 0.9 / Math.abs(L);
            const prices = [100];
            for (const r of ratios)
              prices.push(
                100 *
                  Math.min(hi, Math.max(Math.max(lo, 0.01), (prices[prices.length - 1] / 100) * r))
              );
            const t = lp({
              prices,
              leverage: L,
              options: { rebalance: "band", bandLow: 0, bandHigh: 1e6, startNav: 1 },
            });
            return t.rows.every((row, i) => {
              const hold = 1 + L * (prices[i] / prices[0] - 1);
              return (
                Math.abs((row[COL.nav] as number) - hold) <= 1e-12 * (1 + Math.abs(L)) &&
                (i === 0 || row[COL.status] === "ok") &&
                row[COL.trade] === 0
              );
            });
          }
        ),
        { seed: 21, numRuns: 300 }
      );
    });
  });

  describe("fees, funding and costs", () => {
    it("the fee per period is charged on NAV after the return: 3x +10% with 1% fee → 1.3 × 0.99 (docs/references/leveraged-tokens.md §2.1, multiplicative form)", () => {
      near(
        finalNav(lp({ prices: [100, 110], leverage: 3, options: { feePerPeriod: 0.01 } })),
        1.3 * 0.99
      );
    });
    it("3x long paying 0.01%/8h funding for 365 flat days: NAV factor 0.7199 (docs/references/leveraged-tokens.md §2.7); a −3x short receives it", () => {
      const flat = new Array(366).fill(100);
      assert.equal(
        finalNav(lp({ prices: flat, leverage: 3, options: { fundingPerPeriod: 0.0003 } })).toFixed(
          4
        ),
        "0.7199"
      );
      near(
        finalNav(lp({ prices: flat, leverage: -3, options: { fundingPerPeriod: 0.0003 } })),
        Math.pow(1.0009, 365),
        1e-12
      );
    });
    it("a funding series is aligned with prices: element t is the funding of the period ending at price t, element 0 unused", () => {
      const t = lp({
        prices: [100, 100, 100],
        leverage: 2,
        options: { fundingPerPeriod: [0.5, 0.01, -0.02] },
      });
      near(t.rows[1][COL.nav] as number, 1 - 2 * 0.01);
      near(t.rows[2][COL.nav] as number, 0.98 * (1 + 2 * 0.02));
    });
    it("cost = cost_rate × |trade| out of NAV, trade sized to land exactly on target: 3x +10% at c = 0.1% → 1.2994 (docs/references/leveraged-tokens.md §2.1 first order, §2.8)", () => {
      const t = lp({ prices: [100, 110, 110, 99, 105], leverage: 3, options: { costRate: 0.001 } });
      assert.equal((t.rows[1][COL.nav] as number).toFixed(4), "1.2994");
      // exact: X' + trade = 3·(V' − c·trade) with V' = 1.3, X' = 3.3
      const trade = (3 * 1.3 - 3.3) / (1 + 0.001 * 3);
      near(t.rows[1][COL.trade] as number, trade);
      near(t.rows[1][COL.nav] as number, 1.3 - 0.001 * trade);
      near(t.rows[2][COL.lev] as number, 3); // flat period after the rebalance: leverage is exactly the target
      let cum = 0;
      for (const row of t.rows) {
        cum += row[COL.cost] as number;
        near(row[COL.cum] as number, cum, 1e-15);
        near(row[COL.cost] as number, 0.001 * Math.abs(row[COL.trade] as number), 1e-15);
      }
      assert.ok(cum > 0);
    });
    it("cost_rate must be < 1/|leverage rebalanced to| (#NUM! naming cost_rate)", () => {
      assertLevError(
        () => lp({ prices: [1, 2], leverage: 10, options: { costRate: 0.1 } }),
        "NUM",
        "cost_rate"
      );
      assertLevError(
        () =>
          lp({
            prices: [1, 2],
            leverage: 3,
            options: {
              rebalance: "band",
              bandLow: 2,
              bandHigh: 5,
              rebalanceTo: "edge",
              costRate: 0.2,
            },
          }),
        "NUM",
        "cost_rate"
      );
    });
  });

  describe("wipe-out and shape", () => {
    it('3x on a −40% day is wiped out: NAV 0 on that row and after, status "wiped out", no NaN', () => {
      const t = lp({ prices: [100, 60, 70, 200], leverage: 3 });
      assert.deepEqual(
        t.rows.map((r) => r[COL.status]),
        ["start", "wiped out", "wiped out", "wiped out"]
      );
      assert.deepEqual(
        t.rows.slice(1).map((r) => r[COL.nav]),
        [0, 0, 0]
      );
      for (const row of t.rows)
        for (const cell of row.slice(0, 7)) assert.ok(Number.isFinite(cell as number));
    });
    it("−3x on a +40% day is wiped out", () => {
      assert.equal(last(lp({ prices: [100, 140], leverage: -3 }))[COL.status], "wiped out");
    });
    it("by default the columns are the contract's seven and every cell is a number; row 0 is the start at target leverage", () => {
      const t = leveragedPath({ prices: [5, 6, 4], leverage: 2, options: { startNav: 10 } });
      assert.deepEqual(t.columns, [
        "price",
        "nav",
        "leverage_before",
        "trade",
        "trade_fraction",
        "cost",
        "cumulative_cost",
      ]);
      assert.deepEqual(t.columns, [...PATH_COLUMNS]);
      assert.deepEqual(t.rows[0], [5, 10, 2, 0, 0, 0, 0]);
      assert.equal(t.rows.length, 3);
      for (const row of t.rows) {
        assert.equal(row.length, 7);
        for (const cell of row) assert.equal(typeof cell, "number");
      }
    });
    it("option status TRUE adds the status column after the seven, with the same numbers", () => {
      const input = { prices: [5, 6, 4], leverage: 2, options: { startNav: 10 } };
      const plain = leveragedPath(input);
      const t = leveragedPath({ ...input, options: { ...input.options, status: true } });
      assert.deepEqual(t.columns, [...PATH_COLUMNS, "status"]);
      assert.deepEqual(
        t.rows.map((r) => r.slice(0, 7)),
        plain.rows
      );
      assert.deepEqual(
        t.rows.map((r) => r[7]),
        ["start", "rebalanced", "rebalanced"]
      );
      assert.deepEqual(leveragedPath({ ...input, options: { status: false } }).columns, [
        ...PATH_COLUMNS,
      ]);
    });
    it("status must be TRUE or FALSE (#VALUE! naming status)", () => {
      assertLevError(
        () =>
          leveragedPath({
            prices: [1, 2],
            leverage: 3,
            options: { status: "yes" as unknown as boolean },
          }),
        "VALUE",
        "status"
      );
      assertLevError(
        () =>
          leveragedPath({
            prices: [1, 2],
            leverage: 3,
            options: { status: 1 as unknown as boolean },
          }),
        "VALUE",
        "status"
      );
    });
    it("options step and rows sample the output rows of the full path: rows 0, k, 2k, … and the last; the last only", () => {
      const prices = Array.from({ length: 11 }, (_, i) => 100 * (1 + 0.02 * Math.sin(i)));
      const full = leveragedPath({ prices, leverage: 3, options: { costRate: 0.001 } });
      const every3 = leveragedPath({ prices, leverage: 3, options: { costRate: 0.001, step: 3 } });
      assert.deepEqual(
        every3.rows,
        [0, 3, 6, 9, 10].map((i) => full.rows[i])
      );
      const every5 = leveragedPath({ prices, leverage: 3, options: { step: 5 } });
      assert.equal(every5.rows.length, 3); // 0, 5, 10: the last row is not repeated
      const last = leveragedPath({
        prices,
        leverage: 3,
        options: { costRate: 0.001, rows: "last" },
      });
      assert.deepEqual(last.rows, [full.rows[10]]);
      assert.equal(keptRowCount(11, 3), 5);
      assert.equal(keptRowCount(11, 5), 3);
      assert.equal(keptRowCount(11, 1, "last"), 1);
      assert.equal(keptRowCount(100_001, 5), 20_001);
      assertLevError(
        () => leveragedPath({ prices, leverage: 3, options: { step: 1.5 } }),
        "NUM",
        "step"
      );
      assertLevError(
        () => leveragedPath({ prices, leverage: 3, options: { rows: "some" } }),
        "VALUE",
        "rows"
      );
    });
    it("option names: the spec's snake_case names (the rebalancing scheme) plus status, step and rows, each mapped to a key", () => {
      assert.deepEqual(
        [...SCHEME_OPTION_NAMES],
        [
          "rebalance",
          "band_low",
          "band_high",
          "rebalance_to",
          "fee_per_period",
          "funding_per_period",
          "cost_rate",
          "start_nav",
        ]
      );
      assert.deepEqual([...PATH_OPTION_NAMES], [...SCHEME_OPTION_NAMES, "status", "step", "rows"]);
      assert.deepEqual(Object.keys(PATH_OPTION_KEYS), [...PATH_OPTION_NAMES]);
    });
    it("does not mutate its inputs", () => {
      const prices = [100, 110, 99];
      const funding = [0, 0.001, 0.002];
      const options = { fundingPerPeriod: funding, costRate: 0.001 };
      lp({ prices, leverage: 3, options });
      assert.deepEqual(prices, [100, 110, 99]);
      assert.deepEqual(funding, [0, 0.001, 0.002]);
      assert.deepEqual(Object.keys(options), ["fundingPerPeriod", "costRate"]);
    });
    it("never returns NaN or ±Infinity, and NAV ≥ 0, for random leverage, schemes and price paths with crashes (property, seeded)", () => {
      fc.assert(
        fc.property(
          fc.double({ min: -10, max: 10, noNaN: true }).filter((L) => Math.abs(L) > 1e-6),
          fc.array(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), {
            minLength: 2,
            maxLength: 30,
          }),
          fc.constantFrom("period", "band"),
          fc.constantFrom("target", "edge"),
          fc.double({ min: 0, max: 0.99, noNaN: true }),
          fc.double({ min: -0.5, max: 0.5, noNaN: true }),
          (L, prices, mode, to, costShare, funding) => {
            const a = Math.abs(L);
            const cost = Math.min(0.99, costShare / (1.5 * a)); // allowed: cost_rate < 1 and cost_rate·|L_dest| < 1
            const options =
              mode === "band"
                ? {
                    rebalance: mode,
                    bandLow: a / 2,
                    bandHigh: a * 1.5,
                    rebalanceTo: to,
                    costRate: cost,
                    fundingPerPeriod: funding,
                    feePerPeriod: 0.001,
                  }
                : {
                    rebalance: mode,
                    costRate: cost,
                    fundingPerPeriod: funding,
                    feePerPeriod: 0.001,
                  };
            const t = lp({ prices, leverage: L, options });
            return t.rows.every(
              (row) =>
                row.slice(0, 7).every((c) => typeof c === "number" && Number.isFinite(c)) &&
                (row[COL.nav] as number) >= 0
            );
          }
        ),
        { seed: 31, numRuns: 500 }
      );
    });
  });

  describe("decay and convergence", () => {
    it("with no costs a path ending where it started never gains for L ≥ 1 or L < 0, never loses for 0 < L < 1 (ln(1+Lr) vs L·ln(1+r), property, seeded)", () => {
      fc.assert(
        fc.property(
          fc.double({ min: -5, max: 5, noNaN: true }).filter((L) => Math.abs(L) > 1e-3),
          fc.array(fc.double({ min: 0.9, max: 1.1, noNaN: true }), { minLength: 1, maxLength: 30 }),
          (L, ratios) => {
            const prices = [100];
            for (const r of ratios) prices.push(prices[prices.length - 1] * r);
            prices.push(100);
            const nav = finalNav(lp({ prices, leverage: L }));
            return L > 0 && L < 1 ? nav >= 1 - 1e-12 : nav <= 1 + 1e-12;
          }
        ),
        { seed: 41, numRuns: 500 }
      );
    });
    it("the daily path converges to the Avellaneda–Zhang closed form with realised volatility as steps grow (error ~1/N)", () => {
      for (const L of [3, -2, 0.5]) {
        const errors = [1000, 100000].map((N) => {
          const z = normalStream(7);
          const prices = new Float64Array(N + 1);
          prices[0] = 100;
          let realisedVar = 0;
          const sd = 0.8 / Math.sqrt(N);
          for (let i = 1; i <= N; i++) {
            const lr = -(sd * sd) / 2 + sd * z.next();
            prices[i] = prices[i - 1] * Math.exp(lr);
            realisedVar += lr * lr;
          }
          const nav = finalNav(lp({ prices, leverage: L }));
          const closed = leveragedReturn({
            leverage: L,
            underlyingReturn: prices[N] / 100 - 1,
            volatility: Math.sqrt(realisedVar),
          });
          return Math.abs(Math.log(nav) - Math.log1p(closed));
        });
        assert.ok(errors[1] < errors[0] / 10, `L=${L}: ${errors}`);
        assert.ok(errors[1] < 1e-3, `L=${L}: ${errors}`);
      }
    });
  });

  describe("errors", () => {
    it("too few prices is #VALUE! naming prices", () => {
      assertLevError(() => lp({ prices: [100], leverage: 3 }), "VALUE", "prices", /at least 2/);
      assertLevError(() => lp({ prices: [], leverage: 3 }), "VALUE", "prices");
    });
    it("a negative, zero or non-finite price is #NUM! naming prices and the position", () => {
      assertLevError(() => lp({ prices: [100, -5], leverage: 3 }), "NUM", "prices", /value 2/);
      assertLevError(() => lp({ prices: [100, 0], leverage: 3 }), "NUM", "prices");
      assertLevError(() => lp({ prices: [100, NaN], leverage: 3 }), "NUM", "prices");
    });
    it("leverage 0 is #NUM! naming leverage", () => {
      assertLevError(() => lp({ prices: [100, 110], leverage: 0 }), "NUM", "leverage");
    });
    it("band options are checked: band mode needs both bounds, they must bracket |L|, and are rejected in period mode", () => {
      assertLevError(
        () => lp({ prices: [1, 2], leverage: 3, options: { rebalance: "band", bandHigh: 4 } }),
        "VALUE",
        "band_low"
      );
      assertLevError(
        () =>
          lp({
            prices: [1, 2],
            leverage: -3,
            options: { rebalance: "band", bandLow: 3.5, bandHigh: 4 },
          }),
        "NUM",
        "band_low"
      );
      assertLevError(
        () =>
          lp({
            prices: [1, 2],
            leverage: 3,
            options: { rebalance: "band", bandLow: 2, bandHigh: 3 },
          }),
        "NUM",
        "band_high"
      );
      assertLevError(
        () => lp({ prices: [1, 2], leverage: 3, options: { bandLow: 2, bandHigh: 4 } }),
        "VALUE",
        "band_low"
      );
      assertLevError(
        () => lp({ prices: [1, 2], leverage: 3, options: { rebalanceTo: "edge" } }),
        "VALUE",
        "rebalance_to"
      );
    });
    it("bad option values and unknown options are #VALUE! / #NUM! naming the option", () => {
      assertLevError(
        () => lp({ prices: [1, 2], leverage: 3, options: { rebalance: "weekly" } }),
        "VALUE",
        "rebalance"
      );
      assertLevError(
        () => lp({ prices: [1, 2], leverage: 3, options: { feePerPeriod: 1 } }),
        "NUM",
        "fee_per_period"
      );
      assertLevError(
        () => lp({ prices: [1, 2], leverage: 3, options: { costRate: -0.1 } }),
        "NUM",
        "cost_rate"
      );
      assertLevError(
        () => lp({ prices: [1, 2], leverage: 3, options: { startNav: 0 } }),
        "NUM",
        "start_nav"
      );
      assertLevError(
        () => lp({ prices: [1, 2], leverage: 3, options: { fundingPerPeriod: [0.1] } }),
        "VALUE",
        "funding_per_period"
      );
      assertLevError(
        () => lp({ prices: [1, 2], leverage: 3, options: { startNAV: 2 } as never }),
        "VALUE",
        "start_n_a_v"
      );
    });
    it("rebalance choices are case-insensitive", () => {
      assert.equal(
        lp({
          prices: [1, 2],
          leverage: 3,
          options: { rebalance: "Band", bandLow: 2, bandHigh: 4, rebalanceTo: "EDGE" },
        }).rows[1][COL.status],
        "rebalanced"
      );
    });
  });
});

describe("engine/path — runPath typed columns", () => {
  it("runPath returns the same numbers as LEV.PATH's Table, column by column", () => {
    const input = {
      prices: [100, 95, 90, 99, 120, 60],
      leverage: 3,
      options: { rebalance: "band", bandLow: 2, bandHigh: 4, costRate: 0.001 },
    };
    const c = runPath(input);
    const t = lp(input);
    t.rows.forEach((row, i) => {
      assert.deepEqual(row, [
        input.prices[i],
        c.nav[i],
        c.leverageBefore[i],
        c.trade[i],
        c.tradeFraction[i],
        c.cost[i],
        c.cumulativeCost[i],
        PATH_STATUS[c.status[i]],
      ]);
    });
    assert.equal(t.rows[5][7], "wiped out");
  });
});

describe("engine/path — number range", () => {
  it("a NAV that would overflow float64 (1000x on 110 doublings) is #NUM! naming prices, never Infinity", () => {
    const prices = Array.from({ length: 120 }, (_, i) => 2 ** i);
    assertLevError(() => lp({ prices, leverage: 1000 }), "NUM", "prices", /number range/);
  });
  it("tiny and huge prices within float64 still give finite rows (ratios only)", () => {
    const t = lp({ prices: [1e-300, 2e-300, 1e300 * 1e-300], leverage: 2 });
    for (const row of t.rows)
      for (const c of row.slice(0, 7)) assert.ok(Number.isFinite(c as number));
  });
});

describe("engine/path — option keys", () => {
  it("a snake_case key in the engine's options object is #VALUE! pointing at the camelCase key", () => {
    assertLevError(
      () => lp({ prices: [1, 2], leverage: 3, options: { band_low: 2 } as never }),
      "VALUE",
      "band_low",
      /bandLow/
    );
  });
});
