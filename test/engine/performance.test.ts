/**
 * LEV.VOL, LEV.SHARPE, LEV.SORTINO, LEV.MAXDD, LEV.CALMAR, LEV.PERF, LEV.ROE, LEV.LEVADJ
 * (src/engine/performance.ts). Formulas: docs/references/performance.md §1–§8; worked examples perf#… in its
 * §12. Independent computations: naive two-pass formulas written out here, a brute-force drawdown, and
 * algebraic identities (leverage invariance of the Sharpe ratio, §4).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import {
  calmar,
  compensatedSum,
  levAdj,
  maxDrawdown,
  moments,
  perf,
  PERF_STATISTICS,
  roe,
  sharpe,
  sortino,
  vol,
} from "../../src/engine/performance";
import { evaluate } from "../../functions/adapter";
import { assertLevError } from "./lt-helpers";

// ---- independent, naive formulas (plain sums, as a textbook writes them) ----------------------------
const sum = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
};
const naiveMean = (x: ArrayLike<number>) => sum(x) / x.length;
/** Two-pass sample standard deviation without compensation. */
function naiveSd(x: ArrayLike<number>): number {
  const m = naiveMean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
}
const naiveLogReturns = (p: number[]) => p.slice(1).map((v, i) => Math.log(v / p[i]));
const naiveSharpe = (r: number[], rf: number, P: number) =>
  ((naiveMean(r) - rf) / naiveSd(r)) * Math.sqrt(P);
function naiveSortino(r: number[], T: number, P: number): number {
  const dd = Math.sqrt(sum(r.map((x) => Math.min(x - T, 0) ** 2)) / r.length);
  return ((naiveMean(r) - T) / dd) * Math.sqrt(P);
}
/** O(n²) maximum drawdown: every pair s ≤ t. */
function bruteMaxDrawdown(v: number[]): number {
  let mdd = 0;
  for (let t = 0; t < v.length; t++)
    for (let s = 0; s <= t; s++) mdd = Math.max(mdd, 1 - v[t] / v[s]);
  return mdd;
}
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const close = (a: number, b: number, tol: number, what = "") =>
  assert.ok(rel(a, b) <= tol, `${what} ${a} vs ${b} (rel ${rel(a, b)})`);

/** A seeded series of n log returns (sd 1% per step), as a plain pseudo-random sequence. */
function seededReturns(n: number, seed: number, sd = 0.01): Float64Array {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = next();
    const v = next();
    const rad = Math.sqrt(-2 * Math.log(u));
    out[i] = sd * rad * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = sd * rad * Math.sin(2 * Math.PI * v);
  }
  return out;
}

const X = [0.02, -0.01, 0.03, -0.02, 0.01];
const X3 = (c: number) => X.map((x) => 3 * x - c);
const FC52 = [100, 120, 90, 110, 80, 130];

