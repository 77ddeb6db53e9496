import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import fc from "fast-check";
import { LevError } from "../../src/engine/errors";
import {
  runSimulation,
  simulate,
  simulatePathRange,
  summariseNavRatios,
  SIM_BLOCK_PATHS,
  SIMULATE_OPTION_KEYS,
  SIMULATE_OPTION_NAMES,
} from "../../src/engine/simulate";
import { SCHEME_OPTION_NAMES } from "../../src/engine/path";
import { decay } from "../../src/engine/decay";
import { normalStream } from "../../src/engine/rng";
import {
  exposureAfterPeriod,
  exposureAfterTrade,
  navAfterPeriod,
  navAfterTrade,
  navHeld,
  readScheme,
  rebalanceDest,
  rebalanceTrade,
  step,
  ST_OVERFLOW,
  ST_WIPED,
  type SchemeOptions,
} from "../../src/engine/lt-core";
import { assertLevError } from "./lt-helpers";

/** The NAV ratios of `paths` paths by iterating LEV.PATH's one-period step() on the stream's draws (the definition):
 * path p uses the next n draws of block ⌊p/1024⌋'s stream (the seed's stream jumped ⌊p/1024⌋ times). */
function ratiosByStep(
  L: number,
  sigma: number,
  years: number,
  n: number,
  paths: number,
  seed: number,
  funding: number,
  o: SchemeOptions
): Float64Array {
  const scheme = readScheme(L, o);
  const dt = years / n;
  const mu = (0 - (sigma * sigma) / 2) * dt;
  const sd = sigma * Math.sqrt(dt);
  let normals = normalStream(seed);
  const z = new Float64Array(n);
  const st = new Float64Array(6);
  const out = new Float64Array(paths);
  for (let p = 0; p < paths; p++) {
    if (p > 0 && p % 1024 === 0) normals = normalStream(seed, p / 1024);
    normals.fill(z);
    st[0] = 1;
    st[1] = L;
    for (let k = 0; k < n; k++) {
      const code = step(scheme, st, Math.exp(mu + sd * z[k]), funding);
      if (code === ST_WIPED) break;
      if (code === ST_OVERFLOW) throw new Error("overflow");
    }
    out[p] = st[0];
  }
  return out;
}

/** E[ln(1 + L·(e^{a+bZ} − 1))], Z ~ N(0,1), by Simpson's rule on [−12, 12] (no wipe-out inside that range). */
function expectedLogStep(L: number, a: number, b: number): number {
  const M = 4000;
  const lo = -12;
  const h = 24 / M;
  let s = 0;
  for (let i = 0; i <= M; i++) {
    const z = lo + i * h;
    const w = i === 0 || i === M ? 1 : i % 2 ? 4 : 2;
    s +=
      (w * Math.log1p(L * Math.expm1(a + b * z)) * Math.exp((-z * z) / 2)) / Math.sqrt(2 * Math.PI);
  }
  return (s * h) / 3;
}

function meanAndSe(xs: ArrayLike<number>): { mean: number; se: number } {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i];
  m /= xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - m) ** 2;
  return { mean: m, se: Math.sqrt(v / (xs.length - 1) / xs.length) };
}

