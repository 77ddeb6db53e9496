/**
 * The argument layer: turns the raw values Excel (or the HyperFormula evaluator) passes to a LEV function
 * into the typed values the engine takes, or fails with #VALUE!/#NUM! naming the argument.
 *
 * What arrives (docs/references/office-addin.md §2.1, §4 "empty cells / nulls"):
 * - an omitted optional argument is `null` (never `undefined` in Excel; the evaluator may pass `undefined`);
 * - an empty cell is `null` in Excel on the web but `0` in Excel on Windows/Mac (office-js#4702). A 0 cannot
 *   be told apart from a typed 0, so on desktop an empty cell passed to an optional argument means 0, not
 *   the default; leave the argument out of the formula to get the default;
 * - ranges arrive as rectangular 2-D arrays (rows of cells); blank cells inside them as `null` or `""`, or
 *   as 0 on some builds (office-js#5262): a table or options row of blanks and zeros only is skipped.
 *
 * Zod schemas (zod/mini, the tree-shakable build the task pane and the worker use too) are built once,
 * at module load of this layer; no schema is constructed per call.
 */
import * as z from "zod/mini";
import { badNumber, badValue } from "./errors";

export type RawScalar = number | string | boolean | null | undefined;
export type RawArg = RawScalar | RawScalar[][];

/** Largest series (cells) any LEV function accepts. */
export const MAX_SERIES_CELLS = 1_000_000;
/** Largest options / brackets / positions table (rows). */
export const MAX_TABLE_ROWS = 10_000;

// ---- schemas (built once) -------------------------------------------------------------------------
const finiteNumber = z.number(); // zod 4 rejects NaN and ±Infinity
/** Text that is a plain decimal number, as Excel coerces "3" or " 0.8 " for a number argument. */
const numericText = z.pipe(
  z.pipe(
    z.string().check(z.trim(), z.regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/)),
    z.transform(Number)
  ),
  finiteNumber
);
const numberSchema = z.union([finiteNumber, numericText]);
const sideSchema = z.union([
  z.literal([1, -1]),
  z.pipe(
    z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(["long", "short", "buy", "sell"])),
    z.transform((s): 1 | -1 => (s === "long" || s === "buy" ? 1 : -1))
  ),
]);
const booleanSchema = z.union([
  z.boolean(),
  z.pipe(
    z.literal([1, 0]),
    z.transform((n) => n === 1)
  ),
  z.pipe(
    z.pipe(z.string().check(z.trim(), z.toUpperCase()), z.enum(["TRUE", "FALSE"])),
    z.transform((s) => s === "TRUE")
  ),
]);

// ---- helpers --------------------------------------------------------------------------------------
export function isBlank(v: unknown): boolean {
  // A plain check: a failing zod union allocates an issue list and localised messages on every non-blank
  // value (the dominant cost of every LEV call before this change).
  return v === null || v === undefined || v === "";
}

/**
 * A cell of a blank row inside a table or options range: blank, or 0 — some Excel builds pass an empty cell
 * inside an `any` range as 0 (office-js#5262, #1951), so a spare row arrives as [0, 0]. No table or options
 * row of zeros only is meaningful (a side, an option name or a bracket cap is never 0), so such a row is
 * skipped like a blank one.
 */
export function isBlankOrZero(v: unknown): boolean {
  return v === 0 || isBlank(v);
}

function isMatrix(v: unknown): v is RawScalar[][] {
  return Array.isArray(v);
}

/** A range is rows of cells; a bare list (never sent by Excel, possible from other callers) is #VALUE!. */
function requireRows(arg: string, raw: readonly unknown[]): void {
  for (let r = 0; r < raw.length; r++) {
    if (!Array.isArray(raw[r]))
      throw badValue(
        arg,
        `${arg} must be a range (rows of cells); row ${r + 1} is ${describe(raw[r])}`
      );
  }
}

/** A short description of a raw value for messages: `text "abc"`, `TRUE`, `a blank`, `a 3×2 range`. */
export function describe(v: unknown): string {
  if (v === null || v === undefined || v === "") return "a blank";
  if (Array.isArray(v)) return `a ${v.length}×${Array.isArray(v[0]) ? v[0].length : 1} range`;
  if (typeof v === "string") return `text "${v.length > 40 ? v.slice(0, 40) + "…" : v}"`;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "a non-finite number";
  return typeof v;
}

