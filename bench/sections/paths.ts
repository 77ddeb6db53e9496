/**
 * Section 3 — long paths, as Excel calls them: LEV.PATH (rebalanced every period, and band rebalancing 2–4
 * for 3x) and LEV.CPPI.PATH over the longest series whose spill fits Excel's ~5 MB result payload
 * (functions/adapter.ts maxPayloadRows: ~22,000 rows of LEV.PATH's seven columns), through the Excel wrapper
 * in functions/functions.ts (the prices arrive as an n×1 range, the options as a name/value array constant,
 * and the result is shaped into the spill array Excel receives); a longer series is #NUM! naming the option
 * "step" that makes it fit. The bare engine over 100,000 prices is reported beside them (no target: such a
 * spill cannot reach a cell).
 */
import { maxPayloadRows } from "../../functions/adapter";
import { PATH_COLUMNS } from "../../src/engine/path";
import { CPPI_PATH_COLUMNS } from "../../src/engine/cppi-path";
import { asColumn, dailyReturns, gbmPrices } from "../lib/inputs";
import { performance } from "node:perf_hooks";
import { measure } from "../lib/timing";
import { emptySection, target, type SectionResult } from "../lib/report";
import type { Engine, Functions } from "../lib/modules";

export const N_PATH = 100_000;

/**
 * Warm-up calls per row. A 100,000-row spill allocates ~20 MB of small arrays and boxed numbers; V8 needs
 * about 15–25 such calls before its allocation decisions (pretenuring, new-space size) and JIT tiers settle
 * (measured here: 60–90 ms per call over the first ~10 calls, 15–30 ms from the ~20th on). The timed median
 * is that settled state; the first (cold) call and back-to-back calls are reported beside it.
 */
export const PATH_WARMUP = 20;

export interface PathConfig {
  warmup: number;
  reps: number;
}

