// Chart axes (src/taskpane/axes.ts): 1–2–5 steps, ranges that cover the data and stop at the quantity's
// bounds, tick labels with the digits the step needs.
import { strict as assert } from "assert";
import fc from "fast-check";
import { excelTicksMatch, logAxis, niceAxis, niceStep, tickLabel } from "../../src/taskpane/axes";
import { ratioText, tailText, wrapText } from "../../src/taskpane/charts";

const isNice = (step: number) => {
  const e = Math.floor(Math.log10(step));
  const m = Number((step / 10 ** e).toPrecision(6));
  return [1, 2, 5].includes(m);
};

describe("taskpane chart axes", () => {
  it("niceStep: the smallest 1, 2 or 5 × 10ᵏ at or above the rough step", () => {
    assert.deepEqual(
      [0.013, 0.02, 0.21, 0.5, 0.51, 3, 7, 12, 2500].map(niceStep),
      [0.02, 0.02, 0.5, 0.5, 1, 5, 10, 20, 5000]
    );
  });

  it("the issue's odd ticks are gone: a return from −103.48% to −25.01% gets −100% … −20% in 20% steps", () => {
    const a = niceAxis(-1.0348, -0.2501, { bounds: { min: -1 } });
    assert.deepEqual([a.min, a.max, a.step], [-1, -0.2, 0.2]);
    assert.deepEqual(
      a.ticks.map((t) => tickLabel(t, "pct", a.step)),
      ["−100%", "−80%", "−60%", "−40%", "−20%"]
    );
  });

  it("a long's distance to liquidation never shows above 0, a short's never below 0", () => {
    const long = niceAxis(-0.4998, -0.0159, { bounds: { min: -1, max: 0 } });
    assert.equal(long.max, 0);
    const short = niceAxis(0.0159, 0.4998, { bounds: { min: 0 } });
    assert.equal(short.min, 0);
  });

  it("property: the range covers the data inside the bounds, ticks are multiples of a 1–2–5 step, at most maxTicks", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        // spans down to 1e-4 of the values' magnitude (a chart's data, not float noise)
        fc.double({ min: 1e-4, max: 1e3, noNaN: true }),
        fc.integer({ min: 3, max: 9 }),
        fc.boolean(),
        fc.constantFrom<"none" | "right">("none", "right"),
        (lo, relSpan, maxTicks, bounded, tight) => {
          const span = relSpan * Math.max(1, Math.abs(lo));
          const hi = lo + span;
          const bounds = bounded ? { min: lo - span * 0.01, max: hi + span * 0.01 } : undefined;
          const a = niceAxis(lo, hi, { maxTicks, bounds, tight });
          assert.ok(isNice(a.step), `step ${a.step}`);
          // within a millionth of the span (the snapping of float noise onto a tick)
          assert.ok(a.min <= lo + 1e-6 * span, `${a.min} > ${lo}`);
          assert.ok(a.max >= hi - 1e-6 * span, `${a.max} < ${hi}`);
          if (bounds) assert.ok(a.min >= bounds.min && a.max <= bounds.max);
          assert.ok(a.ticks.length <= maxTicks && a.ticks.length >= 1, `${a.ticks.length} ticks`);
          for (const t of a.ticks) {
            assert.ok(Math.abs(t / a.step - Math.round(t / a.step)) < 1e-6);
            assert.ok(
              t >= a.min - 1e-9 * Math.max(1, Math.abs(a.min)) &&
                t <= a.max + 1e-9 * Math.max(1, Math.abs(a.max))
            );
          }
          if (!bounded && tight === "none") assert.ok(excelTicksMatch(a));
        }
      ),
      { numRuns: 500 }
    );
  });

  it("values that must show (health factor 1) are inside the range; one value gets a range around it", () => {
    const h = niceAxis(1.6, 2.5, { bounds: { min: 0 }, include: [1] });
    assert.ok(h.min <= 1 && h.ticks.includes(1));
    const flat = niceAxis(800, 800, { bounds: { min: 0 } });
    assert.ok(flat.min < 800 && flat.max > 800 && flat.min >= 0);
  });

  it("a log axis ends on 1, 2 or 5 × 10ᵏ and ticks at whole decades (or 1–2–5) within it", () => {
    const a = logAxis(0.00123, 14.4, 7);
    assert.deepEqual([a.min, a.max], [0.001, 20]);
    assert.deepEqual(a.ticks, [0.001, 0.01, 0.1, 1, 10]);
    const b = logAxis(0.3, 4.2, 9);
    assert.deepEqual(b.ticks, [0.2, 0.5, 1, 2, 5]);
  });

  it("labels: as many digits as the step needs, a true minus sign, thousands separated", () => {
    assert.equal(tickLabel(0.25, "pct", 0.05), "25%");
    assert.equal(tickLabel(0.025, "pct", 0.005), "2.5%");
    assert.equal(tickLabel(4500, "num", 500), "4,500");
    assert.equal(tickLabel(1.5, "ratio", 0.5), "1.5");
    assert.equal(tickLabel(-3, "lev", 1), "−3x");
    assert.equal(tickLabel(0, "pct"), "0%");
    assert.equal(ratioText(0.000321), "0.000321");
    assert.equal(ratioText(14.43), "14.4");
  });

  it("the Monte Carlo tails are told in words, with counts, shares and extremes", () => {
    const text = tailText(
      {
        edges: [0.001, 1, 14.4],
        counts: [1900, 80],
        below: 10,
        above: 10,
        min: 0.0003,
        max: 30,
        zeros: 0,
      },
      2000
    );
    assert.match(text, /10 paths \(0\.50%\) ended below 0\.00100; the lowest ended at 0\.000300/);
    assert.match(text, /10 paths \(0\.50%\) ended above 14\.4, the highest at 30\.0/);
    const wiped = tailText(
      { edges: [0.01, 10], counts: [95], below: 5, above: 0, min: 0, max: 9, zeros: 3 },
      100
    );
    assert.match(wiped, /3 of them lost everything/);
  });

  it("axis titles wrap instead of running off a narrow chart", () => {
    const measure = (t: string) => t.length * 7;
    assert.deepEqual(wrapText("NAV after the horizon (start = 1, log scale)", 200, measure), [
      "NAV after the horizon (start",
      "= 1, log scale)",
    ]);
  });
});
