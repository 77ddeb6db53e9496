/**
 * LEV.CASCADE, LEV.CASCADE.SUMMARY, LEV.CASCADE.LEVELS (src/engine/cascade.ts) against
 * docs/references/risk-cascades.md §3: the worked examples C1–C7 (rc#41–rc#50, exact rational arithmetic),
 * every edge case of §3.4, and the sorted two-pointer sweep against the naive round-by-round loop written
 * here as an independent reference (§3.2 pseudocode), on the examples and on seeded random level sets.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import {
  cascade,
  cascadeLevels,
  cascadeSummary,
  runCascade,
  type CascadeInput,
  type CascadeLevel,
  type CascadeOptions,
} from "../../src/engine/cascade";
import { LevError } from "../../src/engine/errors";
import type { Side } from "../../src/engine/types";

const lv = (side: Side, liquidationPrice: number, notional: number): CascadeLevel => ({
  side,
  liquidationPrice,
  notional,
});

/** Level set L1 of §3.7: A–F longs, G–H shorts. */
const L1: CascadeLevel[] = [
  lv(1, 97, 1_000_000),
  lv(1, 95.6, 2_000_000),
  lv(1, 94.8, 1_500_000),
  lv(1, 92, 3_000_000),
  lv(1, 88, 4_000_000),
  lv(1, 80, 5_000_000),
  lv(-1, 104, 2_500_000),
  lv(-1, 110, 3_000_000),
];
/** L4 (C4): shorts S1–S4 and a long X. */
const L4: CascadeLevel[] = [
  lv(-1, 102.5, 600_000),
  lv(-1, 103.5, 900_000),
  lv(-1, 104.5, 1_500_000),
  lv(-1, 112, 2_000_000),
  lv(1, 95, 1_000_000),
];
/** L5 (C5). */
const L5: CascadeLevel[] = [lv(1, 95, 2_000_000), lv(1, 85, 10_000_000), lv(1, 50, 5_000_000)];
/** L6 (C6): longs for the square-root impact. */
const L6: CascadeLevel[] = [
  lv(1, 97, 20e6),
  lv(1, 95.6, 30e6),
  lv(1, 95.2, 50e6),
  lv(1, 92, 100e6),
  lv(1, 88, 200e6),
  lv(1, 80, 300e6),
];
const SQRT: CascadeOptions = { impact: "sqrt", dailyVolatility: 0.04, dailyVolume: 1e9 };

interface Naive {
  final: number;
  total: number;
  rounds: number;
  prices: number[];
  levelRound: number[];
  status: string;
}

/**
 * The naive loop of §3.2, transcribed: every round scans every level not yet liquidated, liquidates all
 * those crossed at the current price (inclusive, 1e-12 relative), then moves the price by the cumulative
 * flows through the impact function; stop when a round crosses nothing.
 */
function naive(input: CascadeInput): Naive {
  const o = input.options ?? {};
  const p0 = input.startPrice;
  const p1 = p0 * (1 + input.shock);
  const floor = o.priceFloor ?? 0;
  const impact = (qs: number, qb: number): number => {
    if (o.impact === "sqrt") {
      const k = (o.impactCoefficient ?? 1) * o.dailyVolatility!;
      return p1 * (1 - k * Math.sqrt(qs / o.dailyVolume!) + k * Math.sqrt(qb / o.dailyVolume!));
    }
    const Db = input.depthPer1pct!;
    const Da = o.askDepthPer1pct ?? Db;
    return p1 * (1 - qs / (100 * Db) + qb / (100 * Da));
  };
  const levels = input.levels;
  const done = levels.map(() => 0);
  let p = p1;
  let qs = 0;
  let qb = 0;
  let k = 0;
  let status = "none";
  const prices: number[] = [];
  for (;;) {
    const C: number[] = [];
    levels.forEach((l, i) => {
      if (l === null || done[i] > 0) return;
      const crossed =
        l.side === 1
          ? p <= l.liquidationPrice * (1 + 1e-12)
          : p >= l.liquidationPrice * (1 - 1e-12);
      if (crossed) C.push(i);
    });
    if (C.length === 0) break;
    k++;
    for (const i of C) {
      done[i] = k;
      if (levels[i]!.side === 1) qs += levels[i]!.notional;
      else qb += levels[i]!.notional;
    }
    p = impact(qs, qb);
    if (p <= floor) {
      p = floor;
      status = "floor";
    }
    prices.push(p);
  }
  if (status !== "floor" && k > 0) {
    const movingSide: Side = p1 < p0 ? 1 : -1;
    const left = levels.some((l, i) => l !== null && l.side === movingSide && done[i] === 0);
    status = left ? "stable" : "all";
  }
  return { final: p, total: qs + qb, rounds: k, prices, levelRound: done, status };
}

