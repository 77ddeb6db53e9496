/**
 * The shared adapter: evaluates a LEV function from raw Excel-style arguments using the table in
 * registry.ts. `evaluate` never throws — it returns an Outcome (a value, or an error code with a message);
 * the Excel wrappers (`invoke`, `invokeAsync`) turn a failure into a thrown CustomFunctions.Error, the
 * HyperFormula plugin into a CellError.
 *
 * Speed (bench/diagnosis/README.md §1, §3): each all-scalar function gets an argument parser compiled once
 * from its registry row (`compile`): typeof checks for plain numbers, 1/−1, "long"/"short" and omitted
 * optionals, zod (args.ts) for every other value, and one object literal per function (`build`) as the
 * engine's input — so the common call allocates only that object. LEV.PATH and LEV.CPPI.PATH spills are
 * written once from the engine's typed columns into the array Excel receives (`shapeColumns`).
 */
import type { Table } from "../src/engine/types";
import {
  readChoice,
  readInteger,
  readNumber,
  readOptions,
  readSeries,
  readSide,
  readTable,
  snakeToCamel,
  type RawArg,
} from "./args";
import {
  badNumber,
  badValue,
  toExcelError,
  toFailure,
  type CellScalar,
  type FunctionFailure,
  type FunctionValue,
  type Outcome,
} from "./errors";
import { getFunction, type FunctionSpec, type ParamSpec, type SpillColumns } from "./registry";

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

// ---- compiled parsers -------------------------------------------------------------------------------
/** The most arguments a compiled parser takes (LEV.LIQ.INVERSE has 8 parameters). */
const MAX_FAST_ARGS = 8;

/** Parameter codes of a compiled parser: the kind, plus OPTIONAL when a blank means "omitted". */
const K_NUMBER = 0;
const K_INTEGER = 1;
const K_SIDE = 2;
const K_CHOICE = 3;
const K_OPTIONAL = 8;

/** Raw arguments (at most MAX_FAST_ARGS) → the engine's input object, built by the spec's literal. */
type Parse = (
  a0: RawArg,
  a1: RawArg,
  a2: RawArg,
  a3: RawArg,
  a4: RawArg,
  a5: RawArg,
  a6: RawArg,
  a7: RawArg
) => Record<string, unknown>;

interface Compiled {
  spec: FunctionSpec;
  /** Present when every parameter is a scalar and the spec has a `build` literal. */
  parse: Parse | undefined;
}

/** One scalar parameter (number, integer, side, choice) with the full rules of args.ts (zod for text). */
function readScalar(p: ParamSpec, v: RawArg): unknown {
  const t = p.type;
  switch (t.kind) {
    case "number":
      return readNumber(p.name, v, p.optional);
    case "integer":
      return readInteger(p.name, v, p.optional);
    case "side":
      return readSide(p.name, v);
    case "choice":
      return readChoice(p.name, v, t.choices, p.optional);
    default:
      throw badValue(p.name, `${p.name} is not a scalar parameter`);
  }
}

/**
 * Reads parameter i with typeof checks for what Excel sends almost always (a finite number, 1/−1 or
 * "long"/"short" for a side, null/undefined for an omitted optional), allocating nothing; every other
 * value goes to `readScalar` (zod), which accepts or rejects it with the same result and message as
 * before. Each fast answer is exactly what `readScalar` returns for that value.
 */
function readFast(spec: FunctionSpec, i: number, code: number, v: RawArg): unknown {
  const kind = code & 7;
  if (typeof v === "number") {
    if (kind === K_NUMBER) {
      if (v - v === 0) return v; // finite
    } else if (kind === K_INTEGER) {
      if (Number.isInteger(v)) return v;
    } else if (kind === K_SIDE) {
      if (v === 1 || v === -1) return v;
    }
  } else if (v === null || v === undefined) {
    if (code & K_OPTIONAL) return undefined;
  } else if (kind === K_SIDE) {
    if (v === "long") return 1;
    if (v === "short") return -1;
  }
  return readScalar(spec.params[i], v);
}

/** A finite number for a number parameter, or null/undefined for an optional one (or an unused position). */
function plain(code: number, v: RawArg): boolean {
  if (typeof v === "number") return (code & 7) === K_NUMBER && v - v === 0;
  return v == null && (code & K_OPTIONAL) !== 0;
}

