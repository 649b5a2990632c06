// jnp.sort along the last axis as typed-array sorts of each row
// (runtime/native_sort.ts): random rows, ties, signed zeros and NaNs kept in
// input order (as JAX's stable order, where they compare equal), ints,
// several rows and lengths, against the js reference, eager and jitted;
// argsort and other axes go to the reference kernel and agree as well.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jnp } from "../../../src/index.ts";
import { agree, rand, randInt } from "../../helpers/backends.ts";

test("sort rows of floats and ints", () => {
  for (const shape of [[1], [5], [1000], [3, 17], [4, 2, 9]]) {
    agree(`sort ${shape}`, (a) => jnp.sort(a), [rand(shape, shape.length * 7 + shape[0])], 0, 0, true);
    agree(`sort int32 ${shape}`, (a) => jnp.sort(a), [randInt(shape, shape[0] + 3, -20, 20)], 0, 0, true);
    agree(`sort uint32 ${shape}`, (a) => jnp.sort(a), [randInt(shape, shape[0] + 5, 0, 40).astype("uint32")], 0, 0, true);
    agree(`sort axis 0 and argsort ${shape}`, (a) => [jnp.sort(a, 0), jnp.argsort(a)], [rand(shape, shape[0] + 11)], 0, 0, true);
  }
});

test("signed zeros and NaNs come out in input order, NaNs last", () => {
  const row = Float32Array.from([0, Number.NaN, -0, 3, -1, 0, -0, Number.NaN, -2, 0]);
  const sorted = jnp.sort(jnp.array(row)).dataSync() as Float32Array;
  const show = (v: number) => (Object.is(v, -0) ? "-0" : String(v));
  assert.deepEqual(Array.from(sorted, show), ["-2", "-1", "0", "-0", "0", "-0", "0", "3", "NaN", "NaN"]);
  const rows = jnp.array(Float32Array.from([...row, ...row.slice().reverse()])).reshape([2, 10]);
  agree("zeros and NaNs in rows", (a) => jnp.sort(a), [rows], 0, 0, true);
});
