/**
 * Task pane entry (webpack entry "taskpane"): waits for Office.onReady, then renders the scenario
 * builder. Inside Excel, scenarios are stored in the workbook's settings and "Insert into workbook"
 * writes a live scenario sheet; outside Excel (local preview, info.host === null) the same form,
 * preview and Monte Carlo work, scenarios are kept in this browser's localStorage, and insert is
 * disabled with an explanation. `document.body.dataset.officeReady` is set once the pane is drawn.
 */
import { insertScenario, workbookSettingsStore, type SettingsRunner } from "./excel";
import {
  KEY_PREFIX,
  SaveConflict,
  SaveFailed,
  ScenarioLibrary,
  localStorageStore,
  memoryStore,
  revisionOf,
  type KeyValuePort,
} from "./library";
import { ErrorsPanel, type ExplainerContext, type Runner } from "./errors-panel";
import { detectEnvironment, insertSelfCheck, renderSelfCheckCard } from "./selfcheck";
import { computePreview, type Preview } from "./preview";
import { DEFAULT_CHART_WIDTH } from "./charts";
import {
  buildForm,
  h,
  renderLibrary,
  renderPreview,
  renderSimulation,
  showErrors,
  tabId,
} from "./render";
import { TEMPLATES, type TemplateId } from "./scenarios";
import {
  checkForm,
  formFromInputs,
  newForm,
  setField,
  simIdle,
  simProgress,
  switchTemplate,
  type FormCheck,
  type FormState,
  type SimState,
} from "./state";
import { applyStyles } from "./styles";
import { runDistributionInWorker, SimulationCancelled } from "../worker/client";

interface ReadyInfo {
  host: unknown;
  platform: unknown;
}

function newId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function browserStore(): { store: KeyValuePort; where: string } {
  try {
    const ls = window.localStorage;
    ls.getItem("lev.probe");
    return {
      store: localStorageStore(ls, window),
      where: "Local preview: saved in this browser (localStorage), not in a workbook.",
    };
  } catch {
    return {
      store: memoryStore(),
      where: "Local preview: saved for this session only (browser storage is unavailable).",
    };
  }
}

class Pane {
  private form: FormState = newForm("token");
  private check: FormCheck = checkForm(this.form);
  private preview: Preview | null = null;
  private sim: SimState = simIdle;
  private abort: AbortController | null = null;
  private readonly library: ScenarioLibrary;
  private readonly els: Record<"form" | "actions" | "preview" | "sim" | "library", HTMLElement>;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  /** The width the charts were last drawn at (they are redrawn when the pane's width changes). */
  private drawnWidth = 0;
  /** The scenario being edited and the revision the edits started from (compared before every save). */
  private base: { id: string; revision: number } | undefined;
  /** The id of a new scenario whose save failed: saving again writes it under this id, never a copy. */
  private draftId: string | undefined;
  /** The library entry whose Delete awaits confirmation. */
  private confirmKey: string | undefined;

