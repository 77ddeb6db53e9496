/**
 * The error explainer: the message of the LEV error in the selected cell, and every LEV error of the active
 * sheet with its message and a "Go to" link — so each message is one click away on every platform, also
 * for #NUM! (whose message Excel never shows) and on desktop builds that do not show #VALUE!/#N/A messages
 * (docs/references/office-addin.md §2.3, "Error messages in the task pane").
 *
 * The messages come from the functions' error log (functions/error-log.ts: the shared runtime runs the
 * functions and this pane in one JavaScript context). Before a record is shown its cell is read back from
 * Excel (one batch): a record whose cell no longer holds a LEV formula showing an error (cleared, edited,
 * overwritten by a constant) is dropped from the log. An error cell that has no record (its value was
 * calculated before the add-in started, e.g. saved in the file) is explained as such, with a button that
 * recalculates the sheet so that its message is recorded.
 *
 * Like excel.ts, the Excel side takes a request context typed with the parts of the Excel API it uses
 * (Picks of @types/office-js), so office-addin-mock objects stand in for it in test/taskpane.
 */
import { errorLog, parseAddress, type ErrorLog, type ErrorRecord } from "../../functions/error-log";
import { h } from "./render";

// ---- Excel ---------------------------------------------------------------------------------------------

/** A cell read back: its address, formula, value and value type (ExcelApi 1.1). */
export type CellRead = Pick<Excel.Range, "load" | "address" | "formulas" | "values" | "valueTypes">;
export interface SheetRead extends Pick<Excel.Worksheet, "load" | "name"> {
  getRange(address: string): CellRead;
}
/** The parts of an `Excel.RequestContext` the explainer reads (ExcelApi 1.7: getActiveCell). */
export interface ErrorsContext {
  workbook: {
    getActiveCell(): CellRead;
    worksheets: { getActiveWorksheet(): SheetRead };
  };
  sync(): Promise<unknown>;
}
/** The parts used to go to a cell and to recalculate the active sheet (ExcelApi 1.6). */
export interface NavigateContext {
  workbook: {
    worksheets: {
      getItem(name: string): Pick<Excel.Worksheet, "activate"> & {
        getRange(address: string): Pick<Excel.Range, "select">;
      };
      getActiveWorksheet(): Pick<Excel.Worksheet, "calculate">;
    };
  };
  sync(): Promise<unknown>;
}
type Handler = () => Promise<unknown>;
/** The events the explainer follows: the selection (ExcelApi 1.2) and the active sheet (ExcelApi 1.7). */
export interface EventsContext {
  workbook: {
    onSelectionChanged?: { add(handler: Handler): unknown };
    worksheets: { onActivated?: { add(handler: Handler): unknown } };
  };
  sync(): Promise<unknown>;
}
export type Runner<C> = <T>(cb: (context: C) => Promise<T>) => Promise<T>;

/** What the selected cell shows. */
export type SelectedState =
  /** a LEV error whose message is in the log */
  | "message"
  /** a LEV formula showing an error that the log has no message for (calculated before the add-in started) */
  | "unrecorded"
  /** an error from a formula without LEV functions (it refers to an error cell, or is Excel's own) */
  | "not-lev"
  /** no error */
  | "ok";

export interface SelectedCell {
  address: string;
  sheet: string;
  cell: string;
  state: SelectedState;
  /** The error value the cell shows (#VALUE!, #NUM!, …), when it shows one. */
  shows?: string;
  record?: ErrorRecord;
}

export interface SheetErrors {
  sheet: string;
  selected?: SelectedCell;
  /** The LEV errors of the sheet whose messages are recorded, row by row. */
  errors: ErrorRecord[];
  /** Records dropped by the log's cap (page-wide), and the cap. */
  dropped: number;
  cap: number;
}

const isLevFormula = (f: unknown) => typeof f === "string" && /\bLEV\.[A-Z]/i.test(f);

/**
 * Reads the active sheet's name and the selected cell, then the cell of every record the log holds for that
 * sheet (2 syncs); records whose cells no longer show a LEV error are dropped from the log.
 */
