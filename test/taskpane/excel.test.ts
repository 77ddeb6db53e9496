// Excel writes of the task pane (src/taskpane/excel.ts) against office-addin-mock objects.
import { strict as assert } from "assert";
import { excelTicksMatch, type LinearAxis } from "../../src/taskpane/axes";
import {
  insertScenario,
  type AxisWrites,
  safeText,
  workbookSettingsStore,
  type SettingsRunner,
} from "../../src/taskpane/excel";
import { KEY_PREFIX, ScenarioLibrary } from "../../src/taskpane/library";
import { computePreview } from "../../src/taskpane/preview";
import {
  TEMPLATE_IDS,
  TEMPLATES,
  defaultInputs,
  type TemplateId,
} from "../../src/taskpane/scenarios";
import { mockWorkbook, written, type MockWorkbook } from "./office-mock";

const scenario = (template: TemplateId, name = TEMPLATES[template].defaultName) => ({
  name,
  template,
  inputs: defaultInputs(template),
});

function namesOn(wb: MockWorkbook, sheet: string): Map<string, string> {
  return new Map(
    wb.calls
      .filter((c) => c.sheet === sheet && c.method === "names.add")
      .map((c) => [c.args[0] as string, c.args[1] as string])
  );
}
function tablesOn(wb: MockWorkbook, sheet: string): string[] {
  return wb.calls
    .filter((c) => c.sheet === sheet && c.method === "tables.add")
    .map((c) => c.args[0] as string);
}
/** Every formula written on the sheet, by address of the first cell of its range. */
function formulasOn(
  wb: MockWorkbook,
  sheet: string
): Array<{ address: string; formulas: string[][] }> {
  const out: Array<{ address: string; formulas: string[][] }> = [];
  for (const [key, rs] of wb.ranges) {
    if (!key.startsWith(sheet + "!")) continue;
    for (const r of rs)
      if (Array.isArray(r.formulas))
        out.push({ address: key.slice(sheet.length + 1), formulas: r.formulas });
  }
  return out;
}

