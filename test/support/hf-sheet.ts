// A sheet plan (src/taskpane/layout.ts) built as a HyperFormula sheet with the LEV plugin
// (scripts/hf/plugin.ts: the same adapter table as the Excel custom functions), so tests can read what
// the inserted sheet computes — and edit its inputs — without Excel.
//
// What HyperFormula lacks is translated, nothing else:
//   - Excel tables: `Name[Column]` becomes that column's data range, a bare table name its data body
//     (HyperFormula has no tables; the header row comes from the plan's cells);
//   - TRUE / FALSE without parentheses (named expressions, as scripts/hf/evaluator.ts does);
//   - the plan's sheet-scoped names become named expressions on the one sheet.
// Spill references (`F40#`) are refused: the layout binds names, not addresses.
// Formulas are entered after the values, plain ones first and the LEV ones last: HyperFormula sizes a
// spill when it parses the formula, so the options cells it reads must hold their values by then.
import { DetailedCellError, HyperFormula, type SimpleCellAddress } from "hyperformula";
import { HF_CONFIG, registerLevFunctions } from "../../scripts/hf/plugin";
import { colIndex, colLetter, type SheetPlan } from "../../src/taskpane/layout";

export type SheetValue = number | string | boolean | null | { error: string; message: string };

const SHEET = "Sheet1";
const EXCEL_NAMES = [
  { name: "TRUE", expression: "=TRUE()" },
  { name: "FALSE", expression: "=FALSE()" },
];

function parseCell(a: string): { col: number; row: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a);
  if (!m) throw new Error(`not a cell address: ${a}`);
  return { col: colIndex(m[1]), row: Number(m[2]) - 1 };
}
const absRange = (c0: number, r0: number, c1: number, r1: number) =>
  `${SHEET}!$${colLetter(c0)}$${r0 + 1}:$${colLetter(c1)}$${r1 + 1}`;

/** Applies `f` to the parts of a formula outside string literals. */
function outsideStrings(formula: string, f: (code: string) => string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : f(part)))
    .join("");
}

function toValue(v: unknown): SheetValue {
  if (v instanceof DetailedCellError) return { error: v.value, message: v.message ?? "" };
  if (v === undefined || v === null) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return String(v);
}

export class PlanSheet {
  readonly hf: HyperFormula;
  private readonly sheet: number;
  private readonly names = new Map<string, string>();

  constructor(plan: SheetPlan) {
    registerLevFunctions();
    this.hf = HyperFormula.buildEmpty(HF_CONFIG, EXCEL_NAMES);
    this.hf.addSheet(SHEET);
    this.sheet = this.hf.getSheetId(SHEET)!;

    // values, and the text of every written cell (table headers are read from it)
    const texts = new Map<string, unknown>();
    const formulas: Array<[SimpleCellAddress, string]> = [];
    for (const c of plan.cells) {
      const start = parseCell(c.address.split(":")[0]);
      c.values?.forEach((row, i) =>
        row.forEach((x, j) => {
          const at = { sheet: this.sheet, row: start.row + i, col: start.col + j };
          texts.set(`${at.col}:${at.row}`, x);
          this.hf.setCellContents(at, [[x]]);
        })
      );
      c.formulas?.forEach((row, i) =>
        row.forEach((f, j) =>
          formulas.push([{ sheet: this.sheet, row: start.row + i, col: start.col + j }, f])
        )
      );
    }

    // tables: data ranges by column header
    const tables = new Map<string, { body: string; columns: Map<string, string> }>();
    for (const t of plan.tables) {
      const [a, b] = t.address.split(":");
      const p = parseCell(a);
      const q = parseCell(b);
      const columns = new Map<string, string>();
      for (let c = p.col; c <= q.col; c++)
        columns.set(String(texts.get(`${c}:${p.row}`)), absRange(c, p.row + 1, c, q.row));
      tables.set(t.name, { body: absRange(p.col, p.row + 1, q.col, q.row), columns });
    }
    const translate = (formula: string) =>
      outsideStrings(formula, (code) => {
        if (/\$?[A-Z]+\$?\d+#/.test(code)) throw new Error(`spill reference in ${formula}`);
        return code.replace(/\b([A-Za-z_][A-Za-z0-9_]*)(\[([^\]]+)\])?/g, (m, name, _b, col) => {
          const t = tables.get(name);
          if (!t) return m;
          if (col === undefined) return t.body;
          const r = t.columns.get(col);
          if (!r) throw new Error(`table ${name} has no column ${col}`);
          return r;
        });
      });

    for (const n of plan.names) {
      const [a, b = a] = n.address.split(":");
      const p = parseCell(a);
      const q = parseCell(b);
      this.names.set(n.name, n.address);
      const ref =
        a === b
          ? `${SHEET}!$${colLetter(p.col)}$${p.row + 1}`
          : absRange(p.col, p.row, q.col, q.row);
      this.hf.addNamedExpression(n.name, `=${ref}`);
    }

    const isLev = (f: string) => /\bLEV\./i.test(f);
    for (const [at, f] of formulas.filter(([, f]) => !isLev(f)))
      this.hf.setCellContents(at, [[translate(f)]]);
    for (const [at, f] of formulas.filter(([, f]) => isLev(f)))
      this.hf.setCellContents(at, [[translate(f)]]);
  }

  private at(address: string): SimpleCellAddress {
    const a = this.names.get(address) ?? address;
    return { sheet: this.sheet, ...parseCell(a) };
  }

  /** The value of a cell ("G5") or of a single-cell name ("in_leverage"). */
  value(address: string): SheetValue {
    return toValue(this.hf.getCellValue(this.at(address)));
  }

  /** `rows` × `cols` values from a cell (a spilled table read from its anchor). */
  block(address: string, rows: number, cols: number): SheetValue[][] {
    const p = this.at(address);
    return this.hf
      .getRangeValues({
        start: p,
        end: { sheet: this.sheet, row: p.row + rows - 1, col: p.col + cols - 1 },
      })
      .map((r) => r.map(toValue));
  }

  /** The values of a range "H10:H20" (a chart's series), row by row. */
  range(address: string): SheetValue[][] {
    const [a, b = a] = address.split(":");
    const p = this.at(a);
    const q = this.at(b);
    return this.block(a, q.row - p.row + 1, q.col - p.col + 1);
  }

  /** Types a value into a cell or a single-cell name (an input), as the analyst would. */
  set(address: string, value: number | string): void {
    this.hf.setCellContents(this.at(address), [[value]]);
  }

  destroy(): void {
    this.hf.destroy();
  }
}
