/**
 * DOM rendering of the pane. Pure drawing of the state (state.ts) and the preview (preview.ts);
 * no Excel calls, no engine calls. Elements are created with createElement/textContent only
 * (no innerHTML: scenario names and stored text can never inject markup), and charts are inline SVG.
 */
import type { LibraryEntry } from "./library";
import { formatValue } from "./format";
import type { MetricFormat, Preview, PreviewChart } from "./preview";
import { TEMPLATES, TEMPLATE_IDS, type TemplateId } from "./scenarios";
import type { FormState, SimState } from "./state";
import type { Histogram } from "../worker/protocol";

type Attrs = Record<string, string | boolean | number | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Attrs = {},
  ...children: Array<Node | string | null | undefined>
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children)
    if (c !== null && c !== undefined) el.append(typeof c === "string" ? doc.createTextNode(c) : c);
  return el;
}

const SVG = "http://www.w3.org/2000/svg";
function s(doc: Document, tag: string, attrs: Attrs = {}, text?: string): SVGElement {
  const el = doc.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs))
    if (v !== undefined && v !== false) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

// ---- form -------------------------------------------------------------------------------------------

export interface FormHandlers {
  onTemplate(t: TemplateId): void;
  onName(text: string): void;
  onField(key: string, text: string): void;
}

/** Template tabs + name + one field per template field. Rebuilt only when the template changes. */
export function buildForm(doc: Document, form: FormState, handlers: FormHandlers): HTMLElement {
  const spec = TEMPLATES[form.template];
  const tabs = h(doc, "div", { class: "tabs", role: "tablist", "aria-label": "Scenario template" });
  for (const id of TEMPLATE_IDS) {
    const b = h(
      doc,
      "button",
      {
        class: "tab",
        role: "tab",
        type: "button",
        "data-template": id,
        "aria-selected": id === form.template ? "true" : "false",
      },
      TEMPLATES[id].title
    );
    b.addEventListener("click", () => handlers.onTemplate(id));
    tabs.append(b);
  }
  const nameInput = h(doc, "input", {
    id: "f-_name",
    type: "text",
    value: form.name,
    "data-field": "_name",
    autocomplete: "off",
    "aria-describedby": "e-_name",
  });
  nameInput.addEventListener("input", () => handlers.onName(nameInput.value));
  const nameField = h(
    doc,
    "div",
    { class: "field" },
    h(doc, "label", { for: "f-_name" }, "Scenario name"),
    nameInput,
    h(doc, "div", { class: "err", id: "e-_name", role: "alert" })
  );

  const grid = h(doc, "div", { class: "grid2" });
  for (const f of spec.fields) {
    const id = `f-${f.key}`;
    let control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    if (f.kind === "choice") {
      control = h(doc, "select", {
        id,
        "data-field": f.key,
        "aria-describedby": `h-${f.key} e-${f.key}`,
      });
      for (const c of f.choices)
        control.append(
          h(doc, "option", { value: c.value, selected: c.value === form.raw[f.key] }, c.label)
        );
      control.addEventListener("change", () => handlers.onField(f.key, control.value));
    } else if (f.kind === "brackets") {
      control = h(doc, "textarea", {
        id,
        "data-field": f.key,
        spellcheck: "false",
        "aria-describedby": `h-${f.key} e-${f.key}`,
      });
      control.value = form.raw[f.key] ?? "";
      control.addEventListener("input", () => handlers.onField(f.key, control.value));
    } else {
      control = h(doc, "input", {
        id,
        type: "text",
        inputmode: f.kind === "number" ? "decimal" : undefined,
        value: form.raw[f.key] ?? "",
        "data-field": f.key,
        autocomplete: "off",
        "aria-describedby": `h-${f.key} e-${f.key}`,
      });
      control.addEventListener("input", () => handlers.onField(f.key, control.value));
    }
    const unit = f.kind === "number" ? (f.percent ? "decimal, 0.05 = 5%" : f.unit) : undefined;
    const label = h(
      doc,
      "label",
      { for: id },
      f.label,
      unit ? h(doc, "span", { class: "unit" }, ` (${unit})`) : null
    );
    const field = h(
      doc,
      "div",
      { class: f.kind === "brackets" ? "field wide" : "field", "data-key": f.key },
      label,
      control,
      h(doc, "div", { class: "err", id: `e-${f.key}`, role: "alert" }),
      h(doc, "div", { class: "help", id: `h-${f.key}` }, f.help)
    );
    grid.append(field);
  }
  const assumptions = h(
    doc,
    "ul",
    { class: "assumptions" },
    ...spec.assumptions.map((a) => h(doc, "li", {}, a))
  );
  return h(
    doc,
    "section",
    { class: "card", id: "scenario-form", "aria-label": "Scenario inputs" },
    tabs,
    h(doc, "p", { class: "sub" }, spec.summary),
    nameField,
    grid,
    h(doc, "details", {}, h(doc, "summary", { class: "help" }, "Assumptions"), assumptions)
  );
}

