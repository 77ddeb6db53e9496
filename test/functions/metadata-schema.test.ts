/**
 * functions.json against Microsoft's custom-functions metadata schema kept in the repository
 * (schemas/custom-functions/, provenance in its README), as the build produces it: the generator the
 * webpack plugin runs, then webpack.config.js's `standardMetadata`. test/build/functions-json-schema.test.ts
 * checks the built file. Also the requirement set the manifest needs for CustomFunctions.Error.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import { XMLParser } from "fast-xml-parser";

const ROOT = join(__dirname, "..", "..");
const SCHEMA = JSON.parse(
  readFileSync(join(ROOT, "schemas", "custom-functions", "custom-functions.schema.json"), "utf8")
);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- webpack.config.js is CommonJS, loaded as webpack loads it
const { standardMetadata } = require(join(ROOT, "webpack.config.js"));

/** A strict ajv validator for the schema (unicode regular expressions for the \p{L} of names). */
function metadataValidator() {
  const ajv = new Ajv({ allErrors: true, strict: true, unicodeRegExp: true });
  return ajv.compile(SCHEMA);
}

describe("functions.json follows Microsoft's custom-functions metadata schema", function () {
  this.timeout(60_000);
  let built: Record<string, unknown>;
  before(async () => {
    const r = await generateCustomFunctionsMetadata(
      [join(ROOT, "functions", "functions.ts")],
      true
    );
    assert.deepEqual(r.errors, []);
    built = JSON.parse(standardMetadata(r.metadataJson));
  });

  it("validates against schemas/custom-functions/custom-functions.schema.json", () => {
    const validate = metadataValidator();
    assert.ok(validate(built), JSON.stringify(validate.errors, null, 1));
  });

  it("has no allowCustomDataForDataTypeAny (the generator writes it; the build removes it: CustomFunctionsRuntime 1.4 data types, which the adapter does not read)", () => {
    assert.ok(!("allowCustomDataForDataTypeAny" in built));
    assert.deepEqual(Object.keys(built), ["functions"]);
  });

  it("the schema rejects what Microsoft's reference does not allow: an unknown property, a bad id, a bad dimensionality, a missing result", () => {
    const validate = metadataValidator();
    const fn = (built.functions as Record<string, unknown>[])[0];
    for (const bad of [
      { ...built, somethingElse: true },
      { functions: [{ ...fn, id: "1BAD" }] },
      { functions: [{ ...fn, result: { dimensionality: "vector" } }] },
      { functions: [{ ...fn, result: undefined }] },
      { functions: [{ ...fn, options: { cancelable: "yes" } }] },
      { functions: [] },
    ])
      assert.equal(
        validate(JSON.parse(JSON.stringify(bad))),
        false,
        JSON.stringify(bad).slice(0, 200)
      );
  });

  it("manifest.xml requires CustomFunctionsRuntime 1.2, the set of CustomFunctions.Error (functions/errors.ts), besides SharedRuntime 1.1", () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(
      readFileSync(join(ROOT, "manifest.xml"), "utf8")
    );
    const sets = ([] as { "@Name": string; "@MinVersion": string }[]).concat(
      doc.OfficeApp.Requirements.Sets.Set
    );
    const version = (name: string) => sets.find((s) => s["@Name"] === name)?.["@MinVersion"];
    assert.equal(version("CustomFunctionsRuntime"), "1.2");
    assert.equal(version("SharedRuntime"), "1.1");
  });
});
