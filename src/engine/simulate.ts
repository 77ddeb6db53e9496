/**
 * LEV.SIMULATE: Monte Carlo distribution of a rebalanced leveraged product's NAV ratio under GBM.
 *
 * Sources: the NAV step of LEV.PATH (docs/references/leveraged-tokens.md §2.1, §2.6–§2.8) driven by
 * geometric Brownian motion (as in that reference's §2.6 simulation and Avellaneda–Zhang, its §2.4):
 *   S_{k+1}/S_k = exp((μ − σ²/2)·Δt + σ·√Δt·Z_k),  Z_k ~ N(0,1) (seeded xoroshiro128+ / ziggurat, rng.ts)
 *   μ = drift (annual), σ = volatility (annual), Δt = years/n, n = max(1, round(years·steps_per_year)).
 * Every step is one period of LEV.PATH: rebalancing scheme, fee_per_period, funding_per_period (a number
 * here) and cost_rate act per step. Monitoring for band rebalancing happens at each step.
 *
 * Output of `simulate` (2 columns, 10 rows; reads top-down in a sheet):
 *   statistic   | value
 *   mean        | mean of NAV_T/NAV_0 over the paths
 *   p5 … p95    | percentiles 5, 25, 50 ("median"), 75, 95 (linear interpolation, as Excel PERCENTILE.INC)
 *   prob_loss   | fraction of paths with NAV_T/NAV_0 < 1
 *   stderr_mean | standard error of `mean`: sample sd (n − 1) of the ratios / √paths (4× the paths halve it)
 *   var_95      | 1 − p5: the loss of NAV exceeded on 5% of paths (value at risk, a fraction of NAV)
 *   es_95       | 1 − mean of the ratios at or below p5 (expected shortfall)
 * The last three come from the same ratios as the rest (docs/references/performance.md §11).
 * start_nav is accepted (same names as LEV.PATH) but does not change a ratio.
 *
 * Reproducibility: the result depends only on the inputs and `seed`. Paths are drawn one after another
 * from the seed's stream in blocks of 1,024 paths (block b starts b·2⁶⁴ generator outputs in, so blocks can run
 * on separate workers: simulatePathRange), each path consuming exactly n draws even after a wipe-out, so
 * changing leverage or costs keeps the same price paths (common random numbers). The normal draws are the
 * same in every JavaScript engine; the NAV ratios are identical within one engine, but Math.exp differs in
 * the last bit between engines (e.g. Node 20 and Chromium 156), so the same seed can give statistics a few
 * ulps apart in Excel on Windows (WebView2), on the Mac (Safari) and in Node.
 *
 * Limits: paths ≤ 1,000,000; paths × steps ≤ 50,000,000; steps_per_year ≤ 1,000,000; years ≤ 100;
 * volatility ≤ 10; |drift| ≤ 10.
 *
 * Precision: float64 and typed arrays throughout (millions of steps; Monte Carlo error ≫ rounding).
 */
import { LevError, naError, numError, requireFinite, requireInRange, valueError } from "./errors";
import {
  exposureAfterPeriod,
  exposureAfterTrade,
  navAfterPeriod,
  navAfterTrade,
  navHeld,
  optNumber,
  readScheme,
  rebalanceDest,
  rebalanceTrade,
  rejectUnknownKeys,
  requireHalfOpen,
  requireLeverage,
  type Scheme,
} from "./lt-core";
import { SCHEME_OPTION_KEYS, SCHEME_OPTION_NAMES, type PathOptions } from "./path";
import { compensatedSum, moments } from "./performance";
import { blockStreams } from "./rng";
import type { Table } from "./types";

export interface SimulateOptions extends Omit<PathOptions, "fundingPerPeriod" | "status"> {
  /** Funding rate per step (a number; a series is not meaningful for simulated paths). */
  fundingPerPeriod?: number;
  /** Number of simulated paths (default 10,000). */
  paths?: number;
  /** Steps (rebalancing/monitoring periods) per year (default 365). */
  stepsPerYear?: number;
  /** Annual drift μ of the underlying (default 0: the price is a martingale). */
  drift?: number;
  /** RNG seed, an integer 0 … 4,294,967,295 (default 1). */
  seed?: number;
}

/** The contract's option names (snake_case): LEV.PATH's plus paths, steps_per_year, drift, seed. */
export const SIMULATE_OPTION_NAMES = [
  ...SCHEME_OPTION_NAMES,
  "paths",
  "steps_per_year",
  "drift",
  "seed",
] as const;
export type SimulateOptionName = (typeof SIMULATE_OPTION_NAMES)[number];

