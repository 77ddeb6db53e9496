// The built functions.json (npm run build:test) against Microsoft's custom-functions metadata schema kept in
// schemas/custom-functions/ (provenance in its README); test/functions/metadata-schema.test.ts checks the
// same pipeline without a build.
import { strict as assert } from "assert";
import fs from "fs";
import path from "path";
import Ajv from "ajv";
import { REPO, TEST_DIST as DIST } from "../support/dist";

const SCHEMA = path.join(REPO, "schemas", "custom-functions", "custom-functions.schema.json");

describe("production build: functions.json", () => {
  it("validates against schemas/custom-functions/custom-functions.schema.json and carries no allowCustomDataForDataTypeAny", () => {
    const meta: Record<string, unknown> = JSON.parse(
      fs.readFileSync(path.join(DIST, "functions.json"), "utf8")
    );
    const schema = JSON.parse(fs.readFileSync(SCHEMA, "utf8"));
    const validate = new Ajv({ allErrors: true, strict: true, unicodeRegExp: true }).compile(
      schema
    );
    assert.ok(validate(meta), JSON.stringify(validate.errors, null, 1));
    assert.ok(!("allowCustomDataForDataTypeAny" in meta));
  });
});
