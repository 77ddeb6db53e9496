/**
 * Sorting level indices by a positive price, for the cascade sweep over up to 100,000 levels: a stable
 * least-significant-digit radix sort on the prices' IEEE-754 bits. For positive doubles the bit pattern,
 * read as an unsigned 64-bit integer, orders exactly as the numbers do, so four passes of 16 bits sort
 * them in O(n) with typed arrays only — several times faster than Array.prototype.sort with a comparator,
 * which calls back into JavaScript for each of its ~n·log₂n comparisons. Equal prices keep the order of
 * `indices` (stable).
 */

const BITS = 16;
const BUCKETS = 1 << BITS;

/**
 * `indices` ordered by ascending `price[index]`; every price read must be a positive finite double
 * (checked by the caller). Returns a new array.
 */
export function sortByPositivePrice(indices: ArrayLike<number>, price: Float64Array): Int32Array {
  const n = indices.length;
  let src = Int32Array.from(indices);
  if (n < 2) return src;
  // the 64 bits of each price as two 32-bit halves (little-endian typed arrays: [lo, hi])
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = price[src[k]];
  const words = new Uint32Array(keys.buffer);
  let pos = new Int32Array(n); // positions into keys, sorted along with src
  for (let k = 0; k < n; k++) pos[k] = k;
  let dstIdx = new Int32Array(n);
  let dstPos = new Int32Array(n);
  const count = new Int32Array(BUCKETS);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  for (let pass = 0; pass < 4; pass++) {
    const word = (pass >> 1) ^ (little ? 0 : 1); // passes 0, 1 read the low word; 2, 3 the high
    const shift = (pass & 1) * BITS;
    count.fill(0);
    for (let k = 0; k < n; k++) count[(words[2 * pos[k] + word] >>> shift) & (BUCKETS - 1)]++;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const d = (words[2 * pos[k] + word] >>> shift) & (BUCKETS - 1);
      const at = count[d]++;
      dstIdx[at] = src[k];
      dstPos[at] = pos[k];
    }
    [src, dstIdx] = [dstIdx, src];
    [pos, dstPos] = [dstPos, pos];
  }
  return src;
}