/** A scalar argument given as a 1×1 range is its single cell; a larger range is #VALUE!. */
function scalarOf(arg: string, raw: RawArg): RawScalar {
  if (!isMatrix(raw)) return raw;
  if (raw.length === 1 && Array.isArray(raw[0]) && raw[0].length === 1) return raw[0][0];
  throw badValue(arg, `${arg} must be a single value, not ${describe(raw)}`);
}

// ---- scalars --------------------------------------------------------------------------------------
/** A number, or undefined when blank/omitted and optional. Required and blank → #VALUE!. */
export function readNumber(arg: string, raw: RawArg, optional: boolean): number | undefined {
  const v = scalarOf(arg, raw);
  if (isBlank(v)) {
    if (optional) return undefined;
    throw badValue(arg, `${arg} is required (a number)`);
  }
  if (typeof v === "number") {
    // Fast path for what Excel sends almost always; text still goes through the zod schema.
    if (!Number.isFinite(v)) throw badNumber(arg, `${arg} must be a finite number`);
    return v;
  }
  const r = numberSchema.safeParse(v);
  if (!r.success) throw badValue(arg, `${arg} must be a number (got ${describe(v)})`);
  return r.data;
}

/** A whole number (e.g. a 1-based row index); a fractional number is #NUM!. */
export function readInteger(arg: string, raw: RawArg, optional: boolean): number | undefined {
  const n = readNumber(arg, raw, optional);
  if (n !== undefined && !Number.isInteger(n))
    throw badNumber(arg, `${arg} must be a whole number (got ${n})`);
  return n;
}

/** `"long"`/`"short"` or `"buy"`/`"sell"` (any case), or 1/−1 → 1 | −1. */
export function readSide(arg: string, raw: RawArg): 1 | -1 {
  const v = scalarOf(arg, raw);
  if (isBlank(v)) throw badValue(arg, `${arg} is required: "long", "short", 1 or -1`);
  if (v === 0)
    throw badValue(
      arg,
      `${arg} is 0: give "long", "short", 1 or -1 (Excel on Windows and Mac passes an empty cell as 0)`
    );
  // Fast paths for 1/-1 and "long"/"short" (any case); anything else goes through the zod schema.
  if (v === 1 || v === -1) return v;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    if (s === "long") return 1;
    if (s === "short") return -1;
  }
  const r = sideSchema.safeParse(v);
  if (!r.success)
    throw badValue(
      arg,
      `${arg} must be "long", "short", "buy", "sell", 1 or -1 (got ${describe(v)})`
    );
  return r.data;
}

/** One of a fixed set of words (case-insensitive) → its lower-case form. */
export function readChoice(
  arg: string,
  raw: RawArg,
  choices: readonly string[],
  optional: boolean
): string | undefined {
  const v = scalarOf(arg, raw);
  if (isBlank(v)) {
    if (optional) return undefined;
    throw badValue(arg, `${arg} is required: one of ${choices.map((c) => `"${c}"`).join(", ")}`);
  }
  const s = typeof v === "string" ? v.trim().toLowerCase() : undefined;
  if (s === undefined || !choices.includes(s)) {
    throw badValue(
      arg,
      `${arg} must be one of ${choices.map((c) => `"${c}"`).join(", ")} (got ${describe(v)})`
    );
  }
  return s;
}

/** TRUE/FALSE (also 1/0 and the text "TRUE"/"FALSE"). */
export function readBoolean(arg: string, raw: RawArg, optional: boolean): boolean | undefined {
  const v = scalarOf(arg, raw);
  if (isBlank(v)) {
    if (optional) return undefined;
    throw badValue(arg, `${arg} is required: TRUE or FALSE`);
  }
  const r = booleanSchema.safeParse(v);
  if (!r.success) throw badValue(arg, `${arg} must be TRUE or FALSE (got ${describe(v)})`);
  return r.data;
}

// ---- ranges ---------------------------------------------------------------------------------------
/**
 * A 1-D series from a single row or a single column (or one number). A block with more than one row and
 * more than one column is #VALUE!, as is any blank, text or logical cell (blanks are never skipped).
 */
