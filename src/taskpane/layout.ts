/**
 * The sheet a scenario is inserted as: a pure plan (cells, formulas, tables, names, charts,
 * conditional formats) computed from the scenario, applied to Excel by excel.ts.
 *
 * Every template writes the same frame:
 *   A1 title, A2 how-to line;
 *   A4:D… the Inputs table (Input | Value | Unit | Meaning), one sheet-scoped name `in_<key>` per
 *        Value cell, so formulas read like the contract (`=LEV.DECAY(in_leverage, in_volatility, …)`);
 *   left column below it: options blocks (name/value pairs whose values are formulas on the inputs,
 *        so editing an input recalculates the LEV functions that take `options`), then the assumptions;
 *   F4:H… key results (Result | Value | Formula), then spills and sensitivity grids below them;
 *   for path templates, a price table (Excel table `Prices_<tag>`, illustrative seeded prices that the
 *        analyst can paste over) with the LEV.PATH / LEV.CPPI.PATH spill beside it, row-aligned;
 *   native charts to the right.
 * Names are worksheet-scoped so a second insert of the same template gets its own `in_leverage`
 * without renaming anything; table names are workbook-wide, hence the `<tag>` suffix.
 */
import { CPPI_PATH_COLUMNS } from "../engine/cppi-path";
import { PATH_COLUMNS, PATH_STATUS_COLUMN, pathColumns } from "../engine/path";
import { illustrativePrices } from "./illustrative";
import {
  TEMPLATES,
  type BracketRow,
  type FieldSpec,
  type ScenarioInputs,
  type TemplateId,
} from "./scenarios";

export type CellStyle = "title" | "subtitle" | "heading" | "header" | "input" | "result" | "note";
export type Cell = string | number;

export interface CellWrite {
  address: string;
  values?: Cell[][];
  formulas?: string[][];
  numberFormat?: string[][];
  style?: CellStyle;
}
export interface TablePlan {
  name: string;
  /** Header row + data rows. */
  address: string;
  /** Calculated columns: header → formula written to the data rows (structured references). */
  style: string;
}
export interface NamePlan {
  name: string;
  address: string;
  comment: string;
}
export interface SeriesPlan {
  name: string;
  values: string;
  x?: string;
}
export interface ChartPlan {
  type: "Line" | "XYScatterLines";
  title: string;
  series: SeriesPlan[];
  from: string;
  to: string;
  xTitle?: string;
  yTitle?: string;
}
export type ConditionalFormatPlan =
  | { kind: "colorScale"; address: string; colors: [string, string, string] }
  | { kind: "lessThan"; address: string; formula: string; fill: string; fontColor: string };

export interface SheetPlan {
  sheetName: string;
  tag: string;
  template: TemplateId;
  cells: CellWrite[];
  tables: TablePlan[];
  names: NamePlan[];
  charts: ChartPlan[];
  conditionalFormats: ConditionalFormatPlan[];
  columnWidths: Array<{ columns: string; width: number }>;
  /** Cell holding the headline result (selected after insert). */
  focus: string;
}

// ---- addresses -----------------------------------------------------------------------------------

