/**
 * The scenario library: records saved in the workbook, their schema versions and migrations,
 * JSON export/import, and a save queue.
 *
 * Storage is a key/value port (`KeyValuePort`): in Excel it is the workbook's settings
 * (Excel.SettingCollection, "unique to a single Excel file and add-in pairing" —
 * docs/references/office-addin.md §2.8), in the local preview it is localStorage or memory. One key per scenario
 * (`lev.scenario.<id>`), so two saves never rewrite each other's data; saves are also queued so they
 * reach the store in call order even when the store's writes are slow.
 *
 * Stored values that do not parse or validate are kept as "corrupt" entries, shown in the pane with
 * the reason and their raw text; they are only removed when the analyst deletes them.
 */
import * as z from "zod/mini";
import {
  TEMPLATE_IDS,
  type InputValue,
  type ScenarioInputs,
  type TemplateId,
  inputsSchema,
} from "./scenarios";

export const SCHEMA_VERSION = 2;
export const KEY_PREFIX = "lev.scenario.";

export interface Scenario {
  schemaVersion: typeof SCHEMA_VERSION;
  id: string;
  name: string;
  template: TemplateId;
  inputs: ScenarioInputs;
  createdAt: string;
  updatedAt: string;
}

const nameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, "Name the scenario."), z.maxLength(60, "At most 60 characters."));

const scenarioEnvelope = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/, "id: letters, digits, _ and - only")),
  name: nameSchema,
  template: z.enum(TEMPLATE_IDS),
  // any values here: they are checked against the template's own schema in scenarioSchema's refinement
  inputs: z.record(z.string(), z.custom<InputValue>()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Validates a current-version scenario, including its inputs against its template's schema. */
export const scenarioSchema: z.ZodMiniType<Scenario> = scenarioEnvelope.check(
  z.superRefine((s, ctx) => {
    const r = inputsSchema(s.template).safeParse(s.inputs);
    if (!r.success) {
      for (const issue of r.error.issues)
        ctx.addIssue({
          code: "custom",
          path: ["inputs", ...issue.path.map((p) => p as string | number)],
          message: issue.message,
          input: s.inputs,
        });
    }
  })
);

/**
 * Version 1 (the first export format, before scenarios had ids and timestamps):
 * `{version: 1, scenarios: [{name, kind, params}]}`, the perp side given as +1/−1.
 */
const v1Scenario = z.object({
  name: z.string(),
  kind: z.enum(TEMPLATE_IDS),
  params: z.record(z.string(), z.unknown()),
});
const v1File = z.object({ version: z.literal(1), scenarios: z.array(v1Scenario) });

const v2File = z.object({
  schemaVersion: z.literal(2),
  kind: z.literal("lev-scenarios"),
  exportedAt: z.optional(z.string()),
  scenarios: z.array(z.unknown()),
});

export interface ExportFile {
  schemaVersion: typeof SCHEMA_VERSION;
  kind: "lev-scenarios";
  exportedAt: string;
  scenarios: Scenario[];
}

/** A v1 scenario in the current record format, still to be validated (its inputs are unchecked). */
type MigratedV1 = Omit<Scenario, "inputs"> & { inputs: Record<string, unknown> };

function migrateV1Scenario(
  s: z.infer<typeof v1Scenario>,
  newId: () => string,
  now: string
): MigratedV1 {
  const inputs: Record<string, unknown> = { ...s.params };
  if (s.kind === "perp" && (inputs.side === 1 || inputs.side === -1))
    inputs.side = inputs.side === 1 ? "long" : "short";
  return {
    schemaVersion: 2,
    id: newId(),
    name: s.name,
    template: s.kind,
    inputs,
    createdAt: now,
    updatedAt: now,
  };
}

export interface ImportResult {
  scenarios: Scenario[];
  /** One message per scenario that was not imported, naming it and the reason. */
  rejected: string[];
  migratedFrom?: number;
}

/** Parses an export file of any known version; invalid scenarios are reported, valid ones returned. */
export function parseExport(text: string, newId: () => string, now: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`Not a JSON file: ${(e as Error).message}`);
  }
  let candidates: unknown[];
  let migratedFrom: number | undefined;
  const v1 = v1File.safeParse(json);
  if (v1.success) {
    migratedFrom = 1;
    candidates = v1.data.scenarios.map((s) => migrateV1Scenario(s, newId, now));
  } else {
    const v2 = v2File.safeParse(json);
    if (!v2.success) {
      const version = isRecord(json) ? (json.schemaVersion ?? json.version) : undefined;
      if (typeof version === "number" && version > SCHEMA_VERSION)
        throw new Error(
          `This file was written by a newer version of the add-in (schema ${version}; this one reads up to ${SCHEMA_VERSION}).`
        );
      throw new Error(`Not a LEV scenario export: ${z.prettifyError(v2.error)}`);
    }
    candidates = v2.data.scenarios;
  }
  const scenarios: Scenario[] = [];
  const rejected: string[] = [];
  candidates.forEach((c, i) => {
    const r = scenarioSchema.safeParse(c);
    if (r.success) scenarios.push(r.data);
    else {
      const name = isRecord(c) ? c.name : undefined;
      rejected.push(
        `Scenario ${i + 1}${typeof name === "string" ? ` "${name}"` : ""}: ${describeIssues(r.error)}`
      );
    }
  });
  return { scenarios, rejected, migratedFrom };
}

