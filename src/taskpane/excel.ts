/**
 * Excel writes: inserting a scenario sheet and storing scenarios in the workbook's settings.
 *
 * Everything here takes a request context (or a `run` function) instead of touching the `Excel`
 * global, and only uses the parts of the Excel JS API's types named below (`Pick`s of the real
 * `Excel.*` types from @types/office-js, so an `Excel.RequestContext` is accepted as it is), so the
 * tests can hand in office-addin-mock objects (which cannot mock Office collections) seeded with plain
 * methods. Enum arguments are passed as their string values ("Line", "ColorScale", …) for the same reason.
 *
 * Insert = 2 context.sync() calls: one to find a free sheet/table name (probes with
 * getItemOrNullObject, never clobbering an existing sheet), one for the whole write batch.
 */
import type { KeyValuePort } from "./library";
import {
  planScenarioSheet,
  sheetNameCandidate,
  tableTag,
  type AxisPlan,
  type CellStyle,
  type ChartPlan,
  type ConditionalFormatPlan,
  type SheetPlan,
} from "./layout";
import type { ScenarioInputs, TemplateId } from "./scenarios";

// ---- the parts of the Excel JS API used here (narrowed from the real types) ----------------------

export interface RangeFormatWrites extends Pick<Excel.RangeFormat, "columnWidth"> {
  font: Pick<Excel.RangeFont, "bold" | "italic" | "size" | "color">;
  fill: Pick<Excel.RangeFill, "color">;
}
export interface ConditionalFormatWrites {
  colorScale: Pick<Excel.ColorScaleConditionalFormat, "criteria">;
  cellValue: Pick<Excel.CellValueConditionalFormat, "rule"> & {
    format: {
      fill: Pick<Excel.ConditionalRangeFill, "color">;
      font: Pick<Excel.ConditionalRangeFont, "color">;
    };
  };
}
export interface SheetRange extends Pick<
  Excel.Range,
  "values" | "formulas" | "numberFormat" | "select"
> {
  format: RangeFormatWrites;
  conditionalFormats: { add(type: "ColorScale" | "CellValue"): ConditionalFormatWrites };
}
/** A series: its name and (ExcelApi 1.8) the value axis it is drawn against. */
export interface SeriesWrites extends Pick<Excel.ChartSeries, "name" | "axisGroup"> {
  setValues(sourceData: SheetRange): void;
  setXAxisValues(sourceData: SheetRange): void;
}
/** An axis's title and fixed range (ExcelApi 1.7: minimum, maximum, majorUnit). */
export interface AxisWrites extends Partial<
  Pick<Excel.ChartAxis, "minimum" | "maximum" | "majorUnit">
> {
  title: Pick<Excel.ChartAxisTitle, "text">;
}
export interface ChartWrites {
  title: Pick<Excel.ChartTitle, "text">;
  legend: Pick<Excel.ChartLegend, "position">;
  /**
   * categoryAxis is the x axis (for an XY chart a value axis too), valueAxis the y axis; getItem("Value",
   * "Secondary") the right-hand value axis of the series put on it.
   */
  axes: {
    categoryAxis: AxisWrites;
    valueAxis: AxisWrites;
    getItem(type: "Value", group: "Secondary"): AxisWrites;
  };
  series: { getItemAt(index: number): SeriesWrites; add(name?: string): SeriesWrites };
  setPosition(startCell: string | SheetRange, endCell?: string | SheetRange): void;
}
export interface SheetWrites extends Pick<Excel.Worksheet, "activate"> {
  getRange(address: string): SheetRange;
  names: { add(name: string, reference: SheetRange | string, comment?: string): unknown };
  tables: { add(address: string, hasHeaders: boolean): Pick<Excel.Table, "name" | "style"> };
  charts: {
    add(type: ChartPlan["type"], sourceData: SheetRange, seriesBy: "Columns"): ChartWrites;
  };
}
/** The result of a getItemOrNullObject: only `isNullObject` is read (set by Excel at the next sync). */
export type NullProbe = Pick<Excel.Worksheet, "isNullObject">;
/** The parts of an `Excel.RequestContext` that inserting a scenario sheet uses. */
export interface InsertContext {
  workbook: {
    worksheets: { add(name: string): SheetWrites; getItemOrNullObject(name: string): NullProbe };
    tables: { getItemOrNullObject(name: string): NullProbe };
  };
  sync(): Promise<unknown>;
}

// ---- insert ------------------------------------------------------------------------------------

export const MAX_NAME_ATTEMPTS = 40;

export interface InsertResult {
  sheetName: string;
  tag: string;
  plan: SheetPlan;
}

