// Scenario templates (zod schemas, defaults, parsing) and the form state model.
import { strict as assert } from "assert";
import fc from "fast-check";
import {
  TEMPLATES,
  TEMPLATE_IDS,
  defaultInputs,
  fieldOf,
  formatBrackets,
  formatRows,
  inputsSchema,
  parseBracketsText,
  parseNumberText,
  parseRowsText,
  validateInputs,
  type BracketRow,
  type RowsField,
} from "../../src/taskpane/scenarios";
import { horizonText } from "../../src/taskpane/metrics";
import {
  checkForm,
  formFromInputs,
  newForm,
  setField,
  switchTemplate,
  simProgress,
} from "../../src/taskpane/state";

describe("taskpane scenarios: the liquidation risk and lending loop forms", () => {
  const buckets = fieldOf("liquidation", "buckets") as RowsField;
  const levels = fieldOf("liquidation", "levels") as RowsField;

  it("rows text: sides in any case, a leverage written 10x, thousands separators; a bad line is named", () => {
    assert.deepEqual(parseRowsText(buckets, "Long, 10x, 600,000,000\nshort;25;1e8\n\n"), [
      { side: "long", leverage: 10, notional: 600000000 },
      { side: "short", leverage: 25, notional: 100000000 },
    ]);
    assert.equal(
      parseRowsText(buckets, "long 10 5\nup 10 5"),
      'Line 2: "up" is not a side (long or short).'
    );
    assert.equal(
      parseRowsText(levels, "long, 97"),
      "Line 1: expected 3 values (side, liquidation price, notional), got 2."
    );
    assert.equal(parseRowsText(levels, "long, 97x, 5"), 'Line 1: "97x" is not a number.');
    assert.deepEqual(parseRowsText(levels, "  "), []);
  });

  it("property: formatting then parsing rows returns the same rows (seeded)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            side: fc.constantFrom("long", "short"),
            leverage: fc.double({ min: 1.01, max: 200, noNaN: true }),
            notional: fc.integer({ min: 0, max: 1e12 }),
          }),
          { maxLength: 12 }
        ),
        (rows) => {
          const plain = rows.map((r) => ({ ...r }));
          assert.deepEqual(parseRowsText(buckets, formatRows(buckets, plain)), plain);
        }
      ),
      { seed: 18, numRuns: 200 }
    );
  });

  it("liquidation: a bucket whose maintenance eats its margin, a long bucket at 1x and a pasted level already crossed are refused, naming the line", () => {
    const d = defaultInputs("liquidation");
    const r1 = validateInputs("liquidation", {
      ...d,
      buckets: [
        { side: "long", leverage: 10, notional: 1 },
        { side: "short", leverage: 300, notional: 1 },
      ],
    });
    assert.match(r1.ok ? "" : r1.errors.buckets, /^Line 2: at 300x the maintenance margin/);
    const r2 = validateInputs("liquidation", {
      ...d,
      buckets: [{ side: "long", leverage: 1, notional: 1 }],
    });
    assert.match(
      r2.ok ? "" : r2.errors.buckets,
      /^Line 1: a long at 1x or less is never liquidated/
    );
    const r3 = validateInputs("liquidation", {
      ...d,
      levels: [
        { side: "long", liquidation_price: 50000, notional: 1 },
        { side: "short", liquidation_price: 59000, notional: 1 },
      ],
    });
    assert.match(
      r3.ok ? "" : r3.errors.levels,
      /^Line 2: a short liquidation price 59000 is already crossed/
    );
    const r4 = validateInputs("liquidation", {
      ...d,
      levels: [{ side: "long", liquidation_price: -1, notional: 1 }],
    });
    assert.equal(
      r4.ok ? "" : r4.errors.levels,
      "Line 1: Liquidation price must be greater than 0."
    );
  });

  it("lending: a target leverage beyond 1/(1 − LTV) is refused only when sizing by leverage; loops are at least 1", () => {
    const d = defaultInputs("lending");
    const over = { ...d, sizing: "leverage", target_leverage: 5.5 };
    const r = validateInputs("lending", over);
    assert.match(r.ok ? "" : r.errors.target_leverage, /1 \/ \(1 − LTV\) = 5\.00x/);
    assert.equal(validateInputs("lending", { ...over, sizing: "loops" }).ok, true);
    assert.equal(validateInputs("lending", { ...over, target_leverage: 5 }).ok, true);
    const r0 = validateInputs("lending", { ...d, loops: 0 });
    assert.equal(r0.ok ? "" : r0.errors.loops, "Must be at least 1.");
  });

  it("lending presets: every published set fills known fields and gives valid inputs", () => {
    const presets = TEMPLATES.lending.presets ?? [];
    assert.ok(presets.length >= 3);
    for (const p of presets) {
      for (const k of Object.keys(p.values)) assert.ok(fieldOf("lending", k), `${p.id}: ${k}`);
      assert.match(p.label, /\d{4}-\d{2}-\d{2}/, `${p.id} is dated`);
      const r = validateInputs("lending", { ...defaultInputs("lending"), ...p.values });
      assert.ok(r.ok, `${p.id}: ${JSON.stringify(r.errors)}`);
    }
  });

  it("a rows field round-trips through the form: text in, rows out, an empty pasted table allowed", () => {
    const f = newForm("liquidation");
    assert.equal(f.raw.levels, "");
    assert.match(f.raw.buckets, /^long; 3; 300000000\n/);
    const c = checkForm(setField(f, "levels", "long, 55000, 1e8\nshort, 65000, 2e8"));
    assert.equal(c.ok, true);
    assert.deepEqual(c.ok && c.inputs.levels, [
      { side: "long", liquidation_price: 55000, notional: 1e8 },
      { side: "short", liquidation_price: 65000, notional: 2e8 },
    ]);
    const bad = checkForm(setField(f, "buckets", "long, ten, 5"));
    assert.equal(bad.ok ? "" : bad.errors.buckets, 'Line 1: "ten" is not a number.');
  });

  it("horizons in words: months below a year when whole, days otherwise, years from one", () => {
    assert.equal(horizonText(0.25), "3 months");
    assert.equal(horizonText(1 / 12), "1 month");
    assert.equal(horizonText(30 / 365), "30 days");
    assert.equal(horizonText(1), "1 year");
    assert.equal(horizonText(2.5), "2.5 years");
  });
});

