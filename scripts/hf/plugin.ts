/**
 * A HyperFormula function plugin that registers every LEV function from the SAME adapter table the Excel
 * custom functions use (functions/registry.ts → functions/adapter.ts). Used only by scripts/ (the formula
 * evaluator, the reference generator) and test/; never imported by functions/ or src/ (HyperFormula is
 * GPL-3.0 and a dev dependency).
 *
 * - Excel's argument conversion is emulated per parameter, from the type Excel sees in functions.json
 *   (`excelTypeOf`, the same mapping as scripts/gen-functions.ts), before the adapter runs — so a test through
 *   the evaluator says what Excel will do (docs/references/office-addin.md §2.1 "Argument conversion"):
 *   a `number` parameter gets text converted as Excel converts it ("3", " 0.8 ", "1E9", "80%", "$4") or
 *   #VALUE! with no LEV message (Excel does not call the function), TRUE/FALSE as 1/0, an empty cell as 0
 *   on Windows and Mac (office-js#4702) or as omitted on the web (`setExcelPlatform`); a `string` parameter
 *   gets numbers and logicals as text; a range given to a scalar parameter of a function with a scalar
 *   result is lifted (the function runs per cell and the results spill, as dynamic-array Excel does for
 *   scalar arguments); a matrix parameter gets a single value as a 1×1 range and empty cells inside a range
 *   as blanks (or as 0, office-js#5262, with `emptyInRange: "zero"`). Arity, blanks and defaults stay the
 *   adapter's job (the parameters are declared optional; HyperFormula's own coercion is not used for them).
 * - A thrown exception inside a HyperFormula function escapes `buildFromArray` (docs/references/office-addin.md §3.5), so
 *   the adapter's `evaluate` (which never throws) is the only call; its failures become CellError with
 *   the same code and message Excel shows.
 * - An error value in any argument (or inside a range argument) is returned as is, as Excel does.
 * - Spills: HyperFormula sizes an array formula when it parses it, before the arguments are computed
 *   (hyperformula#1253). The size comes from the arguments' shapes only: the length of the series range
 *   or array constant, the header row unless options say "headers",FALSE, the table's fixed columns.
 *   If the value computed later has another size (possible only when options live in cells computed after
 *   the formula was parsed), the formula returns #VALUE! saying so rather than a truncated or padded spill.
 */
import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
  type FunctionMetadata,
  type FunctionPluginDefinition,
  type ImplementedFunctions,
} from "hyperformula";
import { evaluate, parseCall } from "../../functions/adapter";
import { excelTypeOf, type ParamDecl } from "../../functions/declare";
import { readOptions, type RawArg, type RawScalar } from "../../functions/args";
import type { ErrorCode, Outcome } from "../../functions/errors";
import { FUNCTIONS, type FunctionSpec } from "../../functions/registry";

const ERROR_TYPE: Record<ErrorCode, ErrorType> = {
  "#VALUE!": ErrorType.VALUE,
  "#NUM!": ErrorType.NUM,
  "#N/A": ErrorType.NA,
};

/** Method name of a LEV function in the plugin: LIQ.PRICE → levLIQ_PRICE. */
const methodOf = (spec: FunctionSpec) => "lev" + spec.id.replace(/\./g, "_");
const sizeMethodOf = (spec: FunctionSpec) => methodOf(spec) + "Size";

/** An argument as HyperFormula evaluated it, or the first error value it holds. */
function toRaw(v: unknown): RawArg | CellError {
  if (v instanceof SimpleRangeValue) {
    const data = v.rawData();
    const out: RawScalar[][] = [];
    for (const row of data) {
      const r: RawScalar[] = [];
      for (const cell of row) {
        const c = toScalar(cell);
        if (c instanceof CellError) return c;
        r.push(c);
      }
      out.push(r);
    }
    return out;
  }
  return toScalar(v);
}