export async function readSheetErrors(
  context: ErrorsContext,
  log: ErrorLog = errorLog()
): Promise<SheetErrors> {
  const sheet = context.workbook.worksheets.getActiveWorksheet();
  sheet.load("name");
  const active = context.workbook.getActiveCell();
  active.load(["address", "formulas", "values", "valueTypes"]);
  await context.sync();
  const records = log.onSheet(sheet.name);
  const cells = records.map((r) => {
    const c = sheet.getRange(r.cell);
    c.load(["formulas", "valueTypes"]);
    return c;
  });
  if (cells.length > 0) await context.sync();
  const errors: ErrorRecord[] = [];
  records.forEach((r, i) => {
    const c = cells[i];
    if (c.valueTypes[0][0] === "Error" && isLevFormula(c.formulas[0][0])) errors.push(r);
    else log.clear(r.address);
  });
  const place = parseAddress(active.address);
  let selected: SelectedCell | undefined;
  if (place) {
    const isError = active.valueTypes[0][0] === "Error";
    const lev = isLevFormula(active.formulas[0][0]);
    const record = isError && lev ? log.get(place.sheet, place.cell) : undefined;
    selected = {
      address: active.address,
      ...place,
      state: !isError ? "ok" : !lev ? "not-lev" : record ? "message" : "unrecorded",
      shows: isError ? String(active.values[0][0]) : undefined,
      record,
    };
  }
  return { sheet: sheet.name, selected, errors, dropped: log.dropped, cap: log.cap };
}

/** Activates the sheet and selects the cell (1 sync). */
export async function goToCell(context: NavigateContext, sheet: string, cell: string) {
  const ws = context.workbook.worksheets.getItem(sheet);
  ws.activate();
  ws.getRange(cell).select();
  await context.sync();
}

/** Recalculates every formula of the active sheet, so each LEV error records its message (1 sync). */
export async function recalculateActiveSheet(context: NavigateContext) {
  context.workbook.worksheets.getActiveWorksheet().calculate(true);
  await context.sync();
}

/** Registers `onChange` for selection changes and sheet activation, where the host has those events. */
export async function watchSelection(context: EventsContext, onChange: () => void) {
  const handler = async () => onChange();
  context.workbook.onSelectionChanged?.add(handler);
  context.workbook.worksheets.onActivated?.add(handler);
  await context.sync();
}

// ---- DOM -----------------------------------------------------------------------------------------------

export interface ErrorsHandlers {
  onGoTo(sheet: string, cell: string): void;
  onRecalculate(): void;
}

function selectedBox(doc: Document, s: SelectedCell | undefined): HTMLElement {
  const box = h(doc, "div", {
    class: "selected-error",
    id: "selected-error",
    role: "status",
    "aria-live": "polite",
  });
  if (!s) {
    box.append(h(doc, "p", { class: "help" }, "Select a cell to see its LEV error message."));
    return box;
  }
  const label = h(doc, "p", { class: "cell-label" }, `Selected cell ${s.cell}`);
  box.append(label);
  if (s.state === "message" && s.record) {
    box.classList.add("has-error");
    box.append(
      h(
        doc,
        "p",
        { class: "err-code" },
        h(doc, "strong", {}, s.record.code),
        ` from ${s.record.fn}`
      ),
      h(doc, "p", { class: "err-message", id: "selected-error-message" }, s.record.message)
    );
  } else if (s.state === "unrecorded") {
    box.append(
      h(
        doc,
        "p",
        { class: "help" },
        `${s.shows ?? "An error"}: no message recorded for this cell yet. Its value was calculated before the add-in started (for example saved in the file). Recalculate the sheet to read the message.`
      )
    );
  } else if (s.state === "not-lev") {
    box.append(
      h(
        doc,
        "p",
        { class: "help" },
        `${s.shows ?? "An error"}, but the cell holds no LEV function: the error comes from a cell it refers to (see the list below) or from Excel itself.`
      )
    );
  } else {
    box.append(h(doc, "p", { class: "help" }, "No error in this cell."));
  }
  return box;
}

