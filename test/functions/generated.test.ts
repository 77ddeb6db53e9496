import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { FUNCTIONS } from "../../functions/registry";
import { FUNCTIONS_FILE, generateFunctions } from "../../scripts/gen-functions";

describe("functions/functions.ts (generated from the declarations)", () => {
  it("is up to date with functions/declarations/ (run `npm run generate`)", async () => {
    const fresh = await generateFunctions();
    assert.ok(
      fresh === readFileSync(FUNCTIONS_FILE, "utf8"),
      "functions/functions.ts is out of date: run `npm run generate`"
    );
  });

  it("declares each function once, with unique ids, JavaScript names and parameter names", () => {
    const ids = FUNCTIONS.map((f) => f.id);
    assert.equal(new Set(ids).size, ids.length, "ids");
    const js = FUNCTIONS.map((f) => f.jsName);
    assert.equal(new Set(js).size, js.length, "JavaScript names");
    for (const f of FUNCTIONS) {
      const names = f.params.map((p) => p.name);
      assert.equal(new Set(names).size, names.length, `LEV.${f.id} parameter names`);
      // Excel requires the optional parameters after the required ones
      const firstOptional = f.params.findIndex((p) => p.optional);
      if (firstOptional >= 0)
        assert.ok(
          f.params.slice(firstOptional).every((p) => p.optional),
          `LEV.${f.id}: a required parameter follows an optional one`
        );
    }
  });
});