function toScalar(v: unknown): RawScalar | CellError {
  if (v instanceof CellError) return v;
  if (v === EmptyValue || v === undefined || v === null) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  // RichNumber (percent, currency, date): the plain number is in `val`
  if (typeof v === "object" && typeof (v as { val?: unknown }).val === "number")
    return (v as { val: number }).val;
  return String(v);
}

// ---- Excel's argument conversion (docs/references/office-addin.md §2.1) ------------------------------
/**
 * How Excel passes an empty cell to a custom function: 0 to a scalar parameter on Windows and Mac, null on
 * the web (office-js#4702); inside a range, null on current builds, 0 on some (office-js#5262, #1951).
 */
export interface ExcelPlatform {
  emptyCell: "zero" | "null";
  emptyInRange: "null" | "zero";
}
export const EXCEL_DESKTOP: ExcelPlatform = { emptyCell: "zero", emptyInRange: "null" };
export const EXCEL_WEB: ExcelPlatform = { emptyCell: "null", emptyInRange: "null" };
let platform: ExcelPlatform = EXCEL_DESKTOP;
/** The platform the evaluator emulates (the FormulaEvaluator sets it before each evaluation). */
export function setExcelPlatform(p: ExcelPlatform): void {
  platform = p;
}

const describeText = (s: string) => `text "${s.length > 40 ? s.slice(0, 40) + "…" : s}"`;

/** HyperFormula's types for a function call's syntax tree and state (not exported by its index). */
type CallAst = Parameters<FunctionPlugin["runFunction"]>[0][number] & { args?: CallAst[] };
type State = Parameters<FunctionPlugin["runFunction"]>[1];
type HfValue = ReturnType<FunctionPlugin["evaluateAst"]>;
/** A plugin method as HyperFormula calls it, and a plugin class as it registers one. */
type Method = (this: LevPluginBase, ast: CallAst, state: State) => HfValue | ArraySize;
type PluginClass = FunctionPluginDefinition & { implementedFunctions: ImplementedFunctions };

function toHf(outcome: Outcome): CellError | SimpleRangeValue | number | string | boolean {
  if (!outcome.ok) return new CellError(ERROR_TYPE[outcome.code], outcome.message);
  const v = outcome.value;
  return Array.isArray(v) ? SimpleRangeValue.onlyValues(v) : v;
}

const addressKey = (a: { sheet: number; row: number; col: number }) =>
  `${a.sheet}!${a.row}:${a.col}`;

class LevPluginBase extends FunctionPlugin {
  /** Spill sizes predicted at parse time, per formula cell, to detect a value of another size. */
  private readonly predicted = new Map<string, { width: number; height: number }>();

