// Test helpers for the leveraged-token engine tests (not a test file itself).
import { strict as assert } from "assert";
import { LevError, LevErrorKind } from "../../src/engine/errors";

/** Asserts that fn throws a LevError of `kind` naming `arg`, and that the message names it too. */
export function assertLevError(
  fn: () => unknown,
  kind: LevErrorKind,
  arg: string | undefined,
  messagePattern?: RegExp
): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LevError, `expected a LevError, got ${String(e)}`);
    assert.equal(e.kind, kind, `kind of "${e.message}"`);
    assert.equal(e.arg, arg, `arg of "${e.message}"`);
    if (arg !== undefined)
      assert.ok(e.message.includes(arg), `message "${e.message}" should name ${arg}`);
    if (messagePattern) assert.match(e.message, messagePattern);
    return true;
  });
}

/** A percentage rounded to `digits` decimals, as printed in the sources (e.g. −0.054545 → "-5.45"). */
export function pct(x: number, digits: number): string {
  const s = (x * 100).toFixed(digits);
  return s === (-0).toFixed(digits) ? (0).toFixed(digits) : s;
}