const summary = (input: CascadeInput): Record<string, number | string> =>
  Object.fromEntries(cascadeSummary(input).rows.map(([k, v]) => [k as string, v]));

function near(a: number, e: number, tol: number, what = ""): void {
  assert.ok(Math.abs(a - e) <= tol, `${what} ${a} vs ${e}`);
}

function throwsLev(f: () => unknown, kind: "NUM" | "VALUE", mention: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof LevError, String(e));
    assert.equal(e.kind, kind, e.message);
    assert.ok(e.message.includes(mention), `"${e.message}" should mention ${mention}`);
    return true;
  });
}

/** Sweep and naive loop agree on every output (prices to 1e-12 relative: the same operations). */
function assertSameAsNaive(input: CascadeInput): void {
  const r = runCascade(input);
  const n = naive(input);
  assert.equal(r.rounds.length - 1, n.rounds, "rounds");
  assert.deepEqual(
    Array.from(r.levelRound, (x) => Math.max(x, 0)),
    n.levelRound,
    "levels"
  );
  r.rounds
    .slice(1)
    .forEach((x, i) =>
      near(x.priceAfter, n.prices[i], 1e-12 * n.prices[i] + 1e-300, `round ${i + 1}`)
    );
  near(r.finalPrice, n.final, 1e-12 * Math.abs(n.final));
  near(r.longLiquidated + r.shortLiquidated, n.total, 1e-9 * Math.max(1, n.total));
  assert.equal(r.status, n.status);
}

