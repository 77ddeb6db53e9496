/**
 * Spills never exceed Excel's ~5 MB custom-function result payload (issue #14; office-js#4654, #2786;
 * docs/references/office-addin.md §2.4): the limit from rows × columns × bytes per value with a 20% margin,
 * #NUM! naming the limit and the option that makes a long series fit (LEV.PATH and LEV.CPPI.PATH `step`,
 * `rows`).
 */
import { strict as assert } from "node:assert";
import {
  BYTES_PER_VALUE,
  evaluate,
  maxPayloadRows,
  PAYLOAD_BUDGET,
  PAYLOAD_LIMIT_BYTES,
  spillPayloadBytes,
} from "../../functions/adapter";
import { FormulaEvaluator } from "../../scripts/hf/evaluator";

describe("spills fit Excel's result payload", function () {
  this.timeout(120_000);
  const N = 100_000;
  const prices = Array.from({ length: N }, (_, i) => [100 * Math.exp(0.02 * Math.sin(i / 7))]);

  it("the limit: 5,000,000 bytes with a 20% margin at 25 bytes a value — about 22,000 rows of LEV.PATH's 7 columns, 15,800 of LEV.CPPI.PATH's 10", () => {
    assert.equal(PAYLOAD_LIMIT_BYTES, 5_000_000);
    assert.equal(PAYLOAD_BUDGET, 0.8);
    assert.equal(BYTES_PER_VALUE, 25);
    assert.equal(maxPayloadRows(7), 22_471);
    assert.equal(maxPayloadRows(10), 15_810);
    assert.ok(spillPayloadBytes(maxPayloadRows(7), 7) <= 4_000_000);
    assert.ok(spillPayloadBytes(maxPayloadRows(7) + 1, 7) > 4_000_000);
  });

  it(`a LEV.PATH of ${N.toLocaleString("en-US")} prices (a ~10 MB spill) is #NUM! naming the limit and the option that fits; "step" and "rows","last" make it fit under 5 MB`, () => {
    const ev = new FormulaEvaluator(prices);
    const range = `A1:A${N}`;
    const e = ev.evaluate(`=LEV.PATH(${range},3)`) as { error: string; message: string };
    assert.equal(e.error, "#NUM!");
    assert.match(
      e.message,
      /100,001 rows × 7 columns, up to 17\.8 MB .*Excel accepts about 5 MB from one custom function \(office-js#4654\), so at most 22,471 rows of 7 columns fit/
    );
    assert.match(
      e.message,
      /add the option "step",5 to show one row in 5 \(20,001 rows\), or "rows","last" for the final row only/
    );

    const sampled = ev.evaluate(`=LEV.PATH(${range},3,{"step",5})`) as unknown[][];
    assert.equal(sampled.length, 20_002); // header + rows 0, 5, …, 99,995 and the last
    assert.ok(JSON.stringify(sampled).length < PAYLOAD_LIMIT_BYTES * PAYLOAD_BUDGET);
    const last = ev.evaluate(`=LEV.PATH(${range},3,{"rows","last"})`) as unknown[][];
    assert.equal(last.length, 2);
    assert.deepEqual(last[1], sampled[sampled.length - 1]);
    ev.destroy();
  });

  it("the estimate is an upper bound of the JSON Excel receives (a spill at the limit, full-precision values)", () => {
    const n = maxPayloadRows(7) - 1;
    const o = evaluate("PATH", [
      prices.slice(0, n),
      -7.3,
      [
        ["cost_rate", 0.0013],
        ["status", false],
      ],
    ]);
    assert.ok(o.ok && Array.isArray(o.value), JSON.stringify(o).slice(0, 300));
    const json = JSON.stringify(o.value).length;
    assert.ok(json <= spillPayloadBytes(n + 1, 7), `${json} > ${spillPayloadBytes(n + 1, 7)}`);
  });

  it("LEV.CPPI.PATH: #NUM! over the limit, with the step that fits; fits with it", () => {
    const returns = Array.from({ length: 20_000 }, (_, i) => [0.01 * Math.sin(i)]);
    const e = evaluate("CPPI.PATH", [returns, 3, 0.8]);
    assert.ok(!e.ok && e.code === "#NUM!" && /"step",2 /.test(e.message), JSON.stringify(e));
    const o = evaluate("CPPI.PATH", [returns, 3, 0.8, [["step", 2]]]);
    assert.ok(o.ok && Array.isArray(o.value) && o.value.length === 10_002); // header + 10,001
  });

  it("a function without the options gets the limit and 'give a shorter input' (none of Part 1's other spills comes near it)", () => {
    // LEV.BAND.TRIGGERS, LEV.SIMULATE: 2–11 rows; nothing to reduce
    const o = evaluate("BAND.TRIGGERS", [3, 2, 4]);
    assert.ok(o.ok);
  });
});
