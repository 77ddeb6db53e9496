// Sheet plan (src/taskpane/layout.ts): names, options and spill geometry, independent of Excel.
import { strict as assert } from "assert";
import { CPPI_PATH_OPTION_NAMES } from "../../src/engine/cppi-path";
import { PATH_OPTION_NAMES } from "../../src/engine/path";
import { SIMULATE_OPTION_NAMES } from "../../src/engine/simulate";
import {
  colIndex,
  colLetter,
  planScenarioSheet,
  sanitizeSheetName,
  sheetNameCandidate,
  tableTag,
} from "../../src/taskpane/layout";
import {
  DECLARATIONS,
  add,
  div,
  ln,
  exp,
  exprText,
  gt,
  ifThen,
  input,
  isLevMetric,
  levCallText,
  lit,
  mul,
  named,
  sub,
  type Binding,
  type Expr,
} from "../../src/taskpane/metrics";
import {
  TEMPLATES,
  TEMPLATE_IDS,
  defaultInputs,
  type TemplateId,
} from "../../src/taskpane/scenarios";

/** The rows of the liquidation template's Levels table (0 elsewhere). */
const levelCount = (t: TemplateId): number =>
  t === "liquidation" ? (defaultInputs(t).buckets as unknown[]).length : 0;

const plan = (t: TemplateId) =>
  planScenarioSheet({ name: "Plan", template: t, inputs: defaultInputs(t) }, "LEV Plan", "Plan_1");

/** The option names written in an options block (rows of the named range), as text or IF formula branches. */
function optionNames(p: ReturnType<typeof plan>, rangeName: string): string[] {
  const n = p.names.find((x) => x.name === rangeName)!;
  const [, r0, r1] = n.address.match(/^\$A\$(\d+):\$B\$(\d+)$/)!.map(Number);
  const out: string[] = [];
  for (let r = r0; r <= r1; r++) {
    const c = p.cells.find((x) => x.address === `A${r}`)!;
    if (c.values) out.push(String(c.values[0][0]));
    else out.push(...[...c.formulas![0][0].matchAll(/"([a-z_]+)"/g)].map((m) => m[1]));
  }
  return out;
}

