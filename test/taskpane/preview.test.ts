// Instant preview numbers, checked against published reference values.
import { strict as assert } from "assert";
import { computePreview } from "../../src/taskpane/preview";
import { illustrativePrices, mulberry32 } from "../../src/taskpane/illustrative";
import { planScenarioSheet } from "../../src/taskpane/layout";
import { DECLARATIONS } from "../../src/taskpane/metrics";
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

  it("lending: health factor 1.333 for $10,000 ETH, LT 80%, debt $6,000 (Aave v3 docs, docs/references/vectors.md liq#52)", () => {
    const p = computePreview("lending", {
      ...defaultInputs("lending"),
      collateral_quantity: 1,
      collateral_price: 10000,
      liquidation_threshold: 0.8,
      debt_value: 6000,
    });
    assert.ok(Math.abs(metric(p, "Health factor").value! - 4 / 3) < 1e-12);
  });

  it("lending: liquidation price 2,812.5 for 1 ETH, LT 80%, debt 2,250 (docs/references/vectors.md liq#54)", () => {
    const p = computePreview("lending", {
      ...defaultInputs("lending"),
      collateral_quantity: 1,
      collateral_price: 3000,
      liquidation_threshold: 0.8,
      debt_value: 2250,
    });
    assert.ok(Math.abs(metric(p, "Liquidation price").value! - 2812.5) < 1e-9);
  });

  it("an engine error on one metric shows its message there and leaves the others", () => {
    // Debt 0: no liquidation price (engine #N/A-style error), but collateral value still shows.
    const p = computePreview("lending", { ...defaultInputs("lending"), debt_value: 0 });
    assert.equal(metric(p, "Collateral value").value, 30000);
    const liq = metric(p, "Liquidation price");
    assert.equal(liq.value, null);
    assert.ok((liq.error ?? "").length > 0);
  });

  it("an error carries the code the sheet shows, and a result computed from it passes it on", () => {
    const p = computePreview("lending", { ...defaultInputs("lending"), debt_value: 0 });
    const health = metric(p, "Health factor");
    assert.equal(health.code, "#N/A");
    assert.equal(health.error, "no debt: the health factor is infinite");
    const drop = metric(p, "Price drop to liquidation");
    assert.equal(drop.code, metric(p, "Liquidation price").code);
    assert.equal(drop.error, metric(p, "Liquidation price").error);
    assert.equal(metric(p, "Loan-to-value").value, 0);
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

  for (const t of TEMPLATE_IDS) {
    it(`${t}: defaults give finite metrics and charts of finite points inside their axes`, () => {
      const p = computePreview(t, defaultInputs(t));
      for (const m of p.metrics)
        assert.ok(m.value === null ? m.error : Number.isFinite(m.value), m.label);
      assert.ok(p.charts.length > 0 && !p.chartError, p.chartError);
      for (const c of p.charts)
        for (const s of c.series) {
          assert.ok(s.points.length >= 5);
          for (const [x, y] of s.points) {
            assert.ok(Number.isFinite(x) && Number.isFinite(y));
            assert.ok(x >= c.xAxis.min && x <= c.xAxis.max, `${c.title}: x ${x} outside the axis`);
            assert.ok(y >= c.yAxis.min && y <= c.yAxis.max, `${c.title}: y ${y} outside the axis`);
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