export function colLetter(index0: number): string {
  let n = index0 + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
const A = (col: string, row: number) => `${col}${row}`;
const shift = (col: string, by: number) => colLetter(colIndex(col) + by);
const abs = (address: string) => address.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");

// ---- formats -------------------------------------------------------------------------------------

const PCT = "0.00%";
const NUM = "#,##0.00";
const RATIO = "0.0000";
const INT = "0";

function fieldFormat(f: FieldSpec): string {
  if (f.kind !== "number") return "@";
  if (f.percent) return PCT;
  if (f.integer) return INT;
  return "General";
}

function unitOf(f: FieldSpec): string {
  if (f.kind === "number") return f.percent ? "decimal (%)" : (f.unit ?? "");
  if (f.kind === "choice") return f.choices.map((c) => c.value).join(" / ");
  return "";
}

// ---- names ---------------------------------------------------------------------------------------

/** Excel sheet names: ≤ 31 characters, none of : \ / ? * [ ], not starting or ending with '. */
export function sanitizeSheetName(name: string): string {
  const s = name
    .replace(/[:\\/?*[\]]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^'+|'+$/g, "");
  return (s || "Scenario").slice(0, 31).trim();
}

/** Candidate sheet names for the n-th attempt: "LEV name", "LEV name (2)", … (always ≤ 31 chars). */
export function sheetNameCandidate(scenarioName: string, n: number): string {
  const base = sanitizeSheetName(`LEV ${scenarioName}`);
  if (n <= 1) return base;
  const suffix = ` (${n})`;
  return base.slice(0, 31 - suffix.length).trim() + suffix;
}

/** Workbook-unique suffix for table names derived from the scenario name and the attempt number. */
export function tableTag(scenarioName: string, n: number): string {
  const t =
    scenarioName
      .replace(/[^A-Za-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 24) || "S";
  return `${/^[A-Za-z_]/.test(t) ? t : "S" + t}_${n}`;
}

export const inName = (key: string) => `in_${key}`;

// ---- plan builder --------------------------------------------------------------------------------

interface ResultRow {
  label: string;
  formula: string;
  format: string;
  how: string;
}

class PlanBuilder {
  readonly plan: SheetPlan;
  constructor(sheetName: string, tag: string, template: TemplateId) {
    this.plan = {
      sheetName,
      tag,
      template,
      cells: [],
      tables: [],
      names: [],
      charts: [],
      conditionalFormats: [],
      columnWidths: [],
      focus: "G5",
    };
  }
  text(address: string, text: string, style?: CellStyle) {
    this.plan.cells.push({ address, values: [[text]], style });
  }
  formula(address: string, formula: string, format?: string, style?: CellStyle) {
    this.plan.cells.push({
      address,
      formulas: [[formula]],
      numberFormat: format ? [[format]] : undefined,
      style,
    });
  }
  block(address: string, values: Cell[][], style?: CellStyle, numberFormat?: string[][]) {
    this.plan.cells.push({ address, values, style, numberFormat });
  }
}

const LEFT = "A";
const RIGHT = "F";
const CHART_COL = "Q";

/** Builds the plan for a scenario inserted as sheet `sheetName` with table suffix `tag`. */
export function planScenarioSheet(
  s: { name: string; template: TemplateId; inputs: ScenarioInputs },
  sheetName: string,
  tag: string
): SheetPlan {
  const spec = TEMPLATES[s.template];
  const b = new PlanBuilder(sheetName, tag, s.template);
  const v = s.inputs as Record<string, any>;

  b.text("A1", `${s.name} — ${spec.title}`, "title");
  b.text(
    "A2",
    "Edit the Value column of the Inputs table: every LEV formula on this sheet recalculates. " +
      spec.summary,
    "subtitle"
  );

  // Inputs table (brackets get their own table below).
  const scalarFields = spec.fields.filter((f) => f.kind !== "brackets");
  const top = 4;
  const inputsName = `Inputs_${tag}`;
  b.block(A(LEFT, top), [["Input", "Value", "Unit", "Meaning"]], "header");
  scalarFields.forEach((f, i) => {
    const r = top + 1 + i;
    const value = v[f.key] as Cell;
    b.block(A(LEFT, r), [[f.label, value, unitOf(f), f.help]], undefined, [
      ["@", fieldFormat(f), "@", "@"],
    ]);
    b.plan.names.push({
      name: inName(f.key),
      address: abs(A("B", r)),
      comment: `${f.label}: ${f.help}`,
    });
  });
  const inputsEnd = top + scalarFields.length;
  b.plan.tables.push({
    name: inputsName,
    address: `A${top}:D${inputsEnd}`,
    style: "TableStyleLight9",
  });
  b.plan.cells.push({ address: `B${top + 1}:B${inputsEnd}`, style: "input" });
  let left = inputsEnd + 2;

  const results = (rows: ResultRow[]) => {
    b.block(A(RIGHT, top), [["Result", "Value", "Formula"]], "header");
    rows.forEach((row, i) => {
      const r = top + 1 + i;
      b.text(A(RIGHT, r), row.label);
      b.formula(A("G", r), row.formula, row.format, "result");
      b.text(A("H", r), row.how, "note");
    });
    return top + rows.length + 2;
  };

  const optionsBlock = (title: string, name: string, rows: Array<[string, string | number]>) => {
    b.text(A(LEFT, left), title, "heading");
    b.block(A(LEFT, left + 1), [["Option", "Value"]], "header");
    const first = left + 2;
    rows.forEach(([opt, val], i) => {
      const r = first + i;
      if (opt.startsWith("=")) b.formula(A(LEFT, r), opt);
      else b.text(A(LEFT, r), opt);
      if (typeof val === "string" && val.startsWith("=")) b.formula(A("B", r), val);
      else b.block(A("B", r), [[val]]);
    });
    const last = first + rows.length - 1;
    b.plan.names.push({
      name,
      address: `$A$${first}:$B$${last}`,
      comment: `${title}: name/value pairs passed as the options argument`,
    });
    left = last + 2;
  };

  const assumptions = () => {
    b.text(A(LEFT, left), "Assumptions", "heading");
    spec.assumptions.forEach((line, i) => b.text(A(LEFT, left + 1 + i), `• ${line}`, "note"));
    left += spec.assumptions.length + 2;
  };

  /** Price table + path spill, row-aligned; returns the spill's first data row and last row. */
  const priceTable = (start: number, heading: string) => {
    const prices = illustrativePrices({
      start: v.start_price,
      volatility: v.volatility,
      days: v.days,
      seed: v.seed,
    });
    b.text(A(LEFT, start), heading, "heading");
    const hdr = start + 1;
    const rows: Cell[][] = [];
    for (let i = 0; i < prices.length; i++) rows.push([i, prices[i]]);
    b.block(A(LEFT, hdr), [["Day", "Price", "Underlying (rebased)"]], "header");
    b.block(
      A(LEFT, hdr + 1),
      rows,
      undefined,
      rows.map(() => [INT, NUM])
    );
    const last = hdr + prices.length;
    const rebased: string[][] = rows.map((_, i) => [`=B${hdr + 1 + i}/$B$${hdr + 1}`]);
    b.plan.cells.push({
      address: `C${hdr + 1}:C${last}`,
      formulas: rebased,
      numberFormat: rows.map(() => [RATIO]),
    });
    b.plan.tables.push({
      name: `Prices_${tag}`,
      address: `A${hdr}:C${last}`,
      style: "TableStyleLight1",
    });
    return { hdr, first: hdr + 1, last, priceRef: `Prices_${tag}[Price]` };
  };

  const simulateBlock = (row: number) => {
    b.text(
      A(RIGHT, row),
      "Monte Carlo: distribution of the NAV ratio after the horizon (LEV.SIMULATE, runs in a background worker)",
      "heading"
    );
    b.formula(
      A(RIGHT, row + 1),
      `=LEV.SIMULATE(in_leverage,in_volatility,in_years,sim_options)`,
      RATIO
    );
    return row + 12;
  };

  const navChart = (first: number, last: number, spillCol: string, title: string) => {
    const nav = shift(spillCol, PATH_COLUMNS.indexOf("nav"));
    b.plan.charts.push({
      type: "Line",
      title,
      series: [
        { name: "Underlying (rebased)", values: `C${first}:C${last}` },
        { name: "Token NAV", values: `${nav}${first}:${nav}${last}` },
      ],
      from: A(CHART_COL, first - 2),
      to: A(shift(CHART_COL, 8), first + 18),
      xTitle: "Day",
      yTitle: "Value (start = 1)",
    });
  };

  switch (s.template) {
    case "token": {
      const lev = "in_leverage,in_volatility";
      const costs = "in_fee_rate,in_financing_rate,in_funding_rate";
      let right = results([
        {
          label: "Return if the underlying ends flat",
          formula: `=LEV.DECAY(${lev},in_years,${costs})`,
          format: PCT,
          how: "LEV.DECAY: volatility decay + fee, financing, funding",
        },
        {
          label: "Return if the underlying gains 20%",
          formula: `=LEV.RETURN(in_leverage,0.2,in_volatility,in_years,${costs})`,
          format: PCT,
          how: "LEV.RETURN with underlying_return 0.2",
        },
        {
          label: "Carry over the horizon",
          formula: `=LEV.CARRY(in_leverage,in_years,in_financing_rate,in_funding_rate,in_fee_rate)`,
          format: PCT,
          how: "LEV.CARRY: financing + funding + fee",
        },
        {
          label: "Turnover per rebalance",
          formula: `=LEV.TURNOVER(${lev},in_rebalances_per_year)`,
          format: PCT,
          how: "LEV.TURNOVER: traded notional / NAV",
        },
        {
          label: "Rebalancing cost over the horizon",
          formula: `=LEV.REBALANCE.COST(${lev},in_cost_rate,in_rebalances_per_year,in_years)`,
          format: PCT,
          how: "LEV.REBALANCE.COST",
        },
        {
          label: "Trade after a +1% period (per 1 of NAV)",
          formula: `=LEV.REBALANCE.TRADE(1,in_leverage,0.01)`,
          format: RATIO,
          how: "LEV.REBALANCE.TRADE: nav·(L²−L)·r",
        },
      ]);
      optionsBlock("LEV.PATH options", "path_options", [
        ["rebalance", "period"],
        ["fee_per_period", "=in_fee_rate/in_rebalances_per_year"],
        ["funding_per_period", "=in_funding_rate/in_rebalances_per_year"],
        ["cost_rate", "=in_cost_rate"],
        ["start_nav", 1],
      ]);
      optionsBlock("LEV.SIMULATE options", "sim_options", [
        ["rebalance", "period"],
        ["fee_per_period", "=in_fee_rate/in_rebalances_per_year"],
        ["funding_per_period", "=in_funding_rate/in_rebalances_per_year"],
        ["cost_rate", "=in_cost_rate"],
        ["paths", "=in_paths"],
        ["steps_per_year", "=in_rebalances_per_year"],
        ["seed", "=in_seed"],
      ]);
      assumptions();
      right = simulateBlock(right);
      // Decay sensitivity grid: volatility down, leverage across.
      const gridTop = right;
      b.text(
        A(RIGHT, gridTop),
        "Decay sensitivity: LEV.DECAY by volatility (rows) and leverage (columns)",
        "heading"
      );
      const levs: Array<number | string> = [-3, -2, 2, 3, 5, "=in_leverage"];
      const hdr = gridTop + 1;
      b.text(A(RIGHT, hdr), "Volatility \\ Leverage", "header");
      levs.forEach((L, j) => {
        const c = shift(RIGHT, 1 + j);
        if (typeof L === "string") b.formula(A(c, hdr), L, '0.0"x"', "header");
        else b.block(A(c, hdr), [[L]], "header", [['0.0"x"']]);
      });
      const vols = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6];
      vols.forEach((sig, i) => {
        const r = hdr + 1 + i;
        b.block(A(RIGHT, r), [[sig]], "header", [[PCT]]);
        const formulas = levs.map(
          (_, j) => `=LEV.DECAY(${shift(RIGHT, 1 + j)}$${hdr},$${RIGHT}${r},in_years,${costs})`
        );
        b.plan.cells.push({
          address: `${shift(RIGHT, 1)}${r}:${shift(RIGHT, levs.length)}${r}`,
          formulas: [formulas],
          numberFormat: [levs.map(() => PCT)],
        });
      });
      const gridFirst = hdr + 1;
      const gridLast = hdr + vols.length;
      b.plan.conditionalFormats.push({
        kind: "colorScale",
        address: `${shift(RIGHT, 1)}${gridFirst}:${shift(RIGHT, levs.length)}${gridLast}`,
        colors: ["#F8696B", "#FFEB84", "#63BE7B"],
      });
      b.plan.charts.push({
        type: "XYScatterLines",
        title: "Decay vs volatility",
        series: levs.map((L, j) => ({
          name: typeof L === "number" ? `${L}x` : "Your leverage",
          values: `${shift(RIGHT, 1 + j)}${gridFirst}:${shift(RIGHT, 1 + j)}${gridLast}`,
          x: `${RIGHT}${gridFirst}:${RIGHT}${gridLast}`,
        })),
        from: A(CHART_COL, gridTop),
        to: A(shift(CHART_COL, 8), gridTop + 16),
        xTitle: "Volatility",
        yTitle: "Return over the horizon",
      });
      right = Math.max(gridLast, gridTop + 16) + 2;
      const p = priceTable(
        Math.max(left, right),
        "Illustrative daily path (seeded simulation): paste real prices over column B"
      );
      b.formula(A(RIGHT, p.hdr), `=LEV.PATH(${p.priceRef},in_leverage,path_options)`);
      navChart(p.first, p.last, RIGHT, "Token NAV vs underlying");
      break;
    }
    case "band": {
      let right = results([
        {
          label: "Underlying move to band high (from last rebalance)",
          formula: `=INDEX(LEV.BAND.TRIGGERS(in_leverage,in_band_low,in_band_high),2,1)`,
          format: PCT,
          how: "LEV.BAND.TRIGGERS, column to_band_high",
        },
        {
          label: "Underlying move to band low (from last rebalance)",
          formula: `=INDEX(LEV.BAND.TRIGGERS(in_leverage,in_band_low,in_band_high),2,2)`,
          format: PCT,
          how: "LEV.BAND.TRIGGERS, column to_band_low",
        },
        {
          label: "Rebalances on the illustrative path",
          formula: '=COUNTIF(PATHSTATUS,"rebalanced")',
          format: INT,
          how: "count of status = rebalanced in the LEV.PATH spill",
        },
        {
          label: "Token NAV at the end of the path",
          formula: "=INDEX(PATHSPILL,ROWS(PATHSPILL),2)",
          format: RATIO,
          how: "last NAV of the LEV.PATH spill (start = 1)",
        },
        {
          label: "Underlying at the end of the path (rebased)",
          formula: `=INDEX(Prices_${tag}[Underlying (rebased)],ROWS(Prices_${tag}[Price]))`,
          format: RATIO,
          how: "last price / first price",
        },
      ]);
      const bandOpts: Array<[string, string | number]> = [
        ["rebalance", "band"],
        ["band_low", "=in_band_low"],
        ["band_high", "=in_band_high"],
        ["rebalance_to", "=in_rebalance_to"],
        ["fee_per_period", "=in_fee_rate/365"],
        ["funding_per_period", "=in_funding_rate/365"],
        ["cost_rate", "=in_cost_rate"],
      ];
      optionsBlock("LEV.PATH options", "path_options", [
        ...bandOpts,
        ["start_nav", 1],
        ["status", "=TRUE"],
      ]); // status: the text column counted below
      optionsBlock("LEV.SIMULATE options", "sim_options", [
        ...bandOpts,
        ["paths", "=in_paths"],
        ["steps_per_year", 365],
        ["seed", "=in_seed"],
      ]);
      assumptions();
      right = simulateBlock(right);
      const p = priceTable(
        Math.max(left, right),
        "Illustrative daily path (seeded simulation): paste real prices over column B"
      );
      const spill = `${RIGHT}${p.hdr}#`;
      b.formula(A(RIGHT, p.hdr), `=LEV.PATH(${p.priceRef},in_leverage,path_options)`);
      const status = shift(RIGHT, pathColumns(true).indexOf(PATH_STATUS_COLUMN)); // path_options has status TRUE
      for (const c of b.plan.cells) {
        if (c.formulas)
          c.formulas = c.formulas.map((row) =>
            row.map((f) =>
              f
                .replace(/PATHSPILL/g, spill)
                .replace(/PATHSTATUS/g, `${status}${p.first}:${status}${p.last}`)
            )
          );
      }
      navChart(p.first, p.last, RIGHT, "Band token NAV vs underlying");
      break;
    }
    case "cppi": {
      const F0 = "in_start_value*in_floor_fraction";
      const valueCol = shift(RIGHT, CPPI_PATH_COLUMNS.indexOf("value"));
      const floorCol = shift(RIGHT, CPPI_PATH_COLUMNS.indexOf("floor"));
      const riskyCol = shift(RIGHT, CPPI_PATH_COLUMNS.indexOf("risky_value"));
      const right = results([
        {
          label: "Exposure at the start",
          formula: `=LEV.CPPI.EXPOSURE(in_start_value,${F0},in_multiplier,in_max_leverage)`,
          format: NUM,
          how: "LEV.CPPI.EXPOSURE: m·(V−F) capped at max_leverage·V",
        },
        {
          label: "Leverage at the start",
          formula: `=LEV.CPPI.LEVERAGE(in_start_value,${F0},in_multiplier,in_max_leverage)`,
          format: RATIO,
          how: "LEV.CPPI.LEVERAGE: exposure / value",
        },
        {
          label: "Gap risk over the horizon",
          formula: `=LEV.CPPI.GAPRISK(in_multiplier,in_volatility,in_rebalance_every/365,in_years,0,in_safe_rate)`,
          format: PCT,
          how: "LEV.CPPI.GAPRISK: P(floor breached between rebalances)",
        },
        {
          label: "Value if the risky asset ends flat (continuous CPPI)",
          formula: `=LEV.CPPI.VALUE(in_start_value,${F0},in_multiplier,in_safe_rate,in_volatility,in_years,1)`,
          format: NUM,
          how: "LEV.CPPI.VALUE with price_ratio 1 (no cap)",
        },
        {
          label: "Value at the end of the path",
          formula: `=INDEX(PATHSPILL,ROWS(PATHSPILL),${CPPI_PATH_COLUMNS.indexOf("value") + 1})`,
          format: NUM,
          how: "last value of the LEV.CPPI.PATH spill",
        },
        {
          label: "Floor at the end of the path",
          formula: `=INDEX(PATHSPILL,ROWS(PATHSPILL),${CPPI_PATH_COLUMNS.indexOf("floor") + 1})`,
          format: NUM,
          how: "last floor of the LEV.CPPI.PATH spill",
        },
      ]);
      optionsBlock("LEV.CPPI.PATH options", "cppi_options", [
        ["input", "prices"],
        ["start_value", "=in_start_value"],
        ["safe_rate_per_period", "=in_safe_rate/365"],
        ["borrow_rate_per_period", "=in_borrow_rate/365"],
        ["max_leverage", "=in_max_leverage"],
        ["rebalance_every", "=in_rebalance_every"],
        // drawdown 0 means "fixed floor": pass the neutral floor_rate_per_period 0 instead, so the
        // row stays live when the analyst switches the drawdown floor on or off.
        [
          '=IF(in_drawdown>0,"drawdown","floor_rate_per_period")',
          "=IF(in_drawdown>0,in_drawdown,0)",
        ],
      ]);
      assumptions();
      const p = priceTable(
        Math.max(left, right),
        "Illustrative daily prices of the risky asset (seeded simulation): paste real prices over column B"
      );
      const spill = `${RIGHT}${p.hdr}#`;
      b.formula(
        A(RIGHT, p.hdr),
        `=LEV.CPPI.PATH(${p.priceRef},in_multiplier,in_floor_fraction,cppi_options)`
      );
      for (const c of b.plan.cells)
        if (c.formulas)
          c.formulas = c.formulas.map((row) => row.map((f) => f.replace(/PATHSPILL/g, spill)));
      // The spill has one row per period: prices rows 2..n, i.e. sheet rows first..last−1.
      const first = p.first;
      const last = p.last - 1;
      b.plan.charts.push({
        type: "Line",
        title: "CPPI value vs floor",
        series: [
          { name: "CPPI value", values: `${valueCol}${first}:${valueCol}${last}` },
          { name: "Floor", values: `${floorCol}${first}:${floorCol}${last}` },
          { name: "Risky asset (buy and hold)", values: `${riskyCol}${first}:${riskyCol}${last}` },
        ],
        from: A(CHART_COL, top),
        to: A(shift(CHART_COL, 8), top + 18),
        xTitle: "Day",
        yTitle: "Value",
      });
      void right;
      break;
    }
    case "perp": {
      const pos = "in_side,in_entry_price,in_quantity,in_margin";
      let right = results([
        {
          label: "Liquidation price (maintenance rate)",
          formula: `=LEV.LIQ.PRICE(${pos},in_maintenance_rate,in_maintenance_amount,in_close_fee_rate)`,
          format: NUM,
          how: "LEV.LIQ.PRICE: isolated, MM valued at the liquidation price",
        },
        {
          label: "Liquidation price (venue convention)",
          formula: `=LEV.LIQ.VENUE(in_venue,${pos},IF(in_venue="hyperliquid",in_max_leverage,in_maintenance_rate),in_close_fee_rate)`,
          format: NUM,
          how: "LEV.LIQ.VENUE (Hyperliquid: rate = max leverage)",
        },
        {
          label: "Liquidation price (brackets)",
          formula: `=LEV.LIQ.TIERED(${pos},Brackets_${tag})`,
          format: NUM,
          how: "LEV.LIQ.TIERED with the Brackets table",
        },
        {
          label: "Effective leverage",
          formula: `=in_entry_price*in_quantity/in_margin`,
          format: '0.00"x"',
          how: "notional / margin",
        },
        {
          label: "Bankruptcy price",
          formula: `=LEV.BANKRUPTCY.PRICE(in_side,in_entry_price,in_entry_price*in_quantity/in_margin)`,
          format: NUM,
          how: "LEV.BANKRUPTCY.PRICE: equity = 0",
        },
        {
          label: "Distance to liquidation from mark",
          formula: `=LEV.LIQ.DISTANCE(in_side,in_mark_price,G5)`,
          format: PCT,
          how: "LEV.LIQ.DISTANCE from the mark to the first liquidation price",
        },
      ]);
      // Brackets table below the inputs.
      const brackets = (v.brackets as BracketRow[]) ?? [];
      b.text(A(LEFT, left), "Maintenance brackets (LEV.LIQ.TIERED)", "heading");
      const bh = left + 1;
      b.block(
        A(LEFT, bh),
        [["Notional floor", "Notional cap", "Maintenance rate", "Maintenance amount"]],
        "header"
      );
      b.block(
        A(LEFT, bh + 1),
        brackets.map((r) => [
          r.notionalFloor,
          r.notionalCap,
          r.maintenanceRate,
          r.maintenanceAmount,
        ]),
        "input",
        brackets.map(() => [NUM, NUM, PCT, NUM])
      );
      b.plan.tables.push({
        name: `Brackets_${tag}`,
        address: `A${bh}:D${bh + brackets.length}`,
        style: "TableStyleLight9",
      });
      left = bh + brackets.length + 2;
      assumptions();
      // Liquidation distance vs leverage.
      const sweepTop = right;
      b.text(
        A(RIGHT, sweepTop),
        "Liquidation distance vs leverage (opened at entry, LEV.LIQ.LEVERAGE)",
        "heading"
      );
      const hdr = sweepTop + 1;
      b.block(A(RIGHT, hdr), [["Leverage", "Liquidation price", "Distance from entry"]], "header");
      const levs = [1, 2, 3, 5, 10, 15, 20, 25, 50, 75, 100];
      levs.forEach((L, i) => {
        const r = hdr + 1 + i;
        b.block(A(RIGHT, r), [[L]], undefined, [['0"x"']]);
        b.plan.cells.push({
          address: `G${r}:H${r}`,
          formulas: [
            [
              `=IFERROR(LEV.LIQ.LEVERAGE(in_side,in_entry_price,F${r},in_maintenance_rate,in_close_fee_rate),NA())`,
              `=IFERROR(LEV.LIQ.DISTANCE(in_side,in_entry_price,G${r}),NA())`,
            ],
          ],
          numberFormat: [[NUM, PCT]],
        });
      });
      const first = hdr + 1;
      const last = hdr + levs.length;
      b.plan.conditionalFormats.push({
        kind: "colorScale",
        address: `H${first}:H${last}`,
        colors: ["#F8696B", "#FFEB84", "#63BE7B"],
      });
      b.plan.charts.push({
        type: "XYScatterLines",
        title: "Liquidation distance vs leverage",
        series: [
          { name: "Distance from entry", values: `H${first}:H${last}`, x: `F${first}:F${last}` },
        ],
        from: A(CHART_COL, top),
        to: A(shift(CHART_COL, 8), top + 16),
        xTitle: "Leverage",
        yTitle: "Price move to liquidation",
      });
      right = last + 2;
      break;
    }
    case "lending": {
      results([
        {
          label: "Collateral value",
          formula: `=in_collateral_quantity*in_collateral_price`,
          format: NUM,
          how: "quantity × price",
        },
        {
          label: "Health factor",
          formula: `=LEV.HEALTH(G5,in_liquidation_threshold,in_debt_value)`,
          format: RATIO,
          how: "LEV.HEALTH: collateral × threshold / debt",
        },
        {
          label: "Liquidation price of the collateral",
          formula: `=LEV.LIQ.LENDING(in_collateral_quantity,in_liquidation_threshold,in_debt_value)`,
          format: NUM,
          how: "LEV.LIQ.LENDING: price at health factor 1",
        },
        {
          label: "Price drop to liquidation",
          formula: `=G7/in_collateral_price-1`,
          format: PCT,
          how: "liquidation price / price − 1",
        },
        {
          label: "Loan-to-value",
          formula: `=in_debt_value/G5`,
          format: PCT,
          how: "debt / collateral value",
        },
        {
          label: "Leverage on equity",
          formula: `=G5/(G5-in_debt_value)`,
          format: '0.00"x"',
          how: "collateral / (collateral − debt)",
        },
      ]);
      assumptions();
      const sweepTop = top + 6 + 2;
      b.text(A(RIGHT, sweepTop), "Health factor vs collateral price", "heading");
      const hdr = sweepTop + 1;
      b.block(A(RIGHT, hdr), [["Price change", "Collateral price", "Health factor"]], "header");
      const moves = [-0.5, -0.4, -0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3, 0.4, 0.5];
      moves.forEach((m, i) => {
        const r = hdr + 1 + i;
        b.block(A(RIGHT, r), [[m]], undefined, [[PCT]]);
        b.plan.cells.push({
          address: `G${r}:H${r}`,
          formulas: [
            [
              `=in_collateral_price*(1+F${r})`,
              `=LEV.HEALTH(in_collateral_quantity*G${r},in_liquidation_threshold,in_debt_value)`,
            ],
          ],
          numberFormat: [[NUM, RATIO]],
        });
      });
      const first = hdr + 1;
      const last = hdr + moves.length;
      b.plan.conditionalFormats.push({
        kind: "lessThan",
        address: `H${first}:H${last}`,
        formula: "1",
        fill: "#FFC7CE",
        fontColor: "#9C0006",
      });
      b.plan.charts.push({
        type: "XYScatterLines",
        title: "Health factor vs collateral price",
        series: [{ name: "Health factor", values: `H${first}:H${last}`, x: `G${first}:G${last}` }],
        from: A(CHART_COL, top),
        to: A(shift(CHART_COL, 8), top + 16),
        xTitle: "Collateral price",
        yTitle: "Health factor",
      });
      break;
    }
  }
  b.plan.columnWidths.push(
    { columns: "A:A", width: 170 },
    { columns: "B:C", width: 80 },
    { columns: "D:D", width: 260 },
    { columns: "F:F", width: 230 },
    { columns: "G:G", width: 90 },
    { columns: "H:H", width: 230 }
  );
  return b.plan;
}