describe("taskpane layout: sheet plan", () => {
  it("column letters round-trip (A, Z, AA, AZ, XFD)", () => {
    for (const [i, l] of [
      [0, "A"],
      [25, "Z"],
      [26, "AA"],
      [51, "AZ"],
      [16383, "XFD"],
    ] as const) {
      assert.equal(colLetter(i), l);
      assert.equal(colIndex(l), i);
    }
  });

  it("sheet names: forbidden characters removed, at most 31 characters, numbered candidates keep the suffix", () => {
    assert.equal(sanitizeSheetName("a/b:c?d*[e]"), "a b c d e");
    const long = "A very long scenario name that exceeds the limit";
    assert.ok(sheetNameCandidate(long, 1).length <= 31);
    assert.ok(
      sheetNameCandidate(long, 12).endsWith(" (12)") && sheetNameCandidate(long, 12).length <= 31
    );
    assert.match(tableTag("3x BTC / daily!", 2), /^S3x_BTC_daily_2$/);
  });

  it("every option name written in an options block is one the engine accepts", () => {
    const checks: Array<[TemplateId, string, readonly string[]]> = [
      ["token", "path_options", PATH_OPTION_NAMES],
      ["token", "sim_options", SIMULATE_OPTION_NAMES],
      ["band", "path_options", PATH_OPTION_NAMES],
      ["band", "sim_options", SIMULATE_OPTION_NAMES],
      ["cppi", "cppi_options", CPPI_PATH_OPTION_NAMES],
    ];
    for (const [t, range, accepted] of checks) {
      const names = optionNames(plan(t), range);
      assert.ok(names.length >= 3);
      for (const n of names) assert.ok(accepted.includes(n), `${t} ${range}: ${n}`);
    }
  });

  it("every input becomes a sheet-scoped name pointing at its Value cell in the Inputs table", () => {
    for (const t of TEMPLATE_IDS) {
      const p = plan(t);
      const table = p.tables.find((x) => x.name === "Inputs_Plan_1")!;
      const [, last] = table.address.match(/^A4:D(\d+)$/)!;
      const inNames = p.names.filter((n) => n.name.startsWith("in_"));
      assert.equal(inNames.length, Number(last) - 4, `${t}: one name per table row`);
      inNames.forEach((n, i) => assert.equal(n.address, `$B$${5 + i}`));
    }
  });

  it("no two written blocks overlap, and spills have free room below them (no #SPILL!)", () => {
    for (const t of TEMPLATE_IDS) {
      const p = plan(t);
      const taken = new Map<string, string>();
      const cellsOf = (address: string) => {
        const [a, b = a] = address.split(":");
        const [, c0, r0] = a.match(/^([A-Z]+)(\d+)$/)!;
        const [, c1, r1] = b.match(/^([A-Z]+)(\d+)$/)!;
        const out: string[] = [];
        for (let c = colIndex(c0); c <= colIndex(c1); c++)
          for (let r = Number(r0); r <= Number(r1); r++) out.push(`${colLetter(c)}${r}`);
        return out;
      };
      for (const c of p.cells) {
        if (!c.values && !c.formulas) continue;
        const rows = (c.values ?? c.formulas)!.length;
        const cols = (c.values ?? c.formulas)![0].length;
        const [, col, row] = c.address.split(":")[0].match(/^([A-Z]+)(\d+)$/)!;
        const end = `${colLetter(colIndex(col) + cols - 1)}${Number(row) + rows - 1}`;
        for (const cell of cellsOf(`${col}${row}:${end}`)) {
          assert.ok(
            !taken.has(cell),
            `${t}: ${cell} written twice (${taken.get(cell)} and ${c.address})`
          );
          taken.set(cell, c.address);
        }
      }
      // Spilling formulas: the rectangle they spill into (below/right of the anchor) must be empty.
      const spills: Array<[RegExp, number, number]> = [
        [/^=LEV\.PATH\(/, 8, Number(defaultInputs(t).days ?? 0) + 2],
        [/^=LEV\.CPPI\.PATH\(/, 10, Number(defaultInputs(t).days ?? 0) + 1],
        [/^=LEV\.SIMULATE\(/, 2, 8],
        [/^=LEV\.PERF\(/, 2, 9],
        // one row per round (at most one round per level) under a header; 9 statistics; one per level
        [/^=LEV\.CASCADE\(/, 7, levelCount(t) + 2],
        [/^=LEV\.CASCADE\.SUMMARY\(/, 2, 10],
        [/^=LEV\.CASCADE\.LEVELS\(/, 1, levelCount(t)],
      ];
      for (const c of p.cells) {
        const f = c.formulas?.[0][0];
        if (!f) continue;
        for (const [re, w, h] of spills) {
          if (!re.test(f)) continue;
          const [, col, row] = c.address.match(/^([A-Z]+)(\d+)$/)!;
          for (const cell of cellsOf(
            `${col}${row}:${colLetter(colIndex(col) + w - 1)}${Number(row) + h - 1}`
          )) {
            if (cell === c.address) continue;
            assert.ok(
              !taken.has(cell),
              `${t}: ${f.slice(0, 20)} at ${c.address} would spill into ${cell} (${taken.get(cell)})`
            );
          }
        }
      }
    }
  });

  it("charts do not cover one another, and each sits right of every written cell's column block", () => {
    for (const t of TEMPLATE_IDS) {
      const p = plan(t);
      const box = (c: (typeof p.charts)[number]) => {
        const [, c0, r0] = c.from.match(/^([A-Z]+)(\d+)$/)!;
        const [, c1, r1] = c.to.match(/^([A-Z]+)(\d+)$/)!;
        return { c0: colIndex(c0), r0: Number(r0), c1: colIndex(c1), r1: Number(r1) };
      };
      p.charts.forEach((a, i) =>
        p.charts.slice(i + 1).forEach((b) => {
          const x = box(a);
          const y = box(b);
          const apart = x.r1 < y.r0 || y.r1 < x.r0 || x.c1 < y.c0 || y.c1 < x.c0;
          assert.ok(apart, `${t}: "${a.title}" and "${b.title}" overlap`);
        })
      );
      // (the note above each chart, on how to reset its axes, is in the chart's column)
      const lastColumn = Math.max(
        ...p.cells
          .filter((c) => c.style !== "note" || !/^Axes fixed/.test(String(c.values?.[0][0])))
          .map((c) => {
            const [, col] = c.address
              .split(":")
              .at(-1)!
              .match(/^([A-Z]+)/)!;
            const width = (c.values ?? c.formulas)?.[0].length ?? 1;
            return colIndex(col) + (c.address.includes(":") ? 0 : width - 1);
          })
      );
      for (const c of p.charts)
        assert.ok(box(c).c0 > lastColumn, `${t}: ${c.title} over the cells`);
    }
  });

  it("liquidation: the Levels table is LEV.LIQ.LEVERAGE of each bucket; pasted levels replace both tables with their values", () => {
    const p = plan("liquidation");
    assert.deepEqual(
      p.tables.map((x) => x.name),
      ["Inputs_Plan_1", "Buckets_Plan_1", "Levels_Plan_1"]
    );
    const pasted = planScenarioSheet(
      {
        name: "Plan",
        template: "liquidation",
        inputs: {
          ...defaultInputs("liquidation"),
          levels: [
            { side: "long", liquidation_price: 55000, notional: 100 },
            { side: "short", liquidation_price: 65000, notional: 200 },
          ],
        },
      },
      "LEV Plan",
      "Plan_1"
    );
    const levels = pasted.tables.find((x) => x.name === "Levels_Plan_1")!;
    assert.equal(
      pasted.tables.some((x) => x.name === "Buckets_Plan_1"),
      false
    );
    const [, hdr, last] = levels.address.match(/^A(\d+):C(\d+)$/)!.map(Number);
    assert.equal(last - hdr, 2);
    assert.deepEqual(pasted.cells.find((c) => c.address === `A${hdr + 1}`)!.values, [
      ["long", 55000, 100],
      ["short", 65000, 200],
    ]);
    // the cascade chart reads rounds 0 … 2 (one per level at most)
    const cascade = pasted.charts.find((c) => c.title.startsWith("Liquidation cascade"))!;
    const [, r0, r1] = cascade.series[0].x!.match(/^F(\d+):F(\d+)$/)!.map(Number);
    assert.equal(r1 - r0, 2);
  });

  it("token: the price table's rebased column divides by the first price, row by row", () => {
    const p = plan("token");
    const prices = p.tables.find((x) => x.name === "Prices_Plan_1")!;
    const hdr = Number(prices.address.match(/^A(\d+)/)![1]);
    const rebased = p.cells.find((c) => c.address.startsWith(`C${hdr + 1}:`))!;
    assert.equal(rebased.formulas![0][0], `=B${hdr + 1}/$B$${hdr + 1}`);
    assert.equal(rebased.formulas![5][0], `=B${hdr + 6}/$B$${hdr + 1}`);
  });

  it("every template writes its assumptions", () => {
    for (const t of TEMPLATE_IDS) {
      const p = plan(t);
      assert.ok(p.cells.some((c) => c.values?.[0][0] === "Assumptions"));
      assert.ok(
        p.cells.filter((c) => c.style === "note" && String(c.values?.[0][0] ?? "").startsWith("• "))
          .length >= 2
      );
    }
  });

  it("declared formulas: arguments in the function's parameter order, inner omitted ones empty, trailing ones dropped", () => {
    const ctx = { tag: "T_1" };
    assert.equal(
      levCallText(
        { fn: "DECAY", args: { fee_rate: lit(0.1), volatility: lit(0.8), leverage: input("lev") } },
        ctx
      ),
      "LEV.DECAY(in_lev,0.8,,0.1)"
    );
    assert.equal(
      levCallText({ fn: "LIQ.VENUE", args: { venue: lit("okx"), side: lit("long") } }, ctx),
      'LEV.LIQ.VENUE("okx","long")'
    );
    assert.throws(
      () => levCallText({ fn: "DECAY", args: { leverag: lit(3) } }, ctx),
      /LEV\.DECAY has no parameter leverag/
    );
    assert.throws(() => levCallText({ fn: "NOPE", args: {} }, ctx), /unknown function LEV\.NOPE/);
  });

  it("declared expressions: parentheses only where Excel's precedence needs them, text quoted", () => {
    const ctx = { tag: "T_1" };
    const a = input("a");
    const b = named("b");
    const c = lit(2);
    const cases: Array<[Expr, string]> = [
      [div(mul(a, b), c), "in_a*b/2"],
      [div(a, mul(b, c)), "in_a/(b*2)"],
      [sub(a, sub(b, c)), "in_a-(b-2)"],
      [sub(sub(a, b), c), "in_a-b-2"],
      [mul(sub(a, b), c), "(in_a-b)*2"],
      [ifThen(gt(a, lit(0)), lit('say "x"'), lit(true)), 'IF(in_a>0,"say ""x""",TRUE)'],
      [sub(exp(div(a, lit(365))), lit(1)), "EXP(in_a/365)-1"],
      [ln(add(lit(1), b)), "LN(1+b)"],
    ];
    for (const [e, text] of cases) assert.equal(exprText(e, ctx), text);
  });

  it("declarations: every input binding is a field of its template, every name is defined on the sheet, every LEV metric has its result cell", () => {
    for (const t of TEMPLATE_IDS) {
      const d = DECLARATIONS[t];
      const keys = new Set(TEMPLATES[t].fields.map((f) => f.key));
      const p = plan(t);
      const sheetNames = new Set(p.names.map((n) => n.name));
      const seen: Binding[] = [];
      const walk = (e: Expr | string): void => {
        if (typeof e === "string") return;
        if (e.kind === "op") [e.left, e.right].forEach(walk);
        else if (e.kind === "if") [e.test, e.then, e.otherwise].forEach(walk);
        else if (e.kind === "fn") walk(e.arg);
        else if (e.kind === "call") Object.values(e.call.args).forEach(walk);
        else seen.push(e);
      };
      for (const m of d.metrics) {
        if (isLevMetric(m)) {
          Object.values(m.args).forEach(walk);
          if (m.when) walk(m.when.test);
          if (m.when && "otherwise" in m.when) walk(m.when.otherwise);
        } else walk(m.expr);
      }
      for (const table of Object.values(d.tables ?? {})) table?.rows.flat().forEach(walk);
      for (const x of d.derived) walk(x.expr);
      for (const o of d.options) o.rows.forEach((r) => [r.key, r.value].forEach(walk));
      for (const c of [d.path, d.simulate]) if (c) Object.values(c.args).forEach(walk);
      assert.ok(seen.length > 5, t);
      for (const b of seen) {
        if (b.kind === "input") assert.ok(keys.has(b.key), `${t}: input ${b.key}`);
        if (b.kind === "name") assert.ok(sheetNames.has(b.name), `${t}: name ${b.name}`);
      }
      assert.deepEqual(
        p.metricCells.map((c) => c.label),
        d.metrics.map((m) => m.label)
      );
      assert.equal(p.metricCells[0].address, p.focus);
    }
  });
});