describe("engine/cascade: worked examples (docs/references/risk-cascades.md §3.7, exact rational arithmetic)", () => {
  const C1: CascadeInput = { startPrice: 100, shock: -0.04, levels: L1, depthPer1pct: 2_000_000 };
  it("rc#41 C1 damped: rounds at 96, 95.52, 94.56 → 93.84; total 4.5M, 3 rounds, A 1.54, remaining 12M long / 5.5M short, stable", () => {
    const s = summary(C1);
    near(s.final_price as number, 93.84, 1e-9);
    assert.equal(s.total_liquidated, 4_500_000);
    assert.equal(s.long_liquidated, 4_500_000);
    assert.equal(s.short_liquidated, 0);
    assert.equal(s.rounds, 3);
    near(s.amplification as number, 1.54, 1e-9);
    assert.equal(s.remaining_long, 12_000_000);
    assert.equal(s.remaining_short, 5_500_000);
    assert.equal(s.status, "stable");
    const t = cascade(C1);
    assert.deepEqual(t.columns, [
      "round",
      "trigger_price",
      "levels_liquidated",
      "long_notional",
      "short_notional",
      "cumulative_notional",
      "price_after",
    ]);
    const expected = [
      [0, 100, 0, 0, 0, 0, 96],
      [1, 96, 1, 1_000_000, 0, 1_000_000, 95.52],
      [2, 95.52, 1, 2_000_000, 0, 3_000_000, 94.56],
      [3, 94.56, 1, 1_500_000, 0, 4_500_000, 93.84],
    ];
    assert.equal(t.rows.length, 4);
    t.rows.forEach((row, i) => row.forEach((c, j) => near(c as number, expected[i][j], 1e-9)));
  });
  it("rc#42 C2 runaway (depth 500,000): 94.08, 87.36, 73.92, 64.32; total 16.5M, 4 rounds, A 8.92, all, shorts untouched", () => {
    const input = { ...C1, depthPer1pct: 500_000 };
    const s = summary(input);
    near(s.final_price as number, 64.32, 1e-9);
    assert.equal(s.total_liquidated, 16_500_000);
    assert.equal(s.rounds, 4);
    near(s.amplification as number, 8.92, 1e-9);
    assert.equal(s.status, "all");
    assert.equal(s.remaining_short, 5_500_000);
    const prices = cascade(input)
      .rows.slice(1)
      .map((r) => r[6] as number);
    [94.08, 87.36, 73.92, 64.32].forEach((p, i) => near(prices[i], p, 1e-9));
    assert.deepEqual(
      cascade(input).rows.map((r) => r[2]),
      [0, 1, 2, 2, 1]
    );
  });
  it("rc#43 C3 no liquidation (shock −2%): final 98, total 0, rounds 0, A 1, none", () => {
    const s = summary({ ...C1, shock: -0.02 });
    assert.deepEqual(
      [s.final_price, s.total_liquidated, s.rounds, s.amplification, s.status],
      [98, 0, 0, 1, "none"]
    );
    assert.equal(cascade({ ...C1, shock: -0.02 }).rows.length, 1);
  });
  it("rc#44 C3b inclusive trigger (shock −3%, p₁ = 97 = P_A; 100·(1 − 0.03) is 97.00000000000001 in binary): 96.515, 1M, 1 round, A 1.161666667, stable", () => {
    const s = summary({ ...C1, shock: -0.03 });
    near(s.final_price as number, 96.515, 1e-9);
    assert.equal(s.total_liquidated, 1_000_000);
    assert.equal(s.rounds, 1);
    near(s.amplification as number, 3.485 / 3, 1e-9);
    assert.equal(s.status, "stable");
  });
  it("rc#45 C4 short squeeze (+3%, bid depth 5M, ask depth 1M): 103.618, 104.545, 106.09; 3M, 3 rounds, A 2.03, stable, long X untouched", () => {
    const input: CascadeInput = {
      startPrice: 100,
      shock: 0.03,
      levels: L4,
      depthPer1pct: 5_000_000,
      options: { askDepthPer1pct: 1_000_000 },
    };
    const s = summary(input);
    near(s.final_price as number, 106.09, 1e-9);
    assert.equal(s.total_liquidated, 3_000_000);
    assert.equal(s.short_liquidated, 3_000_000);
    assert.equal(s.rounds, 3);
    near(s.amplification as number, 2.03, 1e-9);
    assert.equal(s.status, "stable");
    assert.equal(s.remaining_long, 1_000_000);
    const prices = cascade(input)
      .rows.slice(1)
      .map((r) => r[6] as number);
    [103.618, 104.545, 106.09].forEach((p, i) => near(prices[i], p, 1e-9));
  });
  it("rc#46 C5 depth exhausted (−10%, depth 100,000): 72, then clamped to the floor 0, then 0; 17M, 3 rounds, A 10, floor", () => {
    const input: CascadeInput = { startPrice: 100, shock: -0.1, levels: L5, depthPer1pct: 100_000 };
    const s = summary(input);
    assert.equal(s.final_price, 0);
    assert.equal(s.total_liquidated, 17_000_000);
    assert.equal(s.rounds, 3);
    near(s.amplification as number, 10, 1e-9);
    assert.equal(s.status, "floor");
    assert.deepEqual(
      cascade(input).rows.map((r) => r[6]),
      [90, 72, 0, 0]
    );
  });
  it("rc#47 C6 square-root impact (Y 1, σ_d 0.04, V_d 1e9, depth blank): 95.45694199204874, 95.14134989664008, 94.78568537849534 to 1e-12 relative; 100M, 3 rounds, A 1.303578655376", () => {
    const input: CascadeInput = { startPrice: 100, shock: -0.04, levels: L6, options: SQRT };
    const prices = cascade(input)
      .rows.slice(1)
      .map((r) => r[6] as number);
    [95.45694199204874, 95.14134989664008, 94.78568537849534].forEach((p, i) =>
      near(prices[i], p, 1e-12 * p)
    );
    const s = summary(input);
    assert.equal(s.total_liquidated, 100_000_000);
    assert.equal(s.rounds, 3);
    near(s.amplification as number, 1.303578655376, 1e-11);
    assert.equal(s.status, "stable");
  });
  it("rc#48 C7 chaining: C1's survivors (LEVELS = 0) from 93.84, +12%: G liquidated, 106.41456; 2.5M, 1 round, A 67/60, stable", () => {
    const rounds = cascadeLevels(C1).rows.map((r) => r[0]);
    const survivors = L1.filter((_, i) => rounds[i] === 0);
    assert.equal(survivors.length, 5);
    const s = summary({
      startPrice: 93.84,
      shock: 0.12,
      levels: survivors,
      depthPer1pct: 2_000_000,
    });
    near(s.final_price as number, 106.41456, 1e-9);
    assert.equal(s.total_liquidated, 2_500_000);
    assert.equal(s.rounds, 1);
    near(s.amplification as number, 67 / 60, 1e-9);
    assert.equal(s.status, "stable");
  });
  it("rc#49 LEVELS: C1 (1, 2, 3, 0, 0, 0, 0, 0); C2 (1, 2, 2, 3, 3, 4, 0, 0)", () => {
    assert.deepEqual(
      cascadeLevels(C1).rows.map((r) => r[0]),
      [1, 2, 3, 0, 0, 0, 0, 0]
    );
    assert.deepEqual(
      cascadeLevels({ ...C1, depthPer1pct: 500_000 }).rows.map((r) => r[0]),
      [1, 2, 2, 3, 3, 4, 0, 0]
    );
  });
  it("rc#50: a long at 101 above start 100 is #NUM! naming row 1; shock −1 is #NUM!", () => {
    throwsLev(
      () =>
        runCascade({ startPrice: 100, shock: -0.04, levels: [lv(1, 101, 1e6)], depthPer1pct: 2e6 }),
      "NUM",
      "levels row 1"
    );
    throwsLev(() => runCascade({ ...C1, shock: -1 }), "NUM", "shock");
  });
  it("the sweep equals the naive loop on C1–C7", () => {
    for (const input of [
      C1,
      { ...C1, depthPer1pct: 500_000 },
      { ...C1, shock: -0.02 },
      { ...C1, shock: -0.03 },
      {
        startPrice: 100,
        shock: 0.03,
        levels: L4,
        depthPer1pct: 5e6,
        options: { askDepthPer1pct: 1e6 },
      },
      { startPrice: 100, shock: -0.1, levels: L5, depthPer1pct: 100_000 },
      { startPrice: 100, shock: -0.04, levels: L6, options: SQRT },
      { startPrice: 93.84, shock: 0.12, levels: L1.slice(3), depthPer1pct: 2e6 },
    ] as CascadeInput[])
      assertSameAsNaive(input);
  });
});

