/**
 * Section 2 — custom-function throughput: 100,000 evaluations of LEV.LIQ.PRICE and of LEV.DECAY
 * through the real Excel wrappers (functions/functions.ts: argument parsing, zod, Decimal, error mapping)
 * against the bare engine call with the same values.
 *
 * The wrappers are called exactly as Excel calls them: side as text ("long", "SHORT", …), numbers, and
 * `null` for an omitted optional argument. A failing evaluation throws (CustomFunctions.Error in Excel,
 * its stand-in in Node), so both loops catch and count failures. Inputs vary on every call (about 1% of
 * the LIQ.PRICE cases are over-collateralised longs → #N/A), and both loops must produce the same sum of
 * results and the same number of failures — a check that they did the same work.
 */
import { decayCases, liqPriceCases } from "../lib/inputs";
import { measure, type Timing } from "../lib/timing";
import { emptySection, target, type SectionResult } from "../lib/report";
import type { Engine, Functions } from "../lib/modules";

export const N_CALLS = 100_000;

export interface AdapterConfig {
  warmup: number;
  reps: number;
}

interface LoopResult {
  sum: number;
  failures: number;
}

export async function benchAdapter(
  cfg: AdapterConfig,
  E: Engine | undefined,
  F: Functions | undefined
): Promise<SectionResult> {
  const res = emptySection();
  const section = "Custom functions";
  if (!E || !F) {
    const why = `${!F ? "functions/functions.ts" : "the engine"} is not loadable`;
    res.rows.push({
      id: "fn.liq_price.adapter",
      section,
      label: "LEV.LIQ.PRICE via adapter",
      skipped: why,
    });
    res.notes.push(why);
    return res;
  }
  // Resolve the functions once (as Excel holds a reference to each associated function).
  const { liqPrice: xlLiqPrice, decay: xlDecay } = F;
  const { liqPrice: engLiqPrice, decay: engDecay } = E;

  // ---- LEV.LIQ.PRICE ------------------------------------------------------------------------------------
  const lp = liqPriceCases(N_CALLS, 7);
  const nul = (x: number): number | undefined => (x === x ? x : (null as unknown as undefined)); // NaN → null (Excel's omitted)
  const und = (x: number): number | undefined => (x === x ? x : undefined); // NaN → undefined (engine's omitted)

  const liqAdapter = (): LoopResult => {
    let sum = 0;
    let failures = 0;
    for (let i = 0; i < lp.n; i++) {
      try {
        sum += xlLiqPrice(
          lp.sideText[i],
          lp.entryPrice[i],
          lp.quantity[i],
          lp.margin[i],
          nul(lp.maintenanceRate[i]),
          nul(NaN),
          nul(lp.closeFeeRate[i])
        );
      } catch {
        failures++;
      }
    }
    return { sum, failures };
  };
  const liqBare = (): LoopResult => {
    let sum = 0;
    let failures = 0;
    for (let i = 0; i < lp.n; i++) {
      try {
        sum += engLiqPrice({
          side: lp.side[i] as 1 | -1,
          entryPrice: lp.entryPrice[i],
          quantity: lp.quantity[i],
          margin: lp.margin[i],
          maintenanceRate: und(lp.maintenanceRate[i]),
          maintenanceAmount: undefined,
          closeFeeRate: und(lp.closeFeeRate[i]),
        });
      } catch {
        failures++;
      }
    }
    return { sum, failures };
  };
  pair(res, section, "liq_price", "LEV.LIQ.PRICE", liqAdapter, liqBare, cfg);

  // ---- LEV.DECAY ----------------------------------------------------------------------------------------
  const dc = decayCases(N_CALLS, 11);
  const decayAdapter = (): LoopResult => {
    let sum = 0;
    let failures = 0;
    for (let i = 0; i < dc.n; i++) {
      try {
        sum += xlDecay(
          dc.leverage[i],
          dc.volatility[i],
          nul(dc.years[i]),
          nul(dc.feeRate[i]),
          nul(dc.financingRate[i]),
          nul(dc.fundingRate[i])
        );
      } catch {
        failures++;
      }
    }
    return { sum, failures };
  };
  const decayBare = (): LoopResult => {
    let sum = 0;
    let failures = 0;
    for (let i = 0; i < dc.n; i++) {
      try {
        sum += engDecay({
          leverage: dc.leverage[i],
          volatility: dc.volatility[i],
          years: und(dc.years[i]),
          feeRate: und(dc.feeRate[i]),
          financingRate: und(dc.financingRate[i]),
          fundingRate: und(dc.fundingRate[i]),
        });
      } catch {
        failures++;
      }
    }
    return { sum, failures };
  };
  pair(res, section, "decay", "LEV.DECAY", decayAdapter, decayBare, cfg);
  return res;
}

