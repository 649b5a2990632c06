// top_k's selection, shared by the reference kernel (nnlax.ts) and the wasm
// backend's (wasm/runtime/native_top_k.ts): XLA's order, a heap of the k best.

/**
 * XLA's descending total order for top_k: NaN first (a NaN with its sign
 * bit set last, given `negative`), +0 before -0, then the lower index.
 */
function topKOrder(a: number, b: number, aNeg = false, bNeg = false): number {
  const an = Number.isNaN(a),
    bn = Number.isNaN(b);
  if (an || bn) {
    // Ranks: a positive NaN 2, a number 1, a negative NaN 0.
    const ra = an ? (aNeg ? 0 : 2) : 1;
    const rb = bn ? (bNeg ? 0 : 2) : 1;
    return ra === rb ? 0 : ra > rb ? -1 : 1;
  }
  if (a !== b) return a > b ? -1 : 1;
  if (a === 0) return Object.is(a, -0) === Object.is(b, -0) ? 0 : Object.is(a, -0) ? 1 : -1;
  return 0;
}

/**
 * The positions of the k first of value(0..n-1) in topKOrder (ties: the lower
 * position first; `negative(j)`, the sign bit of a NaN value(j)), in that order: a heap of the k best so far, whose root is
 * the worst of them (O(n log k); sorting everything took ~0.4 s for 1e6).
 * Once the heap is full, `nextCandidate(from, t)`, when given, skips to the
 * first position at or after `from` whose value is ≥ t or NaN (n if none):
 * nothing below the worst of the k best can enter (the wasm backend scans
 * for candidates four lanes at a time).
 */
export function topKIndices(
  value: (j: number) => number,
  n: number,
  k: number,
  nextCandidate?: (from: number, threshold: number) => number,
  negative: (j: number) => boolean = () => false,
): Int32Array {
  const heap = new Int32Array(k);
  // p before q in the result: better value, or equal and earlier.
  const before = (p: number, q: number): boolean => {
    const c = topKOrder(value(p), value(q), negative(p), negative(q));
    return c < 0 || (c === 0 && p < q);
  };
  const siftDown = (at: number, size: number): void => {
    for (;;) {
      const l = 2 * at + 1;
      if (l >= size) return;
      // The worse child (the one that comes later) moves up.
      const c = l + 1 < size && before(heap[l], heap[l + 1]) ? l + 1 : l;
      if (!before(heap[at], heap[c])) return;
      [heap[at], heap[c]] = [heap[c], heap[at]];
      at = c;
    }
  };
  let size = 0;
  let rootValue = Number.NaN;
  for (let j = 0; j < n; j++) {
    if (size < k) {
      // Sift up: the new entry rises while it comes later than its parent.
      let at = size++;
      heap[at] = j;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!before(heap[parent], heap[at])) break;
        [heap[at], heap[parent]] = [heap[parent], heap[at]];
        at = parent;
      }
      if (size === k) rootValue = value(heap[0]);
    } else if (k > 0) {
      // Most entries fall below the worst of the k best: a plain < rejects them (NaNs and ties take the full order).
      if (nextCandidate) {
        j = nextCandidate(j, rootValue);
        if (j >= n) break;
      }
      const v = value(j);
      if (v < rootValue) continue;
      if (before(j, heap[0])) {
        heap[0] = j;
        siftDown(0, k);
        rootValue = value(heap[0]);
      }
    }
  }
  return heap.sort((p, q) => (before(p, q) ? -1 : 1));
}

const POSITION = 2 ** 20;

/**
 * The same selection by sorting every position once, for float32 values
 * (their bits, `bitsOf(j)`) and k a large fraction of n, where the heap's
 * sifts cost more (argpartition's top_k of n - kth - 1 of 1e5: 32 ms by the
 * heap): each value's total-order key (XLA's: a positive NaN largest, a
 * negative one smallest, +0 above -0) and its position packed into one
 * float64 (32 + 20 bits, exact), sorted natively. n must be at most 2^20.
 */
export function topKBySort(bitsOf: (j: number) => number, n: number, k: number, scratch?: Float64Array): Int32Array {
  // Rows of one call share their scratch (a row's worth of float64s).
  const packed = scratch && scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const b = bitsOf(j) >>> 0;
    const key = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    // Equal keys: the lower position first (the larger complement).
    packed[j] = key * POSITION + (POSITION - 1 - j);
  }
  packed.sort();
  const out = new Int32Array(k);
  for (let i = 0; i < k; i++) out[i] = POSITION - 1 - (packed[n - 1 - i] % POSITION);
  return out;
}

/** Whether topKBySort is the cheaper selection for float32 rows of n taking k. */
export function sortsForTopK(n: number, k: number): boolean {
  return n <= POSITION && k * 16 > n;
}
