/**
 * The self-check sheet: what no test here can verify, checked by the analyst's own Excel on first install.
 *
 * "Insert self-check sheet" adds a sheet "LEV self-check" holding
 *   - every published reference value of the LEV functions (each declaration's `examples[]` with an
 *     `expected` value: functions/registry.ts `FUNCTIONS`), as live formulas beside the expected value, the
 *     tolerance and a Pass column that Excel computes itself: `=IFERROR(ABS(actual−expected)<=tolerance,FALSE)`,
 *     a spilled result read with INDEX at the example's cell;
 *   - probes of the Excel behaviours that the add-in's Excel-specific rules depend on: an empty cell given to
 *     an optional argument (0 on Windows and Mac, omitted on the web: office-js#4702), the messages of
 *     #VALUE!, #N/A and #NUM! errors (Excel shows the first two, the task pane all three), text and TRUE
 *     given to number parameters, a range given to a scalar parameter, an empty row inside an options range
 *     (office-js#5262), and the longest LEV.PATH the payload limit allows (office-js#4654) next to one row
 *     more (#NUM! naming the limit). Each probe has a Pass column that accepts every documented behaviour
 *     and a column saying which one this Excel showed; rows that need eyes (is a message shown?) have a
 *     column for the analyst's observation;
 *   - the Excel build and the requirement sets the add-in detected (Office.context.diagnostics,
 *     Office.context.requirements.isSetSupported), and a summary: the count of passing rows.
 * The sheet is a plan of cells (the shape layout.ts gives a scenario sheet) written by excel.ts's
 * `applyPlan` in one batch; test/taskpane/selfcheck.test.ts writes it on office-addin-mock objects and
 * evaluates it with the LEV functions in HyperFormula: every Pass cell is TRUE.
 */
import { maxPayloadRows } from "../../functions/adapter";
import { FUNCTIONS } from "../../functions/registry";
import { applyPlan, MAX_NAME_ATTEMPTS, type InsertContext } from "./excel";
import type { CellWrite, SheetPlan } from "./layout";
import { h } from "./render";

export const SELF_CHECK_SHEET = "LEV self-check";

/** The plan's parts that `applyPlan` writes (a self-check has no tables, names or charts). */
export type SelfCheckPlan = Pick<
  SheetPlan,
  | "sheetName"
  | "cells"
  | "tables"
  | "names"
  | "charts"
  | "conditionalFormats"
  | "columnWidths"
  | "focus"
> & {
  /** Rows of the reference block and of the probes block (first, last), and the summary's cells. */
  reference: { first: number; last: number };
  probes: { first: number; last: number };
  /** Every cell whose value Excel computes as TRUE/FALSE for a check (G… and the summary's "all pass"). */
  passCells: string[];
  allPass: string;
};

// ---- environment -------------------------------------------------------------------------------------

/** The parts of `Office` read (absent outside Office, and before Office.onReady). */
export interface OfficeLike {
  context?: {
    /** Office.ContextInformation: host, platform (enums whose values are strings) and the build. */
    diagnostics?: { host?: unknown; platform?: unknown; version?: string };
    /** Office.RequirementSetSupport */
    requirements?: { isSetSupported(name: string, minVersion?: string): boolean };
  };
}

export interface Environment {
  host: string;
  platform: string;
  version: string;
  /** [label, value] rows: the requirement sets as detected. */
  sets: Array<[string, string]>;
  userAgent: string;
  checkedAt: string;
}

/** Requirement sets probed one by one: the runtime the functions rely on. */
const SINGLE_SETS: Array<[string, string, string]> = [
  ["SharedRuntime", "1.1", "required by the manifest"],
  ["CustomFunctionsRuntime", "1.1", "@requiresAddress (the pane's error messages)"],
  [
    "CustomFunctionsRuntime",
    "1.2",
    "CustomFunctions.Error with a message; required by the manifest",
  ],
  ["CustomFunctionsRuntime", "1.3", "more error codes, parameter addresses"],
  ["CustomFunctionsRuntime", "1.4", "data types in arguments (not used)"],
  ["CustomFunctionsRuntime", "1.5", "isInValuePreview (the formula preview is not recorded)"],
];
/** ExcelApi: the highest minor version supported, probed up to this one. */
const EXCEL_API_MAX = 20;

