/**
 * The declarations (functions/declarations/) against the engine they describe: every numeric default a
 * declaration documents is the one the engine applies, and every declared domain edge is answered with
 * #NUM! naming the parameter. The cases are generated from the declarations; the base call of each
 * function is its first worked example that has a value.
 */
import { strict as assert } from "node:assert";
import { evaluate } from "../../functions/adapter";
import type { RawArg } from "../../functions/args";
import type { FunctionSpec, ParamDecl } from "../../functions/declare";
import { FUNCTIONS } from "../../functions/registry";
import { FormulaEvaluator, type JsonResult } from "../../scripts/hf/evaluator";

/** Splits a formula's top-level arguments: `=LEV.X(1,{1;2},"a,b")` → ["1", "{1;2}", '"a,b"']. */
function argumentTexts(formula: string): string[] {
  const inner = formula.slice(formula.indexOf("(") + 1, formula.lastIndexOf(")"));
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "{" || c === "(")) depth++;
    else if (!quoted && (c === "}" || c === ")")) depth--;
    else if (!quoted && depth === 0 && c === ",") {
      out.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  out.push(inner.slice(start));
  return out.map((t) => t.trim());
}

/** The raw arguments Excel would pass for an example, each evaluated by the formula evaluator. */
function baseArguments(ev: FormulaEvaluator, spec: FunctionSpec): RawArg[] | undefined {
  const example = spec.examples.find((e) => !e.error);
  if (!example) return undefined;
  const raw = argumentTexts(example.formula).map((t): RawArg => {
    if (t === "") return null;
    const v: JsonResult = ev.evaluate("=" + t);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) throw new Error(v.message);
    return Array.isArray(v)
      ? v.map((row) => row.map((c) => (c !== null && typeof c === "object" ? null : c)))
      : v;
  });
  while (raw.length < spec.params.length) raw.push(null);
  return raw;
}

/**
 * A value just outside a declared domain, or undefined when the parameter declares none. Not 0 where 0 is
 * the blank-cell #VALUE! of `zeroMeansBlank` (test/functions/unit-slips.test.ts checks that one).
 */
function outsideDomain(p: ParamDecl): number | undefined {
  const d = p.domain;
  if (!d) return undefined;
  if (d.nonZero) return p.zeroMeansBlank ? undefined : 0;
  if (d.min && !d.min.inclusive && d.min.value === 0 && p.zeroMeansBlank) return -1e-9;
  if (d.min) return d.min.inclusive ? d.min.value - 1e-9 : d.min.value;
  if (d.max) return d.max.inclusive ? d.max.value + 1e-9 : d.max.value;
  return undefined;
}

describe("function declarations agree with the engine", () => {
  const ev = new FormulaEvaluator();
  after(() => ev.destroy());

  for (const spec of FUNCTIONS) {
    const numbers = spec.params.filter(
      (p) => p.type.kind === "number" || p.type.kind === "integer"
    );
    const withDefault = numbers.filter((p) => typeof p.default === "number");
    const withDomain = numbers.filter((p) => outsideDomain(p) !== undefined);
    if (withDefault.length + withDomain.length === 0) continue;

    describe(`LEV.${spec.id}`, () => {
      for (const p of withDefault) {
        it(`leaving ${p.name} out gives the same result as its declared default ${p.default}`, () => {
          const base = baseArguments(ev, spec);
          assert.ok(base, `LEV.${spec.id} has no example with a value`);
          const i = spec.params.indexOf(p);
          const omitted = evaluate(
            spec.id,
            base.map((v, j) => (j === i ? null : v))
          );
          const explicit = evaluate(
            spec.id,
            base.map((v, j) => (j === i ? (p.default as number) : v))
          );
          assert.ok(omitted.ok, JSON.stringify(omitted));
          assert.deepEqual(explicit, omitted);
        });
      }
      for (const p of withDomain) {
        const x = outsideDomain(p)!;
        it(`${p.name} = ${x} (just outside its declared domain) is #NUM! naming ${p.name}`, () => {
          const base = baseArguments(ev, spec);
          assert.ok(base, `LEV.${spec.id} has no example with a value`);
          const i = spec.params.indexOf(p);
          const o = evaluate(
            spec.id,
            base.map((v, j) => (j === i ? x : v))
          );
          assert.ok(!o.ok && o.code === "#NUM!" && o.message.includes(p.name), JSON.stringify(o));
        });
      }
    });
  }
});
