/**
 * The error log: the message of every LEV error by the cell that computed it, so the task pane can show it.
 *
 * Excel shows a custom function's message only on #VALUE! and #N/A, and not reliably on Windows and Mac
 * (docs/references/office-addin.md §2.3): a #NUM! message, and often a #VALUE! one, never reaches the analyst.
 * Every LEV function declares `@requiresAddress` (CustomFunctionsRuntime 1.1), so Excel hands each call the
 * address of its cell (`invocation.address`, e.g. `Sheet1!B2` or `'My sheet'!B2`); the adapter records a
 * failure here under that address and clears the address when the cell later succeeds. The task pane reads
 * the log (same page: the add-in runs in the shared runtime, one JavaScript context for the functions and
 * the pane) to explain the selected cell and to list the errors of the active sheet.
 *
 * Bounded and page-local: at most ERROR_LOG_CAP cells (the least recently failed are dropped first, and
 * counted), messages cut at MAX_MESSAGE characters; nothing is written to the workbook or to storage, so it
 * is empty after the runtime restarts until the cells recalculate.
 *
 * One log per page, kept on `globalThis`: the functions and the task pane are two webpack entries with their
 * own module registries, so a plain module-level variable would exist twice even though both import this file.
 */
import type { FunctionFailure } from "./errors";

/** At most this many cells are kept (about 0.5 MB at the longest messages). */
export const ERROR_LOG_CAP = 500;
/** Longer messages are cut (LEV messages are under 600 characters). */
export const MAX_MESSAGE = 1000;

export interface ErrorRecord {
  /** The address as Excel gave it (`Sheet1!B2`, `'My sheet'!B2`). */
  address: string;
  /** The sheet's name (unquoted) and the cell (`B2`, no `$`). */
  sheet: string;
  cell: string;
  /** The function, e.g. `LEV.DECAY`. */
  fn: string;
  code: FunctionFailure["code"];
  message: string;
  /** When it was recorded (ms since the epoch) and the record's sequence number in this page. */
  at: number;
  seq: number;
}

/** The part of a CustomFunctions.Invocation that the log reads. */
export interface InvocationLike {
  address?: string;
  /** Typed as a string by @types/custom-functions-runtime, documented as a boolean: both are read. */
  isInValuePreview?: unknown;
}

const inPreview = (i: InvocationLike) =>
  i.isInValuePreview === true || i.isInValuePreview === "true";

/**
 * Splits an Excel address `Sheet1!B2`, `'My sheet'!$B$2` or `'It''s'!B2` into the unquoted sheet name and the
 * cell; a range (`B2:C3`) keeps its first cell. Undefined when it is not such an address.
 */
export function parseAddress(address: string): { sheet: string; cell: string } | undefined {
  const m = /^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::.*)?$/.exec(address);
  if (!m) return undefined;
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
  return { sheet, cell: m[3].toUpperCase() + m[4] };
}

/** The log's key of a cell: sheet names compare case-insensitively in Excel. */
export function cellKey(sheet: string, cell: string): string {
  return `${sheet.toLowerCase()}!${cell.toUpperCase()}`;
}

function keyOf(address: string): string | undefined {
  const p = parseAddress(address);
  return p && cellKey(p.sheet, p.cell);
}

export class ErrorLog {
  private readonly byKey = new Map<string, ErrorRecord>();
  /**
   * The key of each recorded address as Excel spelled it: a success clears its cell with one map lookup, no
   * parsing (Excel gives a cell the same address every time).
   */
  private readonly keyOfAddress = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private scheduled = false;
  private seq = 0;
  /** Records dropped because the log was full. */
  dropped = 0;

  constructor(readonly cap = ERROR_LOG_CAP) {}

  get size(): number {
    return this.byKey.size;
  }

  /** Records a failure of `fn` in the cell at `address` (replacing the cell's previous record). */
  record(address: string, fn: string, failure: Pick<FunctionFailure, "code" | "message">): void {
    const p = parseAddress(address);
    if (!p) return;
    const key = cellKey(p.sheet, p.cell);
    const previous = this.byKey.get(key);
    if (previous) this.keyOfAddress.delete(previous.address);
    this.byKey.delete(key); // re-inserted last: the map's order is the order of the last failure
    this.keyOfAddress.set(address, key);
    const message =
      failure.message.length > MAX_MESSAGE
        ? failure.message.slice(0, MAX_MESSAGE - 1) + "…"
        : failure.message;
    this.byKey.set(key, {
      address,
      sheet: p.sheet,
      cell: p.cell,
      fn,
      code: failure.code,
      message,
      at: Date.now(),
      seq: ++this.seq,
    });
    while (this.byKey.size > this.cap) {
      const oldest = this.byKey.keys().next().value as string;
      this.keyOfAddress.delete(this.byKey.get(oldest)!.address);
      this.byKey.delete(oldest);
      this.dropped++;
    }
    this.changed();
  }