export function detectEnvironment(
  office: OfficeLike | undefined,
  userAgent = "",
  now = new Date()
): Environment {
  const d = office?.context?.diagnostics;
  const req = office?.context?.requirements;
  const supported = (name: string, version: string): boolean | undefined => {
    if (typeof req?.isSetSupported !== "function") return undefined;
    try {
      return req.isSetSupported(name, version);
    } catch {
      return undefined;
    }
  };
  const sets: Array<[string, string]> = [];
  let highest = 0;
  let known = false;
  for (let minor = 1; minor <= EXCEL_API_MAX; minor++) {
    const s = supported("ExcelApi", `1.${minor}`);
    if (s !== undefined) known = true;
    if (s) highest = minor;
  }
  sets.push([
    "ExcelApi",
    !known
      ? "unknown (no Office.context.requirements)"
      : highest === 0
        ? "none of 1.1 … 1.20"
        : `up to 1.${highest} (1.7 needed for scenario sheets)`,
  ]);
  for (const [name, version, why] of SINGLE_SETS) {
    const s = supported(name, version);
    sets.push([
      `${name} ${version}`,
      `${s === undefined ? "unknown" : s ? "supported" : "NOT supported"} — ${why}`,
    ]);
  }
  return {
    host: String(d?.host ?? "unknown"),
    platform: String(d?.platform ?? "unknown"),
    version: String(d?.version ?? "unknown"),
    sets,
    userAgent,
    checkedAt: now.toISOString(),
  };
}

// ---- the plan ------------------------------------------------------------------------------------------

/** Excel's name of an error from ERROR.TYPE (1–7), "no error" for a value. */
const errorName = (ref: string) =>
  `=IFERROR(CHOOSE(ERROR.TYPE(${ref}),"#NULL!","#DIV/0!","#VALUE!","#REF!","#NAME?","#NUM!","#N/A"),IF(ISERROR(${ref}),"another error","no error"))`;
/** TRUE when `ref` is the error whose ERROR.TYPE is `type` (3 #VALUE!, 6 #NUM!, 7 #N/A). */
const isErrorType = (ref: string, type: number) => `=IFERROR(ERROR.TYPE(${ref})=${type},FALSE)`;
const closeTo = (r: number) => `=IFERROR(ABS(D${r}-E${r})<=F${r},FALSE)`;

interface Probe {
  id: string;
  what: string;
  formula: (row: number) => string;
  expected: number | string;
  tolerance?: number;
  pass: (row: number) => string;
  /** What the Pass column accepts, what to look at, what to tell us. */
  meaning: string;
  /** The "This Excel did" column. */
  did: (row: number) => string;
  /** Asks for the analyst's observation in column J. */
  observe?: string;
  /** Extra cells the probe's formula reads (an empty cell, an options range). */
  extra?: (row: number) => CellWrite[];
}

/** LEV.PATH's columns (price, nav, leverage_before, trade, trade_fraction, cost, cumulative_cost). */
const PATH_COLUMNS = 7;

