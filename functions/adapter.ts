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
import { getFunction } from "./registry";

/** Excel's sheet has 1,048,576 rows: a longer spill cannot be shown. */
export const MAX_SPILL_ROWS = 1_048_576;

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
  return (x) => {
    if (x === 0 && zeroMeansBlank) {
      const dflt = p.default === undefined ? "" : ` (${p.default})`;
      throw badValue(
        name,
        `${name} is 0, which is not a meaningful value here: Excel on Windows and Mac passes an empty cell as 0. Leave ${name} out of the formula for its default${dflt}`
      );
    }
    if (x >= lo && x <= hi) return;
    const why = plausible?.why ? ` (${plausible.why})` : "";
    if (plausible?.percent && x > hi && x / 100 <= hi) {
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
  const { spec, keys, readers, numeric, omittable, checks, optionsIndex } = plan;
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
    const check = checks[i];
    if (check !== undefined && typeof value === "number") check(value);
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
    }
    out[r + offset] = row; // the engine builds fresh rows for every call: no copy needed
  }
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

/** Runs the engine for a parsed call and shapes the value (typed columns for the long paths). */
function runParsed(call: ParsedCall): FunctionValue {
  const spec = call.spec;
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
 * Excel surface for async functions (LEV.SIMULATE): parses arguments synchronously, runs the declaration's
 * `runAsync` (the worker) and shapes its table; rejects with CustomFunctions.Error for every failure.
 */
export async function invokeAsync(
  h: FunctionHandle,
  raw: readonly RawArg[],
  signal?: AbortSignal
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
  if (outcome.ok) return outcome.value;
  throw toExcelError(outcome);
}