export async function benchPaths(
  cfg: PathConfig,
  E: Engine | undefined,
  F: Functions | undefined
): Promise<SectionResult> {
  const res = emptySection();
  const section = "Paths";
  const prices = gbmPrices(N_PATH, 0.8, 3);
  const pricesF64 = Float64Array.from(prices);
  const returns = dailyReturns(N_PATH, 0.2, 5);
  const returnsF64 = Float64Array.from(returns);
  const n = N_PATH.toLocaleString("en-US");
  // the longest series whose spill (header row included) fits Excel's payload
  const nPath = maxPayloadRows(PATH_COLUMNS.length) - 1;
  const nPathStatus = maxPayloadRows(PATH_COLUMNS.length + 1) - 1;
  const nCppi = maxPayloadRows(CPPI_PATH_COLUMNS.length) - 1;
  const pricesCol = asColumn(prices.slice(0, nPath));
  const pricesStatusCol = asColumn(prices.slice(0, nPathStatus));
  const returnsCol = asColumn(returns.slice(0, nCppi));
  const fmt = (k: number) => k.toLocaleString("en-US");

  const row = (
    id: string,
    label: string,
    fn: () => unknown,
    rowsOf: (r: unknown) => number,
    unit: string,
    backToBack = false,
    size = N_PATH
  ): number | undefined => {
    try {
      const t0 = performance.now();
      fn();
      const coldMs = performance.now() - t0;
      const { timing, last } = measure(fn, {
        warmup: Math.max(cfg.warmup, PATH_WARMUP),
        reps: cfg.reps,
        collect: !backToBack,
      });
      const rows = rowsOf(last);
      if (rows < size - 1) throw new Error(`returned ${rows} rows, expected about ${size}`);
      const note = backToBack
        ? "calls back to back: each also pays for collecting the previous call's rows (no target)"
        : `each repetition from a collected heap after ${Math.max(cfg.warmup, PATH_WARMUP)} warm-up calls; first call of this row ${coldMs.toFixed(0)} ms`;
      res.rows.push({
        id,
        section,
        label,
        timing,
        work: size,
        workUnit: unit,
        perSecond: size / (timing.medianMs / 1e3),
        note,
      });
      return timing.medianMs;
    } catch (e) {
      res.rows.push({ id, section, label, skipped: (e as Error).message });
      return undefined;
    }
  };
  const tableRows = (t: unknown): number => (t as { rows: unknown[] }).rows.length;
  const spillRows = (a: unknown): number => {
    if (!Array.isArray(a))
      throw new Error(`the wrapper returned ${String(a)} instead of a spill array`);
    return a.length;
  };
  /** Runs a wrapper that Excel would show as an error: its message, for the row. */
  const excelCall = (fn: () => unknown) => () => {
    try {
      return fn();
    } catch (e) {
      throw new Error(
        `the wrapper threw ${(e as { code?: string }).code ?? ""} ${(e as Error).message}`
      );
    }
  };
  const band = { rebalance: "band", bandLow: 2, bandHigh: 4 };
  const bandExcel = [
    ["rebalance", "band"],
    ["band_low", 2],
    ["band_high", 4],
  ];

  const ms: Record<string, number | undefined> = {};
  if (E) {
    const e = E;
    ms.pathDailyEngine = row(
      "path.daily.engine",
      `LEV.PATH ${n} prices, 3x daily — engine`,
      () => e.leveragedPath({ prices: pricesF64, leverage: 3 }),
      tableRows,
      "prices"
    );
    if (typeof (e as { runPath?: unknown }).runPath === "function") {
      row(
        "path.columns",
        `LEV.PATH ${n} prices, 3x daily — engine runPath (typed columns, no rows)`,
        () => e.runPath({ prices: pricesF64, leverage: 3 }),
        (c) => (c as { nav: Float64Array }).nav.length,
        "prices"
      );
    }
    ms.pathBandEngine = row(
      "path.band.engine",
      `LEV.PATH ${n} prices, 3x band 2–4 — engine`,
      () => e.leveragedPath({ prices: pricesF64, leverage: 3, options: band }),
      tableRows,
      "prices"
    );
  }
  if (F) {
    const f = F;
    ms.pathDailyAdapter = row(
      "path.daily.adapter",
      `LEV.PATH ${fmt(nPath)} prices (the largest spill Excel accepts), 3x daily — via functions.ts`,
      excelCall(() => f.path(pricesCol, 3, null as unknown as undefined)),
      spillRows,
      "prices",
      false,
      nPath
    );
    row(
      "path.daily.adapter_status",
      `LEV.PATH ${fmt(nPathStatus)} prices, 3x daily, option status TRUE (text column) — via functions.ts`,
      excelCall(() => f.path(pricesStatusCol, 3, [["status", true]])),
      spillRows,
      "prices",
      false,
      nPathStatus
    );
    row(
      "path.daily.adapter_back_to_back",
      `LEV.PATH ${fmt(nPath)} prices, 3x daily — via functions.ts, back to back`,
      excelCall(() => f.path(pricesCol, 3, null as unknown as undefined)),
      spillRows,
      "prices",
      true,
      nPath
    );
    ms.pathBandAdapter = row(
      "path.band.adapter",
      `LEV.PATH ${fmt(nPath)} prices, 3x band 2–4 — via functions.ts`,
      excelCall(() => f.path(pricesCol, 3, bandExcel)),
      spillRows,
      "prices",
      false,
      nPath
    );
  }
  if (E) {
    const e = E;
    ms.cppiEngine = row(
      "cppi.engine",
      `LEV.CPPI.PATH ${n} returns, m 4, floor 0.8 — engine`,
      () => e.cppiPath({ returns: returnsF64, multiplier: 4, floorFraction: 0.8 }),
      tableRows,
      "returns"
    );
    if (typeof (e as { runCppiPath?: unknown }).runCppiPath === "function") {
      row(
        "cppi.columns",
        `LEV.CPPI.PATH ${n} returns — engine runCppiPath (typed columns, no rows)`,
        () => e.runCppiPath({ returns: returnsF64, multiplier: 4, floorFraction: 0.8 }),
        (c) => (c as { period: Float64Array }).period.length,
        "returns"
      );
    }
  }
  if (F) {
    const f = F;
    ms.cppiAdapter = row(
      "cppi.adapter",
      `LEV.CPPI.PATH ${fmt(nCppi)} returns (the largest spill Excel accepts), m 4, floor 0.8 — via functions.ts`,
      excelCall(() => f.cppiPath(returnsCol, 4, 0.8, null as unknown as undefined)),
      spillRows,
      "returns",
      false,
      nCppi
    );
  }

  const largest = (id: string, label: string, ms: number | undefined) =>
    res.targets.push(target(id, `${label} < 20 ms — as Excel calls it`, ms ?? null, "<", 20, "ms"));
  largest(
    "path.daily.adapter",
    `LEV.PATH ${fmt(nPath)} prices (largest spill, daily)`,
    ms.pathDailyAdapter
  );
  largest(
    "path.band.adapter",
    `LEV.PATH ${fmt(nPath)} prices (largest spill, band)`,
    ms.pathBandAdapter
  );
  largest("cppi.adapter", `LEV.CPPI.PATH ${fmt(nCppi)} returns (largest spill)`, ms.cppiAdapter);
  return res;
}
