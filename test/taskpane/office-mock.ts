// office-addin-mock harness for src/taskpane/excel.ts. office-addin-mock "doesn't currently support
// mocking collection type objects", so the collections' methods (worksheets.add, getItemOrNullObject,
// names.add, tables.add, charts.add, settings.add …) are seed functions that return OfficeMockObjects and
// log their calls; the context's sync() syncs every object handed out, so reading a property that was
// not loaded and synced still throws as in Office.
import { OfficeMockObject } from "office-addin-mock";

export interface Call {
  sheet?: string;
  method: string;
  args: unknown[];
}

export interface MockWorkbook {
  context: any;
  calls: Call[];
  syncs: () => number;
  /** Ranges handed out per sheet and address, with the properties written to them. */
  ranges: Map<string, any[]>;
  charts: Array<{
    sheet: string;
    type: string;
    source: string;
    chart: any;
    series: any[];
    position?: [string, string];
  }>;
  sheets: string[];
  settings: Map<string, unknown>;
}

export function mockWorkbook(
  opts: { sheets?: string[]; tables?: string[]; settings?: Record<string, unknown> } = {}
): MockWorkbook {
  const calls: Call[] = [];
  const created: OfficeMockObject[] = [];
  const ranges = new Map<string, any[]>();
  const charts: MockWorkbook["charts"] = [];
  const sheets = [...(opts.sheets ?? [])];
  const tables = new Set((opts.tables ?? []).map((t) => t.toLowerCase()));
  const settings = new Map<string, unknown>(Object.entries(opts.settings ?? {}));
  let syncCount = 0;

  const track = (m: OfficeMockObject) => {
    created.push(m);
    return m as any;
  };
  // Excel sets isNullObject on every *OrNullObject result at the next sync without a load (loading it is
  // what eslint-plugin-office-addins' no-navigational-load flags), so the probe is a plain object.
  const probe = (exists: boolean) => ({ isNullObject: !exists });

  const makeRange = (sheet: string, address: string) => {
    const r: any = track(
      new OfficeMockObject({
        format: {
          font: { bold: false, italic: false, size: 11, color: "#000000" },
          fill: { color: "" },
          columnWidth: 64,
        },
        conditionalFormats: {
          add(type: string) {
            calls.push({ sheet, method: "conditionalFormats.add", args: [address, type] });
            const cf: any = track(
              new OfficeMockObject({
                // criteria / rule are assigned by the code: not seeded, so sync() leaves them alone.
                colorScale: { kind: "colorScale" },
                cellValue: { format: { fill: { color: "" }, font: { color: "" } } },
              })
            );
            (r.__cfs ??= []).push({ type, cf });
            return cf;
          },
        },
        select() {
          calls.push({ sheet, method: "select", args: [address] });
        },
      })
    );
    r.__address = address;
    const key = `${sheet}!${address}`;
    if (!ranges.has(key)) ranges.set(key, []);
    ranges.get(key)!.push(r);
    return r;
  };

  const makeSheet = (name: string) => {
    const sheet: any = track(
      new OfficeMockObject({
        name,
        getRange(address: string) {
          return makeRange(name, address);
        },
        activate() {
          calls.push({ sheet: name, method: "activate", args: [] });
        },
        names: {
          add(n: string, ref: any, comment?: string) {
            calls.push({ sheet: name, method: "names.add", args: [n, ref.__address, comment] });
            return {};
          },
        },
        tables: {
          add(address: string, hasHeaders: boolean) {
            calls.push({ sheet: name, method: "tables.add", args: [address, hasHeaders] });
            const t: any = track(
              new OfficeMockObject({ name: "Table1", style: "TableStyleMedium2" })
            );
            (sheet.__tables ??= []).push(t);
            return t;
          },
        },
        charts: {
          add(type: string, source: any, seriesBy: string) {
            calls.push({
              sheet: name,
              method: "charts.add",
              args: [type, source.__address, seriesBy],
            });
            const series: any[] = [];
            const mkSeries = (n?: string) => {
              const s: any = track(
                new OfficeMockObject({
                  setValues(rg: any) {
                    s.__values = rg.__address;
                  },
                  setXAxisValues(rg: any) {
                    s.__x = rg.__address;
                  },
                })
              );
              if (n !== undefined) s.name = n; // Office: series.add(name) names the series
              series.push(s);
              return s;
            };
            const first = mkSeries();
            first.__values = source.__address;
            const entry: MockWorkbook["charts"][number] = {
              sheet: name,
              type,
              source: source.__address,
              chart: undefined,
              series,
            };
            const chart: any = track(
              new OfficeMockObject({
                title: { text: "" },
                legend: { position: "Right" },
                axes: { categoryAxis: { title: { text: "" } }, valueAxis: { title: { text: "" } } },
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
              })
            );
            entry.chart = chart;
            charts.push(entry);
            return chart;
          },
        },
      })
    );
    return sheet;
  };

  const context: any = new OfficeMockObject({
    workbook: {
      worksheets: {
        add(name: string) {
          if (sheets.some((s) => s.toLowerCase() === name.toLowerCase()))
            throw new Error(`A sheet named ${name} already exists`);
          calls.push({ method: "worksheets.add", args: [name] });
          sheets.push(name);
          return makeSheet(name);
        },
        getItemOrNullObject(name: string) {
          return probe(sheets.some((s) => s.toLowerCase() === name.toLowerCase()));
        },
      },
      tables: {
        getItemOrNullObject(name: string) {
          return probe(tables.has(name.toLowerCase()));
        },
      },
      settings: {
        add(key: string, value: unknown) {
          calls.push({ method: "settings.add", args: [key, value] });
          settings.set(key, value);
        },
        getItemOrNullObject(key: string) {
          const item: any = probe(settings.has(key));
          item.delete = () => {
            calls.push({ method: "settings.delete", args: [key] });
            settings.delete(key);
          };
          return item;
        },
      },
    },
    async sync() {
      syncCount++;
      for (const m of created) await m.sync();
    },
  });
  // settings.items is a collection: exposed as a loadable array property refreshed from the map.
  const settingsMock: any = context.workbook.settings;
  settingsMock.setValue("items", []);
  const origLoad = settingsMock.load.bind(settingsMock);
  settingsMock.load = (props: string) => {
    settingsMock.setValue(
      "items",
      [...settings.entries()].map(([key, value]) => ({ key, value }))
    );
    return origLoad(props);
  };
  created.push(settingsMock);
  return { context, calls, syncs: () => syncCount, ranges, charts, sheets, settings };
}

/** The last value written to `prop` of any range at `address` on `sheet`. */
export function written(
  wb: MockWorkbook,
  sheet: string,
  address: string,
  prop: "values" | "formulas" | "numberFormat"
): any {
  const rs = wb.ranges.get(`${sheet}!${address}`) ?? [];
  for (let i = rs.length - 1; i >= 0; i--) {
    const v = rs[i][prop];
    if (Array.isArray(v)) return v;
  }
  return undefined;
}