/** snake_case option name → camelCase key of SimulateOptions. */
export const SIMULATE_OPTION_KEYS: Readonly<Record<SimulateOptionName, keyof SimulateOptions>> = {
  ...SCHEME_OPTION_KEYS,
  paths: "paths",
  steps_per_year: "stepsPerYear",
  drift: "drift",
  seed: "seed",
};

/** LEV.SIMULATE's default number of paths (contract: `paths` (10000)). */
export const DEFAULT_PATHS = 10_000;
export const MAX_PATHS = 1_000_000;
export const MAX_PATH_STEPS = 50_000_000;
export const MAX_STEPS_PER_YEAR = 1_000_000;
export const MAX_YEARS = 100;
export const MAX_VOLATILITY = 10;
export const MAX_ABS_DRIFT = 10;

export interface SimulationParams {
  leverage: number;
  volatility: number;
  years: number;
  options?: SimulateOptions;
}

export interface SimulationHooks {
  /** Called after each chunk of paths with the fraction done (0 < f ≤ 1). */
  onProgress?(fraction: number): void;
  /** Checked before each chunk of paths; true → the run throws LevError("NA", …, "simulation cancelled"). */
  shouldCancel?(): boolean;
}

export interface SimulationSummary {
  mean: number;
  p5: number;
  p25: number;
  median: number;
  p75: number;
  p95: number;
  /** Fraction of paths ending below their start NAV. */
  probLoss: number;
  /** Standard error of `mean`: sample sd (n − 1) of the ratios / √paths; 0 for a single path (not estimable). */
  stderrMean: number;
  /** 1 − p5: value at risk at 95% as a fraction of NAV. */
  var95: number;
  /** 1 − (mean of the ratios ≤ p5): expected shortfall at 95% as a fraction of NAV. */
  es95: number;
  /** Number of paths simulated. */
  paths: number;
  /** Steps per path (n). */
  steps: number;
}

export interface SimulationResult {
  summary: SimulationSummary;
  /** NAV_T/NAV_0 of every path, in simulation order (unsorted). */
  navRatios: Float64Array;
}

/** Largest n for which "period" runs 4 paths at once (their 4·n draws are buffered: ≤ 8 MB). */
const MAX_LANE_STEPS = 262_144;

/** Paths × steps simulated between two hook calls (≈ a few ms of work). */
const STEPS_PER_CHUNK = 250_000;

function requireIntegerInRange(arg: string, x: number, lo: number, hi: number): number {
  requireFinite(arg, x);
  if (!Number.isInteger(x) || x < lo || x > hi) {
    throw numError(
      arg,
      `${arg} must be a whole number between ${lo.toLocaleString("en-US")} and ${hi.toLocaleString("en-US")} (got ${x})`
    );
  }
  return x;
}

/** Percentile p ∈ [0, 1] of an ascending array, linear interpolation between order statistics (type 7). */
function percentileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

// ---------------------------------------------------------------------------------------------
// The paths' loops. Each step is lt-core.ts `step()`, as the calls of its pieces (navAfterPeriod …
// exposureAfterTrade) with NAV V and exposure X in local variables: the same floating-point operations in the
// same order, so every NAV ratio is bit-identical to iterating `step()` (test/engine/simulate.test.ts checks
// this).
// The loops take the growths g_k = S_k/S_{k−1} = exp(μΔt + σ√Δt·Z_k) (`toGrowth`, in place over the draws:
// a separate pass of Math.exp calls keeps the recursion's registers free of call spills, ~8% faster).
// ---------------------------------------------------------------------------------------------

/** Draws → growths in place: z_k ← exp(mu + sd·z_k), mu = (μ − σ²/2)Δt, sd = σ√Δt. */
function toGrowth(z: Float64Array, mu: number, sd: number): void {
  for (let k = 0; k < z.length; k++) z[k] = Math.exp(mu + sd * z[k]);
}

/**
 * One path (band schemes, and "period" paths not in a group of 4): the calls of periodPaths4 below, with
 * the destination from rebalanceDest (NaN: no trade, V' and X' carry on). Returns V_n/V_0 (0 after a
 * wipe-out), or NaN if a NAV left the float64 range (→ #N/A).
 */
