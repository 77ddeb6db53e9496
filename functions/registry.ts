/**
 * The declared LEV functions (functions/declarations/, one `defineFunction` each) and their lookup by id.
 * Every surface (the Excel custom functions in functions.ts, the HyperFormula plugin of the formula
 * evaluator, the generated reference, the task pane's metrics) goes through this one list, so argument
 * handling and error mapping cannot differ between them.
 */
import type { FunctionSpec } from "./declare";
import { FUNCTIONS } from "./declarations";

export type {
  Example,
  FunctionSpec,
  ParamDecl,
  ParamDecl as ParamSpec,
  ParamKind,
  SpillColumns,
  SpillShape,
} from "./declare";
export { FUNCTIONS } from "./declarations";
export { OPTION_TYPES } from "./declarations/kinds";

const BY_ID = new Map<string, FunctionSpec>(FUNCTIONS.map((f) => [f.id, f]));

/** The declaration of a LEV function by id (case-insensitive, with or without the "LEV." prefix). */
export function getFunction(id: string): FunctionSpec | undefined {
  return BY_ID.get(id) ?? BY_ID.get(id.toUpperCase().replace(/^LEV\./, ""));
}
