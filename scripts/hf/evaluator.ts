/**
 * The formula evaluator: evaluates Excel formulas that use LEV functions with HyperFormula (plugin.ts),
 * optionally over a block of cell data placed at A1 of the first sheet. Results are JSON-ready:
 * a number, string or boolean; a 2-D array for a spill (errors inside as {error, message}; empty cells
 * null); or {error: "#NUM!", message: "…"}.
 */
import { CellError, DetailedCellError, HyperFormula, type RawCellContent } from "hyperformula";
import {
  EXCEL_DESKTOP,
  EXCEL_WEB,
  HF_CONFIG,
  registerLevFunctions,
  setExcelPlatform,
  type ExcelPlatform,
} from "./plugin";

export { EXCEL_DESKTOP, EXCEL_WEB, type ExcelPlatform };

/**
 * A formula as Excel writes it, in the form HyperFormula parses: number literals in scientific notation with
 * a capital E (Excel shows and accepts `1E9`, `1E+9`, `2.5E-3`; HyperFormula reads only the lower-case `e`) are
 * lower-cased. Text inside double quotes is left alone.
 */
export function excelFormula(formula: string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/(^|[^A-Za-z0-9_.$])(\d+(?:\.\d*)?|\.\d+)E([+-]?\d)/g, "$1$2e$3")
    )
    .join("");
}

/** Excel writes TRUE/FALSE without parentheses; HyperFormula needs them as named expressions (HF docs, "Compatibility with Microsoft Excel"). */
const EXCEL_NAMES = [
  { name: "TRUE", expression: "=TRUE()" },
  { name: "FALSE", expression: "=FALSE()" },
];

export type JsonCell = number | string | boolean | null | { error: string; message: string };
export type JsonResult = JsonCell | JsonCell[][];

function cellToJson(v: unknown): JsonCell {
  if (v instanceof DetailedCellError || v instanceof CellError) {
    const e = v as { value?: string; type?: string; message?: string };
    const code = v instanceof DetailedCellError ? v.value : `#${String(e.type)}`;
    return { error: code, message: e.message ?? "" };
  }
  if (v === undefined || v === null) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return String(v);
}

export function toJson(v: unknown): JsonResult {
  if (Array.isArray(v))
    return v.map((row) => (Array.isArray(row) ? row.map(cellToJson) : [cellToJson(row)]));
  return cellToJson(v);
}

/** A sheet with optional data at A1; formulas are evaluated against it (references like A1:A10 work). */
export class FormulaEvaluator {
  private readonly hf: HyperFormula;

  private readonly platform: ExcelPlatform;

  /**
   * `platform`: how empty cells arrive, as in Excel on Windows and Mac (default: 0 for a scalar argument,
   * office-js#4702) or on the web (EXCEL_WEB: as an omitted argument); see scripts/hf/plugin.ts.
   */
  constructor(data: unknown[][] = [[]], platform: ExcelPlatform = EXCEL_DESKTOP) {
    registerLevFunctions();
    this.platform = platform;
    setExcelPlatform(platform);
    // Values first, formulas after (row by row): a spill is sized when its formula is parsed, so its
    // option cells must already hold values then (see plugin.ts).
    const isFormula = (v: unknown) => typeof v === "string" && v.trim().startsWith("=");
    const values = data.map((row) => row.map((v) => (isFormula(v) ? null : (v as RawCellContent))));
    this.hf = HyperFormula.buildFromArray(values, { ...HF_CONFIG }, EXCEL_NAMES);
    data.forEach((row, r) =>
      row.forEach((v, c) => {
        if (isFormula(v))
          this.hf.setCellContents({ sheet: 0, row: r, col: c }, excelFormula(v as string));
      })
    );
  }

  /** Evaluates one formula ("=…"; a leading "=" is added when missing). Never throws. */
  evaluate(formula: string): JsonResult {
    const f = excelFormula(formula.trim().startsWith("=") ? formula.trim() : "=" + formula.trim());
    setExcelPlatform(this.platform);
    try {
      return toJson(this.hf.calculateFormula(f, 0));
    } catch (e) {
      return { error: "#VALUE!", message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** The underlying engine (tests place formulas in cells to check spills in a sheet). */
  get engine(): HyperFormula {
    setExcelPlatform(this.platform);
    return this.hf;
  }

  destroy(): void {
    this.hf.destroy();
  }
}

/** Evaluates one formula on an empty sheet. */
export function evaluateFormula(formula: string): JsonResult {
  const ev = new FormulaEvaluator();
  try {
    return ev.evaluate(formula);
  } finally {
    ev.destroy();
  }
}