describe("taskpane excel: insert a scenario sheet (office-addin-mock)", () => {
  it("token template: one new sheet, 2 syncs, inputs table, sheet-scoped names and LEV formulas on the names", async () => {
    const wb = mockWorkbook({ sheets: ["Sheet1"] });
    const r = await insertScenario(wb.context, scenario("token"));
    assert.equal(r.sheetName, "LEV 3x BTC daily token");
    assert.equal(wb.syncs(), 2, "one sync to probe names, one for the whole write batch");
    assert.deepEqual(
      wb.calls.filter((c) => c.method === "worksheets.add").map((c) => c.args[0]),
      ["LEV 3x BTC daily token"]
    );
    const sheet = r.sheetName;
    // Inputs table: header + 13 scalar fields at A4:D17.
    assert.equal(tablesOn(wb, sheet)[0], "A4:D17");
    assert.deepEqual(written(wb, sheet, "A4", "values"), [["Input", "Value", "Unit", "Meaning"]]);
    assert.deepEqual(written(wb, sheet, "A6", "values")[0].slice(0, 2), ["Leverage", 3]);
    const names = namesOn(wb, sheet);
    assert.equal(names.get("in_leverage"), "$B$6");
    assert.equal(names.get("in_volatility"), "$B$7");
    assert.equal(names.get("path_options"), "$A$21:$B$25");
    assert.deepEqual(written(wb, sheet, "G5", "formulas"), [
      [
        "=LEV.DECAY(in_leverage,in_volatility,in_years,in_fee_rate,in_financing_rate,in_funding_rate)",
      ],
    ]);
    assert.deepEqual(written(wb, sheet, "G5", "numberFormat"), [["0.00%"]]);
    // Options values are formulas on the inputs (editing an input recalculates LEV.PATH / LEV.SIMULATE).
    assert.deepEqual(written(wb, sheet, "B22", "formulas"), [
      ["=in_fee_rate/in_rebalances_per_year"],
    ]);
    const all = formulasOn(wb, sheet).flatMap((f) => f.formulas.flat());
    assert.ok(all.includes("=LEV.SIMULATE(in_leverage,in_volatility,in_years,sim_options)"));
    const path = formulasOn(wb, sheet).find((f) => f.formulas[0][0].startsWith("=LEV.PATH("));
    assert.ok(path, "LEV.PATH is written");
    assert.equal(
      path!.formulas[0][0],
      "=LEV.PATH(Prices_S3x_BTC_daily_token_1[Price],in_leverage,path_options)"
    );
    assert.equal(
      path!.address.replace(/\d+$/, ""),
      "F",
      "the path spills from column F, beside the price table"
    );
    // Table names must start with a letter: "3x…" gets an S prefix.
    assert.equal(r.tag, "S3x_BTC_daily_token_1");
    // Table names are set, the sheet is activated and the headline selected.
    assert.ok(wb.calls.some((c) => c.sheet === sheet && c.method === "activate"));
    assert.ok(
      wb.calls.some((c) => c.sheet === sheet && c.method === "select" && c.args[0] === "G5")
    );
  });

  it("token template: NAV-vs-underlying line chart on the rebased price column and the LEV.PATH nav column, decay grid with a colour scale", async () => {
    const wb = mockWorkbook();
    const r = await insertScenario(wb.context, scenario("token"));
    const pathRow = Number(
      formulasOn(wb, r.sheetName)
        .find((f) => f.formulas[0][0].startsWith("=LEV.PATH("))!
        .address.slice(1)
    );
    const nav = wb.charts.find(
      (c) => c.chart.title.text === "Token NAV vs underlying (illustrative path)"
    )!;
    assert.equal(nav.type, "XYScatterLinesNoMarkers");
    const days = defaultInputs("token").days as number;
    assert.equal(nav.series[0].name, "Underlying (rebased)");
    assert.equal(nav.series[0].__values, `C${pathRow + 1}:C${pathRow + 1 + days}`);
    assert.equal(nav.series[0].__x, `A${pathRow + 1}:A${pathRow + 1 + days}`, "x: the Day column");
    assert.equal(nav.series[1].name, "Token NAV");
    assert.equal(
      nav.series[1].__values,
      `G${pathRow + 1}:G${pathRow + 1 + days}`,
      "nav is the 2nd column of the LEV.PATH spill"
    );
    const grid = wb.charts.find(
      (c) => c.chart.title.text === "Decay vs volatility (underlying ends flat)"
    )!;
    assert.equal(grid.type, "XYScatterLinesNoMarkers");
    assert.equal(grid.series.length, 6);
    assert.ok(
      grid.series.every((s) => /^F\d+:F\d+$/.test(s.__x)),
      "x values are the volatility column"
    );
    const cf = wb.calls.find((c) => c.method === "conditionalFormats.add");
    assert.deepEqual(cf?.args[1], "ColorScale");
    assert.match(cf!.args[0] as string, /^G\d+:L\d+$/);
    // The grid's cells reference the grid headers and the inputs.
    const gridFormula = formulasOn(wb, r.sheetName).find(
      (f) =>
        f.address ===
        (cf!.args[0] as string).replace(/:.*/, "") +
          ":" +
          (cf!.args[0] as string).replace(/^G(\d+):L\d+$/, "L$1")
    );
    assert.ok(gridFormula, "first grid row written as one range");
    assert.match(
      gridFormula!.formulas[0][0],
      /^=LEV\.DECAY\(G\$\d+,\$F\d+,in_years,in_fee_rate,in_financing_rate,in_funding_rate\)$/
    );
  });

  for (const t of ["token", "band"] as const)
    it(`${t}: LEV.PERF of the underlying's Price column and of the LEV.PATH nav rows, side by side under one heading`, async () => {
      const wb = mockWorkbook();
      const r = await insertScenario(wb.context, scenario(t));
      const formulas = formulasOn(wb, r.sheetName);
      const pathRow = Number(
        formulas.find((f) => f.formulas[0][0].startsWith("=LEV.PATH("))!.address.slice(1)
      );
      const perf = formulas.filter((f) => f.formulas[0][0].startsWith("=LEV.PERF("));
      assert.equal(perf.length, 2, "two LEV.PERF spills");
      const [under, token] = perf.sort((a, b) => a.address.localeCompare(b.address));
      // the price table LEV.PATH reads
      const table = /^=LEV\.PATH\((Prices_\w+)\[Price\]/.exec(
        formulas.find((f) => f.formulas[0][0].startsWith("=LEV.PATH("))!.formulas[0][0]
      )![1];
      const days = defaultInputs(t).days as number;
      assert.equal(under.formulas[0][0], `=LEV.PERF(${table}[Price],365)`);
      assert.equal(
        token.formulas[0][0],
        `=LEV.PERF(G${pathRow + 1}:G${pathRow + 1 + days},365)`,
        "the nav column of the LEV.PATH spill, the price table's rows"
      );
      const row = Number(under.address.slice(1));
      assert.equal(under.address, `F${row}`);
      assert.equal(token.address, `H${row}`, "side by side, on the same row");
      assert.ok(row < pathRow, "above the price table");
      const heading = [...wb.ranges]
        .filter(([k]) => k === `${r.sheetName}!F${row - 2}`)
        .flatMap(([, rs]) => rs.map((x) => x.values?.[0]?.[0]));
      assert.ok(heading.includes("Performance: underlying vs token"), String(heading));
    });

  it("inserting twice does not clobber: the second sheet and its tables get the next free name", async () => {
    const wb = mockWorkbook();
    const first = await insertScenario(wb.context, scenario("lending"));
    const second = await insertScenario(wb.context, scenario("lending"));
    assert.equal(first.sheetName, "LEV ETH lending loop");
    assert.equal(second.sheetName, "LEV ETH lending loop (2)");
    assert.equal(second.tag, "ETH_lending_loop_2");
    assert.deepEqual(wb.sheets, ["LEV ETH lending loop", "LEV ETH lending loop (2)"]);
  });

  it("a renamed sheet that left its Inputs table name behind is also skipped", async () => {
    const wb = mockWorkbook({ sheets: ["Renamed"], tables: ["Inputs_ETH_lending_loop_1"] });
    const r = await insertScenario(wb.context, scenario("lending"));
    assert.equal(r.sheetName, "LEV ETH lending loop (2)");
  });

  for (const t of TEMPLATE_IDS) {
    it(`${t}: every in_* and options name used by a formula is defined on the sheet, and every chart has a title and a position`, async () => {
      const wb = mockWorkbook();
      const r = await insertScenario(wb.context, scenario(t));
      const names = namesOn(wb, r.sheetName);
      const used = new Set(
        formulasOn(wb, r.sheetName)
          .flatMap((f) => f.formulas.flat())
          .flatMap((f) => f.match(/\b(in_[a-z_]+|[a-z]+_options)\b/g) ?? [])
      );
      assert.ok(used.size > 0);
      for (const n of used) assert.ok(names.has(n), `${n} is defined`);
      assert.ok(wb.charts.length >= 1);
      for (const c of wb.charts) {
        assert.ok(c.chart.title.text.length > 0);
        assert.ok(
          c.position && /^[A-Z]+\d+$/.test(c.position[0]) && /^[A-Z]+\d+$/.test(c.position[1])
        );
      }
      // Every table gets a name with the sheet's tag (workbook-unique).
      assert.equal(wb.syncs(), 2);
    });
  }

  it("cppi: LEV.CPPI.PATH over the price table with a live drawdown option row, chart of value vs floor columns", async () => {
    const wb = mockWorkbook();
    const r = await insertScenario(wb.context, scenario("cppi"));
    const f = formulasOn(wb, r.sheetName);
    const path = f.find((x) => x.formulas[0][0].startsWith("=LEV.CPPI.PATH("))!;
    assert.equal(
      path.formulas[0][0],
      "=LEV.CPPI.PATH(Prices_CPPI_vault_1[Price],in_multiplier,in_floor_fraction,cppi_options)"
    );
    assert.ok(
      f.some((x) => x.formulas[0][0] === '=IF(in_drawdown>0,"drawdown","floor_rate_per_period")')
    );
    const chart = wb.charts[0];
    assert.equal(chart.chart.title.text, "CPPI value vs floor (illustrative path)");
    const row = Number(path.address.slice(1));
    // CPPI_PATH_COLUMNS: value is the 9th column (N), floor the 3rd (H), from the spill's first data row.
    assert.match(chart.series[0].__values, new RegExp(`^N${row + 1}:N\\d+$`));
    assert.match(chart.series[1].__values, new RegExp(`^H${row + 1}:H\\d+$`));
    assert.deepEqual(
      chart.series.map((s) => s.name),
      ["CPPI value", "Floor", "Risky asset (buy and hold)"]
    );
  });

  it("perp: brackets become an Excel table that LEV.LIQ.TIERED reads; sweep chart of distance vs leverage", async () => {
    const wb = mockWorkbook();
    const r = await insertScenario(wb.context, scenario("perp"));
    // 14 scalar inputs (the last three: volatility, horizon and acceptable chance), then the brackets
    assert.deepEqual(tablesOn(wb, r.sheetName), ["A4:D18", "A21:D26"]);
    assert.deepEqual(written(wb, r.sheetName, "A22", "values")[0], [0, 50000, 0.004, 0]);
    assert.deepEqual(written(wb, r.sheetName, "G7", "formulas"), [
      [
        '=IF(in_venue="binance",LEV.LIQ.TIERED(in_side,in_entry_price,in_quantity,in_margin,Brackets_BTC_perp_1),NA())',
      ],
    ]);
    assert.deepEqual(written(wb, r.sheetName, "G5", "formulas"), [
      [
        "=LEV.LIQ.VENUE(in_venue,in_side,in_entry_price,in_quantity,in_margin,venue_rate,in_close_fee_rate)",
      ],
    ]);
    assert.deepEqual(written(wb, r.sheetName, "G6", "formulas"), [
      [
        "=LEV.LIQ.PRICE(in_side,in_entry_price,in_quantity,in_margin,maintenance_rate_used,in_maintenance_amount,in_close_fee_rate)",
      ],
    ]);
    // the probability of liquidation and the safe leverage, after the first six rows
    assert.deepEqual(written(wb, r.sheetName, "G11", "formulas"), [
      ["=LEV.LIQ.PROB(in_side,in_mark_price,liquidation_price,in_volatility,in_years)"],
    ]);
    assert.deepEqual(written(wb, r.sheetName, "G12", "formulas"), [
      [
        "=LEV.LIQ.SAFE.LEVERAGE(in_side,in_volatility,in_years,in_max_probability,,maintenance_rate_used,,in_close_fee_rate)",
      ],
    ]);
    const chart = wb.charts[0];
    assert.equal(chart.type, "XYScatterLines");
    assert.match(chart.series[0].__x, /^F\d+:F\d+$/);
    assert.match(chart.series[0].__values, /^H\d+:H\d+$/);
    // the sweep ends at the venue's maximum leverage (50), and the axes are the pane's
    const [, from, to] = /^F(\d+):F(\d+)$/.exec(chart.series[0].__x)!;
    const last = Number(to);
    assert.deepEqual(written(wb, r.sheetName, `F${last}`, "values"), [[50]]);
    assert.ok(Number(from) < last);
    assert.deepEqual(
      [chart.chart.axes.categoryAxis.minimum, chart.chart.axes.categoryAxis.maximum],
      [0, 50]
    );
    assert.equal(chart.chart.axes.valueAxis.maximum, 0, "a long's distance is never positive");
    assert.ok(chart.chart.axes.valueAxis.minimum! >= -1);
  });

  it("every chart gets the pane's axis ranges: minimum, maximum and a 1–2–5 major unit (the secondary axis too)", async () => {
    for (const t of TEMPLATE_IDS) {
      const wb = mockWorkbook();
      await insertScenario(wb.context, scenario(t));
      const pane = computePreview(t, defaultInputs(t)).charts;
      assert.equal(wb.charts.length, pane.length, t);
      for (const c of wb.charts) {
        const p = pane.find((x) => x.title === c.chart.title.text)!;
        assert.ok(p, `${t} ${c.chart.title.text}`);
        /** A property the code did not write: the mock's "not loaded" error, not a number. */
        const unset = (x: unknown) => typeof x !== "number";
        const axis = (a: AxisWrites, want: LinearAxis, what: string) => {
          assert.deepEqual([a.minimum, a.maximum], [want.min, want.max], `${t} ${p.title} ${what}`);
          // the unit is left to Excel where its ticks (minimum + k·unit) would not land on the pane's
          if (excelTicksMatch(want)) {
            assert.equal(a.majorUnit, want.step, `${t} ${p.title} ${what} unit`);
            assert.match(String(a.majorUnit), /^(1|2|5)(0*|e[+-]?\d+)$|^0\.0*[125]$/);
          } else assert.ok(unset(a.majorUnit), `${t} ${p.title} ${what}: no unit`);
        };
        axis(c.chart.axes.valueAxis, p.yAxis, "y");
        const x = c.chart.axes.categoryAxis;
        // a column chart's category axis takes no range
        if (c.type === "ColumnStacked")
          assert.ok(unset(x.minimum) && unset(x.maximum), `${t} ${p.title}: categories`);
        else
          assert.deepEqual([x.minimum, x.maximum], [p.xAxis.min, p.xAxis.max], `${t} ${p.title} x`);
        const y2 = c.axes.get("Value/Secondary");
        assert.equal(y2 !== undefined, p.y2Axis !== undefined, `${t} ${p.title}: secondary axis`);
        if (y2 && p.y2Axis) {
          axis(y2, p.y2Axis, "y2");
          assert.equal(y2.title.text, p.y2Label);
          assert.deepEqual(
            c.series.map((s) => s.axisGroup === "Secondary"),
            p.series.map((s) => s.axis === "y2")
          );
        }
      }
    }
  });

  it("lending: the loop's formulas read the named leverage; health sweep flagged red below 1; APY and health vs leverage with the health on the secondary axis", async () => {
    const wb = mockWorkbook();
    const r = await insertScenario(wb.context, scenario("lending"));
    assert.deepEqual(written(wb, r.sheetName, "G5", "formulas"), [
      ['=IF(in_sizing="loops",LEV.LOOP.LEVERAGE(in_ltv,in_loops),in_target_leverage)'],
    ]);
    const all = formulasOn(wb, r.sheetName).flatMap((f) => f.formulas.flat());
    for (const f of [
      '=LEV.APY(LEV.RATE.AAVE(in_supply_utilization,in_supply_optimal,in_supply_base,in_supply_slope1,in_supply_slope2,in_supply_reserve_factor,"supply"))',
      "=LEV.LOOP.APY(leverage,collateral_yield,borrow_apy,in_incentive_apy)",
      "=LEV.LOOP.HEALTH(leverage,in_liquidation_threshold)",
      "=LEV.LOOP.LIQRATIO(leverage,in_liquidation_threshold)",
      "=LEV.LOOP.RUNWAY(health,yield_continuous,borrow_continuous)",
      "=LEV.HEALTH(Collaterals_ETH_lending_loop_1[Value],Collaterals_ETH_lending_loop_1[Liquidation threshold],debt_value)",
      // the Collaterals table: the loop's collateral (live) and the other collateral input
      "=collateral_quantity*in_collateral_price",
      "=in_other_collateral_value",
    ])
      assert.ok(all.includes(f), f);
    const cfCall = wb.calls.find((c) => c.method === "conditionalFormats.add")!;
    assert.equal(cfCall.args[1], "CellValue");
    const range = wb.ranges.get(`${r.sheetName}!${cfCall.args[0]}`)!.find((x) => x.__cfs)!;
    const cf = range.__cfs![0].cf;
    assert.deepEqual(cf.cellValue.rule, { formula1: "1", operator: "LessThan" });
    assert.equal(cf.cellValue.format.fill.color, "#FFC7CE");
    const sweep = wb.charts.find(
      (c) => c.chart.title.text === "Net APY and health factor vs leverage"
    )!;
    assert.equal(sweep.type, "XYScatterLines");
    assert.deepEqual(
      sweep.series.map((s) => [s.name, s.axisGroup === "Secondary"]),
      [
        ["Net APY on equity", false],
        ["Health factor", true],
      ]
    );
    assert.equal(sweep.axes.get("Value/Secondary")!.title.text, "Health factor");
  });

  it("liquidation: buckets → a live Levels table → LEV.CASCADE, its summary and its levels; a stacked column map and a cascade chart with a secondary axis", async () => {
    const wb = mockWorkbook();
    const r = await insertScenario(wb.context, scenario("liquidation"));
    const sheet = r.sheetName;
    const tag = r.tag;
    const [, buckets, levels] = tablesOn(wb, sheet);
    const n = (defaultInputs("liquidation").buckets as unknown[]).length;
    const rows = (a: string) => {
      const [, r0, r1] = /^A(\d+):C(\d+)$/.exec(a)!.map(Number);
      return [r0, r1];
    };
    const [b0, b1] = rows(buckets);
    const [l0, l1] = rows(levels);
    assert.equal(b1 - b0, n);
    assert.equal(l1 - l0, n);
    assert.deepEqual(written(wb, sheet, `A${b0}`, "values"), [["Side", "Leverage", "Notional"]]);
    assert.deepEqual(written(wb, sheet, `A${b0 + 1}`, "values")[0], ["long", 3, 300000000]);
    // each level is LEV.LIQ.LEVERAGE of its bucket opened at the mark: live, and can be pasted over
    assert.deepEqual(written(wb, sheet, `A${l0 + 1}:C${l1}`, "formulas")[0], [
      `=A${b0 + 1}`,
      `=LEV.LIQ.LEVERAGE(A${b0 + 1},in_mark_price,B${b0 + 1},maintenance_rate_used,in_close_fee_rate)`,
      `=C${b0 + 1}`,
    ]);
    const all = formulasOn(wb, sheet).flatMap((f) => f.formulas.flat());
    const args = `in_mark_price,in_shock,Levels_${tag},in_depth_per_1pct`;
    for (const f of [
      `=LEV.CASCADE(${args})`,
      `=LEV.CASCADE.SUMMARY(${args})`,
      `=INDEX(LEV.CASCADE.SUMMARY(${args}),2,2)`,
      "=LEV.LIQ.TIME(in_side,in_mark_price,liquidation_price,in_volatility,,in_drift)",
      "=LEV.LIQ.PROB(in_side,in_mark_price,liquidation_price,in_volatility,day_years,in_drift)",
    ])
      assert.ok(all.includes(f), f);
    assert.deepEqual(
      written(wb, sheet, `E${l0 + 1}`, "formulas"),
      [[`=LEV.CASCADE.LEVELS(${args})`]],
      "the round of each level, beside the Levels table"
    );
    const map = wb.charts.find((c) => c.chart.title.text.startsWith("Liquidation map"))!;
    assert.equal(map.type, "ColumnStacked");
    assert.deepEqual(
      map.series.map((s) => s.name),
      ["Long liquidations (sell)", "Short liquidations (buy)"]
    );
    assert.match(map.series[0].__x, /^H\d+:H\d+$/, "categories: the bins' middle prices");
    assert.ok(
      all.some((f) => f.startsWith(`=SUMIFS(Levels_${tag}[Notional],Levels_${tag}[Side],"long",`))
    );
    const cascade = wb.charts.find((c) => c.chart.title.text.startsWith("Liquidation cascade"))!;
    const anchor = formulasOn(wb, sheet).find((f) => f.formulas[0][0] === `=LEV.CASCADE(${args})`)!;
    const a = Number(anchor.address.slice(1));
    // price_after (L) and cumulative_notional (K) of the spill, rounds 0 … one per level
    assert.equal(cascade.series[0].__values, `L${a + 1}:L${a + 1 + n}`);
    assert.equal(cascade.series[1].__values, `K${a + 1}:K${a + 1 + n}`);
    assert.equal(cascade.series[1].axisGroup, "Secondary");
    assert.equal(cascade.axes.get("Value/Secondary")!.title.text, "Liquidated so far");
  });

  it("text that Excel would read as a formula is written as text", async () => {
    assert.equal(safeText('=HYPERLINK("x")'), '\'=HYPERLINK("x")');
    assert.equal(safeText("BTC"), "BTC");
    assert.equal(safeText(3), 3);
    const wb = mockWorkbook();
    const r = await insertScenario(wb.context, scenario("lending", "=1+1"));
    assert.equal(written(wb, r.sheetName, "A1", "values")[0][0], "'=1+1 — Lending loop");
  });
});

describe("taskpane excel: scenarios stored in the workbook settings (office-addin-mock)", () => {
  const runOn =
    (wb: MockWorkbook): SettingsRunner =>
    (cb) =>
      cb(wb.context);
  let n = 0;
  const deps = (wb: MockWorkbook) => ({
    store: workbookSettingsStore(runOn(wb)),
    newId: () => `id${++n}`,
    now: () => "2026-11-25T05:00:00.000Z",
  });

  it("save writes one setting per scenario as JSON; a new library (reopened workbook) lists it", async () => {
    const wb = mockWorkbook({ settings: { "other.addin.key": "x" } });
    const lib = new ScenarioLibrary(deps(wb));
    const saved = await lib.save({
      name: "My token",
      template: "token",
      inputs: defaultInputs("token"),
    });
    const key = KEY_PREFIX + saved.id;
    assert.equal(typeof wb.settings.get(key), "string");
    assert.equal(JSON.parse(wb.settings.get(key) as string).name, "My token");
    const reopened = new ScenarioLibrary(deps(wb));
    const entries = await reopened.load();
    assert.deepEqual(
      entries.map((e) => e.status === "ok" && e.scenario.name),
      ["My token"]
    );
  });

  it("remove leaves a tombstone under the key (a stale save elsewhere cannot bring it back); removing a missing key is a no-op", async () => {
    const wb = mockWorkbook();
    const lib = new ScenarioLibrary(deps(wb));
    const saved = await lib.save({
      name: "X",
      template: "lending",
      inputs: defaultInputs("lending"),
    });
    await lib.remove(KEY_PREFIX + saved.id);
    assert.equal(wb.settings.size, 1);
    const t = JSON.parse(wb.settings.get(KEY_PREFIX + saved.id) as string);
    assert.deepEqual([t.id, t.deleted, t.revision], [saved.id, true, 2]);
    assert.deepEqual(await new ScenarioLibrary(deps(wb)).load(), [], "not listed on reopen");
    await lib.remove(KEY_PREFIX + "missing");
    assert.equal(wb.calls.filter((c) => c.method === "settings.delete").length, 0);
  });

  it("read loads one setting's value (undefined when absent); watch registers one onSettingsChanged handler", async () => {
    const wb = mockWorkbook({ settings: { [KEY_PREFIX + "a"]: "text" } });
    const store = workbookSettingsStore(runOn(wb));
    assert.equal(await store.read(KEY_PREFIX + "a"), "text");
    assert.equal(await store.read(KEY_PREFIX + "b"), undefined);
    let changes = 0;
    await store.watch!(() => changes++);
    await wb.fireSettingsChanged();
    assert.equal(changes, 1);
  });
});
