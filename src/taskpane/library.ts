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
 * the reason and their raw text; they are only removed when the analyst deletes them. A record written by a
 * newer version of the add-in is a "newer" entry: listed, never rewritten, and kept in exports as it is.
 *
 * Two panes (two windows, or co-authors) share the workbook's settings, so every write is checked first:
 * - each record carries a revision number; a save names the revision it started from (`baseRevision`) and is
 *   refused with a SaveConflict when the stored record has another one (changed elsewhere) or is a tombstone;
 * - a delete writes a tombstone `{id, deleted: true, revision}` under the key instead of removing it, so a
 *   stale save from another pane cannot bring the scenario back;
 * - the store reports changes made elsewhere (`watch`: Excel's settings.onSettingsChanged, the browser's
 *   storage event) and the pane reloads;
 * - a write that fails is checked by reading the key back: when Excel applied it anyway the save succeeded;
 *   otherwise the error carries the id, and saving again writes the same record — never a duplicate.
 * The check and the write are two steps (the settings API has no compare-and-set): two saves of one record
 * within the same moment can still both pass the check; the later write wins and the other pane's next save
 * is refused, so the loss is reported there, not silent.
 */
import * as z from "zod/mini";
import {
  TEMPLATE_IDS,
  type InputValue,
  type ScenarioInputs,
  type TemplateId,
  inputsSchema,
  upgradeInputs,
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
  /**
   * Incremented by every write (1 for a new record); absent in records written before revisions existed,
   * read as 0.
   */
  revision?: number;
}

/** A record's revision (0 for a record written before revisions existed). */
export const revisionOf = (s: { revision?: number }): number => s.revision ?? 0;

const idSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{1,40}$/, "id: letters, digits, _ and - only"));
const revisionSchema = z.number().check(z.int(), z.gte(0));

/** What a delete leaves under the key: a stale save from another pane cannot bring the scenario back. */
export interface Tombstone {
  schemaVersion: typeof SCHEMA_VERSION;
  id: string;
  deleted: true;
  revision: number;
  deletedAt: string;
}
const tombstoneSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: idSchema,
  deleted: z.literal(true),
  revision: revisionSchema,
  deletedAt: z.string(),
});

const nameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, "Name the scenario."), z.maxLength(60, "At most 60 characters."));

const scenarioEnvelope = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: idSchema,
  name: nameSchema,
  template: z.enum(TEMPLATE_IDS),
  // any values here: they are checked against the template's own schema in scenarioSchema's refinement
  inputs: z.record(z.string(), z.custom<InputValue>()),
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.optional(revisionSchema),
});

/**
 * A record saved by an earlier release of its template gets today's fields first (scenarios.ts
 * `upgradeInputs`: the perp's added fields take their defaults, the one-position lending record becomes a
 * loop sized by its leverage); the record is rewritten in the new shape on its next save.
 */
const upgradeRecord = (x: unknown): unknown =>
  isRecord(x) && typeof x.template === "string" && isRecord(x.inputs)
    ? { ...x, inputs: upgradeInputs(x.template, x.inputs) }
    : x;

/** Validates a current-version scenario, including its inputs against its template's schema. */
export const scenarioSchema: z.ZodMiniType<Scenario> = z.pipe(
  z.transform(upgradeRecord),
  scenarioEnvelope.check(
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
  )
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
  /** Current records, and records of a newer version exactly as stored (a newer add-in imports them). */
  scenarios: Array<Scenario | Record<string, unknown>>;
  /** Stored values that could not be read, with the reason: exported so that nothing is lost. */
  unreadable?: Array<{ key: string; error: string; raw: string }>;
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
      const newer = newerVersion(c);
      rejected.push(
        `Scenario ${i + 1}${typeof name === "string" ? ` "${name}"` : ""}: ${
          newer !== undefined
            ? `saved by a newer version of the add-in (schema ${newer}; this one reads up to ${SCHEMA_VERSION}): update the add-in to import it`
            : describeIssues(r.error)
        }`
      );
    }
  });
  return { scenarios, rejected, migratedFrom };
}