  /** Excel's text → number conversion of a value for a `number` parameter (HyperFormula's, Excel-like). */
  private excelNumber(spec: FunctionSpec, p: ParamDecl, v: unknown): number | null | CellError {
    if (v instanceof CellError) return v;
    if (v === EmptyValue || v === null || v === undefined)
      return platform.emptyCell === "zero" ? 0 : null;
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "string") {
      const n = v.trim() === "" ? undefined : this.arithmeticHelper.coerceScalarToNumberOrError(v);
      if (typeof n === "number") return n;
      if (n !== undefined && typeof (n as { val?: unknown }).val === "number")
        return (n as { val: number }).val;
      return new CellError(
        ErrorType.VALUE,
        `Excel cannot convert ${describeText(v)} to a number for ${p.name} of LEV.${spec.id}: #VALUE! before the function runs (Excel shows no message for it)`
      );
    }
    const s = toScalar(v);
    return typeof s === "number" || s instanceof CellError ? s : (s as number | null);
  }

  /** One argument as Excel passes it to the custom function (see the module header). */
  private excelArgument(spec: FunctionSpec, p: ParamDecl, v: unknown): RawArg | CellError {
    const type = excelTypeOf(p);
    if (type === "matrix") {
      const inRange = (c: unknown) =>
        c === EmptyValue && platform.emptyInRange === "zero" ? 0 : toScalar(c);
      if (v instanceof SimpleRangeValue) {
        const out: RawScalar[][] = [];
        for (const row of v.rawData()) {
          const r: RawScalar[] = [];
          for (const cell of row) {
            const c = inRange(cell);
            if (c instanceof CellError) return c;
            r.push(c);
          }
          out.push(r);
        }
        return out;
      }
      const c = inRange(v);
      return c instanceof CellError ? c : [[c]]; // a single value arrives as a 1×1 range
    }
    if (v instanceof SimpleRangeValue) {
      // a range that reached a scalar parameter (a spilling function: no lifting): its one cell, or the
      // range for the adapter to reject
      if (v.width() !== 1 || v.height() !== 1) return toRaw(v);
      v = v.rawData()[0][0];
    }
    if (type === "number") return this.excelNumber(spec, p, v);
    if (type === "string") {
      if (v === EmptyValue) return null;
      if (typeof v === "number") return String(v);
      if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
      return toScalar(v);
    }
    // "any" scalar (side): as Excel passes it, an empty cell as 0 on Windows and Mac
    if (v === EmptyValue) return platform.emptyCell === "zero" ? 0 : null;
    return toScalar(v);
  }

  callLev(spec: FunctionSpec, ast: CallAst, state: State): HfValue {
    const name = "LEV." + spec.id;
    const asts: CallAst[] = ast.args ?? [];
    // an argument left out (=F(1,,3) or missing at the end) arrives as null, whatever the platform
    const omitted = spec.params.map((_, i) => i >= asts.length || asts[i].type === "EMPTY");
    return this.runFunction(asts, state, this.metadata(name), (...args: unknown[]) => {
      const raw: RawArg[] = [];
      for (let i = 0; i < args.length; i++) {
        const p = spec.params[i];
        const r =
          p === undefined
            ? toRaw(args[i])
            : omitted[i]
              ? undefined
              : this.excelArgument(spec, p, args[i]);
        if (r instanceof CellError) return r;
        raw.push(r);
      }
      while (raw.length > 0 && raw[raw.length - 1] === undefined) raw.pop();
      const outcome = evaluate(spec.id, raw);
      if (spec.spill && outcome.ok && Array.isArray(outcome.value)) {
        const p = this.predicted.get(addressKey(state.formulaAddress));
        const height = outcome.value.length;
        const width = height > 0 ? outcome.value[0].length : 0;
        if (p && (p.width !== width || p.height !== height)) {
          return new CellError(
            ErrorType.VALUE,
            `LEV.${spec.id} computed ${height}×${width} cells but its spill was sized ${p.height}×${p.width} from the arguments before they were computed; put options in an array constant or in cells above the formula`
          );
        }
      }
      return toHf(outcome);
    });
  }

  sizeLev(spec: FunctionSpec, ast: CallAst, state: State): ArraySize {
    const shape = spec.spill!;
    const args: CallAst[] = ast.args ?? [];
    let seriesLength = 0;
    if (shape.series) {
      const i = spec.params.findIndex((p) => p.name === shape.series);
      const a = args[i];
      if (!a) return ArraySize.scalar();
      const s = this.arraySizeForAst(a, state);
      if (!(s.width >= 1 && s.height >= 1)) return ArraySize.scalar();
      // a 2-D block is an error (1 cell); a row or column gives its length
      seriesLength = s.width > 1 && s.height > 1 ? 0 : s.width * s.height;
      if (seriesLength === 0) return ArraySize.scalar();
    }
    const optionsIndex = spec.params.findIndex((p) => p.type.kind === "options");
    let headers = true;
    let options: Record<string, unknown> = {};
    if (optionsIndex >= 0 && args[optionsIndex]) {
      const t = spec.params[optionsIndex].type;
      try {
        const raw = toRaw(this.evaluateAst(args[optionsIndex], state));
        if (!(raw instanceof CellError) && t.kind === "options") {
          const o = readOptions(raw, t.names, t.types);
          headers = o.headers;
          options = o.values;
        }
      } catch {
        // options not computable yet (cells not computed) or invalid: the defaults; see the module header
      }
    }
    let input: Record<string, unknown> = {};
    if (shape.fromInput) {
      // The row count depends on the arguments' values (LEV.CASCADE's rounds): parse them all now; an
      // argument that is an error or invalid makes the formula an error, i.e. one cell.
      try {
        const raw: RawArg[] = [];
        for (const a of args) {
          const r = toRaw(this.evaluateAst(a, state));
          if (r instanceof CellError) return ArraySize.scalar();
          raw.push(r);
        }
        while (raw.length > 0 && raw[raw.length - 1] === undefined) raw.pop();
        input = parseCall(spec.id, raw).input;
      } catch {
        return ArraySize.scalar();
      }
    }
    if (shape.headers === false) headers = false;
    let dataRows: number;
    try {
      dataRows = shape.dataRows(seriesLength, options, input);
    } catch {
      return ArraySize.scalar(); // the engine rejects the arguments: the formula is an error
    }
    const rows = dataRows + (headers ? 1 : 0);
    if (!(rows >= 1)) return ArraySize.scalar();
    const width = typeof shape.columns === "number" ? shape.columns : shape.columns(options);
    const size = new ArraySize(width, rows);
    this.predicted.set(addressKey(state.formulaAddress), { width, height: rows });
    return size;
  }
}

