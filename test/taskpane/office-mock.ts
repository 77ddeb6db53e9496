// office-addin-mock harness for src/taskpane/excel.ts. office-addin-mock "doesn't currently support
// mocking collection type objects", so the collections (worksheets, tables, names, charts, series, settings …)
// are plain objects whose methods return OfficeMockObjects and log their calls; the context's sync() syncs
// every object handed out, so reading a property that was not loaded and synced still throws as in Office.
// The objects are typed as the parts of the Excel API types that excel.ts uses (its InsertContext,
// SettingsContext, SheetRange, … are Picks of the real @types/office-js types).
import { strict as assert } from "assert";
import { OfficeMockObject } from "office-addin-mock";
import type {
  AxisWrites,
  ChartWrites,
  ConditionalFormatWrites,
  InsertContext,
  SeriesWrites,
  SettingsContext,
  SheetRange,
  SheetWrites,
} from "../../src/taskpane/excel";

export interface Call {
  sheet?: string;
  method: string;
  args: unknown[];
}

/** A range handed out by getRange, with its address and the conditional formats added to it. */
export type MockRange = SheetRange & {
  __address: string;
  __cfs?: Array<{ type: string; cf: ConditionalFormatWrites }>;
};
/** A chart series with the addresses of its values and x values. */
export type MockSeries = SeriesWrites & { __values: string; __x: string };
export type MockContext = InsertContext & SettingsContext;
type Settings = SettingsContext["workbook"]["settings"];
type SettingItems = Pick<Settings, "items"> & { load(propertyNames: string): unknown };

export interface MockWorkbook {
  context: MockContext;
  calls: Call[];
  syncs: () => number;
  /** Ranges handed out per sheet and address, with the properties written to them. */
  ranges: Map<string, MockRange[]>;
  charts: Array<{
    sheet: string;
    type: string;
    source: string;
    chart: ChartWrites;
    series: MockSeries[];
    position?: [string, string];
    /** The axes handed out by axes.getItem (the secondary value axis), by "type/group". */
    axes: Map<string, AxisWrites>;
  }>;
  sheets: string[];
  settings: Map<string, unknown>;
  /** Runs the handlers registered on settings.onSettingsChanged (what Excel does after a change elsewhere). */
  fireSettingsChanged(): Promise<void>;
}

