// The error log (functions/error-log.ts): each LEV failure's message by calling cell, recorded by the
// generated wrappers (functions/functions.ts, @requiresAddress) through the adapter, cleared when the cell
// succeeds, bounded, and one per page even when two bundles load the module.
import { strict as assert } from "node:assert";
import * as F from "../../functions/functions";
import {
  ERROR_LOG_CAP,
  ErrorLog,
  MAX_MESSAGE,
  compareCells,
  errorLog,
  parseAddress,
} from "../../functions/error-log";

/** Excel passes null for every omitted optional argument. */
const N = null as unknown as undefined;
const at = (address: string, preview = false) =>
  ({ address, isInValuePreview: preview }) as unknown as CustomFunctions.Invocation;

describe("error log: messages by calling cell (functions/error-log.ts)", () => {
  beforeEach(() => errorLog().reset());
  after(() => errorLog().reset());

  it("parses Excel's addresses: plain, quoted, escaped quotes, absolute, ranges", () => {
    assert.deepEqual(parseAddress("Sheet1!B2"), { sheet: "Sheet1", cell: "B2" });
    assert.deepEqual(parseAddress("'My sheet'!$C$10"), { sheet: "My sheet", cell: "C10" });
    assert.deepEqual(parseAddress("'It''s & more'!a1"), { sheet: "It's & more", cell: "A1" });
    assert.deepEqual(parseAddress("Data!D4:E9"), { sheet: "Data", cell: "D4" });
    assert.equal(parseAddress("B2"), undefined);
    assert.equal(parseAddress(""), undefined);
  });

  it("a failing wrapper records its message under the invocation's address; the same cell succeeding clears it", () => {
    assert.throws(() => F.decay(3, 80, N, N, N, N, at("Sheet1!B2")));
    const r = errorLog().get("Sheet1!B2");
    assert.ok(r, "recorded");
    assert.equal(r.fn, "LEV.DECAY");
    assert.equal(r.code, "#VALUE!");
    assert.match(r.message, /volatility is 80 .*did you mean 0\.8 \(80%\)\?/);
    assert.equal(errorLog().get("sheet1", "$B$2")?.seq, r.seq, "sheet names are case-insensitive");
    // a #NUM! — the code whose message Excel never shows — is recorded the same way
    assert.throws(() => F.liqPrice("long", 100, 0, 10, N, N, N, at("'Risk book'!C7")));
    assert.equal(errorLog().get("'Risk book'!C7")?.code, "#NUM!");
    assert.equal(errorLog().onSheet("risk BOOK").length, 1);
    // the analyst fixes B2: the cell recalculates without error and its record goes
    assert.ok(Number.isFinite(F.decay(3, 0.8, N, N, N, N, at("Sheet1!B2"))));
    assert.equal(errorLog().get("Sheet1!B2"), undefined);
    assert.equal(errorLog().size, 1);
  });

  it("nothing is recorded without an address (tests, the evaluator) or for Excel's formula value preview", () => {
    assert.throws(() => F.decay(3, 80, N, N, N, N));
    assert.throws(() => F.decay(3, 80, N, N, N, N, at("Sheet1!A1", true)));
    assert.throws(() => F.decay(3, 80, N, N, N, N, {} as CustomFunctions.Invocation));
    assert.equal(errorLog().size, 0);
  });

  it("LEV.SIMULATE (async) records its failure and clears on success", async () => {
    const inv = (address: string) =>
      ({ address }) as unknown as CustomFunctions.CancelableInvocation;
    await assert.rejects(F.simulate(2, 0.5, 1, [["path", 300]], inv("Sim!A1")));
    assert.match(errorLog().get("Sim!A1")?.message ?? "", /"path"/);
    await F.simulate(2, 0.5, 1, [["paths", 200]], inv("Sim!A1"));
    assert.equal(errorLog().get("Sim!A1"), undefined);
  });

  it(`keeps at most ${ERROR_LOG_CAP} cells: the least recently failed go first and are counted`, () => {
    const log = new ErrorLog(5);
    for (let i = 1; i <= 8; i++)
      log.record(`S!A${i}`, "LEV.X", { code: "#NUM!", message: `m${i}` });
    assert.equal(log.size, 5);
    assert.equal(log.dropped, 3);
    assert.deepEqual(
      log.all().map((r) => r.cell),
      ["A4", "A5", "A6", "A7", "A8"]
    );
    // a cell failing again becomes the most recent one
    log.record("S!A4", "LEV.X", { code: "#NUM!", message: "again" });
    log.record("S!A9", "LEV.X", { code: "#NUM!", message: "m9" });
    assert.deepEqual(
      log.all().map((r) => r.cell),
      ["A6", "A7", "A8", "A4", "A9"]
    );
    // the page's log is capped the same way
    for (let i = 1; i <= ERROR_LOG_CAP + 50; i++)
      assert.throws(() => F.decay(3, 80, N, N, N, N, at(`Big!A${i}`)));
    assert.equal(errorLog().size, ERROR_LOG_CAP);
    assert.equal(errorLog().dropped, 50);
    assert.equal(errorLog().get("Big!A1"), undefined);
    assert.ok(errorLog().get(`Big!A${ERROR_LOG_CAP + 50}`));
  });

  it("long messages are cut; onSheet lists row by row", () => {
    const log = new ErrorLog();
    log.record("S!B10", "LEV.X", { code: "#VALUE!", message: "x".repeat(5000) });
    log.record("S!AA2", "LEV.X", { code: "#VALUE!", message: "b" });
    log.record("S!C2", "LEV.X", { code: "#VALUE!", message: "a" });
    assert.equal(log.get("S!B10")!.message.length, MAX_MESSAGE);
    assert.deepEqual(
      log.onSheet("s").map((r) => r.cell),
      ["C2", "AA2", "B10"]
    );
    assert.ok(compareCells("Z1", "AA1") < 0);
  });

  it("listeners hear once per burst, after the calls (the functions never wait for the pane)", async () => {
    const log = new ErrorLog();
    let calls = 0;
    const off = log.subscribe(() => calls++);
    for (let i = 0; i < 100; i++) log.record(`S!A${i + 1}`, "LEV.X", { code: "#N/A", message: "" });
    assert.equal(calls, 0, "not synchronously");
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(calls, 1);
    off();
    log.clear("S!A1");
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(calls, 1);
  });

  it("one log per page: a second copy of the module (another webpack entry) finds the first one's log", () => {
    const key = Symbol.for("lev.errorLog");
    const first = errorLog();
    // what a second bundle's copy of the class sees: an object of the same shape on globalThis
    const g = globalThis as unknown as Record<symbol, unknown>;
    assert.equal(g[key], first);
    const foreign = Object.assign(Object.create(null), {
      record: first.record.bind(first),
      onSheet: first.onSheet.bind(first),
    });
    g[key] = foreign;
    try {
      assert.equal(errorLog() as unknown, foreign);
    } finally {
      g[key] = first;
    }
  });
});
