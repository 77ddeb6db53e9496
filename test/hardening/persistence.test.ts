/**
 * Scenario persistence under faults, through the real Excel storage path: ScenarioLibrary over
 * workbookSettingsStore (src/taskpane/excel.ts) on an office-addin-mock workbook (test/taskpane/office-mock.ts).
 * Extends test/taskpane/library.test.ts (memory store; unparseable JSON, schema failure, id mismatch, a v1
 * record, save bursts, export/import once) with seeded fault injection:
 * - every truncation of a stored record, and random hand edits of its JSON: listed in the pane's library
 *   state as corrupt with a reason and the raw text kept byte for byte; never dropped, never rewritten;
 * - stored older-schema (version 1) records: migrated on load and rewritten as version 2 on the next save;
 * - saving while another save is pending, with slow and failing workbook syncs: every successful save lands,
 *   a failed one is reported to its caller and does not block or lose the others;
 * - export → import → export round-trips names, templates and inputs exactly (random names and values);
 * - two panes on one workbook (issue #14 item 6): a stale edit or a stale delete is refused, not silent; a
 *   deletion is a tombstone that a stale save cannot resurrect; the other pane's changes are reloaded on
 *   settings.onSettingsChanged; a save that fails after Excel applied it is not retried into a duplicate; a
 *   record from a newer version is listed, never rewritten, and exported as it is.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { workbookSettingsStore, type SettingsRunner } from "../../src/taskpane/excel";
import {
  KEY_PREFIX,
  SCHEMA_VERSION,
  SaveConflict,
  SaveFailed,
  ScenarioLibrary,
  scenarioSchema,
  type Scenario,
} from "../../src/taskpane/library";
import {
  defaultInputs,
  TEMPLATE_IDS,
  type ScenarioInputs,
  type TemplateId,
} from "../../src/taskpane/scenarios";
import { mockWorkbook, type MockWorkbook } from "../taskpane/office-mock";

const SEED = Number(process.env.LEV_FUZZ_SEED ?? 20261125);
const NOW = "2026-11-25T06:00:00.000Z";
let faults = 0;

function libraryOn(wb: MockWorkbook, prefix = "id") {
  let n = 0;
  const run: SettingsRunner = (cb) => cb(wb.context);
  return new ScenarioLibrary({
    store: workbookSettingsStore(run),
    newId: () => `${prefix}${++n}`,
    now: () => NOW,
  });
}

/** A workbook holding one saved scenario per template; returns it and the stored JSON text by key. */
async function seeded(): Promise<{ wb: MockWorkbook; texts: Map<string, string> }> {
  const wb = mockWorkbook({ settings: { "other.addin.key": "kept" } });
  const lib = libraryOn(wb);
  for (const t of TEMPLATE_IDS)
    await lib.save({ name: `My ${t}`, template: t, inputs: defaultInputs(t) });
  const texts = new Map<string, string>();
  for (const [k, v] of wb.settings) if (k.startsWith(KEY_PREFIX)) texts.set(k, v as string);
  return { wb, texts };
}

/** Loads the workbook in a fresh library (a reopened file) and checks nothing was dropped or rewritten. */
async function reopenAndCheck(
  wb: MockWorkbook,
  faulty: string,
  faultyText: string,
  expectCorrupt: boolean
) {
  const before = new Map(wb.settings);
  const lib = libraryOn(wb, "re");
  const entries = await lib.load();
  const keys = [...before.keys()].filter((k) => k.startsWith(KEY_PREFIX));
  assert.deepEqual(
    entries.map((e) => e.key).sort(),
    keys.sort(),
    "every stored scenario is listed"
  );
  const e = entries.find((x) => x.key === faulty)!;
  if (expectCorrupt) {
    // unreadable, or (an edit that raised the schema version) a newer version's record: listed, kept
    assert.ok(
      e.status === "corrupt" || e.status === "newer",
      `expected corrupt for ${JSON.stringify(faultyText).slice(0, 80)}`
    );
    assert.ok(e.error.length > 0, "a reason is given");
    assert.equal(e.raw, faultyText, "the raw text is kept byte for byte");
  }
  for (const x of entries)
    if (x.key !== faulty)
      assert.equal(x.status, "ok", `${x.key}: ${x.status === "corrupt" ? x.error : ""}`);
  // Loading and saving something else never rewrites or deletes the faulty value.
  await lib.save({ name: "After the fault", template: "token", inputs: defaultInputs("token") });
  assert.equal(wb.settings.get(faulty), faultyText);
  assert.equal(wb.settings.get("other.addin.key"), "kept");
  assert.equal(wb.calls.filter((c) => c.method === "settings.delete").length, 0);
  return e;
}