function probes(): Probe[] {
  const fit = maxPayloadRows(PATH_COLUMNS); // rows with the header
  const prices = fit - 1;
  const decay = -0.8533930378696499; // =LEV.DECAY(3,0.8): vectors.md lt#38, −0.8534
  return [
    {
      id: "P1",
      what: "An empty cell given to LEV.DECAY's optional years (K is left empty on purpose)",
      formula: (r) => `=LEV.DECAY(3,0.8,K${r})`,
      expected: decay,
      tolerance: 1e-9,
      pass: (r) => `=IFERROR(ERROR.TYPE(D${r})=3,ABS(D${r}-E${r})<=F${r})`,
      meaning:
        "Windows and Mac pass an empty cell as 0 (office-js#4702): #VALUE! whose message says so. The web passes it as omitted: the default, −85.34%. Both pass; tell us which one you got.",
      did: (r) =>
        `=IF(ISERROR(D${r}),"empty cell arrived as 0 (#VALUE!)","empty cell arrived as omitted (default years)")`,
    },
    {
      id: "P2",
      what: "A #VALUE! message (volatility typed as 80 for 80%)",
      formula: () => "=LEV.DECAY(3,80)",
      expected: "error #VALUE!",
      pass: (r) => isErrorType(`D${r}`, 3),
      meaning:
        "Excel shows messages on #VALUE!: click the cell's error indicator; it should read “volatility is 80 … did you mean 0.8 (80%)?”. With the task pane open, select the cell: “Error messages” shows it too.",
      did: (r) => errorName(`D${r}`),
      observe: "Message in Excel? In the pane? (type e.g. “Excel: yes, pane: yes”)",
    },
    {
      id: "P3",
      what: "An #N/A message (maintenance rate typed as 0.5 for 0.5%)",
      formula: () => '=LEV.LIQ.PRICE("long",60000,1,6000,0.5)',
      expected: "error #N/A",
      pass: (r) => isErrorType(`D${r}`, 7),
      meaning:
        "Excel shows messages on #N/A: it should read “liquidated at entry: … did you mean maintenance_rate 0.005 (0.5%)?”.",
      did: (r) => errorName(`D${r}`),
      observe: "Message in Excel? In the pane?",
    },
    {
      id: "P4",
      what: "A #NUM! message (a negative volatility)",
      formula: () => "=LEV.DECAY(3,-0.2)",
      expected: "error #NUM!",
      pass: (r) => isErrorType(`D${r}`, 6),
      meaning:
        "Excel never shows #NUM! messages (office-js#2885): select the cell with the task pane open — “Error messages” should read “volatility must be ≥ 0 (got -0.2)”.",
      did: (r) => errorName(`D${r}`),
      observe: "Message in the pane?",
    },
    {
      id: "P5",
      what: 'Text given to a number parameter: LEV.DECAY(3,"0.8")',
      formula: () => '=LEV.DECAY(3,"0.8")',
      expected: decay,
      tolerance: 1e-9,
      pass: closeTo,
      meaning: "Excel converts the text “0.8” to the number 0.8 before calling a number parameter.",
      did: (r) => errorName(`D${r}`),
    },
    {
      id: "P6",
      what: "TRUE given to a number parameter (years): LEV.DECAY(3,0.8,TRUE)",
      formula: () => "=LEV.DECAY(3,0.8,TRUE)",
      expected: decay,
      tolerance: 1e-9,
      pass: closeTo,
      meaning: "Excel passes TRUE as 1 to a number parameter.",
      did: (r) => errorName(`D${r}`),
    },
    {
      id: "P7",
      what: "A range given to a scalar parameter: ROWS(LEV.DECAY(3,{0.5;0.8}))",
      formula: () => "=ROWS(LEV.DECAY(3,{0.5;0.8}))",
      expected: 2,
      tolerance: 0,
      pass: closeTo,
      meaning:
        "Dynamic-array Excel calls the function once per value and spills the results (2 rows).",
      did: (r) => errorName(`D${r}`),
    },
    {
      id: "P8",
      what: "An options range with an empty row (K:L, middle row empty) given to LEV.PATH",
      formula: (r) => `=INDEX(LEV.PATH({100;110;105},3,K${r}:L${r + 2}),4,2)`,
      expected: 1.122727272727273,
      tolerance: 1e-12,
      pass: closeTo,
      meaning:
        "The NAV after 3 prices with zero fee and cost. Some builds pass the empty cells inside a range as 0 (office-js#5262): FALSE here means this build does — tell us.",
      did: (r) => errorName(`D${r}`),
      extra: (r) => [
        { address: `K${r}:L${r}`, values: [["fee_per_period", 0]] },
        { address: `K${r + 2}:L${r + 2}`, values: [["cost_rate", 0]] },
      ],
    },
    {
      id: "P9",
      what: `The longest LEV.PATH the payload limit allows: ${prices.toLocaleString("en-US")} prices (${fit.toLocaleString("en-US")} rows × ${PATH_COLUMNS} columns, about 4 MB)`,
      formula: () => `=ROWS(LEV.PATH(SEQUENCE(${prices},1,100,0.001),3))`,
      expected: fit,
      tolerance: 0,
      pass: closeTo,
      meaning:
        "Excel accepts about 5 MB from one custom function (office-js#4654); the add-in allows 80% of it. A #VALUE!, or #BUSY! that never ends, means this Excel's limit is lower — tell us.",
      did: (r) => errorName(`D${r}`),
    },
    {
      id: "P10",
      what: "One price more than that",
      formula: () => `=ROWS(LEV.PATH(SEQUENCE(${prices + 1},1,100,0.001),3))`,
      expected: "error #NUM!",
      pass: (r) => isErrorType(`D${r}`, 6),
      meaning:
        "Expected: #NUM! before anything is sent to Excel; its message (in the pane) names the limit and the options “step” and “rows” that make a long path fit.",
      did: (r) => errorName(`D${r}`),
    },
  ];
}

export interface ReferenceRow {
  fn: string;
  formula: string;
  expected: number;
  tolerance: number;
  source: string;
}