/** Shows the inline validation messages (and clears fixed ones). */
export function showErrors(root: ParentNode, errors: Record<string, string>): void {
  root.querySelectorAll<HTMLElement>(".err[id^='e-']").forEach((el) => {
    const key = el.id.slice(2);
    const msg = errors[key] ?? "";
    if (el.textContent !== msg) el.textContent = msg;
    const control = root.querySelector<HTMLElement>(`[data-field="${key}"]`);
    if (control) control.setAttribute("aria-invalid", msg ? "true" : "false");
  });
}

// ---- preview ------------------------------------------------------------------------------------------

export function renderPreview(
  doc: Document,
  preview: Preview | null,
  invalidCount: number
): HTMLElement {
  const box = h(
    doc,
    "section",
    { class: "card", id: "preview", "aria-label": "Preview" },
    h(doc, "h2", {}, "Preview")
  );
  if (!preview) {
    box.append(
      h(
        doc,
        "p",
        { class: "status error", id: "preview-invalid" },
        `Fix ${invalidCount} input${invalidCount === 1 ? "" : "s"} to see the preview.`
      )
    );
    return box;
  }
  const dl = h(doc, "dl", { class: "metrics" });
  for (const m of preview.metrics) {
    dl.append(
      h(
        doc,
        "div",
        { class: "metric", "data-metric": m.label },
        h(doc, "dt", {}, m.label),
        m.value === null
          ? h(doc, "dd", { class: "na", title: m.error ?? "" }, m.error ?? "n/a")
          : h(doc, "dd", {}, formatValue(m.value, m.format))
      )
    );
  }
  box.append(dl);
  if (preview.chart) box.append(lineChart(doc, preview.chart));
  else if (preview.chartError)
    box.append(h(doc, "p", { class: "status error" }, `Chart: ${preview.chartError}`));
  return box;
}

function niceRange(lo: number, hi: number, pad = 0.05): [number, number] {
  if (!(hi > lo)) return [lo - 1, hi + 1];
  const d = (hi - lo) * pad;
  return [lo - d, hi + d];
}

export function lineChart(
  doc: Document,
  chart: PreviewChart,
  width = 340,
  height = 200
): SVGElement {
  const m = { l: 46, r: 10, t: 20, b: 34 };
  const pts = chart.series.flatMap((x) => x.points);
  const [x0, x1] = niceRange(
    Math.min(...pts.map((p) => p[0])),
    Math.max(...pts.map((p) => p[0])),
    0
  );
  const [y0, y1] = niceRange(Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1])));
  const X = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (width - m.l - m.r);
  const Y = (y: number) => height - m.b - ((y - y0) / (y1 - y0)) * (height - m.t - m.b);
  const svg = s(doc, "svg", {
    class: "chart",
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": chart.title,
    "data-chart": chart.title,
  });
  svg.append(s(doc, "text", { x: 0, y: 12, class: "title" }, chart.title));
  for (let i = 0; i <= 4; i++) {
    const yv = y0 + ((y1 - y0) * i) / 4;
    svg.append(s(doc, "line", { x1: m.l, x2: width - m.r, y1: Y(yv), y2: Y(yv), class: "grid" }));
    svg.append(
      s(
        doc,
        "text",
        { x: m.l - 4, y: Y(yv) + 3, "text-anchor": "end" },
        formatValue(yv, chart.yFormat)
      )
    );
  }
  for (let i = 0; i <= 4; i++) {
    const xv = x0 + ((x1 - x0) * i) / 4;
    svg.append(
      s(
        doc,
        "text",
        { x: X(xv), y: height - m.b + 12, "text-anchor": "middle" },
        formatValue(xv, chart.xFormat)
      )
    );
  }
  svg.append(s(doc, "line", { x1: m.l, x2: m.l, y1: m.t, y2: height - m.b, class: "axis" }));
  svg.append(
    s(doc, "line", { x1: m.l, x2: width - m.r, y1: height - m.b, y2: height - m.b, class: "axis" })
  );
  if (chart.markerX !== undefined && chart.markerX >= x0 && chart.markerX <= x1) {
    svg.append(
      s(doc, "line", {
        x1: X(chart.markerX),
        x2: X(chart.markerX),
        y1: m.t,
        y2: height - m.b,
        class: "marker",
      })
    );
  }
  chart.series.forEach((ser, i) => {
    svg.append(
      s(doc, "polyline", {
        class: `s${i % 3}`,
        points: ser.points.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(" "),
      })
    );
    const lx = m.l + i * 110;
    svg.append(s(doc, "rect", { x: lx, y: height - 12, width: 10, height: 3, class: `s${i % 3}` }));
    svg.append(s(doc, "text", { x: lx + 14, y: height - 8 }, ser.name));
  });
  svg.append(
    s(doc, "text", { x: width - m.r, y: height - m.b + 24, "text-anchor": "end" }, chart.xLabel)
  );
  return svg;
}

