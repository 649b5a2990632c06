// top_k's selection, shared by the reference kernel (nnlax.ts) and the wasm
// backend's (wasm/runtime/native_top_k.ts): XLA's order, a heap of the k best.

/** XLA's descending total order for top_k: NaN first, +0 before -0, then the lower index. */
function topKOrder(a: number, b: number): number {
  const an = Number.isNaN(a),
    bn = Number.isNaN(b);
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  if (a !== b) return a > b ? -1 : 1;
  if (a === 0) return Object.is(a, -0) === Object.is(b, -0) ? 0 : Object.is(a, -0) ? 1 : -1;
  return 0;
}

/**
 * The positions of the k first of value(0..n-1) in topKOrder (ties: the lower
 * position first), in that order: a heap of the k best so far, whose root is
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
): Int32Array {
  const heap = new Int32Array(k);
  // p before q in the result: better value, or equal and earlier.
  const before = (p: number, q: number): boolean => {
    const c = topKOrder(value(p), value(q));
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
