// Comparing samples with JAX's: integers and booleans exactly, float32 within
// a number of ulps (the distance between their bit patterns).
import assert from "node:assert/strict";
import type { NDArray } from "../../src/index.ts";

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** Ordinal of a float32 on the number line (so ulp distance is a difference). */
function ordinal(x: number): number {
  f32[0] = x;
  const b = i32[0];
  return b < 0 ? -(b & 0x7fffffff) : b;
}

export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(ordinal(a) - ordinal(b));
}

export interface Golden {
  shape: number[];
  dtype: string;
  data: Array<number | boolean | string>;
}

/** Assert `got` equals a golden; returns the largest ulp distance seen (floats). */
export function assertMatchesGolden(got: NDArray, want: Golden, what: string, maxUlp = 1): number {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  const data = Array.from(got.dataSync() as ArrayLike<number>);
  if (want.dtype === "bool") {
    assert.deepEqual(
      data.map((v) => v !== 0),
      want.data,
      `${what}: values`,
    );
    return 0;
  }
  if (!want.dtype.startsWith("float")) {
    assert.deepEqual(data, want.data, `${what}: values`);
    return 0;
  }
  let worst = 0;
  want.data.forEach((w, i) => {
    const wv = typeof w === "string" ? Number(w.replace("inf", "Infinity")) : (w as number);
    const d = ulpDistance(data[i], wv);
    worst = Math.max(worst, d);
    assert.ok(d <= maxUlp, `${what}: element ${i} is ${data[i]}, JAX gives ${wv} (${d} ulp apart)`);
  });
  return worst;
}