  constructor(
    private readonly doc: Document,
    private readonly excel: boolean,
    store: KeyValuePort,
    private readonly where: string
  ) {
    this.library = new ScenarioLibrary({ store, newId, now: () => new Date().toISOString() });
    const main = h(doc, "main", {});
    const banner = excel
      ? null
      : h(
          doc,
          "div",
          { class: "banner", id: "no-excel", role: "note" },
          "Local preview: Excel is not connected. You can fill in, check, preview and simulate scenarios here; ",
          "open the add-in from Excel's ribbon to insert them into a workbook."
        );
    this.els = {
      form: h(doc, "div", { id: "form-host" }),
      actions: h(doc, "section", { class: "card", id: "actions", "aria-label": "Actions" }),
      preview: h(doc, "div", { id: "preview-host" }),
      sim: h(doc, "div", { id: "sim-host" }),
      library: h(doc, "div", { id: "library-host" }),
    };
    main.append(
      h(doc, "h1", {}, "LEV scenario builder"),
      h(
        doc,
        "p",
        { class: "sub" },
        "Leveraged tokens, CPPI vaults, perps, liquidation risk and lending loops as live Excel sheets."
      ),
      banner ?? "",
      this.els.form,
      this.els.actions,
      this.els.preview,
      this.els.sim,
      this.els.library
    );
    doc.body.append(main);
    // Charts are drawn at their pixel width: redraw them when the task pane is resized.
    const view = doc.defaultView;
    if (view && "ResizeObserver" in view) {
      let frame = 0;
      new view.ResizeObserver(() => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => {
          if (Math.abs(this.chartWidth() - this.drawnWidth) < 2) return;
          this.renderPreview();
          this.renderSim();
        });
      }).observe(main);
    }
  }

  /** The charts' width: the cards' content box (card padding 16 px a side). */
  private chartWidth(): number {
    const w = this.els.preview.clientWidth || this.els.sim.clientWidth;
    return w > 0 ? Math.max(200, Math.floor(w - 32)) : DEFAULT_CHART_WIDTH;
  }

  /**
   * Redraws a section; if the focus was inside it, puts it back on the element with the same id (or the
   * first of `fallbacks` that is there and enabled), so keyboard users never land on the page's top.
   */
  private keepFocus(host: HTMLElement, draw: () => void, fallbacks: string[] = []) {
    const active = this.doc.activeElement;
    const had = active instanceof HTMLElement && host.contains(active) ? active.id : null;
    draw();
    if (had === null) return;
    for (const id of [had, ...fallbacks]) {
      const el = id ? this.doc.getElementById(id) : null;
      if (el && !(el instanceof HTMLButtonElement && el.disabled)) {
        el.focus();
        return;
      }
    }
  }

  async start(): Promise<void> {
    this.rebuildForm();
    this.refresh();
    this.renderLibrary();
    try {
      await this.library.load();
    } catch (e) {
      this.status(`Could not read the saved scenarios: ${(e as Error).message}`, "error");
    }
    this.renderLibrary();
    // another pane (window, co-author, browser tab) saved or deleted: show the workbook's list
    try {
      await this.library.watch(() => this.otherPaneChanged());
    } catch {
      // the host cannot report changes: the list is reloaded on the next save or reopen
    }
  }

  private otherPaneChanged() {
    this.renderLibrary();
    const id = this.form.editingId;
    if (!id || this.base?.id !== id) return;
    const now = this.library.get(id);
    if (!now)
      this.status(
        `"${this.form.name}" was deleted in another pane or window. Your inputs are still here: "Save as new" keeps them.`,
        "error"
      );
    else if (revisionOf(now) !== this.base.revision)
      this.status(
        `"${now.name}" was changed in another pane or window (revision ${revisionOf(now)}). Saving your edits will be refused: use "Save as new", or Edit it to load that version.`,
        "error"
      );
  }

  // ---- form ----
  private rebuildForm() {
    this.els.form.replaceChildren(
      buildForm(this.doc, this.form, {
        onTemplate: (t: TemplateId) => {
          this.setForm(switchTemplate(this.form, t), true);
          // the tabs were rebuilt: the focus goes to the chosen one (mouse, Enter, Space or arrows)
          this.doc.getElementById(tabId(t))?.focus();
        },
        onName: (text) => this.setForm({ ...this.form, name: text }),
        onField: (key, text) => this.setForm(setField(this.form, key, text)),
      })
    );
  }

  private setForm(next: FormState, rebuild = false) {
    const templateChanged = next.template !== this.form.template;
    this.form = next;
    if (rebuild) this.rebuildForm();
    if (templateChanged) this.cancelSim(simIdle);
    else if (
      this.sim.status === "done" ||
      this.sim.status === "cancelled" ||
      this.sim.status === "error"
    )
      this.sim = simIdle;
    this.check = checkForm(this.form);
    showErrors(this.els.form, this.check.errors);
    this.renderActions();
    this.renderSim();
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => this.renderPreview(), 120);
  }

  private refresh() {
    this.check = checkForm(this.form);
    showErrors(this.els.form, this.check.errors);
    this.renderActions();
    this.renderPreview();
    this.renderSim();
  }

  private statusEl = h(this.doc, "div", {
    class: "status",
    id: "status",
    role: "status",
    "aria-live": "polite",
  });
  private status(text: string, kind: "ok" | "error" | "" = "") {
    this.statusEl.textContent = text;
    this.statusEl.className = `status ${kind}`;
  }

  private renderActions() {
    const ok = this.check.ok;
    const save = h(
      this.doc,
      "button",
      { class: "btn", type: "button", id: "save", disabled: !ok },
      this.form.editingId ? "Save changes" : "Save scenario"
    );
    save.addEventListener("click", () => void this.save(false));
    const saveNew = this.form.editingId
      ? h(
          this.doc,
          "button",
          { class: "btn", type: "button", id: "save-new", disabled: !ok },
          "Save as new"
        )
      : null;
    saveNew?.addEventListener("click", () => void this.save(true));
    const insert = h(
      this.doc,
      "button",
      { class: "btn primary", type: "button", id: "insert", disabled: !ok || !this.excel },
      "Insert into workbook"
    );
    insert.addEventListener("click", () => void this.insert());
    const fresh = h(this.doc, "button", { class: "btn", type: "button", id: "new" }, "New");
    fresh.addEventListener("click", () => {
      this.draftId = undefined;
      this.setForm(newForm(this.form.template), true);
    });
    const why = !this.excel
      ? h(
          this.doc,
          "p",
          { class: "why", id: "insert-why" },
          "Insert into workbook needs Excel: this page is the local preview (Office.onReady reported no host)."
        )
      : !ok
        ? h(
            this.doc,
            "p",
            { class: "why", id: "insert-why" },
            `Fix ${Object.keys(this.check.errors).length} input(s) first.`
          )
        : h(
            this.doc,
            "p",
            { class: "why", id: "insert-why" },
            "Adds a new sheet with an Inputs table, the LEV formulas, result tables, a chart and the assumptions. Existing sheets are never overwritten."
          );
    this.keepFocus(
      this.els.actions,
      () =>
        this.els.actions.replaceChildren(
          h(
            this.doc,
            "h2",
            {},
            this.form.editingId
              ? `Editing "${this.library.get(this.form.editingId)?.name ?? this.form.name}"`
              : "Scenario"
          ),
          h(this.doc, "div", { class: "actions" }, insert, save, saveNew, fresh),
          why,
          this.statusEl
        ),
      ["save", "new"]
    );
  }

  private renderPreview() {
    const errors = Object.keys(this.check.errors).length;
    this.preview = this.check.ok ? computePreview(this.form.template, this.check.inputs) : null;
    this.drawnWidth = this.chartWidth();
    this.els.preview.replaceChildren(
      renderPreview(this.doc, this.preview, errors, this.drawnWidth)
    );
  }

  // ---- Monte Carlo ----
  private renderSim() {
    if (this.form.template !== "token" && this.form.template !== "band") {
      this.els.sim.replaceChildren();
      return;
    }
    const paths = this.check.ok ? (this.check.inputs.paths as number) : undefined;
    const running = this.sim.status === "running";
    this.keepFocus(
      this.els.sim,
      () =>
        this.els.sim.replaceChildren(
          renderSimulation(
            this.doc,
            this.sim,
            this.check.ok,
            {
              onRun: () => void this.runSim(),
              onCancel: () => this.cancelSim({ status: "cancelled" }),
            },
            paths,
            this.chartWidth()
          )
        ),
      running ? ["cancel-mc"] : ["run-mc"]
    );
  }

  private updateProgress(fraction: number) {
    this.sim = simProgress(this.sim, fraction);
    const bar = this.els.sim.querySelector<HTMLProgressElement>("#mc-progress");
    const label = this.els.sim.querySelector<HTMLElement>("#mc-status");
    if (bar && label && this.sim.status === "running") {
      bar.value = this.sim.progress;
      label.textContent = `Running… ${Math.round(this.sim.progress * 100)}%`;
    } else this.renderSim();
  }

  private async runSim() {
    if (!this.check.ok) return;
    const params = computePreview(this.form.template, this.check.inputs).simulation;
    if (!params) return;
    this.cancelSim(simIdle);
    const abort = new AbortController();
    this.abort = abort;
    this.sim = { status: "running", progress: 0 };
    this.renderSim();
    const t0 = performance.now();
    try {
      const result = await runDistributionInWorker(params, {
        signal: abort.signal,
        onProgress: (f) => this.updateProgress(f),
        bins: 30,
        scale: "log",
      });
      if (this.abort !== abort) return;
      this.sim = { status: "done", result, ms: performance.now() - t0 };
    } catch (e) {
      if (this.abort !== abort) return;
      this.sim =
        e instanceof SimulationCancelled
          ? { status: "cancelled" }
          : { status: "error", message: (e as Error).message };
    }
    this.abort = null;
    this.renderSim();
  }

  private cancelSim(next: SimState) {
    if (this.abort) {
      this.abort.abort();
      this.abort = null;
    }
    this.sim = next;
    this.renderSim();
  }

  // ---- save / insert ----
  private async save(asNew: boolean) {
    if (!this.check.ok) return undefined;
    const { name, inputs } = this.check;
    const editing = asNew ? undefined : this.form.editingId;
    try {
      const saved = await this.library.save({
        // a new scenario whose save failed is saved again under the same id (never a second copy)
        id: editing ?? this.draftId,
        baseRevision: editing && this.base?.id === editing ? this.base.revision : undefined,
        name,
        template: this.form.template,
        inputs,
      });
      this.form = { ...this.form, editingId: saved.id };
      this.base = { id: saved.id, revision: revisionOf(saved) };
      this.draftId = undefined;
      this.renderActions();
      this.renderLibrary();
      this.status(
        this.excel
          ? `Saved "${saved.name}" in this workbook's add-in settings (revision ${revisionOf(saved)}). It is in the file once the workbook is saved (Ctrl+S, or AutoSave).`
          : `Saved "${saved.name}" in this browser.`,
        "ok"
      );
      return saved;
    } catch (e) {
      if (e instanceof SaveFailed && !editing) this.draftId = e.id;
      if (e instanceof SaveConflict) this.renderLibrary();
      this.status((e as Error).message, "error");
      return undefined;
    }
  }

  private async insert() {
    if (!this.check.ok || !this.excel) return;
    const scenario = {
      name: this.check.name,
      template: this.form.template,
      inputs: this.check.inputs,
    };
    this.status("Inserting…");
    try {
      const r = await Excel.run((context) => insertScenario(context, scenario));
      await this.save(false);
      this.status(`Inserted sheet "${r.sheetName}". Edit its Inputs table to recalculate.`, "ok");
    } catch (e) {
      this.status(`Insert failed: ${(e as Error).message}`, "error");
    }
  }

  // ---- library ----
  private renderLibrary() {
    this.keepFocus(this.els.library, () => this.drawLibrary(), ["export-json", "library-heading"]);
  }

  private drawLibrary() {
    this.els.library.replaceChildren(
      renderLibrary(
        this.doc,
        this.library.list(),
        this.excel
          ? "Stored in this workbook's add-in settings: they are in the file once the workbook is saved, and travel with it. Changes made in another pane or window appear here."
          : this.where,
        {
          onEdit: (id) => {
            const s = this.library.get(id);
            if (!s) return;
            this.base = { id: s.id, revision: revisionOf(s) };
            this.setForm(formFromInputs(s.template, s.inputs, s.name, s.id), true);
            this.status(`Editing "${s.name}".`);
          },
          onDuplicate: async (id) => {
            try {
              const copy = await this.library.duplicate(id);
              this.renderLibrary();
              this.status(`Duplicated as "${copy.name}".`, "ok");
            } catch (e) {
              this.status((e as Error).message, "error");
            }
          },
          // Delete asks first (inline: Office add-ins cannot use window.confirm)
          onDelete: (key) => {
            this.confirmKey = key;
            this.drawLibrary();
            this.doc.getElementById("lib-cancel-del")?.focus();
          },
          onCancelDelete: (key) => {
            this.confirmKey = undefined;
            this.drawLibrary();
            const row = [...this.doc.querySelectorAll<HTMLElement>("#library-list li")].find(
              (li) => li.dataset.key === key || `${KEY_PREFIX}${li.dataset.id}` === key
            );
            row?.querySelector<HTMLElement>("button[id^='lib-del-']")?.focus();
          },
          onConfirmDelete: async (key) => {
            this.confirmKey = undefined;
            try {
              await this.library.remove(key);
              if (this.form.editingId && key.endsWith(this.form.editingId))
                this.form = { ...this.form, editingId: undefined };
              this.renderLibrary();
              this.renderActions();
              this.status(
                this.excel
                  ? "Deleted from this workbook's add-in settings (the file keeps it until the workbook is saved)."
                  : "Deleted.",
                "ok"
              );
            } catch (e) {
              this.renderLibrary();
              this.status((e as Error).message, "error");
            }
          },
          onExport: () => {
            const blob = new Blob([this.library.exportJson()], { type: "application/json" });
            const a = h(this.doc, "a", {
              href: URL.createObjectURL(blob),
              download: "lev-scenarios.json",
            });
            this.doc.body.append(a);
            a.click();
            a.remove();
            setTimeout(() => URL.revokeObjectURL(a.href), 10000);
          },
          onImport: async (file) => {
            try {
              const r = await this.library.importJson(await file.text());
              this.renderLibrary();
              const parts = [`Imported ${r.scenarios.length} scenario(s)`];
              if (r.migratedFrom) parts.push(`(migrated from schema version ${r.migratedFrom})`);
              if (r.rejected.length) parts.push(`; not imported: ${r.rejected.join(" | ")}`);
              this.status(parts.join(" "), r.rejected.length ? "error" : "ok");
            } catch (e) {
              this.status(`Import failed: ${(e as Error).message}`, "error");
            }
          },
        },
        this.confirmKey
      )
    );
  }
}

