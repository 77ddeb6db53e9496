/**
 * The sheet a scenario is inserted as: a pure plan (cells, formulas, tables, names, charts,
 * conditional formats) computed from the scenario, applied to Excel by excel.ts.
 *
 * Every template writes the same frame:
 *   A1 title, A2 how-to line;
 *   A4:D… the Inputs table (Input | Value | Unit | Meaning), one sheet-scoped name `in_<key>` per
 *        Value cell, so formulas read like the contract (`=LEV.DECAY(in_leverage, in_volatility, …)`);
 *   left column below it: the declared options blocks (name/value pairs whose values are formulas on
 *        the inputs, so editing an input recalculates the LEV functions that take `options`), then the
 *        assumptions;
 *   F4:H… key results (Result | Value | Formula): the template's declared metrics (metrics.ts), each
 *        formula generated from the metric's bindings, so the sheet computes what the pane previews;
 *        results other formulas bind to are named cells, and so are the declared intermediate values
 *        written below them (e.g. the CPPI floor): formulas refer to names, never to result addresses;
 *   then spills and sensitivity grids (their cells generated from the same declared calls);
 *   for path templates, a price table (Excel table `Prices_<tag>`, illustrative seeded prices that the
 *        analyst can paste over) with the LEV.PATH / LEV.CPPI.PATH spill beside it, row-aligned;
 *   native charts to the right.
 * Names are worksheet-scoped so a second insert of the same template gets its own `in_leverage`
 * without renaming anything; table names are workbook-wide, hence the `<tag>` suffix.
 */
import { CPPI_PATH_COLUMNS } from "../engine/cppi-path";
import { PATH_COLUMNS } from "../engine/path";
import { excelTicksMatch, type LinearAxis } from "./axes";
import {
  DECAY_GRID_LEVERAGES,
  DECAY_GRID_VOLATILITIES,
  CHART_DECLS,
  DECLARATIONS,
  LENDING_HEALTH,
  LENDING_MOVES,
  LIQUIDATION_HEALTH,
  leverageName,
  perpSweepLeverages,
  PERP_DISTANCE_FROM_ENTRY,
  PERP_LIQ_AT_LEVERAGE,
  TOKEN_FLAT_RETURN,
  bracketsInput,
  bracketsTableName,
  exprText,
  inName,
  levCallText,
  metricFormula,
  pricesTableName,
  scenarioPrices,
  type Expr,
  type LevCall,
  type MetricFormat,
  type ChartId,
  type OptionsBlock,
  type SheetContext,
} from "./metrics";
import { computeCharts, type PreviewChart } from "./preview";
import { TEMPLATES, type FieldSpec, type ScenarioInputs, type TemplateId } from "./scenarios";

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
/** A value axis's fixed range (the pane's, axes.ts); majorUnit only where Excel's ticks land on it. */
export interface AxisPlan {
  minimum: number;
  maximum: number;
  majorUnit?: number;
}
export interface ChartPlan {
  type: "Line" | "XYScatterLines" | "XYScatterLinesNoMarkers";
  title: string;
  series: SeriesPlan[];
  from: string;
  to: string;
  xTitle?: string;
  yTitle?: string;
  /** The x axis of an XY chart and the value axis: the ranges the pane's chart shows. */
  xAxis?: AxisPlan;
  yAxis?: AxisPlan;
}
export type ConditionalFormatPlan =
  | { kind: "colorScale"; address: string; colors: [string, string, string] }
  | { kind: "lessThan"; address: string; formula: string; fill: string; fontColor: string };

/** The result cell of one declared metric (metrics.ts), in declaration order. */
export interface MetricCell {
  label: string;
  address: string;
}

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
  /** Where each declared metric of the template is written (same order as the pane's metrics). */
  metricCells: MetricCell[];
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
const LEV = '0.00"x"';

/** A probability: 0.00% down to 0.01%, scientific below (never a misleading 0.00%). */
const PROB = "[<0.0001]0.00E+00;0.00%";

const NUMBER_FORMAT: Record<MetricFormat, string> = {
  pct: PCT,
  prob: PROB,
  num: NUM,
  ratio: RATIO,
  int: INT,
  lev: LEV,
};

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

export { inName };

// ---- plan builder --------------------------------------------------------------------------------

