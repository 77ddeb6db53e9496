/**
 * The shared adapter: evaluates a LEV function from raw Excel-style arguments using its declaration
 * (functions/declarations/). `evaluate` never throws — it returns an Outcome (a value, or an error code with
 * a message); the Excel wrappers (`invoke`, `invokeAsync`) turn a failure into a thrown
 * CustomFunctions.Error, the HyperFormula plugin into a CellError.
 *
 * One generic path for every function: a parse plan built once per function (on its first call) holds one
 * reader per parameter, chosen by the parameter's kind (args.ts has the rules of each kind); a call runs
 * the readers in order into the engine's input object, calls the engine and shapes the result. LEV.PATH
 * and LEV.CPPI.PATH spills are written once from the engine's typed columns (`shapeColumns`).
 */
import type { Table } from "../src/engine/types";
import {
  readChoice,
  readInteger,
  readNumber,
  readNumbers,
  readOptions,
  readSeries,
  readSide,
  readTable,
  type ParsedOptions,
  type RawArg,
} from "./args";
import type { FunctionSpec, ParamDecl, SpillColumns } from "./declare";
import {
  badNumber,
  badValue,
  toExcelError,
  toFailure,
  type CellScalar,
  type FunctionValue,
  type Outcome,
} from "./errors";
import { noteFailure, noteSuccess, type InvocationLike } from "./error-log";
import { getFunction } from "./registry";

/** Excel's sheet has 1,048,576 rows: a longer spill cannot be shown. */
export const MAX_SPILL_ROWS = 1_048_576;

// ---- result payload (docs/references/office-addin.md §2.4) -----------------------------------------
/**
 * Excel accepts at most about 5 MB from one custom-function call: "Excel limits custom-function payloads to
 * 5 MB" (Microsoft on office-js#4654, 2026-06-29, by design); a larger result fails or stays #BUSY! on the
 * web (office-js#2786). Read as 5,000,000 bytes (not 5 MiB), the smaller reading.
 */
export const PAYLOAD_LIMIT_BYTES = 5_000_000;
/** A spill may use 80% of it: a 20% margin for the envelope and encoding around the values. */
export const PAYLOAD_BUDGET = 0.8;
/**
 * Upper bound of one value as it travels (JSON text): a number's shortest round-trip form has at most 24
 * characters ("-2.2250738585072014e-308"), plus a separator; text cells of LEV spills are shorter (a longer
 * one is counted at its length).
 */
export const BYTES_PER_VALUE = 25;
/** Per row: the brackets of the row's array and a separator. */
export const BYTES_PER_ROW = 3;

/** The payload of a spill of `rows` (header included) × `cols`, with `extra` bytes of long text: an upper bound. */
export function spillPayloadBytes(rows: number, cols: number, extra = 0): number {
  return rows * (cols * BYTES_PER_VALUE + BYTES_PER_ROW) + 2 + extra;
}