/** The schema version of a record written by a newer add-in, else undefined. */
function newerVersion(x: unknown): number | undefined {
  const v = isRecord(x) ? x.schemaVersion : undefined;
  return typeof v === "number" && Number.isFinite(v) && v > SCHEMA_VERSION ? v : undefined;
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

export function buildExport(
  scenarios: ReadonlyArray<Scenario | Record<string, unknown>>,
  now: string,
  unreadable: ExportFile["unreadable"] = []
): ExportFile {
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: "lev-scenarios",
    exportedAt: now,
    scenarios: scenarios.map((s) => structuredCloneJson(s)),
    ...(unreadable.length > 0 ? { unreadable: structuredCloneJson([...unreadable]) } : {}),
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
  /** The stored value of one key, undefined when there is none (read fresh, not from a cache). */
  read(key: string): Promise<unknown>;
  write(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** Calls `onChange` when the stored values change (another pane, another tab), where the store can tell. */
  watch?(onChange: () => void): Promise<void>;
}

export type LibraryEntry =
  | { status: "ok"; key: string; scenario: Scenario }
  | { status: "corrupt"; key: string; raw: string; error: string }
  /** Written by a newer version of the add-in: listed, exported as stored, never rewritten. */
  | {
      status: "newer";
      key: string;
      raw: string;
      json: Record<string, unknown>;
      schemaVersion: number;
      name?: string;
      error: string;
    };

/** A decoded stored value: a listed entry, or the tombstone of a deleted scenario (not listed). */
export type StoredEntry = LibraryEntry | { status: "deleted"; key: string; tombstone: Tombstone };

/** A save or delete refused because the stored record is not the one this pane started from. */
export class SaveConflict extends Error {
  constructor(
    message: string,
    readonly reason: "changed" | "deleted" | "exists",
    /** What the workbook holds now (undefined when the scenario was deleted). */
    readonly current?: Scenario
  ) {
    super(message);
    this.name = "SaveConflict";
  }
}

/** A write that failed and did not reach the workbook; `id` is the record's id, to save again under it. */
export class SaveFailed extends Error {
  constructor(
    message: string,
    readonly id: string
  ) {
    super(message);
    this.name = "SaveFailed";
  }
}

/**
 * Decodes one stored value; anything that does not decode becomes a corrupt entry (never dropped), a record
 * of a newer schema a "newer" entry, a tombstone a "deleted" one.
 */
export function decodeStored(
  key: string,
  value: unknown,
  newId: () => string,
  now: string
): StoredEntry {
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
  const newer = newerVersion(json);
  if (newer !== undefined && isRecord(json) && !Array.isArray(json)) {
    const name = typeof json.name === "string" ? json.name : undefined;
    return {
      status: "newer",
      key,
      raw,
      json: { ...json },
      schemaVersion: newer,
      name,
      error: `saved by a newer version of the add-in (schema ${newer}; this one reads up to ${SCHEMA_VERSION}): kept as it is and included in exports; update the add-in to edit it`,
    };
  }
  const t = tombstoneSchema.safeParse(json);
  if (t.success && KEY_PREFIX + t.data.id === key)
    return { status: "deleted", key, tombstone: t.data as Tombstone };
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

/** What a save writes: `id` to update (or to retry a failed new save), `baseRevision` the revision edited. */
export interface SaveRequest {
  id?: string;
  /**
   * The revision the pane's edits started from (the record as it was when the analyst opened it, or as last
   * saved). Left out, the library's own view of the record is used (saves queued by this pane).
   */
  baseRevision?: number;
  name: string;
  template: TemplateId;
  inputs: ScenarioInputs;
}

/** The fields a save changes: equal ones mean the stored record already says what the analyst saved. */
const sameContent = (a: Scenario, b: Pick<Scenario, "name" | "template" | "inputs">) =>
  a.name === b.name &&
  a.template === b.template &&
  JSON.stringify(a.inputs) === JSON.stringify(b.inputs);

/**
 * In-memory view of the stored scenarios plus the operations the pane offers. Every mutation
 * goes through a single promise chain, so overlapping saves are applied in call order and none is lost;
 * every write to an existing key is checked against what the store holds (see the file's header).
 */
export class ScenarioLibrary {
  private entries: LibraryEntry[] = [];
  /** The revision this library last saw per key, tombstones included. */
  private readonly seen = new Map<string, number>();
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
      const decoded = rows
        .filter((r) => r.key.startsWith(KEY_PREFIX))
        .map((r) => decodeStored(r.key, r.value, this.deps.newId, now));
      this.seen.clear();
      this.entries = [];
      for (const d of decoded) this.note(d);
      this.sort();
      return this.entries;
    });
  }

  /**
   * Reloads when the store says its values changed elsewhere (another pane), then calls `onReload`.
   * Resolves once the store listens (immediately for a store that cannot tell).
   */
  async watch(onReload: (entries: readonly LibraryEntry[]) => void): Promise<void> {
    await this.deps.store.watch?.(() => {
      this.load().then(onReload, () => undefined);
    });
  }

  /**
   * Saves a new scenario (no id) or updates an existing one. Validates first: invalid scenarios are
   * rejected with the zod message and nothing is written. An update is refused with a SaveConflict when the
   * stored record changed since `baseRevision` or was deleted; a write that fails is read back (it may have
   * reached the workbook anyway) and otherwise rejected with a SaveFailed naming the id to save again under.
   */
  save(input: SaveRequest): Promise<Scenario> {
    return this.enqueue(async () => {
      const now = this.deps.now();
      const fresh = input.id === undefined;
      const id = input.id ?? this.deps.newId();
      const key = KEY_PREFIX + id;
      const known = this.get(id);
      const candidate = {
        schemaVersion: SCHEMA_VERSION,
        id,
        name: input.name,
        template: input.template,
        inputs: input.inputs,
        createdAt: known?.createdAt ?? now,
        updatedAt: now,
      };
      const r = scenarioSchema.safeParse(candidate);
      if (!r.success) throw new Error(`Not saved: ${describeIssues(r.error)}`);
      // A new id (random, 72 bits) has nothing stored under it: no read needed.
      const { entry: current, json: storedJson } = fresh
        ? { entry: undefined, json: undefined }
        : await this.readKey(key, now);
      const base = input.baseRevision ?? this.seen.get(key);
      let revision = 1;
      let createdAt = r.data.createdAt;
      if (current?.status === "deleted") {
        this.note(current);
        this.sort();
        throw new SaveConflict(
          `Not saved: "${input.name}" was deleted in another pane or window. Your inputs are still in the form: use "Save as new" to keep them as a new scenario.`,
          "deleted"
        );
      }
      if (current?.status === "corrupt" || current?.status === "newer") {
        this.note(current);
        this.sort();
        throw new SaveConflict(
          `Not saved: the workbook holds a record under this scenario's id that this version cannot read (${current.error}). Use "Save as new".`,
          "exists"
        );
      }
      if (current?.status === "ok") {
        const stored = current.scenario;
        if (
          stored.revision !== undefined &&
          isRecord(storedJson) &&
          sameContent(storedJson as unknown as Scenario, r.data)
        ) {
          // already what the analyst saved, as stored (e.g. a save that failed after Excel applied it):
          // nothing to write. A record stored in an older shape (no revision, a v1 record, inputs of an
          // earlier release of the template) is rewritten.
          this.note(current);
          this.sort();
          return stored;
        }
        if (base === undefined || base !== revisionOf(stored)) {
          this.note(current);
          this.sort();
          throw new SaveConflict(
            base === undefined
              ? `Not saved: the workbook already holds another scenario "${stored.name}" under this id. Use "Save as new".`
              : `Not saved: "${stored.name}" was changed in another pane or window (now revision ${revisionOf(stored)}; your edits started from revision ${base}). Your inputs are still in the form: use "Save as new" to keep them as a copy, or Edit the scenario to load the other version.`,
            base === undefined ? "exists" : "changed",
            stored
          );
        }
        revision = revisionOf(stored) + 1;
        createdAt = stored.createdAt;
      } else if (!fresh && base !== undefined) {
        // the pane knew this record and the key is empty: removed (by hand or by an older add-in)
        this.forget(key);
        throw new SaveConflict(
          `Not saved: "${input.name}" is no longer in the workbook (deleted elsewhere). Use "Save as new" to keep your inputs.`,
          "deleted"
        );
      }
      const record: Scenario = { ...r.data, createdAt, revision };
      const text = JSON.stringify(record);
      try {
        await this.deps.store.write(key, text);
      } catch (e) {
        // Excel may have applied the write before the error (a lost connection, a timed-out sync)
        let landed = false;
        try {
          landed = (await this.deps.store.read(key)) === text;
        } catch {
          landed = false;
        }
        if (!landed)
          throw new SaveFailed(
            `Not saved: ${(e as Error).message}. Your inputs are still in the form; saving again writes this scenario, never a second copy.`,
            id
          );
      }
      this.note({ status: "ok", key, scenario: record });
      this.sort();
      return record;
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

  /**
   * Deletes a scenario by its storage key: writes a tombstone, after checking that the stored record is the
   * revision this library lists (else a SaveConflict, and the list shows the stored one). A corrupt or
   * newer-version entry is removed from the store (it has no revision to protect).
   */
  remove(key: string): Promise<void> {
    return this.enqueue(async () => {
      const entry = this.entries.find((e) => e.key === key);
      if (entry === undefined) return; // not listed: already deleted (a tombstone) or never there
      if (entry.status !== "ok") {
        await this.deps.store.remove(key);
        this.forget(key);
        return;
      }
      const now = this.deps.now();
      const { entry: current } = await this.readKey(key, now);
      if (current === undefined || current.status === "deleted") {
        if (current) this.note(current);
        else this.forget(key);
        this.sort();
        return; // already gone
      }
      if (current.status !== "ok" || revisionOf(current.scenario) !== this.seen.get(key)) {
        this.note(current);
        this.sort();
        throw new SaveConflict(
          `Not deleted: "${entry.scenario.name}" was changed in another pane or window. The list shows the stored version: delete again if you still want to.`,
          "changed",
          current.status === "ok" ? current.scenario : undefined
        );
      }
      const tombstone: Tombstone = {
        schemaVersion: SCHEMA_VERSION,
        id: current.scenario.id,
        deleted: true,
        revision: revisionOf(current.scenario) + 1,
        deletedAt: now,
      };
      const text = JSON.stringify(tombstone);
      try {
        await this.deps.store.write(key, text);
      } catch (e) {
        let landed = false;
        try {
          landed = (await this.deps.store.read(key)) === text;
        } catch {
          landed = false;
        }
        if (!landed) throw new Error(`Not deleted: ${(e as Error).message}`);
      }
      this.note({ status: "deleted", key, tombstone });
    });
  }

  /**
   * The export: every readable scenario, every newer-version record as it is stored, and every unreadable
   * value with its reason — nothing the workbook holds is left out.
   */
  exportJson(): string {
    const scenarios: Array<Scenario | Record<string, unknown>> = [];
    const unreadable: NonNullable<ExportFile["unreadable"]> = [];
    for (const e of this.entries) {
      if (e.status === "ok") scenarios.push(e.scenario);
      else if (e.status === "newer") scenarios.push(e.json);
      else unreadable.push({ key: e.key, error: e.error, raw: e.raw });
    }
    return JSON.stringify(buildExport(scenarios, this.deps.now(), unreadable), null, 2);
  }

  /** Imports an export file: every valid scenario is saved under a fresh id (existing ones are kept). */
  async importJson(text: string): Promise<ImportResult> {
    const parsed = parseExport(text, this.deps.newId, this.deps.now());
    const saved: Scenario[] = [];
    for (const s of parsed.scenarios)
      saved.push(await this.save({ name: s.name, template: s.template, inputs: s.inputs }));
    return { ...parsed, scenarios: saved };
  }

  /** One key read fresh: its decoded entry, and the stored JSON as it is (undefined when absent). */
  private async readKey(
    key: string,
    now: string
  ): Promise<{ entry: StoredEntry | undefined; json: unknown }> {
    const value = await this.deps.store.read(key);
    if (value === undefined || value === null) return { entry: undefined, json: undefined };
    let json: unknown = value;
    try {
      if (typeof value === "string") json = JSON.parse(value);
    } catch {
      json = undefined;
    }
    return { entry: decodeStored(key, value, this.deps.newId, now), json };
  }

  /** Puts a decoded stored value into the view (a tombstone removes the entry) and remembers its revision. */
  private note(d: StoredEntry) {
    if (d.status === "deleted") {
      this.seen.set(d.key, d.tombstone.revision);
      this.entries = this.entries.filter((e) => e.key !== d.key);
      return;
    }
    if (d.status === "ok") this.seen.set(d.key, revisionOf(d.scenario));
    else this.seen.delete(d.key);
    const i = this.entries.findIndex((e) => e.key === d.key);
    if (i >= 0) this.entries[i] = d;
    else this.entries.push(d);
  }

  private forget(key: string) {
    this.seen.delete(key);
    this.entries = this.entries.filter((e) => e.key !== key);
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
    async read(key) {
      return data.get(key);
    },
    async write(key, value) {
      data.set(key, value);
    },
    async remove(key) {
      data.delete(key);
    },
  };
}

/**
 * localStorage-backed store for the local preview (no workbook to save into). With `events` (the window),
 * changes made by another tab of the same origin are reported through the `storage` event.
 */
export function localStorageStore(
  storage: Storage,
  events?: Pick<Window, "addEventListener">
): KeyValuePort {
  return {
    async read(key) {
      return storage.getItem(key) ?? undefined;
    },
    async watch(onChange) {
      events?.addEventListener("storage", (e: StorageEvent) => {
        if (e.key === null || e.key.startsWith(KEY_PREFIX)) onChange();
      });
    },
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
