/**
 * The properties every LEV call must satisfy whatever it is given (docs/spec/functions.md, "Conventions"):
 * nothing thrown escapes; the value is a finite number or a rectangular table of the declared shape
 * (header row + rows; cells finite numbers or text); or it is #VALUE!, #NUM! or #N/A with a message that
 * names an argument or option of the function.
 */
import { strict as assert } from "node:assert";
import { evaluate, invoke, parseCall } from "../../functions/adapter";
import { LevFunctionError, type Outcome } from "../../functions/errors";
import type { RawArg } from "../../functions/args";
import type { FunctionSpec } from "../../functions/registry";

/** assert.ok with a message built only on failure. */
function must(cond: boolean, message: () => string): void {
  if (!cond) assert.fail(message());
}

const CODES = new Set(["#VALUE!", "#NUM!", "#N/A"]);

/** Every name an error message of this function may cite: its parameters and its options. */
export function namesOf(spec: FunctionSpec): string[] {
  const names = spec.params.map((p) => p.name);
  for (const p of spec.params)
    if (p.type.kind === "options") names.push(...p.type.names, "headers");
  return names;
}

export interface Tally {
  calls: number;
  values: number;
  byCode: Record<string, number>;
  /** #N/A reasons that name no argument (allowed: "no liquidation: …" is a reason, not a bad argument). */
  naWithoutArg: number;
  maxMs: number;
}
export const newTally = (): Tally => ({
  calls: 0,
  values: 0,
  byCode: {},
  naWithoutArg: 0,
  maxMs: 0,
});

const describeCall = (spec: FunctionSpec, raw: readonly RawArg[]) =>
  `LEV.${spec.id}(${raw.map((a) => JSON.stringify(a, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v === undefined ? "<undefined>" : v))).join(", ")})`;

/** Checks one outcome against the properties; returns it. */
export function checkOutcome(
  spec: FunctionSpec,
  raw: readonly RawArg[],
  o: Outcome,
  tally?: Tally
): Outcome {
  // Built only when an assertion fails would read it (a 1,000,000-cell argument is slow to print).
  let whereText: string | undefined;
  const whereOf = () => (whereText ??= describeCall(spec, raw).slice(0, 2000));
  if (o.ok) {
    const v = o.value;
    if (!spec.spill) {
      must(
        typeof v === "number" && Number.isFinite(v),
        () => `${whereOf()} returned ${String(v)}, not a finite number`
      );
    } else {
      must(Array.isArray(v) && v.length > 0, () => `${whereOf()} did not return a table`);
      const call = parseCall(spec.id, raw);
      const options = (Object.values(call.input).find(
        (x) => x !== null && typeof x === "object" && !ArrayBuffer.isView(x) && !Array.isArray(x)
      ) ?? {}) as Record<string, unknown>;
      const seriesLength = spec.spill.series
        ? (
            call.input[
              spec.spill.series.replace(/_([a-z])/g, (_m, c) => c.toUpperCase())
            ] as ArrayLike<number>
          ).length
        : 0;
      const wantRows =
        spec.spill.dataRows(seriesLength, options, call.input) + (call.headers ? 1 : 0);
      const shape = spec.spill.columns;
      const wantCols = typeof shape === "number" ? shape : shape(options);
      const table = v as unknown[][];
      must(
        table.length === wantRows,
        () => `${whereOf()}: ${table.length} rows, the declared shape has ${wantRows}`
      );
      table.forEach((row, r) => {
        must(
          Array.isArray(row) && row.length === wantCols,
          () =>
            `${whereOf()}: row ${r} has ${Array.isArray(row) ? row.length : "no"} cells, expected ${wantCols}`
        );
        for (const cell of row as unknown[]) {
          if (r === 0 && call.headers)
            must(typeof cell === "string", () => `${whereOf()}: header cell ${String(cell)}`);
          else
            must(
              typeof cell === "string" || (typeof cell === "number" && Number.isFinite(cell)),
              () => `${whereOf()}: row ${r} has ${String(cell)}`
            );
        }
      });
    }
    if (tally) tally.values++;
  } else {
    must(CODES.has(o.code), () => `${whereOf()}: unknown error code ${o.code}`);
    must(o.message.trim().length > 0, () => `${whereOf()}: ${o.code} with an empty message`);
    must(
      !/unexpected error/.test(o.message),
      () => `${whereOf()}: an unexpected exception escaped the validation: ${o.message}`
    );
    const named = namesOf(spec).some((n) => o.message.includes(n));
    const arity = raw.length > spec.params.length && o.message.includes(`LEV.${spec.id}`);
    if (o.code === "#N/A") {
      if (!named && tally) tally.naWithoutArg++;
    } else {
      must(
        named || arity,
        () =>
          `${whereOf()}: ${o.code} "${o.message}" names no argument of LEV.${spec.id} (${namesOf(spec).join(", ")})`
      );
    }
    if (tally) tally.byCode[o.code] = (tally.byCode[o.code] ?? 0) + 1;
  }
  if (tally) tally.calls++;
  return o;
}

/**
 * Runs one call through the Excel surface (`invoke`, which throws the stand-in CustomFunctions error) for
 * a synchronous function, or the never-throwing `evaluate` for LEV.SIMULATE (its synchronous engine run),
 * timing it; anything thrown other than the Excel error fails.
 */
export function runCall(
  spec: FunctionSpec,
  raw: RawArg[],
  boundMs: number,
  tally?: Tally
): Outcome {
  const t0 = performance.now();
  let o: Outcome;
  if (spec.async) {
    o = evaluate(spec.id, raw);
  } else {
    try {
      o = { ok: true, value: invoke(spec.id, ...raw) };
    } catch (e) {
      assert.ok(
        e instanceof LevFunctionError,
        `${describeCall(spec, raw)} threw ${e instanceof Error ? e.stack : String(e)}`
      );
      o = { ok: false, code: e.code, message: e.message };
    }
  }
  const ms = performance.now() - t0;
  if (tally) tally.maxMs = Math.max(tally.maxMs, ms);
  if (ms > boundMs)
    assert.fail(
      `${describeCall(spec, raw).slice(0, 300)} took ${ms.toFixed(0)} ms (bound ${boundMs} ms)`
    );
  return checkOutcome(spec, raw, o, tally);
}