export function histogramChart(
  doc: Document,
  hist: Histogram,
  width = 340,
  height = 150
): SVGElement {
  const m = { l: 10, r: 10, t: 18, b: 28 };
  const max = Math.max(...hist.counts, 1);
  const n = hist.counts.length;
  const bw = (width - m.l - m.r) / n;
  const svg = s(doc, "svg", {
    class: "chart",
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": "Distribution of the NAV ratio",
    "data-chart": "histogram",
  });
  svg.append(
    s(
      doc,
      "text",
      { x: 0, y: 12, class: "title" },
      "Distribution of NAV after the horizon (start = 1)"
    )
  );
  hist.counts.forEach((c, i) => {
    const bh = ((height - m.t - m.b) * c) / max;
    const loss = hist.edges[i + 1] <= 1;
    svg.append(
      s(doc, "rect", {
        class: loss ? "bar loss" : "bar",
        x: m.l + i * bw + 0.5,
        y: height - m.b - bh,
        width: Math.max(bw - 1, 0.5),
        height: bh,
      })
    );
  });
  const fmt = (x: number) => formatValue(x, "ratio");
  svg.append(s(doc, "text", { x: m.l, y: height - m.b + 12 }, fmt(hist.edges[0])));
  svg.append(
    s(
      doc,
      "text",
      { x: width - m.r, y: height - m.b + 12, "text-anchor": "end" },
      `${fmt(hist.edges[hist.edges.length - 1])}${hist.above ? ` (+${hist.above} above)` : ""}`
    )
  );
  svg.append(
    s(
      doc,
      "text",
      { x: width / 2, y: height - 6, "text-anchor": "middle" },
      "orange: NAV below start; range: 0.5th–99.5th percentile"
    )
  );
  return svg;
}

// ---- Monte Carlo ----------------------------------------------------------------------------------------

export interface SimHandlers {
  onRun(): void;
  onCancel(): void;
}

export function renderSimulation(
  doc: Document,
  sim: SimState,
  canRun: boolean,
  handlers: SimHandlers,
  paths?: number
): HTMLElement {
  const run = h(
    doc,
    "button",
    { class: "btn", type: "button", id: "run-mc", disabled: !canRun || sim.status === "running" },
    "Run Monte Carlo"
  );
  run.addEventListener("click", handlers.onRun);
  const cancel = h(
    doc,
    "button",
    { class: "btn", type: "button", id: "cancel-mc", disabled: sim.status !== "running" },
    "Cancel"
  );
  cancel.addEventListener("click", handlers.onCancel);
  const box = h(
    doc,
    "section",
    { class: "card", id: "simulation", "aria-label": "Monte Carlo" },
    h(doc, "h2", {}, "Monte Carlo"),
    h(
      doc,
      "p",
      { class: "sub" },
      `Simulates ${paths ? paths.toLocaleString("en-US") + " " : ""}price paths in a background worker (the pane stays responsive); same seed, same numbers as LEV.SIMULATE in the sheet.`
    ),
    h(doc, "div", { class: "actions" }, run, cancel)
  );
  if (sim.status === "running") {
    box.append(
      h(doc, "progress", {
        id: "mc-progress",
        max: 1,
        value: sim.progress,
        "aria-label": "Simulation progress",
      })
    );
    box.append(
      h(
        doc,
        "div",
        { class: "status", id: "mc-status", role: "status" },
        `Running… ${Math.round(sim.progress * 100)}%`
      )
    );
  } else if (sim.status === "cancelled") {
    box.append(h(doc, "div", { class: "status", id: "mc-status", role: "status" }, "Cancelled."));
  } else if (sim.status === "error") {
    box.append(
      h(doc, "div", { class: "status error", id: "mc-status", role: "alert" }, sim.message)
    );
  } else if (sim.status === "done") {
    const r = sim.result;
    const rows: Array<[string, number, MetricFormat]> = [
      ["Mean NAV", r.summary.mean, "ratio"],
      ["5th percentile", r.summary.p5, "ratio"],
      ["25th percentile", r.summary.p25, "ratio"],
      ["Median", r.summary.median, "ratio"],
      ["75th percentile", r.summary.p75, "ratio"],
      ["95th percentile", r.summary.p95, "ratio"],
      ["Probability of loss", r.summary.probLoss, "pct"],
    ];
    const table = h(
      doc,
      "table",
      { class: "stats", id: "mc-results" },
      h(
        doc,
        "tbody",
        {},
        ...rows.map(([k, v, f]) =>
          h(doc, "tr", {}, h(doc, "th", { scope: "row" }, k), h(doc, "td", {}, formatValue(v, f)))
        )
      )
    );
    box.append(
      h(
        doc,
        "div",
        { class: "status ok", id: "mc-status", role: "status" },
        `Done: ${r.summary.paths.toLocaleString("en-US")} paths × ${r.summary.steps.toLocaleString("en-US")} steps in ${(sim.ms / 1000).toFixed(2)} s.`
      ),
      table,
      histogramChart(doc, r.histogram)
    );
  }
  return box;
}