describe("hardening: stored scenarios that are truncated or edited by hand are reported and kept", function () {
  this.timeout(120_000);

  it("every truncation of every template's stored record is listed as corrupt (not valid JSON) with its raw text, never dropped", async () => {
    const { texts } = await seeded();
    for (const [key, text] of texts) {
      // every cut point for the first record, a stride of cut points for the others (fast, still > 100 each)
      const stride = key === [...texts.keys()][0] ? 1 : Math.max(1, Math.floor(text.length / 100));
      for (let cut = 0; cut < text.length; cut += stride) {
        const { wb } = await seeded();
        const truncated = text.slice(0, cut);
        wb.settings.set(key, truncated);
        faults++;
        const e = await reopenAndCheck(wb, key, truncated, true);
        assert.ok(
          e.status === "corrupt" && /not valid JSON/.test(e.error),
          e.status === "corrupt" ? e.error : ""
        );
      }
    }
  });

  it("random hand edits of the JSON (seeded) never throw, never drop: each entry is ok (still valid) or corrupt with its raw text", async () => {
    const { texts } = await seeded();
    const keys = [...texts.keys()];
    const edit = fc.oneof(
      fc.tuple(fc.constant("delete"), fc.nat(), fc.constant("")),
      fc.tuple(
        fc.constant("insert"),
        fc.nat(),
        fc.constantFrom(
          "{",
          "}",
          "[",
          "]",
          ",",
          ":",
          '"',
          "'",
          "\\",
          "\u0000",
          "NaN",
          "//",
          "\u201c",
          " ",
          "0",
          "-",
          "e"
        )
      ),
      fc.tuple(
        fc.constant("replace"),
        fc.nat(),
        fc.constantFrom('"', "'", "\u201d", "x", "9", ",", "}", "\n")
      )
    );
    let corrupt = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...keys),
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        async (key, edits) => {
          let text = texts.get(key)!;
          for (const [op, at, s] of edits) {
            const i = text.length === 0 ? 0 : at % (text.length + (op === "insert" ? 1 : 0));
            text =
              op === "delete"
                ? text.slice(0, i) + text.slice(i + 1)
                : op === "insert"
                  ? text.slice(0, i) + s + text.slice(i)
                  : text.slice(0, i) + s + text.slice(i + 1);
          }
          const { wb } = await seeded();
          wb.settings.set(key, text);
          faults++;
          const stillValid = (() => {
            try {
              const j = JSON.parse(text);
              return scenarioSchema.safeParse(j).success && KEY_PREFIX + j.id === key;
            } catch {
              return false;
            }
          })();
          const e = await reopenAndCheck(wb, key, text, !stillValid);
          if (e.status !== "ok") corrupt++;
        }
      ),
      { numRuns: 300, seed: SEED }
    );
    assert.ok(corrupt > 200, `most edits corrupt the record (${corrupt} of 300)`);
  });

  it("valid JSON edited to a wrong value, a missing or extra field is corrupt with the reason naming the field; a newer schema is listed as newer", async () => {
    const { texts } = await seeded();
    const [key, text] = [...texts].find(([, t]) => JSON.parse(t).template === "token")!;
    const base = JSON.parse(text) as Scenario & Record<string, unknown>;
    const cases: [string, (s: typeof base) => unknown, RegExp][] = [
      [
        "leverage typed as text",
        (s) => ({ ...s, inputs: { ...s.inputs, leverage: "three" } }),
        /inputs\.leverage/,
      ],
      // (with classic zod loaded in the same process, its English locale words it "Invalid input: expected string")
      [
        "name typed as a number",
        (s) => ({ ...s, name: 5 }),
        /name: (Invalid input: )?expected string/,
      ],
      [
        "volatility negative",
        (s) => ({ ...s, inputs: { ...s.inputs, volatility: -1 } }),
        /inputs\.volatility/,
      ],
      ["name removed", (s) => ({ ...s, name: undefined }), /name/],
      ["unknown field", (s) => ({ ...s, owner: "me" }), /unknown field "owner"/],
      [
        "newer schema version",
        (s) => ({ ...s, schemaVersion: SCHEMA_VERSION + 1 }),
        /newer version of the add-in \(schema 3/,
      ],
      ["unknown template", (s) => ({ ...s, template: "swap" }), /template/],
      ["a JSON array", () => [base], /expected object|Invalid input/i],
      ["JSON null", () => null, /./],
    ];
    for (const [what, mutate, reason] of cases) {
      const { wb } = await seeded();
      const edited = JSON.stringify(mutate(base));
      wb.settings.set(key, edited);
      faults++;
      const e = await reopenAndCheck(wb, key, edited, true);
      assert.ok(
        e.status === (what === "newer schema version" ? "newer" : "corrupt") &&
          reason.test(e.error),
        `${what}: ${e.status !== "ok" ? `${e.status}: ${e.error}` : "ok"}`
      );
    }
  });
});