function codeOf(p: ParamSpec | undefined): number {
  if (p === undefined) return K_NUMBER | K_OPTIONAL; // not read (i ≥ number of parameters; always undefined there)
  const kind = p.type.kind;
  const k =
    kind === "number"
      ? K_NUMBER
      : kind === "integer"
        ? K_INTEGER
        : kind === "side"
          ? K_SIDE
          : K_CHOICE;
  // A side is never optional (readSide has no default), so its blank always goes to readSide's message.
  return p.optional && k !== K_SIDE ? k | K_OPTIONAL : k;
}

const SCALAR_KINDS: ReadonlySet<string> = new Set(["number", "integer", "side", "choice"]);

/**
 * Builds a function's argument parser ONCE from its registry row: a closure over the parameter codes that
 * reads each argument with `readFast` and passes the values to the spec's object literal (`build`). The
 * common all-numbers call allocates only the engine's input object. Functions with a range or options
 * parameter (or no `build`) use the general loop in `parseArgs`.
 */
function compile(spec: FunctionSpec): Compiled {
  const params = spec.params;
  const build = spec.build;
  const n = params.length;
  if (
    build === undefined ||
    n > MAX_FAST_ARGS ||
    !params.every((p) => SCALAR_KINDS.has(p.type.kind))
  ) {
    return { spec, parse: undefined };
  }
  const c0 = codeOf(params[0]);
  const c1 = codeOf(params[1]);
  const c2 = codeOf(params[2]);
  const c3 = codeOf(params[3]);
  const c4 = codeOf(params[4]);
  const c5 = codeOf(params[5]);
  const c6 = codeOf(params[6]);
  const c7 = codeOf(params[7]);
  const parse: Parse = (a0, a1, a2, a3, a4, a5, a6, a7) =>
    // all plain numbers (or omitted optionals): the values as they are, null → undefined
    plain(c0, a0) &&
    plain(c1, a1) &&
    plain(c2, a2) &&
    plain(c3, a3) &&
    plain(c4, a4) &&
    plain(c5, a5) &&
    plain(c6, a6) &&
    plain(c7, a7)
      ? build(
          a0 ?? undefined,
          a1 ?? undefined,
          a2 ?? undefined,
          a3 ?? undefined,
          a4 ?? undefined,
          a5 ?? undefined,
          a6 ?? undefined,
          a7 ?? undefined
        )
      : build(
          n > 0 ? readFast(spec, 0, c0, a0) : undefined,
          n > 1 ? readFast(spec, 1, c1, a1) : undefined,
          n > 2 ? readFast(spec, 2, c2, a2) : undefined,
          n > 3 ? readFast(spec, 3, c3, a3) : undefined,
          n > 4 ? readFast(spec, 4, c4, a4) : undefined,
          n > 5 ? readFast(spec, 5, c5, a5) : undefined,
          n > 6 ? readFast(spec, 6, c6, a6) : undefined,
          n > 7 ? readFast(spec, 7, c7, a7) : undefined
        );
  return { spec, parse };
}

/** Compiled parsers by the id the wrappers pass (the exact registry id); built on first use. */
const COMPILED = new Map<string, Compiled>();

function compiledOf(id: string): Compiled {
  const hit = COMPILED.get(id);
  if (hit !== undefined) return hit;
  return compileFor(id);
}

/**
 * A function's compiled parser held by its Excel wrapper (functions.ts creates one per function at load: a
 * two-field object, compiled on the first call), so a call does not look its id up in COMPILED.
 */
export interface FunctionHandle {
  readonly id: string;
  compiled: Compiled | undefined;
}

export function handle(id: string): FunctionHandle {
  return { id, compiled: undefined };
}

function compileFor(id: string): Compiled {
  const spec = specOf(id);
  const c = COMPILED.get(spec.id) ?? compile(spec);
  COMPILED.set(spec.id, c);
  return c;
}

// ---- parsing ----------------------------------------------------------------------------------------
/** Converts raw arguments (in the contract's order) to the engine's input object; throws ArgumentError. */
export function parseCall(id: string, raw: readonly RawArg[]): ParsedCall {
  return parseArgs(compiledOf(id), raw, raw.length);
}