describe("engine/simulate — LEV.SIMULATE Monte Carlo under GBM", () => {
  describe("random numbers (rng.ts)", () => {
    it("the same seed gives the same normal draws, another seed different ones", () => {
      const a = normalStream(123);
      const b = normalStream(123);
      const c = normalStream(124);
      const xa = Array.from({ length: 1000 }, () => a.next());
      const xb = Array.from({ length: 1000 }, () => b.next());
      const xc = Array.from({ length: 1000 }, () => c.next());
      assert.deepEqual(xa, xb);
      assert.notDeepEqual(xa, xc);
    });
    it("fill() yields the same sequence as next(), across odd buffer lengths", () => {
      const a = normalStream(5);
      const b = normalStream(5);
      const buf = new Float64Array(7);
      const filled: number[] = [];
      for (let k = 0; k < 5; k++) {
        b.fill(buf);
        filled.push(...buf);
      }
      assert.deepEqual(
        filled,
        Array.from({ length: 35 }, () => a.next())
      );
    });
    it("draws are standard normal: mean 0, variance 1, P(Z < −1.6449) ≈ 5% over 400,000 draws (4 standard errors)", () => {
      const s = normalStream(2024);
      const n = 400000;
      let sum = 0;
      let sq = 0;
      let below = 0;
      for (let i = 0; i < n; i++) {
        const z = s.next();
        sum += z;
        sq += z * z;
        if (z < -1.6448536269514722) below++;
      }
      assert.ok(Math.abs(sum / n) < 4 / Math.sqrt(n));
      assert.ok(Math.abs(sq / n - 1) < 4 * Math.sqrt(2 / n));
      assert.ok(Math.abs(below / n - 0.05) < 4 * Math.sqrt((0.05 * 0.95) / n));
    });
  });

  describe("reproducibility and layout", () => {
    it("the same seed reproduces every path's NAV ratio exactly; another seed changes them (property, seeded)", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 4294967295 }),
          fc.double({ min: -3, max: 3, noNaN: true }).filter((L) => Math.abs(L) > 0.1),
          (seed, L) => {
            const p = {
              leverage: L,
              volatility: 0.6,
              years: 0.25,
              options: { paths: 50, stepsPerYear: 52, seed },
            };
            const a = runSimulation(p).navRatios;
            const b = runSimulation(p).navRatios;
            const c = runSimulation({
              ...p,
              options: { ...p.options, seed: seed === 0 ? 1 : seed - 1 },
            }).navRatios;
            return a.every((x, i) => x === b[i]) && a.some((x, i) => x !== c[i]);
          }
        ),
        { seed: 51, numRuns: 30 }
      );
    });
    it("paths use common random numbers, and a band that never triggers is buy-and-hold: static 0.5x ratio = 1 + 0.5·(1x ratio − 1) path by path", () => {
      const base = {
        volatility: 0.5,
        years: 1,
        options: { paths: 300, stepsPerYear: 52, seed: 9 },
      };
      const one = runSimulation({ ...base, leverage: 1 }).navRatios; // 1x: NAV ratio = S_T/S_0
      const half = runSimulation({
        ...base,
        leverage: 0.5,
        options: { ...base.options, rebalance: "band", bandLow: 0, bandHigh: 1e9 },
      }).navRatios;
      for (let i = 0; i < one.length; i++)
        assert.ok(Math.abs(half[i] - (1 + 0.5 * (one[i] - 1))) < 1e-12, `path ${i}`);
      assert.ok(new Set(Array.from(one)).size === one.length); // the paths differ from each other
    });
    it("spills 2 columns statistic/value with mean, p5, p25, median, p75, p95, prob_loss, stderr_mean, var_95, es_95 in that order, percentiles ascending", () => {
      const t = simulate({ leverage: 3, volatility: 0.8, years: 1, options: { paths: 2000 } });
      assert.deepEqual(t.columns, ["statistic", "value"]);
      assert.deepEqual(
        t.rows.map((r) => r[0]),
        ["mean", "p5", "p25", "median", "p75", "p95", "prob_loss", "stderr_mean", "var_95", "es_95"]
      );
      const v = t.rows.map((r) => r[1] as number);
      for (let i = 1; i < 5; i++) assert.ok(v[i] <= v[i + 1]);
      assert.ok(v[6] >= 0 && v[6] <= 1);
      const s = runSimulation({ leverage: 3, volatility: 0.8, years: 1, options: { paths: 2000 } });
      assert.deepEqual(v, [
        s.summary.mean,
        s.summary.p5,
        s.summary.p25,
        s.summary.median,
        s.summary.p75,
        s.summary.p95,
        s.summary.probLoss,
        s.summary.stderrMean,
        s.summary.var95,
        s.summary.es95,
      ]);
      assert.equal(s.summary.steps, 365);
      assert.equal(s.navRatios.length, 2000);
    });
    it("option names are LEV.PATH's rebalancing-scheme options plus paths, steps_per_year, drift, seed, each mapped to a key", () => {
      assert.deepEqual(
        [...SIMULATE_OPTION_NAMES],
        [...SCHEME_OPTION_NAMES, "paths", "steps_per_year", "drift", "seed"]
      );
      assert.deepEqual(Object.keys(SIMULATE_OPTION_KEYS), [...SIMULATE_OPTION_NAMES]);
    });
  });

  describe("the simulation loop is LEV.PATH's step", () => {
    const cases: { name: string; L: number; sigma: number; funding: number; o: SchemeOptions }[] = [
      { name: "daily 3x, no costs", L: 3, sigma: 0.8, funding: 0, o: {} },
      {
        name: "daily 3x with fee, cost and funding",
        L: 3,
        sigma: 0.8,
        funding: 0.0002,
        o: { feePerPeriod: 0.0001, costRate: 0.002 },
      },
      {
        name: "daily −2x with cost and negative funding",
        L: -2,
        sigma: 0.9,
        funding: -0.0003,
        o: { costRate: 0.001 },
      },
      { name: "daily 5x at σ = 300% (many wipe-outs)", L: 5, sigma: 3, funding: 0, o: {} },
      {
        name: "band [2, 4] to target with cost and fee",
        L: 3,
        sigma: 0.8,
        funding: 0.0001,
        o: { rebalance: "band", bandLow: 2, bandHigh: 4, costRate: 0.001, feePerPeriod: 0.0001 },
      },
      {
        name: "band [2, 4] to the crossed edge",
        L: 3,
        sigma: 0.8,
        funding: 0,
        o: { rebalance: "band", bandLow: 2, bandHigh: 4, rebalanceTo: "edge", costRate: 0.0005 },
      },
      {
        name: "short −3x band [2, 4] to target",
        L: -3,
        sigma: 0.7,
        funding: 0,
        o: { rebalance: "band", bandLow: 2, bandHigh: 4 },
      },
      {
        name: "short −3x band [1, 5] to the crossed edge",
        L: -3,
        sigma: 1.2,
        funding: 0.0002,
        o: { rebalance: "band", bandLow: 1, bandHigh: 5, rebalanceTo: "edge", costRate: 0.001 },
      },
    ];
    for (const c of cases) {
      it(`${c.name}: every path's NAV ratio equals iterating step() on the same draws, bit for bit`, () => {
        const n = 365;
        const paths = 1003; // 2 chunks of paths (684 + 319): groups of 4 paths and 3 single ones
        const seed = 77;
        const r = runSimulation({
          leverage: c.L,
          volatility: c.sigma,
          years: 1,
          options: { ...c.o, fundingPerPeriod: c.funding, paths, seed },
        }).navRatios;
        const ref = ratiosByStep(c.L, c.sigma, 1, n, paths, seed, c.funding, c.o);
        for (let p = 0; p < paths; p++)
          assert.ok(Object.is(r[p], ref[p]), `path ${p}: ${r[p]} vs ${ref[p]}`);
      });
    }
    it("simulate.ts has no copy of the step: its loops call step()'s pieces from lt-core.ts, and none of the step's formulas appear in it", () => {
      const src = readFileSync(join(__dirname, "../../src/engine/simulate.ts"), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
      for (const fn of [
        "navAfterPeriod",
        "exposureAfterPeriod",
        "rebalanceDest",
        "rebalanceTrade",
        "navAfterTrade",
        "exposureAfterTrade",
        "navHeld",
      ])
        assert.match(src, new RegExp(`\\b${fn}\\(`), fn);
      // the fee, the period's return, the gap to the target leverage, the band's edges: only in lt-core.ts
      for (const formula of [
        /\.fee\b/,
        /\bg(rowth)? - 1\b/,
        /\bgap\b/,
        /EDGE_TOL/,
        /\.band(High|Low)\b/,
        /[xX]\w* \/ \w*[vV]/,
      ])
        assert.doesNotMatch(src, formula);
    });
    it("step()'s pieces, called as simulate.ts calls them, give step()'s NAV and exposure, and carry a wipe-out as 0 and an overflow as NaN through later steps", () => {
      const schemes = [
        readScheme(3, { costRate: 0.001, feePerPeriod: 0.0001 }),
        readScheme(-2, { rebalance: "band", bandLow: 1, bandHigh: 3, rebalanceTo: "edge" }),
        readScheme(3, { rebalance: "band", bandLow: 2, bandHigh: 4, costRate: 0.002 }),
      ];
      const st = new Float64Array(6);
      for (const s of schemes) {
        const c = s.costRate;
        /** One step by the pieces, as simulate.ts's loops run it: [V, X] after the step. */
        const byPieces = (v0: number, x0: number, g: number, f: number): [number, number] => {
          const v = navAfterPeriod(s, v0, x0, g, f);
          const x = exposureAfterPeriod(x0, g);
          const dest = rebalanceDest(s, v, x);
          if (dest !== dest) return [navHeld(v, x), x]; // no trade
          const t = rebalanceTrade(dest, c, v, x);
          const v1 = navAfterTrade(c, v, t);
          return [v1, exposureAfterTrade(v1, x, t)];
        };
        const L = s.target;
        // ordinary steps (rebalancing or, in a band, not): the same V and X as step(), bit for bit
        for (const g of [1.05, 0.97, 1.3, 0.8, 1]) {
          st.set([1, L, 0, 0, 0, 0]);
          step(s, st, g, 0.0002);
          const [v, x] = byPieces(1, L, g, 0.0002);
          assert.ok(
            Object.is(v, st[0]) && Object.is(x, st[1]),
            `${L} ${g}: ${v} ${x} vs ${st[0]} ${st[1]}`
          );
        }
        // a crash through zero wipes out (V = X = 0), and V = X = 0 stays 0
        const crash = L > 0 ? 0.5 : 1.8;
        assert.deepEqual(byPieces(1, L, crash, 0), [0, 0]);
        st.set([1, L, 0, 0, 0, 0]);
        assert.equal(step(s, st, crash, 0), ST_WIPED);
        assert.deepEqual(byPieces(0, 0, 1.5, 0.001), [0, 0]);
        // V' and X' overflow to ∞ → NaN, and NaN stays NaN (the loops turn it into #N/A)
        const [v1, x1] = byPieces(1e308, 1.7e308, 2, 0);
        assert.ok(Number.isNaN(v1));
        assert.ok(Number.isNaN(byPieces(v1, x1, 1.01, 0)[0]));
        st.set([1e308, 1.7e308, 0, 0, 0, 0]);
        assert.equal(step(s, st, 2, 0), ST_OVERFLOW);
      }
    });
  });

  describe("blocks of paths and ranges (for workers)", () => {
    const params = {
      leverage: 3,
      volatility: 0.8,
      years: 0.25,
      options: { paths: 9000, stepsPerYear: 52, seed: 11, costRate: 0.001 },
    };
    it("blocks are 1,024 paths; paths past the first block follow step() on the jumped stream, bit for bit", () => {
      assert.equal(SIM_BLOCK_PATHS, 1024);
      const r = runSimulation(params).navRatios;
      const ref = ratiosByStep(3, 0.8, 0.25, 13, 9000, 11, 0, { costRate: 0.001 });
      for (let p = 0; p < 9000; p++) assert.ok(Object.is(r[p], ref[p]), `path ${p}`);
    });
    it("ranges [0, 4096), [4096, 5120), [5120, 9000) merged are exactly runSimulation's ratios and summary", () => {
      const whole = runSimulation(params);
      const parts = [
        [0, 4096],
        [4096, 5120],
        [5120, 9000],
      ].map(([a, b]) => simulatePathRange(params, a, b));
      const merged = new Float64Array(9000);
      let o = 0;
      for (const part of parts) {
        assert.equal(part.steps, 13);
        merged.set(part.navRatios, o);
        o += part.navRatios.length;
      }
      assert.ok(merged.every((x, i) => Object.is(x, whole.navRatios[i])));
      assert.deepEqual(summariseNavRatios(merged, 13), whole.summary);
    });
    it("a range must start on a block boundary and lie within paths (#VALUE! naming from / to)", () => {
      assertLevError(
        () => simulatePathRange(params, 100, 200),
        "VALUE",
        "from",
        /multiple of 1024/
      );
      assertLevError(() => simulatePathRange(params, 4096, 9001), "VALUE", "to");
      assertLevError(() => simulatePathRange(params, 4096, 4000), "VALUE", "to");
      assert.equal(simulatePathRange(params, 8192, 8192).navRatios.length, 0);
    });
  });

  describe("agreement with theory", () => {
    it("daily 2x at σ = 30%, no drift or costs: mean NAV ratio is 1 (E[1 + L·r] = 1 each step) within 4 standard errors", () => {
      const r = runSimulation({
        leverage: 2,
        volatility: 0.3,
        years: 1,
        options: { paths: 20000 },
      });
      const { mean, se } = meanAndSe(r.navRatios);
      assert.equal(r.summary.mean, mean);
      assert.ok(Math.abs(mean - 1) < 4 * se, `mean ${mean}, se ${se}`);
    });
    it("daily 2x at σ = 30%: mean log NAV matches the exact discrete expectation 365·E[ln(1 + L·r)] (quadrature) within 4 standard errors", () => {
      const sigma = 0.3;
      const L = 2;
      const n = 365;
      const exact = n * expectedLogStep(L, (-sigma * sigma) / (2 * n), sigma / Math.sqrt(n));
      const r = runSimulation({
        leverage: L,
        volatility: sigma,
        years: 1,
        options: { paths: 20000, seed: 3 },
      });
      const { mean, se } = meanAndSe(Array.from(r.navRatios, Math.log));
      assert.ok(Math.abs(mean - exact) < 4 * se, `mean log ${mean}, exact ${exact}, se ${se}`);
    });
    it("as steps per year grow the exact discrete expected log NAV converges to Avellaneda–Zhang's L·ln S drift + (L−L²)σ²/2 = −L²σ²/2 (error ~1/N)", () => {
      const sigma = 0.3;
      const L = 2;
      const az = -(L * L * sigma * sigma) / 2; // E[L·ln S_T] + (L − L²)σ²T/2 with E[ln S_T] = −σ²T/2
      const errs = [52, 365, 8760].map((n) =>
        Math.abs(n * expectedLogStep(L, (-sigma * sigma) / (2 * n), sigma / Math.sqrt(n)) - az)
      );
      assert.ok(errs[1] < errs[0] && errs[2] < errs[1] / 10, `errors ${errs}`);
      assert.ok(errs[2] < 1e-5);
      // and the closed-form decay is the same drag term: ln(1 + LEV.DECAY) = (L − L²)σ²/2
      assert.ok(
        Math.abs(
          Math.log1p(decay({ leverage: L, volatility: sigma })) - ((L - L * L) * sigma * sigma) / 2
        ) < 1e-15
      );
    });
    it("drift moves the mean: E[NAV_T/NAV_0] = e^{L·μ·T} for daily reset without costs (within 4 standard errors)", () => {
      const r = runSimulation({
        leverage: 2,
        volatility: 0.2,
        years: 1,
        options: { paths: 20000, drift: 0.1, seed: 4 },
      });
      const { mean, se } = meanAndSe(r.navRatios);
      const expected = Math.pow(Math.exp(0.1 / 365) * 2 - 1, 365); // E[1 + L·r] = 1 + L·(e^{μΔt} − 1) per step
      assert.ok(Math.abs(mean - expected) < 4 * se, `mean ${mean} vs ${expected}`);
      assert.ok(Math.abs(expected - Math.exp(0.2)) < 1e-4);
    });
    it("costs and fees only lower the outcome on the same paths: every path's ratio with costs ≤ without", () => {
      const base = { leverage: 3, volatility: 0.8, years: 1, options: { paths: 500, seed: 8 } };
      const free = runSimulation(base).navRatios;
      const costly = runSimulation({
        ...base,
        options: { ...base.options, costRate: 0.001, feePerPeriod: 0.0003 },
      }).navRatios;
      assert.ok(free.every((x, i) => costly[i] <= x));
    });
    it("3x at σ = 80%: a wide band [2, 4] ends with a higher median than daily reset on the same paths (docs/references/leveraged-tokens.md §2.6: log drag −1.61 vs −1.96 /yr)", () => {
      const base = { leverage: 3, volatility: 0.8, years: 1 };
      const band = runSimulation({
        ...base,
        options: { paths: 2000, rebalance: "band", bandLow: 2, bandHigh: 4 },
      });
      const daily = runSimulation({ ...base, options: { paths: 2000 } });
      for (const x of band.navRatios) assert.ok(Number.isFinite(x) && x >= 0);
      assert.ok(
        band.summary.median > daily.summary.median,
        `${band.summary.median} vs ${daily.summary.median}`
      );
    });
  });

  describe("risk rows from the same run: stderr_mean, var_95, es_95 (docs/references/performance.md §11)", () => {
    /** The first seven rows by their definitions, written out independently of summariseNavRatios. */
    function firstSeven(ratios: Float64Array): number[] {
      const n = ratios.length;
      const sorted = Array.from(ratios).sort((a, b) => a - b);
      const pct = (p: number) => {
        const h = (n - 1) * p;
        const lo = Math.floor(h);
        const hi = Math.min(lo + 1, n - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
      };
      let sum = 0;
      for (let i = 0; i < n; i++) sum += ratios[i];
      return [
        sum / n,
        pct(0.05),
        pct(0.25),
        pct(0.5),
        pct(0.75),
        pct(0.95),
        Array.from(ratios).filter((x) => x < 1).length / n,
      ];
    }
    const params = {
      leverage: 3,
      volatility: 0.8,
      years: 1,
      options: { paths: 3000, stepsPerYear: 52, seed: 17, costRate: 0.001 },
    };

    it("the existing seven rows are unchanged: bit for bit their definitions on the run's NAV ratios", () => {
      const r = runSimulation(params);
      const t = simulate(params);
      const want = firstSeven(r.navRatios);
      t.rows.slice(0, 7).forEach((row, i) => assert.ok(Object.is(row[1], want[i]), `${row[0]}`));
    });
    it("stderr_mean = sample sd (n − 1) of the ratios / √paths, var_95 = 1 − p5, es_95 = 1 − mean of the ratios ≤ p5 (naive formulas on the same ratios)", () => {
      const r = runSimulation(params);
      const x = Array.from(r.navRatios);
      const { mean, se } = meanAndSe(x);
      assert.ok(
        Math.abs(r.summary.stderrMean - se) <= 1e-12 * se,
        `${r.summary.stderrMean} vs ${se}`
      );
      assert.ok(Math.abs(mean - r.summary.mean) < 1e-12);
      assert.equal(r.summary.var95, 1 - r.summary.p5);
      const tail = x.filter((v) => v <= r.summary.p5);
      const es = 1 - tail.reduce((a, b) => a + b, 0) / tail.length;
      assert.ok(Math.abs(r.summary.es95 - es) < 1e-14, `${r.summary.es95} vs ${es}`);
      assert.ok(r.summary.es95 >= r.summary.var95);
      const t = simulate(params);
      assert.deepEqual(t.rows.slice(7), [
        ["stderr_mean", r.summary.stderrMean],
        ["var_95", r.summary.var95],
        ["es_95", r.summary.es95],
      ]);
    });
    it("five known ratios {0.5, 0.8, 1, 1.2, 2}: stderr 0.252982213, p5 0.56 → var_95 0.44, es_95 0.5 (worked by hand)", () => {
      const s = summariseNavRatios(Float64Array.of(1.2, 0.5, 2, 1, 0.8), 1);
      assert.ok(Math.abs(s.stderrMean - Math.sqrt(0.32 / 5)) < 1e-15, `${s.stderrMean}`);
      assert.ok(Math.abs(s.p5 - 0.56) < 1e-15);
      assert.ok(Math.abs(s.var95 - 0.44) < 1e-15);
      assert.equal(s.es95, 0.5);
    });
    it("4× the paths halve the standard error: 2,000 → 8,000 paths gives a ratio ≈ 2 (within 10%)", () => {
      const base = {
        leverage: 2,
        volatility: 0.5,
        years: 1,
        options: { stepsPerYear: 52, seed: 5 },
      };
      const a = runSimulation({ ...base, options: { ...base.options, paths: 2000 } }).summary;
      const b = runSimulation({ ...base, options: { ...base.options, paths: 8000 } }).summary;
      const ratio = a.stderrMean / b.stderrMean;
      assert.ok(Math.abs(ratio - 2) < 0.2, `ratio ${ratio}`);
    });
    it("one path: the standard error cannot be estimated, the table says so in text (the summary holds 0)", () => {
      const t = simulate({ leverage: 3, volatility: 0.8, years: 1, options: { paths: 1 } });
      assert.deepEqual(t.rows[7], ["stderr_mean", "n/a: needs at least 2 paths"]);
      assert.equal(t.rows[8][1], 1 - (t.rows[1][1] as number));
      assert.equal(t.rows[9][1], 1 - (t.rows[0][1] as number));
    });
  });

  describe("hooks", () => {
    it("onProgress reports increasing fractions ending at 1", () => {
      const seen: number[] = [];
      runSimulation(
        { leverage: 3, volatility: 0.8, years: 1, options: { paths: 3000 } },
        { onProgress: (f) => seen.push(f) }
      );
      assert.ok(seen.length > 1);
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i] > seen[i - 1]);
      assert.equal(seen[seen.length - 1], 1);
    });
    it('shouldCancel → LevError #N/A "simulation cancelled" after the current chunk', () => {
      let calls = 0;
      assert.throws(
        () =>
          runSimulation(
            { leverage: 3, volatility: 0.8, years: 1, options: { paths: 10000 } },
            { shouldCancel: () => ++calls > 1 }
          ),
        (e: unknown) =>
          e instanceof LevError && e.kind === "NA" && e.message === "simulation cancelled"
      );
      assert.equal(calls, 2);
    });
  });

  describe("errors and limits", () => {
    it("leverage 0 and negative volatility are #NUM! naming the argument", () => {
      assertLevError(() => simulate({ leverage: 0, volatility: 0.8, years: 1 }), "NUM", "leverage");
      assertLevError(
        () => simulate({ leverage: 3, volatility: -0.2, years: 1 }),
        "NUM",
        "volatility"
      );
      assertLevError(() => simulate({ leverage: 3, volatility: 0.2, years: 0 }), "NUM", "years");
    });
    it("paths above 1,000,000 and paths × steps above 50,000,000 are #NUM! stating the limit", () => {
      assertLevError(
        () => simulate({ leverage: 3, volatility: 0.8, years: 1, options: { paths: 1000001 } }),
        "NUM",
        "paths",
        /1,000,000/
      );
      assertLevError(
        () => simulate({ leverage: 3, volatility: 0.8, years: 1, options: { paths: 200000 } }),
        "NUM",
        "paths",
        /50,000,000/
      );
      assertLevError(
        () => simulate({ leverage: 3, volatility: 0.8, years: 1, options: { paths: 10.5 } }),
        "NUM",
        "paths"
      );
    });
    it("a simulated NAV that overflows float64 is a LevError #N/A, never Infinity/NaN (50x, drift 10, 100 yearly steps; 3 or 8 paths, with cost, band)", () => {
      assertLevError(
        () =>
          simulate({
            leverage: 50,
            volatility: 0,
            years: 100,
            options: { drift: 10, stepsPerYear: 1, paths: 3 },
          }),
        "NA",
        "leverage",
        /number range/
      );
      assertLevError(
        () =>
          simulate({
            leverage: 50,
            volatility: 0,
            years: 100,
            options: { drift: 10, stepsPerYear: 1, paths: 8 },
          }),
        "NA",
        "leverage",
        /number range/
      );
      assertLevError(
        () =>
          simulate({
            leverage: 50,
            volatility: 0,
            years: 100,
            options: { drift: 10, stepsPerYear: 1, paths: 8, costRate: 0.01 },
          }),
        "NA",
        "leverage",
        /number range/
      );
      assertLevError(
        () =>
          simulate({
            leverage: 50,
            volatility: 0,
            years: 100,
            options: {
              drift: 10,
              stepsPerYear: 1,
              paths: 8,
              rebalance: "band",
              bandLow: 1,
              bandHigh: 60,
            },
          }),
        "NA",
        "leverage",
        /number range/
      );
    });
    it("bad steps_per_year, seed, drift and a funding series are rejected naming the option", () => {
      assertLevError(
        () => simulate({ leverage: 3, volatility: 0.8, years: 1, options: { stepsPerYear: 0 } }),
        "NUM",
        "steps_per_year"
      );
      assertLevError(
        () => simulate({ leverage: 3, volatility: 0.8, years: 1, options: { seed: 1.5 } }),
        "NUM",
        "seed"
      );
      assertLevError(
        () => simulate({ leverage: 3, volatility: 0.8, years: 1, options: { drift: 50 } }),
        "NUM",
        "drift"
      );
      assertLevError(
        () =>
          simulate({
            leverage: 3,
            volatility: 0.8,
            years: 1,
            options: { fundingPerPeriod: [0.1, 0.2] as unknown as number },
          }),
        "VALUE",
        "funding_per_period"
      );
      assertLevError(
        () => simulate({ leverage: 3, volatility: 0.8, years: 1, options: { rebalance: "band" } }),
        "VALUE",
        "band_low"
      );
    });
  });
});
