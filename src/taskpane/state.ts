/**
 * The pane's state model, independent of the DOM and of Excel: the form (raw text per field, as the
 * analyst typed it), its validation through the template's zod schema, and the Monte Carlo run status.
 * render.ts draws this state; taskpane.ts wires events to the transitions below.
 */
import { nameSchema } from "./library";
import {
  TEMPLATES,
  defaultInputs,
  fieldText,
  formatBrackets,
  parseBracketsText,
  parseNumberText,
  parseRowsText,
  validateInputs,
  type BracketRow,
  type ScenarioInputs,
  type TemplateId,
} from "./scenarios";
import type { Distribution } from "../worker/client";

export interface FormState {
  template: TemplateId;
  name: string;
  /** Id of the saved scenario being edited, if any. */
  editingId?: string;
  /** Raw text per field key. */
  raw: Record<string, string>;
}

export type FormCheck =
  | { ok: true; inputs: ScenarioInputs; name: string; errors: Record<string, string> }
  | { ok: false; errors: Record<string, string> };

/** Text shown in a field for a stored value. */
export function toRaw(value: unknown): string {
  if (Array.isArray(value)) return formatBrackets(value as BracketRow[]);
  return value === undefined || value === null ? "" : String(value);
}

export function formFromInputs(
  template: TemplateId,
  inputs: ScenarioInputs,
  name: string,
  editingId?: string
): FormState {
  const raw: Record<string, string> = {};
  for (const f of TEMPLATES[template].fields) raw[f.key] = fieldText(f, inputs[f.key]);
  return { template, name, editingId, raw };
}

export function newForm(template: TemplateId): FormState {
  return formFromInputs(template, defaultInputs(template), TEMPLATES[template].defaultName);
}

/** Converts the raw texts to typed values (NaN for unreadable numbers, so zod reports them). */
export function rawToInputs(form: FormState): {
  values: Record<string, unknown>;
  parseErrors: Record<string, string>;
} {
  const values: Record<string, unknown> = {};
  const parseErrors: Record<string, string> = {};
  for (const f of TEMPLATES[form.template].fields) {
    const text = form.raw[f.key] ?? "";
    if (f.kind === "number") {
      const x = parseNumberText(text);
      values[f.key] = x;
      if (text.trim() === "") parseErrors[f.key] = "Required.";
      else if (Number.isNaN(x)) parseErrors[f.key] = `"${text.trim()}" is not a number.`;
    } else if (f.kind === "brackets" || f.kind === "rows") {
      const rows = f.kind === "rows" ? parseRowsText(f, text) : parseBracketsText(text);
      if (typeof rows === "string") parseErrors[f.key] = rows;
      else values[f.key] = rows;
    } else {
      values[f.key] = text;
    }
  }
  return { values, parseErrors };
}

/** Validates the whole form: name, per-field parsing, then the template's zod schema. */
export function checkForm(form: FormState): FormCheck {
  const { values, parseErrors } = rawToInputs(form);
  const errors: Record<string, string> = { ...parseErrors };
  const name = nameSchema.safeParse(form.name);
  if (!name.success) errors._name = name.error.issues[0].message;
  const v = validateInputs(form.template, values);
  if (!v.ok) for (const [k, msg] of Object.entries(v.errors)) if (!(k in errors)) errors[k] = msg;
  if (Object.keys(errors).length === 0 && v.ok && name.success)
    return { ok: true, inputs: v.inputs, name: name.data, errors: {} };
  return { ok: false, errors };
}

export function setField(form: FormState, key: string, text: string): FormState {
  return { ...form, raw: { ...form.raw, [key]: text } };
}

export function switchTemplate(form: FormState, template: TemplateId): FormState {
  return template === form.template ? form : newForm(template);
}

// ---- Monte Carlo run -------------------------------------------------------------------------------

export type SimState =
  | { status: "idle" }
  | { status: "running"; progress: number }
  | { status: "done"; result: Distribution; ms: number }
  | { status: "cancelled" }
  | { status: "error"; message: string };

export const simIdle: SimState = { status: "idle" };
export const simProgress = (s: SimState, fraction: number): SimState =>
  s.status === "running"
    ? { status: "running", progress: Math.max(s.progress, Math.min(1, fraction)) }
    : s;