/** A parsed JSON value whose fields can be looked at (any object, arrays included). */
function isRecord(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === "object" && x !== null;
}

type Issue = {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  keys?: readonly string[];
  expected?: unknown;
};

/** zod/mini ships no locale: its built-in issues all read "Invalid input", so name the field or the type. */
function issueText(i: Issue): string {
  if (i.keys?.length) return `unknown field ${i.keys.map((k) => `"${k}"`).join(", ")}`;
  if (i.message === "Invalid input" && typeof i.expected === "string")
    return `expected ${i.expected}`;
  return i.message;
}

export function describeIssues(err: { issues: ReadonlyArray<Issue> }): string {
  return err.issues
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${issueText(i)}` : issueText(i)))
    .join("; ");
}

export function buildExport(scenarios: readonly Scenario[], now: string): ExportFile {
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: "lev-scenarios",
    exportedAt: now,
    scenarios: scenarios.map((s) => structuredCloneJson(s)),
  };
}

function structuredCloneJson<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

// ---------------------------------------------------------------------------------------------
// Storage

/** Minimal key/value storage: the workbook's settings in Excel, localStorage or memory elsewhere. */
export interface KeyValuePort {
  readAll(prefix: string): Promise<Array<{ key: string; value: unknown }>>;
  write(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
}

export type LibraryEntry =
  | { status: "ok"; key: string; scenario: Scenario }
  | { status: "corrupt"; key: string; raw: string; error: string };

/** Decodes one stored value; anything that does not decode becomes a corrupt entry (never dropped). */
export function decodeStored(
  key: string,
  value: unknown,
  newId: () => string,
  now: string
): LibraryEntry {
  const raw = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  let json: unknown;
  try {
    json = typeof value === "string" ? JSON.parse(value) : value;
  } catch (e) {
    return { status: "corrupt", key, raw, error: `not valid JSON (${(e as Error).message})` };
  }
  // A stored v1 record (no envelope): migrate in memory; it is rewritten as v2 on the next save.
  const v1 = v1Scenario.safeParse(json);
  if (v1.success && isRecord(json) && json.schemaVersion === undefined)
    json = {
      ...migrateV1Scenario(v1.data, newId, now),
      id: key.slice(KEY_PREFIX.length),
    };
  const r = scenarioSchema.safeParse(json);
  if (!r.success) return { status: "corrupt", key, raw, error: describeIssues(r.error) };
  if (KEY_PREFIX + r.data.id !== key)
    return { status: "corrupt", key, raw, error: `id "${r.data.id}" does not match its key` };
  return { status: "ok", key, scenario: r.data };
}

export interface LibraryDeps {
  store: KeyValuePort;
  newId(): string;
  now(): string;
}

/**
 * In-memory view of the stored scenarios plus the operations the pane offers. Every mutation
 * goes through a single promise chain, so overlapping saves are applied in call order and none is lost.
 */
export class ScenarioLibrary {
  private entries: LibraryEntry[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  constructor(private readonly deps: LibraryDeps) {}

  list(): readonly LibraryEntry[] {
    return this.entries;
  }

  get(id: string): Scenario | undefined {
    const e = this.entries.find((x) => x.status === "ok" && x.scenario.id === id);
    return e && e.status === "ok" ? e.scenario : undefined;
  }

  /** Reads every stored scenario (sorted by name); corrupt values are listed, not dropped. */
  load(): Promise<readonly LibraryEntry[]> {
    return this.enqueue(async () => {
      const rows = await this.deps.store.readAll(KEY_PREFIX);
      const now = this.deps.now();
      this.entries = rows
        .filter((r) => r.key.startsWith(KEY_PREFIX))
        .map((r) => decodeStored(r.key, r.value, this.deps.newId, now));
      this.sort();
      return this.entries;
    });
  }

  /**
   * Saves a new scenario (no id) or updates an existing one. Validates first: invalid scenarios are
   * rejected with the zod message and nothing is written.
   */
  save(input: {
    id?: string;
    name: string;
    template: TemplateId;
    inputs: ScenarioInputs;
  }): Promise<Scenario> {
    return this.enqueue(async () => {
      const now = this.deps.now();
      const existing = input.id ? this.get(input.id) : undefined;
      const candidate = {
        schemaVersion: SCHEMA_VERSION,
        id: existing?.id ?? input.id ?? this.deps.newId(),
        name: input.name,
        template: input.template,
        inputs: input.inputs,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      const r = scenarioSchema.safeParse(candidate);
      if (!r.success) throw new Error(`Not saved: ${describeIssues(r.error)}`);
      const key = KEY_PREFIX + r.data.id;
      await this.deps.store.write(key, JSON.stringify(r.data));
      this.upsert({ status: "ok", key, scenario: r.data });
      return r.data;
    });
  }

  duplicate(id: string): Promise<Scenario> {
    const s = this.get(id);
    if (!s) return Promise.reject(new Error(`No scenario with id ${id}`));
    const name = uniqueName(
      `${s.name} (copy)`,
      this.entries.flatMap((e) => (e.status === "ok" ? [e.scenario.name] : []))
    );
    return this.save({ name, template: s.template, inputs: structuredCloneJson(s.inputs) });
  }

  /** Deletes a scenario or a corrupt entry by its storage key. */
  remove(key: string): Promise<void> {
    return this.enqueue(async () => {
      await this.deps.store.remove(key);
      this.entries = this.entries.filter((e) => e.key !== key);
    });
  }

  exportJson(): string {
    const ok = this.entries.flatMap((e) => (e.status === "ok" ? [e.scenario] : []));
    return JSON.stringify(buildExport(ok, this.deps.now()), null, 2);
  }

  /** Imports an export file: every valid scenario is saved under a fresh id (existing ones are kept). */
  async importJson(text: string): Promise<ImportResult> {
    const parsed = parseExport(text, this.deps.newId, this.deps.now());
    const saved: Scenario[] = [];
    for (const s of parsed.scenarios)
      saved.push(await this.save({ name: s.name, template: s.template, inputs: s.inputs }));
    return { ...parsed, scenarios: saved };
  }

  private upsert(entry: LibraryEntry) {
    const i = this.entries.findIndex((e) => e.key === entry.key);
    if (i >= 0) this.entries[i] = entry;
    else this.entries.push(entry);
    this.sort();
  }

  private sort() {
    const label = (e: LibraryEntry) =>
      e.status === "ok" ? e.scenario.name.toLowerCase() : "\uffff" + e.key;
    this.entries.sort((a, b) => (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0));
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const next = this.chain.then(op, op);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

export function uniqueName(base: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const c = `${base} ${i}`;
    if (!lower.has(c.toLowerCase())) return c;
  }
}

/** In-memory store (tests, and the preview when localStorage is unavailable). */
export function memoryStore(
  initial: Record<string, unknown> = {}
): KeyValuePort & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>(Object.entries(initial));
  return {
    data,
    async readAll(prefix) {
      return [...data.entries()]
        .filter(([k]) => k.startsWith(prefix))
        .map(([key, value]) => ({ key, value }));
    },
    async write(key, value) {
      data.set(key, value);
    },
    async remove(key) {
      data.delete(key);
    },
  };
}

/** localStorage-backed store for the local preview (no workbook to save into). */
export function localStorageStore(storage: Storage): KeyValuePort {
  return {
    async readAll(prefix) {
      const out: Array<{ key: string; value: unknown }> = [];
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key !== null && key.startsWith(prefix)) out.push({ key, value: storage.getItem(key) });
      }
      return out;
    },
    async write(key, value) {
      storage.setItem(key, value);
    },
    async remove(key) {
      storage.removeItem(key);
    },
  };
}

export { nameSchema };