/**
 * Inside Excel: the error explainer above the form (errors-panel.ts) and the self-check card below the
 * library (selfcheck.ts), mounted beside the Pane without touching it.
 */
function mountExcelTools(doc: Document): Promise<void> {
  const main = doc.querySelector("main");
  if (!main) return Promise.resolve();
  const errorsHost = h(doc, "div", { id: "errors-host" });
  main.insertBefore(errorsHost, doc.getElementById("form-host"));
  const run: Runner<ExplainerContext> = (cb) => Excel.run((context) => cb(context));
  const selfHost = h(doc, "div", { id: "selfcheck-host" });
  main.append(selfHost);
  const drawSelfCheck = (status?: { text: string; kind: "ok" | "error" | "" }) => {
    const hadFocus = doc.activeElement?.id === "insert-selfcheck";
    selfHost.replaceChildren(renderSelfCheckCard(doc, () => void insertCheck(), status));
    if (hadFocus) doc.getElementById("insert-selfcheck")?.focus();
  };
  const insertCheck = async () => {
    drawSelfCheck({ text: "Inserting…", kind: "" });
    try {
      const env = detectEnvironment(
        typeof Office !== "undefined" ? Office : undefined,
        navigator.userAgent
      );
      const plan = await Excel.run((context) => insertSelfCheck(context, env));
      drawSelfCheck({
        text: `Inserted sheet "${plan.sheetName}": ${plan.passCells.length - 1} checks; cell ${plan.allPass} is TRUE when all pass.`,
        kind: "ok",
      });
    } catch (e) {
      drawSelfCheck({ text: `Self-check failed: ${(e as Error).message}`, kind: "error" });
    }
  };
  drawSelfCheck();
  return new ErrorsPanel(doc, errorsHost, run).start();
}