function onePath(s: Scheme, z: Float64Array, funding: number): number {
  const c = s.costRate;
  let nav = 1; // V_0
  let exposure = s.target; // X_0 = L·V_0
  for (let k = 0; k < z.length; k++) {
    const g = z[k];
    const v = navAfterPeriod(s, nav, exposure, g, funding);
    const x = exposureAfterPeriod(exposure, g);
    const dest = rebalanceDest(s, v, x);
    if (dest === dest) {
      const t = rebalanceTrade(dest, c, v, x);
      nav = navAfterTrade(c, v, t);
      exposure = exposureAfterTrade(nav, x, t);
    } else {
      nav = navHeld(v, x);
      exposure = x;
    }
    if (!(nav > 0)) return nav; // 0 (wiped out, stays 0) or NaN
  }
  return nav;
}

/**
 * "period" for 4 consecutive paths at once (path j uses the growths z[j·n … j·n+n−1]), interleaved so that the
 * CPU overlaps the four dependency chains (one path's step depends on its previous step, ~30 cycles of
 * latency). Each path's step is the same calls of step()'s pieces as in onePath, the destination always L,
 * with the path's V and X in registers: V8 inlines the pieces at all 4 call sites (step() as one function
 * would be inlined at most 3 times here; the 4 states in an array, stepped by one call site, measured ~15%
 * slower). A wiped-out path is carried as V = X = 0 and an overflowed one as V = NaN, which the pieces keep.
 * Writes the 4 ratios to out[o … o+3]; false on overflow.
 */
function periodPaths4(
  s: Scheme,
  z: Float64Array,
  n: number,
  funding: number,
  out: Float64Array,
  o: number
): boolean {
  const L = s.target;
  const c = s.costRate;
  let va = 1,
    vb = 1,
    vc = 1,
    vd = 1;
  let xa = L,
    xb = L,
    xc = L,
    xd = L;
  for (let k = 0; k < n; k++) {
    {
      const g = z[k];
      const v = navAfterPeriod(s, va, xa, g, funding);
      const x = exposureAfterPeriod(xa, g);
      const t = rebalanceTrade(L, c, v, x);
      va = navAfterTrade(c, v, t);
      xa = exposureAfterTrade(va, x, t);
    }
    {
      const g = z[n + k];
      const v = navAfterPeriod(s, vb, xb, g, funding);
      const x = exposureAfterPeriod(xb, g);
      const t = rebalanceTrade(L, c, v, x);
      vb = navAfterTrade(c, v, t);
      xb = exposureAfterTrade(vb, x, t);
    }
    {
      const g = z[2 * n + k];
      const v = navAfterPeriod(s, vc, xc, g, funding);
      const x = exposureAfterPeriod(xc, g);
      const t = rebalanceTrade(L, c, v, x);
      vc = navAfterTrade(c, v, t);
      xc = exposureAfterTrade(vc, x, t);
    }
    {
      const g = z[3 * n + k];
      const v = navAfterPeriod(s, vd, xd, g, funding);
      const x = exposureAfterPeriod(xd, g);
      const t = rebalanceTrade(L, c, v, x);
      vd = navAfterTrade(c, v, t);
      xd = exposureAfterTrade(vd, x, t);
    }
  }
  if (va !== va || vb !== vb || vc !== vc || vd !== vd) return false;
  out[o] = va;
  out[o + 1] = vb;
  out[o + 2] = vc;
  out[o + 3] = vd;
  return true;
}

/** A validated simulation: the scheme, the per-step drift/volatility of log S and the sizes. */
interface Setup {
  scheme: Scheme;
  funding: number;
  paths: number;
  /** Steps per path. */
  n: number;
  /** (μ − σ²/2)·Δt */
  mu: number;
  /** σ·√Δt */
  sd: number;
  seed: number;
}

