// The self-check sheet (src/taskpane/selfcheck.ts): written on office-addin-mock objects as the task pane
// writes it, then evaluated with the LEV functions in HyperFormula (test/support/hf-sheet.ts): every Pass
// cell is TRUE, on the Windows/Mac rules (an empty cell arrives as 0) and on the web's (as omitted).
//
// HyperFormula has no ERROR.TYPE, which the probes use to tell #VALUE! from #NUM! and #N/A: it is added
// here as Microsoft documents it (#NULL! 1, #DIV/0! 2, #VALUE! 3, #REF! 4, #NAME? 5, #NUM! 6, #N/A 7; #N/A
// for a value that is not an error), the one translation beside those hf-sheet.ts makes.
import { strict as assert } from "assert";
import {
  CellError,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  type ImplementedFunctions,
} from "hyperformula";
import { EXCEL_DESKTOP, EXCEL_WEB, setExcelPlatform } from "../../scripts/hf/plugin";
import { FUNCTIONS } from "../../functions/registry";
import type { SheetPlan } from "../../src/taskpane/layout";
import {
  SELF_CHECK_SHEET,
  detectEnvironment,
  insertSelfCheck,
  planSelfCheck,
  referenceRows,
  type Environment,
  type SelfCheckPlan,
} from "../../src/taskpane/selfcheck";
import { PlanSheet, type SheetValue } from "../support/hf-sheet";
import { mockWorkbook, written, type MockWorkbook } from "./office-mock";

// ---- ERROR.TYPE for HyperFormula ------------------------------------------------------------------------
const ERROR_TYPE_NUMBER: Partial<Record<ErrorType, number>> = {
  [ErrorType.DIV_BY_ZERO]: 2,
  [ErrorType.VALUE]: 3,
  [ErrorType.REF]: 4,
  [ErrorType.NAME]: 5,
  [ErrorType.NUM]: 6,
  [ErrorType.NA]: 7,
  [ErrorType.SPILL]: 9,
};
interface HfAst {
  args: unknown[];
}
class ErrorTypePlugin extends FunctionPlugin {
  static implementedFunctions: ImplementedFunctions = {
    "ERROR.TYPE": {
      method: "errorType",
      parameters: [{ argumentType: FunctionArgumentType.SCALAR }],
    },
  };
  errorType(ast: HfAst, state: unknown) {
    const run = this.runFunction as unknown as (
      args: unknown[],
      state: unknown,
      metadata: unknown,
      fn: (v: unknown) => unknown
    ) => unknown;
    const meta = (this as unknown as { metadata(name: string): unknown }).metadata("ERROR.TYPE");
    return run.call(this, ast.args, state, meta, (v: unknown) => {
      if (v instanceof CellError) {
        const n = ERROR_TYPE_NUMBER[v.type];
        return n ?? new CellError(ErrorType.NA);
      }
      return new CellError(ErrorType.NA, "ERROR.TYPE of a value that is not an error");
    });
  }
}
let errorTypeRegistered = false;
function registerErrorType() {
  if (errorTypeRegistered) return;
  HyperFormula.registerFunctionPlugin(ErrorTypePlugin, {
    enGB: { "ERROR.TYPE": "ERROR.TYPE" },
    enUS: { "ERROR.TYPE": "ERROR.TYPE" },
  });
  errorTypeRegistered = true;
}

// ---- helpers ---------------------------------------------------------------------------------------------
const ENV: Environment = detectEnvironment(
  {
    context: {
      diagnostics: {
        host: "Excel",
        platform: "PC",
        version: "16.0.18000.20000",
      },
      requirements: {
        isSetSupported: (name: string, version?: string) =>
          name === "ExcelApi"
            ? Number((version ?? "1.1").split(".")[1]) <= 17
            : name === "CustomFunctionsRuntime"
              ? Number((version ?? "1.1").split(".")[1]) <= 3
              : name === "SharedRuntime",
      },
    },
  },
  "Mozilla/5.0 (test)",
  new Date("2026-11-25T08:00:00Z")
);

