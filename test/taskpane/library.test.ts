// Scenario library: versioned records, migration, corrupt data kept, export/import, save queue.
import { strict as assert } from "assert";
import fc from "fast-check";
import {
  KEY_PREFIX,
  SCHEMA_VERSION,
  ScenarioLibrary,
  decodeStored,
  memoryStore,
  parseExport,
  uniqueName,
  type KeyValuePort,
} from "../../src/taskpane/library";
import { computePreview } from "../../src/taskpane/preview";
import { defaultInputs } from "../../src/taskpane/scenarios";

const NOW = "2026-11-25T05:00:00.000Z";
function ids() {
  let n = 0;
  return () => `id${++n}`;
}
const lib = (store: KeyValuePort = memoryStore()) =>
  new ScenarioLibrary({ store, newId: ids(), now: () => NOW });

/** A store whose writes finish after a random delay, in a different order than they were issued. */
function slowStore(seed: number) {
  const base = memoryStore();
  let s = seed;
  const delay = () =>
    new Promise((r) => setTimeout(r, (s = (s * 1103515245 + 12345) % 2147483648) % 7));
  return {
    ...base,
    async write(key: string, value: string) {
      await delay();
      return base.write(key, value);
    },
  };
}

describe("taskpane library: saving and listing", () => {
  it("a saved scenario round-trips through the store with schema version, id and timestamps", async () => {
    const store = memoryStore();
    const a = lib(store);
    const s = await a.save({ name: "Token A", template: "token", inputs: defaultInputs("token") });
    assert.equal(s.schemaVersion, SCHEMA_VERSION);
    assert.equal(s.createdAt, NOW);
    const b = lib(store);
    const entries = await b.load();
    assert.equal(entries.length, 1);
    assert.equal(entries[0].status, "ok");
    assert.deepEqual(entries[0].status === "ok" && entries[0].scenario, s);
  });

  it("an invalid scenario is not saved and the message names the field", async () => {
    const store = memoryStore();
    const a = lib(store);
    await assert.rejects(
      a.save({
        name: "Bad",
        template: "token",
        inputs: { ...defaultInputs("token"), volatility: -0.2 },
      }),
      /inputs\.volatility: Must be at least 0/
    );
    assert.equal(store.data.size, 0);
  });

  it("editing keeps id and createdAt; duplicate gets a new id and a '(copy)' name", async () => {
    let t = 0;
    const store = memoryStore();
    const a = new ScenarioLibrary({
      store,
      newId: ids(),
      now: () => `2026-11-25T05:00:0${t++}.000Z`,
    });
    const s = await a.save({ name: "CPPI", template: "cppi", inputs: defaultInputs("cppi") });
    const edited = await a.save({
      id: s.id,
      name: "CPPI",
      template: "cppi",
      inputs: { ...defaultInputs("cppi"), multiplier: 5 },
    });
    assert.equal(edited.id, s.id);
    assert.equal(edited.createdAt, s.createdAt);
    assert.notEqual(edited.updatedAt, s.updatedAt);
    const copy = await a.duplicate(s.id);
    assert.notEqual(copy.id, s.id);
    assert.equal(copy.name, "CPPI (copy)");
    assert.equal(copy.inputs.multiplier, 5);
    assert.equal(store.data.size, 2);
    const copy2 = await a.duplicate(s.id);
    assert.equal(copy2.name, "CPPI (copy) 2");
  });

  it("two saves issued while the first is still pending both land (slow store, writes finishing out of order)", async () => {
    const store = slowStore(7);
    const a = lib(store);
    const p1 = a.save({ name: "One", template: "lending", inputs: defaultInputs("lending") });
    const p2 = a.save({ name: "Two", template: "perp", inputs: defaultInputs("perp") });
    await Promise.all([p1, p2]);
    assert.equal(store.data.size, 2);
    const reread = await lib(store).load();
    assert.deepEqual(
      reread.map((e) => e.status === "ok" && e.scenario.name),
      ["One", "Two"]
    );
  });

  it("property: any burst of concurrent saves and edits leaves every scenario stored with its last edit (seeded)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 4 }), fc.double({ min: 1, max: 9, noNaN: true })),
          { minLength: 1, maxLength: 12 }
        ),
        fc.integer({ min: 1, max: 1000 }),
        async (ops, seed) => {
          const store = slowStore(seed);
          const a = lib(store);
          const created = await Promise.all(
            [0, 1, 2, 3, 4].map((i) =>
              a.save({ name: `S${i}`, template: "cppi", inputs: defaultInputs("cppi") })
            )
          );
          const last = new Map<string, number>();
          await Promise.all(
            ops.map(([i, m]) => {
              last.set(created[i].id, m);
              return a.save({
                id: created[i].id,
                name: `S${i}`,
                template: "cppi",
                inputs: { ...defaultInputs("cppi"), multiplier: m },
              });
            })
          );
          const reread = await lib(store).load();
          assert.equal(reread.length, 5);
          for (const e of reread) {
            assert.equal(e.status, "ok");
            if (e.status === "ok" && last.has(e.scenario.id))
              assert.equal(e.scenario.inputs.multiplier, last.get(e.scenario.id));
          }
        }
      ),
      { seed: 20261125, numRuns: 25 }
    );
  });
});