/** The most rows (header included) of `cols` columns that fit Excel's payload with the margin. */
export function maxPayloadRows(cols: number): number {
  return Math.floor(
    (PAYLOAD_LIMIT_BYTES * PAYLOAD_BUDGET - 2) / (cols * BYTES_PER_VALUE + BYTES_PER_ROW)
  );
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const thousands = (n: number) => n.toLocaleString("en-US");

/**
 * #NUM! when a spill of `rows` (header included) × `cols` would exceed Excel's payload: names the limit and,
 * for the long-path functions (options `step` and `rows`), the option that makes it fit.
 */
function checkPayload(
  spec: FunctionSpec,
  rows: number,
  cols: number,
  headers: boolean,
  extra = 0
): void {
  const bytes = spillPayloadBytes(rows, cols, extra);
  if (bytes <= PAYLOAD_LIMIT_BYTES * PAYLOAD_BUDGET) return;
  const fit = maxPayloadRows(cols);
  const options = spec.params.find((p) => p.type.kind === "options");
  const names = options?.type.kind === "options" ? options.type.names : [];
  let remedy = "give a shorter input";
  if (names.includes("step") && names.includes("rows")) {
    const dataRows = rows - (headers ? 1 : 0);
    const room = fit - (headers ? 1 : 0);
    let step = Math.max(2, Math.ceil((dataRows - 1) / Math.max(1, room - 1)));
    while (Math.floor((dataRows - 1) / step) + 2 > room) step++;
    const kept = Math.floor((dataRows - 1) / step) + 1 + ((dataRows - 1) % step === 0 ? 0 : 1);
    remedy = `add the option "step",${step} to show one row in ${step} (${thousands(kept)} rows), or "rows","last" for the final row only`;
  }
  throw badNumber(
    "options",
    `LEV.${spec.id} would return ${thousands(rows)} rows × ${cols} columns, up to ${mb(bytes)} as Excel receives it (${BYTES_PER_VALUE} bytes a value); Excel accepts about 5 MB from one custom function (office-js#4654), so at most ${thousands(fit)} rows of ${cols} columns fit with a 20% margin: ${remedy}`
  );
}

/** The engine input object built from raw arguments, and whether a spilled table shows its header row. */
export interface ParsedCall {
  spec: FunctionSpec;
  input: Record<string, unknown>;
  headers: boolean;
}

export function specOf(id: string): FunctionSpec {
  const spec = getFunction(id);
  if (!spec) throw badValue(undefined, `unknown function LEV.${id}`);
  return spec;
}

// ---- parse plans ------------------------------------------------------------------------------------
/** Reads one raw argument into the engine's value for its parameter, or throws an ArgumentError. */
type Reader = (v: RawArg) => unknown;

/** A function's parse plan: the engine input key and the reader of each parameter, in order. */
interface Plan {
  spec: FunctionSpec;
  keys: readonly string[];
  readers: readonly Reader[];
  /**
   * Per parameter, what is taken as it is without calling the reader (what Excel sends almost always): a
   * finite number for a number parameter, and null/undefined (omitted) for an optional scalar one.
   */
  numeric: readonly boolean[];
  omittable: readonly boolean[];
  /** Per parameter: its plausibility and blank-cell checks on a number it read, if it declares any. */
  checks: readonly (((x: number) => void) | undefined)[];
  /** Per parameter, its plausible range: a non-zero number inside it needs no check (the common case). */
  lo: readonly number[];
  hi: readonly number[];
  /** The index of the `options` parameter (its reader returns ParsedOptions), or −1. */
  optionsIndex: number;
}

function readerOf(p: ParamDecl): Reader {
  const { name, optional } = p;
  const t = p.type;
  switch (t.kind) {
    case "number":
      return (v) => readNumber(name, v, optional || p.blankable === true);
    case "numbers":
      return (v) => readNumbers(name, v);
    case "integer":
      return (v) => readInteger(name, v, optional);
    case "side":
      return (v) => readSide(name, v);
    case "choice":
      return (v) => readChoice(name, v, t.choices, optional);
    case "series":
      // an omitted optional series (LEV.LEVADJ's durations) is undefined: the engine applies its default
      if (optional) return (v) => (v == null || v === "" ? undefined : readSeries(name, v));
      return (v) => readSeries(name, v);
    case "table":
      return (v) => readTable(name, v, t.columns, t).map(t.toRow);
    case "options":
      return (v): ParsedOptions => readOptions(v, t.names, t.types);
  }
}

const fmt = (x: number) => String(Number(x.toPrecision(12)));

/**
 * The checks a parameter declares on a number (functions/declare.ts: `plausible`, `zeroMeansBlank`), or
 * undefined. Both are #VALUE! — an argument given in the wrong units or through a blank cell — so that
 * Excel shows their message on every platform (it shows messages on #VALUE! and #N/A only).
 */
export function checkOf(p: ParamDecl): ((x: number) => void) | undefined {
  const { name, plausible, zeroMeansBlank } = p;
  if (!plausible && !zeroMeansBlank) return undefined;
  const lo = plausible?.min ?? -Infinity;
  const hi = plausible?.max ?? Infinity;
  const d = p.domain;
  /** Inside the declared domain: outside it the engine answers #NUM! (a domain error, not a slip). */
  const inDomain = (x: number) =>
    !(d?.nonZero && x === 0) &&
    !(d?.min && (d.min.inclusive ? x < d.min.value : x <= d.min.value)) &&
    !(d?.max && (d.max.inclusive ? x > d.max.value : x >= d.max.value));
  return (x) => {
    if (x === 0 && zeroMeansBlank) {
      const dflt = p.default === undefined ? "" : ` (${p.default})`;
      throw badValue(
        name,
        `${name} is 0, which is not a meaningful value here: Excel on Windows and Mac passes an empty cell as 0. Leave ${name} out of the formula for its default${dflt}`
      );
    }
    if ((x >= lo && x <= hi) || !inDomain(x)) return;
    const why = plausible?.why ? ` (${plausible.why})` : "";
    const hint = plausible?.hint?.(x);
    if (hint !== undefined) throw badValue(name, `${name} is ${fmt(x)}${why} — ${hint}`);
    if (plausible?.percent && x / 100 >= lo && x / 100 <= hi) {
      throw badValue(
        name,
        `${name} is ${fmt(x)}${why}: rates are decimals — did you mean ${fmt(x / 100)} (${fmt(x)}%)?`
      );
    }
    throw badValue(
      name,
      `${name} is ${fmt(x)}, outside the plausible range ${fmt(lo)} to ${fmt(hi)}${why}: check its units`
    );
  };
}

const SCALAR_KINDS: ReadonlySet<string> = new Set(["number", "integer", "choice"]);

function planOf(spec: FunctionSpec): Plan {
  return {
    spec,
    keys: spec.params.map((p) => p.key),
    readers: spec.params.map(readerOf),
    numeric: spec.params.map((p) => p.type.kind === "number"),
    omittable: spec.params.map((p) => p.optional && SCALAR_KINDS.has(p.type.kind)),
    checks: spec.params.map(checkOf),
    lo: spec.params.map((p) => p.plausible?.min ?? -Infinity),
    hi: spec.params.map((p) => p.plausible?.max ?? Infinity),
    optionsIndex: spec.params.findIndex((p) => p.type.kind === "options"),
  };
}

/**
 * A function's parse plan held by its Excel wrapper (functions.ts creates one handle per function at load;
 * the plan is built on the first call), so a call neither looks its id up nor rebuilds anything.
 */
export interface FunctionHandle {
  readonly id: string;
  plan: Plan | undefined;
}

export function handle(id: string): FunctionHandle {
  return { id, plan: undefined };
}

const PLANS = new Map<string, Plan>();
function planFor(id: string): Plan {
  const spec = specOf(id);
  let plan = PLANS.get(spec.id);
  if (plan === undefined) {
    plan = planOf(spec);
    PLANS.set(spec.id, plan);
  }
  return plan;
}

const planOfHandle = (h: FunctionHandle): Plan => (h.plan ??= planFor(h.id));

// ---- parsing ----------------------------------------------------------------------------------------
/** Converts raw arguments (in the contract's order) to the engine's input object; throws ArgumentError. */
export function parseCall(id: string, raw: readonly RawArg[]): ParsedCall {
  return parseArgs(planFor(id), raw);
}

function parseArgs(plan: Plan, raw: readonly RawArg[]): ParsedCall {
  const { spec, keys, readers, numeric, omittable, checks, lo, hi, optionsIndex } = plan;
  if (raw.length > readers.length) {
    throw badValue(
      undefined,
      `LEV.${spec.id} takes at most ${readers.length} arguments (got ${raw.length})`
    );
  }
  const input: Record<string, unknown> = {};
  let headers = true;
  for (let i = 0; i < readers.length; i++) {
    const v = raw[i];
    const value =
      typeof v === "number"
        ? numeric[i] && v - v === 0
          ? v
          : readers[i](v)
        : v == null && omittable[i]
          ? undefined
          : readers[i](v);
    if (typeof value === "number" && !(value >= lo[i] && value <= hi[i] && value !== 0))
      checks[i]?.(value);
    if (i === optionsIndex) {
      const o = value as ParsedOptions;
      input[keys[i]] = o.values;
      headers = o.headers;
    } else {
      input[keys[i]] = value;
    }
  }
  return { spec, input, headers: headers && spec.spill?.headers !== false };
}

// ---- results ----------------------------------------------------------------------------------------
/** Checks an engine result and shapes it for a cell: a finite number, or a rectangular 2-D array. */
export function shapeResult(
  spec: FunctionSpec,
  result: number | Table,
  headers: boolean
): FunctionValue {
  if (typeof result === "number") {
    if (!Number.isFinite(result))
      throw badNumber(
        undefined,
        `LEV.${spec.id} has no finite result for these inputs (${spec.params.map((p) => p.name).join(", ")}): a value is too large or too small`
      );
    return result;
  }
  const { columns, rows } = result;
  const width = columns.length;
  if (width === 0) throw badValue(undefined, `LEV.${spec.id} returned an empty table`);
  if (rows.length === 0 && !headers)
    throw badValue(undefined, `LEV.${spec.id} has no rows to show`);
  if (rows.length + (headers ? 1 : 0) > MAX_SPILL_ROWS) {
    throw badNumber(
      undefined,
      `LEV.${spec.id} would spill ${rows.length} rows; Excel's limit is ${MAX_SPILL_ROWS} rows`
    );
  }
  const offset = headers ? 1 : 0;
  const out: CellScalar[][] = new Array(rows.length + offset);
  if (headers) out[0] = columns.slice();
  let longText = 0; // bytes of text cells beyond BYTES_PER_VALUE
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== width)
      throw badValue(
        undefined,
        `LEV.${spec.id}: row ${r + 1} has ${row.length} cells, expected ${width}`
      );
    for (let c = 0; c < width; c++) {
      const cell = row[c];
      if (typeof cell === "number" && !Number.isFinite(cell)) {
        throw badNumber(
          undefined,
          `LEV.${spec.id}: no finite value for ${columns[c]} in row ${r + 1}`
        );
      }
      if (typeof cell === "string" && cell.length + 3 > BYTES_PER_VALUE)
        longText += cell.length + 3 - BYTES_PER_VALUE;
    }
    out[r + offset] = row; // the engine builds fresh rows for every call: no copy needed
  }
  checkPayload(spec, rows.length + offset, width, headers, longText);
  return out;
}