interface ResultRow {
  label: string;
  formula: string;
  format: string;
  how: string;
  /** Names the result cell (a value other formulas bind to). */
  name?: string;
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
      metricCells: [],
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
  /** An expression's cell: a literal number or text as a value, anything else as a formula. */
  expr(address: string, e: Expr, ctx: SheetContext) {
    if (e.kind === "literal" && typeof e.value !== "boolean") this.block(address, [[e.value]]);
    else this.formula(address, `=${exprText(e, ctx)}`);
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
  const decl = DECLARATIONS[s.template];
  const ctx: SheetContext = { tag };
  const b = new PlanBuilder(sheetName, tag, s.template);
  const v = s.inputs;
  const call = (c: LevCall, overrides?: Readonly<Record<string, string>>) =>
    `=${levCallText(c, ctx, overrides)}`;

  // The charts: the pane's (preview.ts) data and axes, written as native charts with the same ranges.
  const paneCharts = computeCharts(s.template, v).charts;
  const axisPlan = (a: LinearAxis): AxisPlan => ({
    minimum: a.min,
    maximum: a.max,
    ...(excelTicksMatch(a) ? { majorUnit: a.step } : {}),
  });
  const addChart = (
    id: ChartId,
    type: ChartPlan["type"],
    series: SeriesPlan[],
    from: string,
    to: string
  ) => {
    const pane: PreviewChart | undefined = paneCharts.find((c) => c.id === id);
    const d = CHART_DECLS[id];
    // Excel cannot tie an axis bound to a cell: say so where the analyst edits and looks
    const at = /^([A-Z]+)(\d+)$/.exec(from);
    if (pane && at && Number(at[2]) > 1)
      b.text(
        A(at[1], Number(at[2]) - 1),
        "Axes fixed at insert to the task pane's ranges. After editing inputs: Format Axis > Bounds > Reset, or insert the scenario again.",
        "note"
      );
    b.plan.charts.push({
      type,
      title: d.title,
      series,
      from,
      to,
      xTitle: d.xLabel,
      yTitle: d.yLabel,
      // without the pane's chart (an input error), Excel's automatic axes
      ...(pane
        ? {
            yAxis: axisPlan(pane.yAxis),
            ...(type === "Line" ? {} : { xAxis: axisPlan(pane.xAxis) }),
          }
        : {}),
    });
  };

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
    const raw = v[f.key];
    const value: Cell = typeof raw === "number" || typeof raw === "string" ? raw : "";
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

  /** Result | Value | Formula rows from F4; a named row's value cell gets its name. */
  const results = (rows: ResultRow[]) => {
    b.block(A(RIGHT, top), [["Result", "Value", "Formula"]], "header");
    rows.forEach((row, i) => {
      const r = top + 1 + i;
      b.text(A(RIGHT, r), row.label);
      b.formula(A("G", r), row.formula, row.format, "result");
      b.text(A("H", r), row.how, "note");
      if (row.name)
        b.plan.names.push({
          name: row.name,
          address: abs(A("G", r)),
          comment: `${row.label}: ${row.how}`,
        });
    });
    return top + rows.length + 2;
  };

  /** The template's declared metrics (metrics.ts), then rows that only the sheet shows. */
  const declaredResults = (extra: ResultRow[] = []) => {
    const rows: ResultRow[] = decl.metrics.map((m) => ({
      label: m.label,
      formula: metricFormula(m, ctx),
      format: NUMBER_FORMAT[m.format],
      how: m.how,
      name: m.name,
    }));
    decl.metrics.forEach((m, i) =>
      b.plan.metricCells.push({ label: m.label, address: A("G", top + 1 + i) })
    );
    return results([...rows, ...extra]);
  };

  /** The declared intermediate values, one named cell each, below the results. */
  const derivedBlock = (row: number) => {
    if (decl.derived.length === 0) return row;
    b.block(A(RIGHT, row), [["Intermediate value", "Value", "Formula"]], "header");
    decl.derived.forEach((d, i) => {
      const r = row + 1 + i;
      b.text(A(RIGHT, r), d.label);
      b.formula(A("G", r), `=${exprText(d.expr, ctx)}`, NUMBER_FORMAT[d.format]);
      b.text(A("H", r), d.how, "note");
      b.plan.names.push({ name: d.name, address: abs(A("G", r)), comment: `${d.label}: ${d.how}` });
    });
    return row + decl.derived.length + 2;
  };

  const optionsBlock = (block: OptionsBlock) => {
    b.text(A(LEFT, left), block.title, "heading");
    b.block(A(LEFT, left + 1), [["Option", "Value"]], "header");
    const first = left + 2;
    block.rows.forEach((row, i) => {
      const r = first + i;
      if (typeof row.key === "string") b.text(A(LEFT, r), row.key);
      else b.expr(A(LEFT, r), row.key, ctx);
      b.expr(A("B", r), row.value, ctx);
    });
    const last = first + block.rows.length - 1;
    b.plan.names.push({
      name: block.name,
      address: `$A$${first}:$B$${last}`,
      comment: `${block.title}: name/value pairs passed as the options argument`,
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
    const prices = scenarioPrices(v);
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
      name: pricesTableName(tag),
      address: `A${hdr}:C${last}`,
      style: "TableStyleLight1",
    });
    return { hdr, first: hdr + 1, last };
  };

  const simulateBlock = (row: number, simulate: LevCall) => {
    b.text(
      A(RIGHT, row),
      "Monte Carlo: distribution of the NAV ratio after the horizon (LEV.SIMULATE, runs in a background worker)",
      "heading"
    );
    b.formula(A(RIGHT, row + 1), call(simulate), RATIO);
    return row + 12;
  };

  /** NAV vs underlying by day (the Day column as x, so the day axis takes the pane's range). */
  const navChart = (
    first: number,
    last: number,
    spillCol: string,
    id: "token-path" | "band-path"
  ) => {
    const nav = shift(spillCol, PATH_COLUMNS.indexOf("nav"));
    const x = `A${first}:A${last}`;
    addChart(
      id,
      "XYScatterLinesNoMarkers",
      [
        { name: "Underlying (rebased)", values: `C${first}:C${last}`, x },
        { name: "Token NAV", values: `${nav}${first}:${nav}${last}`, x },
      ],
      A(CHART_COL, first - 2),
      A(shift(CHART_COL, 8), first + 18)
    );
  };

  switch (s.template) {
    case "token": {
      let right = derivedBlock(declaredResults());
      decl.options.forEach(optionsBlock);
      assumptions();
      right = simulateBlock(right, decl.simulate!);
      // Decay sensitivity grid: volatility down, leverage across (the first metric's call, with its
      // leverage and volatility read from the grid's header cells).
      const gridTop = right;
      b.text(
        A(RIGHT, gridTop),
        "Decay sensitivity: LEV.DECAY by volatility (rows) and leverage (columns)",
        "heading"
      );
      const levs: Array<number | string> = [...DECAY_GRID_LEVERAGES, `=${inName("leverage")}`];
      const hdr = gridTop + 1;
      b.text(A(RIGHT, hdr), "Volatility \\ Leverage", "header");
      levs.forEach((L, j) => {
        const c = shift(RIGHT, 1 + j);
        if (typeof L === "string") b.formula(A(c, hdr), L, '0.0"x"', "header");
        else b.block(A(c, hdr), [[L]], "header", [['0.0"x"']]);
      });
      const vols = DECAY_GRID_VOLATILITIES;
      vols.forEach((sig, i) => {
        const r = hdr + 1 + i;
        b.block(A(RIGHT, r), [[sig]], "header", [[PCT]]);
        const formulas = levs.map((_, j) =>
          call(TOKEN_FLAT_RETURN, {
            leverage: `${shift(RIGHT, 1 + j)}$${hdr}`,
            volatility: `$${RIGHT}${r}`,
          })
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
      addChart(
        "decay",
        "XYScatterLinesNoMarkers",
        levs.map((L, j) => ({
          name: typeof L === "number" ? leverageName(L) : "Your leverage",
          values: `${shift(RIGHT, 1 + j)}${gridFirst}:${shift(RIGHT, 1 + j)}${gridLast}`,
          x: `${RIGHT}${gridFirst}:${RIGHT}${gridLast}`,
        })),
        A(CHART_COL, gridTop),
        A(shift(CHART_COL, 8), gridTop + 18)
      );
      right = Math.max(gridLast, gridTop + 18) + 2;
      const p = priceTable(
        Math.max(left, right),
        "Illustrative daily path (seeded simulation): paste real prices over column B"
      );
      b.formula(A(RIGHT, p.hdr), call(decl.path!));
      navChart(p.first, p.last, RIGHT, "token-path");
      break;
    }
    case "band": {
      const prices = pricesTableName(tag);
      let right = derivedBlock(
        declaredResults([
          {
            label: "Underlying at the end of the path (rebased)",
            formula: `=INDEX(${prices}[Underlying (rebased)],ROWS(${prices}[Price]))`,
            format: RATIO,
            how: "last price / first price",
          },
        ])
      );
      decl.options.forEach(optionsBlock);
      assumptions();
      right = simulateBlock(right, decl.simulate!);
      const p = priceTable(
        Math.max(left, right),
        "Illustrative daily path (seeded simulation): paste real prices over column B"
      );
      b.formula(A(RIGHT, p.hdr), call(decl.path!));
      navChart(p.first, p.last, RIGHT, "band-path");
      break;
    }
    case "cppi": {
      const valueCol = shift(RIGHT, CPPI_PATH_COLUMNS.indexOf("value"));
      const floorCol = shift(RIGHT, CPPI_PATH_COLUMNS.indexOf("floor"));
      const riskyCol = shift(RIGHT, CPPI_PATH_COLUMNS.indexOf("risky_value"));
      const right = derivedBlock(declaredResults());
      decl.options.forEach(optionsBlock);
      assumptions();
      const p = priceTable(
        Math.max(left, right),
        "Illustrative daily prices of the risky asset (seeded simulation): paste real prices over column B"
      );
      b.formula(A(RIGHT, p.hdr), call(decl.path!));
      // The spill has one row per period: prices rows 2..n, i.e. sheet rows first..last−1; period k
      // ends on day k, the Day column one row further down.
      const first = p.first;
      const last = p.last - 1;
      const x = `A${first + 1}:A${last + 1}`;
      addChart(
        "cppi-path",
        "XYScatterLinesNoMarkers",
        [
          { name: "CPPI value", values: `${valueCol}${first}:${valueCol}${last}`, x },
          { name: "Floor", values: `${floorCol}${first}:${floorCol}${last}`, x },
          {
            name: "Risky asset (buy and hold)",
            values: `${riskyCol}${first}:${riskyCol}${last}`,
            x,
          },
        ],
        A(CHART_COL, top),
        A(shift(CHART_COL, 8), top + 18)
      );
      break;
    }
    case "perp": {
      const right = derivedBlock(declaredResults());
      // Brackets table below the inputs.
      const brackets = bracketsInput(v);
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
        name: bracketsTableName(tag),
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
      const levs = perpSweepLeverages(Number(v.max_leverage));
      levs.forEach((L, i) => {
        const r = hdr + 1 + i;
        b.block(A(RIGHT, r), [[L]], undefined, [['0.#"x"']]);
        b.plan.cells.push({
          address: `G${r}:H${r}`,
          formulas: [
            [
              `=IFERROR(${levCallText(PERP_LIQ_AT_LEVERAGE, ctx, { leverage: `F${r}` })},NA())`,
              `=IFERROR(${levCallText(PERP_DISTANCE_FROM_ENTRY, ctx, { liquidation_price: `G${r}` })},NA())`,
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
      addChart(
        "perp-sweep",
        "XYScatterLines",
        [{ name: "Distance from entry", values: `H${first}:H${last}`, x: `F${first}:F${last}` }],
        A(CHART_COL, top),
        A(shift(CHART_COL, 8), top + 18)
      );
      break;
    }
    case "lending": {
      const sweepTop = derivedBlock(declaredResults());
      assumptions();
      b.text(A(RIGHT, sweepTop), "Health factor vs collateral price", "heading");
      const hdr = sweepTop + 1;
      const liquidationName = `Liquidation (health ${LIQUIDATION_HEALTH})`;
      b.block(
        A(RIGHT, hdr),
        [["Price change", "Collateral price", "Health factor", liquidationName]],
        "header"
      );
      const moves = LENDING_MOVES;
      moves.forEach((m, i) => {
        const r = hdr + 1 + i;
        b.block(A(RIGHT, r), [[m]], undefined, [[PCT]]);
        b.plan.cells.push({
          address: `G${r}:H${r}`,
          formulas: [
            [
              `=${inName("collateral_price")}*(1+F${r})`,
              // the health factor metric's call at this row's collateral value
              call(LENDING_HEALTH, {
                collateral_value: `${inName("collateral_quantity")}*G${r}`,
              }),
            ],
          ],
          numberFormat: [[NUM, RATIO]],
        });
        b.block(A("I", r), [[LIQUIDATION_HEALTH]], undefined, [[RATIO]]);
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
      addChart(
        "health",
        "XYScatterLines",
        [
          { name: "Health factor", values: `H${first}:H${last}`, x: `G${first}:G${last}` },
          { name: liquidationName, values: `I${first}:I${last}`, x: `G${first}:G${last}` },
        ],
        A(CHART_COL, top),
        A(shift(CHART_COL, 8), top + 18)
      );
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