describe("taskpane library: corrupt stored data", () => {
  it("unparseable JSON, a failing schema and a mismatched id are listed as corrupt with the reason, and never removed by load", async () => {
    const good = JSON.stringify({
      schemaVersion: 2,
      id: "ok1",
      name: "Good",
      template: "lending",
      inputs: defaultInputs("lending"),
      createdAt: NOW,
      updatedAt: NOW,
    });
    const store = memoryStore({
      [KEY_PREFIX + "ok1"]: good,
      [KEY_PREFIX + "broken"]: "{not json",
      [KEY_PREFIX + "neg"]: JSON.stringify({
        schemaVersion: 2,
        id: "neg",
        name: "Neg",
        template: "lending",
        inputs: { ...defaultInputs("lending"), deposit: -5 },
        createdAt: NOW,
        updatedAt: NOW,
      }),
      [KEY_PREFIX + "moved"]: good,
      "unrelated.key": "whatever",
    });
    const entries = await lib(store).load();
    const byKey = new Map(entries.map((e) => [e.key, e]));
    assert.equal(byKey.get(KEY_PREFIX + "ok1")!.status, "ok");
    const broken = byKey.get(KEY_PREFIX + "broken")!;
    assert.equal(broken.status, "corrupt");
    assert.match(broken.status === "corrupt" ? broken.error : "", /not valid JSON/);
    assert.equal(broken.status === "corrupt" && broken.raw, "{not json");
    const neg = byKey.get(KEY_PREFIX + "neg")!;
    assert.match(
      neg.status === "corrupt" ? neg.error : "",
      /inputs\.deposit: Must be greater than 0/
    );
    const moved = byKey.get(KEY_PREFIX + "moved")!;
    assert.match(moved.status === "corrupt" ? moved.error : "", /does not match its key/);
    assert.equal(entries.length, 4, "the unrelated setting is not listed");
    assert.equal(store.data.size, 5, "nothing was deleted");
  });

  it("deleting a scenario writes a tombstone (revision + 1) that load skips; deleting it twice is a no-op", async () => {
    const store = memoryStore();
    const a = lib(store);
    const s = await a.save({ name: "Gone", template: "cppi", inputs: defaultInputs("cppi") });
    await a.remove(KEY_PREFIX + s.id);
    await a.remove(KEY_PREFIX + s.id);
    assert.deepEqual(JSON.parse(store.data.get(KEY_PREFIX + s.id) as string), {
      schemaVersion: SCHEMA_VERSION,
      id: s.id,
      deleted: true,
      revision: 2,
      deletedAt: NOW,
    });
    assert.deepEqual(await lib(store).load(), []);
  });

  it("a record of a newer schema is a 'newer' entry with its name, not a corrupt one", () => {
    const e = decodeStored(
      KEY_PREFIX + "n",
      JSON.stringify({ schemaVersion: 7, id: "n", name: "Later" }),
      ids(),
      NOW
    );
    assert.equal(e.status, "newer");
    assert.ok(e.status === "newer" && e.name === "Later" && /schema 7/.test(e.error));
  });

  it("a corrupt entry is deleted only on request", async () => {
    const store = memoryStore({ [KEY_PREFIX + "x"]: "garbage" });
    const a = lib(store);
    await a.load();
    await a.remove(KEY_PREFIX + "x");
    assert.equal(store.data.size, 0);
    assert.equal(a.list().length, 0);
  });

  it("a stored object (not a string) is decoded too", () => {
    const e = decodeStored(
      KEY_PREFIX + "o",
      {
        schemaVersion: 2,
        id: "o",
        name: "Obj",
        template: "lending",
        inputs: defaultInputs("lending"),
        createdAt: NOW,
        updatedAt: NOW,
      },
      ids(),
      NOW
    );
    assert.equal(e.status, "ok");
  });

  it("a stored version-1 record is migrated in memory (perp side 1 → long)", () => {
    const v1 = { name: "Old perp", kind: "perp", params: { ...defaultInputs("perp"), side: -1 } };
    const e = decodeStored(KEY_PREFIX + "old", JSON.stringify(v1), ids(), NOW);
    assert.equal(e.status, "ok");
    assert.equal(e.status === "ok" && e.scenario.inputs.side, "short");
    assert.equal(e.status === "ok" && e.scenario.id, "old");
  });
});

