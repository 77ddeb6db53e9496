/**
 * LEV.LIQ.PRICE's float kernel (liqPriceFloat, src/engine/liquidation.ts) against the 34-digit decimal
 * computation (liqPriceDecimal), the independent reference: on 100,000 seeded positions across the
 * ranges analysts use and beyond, liqPrice gives the same outcome (a number, or the same error kind
 * and message) and every number equals the decimal result to 1e-12 relative. Positions built to cancel
 * (margin within a few ulps of the maintenance margin at entry) exercise the fallback to decimals.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  LevError,
  liqPrice,
  liqPriceDecimal,
  liqPriceFloat,
  type LiqPriceInput,
} from "../../src/engine";

const outcome = (f: () => number): { v?: number; e?: string } => {
  try {
    return { v: f() };
  } catch (e) {
    assert.ok(e instanceof LevError, String(e));
    return { e: `${e.kind} ${e.arg} ${e.message}` };
  }
};

/** A position: prices 1e-6 … 1e7, sizes 1e-6 … 1e6, leverage 1 … 200, rates, fees and amounts. */
const position: fc.Arbitrary<LiqPriceInput> = fc
  .record({
    side: fc.constantFrom(1 as const, -1 as const),
    logE: fc.double({ min: -6, max: 7, noNaN: true }),
    logQ: fc.double({ min: -6, max: 6, noNaN: true }),
    leverage: fc.double({ min: 1, max: 200, noNaN: true }),
    mmr: fc.double({ min: 0, max: 0.1, noNaN: true }),
    fee: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.002, noNaN: true })),
    cumShare: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.02, noNaN: true })),
  })
  .map(({ side, logE, logQ, leverage, mmr, fee, cumShare }) => {
    const entryPrice = 10 ** logE;
    const quantity = 10 ** logQ;
    const notional = entryPrice * quantity;
    return {
      side,
      entryPrice,
      quantity,
      margin: notional / leverage,
      maintenanceRate: mmr,
      maintenanceAmount: notional * cumShare,
      closeFeeRate: fee,
    };
  });

describe("engine/liquidation: LEV.LIQ.PRICE's float kernel equals the 34-digit computation", () => {
  it("100,000 seeded positions: the same outcome, numbers equal to 1e-12 relative (most from the float kernel)", () => {
    let fromFloat = 0;
    let numbers = 0;
    let worst = 0;
    fc.assert(
      fc.property(position, (p) => {
        const got = outcome(() => liqPrice(p));
        const ref = outcome(() => liqPriceDecimal(p));
        if (ref.e !== undefined || got.e !== undefined) {
          assert.equal(got.e, ref.e, JSON.stringify(p));
          return;
        }
        numbers++;
        const rel = Math.abs(got.v! / ref.v! - 1);
        worst = Math.max(worst, rel);
        assert.ok(rel <= 1e-12, `${JSON.stringify(p)}: ${got.v} vs ${ref.v}`);
        const q = Math.abs(p.quantity);
        if (
          liqPriceFloat(
            p.side,
            p.entryPrice,
            q,
            p.margin,
            p.maintenanceAmount ?? 0,
            p.maintenanceRate ?? 0.005,
            p.closeFeeRate ?? 0
          ) !== undefined
        )
          fromFloat++;
      }),
      { seed: 20261128, numRuns: 100_000 }
    );
    // A kernel that always fell back would pass the equality trivially. fast-check favours the ends of
    // each range (leverage exactly 1: margin equal to the notional, where a long's numerator cancels), so
    // here ~5% of the numbers come from decimals; on uniform draws it is ~0.01%.
    assert.ok(fromFloat / numbers > 0.9, `${fromFloat} of ${numbers} from the float kernel`);
    assert.ok(worst <= 1e-13, `worst relative difference ${worst}`);
  });

  it("margins a few ulps from the maintenance margin at entry fall back to decimals and agree", () => {
    let fellBack = 0;
    fc.assert(
      fc.property(position, fc.integer({ min: -8, max: 8 }), (p, ulps) => {
        // margin = |q|·E·m ± a few ulps: N = |q|·E − (WB + D) nearly cancels for a long
        const mm = p.quantity * p.entryPrice * (p.maintenanceRate! + p.closeFeeRate!);
        const margin = mm + ulps * Number.EPSILON * mm;
        const q = { ...p, side: 1 as const, maintenanceAmount: 0, margin };
        const got = outcome(() => liqPrice(q));
        const ref = outcome(() => liqPriceDecimal(q));
        assert.deepEqual(got, ref, JSON.stringify(q));
        if (
          liqPriceFloat(
            1,
            q.entryPrice,
            q.quantity,
            margin,
            0,
            q.maintenanceRate!,
            q.closeFeeRate!
          ) === undefined
        )
          fellBack++;
      }),
      { seed: 20261129, numRuns: 2_000 }
    );
    assert.ok(fellBack > 0, "the near-cancelling cases reach the decimal path");
  });
});
