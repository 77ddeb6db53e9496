import { strict as assert } from "assert";
import fc from "fast-check";
import { cppiGapRisk, cppiValue } from "../../src/engine/cppi";
import { runCppiPath } from "../../src/engine/cppi-path";
import { NormalStream } from "../../src/engine/rng";

// Cross-checks between the CPPI closed forms and simulation (docs/references/cppi.md §2 and §3.1).

describe("engine/cppi: closed form vs a fine-step path (docs/references/cppi.md §2 numerical check)", () => {
  // The discretely rebalanced cushion differs from the continuous one mainly through the realised
  // quadratic variation: ln C_disc − ln C_cont ≈ −m(m−1)/2·(Σ y_k² − σ²T), y_k the log returns, whose
  // standard deviation is m(m−1)/2·σ²·√(2T·Δt). Tolerance: 6 of those standard deviations, plus
  // (mσ)³·Δt·n^{1/2}·Δt^{1/2} for the third-order terms (negligible here).
  it("ln of the terminal cushion matches cppiValue within 6 standard deviations of the discretisation error (fast-check, seed 2026)", () => {
    const n = 40_000;
    const T = 1;
    const dt = T / n;
    const returns = new Float64Array(n);
    fc.assert(
      fc.property(
        fc.double({ min: 1.5, max: 5, noNaN: true }),
        fc.double({ min: 0.05, max: 0.4, noNaN: true }),
        fc.double({ min: 0, max: 0.06, noNaN: true }),
        fc.double({ min: 0.5, max: 0.95, noNaN: true }),
        fc.double({ min: -0.2, max: 0.3, noNaN: true }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (m, sigma, r, f, mu, seed) => {
          const z = new NormalStream(seed);
          let logRatio = 0;
          const a = (mu - (sigma * sigma) / 2) * dt;
          const s = sigma * Math.sqrt(dt);
          for (let k = 0; k < n; k++) {
            const y = a + s * z.next();
            logRatio += y;
            returns[k] = Math.expm1(y);
          }
          const perPeriod = Math.expm1(r * dt);
          // max_leverage = m: E = m·C ≤ m·V, so the cap never binds (uncapped CPPI as in the closed form)
          const path = runCppiPath({
            returns,
            multiplier: m,
            floorFraction: f,
            options: {
              startValue: 100,
              safeRatePerPeriod: perPeriod,
              floorRatePerPeriod: perPeriod,
              maxLeverage: m,
            },
          });
          const VT = path.value[n - 1];
          const FT = 100 * f * Math.exp(r * T);
          const closed = cppiValue({
            value: 100,
            floor: 100 * f,
            multiplier: m,
            rate: r,
            volatility: sigma,
            years: T,
            priceRatio: Math.exp(logRatio),
          });
          const sd = ((m * (m - 1)) / 2) * sigma * sigma * Math.sqrt(2 * T * dt);
          const tol = 6 * sd + Math.pow(m * sigma, 3) * dt;
          const err = Math.log(VT - FT) - Math.log(closed - FT);
          assert.ok(
            Math.abs(err) <= tol,
            `m=${m} σ=${sigma} r=${r} f=${f}: ln-cushion error ${err} > ${tol}`
          );
        }
      ),
      { seed: 2026, numRuns: 20 }
    );
  });
});

describe("engine/cppi: gap risk vs Monte Carlo of the discrete CPPI (BBM setup, docs/references/cppi.md §3.1)", () => {
  /**
   * Simulates `paths` GBM paths of the uncapped CPPI rebalanced every Δt (floor and cash accrue at r,
   * E = m·max(V − F, 0)), with a last partial period up to `years`; counts paths with V < F at any
   * rebalancing date or at the horizon. Independent of the threshold formula.
   */
  function monteCarloBreach(
    m: number,
    sigma: number,
    dt: number,
    years: number,
    mu: number,
    r: number,
    paths: number,
    seed: number
  ): number {
    const z = new NormalStream(seed);
    const N = Math.floor(years / dt + 1e-9);
    const tau = years - N * dt;
    const steps: number[] = new Array(N).fill(dt);
    if (tau > 1e-12) steps.push(tau);
    let breached = 0;
    for (let p = 0; p < paths; p++) {
      let V = 100;
      let F = 80;
      let hit = false;
      for (const h of steps) {
        const E = V > F ? m * (V - F) : 0;
        const cash = V - E;
        const gross = Math.exp((mu - (sigma * sigma) / 2) * h + sigma * Math.sqrt(h) * z.next());
        const growth = Math.exp(r * h);
        V = E * gross + cash * growth;
        F *= growth;
        if (V < F) hit = true;
      }
      if (hit) breached++;
      // cash-lock: once breached the value stays below the floor, so the horizon check agrees
      assert.equal(hit, V < F);
    }
    return breached / paths;
  }

  const cases: [string, number, number, number, number, number, number][] = [
    // label, m, σ, Δt, years, μ, r
    ["m=5, σ=80%, weekly (7 days), 52 weeks, μ=r=0", 5, 0.8, 7 / 365, (52 * 7) / 365, 0, 0],
    ["m=4, σ=100%, weekly (1/52), 1 year, μ=10%, r=3%", 4, 1.0, 1 / 52, 1, 0.1, 0.03],
    [
      "m=5, σ=80%, 30-day months, 1 year (12 months + a 5-day stub), μ=5%, r=2%",
      5,
      0.8,
      30 / 365,
      1,
      0.05,
      0.02,
    ],
    ["m=8, σ=80%, daily, 3 months, μ=r=0", 8, 0.8, 1 / 365, 0.25, 0, 0],
    [
      "m=5, σ=80%, one 30-day month + a 15-day stub observed at the horizon, μ=r=0",
      5,
      0.8,
      30 / 365,
      45 / 365,
      0,
      0,
    ],
  ];
  cases.forEach(([label, m, sigma, dt, years, mu, r], i) => {
    it(`${label}: formula within 4 standard errors of 20,000 simulated paths`, () => {
      const P = cppiGapRisk({
        multiplier: m,
        volatility: sigma,
        rebalanceIntervalYears: dt,
        years,
        drift: mu,
        rate: r,
      });
      const paths = 20_000;
      const mc = monteCarloBreach(m, sigma, dt, years, mu, r, paths, 100 + i);
      const se = Math.sqrt((P * (1 - P)) / paths);
      assert.ok(P > 0.01 && P < 0.99, `case should have a non-trivial probability (P=${P})`);
      assert.ok(Math.abs(mc - P) <= 4 * se, `MC ${mc} vs formula ${P} (4·se = ${4 * se})`);
    });
  });
});