describe("engine/performance — leverage-adjusted performance", () => {
  describe("numerics (docs/references/performance.md §2.2)", () => {
    it("compensated sum: 1 + 1e-16 × 10⁶ − 1 is 1e-10 (a plain sum gives 0)", () => {
      const x = new Float64Array(1_000_002);
      x[0] = 1;
      x.fill(1e-16, 1, 1_000_001);
      x[1_000_001] = -1;
      // Neumaier's bound: |error| ≤ 2ε·Σ|x| + O(nε²)·Σ|x| (≈ 4.4e-16 here); the plain sum is off by 1e-10
      assert.ok(Math.abs(compensatedSum(x) - 1e-10) < 5e-16, `${compensatedSum(x)}`);
      assert.equal(sum(x), 0);
    });
    it("1,000,000 prices around 60,000: their standard deviation equals that of the copy shifted by −60,000 to 1e-12 (a one-pass Σx² formula does not)", () => {
      const z = seededReturns(1_000_000, 7, 1);
      const prices = z.map((v) => 60_000 + 50 * v);
      const shifted = prices.map((v) => v - 60_000); // exact: Sterbenz
      const a = moments(prices).sd;
      const b = moments(shifted).sd;
      close(a, b, 1e-12, "sd");
      close(a, 50, 0.01, "≈ 50");
      // the textbook one-pass formula √((Σx² − (Σx)²/n)/(n − 1)) loses most digits here
      let s = 0;
      let q = 0;
      for (const v of prices) {
        s += v;
        q += v * v;
      }
      const onePass = Math.sqrt((q - (s * s) / prices.length) / (prices.length - 1));
      assert.ok(rel(onePass, b) > 1e-9, `one-pass ${onePass} vs ${b}`);
    });
    it("moments of equal values: sd exactly 0; of huge and tiny values: finite and right (scaled squares)", () => {
      assert.equal(moments([0.01, 0.01, 0.01]).sd, 0);
      close(moments([1e300, -1e300]).sd, Math.SQRT2 * 1e300, 1e-15, "huge");
      close(moments([1e-300, -1e-300]).sd, Math.SQRT2 * 1e-300, 1e-15, "tiny");
      close(moments([3e-320, 1e-320]).sd, Math.SQRT2 * 1e-320, 0.01, "subnormal");
    });
    it("mean and sd agree with the naive two-pass formulas on random series (property, seeded)", () => {
      fc.assert(
        fc.property(
          fc.array(
            fc
              .double({ min: -10, max: 10, noNaN: true })
              .filter((v) => v === 0 || Math.abs(v) > 1e-100),
            { minLength: 2, maxLength: 200 }
          ),
          (x) => {
            const m = moments(x);
            const sd = naiveSd(x);
            return (
              Math.abs(m.mean - naiveMean(x)) <= 1e-12 * (1 + Math.abs(naiveMean(x))) &&
              Math.abs(m.sd - sd) <= 1e-9 * sd + 1e-300
            );
          }
        ),
        { seed: 16, numRuns: 300 }
      );
    });
  });

  describe("LEV.VOL (§3)", () => {
    it("{100, 101, 99} daily: 0.404615696070191 (derived, docs/references/performance.md perf#13)", () => {
      close(vol({ prices: [100, 101, 99] }), 0.404615696070191, 1e-14);
    });
    it("{100, 110, 99} yearly: 0.141895609546708 (derived, perf#13)", () => {
      close(vol({ prices: [100, 110, 99], periodsPerYear: 1 }), 0.14189560954670763, 1e-14);
    });
    it("equals the naive sd of ln(P_t/P_{t−1}) × √P on random price paths (property, seeded)", () => {
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), {
            minLength: 2,
            maxLength: 100,
          }),
          fc.constantFrom(1, 12, 52, 252, 365),
          (r, P) => {
            const prices = [100];
            for (const x of r) prices.push(prices[prices.length - 1] * Math.exp(x));
            const want = naiveSd(naiveLogReturns(prices)) * Math.sqrt(P);
            return Math.abs(vol({ prices, periodsPerYear: P }) - want) <= 1e-9 * want + 1e-12;
          }
        ),
        { seed: 3, numRuns: 300 }
      );
    });
    it("1,000,000 prices around 60,000: the same volatility as a shifted copy (a constant added to every log return) and as a scaled copy, to 1e-12", function () {
      this.timeout(20_000);
      const z = seededReturns(999_999, 11);
      const n = z.length + 1;
      const base = new Float64Array(n);
      const trend = new Float64Array(n); // log returns z + 1e-5
      const scaled = new Float64Array(n);
      base[0] = trend[0] = 60_000;
      let lb = 0;
      let lt = 0;
      for (let i = 1; i < n; i++) {
        lb += z[i - 1];
        lt += z[i - 1] + 1e-5;
        base[i] = 60_000 * Math.exp(lb);
        trend[i] = 60_000 * Math.exp(lt);
      }
      for (let i = 0; i < n; i++) scaled[i] = base[i] * 1000;
      const t0 = performance.now();
      const v = vol({ prices: base });
      const ms = performance.now() - t0;
      close(vol({ prices: trend }), v, 1e-12, "trend");
      close(vol({ prices: scaled }), v, 1e-12, "scaled");
      close(v, 0.01 * Math.sqrt(365), 0.01, "≈ 1% daily");
      assert.ok(ms < 2000, `${ms} ms`);
    });
    it("through the adapter: a 1,000,000-cell column is accepted; one more is #NUM! naming the limit", () => {
      const col = Array.from({ length: 1_000_000 }, (_, i) => [60_000 + Math.sin(i)]);
      const o = evaluate("VOL", [col]);
      assert.ok(
        o.ok && typeof o.value === "number" && o.value > 0,
        JSON.stringify(o).slice(0, 200)
      );
      col.push([60_000]);
      const big = evaluate("VOL", [col]);
      assert.ok(!big.ok && big.code === "#NUM!" && big.message.includes("1,000,000"));
    });
    it("flat prices: volatility 0", () => {
      assert.equal(vol({ prices: [5, 5, 5, 5] }), 0);
    });
    it("errors: fewer than 3 prices #N/A, a price ≤ 0 #NUM! with its position, periods_per_year ≤ 0 #NUM!", () => {
      assertLevError(() => vol({ prices: [100, 101] }), "NA", "prices", /at least 3/);
      assertLevError(() => vol({ prices: [100, 0, 101] }), "NUM", "prices", /position 2/);
      assertLevError(() => vol({ prices: [100, 101, -1] }), "NUM", "prices", /position 3/);
      assertLevError(
        () => vol({ prices: [1, 2, 3], periodsPerYear: 0 }),
        "NUM",
        "periods_per_year"
      );
      assertLevError(
        () => vol({ prices: [1, 2, 3], periodsPerYear: -1 }),
        "NUM",
        "periods_per_year"
      );
    });
  });

  describe("LEV.SHARPE (§4)", () => {
    it("x = {2%, −1%, 3%, −2%, 1%}: 0.289345693, and the same for 3x (derived, perf#2)", () => {
      close(sharpe({ returns: X }), 0.2893456933022473, 1e-12);
      close(sharpe({ returns: X3(0) }), 0.2893456933022473, 1e-12);
    });
    it("rf 0.1%: x and 3x − 0.2% (3x financed at rf) 0.241121411; 3x − 0.4% (a 0.1%/period spread) 0.208971890 (derived, perf#3)", () => {
      close(sharpe({ returns: X, rfPerPeriod: 0.001 }), 0.24112141108520607, 1e-12);
      close(sharpe({ returns: X3(0.002), rfPerPeriod: 0.001 }), 0.24112141108520607, 1e-12);
      close(sharpe({ returns: X3(0.004), rfPerPeriod: 0.001 }), 0.20897188960717858, 1e-12);
    });
    it("leverage financed at rf leaves it unchanged: Sharpe(L·r + (1 − L)·rf) = Sharpe(r) for L > 0, sign flips for L < 0 (§4, property)", () => {
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), {
            minLength: 3,
            maxLength: 50,
          }),
          fc.double({ min: 0.1, max: 10, noNaN: true }),
          fc.double({ min: -0.001, max: 0.001, noNaN: true }),
          (r, L, rf) => {
            if (naiveSd(r) < 1e-6) return true;
            const s = sharpe({ returns: r, rfPerPeriod: rf });
            const levered = r.map((x) => L * x + (1 - L) * rf);
            const short = r.map((x) => -L * x + (1 + L) * rf);
            return (
              Math.abs(sharpe({ returns: levered, rfPerPeriod: rf }) - s) <=
                1e-9 * (1 + Math.abs(s)) &&
              Math.abs(sharpe({ returns: short, rfPerPeriod: rf }) + s) <= 1e-9 * (1 + Math.abs(s))
            );
          }
        ),
        { seed: 5, numRuns: 300 }
      );
    });
    it("equals the naive formula, annualised by √periods_per_year", () => {
      const r = Array.from(seededReturns(500, 2));
      close(
        sharpe({ returns: r, rfPerPeriod: 1e-4, periodsPerYear: 365 }),
        naiveSharpe(r, 1e-4, 365),
        1e-10
      );
    });
    it("returns equal up to rounding (computed from 100, 110, 121, 133.1) are equal: #N/A, not a Sharpe ratio of 3e15 (§2.2)", () => {
      const v = [100, 110, 121, 133.1];
      const r = v.slice(1).map((x, i) => (x - v[i]) / v[i]);
      assert.ok(naiveSd(r) > 0 && naiveSd(r) < 1e-15);
      assertLevError(() => sharpe({ returns: r }), "NA", "returns", /to rounding/);
      assert.equal(vol({ prices: v }), 0);
    });
    it("errors: equal returns #N/A (sd 0), 1 return #N/A, periods_per_year 0 #NUM!", () => {
      assertLevError(
        () => sharpe({ returns: [0.01, 0.01, 0.01] }),
        "NA",
        "returns",
        /standard deviation is 0/
      );
      assertLevError(() => sharpe({ returns: [0.01] }), "NA", "returns", /at least 2/);
      assertLevError(() => sharpe({ returns: X, periodsPerYear: 0 }), "NUM", "periods_per_year");
      assertLevError(() => sharpe({ returns: X, rfPerPeriod: NaN }), "NUM", "rf_per_period");
    });
  });

  describe("LEV.SORTINO (§5)", () => {
    const RH = [0.17, 0.15, 0.23, -0.05, 0.12, 0.09, 0.13, -0.04];
    it("Rollinger & Hoffman's annual returns, T = 0: 4.417 as published, 4.41726104 computed (Red Rock Capital, perf#1)", () => {
      const s = sortino({ returns: RH });
      assert.equal(s.toFixed(3), "4.417");
      close(s, 4.417261042993862, 1e-9);
    });
    it("x, T = 0: 0.6; T = 0.1%: 0.471614174; 3x − 0.4%, T = 0.1%: 0.393758646 (derived, perf#4)", () => {
      close(sortino({ returns: X }), 0.6, 1e-12);
      close(sortino({ returns: X3(0) }), 0.6, 1e-12);
      close(sortino({ returns: X, targetPerPeriod: 0.001 }), 0.47161417369034064, 1e-12);
      close(sortino({ returns: X3(0.004), targetPerPeriod: 0.001 }), 0.39375864632999874, 1e-12);
    });
    it("the downside deviation divides by all N returns: the common error (dividing by the count below target) gives 2.21 for perf#1", () => {
      const below = RH.filter((x) => x < 0);
      const wrong = 0.1 / Math.sqrt(sum(below.map((x) => x * x)) / below.length);
      assert.equal(wrong.toFixed(2), "2.21");
      close(sortino({ returns: RH }), naiveSortino(RH, 0, 1), 1e-12);
    });
    it("equals the naive formula on random returns and targets (property, seeded)", () => {
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), {
            minLength: 1,
            maxLength: 60,
          }),
          fc.double({ min: -0.01, max: 0.01, noNaN: true }),
          fc.constantFrom(1, 12, 365),
          (r, T, P) => {
            if (!r.some((x) => x - T < -1e-9)) return true;
            const want = naiveSortino(r, T, P);
            const got = sortino({ returns: r, targetPerPeriod: T, periodsPerYear: P });
            return Math.abs(got - want) <= 1e-9 * (1 + Math.abs(want));
          }
        ),
        { seed: 8, numRuns: 300 }
      );
    });
    it("no return below the target: #N/A naming target_per_period", () => {
      assertLevError(
        () => sortino({ returns: [0.01, 0.02] }),
        "NA",
        "target_per_period",
        /no return is below/
      );
      assertLevError(() => sortino({ returns: [0, 0.02] }), "NA", "target_per_period"); // equal to T is not below
    });
  });

  describe("LEV.MAXDD and LEV.CALMAR (§6)", () => {
    it("{100, 120, 90, 110, 80, 130} yearly: max drawdown 1/3, CAGR 5.3873952%, Calmar 0.161621856 (derived, perf#10)", () => {
      close(maxDrawdown({ values: FC52 }), 1 / 3, 1e-15);
      close(calmar({ values: FC52, periodsPerYear: 1 }), 0.16162185618535027, 1e-12);
      close(calmar({ values: FC52, periodsPerYear: 1 }) * (1 / 3), 0.05387395206178342, 1e-12);
    });
    it("the same path at 3x with a reset each period: max drawdown 0.924242424 (derived, perf#11)", () => {
      close(
        maxDrawdown({ values: [1, 1.6, 0.4, 2 / 3, 4 / 33, 23 / 66] }),
        0.9242424242424242,
        1e-12
      );
    });
    it("equals the brute-force maximum over every pair s ≤ t (property, seeded)", () => {
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), {
            minLength: 1,
            maxLength: 80,
          }),
          (v) => Math.abs(maxDrawdown({ values: v }) - bruteMaxDrawdown(v)) <= 1e-15
        ),
        { seed: 13, numRuns: 300 }
      );
    });
    it("CAGR by (V_n/V_0)^(P/n) − 1: Calmar equals the naive formula on random series (property, seeded)", () => {
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: 2, maxLength: 40 }),
          fc.constantFrom(1, 12, 52),
          (v, P) => {
            const mdd = bruteMaxDrawdown(v);
            if (mdd === 0) return true;
            const cagr = Math.pow(v[v.length - 1] / v[0], P / (v.length - 1)) - 1;
            const want = cagr / mdd;
            return (
              Math.abs(calmar({ values: v, periodsPerYear: P }) - want) <=
              1e-10 * (1 + Math.abs(want))
            );
          }
        ),
        { seed: 21, numRuns: 300 }
      );
    });
    it("a NAV wiped out to 0 (and staying there, as LEV.PATH shows it): max drawdown 1, Calmar −1", () => {
      assert.equal(maxDrawdown({ values: [1, 1.2, 0, 0] }), 1);
      assert.equal(calmar({ values: [1, 1.2, 0, 0], periodsPerYear: 1 }), -1);
    });
    it("a single value has no drawdown (0)", () => {
      assert.equal(maxDrawdown({ values: [7] }), 0);
    });
    it("errors: a 0 followed by a positive value, a negative value #NUM!; no drawdown #N/A; 1 value #N/A; periods_per_year ≤ 0 #NUM!", () => {
      assertLevError(() => maxDrawdown({ values: [1, 0, 2] }), "NUM", "values", /cannot recover/);
      assertLevError(() => maxDrawdown({ values: [1, -2] }), "NUM", "values", /position 2/);
      assertLevError(() => maxDrawdown({ values: [0, 1] }), "NUM", "values", /position 1/);
      assertLevError(
        () => calmar({ values: [100, 110, 120], periodsPerYear: 1 }),
        "NA",
        "values",
        /no drawdown/
      );
      assertLevError(
        () => calmar({ values: [100], periodsPerYear: 1 }),
        "NA",
        "values",
        /at least 2/
      );
      assertLevError(() => calmar({ values: FC52, periodsPerYear: 0 }), "NUM", "periods_per_year");
    });
    it("a CAGR beyond the number range is #N/A naming periods_per_year, never Infinity", () => {
      assertLevError(
        () => calmar({ values: [1, 1e6, 1e5], periodsPerYear: 1e6 }),
        "NA",
        "periods_per_year"
      );
    });
  });

  describe("LEV.PERF (§7)", () => {
    const rowsOf = (t: ReturnType<typeof perf>) => new Map(t.rows.map((r) => [r[0], r[1]]));
    it("spills statistic/value with periods, total_return, cagr, volatility, sharpe, sortino, max_drawdown, calmar", () => {
      const t = perf({ values: FC52, periodsPerYear: 1 });
      assert.deepEqual(t.columns, ["statistic", "value"]);
      assert.deepEqual(
        t.rows.map((r) => r[0]),
        [...PERF_STATISTICS]
      );
      assert.deepEqual(
        [...PERF_STATISTICS],
        [
          "periods",
          "total_return",
          "cagr",
          "volatility",
          "sharpe",
          "sortino",
          "max_drawdown",
          "calmar",
        ]
      );
    });
    it("{100, 120, 90, 110, 80, 130} yearly, rf 0 and 4%: the values of perf#14 (derived with 40-digit arithmetic)", () => {
      const a = rowsOf(perf({ values: FC52, periodsPerYear: 1 }));
      assert.equal(a.get("periods"), 5);
      close(a.get("total_return") as number, 0.3, 1e-15);
      close(a.get("cagr") as number, 0.05387395206178342, 1e-13);
      close(a.get("volatility") as number, 0.3747895712694982, 1e-13);
      close(a.get("sharpe") as number, 0.2798876968312458, 1e-13);
      close(a.get("sortino") as number, 0.6339953140476158, 1e-13);
      close(a.get("max_drawdown") as number, 1 / 3, 1e-15);
      close(a.get("calmar") as number, 0.16162185618535027, 1e-13);
      const b = rowsOf(perf({ values: FC52, periodsPerYear: 1, riskFreeRate: 0.04 }));
      close(b.get("sharpe") as number, 0.17316114127498838, 1e-13);
      close(b.get("sortino") as number, 0.34025817102288586, 1e-13);
    });
    it("each row is its scalar function on the same data (returns (V_t − V_{t−1})/V_{t−1}, rf = T = rate/P), exactly", () => {
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), {
            minLength: 2,
            maxLength: 60,
          }),
          fc.constantFrom(1, 12, 52, 252, 365),
          fc.constantFrom(0, 0.02, 0.05),
          (r, P, rate) => {
            const v = [100];
            for (const x of r) v.push(v[v.length - 1] * (1 + x));
            const t = rowsOf(perf({ values: v, periodsPerYear: P, riskFreeRate: rate }));
            const returns = v.slice(1).map((x, i) => (x - v[i]) / v[i]);
            const rf = rate / P;
            const scalar = (f: () => number): number | string => {
              try {
                return f();
              } catch {
                return "n/a";
              }
            };
            const same = (row: string, want: number | string) => {
              const got = t.get(row);
              if (typeof want === "string")
                assert.ok(typeof got === "string" && got.startsWith("n/a"), `${row}: ${got}`);
              else assert.ok(Object.is(got, want), `${row}: ${got} vs ${want}`);
            };
            same("periods", r.length);
            same("max_drawdown", maxDrawdown({ values: v }));
            same(
              "sharpe",
              scalar(() => sharpe({ returns, rfPerPeriod: rf, periodsPerYear: P }))
            );
            same(
              "sortino",
              scalar(() => sortino({ returns, targetPerPeriod: rf, periodsPerYear: P }))
            );
            same(
              "calmar",
              scalar(() => calmar({ values: v, periodsPerYear: P }))
            );
            // volatility of simple returns: the Sharpe ratio's denominator, annualised (0 when only rounding)
            const vol1 = t.get("volatility") as number;
            const naiveVol = naiveSd(returns) * Math.sqrt(P);
            assert.ok(
              Math.abs(vol1 - naiveVol) <= 1e-9 * naiveVol + 1e-13,
              `volatility ${vol1} vs ${naiveVol}`
            );
            // total return and CAGR by their textbook formulas
            const total = v[v.length - 1] / v[0] - 1; // (V_n − V_0)/V_0 in the engine: a few ulps apart
            assert.ok(
              Math.abs((t.get("total_return") as number) - total) <= 1e-12 * Math.abs(total) + 1e-15
            );
            const cagr = t.get("cagr") as number;
            assert.ok(
              Math.abs(cagr - (Math.pow(v[v.length - 1] / v[0], P / r.length) - 1)) <=
                1e-9 * (1 + Math.abs(cagr))
            );
            return true;
          }
        ),
        { seed: 34, numRuns: 200 }
      );
    });
    it('a statistic with no value reads "n/a: <reason>": rising values have no drawdown (calmar) and no return below rf (sortino)', () => {
      const t = rowsOf(perf({ values: [100, 101, 103, 106], periodsPerYear: 12 }));
      assert.equal(t.get("max_drawdown"), 0);
      assert.equal(t.get("calmar"), "n/a: no drawdown");
      assert.equal(t.get("sortino"), "n/a: no return below the risk-free rate");
      const flat = rowsOf(perf({ values: [100, 110, 121, 133.1], periodsPerYear: 1 }));
      assert.match(String(flat.get("sharpe")), /^n\/a: returns all equal/);
    });
    it("a NAV ending at 0: return −100%, max drawdown 1, calmar −1; a 0 before the end is #NUM!", () => {
      const t = rowsOf(perf({ values: [1, 1.1, 0], periodsPerYear: 1 }));
      assert.equal(t.get("total_return"), -1);
      assert.equal(t.get("cagr"), -1);
      assert.equal(t.get("max_drawdown"), 1);
      assert.equal(t.get("calmar"), -1);
      assertLevError(() => perf({ values: [1, 0, 0] }), "NUM", "values", /only the last/);
    });
    it("errors: fewer than 3 values #N/A; a text risk_free_rate through the adapter #VALUE!", () => {
      assertLevError(() => perf({ values: [1, 2] }), "NA", "values", /at least 3/);
      const o = evaluate("PERF", [[[1], [2], [3]], null, "four"]);
      assert.ok(!o.ok && o.code === "#VALUE!" && o.message.includes("risk_free_rate"));
    });
  });

  describe("LEV.ROE (§1)", () => {
    it("10x, +5%, 0.1% cost on notional: 49% (derived, perf#5); without cost 50%", () => {
      close(roe({ priceReturn: 0.05, leverage: 10, costOnNotional: 0.001 }), 0.49, 1e-14);
      close(roe({ priceReturn: 0.05, leverage: 10 }), 0.5, 1e-15);
    });
    it("equals L·r − L·c − (L − 1)·b, and at 1x with no cost it is the price return", () => {
      close(
        roe({ priceReturn: 0.1, leverage: 3, costOnNotional: 0.001, financingOnDebt: 0.02 }),
        0.257,
        1e-14
      );
      assert.equal(roe({ priceReturn: -0.07, leverage: 1, financingOnDebt: 0.3 }), -0.07);
    });
    it("errors: leverage ≤ 0, price_return < −1, negative cost #NUM!", () => {
      assertLevError(() => roe({ priceReturn: 0.05, leverage: 0 }), "NUM", "leverage");
      assertLevError(() => roe({ priceReturn: 0.05, leverage: -3 }), "NUM", "leverage");
      assertLevError(() => roe({ priceReturn: -1.5, leverage: 2 }), "NUM", "price_return");
      assertLevError(
        () => roe({ priceReturn: 0.05, leverage: 2, costOnNotional: -0.001 }),
        "NUM",
        "cost_on_notional"
      );
    });
  });

  describe("LEV.LEVADJ (§8)", () => {
    it("36% with leverage 2, 3, 1, 4 held 10, 5, 10, 5 days: average 2.1667, 0.166153846 (derived, perf#12)", () => {
      close(
        levAdj({ totalReturn: 0.36, leverages: [2, 3, 1, 4], durations: [10, 5, 10, 5] }),
        0.16615384615384615,
        1e-14
      );
    });
    it("without durations every leverage counts equally: 0.36/2.5 = 0.144 (perf#12); |leverage| for shorts", () => {
      close(levAdj({ totalReturn: 0.36, leverages: [2, 3, 1, 4] }), 0.144, 1e-15);
      close(levAdj({ totalReturn: 0.36, leverages: [-2, 3, -1, 4] }), 0.144, 1e-15);
    });
    it("the omitted durations through the adapter (an empty optional range argument) give the equal-weight result", () => {
      const o = evaluate("LEVADJ", [0.36, [[2, 3, 1, 4]], null]);
      assert.ok(o.ok && Math.abs((o.value as number) - 0.144) < 1e-15, JSON.stringify(o));
      const o2 = evaluate("LEVADJ", [0.36, [[2, 3, 1, 4]]]);
      assert.deepEqual(o2, o);
    });
    it("errors: durations of another length #VALUE!, a negative or all-zero durations #NUM!, zero exposure #N/A", () => {
      assertLevError(
        () => levAdj({ totalReturn: 0.1, leverages: [2, 3], durations: [1] }),
        "VALUE",
        "durations"
      );
      assertLevError(
        () => levAdj({ totalReturn: 0.1, leverages: [2, 3], durations: [1, -1] }),
        "NUM",
        "durations"
      );
      assertLevError(
        () => levAdj({ totalReturn: 0.1, leverages: [2, 3], durations: [0, 0] }),
        "NUM",
        "durations"
      );
      assertLevError(() => levAdj({ totalReturn: 0.1, leverages: [0, 0] }), "NA", "leverages");
    });
  });
});
