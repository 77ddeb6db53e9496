/**
 * DOM rendering of the pane. Pure drawing of the state (state.ts) and the preview (preview.ts);
 * no Excel calls, no engine calls. Elements are created with createElement/textContent only
 * (no innerHTML: scenario names and stored text can never inject markup), and charts are inline SVG.
 */
import { DEFAULT_CHART_WIDTH, histogramChart, lineChart } from "./charts";
import type { LibraryEntry } from "./library";
import { exactValue, formatValue } from "./format";
import type { Metric, MetricFormat, PerfPreview, Preview } from "./preview";
import { TEMPLATES, TEMPLATE_IDS, type Preset, type TemplateId } from "./scenarios";
import type { FormState, SimState } from "./state";

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

// ---- form -------------------------------------------------------------------------------------------

export interface FormHandlers {
  /** A tab chose a template; the pane rebuilds the form and puts the focus back on that tab. */
  onTemplate(t: TemplateId): void;
  onName(text: string): void;
  onField(key: string, text: string): void;
}

/** Template tabs + name + one field per template field. Rebuilt only when the template changes. */
export function buildForm(doc: Document, form: FormState, handlers: FormHandlers): HTMLElement {
  const spec = TEMPLATES[form.template];
  // WAI-ARIA tabs: one tab stop (the selected tab), arrows move and select (automatic activation),
  // Home/End the first/last tab; the panel below is labelled by the selected tab.
  const tabs = h(doc, "div", {
    class: "tabs",
    role: "tablist",
    "aria-label": "Scenario template",
    "aria-orientation": "horizontal",
  });
  const ids = [...TEMPLATE_IDS];
  for (const id of ids) {
    const selected = id === form.template;
    const b = h(
      doc,
      "button",
      {
        class: "tab",
        role: "tab",
        type: "button",
        id: tabId(id),
        "data-template": id,
        "aria-selected": selected ? "true" : "false",
        "aria-controls": PANEL_ID,
        tabindex: selected ? "0" : "-1",
      },
      TEMPLATES[id].title
    );
    b.addEventListener("click", () => handlers.onTemplate(id));
    b.addEventListener("keydown", (e) => {
      const i = ids.indexOf(id);
      const next =
        e.key === "ArrowRight" || e.key === "ArrowDown"
          ? ids[(i + 1) % ids.length]
          : e.key === "ArrowLeft" || e.key === "ArrowUp"
            ? ids[(i - 1 + ids.length) % ids.length]
            : e.key === "Home"
              ? ids[0]
              : e.key === "End"
                ? ids[ids.length - 1]
                : undefined;
      if (!next) return;
      e.preventDefault();
      handlers.onTemplate(next);
    });
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
    } else if (f.kind === "brackets" || f.kind === "rows") {
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
      {
        class: f.kind === "brackets" || f.kind === "rows" ? "field wide" : "field",
        "data-key": f.key,
      },
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
    h(
      doc,
      "div",
      { role: "tabpanel", id: PANEL_ID, "aria-labelledby": tabId(form.template) },
      h(doc, "p", { class: "sub" }, spec.summary),
      nameField,
      presetField(doc, spec.presets ?? [], grid, handlers),
      grid,
      h(doc, "details", {}, h(doc, "summary", { class: "help" }, "Assumptions"), assumptions)
    )
  );
}

/**
 * A template's published parameter sets (scenarios.ts `presets`): choosing one types its values into the
 * fields, as the analyst would, then the list goes back to its prompt (the fields stay editable).
 */
