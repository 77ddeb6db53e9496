import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import { FUNCTIONS } from "../../functions/registry";

const ROOT = join(__dirname, "..", "..");

interface SpecFunction {
  id: string;
  params: { name: string; optional: boolean }[];
}

/** Parses the formula column of docs/spec/functions.md: "| `LEV.X(a, b, [c=1])` | …". */
function parseSpec(): SpecFunction[] {
  const text = readFileSync(join(ROOT, "docs", "spec", "functions.md"), "utf8");
  const out: SpecFunction[] = [];
  for (const line of text.split("\n")) {
    const m = /^\|\s*`LEV\.([A-Z.]+)\(([^)]*)\)`\s*\|/.exec(line);
    if (!m) continue;
    const params = m[2]
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "")
      .map((s) => {
        const optional = s.startsWith("[");
        const name = s.replace(/^\[/, "").replace(/\]$/, "").split("=")[0].trim();
        return { name, optional };
      });
    out.push({ id: m[1], params });
  }
  return out;
}

describe("custom-function metadata (functions/functions.ts)", function () {
  this.timeout(60000);
  let functions: any[];
  let errors: string[];
  before(async () => {
    const r = await generateCustomFunctionsMetadata(join(ROOT, "functions", "functions.ts"), false);
    errors = r.errors;
    functions = JSON.parse(r.metadataJson).functions;
  });

  it("generates without errors", () => {
    assert.deepEqual(errors, []);
  });

  it("every declared function is in docs/spec/functions.md with the spec's parameter names, order and optional flags", () => {
    const spec = new Map(parseSpec().map((s) => [s.id, s]));
    const byId = new Map(functions.map((f) => [f.id, f]));
    for (const d of FUNCTIONS) {
      const s = spec.get(d.id);
      assert.ok(s, `LEV.${d.id} is declared but not in the contract`);
      const f = byId.get(d.id);
      assert.ok(f, `LEV.${d.id} missing from metadata`);
      assert.equal(f.name, s.id, `name of ${s.id}`);
      assert.deepEqual(
        f.parameters.map((p: any) => ({ name: p.name, optional: p.optional === true })),
        s.params,
        `parameters of LEV.${s.id}`
      );
    }
  });

  it("the contract's status line names exactly its functions that are not declared yet", () => {
    const text = readFileSync(join(ROOT, "docs", "spec", "functions.md"), "utf8");
    const m = /\*\*Status\.\*\*[^:]*:([^]*?)\.\s*$/.exec(text);
    assert.ok(m, "docs/spec/functions.md ends with a **Status.** line");
    const listed =
      m[1].trim() === "none" ? [] : [...m[1].matchAll(/LEV\.([A-Z.]+[A-Z])/g)].map((x) => x[1]);
    const declared = new Set(FUNCTIONS.map((f) => f.id));
    const missing = parseSpec()
      .map((s) => s.id)
      .filter((id) => !declared.has(id));
    assert.deepEqual([...listed].sort(), [...missing].sort());
  });

  it("the adapter table has the same functions and parameters as the metadata", () => {
    const meta = new Map(functions.map((f) => [f.id, f]));
    assert.equal(FUNCTIONS.length, functions.length);
    for (const spec of FUNCTIONS) {
      const f = meta.get(spec.id);
      assert.ok(f, `LEV.${spec.id} is in the adapter table but not in functions.ts`);
      assert.deepEqual(
        spec.params.map((p) => [p.name, p.optional]),
        f.parameters.map((p: any) => [p.name, p.optional === true]),
        `LEV.${spec.id}`
      );
    }
  });

  it("spilling functions return a matrix and scalar functions a number", () => {
    for (const spec of FUNCTIONS) {
      const f = functions.find((x) => x.id === spec.id);
      if (spec.spill) assert.equal(f.result.dimensionality, "matrix", spec.id);
      else assert.equal(f.result.type, "number", spec.id);
    }
  });

  it("every function has a description, a help URL to its reference anchor and documented parameters", () => {
    for (const f of functions) {
      assert.ok(f.description && f.description.length > 10, `${f.id} description`);
      const anchor = "lev-" + f.id.toLowerCase().replace(/\./g, "-");
      assert.equal(f.helpUrl, `https://localhost:3000/functions.html#${anchor}`);
      for (const p of f.parameters)
        assert.ok(p.description && p.description.length > 3, `${f.id}.${p.name} description`);
    }
  });

  it("every function requires its cell's address (options.requiresAddress, for the error log) and the invocation is not a formula argument", () => {
    assert.equal(functions.length, FUNCTIONS.length);
    for (const f of functions) {
      assert.equal(f.options?.requiresAddress, true, `LEV.${f.id} options.requiresAddress`);
      assert.ok(
        !f.parameters.some((p: any) => p.name === "invocation"),
        `LEV.${f.id}: invocation is not a formula argument`
      );
    }
    const text = readFileSync(join(ROOT, "functions", "functions.ts"), "utf8");
    const wrappers = text.match(/^export (async )?function /gm) ?? [];
    assert.equal(wrappers.length, FUNCTIONS.length);
    assert.equal(
      (text.match(/invocation\?: CustomFunctions\.Invocation\b/g) ?? []).length,
      FUNCTIONS.length - 1
    );
    assert.equal(
      (text.match(/invocation: CustomFunctions\.CancelableInvocation\b/g) ?? []).length,
      1
    );
  });

  it("LEV.SIMULATE is cancelable and its invocation parameter is not a formula argument", () => {
    const f = functions.find((x) => x.id === "SIMULATE");
    assert.equal(f.options?.cancelable, true);
    assert.deepEqual(
      f.parameters.map((p: any) => p.name),
      ["leverage", "volatility", "years", "options"]
    );
  });
});
