/**
 * Result shapes shared by the engine, the functions layer and the task pane.
 */

/** A table result: spilled in Excel under a header row made of `columns` (unless options "headers",FALSE). */
export interface Table {
  columns: string[];
  /** Every row has exactly `columns.length` cells. Cells are finite numbers, or strings for status/labels. */
  rows: (number | string)[][];
}

/** Position side: +1 long, −1 short. */
export type Side = 1 | -1;

/** A price / return series; the engine never mutates it. */
export type Series = ArrayLike<number>;
