/**
 * LEV.LIQ.PROB, LEV.LIQ.TIME, LEV.LIQ.SAFE.DISTANCE, LEV.LIQ.SAFE.LEVERAGE, LEV.LOSS.PROB
 * (src/engine/first-passage.ts) against docs/references/risk-cascades.md: the published Haug anchors (§1.2),
 * every vector of §5 (rc#1–rc#40), the edge cases of §1.2/§1.4/§2.3, and seeded Monte Carlo simulations
 * with the engine's own generator (src/engine/rng.ts) whose tolerance is MC_SE standard errors.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { LevError } from "../../src/engine/errors";
import { cppiGapRisk } from "../../src/engine/cppi";
import {
  BGK_BETA,
  expectedTimeGivenHit,
  liqProb,
  liqSafeDistance,
  liqSafeLeverage,
  liqTime,
  lossProb,
  partialExpectation,
  type LiqProbInput,
} from "../../src/engine/first-passage";
import { liqLeverage } from "../../src/engine/liquidation";
import { normCdf } from "../../src/engine/normal";
import { NormalStream } from "../../src/engine/rng";
import type { Side } from "../../src/engine/types";

/** Tolerance of every Monte Carlo check, in standard errors of the estimate. */
const MC_SE = 4;
const t = 30 / 365;
const d = 1 / 365;

const prob = (
  side: Side,
  price: number,
  liquidationPrice: number,
  volatility: number,
  years?: number,
  drift?: number,
  monitoringIntervalYears?: number
) => liqProb({ side, price, liquidationPrice, volatility, years, drift, monitoringIntervalYears });
const time = (
  side: Side,
  price: number,
  liquidationPrice: number,
  volatility: number,
  years?: number,
  drift?: number
) => liqTime({ side, price, liquidationPrice, volatility, years, drift });
const safeLev = (
  side: Side,
  volatility: number,
  years: number,
  maxProbability: number,
  drift?: number,
  maintenanceRate?: number,
  monitoringIntervalYears?: number,
  closeFeeRate?: number
) =>
  liqSafeLeverage({
    side,
    volatility,
    years,
    maxProbability,
    drift,
    maintenanceRate,
    monitoringIntervalYears,
    closeFeeRate,
  });
const loss = (
  leverage: number,
  volatility: number,
  years: number,
  lossFraction: number,
  drift?: number,
  costRate?: number
) => lossProb({ leverage, volatility, years, loss: lossFraction, drift, costRate });