function readSetup(params: SimulationParams): Setup {
  const L = requireLeverage(params.leverage);
  const sigma = requireInRange("volatility", params.volatility, 0, MAX_VOLATILITY);
  const years = requireFinite("years", params.years);
  if (!(years > 0 && years <= MAX_YEARS))
    throw numError("years", `years must be > 0 and ≤ ${MAX_YEARS} (got ${years})`);
  const o: SimulateOptions = params.options ?? {};
  rejectUnknownKeys(o, SIMULATE_OPTION_KEYS);
  const scheme = readScheme(L, o);
  if (o.fundingPerPeriod != null && typeof o.fundingPerPeriod !== "number") {
    throw valueError(
      "funding_per_period",
      "funding_per_period must be one number in LEV.SIMULATE (a series needs LEV.PATH)"
    );
  }
  const funding = requireHalfOpen(
    "funding_per_period",
    optNumber("funding_per_period", o.fundingPerPeriod, 0),
    -1,
    1
  );
  if (o.startNav != null && !(requireFinite("start_nav", o.startNav) > 0)) {
    throw numError("start_nav", `start_nav must be > 0 (got ${o.startNav})`);
  }
  const paths = requireIntegerInRange(
    "paths",
    optNumber("paths", o.paths, DEFAULT_PATHS),
    1,
    MAX_PATHS
  );
  const stepsPerYear = optNumber("steps_per_year", o.stepsPerYear, 365);
  if (!(stepsPerYear > 0 && stepsPerYear <= MAX_STEPS_PER_YEAR)) {
    throw numError(
      "steps_per_year",
      `steps_per_year must be > 0 and ≤ ${MAX_STEPS_PER_YEAR.toLocaleString("en-US")} (got ${stepsPerYear})`
    );
  }
  const drift = requireInRange(
    "drift",
    optNumber("drift", o.drift, 0),
    -MAX_ABS_DRIFT,
    MAX_ABS_DRIFT
  );
  const seed = requireIntegerInRange("seed", optNumber("seed", o.seed, 1), 0, 4294967295);
  const n = Math.max(1, Math.round(years * stepsPerYear));
  if (paths * n > MAX_PATH_STEPS) {
    throw numError(
      "paths",
      `paths × steps must be ≤ ${MAX_PATH_STEPS.toLocaleString("en-US")} (got ${paths.toLocaleString("en-US")} × ${n.toLocaleString("en-US")} steps); lower paths, steps_per_year or years`
    );
  }

  const dt = years / n;
  return {
    scheme,
    funding,
    paths,
    n,
    mu: (drift - (sigma * sigma) / 2) * dt,
    sd: sigma * Math.sqrt(dt),
    seed,
  };
}

/**
 * Paths come in blocks of SIM_BLOCK_PATHS: block b draws from the seed's xoroshiro128+ stream advanced by
 * b·2⁶⁴ steps (the generator's jump, rng.ts), paths one after another within a block. So any whole blocks can
 * be simulated apart (simulatePathRange, e.g. on several workers) and merged into exactly the ratios of one
 * runSimulation call.
 */
export const SIM_BLOCK_PATHS = 1024;

const overflowError = (): LevError =>
  naError(
    "leverage",
    "a simulated NAV left the number range: leverage, volatility or drift are too extreme for this horizon"
  );

/** Simulates paths [from, to) into out[0 … to−from−1]; `from` is a multiple of SIM_BLOCK_PATHS. */
function runRange(
  s: Setup,
  from: number,
  to: number,
  out: Float64Array,
  hooks?: SimulationHooks
): void {
  const { scheme, funding, n, mu, sd, seed } = s;
  const chunk = Math.max(1, Math.floor(STEPS_PER_CHUNK / n));
  // "period" runs 4 paths at a time when their draws fit a moderate buffer; band and the rest one at a time
  const lanes = !scheme.band && to - from >= 4 && n <= MAX_LANE_STEPS ? 4 : 1;
  const z = new Float64Array(lanes * n); // the draws of the current path(s), reused
  const z1 = lanes === 1 ? z : z.subarray(0, n);
  const block = Math.floor(from / SIM_BLOCK_PATHS);
  const nextStream = blockStreams(seed, block);
  let normals = nextStream();
  let blockEnd = (block + 1) * SIM_BLOCK_PATHS;
  let p = from;
  while (p < to) {
    if (hooks?.shouldCancel?.()) throw new LevError("NA", undefined, "simulation cancelled");
    const chunkEnd = Math.min(to, p + chunk);
    while (p < chunkEnd) {
      if (p === blockEnd) {
        normals = nextStream();
        blockEnd += SIM_BLOCK_PATHS;
      }
      const end = Math.min(chunkEnd, blockEnd);
      if (lanes === 4) {
        for (; p + 4 <= end; p += 4) {
          normals.fill(z); // the draws of paths p … p+3, in path order
          toGrowth(z, mu, sd);
          if (!periodPaths4(scheme, z, n, funding, out, p - from)) throw overflowError();
        }
      }
      for (; p < end; p++) {
        normals.fill(z1); // all n draws, even if the path is wiped out: a path's draws never depend on another's outcome
        toGrowth(z1, mu, sd);
        const ratio = onePath(scheme, z1, funding);
        if (ratio !== ratio) throw overflowError();
        out[p - from] = ratio;
      }
    }
    hooks?.onProgress?.((p - from) / (to - from));
  }
}