/**
 * The spill of a long-path function from its typed columns, with the same checks and messages as
 * `shapeResult` on the equivalent Table: the header row, then the rows written once into the final array.
 */
export function shapeColumns(
  spec: FunctionSpec,
  t: SpillColumns,
  headers: boolean
): CellScalar[][] {
  const { columns, rows } = t;
  if (columns.length === 0) throw badValue(undefined, `LEV.${spec.id} returned an empty table`);
  if (rows === 0 && !headers) throw badValue(undefined, `LEV.${spec.id} has no rows to show`);
  if (rows + (headers ? 1 : 0) > MAX_SPILL_ROWS) {
    throw badNumber(
      undefined,
      `LEV.${spec.id} would spill ${rows} rows; Excel's limit is ${MAX_SPILL_ROWS} rows`
    );
  }
  checkPayload(spec, rows + (headers ? 1 : 0), columns.length, headers);
  if (!allFinite(t)) {
    // The first non-finite cell in row order, as shapeResult reports it.
    for (let r = 0; r < rows; r++) {
      for (const [c, values] of t.numeric) {
        const x = values[r];
        if (!Number.isFinite(x))
          throw badNumber(
            undefined,
            `LEV.${spec.id}: no finite value for ${columns[c]} in row ${r + 1}`
          );
      }
    }
  }
  const offset = headers ? 1 : 0;
  const out: (number | string)[][] = new Array(rows + offset);
  if (headers) out[0] = columns.slice();
  t.write(out, offset);
  return out;
}

