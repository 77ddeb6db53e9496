/**
 * Section 3 — long paths: LEV.PATH over 100,000 prices (rebalanced every period, and band rebalancing
 * 2–4 for 3x) and LEV.CPPI.PATH over 100,000 returns. Each is timed as the bare engine call and through
 * the Excel wrapper in functions/functions.ts (the prices arrive as a 100,000×1 range, the options as a
 * name/value array constant, and the result is shaped into the spill array Excel receives).
 */
import { asColumn, dailyReturns, gbmPrices } from "../lib/inputs";
import { measure } from "../lib/timing";
import { emptySection, target, type SectionResult } from "../lib/report";
import type { Engine, Functions } from "../lib/modules";

export const N_PATH = 100_000;

export interface PathConfig {
  warmup: number;
  reps: number;
}

export async function benchPaths(cfg: PathConfig, E: Engine | undefined, F: Functions | undefined): Promise<SectionResult> {
  const res = emptySection();
  const section = "Paths";
  const prices = gbmPrices(N_PATH, 0.8, 3);
  const pricesF64 = Float64Array.from(prices);
  const pricesCol = asColumn(prices);
  const returns = dailyReturns(N_PATH, 0.2, 5);
  const returnsF64 = Float64Array.from(returns);
  const returnsCol = asColumn(returns);
  const n = N_PATH.toLocaleString("en-US");


  const row = (id: string, label: string, fn: () => unknown, rowsOf: (r: unknown) => number, unit: string): number | undefined => {
    try {
      const { timing, last } = measure(fn, cfg);
      const rows = rowsOf(last);
      if (rows < N_PATH - 1) throw new Error(`returned ${rows} rows, expected about ${N_PATH}`);
      res.rows.push({ id, section, label, timing, work: N_PATH, workUnit: unit, perSecond: N_PATH / (timing.medianMs / 1e3) });
      return timing.medianMs;
    } catch (e) {
      res.rows.push({ id, section, label, skipped: (e as Error).message });
      return undefined;
    }
  };
  const tableRows = (t: unknown): number => (t as { rows: unknown[] }).rows.length;
  const spillRows = (a: unknown): number => {
    if (!Array.isArray(a)) throw new Error(`the wrapper returned ${String(a)} instead of a spill array`);
    return a.length;
  };
  const band = { rebalance: "band", bandLow: 2, bandHigh: 4 };
  const bandExcel = [["rebalance", "band"], ["band_low", 2], ["band_high", 4]];

  const ms: Record<string, number | undefined> = {};
  if (E) {
    const e = E;
    ms.pathDailyEngine = row("path.daily.engine", `LEV.PATH ${n} prices, 3x daily — engine`, () => e.leveragedPath({ prices: pricesF64, leverage: 3 }), tableRows, "prices");
    if (typeof (e as { runPath?: unknown }).runPath === "function") {
      row("path.columns", `LEV.PATH ${n} prices, 3x daily — engine runPath (typed columns, no rows)`, () => e.runPath({ prices: pricesF64, leverage: 3 }), (c) => (c as { nav: Float64Array }).nav.length, "prices");
    }
    ms.pathBandEngine = row("path.band.engine", `LEV.PATH ${n} prices, 3x band 2–4 — engine`, () => e.leveragedPath({ prices: pricesF64, leverage: 3, options: band }), tableRows, "prices");
  }
  if (F) {
    const f = F;
    ms.pathDailyAdapter = row("path.daily.adapter", `LEV.PATH ${n} prices, 3x daily — via functions.ts`, () => f.path(pricesCol, 3, null as unknown as undefined), spillRows, "prices");
    ms.pathBandAdapter = row("path.band.adapter", `LEV.PATH ${n} prices, 3x band 2–4 — via functions.ts`, () => f.path(pricesCol, 3, bandExcel), spillRows, "prices");
  }
  if (E) {
    const e = E;
    ms.cppiEngine = row("cppi.engine", `LEV.CPPI.PATH ${n} returns, m 4, floor 0.8 — engine`, () => e.cppiPath({ returns: returnsF64, multiplier: 4, floorFraction: 0.8 }), tableRows, "returns");
    if (typeof (e as { runCppiPath?: unknown }).runCppiPath === "function") {
      row("cppi.columns", `LEV.CPPI.PATH ${n} returns — engine runCppiPath (typed columns, no rows)`, () => e.runCppiPath({ returns: returnsF64, multiplier: 4, floorFraction: 0.8 }), (c) => (c as { period: Float64Array }).period.length, "returns");
    }
  }
  if (F) {
    const f = F;
    ms.cppiAdapter = row("cppi.adapter", `LEV.CPPI.PATH ${n} returns, m 4, floor 0.8 — via functions.ts`, () => f.cppiPath(returnsCol, 4, 0.8, null as unknown as undefined), spillRows, "returns");
  }

  res.targets.push(target("path.daily.engine", "LEV.PATH 100,000 prices (daily) < 50 ms — engine", ms.pathDailyEngine ?? null, "<", 50, "ms"));
  res.targets.push(target("path.band.engine", "LEV.PATH 100,000 prices (band) < 50 ms — engine", ms.pathBandEngine ?? null, "<", 50, "ms"));
  res.targets.push(target("path.daily.adapter", "LEV.PATH 100,000 prices (daily) < 50 ms — as Excel calls it", ms.pathDailyAdapter ?? null, "<", 50, "ms"));
  res.targets.push(target("path.band.adapter", "LEV.PATH 100,000 prices (band) < 50 ms — as Excel calls it", ms.pathBandAdapter ?? null, "<", 50, "ms"));
  return res;
}
