// jnp.sort along the last axis as typed-array sorts of each row
// (runtime/native_sort.ts): random rows, ties, signed zeros and NaNs kept in
// input order (as JAX's stable order, where they compare equal), ints,
// several rows and lengths, against the js reference, eager and jitted;
// sorts of several operands by the first (argsort, lax.sort of keys and
// values, random.permutation) as one float64 sort of codes and indices:
// ties in input order, signed zeros and NaNs of both signs, int32, uint32
// past 2^31, values of every width; other axes go to the reference kernel.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jnp, lax, random } from "../../../src/index.ts";
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

test("several operands sorted by the first: argsort, key-value sorts and permutations agree with the reference", () => {
  const special = Float32Array.from([
    0,
    Number.NaN,
    -0,
    3,
    -1,
    0,
    -Number.NaN,
    Number.POSITIVE_INFINITY,
    -2,
    -0,
    Number.NEGATIVE_INFINITY,
    3,
    1e-45,
    -1e-45,
  ]);
  const ties = jnp.array(special);
  agree("argsort of signed zeros, NaNs, infinities and ties", (a) => jnp.argsort(a), [ties], 0, 0, true);
  agree("argsort rows", (a) => jnp.argsort(a), [ties.reshape([2, 7])], 0, 0, true);
  for (const n of [1, 2, 7, 1000]) {
    const keysI = randInt([3, n], n, -5, 5); // many ties
    const keysU = randInt([3, n], n + 1, 0, 9)
      .astype("uint32")
      .mul(0x30000001); // past 2^31
    const vals = rand([3, n], n + 2);
    agree(`int32 keys with float values, ${n}`, (k, v) => lax.sort([k, v], { numKeys: 1 }) as never, [keysI, vals], 0, 0, true);
    agree(`uint32 keys with int32 values, ${n}`, (k, v) => lax.sort([k, v], { numKeys: 1 }) as never, [keysU, keysI], 0, 0, true);
    agree(
      `float keys with bool, int8, int16 and float values, ${n}`,
      (k, v) => lax.sort([k, v.gt(0), v.mul(9).astype("int8"), v.mul(999).astype("int16"), v], { numKeys: 1 }) as never,
      [keysI.astype("float32"), vals],
      0,
      0,
      true,
    );
  }
  agree("permutation", (k) => random.permutation(k, 5000), [random.keyData(random.key(3))], 0, 0, true);
});
