/**
 * The shared adapter: evaluates a LEV function from raw Excel-style arguments using the table in
 * registry.ts. `evaluate` never throws — it returns an Outcome (a value, or an error code with a message);
 * the Excel wrappers (`invoke`, `invokeAsync`) turn a failure into a thrown CustomFunctions.Error, the
 * HyperFormula plugin into a CellError.
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
import { badNumber, badValue, toExcelError, toFailure, type CellScalar, type FunctionValue, type Outcome } from "./errors";
import { getFunction, type FunctionSpec } from "./registry";

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

/** Converts raw arguments (in the contract's order) to the engine's input object; throws ArgumentError. */
export function parseCall(id: string, raw: readonly RawArg[]): ParsedCall {
  const spec = specOf(id);
  if (raw.length > spec.params.length) {
    throw badValue(undefined, `LEV.${spec.id} takes at most ${spec.params.length} arguments (got ${raw.length})`);
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
      case "number":
        input[key] = readNumber(p.name, v, p.optional);
        break;
      case "integer":
        input[key] = readInteger(p.name, v, p.optional);
        break;
      case "side":
        input[key] = readSide(p.name, v);
        break;
      case "choice":
        input[key] = readChoice(p.name, v, t.choices, p.optional);
        break;
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
    }
  }
  return { spec, input, headers };
}

/** Checks an engine result and shapes it for a cell: a finite number, or a rectangular 2-D array. */
export function shapeResult(spec: FunctionSpec, result: number | Table, headers: boolean): FunctionValue {
  if (typeof result === "number") {
    if (!Number.isFinite(result)) throw badNumber(undefined, `LEV.${spec.id} has no finite result for these inputs (${spec.params.map((p) => p.name).join(", ")}): a value is too large or too small`);
    return result;
  }
  const { columns, rows } = result;
  const width = columns.length;
  if (width === 0) throw badValue(undefined, `LEV.${spec.id} returned an empty table`);
  if (rows.length === 0 && !headers) throw badValue(undefined, `LEV.${spec.id} has no rows to show`);
  if (rows.length + (headers ? 1 : 0) > MAX_SPILL_ROWS) {
    throw badNumber(undefined, `LEV.${spec.id} would spill ${rows.length} rows; Excel's limit is ${MAX_SPILL_ROWS} rows`);
  }
  const out: CellScalar[][] = headers ? [columns.slice()] : [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== width) throw badValue(undefined, `LEV.${spec.id}: row ${r + 1} has ${row.length} cells, expected ${width}`);
    for (let c = 0; c < width; c++) {
      const cell = row[c];
      if (typeof cell === "number" && !Number.isFinite(cell)) {
        throw badNumber(undefined, `LEV.${spec.id}: no finite value for ${columns[c]} in row ${r + 1}`);
      }
    }
    out.push(row); // the engine builds fresh rows for every call: no copy needed
  }
  return out;
}

/** Evaluates a LEV function synchronously. Never throws. */
export function evaluate(id: string, raw: readonly RawArg[]): Outcome {
  try {
    const call = parseCall(id, raw);
    return { ok: true, value: shapeResult(call.spec, call.spec.run(call.input), call.headers) };
  } catch (e) {
    return toFailure(e);
  }
}

/** Excel surface: the value, or throws CustomFunctions.Error (stand-in outside Excel). */
export function invoke(id: string, ...raw: RawArg[]): any {
  let failure;
  try {
    const call = parseCall(id, raw);
    return shapeResult(call.spec, call.spec.run(call.input), call.headers);
  } catch (e) {
    failure = toFailure(e);
  }
  throw toExcelError(failure);
}

/** A table-producing runner used for the async path (the Web Worker client in the add-in). */
export type AsyncTableRunner = (input: Record<string, unknown>, signal?: AbortSignal) => Promise<Table>;

/**
 * Excel surface for async functions (LEV.SIMULATE): parses arguments synchronously, runs `runner`
 * (the worker) and shapes its table; rejects with CustomFunctions.Error for every failure.
 */
export async function invokeAsync(id: string, raw: readonly RawArg[], runner: AsyncTableRunner, signal?: AbortSignal): Promise<any> {
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