/** Every declared example with a published value; a spilled one is read at its cell with INDEX. */
export function referenceRows(): ReferenceRow[] {
  const out: ReferenceRow[] = [];
  for (const f of FUNCTIONS)
    for (const x of f.examples ?? []) {
      if (x.expected === undefined) continue;
      const body = x.formula.replace(/^=/, "");
      out.push({
        fn: `LEV.${f.id}`,
        formula: x.cell ? `=INDEX(${body},${x.cell[0] + 1},${x.cell[1] + 1})` : `=${body}`,
        expected: x.expected,
        tolerance: x.tolerance ?? 0,
        source: x.source ?? x.note,
      });
    }
  return out;
}

/** The sheet, from the environment the pane detected. */
export function planSelfCheck(env: Environment, sheetName = SELF_CHECK_SHEET): SelfCheckPlan {
  const cells: CellWrite[] = [];
  const put = (address: string, w: Omit<CellWrite, "address">) => cells.push({ address, ...w });
  const refs = referenceRows();
  const probeList = probes();

  put("A1", { values: [["LEV self-check"]], style: "title" });
  put("A2", {
    values: [
      [
        "Inserted by the LEV add-in. Excel computes every result and every Pass cell (column G) itself: TRUE when this Excel agrees with the published value or with a documented behaviour.",
      ],
    ],
    style: "subtitle",
  });

  // summary (its ranges are known once the blocks are placed)
  const SUMMARY = 4;
  let row = SUMMARY + 6;

  // environment
  put(`A${row}`, { values: [["This Excel, as the add-in detected it"]], style: "heading" });
  row++;
  const envRows: Array<[string, string]> = [
    ["Host", env.host],
    ["Platform", env.platform],
    ["Office build", env.version],
    ...env.sets.map(([k, v]) => [`Requirement set ${k}`, v] as [string, string]),
    ["Checked at", env.checkedAt],
    ["LEV functions", `${FUNCTIONS.length} declared, ${refs.length} published reference values`],
    ["Browser engine", env.userAgent || "unknown"],
  ];
  put(`A${row}:B${row + envRows.length - 1}`, { values: envRows });
  row += envRows.length + 1;

  // reference values
  put(`A${row}`, { values: [["Published reference values"]], style: "heading" });
  row++;
  put(`A${row}:H${row}`, {
    values: [
      ["#", "Function", "Formula", "Result here", "Expected", "Tolerance", "Pass", "Source"],
    ],
    style: "header",
  });
  row++;
  const refFirst = row;
  const passCells: string[] = [];
  refs.forEach((r, i) => {
    const at = refFirst + i;
    put(`A${at}:B${at}`, { values: [[i + 1, r.fn]] });
    put(`C${at}`, { formulas: [[`=FORMULATEXT(D${at})`]] });
    put(`D${at}`, { formulas: [[r.formula]] });
    put(`E${at}:F${at}`, { values: [[r.expected, r.tolerance]] });
    put(`F${at}`, { numberFormat: [["0.0E+00"]] });
    put(`G${at}`, { formulas: [[closeTo(at)]] });
    put(`H${at}`, { values: [[r.source]] });
    passCells.push(`G${at}`);
  });
  const refLast = refFirst + refs.length - 1;
  row = refLast + 2;

  // probes
  put(`A${row}`, { values: [["Probes of Excel's behaviour"]], style: "heading" });
  row++;
  put(`A${row}:K${row}`, {
    values: [
      [
        "Probe",
        "What",
        "Formula",
        "Result here",
        "Expected",
        "Tolerance",
        "Pass",
        "What it means",
        "What this Excel did",
        "Your observation (type here)",
        "Inputs",
      ],
    ],
    style: "header",
  });
  row++;
  const probeFirst = row;
  // P8 reads three rows (K:L), so every probe gets a row and P8 two more below it
  for (const p of probeList) {
    const at = row;
    put(`A${at}:B${at}`, { values: [[p.id, p.what]] });
    put(`C${at}`, { formulas: [[`=FORMULATEXT(D${at})`]] });
    put(`D${at}`, { formulas: [[p.formula(at)]] });
    put(`E${at}`, { values: [[p.expected]] });
    if (p.tolerance !== undefined)
      put(`F${at}`, { values: [[p.tolerance]], numberFormat: [["0.0E+00"]] });
    put(`G${at}`, { formulas: [[p.pass(at)]] });
    put(`H${at}`, { values: [[p.meaning]] });
    put(`I${at}`, { formulas: [[p.did(at)]] });
    if (p.observe) put(`J${at}`, { values: [[p.observe]], style: "input" });
    for (const e of p.extra?.(at) ?? []) cells.push(e);
    passCells.push(`G${at}`);
    row += p.extra ? 3 : 1;
  }
  const probeLast = row - 1;

  // summary
  const refRange = `G${refFirst}:G${refLast}`;
  const probeRange = `G${probeFirst}:G${probeLast}`;
  const allPass = `B${SUMMARY + 3}`;
  put(`A${SUMMARY}`, { values: [["Summary"]], style: "heading" });
  put(`A${SUMMARY + 1}:A${SUMMARY + 3}`, {
    values: [["Reference values passing"], ["Probes passing"], ["All checks pass"]],
  });
  put(`B${SUMMARY + 1}:C${SUMMARY + 2}`, {
    formulas: [
      [`=COUNTIF(${refRange},TRUE)`, `="of "&${refs.length}`],
      [`=COUNTIF(${probeRange},TRUE)`, `="of "&${probeList.length}`],
    ],
  });
  put(allPass, {
    formulas: [[`=AND(B${SUMMARY + 1}=${refs.length},B${SUMMARY + 2}=${probeList.length})`]],
    style: "result",
  });
  put(`A${SUMMARY + 4}`, {
    values: [
      [
        "To send it back: right-click this sheet's tab › Move or Copy… › To book: (new book) › Create a copy › OK, save that workbook and attach it to your report. It holds only these checks, none of your data.",
      ],
    ],
    style: "note",
  });
  passCells.push(allPass);

  return {
    sheetName,
    cells,
    tables: [],
    names: [],
    charts: [],
    conditionalFormats: [],
    columnWidths: [
      { columns: "A:A", width: 150 },
      { columns: "B:B", width: 180 },
      { columns: "C:C", width: 300 },
      { columns: "D:G", width: 80 },
      { columns: "H:H", width: 360 },
      { columns: "I:J", width: 200 },
    ],
    focus: allPass,
    reference: { first: refFirst, last: refLast },
    probes: { first: probeFirst, last: probeLast },
    passCells,
    allPass,
  };
}

