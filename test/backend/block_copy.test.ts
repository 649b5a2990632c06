// The wasm heap's strided block copies (runtime/block_copy.ts) against a
// byte-by-byte reference: random shapes, element widths, and source and
// destination strides (slices with steps, columns, interleaved parts,
// contiguous blocks of every run length), the bytes around the block left
// as they were.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { WasmHeap } from "../../src/backend/wasm/heap.ts";
import { copyBlock } from "../../src/backend/wasm/runtime/block_copy.ts";

const REGION = 1 << 18;

/** Strides (in elements) of a block of `shape` inside a larger row-major array whose dims are `shape[d]·step[d] + pad[d]`. */
function stridesIn(shape: number[], steps: number[], pads: number[]): { strides: number[]; span: number } {
  const full = shape.map((n, d) => n * steps[d] + pads[d]);
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s * steps[d];
    s *= full[d];
  }
  return { strides, span: s };
}

const side = (rank: number) =>
  fc.record({
    steps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: rank, maxLength: rank }),
    pads: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: rank, maxLength: rank }),
  });

const blockCase = fc.integer({ min: 0, max: 4 }).chain((rank) =>
  fc.record({
    shape: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: rank, maxLength: rank }),
    bytes: fc.constantFrom(1, 2, 4, 8, 16, 3, 12),
    to: side(rank),
    from: side(rank),
    toOffset: fc.integer({ min: 0, max: 5 }),
    fromOffset: fc.integer({ min: 0, max: 5 }),
  }),
);

test("copyBlock moves every element where its strides say, and nothing else", () => {
  const heap = new WasmHeap(64, true);
  const base = heap.alloc(2 * REGION);
  fc.assert(
    fc.property(blockCase, (c) => {
      const rank = c.shape.length;
      const dst = stridesIn(c.shape, c.to.steps, c.to.pads);
      const src = stridesIn(c.shape, c.from.steps, c.from.pads);
      fc.pre((c.toOffset + dst.span) * c.bytes <= REGION && (c.fromOffset + src.span) * c.bytes <= REGION);
      const toAt = base + c.toOffset * c.bytes;
      const fromAt = base + REGION + c.fromOffset * c.bytes;
      const u8 = heap.u8;
      for (let i = 0; i < 2 * REGION; i++) u8[base + i] = (i * 2654435761) >>> 24;
      const expected = u8.slice(base, base + 2 * REGION);
      const idx = new Array<number>(rank).fill(0);
      const count = c.shape.reduce((a, b) => a * b, 1);
      for (let e = 0; e < count; e++) {
        let t = toAt - base;
        let f = fromAt - base;
        for (let d = 0; d < rank; d++) {
          t += idx[d] * dst.strides[d] * c.bytes;
          f += idx[d] * src.strides[d] * c.bytes;
        }
        for (let k = 0; k < c.bytes; k++) expected[t + k] = expected[f + k];
        for (let d = rank - 1; d >= 0; d--) {
          if (++idx[d] < c.shape[d]) break;
          idx[d] = 0;
        }
      }
      copyBlock(heap, toAt, dst.strides, fromAt, src.strides, c.shape, c.bytes);
      assert.deepEqual(heap.u8.subarray(base, base + 2 * REGION), expected);
    }),
    { numRuns: 300 },
  );
});

test("copyBlock: long contiguous runs (memory.copy), long strided runs, runs with a tail past their 16-byte words", () => {
  const heap = new WasmHeap(64, false);
  const base = heap.alloc(4 * REGION);
  const u8 = heap.u8;
  const cases: Array<{ shape: number[]; to: number[]; from: number[]; bytes: number }> = [
    { shape: [40, 300], to: [300, 1], from: [301, 1], bytes: 1 }, // 300-byte runs: memory.copy each
    { shape: [5000], to: [1], from: [2], bytes: 4 }, // every other float
    { shape: [3000, 1], to: [1, 1], from: [2, 1], bytes: 8 }, // a complex64 array's real parts
    { shape: [200, 7], to: [7, 1], from: [9, 1], bytes: 4 }, // 28-byte runs: one 16-byte word and 12 bytes
    { shape: [2, 3, 4, 5], to: [60, 20, 5, 1], from: [1, 2, 6, 24], bytes: 2 }, // a transpose
  ];
  for (const c of cases) {
    for (let i = 0; i < 4 * REGION; i++) u8[base + i] = (i * 40503) >>> 8;
    const expected = heap.u8.slice(base, base + 4 * REGION);
    const count = c.shape.reduce((a, b) => a * b, 1);
    const idx = new Array<number>(c.shape.length).fill(0);
    for (let e = 0; e < count; e++) {
      let t = 0;
      let f = 2 * REGION;
      c.shape.forEach((_, d) => {
        t += idx[d] * c.to[d] * c.bytes;
        f += idx[d] * c.from[d] * c.bytes;
      });
      for (let k = 0; k < c.bytes; k++) expected[t + k] = expected[f + k];
      for (let d = c.shape.length - 1; d >= 0; d--) {
        if (++idx[d] < c.shape[d]) break;
        idx[d] = 0;
      }
    }
    copyBlock(heap, base, c.to, base + 2 * REGION, c.from, c.shape, c.bytes);
    assert.deepEqual(heap.u8.subarray(base, base + 4 * REGION), expected, JSON.stringify(c.shape));
  }
});

test("copyBlock: 4-byte elements every second or third, or reversed, into contiguous ones (four at a time, then a tail)", () => {
  const heap = new WasmHeap(64, false);
  const n = 64;
  const from = heap.alloc(4 * 3 * n);
  const to = heap.alloc(4 * n);
  const src = Int32Array.from({ length: 3 * n }, (_, i) => i * 7919 - 100000);
  for (const step of [2, 3, -1])
    for (let len = 1; len <= 23; len++) {
      heap.i32.set(src, from >> 2);
      heap.i32.fill(-1, to >> 2, (to >> 2) + n);
      // A reversed source starts at its last element.
      const first = step < 0 ? len - 1 : 0;
      copyBlock(heap, to, [1], from + 4 * first, [step], [len], 4);
      const got = Array.from(heap.i32.subarray(to >> 2, (to >> 2) + len + 1));
      const want = [...Array.from({ length: len }, (_, i) => src[first + i * step]), -1];
      assert.deepEqual(got, want, `step ${step}, ${len} elements`);
    }
});
