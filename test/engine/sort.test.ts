// The cascade's radix sort (src/engine/sort.ts) against Array.prototype.sort with a stable comparator.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { sortByPositivePrice } from "../../src/engine/sort";

describe("engine sort: level indices by positive price (radix, stable)", () => {
  it("equals a stable comparison sort on 2,000 seeded arrays, ties and extreme magnitudes included", () => {
    const price = fc.oneof(
      fc.double({ min: 1e-300, max: 1e300, noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(1, 2, 100, 100.5, 5e-324, Number.MAX_VALUE) // ties and the ends of the range
    );
    fc.assert(
      fc.property(fc.array(price, { maxLength: 300 }), (prices) => {
        const p = Float64Array.from(prices);
        const indices = prices.map((_, i) => i).reverse(); // not the identity: stability shows
        const expected = indices.slice().sort((a, b) => p[a] - p[b]); // stable since ES2019
        assert.deepEqual(Array.from(sortByPositivePrice(indices, p)), expected);
      }),
      { seed: 20261128, numRuns: 2000 }
    );
  });
});