export function readSeries(arg: string, raw: RawArg): Float64Array {
  if (!isMatrix(raw)) {
    if (isBlank(raw)) throw badValue(arg, `${arg} is required: a single row or column of numbers`);
    return Float64Array.of(readNumber(arg, raw, false) as number);
  }
  requireRows(arg, raw);
  const rows = raw.length;
  const cols = rows > 0 && Array.isArray(raw[0]) ? raw[0].length : 0;
  if (rows === 0 || cols === 0)
    throw badValue(arg, `${arg} is empty: give a single row or column of numbers`);
  if (rows > 1 && cols > 1) {
    throw badValue(
      arg,
      `${arg} must be a single row or a single column, not a ${rows}×${cols} block`
    );
  }
  const n = rows * cols;
  if (n > MAX_SERIES_CELLS) {
    throw badNumber(
      arg,
      `${arg} has ${n} cells; the limit is ${MAX_SERIES_CELLS.toLocaleString("en-US")} cells`
    );
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = rows === 1 ? raw[0][i] : raw[i][0];
    if (typeof v === "number" && Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    if (isBlank(v))
      throw badValue(
        arg,
        `${arg} has a blank at position ${i + 1}; blanks inside a series are not allowed`
      );
    throw badValue(arg, `${arg} must contain only numbers (position ${i + 1} is ${describe(v)})`);
  }
  return out;
}

/**
 * A number, or a single row or column of numbers: a scalar or a 1×1 range is read as a number (as
 * `readNumber`), a larger range as a series (as `readSeries`: no blanks, text or logicals inside).
 */
export function readNumbers(arg: string, raw: RawArg): number | Float64Array {
  if (isMatrix(raw) && !(raw.length === 1 && Array.isArray(raw[0]) && raw[0].length === 1))
    return readSeries(arg, raw);
  return readNumber(arg, raw, false) as number;
}

/** Kinds of cells in a table argument (brackets, positions). */
export type CellKind = "number" | "side";

/** Per-table limits (functions/declare.ts, the table kind): most rows, and whether blank rows are kept. */
export interface TableLimits {
  maxRows?: number;
  blankRows?: "keep";
}

/**
 * A table given as a range with a fixed list of columns. Rows that are entirely blank are skipped
 * (spare rows at the bottom of a range), or kept as empty rows `[]` with `blankRows: "keep"`; a partly
 * blank row is #VALUE! naming row and column.
 */
export function readTable(
  arg: string,
  raw: RawArg,
  columns: readonly { name: string; kind: CellKind }[],
  limits: TableLimits = {}
): (number | 1 | -1)[][] {
  if (!isMatrix(raw))
    throw badValue(
      arg,
      `${arg} must be a range with ${columns.length} columns (${columns.map((c) => c.name).join(", ")})`
    );
  requireRows(arg, raw);
  const rows = raw.length;
  const cols = rows > 0 ? raw[0].length : 0;
  if (cols !== columns.length) {
    throw badValue(
      arg,
      `${arg} must have ${columns.length} columns (${columns.map((c) => c.name).join(", ")}), got ${cols}`
    );
  }
  const maxRows = limits.maxRows ?? MAX_TABLE_ROWS;
  if (rows > maxRows)
    throw badNumber(
      arg,
      `${arg} has ${rows} rows; the limit is ${maxRows === MAX_TABLE_ROWS ? maxRows : maxRows.toLocaleString("en-US")} rows`
    );
  const keepBlank = limits.blankRows === "keep";
  const width = columns.length;
  const out: (number | 1 | -1)[][] = [];
  for (let r = 0; r < rows; r++) {
    const row = raw[r];
    if (isBlankOrZero(row[0]) && row.every(isBlankOrZero)) {
      if (keepBlank) out.push([]);
      continue;
    }
    const cells: (number | 1 | -1)[] = new Array(width);
    for (let j = 0; j < width; j++) {
      const v = row[j];
      // what a table holds almost always, read without allocating; anything else gets the full rules
      cells[j] =
        columns[j].kind === "side"
          ? v === 1 || v === -1
            ? v
            : v === "long"
              ? 1
              : v === "short"
                ? -1
                : readTableSide(arg, r, j, columns[j].name, v)
          : typeof v === "number" && v - v === 0
            ? v
            : readTableNumber(arg, r, j, columns[j].name, v);
    }
    out.push(cells);
  }
  if (out.length === 0 && !keepBlank) throw badValue(arg, `${arg} has no rows`);
  return out;
}

const cellName = (arg: string, r: number, j: number, name: string) =>
  `${arg} row ${r + 1}, column ${j + 1} (${name})`;

/** A table's side cell other than 1, −1, "long", "short": "buy"/"sell", other spellings, or an error. */
function readTableSide(arg: string, r: number, j: number, name: string, v: RawScalar): 1 | -1 {
  if (isBlank(v)) throw badValue(arg, `${cellName(arg, r, j, name)} is blank`);
  const s = sideSchema.safeParse(v);
  if (!s.success)
    throw badValue(
      arg,
      `${cellName(arg, r, j, name)} must be "long", "short", "buy", "sell", 1 or -1 (got ${describe(v)})`
    );
  return s.data;
}

/** A table's number cell that is not a finite number: the error naming row and column. */
function readTableNumber(arg: string, r: number, j: number, name: string, v: RawScalar): number {
  if (isBlank(v)) throw badValue(arg, `${cellName(arg, r, j, name)} is blank`);
  throw badValue(arg, `${cellName(arg, r, j, name)} must be a number (got ${describe(v)})`);
}

// ---- options --------------------------------------------------------------------------------------
/** How an option's value is typed. */
export type OptionType =
  | { kind: "number" }
  | { kind: "integer" }
  | { kind: "boolean" }
  | { kind: "choice"; choices: readonly string[] };

const CAMEL_CACHE = new Map<string, string>();
/** snake_case → camelCase, memoised (called for every parameter of every call). */
export const snakeToCamel = (s: string): string => {
  let c = CAMEL_CACHE.get(s);
  if (c === undefined) {
    c = s.replace(/_([a-z0-9])/g, (_, x: string) => x.toUpperCase());
    CAMEL_CACHE.set(s, c);
  }
  return c;
};

/** A parsed options argument: engine options in camelCase plus the layer's own `headers` flag. */
export interface ParsedOptions {
  values: Record<string, number | string | boolean>;
  headers: boolean;
}

/** The option every spilling function accepts: show the header row (TRUE, default) or not. */
export const HEADERS_OPTION = "headers";

function readOptionValue(
  name: string,
  type: OptionType | undefined,
  v: RawScalar
): number | string | boolean {
  const arg = `option ${name}`;
  if (type === undefined) {
    // An option the engine accepts but this layer has no type for: pass numbers, logicals and text through;
    // the engine validates it.
    if (typeof v === "string") return v.trim().toLowerCase();
    if (typeof v === "number" || typeof v === "boolean") return v;
    throw badValue("options", `${arg} has an unsupported value ${describe(v)}`);
  }
  switch (type.kind) {
    case "number":
      return readNumber(arg, v, false) as number;
    case "integer":
      return readInteger(arg, v, false) as number;
    case "boolean":
      return readBoolean(arg, v, false) as boolean;
    case "choice":
      return readChoice(arg, v, type.choices, false) as string;
  }
}

/**
 * `options` as a 2-column range or array constant of name/value pairs (e.g. {"band_low",2;"band_high",4}).
 * Names are case-insensitive; unknown names and duplicates are #VALUE! naming them; each value is typed
 * by its option. Entirely blank rows are skipped. Omitted → no options, headers on.
 */
export function readOptions(
  raw: RawArg,
  accepted: readonly string[],
  types: Readonly<Record<string, OptionType>>
): ParsedOptions {
  const parsed: ParsedOptions = { values: {}, headers: true };
  if (!isMatrix(raw)) {
    if (isBlank(raw)) return parsed;
    throw badValue(
      "options",
      `options must be a 2-column range or array constant of name/value pairs (got ${describe(raw)})`
    );
  }
  requireRows("options", raw);
  const rows = raw.length;
  const cols = rows > 0 ? raw[0].length : 0;
  if (cols !== 2) {
    throw badValue(
      "options",
      `options must have 2 columns (name, value), got a ${rows}×${cols} range`
    );
  }
  if (rows > MAX_TABLE_ROWS)
    throw badNumber("options", `options has ${rows} rows; the limit is ${MAX_TABLE_ROWS}`);
  const known = [...accepted, HEADERS_OPTION];
  const seen = new Set<string>();
  for (let r = 0; r < rows; r++) {
    const [nameCell, valueCell] = raw[r];
    if (isBlankOrZero(nameCell) && isBlankOrZero(valueCell)) continue;
    if (typeof nameCell !== "string" || nameCell.trim() === "") {
      throw badValue(
        "options",
        `options row ${r + 1}: the name must be text (got ${describe(nameCell)})`
      );
    }
    const name = nameCell.trim().toLowerCase();
    if (!known.includes(name)) {
      throw badValue(
        "options",
        `unknown option "${nameCell.trim()}"; accepted: ${known.join(", ")}`
      );
    }
    if (seen.has(name)) throw badValue("options", `option ${name} is given twice`);
    seen.add(name);
    if (isBlank(valueCell)) throw badValue("options", `option ${name} has no value`);
    if (name === HEADERS_OPTION) {
      parsed.headers = readBoolean(`option ${name}`, valueCell, false) as boolean;
      continue;
    }
    parsed.values[snakeToCamel(name)] = readOptionValue(name, types[name], valueCell);
  }
  return parsed;
}