// ---- the pane's card -----------------------------------------------------------------------------------

/** The task pane's "Self-check" card: one button and what it does. */
export function renderSelfCheckCard(
  doc: Document,
  onInsert: () => void,
  status?: { text: string; kind: "ok" | "error" | "" }
): HTMLElement {
  const button = h(
    doc,
    "button",
    { class: "btn", type: "button", id: "insert-selfcheck" },
    "Insert self-check sheet"
  );
  button.addEventListener("click", onInsert);
  return h(
    doc,
    "section",
    { class: "card", id: "selfcheck", "aria-labelledby": "selfcheck-heading" },
    h(doc, "h2", { id: "selfcheck-heading" }, "Self-check"),
    h(
      doc,
      "p",
      { class: "sub" },
      `Adds a sheet "${SELF_CHECK_SHEET}": every published reference value of the LEV functions and probes of how this Excel passes empty cells, text, ranges and long results, each with a Pass cell computed by Excel, plus this Excel's build and API sets. Run it once after installing; send the sheet back if a row fails.`
    ),
    h(doc, "div", { class: "actions" }, button),
    h(
      doc,
      "div",
      {
        class: `status ${status?.kind ?? ""}`,
        id: "selfcheck-status",
        role: "status",
        "aria-live": "polite",
      },
      status?.text ?? ""
    )
  );
}

// ---- Excel ---------------------------------------------------------------------------------------------

/** "LEV self-check", else "LEV self-check (2)", … : the first name no sheet has (one sync). */
export async function chooseSelfCheckName(context: InsertContext): Promise<string> {
  const names = Array.from({ length: MAX_NAME_ATTEMPTS }, (_, i) =>
    i === 0 ? SELF_CHECK_SHEET : `${SELF_CHECK_SHEET} (${i + 1})`
  );
  const probes = names.map((n) => context.workbook.worksheets.getItemOrNullObject(n));
  await context.sync();
  const i = probes.findIndex((p) => p.isNullObject);
  if (i < 0)
    throw new Error(
      `There are already ${MAX_NAME_ATTEMPTS} self-check sheets: delete old ones first.`
    );
  return names[i];
}

/** Inserts the self-check sheet (2 syncs): a free name, then the whole sheet in one batch. */
export async function insertSelfCheck(
  context: InsertContext,
  env: Environment
): Promise<SelfCheckPlan> {
  const name = await chooseSelfCheckName(context);
  const plan = planSelfCheck(env, name);
  const sheet = context.workbook.worksheets.add(name);
  applyPlan(sheet, plan);
  sheet.activate();
  sheet.getRange(plan.focus).select();
  await context.sync();
  return plan;
}