/** The summary statistics of NAV ratios (any order; `ratios` is not modified). */
export function summariseNavRatios(ratios: Float64Array, steps: number): SimulationSummary {
  const paths = ratios.length;
  const sorted = ratios.slice().sort();
  let sum = 0;
  let losses = 0;
  for (let p = 0; p < paths; p++) {
    sum += ratios[p];
    if (ratios[p] < 1) losses++;
  }
  const summary: SimulationSummary = {
    mean: sum / paths,
    p5: percentileSorted(sorted, 0.05),
    p25: percentileSorted(sorted, 0.25),
    median: percentileSorted(sorted, 0.5),
    p75: percentileSorted(sorted, 0.75),
    p95: percentileSorted(sorted, 0.95),
    probLoss: losses / paths,
    stderrMean: 0,
    var95: 0,
    es95: 0,
    paths,
    steps,
  };
  // docs/references/performance.md §11: from the same ratios, after (and without changing) the rows above
  if (paths > 1) summary.stderrMean = moments(ratios).sd / Math.sqrt(paths);
  let tail = 0; // the ratios at or below p5: sorted[0 … tail−1]
  while (tail < paths && sorted[tail] <= summary.p5) tail++;
  summary.var95 = 1 - summary.p5;
  summary.es95 = 1 - compensatedSum(sorted, 0, tail) / tail;
  if (!Number.isFinite(summary.mean)) {
    throw naError(
      "leverage",
      "the simulated mean NAV left the number range: leverage, volatility or drift are too extreme"
    );
  }
  return summary;
}

/** Runs the simulation; returns the summary and every path's NAV ratio. */
export function runSimulation(params: SimulationParams, hooks?: SimulationHooks): SimulationResult {
  const s = readSetup(params);
  const ratios = new Float64Array(s.paths);
  runRange(s, 0, s.paths, ratios, hooks);
  return { summary: summariseNavRatios(ratios, s.n), navRatios: ratios };
}

/**
 * The NAV ratios of paths from … to−1 of the run `params` describes (the same numbers as
 * runSimulation(params).navRatios.subarray(from, to)), for splitting one run across workers: `from` must be
 * a multiple of SIM_BLOCK_PATHS, 0 ≤ from ≤ to ≤ paths. Merge the parts in path order and call
 * summariseNavRatios(merged, steps) for the statistics.
 */
export function simulatePathRange(
  params: SimulationParams,
  from: number,
  to: number,
  hooks?: SimulationHooks
): { navRatios: Float64Array; steps: number } {
  const s = readSetup(params);
  if (!Number.isInteger(from) || from < 0 || from % SIM_BLOCK_PATHS !== 0 || from > s.paths) {
    throw valueError(
      "from",
      `from must be a multiple of ${SIM_BLOCK_PATHS} between 0 and paths = ${s.paths} (got ${from})`
    );
  }
  if (!Number.isInteger(to) || to < from || to > s.paths) {
    throw valueError(
      "to",
      `to must be a whole number between from = ${from} and paths = ${s.paths} (got ${to})`
    );
  }
  const out = new Float64Array(to - from);
  if (to > from) runRange(s, from, to, out, hooks);
  return { navRatios: out, steps: s.n };
}

export const SIMULATE_COLUMNS = ["statistic", "value"] as const;

/** LEV.SIMULATE's 2-column table from a summary (also used by the add-in after a run split across workers). */
export function summaryTable(s: SimulationSummary): Table {
  return {
    columns: [...SIMULATE_COLUMNS],
    rows: [
      ["mean", s.mean],
      ["p5", s.p5],
      ["p25", s.p25],
      ["median", s.median],
      ["p75", s.p75],
      ["p95", s.p95],
      ["prob_loss", s.probLoss],
      ["stderr_mean", s.paths > 1 ? s.stderrMean : "n/a: needs at least 2 paths"],
      ["var_95", s.var95],
      ["es_95", s.es95],
    ],
  };
}

/** LEV.SIMULATE: the distribution of NAV_T/NAV_0 as a 2-column table (see the module header). */
export function simulate(params: SimulationParams, hooks?: SimulationHooks): Table {
  return summaryTable(runSimulation(params, hooks).summary);
}