function presetField(
  doc: Document,
  presets: readonly Preset[],
  grid: HTMLElement,
  handlers: FormHandlers
): HTMLElement | null {
  if (presets.length === 0) return null;
  const select = h(
    doc,
    "select",
    { id: "f-_preset", "aria-describedby": "h-_preset" },
    h(doc, "option", { value: "" }, "Fill in a published parameter set…"),
    ...presets.map((p) => h(doc, "option", { value: p.id }, p.label))
  );
  select.addEventListener("change", () => {
    const preset = presets.find((p) => p.id === select.value);
    if (!preset) return;
    for (const [key, value] of Object.entries(preset.values)) {
      const text = String(value);
      const control = grid.querySelector<HTMLInputElement | HTMLSelectElement>(
        `[data-field="${key}"]`
      );
      if (control) control.value = text;
      handlers.onField(key, text);
    }
    select.value = "";
  });
  return h(
    doc,
    "div",
    { class: "field wide" },
    h(doc, "label", { for: "f-_preset" }, "Preset"),
    select,
    h(
      doc,
      "div",
      { class: "help", id: "h-_preset" },
      "Dated parameter sets (Aave v3 Ethereum, docs/references/funding-defi.md §2.3): the assets' labels and rate models, and for e-mode the LTV and threshold."
    )
  );
}

/** The tab of a template and the one panel they control. */
export const tabId = (t: TemplateId): string => `tab-${t}`;
export const PANEL_ID = "template-panel";

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
  invalidCount: number,
  chartWidth = DEFAULT_CHART_WIDTH
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
  // the key numbers, in groups under their section's heading (metrics.ts `section`)
  let dl = h(doc, "dl", { class: "metrics" });
  for (const m of preview.metrics) {
    if (m.section) {
      if (dl.childElementCount > 0) box.append(dl);
      box.append(h(doc, "h3", { class: "metric-section" }, m.section));
      dl = h(doc, "dl", { class: "metrics" });
    }
    dl.append(
      h(
        doc,
        "div",
        { class: "metric", "data-metric": m.label },
        h(doc, "dt", {}, m.label),
        m.value === null
          ? h(doc, "dd", { class: "na", title: m.error ?? "" }, m.error ?? "n/a")
          : metricValue(doc, m.value, m.format)
      )
    );
  }
  box.append(dl);
  if (preview.performance) box.append(...performanceTable(doc, preview.performance));
  for (const c of preview.charts) box.append(lineChart(doc, c, chartWidth));
  if (preview.chartError)
    box.append(h(doc, "p", { class: "status error" }, `Chart: ${preview.chartError}`));
  return box;
}

/** The LEV.PERF comparison: a heading, then one row per statistic and one column per series. */
function performanceTable(doc: Document, perf: PerfPreview): HTMLElement[] {
  const cell = (m: Metric) =>
    m.value === null
      ? h(doc, "td", { class: "na", title: m.error ?? "" }, m.error ?? "n/a")
      : h(doc, "td", {}, formatValue(m.value, m.format));
  return [
    h(doc, "h3", { class: "metric-section", id: "perf-heading" }, perf.title),
    h(
      doc,
      "table",
      { class: "stats", id: "perf-table", "aria-labelledby": "perf-heading" },
      h(
        doc,
        "thead",
        {},
        h(
          doc,
          "tr",
          {},
          h(doc, "th", { scope: "col" }, "Statistic"),
          ...perf.series.map((s) => h(doc, "th", { scope: "col" }, s))
        )
      ),
      h(
        doc,
        "tbody",
        {},
        ...perf.rows.map((r) =>
          h(
            doc,
            "tr",
            { "data-statistic": r.statistic },
            h(doc, "th", { scope: "row" }, r.label),
            ...r.cells.map(cell)
          )
        )
      )
    ),
  ];
}

/** A metric's value; a tiny probability shows "< 0.01%" with its exact value beside it. */
function metricValue(doc: Document, x: number, f: MetricFormat): HTMLElement {
  const exact = exactValue(x, f);
  return exact
    ? h(doc, "dd", {}, formatValue(x, f), h(doc, "span", { class: "exact" }, ` (${exact})`))
    : h(doc, "dd", {}, formatValue(x, f));
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
  paths?: number,
  chartWidth = DEFAULT_CHART_WIDTH
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
      ["Probability of loss", r.summary.probLoss, "prob"],
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
      histogramChart(doc, r.histogram, r.summary, chartWidth)
    );
  }
  return box;
}

// ---- library ------------------------------------------------------------------------------------------