// ---- library ------------------------------------------------------------------------------------------

export interface LibraryHandlers {
  onEdit(id: string): void;
  onDuplicate(id: string): void;
  onDelete(key: string): void;
  onExport(): void;
  onImport(file: File): void;
}

export function renderLibrary(
  doc: Document,
  entries: readonly LibraryEntry[],
  where: string,
  handlers: LibraryHandlers
): HTMLElement {
  const list = h(doc, "ul", { class: "library", id: "library-list" });
  for (const e of entries) {
    if (e.status === "ok") {
      const edit = h(doc, "button", { class: "link", type: "button" }, "Edit");
      edit.addEventListener("click", () => handlers.onEdit(e.scenario.id));
      const dup = h(doc, "button", { class: "link", type: "button" }, "Duplicate");
      dup.addEventListener("click", () => handlers.onDuplicate(e.scenario.id));
      const del = h(doc, "button", { class: "link", type: "button" }, "Delete");
      del.addEventListener("click", () => handlers.onDelete(e.key));
      list.append(
        h(
          doc,
          "li",
          { "data-id": e.scenario.id },
          h(doc, "span", { class: "nm" }, e.scenario.name),
          h(doc, "span", { class: "tp" }, TEMPLATES[e.scenario.template].title),
          edit,
          dup,
          del
        )
      );
    } else {
      const del = h(doc, "button", { class: "link", type: "button" }, "Delete");
      del.addEventListener("click", () => handlers.onDelete(e.key));
      list.append(
        h(
          doc,
          "li",
          { class: "corrupt", "data-key": e.key },
          h(doc, "span", { class: "nm" }, `Unreadable saved scenario (${e.key})`),
          del,
          h(doc, "span", { class: "help" }, `Kept as stored: ${e.error}`),
          h(doc, "pre", {}, e.raw)
        )
      );
    }
  }
  if (entries.length === 0) list.append(h(doc, "li", { class: "help" }, "No saved scenarios yet."));
  const exp = h(
    doc,
    "button",
    {
      class: "btn",
      type: "button",
      id: "export-json",
      disabled: !entries.some((e) => e.status === "ok"),
    },
    "Export JSON"
  );
  exp.addEventListener("click", handlers.onExport);
  const file = h(doc, "input", {
    type: "file",
    accept: ".json,application/json",
    id: "import-file",
    "aria-label": "Import JSON",
  });
  file.addEventListener("change", () => {
    const f = file.files?.[0];
    if (f) handlers.onImport(f);
    file.value = "";
  });
  return h(
    doc,
    "section",
    { class: "card", id: "library", "aria-label": "Saved scenarios" },
    h(doc, "h2", {}, "Saved scenarios"),
    h(doc, "p", { class: "sub" }, where),
    list,
    h(
      doc,
      "div",
      { class: "actions" },
      exp,
      h(doc, "label", { class: "help", for: "import-file" }, "Import JSON: "),
      file
    )
  );
}
