import { strict as assert } from "assert";
import { LevError, requirePositive, requireInRange } from "../../src/engine/errors";

describe("engine/errors", () => {
  it("requirePositive rejects 0 with a #NUM! error naming the argument", () => {
    assert.throws(
      () => requirePositive("leverage", 0),
      (e: unknown) =>
        e instanceof LevError &&
        e.kind === "NUM" &&
        e.arg === "leverage" &&
        /leverage/.test(e.message)
    );
  });
  it("requireInRange accepts the bounds and rejects NaN", () => {
    assert.equal(requireInRange("rate", 1, 0, 1), 1);
    assert.throws(() => requireInRange("rate", NaN, 0, 1), LevError);
  });
});
