/**
 * Domain errors raised by the engine.
 *
 * The engine is pure and has no Office imports, so it cannot build Excel errors itself.
 * Instead every engine function throws a `LevError` whose `kind` says which Excel error the
 * functions layer must show and whose `arg` names the offending argument, using the formula
 * contract's argument name (snake_case, e.g. "volatility", "band_low").
 *
 * - "VALUE": wrong type / shape / unknown option        → #VALUE!
 * - "NUM":   a number outside its domain (leverage 0, negative price, volatility < 0) → #NUM!
 * - "NA":    the inputs are valid but there is no finite answer
 *            (e.g. "no liquidation: position is over-collateralised") → #N/A
 */
export type LevErrorKind = "VALUE" | "NUM" | "NA";

export class LevError extends Error {
  readonly kind: LevErrorKind;
  readonly arg: string | undefined;
  constructor(kind: LevErrorKind, arg: string | undefined, message: string) {
    super(message);
    this.name = "LevError";
    this.kind = kind;
    this.arg = arg;
  }
}

/** #NUM! for an out-of-domain number; the message must name the argument and the accepted range. */
export function numError(arg: string, message: string): LevError {
  return new LevError("NUM", arg, message);
}

/** #VALUE! for a wrong type, shape or option. */
export function valueError(arg: string | undefined, message: string): LevError {
  return new LevError("VALUE", arg, message);
}

/** #N/A: valid inputs, no finite answer. */
export function naError(arg: string | undefined, message: string): LevError {
  return new LevError("NA", arg, message);
}

/** Throws #NUM! unless `x` is a finite number. */
export function requireFinite(arg: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x))
    throw numError(arg, `${arg} must be a finite number (got ${String(x)})`);
  return x;
}

/** Throws #NUM! unless `x` is finite and > 0. */
export function requirePositive(arg: string, x: unknown): number {
  const v = requireFinite(arg, x);
  if (!(v > 0)) throw numError(arg, `${arg} must be > 0 (got ${v})`);
  return v;
}

/** Throws #NUM! unless `x` is finite and ≥ 0. */
export function requireNonNegative(arg: string, x: unknown): number {
  const v = requireFinite(arg, x);
  if (!(v >= 0)) throw numError(arg, `${arg} must be ≥ 0 (got ${v})`);
  return v;
}

/** Throws #NUM! unless `x` is finite and ≠ 0. */
export function requireNonZero(arg: string, x: number): number {
  requireFinite(arg, x);
  if (x === 0) throw numError(arg, `${arg} must not be 0`);
  return x;
}

/** Throws #NUM! unless lo ≤ x ≤ hi. */
export function requireInRange(arg: string, x: number, lo: number, hi: number): number {
  requireFinite(arg, x);
  if (!(x >= lo && x <= hi))
    throw numError(arg, `${arg} must be between ${lo} and ${hi} (got ${x})`);
  return x;
}