/** The plugin class, one method (and one size method for spills) per LEV function, built from FUNCTIONS. */
function buildPlugin(): PluginClass {
  const implemented: ImplementedFunctions = {};
  const methods: Record<string, Method> = {};
  for (const spec of FUNCTIONS) {
    const entry: FunctionMetadata = {
      method: methodOf(spec),
      // A scalar parameter of a function with a scalar result is SCALAR, so that a range given to it is
      // lifted (HyperFormula's vectorization: one call per cell, the results spill); the rest are ANY.
      parameters: spec.params.map((p) => ({
        argumentType:
          !spec.spill && excelTypeOf(p) !== "matrix"
            ? FunctionArgumentType.SCALAR
            : FunctionArgumentType.ANY,
        optionalArg: true,
      })),
      vectorizationForbidden: spec.spill !== undefined,
    };
    methods[methodOf(spec)] = function (ast, state) {
      return this.callLev(spec, ast, state);
    };
    if (spec.spill) {
      entry.sizeOfResultArrayMethod = sizeMethodOf(spec);
      methods[sizeMethodOf(spec)] = function (ast, state) {
        return this.sizeLev(spec, ast, state);
      };
    }
    implemented["LEV." + spec.id] = entry;
  }
  class LevPlugin extends LevPluginBase {
    static implementedFunctions = implemented;
  }
  Object.assign(LevPlugin.prototype, methods);
  return LevPlugin;
}

let registered = false;
/** Registers the LEV plugin with HyperFormula once per process (before any engine is built). */
export function registerLevFunctions(): void {
  if (registered) return;
  const translations: Record<string, string> = {};
  for (const spec of FUNCTIONS) translations["LEV." + spec.id] = "LEV." + spec.id;
  HyperFormula.registerFunctionPlugin(buildPlugin(), {
    enGB: translations,
    enUS: translations,
  });
  registered = true;
}

/**
 * HyperFormula settings for the evaluator: GPL licence key, no display rounding of numbers, and Excel's
 * sheet size (1,048,576 rows; HyperFormula's default stops at 40,000, too few for a long price column).
 */
export const HF_CONFIG = {
  licenseKey: "gpl-v3",
  smartRounding: false,
  useArrayArithmetic: true,
  maxRows: 1_048_576,
} as const;
