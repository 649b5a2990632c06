// Valid edge inputs (0-d arrays, size-0 arrays, empty trees) must work and give
// JAX's answer: shape, dtype and values.
import assert from "node:assert/strict";
import { NDArray } from "../../../src/index.ts";

export interface Want {
  shape: number[];
  dtype?: string;
  /** Nested values as toArray() gives them; NaN compares equal to NaN. */
  value?: unknown;
}

/** One edge case: the call and what JAX returns for it (an array, or any JS value compared deeply). */
export type Edge = [label: string, call: () => unknown, want: Want | { js: unknown }];

function sameValues(got: unknown, want: unknown): boolean {
  if (Array.isArray(got) && Array.isArray(want)) return got.length === want.length && got.every((g, i) => sameValues(g, want[i]));
  if (typeof got === "number" && typeof want === "number")
    return Object.is(got, want) || Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want));
  return got === want;
}

export function checkEdge([label, call, want]: Edge): void {
  const got = call();
  if ("js" in want) {
    assert.deepEqual(got, want.js, label);
    return;
  }
  assert.ok(got instanceof NDArray, `${label}: returns an array`);
  assert.deepEqual(got.shape, want.shape, `${label}: shape`);
  if (want.dtype) assert.equal(got.dtype, want.dtype, `${label}: dtype`);
  if ("value" in want) {
    const v = got.ndim === 0 ? got.item() : got.toArray();
    assert.ok(sameValues(v, want.value), `${label}: value ${JSON.stringify(v)}, JAX gives ${JSON.stringify(want.value)}`);
  }
}