describe("taskpane scenarios: templates and validation", () => {
  for (const t of TEMPLATE_IDS) {
    it(`${t}: the defaults validate and every field has a label and help text`, () => {
      const r = validateInputs(t, defaultInputs(t));
      assert.equal(r.ok, true, JSON.stringify(r.errors));
      for (const f of TEMPLATES[t].fields) {
        assert.ok(f.label.length > 0 && f.help.length > 10, `${t}.${f.key} has help`);
      }
    });
  }

  it("out-of-range numbers give a message naming the accepted range, per field", () => {
    const r = validateInputs("token", {
      ...defaultInputs("token"),
      volatility: -0.2,
      years: 0,
      rebalances_per_year: 2.5,
    });
    assert.equal(r.ok, false);
    assert.deepEqual(r.errors, {
      volatility: "Must be at least 0.",
      years: "Must be greater than 0.",
      rebalances_per_year: "Must be a whole number.",
    });
  });

  it("leverage 0 is refused (no product)", () => {
    const r = validateInputs("token", { ...defaultInputs("token"), leverage: 0 });
    assert.deepEqual(r.ok ? {} : r.errors, { leverage: "Leverage must not be 0." });
  });

  it("band: band low must be below and band high above the target", () => {
    const r = validateInputs("band", { ...defaultInputs("band"), band_low: 3, band_high: 2.5 });
    assert.equal(r.ok, false);
    assert.match(r.ok ? "" : r.errors.band_low, /below the target/);
    assert.match(r.ok ? "" : r.errors.band_high, /above the target/);
  });

  it("perp: margin above the notional is refused as never liquidating; an unknown venue is refused", () => {
    const r = validateInputs("perp", { ...defaultInputs("perp"), margin: 40000, venue: "ftx" });
    assert.equal(r.ok, false);
    assert.match(r.ok ? "" : r.errors.margin, /over-collateralised/);
    assert.match(r.ok ? "" : r.errors.venue, /binance, bybit, okx, hyperliquid, dydx/);
  });

  it("perp: overlapping brackets are refused", () => {
    const b = defaultInputs("perp").brackets as BracketRow[];
    const r = validateInputs("perp", { ...defaultInputs("perp"), brackets: [b[1], b[0]] });
    assert.match(r.ok ? "" : r.errors.brackets, /sorted by notional/);
  });

  it("unknown keys and labels with markup are refused", () => {
    assert.equal(
      inputsSchema("lending").safeParse({ ...defaultInputs("lending"), extra: 1 }).success,
      false
    );
    const r = validateInputs("lending", { ...defaultInputs("lending"), underlying: "<img src=x>" });
    assert.match(r.ok ? "" : r.errors.underlying, /Letters, digits/);
  });

  it("number text: decimals, percentages, exponents and thousands separators; anything else is NaN", () => {
    assert.equal(parseNumberText("0.8"), 0.8);
    assert.equal(parseNumberText("80%"), 0.8);
    assert.equal(parseNumberText(" 1e-3 "), 0.001);
    assert.equal(parseNumberText("60,000"), 60000);
    assert.equal(parseNumberText("-3"), -3);
    for (const bad of ["", "abc", "1..2", "0x10", "Infinity", "1e", "--1"])
      assert.ok(Number.isNaN(parseNumberText(bad)), bad);
  });

  it("property: formatting then parsing brackets returns the same rows (seeded)", () => {
    const row = fc.record({
      notionalFloor: fc.integer({ min: 0, max: 1e9 }),
      notionalCap: fc.integer({ min: 1, max: 2e9 }),
      maintenanceRate: fc.double({ min: 0, max: 1, noNaN: true }),
      maintenanceAmount: fc.integer({ min: 0, max: 1e8 }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (rows) => {
        assert.deepEqual(
          parseBracketsText(formatBrackets(rows)),
          rows.map((r) => ({ ...r }))
        );
      }),
      { seed: 42, numRuns: 200 }
    );
  });

  it("bracket text: a short line is reported with its line number", () => {
    assert.equal(
      parseBracketsText("0; 50000; 0.004; 0\n50000; 250000; 0.005"),
      "Line 2: expected 4 values (floor, cap, rate, amount), got 3."
    );
    assert.deepEqual(parseBracketsText("0, 50,000, 0.4%, 0"), [
      { notionalFloor: 0, notionalCap: 50000, maintenanceRate: 0.004, maintenanceAmount: 0 },
    ]);
  });
});

describe("taskpane state: the form", () => {
  it("a new form holds the template defaults as text and checks ok", () => {
    const f = newForm("cppi");
    assert.equal(f.raw.multiplier, "4");
    assert.equal(f.name, "CPPI vault");
    const c = checkForm(f);
    assert.equal(c.ok, true);
    assert.deepEqual(c.ok && c.inputs, defaultInputs("cppi"));
  });

  it("typing a non-number, clearing a field and an empty name each give an inline message; valid edits clear them", () => {
    let f = newForm("token");
    f = setField(f, "volatility", "abc");
    f = setField(f, "years", "");
    f = { ...f, name: "  " };
    const c = checkForm(f);
    assert.equal(c.ok, false);
    assert.deepEqual(c.errors, {
      volatility: '"abc" is not a number.',
      years: "Required.",
      _name: "Name the scenario.",
    });
    f = setField(setField({ ...f, name: "Fixed" }, "volatility", "75%"), "years", "0.5");
    const c2 = checkForm(f);
    assert.equal(c2.ok, true);
    assert.equal(c2.ok && c2.inputs.volatility, 0.75);
  });

  it("switching template resets to that template's defaults; editing a saved scenario restores its values", () => {
    const f = switchTemplate(newForm("token"), "perp");
    assert.equal(f.template, "perp");
    assert.equal(f.raw.venue, "binance");
    const edit = formFromInputs(
      "lending",
      { ...defaultInputs("lending"), deposit: 12.34 },
      "Mine",
      "id9"
    );
    assert.equal(edit.raw.deposit, "12.34");
    assert.equal(edit.editingId, "id9");
    assert.equal(checkForm(edit).ok, true);
  });

  it("progress only moves forward while running", () => {
    const s = simProgress({ status: "running", progress: 0.5 }, 0.3);
    assert.deepEqual(s, { status: "running", progress: 0.5 });
    assert.deepEqual(simProgress({ status: "cancelled" }, 0.9), { status: "cancelled" });
  });
});
