// The wasm heap's copies (memory.copy through a one-function module) against
// a plain JS copy: both directions of overlap, empty, unaligned and large
// ranges, on a shared and an unshared memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WasmHeap } from "../../src/backend/wasm/heap.ts";

for (const shared of [false, true]) {
  test(`heap.copy matches a reference copy (${shared ? "shared" : "unshared"} memory)`, () => {
    const heap = new WasmHeap(64, shared);
    const base = heap.alloc(1 << 21);
    const u8 = heap.u8;
    for (let i = 0; i < 1 << 21; i++) u8[base + i] = (i * 2654435761) >>> 24;
    const cases: [number, number, number][] = [
      [0, 1 << 20, 1 << 20], // disjoint, 1 MiB
      [3, 17, 4093], // unaligned, overlapping forwards
      [17, 3, 4093], // overlapping backwards
      [100, 100, 64], // onto itself
      [5, 9, 0], // empty
      [1 << 20, 7, 999_999],
    ];
    for (const [to, from, n] of cases) {
      const expected = heap.u8.slice(base, base + (1 << 21));
      expected.copyWithin(to, from, from + n);
      heap.copy(base + to, base + from, n);
      assert.deepEqual(heap.u8.subarray(base, base + (1 << 21)), expected, `copy(${to}, ${from}, ${n})`);
    }
  });
}
