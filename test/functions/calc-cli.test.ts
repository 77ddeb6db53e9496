import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { decay, leveragedPath } from "../../src/engine";

const ROOT = join(__dirname, "..", "..");
const run = (args: string[], input?: string) =>
  spawnSync("npx", ["tsx", "scripts/calc.ts", ...args], {
    cwd: ROOT,
    input,
    encoding: "utf8",
    timeout: 60000,
  });

describe("calc CLI (scripts/calc.ts)", function () {
  this.timeout(120000);

  it("prints one line of JSON for a formula argument and nothing else", () => {
    const r = run(["=LEV.DECAY(3,0.8,1)"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      JSON.stringify(decay({ leverage: 3, volatility: 0.8, years: 1 })) + "\n"
    );
  });

  it("prints a spill as a 2-D array and an error as {error, message}", () => {
    const r = run(["=LEV.PATH({100;110;100},3)", "=LEV.DECAY(0,0.8)"]);
    assert.equal(r.status, 0, r.stderr);
    const [spill, err] = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const t = leveragedPath({ prices: [100, 110, 100], leverage: 3 });
    assert.deepEqual(spill, [t.columns, ...t.rows]);
    assert.equal(err.error, "#NUM!");
    assert.match(err.message, /leverage/);
  });

  it("reads one formula per line from stdin and prints one JSON line per formula, in order", () => {
    const r = run(
      [],
      '=LEV.HEALTH(10000,0.8,6000)\n\n=LEV.LIQ.DISTANCE("long",100,90)\n=LEV.VENUE(1)\n'
    );
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 3);
    // Aave health factor 10,000 × 0.8 / 6,000 = 1.333 (docs/references/vectors.md liq#52)
    assert.ok(Math.abs(lines[0] - 4 / 3) < 1e-12);
    assert.ok(Math.abs(lines[1] - -0.1) < 1e-12);
    assert.equal(lines[2].error, "#NAME?");
  });

  it("--data places cells at A1 so formulas can reference them", () => {
    const r = run(["--data", "[[100],[110],[100]]", '=LEV.PATH(A1:A3,3,{"headers",FALSE})']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      JSON.parse(r.stdout),
      leveragedPath({ prices: [100, 110, 100], leverage: 3 }).rows
    );
  });
});
