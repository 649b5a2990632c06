// lax.topK against a full stable sort in XLA's order (NaN first, then
// descending, +0 before -0, ties by lower index): arrays full of ties,
// NaNs and signed zeros, every k from 0 to n, along inner and outer axes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jnp, lax, type NDArray } from "../../src/index.ts";
import { agree } from "../helpers/backends.ts";

/** XLA's top_k order, as a comparator of (value, index) pairs. */
function xlaOrder([a, i]: [number, number], [b, j]: [number, number]): number {
  const rank = (v: number) => (Number.isNaN(v) ? 3 : v === 0 ? (Object.is(v, -0) ? 1 : 2) : 0);
  if (Number.isNaN(a) !== Number.isNaN(b)) return Number.isNaN(a) ? -1 : 1;
  if (!Number.isNaN(a) && a !== b) return a > b ? -1 : 1;
  if (a === 0 && b === 0 && rank(a) !== rank(b)) return rank(a) > rank(b) ? -1 : 1;
  return i - j;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

test("topK picks what a stable sort in XLA's order puts first, for every k", () => {
  const rnd = seeded(11);
  const pool = [Number.NaN, 0, -0, 1, -1, 2.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3];
  for (let trial = 0; trial < 12; trial++) {
    const n = 1 + Math.floor(rnd() * 40);
    const data = Float32Array.from({ length: n }, () => (rnd() < 0.6 ? pool[Math.floor(rnd() * pool.length)] : Math.round(rnd() * 8) - 4));
    const order = Array.from(data, (v, i): [number, number] => [v, i]).sort(xlaOrder);
    for (let k = 0; k <= n; k++) {
      const [vals, idx] = lax.topK(jnp.array(data), k);
      const want = order.slice(0, k);
      assert.deepEqual(
        Array.from(idx.dataSync() as Int32Array),
        want.map(([, i]) => i),
        `n=${n} k=${k}: indices`,
      );
      const got = Array.from(vals.dataSync() as Float32Array);
      got.forEach((v, j) => assert.ok(Object.is(v, Math.fround(want[j][0])), `n=${n} k=${k}: value ${j} is ${v}, want ${want[j][0]}`));
    }
  }
});

test("topK along an outer axis takes each column on its own", () => {
  const rnd = seeded(5);
  const [rows, cols, k] = [30, 4, 5];
  const data = Float32Array.from({ length: rows * cols }, () => Math.round(rnd() * 10));
  const [vals, idx] = lax.topK(jnp.array(data).reshape([rows, cols]), k, { axis: 0 });
  const gotIdx = idx.dataSync() as Int32Array;
  const gotVals = vals.dataSync() as Float32Array;
  for (let c = 0; c < cols; c++) {
    const order = Array.from({ length: rows }, (_, r): [number, number] => [data[r * cols + c], r]).sort(xlaOrder);
    for (let j = 0; j < k; j++) {
      assert.equal(gotIdx[j * cols + c], order[j][1], `column ${c}, rank ${j}`);
      assert.equal(gotVals[j * cols + c], order[j][0]);
    }
  }
});

test("topK of long rows (on wasm, a scan skips what cannot enter the k best): every row as a stable sort orders it", () => {
  const rnd = seeded(23);
  const pool = [Number.NaN, 0, -0, 1, -1, 2.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  // Rows of random values with rare specials, of ties, ascending (every value enters), and descending.
  const n = 1037;
  const rows = [
    Array.from({ length: n }, () => (rnd() < 0.01 ? pool[Math.floor(rnd() * pool.length)] : rnd() * 100 - 50)),
    Array.from({ length: n }, () => Math.round(rnd() * 3)),
    Array.from({ length: n }, (_, i) => i / 7),
    Array.from({ length: n }, (_, i) => -i),
  ];
  const data = Float32Array.from(rows.flat());
  for (const k of [1, 4, 10, 64]) {
    const [vals, idx] = lax.topK(jnp.array(data).reshape([rows.length, n]), k);
    const gotIdx = idx.dataSync() as Int32Array;
    const gotVals = vals.dataSync() as Float32Array;
    rows.forEach((_, r) => {
      const order = Array.from(data.subarray(r * n, (r + 1) * n), (v, i): [number, number] => [v, i]).sort(xlaOrder);
      for (let j = 0; j < k; j++) {
        assert.equal(gotIdx[r * k + j], order[j][1], `row ${r}, k=${k}, rank ${j}`);
        assert.ok(Object.is(gotVals[r * k + j], order[j][0]), `row ${r}, k=${k}, value ${j}`);
      }
    });
  }
});

test("topK of many rows (split among threads on wasm) with NaNs of either sign and any payload equals the reference", () => {
  const rnd = seeded(31);
  const [rows, n] = [64, 777];
  const bits = new Uint32Array(rows * n);
  const f = new Float32Array(bits.buffer);
  const nans = [0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fc00123];
  for (let i = 0; i < bits.length; i++) {
    const u = rnd();
    if (u < 0.003) bits[i] = nans[Math.floor(rnd() * nans.length)];
    else f[i] = u < 0.01 ? (rnd() < 0.5 ? 0 : -0) : Math.round(rnd() * 2000) / 8 - 125;
  }
  const x = jnp.array(f).reshape([rows, n]);
  for (const k of [1, 5, 32]) agree(`k=${k}`, (a) => lax.topK(a, k) as unknown as NDArray[], [x], 0, 0, true);
});
