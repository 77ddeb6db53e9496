// Instant preview numbers, checked against published reference values.
import { strict as assert } from "assert";
import { computePreview } from "../../src/taskpane/preview";
import { illustrativePrices, mulberry32 } from "../../src/taskpane/illustrative";
import { planScenarioSheet } from "../../src/taskpane/layout";
import { DECLARATIONS } from "../../src/taskpane/metrics";
import { PERF_STATISTICS } from "../../src/engine/performance";
import { TEMPLATE_IDS, defaultInputs } from "../../src/taskpane/scenarios";

const metric = (p: ReturnType<typeof computePreview>, label: string) => {
  const m = p.metrics.find((x) => x.label.startsWith(label));
  assert.ok(m, `metric ${label}`);
  return m!;
};

describe("taskpane preview: key numbers", () => {
  it("token: decay of 3x at 80% volatility over 1 year ≈ −0.8534 (formula contract docs/spec/functions.md, LEV.DECAY(3,0.8,1))", () => {
    const p = computePreview("token", {
      ...defaultInputs("token"),
      leverage: 3,
      volatility: 0.8,
      years: 1,
      fee_rate: 0,
      financing_rate: 0,
      funding_rate: 0,
    });
    assert.ok(Math.abs(metric(p, "Return if the underlying ends flat").value! - -0.8534) < 5e-5);
    assert.equal(p.charts[0].marker!.x, 0.8);
    assert.equal(p.simulation!.options!.paths, 2000);
  });

  it("perp: tiered liquidation of a 10x long 9 BTC @ 30,000 on the historical BTCUSDT brackets = 27,130.09 (Binance FAQ table, docs/references/liquidation.md §1.2)", () => {
    const p = computePreview("perp", {
      ...defaultInputs("perp"),
      side: "long",
      entry_price: 30000,
      quantity: 9,
      margin: 27000,
    });
    assert.ok(Math.abs(metric(p, "Liquidation price (brackets)").value! - 27130.09) < 0.01);
    assert.equal(metric(p, "Effective leverage").value, 10);
  });

  /** A lending loop whose collateral earns `y` and whose debt costs `b` (continuous rates): rate model at 0 utilization. */
  const loopAt = (y: number, b: number) => ({
    ...defaultInputs("lending"),
    supply_utilization: 0,
    staking_yield: Math.expm1(y),
    borrow_utilization: 0,
    // the APR whose per-second APY is e^b − 1: LN(1 + borrow APY) = b
    borrow_base: 31536000 * Math.expm1(b / 31536000),
  });

  it("lending: 5 loops at LTV 93% give 5.0429974x (docs/references/funding-defi.md fdp#FC-35); the most is 1/(1 − LTV) = 14.2857143x (fdp#FC-34)", () => {
    const p = computePreview("lending", { ...defaultInputs("lending"), ltv: 0.93, loops: 5 });
    assert.ok(Math.abs(metric(p, "Leverage").value! - 5.04299738) < 1e-8);
    assert.ok(Math.abs(metric(p, "Most leverage").value! - 14.2857143) < 1e-7);
  });

  it("lending: a 10x loop at LT 95% has health 1.0555556 (fdp#FC-37), liquidates at a price ratio of 0.94736842 (fdp#FC-38), and with yield 2.9% against borrow 3.5% has a runway of 9.0112035 years (fdp#FC-40)", () => {
    const p = computePreview("lending", {
      ...loopAt(0.029, 0.035),
      sizing: "leverage",
      target_leverage: 10,
      ltv: 0.93,
      liquidation_threshold: 0.95,
    });
    assert.ok(Math.abs(metric(p, "Health factor").value! - 1.0555556) < 1e-7);
    assert.ok(Math.abs(metric(p, "Price ratio at liquidation").value! - 0.94736842) < 1e-8);
    assert.ok(Math.abs(metric(p, "Runway").value! - 9.0112035) < 1e-6);
  });

  it("lending: ETH/USDC at 3x, LT 83%, from 3,000: liquidation price 2,409.6386 (fdp#FC-39); health factor of the account with other collateral (fdp §2.6)", () => {
    const p = computePreview("lending", {
      ...defaultInputs("lending"),
      sizing: "leverage",
      target_leverage: 3,
      liquidation_threshold: 0.83,
      collateral_price: 3000,
    });
    assert.ok(Math.abs(metric(p, "Liquidation price of the collateral").value! - 2409.6386) < 1e-4);
    // no other collateral: LEV.HEALTH on the Collaterals table is the loop's health (to rounding)
    const account = metric(p, "Health factor of the account").value!;
    assert.ok(Math.abs(account - metric(p, "Health factor").value!) < 1e-12 * account);
    // §2.6: 10,000 at LT 80% and 5,000 at LT 70% against 6,000 of debt = 1.9166667: 2x loop, deposit 2 at 5,000
    const q = computePreview("lending", {
      ...defaultInputs("lending"),
      sizing: "leverage",
      target_leverage: 2,
      deposit: 2,
      collateral_price: 5000,
      liquidation_threshold: 0.8,
      other_collateral_value: 5000,
      other_threshold: 0.7,
    });
    // collateral 20,000, debt 10,000: (16,000 + 3,500) / 10,000
    assert.ok(Math.abs(metric(q, "Health factor of the account").value! - 1.95) < 1e-12);
  });

  it("lending: supply APY of WETH at 80% utilization = LEV.APY(0.01632) (fdp#FC-25), net APY = L·y − (L − 1)·b + L·i (fdp#FC-36: 10x, 2.9%, 2.5% → 6.5%)", () => {
    const p = computePreview("lending", defaultInputs("lending"));
    const apy = (apr: number) => Math.expm1(31536000 * Math.log1p(apr / 31536000));
    assert.ok(Math.abs(metric(p, "Supply APY").value! - apy(0.01632)) < 1e-12);
    const q = computePreview("lending", {
      ...defaultInputs("lending"),
      supply_utilization: 0,
      staking_yield: 0.029,
      borrow_utilization: 0,
      borrow_base: 31536000 * Math.expm1(Math.log1p(0.025) / 31536000),
      sizing: "leverage",
      target_leverage: 10,
      ltv: 0.93,
    });
    assert.ok(Math.abs(metric(q, "Net APY").value! - 0.065) < 1e-9);
  });

  it("lending: the yield covering the borrow rate gives no runway: #N/A with its reason; the other numbers stay", () => {
    const p = computePreview("lending", loopAt(0.06, 0.035));
    const runway = metric(p, "Runway");
    assert.equal(runway.value, null);
    assert.equal(runway.code, "#N/A");
    assert.match(runway.error ?? "", /never liquidates/);
    assert.ok(metric(p, "Health factor").value! > 1);
  });

  it("an error carries the code the sheet shows, and a result computed from it passes it on (a loop at 1x: no debt)", () => {
    const p = computePreview("lending", {
      ...defaultInputs("lending"),
      sizing: "leverage",
      target_leverage: 1,
    });
    const health = metric(p, "Health factor");
    assert.equal(health.code, "#N/A");
    assert.ok((health.error ?? "").length > 0);
    const runway = metric(p, "Runway");
    assert.equal(runway.code, health.code);
    assert.equal(runway.error, health.error);
    assert.equal(metric(p, "Debt").value, 0);
    assert.equal(metric(p, "Leverage").value, 1);
  });

  it("liquidation: a short's expected time to liquidation is #N/A with its reason (infinite under a martingale price); the probabilities still show", () => {
    const p = computePreview("liquidation", { ...defaultInputs("liquidation"), side: "short" });
    const time = metric(p, "Expected time");
    assert.equal(time.code, "#N/A");
    assert.match(time.error ?? "", /expected time is infinite/);
    for (const h of ["1 day", "1 week", "30 days"]) {
      const m = metric(p, `Probability of liquidation within ${h}`);
      assert.ok(m.value! > 0 && m.value! < 1, h);
    }
  });

  it("liquidation: the probabilities grow with the horizon, and a long's expected time is h/(σ²/2) (docs/references/risk-cascades.md rc#18)", () => {
    const inputs = defaultInputs("liquidation");
    const p = computePreview("liquidation", inputs);
    const probs = ["1 day", "1 week", "30 days", "3 months"].map(
      (h) => metric(p, `Probability of liquidation within ${h}`).value!
    );
    for (let i = 1; i < probs.length; i++) assert.ok(probs[i] > probs[i - 1], probs.join(" "));
    const liq = p.metrics[0].value!;
    const h = Math.log(Number(inputs.mark_price) / liq);
    const sigma = Number(inputs.volatility);
    assert.ok(Math.abs(metric(p, "Expected time").value! - h / ((sigma * sigma) / 2)) < 1e-12);
  });

  it("liquidation: C1 of docs/references/risk-cascades.md (rc#41): a 4% drop with 2,000,000 of depth ends at 93.84 after 3 rounds, amplification 1.54", () => {
    const p = computePreview("liquidation", {
      ...defaultInputs("liquidation"),
      entry_price: 100,
      mark_price: 100,
      quantity: 1000,
      margin: 10000,
      shock: -0.04,
      depth_per_1pct: 2000000,
      levels: [
        { side: "long", liquidation_price: 97, notional: 1000000 },
        { side: "long", liquidation_price: 95.6, notional: 2000000 },
        { side: "long", liquidation_price: 94.8, notional: 1500000 },
        { side: "long", liquidation_price: 92, notional: 3000000 },
        { side: "long", liquidation_price: 88, notional: 4000000 },
        { side: "long", liquidation_price: 80, notional: 5000000 },
        { side: "short", liquidation_price: 104, notional: 2500000 },
        { side: "short", liquidation_price: 110, notional: 3000000 },
      ],
    });
    assert.ok(Math.abs(metric(p, "Price after the cascade").value! - 93.84) < 1e-9);
    assert.equal(metric(p, "Rounds").value, 3);
    assert.equal(metric(p, "Notional liquidated").value, 4500000);
    assert.ok(Math.abs(metric(p, "Amplification").value! - 1.54) < 1e-9);
    assert.ok(Math.abs(metric(p, "Move after the cascade").value! - -0.0616) < 1e-12);
    const cascade = p.charts.find((c) => c.id === "cascade")!;
    assert.deepEqual(
      cascade.series[0].points.map(([r, y]) => [r, Number(y.toFixed(10))]),
      [
        [0, 96],
        [1, 95.52],
        [2, 94.56],
        [3, 93.84],
      ]
    );
    assert.deepEqual(
      cascade.series[1].points.map(([, y]) => y),
      [0, 1000000, 3000000, 4500000]
    );
    const map = p.charts.find((c) => c.id === "liq-map")!;
    const total = (i: number) => map.series[i].points.reduce((a, [, y]) => a + y, 0);
    assert.equal(total(0), 16500000, "every long in a bin");
    assert.equal(total(1), 5500000, "every short in a bin");
  });

  it("every template shows its declared metrics in order (the perp venue named in the pane's label)", () => {
    for (const t of TEMPLATE_IDS) {
      const p = computePreview(t, defaultInputs(t));
      assert.deepEqual(
        p.metrics.map((m) => m.label),
        DECLARATIONS[t].metrics.map((m) => m.paneLabel?.(defaultInputs(t)) ?? m.label)
      );
    }
    const perp = computePreview("perp", { ...defaultInputs("perp"), venue: "okx" });
    assert.equal(perp.metrics[0].label, "Liquidation price (OKX convention)");
  });

  it("perp: the venue convention's rate is the maximum leverage on Hyperliquid, the maintenance rate elsewhere", () => {
    const venueLiq = (venue: string, max_leverage: number, maintenance_rate: number) =>
      computePreview("perp", { ...defaultInputs("perp"), venue, max_leverage, maintenance_rate })
        .metrics[0].value;
    assert.notEqual(venueLiq("hyperliquid", 50, 0.004), venueLiq("hyperliquid", 20, 0.004));
    assert.equal(venueLiq("hyperliquid", 50, 0.004), venueLiq("hyperliquid", 50, 0.01));
    assert.equal(venueLiq("binance", 50, 0.004), venueLiq("binance", 20, 0.004));
    assert.notEqual(venueLiq("binance", 50, 0.004), venueLiq("binance", 50, 0.01));
  });

  it("band and cppi: the path metrics are the last row of the same path the chart draws", () => {
    const band = computePreview("band", defaultInputs("band"));
    const nav = band.charts[0].series[1].points;
    assert.equal(metric(band, "Token NAV at the end of the path").value, nav[nav.length - 1][1]);
    const cppi = computePreview("cppi", defaultInputs("cppi"));
    const value = cppi.charts[0].series[0].points;
    const floor = cppi.charts[0].series[1].points;
    assert.equal(metric(cppi, "Value at the end of the path").value, value[value.length - 1][1]);
    assert.equal(metric(cppi, "Floor at the end of the path").value, floor[floor.length - 1][1]);
  });

  it("token and band: LEV.PERF of the underlying and of the token, side by side on the path the chart draws", () => {
    for (const t of ["token", "band"] as const) {
      const p = computePreview(t, defaultInputs(t));
      const perf = p.performance!;
      assert.equal(perf.title, "Performance: underlying vs token");
      assert.deepEqual(perf.series, ["Underlying", "Token"]);
      assert.deepEqual(
        perf.rows.map((r) => r.statistic),
        [...PERF_STATISTICS],
        "LEV.PERF's rows, in its order"
      );
      const stat = (s: string, j: number) => perf.rows.find((r) => r.statistic === s)!.cells[j];
      const [under, nav] = p.charts.find((c) => c.id === `${t}-path`)!.series.map((s) => s.points);
      const days = Number(defaultInputs(t).days);
      assert.equal(stat("periods", 0).value, days);
      assert.equal(stat("periods", 1).value, days);
      const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12;
      assert.ok(close(stat("total_return", 0).value!, under[under.length - 1][1] - 1));
      assert.ok(close(stat("total_return", 1).value!, nav[nav.length - 1][1] - 1));
      // leverage shows: the token's volatility is about |L| times the underlying's
      const L = Math.abs(Number(defaultInputs(t).leverage));
      const ratio = stat("volatility", 1).value! / stat("volatility", 0).value!;
      assert.ok(ratio > 0.8 * L && ratio < 1.2 * L, `volatility ratio ${ratio} vs leverage ${L}`);
      for (const r of perf.rows) for (const c of r.cells) assert.ok(c.value !== null, c.label);
    }
    for (const t of ["cppi", "perp", "liquidation", "lending"] as const)
      assert.equal(computePreview(t, defaultInputs(t)).performance, undefined, t);
  });

  for (const t of TEMPLATE_IDS) {
    it(`${t}: defaults give finite metrics and charts of finite points inside their axes`, () => {
      const p = computePreview(t, defaultInputs(t));
      for (const m of p.metrics)
        assert.ok(m.value === null ? m.error : Number.isFinite(m.value), m.label);
      assert.ok(p.charts.length > 0 && !p.chartError, p.chartError);
      for (const c of p.charts)
        for (const s of c.series) {
          // a cascade has one point per round (the default's: the shock and 2 rounds)
          assert.ok(s.points.length >= (c.id === "cascade" ? 2 : 5), `${c.title} ${s.name}`);
          const y = s.axis === "y2" ? c.y2Axis! : c.yAxis;
          for (const [px, py] of s.points) {
            assert.ok(Number.isFinite(px) && Number.isFinite(py));
            assert.ok(
              px >= c.xAxis.min && px <= c.xAxis.max,
              `${c.title}: x ${px} outside the axis`
            );
            assert.ok(py >= y.min && py <= y.max, `${c.title}: y ${py} outside the axis`);
          }
        }
    });
  }

  it("band: the preview's path and the sheet's price table use the same illustrative prices", () => {
    const inputs = defaultInputs("band");
    const p = computePreview("band", inputs);
    const plan = planScenarioSheet({ name: "B", template: "band", inputs }, "LEV B", "B_1");
    const priceTable = plan.tables.find((t) => t.name === "Prices_B_1")!;
    const firstRow = Number(priceTable.address.match(/^A(\d+)/)![1]) + 1;
    const written = plan.cells.find((c) => c.address === `A${firstRow}` && c.values)!.values!;
    const underlying = p.charts[0].series[0].points;
    assert.equal(written.length, underlying.length);
    for (let i = 0; i < written.length; i++)
      assert.ok(
        Math.abs((written[i][1] as number) / (written[0][1] as number) - underlying[i][1]) < 1e-12
      );
  });
});

describe("taskpane illustrative path", () => {
  it("is reproducible by seed, starts at the start price and has days + 1 positive prices", () => {
    const a = illustrativePrices({ start: 100, volatility: 0.5, days: 50, seed: 3 });
    const b = illustrativePrices({ start: 100, volatility: 0.5, days: 50, seed: 3 });
    const c = illustrativePrices({ start: 100, volatility: 0.5, days: 50, seed: 4 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.equal(a.length, 51);
    assert.equal(a[0], 100);
    assert.ok(a.every((x) => x > 0));
  });

  it("volatility 0 gives a flat path", () => {
    assert.ok(
      illustrativePrices({ start: 5, volatility: 0, days: 10, seed: 1 }).every((x) => x === 5)
    );
  });

  it("mulberry32 uniforms lie in (0,1) with mean ≈ 1/2 over 100,000 draws", () => {
    const r = mulberry32(1);
    let sum = 0;
    for (let i = 0; i < 100000; i++) {
      const u = r();
      assert.ok(u > 0 && u < 1);
      sum += u;
    }
    // Standard error of the mean of U(0,1) over 1e5 draws is 0.000913; 5 sigma.
    assert.ok(Math.abs(sum / 100000 - 0.5) < 0.0046);
  });
});
