import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

describe("HyperFormula stays out of the add-in", () => {
  it("no file under functions/ or src/ imports hyperformula or scripts/ (GPL-3.0 dev dependency)", () => {
    const files = [...tsFiles(join(ROOT, "functions")), ...tsFiles(join(ROOT, "src"))];
    assert.ok(files.length > 10);
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      assert.ok(
        !/from\s+["']hyperformula["']|require\(["']hyperformula["']\)/.test(text),
        `${f} imports hyperformula`
      );
      assert.ok(!/from\s+["'][./]*scripts\//.test(text), `${f} imports from scripts/`);
    }
  });

  it("hyperformula is a devDependency only", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    assert.ok(pkg.devDependencies.hyperformula);
    assert.equal(pkg.dependencies.hyperformula, undefined);
  });
});