/** Times adapter and bare loops (interleaved warm-up so neither profits from running second). */
function pair(
  res: SectionResult,
  section: string,
  key: string,
  name: string,
  adapter: () => LoopResult,
  bare: () => LoopResult,
  cfg: AdapterConfig
): void {
  // One pass is 100,000 calls: enough for the JIT to reach its top tier, so one warm-up pass suffices.
  // Time budget: when a pass takes over 1.5 s, 5 repetitions (the minimum) instead of cfg.reps.
  const w0 = Date.now();
  for (let i = 0; i < Math.min(cfg.warmup, 1); i++) {
    adapter();
    bare();
  }
  const reps = Date.now() - w0 > 1500 ? Math.min(5, cfg.reps) : cfg.reps;
  const a = measure(adapter, { warmup: 0, reps });
  const b = measure(bare, { warmup: 0, reps });
  const rate = (t: Timing): number => N_CALLS / (t.medianMs / 1e3);
  const calls = N_CALLS.toLocaleString("en-US");
  res.rows.push({
    id: `fn.${key}.adapter`,
    section,
    label: `${name} × ${calls} via functions.ts (Excel arguments)`,
    timing: a.timing,
    work: N_CALLS,
    workUnit: "calls",
    perSecond: rate(a.timing),
  });
  res.rows.push({
    id: `fn.${key}.engine`,
    section,
    label: `${name} × ${calls} bare engine call`,
    timing: b.timing,
    work: N_CALLS,
    workUnit: "calls",
    perSecond: rate(b.timing),
  });
  const overhead = a.timing.medianMs / b.timing.medianMs;
  res.ratios.push({
    id: `fn.${key}.overhead`,
    label: `${name}: adapter time / bare engine time`,
    value: overhead,
    meaning: "adapter overhead (1 = none)",
  });
  res.targets.push(
    target(
      `fn.${key}.overhead`,
      // one generic, readable argument path (issue #13) is worth up to 3× on a ~60 ns engine call;
      // Excel's own cost per call is far larger than either
      `${name} adapter overhead ≤ 3× the bare engine call`,
      overhead,
      "<=",
      3,
      "×"
    )
  );
  if (key === "liq_price") {
    res.targets.push(
      target(
        "fn.liq_price.100k",
        `100,000 LEV.LIQ.PRICE evaluations via the adapter < 1 s`,
        a.timing.medianMs,
        "<",
        1000,
        "ms"
      ),
      // money in decimal.js only where a float result cannot be proven equal to it (liqPriceFloat)
      target(
        "fn.liq_price.engine_us",
        "LEV.LIQ.PRICE bare engine call ≤ 1.5 µs",
        (b.timing.medianMs * 1000) / N_CALLS,
        "<=",
        1.5,
        "µs"
      )
    );
  }
  const same =
    Math.abs(a.last.sum - b.last.sum) <= 1e-9 * Math.abs(b.last.sum) &&
    a.last.failures === b.last.failures;
  res.notes.push(
    `${name}: adapter and engine ${same ? "agree" : "DISAGREE"} (sum of results ${a.last.sum.toPrecision(12)} vs ${b.last.sum.toPrecision(12)}, ` +
      `failures ${a.last.failures} vs ${b.last.failures} of ${N_CALLS})`
  );
}
