/**
 * The adapter's parse plans (functions/adapter.ts) against the rules of functions/args.ts applied by hand:
 * - for each all-scalar function, invoke and evaluate give the engine exactly the input object that the
 *   per-parameter readers of args.ts build under the camelCase form of each declared Excel name, and the
 *   same error (code and message) for any argument they reject;
 * - LEV.PATH / LEV.CPPI.PATH spills written from typed columns equal the engine Table shaped by
 *   `shapeResult` (header row, every cell, headers FALSE).
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { checkOf, evaluate, invoke, shapeResult } from "../../functions/adapter";
import {
  readChoice,
  readInteger,
  readNumber,
  readSide,
  snakeToCamel,
  type RawArg,
} from "../../functions/args";
import { LevFunctionError, toFailure, type Outcome } from "../../functions/errors";
import {
  FUNCTIONS,
  getFunction,
  type FunctionSpec,
  type ParamSpec,
} from "../../functions/registry";
import { cppiPath, leveragedPath } from "../../src/engine";
import { callArb } from "../hardening/arbitraries";

const isScalarSpec = (s: FunctionSpec) =>
  s.params.every((p) => ["number", "integer", "side", "choice"].includes(p.type.kind));

/** The general reader of args.ts for one scalar parameter (what the compiled parser must reproduce). */
function referenceRead(p: ParamSpec, v: RawArg): unknown {
  const t = p.type;
  if (t.kind === "number") return readNumber(p.name, v, p.optional);
  if (t.kind === "integer") return readInteger(p.name, v, p.optional);
  if (t.kind === "side") return readSide(p.name, v);
  if (t.kind === "choice") return readChoice(p.name, v, t.choices, p.optional);
  throw new Error(`not scalar: ${p.name}`);
}

/** The reader's value after the parameter's declared plausibility and blank-cell checks (adapter checkOf). */
function referenceValue(p: ParamSpec, v: RawArg): unknown {
  const value = referenceRead(p, v);
  const check = checkOf(p);
  if (check !== undefined && typeof value === "number") check(value);
  return value;
}

/** Reference evaluation: an input object with dynamic camelCase keys from args.ts readers, then the engine. */
function referenceEvaluate(spec: FunctionSpec, raw: RawArg[]): Outcome {
  try {
    if (raw.length > spec.params.length) throw new Error("too many");
    const input: Record<string, unknown> = {};
    for (let i = 0; i < spec.params.length; i++)
      input[snakeToCamel(spec.params[i].name)] = referenceValue(spec.params[i], raw[i]);
    return { ok: true, value: shapeResult(spec, spec.run(input), true) };
  } catch (e) {
    return toFailure(e);
  }
}

function viaInvoke(id: string, raw: RawArg[]): Outcome {
  try {
    return { ok: true, value: invoke(id, ...raw) };
  } catch (e) {
    assert.ok(e instanceof LevFunctionError, String(e));
    return { ok: false, code: e.code, message: e.message };
  }
}

