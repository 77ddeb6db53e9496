/**
 * LEV.KELLY, LEV.GROWTH, LEV.KELLY.RUIN (src/engine/kelly.ts). Formulas: docs/references/performance.md
 * §9–§10; worked examples perf#6 … perf#9 in its §12. Independent checks: the optimum found by scanning
 * g(L) numerically, the closed forms for fractional Kelly, and the ruin probability from the Brownian
 * first-passage formula exp(2·m·ln x / v) with m and v computed from the market.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { growth, kelly, kellyRuin } from "../../src/engine/kelly";
import { normalStream } from "../../src/engine/rng";
import { assertLevError } from "./lt-helpers";

const close = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} vs ${b}`);

/** The leverage maximising g on a fine grid (then golden-section refined): independent of the closed form. */
function argmaxGrowth(mu: number, r: number, sigma: number, s: number): number {
  const g = (L: number) =>
    growth({ leverage: L, drift: mu, rate: r, volatility: sigma, borrowSpread: s });
  let best = -50;
  for (let L = -50; L <= 50; L += 0.01) if (g(L) > g(best)) best = L;
  let a = best - 0.01;
  let b = best + 0.01;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 200; i++) {
    const c = b - phi * (b - a);
    const d = a + phi * (b - a);
    if (g(c) >= g(d)) b = d;
    else a = c;
  }
  return (a + b) / 2;
}