function allFinite(t: SpillColumns): boolean {
  for (const [, values] of t.numeric) {
    for (let r = 0; r < t.rows; r++) {
      const x = values[r];
      if (x - x !== 0) return false;
    }
  }
  return true;
}

/**
 * The payload check before any work, for a spill sized by a series (LEV.PATH, LEV.CPPI.PATH): its rows are
 * known from the series' length and the options alone (SpillShape). shapeResult / shapeColumns check the
 * actual result again.
 */
function precheckPayload(call: ParsedCall): void {
  const { spec, input, headers } = call;
  const shape = spec.spill;
  if (!shape?.series || shape.fromInput) return;
  const series = spec.params.find((p) => p.name === shape.series);
  const values = series ? (input[series.key] as ArrayLike<number> | undefined) : undefined;
  if (values === undefined || typeof values.length !== "number") return;
  const optionsParam = spec.params.find((p) => p.type.kind === "options");
  const options = ((optionsParam && input[optionsParam.key]) ?? {}) as Record<string, unknown>;
  let rows: number;
  let cols: number;
  try {
    rows = shape.dataRows(values.length, options, input) + (headers ? 1 : 0);
    cols = typeof shape.columns === "number" ? shape.columns : shape.columns(options);
  } catch {
    return; // the engine reports bad options
  }
  if (rows > 0 && cols > 0) checkPayload(spec, rows, cols, headers);
}