describe("taskpane library: JSON export and import", () => {
  it("export then import into another workbook reproduces the scenarios under fresh ids", async () => {
    const a = lib();
    await a.save({ name: "T", template: "token", inputs: defaultInputs("token") });
    await a.save({ name: "P", template: "perp", inputs: defaultInputs("perp") });
    const text = a.exportJson();
    const json = JSON.parse(text);
    assert.equal(json.schemaVersion, SCHEMA_VERSION);
    assert.equal(json.kind, "lev-scenarios");
    const store = memoryStore();
    const b = new ScenarioLibrary({
      store,
      newId: () => "z" + Math.random().toString(36).slice(2, 8),
      now: () => NOW,
    });
    const r = await b.importJson(text);
    assert.equal(r.scenarios.length, 2);
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(
      b.list().map((e) => e.status === "ok" && [e.scenario.name, e.scenario.template]),
      [
        ["P", "perp"],
        ["T", "token"],
      ]
    );
    assert.deepEqual(r.scenarios.find((s) => s.name === "P")!.inputs, defaultInputs("perp"));
  });

  it("a version-1 file is migrated; the result says so", () => {
    const v1 = JSON.stringify({
      version: 1,
      scenarios: [{ name: "Old", kind: "perp", params: { ...defaultInputs("perp"), side: 1 } }],
    });
    const r = parseExport(v1, ids(), NOW);
    assert.equal(r.migratedFrom, 1);
    assert.equal(r.scenarios[0].inputs.side, "long");
    assert.equal(r.scenarios[0].schemaVersion, 2);
  });

  it("invalid scenarios inside a valid file are reported by position and name, valid ones kept", () => {
    const text = JSON.stringify({
      schemaVersion: 2,
      kind: "lev-scenarios",
      scenarios: [
        {
          schemaVersion: 2,
          id: "a",
          name: "Fine",
          template: "lending",
          inputs: defaultInputs("lending"),
          createdAt: NOW,
          updatedAt: NOW,
        },
        {
          schemaVersion: 2,
          id: "b",
          name: "Band wrong",
          template: "band",
          inputs: { ...defaultInputs("band"), band_low: 3.5 },
          createdAt: NOW,
          updatedAt: NOW,
        },
      ],
    });
    const r = parseExport(text, ids(), NOW);
    assert.equal(r.scenarios.length, 1);
    assert.equal(r.rejected.length, 1);
    assert.match(
      r.rejected[0],
      /^Scenario 2 "Band wrong": inputs\.band_low: Band low must be below the target leverage/
    );
  });

  it("not JSON, not an export, and a newer schema are refused with a reason", () => {
    assert.throws(() => parseExport("nope", ids(), NOW), /Not a JSON file/);
    assert.throws(
      () => parseExport(JSON.stringify({ hello: 1 }), ids(), NOW),
      /Not a LEV scenario export/
    );
    assert.throws(
      () =>
        parseExport(
          JSON.stringify({ schemaVersion: 9, kind: "lev-scenarios", scenarios: [] }),
          ids(),
          NOW
        ),
      /newer version of the add-in \(schema 9/
    );
  });

  it("uniqueName appends the first free number, case-insensitively", () => {
    assert.equal(uniqueName("A", []), "A");
    assert.equal(uniqueName("A", ["a"]), "A 2");
    assert.equal(uniqueName("A", ["A", "a 2"]), "A 3");
  });
});

describe("taskpane library: records saved by earlier releases of a template", () => {
  /** The first release's lending record: one position (quantity, price, debt, threshold), no loop. */
  const OLD_LENDING = {
    underlying: "ETH",
    collateral_quantity: 10,
    collateral_price: 3000,
    debt_value: 15000,
    liquidation_threshold: 0.825,
  };
  const record = (template: string, inputs: object, id = "old") =>
    JSON.stringify({
      schemaVersion: 2,
      id,
      name: "Old",
      template,
      inputs,
      createdAt: NOW,
      updatedAt: NOW,
    });

  it("an old lending record loads as the same position sized by its leverage: health factor and liquidation price unchanged", () => {
    const e = decodeStored(KEY_PREFIX + "old", record("lending", OLD_LENDING), ids(), NOW);
    assert.equal(e.status, "ok", e.status === "corrupt" ? e.error : "");
    const inputs = e.status === "ok" ? e.scenario.inputs : {};
    assert.equal(inputs.sizing, "leverage");
    assert.equal(inputs.target_leverage, 2); // 30,000 of collateral on 15,000 of equity
    assert.equal(inputs.deposit, 5);
    assert.equal(inputs.collateral_price, 3000);
    assert.equal(inputs.liquidation_threshold, 0.825);
    assert.equal("debt_value" in inputs, false);
    const p = computePreview("lending", inputs);
    const value = (label: string) => p.metrics.find((m) => m.label.startsWith(label))!.value!;
    // the old template's numbers: LEV.HEALTH(30000, 0.825, 15000), LEV.LIQ.LENDING(10, 0.825, 15000)
    assert.ok(Math.abs(value("Health factor") - 1.65) < 1e-12);
    assert.ok(Math.abs(value("Liquidation price of the collateral") - 15000 / 8.25) < 1e-9);
    assert.ok(Math.abs(value("Debt") - 15000) < 1e-9);
    assert.ok(Math.abs(value("Collateral supplied") - 10) < 1e-12);
  });

  it("a highly levered old lending record gets an LTV that reaches its leverage", () => {
    const e = decodeStored(
      KEY_PREFIX + "old",
      record("lending", { ...OLD_LENDING, debt_value: 27000, liquidation_threshold: 0.95 }),
      ids(),
      NOW
    );
    assert.equal(e.status, "ok", e.status === "corrupt" ? e.error : "");
    const inputs = e.status === "ok" ? e.scenario.inputs : {};
    assert.ok(Math.abs((inputs.target_leverage as number) - 10) < 1e-12);
    assert.ok(Math.abs((inputs.ltv as number) - 0.9) < 1e-12);
  });

  it("an old lending record is rewritten in the new shape on its next save; an old perp record gets the probability fields' defaults", async () => {
    // a perp saved before the probability of liquidation existed
    const perpOld: Record<string, unknown> = { ...defaultInputs("perp") };
    for (const k of ["volatility", "years", "max_probability"]) delete perpOld[k];
    const store = memoryStore({
      [KEY_PREFIX + "old"]: record("lending", OLD_LENDING),
      [KEY_PREFIX + "p"]: record("perp", perpOld, "p"),
    });
    const a = lib(store);
    const entries = await a.load();
    assert.deepEqual(
      entries.map((e) => e.status),
      ["ok", "ok"]
    );
    const perp = a.get("p")!;
    assert.deepEqual(perp.inputs, defaultInputs("perp"));
    const old = a.get("old")!;
    await a.save({ id: old.id, name: old.name, template: old.template, inputs: old.inputs });
    const stored = JSON.parse(store.data.get(KEY_PREFIX + "old") as string);
    assert.equal(stored.inputs.deposit, 5);
    assert.equal(stored.inputs.collateral_quantity, undefined);
  });

  it("an imported version-1 file with an old lending scenario is migrated too", () => {
    const r = parseExport(
      JSON.stringify({
        version: 1,
        scenarios: [{ name: "Old loop", kind: "lending", params: OLD_LENDING }],
      }),
      ids(),
      NOW
    );
    assert.deepEqual(r.rejected, []);
    assert.equal(r.scenarios[0].inputs.target_leverage, 2);
  });
});