export function mockWorkbook(
  opts: { sheets?: string[]; tables?: string[]; settings?: Record<string, unknown> } = {}
): MockWorkbook {
  const calls: Call[] = [];
  const created: OfficeMockObject[] = [];
  const ranges = new Map<string, MockRange[]>();
  const charts: MockWorkbook["charts"] = [];
  const sheets = [...(opts.sheets ?? [])];
  const tables = new Set((opts.tables ?? []).map((t) => t.toLowerCase()));
  const settings = new Map<string, unknown>(Object.entries(opts.settings ?? {}));
  let syncCount = 0;

  /**
   * An OfficeMockObject seeded with `seed`, typed as the part of an Office object it stands in for. The
   * package declares its objects as `{[key: string]: any}`, which TypeScript does not take as `T`: the seed
   * provides T's navigation properties and methods, the code under test writes the rest.
   */
  const officeMock = <T extends object>(seed: object): T => {
    const m = new OfficeMockObject(seed);
    created.push(m);
    return m as OfficeMockObject & T;
  };
  // Excel sets isNullObject on every *OrNullObject result at the next sync without a load (loading it is
  // what eslint-plugin-office-addins' no-navigational-load flags), so the probe is a plain object.
  const probe = (exists: boolean) => ({ isNullObject: !exists });

  const makeRange = (sheet: string, address: string): MockRange => {
    const r = officeMock<MockRange>({
      format: {
        font: { bold: false, italic: false, size: 11, color: "#000000" },
        fill: { color: "" },
        columnWidth: 64,
      },
      conditionalFormats: {
        add(type: string) {
          calls.push({ sheet, method: "conditionalFormats.add", args: [address, type] });
          const cf = officeMock<ConditionalFormatWrites>({
            // criteria / rule are assigned by the code: not seeded, so sync() leaves them alone.
            colorScale: { kind: "colorScale" },
            cellValue: { format: { fill: { color: "" }, font: { color: "" } } },
          });
          (r.__cfs ??= []).push({ type, cf });
          return cf;
        },
      },
      select() {
        calls.push({ sheet, method: "select", args: [address] });
      },
    });
    r.__address = address;
    const key = `${sheet}!${address}`;
    if (!ranges.has(key)) ranges.set(key, []);
    ranges.get(key)!.push(r);
    return r;
  };

  const makeChart = (sheet: string, type: string, source: MockRange): ChartWrites => {
    const series: MockSeries[] = [];
    const mkSeries = (n?: string) => {
      const s = officeMock<MockSeries>({
        setValues(rg: MockRange) {
          s.__values = rg.__address;
        },
        setXAxisValues(rg: MockRange) {
          s.__x = rg.__address;
        },
      });
      s.__values = "";
      s.__x = "";
      if (n !== undefined) s.name = n; // Office: series.add(name) names the series
      series.push(s);
      return s;
    };
    const first = mkSeries();
    first.__values = source.__address;
    const axes = new Map<string, AxisWrites>();
    const chart = officeMock<ChartWrites>({
      title: { text: "" },
      legend: { position: "Right" },
      axes: {
        categoryAxis: { title: { text: "" }, minimum: 0, maximum: 0, majorUnit: 0 },
        valueAxis: { title: { text: "" }, minimum: 0, maximum: 0, majorUnit: 0 },
        // Excel.ChartAxes.getItem (a method, so the mock hands out an axis object of its own)
        getItem(type: string, group: string) {
          const key = `${type}/${group}`;
          if (!axes.has(key))
            axes.set(
              key,
              officeMock<AxisWrites>({
                title: { text: "" },
                minimum: 0,
                maximum: 0,
                majorUnit: 0,
              })
            );
          return axes.get(key)!;
        },
      },
      series: {
        getItemAt(i: number) {
          return series[i];
        },
        add(n?: string) {
          return mkSeries(n);
        },
      },
      setPosition(from: string, to: string) {
        entry.position = [from, to];
      },
    });
    const entry: MockWorkbook["charts"][number] = {
      sheet,
      type,
      source: source.__address,
      chart,
      series,
      axes,
    };
    charts.push(entry);
    return chart;
  };

  const makeSheet = (name: string): SheetWrites =>
    officeMock<SheetWrites>({
      name,
      getRange(address: string) {
        return makeRange(name, address);
      },
      activate() {
        calls.push({ sheet: name, method: "activate", args: [] });
      },
      names: {
        add(n: string, ref: MockRange, comment?: string) {
          calls.push({ sheet: name, method: "names.add", args: [n, ref.__address, comment] });
          return {};
        },
      },
      tables: {
        add(address: string, hasHeaders: boolean) {
          calls.push({ sheet: name, method: "tables.add", args: [address, hasHeaders] });
          return officeMock({ name: "Table1", style: "TableStyleMedium2" });
        },
      },
      charts: {
        add(type: string, source: MockRange, seriesBy: string) {
          calls.push({
            sheet: name,
            method: "charts.add",
            args: [type, source.__address, seriesBy],
          });
          return makeChart(name, type, source);
        },
      },
    });

  // settings.items is a collection: each load() hands out a new loadable array property holding the
  // settings of that moment, so it reads as not loaded, then not synced, until the context syncs.
  const itemsOf = (entries: Map<string, unknown>) =>
    officeMock<SettingItems>({
      items: [...entries.entries()].map(([key, value]) => ({ key, value })),
    });
  let loaded = itemsOf(new Map());
  const settingsHandlers: Array<() => Promise<unknown>> = [];
  const settingsCollection: Settings = {
    get items() {
      return loaded.items;
    },
    load(props) {
      loaded = itemsOf(settings);
      loaded.load(props);
      return settingsCollection;
    },
    add(key, value) {
      calls.push({ method: "settings.add", args: [key, value] });
      settings.set(key, value);
    },
    getItemOrNullObject(key) {
      // value is loadable (read it before load + sync and the mock throws, as Office does); isNullObject is
      // set by Excel at the sync without a load, so it is a plain property
      const item = officeMock<ReturnType<Settings["getItemOrNullObject"]>>({
        value: settings.has(key) ? settings.get(key) : "",
      });
      Object.assign(item, {
        ...probe(settings.has(key)),
        delete: () => {
          calls.push({ method: "settings.delete", args: [key] });
          settings.delete(key);
        },
      });
      return item;
    },
    onSettingsChanged: {
      add(handler) {
        calls.push({ method: "settings.onSettingsChanged.add", args: [] });
        settingsHandlers.push(handler);
      },
    },
  };

  const context: MockContext = {
    workbook: {
      worksheets: {
        add(name) {
          if (sheets.some((s) => s.toLowerCase() === name.toLowerCase()))
            throw new Error(`A sheet named ${name} already exists`);
          calls.push({ method: "worksheets.add", args: [name] });
          sheets.push(name);
          return makeSheet(name);
        },
        getItemOrNullObject(name) {
          return probe(sheets.some((s) => s.toLowerCase() === name.toLowerCase()));
        },
      },
      tables: {
        getItemOrNullObject(name) {
          return probe(tables.has(name.toLowerCase()));
        },
      },
      settings: settingsCollection,
    },
    async sync() {
      syncCount++;
      for (const m of created) await m.sync();
    },
  };
  const fireSettingsChanged = async () => {
    for (const h of settingsHandlers) await h();
  };
  return {
    context,
    calls,
    syncs: () => syncCount,
    ranges,
    charts,
    sheets,
    settings,
    fireSettingsChanged,
  };
}

/** The last array written to `prop` of any range at `address` on `sheet` (fails when there is none). */
export function written(
  wb: MockWorkbook,
  sheet: string,
  address: string,
  prop: "values" | "formulas" | "numberFormat"
): unknown[][] {
  const rs = wb.ranges.get(`${sheet}!${address}`) ?? [];
  for (let i = rs.length - 1; i >= 0; i--) {
    const v: unknown = rs[i][prop];
    if (Array.isArray(v)) return v;
  }
  assert.fail(`nothing was written to ${prop} of ${sheet}!${address}`);
}
