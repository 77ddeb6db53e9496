/**
 * Section 5 — the Part 2 families where size or repetition matters: LEV.CASCADE over 100,000 liquidation
 * levels, 100,000 LEV.LIQ.PROB evaluations, LEV.LIQ.SAFE.LEVERAGE (a bracketed root search per call) and
 * LEV.VOL over 1,000,000 prices, each as Excel calls it (functions/functions.ts: ranges as rows of cells,
 * text sides, null for omitted optionals) and, where it helps to see the adapter's share, as a bare engine
 * call.
 */
import { gbmPrices, mulberry32 } from "../lib/inputs";
import { measure } from "../lib/timing";
import { emptySection, target, type SectionResult } from "../lib/report";
import type { Engine, Functions } from "../lib/modules";

export interface FamiliesConfig {
  warmup: number;
  reps: number;
}

const N_LEVELS = 100_000;
const N_PROB = 100_000;
const N_SAFE = 2_000;
const N_VOL = 1_000_000;

export async function benchFamilies(
  cfg: FamiliesConfig,
  E: Engine | undefined,
  F: Functions | undefined
): Promise<SectionResult> {
  const res = emptySection();
  const section = "Families";
  if (!E || !F || typeof F.cascade !== "function" || typeof F.liqProb !== "function") {
    const why = "the Part 2 functions are not loadable";
    res.rows.push({ id: "family.cascade", section, label: "LEV.CASCADE", skipped: why });
    return res;
  }
  const timed = (fn: () => unknown) =>
    measure(fn, { warmup: cfg.warmup, reps: cfg.reps, collect: true }).timing;

  // ---- LEV.CASCADE: 100,000 levels of longs below and shorts above a price of 100 ------------------------
  const r = mulberry32(20261128);
  const levels: (string | number)[][] = [];
  for (let i = 0; i < N_LEVELS; i++) {
    const long = r() < 0.6;
    const distance = 0.005 + 0.5 * r() ** 2; // most levels near the price, as on a liquidation map
    levels.push([
      long ? "long" : "short",
      100 * (long ? 1 - distance : 1 + distance),
      1e3 + 1e5 * r(),
    ]);
  }
  let rounds = 0;
  const cascadeT = timed(() => {
    const out = F.cascade(100, -0.04, levels, 5e7) as unknown[][];
    rounds = out.length - 1;
    return out;
  });
  res.rows.push({
    id: "family.cascade",
    section,
    label: `LEV.CASCADE over ${N_LEVELS.toLocaleString("en-US")} levels (a 4% shock, ${rounds} rounds) — via functions.ts`,
    timing: cascadeT,
    work: N_LEVELS,
    workUnit: "levels",
    perSecond: N_LEVELS / (cascadeT.medianMs / 1e3),
  });

  // ---- LEV.LIQ.PROB: 100,000 positions --------------------------------------------------------------------
  const p = mulberry32(7);
  const side: string[] = [];
  const price = new Float64Array(N_PROB);
  const liq = new Float64Array(N_PROB);
  const vol = new Float64Array(N_PROB);
  const years = new Float64Array(N_PROB);
  for (let i = 0; i < N_PROB; i++) {
    const long = p() < 0.6;
    side.push(long ? "long" : "short");
    price[i] = 1e3 + 1e5 * p();
    liq[i] = price[i] * (long ? 1 - 0.02 - 0.5 * p() : 1 + 0.02 + 0.5 * p());
    vol[i] = 0.2 + p();
    years[i] = 1 / 365 + p();
  }
  let probSum = 0;
  const probT = timed(() => {
    let s = 0;
    for (let i = 0; i < N_PROB; i++)
      s += F.liqProb(side[i], price[i], liq[i], vol[i], years[i], null as unknown as undefined);
    probSum = s;
    return s;
  });
  res.rows.push({
    id: "family.liq_prob",
    section,
    label: `LEV.LIQ.PROB × ${N_PROB.toLocaleString("en-US")} — via functions.ts`,
    timing: probT,
    work: N_PROB,
    workUnit: "calls",
    perSecond: N_PROB / (probT.medianMs / 1e3),
  });
  res.notes.push(
    `LEV.LIQ.PROB: mean probability ${(probSum / N_PROB).toFixed(4)} over the ${N_PROB} positions`
  );

  // ---- LEV.LIQ.SAFE.LEVERAGE: a root search per call -----------------------------------------------------
  const safeT = timed(() => {
    let s = 0;
    for (let i = 0; i < N_SAFE; i++)
      s += E.liqSafeLeverage({
        side: i % 3 === 0 ? -1 : 1,
        volatility: vol[i],
        years: years[i],
        maxProbability: 0.001 + 0.1 * (i / N_SAFE),
      });
    return s;
  });
  const safeUs = (safeT.medianMs * 1000) / N_SAFE;
  res.rows.push({
    id: "family.safe_leverage",
    section,
    label: `LEV.LIQ.SAFE.LEVERAGE × ${N_SAFE.toLocaleString("en-US")} — engine (${safeUs.toFixed(2)} µs per call)`,
    timing: safeT,
    work: N_SAFE,
    workUnit: "calls",
    perSecond: N_SAFE / (safeT.medianMs / 1e3),
  });

  // ---- LEV.VOL: 1,000,000 prices in one column -----------------------------------------------------------
  const column = gbmPrices(N_VOL, 0.6, 11).map((x) => [60_000 * x]);
  const volT = timed(() => F.vol(column, null as unknown as undefined));
  res.rows.push({
    id: "family.vol",
    section,
    label: `LEV.VOL over ${N_VOL.toLocaleString("en-US")} prices — via functions.ts`,
    timing: volT,
    work: N_VOL,
    workUnit: "prices",
    perSecond: N_VOL / (volT.medianMs / 1e3),
  });

  res.targets.push(
    target(
      "family.cascade",
      "LEV.CASCADE on 100,000 levels < 50 ms — as Excel calls it",
      cascadeT.medianMs,
      "<",
      50,
      "ms"
    ),
    target(
      "family.liq_prob",
      "100,000 LEV.LIQ.PROB evaluations < 100 ms — as Excel calls it",
      probT.medianMs,
      "<",
      100,
      "ms"
    ),
    target("family.safe_leverage", "LEV.LIQ.SAFE.LEVERAGE < 20 µs per call", safeUs, "<", 20, "µs")
  );
  return res;
}