/** Runs the engine for a parsed call and shapes the value (typed columns for the long paths). */
function runParsed(call: ParsedCall): FunctionValue {
  const spec = call.spec;
  precheckPayload(call);
  if (spec.columns !== undefined) return shapeColumns(spec, spec.columns(call.input), call.headers);
  return shapeResult(spec, spec.run(call.input), call.headers);
}

/** Evaluates a LEV function synchronously. Never throws. */
export function evaluate(id: string, raw: readonly RawArg[]): Outcome {
  try {
    return { ok: true, value: runParsed(parseCall(id, raw)) };
  } catch (e) {
    return toFailure(e);
  }
}

/** Excel surface: the value, or throws CustomFunctions.Error (stand-in outside Excel). */
export function invoke(h: FunctionHandle | string, ...raw: RawArg[]): FunctionValue {
  let failure;
  try {
    return runParsed(parseArgs(typeof h === "string" ? planFor(h) : planOfHandle(h), raw));
  } catch (e) {
    failure = toFailure(e);
  }
  throw toExcelError(failure);
}

/**
 * Excel surface of the generated wrappers (functions.ts): as `invoke`, and the outcome is noted in the error
 * log under the calling cell's address (`@requiresAddress`; functions/error-log.ts): a failure's message is
 * recorded for the task pane, a success clears the cell.
 */
export function invokeAt(
  h: FunctionHandle,
  invocation: InvocationLike | undefined,
  ...raw: RawArg[]
): FunctionValue {
  let failure;
  try {
    const value = runParsed(parseArgs(planOfHandle(h), raw));
    if (invocation !== undefined) noteSuccess(invocation);
    return value;
  } catch (e) {
    failure = toFailure(e);
  }
  if (invocation !== undefined) noteFailure(invocation, "LEV." + h.id, failure);
  throw toExcelError(failure);
}

/**
 * Excel surface for async functions (LEV.SIMULATE): parses arguments synchronously, runs the declaration's
 * `runAsync` (the worker) and shapes its table; rejects with CustomFunctions.Error for every failure. The
 * outcome is noted in the error log when the invocation carries the cell's address (as `invokeAt`).
 */
export async function invokeAsync(
  h: FunctionHandle,
  raw: readonly RawArg[],
  signal?: AbortSignal,
  invocation?: InvocationLike
): Promise<FunctionValue> {
  let outcome: Outcome;
  try {
    const call = parseArgs(planOfHandle(h), raw);
    const runAsync = call.spec.runAsync ?? (async (input) => call.spec.run(input) as Table);
    const table = await runAsync(call.input, signal);
    outcome = { ok: true, value: shapeResult(call.spec, table, call.headers) };
  } catch (e) {
    outcome = toFailure(e);
  }
  if (outcome.ok) {
    noteSuccess(invocation);
    return outcome.value;
  }
  // a cancelled call (the cell was edited or recalculated) is not the cell's error
  if (!signal?.aborted) noteFailure(invocation, "LEV." + h.id, outcome);
  throw toExcelError(outcome);
}