async function boot(info: ReadyInfo) {
  applyStyles(document);
  // Charts with several series need ExcelApi 1.7 (ChartSeriesCollection.add), a series on the secondary axis
  // 1.8 (ChartSeries.axisGroup: the cascade and loop charts); names and settings need 1.4.
  // Office.context is absent before Office is initialised (and in a stand-in host), despite its type.
  const requirements: Office.RequirementSetSupport | undefined =
    typeof Office !== "undefined" ? Office.context?.requirements : undefined;
  const apiOk =
    typeof requirements?.isSetSupported === "function"
      ? requirements.isSetSupported("ExcelApi", "1.8")
      : true;
  const excel = String(info.host) === "Excel" && typeof Excel !== "undefined" && apiOk;
  const runInExcel: SettingsRunner = (cb) => Excel.run((context) => cb(context));
  const { store, where } = excel
    ? { store: workbookSettingsStore(runInExcel), where: "" }
    : browserStore();
  const pane = new Pane(
    document,
    excel,
    store,
    String(info.host) === "Excel" && !apiOk
      ? "This Excel is older than ExcelApi 1.8 (needed for the scenario charts): scenarios are kept in this browser."
      : where
  );
  const started = pane.start();
  const tools = excel
    ? mountExcelTools(document).catch(() => undefined)
    : Promise.resolve(undefined);
  document.body.dataset.officeReady = JSON.stringify(info);
  await started;
  document.body.dataset.libraryLoaded = "true";
  await tools;
  if (excel) document.body.dataset.errorsReady = "true";
}

if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
  Office.onReady((info) => void boot({ host: info.host ?? null, platform: info.platform ?? null }));
} else {
  // office.js did not load (e.g. the CDN is unreachable): still show the local preview.
  void boot({ host: null, platform: null });
}

export { TEMPLATES };