describe("hardening: older-schema records in the workbook are migrated, and rewritten on save", () => {
  it("a version-1 perp record (side -1, no envelope) loads as a short, and saving it writes a version-2 record under the same key", async () => {
    const wb = mockWorkbook();
    const params = { ...defaultInputs("perp"), side: -1 };
    const key = `${KEY_PREFIX}legacy1`;
    wb.settings.set(key, JSON.stringify({ name: "Old short", kind: "perp", params }));
    faults++;
    const lib = libraryOn(wb);
    const [e] = await lib.load();
    assert.equal(e.status, "ok");
    if (e.status !== "ok") return;
    assert.equal(e.scenario.id, "legacy1");
    assert.equal(e.scenario.inputs.side, "short");
    await lib.save({
      id: "legacy1",
      name: e.scenario.name,
      template: "perp",
      inputs: e.scenario.inputs,
    });
    const stored = JSON.parse(wb.settings.get(key) as string);
    assert.equal(stored.schemaVersion, SCHEMA_VERSION);
    assert.equal(stored.inputs.side, "short");
    const [again] = await libraryOn(wb, "x").load();
    assert.ok(again.status === "ok" && again.scenario.id === "legacy1");
  });

  it("a version-1 record whose migrated inputs are invalid is kept as corrupt with the reason", async () => {
    const wb = mockWorkbook({ settings: { "other.addin.key": "kept" } });
    const key = `${KEY_PREFIX}legacy2`;
    const text = JSON.stringify({
      name: "Old token",
      kind: "token",
      params: { ...defaultInputs("token"), leverage: 0 },
    });
    wb.settings.set(key, text);
    faults++;
    const e = await reopenAndCheck(wb, key, text, true);
    assert.ok(e.status === "corrupt" && /leverage/.test(e.error));
  });
});

describe("hardening: saving while another save is pending, with slow and failing workbook syncs", function () {
  this.timeout(60_000);

  it("property: random slow syncs and one failing sync — every other save lands with its last edit, the failed one rejects and is not listed", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.constantFrom<TemplateId>(...TEMPLATE_IDS), fc.integer({ min: 0, max: 3 })),
          { minLength: 2, maxLength: 8 }
        ),
        fc.nat(),
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 20, maxLength: 20 }),
        async (ops, failAt, delays) => {
          const wb = mockWorkbook();
          const sync = wb.context.sync.bind(wb.context);
          let syncs = 0;
          let addsSeen = 0;
          const failingAdd = failAt % ops.length;
          const origAdd = wb.context.workbook.settings.add;
          wb.context.workbook.settings.add = (k: string, v: string) => {
            if (addsSeen++ === failingAdd)
              throw new Error("InvalidOperation: the workbook is busy (injected)");
            return origAdd(k, v);
          };
          wb.context.sync = async () => {
            await new Promise((r) => setTimeout(r, delays[syncs++ % delays.length]));
            return sync();
          };
          faults++;
          const lib = libraryOn(wb);
          // Issue every save at once (none awaited): each op edits one of up to 4 scenario slots.
          const slotIds: (string | undefined)[] = [];
          const results = await Promise.allSettled(
            ops.map(([t, slot], i) =>
              lib
                .save({
                  id: `slot${slot}`,
                  name: `Slot ${slot} v${i}`,
                  template: t,
                  inputs: defaultInputs(t),
                })
                .then((s) => ((slotIds[slot] = s.id), s))
            )
          );
          assert.equal(
            results.filter((r) => r.status === "rejected").length,
            1,
            "exactly the injected failure is reported"
          );
          const failed = results.findIndex((r) => r.status === "rejected");
          assert.equal(failed, failingAdd);
          assert.match(String((results[failed] as PromiseRejectedResult).reason), /injected/);
          // The last successful edit of each slot is what the workbook holds and what a reopened library lists.
          const lastOk = new Map<number, string>();
          ops.forEach(([, slot], i) => {
            if (i !== failed) lastOk.set(slot, `Slot ${slot} v${i}`);
          });
          wb.context.sync = sync;
          wb.context.workbook.settings.add = origAdd;
          const reopened = await libraryOn(wb, "r").load();
          assert.deepEqual(
            reopened.map((e) => (e.status === "ok" ? e.scenario.name : e.error)).sort(),
            [...lastOk.values()].sort()
          );
          assert.deepEqual(
            lib
              .list()
              .map((e) => (e.status === "ok" ? e.scenario.name : ""))
              .sort(),
            [...lastOk.values()].sort(),
            "the pane's library state matches the workbook"
          );
        }
      ),
      { numRuns: 60, seed: SEED }
    );
  });
});

