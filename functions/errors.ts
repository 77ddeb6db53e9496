/**
 * Error values of the LEV.* functions layer.
 *
 * Every failure of a LEV function becomes one of three Excel errors (docs/spec/functions.md, "Conventions"):
 * - `#VALUE!` wrong type, shape or option (unknown name, wrong option type, blank inside a series);
 * - `#NUM!`   a number outside its domain (leverage 0, negative price, volatility < 0, size limits);
 * - `#N/A`    valid inputs with no finite answer (e.g. no liquidation price).
 * Each carries a message naming the argument and the accepted range.
 *
 * Inside Excel the error thrown is the host's `CustomFunctions.Error`. Outside Excel (Node, tests, the
 * HyperFormula evaluator, and even a browser with office.js loaded but no Excel host) the global
 * `CustomFunctions.Error` is undefined, so a small stand-in with the same shape (`code`, `message`) is used.
 * Sources: Microsoft, "Handle and return errors from your custom function" (custom-functions-errors.md);
 * docs/references/office-addin.md §2.3 and §3.2.
 */
import { LevError } from "../src/engine/errors";

/** The three Excel errors a LEV function can return (the string values of CustomFunctions.ErrorCode). */
export type ErrorCode = "#VALUE!" | "#NUM!" | "#N/A";

/** A failed evaluation, independent of the surface (Excel, HyperFormula, task pane). */
export interface FunctionFailure {
  ok: false;
  code: ErrorCode;
  message: string;
}

/** A LEV function's value as a surface shows it: a scalar or a rectangular 2-D array (a spill). */
export type CellScalar = number | string | boolean;
export type FunctionValue = CellScalar | CellScalar[][];

export interface FunctionSuccess {
  ok: true;
  value: FunctionValue;
}

export type Outcome = FunctionSuccess | FunctionFailure;

/** Stand-in for CustomFunctions.Error used when the host class is not available (same fields). */
export class LevFunctionError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "LevFunctionError";
    this.code = code;
  }
}

/** Internal: a failure raised by the argument layer, carrying its Excel code. */
export class ArgumentError extends Error {
  readonly code: ErrorCode;
  readonly arg: string | undefined;
  constructor(code: ErrorCode, arg: string | undefined, message: string) {
    super(message);
    this.name = "ArgumentError";
    this.code = code;
    this.arg = arg;
  }
}

/** #VALUE! from the argument layer (type, shape, option). */
export function badValue(arg: string | undefined, message: string): ArgumentError {
  return new ArgumentError("#VALUE!", arg, message);
}

/** #NUM! from the argument layer (out of domain, size limits). */
export function badNumber(arg: string | undefined, message: string): ArgumentError {
  return new ArgumentError("#NUM!", arg, message);
}

const CODE_BY_KIND: Record<LevError["kind"], ErrorCode> = {
  VALUE: "#VALUE!",
  NUM: "#NUM!",
  NA: "#N/A",
};

/**
 * Maps anything thrown while evaluating a LEV function to a failure. LevError maps by its kind,
 * the argument layer's errors by their code, and every other exception to #VALUE! with its message
 * (so nothing thrown escapes to Excel as an unexplained error).
 */
export function toFailure(e: unknown): FunctionFailure {
  if (e instanceof LevError)
    return { ok: false, code: CODE_BY_KIND[e.kind] ?? "#VALUE!", message: e.message };
  if (e instanceof ArgumentError) return { ok: false, code: e.code, message: e.message };
  if (e instanceof LevFunctionError) return { ok: false, code: e.code, message: e.message };
  // A LevError that crossed a Web Worker boundary arrives as a plain object {kind, arg, message}.
  if (typeof e === "object" && e !== null && typeof (e as { kind?: unknown }).kind === "string") {
    const code = CODE_BY_KIND[(e as { kind: LevError["kind"] }).kind];
    const message = (e as { message?: unknown }).message;
    if (code && typeof message === "string") return { ok: false, code, message };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { ok: false, code: "#VALUE!", message: `unexpected error: ${message}` };
}

/** The host error constructor when running inside Excel, else undefined. */
function hostErrorClass():
  | { ctor: new (code: string, message?: string) => Error; codes: Record<string, string> }
  | undefined {
  const cf = (globalThis as { CustomFunctions?: { Error?: unknown; ErrorCode?: unknown } })
    .CustomFunctions;
  if (cf && typeof cf.Error === "function" && cf.ErrorCode && typeof cf.ErrorCode === "object") {
    return {
      ctor: cf.Error as new (code: string, message?: string) => Error,
      codes: cf.ErrorCode as Record<string, string>,
    };
  }
  return undefined;
}

const HOST_CODE_NAME: Record<ErrorCode, string> = {
  "#VALUE!": "invalidValue",
  "#NUM!": "invalidNumber",
  "#N/A": "notAvailable",
};

/**
 * The error object to throw to Excel for a failure: `new CustomFunctions.Error(code, message)` when the host
 * provides it, else the stand-in `LevFunctionError` (same `code` and `message`).
 */
export function toExcelError(f: FunctionFailure): Error {
  const host = hostErrorClass();
  if (host) {
    const code = host.codes[HOST_CODE_NAME[f.code]] ?? f.code;
    return new host.ctor(code, f.message);
  }
  return new LevFunctionError(f.code, f.message);
}