export interface LibraryHandlers {
  onEdit(id: string): void;
  onDuplicate(id: string): void;
  /** Delete pressed: with onConfirmDelete, the pane asks first (renders the row with `confirmKey`). */
  onDelete(key: string): void;
  /** The analyst confirmed deleting the entry under `key`. */
  onConfirmDelete?(key: string): void;
  onCancelDelete?(key: string): void;
  onExport(): void;
  onImport(file: File): void;
}

/** The inline confirmation of a delete (Office add-ins cannot use window.confirm). */
function confirmRow(
  doc: Document,
  key: string,
  what: string,
  handlers: LibraryHandlers
): HTMLElement {
  const yes = h(
    doc,
    "button",
    { class: "btn danger", type: "button", id: "lib-confirm-del", "data-key": key },
    "Delete"
  );
  yes.addEventListener("click", () => handlers.onConfirmDelete?.(key));
  const no = h(
    doc,
    "button",
    { class: "btn", type: "button", id: "lib-cancel-del", "data-key": key },
    "Keep"
  );
  no.addEventListener("click", () => handlers.onCancelDelete?.(key));
  return h(
    doc,
    "div",
    { class: "confirm", role: "group", "aria-labelledby": "lib-confirm-q" },
    h(
      doc,
      "span",
      { id: "lib-confirm-q" },
      `Delete ${what} from this workbook? This cannot be undone.`
    ),
    yes,
    no
  );
}

export function renderLibrary(
  doc: Document,
  entries: readonly LibraryEntry[],
  where: string,
  handlers: LibraryHandlers,
  /** The entry whose Delete awaits confirmation. */
  confirmKey?: string
): HTMLElement {
  const list = h(doc, "ul", { class: "library", id: "library-list" });
  for (const e of entries) {
    if (e.key === confirmKey && handlers.onConfirmDelete) {
      const what =
        e.status === "ok"
          ? `"${e.scenario.name}"`
          : e.status === "newer"
            ? `"${e.name ?? e.key}" (saved by a newer version)`
            : `the unreadable ${e.key}`;
      list.append(
        h(
          doc,
          "li",
          { class: "confirming", "data-key": e.key },
          confirmRow(doc, e.key, what, handlers)
        )
      );
      continue;
    }
    if (e.status === "ok") {
      const name = e.scenario.name;
      const button = (what: string, id: string) =>
        h(
          doc,
          "button",
          { class: "link", type: "button", id, "aria-label": `${what} ${name}` },
          what
        );
      const edit = button("Edit", `lib-edit-${e.scenario.id}`);
      edit.addEventListener("click", () => handlers.onEdit(e.scenario.id));
      const dup = button("Duplicate", `lib-dup-${e.scenario.id}`);
      dup.addEventListener("click", () => handlers.onDuplicate(e.scenario.id));
      const del = button("Delete", `lib-del-${e.scenario.id}`);
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
      const del = h(
        doc,
        "button",
        {
          class: "link",
          type: "button",
          id: `lib-del-${e.key}`,
          "aria-label": `Delete unreadable ${e.key}`,
        },
        "Delete"
      );
      del.addEventListener("click", () => handlers.onDelete(e.key));
      list.append(
        h(
          doc,
          "li",
          { class: e.status === "newer" ? "corrupt newer" : "corrupt", "data-key": e.key },
          h(
            doc,
            "span",
            { class: "nm" },
            e.status === "newer"
              ? `Saved by a newer version: ${e.name ?? e.key}`
              : `Unreadable saved scenario (${e.key})`
          ),
          del,
          h(
            doc,
            "span",
            { class: "help" },
            e.status === "newer" ? `Not editable here: ${e.error}` : `Kept as stored: ${e.error}`
          ),
          // scrollable: a tab stop so a keyboard can scroll it
          h(doc, "pre", { tabindex: "0", "aria-label": `Stored text of ${e.key}` }, e.raw)
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
      // everything listed is exported: newer-version records as stored, unreadable ones with their reason
      disabled: entries.length === 0,
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
    h(doc, "h2", { id: "library-heading", tabindex: "-1" }, "Saved scenarios"),
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