describe("hardening: two panes on one workbook, and saves that fail after Excel applied them (issue #14 item 6)", function () {
  this.timeout(30_000);
  const token = (name: string, leverage = 3) => ({
    name,
    template: "token" as const,
    inputs: { ...defaultInputs("token"), leverage },
  });
  /** Two panes (two libraries) on the same workbook, both having loaded a scenario saved by pane A. */
  async function twoPanes() {
    const wb = mockWorkbook();
    const a = libraryOn(wb, "a");
    const b = libraryOn(wb, "b");
    const s = await a.save(token("Shared"));
    await b.load();
    return { wb, a, b, s, key: KEY_PREFIX + s.id };
  }
  const stored = (wb: MockWorkbook, key: string) => JSON.parse(wb.settings.get(key) as string);

  it("two panes edit one scenario: the second save is refused with the revisions (not silent), the workbook keeps the first edit, the second survives as a copy", async () => {
    const { wb, a, b, s, key } = await twoPanes();
    assert.equal(s.revision, 1);
    const editA = await a.save({ id: s.id, baseRevision: 1, ...token("Shared", 4) });
    assert.equal(editA.revision, 2);
    faults++;
    await assert.rejects(
      b.save({ id: s.id, baseRevision: 1, ...token("Shared", 5) }),
      (e: unknown) =>
        e instanceof SaveConflict &&
        e.reason === "changed" &&
        /changed in another pane or window \(now revision 2; your edits started from revision 1\)/.test(
          e.message
        ) &&
        e.current?.inputs.leverage === 4
    );
    assert.equal(stored(wb, key).inputs.leverage, 4, "pane A's edit is kept");
    assert.equal(stored(wb, key).revision, 2);
    // pane B's list now shows what the workbook holds, and its edit can be kept as a new scenario
    assert.equal(b.get(s.id)?.inputs.leverage, 4);
    const copy = await b.save(token("Shared (B)", 5));
    assert.notEqual(copy.id, s.id);
    assert.deepEqual(
      (await libraryOn(wb, "r").load()).map((e) => e.status === "ok" && e.scenario.inputs.leverage),
      [4, 5]
    );
    // pane B, having seen revision 2 after the refusal, may now edit it
    const editB = await b.save({ id: s.id, baseRevision: 2, ...token("Shared", 6) });
    assert.equal(editB.revision, 3);
  });

  it("a stale save cannot resurrect a scenario the other pane deleted: the delete is a tombstone, the save is refused", async () => {
    const { wb, a, b, s, key } = await twoPanes();
    await a.remove(key);
    const t = stored(wb, key);
    assert.deepEqual(
      { deleted: t.deleted, revision: t.revision, id: t.id },
      { deleted: true, revision: 2, id: s.id }
    );
    assert.equal(a.list().length, 0);
    faults++;
    await assert.rejects(
      b.save({ id: s.id, baseRevision: 1, ...token("Shared", 5) }),
      (e: unknown) =>
        e instanceof SaveConflict &&
        e.reason === "deleted" &&
        /deleted in another pane or window/.test(e.message)
    );
    assert.equal(stored(wb, key).deleted, true, "the tombstone stays");
    assert.equal(b.list().length, 0, "pane B's list drops it");
    // a queued save of pane B that names no revision is refused the same way
    await assert.rejects(b.save({ id: s.id, ...token("Shared", 5) }), SaveConflict);
    // reopening lists nothing; exports hold nothing of it
    const reopened = libraryOn(wb, "r");
    assert.deepEqual(await reopened.load(), []);
    assert.deepEqual(JSON.parse(reopened.exportJson()).scenarios, []);
  });

  it("a delete from a stale list is refused when the other pane changed the scenario; the list then shows the stored version", async () => {
    const { wb, a, b, s, key } = await twoPanes();
    await a.save({ id: s.id, baseRevision: 1, ...token("Shared", 4) });
    faults++;
    await assert.rejects(
      b.remove(key),
      (e: unknown) =>
        e instanceof SaveConflict && /Not deleted: "Shared" was changed/.test(e.message)
    );
    assert.equal(stored(wb, key).inputs.leverage, 4);
    assert.equal(b.get(s.id)?.revision, 2);
    await b.remove(key); // the analyst confirms again on the fresh list
    assert.equal(stored(wb, key).deleted, true);
  });

  it("settings.onSettingsChanged: the library listens, and the other pane's saves, edits and deletes appear on the event", async () => {
    const { wb, a, b, s, key } = await twoPanes();
    let reloads = 0;
    await b.watch(() => reloads++);
    assert.equal(wb.calls.filter((c) => c.method === "settings.onSettingsChanged.add").length, 1);
    await a.save({ id: s.id, baseRevision: 1, ...token("Renamed by A", 4) });
    await a.save(token("New from A"));
    await wb.fireSettingsChanged();
    await b.load(); // the reload is queued behind nothing else: wait for it through the chain
    assert.ok(reloads >= 1);
    assert.deepEqual(
      b.list().map((e) => e.status === "ok" && e.scenario.name),
      ["New from A", "Renamed by A"]
    );
    assert.equal(b.get(s.id)?.revision, 2);
    await a.remove(key);
    await wb.fireSettingsChanged();
    await b.load();
    assert.deepEqual(
      b.list().map((e) => e.status === "ok" && e.scenario.name),
      ["New from A"]
    );
  });

  it("a save whose sync fails after Excel applied it is read back and reported saved; saving again writes no duplicate", async () => {
    const wb = mockWorkbook();
    const lib = libraryOn(wb);
    const sync = wb.context.sync.bind(wb.context);
    let failNext = true;
    // Excel applied settings.add, then the sync's answer was lost
    wb.context.sync = async () => {
      await sync();
      if (wb.calls.some((c) => c.method === "settings.add") && failNext) {
        failNext = false;
        throw new Error("RichApi.Error: the request timed out (injected, after the write)");
      }
    };
    faults++;
    const saved = await lib.save(token("Survivor"));
    assert.equal(saved.revision, 1);
    assert.equal([...wb.settings.keys()].length, 1);
    // the analyst, unsure, presses Save again: same record, same key, one scenario
    const again = await lib.save({ id: saved.id, baseRevision: 1, ...token("Survivor") });
    assert.equal(again.id, saved.id);
    assert.equal([...wb.settings.keys()].length, 1);
    assert.deepEqual(
      (await libraryOn(wb, "r").load()).map((e) => e.status === "ok" && e.scenario.name),
      ["Survivor"]
    );
  });

  it("a new save that fails before Excel applied it rejects with its id; saving again under that id writes it once", async () => {
    const wb = mockWorkbook();
    const lib = libraryOn(wb);
    const origAdd = wb.context.workbook.settings.add;
    wb.context.workbook.settings.add = () => {
      throw new Error("InvalidOperation: the workbook is busy (injected, before the write)");
    };
    faults++;
    let id = "";
    await assert.rejects(lib.save(token("Retry me")), (e: unknown) => {
      if (!(e instanceof SaveFailed)) return false;
      id = e.id;
      return /saving again writes this scenario, never a second copy/.test(e.message);
    });
    assert.equal(wb.settings.size, 0);
    wb.context.workbook.settings.add = origAdd;
    // the pane saves again under the id it was given (a new scenario: no revision yet)
    const saved = await lib.save({ id, ...token("Retry me") });
    assert.equal(saved.id, id);
    // a third press (e.g. a double click) finds the same content and writes nothing
    const adds = wb.calls.filter((c) => c.method === "settings.add").length;
    const third = await lib.save({ id, ...token("Retry me") });
    assert.equal(third.revision, 1);
    assert.equal(wb.calls.filter((c) => c.method === "settings.add").length, adds);
    assert.equal(wb.settings.size, 1);
  });

  it("a record from a newer version is listed, never rewritten, and exported as it is; unreadable values are exported with their reason", async () => {
    const wb = mockWorkbook();
    const a = libraryOn(wb);
    await a.save(token("Current"));
    const newer = {
      schemaVersion: SCHEMA_VERSION + 1,
      id: "future1",
      name: "From the future",
      template: "swap",
      legs: [{ notional: 1e6 }],
    };
    const newerText = JSON.stringify(newer);
    wb.settings.set(`${KEY_PREFIX}future1`, newerText);
    wb.settings.set(`${KEY_PREFIX}broken`, "{not json");
    faults++;
    const b = libraryOn(wb, "b");
    const entries = await b.load();
    const e = entries.find((x) => x.key === `${KEY_PREFIX}future1`)!;
    assert.equal(e.status, "newer");
    assert.ok(e.status === "newer" && e.name === "From the future" && e.schemaVersion === 3);
    await b.save(token("Another"));
    assert.equal(wb.settings.get(`${KEY_PREFIX}future1`), newerText, "never rewritten");
    const exported = JSON.parse(b.exportJson());
    assert.deepEqual(
      exported.scenarios.find((x: { id: string }) => x.id === "future1"),
      newer,
      "exported exactly as stored"
    );
    assert.equal(exported.scenarios.length, 3);
    assert.deepEqual(exported.unreadable, [
      {
        key: `${KEY_PREFIX}broken`,
        error: exported.unreadable[0].error,
        raw: "{not json",
      },
    ]);
    // this version importing that export names the newer record and why, and imports the rest
    const c = libraryOn(mockWorkbook(), "c");
    const r = await c.importJson(b.exportJson());
    assert.equal(r.scenarios.length, 2);
    assert.deepEqual(r.rejected.length, 1);
    assert.match(
      r.rejected[0],
      /"From the future": saved by a newer version of the add-in \(schema 3; this one reads up to 2\)/
    );
  });
});

