import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { FUNCTIONS } from "../../functions/registry";

const EXAMPLES = Object.fromEntries(FUNCTIONS.map((f) => [f.id, f.examples]));
import { FormulaEvaluator } from "../../scripts/hf/evaluator";
import { generateReference, REFERENCE_FILE } from "../../scripts/gen-docs";

describe("function reference (docs/functions.md)", function () {
  this.timeout(120000);

  it("is up to date with the declarations and their examples (run `npm run generate`)", async () => {
    const fresh = await generateReference();
    const committed = readFileSync(REFERENCE_FILE, "utf8");
    assert.ok(fresh === committed, "docs/functions.md is out of date: run `npm run docs`");
  });

  it("documents every LEV function with an anchor, syntax and at least one example", () => {
    const md = readFileSync(REFERENCE_FILE, "utf8");
    for (const spec of FUNCTIONS) {
      const anchor = "lev-" + spec.id.toLowerCase().replace(/\./g, "-");
      assert.ok(md.includes(`<a id="${anchor}"></a>`), anchor);
      assert.ok(md.includes(`**Syntax** \`=LEV.${spec.id}(`), `syntax of ${spec.id}`);
      assert.ok((EXAMPLES[spec.id] ?? []).length > 0, `example for ${spec.id}`);
    }
  });

  describe("every example evaluates as documented", () => {
    const ev = new FormulaEvaluator();
    after(() => ev.destroy());
    for (const [id, examples] of Object.entries(EXAMPLES)) {
      for (const ex of examples) {
        const title = ex.error
          ? `${ex.formula} is ${ex.error}`
          : ex.expected !== undefined
            ? `${ex.formula} ≈ ${ex.expected} (${ex.source})`
            : `${ex.formula} gives a finite value`;
        it(title, () => {
          assert.ok(
            ex.formula.toUpperCase().startsWith(`=LEV.${id}(`),
            `example under ${id} calls another function`
          );
          const v = ev.evaluate(ex.formula);
          if (ex.error) {
            assert.equal((v as { error?: string })?.error, ex.error, JSON.stringify(v));
            return;
          }
          assert.ok(
            !(v !== null && typeof v === "object" && !Array.isArray(v)),
            `error: ${JSON.stringify(v)}`
          );
          if (ex.expected !== undefined) {
            const x = ex.cell ? (v as unknown[][])[ex.cell[0]][ex.cell[1]] : v;
            assert.equal(typeof x, "number");
            assert.ok(
              Math.abs((x as number) - ex.expected) <= (ex.tolerance ?? 0),
              `${x} vs ${ex.expected}`
            );
          } else if (Array.isArray(v)) {
            for (const row of v)
              for (const c of row)
                assert.ok(typeof c === "string" || (typeof c === "number" && Number.isFinite(c)));
          } else {
            assert.ok(typeof v === "number" && Number.isFinite(v));
          }
        });
      }
    }
  });
});