  /** Forgets the cell at `address` (it calculated without error, or no longer holds a LEV formula). */
  clear(address: string): void {
    if (this.byKey.size === 0) return;
    const key = this.keyOfAddress.get(address) ?? keyOf(address);
    if (key === undefined) return;
    const r = this.byKey.get(key);
    if (!r) return;
    this.byKey.delete(key);
    this.keyOfAddress.delete(r.address);
    this.changed();
  }

  /** As `clear`, for a call's own address: only the exact spelling recorded is looked up (no parsing). */
  clearRecorded(address: string): void {
    if (this.keyOfAddress.has(address)) this.clear(address);
  }

  /** The record of a cell, by its address or by sheet and cell. */
  get(address: string): ErrorRecord | undefined;
  get(sheet: string, cell: string): ErrorRecord | undefined;
  get(a: string, cell?: string): ErrorRecord | undefined {
    const key = cell === undefined ? keyOf(a) : cellKey(a, cell.replace(/\$/g, ""));
    return key === undefined ? undefined : this.byKey.get(key);
  }

  /** The records of one sheet, in row then column order. */
  onSheet(sheet: string): ErrorRecord[] {
    const s = sheet.toLowerCase();
    return [...this.byKey.values()]
      .filter((r) => r.sheet.toLowerCase() === s)
      .sort((a, b) => compareCells(a.cell, b.cell));
  }

  all(): ErrorRecord[] {
    return [...this.byKey.values()];
  }

  /** Empties the log (tests; the pane never needs it). */
  reset(): void {
    this.byKey.clear();
    this.keyOfAddress.clear();
    this.dropped = 0;
    this.changed();
  }

  /**
   * Calls `listener` after the log changed: once per burst (a recalculation of many cells), on a timer, so
   * the functions never wait for the pane. Returns the unsubscribe function.
   */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    if (this.listeners.size === 0 || this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      for (const l of [...this.listeners]) {
        try {
          l();
        } catch {
          // a listener's failure is the pane's business, never the functions'
        }
      }
    }, 0);
  }
}

/** Row-major order of two cells (`B2` before `A3`). */
export function compareCells(a: string, b: string): number {
  const pa = /^([A-Z]+)(\d+)$/.exec(a);
  const pb = /^([A-Z]+)(\d+)$/.exec(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  const row = Number(pa[2]) - Number(pb[2]);
  if (row !== 0) return row;
  return pa[1].length - pb[1].length || (pa[1] < pb[1] ? -1 : pa[1] > pb[1] ? 1 : 0);
}

const GLOBAL_KEY = Symbol.for("lev.errorLog");

/** The page's one error log (created on first use). */
export function errorLog(): ErrorLog {
  const g = globalThis as { [GLOBAL_KEY]?: ErrorLog };
  let log = g[GLOBAL_KEY];
  if (!(log instanceof ErrorLog) && !isErrorLogLike(log)) {
    log = new ErrorLog();
    g[GLOBAL_KEY] = log;
  }
  return log as ErrorLog;
}

/** The other bundle's ErrorLog is another class object with the same shape: accept it. */
function isErrorLogLike(x: unknown): x is ErrorLog {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as ErrorLog).record === "function" &&
    typeof (x as ErrorLog).onSheet === "function"
  );
}

/**
 * For the adapter: a call's outcome at its invocation. Nothing is recorded for a call without an address
 * (tests, the evaluator) or for Excel's formula value preview (the formula being typed is not in a cell yet).
 */
export function noteFailure(
  invocation: InvocationLike | undefined,
  fn: string,
  failure: FunctionFailure
): void {
  const address = invocation?.address;
  if (!address || inPreview(invocation)) return;
  errorLog().record(address, fn, failure);
}

export function noteSuccess(invocation: InvocationLike | undefined): void {
  const address = invocation?.address;
  if (!address || inPreview(invocation)) return;
  const log = errorLog();
  if (log.size > 0) log.clearRecorded(address);
}
