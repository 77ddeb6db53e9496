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
import { CASCADE_COLUMNS } from "../engine/cascade";
import { CPPI_PATH_COLUMNS } from "../engine/cppi-path";
import { PATH_COLUMNS } from "../engine/path";
import { excelTicksMatch, type LinearAxis } from "./axes";
import {
  CASCADE_CALL,
  CASCADE_LEVELS_CALL,
  CASCADE_SUMMARY_CALL,
  DECAY_GRID_LEVERAGES,
  DECAY_GRID_VOLATILITIES,
  CHART_DECLS,
  DECLARATIONS,
  LENDING_MOVES,
  LIQUIDATION_HEALTH,
  LIQ_AT_LEVERAGE_FROM_MARK,
  LIQ_PROB_FROM_MARK,
  LOOP_HEALTH,
  LOOP_NET_APY,
  LOOP_SWEEP_STEPS,
  leverageName,
  rowsInput,
  sheetTableName,
  perpSweepLeverages,
  PERP_DISTANCE_FROM_ENTRY,
  PERP_LIQ_AT_LEVERAGE,
  PATH_SPILL_COLUMNS,
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
  type SheetTable,
} from "./metrics";
import { BUCKETS_COLUMNS, LEVELS_COLUMNS, computeCharts, type PreviewChart } from "./preview";
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
  /** The x values of an XY chart, the categories of a column chart. */
  x?: string;
  /** On the secondary value axis (the pane's right-hand axis). */
  axis?: "secondary";
}
/** A value axis's fixed range (the pane's, axes.ts); majorUnit only where Excel's ticks land on it. */
export interface AxisPlan {
  minimum: number;
  maximum: number;
  majorUnit?: number;
}
export interface ChartPlan {
  type: "Line" | "XYScatterLines" | "XYScatterLinesNoMarkers" | "ColumnStacked";
  title: string;
  series: SeriesPlan[];
  from: string;
  to: string;
  xTitle?: string;
  yTitle?: string;
  /** The x axis of an XY chart and the value axis: the ranges the pane's chart shows. */
  xAxis?: AxisPlan;
  yAxis?: AxisPlan;
  /** The secondary value axis, for the series on it. */
  y2Title?: string;
  y2Axis?: AxisPlan;
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
  /**
   * The LEV.PERF comparison's value cells (metrics.ts `perf`): one row per statistic, one cell per series,
   * as the pane's performance table.
   */
  perfCells?: MetricCell[][];
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
const NOTIONAL = "#,##0";

/** A probability: 0.00% down to 0.01%, scientific below (never a misleading 0.00%). */
const PROB = "[<0.0001]0.00E+00;0.00%";

const NUMBER_FORMAT: Record<MetricFormat, string> = {
  pct: PCT,
  prob: PROB,
  num: NUM,
  ratio: RATIO,
  int: INT,
  lev: LEV,
  years: '0.00" years"',
  notional: NOTIONAL,
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
  expr(address: string, e: Expr, ctx: SheetContext, format?: string) {
    if (e.kind === "literal" && typeof e.value !== "boolean")
      this.block(address, [[e.value]], undefined, format ? [[format]] : undefined);
    else this.formula(address, `=${exprText(e, ctx)}`, format);
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
    // a category axis (line and column charts) takes no range
    const xy = type !== "Line" && type !== "ColumnStacked";
    b.plan.charts.push({
      type,
      title: d.title,
      series,
      from,
      to,
      xTitle: d.xLabel,
      yTitle: d.yLabel,
      ...(d.y2Label ? { y2Title: d.y2Label } : {}),
      // without the pane's chart (an input error), Excel's automatic axes
      ...(pane
        ? {
            yAxis: axisPlan(pane.yAxis),
            ...(xy ? { xAxis: axisPlan(pane.xAxis) } : {}),
            ...(pane.y2Axis ? { y2Axis: axisPlan(pane.y2Axis) } : {}),
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

  // Inputs table (brackets and other rows fields get their own tables below).
  const scalarFields = spec.fields.filter((f) => f.kind !== "brackets" && f.kind !== "rows");
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

  /** The declared tables of live cells (the lending account's collaterals), in the left column. */
  const declaredTables = () => {
    for (const t of Object.keys(decl.tables ?? {}) as SheetTable[]) {
      const table = decl.tables?.[t];
      if (!table) continue;
      b.text(A(LEFT, left), table.title, "heading");
      const hdr = left + 1;
      b.block(A(LEFT, hdr), [[...table.columns]], "header");
      table.rows.forEach((row, i) =>
        row.forEach((e, j) => {
          const f = table.formats[j];
          b.expr(A(shift(LEFT, j), hdr + 1 + i), e, ctx, f ? NUMBER_FORMAT[f] : undefined);
        })
      );
      b.plan.cells.push({
        address: `B${hdr + 1}:${shift(LEFT, table.columns.length - 1)}${hdr + table.rows.length}`,
        style: "input",
      });
      b.plan.tables.push({
        name: sheetTableName(t, tag),
        address: `A${hdr}:${shift(LEFT, table.columns.length - 1)}${hdr + table.rows.length}`,
        style: "TableStyleLight9",
      });
      left = hdr + table.rows.length + 2;
    }
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

  /** Rows the LEV.PERF comparison takes on the right: heading, captions, header + statistics, a gap. */
  const PERF_BLOCK_ROWS = 2 + 1 + (decl.perf?.rows.length ?? 0) + 1;
  /**
   * LEV.PERF of each declared series side by side from `row` (two columns each, one apart), the path
   * spill's columns read as ranges on its data rows (row-aligned with the price table).
   */
  const perfBlock = (row: number, p: { first: number; last: number }) => {
    const perf = decl.perf;
    if (!perf) return;
    const spillColumn = (column: string) => {
      const c = shift(RIGHT, PATH_SPILL_COLUMNS.indexOf(column));
      return `${c}${p.first}:${c}${p.last}`;
    };
    const perfCtx: SheetContext = { ...ctx, spillColumn };
    b.text(A(RIGHT, row), perf.title, "heading");
    const cells: MetricCell[][] = perf.rows.map(() => []);
    perf.series.forEach((s, j) => {
      const col = shift(RIGHT, 2 * j);
      b.text(A(col, row + 1), `${s.label}: ${s.how}`, "note");
      b.formula(A(col, row + 2), `=${levCallText(s.call, perfCtx)}`);
      perf.rows.forEach((r, i) => {
        cells[i].push({ label: `${r.label}: ${s.label}`, address: A(shift(col, 1), row + 3 + i) });
      });
    });
    b.plan.perfCells = cells;
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
      const perfTop = right;
      right += PERF_BLOCK_ROWS;
      const p = priceTable(
        Math.max(left, right),
        "Illustrative daily path (seeded simulation): paste real prices over column B"
      );
      b.formula(A(RIGHT, p.hdr), call(decl.path!));
      perfBlock(perfTop, p);
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
      const perfTop = right;
      right += PERF_BLOCK_ROWS;
      const p = priceTable(
        Math.max(left, right),
        "Illustrative daily path (seeded simulation): paste real prices over column B"
      );
      b.formula(A(RIGHT, p.hdr), call(decl.path!));
      perfBlock(perfTop, p);
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
    case "liquidation": {
      let right = derivedBlock(declaredResults());
      assumptions();
      // Left: the leverage buckets (inputs) and the Levels table generated from them as live formulas,
      // or the pasted levels as values; LEV.CASCADE.LEVELS beside it.
      const pasted = rowsInput(v, "levels");
      const buckets = rowsInput(v, "buckets");
      const levelRows = pasted.length > 0 ? pasted.length : buckets.length;
      let bucketFirst = 0;
      if (pasted.length === 0) {
        b.text(A(LEFT, left), "Leverage buckets (edit them: the Levels table follows)", "heading");
        const bh = left + 1;
        b.block(A(LEFT, bh), [[...BUCKETS_COLUMNS]], "header");
        b.block(
          A(LEFT, bh + 1),
          buckets.map((r) => [r.side, r.leverage, r.notional]),
          "input",
          buckets.map(() => ["@", '0.##"x"', NOTIONAL])
        );
        b.plan.tables.push({
          name: sheetTableName("buckets", tag),
          address: `A${bh}:C${bh + buckets.length}`,
          style: "TableStyleLight9",
        });
        bucketFirst = bh + 1;
        left = bh + buckets.length + 2;
      }
      b.text(
        A(LEFT, left),
        pasted.length > 0
          ? "Liquidation levels (pasted; paste others over them, longs below the mark, shorts above)"
          : "Liquidation levels: LEV.LIQ.LEVERAGE of each bucket opened at the mark (paste your own over them)",
        "heading"
      );
      const lh = left + 1;
      b.block(A(LEFT, lh), [[...LEVELS_COLUMNS]], "header");
      if (pasted.length > 0)
        b.block(
          A(LEFT, lh + 1),
          pasted.map((r) => [r.side, r.liquidation_price, r.notional]),
          "input",
          pasted.map(() => ["@", NUM, NOTIONAL])
        );
      else
        b.plan.cells.push({
          address: `A${lh + 1}:C${lh + buckets.length}`,
          formulas: buckets.map((_, i) => {
            const r = bucketFirst + i;
            return [
              `=A${r}`,
              `=${levCallText(LIQ_AT_LEVERAGE_FROM_MARK, ctx, { side: `A${r}`, leverage: `B${r}` })}`,
              `=C${r}`,
            ];
          }),
          numberFormat: buckets.map(() => ["General", NUM, NOTIONAL]),
        });
      b.plan.tables.push({
        name: sheetTableName("levels", tag),
        address: `A${lh}:C${lh + levelRows}`,
        style: "TableStyleLight9",
      });
      b.text(A("E", lh), "Round liquidated (LEV.CASCADE.LEVELS; 0 = survives)", "header");
      b.formula(A("E", lh + 1), call(CASCADE_LEVELS_CALL), INT);
      left = lh + levelRows + 2;

      // Right: probability of liquidation vs leverage.
      const sweepTop = right;
      b.text(
        A(RIGHT, sweepTop),
        "Probability of liquidation vs leverage (a position opened now at the mark, LEV.LIQ.LEVERAGE then LEV.LIQ.PROB)",
        "heading"
      );
      const hdr = sweepTop + 1;
      b.block(
        A(RIGHT, hdr),
        [
          [
            "Leverage",
            "Liquidation price",
            "Within 1 week",
            "Within the horizon",
            "Acceptable chance",
          ],
        ],
        "header"
      );
      const levs = perpSweepLeverages(Number(v.max_leverage));
      levs.forEach((L, i) => {
        const r = hdr + 1 + i;
        b.block(A(RIGHT, r), [[L]], undefined, [['0.#"x"']]);
        b.plan.cells.push({
          address: `G${r}:J${r}`,
          formulas: [
            [
              `=IFERROR(${levCallText(LIQ_AT_LEVERAGE_FROM_MARK, ctx, { leverage: `F${r}` })},NA())`,
              `=IFERROR(${levCallText(LIQ_PROB_FROM_MARK, ctx, { liquidation_price: `G${r}`, years: "week_years" })},NA())`,
              `=IFERROR(${levCallText(LIQ_PROB_FROM_MARK, ctx, { liquidation_price: `G${r}` })},NA())`,
              `=${inName("max_probability")}`,
            ],
          ],
          numberFormat: [[NUM, PROB, PROB, PCT]],
        });
      });
      const sFirst = hdr + 1;
      const sLast = hdr + levs.length;
      const sx = `F${sFirst}:F${sLast}`;
      addChart(
        "liq-prob",
        "XYScatterLines",
        [
          { name: "Within 1 week", values: `H${sFirst}:H${sLast}`, x: sx },
          { name: "Within the horizon", values: `I${sFirst}:I${sLast}`, x: sx },
          { name: "Acceptable chance", values: `J${sFirst}:J${sLast}`, x: sx },
        ],
        A(CHART_COL, top),
        A(shift(CHART_COL, 8), top + 18)
      );
      right = sLast + 2;

      // The liquidation map: the pane's price bins (fixed at insert), SUMIFS over the live Levels table.
      const bins = paneCharts.find((c) => c.id === "liq-map")?.bins;
      if (bins) {
        const levels = sheetTableName("levels", tag);
        b.text(
          A(RIGHT, right),
          "Liquidation map: notional of the Levels table by liquidation price (bins fixed at insert)",
          "heading"
        );
        const mh = right + 1;
        b.block(
          A(RIGHT, mh),
          [
            [
              "From",
              "To",
              "Price (middle)",
              "Long liquidations (sell)",
              "Short liquidations (buy)",
            ],
          ],
          "header"
        );
        const sumifs = (side: string, r: number, last: boolean) =>
          `=SUMIFS(${levels}[Notional],${levels}[Side],"${side}",${levels}[Liquidation price],">="&F${r},${levels}[Liquidation price],"${last ? "<=" : "<"}"&G${r})`;
        // the prices with the digits the bins need: the middle column is the chart's category labels
        const step = bins[0].to - bins[0].from;
        const digits = Math.max(0, -Math.floor(Math.log10(step / 2) + 1e-9));
        const PRICE = digits > 0 ? `#,##0.${"0".repeat(Math.min(digits, 8))}` : "#,##0";
        bins.forEach((bin, i) => {
          const r = mh + 1 + i;
          const last = i === bins.length - 1;
          b.block(A(RIGHT, r), [[bin.from, bin.to, bin.mid]], undefined, [[PRICE, PRICE, PRICE]]);
          b.plan.cells.push({
            address: `I${r}:J${r}`,
            formulas: [[sumifs("long", r, last), sumifs("short", r, last)]],
            numberFormat: [[NOTIONAL, NOTIONAL]],
          });
        });
        const mFirst = mh + 1;
        const mLast = mh + bins.length;
        b.text(A(RIGHT, mLast + 1), "Outside the bins (levels edited or pasted since the insert)");
        b.formula(
          A("I", mLast + 1),
          `=SUM(${levels}[Notional])-SUM(I${mFirst}:J${mLast})`,
          NOTIONAL
        );
        addChart(
          "liq-map",
          "ColumnStacked",
          [
            {
              name: "Long liquidations (sell)",
              values: `I${mFirst}:I${mLast}`,
              x: `H${mFirst}:H${mLast}`,
            },
            {
              name: "Short liquidations (buy)",
              values: `J${mFirst}:J${mLast}`,
              x: `H${mFirst}:H${mLast}`,
            },
          ],
          A(CHART_COL, top + 42),
          A(shift(CHART_COL, 8), top + 60)
        );
        right = mLast + 3;
      }

      // The cascade last on the right: its spill grows with the levels (at most one round per level).
      b.text(
        A(RIGHT, right),
        "Liquidation cascade after the shock: LEV.CASCADE (one row per round) and LEV.CASCADE.SUMMARY",
        "heading"
      );
      const ch = right + 1;
      b.formula(A(RIGHT, ch), call(CASCADE_CALL));
      b.formula(A("N", ch), call(CASCADE_SUMMARY_CALL));
      const cFirst = ch + 1;
      const cLast = ch + 1 + levelRows; // rounds 0 … levels: rows past the last round stay empty
      const col = (c: (typeof CASCADE_COLUMNS)[number]) => shift(RIGHT, CASCADE_COLUMNS.indexOf(c));
      const cx = `F${cFirst}:F${cLast}`;
      addChart(
        "cascade",
        "XYScatterLines",
        [
          {
            name: "Price after the round",
            values: `${col("price_after")}${cFirst}:${col("price_after")}${cLast}`,
            x: cx,
          },
          {
            name: "Liquidated so far",
            values: `${col("cumulative_notional")}${cFirst}:${col("cumulative_notional")}${cLast}`,
            x: cx,
            axis: "secondary",
          },
        ],
        A(CHART_COL, top + 21),
        A(shift(CHART_COL, 8), top + 39)
      );
      break;
    }
    case "lending": {
      const sweepTop = derivedBlock(declaredResults());
      declaredTables();
      assumptions();
      b.text(A(RIGHT, sweepTop), "Health factor vs collateral price (LEV.LOOP.HEALTH)", "heading");
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
              // the health factor metric's call at this row's price ratio
              call(LOOP_HEALTH, { price_ratio: `1+F${r}` }),
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
      // Net APY and health factor from 1x to the LTV's maximum leverage.
      const loopTop = last + 2;
      b.text(
        A(RIGHT, loopTop),
        "Net APY and health factor vs leverage (LEV.LOOP.APY, LEV.LOOP.HEALTH), 1x to 1 / (1 − LTV)",
        "heading"
      );
      const lh = loopTop + 1;
      b.block(A(RIGHT, lh), [["Leverage", "Net APY on equity", "Health factor"]], "header");
      for (let k = 0; k <= LOOP_SWEEP_STEPS; k++) {
        const r = lh + 1 + k;
        b.plan.cells.push({
          address: `F${r}:H${r}`,
          formulas: [
            [
              `=1+(max_loop_leverage-1)*${k}/${LOOP_SWEEP_STEPS}`,
              `=IFERROR(${levCallText(LOOP_NET_APY, ctx, { leverage: `F${r}` })},NA())`,
              `=IFERROR(${levCallText(LOOP_HEALTH, ctx, { leverage: `F${r}` })},NA())`,
            ],
          ],
          numberFormat: [[LEV, PCT, RATIO]],
        });
      }
      const lFirst = lh + 1;
      const lLast = lh + 1 + LOOP_SWEEP_STEPS;
      addChart(
        "loop-sweep",
        "XYScatterLines",
        [
          {
            name: "Net APY on equity",
            values: `G${lFirst}:G${lLast}`,
            x: `F${lFirst}:F${lLast}`,
          },
          {
            name: "Health factor",
            values: `H${lFirst}:H${lLast}`,
            x: `F${lFirst}:F${lLast}`,
            axis: "secondary",
          },
        ],
        A(CHART_COL, top + 21),
        A(shift(CHART_COL, 8), top + 39)
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