/** Picks the first attempt n whose sheet name and Inputs table name are both free (one sync). */
export async function chooseSheetName(
  context: InsertContext,
  scenarioName: string
): Promise<{ sheetName: string; tag: string }> {
  const probes: Array<{ n: number; sheet: NullProbe; table: NullProbe }> = [];
  for (let n = 1; n <= MAX_NAME_ATTEMPTS; n++) {
    const sheet = context.workbook.worksheets.getItemOrNullObject(
      sheetNameCandidate(scenarioName, n)
    );
    const table = context.workbook.tables.getItemOrNullObject(
      `Inputs_${tableTag(scenarioName, n)}`
    );
    probes.push({ n, sheet, table });
  }
  await context.sync();
  const free = probes.find((p) => p.sheet.isNullObject && p.table.isNullObject);
  if (!free)
    throw new Error(
      `There are already ${MAX_NAME_ATTEMPTS} sheets for "${scenarioName}": rename the scenario or delete old sheets.`
    );
  return {
    sheetName: sheetNameCandidate(scenarioName, free.n),
    tag: tableTag(scenarioName, free.n),
  };
}

/** Inserts the scenario as a new sheet: 2 syncs in total. */
export async function insertScenario(
  context: InsertContext,
  scenario: { name: string; template: TemplateId; inputs: ScenarioInputs }
): Promise<InsertResult> {
  const { sheetName, tag } = await chooseSheetName(context, scenario.name);
  const plan = planScenarioSheet(scenario, sheetName, tag);
  const sheet = context.workbook.worksheets.add(sheetName);
  applyPlan(sheet, plan);
  sheet.activate();
  sheet.getRange(plan.focus).select();
  await context.sync();
  return { sheetName, tag, plan };
}

/** A text that Excel would read as a formula is written with a leading apostrophe (stays text). */
export function safeText(x: unknown): unknown {
  return typeof x === "string" && /^[=+\-@]/.test(x) ? `'${x}` : x;
}

const STYLE: Record<CellStyle, (f: RangeFormatWrites) => void> = {
  title: (f) => {
    f.font.bold = true;
    f.font.size = 16;
    f.font.color = "#242424";
  },
  subtitle: (f) => {
    f.font.italic = true;
    f.font.color = "#616161";
  },
  heading: (f) => {
    f.font.bold = true;
    f.font.size = 12;
    f.font.color = "#0F6CBD";
  },
  header: (f) => {
    f.font.bold = true;
    f.fill.color = "#F0F0F0";
  },
  input: (f) => {
    f.font.color = "#0F6CBD";
    f.fill.color = "#EBF3FC";
  },
  result: (f) => {
    f.font.bold = true;
  },
  note: (f) => {
    f.font.color = "#616161";
  },
};

/** What `applyPlan` writes: a scenario sheet's plan, or any plan of cells such as the self-check sheet. */
export type PlanContent = Pick<
  SheetPlan,
  "cells" | "tables" | "names" | "columnWidths" | "conditionalFormats" | "charts"
>;

/** Queues every write of the plan on `sheet` (no sync). Order: values, tables, names, formulas, formats, charts. */
export function applyPlan(sheet: SheetWrites, plan: PlanContent): void {
  for (const c of plan.cells) {
    if (!c.values) continue;
    const r = sheet.getRange(c.address);
    if (c.numberFormat) r.numberFormat = c.numberFormat;
    r.values = c.values.map((row) => row.map(safeText));
  }
  for (const t of plan.tables) {
    const table = sheet.tables.add(t.address, true);
    table.name = t.name;
    table.style = t.style;
  }
  for (const n of plan.names) sheet.names.add(n.name, sheet.getRange(n.address), n.comment);
  for (const c of plan.cells) {
    if (!c.formulas) continue;
    const r = sheet.getRange(c.address);
    if (c.numberFormat) r.numberFormat = c.numberFormat;
    r.formulas = c.formulas;
  }
  for (const c of plan.cells) if (c.style) STYLE[c.style](sheet.getRange(c.address).format);
  for (const w of plan.columnWidths) sheet.getRange(w.columns).format.columnWidth = w.width;
  for (const cf of plan.conditionalFormats) addConditionalFormat(sheet, cf);
  for (const ch of plan.charts) addChart(sheet, ch);
}

function addConditionalFormat(sheet: SheetWrites, cf: ConditionalFormatPlan): void {
  const range = sheet.getRange(cf.address);
  if (cf.kind === "colorScale") {
    const f = range.conditionalFormats.add("ColorScale");
    // no formula for the lowest/highest value (the API's "null" formula: the property left unset)
    f.colorScale.criteria = {
      minimum: { type: "LowestValue", color: cf.colors[0] },
      midpoint: { formula: "50", type: "Percentile", color: cf.colors[1] },
      maximum: { type: "HighestValue", color: cf.colors[2] },
    };
  } else {
    const f = range.conditionalFormats.add("CellValue");
    f.cellValue.format.fill.color = cf.fill;
    f.cellValue.format.font.color = cf.fontColor;
    f.cellValue.rule = { formula1: cf.formula, operator: "LessThan" };
  }
}