/** The explainer card: the selected cell's message, the sheet's LEV errors with "Go to", Recalculate. */
export function renderErrorsPanel(
  doc: Document,
  view: SheetErrors | null,
  handlers: ErrorsHandlers,
  problem?: string
): HTMLElement {
  const card = h(
    doc,
    "section",
    { class: "card", id: "errors-panel", "aria-labelledby": "errors-heading" },
    h(doc, "h2", { id: "errors-heading" }, "Error messages"),
    h(
      doc,
      "p",
      { class: "sub" },
      "Excel shows LEV messages only on some errors and platforms: every LEV error's message is here. Select an error cell, or pick one below."
    )
  );
  if (problem) card.append(h(doc, "p", { class: "status error" }, problem));
  if (!view) return card;
  card.append(selectedBox(doc, view.selected));
  const list = h(doc, "ul", { class: "sheet-errors", id: "sheet-errors" });
  for (const r of view.errors) {
    const go = h(
      doc,
      "button",
      {
        class: "link",
        type: "button",
        "data-cell": r.cell,
        "aria-label": `Go to ${r.cell} (${r.code} from ${r.fn})`,
      },
      `Go to ${r.cell}`
    );
    go.addEventListener("click", () => handlers.onGoTo(r.sheet, r.cell));
    list.append(
      h(
        doc,
        "li",
        { "data-cell": r.cell },
        h(doc, "span", { class: "code" }, r.code),
        h(doc, "span", { class: "fn" }, r.fn),
        go,
        h(doc, "span", { class: "msg" }, r.message)
      )
    );
  }
  const count = view.errors.length;
  card.append(
    h(
      doc,
      "h3",
      { id: "sheet-errors-heading" },
      count === 0
        ? `No LEV errors recorded on ${view.sheet}`
        : `${count} LEV error${count === 1 ? "" : "s"} on ${view.sheet}`
    )
  );
  if (count > 0) card.append(list);
  const recalc = h(
    doc,
    "button",
    { class: "btn", type: "button", id: "recalc-sheet" },
    "Recalculate sheet"
  );
  recalc.addEventListener("click", handlers.onRecalculate);
  card.append(
    h(
      doc,
      "div",
      { class: "actions" },
      recalc,
      h(
        doc,
        "span",
        { class: "help" },
        "Messages are recorded as LEV formulas calculate; after reopening a workbook, recalculate to record those of the errors saved in the file."
      )
    )
  );
  if (view.dropped > 0)
    card.append(
      h(
        doc,
        "p",
        { class: "help", id: "errors-dropped" },
        `The add-in keeps the messages of the ${view.cap} most recent error cells; ${view.dropped} older ones were dropped: recalculate to record them again.`
      )
    );
  return card;
}

// ---- controller ---------------------------------------------------------------------------------------

/** Everything the explainer does in Excel: an `Excel.RequestContext` is one. */
export type ExplainerContext = ErrorsContext & NavigateContext & EventsContext;
type AnyContext = ExplainerContext;

/**
 * Mounts the explainer into `host` and keeps it current: on selection change, on sheet activation and when
 * the error log changes (a recalculation), at most one read at a time and no more often than every 150 ms.
 */
export class ErrorsPanel {
  private view: SheetErrors | null = null;
  private problem: string | undefined;
  private running = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly doc: Document,
    private readonly host: HTMLElement,
    private readonly run: Runner<AnyContext>,
    private readonly log: ErrorLog = errorLog()
  ) {}

  async start(): Promise<void> {
    this.draw();
    this.log.subscribe(() => this.schedule());
    try {
      await this.run((context) => watchSelection(context, () => this.schedule()));
    } catch (e) {
      this.problem = `The selected cell cannot be followed (${(e as Error).message}): use Refresh.`;
    }
    await this.refresh();
  }

  schedule(delay = 150): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  async refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      this.view = await this.run((context) => readSheetErrors(context, this.log));
      if (this.problem?.startsWith("Could not read")) this.problem = undefined;
    } catch (e) {
      this.problem = `Could not read the sheet: ${(e as Error).message}`;
    } finally {
      this.running = false;
    }
    this.draw();
    this.doc.body.dataset.errorsPanel = String(this.view?.errors.length ?? 0);
    if (this.again) {
      this.again = false;
      this.schedule(0);
    }
  }

  private draw(): void {
    const active = this.doc.activeElement;
    const had = active instanceof HTMLElement && this.host.contains(active) ? active : null;
    const key = had?.id || had?.getAttribute("data-cell");
    this.host.replaceChildren(
      renderErrorsPanel(
        this.doc,
        this.view,
        {
          onGoTo: (sheet, cell) =>
            void this.run((context) => goToCell(context, sheet, cell)).then(
              () => this.schedule(0),
              (e: Error) => this.fail(`Could not go to ${cell}: ${e.message}`)
            ),
          onRecalculate: () =>
            void this.run((context) => recalculateActiveSheet(context)).then(
              () => this.schedule(0),
              (e: Error) => this.fail(`Could not recalculate: ${e.message}`)
            ),
        },
        this.problem
      )
    );
    if (key) {
      const again =
        this.doc.getElementById(key) ??
        this.host.querySelector<HTMLElement>(`button[data-cell="${CSS.escape(key)}"]`);
      again?.focus();
    }
  }

  private fail(message: string) {
    this.problem = message;
    this.draw();
  }
}
