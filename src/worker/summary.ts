/**
 * LEV.SIMULATE's 2-column table (statistic | value) from a SimulationSummary: one copy, used by the worker
 * for a whole run and by the page for a run split across workers, so both give the engine's `simulate` table
 * row for row (same order and names as src/engine/simulate.ts `simulate`; docs/spec/functions.md LEV.SIMULATE).
 * Precision: the summary's float64 numbers are passed through unchanged.
 */
import { SIMULATE_COLUMNS, type SimulationSummary } from "../engine/simulate";
import type { Table } from "../engine/types";

export function summaryTable(s: SimulationSummary): Table {
  return {
    columns: [...SIMULATE_COLUMNS],
    rows: [["mean", s.mean], ["p5", s.p5], ["p25", s.p25], ["median", s.median], ["p75", s.p75], ["p95", s.p95], ["prob_loss", s.probLoss]],
  };
}