/** The plan as a sheet plan for PlanSheet (it reads cells, tables and names only). */
const asSheetPlan = (p: SelfCheckPlan): SheetPlan => ({
  ...p,
  tag: "selfcheck",
  template: "token",
  metricCells: [],
});

function evaluateSheet(plan: SelfCheckPlan, platform = EXCEL_DESKTOP) {
  registerErrorType();
  setExcelPlatform(platform);
  return new PlanSheet(asSheetPlan(plan));
}

const show = (v: SheetValue) =>
  typeof v === "object" && v !== null ? `${v.error} ${v.message}` : String(v);

describe("taskpane self-check sheet: written with office-addin-mock", function () {
  this.timeout(60_000);
  let wb: MockWorkbook;
  let plan: SelfCheckPlan;
  before(async () => {
    wb = mockWorkbook({ sheets: ["Sheet1", SELF_CHECK_SHEET] });
    plan = await insertSelfCheck(wb.context, ENV);
  });

  it("adds a new sheet beside an existing self-check (never overwrites) in 2 syncs, activates it and selects the summary", () => {
    assert.equal(plan.sheetName, `${SELF_CHECK_SHEET} (2)`);
    assert.deepEqual(
      wb.calls.filter((c) => c.method === "worksheets.add").map((c) => c.args[0]),
      [`${SELF_CHECK_SHEET} (2)`]
    );
    assert.equal(wb.syncs(), 2);
    assert.ok(wb.calls.some((c) => c.sheet === plan.sheetName && c.method === "activate"));
    assert.ok(
      wb.calls.some(
        (c) => c.sheet === plan.sheetName && c.method === "select" && c.args[0] === plan.allPass
      )
    );
  });

  it("one reference row per published example value, with its formula, expected value, tolerance and an Excel-computed Pass", () => {
    const refs = referenceRows();
    const published = FUNCTIONS.flatMap((f) =>
      (f.examples ?? []).filter((x) => x.expected !== undefined)
    );
    assert.equal(refs.length, published.length);
    assert.ok(refs.length >= 90, `${refs.length} reference rows`);
    assert.equal(plan.reference.last - plan.reference.first + 1, refs.length);
    const s = plan.sheetName;
    const first = plan.reference.first;
    assert.deepEqual(written(wb, s, `D${first}`, "formulas"), [[refs[0].formula]]);
    assert.deepEqual(written(wb, s, `E${first}:F${first}`, "values"), [
      [refs[0].expected, refs[0].tolerance],
    ]);
    assert.deepEqual(written(wb, s, `G${first}`, "formulas"), [
      [`=IFERROR(ABS(D${first}-E${first})<=F${first},FALSE)`],
    ]);
    assert.deepEqual(written(wb, s, `C${first}`, "formulas"), [[`=FORMULATEXT(D${first})`]]);
    // a spilled example is read at its cell with INDEX (0-based cell → 1-based INDEX)
    const path = FUNCTIONS.find((f) => f.id === "PATH")!.examples!.find((x) => x.cell)!;
    const row = refs.findIndex((r) => r.fn === "LEV.PATH");
    assert.equal(
      refs[row].formula,
      `=INDEX(${path.formula.slice(1)},${path.cell![0] + 1},${path.cell![1] + 1})`
    );
  });

  it("writes the probes (blank cell, #VALUE!/#N/A/#NUM! messages, conversions, options with an empty row, payload limit) and the detected Excel", () => {
    const s = plan.sheetName;
    const formulas = [...wb.ranges.entries()]
      .filter(([k]) => k.startsWith(s + "!D"))
      .flatMap(([, rs]) => rs.flatMap((r) => (Array.isArray(r.formulas) ? r.formulas.flat() : [])));
    for (const f of [
      "=LEV.DECAY(3,80)",
      "=LEV.DECAY(3,-0.2)",
      '=LEV.LIQ.PRICE("long",60000,1,6000,0.5)',
      '=LEV.DECAY(3,"0.8")',
    ])
      assert.ok(formulas.includes(f), f);
    assert.ok(
      formulas.some((f) => /^=LEV\.DECAY\(3,0\.8,K\d+\)$/.test(f)),
      "blank optional cell"
    );
    assert.ok(
      formulas.some((f) => /^=ROWS\(LEV\.PATH\(SEQUENCE\(22470,/.test(f)),
      "payload probe"
    );
    // environment block: 3 rows of build, 7 requirement sets, checked at, functions, browser engine
    const values = written(wb, s, "A11:B23", "values");
    assert.deepEqual(values.slice(0, 3), [
      ["Host", "Excel"],
      ["Platform", "PC"],
      ["Office build", "16.0.18000.20000"],
    ]);
    assert.deepEqual(values[3], [
      "Requirement set ExcelApi",
      "up to 1.17 (1.7 needed for scenario sheets)",
    ]);
    assert.match(
      String(values.find((r) => r[0] === "Requirement set CustomFunctionsRuntime 1.2")![1]),
      /^supported/
    );
    assert.match(
      String(values.find((r) => r[0] === "Requirement set CustomFunctionsRuntime 1.5")![1]),
      /^NOT supported/
    );
  });
});

describe("taskpane self-check sheet: every Pass cell is TRUE when the sheet is evaluated with the LEV functions", function () {
  this.timeout(120_000);
  const plan = planSelfCheck(ENV);
  for (const [label, platform] of [
    ["Windows and Mac (an empty cell arrives as 0)", EXCEL_DESKTOP],
    ["the web (an empty cell arrives as omitted)", EXCEL_WEB],
  ] as const) {
    it(`on ${label}`, () => {
      const sheet = evaluateSheet(plan, platform);
      try {
        const failing = plan.passCells
          .map((c) => {
            const row = Number(c.slice(1));
            return { c, v: sheet.value(c), d: sheet.value(`D${row}`), f: sheet.value(`C${row}`) };
          })
          .filter((x) => x.v !== true)
          .map((x) => `${x.c} = ${show(x.v)} (result ${show(x.d)}; ${show(x.f)})`);
        assert.deepEqual(failing, []);
        const n = plan.passCells.length;
        assert.equal(sheet.value(plan.allPass), true);
        assert.equal(sheet.value("B5"), plan.reference.last - plan.reference.first + 1);
        assert.ok(n >= 100, `${n} pass cells`);
        // the "what this Excel did" column names the behaviour seen
        const p1 = plan.probes.first;
        assert.equal(
          sheet.value(`I${p1}`),
          platform === EXCEL_WEB
            ? "empty cell arrived as omitted (default years)"
            : "empty cell arrived as 0 (#VALUE!)"
        );
        assert.equal(sheet.value(`I${p1 + 1}`), "#VALUE!");
        assert.equal(sheet.value(`I${p1 + 2}`), "#N/A");
        assert.equal(sheet.value(`I${p1 + 3}`), "#NUM!");
        // (column C's FORMULATEXT is for Excel: HyperFormula evaluates it before hf-sheet.ts enters the LEV formulas)
      } finally {
        sheet.destroy();
        setExcelPlatform(EXCEL_DESKTOP);
      }
    });
  }

  it("a wrong expected value fails its row and the summary (the Pass column is not always TRUE)", () => {
    const broken: SelfCheckPlan = {
      ...plan,
      cells: plan.cells.map((c) =>
        c.address === `E${plan.reference.first}:F${plan.reference.first}` && c.values
          ? { ...c, values: [[Number(c.values[0][0]) + 0.01, c.values[0][1]]] }
          : c
      ),
    };
    const sheet = evaluateSheet(broken);
    try {
      assert.equal(sheet.value(`G${plan.reference.first}`), false);
      assert.equal(sheet.value(plan.allPass), false);
    } finally {
      sheet.destroy();
    }
  });

  it("outside Office the environment reads 'unknown' rather than failing", () => {
    const env = detectEnvironment(undefined);
    assert.equal(env.host, "unknown");
    assert.match(env.sets[0][1], /^unknown/);
    assert.ok(planSelfCheck(env).cells.length > 100);
  });
});
