/**
 * Argument checks shared by the funding, DeFi-rate and loop modules (funding.ts, defi-rates.ts, loop.ts).
 * Internal: not re-exported from index.ts. Every message names the contract's snake_case argument and the
 * accepted range, and says what was received.
 */
import { numError, valueError } from "./errors";

const BLANK_HINT =
  "; Excel on Windows and Mac passes an empty cell as 0: leave the argument out for its default";

/** A finite number, else #NUM! naming `arg`. */
export function finiteArg(arg: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x))
    throw numError(arg, `${arg} must be a finite number (got ${String(x)})`);
  return x;
}

/** `x`, or `dflt` when omitted (undefined/null); a given value must be finite. */
export function optArg(arg: string, x: number | undefined | null, dflt: number): number {
  return x === undefined || x === null ? dflt : finiteArg(arg, x);
}

/** A finite number > 0; `blankHint` adds the empty-cell explanation to a 0 (optional arguments). */
export function positiveArg(arg: string, x: unknown, blankHint = false): number {
  const v = finiteArg(arg, x);
  if (!(v > 0))
    throw numError(arg, `${arg} must be > 0 (got ${v})${v === 0 && blankHint ? BLANK_HINT : ""}`);
  return v;
}

/** A finite number ≥ 0. */
export function nonNegativeArg(arg: string, x: unknown): number {
  const v = finiteArg(arg, x);
  if (!(v >= 0)) throw numError(arg, `${arg} must be ≥ 0 (got ${v})`);
  return v;
}

/**
 * A finite number in the interval from `lo` to `hi`, each end open or closed: `"[0,1)"` style text in the
 * message. `what` adds a unit hint ("a decimal: 0.8 = 80%").
 */
export function intervalArg(
  arg: string,
  x: unknown,
  lo: number,
  loClosed: boolean,
  hi: number,
  hiClosed: boolean,
  what = ""
): number {
  const v = finiteArg(arg, x);
  const okLo = loClosed ? v >= lo : v > lo;
  const okHi = hiClosed ? v <= hi : v < hi;
  if (!(okLo && okHi)) {
    const range = `${loClosed ? "≥" : ">"} ${lo} and ${hiClosed ? "≤" : "<"} ${hi}`;
    throw numError(arg, `${arg} must be ${range}${what ? ` (${what})` : ""} (got ${v})`);
  }
  return v;
}

/** One of `choices` (already lower case from the functions layer; the engine accepts any case), or `dflt`. */
export function choiceArg<T extends string>(
  arg: string,
  x: unknown,
  choices: readonly T[],
  dflt?: T
): T {
  if ((x === undefined || x === null) && dflt !== undefined) return dflt;
  const s = typeof x === "string" ? x.trim().toLowerCase() : undefined;
  if (s !== undefined && (choices as readonly string[]).includes(s)) return s as T;
  throw valueError(
    arg,
    `${arg} must be one of ${choices.map((c) => `"${c}"`).join(", ")} (got ${JSON.stringify(x)})`
  );
}

/** A result that must be finite: an overflow is #NUM! naming the argument that drives it. */
export function finiteResult(arg: string, x: number, what: string): number {
  if (!Number.isFinite(x)) throw numError(arg, `${what} overflows for this ${arg}`);
  return x === 0 ? 0 : x; // no −0 in a cell
}