/** `count` is the number of arguments given (may exceed raw.length when the extras were not kept). */
function parseArgs(compiled: Compiled, raw: readonly RawArg[], count: number): ParsedCall {
  const spec = compiled.spec;
  if (count > spec.params.length) {
    throw badValue(
      undefined,
      `LEV.${spec.id} takes at most ${spec.params.length} arguments (got ${count})`
    );
  }
  if (compiled.parse !== undefined) {
    return {
      spec,
      input: compiled.parse(raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7]),
      headers: true,
    };
  }
  const input: Record<string, unknown> = {};
  let headers = true;
  const params = spec.params;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    const v = raw[i];
    const key = snakeToCamel(p.name);
    const t = p.type;
    switch (t.kind) {
      case "series":
        input[key] = readSeries(p.name, v);
        break;
      case "table":
        input[key] = readTable(p.name, v, t.columns).map(t.toRow);
        break;
      case "options": {
        const o = readOptions(v, t.names, t.types);
        input[key] = o.values;
        headers = o.headers;
        break;
      }
      default:
        input[key] = readScalar(p, v);
    }
  }
  return { spec, input, headers };
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

/**
 * Excel surface: the value, or throws CustomFunctions.Error (stand-in outside Excel).
 * Fixed parameters rather than `...raw`: the wrappers in functions.ts pass at most 8 arguments, and a
 * rest array would be allocated on every call; `arguments.length` (read, never copied) still catches
 * too many arguments. The all-scalar functions go through their compiled parser with no other work.
 */
export function invoke(id: string | FunctionHandle, ...raw: RawArg[]): any;
export function invoke(
  id: string | FunctionHandle,
  a0?: RawArg,
  a1?: RawArg,
  a2?: RawArg,
  a3?: RawArg,
  a4?: RawArg,
  a5?: RawArg,
  a6?: RawArg,
  a7?: RawArg
): any {
  const count = arguments.length - 1;
  let failure: FunctionFailure;
  try {
    const compiled =
      typeof id === "string" ? compiledOf(id) : (id.compiled ?? (id.compiled = compiledOf(id.id)));
    const spec = compiled.spec;
    const parse = compiled.parse;
    if (parse !== undefined && count <= spec.params.length) {
      const r = spec.run(parse(a0, a1, a2, a3, a4, a5, a6, a7));
      if (typeof r === "number" && r - r === 0) return r;
      return shapeResult(spec, r, true);
    }
    return invokeGeneral(compiled, count, a0, a1, a2, a3, a4, a5, a6, a7);
  } catch (e) {
    failure = toFailure(e);
  }
  throw toExcelError(failure);
}

/** `invoke` for functions with ranges/options, and calls with too many arguments (an error before any is read). */
function invokeGeneral(
  compiled: Compiled,
  count: number,
  a0: RawArg,
  a1: RawArg,
  a2: RawArg,
  a3: RawArg,
  a4: RawArg,
  a5: RawArg,
  a6: RawArg,
  a7: RawArg
): FunctionValue {
  const raw = [a0, a1, a2, a3, a4, a5, a6, a7];
  raw.length = Math.min(Math.max(count, 0), MAX_FAST_ARGS);
  return runParsed(parseArgs(compiled, raw, count));
}

/** A table-producing runner used for the async path (the Web Worker client in the add-in). */
export type AsyncTableRunner = (
  input: Record<string, unknown>,
  signal?: AbortSignal
) => Promise<Table>;

/**
 * Excel surface for async functions (LEV.SIMULATE): parses arguments synchronously, runs `runner`
 * (the worker) and shapes its table; rejects with CustomFunctions.Error for every failure.
 */
export async function invokeAsync(
  id: string,
  raw: readonly RawArg[],
  runner: AsyncTableRunner,
  signal?: AbortSignal
): Promise<any> {
  let outcome: Outcome;
  try {
    const call = parseCall(id, raw);
    const table = await runner(call.input, signal);
    outcome = { ok: true, value: shapeResult(call.spec, table, call.headers) };
  } catch (e) {
    outcome = toFailure(e);
  }
  if (outcome.ok) return outcome.value;
  throw toExcelError(outcome);
}