describe("engine/kelly — growth-optimal leverage, log growth, fractional-Kelly drawdowns", () => {
  describe("LEV.KELLY and LEV.GROWTH (§9)", () => {
    it("μ 10%, r 4%, σ 20%: L* 1.5, g(L*) 8.5%, half Kelly 7.375%, g(1) 8%, g(3) 4% (derived, docs/references/performance.md perf#6)", () => {
      const m = { drift: 0.1, rate: 0.04, volatility: 0.2 };
      close(kelly(m), 1.5, 1e-14);
      close(growth({ ...m, leverage: 1.5 }), 0.085, 1e-14);
      close(growth({ ...m, leverage: 0.75 }), 0.07375, 1e-14);
      close(growth({ ...m, leverage: 1 }), 0.08, 1e-14);
      close(growth({ ...m, leverage: 3 }), 0.04, 1e-14);
    });
    it("crypto-like μ 30%, r 5%, σ 70%: L* 0.510204082, g(L*) 11.377551%, g(1) 5.5%, g(3) −140.5%, g = r again at 1.0204 (derived, perf#7)", () => {
      const m = { drift: 0.3, rate: 0.05, volatility: 0.7 };
      const Ls = kelly(m);
      close(Ls, 0.5102040816326531, 1e-14);
      close(growth({ ...m, leverage: Ls }), 0.11377551020408164, 1e-14);
      close(growth({ ...m, leverage: 1 }), 0.055, 1e-14);
      close(growth({ ...m, leverage: 3 }), -1.405, 1e-14);
      close(growth({ ...m, leverage: 2 * Ls }), 0.05, 1e-14); // over-betting at 2× Kelly grows like cash
    });
    it("a borrow spread kinks the optimum: s 1% → L* 1.25, g 8.125%; s 2% → L* 1 (derived, perf#8)", () => {
      const m = { drift: 0.1, rate: 0.04, volatility: 0.2 };
      close(kelly({ ...m, borrowSpread: 0.01 }), 1.25, 1e-14);
      close(growth({ ...m, leverage: 1.25, borrowSpread: 0.01 }), 0.08125, 1e-14);
      assert.equal(kelly({ ...m, borrowSpread: 0.02 }), 1);
      // below 1x the spread does not apply
      close(kelly({ drift: 0.05, rate: 0.04, volatility: 0.2, borrowSpread: 0.5 }), 0.25, 1e-14);
    });
    it("L* maximises g: a numerical search over L agrees with the closed form, with and without a spread (property, seeded)", () => {
      fc.assert(
        fc.property(
          fc.double({ min: -0.5, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 0.1, noNaN: true }),
          fc.double({ min: 0.15, max: 1.5, noNaN: true }),
          fc.constantFrom(0, 0.01, 0.05),
          (mu, r, sigma, s) => {
            const want = argmaxGrowth(mu, r, sigma, s);
            const L = kelly({ drift: mu, rate: r, volatility: sigma, borrowSpread: s });
            if (Math.abs(L) > 49) return true; // outside the scanned range
            return Math.abs(L - want) < 1e-6;
          }
        ),
        { seed: 9, numRuns: 60 }
      );
    });
    it("fractional Kelly: g(c·L*) = r + (c − c²/2)(μ − r)²/σ² (Thorp 2006 §7.1, §9.1)", () => {
      for (const c of [0.25, 0.5, 1, 1.5, 2]) {
        const [mu, r, sigma] = [0.12, 0.03, 0.25];
        const L = c * kelly({ drift: mu, rate: r, volatility: sigma });
        close(
          growth({ leverage: L, drift: mu, rate: r, volatility: sigma }),
          r + ((c - (c * c) / 2) * (mu - r) ** 2) / sigma ** 2,
          1e-14,
          `c = ${c}`
        );
      }
    });
    it("g(L) is the mean log growth of a continuously rebalanced position: a fine-step simulation of ln(1 + L·R) agrees within 4 standard errors", () => {
      const [L, mu, r, sigma] = [2, 0.1, 0.03, 0.3];
      const n = 2000; // steps per year
      const dt = 1 / n;
      const z = normalStream(42);
      const years = 200;
      let sumLog = 0;
      let sumSq = 0;
      for (let y = 0; y < years; y++) {
        let lw = 0;
        for (let k = 0; k < n; k++) {
          const R = Math.expm1((mu - (sigma * sigma) / 2) * dt + sigma * Math.sqrt(dt) * z.next()); // asset return
          lw += Math.log1p(r * dt + L * (R - r * dt));
        }
        sumLog += lw;
        sumSq += lw * lw;
      }
      const mean = sumLog / years;
      const se = Math.sqrt((sumSq / years - mean * mean) / years);
      const g = growth({ leverage: L, drift: mu, rate: r, volatility: sigma });
      assert.ok(Math.abs(mean - g) < 4 * se, `mean ${mean}, g ${g}, se ${se}`);
    });
    it("errors: volatility ≤ 0 for KELLY and < 0 for GROWTH, a negative spread #NUM! naming it", () => {
      assertLevError(() => kelly({ drift: 0.1, rate: 0.04, volatility: 0 }), "NUM", "volatility");
      assertLevError(
        () => growth({ leverage: 2, drift: 0.1, rate: 0.04, volatility: -0.1 }),
        "NUM",
        "volatility"
      );
      close(growth({ leverage: 2, drift: 0.1, rate: 0.04, volatility: 0 }), 0.16, 1e-15);
      assertLevError(
        () => kelly({ drift: 0.1, rate: 0.04, volatility: 0.2, borrowSpread: -0.01 }),
        "NUM",
        "borrow_spread"
      );
      assertLevError(
        () => growth({ leverage: 2, drift: NaN, rate: 0.04, volatility: 0.2 }),
        "NUM",
        "drift"
      );
    });
    it("a Kelly leverage beyond the number range is #N/A, never Infinity", () => {
      assertLevError(() => kelly({ drift: 1e300, rate: 0, volatility: 1e-10 }), "NA", "volatility");
    });
  });

  describe("LEV.KELLY.RUIN (§10)", () => {
    it("(c, x) = (1, ½), (½, ½), (¼, ½), (½, 0.2): 0.5, 0.125, 0.0078125, 0.008 (derived, perf#9)", () => {
      close(kellyRuin({ kellyFraction: 1, wealthFraction: 0.5 }), 0.5, 1e-15);
      close(kellyRuin({ kellyFraction: 0.5, wealthFraction: 0.5 }), 0.125, 1e-15);
      close(kellyRuin({ kellyFraction: 0.25, wealthFraction: 0.5 }), 0.0078125, 1e-15);
      close(kellyRuin({ kellyFraction: 0.5, wealthFraction: 0.2 }), 0.008, 1e-15);
    });
    it("equals exp(2·m·ln x / v) for log wealth drifting at m = (c − c²/2)(μ−r)²/σ² with variance v = c²(μ−r)²/σ² (first passage, any market)", () => {
      fc.assert(
        fc.property(
          fc.double({ min: 0.05, max: 1.95, noNaN: true }),
          fc.double({ min: 0.01, max: 0.99, noNaN: true }),
          fc.double({ min: 0.01, max: 0.3, noNaN: true }),
          fc.double({ min: 0.1, max: 1, noNaN: true }),
          (c, x, excess, sigma) => {
            const k = (excess * excess) / (sigma * sigma);
            const m = (c - (c * c) / 2) * k;
            const v = c * c * k;
            const want = Math.exp((2 * m * Math.log(x)) / v);
            const got = kellyRuin({ kellyFraction: c, wealthFraction: x });
            return Math.abs(got - want) <= 1e-12 * Math.max(want, 1e-300) + 1e-300;
          }
        ),
        { seed: 4, numRuns: 300 }
      );
    });
    it("at 2× Kelly or more the fall is certain (1); wealth_fraction 1 is 1", () => {
      assert.equal(kellyRuin({ kellyFraction: 2, wealthFraction: 0.1 }), 1);
      assert.equal(kellyRuin({ kellyFraction: 3, wealthFraction: 0.5 }), 1);
      assert.equal(kellyRuin({ kellyFraction: 0.5, wealthFraction: 1 }), 1);
    });
    it("errors: kelly_fraction ≤ 0, wealth_fraction ∉ (0, 1] #NUM! naming them", () => {
      assertLevError(
        () => kellyRuin({ kellyFraction: 0, wealthFraction: 0.5 }),
        "NUM",
        "kelly_fraction"
      );
      assertLevError(
        () => kellyRuin({ kellyFraction: 1, wealthFraction: 0 }),
        "NUM",
        "wealth_fraction"
      );
      assertLevError(
        () => kellyRuin({ kellyFraction: 1, wealthFraction: 1.5 }),
        "NUM",
        "wealth_fraction"
      );
    });
  });
});