describe("engine/cascade: edge cases (docs/references/risk-cascades.md §3.4)", () => {
  const base: CascadeInput = { startPrice: 100, shock: -0.04, levels: L1, depthPer1pct: 2e6 };
  it("nothing crossed: 0 rounds, final p₁, status none, A 1 (round 0 only in LEV.CASCADE)", () => {
    const r = runCascade({ ...base, shock: -0.01 });
    assert.equal(r.rounds.length, 1);
    assert.equal(r.finalPrice, 99);
    assert.equal(r.status, "none");
    assert.equal(r.amplification, 1);
  });
  it("inclusive trigger: a level exactly at p₁ is liquidated; one a hair (2e-12 relative) below it is not", () => {
    assert.deepEqual(Array.from(runCascade({ ...base, levels: [lv(1, 96, 1)] }).levelRound), [1]);
    assert.deepEqual(
      Array.from(runCascade({ ...base, levels: [lv(1, 96 * (1 - 2e-12), 1)] }).levelRound),
      [0]
    );
  });
  it("floor: a price_floor of 90 clamps C2's fall at 90, status floor", () => {
    const r = runCascade({ ...base, depthPer1pct: 500_000, options: { priceFloor: 90 } });
    assert.equal(r.finalPrice, 90);
    assert.equal(r.status, "floor");
    assertSameAsNaive({ ...base, depthPer1pct: 500_000, options: { priceFloor: 90 } });
    throwsLev(() => runCascade({ ...base, options: { priceFloor: 96 } }), "NUM", "price_floor");
    throwsLev(() => runCascade({ ...base, options: { priceFloor: -1 } }), "NUM", "price_floor");
  });
  it("both sides: a fall never liquidates a short, a rise never a long (the other side is reported untouched)", () => {
    const down = runCascade({ ...base, depthPer1pct: 1 });
    assert.equal(down.shortLiquidated, 0);
    assert.equal(down.remainingShort, 5_500_000);
    const up = runCascade({ ...base, shock: 0.5, depthPer1pct: 1 });
    assert.equal(up.longLiquidated, 0);
    assert.equal(up.status, "all");
  });
  it("a level already crossed at the start (long P ≥ p₀, short P ≤ p₀) is #NUM! naming its row", () => {
    throwsLev(() => runCascade({ ...base, levels: [...L1, lv(1, 100, 1)] }), "NUM", "levels row 9");
    throwsLev(() => runCascade({ ...base, levels: [lv(-1, 99.5, 1)] }), "NUM", "levels row 1");
    // row numbers count blank rows, so they are the range's rows
    throwsLev(
      () => runCascade({ ...base, levels: [null, null, lv(-1, 99.5, 1)] }),
      "NUM",
      "levels row 3"
    );
  });
  it("empty levels (or only blank rows): the shock alone; LEVELS has a blank per blank row", () => {
    const r = runCascade({ ...base, levels: [] });
    assert.equal(r.finalPrice, 96);
    assert.equal(r.status, "none");
    assert.deepEqual(cascadeLevels({ ...base, levels: [null, lv(1, 97, 1), null] }).rows, [
      [""],
      [1],
      [""],
    ]);
  });
  it("shock 0: nothing can trigger, final = start", () => {
    const r = runCascade({ ...base, shock: 0 });
    assert.equal(r.finalPrice, 100);
    assert.equal(r.status, "none");
    assert.equal(r.amplification, 1);
  });
  it("bad inputs name the argument: start_price ≤ 0, depth ≤ 0, blank depth with linear impact, negative notional, price ≤ 0, sqrt without daily_volume", () => {
    throwsLev(() => runCascade({ ...base, startPrice: 0 }), "NUM", "start_price");
    throwsLev(() => runCascade({ ...base, depthPer1pct: 0 }), "NUM", "depth_per_1pct");
    throwsLev(() => runCascade({ ...base, depthPer1pct: undefined }), "NUM", "depth_per_1pct");
    throwsLev(() => runCascade({ ...base, levels: [lv(1, 90, -1)] }), "NUM", "levels row 1");
    throwsLev(() => runCascade({ ...base, levels: [lv(-1, 0, 1)] }), "NUM", "levels row 1");
    throwsLev(
      () => runCascade({ ...base, options: { impact: "sqrt", dailyVolatility: 0.04 } }),
      "NUM",
      "daily_volume"
    );
    throwsLev(
      () => runCascade({ ...base, options: { dailyVolume: 1e9 } }),
      "VALUE",
      "daily_volume"
    );
    throwsLev(() => runCascade({ ...base, options: { impact: "cubic" } }), "VALUE", "impact");
  });
  it("termination: at most n rounds (each liquidates a level); 100,000 levels in a chain take 100,000 rounds in well under a second", () => {
    const n = 100_000;
    // a ladder of longs 0.0005 apart, the first at p₁ = 99.999, each liquidation (notional 1) moving the
    // price by exactly one step: every round liquidates the next level only
    const levels = Array.from({ length: n }, (_, i) => lv(1, 99.999 - i * 0.0005, 1));
    const t0 = performance.now();
    const r = runCascade({
      startPrice: 100,
      shock: -0.00001,
      levels,
      depthPer1pct: 99.999 / (100 * 0.0005),
    });
    const ms = performance.now() - t0;
    assert.equal(r.rounds.length - 1, n);
    assert.equal(r.status, "all");
    assert.ok(ms < 1000, `${ms} ms`);
  });
});