describe("functions adapter: parse plans built from the declarations", () => {
  it("LEV.DECAY through invoke equals the general readers (numbers, omitted, blank text, numeric text)", () => {
    const spec = getFunction("DECAY")!;
    for (const raw of [
      [3, 0.8],
      [3, 0.8, null, null, null, null],
      [3, 0.8, "", undefined, 0.01],
      ["3", " 0.8 "],
      [-2, 0.5, 2, 0.01, 0.02, 0.03],
      [3, [[0.8]]],
    ] as RawArg[][]) {
      assert.deepEqual(viaInvoke("DECAY", raw), referenceEvaluate(spec, raw), JSON.stringify(raw));
    }
  });

  it('side fast paths (1, -1, "long", "short") give the same liquidation price as readSide\'s zod path (" LONG ", "Short")', () => {
    const long = viaInvoke("LIQ.PRICE", ["long", 100, 1, 20]);
    assert.ok(long.ok);
    assert.deepEqual(viaInvoke("LIQ.PRICE", [1, 100, 1, 20]), long);
    assert.deepEqual(viaInvoke("LIQ.PRICE", [" LONG ", 100, 1, 20]), long);
    const short = viaInvoke("LIQ.PRICE", ["short", 100, 1, 20]);
    assert.ok(short.ok && short.value !== long.value);
    assert.deepEqual(viaInvoke("LIQ.PRICE", ["Short", 100, 1, 20]), short);
    assert.deepEqual(viaInvoke("LIQ.PRICE", [-1, 100, 1, 20]), short);
  });

  it("too many arguments is #VALUE! with the count given", () => {
    const nine = viaInvoke("HEALTH", [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.ok(
      !nine.ok &&
        nine.code === "#VALUE!" &&
        nine.message.includes("takes at most 3 arguments (got 9)"),
      JSON.stringify(nine)
    );
    const four = viaInvoke("HEALTH", [1, 0.8, 0.5, undefined]);
    assert.ok(!four.ok && four.message.includes("got 4"), JSON.stringify(four));
  });

  it("invoke and evaluate equal the general readers on 300 seeded hostile calls per scalar function", () => {
    for (const spec of FUNCTIONS.filter(isScalarSpec)) {
      fc.assert(
        fc.property(callArb(spec), (raw) => {
          const ref = referenceEvaluate(spec, raw);
          if (raw.length > spec.params.length) return; // the reference has no message for this case
          assert.deepEqual(viaInvoke(spec.id, raw), ref, `LEV.${spec.id}(${JSON.stringify(raw)})`);
          assert.deepEqual(
            evaluate(spec.id, raw),
            ref,
            `LEV.${spec.id}(${JSON.stringify(raw)}) via evaluate`
          );
        }),
        { seed: 20261125, numRuns: 300 }
      );
    }
  });
});

describe("functions adapter: long-path spills written from typed columns", () => {
  const prices = Array.from(
    { length: 400 },
    (_, i) => 100 * Math.exp(0.05 * Math.sin(i / 7) + 0.002 * i)
  );
  const col = prices.map((p) => [p]);

  const cases: {
    id: string;
    raw: RawArg[];
    table: () => ReturnType<typeof leveragedPath>;
    headers: boolean;
  }[] = [
    {
      id: "PATH",
      raw: [col, 3],
      table: () => leveragedPath({ prices, leverage: 3 }),
      headers: true,
    },
    {
      id: "PATH",
      raw: [
        col,
        -2,
        [
          ["rebalance", "band"],
          ["band_low", 1.5],
          ["band_high", 2.5],
          ["cost_rate", 0.001],
          ["headers", false],
        ],
      ],
      table: () =>
        leveragedPath({
          prices,
          leverage: -2,
          options: { rebalance: "band", bandLow: 1.5, bandHigh: 2.5, costRate: 0.001 },
        }),
      headers: false,
    },
    {
      id: "CPPI.PATH",
      raw: [
        col,
        4,
        0.8,
        [
          ["input", "prices"],
          ["max_leverage", 3],
        ],
      ],
      table: () =>
        cppiPath({
          returns: prices,
          multiplier: 4,
          floorFraction: 0.8,
          options: { input: "prices", maxLeverage: 3 },
        }),
      headers: true,
    },
  ];
  for (const c of cases) {
    it(`LEV.${c.id}(${c.raw.length} arguments, headers ${c.headers}) equals the engine Table shaped by shapeResult`, () => {
      const expected = shapeResult(getFunction(c.id)!, c.table(), c.headers) as unknown[][];
      const got = invoke(c.id, ...c.raw) as unknown[][];
      assert.equal(
        got.length,
        prices.length - (c.id === "CPPI.PATH" ? 1 : 0) + (c.headers ? 1 : 0)
      );
      assert.deepEqual(got, expected);
      assert.deepEqual(evaluate(c.id, c.raw), { ok: true, value: expected });
      for (const row of got.slice(c.headers ? 1 : 0))
        for (const cell of row)
          if (typeof cell === "number") assert.ok(!Object.is(cell, -0), "no -0 cell");
    });
  }
});