function setAxis(axis: AxisWrites, plan: AxisPlan): void {
  axis.minimum = plan.minimum;
  axis.maximum = plan.maximum;
  if (plan.majorUnit !== undefined) axis.majorUnit = plan.majorUnit;
}

function addChart(sheet: SheetWrites, plan: ChartPlan): void {
  const [first, ...rest] = plan.series;
  const chart = sheet.charts.add(plan.type, sheet.getRange(first.values), "Columns");
  chart.title.text = plan.title;
  chart.legend.position = "Bottom";
  const s0 = chart.series.getItemAt(0);
  s0.name = first.name;
  if (first.x) s0.setXAxisValues(sheet.getRange(first.x));
  let secondary = first.axis === "secondary";
  if (secondary) s0.axisGroup = "Secondary";
  for (const s of rest) {
    const series = chart.series.add(s.name);
    series.setValues(sheet.getRange(s.values));
    if (s.x) series.setXAxisValues(sheet.getRange(s.x));
    if (s.axis === "secondary") {
      series.axisGroup = "Secondary";
      secondary = true;
    }
  }
  if (plan.xTitle) chart.axes.categoryAxis.title.text = plan.xTitle;
  if (plan.yTitle) chart.axes.valueAxis.title.text = plan.yTitle;
  // the pane's axis ranges (axes.ts), so the sheet's chart shows what the preview showed
  if (plan.xAxis) setAxis(chart.axes.categoryAxis, plan.xAxis);
  if (plan.yAxis) setAxis(chart.axes.valueAxis, plan.yAxis);
  // the secondary axis exists once a series is on it (queued above, in the same batch)
  if (secondary) {
    const y2 = chart.axes.getItem("Value", "Secondary");
    if (plan.y2Title) y2.title.text = plan.y2Title;
    if (plan.y2Axis) setAxis(y2, plan.y2Axis);
  }
  chart.setPosition(plan.from, plan.to);
}

// ---- scenario storage in the workbook's settings ---------------------------------------------------

/** The parts of an `Excel.RequestContext` that the workbook settings store uses. */
export interface SettingsContext {
  workbook: {
    settings: {
      items: Array<Pick<Excel.Setting, "key" | "value">>;
      load(propertyNames: "items"): unknown;
      add(key: string, value: string): unknown;
      getItemOrNullObject(key: string): Pick<Excel.Setting, "isNullObject" | "delete" | "value"> & {
        load(propertyNames: "value"): unknown;
      };
      /** ExcelApi 1.4; absent in hosts that cannot report changes (the store then does not watch). */
      onSettingsChanged?: { add(handler: () => Promise<unknown>): unknown };
    };
  };
  sync(): Promise<unknown>;
}
export type SettingsRunner = <T>(cb: (context: SettingsContext) => Promise<T>) => Promise<T>;

/**
 * Key/value storage in the workbook (Excel.SettingCollection): private to this add-in, kept in the workbook
 * as soon as the write syncs and in the file when the workbook is saved. Values are written as JSON strings
 * so the library can report any value it cannot decode. `read` reads one key fresh (the library compares
 * revisions before writing); `watch` follows settings.onSettingsChanged (another pane or co-author).
 */
export function workbookSettingsStore(run: SettingsRunner): KeyValuePort {
  return {
    read: (key) =>
      run(async (context) => {
        const item = context.workbook.settings.getItemOrNullObject(key);
        item.load("value");
        await context.sync();
        return item.isNullObject ? undefined : (item.value as unknown);
      }),
    watch: (onChange) =>
      run(async (context) => {
        const event = context.workbook.settings.onSettingsChanged;
        if (typeof event?.add !== "function") return;
        event.add(async () => onChange());
        await context.sync();
      }),
    readAll: (prefix) =>
      run(async (context) => {
        const settings = context.workbook.settings;
        settings.load("items");
        await context.sync();
        return settings.items
          .filter((s) => s.key.startsWith(prefix))
          .map((s) => ({ key: s.key, value: s.value }));
      }),
    write: (key, value) =>
      run(async (context) => {
        context.workbook.settings.add(key, value);
        await context.sync();
      }),
    remove: (key) =>
      run(async (context) => {
        const item = context.workbook.settings.getItemOrNullObject(key);
        await context.sync();
        if (!item.isNullObject) {
          item.delete();
          await context.sync();
        }
      }),
  };
}