function near(actual: number, expected: number, tol: number, what = ""): void {
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what} ${actual} vs ${expected} (|Δ| ${Math.abs(actual - expected)} > ${tol})`
  );
}
function nearRel(actual: number, expected: number, tol: number): void {
  assert.ok(Math.abs(actual - expected) <= tol * Math.abs(expected), `${actual} vs ${expected}`);
}
function throwsLev(f: () => unknown, kind: "NUM" | "VALUE" | "NA", mention: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof LevError, String(e));
    assert.equal(e.kind, kind, e.message);
    assert.ok(e.message.includes(mention), `"${e.message}" should mention ${mention}`);
    return true;
  });
}

describe("engine/first-passage: published anchors (docs/references/risk-cascades.md §1.2, rc#1, rc#2)", () => {
  // Haug (1998) p. 95 cash-at-expiry-or-nothing barrier values (K = 15, H = 100, T = 0.5, r = b = 0.10,
  // σ = 0.20) via QuantLib test-suite/digitaloption.cpp; P = value/(15·e^{−0.05}), 4-decimal prices.
  const DISCOUNTED_CASH = 15 * Math.exp(-0.05);
  it("rc#1: down-and-in 9.3604 (S = 105) and 1 − down-and-out 4.9081 → P within ±4e-6 of both; 0.656018108143 to 1e-9 (computed)", () => {
    const P = prob(1, 105, 100, 0.2, 0.5, 0.1);
    near(P, 9.3604 / DISCOUNTED_CASH, 4e-6, "knock-in");
    near(P, 1 - 4.9081 / DISCOUNTED_CASH, 4e-6, "knock-out");
    near(P, 0.656018108143, 1e-9);
  });
  it("rc#2: up-and-in 11.2223 (S = 95) and 1 − up-and-out 3.0461 → P within ±4e-6; 0.786514048383 to 1e-9 (computed)", () => {
    const P = prob(-1, 95, 100, 0.2, 0.5, 0.1);
    near(P, 11.2223 / DISCOUNTED_CASH, 4e-6, "knock-in");
    near(P, 1 - 3.0461 / DISCOUNTED_CASH, 4e-6, "knock-out");
    near(P, 0.786514048383, 1e-9);
  });
});

describe("engine/first-passage: LEV.LIQ.PROB vectors (docs/references/risk-cascades.md §5.2, computed)", () => {
  const cases: [string, () => number, number, number][] = [
    ["rc#3 long 100→90, σ 0.8, 30 days", () => prob(1, 100, 90, 0.8, t), 0.679562669173, 1e-9],
    ["rc#4 same, drift 0.5", () => prob(1, 100, 90, 0.8, t, 0.5), 0.626708757974, 1e-9],
    ["rc#5 short 100→110", () => prob(-1, 100, 110, 0.8, t), 0.645020044841, 1e-9],
    [
      "rc#6 long, drift 0.32 (a = 0): 2Φ(−h/(σ√T))",
      () => prob(1, 100, 90, 0.8, t, 0.32),
      0.645960076095,
      1e-9,
    ],
    [
      "rc#7 long, daily monitoring (BGK)",
      () => prob(1, 100, 90, 0.8, t, 0, d),
      0.60846276641,
      1e-9,
    ],
    [
      "rc#8 short, daily monitoring (BGK)",
      () => prob(-1, 100, 110, 0.8, t, 0, d),
      0.565528188063,
      1e-9,
    ],
    [
      "rc#9 long, hourly monitoring",
      () => prob(1, 100, 90, 0.8, t, 0, 1 / 8760),
      0.664849543375,
      1e-9,
    ],
    [
      "rc#10 long, weekly monitoring",
      () => prob(1, 100, 90, 0.8, t, 0, 7 / 365),
      0.498082315177,
      1e-9,
    ],
    [
      "rc#11 long 60,000 at LEV.LIQ.LEVERAGE 10x (54,271.3567839196), σ 0.6, 7 days",
      () => prob(1, 60000, liqLeverage({ side: 1, entryPrice: 60000, leverage: 10 }), 0.6, 7 / 365),
      0.238734943627,
      1e-9,
    ],
    [
      "rc#13 long, drift 0.5, no horizon: (10/9)^(−0.5625)",
      () => prob(1, 100, 90, 0.8, undefined, 0.5),
      0.942456711594,
      1e-12,
    ],
    [
      "rc#14 short, no horizon: S₀/B (optional stopping)",
      () => prob(-1, 100, 110, 0.8),
      0.909090909091,
      1e-12,
    ],
  ];
  for (const [what, f, expected, tol] of cases)
    it(`${what} → ${expected}`, () => near(f(), expected, tol));

  it("rc#12 overflow guard: long 100→50, σ 0.03, drift −0.49955 (2ah/σ² = 770) → 7.04361581182e-11 to 1e-9 relative (mpmath 50 digits: 7.0436158118206058e-11)", () => {
    nearRel(prob(1, 100, 50, 0.03, 1, -0.49955), 7.0436158118206058e-11, 1e-9);
  });
  it("rc#15: a long with drift 0 (a = σ²/2 > 0) and no horizon is liquidated for sure (1); years 0 → 0", () => {
    assert.equal(prob(1, 100, 90, 0.8), 1);
    assert.equal(prob(1, 100, 90, 0.8, 0), 0);
  });
  it("rc#16: σ = 0 is deterministic: hit at ln(10/9)/0.5 = 0.2107 years: 1 within 0.25 years, 0 within 0.2", () => {
    assert.equal(prob(1, 100, 90, 0, 0.25, -0.5), 1);
    assert.equal(prob(1, 100, 90, 0, 0.2, -0.5), 0);
  });
  it("rc#17: a long with LP above the price is #NUM! (check side); monitoring above years is #NUM!", () => {
    throwsLev(() => prob(1, 100, 105, 0.8, 1), "NUM", "check side");
    throwsLev(() => prob(1, 100, 90, 0.8, 1, 0, 2), "NUM", "monitoring_interval_years");
  });
  it("rc#17: side 'up' is #VALUE! (the engine takes ±1; the functions layer names the text)", () => {
    throwsLev(
      () => liqProb({ side: 2 as Side, price: 100, liquidationPrice: 90, volatility: 0.8 }),
      "VALUE",
      "side"
    );
  });
});

describe("engine/first-passage: LEV.LIQ.PROB edge cases (docs/references/risk-cascades.md §1.2)", () => {
  it("LP = price → 1 (even with years 0 or discrete monitoring); a long with LP = 0 → 0", () => {
    assert.equal(prob(1, 100, 100, 0.8, 1), 1);
    assert.equal(prob(-1, 100, 100, 0.8, 0), 1);
    assert.equal(prob(1, 100, 100, 0.8, 1, 0, d), 1);
    assert.equal(prob(1, 100, 0, 0.8, 1), 0);
    assert.equal(prob(1, 100, 0, 0.8), 0);
  });
  it("a short with LP below the price, or LP 0, is #NUM! naming liquidation_price; price ≤ 0 and volatility < 0 are #NUM!", () => {
    throwsLev(() => prob(-1, 100, 95, 0.8, 1), "NUM", "liquidation_price");
    throwsLev(() => prob(-1, 100, 0, 0.8, 1), "NUM", "liquidation_price");
    throwsLev(() => prob(1, 0, 90, 0.8, 1), "NUM", "price");
    throwsLev(() => prob(1, 100, -1, 0.8, 1), "NUM", "liquidation_price");
    throwsLev(() => prob(1, 100, 90, -0.1, 1), "NUM", "volatility");
    throwsLev(() => prob(1, 100, 90, 0.8, -1), "NUM", "years");
    throwsLev(() => prob(1, 100, 90, 0.8, 1, 0, -d), "NUM", "monitoring_interval_years");
  });
  it("monitoring applies without a horizon too: the shift h + β·σ·√Δt with β = 0.5826", () => {
    const h = Math.log(110 / 100);
    const shifted = prob(-1, 100, 110 * Math.exp(BGK_BETA * 0.8 * Math.sqrt(d)), 0.8);
    near(prob(-1, 100, 110, 0.8, undefined, 0, d), shifted, 1e-15);
    near(
      prob(-1, 100, 110, 0.8, undefined, 0, d),
      Math.exp(-(h + BGK_BETA * 0.8 * Math.sqrt(d))),
      1e-15
    );
  });
  it("P is 2Φ(−h/(σ√T)) at a = 0 exactly, for both sides (the touch probability is twice the terminal one)", () => {
    for (const side of [1, -1] as const) {
      const mu = 0.5 * 0.5 * 0.5; // ν = μ − σ²/2 = 0 for σ = 0.5 (exact in binary)
      const B = side === 1 ? 80 : 125;
      const h = Math.abs(Math.log(100 / B));
      near(prob(side, 100, B, 0.5, 0.3, mu), 2 * normCdf(-h / (0.5 * Math.sqrt(0.3))), 1e-15);
    }
  });
  it("P is decreasing in the distance, increasing in the horizon and in σ, in [0, 1] (fast-check, seed 15)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Side>(1, -1),
        fc.double({ min: 0.01, max: 0.9, noNaN: true }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: 0.001, max: 5, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (side, frac, sigma, T, mu) => {
          const B = side === 1 ? 100 * (1 - frac) : 100 / (1 - frac);
          const Bfar = side === 1 ? B * 0.99 : B * 1.01;
          const P = prob(side, 100, B, sigma, T, mu);
          assert.ok(P >= 0 && P <= 1);
          assert.ok(prob(side, 100, Bfar, sigma, T, mu) <= P + 1e-15);
          assert.ok(prob(side, 100, B, sigma, T * 1.1, mu) >= P - 1e-15);
        }
      ),
      { seed: 15, numRuns: 500 }
    );
  });
});

// ---- Monte Carlo (the engine's generator; tolerance MC_SE standard errors) -------------------------

interface Estimate {
  mean: number;
  se: number;
}
function estimate(values: Float64Array): Estimate {
  let s = 0;
  let s2 = 0;
  for (const v of values) {
    s += v;
    s2 += v * v;
  }
  const n = values.length;
  const mean = s / n;
  const variance = (s2 - n * mean * mean) / (n - 1);
  return { mean, se: Math.sqrt(Math.max(variance, 0) / n) };
}

/**
 * Simulates the log-distance D_t = h − a·t − σ·W_t on `steps` exact steps and returns per path
 * [P(touch | path) with the Brownian-bridge crossing probability between steps (unbiased for
 * continuous monitoring), E[min(τ, T) | path] by the trapezoid rule on the bridge survival].
 */
function bridgeMc(
  h: number,
  a: number,
  sigma: number,
  T: number,
  paths: number,
  steps: number,
  seed: number
) {
  const dt = T / steps;
  const sd = sigma * Math.sqrt(dt);
  const z = new Float64Array(steps);
  const stream = new NormalStream(seed);
  const hit = new Float64Array(paths);
  const capped = new Float64Array(paths);
  for (let p = 0; p < paths; p++) {
    stream.fill(z);
    let D = h;
    let survive = 1;
    let integral = 0;
    for (let i = 0; i < steps; i++) {
      const next = D - a * dt - sd * z[i];
      const before = survive;
      survive = next <= 0 ? 0 : survive * (1 - Math.exp((-2 * D * next) / (sigma * sigma * dt)));
      integral += 0.5 * (before + survive) * dt;
      D = next;
      if (survive === 0) break;
    }
    hit[p] = 1 - survive;
    capped[p] = integral;
  }
  return { hit: estimate(hit), capped: estimate(capped) };
}

/** Touch probability with the price checked only every Δt (exact GBM at the monitoring dates). */
function discreteMc(
  h: number,
  a: number,
  sigma: number,
  T: number,
  dt: number,
  paths: number,
  seed: number
) {
  const m = Math.round(T / dt);
  const z = new Float64Array(m);
  const stream = new NormalStream(seed);
  const hit = new Float64Array(paths);
  for (let p = 0; p < paths; p++) {
    stream.fill(z);
    let D = h;
    for (let i = 0; i < m; i++) {
      D -= a * dt + sigma * Math.sqrt(dt) * z[i];
      if (D <= 0) {
        hit[p] = 1;
        break;
      }
    }
  }
  return estimate(hit);
}

const aOf = (side: Side, mu: number, sigma: number) => -side * (mu - 0.5 * sigma * sigma);

describe(`engine/first-passage: closed forms vs seeded Monte Carlo (NormalStream), within ${MC_SE} standard errors`, function () {
  this.timeout(60_000);
  const CASES: [string, Side, number, number, number, number, number][] = [
    // id, side, price, LP, σ, T, μ
    ["rc#3", 1, 100, 90, 0.8, t, 0],
    ["rc#4", 1, 100, 90, 0.8, t, 0.5],
    ["rc#5", -1, 100, 110, 0.8, t, 0],
    ["rc#6", 1, 100, 90, 0.8, t, 0.32],
    ["rc#11", 1, 60000, 54271.3567839196, 0.6, 7 / 365, 0],
    ["P9 (§1.8)", 1, 100, 50, 0.8, 1, 0],
  ];
  for (const [id, side, S, B, sigma, T, mu] of CASES) {
    it(`${id}: LEV.LIQ.PROB and LEV.LIQ.TIME (E[min(τ, T)]) vs 20,000 bridge paths of 64 steps`, () => {
      const h = side === 1 ? Math.log(S / B) : Math.log(B / S);
      const mc = bridgeMc(
        h,
        aOf(side, mu, sigma),
        sigma,
        T,
        20_000,
        64,
        1000 + Math.round(S * sigma)
      );
      const P = prob(side, S, B, sigma, T, mu);
      assert.ok(
        Math.abs(P - mc.hit.mean) <= MC_SE * mc.hit.se,
        `P ${P} vs MC ${mc.hit.mean} ± ${mc.hit.se}`
      );
      const E = time(side, S, B, sigma, T, mu);
      // the trapezoid on a 64-step grid adds a bias of order (T/64)²·|S''|: allowed as one more s.e.
      assert.ok(
        Math.abs(E - mc.capped.mean) <= (MC_SE + 1) * mc.capped.se,
        `E ${E} vs MC ${mc.capped.mean} ± ${mc.capped.se}`
      );
    });
  }

  for (const [id, side, B, dt] of [
    ["rc#7 daily", 1, 90, d],
    ["rc#8 daily", -1, 110, d],
    ["rc#9 hourly", 1, 90, 1 / 8760],
  ] as const) {
    it(`${id}: the BGK-shifted closed form vs 20,000 paths checked only at the monitoring dates`, () => {
      const h = side === 1 ? Math.log(100 / B) : Math.log(B / 100);
      const mc = discreteMc(h, aOf(side, 0, 0.8), 0.8, t, dt, 20_000, 77);
      const P = prob(side, 100, B, 0.8, t, 0, dt);
      assert.ok(Math.abs(P - mc.mean) <= MC_SE * mc.se, `P ${P} vs MC ${mc.mean} ± ${mc.se}`);
    });
  }

  it("rc#25, rc#27, rc#30: at the safe leverage's liquidation price, the simulated touch probability is the target", () => {
    for (const [side, T, eps] of [
      [1, t, 0.01],
      [-1, t, 0.01],
      [-1, 1, 0.05],
    ] as const) {
      const L = safeLev(side, 0.8, T, eps);
      const B = liqLeverage({ side, entryPrice: 100, leverage: L });
      const h = side === 1 ? Math.log(100 / B) : Math.log(B / 100);
      const mc = bridgeMc(h, aOf(side, 0, 0.8), 0.8, T, 20_000, 64, 4242);
      assert.ok(
        Math.abs(eps - mc.hit.mean) <= MC_SE * mc.hit.se,
        `${side} ${T}: MC ${mc.hit.mean} ± ${mc.hit.se}`
      );
    }
  });

  it("rc#34–rc#36 and K5: LEV.LOSS.PROB vs 200,000 exact terminal values V_T/V₀ = (S_T/S₀)^L·e^{(L − L²)σ²T/2 − cT}", () => {
    const cases: [number, number, number, number, number, number][] = [
      [3, 0.8, 1, 0.5, 0, 0],
      [-1, 0.8, 1, 0.5, 0, 0],
      [3, 0.8, t, 0.2, 0, 0],
      [2, 0.6, 1, 0.9, 0.3, 0.05],
      [3, 0.8, 1, 0, 0, 0],
    ];
    const n = 200_000;
    const z = new Float64Array(n);
    new NormalStream(31).fill(z);
    for (const [L, sigma, T, X, mu, c] of cases) {
      const hits = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const lnS = (mu - 0.5 * sigma * sigma) * T + sigma * Math.sqrt(T) * z[i]; // exact GBM
        const lnV = L * lnS + (0.5 * (L - L * L) * sigma * sigma - c) * T;
        hits[i] = lnV <= Math.log1p(-X) ? 1 : 0;
      }
      const mc = estimate(hits);
      const P = loss(L, sigma, T, X, mu, c);
      assert.ok(Math.abs(P - mc.mean) <= MC_SE * mc.se, `L ${L}: ${P} vs MC ${mc.mean} ± ${mc.se}`);
    }
  });
});

describe("engine/first-passage: LEV.LIQ.TIME vectors and edge cases (docs/references/risk-cascades.md §1.4, §5.2)", () => {
  it("rc#18: no horizon, long 100→90, σ 0.8: h/a = 0.329251611431 years", () => {
    near(time(1, 100, 90, 0.8), 0.329251611431, 1e-12);
  });
  it("rc#19: E[min(τ, 30 days)] = 0.0430479138439", () =>
    near(time(1, 100, 90, 0.8, t), 0.0430479138439, 1e-11));
  it("rc#20: E[τ | τ ≤ 30 days] = 0.024590225066 (the conditional statistic, exported as expectedTimeGivenHit)", () => {
    const h = Math.log(100 / 90);
    near(expectedTimeGivenHit(h, 0.32, 0.8, t)!, 0.024590225066, 1e-11);
  });
  it("rc#21: drift 0.32 (a = −5.6e-17, the a → 0 trap) → 0.0450041890465", () => {
    near(time(1, 100, 90, 0.8, t, 0.32), 0.0450041890465, 1e-11);
  });
  it("rc#22: short, drift 0.5, no horizon: ln(1.1)/0.18 = 0.529500998913", () => {
    near(time(-1, 100, 110, 0.8, undefined, 0.5), 0.529500998913, 1e-12);
  });
  it("rc#23: short, drift 0, no horizon: #N/A giving P(ever) = 0.909091", () => {
    throwsLev(() => time(-1, 100, 110, 0.8), "NA", "0.909091");
  });
  it("rc#24: short 100→110, 30 days → 0.043792531109", () =>
    near(time(-1, 100, 110, 0.8, t), 0.043792531109, 1e-11));
  it("T2, T5, T6 of §1.8: 1 year long 0.154341451984; long drift 0.5, 30 days 0.0461061152743; short drift 0.5, 1 year 0.155303185059", () => {
    near(time(1, 100, 90, 0.8, 1), 0.154341451984, 1e-11);
    near(time(1, 100, 90, 0.8, t, 0.5), 0.0461061152743, 1e-11);
    near(time(-1, 100, 110, 0.8, 1, 0.5), 0.155303185059, 1e-11);
  });
  it("a drift toward the barrier below 1e-12 per year with no horizon is #N/A (infinite mean), with the reason", () => {
    throwsLev(() => time(1, 100, 90, 0.8, undefined, 0.32), "NA", "infinite");
    throwsLev(() => time(1, 100, 90, 0.8, undefined, 0.32 + 5e-13), "NA", "infinite");
    assert.ok(time(1, 100, 90, 0.8, undefined, 0.32 - 1e-6) > 1e4);
  });
  it("edges: LP = price → 0; years 0 → 0; a long with LP 0 → years (never liquidated), #N/A with no horizon; σ = 0 → min(h/a, T)", () => {
    assert.equal(time(1, 100, 100, 0.8, 1), 0);
    assert.equal(time(1, 100, 90, 0.8, 0), 0);
    assert.equal(time(1, 100, 0, 0.8, 2), 2);
    throwsLev(() => time(1, 100, 0, 0.8), "NA", "liquidation_price");
    near(time(1, 100, 90, 0, 1, -0.5), Math.log(10 / 9) / 0.5, 1e-15);
    assert.equal(time(1, 100, 90, 0, 0.1, -0.5), 0.1);
    throwsLev(() => time(1, 100, 90, 0), "NA", "volatility");
  });
  it("the a → 0 rule: E[τ; τ ≤ T] is continuous through a = 0 to 1e-13 relative (mpmath 50 digits at a = 1e-9, 3.0372e-6, 1e-3)", () => {
    // the switch |2ah/σ²| < 1e-6 of §1.4 would leave ≈ ah/σ² = 5e-7 relative at a = 3.0372e-6 (§1.6)
    const h = Math.log(100 / 90);
    const refs: [number, number][] = [
      [0, 0.015905017218713954],
      [1e-9, 0.015905017221332328],
      [3.0371909059295694e-6, 0.015905025171219861],
      [1e-3, 0.015907635302035837],
    ];
    for (const [a, e] of refs) nearRel(partialExpectation(h, a, 0.8, t), e, 1e-13);
  });
  it("E[min(τ, T)] ≤ T, increases with T and tends to E[τ] (fast-check, seed 19)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 1.5, noNaN: true }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (h, sigma, T, a) => {
          const E = time(1, 100, 100 * Math.exp(-h), sigma, T, 0.5 * sigma * sigma - a);
          assert.ok(E >= 0 && E <= T + 1e-15);
          assert.ok(
            time(1, 100, 100 * Math.exp(-h), sigma, T * 1.2, 0.5 * sigma * sigma - a) >= E - 1e-12
          );
        }
      ),
      { seed: 19, numRuns: 300 }
    );
    near(time(-1, 100, 110, 0.8, 2000, 0.5), time(-1, 100, 110, 0.8, undefined, 0.5), 1e-9);
  });
});

describe("engine/first-passage: LEV.LIQ.SAFE.LEVERAGE and LEV.LIQ.SAFE.DISTANCE (docs/references/risk-cascades.md §2, §5.2)", () => {
  const cases: [string, () => number, number, number][] = [
    ["rc#25 long σ 0.8, 30 days, 1%", () => safeLev(1, 0.8, t, 0.01), 2.16592111929, 1e-8],
    [
      "rc#26 same, drift 0.32 (closed form Φ⁻¹(0.995))",
      () => safeLev(1, 0.8, t, 0.01, 0.32),
      2.22781152111,
      1e-9,
    ],
    ["rc#27 short", () => safeLev(-1, 0.8, t, 0.01), 1.29427558629, 1e-8],
    [
      "rc#28 long, daily monitoring",
      () => safeLev(1, 0.8, t, 0.01, 0, 0.005, d),
      2.23013403762,
      1e-8,
    ],
    [
      "rc#29 long σ 0.6, 1 year, 5%, mmr 0.4%",
      () => safeLev(1, 0.6, 1, 0.05, 0, 0.004),
      1.35752895127,
      1e-8,
    ],
    [
      "rc#30 short σ 0.8, 1 year, 5%: below 1",
      () => safeLev(-1, 0.8, 1, 0.05),
      0.367248783947,
      1e-9,
    ],
    ["rc#31 long, 1 day", () => safeLev(1, 0.8, d, 0.01), 9.30808523963, 1e-7],
    [
      "rc#31 long, 1 day, hourly monitoring",
      () => safeLev(1, 0.8, d, 0.01, 0, 0.005, 1 / 8760),
      9.71084702806,
      1e-7,
    ],
    ["rc#32 long, mmr 0", () => safeLev(1, 0.8, t, 0.01, 0, 0), 2.17868582186, 1e-8],
    [
      "rc#33 safe distance, long",
      () => liqSafeDistance({ side: 1, volatility: 0.8, years: t, maxProbability: 0.01 }),
      -0.458992292494,
      1e-10,
    ],
    [
      "rc#33 safe distance, short",
      () => liqSafeDistance({ side: -1, volatility: 0.8, years: t, maxProbability: 0.01 }),
      0.763813908008,
      1e-10,
    ],
  ];
  for (const [what, f, expected, tol] of cases)
    it(`${what} → ${expected}`, () => near(f(), expected, tol));

  it("§2.2 quick-reference grid (ε 1%, μ 0, mmr 0.5%): long σ 0.5 1 day 14.2555 … short σ 1.2 1 year 0.0917, to 5e-5", () => {
    const grid: [Side, number, number[]][] = [
      [1, 0.5, [14.2555, 5.9061, 3.1399, 1.3249]],
      [1, 0.8, [9.3081, 3.9046, 2.1659, 1.1048]],
      [1, 1.2, [6.4466, 2.7821, 1.6365, 1.024]],
      [-1, 0.5, [13.3766, 5.0335, 2.2693, 0.4417]],
      [-1, 0.8, [8.4325, 3.0336, 1.2943, 0.2012]],
      [-1, 1.2, [5.5735, 1.9114, 0.7612, 0.0917]],
    ];
    const horizons = [1 / 365, 7 / 365, 30 / 365, 1];
    for (const [side, sigma, row] of grid)
      row.forEach((L, j) =>
        near(safeLev(side, sigma, horizons[j], 0.01), L, 5e-5, `${side} ${sigma} ${j}`)
      );
  });

  it("round trip (§2.1): LEV.LIQ.PROB at LEV.LIQ.LEVERAGE(side, 100, L*) returns ε to 1e-12 (fast-check, seed 25)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Side>(1, -1),
        fc.double({ min: 0.1, max: 1.5, noNaN: true }),
        fc.double({ min: 1 / 365, max: 2, noNaN: true }),
        fc.double({ min: 1e-4, max: 0.5, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.constantFrom(0, 0.005, 0.01),
        (side, sigma, T, eps, mu, m) => {
          let L: number;
          try {
            L = safeLev(side, sigma, T, eps, mu, m);
          } catch (e) {
            assert.ok(e instanceof LevError && e.kind === "NA");
            return;
          }
          const B = liqLeverage({ side, entryPrice: 100, leverage: L, maintenanceRate: m });
          const input: LiqProbInput = {
            side,
            price: 100,
            liquidationPrice: B,
            volatility: sigma,
            years: T,
            drift: mu,
          };
          near(liqProb(input), eps, 1e-12);
        }
      ),
      { seed: 25, numRuns: 300 }
    );
  });

  it("edges (§2.3): σ = 0 with no drift toward liquidation is #N/A; σ = 0 with drift is the distance a·T; ε ∉ (0, 1), years ≤ 0 are #NUM!; discrete monitoring eating the distance is #N/A", () => {
    throwsLev(() => safeLev(1, 0, 1, 0.01), "NA", "volatility");
    near(
      liqSafeDistance({ side: 1, volatility: 0, years: 1, maxProbability: 0.01, drift: -0.2 }),
      Math.expm1(-0.2),
      1e-15
    );
    throwsLev(() => safeLev(1, 0.8, 1, 0), "NUM", "max_probability");
    throwsLev(() => safeLev(1, 0.8, 1, 1), "NUM", "max_probability");
    throwsLev(() => safeLev(1, 0.8, 0, 0.01), "NUM", "years");
    throwsLev(() => safeLev(1, 0.8, 1, 0.99, 0, 0.005, 0.5), "NA", "max_probability");
    throwsLev(() => safeLev(1, 0.8, 1, 0.01, 0, 0.6, 0, 0.5), "NUM", "close_fee_rate");
    throwsLev(() => safeLev(1, 0.8, 1, 0.01, 0, 1), "NUM", "maintenance_rate");
  });
  it("ε → 1: the long safe leverage tends to 1/m (LP at the price), the safe distance to 0", () => {
    near(safeLev(1, 0.8, t, 1 - 1e-12), 1 / 0.005, 1e-3 * 200);
    assert.ok(
      Math.abs(liqSafeDistance({ side: 1, volatility: 0.8, years: t, maxProbability: 1 - 1e-12 })) <
        1e-10
    );
  });
});

describe("engine/first-passage: LEV.LOSS.PROB (docs/references/risk-cascades.md §1.5, §5.2)", () => {
  it("rc#34: 3x, σ 0.8, 1 year, lose ≥ 50% → 0.818902014895", () =>
    near(loss(3, 0.8, 1, 0.5), 0.818902014895, 1e-10));
  it("rc#35: −1x, 1 year, 50% → 0.320452448393; 3x, 30 days, 20% → 0.507866783535", () => {
    near(loss(-1, 0.8, 1, 0.5), 0.320452448393, 1e-10);
    near(loss(3, 0.8, t, 0.2), 0.507866783535, 1e-10);
  });
  it("rc#36: 2x, σ 0.6, 90% loss, drift 0.3, cost 0.05 → 0.0377714326759", () => {
    near(loss(2, 0.6, 1, 0.9, 0.3, 0.05), 0.0377714326759, 1e-11);
  });
  it("K5 of §1.8: any loss (0%) → 0.884930329778; loss 1 → 0; σ·√T = 0 is deterministic", () => {
    near(loss(3, 0.8, 1, 0), 0.884930329778, 1e-10);
    assert.equal(loss(3, 0.8, 1, 1), 0);
    assert.equal(loss(3, 0, 1, 0.1, 0, 0.2), 1); // ln V = −0.2 ≤ ln 0.9
    assert.equal(loss(3, 0, 1, 0.5, 0, 0.2), 0);
    assert.equal(loss(3, 0.8, 0, 0), 1); // V_T = V₀ ≤ V₀
  });
  it("leverage 0, loss outside [0, 1], σ < 0, years < 0 are #NUM! naming the argument", () => {
    throwsLev(() => loss(0, 0.8, 1, 0.5), "NUM", "leverage");
    throwsLev(() => loss(3, 0.8, 1, 1.5), "NUM", "loss");
    throwsLev(() => loss(3, 0.8, 1, -0.1), "NUM", "loss");
    throwsLev(() => loss(3, -0.8, 1, 0.5), "NUM", "volatility");
    throwsLev(() => loss(3, 0.8, -1, 0.5), "NUM", "years");
  });
});

describe("engine/first-passage: total loss of a periodically reset product (docs/references/risk-cascades.md §1.7, rc#37–rc#40)", () => {
  // No LEV.WIPEOUT.PROB in the contract: the same event is LEV.CPPI.GAPRISK with multiplier L (long), and the
  // inverse case is the closed form evaluated with the engine's Φ.
  const gap = (m: number) =>
    cppiGapRisk({ multiplier: m, volatility: 0.8, rebalanceIntervalYears: d, years: 1 });
  it("rc#37: L = 10, σ 0.8, daily, 1 year → 0.900209372572 (= cppi TV 30)", () =>
    near(gap(10), 0.900209372572, 1e-10));
  it("rc#38: L = 20 → 1 (to 1e-12); L = 1 → 0", () => {
    near(gap(20), 1, 1e-12);
    assert.equal(gap(1), 0);
  });
  it("rc#39: L = 3 → 7.97477317871e-20 to 1e-9 relative (−expm1(n·log1p(−p)); 1 − (1 − p)^n gives 0)", () => {
    nearRel(gap(3), 7.97477317871e-20, 1e-9);
  });
  it("rc#40: L = −3 → 1.01012028642e-9 to 1e-9 relative (p = Φ((νΔt − ln(1 + 1/3))/(σ√Δt)))", () => {
    const nu = -0.5 * 0.8 * 0.8;
    const p = normCdf((nu * d - Math.log1p(1 / 3)) / (0.8 * Math.sqrt(d)));
    nearRel(-Math.expm1(365 * Math.log1p(-p)), 1.01012028642e-9, 1e-9);
  });
});