describe("engine/cascade: the sorted sweep equals the naive loop on random level sets (fast-check, seed 20260101)", () => {
  const level = fc
    .tuple(
      fc.constantFrom<Side>(1, -1),
      fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      fc.oneof(fc.constant(0), fc.double({ min: 1, max: 5e6, noNaN: true }))
    )
    .map(([side, gap, notional]) =>
      lv(side, side === 1 ? 100 * (1 - gap) : 100 * (1 + gap), notional)
    );
  it("linear and square-root impact, both shock directions, with blank rows, floors and ask depth", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof({ weight: 9, arbitrary: level }, { weight: 1, arbitrary: fc.constant(null) }),
          {
            maxLength: 60,
          }
        ),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 1e4, max: 1e7, noNaN: true }),
        fc.boolean(),
        fc.constantFrom(0, 30),
        fc.boolean(),
        (levels, shock, depth, sqrt, floor, ask) => {
          const options: CascadeOptions = sqrt
            ? { impact: "sqrt", dailyVolatility: 0.05, dailyVolume: depth * 50, priceFloor: floor }
            : { priceFloor: floor, ...(ask ? { askDepthPer1pct: depth / 3 } : {}) };
          const input: CascadeInput = {
            startPrice: 100,
            shock,
            levels,
            depthPer1pct: depth,
            options,
          };
          if (!(floor < 100 * (1 + shock))) return;
          assertSameAsNaive(input);
        }
      ),
      { seed: 20260101, numRuns: 1000 }
    );
  });
});