describe("hardening: export → import → export round-trips exactly", function () {
  this.timeout(60_000);
  const scale = fc.double({ min: 0.5, max: 1.5, noNaN: true });
  /** Default inputs with every plain number scaled (kept only if the template still accepts them). */
  const inputsArb = (t: TemplateId) =>
    fc.array(scale, { minLength: 20, maxLength: 20 }).map((ks) => {
      const d = defaultInputs(t);
      let i = 0;
      const tweaked: ScenarioInputs = {};
      for (const [k, v] of Object.entries(d))
        tweaked[k] = typeof v === "number" && !Number.isInteger(v) ? v * ks[i++ % ks.length] : v;
      return scenarioSchema.safeParse({
        schemaVersion: 2,
        id: "x",
        name: "x",
        template: t,
        inputs: tweaked,
        createdAt: NOW,
        updatedAt: NOW,
      }).success
        ? tweaked
        : d;
    });
  const nameArb = fc
    .string({ minLength: 1, maxLength: 40 })
    .filter((s) => s.trim().length > 0)
    .map((s) => s.trim());
  const scenarioArb = fc
    .constantFrom<TemplateId>(...TEMPLATE_IDS)
    .chain((t) => fc.record({ template: fc.constant(t), name: nameArb, inputs: inputsArb(t) }));

  it("property: names (any text), templates and inputs (any floats the template accepts) survive two exports and an import unchanged", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(scenarioArb, { minLength: 1, maxLength: 6 }), async (items) => {
        const a = libraryOn(mockWorkbook(), "a");
        for (const s of items) await a.save(s);
        const first = a.exportJson();
        const b = libraryOn(mockWorkbook(), "b");
        const imported = await b.importJson(first);
        assert.deepEqual(imported.rejected, []);
        const second = b.exportJson();
        const strip = (text: string) =>
          (JSON.parse(text).scenarios as Scenario[])
            .map(({ name, template, inputs }) => ({ name, template, inputs }))
            .sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
        assert.deepEqual(strip(second), strip(first));
        const want = items
          .map(({ name, template, inputs }) => ({ name, template, inputs }))
          .sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
        assert.deepEqual(strip(first), want);
        // A third library importing the second export gives byte-identical scenarios after ids are renamed.
        const c = libraryOn(mockWorkbook(), "b");
        await c.importJson(first);
        assert.equal(c.exportJson(), second);
      }),
      { numRuns: 60, seed: SEED }
    );
  });

  after(() => {
    if (!process.env.LEV_FUZZ_QUIET) console.log(`  persistence faults injected: ${faults}`);
  });
});
