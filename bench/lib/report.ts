/**
 * The benchmark's result model (rows, ratios, targets), the console table and bench/results.json.
 */
import type { Timing } from "./timing";

/** One measured row: a timed workload (median of repetitions) or a plain quantity (bundle size). */
export interface Row {
  id: string;
  section: string;
  label: string;
  /** Present for timed rows. */
  timing?: Timing;
  /** Units of work per repetition (e.g. 3,650,000 path-steps, 100,000 calls) and their name. */
  work?: number;
  workUnit?: string;
  /** work / median seconds. */
  perSecond?: number;
  /** For untimed rows (sizes): the value and its unit. */
  value?: number;
  valueUnit?: string;
  /** Why the row could not be measured (missing tool or module); the row then has no numbers. */
  skipped?: string;
  note?: string;
}

export interface Ratio {
  id: string;
  label: string;
  value: number;
  /** How to read it, e.g. "numpy time / engine time (> 1: engine faster)". */
  meaning: string;
}

export interface Target {
  id: string;
  label: string;
  /** The measured quantity, null when it could not be measured. */
  measured: number | null;
  comparator: "<=" | ">=" | "<";
  threshold: number;
  unit: string;
  pass: boolean | null;
}

export function target(
  id: string,
  label: string,
  measured: number | null | undefined,
  comparator: Target["comparator"],
  threshold: number,
  unit: string
): Target {
  const m =
    measured === undefined || measured === null || !Number.isFinite(measured) ? null : measured;
  let pass: boolean | null = null;
  if (m !== null)
    pass =
      comparator === "<=" ? m <= threshold : comparator === ">=" ? m >= threshold : m < threshold;
  return { id, label, measured: m, comparator, threshold, unit, pass };
}

export interface SectionResult {
  rows: Row[];
  ratios: Ratio[];
  targets: Target[];
  /** Anything the reader must know (missing tools, sanity-check outcomes). */
  notes: string[];
  /** Extra structured data for results.json (e.g. the statistics of each Monte Carlo implementation). */
  details?: Record<string, unknown>;
}

export function emptySection(): SectionResult {
  return { rows: [], ratios: [], targets: [], notes: [] };
}

// ---- formatting -------------------------------------------------------------------------------------

export function fmtMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0) + " ms";
  if (ms >= 10) return ms.toFixed(1) + " ms";
  return ms.toFixed(2) + " ms";
}

/** 12345678 → "12.3 M", 45678 → "45.7 k". */
export function fmtRate(x: number): string {
  if (x >= 1e9) return (x / 1e9).toFixed(2) + " G";
  if (x >= 1e6) return (x / 1e6).toFixed(2) + " M";
  if (x >= 1e3) return (x / 1e3).toFixed(1) + " k";
  return x.toFixed(1) + " ";
}

export function fmtBytes(b: number): string {
  if (b >= 1e6) return (b / 1e6).toFixed(2) + " MB";
  if (b >= 1e3) return (b / 1e3).toFixed(1) + " KB";
  return b + " B";
}

function fmtValue(value: number, unit: string): string {
  if (unit === "bytes") return fmtBytes(value);
  if (unit === "ms") return fmtMs(value);
  return `${value} ${unit}`;
}

function fmtTargetValue(x: number, unit: string): string {
  if (unit === "bytes") return fmtBytes(x);
  if (unit === "ms") return fmtMs(x);
  if (unit === "×") return x.toFixed(2) + "×";
  if (unit === "µs") return `${x.toFixed(2)} µs`;
  return `${x} ${unit}`;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

/** A markdown table (it reads well in a terminal too, and is pasted as-is into the README). */
export function rowsTable(rows: readonly Row[]): string {
  const header = ["benchmark", "median", "min … max", "reps", "throughput"];
  const lines: string[][] = rows.map((r) => {
    if (r.skipped) return [r.label, "—", "—", "—", `skipped: ${r.skipped}`];
    if (r.timing) {
      const t = r.timing;
      const thr =
        r.perSecond !== undefined && r.workUnit ? `${fmtRate(r.perSecond)}${r.workUnit}/s` : "";
      return [
        r.label,
        fmtMs(t.medianMs),
        `${fmtMs(t.minMs)} … ${fmtMs(t.maxMs)}`,
        String(t.reps),
        thr,
      ];
    }
    return [r.label, fmtValue(r.value ?? NaN, r.valueUnit ?? ""), "", "", r.note ?? ""];
  });
  return markdown(header, lines, [false, true, true, true, true]);
}

export function ratiosTable(ratios: readonly Ratio[]): string {
  return markdown(
    ["ratio", "value", "meaning"],
    ratios.map((r) => [r.label, r.value.toFixed(2) + "×", r.meaning]),
    [false, true, false]
  );
}

export function targetsTable(targets: readonly Target[]): string {
  return markdown(
    ["target", "measured", "required", "result"],
    targets.map((t) => [
      t.label,
      t.measured === null ? "not measured" : fmtTargetValue(t.measured, t.unit),
      `${t.comparator === "<=" ? "≤" : t.comparator === ">=" ? "≥" : "<"} ${fmtTargetValue(t.threshold, t.unit)}`,
      t.pass === null ? "N/A" : t.pass ? "PASS" : "MISS",
    ]),
    [false, true, true, false]
  );
}

function markdown(header: string[], lines: string[][], right: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]): string =>
    "| " + cells.map((c, i) => pad(c, widths[i], right[i])).join(" | ") + " |";
  const sep =
    "|" +
    widths.map((w, i) => (right[i] ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|") +
    "|";
  return [row(header), sep, ...lines.map(row)].join("\n");
}
