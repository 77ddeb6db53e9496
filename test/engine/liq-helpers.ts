// Test helpers shared by the liquidation, venue and lending tests (not a test file itself).
import { strict as assert } from "assert";
import { LevError } from "../../src/engine/errors";

/** `actual` rounded to the decimals of `shown` (thousands separators allowed) equals `shown`. */
export function assertShown(actual: number, shown: string): void {
  const plain = shown.replace(/,/g, "");
  const decimals = plain.includes(".") ? plain.length - plain.indexOf(".") - 1 : 0;
  assert.equal(actual.toFixed(decimals), plain, `${actual} does not round to ${shown}`);
}

/** An assert.throws validator: a LevError of `kind`, naming `arg` when given, its message matching `message`. */
export function isLev(kind: "NUM" | "VALUE" | "NA", arg?: string, message?: RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof LevError, `expected a LevError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    if (arg !== undefined) assert.equal(e.arg, arg, e.message);
    if (message !== undefined) assert.match(e.message, message);
    return true;
  };
}
